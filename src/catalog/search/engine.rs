//! The index and the matching engine.
//!
//! **Layout.** Normalised names live in one flat `Vec<char>` (one char per original char, so match
//! positions are highlight positions); codes likewise; distinct law names are interned once. Each
//! document carries small bit sets used to reject it before looking at its text: a 128-bit bloom
//! of its name chars, ASCII-alphanumeric masks of name and code, and the pinyin initials / letters
//! of its name. Building is one linear pass with table lookups only.
//!
//! **Matching** a term against a document tries, cheapest and strongest first: exact / prefix code,
//! contiguous literal, literal chunks in any order (greedy longest chunk, which also finds the
//! minimum number of chunks), law names, then a pinyin automaton whose state is the set of query
//! offsets reached so far (a `u64`), where each name char may consume its literal self or a
//! non-empty prefix of one of its readings, skipping chars in between; then code substring and the
//! fuzzy matcher. Every step only ever *accepts fewer* documents when the term grows by a char at
//! its end, and extra terms only remove documents, which is what makes [`Searcher`]'s incremental
//! re-check exact.

use super::matcher::{fuzzy_match, MatcherKind};
use super::normalize::{norm_char_in, query_terms, t2s_table};
use super::pinyin_keys::{letter_bit, pack, packed_len, PinyinTable};
use super::{Hit, MatchField, MatchKind, SearchDoc, SearchFilter};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

// Score tiers. Gaps between tiers exceed any within-tier adjustment, so tiers never interleave.
const EXACT_CODE: i64 = 10_000_000;
const LITERAL: i64 = 9_000_000;
const EXACT_NAME_BONUS: i64 = 50_000;
const CODE_PREFIX: i64 = 8_500_000;
const CHUNKED: i64 = 8_000_000;
const CHUNK_STEP: i64 = 300_000;
const CHUNKED_FLOOR: i64 = 6_600_000;
const LAW: i64 = 7_600_000;
const PINYIN: i64 = 6_000_000;
const GAP_STEP: i64 = 20_000;
const MAX_GAPS: i64 = 40;
/// A match that needs a rare reading counts like this many more chars of span.
const RARE_READING: i64 = 5 * GAP_STEP;
const CODE_SUBSTRING: i64 = 4_000_000;
const FUZZY: i64 = 1_000_000;
const FUZZY_CAP: i64 = 500_000;
/// Within a tier: earlier matches and shorter names are a bit better.
const START_WEIGHT: i64 = 20;
const LEN_WEIGHT: i64 = 10;
/// The pinyin automaton keeps query offsets in a u64 (offset `len` included).
const MAX_PINYIN_TERM: usize = 63;
/// Score of a possible match known to rank below everything shown (see
/// `SearchIndex::score_set`); it may not even match.
const BELOW_FLOOR: i64 = i64::MIN / 4;

static NEXT_INDEX_ID: AtomicU64 = AtomicU64::new(1);

/// Per-document prefilter keys.
#[derive(Debug, Clone, Copy, Default)]
struct DocKeys {
    bloom: u128,
    name_ascii: u64,
    code_ascii: u64,
    initials: u32,
    letters: u32,
}

/// Searchable form of a catalog version. Build once, search many times.
pub struct SearchIndex {
    id: u64,
    matcher: MatcherKind,
    docs: Vec<SearchDoc>,
    keys: Vec<DocKeys>,
    name_chars: Vec<char>,
    /// Per name char: its reading combination (readings, or a Latin letter as itself), so the
    /// pinyin scan reads 2 bytes per char sequentially instead of looking chars up in a big
    /// table.
    name_ids: Vec<u16>,
    name_starts: Vec<u32>,
    code_chars: Vec<char>,
    code_starts: Vec<u32>,
    laws: Vec<Vec<char>>,
    law_ids: Vec<u32>,
    law_starts: Vec<u32>,
}

#[inline]
fn bloom_bit(c: char) -> u128 {
    1u128 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 25)
}

/// Bit of an ASCII alphanumeric (a–z → 0–25, 0–9 → 26–35); 0 for anything else.
#[inline]
fn ascii_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 0,
    }
}

impl std::fmt::Debug for SearchIndex {
    /// Sizes only: the arrays hold millions of entries.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.docs.len())
            .field("name_chars", &self.name_chars.len())
            .field("laws", &self.laws.len())
            .field("matcher", &self.matcher)
            .finish()
    }
}

impl SearchIndex {
    /// Build with the default fuzzy matcher.
    pub fn build(docs: Vec<SearchDoc>) -> SearchIndex {
        let t2s = t2s_table();
        let table = PinyinTable::get();
        let total: usize = docs.iter().map(|d| d.name.len() / 3 + 1).sum();
        let mut name_chars = Vec::with_capacity(total);
        let mut name_ids = Vec::with_capacity(total);
        let mut name_starts = Vec::with_capacity(docs.len() + 1);
        let mut code_chars = Vec::with_capacity(docs.len() * 13);
        let mut code_starts = Vec::with_capacity(docs.len() + 1);
        let mut keys = Vec::with_capacity(docs.len());
        let mut laws: Vec<Vec<char>> = Vec::new();
        let mut law_lookup: HashMap<&str, u32> = HashMap::new();
        let mut law_ids = Vec::with_capacity(docs.len() * 2);
        let mut law_starts = Vec::with_capacity(docs.len() + 1);
        name_starts.push(0);
        code_starts.push(0);
        law_starts.push(0);
        for doc in &docs {
            let mut k = DocKeys::default();
            for c in doc.name.chars() {
                let c = norm_char_in(t2s, c);
                name_chars.push(c);
                k.bloom |= bloom_bit(c);
                let a = ascii_bit(c);
                k.name_ascii |= a;
                if a != 0 {
                    k.initials |= letter_bit(c as u8);
                    k.letters |= letter_bit(c as u8);
                    name_ids.push(table.combo_of(c));
                } else {
                    let ck = table.keys(c);
                    k.initials |= ck.initials;
                    k.letters |= ck.letters;
                    name_ids.push(ck.combo);
                }
            }
            for c in doc.code.chars() {
                let c = norm_char_in(t2s, c);
                code_chars.push(c);
                k.code_ascii |= ascii_bit(c);
            }
            for law in doc.laws.iter() {
                let next = laws.len() as u32;
                let id = *law_lookup.entry(law.as_str()).or_insert(next);
                if id == next {
                    laws.push(law.chars().map(|c| norm_char_in(t2s, c)).collect());
                }
                law_ids.push(id);
            }
            keys.push(k);
            name_starts.push(name_chars.len() as u32);
            code_starts.push(code_chars.len() as u32);
            law_starts.push(law_ids.len() as u32);
        }
        drop(law_lookup);
        SearchIndex {
            id: NEXT_INDEX_ID.fetch_add(1, Ordering::Relaxed),
            matcher: MatcherKind::default(),
            docs,
            keys,
            name_chars,
            name_ids,
            name_starts,
            code_chars,
            code_starts,
            laws,
            law_ids,
            law_starts,
        }
    }

    /// Use another fuzzy matcher for the fallback (the benchmark compares them).
    pub fn with_matcher(mut self, matcher: MatcherKind) -> SearchIndex {
        self.matcher = matcher;
        self
    }

    pub fn matcher(&self) -> MatcherKind {
        self.matcher
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Panics if `i >= len()`, like slice indexing; hits only carry valid indices.
    pub fn doc(&self, i: usize) -> &SearchDoc {
        &self.docs[i]
    }

    pub fn docs(&self) -> &[SearchDoc] {
        &self.docs
    }

    /// Best hits for `query`, at most `limit`, best first (ties in catalog order).
    pub fn search(&self, query: &str, filter: &SearchFilter, limit: usize) -> Vec<Hit> {
        let terms = query_terms(query);
        let mut matched = Vec::new();
        self.run(&terms, filter, None, limit, &mut matched, &mut Vec::new())
    }

    fn name(&self, i: usize) -> &[char] {
        &self.name_chars[self.name_starts[i] as usize..self.name_starts[i + 1] as usize]
    }

    fn ids(&self, i: usize) -> &[u16] {
        &self.name_ids[self.name_starts[i] as usize..self.name_starts[i + 1] as usize]
    }

    fn code(&self, i: usize) -> &[char] {
        &self.code_chars[self.code_starts[i] as usize..self.code_starts[i + 1] as usize]
    }

    fn doc_laws(&self, i: usize) -> &[u32] {
        &self.law_ids[self.law_starts[i] as usize..self.law_starts[i + 1] as usize]
    }

    /// Match `terms` against `candidates` (all docs when `None`), record every matching doc in
    /// `matched` (catalog order), return the best `limit` as hits with highlight positions.
    fn run(
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
        })
    }

    /// Best match of one term in one doc; when that cannot score above `floor`, any score at or below it
    /// may be returned instead (the caller only needs to know it matches).
    fn match_term(
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
                    let s = budget
                        - (p.span as i64 - 1).min(MAX_GAPS) * GAP_STEP
                        - p.first as i64 * START_WEIGHT;
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
    fn positions(
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
                    t.history(&name[..=end], scratch, readings);
                    return Some(t.backtrack(name, scratch, end, readings, Some(out)));
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

/// Below this many docs per thread, spawning costs more than it saves.
const MIN_DOCS_PER_THREAD: usize = 8_192;
const MAX_THREADS: usize = 4;

/// Lower bounds of a doc's most compact pinyin match span for the current single term, with
/// common readings and with all readings. Extending a term never makes its best span narrower
/// (cut the extended match back and it matches the shorter term), so bounds learnt on one
/// keystroke stay valid for the next and tighten the top-k cut-off there. 0 = nothing known.
type SpanBounds = [u8; 2];

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

/// Outcome of [`SearchIndex::pinyin`].
enum Pinyin {
    Found(TermMatch),
    /// Any match would score at or below the floor; not verified.
    BelowFloor,
    NoMatch,
}

/// Widest span (in name chars) a pinyin match may have and still score above `beat`, given the
/// score `budget` before span and position penalties; unlimited when the span penalty's cap
/// is reached first.
fn max_span_above(budget: i64, beat: i64) -> usize {
    if beat == i64::MIN {
        return usize::MAX;
    }
    // Need (span - 1) * GAP_STEP < budget - beat.
    let slack = budget.saturating_sub(beat);
    let gaps = (slack - 1).max(0) / GAP_STEP;
    if gaps >= MAX_GAPS {
        usize::MAX
    } else {
        gaps as usize + 1
    }
}

/// Keep the better of two candidate matches.
fn offer(best: &mut Option<TermMatch>, m: TermMatch) {
    if best.is_none_or(|b| m.score > b.score) {
        *best = Some(m);
    }
}

/// Which readings of a polyphone the pinyin automaton may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Readings {
    /// The first (most common) reading only.
    Primary,
    /// Every reading.
    All,
}

/// How a term matched, enough to recompute its highlight positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    None,
    Literal(u32),
    Chunked,
    Pinyin(u32, Readings),
    Fuzzy,
}

#[derive(Debug, Clone, Copy)]
struct TermMatch {
    score: i64,
    field: MatchField,
    kind: MatchKind,
    how: How,
}

impl TermMatch {
    fn new(score: i64, field: MatchField, kind: MatchKind) -> TermMatch {
        TermMatch { score, field, kind, how: How::None }
    }
}

/// First occurrence of `needle` in `hay` (char index).
fn find(hay: &[char], needle: &[char]) -> Option<usize> {
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

/// A query term prepared for matching against every document.
struct Term {
    chars: Vec<char>,
    /// Bloom bits of every char (literal matching needs them all in the name).
    bloom: u128,
    /// Bloom bits of the non-letter chars (pinyin matching needs those literally).
    literal_bloom: u128,
    ascii: u64,
    has_ascii: bool,
    /// Only ASCII alphanumerics: could be (part of) a code.
    code_like: bool,
    /// No ASCII alphanumerics: chunked literal matching applies (single Latin letters scattered
    /// over a name mean nothing).
    chunkable: bool,
    /// Letters of the term (each must occur in some reading or Latin letter of the name).
    letters: u32,
    /// Bit for the first char when it is a letter: the first name char used must start with it.
    first_initial: u32,
    /// Per syllable id: the term offsets a char with that reading can start a piece at.
    syl_start: Vec<u64>,
    /// Per syllable id and term offset `j` (index `id * len + j`): the end offsets a piece of
    /// that reading starting at `j` can reach. Precomputed per query (≈ 420 syllables × term
    /// length) so the scan does one load per transition.
    syl_ends: Vec<u64>,
    /// Offsets of each letter a–z in the term.
    letter_pos: [u64; 26],
    /// Offsets of the other chars (digits, ideographs), matched only literally.
    other_pos: Vec<(char, u64)>,
    pinyin_ok: bool,
    /// Fewest name chars a pinyin match can span (the scan stops when it finds one).
    min_span: usize,
    /// Score of this term against each interned law name, if it occurs in it.
    law_scores: Vec<Option<i64>>,
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
struct PinyinScan {
    /// Name chars from the first to the last used.
    span: usize,
    first: usize,
    end: usize,
}

impl Term {
    fn new(chars: &[char], index: &SearchIndex) -> Term {
        let mut t = Term {
            chars: chars.to_vec(),
            bloom: 0,
            literal_bloom: 0,
            ascii: 0,
            has_ascii: false,
            code_like: true,
            chunkable: true,
            letters: 0,
            first_initial: 0,
            letter_pos: [0; 26],
            syl_start: Vec::new(),
            syl_ends: Vec::new(),
            other_pos: Vec::new(),
            pinyin_ok: false,
            min_span: 1,
            law_scores: Vec::new(),
        };
        for (j, &c) in chars.iter().enumerate() {
            t.bloom |= bloom_bit(c);
            let a = ascii_bit(c);
            t.ascii |= a;
            if a != 0 {
                t.has_ascii = true;
                t.chunkable = false;
            } else {
                t.code_like = false;
            }
            let bit = 1u64.checked_shl(j as u32).unwrap_or(0);
            if c.is_ascii_lowercase() {
                t.letters |= letter_bit(c as u8);
                t.letter_pos[(c as u8 - b'a') as usize] |= bit;
            } else {
                t.literal_bloom |= bloom_bit(c);
                match t.other_pos.iter_mut().find(|(o, _)| *o == c) {
                    Some((_, m)) => *m |= bit,
                    None => t.other_pos.push((c, bit)),
                }
            }
        }
        if let Some(&c0) = chars.first() {
            if c0.is_ascii_lowercase() {
                t.first_initial = letter_bit(c0 as u8);
            }
        }
        let bytes: Vec<u8> =
            chars.iter().map(|&c| if c.is_ascii_lowercase() { c as u8 } else { 0xFF }).collect();
        t.pinyin_ok = t.letters != 0 && chars.len() <= MAX_PINYIN_TERM;
        if t.pinyin_ok {
            let table = PinyinTable::get();
            t.min_span = table.min_pieces(&bytes).max(1);
            t.syl_start = (0..table.syllable_count())
                .map(|id| if id == 0 { 0 } else { t.letter_pos[table.first_letter(id)] })
                .collect();
            let packed: Vec<u64> = (0..bytes.len()).map(|j| pack(&bytes[j..])).collect();
            t.syl_ends = (0..table.syllable_count())
                .flat_map(|id| {
                    let r = table.syllable(id);
                    packed.iter().enumerate().map(move |(j, &q)| {
                        // Common prefix of reading and term from j: the first differing byte.
                        let l = ((r ^ q).trailing_zeros() / 8).min(packed_len(r));
                        // Offsets j+1 ..= j+l.
                        ((1u64 << l) - 1) << (j + 1)
                    })
                })
                .collect();
        }
        t.law_scores = index
            .laws
            .iter()
            .map(|law| {
                find(law, chars).map(|at| {
                    LAW - (law.len() - chars.len()) as i64 * LEN_WEIGHT - at as i64 * START_WEIGHT
                })
            })
            .collect();
        t
    }

    /// Cheap necessary conditions for a pinyin match.
    fn pinyin_possible(&self, k: &DocKeys) -> bool {
        self.pinyin_ok
            && (self.letters & !k.letters) == 0
            && (self.first_initial & !k.initials) == 0
            && (self.literal_bloom & !k.bloom) == 0
    }

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
    fn scan(
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

    /// Offsets of term chars that name char `c` equals (digits, ideographs).
    #[inline]
    fn literal_starts(&self, c: char) -> u64 {
        self.other_pos.iter().filter(|(o, _)| *o == c).fold(0, |m, (_, bits)| m | bits)
    }

    /// States before each char of `name` (for [`Term::backtrack`]).
    fn history(&self, name: &[char], hist: &mut Vec<u64>, readings: Readings) {
        let table = PinyinTable::get();
        let goal = 1u64 << self.chars.len();
        let mut state: u64 = 1;
        hist.clear();
        for &c in name {
            hist.push(state);
            let ids = table.ids_of(c);
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
    fn backtrack(
        &self,
        name: &[char],
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
            let ids = table.ids_of(c);
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

/// Incremental search for per-keystroke use: remembers which documents matched the previous
/// query, and when the new query only extends it (same filter, same index, each previous term a
/// prefix of the new term at its place, possibly more terms), re-checks only those.
#[derive(Default)]
pub struct Searcher {
    index_id: u64,
    terms: Vec<Vec<char>>,
    filter: SearchFilter,
    matched: Vec<u32>,
    /// Span bounds of `matched`, valid while the query is one term being extended.
    bounds: Vec<SpanBounds>,
    valid: bool,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("terms", &self.terms.len())
            .field("candidates", &self.matched.len())
            .field("valid", &self.valid)
            .finish()
    }
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// Forget the previous query (the next search is a full one).
    pub fn reset(&mut self) {
        self.valid = false;
        self.matched.clear();
        self.bounds.clear();
    }

    /// Documents kept as candidates for the next keystroke: every match of the last query, plus
    /// single-term pinyin candidates that could not rank among the shown hits and were therefore
    /// not verified (an upper bound of the match count, exact for literal-only queries).
    pub fn candidate_count(&self) -> usize {
        self.matched.len()
    }

    /// Same result as [`SearchIndex::search`], faster when the query grew.
    pub fn search(
        &mut self,
        index: &SearchIndex,
        query: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Vec<Hit> {
        let terms = query_terms(query);
        let incremental = self.valid
            && self.index_id == index.id
            && self.filter == *filter
            && extends(&self.terms, &terms);
        // Span bounds belong to one term; they carry over only while it is being extended.
        let same_term = terms.len() == 1 && self.terms.len() == 1;
        let previous = std::mem::take(&mut self.matched);
        let previous_bounds = std::mem::take(&mut self.bounds);
        let mut matched = Vec::new();
        let mut bounds = Vec::new();
        let candidates = incremental
            .then_some((previous.as_slice(), same_term.then_some(previous_bounds.as_slice())));
        let hits = index.run(&terms, filter, candidates, limit, &mut matched, &mut bounds);
        self.matched = matched;
        self.bounds = bounds;
        self.index_id = index.id;
        self.terms = terms;
        if self.filter != *filter {
            self.filter = filter.clone();
        }
        self.valid = true;
        hits
    }
}

/// Whether every doc matching `new` also matches `old`.
fn extends(old: &[Vec<char>], new: &[Vec<char>]) -> bool {
    new.len() >= old.len() && old.iter().zip(new).all(|(o, n)| n.starts_with(o))
}
