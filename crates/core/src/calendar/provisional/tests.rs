//! The computed years against what is known: the notices of 2025 and 2026 (every day the
//! computation calls certain must be as the notice has it), the new moons the lunar table rests
//! on (computed astronomically, Meeus, *Astronomical Algorithms* ch. 49), and 清明 as published.

use super::*;
use crate::calendar::{shipped_official, Uncertain, WorkCalendar};
use chrono::Weekday;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("test date {s}: {e}"))
}

#[test]
fn art_2_of_the_holiday_measures_gives_thirteen_days_off() {
    // 《全国年节及纪念日放假办法》 art. 2 (2024): 1 + 4 + 1 + 2 + 1 + 1 + 3 = 13 days, one fewer
    // when 中秋 falls in 1–3 October (3 October 2028, 1 October 2031).
    for year in YEARS {
        let computed = provisional_year(year).expect("year in range");
        let expected = if [2028, 2031].contains(&year) { 12 } else { 13 };
        assert_eq!(computed.off.len(), expected, "{year}: {:?}", computed.off);
        assert_eq!(computed.provenance, Provenance::Provisional);
        assert!(computed.work.is_empty());
        let spring = spring_festival(year).expect("table");
        assert_eq!(
            computed.off.get(&spring.pred_opt().expect("eve")).map(String::as_str),
            Some("春节")
        );
        let third = spring.checked_add_days(Days::new(2)).expect("初三");
        assert!(computed.off.contains_key(&third), "{year}: 初三 is off (art. 2(2))");
    }
    assert_eq!(provisional_year(2036), None, "beyond the table: a gap, not a guess");
}

#[test]
fn what_a_computed_year_calls_certain_agrees_with_the_notices_of_2025_and_2026() {
    let official = shipped_official().expect("shipped");
    for year in [2025, 2026] {
        let computed = WorkCalendar::new([provisional_year(year).expect("computed")]);
        for d in crate::calendar::days_of(year) {
            let truth = official.is_working_day(d).expect("official");
            let early = computed.is_working_day_counting(d, Uncertain::Working).expect("computed");
            let late = computed.is_working_day_counting(d, Uncertain::Off).expect("computed");
            if early == late {
                assert_eq!(early, truth, "{d}: the computation is sure, the notice differs");
            }
        }
        // Every holiday day of the notice is either a statutory day or an uncertain one.
        let notice = official.year(year).expect("year");
        let computed = provisional_year(year).expect("computed");
        for d in notice.off.keys().chain(notice.work.keys()) {
            assert!(
                computed.off.contains_key(d) || computed.uncertain.contains(d),
                "{d}: moved by the {year} notice yet outside the window"
            );
        }
    }
}

#[test]
fn qingming_by_the_formula_is_the_published_solar_term() {
    // 清明 as published (the 2025 and 2026 notices: 4 April 2025, 5 April 2026).
    let published = [
        (2025, 4),
        (2026, 5),
        (2027, 5),
        (2028, 4),
        (2029, 4),
        (2030, 5),
        (2031, 5),
        (2032, 4),
        (2033, 4),
        (2034, 5),
        (2035, 5),
    ];
    for (year, d) in published {
        assert_eq!(qingming(year), NaiveDate::from_ymd_opt(year, 4, d), "{year}");
    }
}

/// The instant of the new moon nearest `near` as a date in Beijing (UTC+8), from Meeus ch. 49
/// (the largest periodic terms: good to a few minutes, ΔT neglected).
fn new_moon_in_beijing(near: NaiveDate) -> NaiveDate {
    let years = f64::from(near.year()) + f64::from(near.ordinal()) / 365.25 - 2000.0;
    let k = (years * 12.3685).round();
    let t = k / 1236.85;
    let jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t * t;
    let rad = |deg: f64| deg.to_radians();
    let e = 1.0 - 0.002516 * t;
    let m = rad(2.5534 + 29.1053567 * k);
    let mp = rad(201.5643 + 385.81693528 * k + 0.0107582 * t * t);
    let f = rad(160.7108 + 390.67050284 * k);
    let om = rad(124.7746 - 1.56375588 * k);
    let correction = -0.4072 * mp.sin()
        + 0.17241 * e * m.sin()
        + 0.01608 * (2.0 * mp).sin()
        + 0.01039 * (2.0 * f).sin()
        + 0.00739 * e * (mp - m).sin()
        - 0.00514 * e * (mp + m).sin()
        + 0.00208 * e * e * (2.0 * m).sin()
        - 0.00111 * (mp - 2.0 * f).sin()
        - 0.00057 * (mp + 2.0 * f).sin()
        + 0.00056 * e * (2.0 * mp + m).sin()
        - 0.00042 * (3.0 * mp).sin()
        + 0.00042 * e * (m + 2.0 * f).sin()
        + 0.00038 * e * (m - 2.0 * f).sin()
        - 0.00024 * e * (2.0 * mp - m).sin()
        - 0.00017 * om.sin();
    // JD 2451544.5 is 2000-01-01 00:00 UT; Beijing is 8 hours ahead.
    let days = (jde + correction + 8.0 / 24.0 - 2451544.5).floor();
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("epoch") + Days::new(days as u64)
}

#[test]
fn the_lunar_table_falls_on_new_moons() {
    for year in LUNAR.iter().map(|row| row.year) {
        let (new_year, duanwu, zhongqiu) = lunar(year).expect("row");
        // 正月初一, 五月初一 and 八月初一 are the days of a new moon in Beijing.
        assert_eq!(new_moon_in_beijing(new_year), new_year, "{year} 正月初一");
        let fifth = duanwu - Days::new(4);
        assert_eq!(new_moon_in_beijing(fifth), fifth, "{year} 端午 is 五月初五");
        let eighth = zhongqiu - Days::new(14);
        assert_eq!(new_moon_in_beijing(eighth), eighth, "{year} 中秋 is 八月十五");
        // And in the right month: 春节 between 21 Jan and 20 Feb, 端午 late May to late June,
        // 中秋 early September to early October.
        assert!((day(&format!("{year}-01-21"))..=day(&format!("{year}-02-20"))).contains(&new_year));
        assert!((day(&format!("{year}-05-26"))..=day(&format!("{year}-06-25"))).contains(&duanwu));
        assert!((day(&format!("{year}-09-07"))..=day(&format!("{year}-10-08"))).contains(&zhongqiu));
    }
}

#[test]
fn uncertain_days_lie_near_holidays_and_include_the_weekends_the_notice_may_take() {
    let y2027 = provisional_year(2027).expect("2027");
    // 2027: 除夕 5 February (Friday), 初一 6 February; the Sunday before and the Saturday after
    // the block could be make-up days, the weekdays after 初三 could be bridged.
    assert!(y2027.off.contains_key(&day("2027-02-05")));
    for uncertain in ["2027-01-31", "2027-02-09", "2027-02-20"] {
        assert!(y2027.uncertain.contains(&day(uncertain)), "{uncertain}");
    }
    // A March weekday far from any holiday is an ordinary working day.
    let d = day("2027-03-17");
    assert_eq!(d.weekday(), Weekday::Wed);
    assert!(!y2027.uncertain.contains(&d) && !y2027.off.contains_key(&d));
}
