//! 统计: the figures of a week, month, quarter or year (← → to the one before or after, p for
//! the kind of period, b for the grouping), a table at a time (Tab), with charts: the selected
//! figure per group, cases opened per week over the year, the share of cases by stage. Enter
//! lists the records behind the selected figure. Read through `Effect::LoadStats` (the figures
//! only, counted without reading the records) and `Effect::LoadStatsRecords` (the records of
//! the figure opened, read then), never in render.

pub mod render;

use crate::app::{Action, Effect};
use chrono::{Datelike, NaiveDate};
use zhifa_core::report::{GroupBy, Period, PeriodKind, RecordId, Report, Table};
use zhifa_store::{Store, StoreResult};

/// What the tab shows once read: the report and the weekly counts of the year around it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsData {
    pub report: Report,
    /// Cases opened in each week (Monday to Sunday) of the period's year, from its first Monday.
    pub weekly: Vec<u64>,
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
        Some(Effect::LoadStats { period: self.period(today), by: self.by })
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
    if let Action::StatsRecords(key, records) = action {
        state.records = Some((key, records));
        return None;
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
        Action::StatsLoaded(data) => {
            state.loading = false;
            state.data = Some(data);
            state.records = None;
            state.selected = state.selected.min(state.rows().len().saturating_sub(1));
        }
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
            state.by = state.by.next();
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
    let year = PeriodKind::Year.around(period.to);
    let first_monday = PeriodKind::Week.around(year.from).from;
    let leads = store.case_lead_days(Period { from: first_monday, to: year.to })?;
    let mut weekly = vec![0u64; 53];
    for day in leads {
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
    Ok(StatsData { report, weekly })
}

#[cfg(test)]
mod tests;
