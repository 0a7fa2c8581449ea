//! The 巡查 tab: today's patrol list (日常巡查清单) of every team, with the selected patrol's
//! grids, officers and findings. Read-only for now; planning and recording come here next.

pub mod render;

use super::work_list::{Keyed, WorkList};
use zhifa_core::domain::patrol::{Finding, Patrol};

/// A patrol with what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatrolLine {
    pub patrol: Patrol,
    pub findings: Vec<Finding>,
}

impl Keyed for PatrolLine {
    fn key(&self) -> i64 {
        self.patrol.id
    }
}

pub type PatrolsState = WorkList<PatrolLine>;

#[cfg(test)]
mod tests;
