//! The 投诉 tab: complaints and hotline tickets, those past their reply date first and in red,
//! with the selected one's content. Read-only for now; intake and replies come here next.

pub mod render;

use super::work_list::{Keyed, WorkList};
use chrono::NaiveDate;
use zhifa_core::domain::ticket::Ticket;

pub type TicketsState = WorkList<Ticket>;

impl Keyed for Ticket {
    fn key(&self) -> i64 {
        self.id
    }
}

/// The order the tab shows: unanswered overdue tickets first, then the newest.
pub fn arranged(mut tickets: Vec<Ticket>, today: NaiveDate) -> Vec<Ticket> {
    tickets.sort_by_key(|t| (!t.is_overdue(today), std::cmp::Reverse(t.incoming.received_at)));
    tickets
}

#[cfg(test)]
mod tests;
