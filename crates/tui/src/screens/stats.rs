//! 统计: the figures of a week, month, quarter or year (← → to the one before or after, p for
//! the kind of period, b for the grouping), a table at a time (Tab), with charts: the selected
//! figure per group, cases opened per week over the year, the share of cases by stage. Enter
//! lists the records behind the selected figure. Read through `Effect::LoadStats` (the figures
//! only, counted without reading the records) and `Effect::LoadStatsRecords` (the records of
//! the figure opened, read then), never in render. `c` turns to the same figures over every
//! station (全局), read at the centre the station pushes to, on a thread of their own: a
//! figure there opens at its station, where its records are (the centre holds the facts the
//! figures count, not the records).

pub mod render;

use crate::app::{Action, Effect};
use chrono::{Datelike, NaiveDate};
use zhifa_core::i18n::Lang;
use zhifa_core::report::{GroupBy, Period, PeriodKind, RecordId, Report, Table};
use zhifa_store::{Store, StoreResult};
use zhifa_sync::central::Centre;
use zhifa_sync::SyncError;

/// Whose figures the tab shows: this station's own, or every station's at the centre.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    Station,
    Centre,
}

/// What the tab shows once read: the report and the weekly counts of the year around it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsData {
    pub report: Report,
    /// Cases opened in each week (Monday to Sunday) of the period's year, from its first Monday.
    pub weekly: Vec<u64>,
    /// Read at the centre, over every station (`None`: this station's own).
    pub centre: Option<AtCentre>,
}

/// What a reading of the figures was for: an answer is shown only while it is what the tab asks
/// for (the centre's come back on a thread of their own, after later keys perhaps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub period: Period,
    pub by: GroupBy,
    pub scope: Scope,
}

/// Why the tab shows no figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// `c` pressed on a station that pushes to no centre.
    NoCentre,
    /// The figures could not be read: the reason, in the interface's language.
    Unreadable(String),
}

/// What the centre's figures rest on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AtCentre {
    /// How many stations were counted.
    pub stations: usize,
    /// (station, last event whose facts the centre holds, last event it holds): stations whose
    /// figures at the centre are behind their pushed events until their next sync.
    pub behind: Vec<(String, i64, i64)>,
}

impl StatsData {
    pub fn scope(&self) -> Scope {
        if self.centre.is_some() {
            Scope::Centre
        } else {
            Scope::Station
        }
    }

    /// What these figures answer.
    pub fn asked(&self) -> Asked {
        Asked { period: self.report.period, by: self.report.by, scope: self.scope() }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsState {
    pub kind: PeriodKind,
    /// A day in the period shown (`None`: today, until the tab is first shown).
    pub day: Option<NaiveDate>,
    pub by: GroupBy,
    /// Which table is shown (index into [`Table::ALL`]).
    pub table: usize,
    /// The measure selected within the table.
    pub selected: usize,
    pub data: Option<Box<StatsData>>,
    /// The records behind the selected figure are listed, scrolled this far.
    pub opened: Option<usize>,
    /// The records of the figure opened, by its measure's key, once read (the report itself
    /// holds none: they are read when a figure is opened).
    pub records: Option<(String, Vec<RecordId>)>,
    pub loading: bool,
    pub scope: Scope,
    /// This station pushes to a centre (`c` has somewhere to turn to).
    pub centre_configured: bool,
    /// Why the figures asked for last are not shown.
    pub failure: Option<Unavailable>,
}

impl StatsState {
    pub fn period(&self, today: NaiveDate) -> Period {
        self.kind.around(self.day.unwrap_or(today))
    }

    pub fn table(&self) -> Table {
        Table::ALL[self.table % Table::ALL.len()]
    }

    /// The effect reading the period shown now.
    pub fn load(&mut self, today: NaiveDate) -> Option<Effect> {
        self.day.get_or_insert(today);
        self.loading = true;
        self.failure = None;
        // The centre answers after a while: meanwhile the figures of the last key are put away
        // (a station's own are read before the next frame).
        if self.scope == Scope::Centre {
            self.data = None;
            self.records = None;
            self.opened = None;
        }
        let Asked { period, by, scope } = self.asked(today);
        Some(Effect::LoadStats { period, by, scope })
    }

    /// What the tab asks for now.
    pub fn asked(&self, today: NaiveDate) -> Asked {
        Asked { period: self.period(today), by: self.by, scope: self.scope }
    }

    /// The key of the measure selected.
    pub fn measure_key(&self) -> Option<String> {
        let i = *self.rows().get(self.selected)?;
        Some(self.data.as_ref()?.report.measures.get(i)?.key.clone())
    }

    /// The records behind the selected figure: read when it was opened, or those the report
    /// holds (`None`: not read yet).
    pub fn opened_records(&self) -> Option<&[RecordId]> {
        let key = self.measure_key()?;
        if let Some((read, records)) = &self.records {
            if *read == key {
                return Some(records);
            }
        }
        let data = self.data.as_ref()?;
        let i = data.report.measure(&key)?;
        let figure = &data.report.total.figures[i];
        let nothing = figure.value == 0 && figure.of.unwrap_or(0) == 0;
        (!figure.records.is_empty() || nothing).then_some(&figure.records[..])
    }

    /// The indexes (into the report's measures) of the table shown.
    pub fn rows(&self) -> Vec<usize> {
        let Some(data) = &self.data else { return Vec::new() };
        let table = self.table();
        data.report
            .measures
            .iter()
            .enumerate()
            .filter(|(_, m)| m.table == table)
            .map(|(i, _)| i)
            .collect()
    }
}

pub fn update(state: &mut StatsState, action: Action, today: NaiveDate) -> Option<Effect> {
    // Answers land whatever is open; one to an earlier question is dropped.
    match action {
        Action::StatsRecords(key, records) => {
            state.records = Some((key, records));
            return None;
        }
        Action::StatsLoaded(data) => {
            if data.asked() == state.asked(today) {
                state.loading = false;
                state.failure = None;
                state.data = Some(data);
                state.records = None;
                state.selected = state.selected.min(state.rows().len().saturating_sub(1));
            }
            return None;
        }
        Action::StatsFailed(asked, why) => {
            if asked == state.asked(today) {
                state.loading = false;
                state.failure = Some(Unavailable::Unreadable(why));
            }
            return None;
        }
        _ => {}
    }
    if let Some(scroll) = state.opened {
        state.opened = match action {
            Action::Back | Action::Open => None,
            Action::Up | Action::ScrollUp(_) => Some(scroll.saturating_sub(1)),
            Action::Down | Action::ScrollDown(_) => Some(scroll + 1),
            Action::PageUp => Some(scroll.saturating_sub(10)),
            Action::PageDown => Some(scroll + 10),
            _ => Some(scroll),
        };
        return None;
    }
    let rows = state.rows().len();
    match action {
        Action::StatsScope => return turn_scope(state, today),
        Action::StatsEarlier | Action::StatsLater => {
            let step = if action == Action::StatsEarlier { -1 } else { 1 };
            state.day = Some(state.kind.step(state.day.unwrap_or(today), step).from);
            return state.load(today);
        }
        Action::StatsPeriodKind => {
            state.kind = state.kind.next();
            return state.load(today);
        }
        Action::StatsGroupBy => {
            state.by = match state.scope {
                Scope::Station => state.by.next(),
                Scope::Centre => state.by.next_at_centre(),
            };
            return state.load(today);
        }
        Action::Refresh => return state.load(today),
        Action::SwitchPane => {
            state.table = (state.table + 1) % Table::ALL.len();
            state.selected = 0;
        }
        Action::Up => state.selected = state.selected.saturating_sub(1),
        Action::Down => state.selected = (state.selected + 1).min(rows.saturating_sub(1)),
        Action::First => state.selected = 0,
        Action::Last => state.selected = rows.saturating_sub(1),
        Action::Open if rows > 0 => {
            state.opened = Some(0);
            // The centre holds the figures' facts, not the records: nothing to read there.
            if state.scope == Scope::Centre {
                return None;
            }
            let measure = state.measure_key()?;
            if state.records.as_ref().is_some_and(|(key, _)| *key == measure) {
                return None;
            }
            state.records = None;
            let period = state.data.as_ref()?.report.period;
            return Some(Effect::LoadStatsRecords { period, by: state.by, measure });
        }
        _ => {}
    }
    None
}

/// From this station's figures to every station's, and back. Without a centre there is
/// nowhere to turn: the tab says so and stays. The figures shown are put away, so that one
/// scope's never stand under the other's header while the new ones are read.
fn turn_scope(state: &mut StatsState, today: NaiveDate) -> Option<Effect> {
    if !state.centre_configured {
        state.failure = Some(Unavailable::NoCentre);
        return None;
    }
    state.scope = match state.scope {
        Scope::Station => Scope::Centre,
        Scope::Centre => Scope::Station,
    };
    // By station is the centre's alone.
    if state.scope == Scope::Station && state.by == GroupBy::Station {
        state.by = GroupBy::Team;
    }
    state.data = None;
    state.records = None;
    state.opened = None;
    state.load(today)
}

/// The report of `period` and the year's weekly cases, as the action that delivers them.
pub fn load(store: &Store, period: Period, by: GroupBy, today: NaiveDate) -> Action {
    match read(store, period, by, today) {
        Ok(data) => Action::StatsLoaded(Box::new(data)),
        Err(e) => Action::Failed(e.to_string()),
    }
}

/// The records behind the figure `measure` of the report of `period`, as the action that
/// delivers them.
pub fn load_records(
    store: &Store,
    period: Period,
    by: GroupBy,
    today: NaiveDate,
    measure: String,
) -> Action {
    match store.report_figure(period, by, today, &measure) {
        Ok(figure) => Action::StatsRecords(measure, figure.records),
        Err(e) => Action::Failed(e.to_string()),
    }
}

pub fn read(
    store: &Store,
    period: Period,
    by: GroupBy,
    today: NaiveDate,
) -> StoreResult<StatsData> {
    let report = store.report_figures(period, by, today)?;
    let leads = store.case_lead_days(weeks_of_year(period))?;
    Ok(StatsData { weekly: weekly(&leads, period, today), report, centre: None })
}

/// The same figures over every station, read at the centre at `url`, as the action that
/// delivers them (or says why they could not be read).
pub fn load_at_centre(
    url: &str,
    period: Period,
    by: GroupBy,
    today: NaiveDate,
    lang: Lang,
) -> Action {
    match read_at_centre(url, period, by, today) {
        Ok(data) => Action::StatsLoaded(Box::new(data)),
        Err(e) => {
            let asked = Asked { period, by, scope: Scope::Centre };
            Action::StatsFailed(asked, e.message(lang))
        }
    }
}

pub fn read_at_centre(
    url: &str,
    period: Period,
    by: GroupBy,
    today: NaiveDate,
) -> Result<StatsData, SyncError> {
    let mut centre = Centre::connect(url)?;
    let counted = zhifa_sync::centre_report(&mut centre, period, by, today)?;
    let leads = centre.case_lead_days(weeks_of_year(period))?;
    Ok(StatsData {
        weekly: weekly(&leads, period, today),
        report: counted.report,
        centre: Some(AtCentre { stations: counted.stations, behind: counted.behind }),
    })
}

/// The weeks of the period's year: from its first Monday to its last day.
fn weeks_of_year(period: Period) -> Period {
    let year = PeriodKind::Year.around(period.to);
    Period { from: PeriodKind::Week.around(year.from).from, to: year.to }
}

/// Cases opened in each week of the period's year, from the days they were opened on.
fn weekly(leads: &[NaiveDate], period: Period, today: NaiveDate) -> Vec<u64> {
    let year = PeriodKind::Year.around(period.to);
    let first_monday = weeks_of_year(period).from;
    let mut weekly = vec![0u64; 53];
    for &day in leads {
        let week = usize::try_from((day - first_monday).num_days() / 7).unwrap_or(0);
        if let Some(count) = weekly.get_mut(week) {
            *count += 1;
        }
    }
    // The weeks that have begun (a year to come shows nothing ahead of today).
    let weeks = if year.to > today && year.from.year() == today.year() {
        usize::try_from((today - first_monday).num_days() / 7 + 1).unwrap_or(0)
    } else {
        weekly.len()
    };
    weekly.truncate(weeks.clamp(1, 53));
    weekly
}

#[cfg(test)]
mod tests;
