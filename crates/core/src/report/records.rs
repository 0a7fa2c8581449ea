//! What a report counts, as the store reads it for a period: plain facts of each record, no SQL.

use crate::domain::case::Case;
use crate::domain::case_file::CaseSource;
use crate::domain::officer::Role;
use crate::domain::patrol::PatrolStatus;
use crate::domain::ticket::Channel;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A patrol planned on a day of the period, with its findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatrolFacts {
    pub id: i64,
    pub team: String,
    pub grids: Vec<String>,
    pub officers: Vec<String>,
    pub planned_on: NaiveDate,
    pub status: PatrolStatus,
    pub findings: Vec<FindingFacts>,
}

/// One finding: what was done about it (`FindingAction::key`) and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingFacts {
    pub seq: i64,
    pub action: String,
    pub grid: Option<String>,
}

/// A re-inspection an order to correct left, due on a day of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReinspectionFacts {
    pub patrol: i64,
    pub seq: i64,
    pub team: String,
    pub grid: Option<String>,
    pub due: NaiveDate,
    pub done: bool,
}

/// A ticket received on a day of the period, with what was done about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    pub id: i64,
    pub team: Option<String>,
    pub channel: Channel,
    pub received_on: NaiveDate,
    pub reply_due: Option<NaiveDate>,
    /// The day of the first reply (China time).
    pub replied_on: Option<NaiveDate>,
    pub transferred: bool,
    /// Linked as a repeat of an earlier ticket.
    pub repeat: bool,
    /// The last callback's verdict: satisfied or not.
    pub callback: Option<bool>,
    /// The domain (领域) of the catalog item recorded at intake (`None`: no item, 未归类).
    pub domain: Option<String>,
    /// The department of origin (原主管部门) of that item, as its catalog version lists it.
    pub department: Option<String>,
}

/// A case opened or decided in the period, or still open: its state says the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub id: i64,
    pub team: String,
    pub grid: Option<String>,
    /// The domain (领域) and department of origin of the first item cited.
    pub domain: Option<String>,
    pub department: Option<String>,
    pub source: CaseSource,
    pub state: Case,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerFacts {
    pub badge: String,
    pub team: Option<String>,
    pub role: Role,
    pub active: bool,
    pub cert_expiry: Option<NaiveDate>,
}

/// Records the store counted already (GROUP BY over the period's indexed ranges): `adds` says
/// what each measure gains (a count, or a sum of yuan) from the records sharing these dimensions
/// and this day's month (a row is grouped by no finer than a month). No record is kept: a
/// figure's records are read when it is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedRow {
    pub team: Option<String>,
    pub grids: Vec<String>,
    pub officers: Vec<String>,
    /// The domain (a complaint's item's), when grouped by domain.
    pub domain: Option<String>,
    /// The department of origin (a complaint's item's), when grouped by department.
    pub department: Option<String>,
    /// The day the figures are about, or any day of its month: what `GroupBy::Month` and the
    /// period look at.
    pub day: NaiveDate,
    pub adds: Vec<(String, i64)>,
}

/// Everything one report counts, and the names of the codes it groups by (teams, grids,
/// officers' badges) for display.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    pub patrols: Vec<PatrolFacts>,
    pub reinspections: Vec<ReinspectionFacts>,
    pub tickets: Vec<TicketFacts>,
    pub cases: Vec<CaseFacts>,
    pub officers: Vec<OfficerFacts>,
    pub names: BTreeMap<String, String>,
    /// What the store counted itself (the fast path: no records kept).
    pub counted: Vec<CountedRow>,
}

impl CaseFacts {
    /// The case's state with what a report does not count and people wrote left out: why the
    /// discretion tier was chosen, and what property was confiscated (only that there was some:
    /// `（略）`). What the centre is sent (`zhifa sync`): no parties, no facts, no free text.
    pub fn without_texts(mut self) -> CaseFacts {
        if let Some(penalty) = &mut self.state.penalty {
            penalty.tier_reason.clear();
            if !penalty.confiscation.property.trim().is_empty() {
                penalty.confiscation.property = "（略）".to_string();
            }
        }
        self
    }
}
