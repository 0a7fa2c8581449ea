//! The calendar file an admin loads (`docs/calendar-format.md`): one year in TOML, each holiday
//! with its days off (single dates or `A..B` ranges) and its make-up working days.
//!
//! Every problem is refused with the file, the holiday and the reason: a date outside the year,
//! a make-up "working day" that is not a weekend, the same day both off and working.

use super::{Provenance, YearCalendar};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    year: i32,
    #[serde(default)]
    source: String,
    #[serde(default)]
    holidays: Vec<Holiday>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Holiday {
    name: String,
    #[serde(default)]
    off: Vec<String>,
    #[serde(default)]
    work: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct CalendarFileError {
    pub file: String,
    pub message: String,
}

/// Reads one year's arrangement from the text of `file`.
pub fn parse(file: &str, text: &str) -> Result<YearCalendar, CalendarFileError> {
    let error = |message: String| CalendarFileError { file: file.to_string(), message };
    let parsed: File =
        toml::from_str(text).map_err(|e| error(e.to_string().trim_end().to_string()))?;
    if !(2000..=2100).contains(&parsed.year) {
        return Err(error(format!("year {} is not a year this calendar can hold", parsed.year)));
    }
    let mut year = YearCalendar {
        year: parsed.year,
        source: parsed.source.trim().to_string(),
        off: BTreeMap::new(),
        work: BTreeMap::new(),
        provenance: Provenance::Official,
        uncertain: Default::default(),
    };
    for holiday in &parsed.holidays {
        add_holiday(&mut year, holiday).map_err(|m| error(format!("{}: {m}", holiday.name)))?;
    }
    Ok(year)
}

fn add_holiday(year: &mut YearCalendar, holiday: &Holiday) -> Result<(), String> {
    let name = holiday.name.trim();
    if name.is_empty() {
        return Err("a holiday needs a name".into());
    }
    for spec in &holiday.off {
        for day in dates(spec)? {
            check_year(year.year, day)?;
            if year.work.contains_key(&day) {
                return Err(format!("{day} is both a day off and a working day"));
            }
            year.off.insert(day, name.to_string());
        }
    }
    for spec in &holiday.work {
        for day in dates(spec)? {
            check_year(year.year, day)?;
            if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                return Err(format!(
                    "{day} is a weekday: only a weekend day can become a working day"
                ));
            }
            if year.off.contains_key(&day) {
                return Err(format!("{day} is both a day off and a working day"));
            }
            year.work.insert(day, name.to_string());
        }
    }
    Ok(())
}

fn check_year(year: i32, day: NaiveDate) -> Result<(), String> {
    if day.year() != year {
        return Err(format!("{day} is not in {year}"));
    }
    Ok(())
}

/// `2026-02-15` or `2026-02-15..2026-02-23` (both ends included).
fn dates(spec: &str) -> Result<Vec<NaiveDate>, String> {
    let date = |s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| format!("“{}” is not a date of the form YYYY-MM-DD", s.trim()))
    };
    match spec.split_once("..") {
        None => Ok(vec![date(spec)?]),
        Some((from, to)) => {
            let (from, to) = (date(from)?, date(to)?);
            if to < from || (to - from).num_days() > 31 {
                return Err(format!("“{spec}” is not a range of at most a month, first day first"));
            }
            Ok(from.iter_days().take_while(|d| *d <= to).collect())
        }
    }
}
