//! Deadline arithmetic against the real arrangements (APL art. 85), the shipped data against the
//! published dataset in `../shared/data/holidays-cn`, the format's refusals, and properties over
//! every start day of the shipped years.

use super::format::parse;
use super::*;
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("test date {s}: {e}"))
}

fn calendar() -> WorkCalendar {
    shipped().unwrap_or_else(|e| panic!("shipped calendar: {e}"))
}

#[test]
fn working_days_skip_holidays_and_count_make_up_days() {
    let c = calendar();
    // 2026 National Day: Oct 1–7 off, Saturday Oct 10 worked.
    assert_eq!(c.add_days(day("2026-09-30"), 5, DayCount::Working), Ok(day("2026-10-13")));
    // Spring Festival 2026: Saturday Feb 14 worked, Feb 15–23 off.
    assert_eq!(c.add_days(day("2026-02-13"), 2, DayCount::Working), Ok(day("2026-02-24")));
    // An ordinary week: Friday + 1 working day is Monday.
    assert_eq!(c.add_days(day("2026-11-20"), 1, DayCount::Working), Ok(day("2026-11-23")));
    assert_eq!(c.is_working_day(day("2026-10-10")), Ok(true));
    assert_eq!(c.is_working_day(day("2026-10-05")), Ok(false));
    assert_eq!(c.is_working_day(day("2026-11-22")), Ok(false), "a plain Sunday");
    assert_eq!(c.add_days(day("2026-11-24"), 0, DayCount::Working), Ok(day("2026-11-24")));
}

#[test]
fn a_year_without_a_calendar_is_flagged_not_counted() {
    let c = calendar();
    // 2027–2035 are computed (provisional); before and after, a gap.
    assert_eq!(c.add_days(day("2035-12-30"), 5, DayCount::Working), Err(CalendarGap(2036)));
    assert_eq!(c.is_working_day(day("2024-06-03")), Err(CalendarGap(2024)));
    let official = shipped_official().expect("shipped");
    assert_eq!(official.add_days(day("2026-12-30"), 5, DayCount::Working), Err(CalendarGap(2027)));
    // Natural days need no calendar: 90 days from filing (APL art. 60).
    assert_eq!(c.add_days(day("2026-12-01"), 90, DayCount::Natural), Ok(day("2027-03-01")));
    assert!(CalendarGap(2027).message_zh().contains("2027"));
}

#[test]
fn a_provisional_year_gives_the_bureau_the_earlier_and_a_party_the_later_end() {
    let c = calendar();
    assert!(!c.is_provisional(day("2026-12-31")));
    assert!(c.is_provisional(day("2027-01-04")));
    assert_eq!(c.year(2027).map(|y| y.provenance), Some(Provenance::Provisional));
    // 2027: 除夕 Friday 5 February, 初一–初三 6–8 February (art. 2(2) of the holiday measures),
    // weekdays uncertain from 29 January to 15 February, weekends from 22 January to 22
    // February. Five working days from Tuesday 2 February:
    let bureau = c.add_days_counting(day("2027-02-02"), 5, DayCount::Working, Uncertain::Working);
    let party = c.add_days_counting(day("2027-02-02"), 5, DayCount::Working, Uncertain::Off);
    let (bureau, party) = (bureau.expect("counted"), party.expect("counted"));
    // the bureau's bound counts every day but the statutory ones: 3, 4, 9, 10, 11 February;
    assert_eq!(bureau, day("2027-02-11"));
    // a party's bound counts none of the uncertain ones: 16–19 February and Monday 22 February
    // (the weekend of 20–21 February may be make-up days, but not for a party).
    assert_eq!(party, day("2027-02-22"));
    // Loading the notice replaces the provisional year.
    let mut loaded = c.clone();
    loaded.insert(parse("2027.toml", "year = 2027\n").expect("valid"));
    assert!(!loaded.is_provisional(day("2027-02-09")));
}

#[test]
fn the_shipped_years_match_the_published_arrangements() {
    let dir = std::path::Path::new("../shared/data/holidays-cn");
    if !dir.exists() {
        eprintln!("skipped: ../shared/data/holidays-cn is not here");
        return;
    }
    let c = calendar();
    for year in [2025, 2026] {
        let text = std::fs::read_to_string(dir.join(format!("{year}.json"))).expect("read");
        let published: serde_json::Value = serde_json::from_str(&text).expect("json");
        let days = published["days"].as_array().expect("days");
        let mut expected: std::collections::BTreeSet<NaiveDate> =
            days_of(year).filter(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun)).collect();
        for d in days {
            let date = day(d["date"].as_str().expect("date"));
            if d["isOffDay"].as_bool().expect("flag") {
                expected.insert(date);
            } else {
                expected.remove(&date);
            }
        }
        assert_eq!(rest_days(&c, year), Ok(expected), "{year}");
    }
}

#[test]
fn the_format_refuses_what_cannot_be_true() {
    let ok = "year = 2027\n[[holidays]]\nname = \"春节\"\noff = [\"2027-02-06..2027-02-13\"]\nwork = [\"2027-02-20\"]\n";
    let year = parse("2027.toml", ok).expect("valid");
    assert_eq!((year.off.len(), year.work.len()), (8, 1));
    let cases = [
        ("year = 2027\n[[holidays]]\nname = \"x\"\nwork = [\"2027-02-17\"]\n", "is a weekday"),
        ("year = 2027\n[[holidays]]\nname = \"x\"\noff = [\"2026-12-31\"]\n", "is not in 2027"),
        ("year = 2027\n[[holidays]]\nname = \"x\"\noff = [\"2027-02-20\"]\nwork = [\"2027-02-20\"]\n", "both"),
        ("year = 2027\n[[holidays]]\nname = \"x\"\noff = [\"2027-02-10..2027-02-01\"]\n", "first day first"),
        ("year = 2027\n[[holidays]]\nname = \"x\"\noff = [\"2027-02-30\"]\n", "not a date"),
        ("year = 2027\nyaer = 1\n", "unknown field"),
    ];
    for (text, reason) in cases {
        let error = parse("bad.toml", text).expect_err(reason).to_string();
        assert!(error.starts_with("bad.toml: ") && error.contains(reason), "{error}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// For any start in the shipped years and any length that stays inside them: the result is
    /// a working day, exactly `n` working days follow the start up to it, and a longer period
    /// never ends earlier.
    #[test]
    fn working_day_periods_count_exactly(offset in 0u64..650, n in 1u32..40) {
        let c = calendar();
        let start = day("2025-01-01") + Days::new(offset);
        let end = c.add_days(start, n, DayCount::Working).expect("inside the shipped years");
        prop_assert!(end > start);
        prop_assert_eq!(c.is_working_day(end), Ok(true));
        prop_assert_eq!(c.working_days_between(start, end), Ok(n));
        let longer = c.add_days(start, n + 1, DayCount::Working).expect("inside");
        prop_assert!(longer > end);
        let natural = c.add_days(start, n, DayCount::Natural).expect("natural");
        prop_assert!(natural <= end, "working days are never fewer than calendar days");
    }
}
