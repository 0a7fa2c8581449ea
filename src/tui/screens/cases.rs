//! The 案件 tab: every case with the deadline due first, overdue ones in red so they cannot be
//! missed, and the selected case's clocks with the articles they come from. Read-only for now;
//! the steps of the procedure come to this screen next.

pub mod render;

use crate::tui::app::{Action, Effect};
use crate::worklist::CaseLine;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CasesState {
    pub lines: Vec<CaseLine>,
    pub selected: usize,
    /// Whether the list has been read at least once.
    pub loaded: bool,
}

impl CasesState {
    pub fn selected_line(&self) -> Option<&CaseLine> {
        self.lines.get(self.selected)
    }

    /// New lines from the store; the selection stays on the same case when it is still there.
    pub fn replace(&mut self, lines: Vec<CaseLine>) {
        let id = self.selected_line().map(|l| l.case.id);
        self.selected = id.and_then(|id| lines.iter().position(|l| l.case.id == id)).unwrap_or(0);
        self.lines = lines;
        self.loaded = true;
    }
}

pub fn update(state: &mut CasesState, action: Action) -> Option<Effect> {
    if action == Action::Refresh {
        return Some(Effect::LoadWork);
    }
    if let Some(selected) = super::moved(state.selected, state.lines.len(), &action) {
        state.selected = selected;
    }
    None
}

#[cfg(test)]
mod tests;
