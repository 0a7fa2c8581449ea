//! What a push sends the centre of a station's report facts (`zhifa sync`, docs/CENTRAL.md):
//! the records the events of a range touched, read as a report reads them, so that the centre
//! counts them with the same `report::count_stations`. No parties, reporters, phones, identity
//! numbers or facts: only what a report counts (a case's state without its free texts).

use super::{Rows, Store, StoreResult};
use std::collections::BTreeMap;
use zhifa_core::report::{
    CaseFacts, OfficerFacts, PatrolFacts, Records, ReinspectionFacts, TicketFacts,
};

/// The report facts of the records the events after one seq up to another touched, as the
/// station stands now (one read snapshot). Every re-inspection task of each patrol sent is sent
/// with it: the centre replaces a patrol's tasks with these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TouchedFacts {
    pub patrols: Vec<PatrolFacts>,
    pub reinspections: Vec<ReinspectionFacts>,
    pub tickets: Vec<TicketFacts>,
    pub cases: Vec<CaseFacts>,
}

impl TouchedFacts {
    /// Rows the centre is sent: a patrol with its findings, each task, ticket and case.
    pub fn rows(&self) -> usize {
        self.patrols.len() + self.reinspections.len() + self.tickets.len() + self.cases.len()
    }
}

/// What the centre replaces whole for a station at each push: its officers (for the
/// certificate figures), the names of its teams, grids and officers, and the calendar years it
/// loaded (its clocks are judged on them, on top of the shipped years).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleFacts {
    pub officers: Vec<OfficerFacts>,
    pub names: BTreeMap<String, String>,
    /// Each loaded year and its file's text (`docs/calendar-format.md`).
    pub calendar_years: Vec<(i32, String)>,
}

impl Store {
    /// The facts of the records events `after + 1 ..= through` touched (see [`TouchedFacts`]).
    /// `earlier`: whether records created before the push's first step may be among them. False
    /// for a push whose facts start from nothing (mark 0): each record is then sent once, in
    /// the step whose events created it, read with every event the push covers already written
    /// (its later changes are in it), so the steps name only the records they create — the
    /// first push of a county's ten years reads no finding, action, step or event twice.
    pub fn touched_facts(
        &self,
        after: i64,
        through: i64,
        earlier: bool,
    ) -> StoreResult<TouchedFacts> {
        self.read_snapshot(|store| {
            let which = Rows::Touched { after, through, earlier };
            Ok(TouchedFacts {
                patrols: store.patrol_facts(&which)?,
                reinspections: store.reinspection_facts(&which)?,
                tickets: store.ticket_facts(&which)?,
                cases: store
                    .case_facts(&which, false, true)?
                    .into_iter()
                    .map(CaseFacts::without_texts)
                    .collect(),
            })
        })
    }

    /// The station's officers, names and loaded calendar years (see [`PeopleFacts`]).
    pub fn people_facts(&self) -> StoreResult<PeopleFacts> {
        self.read_snapshot(|store| {
            let mut records = Records::default();
            store.report_people(&mut records)?;
            let mut stmt =
                store.conn.prepare("SELECT year, file_text FROM calendar_years ORDER BY year")?;
            let calendar_years = stmt
                .query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(PeopleFacts { officers: records.officers, names: records.names, calendar_years })
        })
    }
}
