//! [`Searcher`]: the incremental, per-keystroke front end of [`SearchIndex`].
//!
//! It remembers the documents the previous query matched (and their pinyin span bounds) and,
//! when the new query only extends the old one, hands just those to the next pass. It never
//! changes results, only how many documents are looked at; matching and ranking are in `run.rs`.

use super::index::SearchIndex;
use super::run::SpanBounds;
use crate::search::normalize::query_terms;
use crate::search::{Hit, SearchFilter};

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
    /// Recent queries with their results, newest last: Backspace back to one of them costs a
    /// lookup instead of a full search (erasing never narrows, so it cannot be incremental).
    history: Vec<Saved>,
}

/// One earlier search, enough to answer it again and to go on incrementally from it.
struct Saved {
    index_id: u64,
    terms: Vec<Vec<char>>,
    filter: SearchFilter,
    limit: usize,
    matched: Vec<u32>,
    bounds: Vec<SpanBounds>,
    hits: Vec<Hit>,
}

/// Searches remembered for Backspace: a query typed one character at a time rarely has more.
const HISTORY: usize = 24;

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
        self.history.clear();
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
        if let Some(hits) = self.recall(index, &terms, filter, limit) {
            return hits;
        }
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
        let mut hits = index.run(&terms, filter, candidates, limit, &mut matched, &mut bounds);
        // Related hits are not monotone under extension: always computed in full, after.
        index.add_related(&terms, filter, limit, &mut hits);
        index.raise_learned(&terms, filter, limit, &mut hits);
        self.matched = matched;
        self.bounds = bounds;
        self.index_id = index.id;
        self.terms = terms;
        if self.filter != *filter {
            self.filter = filter.clone();
        }
        self.valid = true;
        self.remember(limit, &hits);
        hits
    }

    /// The answer to an earlier search of exactly this, made current again (later ones are
    /// dropped: the user is going back).
    fn recall(
        &mut self,
        index: &SearchIndex,
        terms: &[Vec<char>],
        filter: &SearchFilter,
        limit: usize,
    ) -> Option<Vec<Hit>> {
        let same = |s: &Saved| {
            s.index_id == index.id && s.terms == terms && s.filter == *filter && s.limit == limit
        };
        let at = self.history.iter().rposition(same)?;
        self.history.truncate(at + 1);
        let saved = self.history.last()?;
        self.matched.clone_from(&saved.matched);
        self.bounds.clone_from(&saved.bounds);
        self.terms.clone_from(&saved.terms);
        self.index_id = saved.index_id;
        self.filter.clone_from(&saved.filter);
        self.valid = true;
        Some(saved.hits.clone())
    }

    fn remember(&mut self, limit: usize, hits: &[Hit]) {
        if self.history.len() == HISTORY {
            self.history.remove(0);
        }
        self.history.push(Saved {
            index_id: self.index_id,
            terms: self.terms.clone(),
            filter: self.filter.clone(),
            limit,
            matched: self.matched.clone(),
            bounds: self.bounds.clone(),
            hits: hits.to_vec(),
        });
    }
}

/// Whether every doc matching `new` also matches `old`.
fn extends(old: &[Vec<char>], new: &[Vec<char>]) -> bool {
    new.len() >= old.len() && old.iter().zip(new).all(|(o, n)| n.starts_with(o))
}
