//! The report over every station at the centre (`zhifa --central URL report`): each station's
//! facts as its pushes sent them, counted by the same `report::count_stations` a station's own
//! report shares its counting with, each station's clocks judged on its own calendar.

use crate::central::{Centre, StationFacts};
use crate::SyncError;
use chrono::NaiveDate;
use zhifa_core::calendar::{format, shipped, WorkCalendar};
use zhifa_core::report::{count_stations, GroupBy, Period, Report, StationRecords};

/// The report, and the stations whose facts at the centre are behind their events.
#[derive(Debug, Clone)]
pub struct CentreReport {
    pub report: Report,
    /// (station, last event whose records' facts are held, last event held): a station that
    /// last pushed with a zhifa sending no facts, or whose push was cut before its facts were
    /// all sent; its next `zhifa sync` completes them.
    pub behind: Vec<(String, i64, i64)>,
    /// How many stations the centre counted (every station it holds).
    pub stations: usize,
}

/// The report of `period` grouped `by`, overdue judged on `today`, over every station.
pub fn centre_report(
    centre: &mut Centre,
    period: Period,
    by: GroupBy,
    today: NaiveDate,
) -> Result<CentreReport, SyncError> {
    let (now, before) = centre.report_facts(period)?;
    let mut before: std::collections::BTreeMap<String, StationFacts> =
        before.into_iter().map(|s| (s.code.clone(), s)).collect();
    let mut stations = Vec::new();
    let mut behind = Vec::new();
    for s in now {
        if s.facts_through < s.head_seq {
            behind.push((s.code.clone(), s.facts_through, s.head_seq));
        }
        let calendar = calendar_of(&s.code, &s.calendar_years)?;
        let last_year = before.remove(&s.code).map(|b| b.records).unwrap_or_default();
        stations.push(StationRecords {
            code: s.code,
            name: s.name,
            current: s.records,
            last_year,
            calendar,
        });
    }
    let report = count_stations(&stations, period, by, today);
    Ok(CentreReport { report, behind, stations: stations.len() })
}

/// The calendar a station judges its clocks on: the shipped years with the years it loaded on
/// top, as its store reads them (`Store::work_calendar`).
fn calendar_of(station: &str, years: &[(i32, String)]) -> Result<WorkCalendar, SyncError> {
    let bad = |e: String| {
        SyncError::Central(crate::central::CentralError::Inconsistent(format!(
            "station {station}: calendar: {e}"
        )))
    };
    let mut calendar = shipped().map_err(|e| bad(e.to_string()))?;
    for (year, text) in years {
        let parsed =
            format::parse(&format!("calendar {year}"), text).map_err(|e| bad(e.to_string()))?;
        calendar.insert(parsed);
    }
    Ok(calendar)
}
