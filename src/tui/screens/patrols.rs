//! The 巡查 tab: today's patrol list (日常巡查清单) of every team, with the selected patrol's
//! grids, officers and findings. Read-only for now; planning and recording come here next.

pub mod render;

use crate::domain::patrol::{Finding, Patrol};
use crate::tui::app::{Action, Effect};

/// A patrol with what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatrolLine {
    pub patrol: Patrol,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatrolsState {
    pub lines: Vec<PatrolLine>,
    pub selected: usize,
    pub loaded: bool,
}

impl PatrolsState {
    pub fn replace(&mut self, lines: Vec<PatrolLine>) {
        let id = self.lines.get(self.selected).map(|l| l.patrol.id);
        self.selected = id.and_then(|id| lines.iter().position(|l| l.patrol.id == id)).unwrap_or(0);
        self.lines = lines;
        self.loaded = true;
    }
}

pub fn update(state: &mut PatrolsState, action: Action) -> Option<Effect> {
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
