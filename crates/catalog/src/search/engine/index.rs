//! The index layout and its one-pass build.
//!
//! Normalised names live in one flat `Vec<char>` (one char per original char, so match positions
//! are highlight positions), with per-char reading combinations alongside; codes likewise; distinct
//! law names are interned once. Each document also carries its prefilter keys ([`DocKeys`]).
//! This module owns the layout and the accessors into it; it does not match or rank itself
//! ([`SearchIndex::search`] hands over to `run.rs`, which uses `matching.rs`).

use crate::search::learned::Learned;
use crate::search::lexicon::Lexicon;
use crate::search::matcher::MatcherKind;
use crate::search::normalize::{norm_char_in, query_terms, t2s_table};
use crate::search::pinyin_keys::{letter_bit, PinyinTable};
use crate::search::{Hit, MatchField, MatchKind, SearchDoc, SearchFilter};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

static NEXT_INDEX_ID: AtomicU64 = AtomicU64::new(1);

/// Per-document prefilter keys.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct DocKeys {
    pub(super) bloom: u128,
    pub(super) name_ascii: u64,
    pub(super) code_ascii: u64,
    pub(super) initials: u32,
    pub(super) letters: u32,
}

/// Searchable form of a catalog version. Build once, search many times.
pub struct SearchIndex {
    pub(super) id: u64,
    pub(super) matcher: MatcherKind,
    /// Everyday words → catalog words, for the related pass.
    pub(super) lexicon: Arc<Lexicon>,
    /// What officers of this station chose after which words.
    pub(super) learned: Arc<Learned>,
    pub(super) docs: Vec<SearchDoc>,
    pub(super) keys: Vec<DocKeys>,
    name_chars: Vec<char>,
    /// Per name char: its reading combination (readings, or a Latin letter as itself), so the
    /// pinyin scan reads 2 bytes per char sequentially instead of looking chars up in a big
    /// table.
    name_ids: Vec<u16>,
    pub(super) name_starts: Vec<u32>,
    code_chars: Vec<char>,
    code_starts: Vec<u32>,
    pub(super) laws: Vec<Vec<char>>,
    law_ids: Vec<u32>,
    law_starts: Vec<u32>,
}

#[inline]
pub(super) fn bloom_bit(c: char) -> u128 {
    1u128 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 25)
}

/// Bit of an ASCII alphanumeric (a–z → 0–25, 0–9 → 26–35); 0 for anything else.
#[inline]
pub(super) fn ascii_bit(c: char) -> u64 {
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
            lexicon: Lexicon::shipped(),
            learned: Arc::default(),
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

    /// Use another lexicon (the shipped one with a bureau's additions, or none). A new id:
    /// results change, so no [`super::Searcher`] may carry candidates over.
    pub fn with_lexicon(mut self, lexicon: Arc<Lexicon>) -> SearchIndex {
        self.lexicon = lexicon;
        self.id = NEXT_INDEX_ID.fetch_add(1, Ordering::Relaxed);
        self
    }

    /// Use this station's learned choices (a new id, as for [`SearchIndex::with_lexicon`]).
    pub fn with_learned(mut self, learned: Arc<Learned>) -> SearchIndex {
        self.set_learned(learned);
        self
    }

    /// Replace the learned choices in place (after an officer chose an item).
    pub fn set_learned(&mut self, learned: Arc<Learned>) {
        self.learned = learned;
        self.id = NEXT_INDEX_ID.fetch_add(1, Ordering::Relaxed);
    }

    pub fn learned(&self) -> &Arc<Learned> {
        &self.learned
    }

    pub fn lexicon(&self) -> &Arc<Lexicon> {
        &self.lexicon
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
        let mut hits = self.run(&terms, filter, None, limit, &mut matched, &mut Vec::new());
        self.add_related(&terms, filter, limit, &mut hits);
        self.raise_learned(&terms, filter, limit, &mut hits);
        hits
    }

    /// Items officers chose after exactly these words go first, most often chosen first, marked
    /// with the count; one the query does not find at all is added as [`MatchKind::Learned`].
    pub(super) fn raise_learned(
        &self,
        terms: &[Vec<char>],
        filter: &SearchFilter,
        limit: usize,
        hits: &mut Vec<Hit>,
    ) {
        if self.learned.is_empty() || limit == 0 {
            return;
        }
        let words: Vec<String> = terms.iter().map(|t| t.iter().collect()).collect();
        let mut raised = Vec::new();
        for (code, times) in self.learned.chosen(&words.join(" ")) {
            let hit = match hits.iter().position(|h| self.docs[h.doc].code == *code) {
                Some(at) => hits.remove(at),
                None => {
                    let found = self.docs.iter().position(|d| d.code == *code && filter.accepts(d));
                    let Some(doc) = found else { continue };
                    Hit {
                        doc,
                        score: 0,
                        name_positions: Vec::new(),
                        field: MatchField::Name,
                        kind: MatchKind::Learned,
                        via: Vec::new(),
                        learned: 0,
                    }
                }
            };
            raised.push(Hit { learned: *times, ..hit });
        }
        hits.splice(0..0, raised);
        hits.truncate(limit);
    }

    /// Fills what the direct hits leave of `limit` with related ones (`related.rs`).
    pub(super) fn add_related(
        &self,
        terms: &[Vec<char>],
        filter: &SearchFilter,
        limit: usize,
        hits: &mut Vec<Hit>,
    ) {
        if hits.len() < limit {
            let more = self.related(terms, filter, limit - hits.len(), hits);
            hits.extend(more);
        }
    }

    pub(super) fn name(&self, i: usize) -> &[char] {
        &self.name_chars[self.name_starts[i] as usize..self.name_starts[i + 1] as usize]
    }

    pub(super) fn ids(&self, i: usize) -> &[u16] {
        &self.name_ids[self.name_starts[i] as usize..self.name_starts[i + 1] as usize]
    }

    pub(super) fn code(&self, i: usize) -> &[char] {
        &self.code_chars[self.code_starts[i] as usize..self.code_starts[i + 1] as usize]
    }

    pub(super) fn doc_laws(&self, i: usize) -> &[u32] {
        &self.law_ids[self.law_starts[i] as usize..self.law_starts[i + 1] as usize]
    }
}
