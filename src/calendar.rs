//! The working-day calendar and deadline arithmetic (APL art. 85: "two, three, five, seven days"
//! are working days, statutory holidays excluded).
//!
//! China moves working days around every year (调休): a holiday week is paid for with weekend
//! days that become working days, as the State Council announces each November. So the calendar
//! is data, one year at a time ([`YearCalendar`], read from the TOML format of
//! `docs/calendar-format.md`), and a deadline that reaches into a year nobody has loaded is an
//! error ([`CalendarGap`]), never a silent guess. Pure: no files, no database, no clock.

pub mod format;

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

    /// Whether `day` is a working day: a weekday that is not a holiday, or a make-up weekend day.
    pub fn is_working_day(&self, day: NaiveDate) -> Result<bool, CalendarGap> {
        let year = self.years.get(&day.year()).ok_or(CalendarGap(day.year()))?;
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
    /// holidays and count make-up days.
    pub fn add_days(
        &self,
        start: NaiveDate,
        n: u32,
        count: DayCount,
    ) -> Result<NaiveDate, CalendarGap> {
        match count {
            DayCount::Natural => Ok(start + Days::new(u64::from(n))),
            DayCount::Working => self.add_working_days(start, n),
        }
    }

    fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarGap> {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().ok_or(CalendarGap(day.year()))?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<u32, CalendarGap> {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day.succ_opt().ok_or(CalendarGap(day.year()))?;
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(count)
    }
}

/// The arrangements this release knows, from `db/calendar/` (the project's own transcription of
/// the State Council notices).
pub const SHIPPED: [(&str, &str); 2] = [
    ("2025.toml", include_str!("../db/calendar/2025.toml")),
    ("2026.toml", include_str!("../db/calendar/2026.toml")),
];

/// The shipped years as a calendar.
pub fn shipped() -> Result<WorkCalendar, format::CalendarFileError> {
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
