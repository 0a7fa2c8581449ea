//! Score tiers and the small helpers that compare matches within them.
//!
//! Tier bases are spaced so that no within-tier adjustment (start position, name length, chunk
//! count, pinyin span) can lift a match into the tier above: ranking by one `i64` is then the same
//! as ranking by tier first. This module only defines the numbers and the match record; it does
//! not decide which tier a document reaches (see `matching.rs`).

use super::pinyin_scan::Readings;
use crate::search::{MatchField, MatchKind};

// Score tiers. Gaps between tiers exceed any within-tier adjustment, so tiers never interleave.
pub(super) const EXACT_CODE: i64 = 10_000_000;
pub(super) const LITERAL: i64 = 9_000_000;
pub(super) const EXACT_NAME_BONUS: i64 = 50_000;
pub(super) const CODE_PREFIX: i64 = 8_500_000;
pub(super) const CHUNKED: i64 = 8_000_000;
pub(super) const CHUNK_STEP: i64 = 300_000;
pub(super) const CHUNKED_FLOOR: i64 = 6_600_000;
pub(super) const LAW: i64 = 7_600_000;
pub(super) const PINYIN: i64 = 6_000_000;
pub(super) const GAP_STEP: i64 = 20_000;
pub(super) const MAX_GAPS: i64 = 40;
/// A match that needs a rare reading counts like this many more chars of span.
pub(super) const RARE_READING: i64 = 12 * GAP_STEP;
/// Per run of odd length among the chars a pinyin match uses (a run: adjacent used chars).
/// Item names are mostly two-char words, so 占用…道路 (runs 2 + 2) is what `zydl` means, while
/// 种在有钉螺 (runs 1 + 3) cuts across words. Counted for at most [`MAX_ODD_RUNS`] runs.
pub(super) const ODD_RUN: i64 = GAP_STEP;
pub(super) const MAX_ODD_RUNS: i64 = 8;
pub(super) const CODE_SUBSTRING: i64 = 4_000_000;
pub(super) const FUZZY: i64 = 1_000_000;
pub(super) const FUZZY_CAP: i64 = 500_000;
/// Within a tier: earlier matches and shorter names are a bit better.
pub(super) const START_WEIGHT: i64 = 20;
pub(super) const LEN_WEIGHT: i64 = 10;
/// Score of a possible match known to rank below everything shown (see
/// `SearchIndex::score_set`); it may not even match.
pub(super) const BELOW_FLOOR: i64 = i64::MIN / 4;

/// Widest span (in name chars) a pinyin match may have and still score above `beat`, given the
/// score `budget` before span and position penalties; unlimited when the span penalty's cap
/// is reached first.
pub(super) fn max_span_above(budget: i64, beat: i64) -> usize {
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
pub(super) fn offer(best: &mut Option<TermMatch>, m: TermMatch) {
    if best.is_none_or(|b| m.score > b.score) {
        *best = Some(m);
    }
}

/// How a term matched, enough to recompute its highlight positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum How {
    None,
    Literal(u32),
    Chunked,
    Pinyin(u32, Readings),
    Fuzzy,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct TermMatch {
    pub(super) score: i64,
    pub(super) field: MatchField,
    pub(super) kind: MatchKind,
    pub(super) how: How,
}

impl TermMatch {
    pub(super) fn new(score: i64, field: MatchField, kind: MatchKind) -> TermMatch {
        TermMatch { score, field, kind, how: How::None }
    }
}
