//! Working-day calendar files (`calendar::format::parse`): generated years read back to the
//! days off and make-up working days written; one impossible or contradictory date is refused
//! naming the file, the holiday and the date; any text never panics.

use crate::gen::config;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use zhifa::calendar::format::parse;

/// One holiday as written: its name, days off (single days and ranges) and make-up days.
#[derive(Debug, Clone)]
struct Holiday {
    name: String,
    off: Vec<(NaiveDate, u64)>,
    work: Vec<NaiveDate>,
}

#[derive(Debug, Clone)]
struct Year {
    year: i32,
    holidays: Vec<Holiday>,
    /// Single dates written `A..A` as well as `A`.
    ranges_for_singles: bool,
}

fn spec((from, len): (NaiveDate, u64), ranges_for_singles: bool) -> String {
    match (len, ranges_for_singles) {
        (0, false) => from.to_string(),
        _ => format!("{from}..{}", from + Days::new(len)),
    }
}

fn quoted(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", items.join(", "))
}

impl Year {
    fn toml(&self) -> String {
        let mut out = format!("year = {}\nsource = \"国务院办公厅通知\"\n", self.year);
        for h in &self.holidays {
            let off: Vec<String> =
                h.off.iter().map(|o| spec(*o, self.ranges_for_singles)).collect();
            let work: Vec<String> = h.work.iter().map(NaiveDate::to_string).collect();
            out.push_str(&format!(
                "\n[[holidays]]\nname = \"{}\"\noff = {}\nwork = {}\n",
                h.name,
                quoted(&off),
                quoted(&work)
            ));
        }
        out
    }

    /// What the file means: each day off with the holiday naming it last, each make-up day.
    fn days(&self) -> (BTreeMap<NaiveDate, String>, BTreeMap<NaiveDate, String>) {
        let (mut off, mut work) = (BTreeMap::new(), BTreeMap::new());
        for h in &self.holidays {
            for (from, len) in &h.off {
                for day in from.iter_days().take(*len as usize + 1) {
                    off.insert(day, h.name.clone());
                }
            }
        }
        for h in &self.holidays {
            for day in &h.work {
                work.insert(*day, h.name.clone());
            }
        }
        (off, work)
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A valid year: ranges inside the year and at most a month long, make-up days on weekends
/// that no holiday takes off.
fn year() -> impl Strategy<Value = Year> {
    let holiday = (
        "[\u{4E00}-\u{9FA5}]{1,6}",
        prop::collection::vec((1_u32..366, 0_u64..32), 0..4),
        prop::collection::vec(1_u32..366, 0..3),
    );
    (2000_i32..=2100, prop::collection::vec(holiday, 0..6), any::<bool>()).prop_map(
        |(year, raw, ranges_for_singles)| {
            let day = |ordinal: u32| {
                NaiveDate::from_yo_opt(year, ordinal)
                    .or_else(|| NaiveDate::from_yo_opt(year, 365))
                    .unwrap_or_default()
            };
            let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
            let mut holidays: Vec<Holiday> = raw
                .iter()
                .map(|(name, off, _)| Holiday {
                    name: name.clone(),
                    off: off
                        .iter()
                        .map(|(o, len)| (day(*o), (*len).min((last - day(*o)).num_days() as u64)))
                        .collect(),
                    work: Vec::new(),
                })
                .collect();
            let taken: BTreeSet<NaiveDate> =
                Year { year, holidays: holidays.clone(), ranges_for_singles }
                    .days()
                    .0
                    .into_keys()
                    .collect();
            for (holiday, (_, _, work)) in holidays.iter_mut().zip(&raw) {
                // The weekend day at or after the one drawn that no holiday takes off, if any.
                holiday.work = work
                    .iter()
                    .filter_map(|o| {
                        day(*o)
                            .iter_days()
                            .take_while(|d| d.year() == year)
                            .find(|d| is_weekend(*d) && !taken.contains(d))
                    })
                    .collect();
            }
            Year { year, holidays, ranges_for_singles }
        },
    )
}

/// One thing wrong with a valid year, and words the refusal must contain.
#[derive(Debug, Clone)]
enum Wrong {
    NoSuchDay(u8),
    OtherYear,
    WeekdayWorked,
    OffAndWorked,
    BackwardRange,
    LongRange,
}

fn wrong() -> impl Strategy<Value = Wrong> {
    prop_oneof![
        (0_u8..5).prop_map(Wrong::NoSuchDay),
        Just(Wrong::OtherYear),
        Just(Wrong::WeekdayWorked),
        Just(Wrong::OffAndWorked),
        Just(Wrong::BackwardRange),
        Just(Wrong::LongRange),
    ]
}

/// Adds a holiday `错` holding the wrong date to `year`; returns the words the refusal names.
fn spoil(text: &mut String, year: i32, wrong: &Wrong, month: u32) -> String {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let month_end = (28..=31).rev().find(|d| first.with_day(*d).is_some()).unwrap_or(28);
    let weekday = first.iter_days().find(|d| !is_weekend(*d)).unwrap_or(first);
    let weekend = first.iter_days().find(|d| is_weekend(*d)).unwrap_or(first);
    let (off, work, reason) = match wrong {
        Wrong::NoSuchDay(how) => {
            let bad = match how {
                0 => format!("{year}-{month:02}-{:02}", month_end + 1),
                1 => format!("{year}-13-{month:02}"),
                2 => format!("{year}-{month:02}-00"),
                3 => format!("{year}/{month:02}/01"),
                _ => format!("{year}年{month}月1日"),
            };
            (bad.clone(), String::new(), format!("“{bad}” is not a date of the form YYYY-MM-DD"))
        }
        Wrong::OtherYear => {
            let other = first.with_year(year + 1).unwrap_or(first);
            (other.to_string(), String::new(), format!("{other} is not in {year}"))
        }
        Wrong::WeekdayWorked => {
            (String::new(), weekday.to_string(), format!("{weekday} is a weekday"))
        }
        Wrong::OffAndWorked => (
            weekend.to_string(),
            weekend.to_string(),
            format!("{weekend} is both a day off and a working day"),
        ),
        Wrong::BackwardRange => {
            let spec = format!("{}..{first}", first + Days::new(3));
            (spec.clone(), String::new(), format!("“{spec}” is not a range of at most a month"))
        }
        Wrong::LongRange => {
            let spec = format!("{first}..{}", first + Days::new(32));
            (spec.clone(), String::new(), format!("“{spec}” is not a range of at most a month"))
        }
    };
    let list = |s: String| if s.is_empty() { "[]".to_string() } else { format!("[\"{s}\"]") };
    text.push_str(&format!(
        "\n[[holidays]]\nname = \"错\"\noff = {}\nwork = {}\n",
        list(off),
        list(work)
    ));
    format!("错: {reason}")
}

proptest! {
    #![proptest_config(config(2000))]

    /// A generated year reads back to exactly the days written.
    #[test]
    fn a_generated_year_reads_back(year in year()) {
        let text = year.toml();
        let parsed = parse("year.toml", &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (off, work) = year.days();
        prop_assert_eq!(parsed.year, year.year);
        prop_assert_eq!(parsed.off, off, "{}", text);
        prop_assert_eq!(parsed.work, work, "{}", text);
    }

    /// One impossible day, a day of another year, a weekday made a working day, a day both off
    /// and worked, a backward or too long range: refused naming the file, the holiday, the date.
    #[test]
    fn one_wrong_date_is_refused_by_name(year in year(), wrong in wrong(), month in 1_u32..13) {
        let mut text = year.toml();
        let reason = spoil(&mut text, year.year, &wrong, month);
        let error = parse("2027.toml", &text).err().map(|e| e.to_string()).unwrap_or_default();
        prop_assert!(error.starts_with(&format!("2027.toml: {reason}")), "{} ≠ {}\n{}", error, reason, text);
    }

    /// A year outside 2000–2100, an unknown key, a value of the wrong type: refused naming the
    /// file (and the line, for TOML's own errors).
    #[test]
    fn a_wrong_key_or_value_is_refused_with_its_line(year in year(), how in 0_u8..4, n in 0_i32..5000) {
        let text = year.toml();
        let (spoiled, words) = match how {
            0 => (text.replacen(&format!("year = {}", year.year), &format!("year = {}", if n < 2000 { n } else { n + 101 }), 1), "is not a year this calendar can hold".to_string()),
            1 => (text.replacen("source", "sourse", 1), "line 2".to_string()),
            2 => (text.replacen("year = ", "year = \"", 1).replacen('\n', "\"\n", 1), "line 1".to_string()),
            _ => (format!("{text}\n[[holidays]]\noff = []\n"), "missing field `name`".to_string()),
        };
        let error = parse("bad.toml", &spoiled).err().map(|e| e.to_string()).unwrap_or_default();
        prop_assert!(error.starts_with("bad.toml: ") && error.contains(&words), "{} lacks {}\n{}", error, words, spoiled);
    }

    /// Any text, including a valid year cut anywhere: a year, or a refusal naming the file.
    #[test]
    fn any_text_is_read_or_refused_naming_the_file(
        year in year(), at in any::<prop::sample::Index>(),
        pieces in prop::collection::vec(prop_oneof![
            prop::sample::select(vec!["year = ", "2026", "[[holidays]]", "name = ", "off = ", "work = ", "\"", "[", "]", "..", "\n", ",", "2026-02-30", "2026-02-14"]).prop_map(str::to_string),
            "\\PC{0,6}",
        ], 0..16),
    ) {
        let text = year.toml();
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        for candidate in [text[..cut].to_string(), pieces.concat()] {
            if let Err(e) = parse("any.toml", &candidate) {
                prop_assert!(e.to_string().starts_with("any.toml: "), "{}", e);
            }
        }
    }
}
