//! Matching one prepared term against one document, strongest and cheapest kind first: exact /
//! prefix code, contiguous literal, literal chunks, law names, pinyin, code substring, fuzzy.
//!
//! Each kind returns a [`TermMatch`] scored in its tier, and enough of *how* it matched to
//! recompute highlight positions later, only for the hits shown. The pinyin automaton itself is
//! in `pinyin_scan.rs`; choosing which documents to match and keeping the best is `run.rs`.

use super::index::{DocKeys, SearchIndex};
use super::pinyin_scan::Readings;
use super::run::SpanBounds;
use super::score::{
    max_span_above, offer, How, TermMatch, BELOW_FLOOR, CHUNKED, CHUNKED_FLOOR, CHUNK_STEP,
    CODE_PREFIX, CODE_SUBSTRING, EXACT_CODE, EXACT_NAME_BONUS, FUZZY, FUZZY_CAP, GAP_STEP,
    LEN_WEIGHT, LITERAL, MAX_GAPS, MAX_ODD_RUNS, ODD_RUN, PINYIN, RARE_READING, START_WEIGHT,
};
use super::term::Term;
use crate::search::matcher::fuzzy_match;
use crate::search::{MatchField, MatchKind};
use std::cell::RefCell;

thread_local! {
    /// Scratch for [`Term::odd_runs`]: automaton history and used positions.
    static RUN_SCRATCH: RefCell<(Vec<u64>, Vec<usize>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

impl SearchIndex {
    /// Best match of one term in one doc; when that cannot score above `floor`, any score at or below it
    /// may be returned instead (the caller only needs to know it matches).
    pub(super) fn match_term(
        &self,
        d: usize,
        t: &Term,
        floor: i64,
        spans: &mut SpanBounds,
    ) -> Option<TermMatch> {
        let k = &self.keys[d];
        let name = self.name(d);
        let code = self.code(d);
        let q = &t.chars;
        let len_penalty = name.len() as i64 * LEN_WEIGHT;

        // Exact code beats everything: a pasted code means that item.
        if t.code_like && code == q.as_slice() {
            return Some(TermMatch::new(EXACT_CODE, MatchField::Code, MatchKind::Literal));
        }
        let mut best: Option<TermMatch> = None;
        let literal_possible = (t.bloom & !k.bloom) == 0 && (t.ascii & !k.name_ascii) == 0;
        if literal_possible {
            if let Some(start) = find(name, q) {
                let mut s = LITERAL - start as i64 * START_WEIGHT - len_penalty;
                if start == 0 && name.len() == q.len() {
                    s += EXACT_NAME_BONUS;
                }
                return Some(TermMatch {
                    how: How::Literal(start as u32),
                    ..TermMatch::new(s, MatchField::Name, MatchKind::Literal)
                });
            }
        }
        if t.code_like && code.starts_with(q) {
            let s = CODE_PREFIX - (code.len() - q.len()) as i64;
            offer(&mut best, TermMatch::new(s, MatchField::Code, MatchKind::Literal));
        }
        if literal_possible && t.chunkable {
            if let Some((chunks, first)) = chunks(name, q, None) {
                let s = (CHUNKED - (chunks as i64 - 1) * CHUNK_STEP).max(CHUNKED_FLOOR)
                    - first as i64 * START_WEIGHT
                    - len_penalty;
                offer(
                    &mut best,
                    TermMatch {
                        how: How::Chunked,
                        ..TermMatch::new(s, MatchField::Name, MatchKind::Literal)
                    },
                );
            }
        }
        if let Some(s) = self.doc_laws(d).iter().filter_map(|&l| t.law_scores[l as usize]).max() {
            offer(&mut best, TermMatch::new(s, MatchField::Law, MatchKind::Literal));
        }
        if best.is_some_and(|b| b.score >= PINYIN) {
            return best;
        }
        if t.pinyin_possible(k) {
            match self.pinyin(d, t, floor, len_penalty, spans) {
                Pinyin::Found(m) => offer(&mut best, m),
                // Cannot be shown whatever it matches: report it unverified (it stays a
                // candidate for the next keystroke, which checks it again).
                Pinyin::BelowFloor => {
                    return best.or(Some(TermMatch::new(
                        BELOW_FLOOR,
                        MatchField::Name,
                        MatchKind::Pinyin,
                    )))
                }
                Pinyin::NoMatch => {}
            }
        }
        if best.is_some() {
            return best;
        }
        if t.code_like && (t.ascii & !k.code_ascii) == 0 && find(code, q).is_some() {
            return Some(TermMatch::new(CODE_SUBSTRING, MatchField::Code, MatchKind::Literal));
        }
        self.fuzzy(t, k, name, code, floor)
    }

    /// The pinyin score of a doc: the better of its best common-reading match and its best
    /// any-reading match minus [`RARE_READING`] (so 景 read ying, or 游 read liu, does not
    /// outrank the reading everyone types). Each scan only looks for matches compact enough to
    /// beat `floor` and what was already found; when that leaves nothing, the doc is
    /// [`Pinyin::BelowFloor`] rather than a proven non-match.
    fn pinyin(
        &self,
        d: usize,
        t: &Term,
        floor: i64,
        len_penalty: i64,
        spans: &mut SpanBounds,
    ) -> Pinyin {
        let base = PINYIN - len_penalty;
        let mut found: Option<TermMatch> = None;
        let mut pruned = false;
        let modes = [(Readings::Primary, 0), (Readings::All, RARE_READING)];
        for (mode, (readings, penalty)) in modes.into_iter().enumerate() {
            let beat = found.map_or(floor, |f| f.score.max(floor));
            let budget = base - penalty;
            let least_span = t.min_span.max(usize::from(spans[mode]));
            let best_possible = budget - (least_span as i64 - 1).min(MAX_GAPS) * GAP_STEP;
            if best_possible <= beat {
                pruned |= found.is_none();
                continue;
            }
            let max_span = max_span_above(budget, beat);
            let scanned = t.scan(self.name(d), self.ids(d), readings, max_span);
            // What the scan proved about the most compact span, for the next keystroke.
            let learnt = match scanned {
                Some(p) => p.span,
                None if max_span == usize::MAX => usize::from(u8::MAX),
                None => max_span.saturating_add(1),
            };
            spans[mode] = spans[mode].max(learnt.min(usize::from(u8::MAX)) as u8);
            match scanned {
                Some(p) => {
                    // Same term for every doc, so the span (chars from first to last used)
                    // compares compactness directly: 占用 (2) beats z-h-a-n-y-o-n-g over 8 chars.
                    // Then odd runs of used chars cost like one more char of span each (see
                    // [`ODD_RUN`]): 占用城市道路 (6, runs 2+2) beats 种在有钉螺 (5, runs 1+3).
                    // Only ever lowers the span score, so every span-based bound above (and
                    // in `run.rs`) stays an upper bound; and it depends only on the match the
                    // scan settles on, which does not depend on `max_span`, so pruned and
                    // incremental passes score a doc the same.
                    let mut s = budget
                        - (p.span as i64 - 1).min(MAX_GAPS) * GAP_STEP
                        - p.first as i64 * START_WEIGHT;
                    // (A span of 1 is one run of one char for a one-piece term: no penalty.)
                    if s > beat && p.span > 1 {
                        let odd = RUN_SCRATCH.with_borrow_mut(|(hist, pos)| {
                            t.odd_runs(self.name(d), self.ids(d), p.end, readings, hist, pos)
                        });
                        // A term of an odd number of pieces cannot avoid one odd run.
                        let odd = odd.saturating_sub(t.min_span % 2) as i64;
                        s -= odd.min(MAX_ODD_RUNS) * ODD_RUN;
                    }
                    if found.is_none_or(|f| s > f.score) {
                        // Pinyin vs Initials is settled by the path walk, done for shown hits.
                        found = Some(TermMatch {
                            how: How::Pinyin(p.end as u32, readings),
                            ..TermMatch::new(s, MatchField::Name, MatchKind::Pinyin)
                        });
                    }
                }
                None => pruned |= found.is_none() && max_span != usize::MAX,
            }
        }
        match found {
            Some(m) => Pinyin::Found(m),
            None if pruned => Pinyin::BelowFloor,
            None => Pinyin::NoMatch,
        }
    }

    /// Last resort for terms with ASCII in them: the general fuzzy matcher on name, then code.
    fn fuzzy(
        &self,
        t: &Term,
        k: &DocKeys,
        name: &[char],
        code: &[char],
        floor: i64,
    ) -> Option<TermMatch> {
        if !t.has_ascii || (t.ascii & !(k.name_ascii | k.code_ascii)) != 0 {
            return None;
        }
        if FUZZY + FUZZY_CAP <= floor {
            // Could not be shown: keep it as an unverified candidate, skip the matcher.
            return Some(TermMatch::new(BELOW_FLOOR, MatchField::Code, MatchKind::Fuzzy));
        }
        let scaled = |s: i64| FUZZY + s.clamp(0, FUZZY_CAP);
        if (t.bloom & !k.bloom) == 0 {
            if let Some(s) = fuzzy_match(self.matcher, name, &t.chars, None) {
                return Some(TermMatch {
                    how: How::Fuzzy,
                    ..TermMatch::new(scaled(s), MatchField::Name, MatchKind::Fuzzy)
                });
            }
        }
        let s = fuzzy_match(self.matcher, code, &t.chars, None)?;
        Some(TermMatch::new(scaled(s) - 1, MatchField::Code, MatchKind::Fuzzy))
    }

    /// Append the name positions of a term's match; for pinyin matches, also say whether only
    /// initials were used.
    pub(super) fn positions(
        &self,
        d: usize,
        t: &Term,
        how: How,
        scratch: &mut Vec<u64>,
        out: &mut Vec<usize>,
    ) -> Option<bool> {
        let name = self.name(d);
        match how {
            How::None => {}
            How::Literal(start) => out.extend(start as usize..start as usize + t.chars.len()),
            How::Chunked => {
                chunks(name, &t.chars, Some(out));
            }
            How::Pinyin(end, readings) => {
                let end = end as usize;
                if end < name.len() {
                    let ids = self.ids(d);
                    t.history(&name[..=end], ids, scratch, readings);
                    return Some(t.backtrack(name, ids, scratch, end, readings, Some(out)));
                }
            }
            How::Fuzzy => {
                let mut pos = Vec::new();
                if fuzzy_match(self.matcher, name, &t.chars, Some(&mut pos)).is_some() {
                    out.extend(pos.into_iter().filter(|&p| p < name.len()));
                }
            }
        }
        None
    }
}

/// Outcome of [`SearchIndex::pinyin`].
enum Pinyin {
    Found(TermMatch),
    /// Any match would score at or below the floor; not verified.
    BelowFloor,
    NoMatch,
}

/// First occurrence of `needle` in `hay` (char index).
pub(super) fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .find(|&i| hay[i] == first && hay[i + 1..i + 1 + rest.len()] == *rest)
}

/// Cover `q` with chunks each found contiguously in `name`, greedily taking the longest chunk
/// first (which yields the minimum number of chunks). Returns (chunks, first position used).
fn chunks(name: &[char], q: &[char], mut out: Option<&mut Vec<usize>>) -> Option<(usize, usize)> {
    let mut rest = q;
    let mut count = 0;
    let mut first = usize::MAX;
    while !rest.is_empty() {
        let (mut best_len, mut best_at) = (0, 0);
        for (i, &c) in name.iter().enumerate() {
            if c != rest[0] {
                continue;
            }
            let l = name[i..].iter().zip(rest).take_while(|(a, b)| a == b).count();
            if l > best_len {
                best_len = l;
                best_at = i;
                if l == rest.len() {
                    break;
                }
            }
        }
        if best_len == 0 {
            return None;
        }
        if let Some(o) = out.as_deref_mut() {
            o.extend(best_at..best_at + best_len);
        }
        first = first.min(best_at);
        count += 1;
        rest = &rest[best_len..];
    }
    Some((count, first))
}
