//! The working-day calendar and deadline arithmetic (APL art. 85: "two, three, five, seven days"
//! are working days, statutory holidays excluded).
//!
//! China moves working days around every year (调休): a holiday week is paid for with weekend
//! days that become working days, as the State Council announces each November. So the calendar
//! is data, one year at a time ([`YearCalendar`], read from the TOML format of
//! `docs/calendar-format.md`). A year whose notice is not out yet is computed from the
//! statutory holidays and marked provisional ([`provisional`]): its uncertain days are counted
//! the way the caller says ([`Uncertain`]), so a bureau's deadline comes out no later and a
//! party's period no shorter than the notice could make them. A year outside both is an error
//! ([`CalendarGap`]), never a silent guess. Pure: no files, no database, no clock.

pub mod format;
pub mod provisional;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};

/// One year's arrangement: the days off (holidays, with the weekends inside them) and the
/// weekend days that are working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCalendar {
    pub year: i32,
    /// The notice it comes from.
    pub source: String,
    /// Holiday name of every day off.
    pub off: BTreeMap<NaiveDate, String>,
    /// Make-up working days (调休上班), with the holiday they pay for.
    pub work: BTreeMap<NaiveDate, String>,
    pub provenance: Provenance,
    /// Days a provisional year cannot settle (the notice may make them off or working); empty
    /// for an official year.
    pub uncertain: BTreeSet<NaiveDate>,
}

/// Where a year's arrangement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// The State Council's notice, shipped or loaded by an admin.
    Official,
    /// Computed from the statutory holidays while the notice is missing.
    Provisional,
}

/// How to count a day a provisional year cannot settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncertain {
    /// As a working day: periods end as early as the notice could make them (the bureau's own
    /// deadlines, so that it never misses one).
    Working,
    /// As a day off: periods end as late as the notice could make them (a party's periods, so
    /// that none is cut short).
    Off,
}

/// Whether a period counts every day or only working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayCount {
    Natural,
    Working,
}

/// A working-day question about a year whose arrangement is not loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no working-day calendar is loaded for {0}: load it with `zhifa calendar import FILE`")]
pub struct CalendarGap(pub i32);

impl CalendarGap {
    pub fn message_zh(&self) -> String {
        format!("尚未载入 {} 年的工作日安排：请用 `zhifa calendar import 文件` 载入", self.0)
    }
}

/// The years known, each complete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    years: BTreeMap<i32, YearCalendar>,
}

impl WorkCalendar {
    pub fn new(years: impl IntoIterator<Item = YearCalendar>) -> WorkCalendar {
        WorkCalendar { years: years.into_iter().map(|y| (y.year, y)).collect() }
    }

    /// Adds or replaces a year.
    pub fn insert(&mut self, year: YearCalendar) {
        self.years.insert(year.year, year);
    }

    pub fn years(&self) -> impl Iterator<Item = &YearCalendar> {
        self.years.values()
    }

    pub fn year(&self, year: i32) -> Option<&YearCalendar> {
        self.years.get(&year)
    }

    /// Fills every year a provisional arrangement can be computed for and no notice covers.
    pub fn with_provisional(mut self) -> WorkCalendar {
        for year in provisional::YEARS {
            if let std::collections::btree_map::Entry::Vacant(slot) = self.years.entry(year) {
                if let Some(computed) = provisional::provisional_year(year) {
                    slot.insert(computed);
                }
            }
        }
        self
    }

    /// The first day of the first provisional year, if any.
    pub fn provisional_from(&self) -> Option<NaiveDate> {
        let first = self.years.values().find(|y| y.provenance == Provenance::Provisional)?;
        NaiveDate::from_ymd_opt(first.year, 1, 1)
    }

    /// Whether a count ending on `day` may have crossed a provisional year: a date computed so
    /// is provisional.
    pub fn is_provisional(&self, day: NaiveDate) -> bool {
        self.provisional_from().is_some_and(|first| day >= first)
    }

    /// Whether `day` is a working day, counting an uncertain day of a provisional year as a day
    /// off (the later bound; see [`Self::is_working_day_counting`]).
    pub fn is_working_day(&self, day: NaiveDate) -> Result<bool, CalendarGap> {
        self.is_working_day_counting(day, Uncertain::Off)
    }

    /// Whether `day` is a working day: a weekday that is not a holiday, or a make-up weekend
    /// day; an uncertain day of a provisional year as `uncertain` says.
    pub fn is_working_day_counting(
        &self,
        day: NaiveDate,
        uncertain: Uncertain,
    ) -> Result<bool, CalendarGap> {
        let year = self.years.get(&day.year()).ok_or(CalendarGap(day.year()))?;
        if year.uncertain.contains(&day) {
            return Ok(uncertain == Uncertain::Working);
        }
        if year.work.contains_key(&day) {
            return Ok(true);
        }
        if year.off.contains_key(&day) {
            return Ok(false);
        }
        Ok(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// The last day of a period of `n` days starting the day after `start` (the day of the event
    /// itself is not counted): natural days need no calendar; working days skip weekends and
    /// holidays and count make-up days. Uncertain days of a provisional year count as days off
    /// (the later end); the bureau's own deadlines use [`Self::add_days_counting`].
    pub fn add_days(
        &self,
        start: NaiveDate,
        n: u32,
        count: DayCount,
    ) -> Result<NaiveDate, CalendarGap> {
        self.add_days_counting(start, n, count, Uncertain::Off)
    }

    /// [`Self::add_days`], counting uncertain days as `uncertain` says.
    pub fn add_days_counting(
        &self,
        start: NaiveDate,
        n: u32,
        count: DayCount,
        uncertain: Uncertain,
    ) -> Result<NaiveDate, CalendarGap> {
        match count {
            DayCount::Natural => Ok(start + Days::new(u64::from(n))),
            DayCount::Working => self.add_working_days(start, n, uncertain),
        }
    }

    fn add_working_days(
        &self,
        start: NaiveDate,
        n: u32,
        uncertain: Uncertain,
    ) -> Result<NaiveDate, CalendarGap> {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().ok_or(CalendarGap(day.year()))?;
            if self.is_working_day_counting(day, uncertain)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// `day` itself if it is a working day, else the first working day after it.
    pub fn first_working_day_from(
        &self,
        day: NaiveDate,
        uncertain: Uncertain,
    ) -> Result<NaiveDate, CalendarGap> {
        let mut day = day;
        while !self.is_working_day_counting(day, uncertain)? {
            day = day.succ_opt().ok_or(CalendarGap(day.year()))?;
        }
        Ok(day)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<u32, CalendarGap> {
        self.working_days_between_counting(from, to, Uncertain::Off)
    }

    /// [`Self::working_days_between`], counting uncertain days as `uncertain` says.
    pub fn working_days_between_counting(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        uncertain: Uncertain,
    ) -> Result<u32, CalendarGap> {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day.succ_opt().ok_or(CalendarGap(day.year()))?;
            if self.is_working_day_counting(day, uncertain)? {
                count += 1;
            }
        }
        Ok(count)
    }
}

/// The arrangements this release knows, from `db/calendar/` (the project's own transcription of
/// the State Council notices).
pub const SHIPPED: [(&str, &str); 2] = [
    ("2025.toml", include_str!("../../../db/calendar/2025.toml")),
    ("2026.toml", include_str!("../../../db/calendar/2026.toml")),
];

/// The shipped years as a calendar, with the provisional years computed for those after them
/// (an official year loaded later replaces its provisional one: [`WorkCalendar::insert`]).
pub fn shipped() -> Result<WorkCalendar, format::CalendarFileError> {
    Ok(shipped_official()?.with_provisional())
}

/// Only the shipped notices, without provisional years.
pub fn shipped_official() -> Result<WorkCalendar, format::CalendarFileError> {
    let years = SHIPPED.iter().map(|(name, text)| format::parse(name, text));
    Ok(WorkCalendar::new(years.collect::<Result<Vec<_>, _>>()?))
}

/// Every day of `year`, for checks over whole years.
pub fn days_of(year: i32) -> impl Iterator<Item = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    first.into_iter().flat_map(move |d| d.iter_days().take_while(move |d| d.year() == year))
}

/// The set of days in a year that are off, for comparing two sources.
pub fn rest_days(calendar: &WorkCalendar, year: i32) -> Result<BTreeSet<NaiveDate>, CalendarGap> {
    let mut out = BTreeSet::new();
    for day in days_of(year) {
        if !calendar.is_working_day(day)? {
            out.insert(day);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
