//! Which earlier tickets a new one probably repeats (the 12345 practice: the same place and problem
//! must be linked, not handled twice).
//!
//! A candidate must be recent, at the same place (the same grid, or one address containing the
//! other once spaces and punctuation are gone), and say much the same thing (shared character
//! pairs: robust to word order and to the filler dispatchers add). The officer decides; this
//! only ranks what to show before a new ticket is saved.

use chrono::{Duration, NaiveDateTime};
use std::collections::BTreeSet;

/// What is compared of a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketText<'a> {
    pub place: &'a str,
    pub grid: Option<&'a str>,
    pub content: &'a str,
    pub received_at: NaiveDateTime,
}

impl<'a> TicketText<'a> {
    /// What is compared of a ticket as it came in (no grid: feeds rarely carry one).
    pub fn of(ticket: &'a zhifa_core::domain::ticket::IncomingTicket) -> TicketText<'a> {
        TicketText {
            place: &ticket.place,
            grid: None,
            content: &ticket.content,
            received_at: ticket.received_at,
        }
    }
}

/// How far back and how alike.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub within: Duration,
    /// Minimum content similarity, 0.0–1.0.
    pub similarity: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { within: Duration::days(30), similarity: 0.3 }
    }
}

/// Indexes into `earlier` of the likely duplicates of `new`, most alike first, with their
/// content similarity.
pub fn likely_duplicates(
    new: &TicketText,
    earlier: &[TicketText],
    thresholds: Thresholds,
) -> Vec<(usize, f64)> {
    let new_pairs = pairs(new.content);
    let mut found: Vec<(usize, f64)> = earlier
        .iter()
        .enumerate()
        .filter(|(_, old)| recent(new, old, thresholds.within) && same_place(new, old))
        .map(|(i, old)| (i, similarity(&new_pairs, &pairs(old.content))))
        .filter(|(_, score)| *score >= thresholds.similarity)
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    found
}

fn recent(new: &TicketText, old: &TicketText, within: Duration) -> bool {
    (new.received_at - old.received_at).abs() <= within
}

fn same_place(new: &TicketText, old: &TicketText) -> bool {
    if let (Some(a), Some(b)) = (new.grid, old.grid) {
        if a == b {
            return true;
        }
    }
    let (a, b) = (normalized(new.place), normalized(old.place));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// Letters and digits only (punctuation, spaces and the 号/旁/附近 noise of addresses kept out
/// of the comparison by containment).
fn normalized(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The set of adjacent character pairs of the text's letters and digits.
fn pairs(text: &str) -> BTreeSet<(char, char)> {
    let chars: Vec<char> = normalized(text).chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Shared pairs over the smaller set: a short ticket fully inside a long one counts as alike.
fn similarity(a: &BTreeSet<(char, char)>, b: &BTreeSet<(char, char)>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn ticket<'a>(
        place: &'a str,
        grid: Option<&'a str>,
        content: &'a str,
        when: &str,
    ) -> TicketText<'a> {
        TicketText { place, grid, content, received_at: at(when) }
    }

    #[test]
    fn the_same_problem_at_the_same_place_is_found_first() {
        let new = ticket(
            "青溪路文昌阁旁",
            Some("QX01-01"),
            "文昌阁旁夜间烧烤油烟很大，扰民",
            "2026-11-22 21:00",
        );
        let earlier = [
            ticket("青溪路文昌阁", None, "夜间烧烤油烟扰民", "2026-11-20 22:10"),
            ticket("东大街步行街", Some("DC02-01"), "夜间烧烤油烟扰民", "2026-11-21 22:00"),
            ticket("滨江路", Some("QX01-01"), "烧烤摊油烟扰民问题", "2026-11-19 20:00"),
            ticket("青溪路文昌阁", None, "人行道停车", "2026-11-21 09:00"),
            ticket("青溪路文昌阁", None, "夜间烧烤油烟扰民", "2026-09-01 22:00"),
        ];
        let found = likely_duplicates(&new, &earlier, Thresholds::default());
        let indexes: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
        assert_eq!(indexes, [0, 2], "same address or same grid, similar, recent: {found:?}");
        assert!(found[0].1 > found[1].1);
    }

    #[test]
    fn unrelated_text_and_empty_places_never_match() {
        let new = ticket("", None, "噪声", "2026-11-22 21:00");
        let old = ticket("", None, "噪声", "2026-11-22 20:00");
        assert!(likely_duplicates(&new, &[old], Thresholds::default()).is_empty());
        assert_eq!(similarity(&pairs("占道经营"), &pairs("渣土撒漏")), 0.0);
        assert_eq!(similarity(&pairs("占道经营"), &pairs("门前占道经营水果摊")), 1.0);
    }
}
