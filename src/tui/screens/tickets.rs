//! The 投诉 tab: complaints and hotline tickets, those past their reply date first and in red,
//! with the selected one's content. Read-only for now; intake and replies come here next.

pub mod render;

use crate::domain::ticket::Ticket;
use crate::tui::app::{Action, Effect};
use chrono::NaiveDate;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketsState {
    pub tickets: Vec<Ticket>,
    pub selected: usize,
    pub loaded: bool,
}

impl TicketsState {
    /// New tickets from the store, overdue first (then newest), keeping the selected one.
    pub fn replace(&mut self, mut tickets: Vec<Ticket>, today: NaiveDate) {
        tickets.sort_by_key(|t| (!t.is_overdue(today), std::cmp::Reverse(t.incoming.received_at)));
        let id = self.tickets.get(self.selected).map(|t| t.id);
        self.selected = id.and_then(|id| tickets.iter().position(|t| t.id == id)).unwrap_or(0);
        self.tickets = tickets;
        self.loaded = true;
    }
}

pub fn update(state: &mut TicketsState, action: Action) -> Option<Effect> {
    if action == Action::Refresh {
        return Some(Effect::LoadWork);
    }
    if let Some(selected) = super::moved(state.selected, state.tickets.len(), &action) {
        state.selected = selected;
    }
    None
}

#[cfg(test)]
mod tests;
