//! One search pass: which documents to look at, scoring them (in parallel when there are many),
//! keeping the top `limit`, and turning those into [`Hit`]s with highlight positions.
//!
//! Pruning lives here: while scanning in catalog order, the `limit`-th best score so far is a
//! floor that later documents must beat, and cheap per-document bounds let most of them skip the
//! pinyin scan. How a single term is matched against a single document is `matching.rs`.

use super::index::SearchIndex;
use super::score::{
    offer, TermMatch, BELOW_FLOOR, EXACT_CODE, EXACT_NAME_BONUS, FUZZY, FUZZY_CAP, GAP_STEP, LAW,
    LEN_WEIGHT, LITERAL, MAX_GAPS, PINYIN,
};
use super::term::Term;
use crate::search::{Hit, MatchField, MatchKind, SearchFilter};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

impl SearchIndex {
    /// Match `terms` against `candidates` (all docs when `None`), record every matching doc in
    /// `matched` (catalog order), return the best `limit` as hits with highlight positions.
    pub(super) fn run(
        &self,
        terms: &[Vec<char>],
        filter: &SearchFilter,
        candidates: Option<(&[u32], Option<&[SpanBounds]>)>,
        limit: usize,
        matched: &mut Vec<u32>,
        bounds: &mut Vec<SpanBounds>,
    ) -> Vec<Hit> {
        matched.clear();
        bounds.clear();
        let set = match candidates {
            Some((c, b)) => DocSet::List(c, b),
            None => DocSet::Range(0, self.docs.len() as u32),
        };
        if terms.is_empty() {
            let check_filter = !filter.is_empty();
            set.for_each(|d, _| {
                if !check_filter || filter.accepts(&self.docs[d as usize]) {
                    matched.push(d);
                    bounds.push([0; 2]);
                }
            });
            return matched
                .iter()
                .take(limit)
                .map(|&d| Hit {
                    doc: d as usize,
                    score: 0,
                    name_positions: Vec::new(),
                    field: MatchField::Name,
                    kind: MatchKind::Literal,
                    via: Vec::new(),
                    learned: 0,
                })
                .collect();
        }
        let prepared: Vec<Term> = terms.iter().map(|t| Term::new(t, self)).collect();
        let mut scratch = Vec::new();
        let scored_b = self.score_parallel(set, &prepared, filter, limit);
        matched.extend(scored_b.iter().map(|&(_, d, _)| d));
        bounds.extend(scored_b.iter().map(|&(_, _, b)| b));
        let mut scored: Vec<(i64, u32)> = scored_b.into_iter().map(|(s, d, _)| (s, d)).collect();
        let order = |a: &(i64, u32), b: &(i64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if scored.len() > limit && limit > 0 {
            scored.select_nth_unstable_by(limit - 1, order);
        }
        scored.truncate(limit);
        scored.sort_unstable_by(order);
        scored.iter().filter_map(|&(_, d)| self.hit(d as usize, &prepared, &mut scratch)).collect()
    }

    /// Score every doc of `set`, split over the available cores when there are enough docs to pay
    /// for spawning threads. Results stay in catalog order.
    fn score_parallel(
        &self,
        set: DocSet,
        terms: &[Term],
        filter: &SearchFilter,
        limit: usize,
    ) -> Vec<(i64, u32, SpanBounds)> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS);
        let parts = (set.len() / MIN_DOCS_PER_THREAD).clamp(1, threads);
        if parts == 1 {
            return self.score_set(set, terms, filter, limit);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = set
                .split(parts)
                .into_iter()
                .map(|part| scope.spawn(move || self.score_set(part, terms, filter, limit)))
                .collect();
            let mut all = Vec::new();
            for h in handles {
                // A panic in a worker is a bug in matching; surface it rather than lose hits.
                match h.join() {
                    Ok(part) => all.extend(part),
                    Err(e) => std::panic::resume_unwind(e),
                }
            }
            all
        })
    }

    fn score_set(
        &self,
        set: DocSet,
        terms: &[Term],
        filter: &SearchFilter,
        limit: usize,
    ) -> Vec<(i64, u32, SpanBounds)> {
        let check_filter = !filter.is_empty();
        let mut scored = Vec::new();
        // The `limit` best scores seen so far (docs come in catalog order, so a later doc that
        // only ties the worst of them can never be shown): a doc whose pinyin score cannot beat
        // that floor is not scanned at all, only kept as a candidate.
        let mut top: BinaryHeap<Reverse<i64>> = BinaryHeap::with_capacity(limit.min(1024) + 1);
        let prune = limit > 0;
        set.for_each(|d, mut spans| {
            if check_filter && !filter.accepts(&self.docs[d as usize]) {
                return;
            }
            let floor = match top.peek() {
                Some(&Reverse(worst)) if prune && top.len() == limit => worst,
                _ => i64::MIN,
            };
            if let Some(score) = self.match_doc(d as usize, terms, floor, &mut spans) {
                scored.push((score, d, spans));
                if prune && score > floor {
                    top.push(Reverse(score));
                    if top.len() > limit {
                        top.pop();
                    }
                }
            }
        });
        scored
    }

    /// Score a doc against all terms: every term must match, scores add up. A total at or below
    /// `floor` may be reported as anything at or below it (see [`BELOW_FLOOR`]).
    fn match_doc(
        &self,
        d: usize,
        terms: &[Term],
        floor: i64,
        spans: &mut SpanBounds,
    ) -> Option<i64> {
        // Span bounds only describe a single term; several terms each start from nothing.
        let single = terms.len() == 1;
        // With several terms, each only has to beat the floor minus what the terms before it
        // scored and what the terms after it could score at most (cheap per-doc bounds, which
        // also reject docs some term cannot match at all).
        let mut rest_bound: i64 = 0;
        if floor != i64::MIN && terms.len() > 1 {
            for t in terms {
                rest_bound = rest_bound.saturating_add(self.term_bound(d, t)?);
            }
        }
        let mut total: i64 = 0;
        for t in terms {
            let term_floor = if floor == i64::MIN {
                i64::MIN
            } else {
                if terms.len() > 1 {
                    rest_bound = rest_bound.saturating_sub(self.term_bound(d, t).unwrap_or(0));
                }
                floor.saturating_sub(total).saturating_sub(rest_bound)
            };
            let mut fresh = [0; 2];
            let term_spans = if single { &mut *spans } else { &mut fresh };
            let m = self.match_term(d, t, term_floor, term_spans)?;
            if m.score == BELOW_FLOOR {
                // The whole doc is below the floor: stop here, unverified.
                return Some(BELOW_FLOOR);
            }
            total += m.score;
        }
        Some(total)
    }

    /// Upper bound of [`SearchIndex::match_term`]'s score from the prefilter keys alone; `None`
    /// when the term cannot match the doc at all.
    fn term_bound(&self, d: usize, t: &Term) -> Option<i64> {
        let k = &self.keys[d];
        let len_penalty = (self.name_starts[d + 1] - self.name_starts[d]) as i64 * LEN_WEIGHT;
        if t.code_like && (t.ascii & !k.code_ascii) == 0 {
            return Some(EXACT_CODE);
        }
        if (t.bloom & !k.bloom) == 0 && (t.ascii & !k.name_ascii) == 0 {
            return Some(LITERAL + EXACT_NAME_BONUS);
        }
        if self.doc_laws(d).iter().any(|&l| t.law_scores[l as usize].is_some()) {
            return Some(LAW);
        }
        if t.pinyin_possible(k) {
            return Some(PINYIN - (t.min_span as i64 - 1).min(MAX_GAPS) * GAP_STEP - len_penalty);
        }
        (t.has_ascii && (t.ascii & !(k.name_ascii | k.code_ascii)) == 0)
            .then_some(FUZZY + FUZZY_CAP)
    }

    /// The full hit, with highlight positions (only computed for the hits returned).
    fn hit(&self, d: usize, terms: &[Term], scratch: &mut Vec<u64>) -> Option<Hit> {
        let mut total = 0;
        let mut best: Option<TermMatch> = None;
        let mut positions = Vec::new();
        for t in terms {
            let mut m = self.match_term(d, t, i64::MIN, &mut [0; 2])?;
            if let Some(initials_only) = self.positions(d, t, m.how, scratch, &mut positions) {
                if initials_only {
                    m.kind = MatchKind::Initials;
                }
            }
            total += m.score;
            offer(&mut best, m);
        }
        let best = best?;
        positions.sort_unstable();
        positions.dedup();
        Some(Hit {
            doc: d,
            score: total,
            name_positions: positions,
            field: best.field,
            kind: best.kind,
            via: Vec::new(),
            learned: 0,
        })
    }
}

/// Below this many docs per thread, spawning costs more than it saves.
pub(super) const MIN_DOCS_PER_THREAD: usize = 8_192;
pub(super) const MAX_THREADS: usize = 4;

/// Lower bounds of a doc's most compact pinyin match span for the current single term, with
/// common readings and with all readings. Extending a term never makes its best span narrower
/// (cut the extended match back and it matches the shorter term), so bounds learnt on one
/// keystroke stay valid for the next and tighten the top-k cut-off there. 0 = nothing known.
pub(super) type SpanBounds = [u8; 2];

/// The documents one search pass looks at: all of them, or the previous query's candidates with
/// their span bounds.
#[derive(Debug, Clone, Copy)]
enum DocSet<'a> {
    Range(u32, u32),
    List(&'a [u32], Option<&'a [SpanBounds]>),
}

impl<'a> DocSet<'a> {
    fn len(&self) -> usize {
        match self {
            DocSet::Range(a, b) => (b - a) as usize,
            DocSet::List(l, _) => l.len(),
        }
    }

    fn for_each(self, mut f: impl FnMut(u32, SpanBounds)) {
        match self {
            DocSet::Range(a, b) => (a..b).for_each(|d| f(d, [0; 2])),
            DocSet::List(l, None) => l.iter().for_each(|&d| f(d, [0; 2])),
            DocSet::List(l, Some(b)) => l
                .iter()
                .zip(b.iter().chain(std::iter::repeat(&[0; 2])))
                .for_each(|(&d, &b)| f(d, b)),
        }
    }

    /// `parts` consecutive pieces covering the set in order.
    fn split(self, parts: usize) -> Vec<DocSet<'a>> {
        let n = self.len();
        let step = n.div_ceil(parts.max(1)).max(1);
        (0..n)
            .step_by(step)
            .map(|lo| {
                let hi = (lo + step).min(n);
                match self {
                    DocSet::Range(a, _) => DocSet::Range(a + lo as u32, a + hi as u32),
                    DocSet::List(l, b) => {
                        DocSet::List(&l[lo..hi], b.and_then(|b| b.get(lo..hi.min(b.len()))))
                    }
                }
            })
            .collect()
    }
}
