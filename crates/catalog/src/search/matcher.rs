//! The one place that talks to a general-purpose fuzzy matcher, so the engine can switch between
//! `fuzzy-matcher` (skim v2) and `nucleo-matcher` and the benchmark can compare them on the same
//! data. It is only the last-resort ranking (ASCII / code-like terms that matched nothing
//! structured): the Chinese-aware matching lives in the engine.
//!
//! Both matchers keep scratch state, which lives in a thread-local so callers see one pure-looking
//! function.

use nucleo_matcher::{Config, Matcher, Utf32Str};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// Which fuzzy matcher backs the fallback.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatcherKind {
    /// `fuzzy-matcher`'s SkimMatcherV2.
    FuzzyMatcher,
    /// `nucleo-matcher` (helix/nucleo); measured faster, so the default.
    #[default]
    Nucleo,
}

impl MatcherKind {
    pub const ALL: [MatcherKind; 2] = [MatcherKind::FuzzyMatcher, MatcherKind::Nucleo];

    pub fn name(self) -> &'static str {
        match self {
            MatcherKind::FuzzyMatcher => "fuzzy-matcher",
            MatcherKind::Nucleo => "nucleo",
        }
    }
}

struct Scratch {
    skim: fuzzy_matcher::skim::SkimMatcherV2,
    nucleo: Matcher,
    text: String,
    pattern: String,
    hay_bytes: Vec<u8>,
    needle_bytes: Vec<u8>,
    indices: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

fn new_scratch() -> Scratch {
    Scratch {
        skim: fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case(),
        nucleo: Matcher::new(Config::DEFAULT),
        text: String::new(),
        pattern: String::new(),
        hay_bytes: Vec::new(),
        needle_bytes: Vec::new(),
        indices: Vec::new(),
    }
}

/// Fuzzy-match `needle` against `haystack` (both already normalised). Returns the matcher's score
/// (higher = better; the scales differ per matcher) and, if asked, fills `positions` with the
/// matched char indices of `haystack`, increasing.
pub fn fuzzy_match(
    kind: MatcherKind,
    haystack: &[char],
    needle: &[char],
    positions: Option<&mut Vec<usize>>,
) -> Option<i64> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    SCRATCH.with(|cell| {
        let mut guard = cell.borrow_mut();
        let s = guard.get_or_insert_with(new_scratch);
        match kind {
            MatcherKind::FuzzyMatcher => skim_match(s, haystack, needle, positions),
            MatcherKind::Nucleo => nucleo_match(s, haystack, needle, positions),
        }
    })
}

fn skim_match(
    s: &mut Scratch,
    haystack: &[char],
    needle: &[char],
    positions: Option<&mut Vec<usize>>,
) -> Option<i64> {
    use fuzzy_matcher::FuzzyMatcher;
    s.text.clear();
    s.text.extend(haystack);
    s.pattern.clear();
    s.pattern.extend(needle);
    match positions {
        Some(out) => {
            let (score, idx) = s.skim.fuzzy_indices(&s.text, &s.pattern)?;
            out.clear();
            out.extend(idx);
            Some(score)
        }
        None => s.skim.fuzzy_match(&s.text, &s.pattern),
    }
}

/// nucleo wants pure-ASCII input as bytes (its fast path) and anything else as chars.
fn as_utf32<'a>(chars: &'a [char], bytes: &'a mut Vec<u8>) -> Utf32Str<'a> {
    if chars.iter().all(char::is_ascii) {
        bytes.clear();
        bytes.extend(chars.iter().map(|&c| c as u8));
        Utf32Str::Ascii(bytes)
    } else {
        Utf32Str::Unicode(chars)
    }
}

fn nucleo_match(
    s: &mut Scratch,
    haystack: &[char],
    needle: &[char],
    positions: Option<&mut Vec<usize>>,
) -> Option<i64> {
    let hay = as_utf32(haystack, &mut s.hay_bytes);
    let pat = as_utf32(needle, &mut s.needle_bytes);
    match positions {
        Some(out) => {
            s.indices.clear();
            let score = s.nucleo.fuzzy_indices(hay, pat, &mut s.indices)?;
            out.clear();
            out.extend(s.indices.iter().map(|&i| i as usize));
            out.sort_unstable();
            out.dedup();
            Some(i64::from(score))
        }
        None => s.nucleo.fuzzy_match(hay, pat).map(i64::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn both_matchers_find_subsequences_with_positions() {
        for kind in MatcherKind::ALL {
            let mut pos = Vec::new();
            let score = fuzzy_match(kind, &chars("设置ktv招牌"), &chars("kv"), Some(&mut pos));
            assert!(score.is_some(), "{kind:?}");
            assert_eq!(pos, vec![2, 4], "{kind:?}");
            assert!(fuzzy_match(kind, &chars("330217"), &chars("3x"), None).is_none());
        }
    }
}
