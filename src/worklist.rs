//! What needs attention now: cases with a statutory deadline passed or near, tickets past their
//! reply date. Computed from the store with the working-day calendar, for the status line (and,
//! later, the lists of the officer, the team and the leader). Reads only.

use crate::domain::case::open_deadlines;
use crate::domain::deadline::{status, DueStatus};
use crate::store::{Store, StoreResult};
use chrono::NaiveDate;

/// Days ahead that count as "due soon".
pub const DUE_SOON_DAYS: i64 = 3;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attention {
    pub overdue_cases: usize,
    pub due_soon_cases: usize,
    /// Cases with a working-day deadline no calendar covers: it cannot be counted.
    pub uncounted_cases: usize,
    pub overdue_tickets: usize,
}

impl Attention {
    pub fn is_empty(&self) -> bool {
        *self == Attention::default()
    }
}

/// The counts on `today`, for one team's work or everyone's.
pub fn attention(store: &Store, today: NaiveDate, team: Option<&str>) -> StoreResult<Attention> {
    let calendar = store.work_calendar()?;
    let mut counts = Attention::default();
    let ours = |t: Option<&str>| team.is_none_or(|team| t == Some(team));
    for case in store.cases()?.into_iter().filter(|c| ours(Some(&c.team))) {
        let clocks = open_deadlines(&case.state, &calendar);
        let standings: Vec<Option<DueStatus>> = clocks
            .iter()
            .map(|(_, due)| due.ok().map(|d| status(d, today, DUE_SOON_DAYS)))
            .collect();
        if standings.iter().any(|s| matches!(s, Some(DueStatus::Overdue(_)))) {
            counts.overdue_cases += 1;
        } else if standings.iter().any(|s| matches!(s, Some(DueStatus::DueSoon(_)))) {
            counts.due_soon_cases += 1;
        }
        if standings.iter().any(Option::is_none) {
            counts.uncounted_cases += 1;
        }
    }
    counts.overdue_tickets = store
        .tickets()?
        .iter()
        .filter(|t| ours(t.team.as_deref()) || t.team.is_none())
        .filter(|t| t.is_overdue(today))
        .count();
    Ok(counts)
}
