//! A year's arrangement computed from the law when the State Council's notice is not loaded yet.
//!
//! 《全国年节及纪念日放假办法》 (revised 2024-11-10) art. 2 fixes the days off of every year:
//! 元旦 1 day (1 January), 春节 4 days (除夕 and 正月初一 to 初三), 清明 1 day, 劳动节 2 days
//! (1–2 May), 端午 1 day, 中秋 1 day, 国庆节 3 days (1–3 October). What the annual notice adds
//! cannot be known in advance: art. 6 gives a weekday off for a holiday falling on a weekend
//! (which weekday, the notice says), and art. 7 lets the notice join holidays to weekends with
//! make-up working days (调休) "so that work before and after runs no more than 6 days in a row,
//! save special cases".
//!
//! So a computed year has three kinds of day: certainly off (the art. 2 days), certainly
//! ordinary (far from any holiday: a weekday works, a weekend rests), and **uncertain** (near a
//! holiday, where the notice may move it either way). How an uncertain day is counted is the
//! caller's choice ([`super::Uncertain`]): the bureau's own deadlines count it as working (the
//! earliest date the notice could give), a party's periods as off (the latest).
//!
//! The windows of uncertainty: a weekend day within 14 days of 春节, 劳动节 or 国庆节 (7 days
//! of a one-day holiday) may become a make-up working day; a weekday within 7 days of them (3
//! days of a one-day holiday) may become a bridged day off. Every make-up day and bridged day of
//! the notices of 2025 and 2026 falls inside them (a test checks the two shipped years), and art.
//! 7's six-day rule keeps moved days within a week or two of the holiday. Days moved across the new year (a late
//! December make-up day for 元旦) are not modelled: a computed year never changes the year
//! before it.
//!
//! Lunar dates (除夕, 端午, 中秋) come from a table for the years it covers (a test checks each
//! against the new moon computed astronomically); 清明 from the solar-term formula. Pure.

use super::{Provenance, YearCalendar};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// The years a provisional arrangement can be computed for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2025..=2035;

/// 正月初一, 端午 (五月初五) and 中秋 (八月十五) of each year of [`YEARS`] (month, day), from the
/// published Chinese calendar (紫金山天文台《中国天文年历》 as reproduced in every almanac).
const LUNAR: [LunarYear; 11] = [
    LunarYear { year: 2025, new_year: (1, 29), duanwu: (5, 31), zhongqiu: (10, 6) },
    LunarYear { year: 2026, new_year: (2, 17), duanwu: (6, 19), zhongqiu: (9, 25) },
    LunarYear { year: 2027, new_year: (2, 6), duanwu: (6, 9), zhongqiu: (9, 15) },
    LunarYear { year: 2028, new_year: (1, 26), duanwu: (5, 28), zhongqiu: (10, 3) },
    LunarYear { year: 2029, new_year: (2, 13), duanwu: (6, 16), zhongqiu: (9, 22) },
    LunarYear { year: 2030, new_year: (2, 3), duanwu: (6, 5), zhongqiu: (9, 12) },
    LunarYear { year: 2031, new_year: (1, 23), duanwu: (6, 24), zhongqiu: (10, 1) },
    LunarYear { year: 2032, new_year: (2, 11), duanwu: (6, 12), zhongqiu: (9, 19) },
    LunarYear { year: 2033, new_year: (1, 31), duanwu: (6, 1), zhongqiu: (9, 8) },
    LunarYear { year: 2034, new_year: (2, 19), duanwu: (6, 20), zhongqiu: (9, 27) },
    LunarYear { year: 2035, new_year: (2, 8), duanwu: (6, 10), zhongqiu: (9, 16) },
];

/// (month, day)
type MonthDay = (u32, u32);

struct LunarYear {
    year: i32,
    new_year: MonthDay,
    duanwu: MonthDay,
    zhongqiu: MonthDay,
}

/// One holiday of art. 2: its name, its days, and how far around it the notice may move days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatutoryHoliday {
    pub name: &'static str,
    pub days: Vec<NaiveDate>,
    /// Weekend days this near may become make-up working days.
    pub weekend_window: u64,
    /// Weekdays this near may become days off.
    pub weekday_window: u64,
}

/// 正月初一 of `year` (the day after 除夕), if the table covers it.
pub fn spring_festival(year: i32) -> Option<NaiveDate> {
    lunar(year).map(|(new_year, _, _)| new_year)
}

fn lunar(year: i32) -> Option<(NaiveDate, NaiveDate, NaiveDate)> {
    let row = LUNAR.iter().find(|row| row.year == year)?;
    let date = |(m, d): MonthDay| NaiveDate::from_ymd_opt(year, m, d);
    Some((date(row.new_year)?, date(row.duanwu)?, date(row.zhongqiu)?))
}

/// 清明 (the sun at 15° longitude) in April of `year`, by the solar-term formula valid for
/// 2001–2099: day = ⌊Y·0.2422 + 4.81⌋ − ⌊Y/4⌋, Y the last two digits of the year (the leap
/// days before April of the century so far).
pub fn qingming(year: i32) -> Option<NaiveDate> {
    if !(2001..=2099).contains(&year) {
        return None;
    }
    let y = f64::from(year % 100);
    let day = (y * 0.2422 + 4.81).floor() as i32 - (year % 100) / 4;
    NaiveDate::from_ymd_opt(year, 4, u32::try_from(day).ok()?)
}

/// The art. 2 holidays of `year`, if its lunar dates are known.
pub fn statutory_holidays(year: i32) -> Option<Vec<StatutoryHoliday>> {
    let (new_year, duanwu, zhongqiu) = lunar(year)?;
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let run = |first: NaiveDate, n: u64| -> Vec<NaiveDate> {
        (0..n).filter_map(|i| first.checked_add_days(Days::new(i))).collect()
    };
    let eve = new_year.pred_opt()?;
    let long = |name, days| StatutoryHoliday { name, days, weekend_window: 14, weekday_window: 7 };
    let short = |name, day| StatutoryHoliday {
        name,
        days: vec![day],
        weekend_window: 7,
        weekday_window: 3,
    };
    Some(vec![
        short("元旦", ymd(1, 1)?),
        long("春节", run(eve, 4)),
        short("清明节", qingming(year)?),
        long("劳动节", run(ymd(5, 1)?, 2)),
        short("端午节", duanwu),
        short("中秋节", zhongqiu),
        long("国庆节", run(ymd(10, 1)?, 3)),
    ])
}

/// The provisional arrangement of `year`: the art. 2 days off, and the days around them the
/// notice may move. `None` outside [`YEARS`].
pub fn provisional_year(year: i32) -> Option<YearCalendar> {
    let holidays = statutory_holidays(year)?;
    let mut off = BTreeMap::new();
    for holiday in &holidays {
        for day in &holiday.days {
            off.insert(*day, holiday.name.to_string());
        }
    }
    let mut uncertain = BTreeSet::new();
    for holiday in &holidays {
        let (Some(first), Some(last)) = (holiday.days.first(), holiday.days.last()) else {
            continue;
        };
        let window = Days::new(holiday.weekend_window.max(holiday.weekday_window));
        let from = first.checked_sub_days(window).unwrap_or(*first);
        let to = last.checked_add_days(window).unwrap_or(*last);
        let near = from.iter_days().take_while(|d| *d <= to).filter(|d| {
            let distance = (*first - *d).num_days().max((*d - *last).num_days());
            let weekend = matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
            let reach = if weekend { holiday.weekend_window } else { holiday.weekday_window };
            distance <= reach as i64
        });
        uncertain.extend(near.filter(|d| d.year() == year && !off.contains_key(d)));
    }
    Some(YearCalendar {
        year,
        source: format!(
            "按《全国年节及纪念日放假办法》（2024年修订）第二条推算（{year}年安排未公布）"
        ),
        off,
        work: BTreeMap::new(),
        provenance: Provenance::Provisional,
        uncertain,
    })
}

#[cfg(test)]
mod tests;
