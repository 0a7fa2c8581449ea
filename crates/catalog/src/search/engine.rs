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
//!
//! **Modules.** `index` (layout, build, accessors), `run` (one search pass: candidates, parallel
//! scoring, top-k pruning, hits), `matching` (one term against one document), `term` (a query
//! term prepared once per search), `pinyin_scan` (the automaton), `score` (tier constants and
//! the match record), `searcher` (the incremental front end), `related` (the pass after the
//! direct one: part of the query, everyday words, rarity-weighted; not incremental).

mod index;
mod matching;
mod pinyin_scan;
mod related;
mod run;
mod score;
mod searcher;
mod term;

pub use index::SearchIndex;
pub use searcher::Searcher;
