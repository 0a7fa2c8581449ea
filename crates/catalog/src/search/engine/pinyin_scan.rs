//! The pinyin automaton: does a term match a name by full pinyin, initials, or a mix of pinyin,
//! initials and literal chars, and how compactly?
//!
//! A state is the set of term offsets reached so far (a `u64`); each name char may consume its
//! literal self or a non-empty prefix of one of its readings, skipping chars in between.
//! [`Term::scan`] finds the most compact complete match in one forward pass; for the hits shown,
//! [`Term::history`] and [`Term::backtrack`] recover which chars were used. Turning a scan into
//! a score is `matching.rs`; the per-term transition tables are built in `term.rs`.

use super::term::Term;
use crate::search::pinyin_keys::PinyinTable;

/// The pinyin automaton keeps query offsets in a u64 (offset `len` included).
pub(super) const MAX_PINYIN_TERM: usize = 63;

/// Which readings of a polyphone the pinyin automaton may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Readings {
    /// The first (most common) reading only.
    Primary,
    /// Every reading.
    All,
}

/// One automaton run of [`Term::scan`].
struct ScanRun {
    state: u64,
    start: [u32; 64],
    best: Option<PinyinScan>,
}

impl ScanRun {
    fn new() -> ScanRun {
        ScanRun { state: 1, start: [0; 64], best: None }
    }

    /// Name char `i` takes the term from offset `j` to each offset in `ends`.
    #[inline]
    fn advance(&mut self, i: usize, j: usize, ends: u64, goal: u64) {
        if ends == 0 {
            return;
        }
        let from = if j == 0 { i as u32 } else { self.start[j] };
        if ends & goal != 0 {
            let span = i.saturating_sub(from as usize) + 1;
            if self.best.is_none_or(|b| span < b.span) {
                self.best = Some(PinyinScan { span, first: from as usize, end: i });
            }
        }
        let mut e = ends & (goal - 1);
        while e != 0 {
            let k = e.trailing_zeros() as usize;
            e &= e - 1;
            self.start[k] = self.start[k].max(from);
        }
        self.state |= ends;
    }
}

/// The most compact complete pinyin match a scan found.
#[derive(Debug, Clone, Copy)]
pub(super) struct PinyinScan {
    /// Name chars from the first to the last used.
    pub(super) span: usize,
    pub(super) first: usize,
    pub(super) end: usize,
}

impl Term {
    /// Term offsets at which name char `c` (syllable ids `ids`) can start a piece.
    #[inline]
    fn start_mask(&self, c: char, ids: u64, readings: Readings) -> u64 {
        let start = |id: u64| self.syl_start.get(id as usize).copied().unwrap_or(0);
        let mut m = start(ids & 0xFFFF);
        if readings == Readings::All {
            m |= start((ids >> 16) & 0xFFFF) | start((ids >> 32) & 0xFFFF);
        }
        if !self.other_pos.is_empty() {
            m |= self.literal_starts(c);
        }
        m
    }

    /// Bit set of end offsets a piece starting at term offset `j` can reach through char `c`
    /// (syllable ids `ids`). The char itself (ideograph, digit) counts as a common reading.
    #[inline]
    fn ends_from(&self, c: char, ids: u64, j: usize, readings: Readings) -> u64 {
        let m = self.chars.len();
        let ends = |id: u64| self.syl_ends.get(id as usize * m + j).copied().unwrap_or(0);
        let mut e = ends(ids & 0xFFFF);
        if readings == Readings::All {
            e |= ends((ids >> 16) & 0xFFFF) | ends((ids >> 32) & 0xFFFF);
        }
        if self.chars.get(j) == Some(&c) {
            e |= 1u64 << (j + 1);
        }
        e
    }

    /// Run the pinyin automaton over the whole name. A state is the set of term offsets consumed
    /// so far (chars may be skipped); alongside, `start[j]` keeps the latest name index at which
    /// a path reaching offset `j` began, so the most compact complete match falls out without a
    /// backward pass. Only matches spanning at most `max_span` chars are looked for.
    pub(super) fn scan(
        &self,
        name: &[char],
        name_ids: &[u16],
        readings: Readings,
        max_span: usize,
    ) -> Option<PinyinScan> {
        let goal = 1u64 << self.chars.len();
        let open = goal - 1;
        let mut run = ScanRun::new();
        let table = PinyinTable::get();
        for (i, (&c, &combo)) in name.iter().zip(name_ids).enumerate() {
            let ids = table.combo_ids(combo);
            let mut starts = run.state & self.start_mask(c, ids, readings) & open;
            if starts == 0 {
                continue;
            }
            // Highest offset first: a transition only writes higher offsets, so no source is
            // read after this char already moved it (a char is used once per path).
            while starts != 0 {
                let j = 63 - starts.leading_zeros() as usize;
                starts &= !(1u64 << j);
                // Paths begun too long ago can only end in matches too wide to matter: drop
                // them (start[j] is the latest start, so all paths to j are that old).
                if j != 0 && i - run.start[j] as usize + 1 > max_span {
                    run.state &= !(1u64 << j);
                    run.start[j] = 0;
                    continue;
                }
                run.advance(i, j, self.ends_from(c, ids, j, readings), goal);
            }
            // A complete match as compact as the term allows cannot be beaten.
            if run.best.is_some_and(|b| b.span <= self.min_span) {
                break;
            }
        }
        run.best
    }

    /// Runs of odd length (maximal stretches of adjacent name chars) among the chars the match
    /// ending at `end` uses, as [`Term::backtrack`] picks them. `hist` and `pos` are scratch.
    pub(super) fn odd_runs(
        &self,
        name: &[char],
        name_ids: &[u16],
        end: usize,
        readings: Readings,
        hist: &mut Vec<u64>,
        pos: &mut Vec<usize>,
    ) -> usize {
        self.history(&name[..=end], name_ids, hist, readings);
        pos.clear();
        self.backtrack(name, name_ids, hist, end, readings, Some(pos));
        let mut odd = 0;
        let mut run = 0;
        for (n, &p) in pos.iter().enumerate() {
            if n > 0 && pos[n - 1] + 1 != p {
                odd += run % 2;
                run = 0;
            }
            run += 1;
        }
        odd + run % 2
    }

    /// Offsets of term chars that name char `c` equals (digits, ideographs).
    #[inline]
    fn literal_starts(&self, c: char) -> u64 {
        self.other_pos.iter().filter(|(o, _)| *o == c).fold(0, |m, (_, bits)| m | bits)
    }

    /// States before each char of `name` (for [`Term::backtrack`]).
    pub(super) fn history(
        &self,
        name: &[char],
        name_ids: &[u16],
        hist: &mut Vec<u64>,
        readings: Readings,
    ) {
        let table = PinyinTable::get();
        let goal = 1u64 << self.chars.len();
        let mut state: u64 = 1;
        hist.clear();
        for (&c, &combo) in name.iter().zip(name_ids) {
            hist.push(state);
            let ids = table.combo_ids(combo);
            let mut starts = state & self.start_mask(c, ids, readings) & (goal - 1);
            while starts != 0 {
                let j = starts.trailing_zeros() as usize;
                starts &= starts - 1;
                state |= self.ends_from(c, ids, j, readings);
            }
        }
    }

    /// Walk back from the accepting char, taking for each piece the latest char and the longest
    /// piece (so full pinyin is preferred over initials), appending the chars used. Needs `hist`
    /// from [`Term::history`]. Returns whether every piece was a single initial.
    pub(super) fn backtrack(
        &self,
        name: &[char],
        name_ids: &[u16],
        hist: &[u64],
        end: usize,
        readings: Readings,
        mut out: Option<&mut Vec<usize>>,
    ) -> bool {
        let table = PinyinTable::get();
        let mut initials_only = true;
        let mut cur = self.chars.len();
        let mut i = end + 1;
        let start_len = out.as_ref().map_or(0, |o| o.len());
        while cur > 0 && i > 0 {
            i -= 1;
            let c = name[i];
            let ids = table.combo_ids(name_ids[i]);
            let mut starts = hist[i] & self.start_mask(c, ids, readings) & ((1u64 << cur) - 1);
            while starts != 0 {
                let j = starts.trailing_zeros() as usize;
                starts &= starts - 1;
                if self.ends_from(c, ids, j, readings) & (1u64 << cur) != 0 {
                    if cur - j > 1 || self.chars[j] == c {
                        initials_only = false;
                    }
                    if let Some(o) = out.as_deref_mut() {
                        o.push(i);
                    }
                    cur = j;
                    break;
                }
            }
        }
        if let Some(o) = out {
            o[start_len..].reverse();
        }
        initials_only
    }
}
