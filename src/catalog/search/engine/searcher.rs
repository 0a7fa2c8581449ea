//! [`Searcher`]: the incremental, per-keystroke front end of [`SearchIndex`].
//!
//! It remembers the documents the previous query matched (and their pinyin span bounds) and,
//! when the new query only extends the old one, hands just those to the next pass. It never
//! changes results, only how many documents are looked at; matching and ranking are in `run.rs`.

use super::index::SearchIndex;
use super::run::SpanBounds;
use crate::catalog::search::normalize::query_terms;
use crate::catalog::search::{Hit, SearchFilter};

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
