//! The related pass: items that share the query's *informative* words without matching it whole,
//! directly or through the everyday-words lexicon (遛狗不牵绳 → 未按规定对犬只实行拴养).
//!
//! The query is cut into concepts: each everyday word of the lexicon found in it (the longest
//! ones; its catalog words and the word itself are its units), and each pair of adjacent
//! ideographs outside those words (its own text is its unit). An item earns, per concept, the
//! rarity (BM25's IDF over the catalog, after the filter) of the best unit its name contains
//! (and a share of the others it contains), so
//! 犬只 or 拴养 decide and 规定 hardly counts; short names are preferred a little (BM25's length
//! normalisation with tf = 1).
//!
//! Related hits come after every direct hit (their scores stay below the lowest direct tier) and
//! only fill what the direct matches leave of `limit`. The pass is a pure function of (index,
//! query, filter, limit): it is not monotone under query extension, so [`super::Searcher`] runs
//! it in full after its incremental direct pass, which keeps incremental results identical to
//! full ones.

use super::index::{bloom_bit, SearchIndex};
use super::run::{MAX_THREADS, MIN_DOCS_PER_THREAD};
use crate::search::lexicon::Lexicon;
use crate::search::{Hit, MatchField, MatchKind, Rewrite, SearchFilter};

/// Related scores stay below every direct tier (the fuzzy tier starts at 1 000 000).
const RELATED_MAX: i64 = 900_000;
/// Units one query may look for (a bit each in a `u64`).
const MAX_UNITS: usize = 64;
/// BM25 constants (tf is always 1 here, so `K1` only shapes the length normalisation).
const K1: f64 = 1.2;
const B: f64 = 0.5;
/// Share of the IDF of a concept's further units found in the same name that also counts.
const MORE_UNITS: f64 = 0.3;

/// One thing the query asks about.
struct Concept {
    /// Indices into [`Prepared::units`]; any one of them present is the concept found.
    units: Vec<usize>,
    /// The everyday word it came from (lexicon concepts only).
    everyday: Option<Vec<char>>,
}

/// The query cut into concepts, and the distinct strings looked for in names.
#[derive(Default)]
struct Prepared {
    units: Vec<Vec<char>>,
    /// Bloom bits of all chars of each unit: a doc whose name bloom lacks one cannot hold it.
    unit_blooms: Vec<u128>,
    concepts: Vec<Concept>,
    /// Bloom bits of the units' first chars: a name char without one cannot start a unit.
    first_bloom: u128,
    /// Per first char: the units starting with it.
    by_first: Vec<(char, u64)>,
}

impl Prepared {
    fn new(lexicon: &Lexicon, terms: &[Vec<char>]) -> Prepared {
        let mut p = Prepared::default();
        for term in terms {
            let words = everyday_words(lexicon, term);
            for &(i, j) in &words {
                let key = &term[i..j];
                let mut units = Vec::new();
                p.unit(key, &mut units);
                for t in lexicon.targets(key).unwrap_or_default() {
                    p.unit(t, &mut units);
                }
                if !units.is_empty() {
                    p.concepts.push(Concept { units, everyday: Some(key.to_vec()) });
                }
            }
            for i in 0..term.len().saturating_sub(1) {
                let pair = &term[i..i + 2];
                let inside = words.iter().any(|&(a, b)| a <= i && i + 2 <= b);
                if inside || pair.iter().any(char::is_ascii) {
                    continue;
                }
                let mut units = Vec::new();
                p.unit(pair, &mut units);
                if !units.is_empty() {
                    p.concepts.push(Concept { units, everyday: None });
                }
            }
        }
        p
    }

    /// Adds `text` as a unit (once) and its index to `to`; no-op past [`MAX_UNITS`].
    fn unit(&mut self, text: &[char], to: &mut Vec<usize>) {
        let Some(&first) = text.first() else { return };
        let at = match self.units.iter().position(|u| u == text) {
            Some(at) => at,
            None if self.units.len() < MAX_UNITS => {
                self.units.push(text.to_vec());
                self.unit_blooms.push(text.iter().fold(0, |b, &c| b | bloom_bit(c)));
                let bit = 1u64 << (self.units.len() - 1);
                self.first_bloom |= bloom_bit(first);
                match self.by_first.iter_mut().find(|(c, _)| *c == first) {
                    Some((_, mask)) => *mask |= bit,
                    None => self.by_first.push((first, bit)),
                }
                self.units.len() - 1
            }
            None => return,
        };
        if !to.contains(&at) {
            to.push(at);
        }
    }

    /// The units a name with this bloom may hold (bit per unit); most docs hold none.
    fn possible(&self, bloom: u128) -> u64 {
        let mut possible = 0u64;
        for (u, &b) in self.unit_blooms.iter().enumerate() {
            if b & !bloom == 0 {
                possible |= 1 << u;
            }
        }
        possible
    }

    /// Which of the `possible` units occur in `name` (bit per unit).
    fn mask_of(&self, name: &[char], possible: u64) -> u64 {
        let mut mask = 0u64;
        for (i, &c) in name.iter().enumerate() {
            if bloom_bit(c) & self.first_bloom == 0 {
                continue;
            }
            let Some(&(_, starting)) = self.by_first.iter().find(|(f, _)| *f == c) else {
                continue;
            };
            let mut todo = starting & possible & !mask;
            while todo != 0 {
                let u = todo.trailing_zeros() as usize;
                todo &= todo - 1;
                if name[i..].starts_with(&self.units[u]) {
                    mask |= 1 << u;
                }
            }
        }
        mask
    }
}

/// Spans of the everyday words in `term`, leaving out those inside a longer one found.
fn everyday_words(lexicon: &Lexicon, term: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    if lexicon.is_empty() {
        return found;
    }
    for i in 0..term.len() {
        for j in i + 1..=term.len().min(i + lexicon.longest()) {
            if lexicon.targets(&term[i..j]).is_some() {
                found.push((i, j));
            }
        }
    }
    let inside =
        |&(a, b): &(usize, usize)| found.iter().any(|&(c, d)| (c, d) != (a, b) && c <= a && b <= d);
    found.iter().copied().filter(|s| !inside(s)).collect()
}

/// What the scan learnt: docs with any unit (and which), docs scanned, their total name length.
#[derive(Default)]
struct Scan {
    found: Vec<(u32, u64)>,
    docs: usize,
    chars: usize,
}

impl SearchIndex {
    /// Up to `limit` related hits for `terms`, none of the docs in `direct`, best first.
    pub(super) fn related(
        &self,
        terms: &[Vec<char>],
        filter: &SearchFilter,
        limit: usize,
        direct: &[Hit],
    ) -> Vec<Hit> {
        if limit == 0 || terms.is_empty() {
            return Vec::new();
        }
        let p = Prepared::new(&self.lexicon, terms);
        if p.concepts.is_empty() {
            return Vec::new();
        }
        let scan = self.scan_units(&p, filter);
        if scan.found.is_empty() {
            return Vec::new();
        }
        let idf = unit_idf(&p, &scan);
        let avg = scan.chars as f64 / scan.docs.max(1) as f64;
        let mut shown: Vec<usize> = direct.iter().map(|h| h.doc).collect();
        shown.sort_unstable();
        let mut scored: Vec<(f64, u32, u64)> = scan
            .found
            .iter()
            .filter(|(d, _)| shown.binary_search(&(*d as usize)).is_err())
            .filter_map(|&(d, mask)| {
                let len = self.name(d as usize).len() as f64;
                let norm = (K1 + 1.0) / (K1 * (1.0 - B + B * len / avg.max(1.0)) + 1.0);
                let sum: f64 = p.concepts.iter().map(|c| concept_score(c, mask, &idf)).sum();
                (sum > 0.0).then_some((sum * norm, d, mask))
            })
            .collect();
        let order =
            |a: &(f64, u32, u64), b: &(f64, u32, u64)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(order);
        scored
            .into_iter()
            .map(|(s, d, mask)| self.related_hit(&p, d as usize, s, mask, &idf))
            .collect()
    }

    /// Every doc passing the filter, scanned for the units (over several cores when large).
    fn scan_units(&self, p: &Prepared, filter: &SearchFilter) -> Scan {
        let n = self.docs.len();
        let threads = std::thread::available_parallelism().map_or(1, |t| t.get()).min(MAX_THREADS);
        let parts = (n / MIN_DOCS_PER_THREAD).clamp(1, threads);
        if parts == 1 {
            return self.scan_range(p, filter, 0, n);
        }
        let step = n.div_ceil(parts);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..n)
                .step_by(step)
                .map(|lo| scope.spawn(move || self.scan_range(p, filter, lo, (lo + step).min(n))))
                .collect();
            let mut all = Scan::default();
            for h in handles {
                match h.join() {
                    Ok(part) => {
                        all.found.extend(part.found);
                        all.docs += part.docs;
                        all.chars += part.chars;
                    }
                    Err(e) => std::panic::resume_unwind(e),
                }
            }
            all
        })
    }

    fn scan_range(&self, p: &Prepared, filter: &SearchFilter, lo: usize, hi: usize) -> Scan {
        let check_filter = !filter.is_empty();
        let mut scan = Scan::default();
        for d in lo..hi {
            if check_filter && !filter.accepts(&self.docs[d]) {
                continue;
            }
            scan.docs += 1;
            scan.chars += (self.name_starts[d + 1] - self.name_starts[d]) as usize;
            let possible = p.possible(self.keys[d].bloom);
            if possible == 0 {
                continue;
            }
            let mask = p.mask_of(self.name(d), possible);
            if mask != 0 {
                scan.found.push((d as u32, mask));
            }
        }
        scan
    }

    fn related_hit(&self, p: &Prepared, d: usize, score: f64, mask: u64, idf: &[f64]) -> Hit {
        let name = self.name(d);
        let mut positions = Vec::new();
        let mut via = Vec::new();
        for c in &p.concepts {
            let (Some(u), _) = best_unit(c, mask, idf) else { continue };
            let unit = &p.units[u];
            if let Some(at) = super::matching::find(name, unit) {
                positions.extend(at..at + unit.len());
            }
            if let Some(everyday) = c.everyday.as_ref().filter(|e| *e != unit) {
                let rewrite =
                    Rewrite { everyday: everyday.iter().collect(), catalog: unit.iter().collect() };
                if !via.contains(&rewrite) {
                    via.push(rewrite);
                }
            }
        }
        positions.sort_unstable();
        positions.dedup();
        let kind = if via.is_empty() { MatchKind::Partial } else { MatchKind::Everyday };
        Hit {
            doc: d,
            score: ((score * 10_000.0) as i64).clamp(1, RELATED_MAX),
            name_positions: positions,
            field: MatchField::Name,
            kind,
            via,
            learned: 0,
        }
    }
}

/// BM25 IDF of each unit over the docs scanned.
fn unit_idf(p: &Prepared, scan: &Scan) -> Vec<f64> {
    let mut df = vec![0usize; p.units.len()];
    for &(_, mask) in &scan.found {
        let mut m = mask;
        while m != 0 {
            df[m.trailing_zeros() as usize] += 1;
            m &= m - 1;
        }
    }
    let n = scan.docs as f64;
    df.iter().map(|&f| (1.0 + (n - f as f64 + 0.5) / (f as f64 + 0.5)).ln()).collect()
}

/// What a concept earns in a doc: the IDF of its rarest unit present, plus [`MORE_UNITS`] of
/// the others present (设摊 and 兜售 both say 摆摊), never more than twice the best.
fn concept_score(c: &Concept, mask: u64, idf: &[f64]) -> f64 {
    let (_, best) = best_unit(c, mask, idf);
    let all: f64 = c.units.iter().filter(|&&u| mask & (1 << u) != 0).map(|&u| idf[u]).sum();
    best + ((all - best) * MORE_UNITS).min(best)
}

/// The concept's rarest unit present in the doc, and its IDF (0 when none is).
fn best_unit(c: &Concept, mask: u64, idf: &[f64]) -> (Option<usize>, f64) {
    c.units
        .iter()
        .filter(|&&u| mask & (1 << u) != 0)
        .map(|&u| (Some(u), idf[u]))
        .fold((None, 0.0), |best, next| if next.1 > best.1 { next } else { best })
}
