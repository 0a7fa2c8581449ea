//! Catalog search: find enforcement items by Chinese text, full pinyin, pinyin initials, item code
//! or cited law name, ranked so that the best and most compact match comes first.
//!
//! [`SearchIndex::build`] turns [`SearchDoc`]s into flat, prefilter-friendly arrays (one pass, no
//! pinyin crate calls per char); [`SearchIndex::search`] is a pure function of (index, query,
//! filter, limit). [`Searcher`] adds the incremental path the TUI uses per keystroke: when the new
//! query extends the previous one, only the previous candidates are re-checked (every match kind
//! is monotone under query extension, see `engine.rs`); its results are always identical to
//! [`SearchIndex::search`].
//!
//! Ranking tiers, best first: exact code, contiguous literal in the name, code prefix, literal in
//! chunks (any order, fewer chunks better), law name, pinyin / initials (most compact span
//! first, common readings before rare ones), code substring, fuzzy fallback. Literal matches
//! therefore always outrank pinyin ones. Within a tier, matches near the start of short names
//! win; ties keep catalog order. Below all of these, when they leave room under the limit,
//! come *related* hits: items sharing the query's rarest words, directly or through the
//! everyday-words [`Lexicon`] (`engine/related.rs`, docs/SEARCH.md).
//!
//! Only the best `limit` hits are scored exactly: documents that provably cannot beat the
//! current `limit`-th best are skipped (kept as unverified candidates by [`Searcher`]). Large
//! scans are split over the available cores with scoped threads.

mod engine;
pub mod learned;
pub mod lexicon;
mod matcher;
mod normalize;
mod pinyin_keys;

pub use engine::{SearchIndex, Searcher};
pub use learned::{query_words, Learned};
pub use lexicon::{Lexicon, LexiconEntry, LexiconProblem};
pub use matcher::{fuzzy_match, MatcherKind};
pub use normalize::{is_query_char, norm_char, norm_string, query_terms, to_simplified};

use serde::{Deserialize, Serialize};
use std::sync::Arc;
use zhifa_core::domain::catalog::{CatalogItem, PowerType};

/// What search sees of one catalog item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    pub code: String,
    pub name: String,
    /// Law names cited in the basis ([`zhifa_core::domain::catalog::LegalBasis::law_names`]).
    pub laws: Arc<[String]>,
    pub power_type: PowerType,
    /// Domain, department, scope and laws repeat across thousands of items, so loaders share one
    /// copy of each distinct value.
    pub domain: Arc<str>,
    pub department: Arc<str>,
    /// Streets / teams that may exercise the power; empty = everywhere.
    pub scope: Arc<[String]>,
}

impl SearchDoc {
    pub fn from_item(item: &CatalogItem) -> SearchDoc {
        SearchDoc {
            code: item.code.clone(),
            name: item.name.clone(),
            laws: item.basis.law_names().into_iter().map(str::to_owned).collect(),
            power_type: item.power_type,
            domain: item.domain.as_str().into(),
            department: item.department.as_str().into(),
            scope: item.scope.as_slice().into(),
        }
    }
}

/// Restricts results; `None` fields do not restrict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    pub power_type: Option<PowerType>,
    pub domain: Option<String>,
    pub department: Option<String>,
    /// A team / street: the item's scope names it, or the scope is empty (= everywhere).
    pub team: Option<String>,
}

impl SearchFilter {
    pub fn is_empty(&self) -> bool {
        *self == SearchFilter::default()
    }

    pub fn accepts(&self, doc: &SearchDoc) -> bool {
        self.power_type.is_none_or(|p| p == doc.power_type)
            && self.domain.as_deref().is_none_or(|d| d == &*doc.domain)
            && self.department.as_deref().is_none_or(|d| d == &*doc.department)
            && self
                .team
                .as_deref()
                .is_none_or(|t| doc.scope.is_empty() || doc.scope.iter().any(|s| s == t))
    }
}

/// Which field of the document the (best) match was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatchField {
    Name,
    Code,
    Law,
}

/// How the (best) term matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatchKind {
    /// The text itself: contiguous, or in chunks; codes and law names too.
    Literal,
    /// Full pinyin, or pinyin mixed with initials / characters.
    Pinyin,
    /// Only pinyin initials (`zydl`).
    Initials,
    /// The general fuzzy matcher (last resort).
    Fuzzy,
    /// Not the whole query: the item shares its informative words (ranked below every direct
    /// match, see `engine/related.rs`).
    Partial,
    /// Like `Partial`, found at least partly through the everyday-words lexicon
    /// ([`Hit::via`] says which word stood for which).
    Everyday,
    /// Not found by the query's text at all: chosen by officers of this station after these
    /// same words before ([`Hit::learned`] says how often).
    Learned,
}

impl MatchKind {
    /// Found without the whole query matching (below every direct match).
    pub fn is_related(self) -> bool {
        matches!(self, MatchKind::Partial | MatchKind::Everyday | MatchKind::Learned)
    }
}

/// An everyday word of the query that found a catalog word in the item's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rewrite {
    pub everyday: String,
    pub catalog: String,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// Index into the index's documents ([`SearchIndex::doc`]).
    pub doc: usize,
    /// Higher is better.
    pub score: i64,
    /// Char indices into `doc.name` to highlight, strictly increasing.
    pub name_positions: Vec<usize>,
    pub field: MatchField,
    pub kind: MatchKind,
    /// Everyday words of the query that stood for catalog words in this item's name (only for
    /// [`MatchKind::Everyday`]), so the UI can say why it came up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<Rewrite>,
    /// How often officers of this station chose this item after these same words (such items
    /// come first, see [`Learned`]); 0 for the others.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub learned: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Hit {
    /// The everyday words that found this hit, as `狗→犬只、不牵绳→拴养` (empty for others).
    pub fn via_text(&self) -> String {
        let pairs: Vec<String> =
            self.via.iter().map(|r| format!("{}→{}", r.everyday, r.catalog)).collect();
        pairs.join("、")
    }
}

#[cfg(test)]
mod tests;
