//! The 案件 tab: every open case with the deadline due first, overdue ones in red so they cannot be
//! missed, and the selected case's clocks with the articles they come from. Read-only for now;
//! the steps of the procedure come to this screen next.

pub mod render;

use super::work_list::{Keyed, WorkList};
use zhifa_app::worklist::CaseLine;

pub type CasesState = WorkList<CaseLine>;

impl Keyed for CaseLine {
    fn key(&self) -> i64 {
        self.case.id
    }
}

#[cfg(test)]
mod tests;
