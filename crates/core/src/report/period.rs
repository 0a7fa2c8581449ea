//! Report periods: any range of days, or the week, month, quarter or year around a day, stepped
//! back and forth; and the same period a year earlier.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

/// Days `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The same days a year earlier (29 February becomes the 28th).
    pub fn last_year(&self) -> Period {
        let back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).unwrap_or(d);
        Period { from: back(self.from), to: back(self.to) }
    }

    /// From the first of `today`'s month to `today`: the CLI's default.
    pub fn month_so_far(today: NaiveDate) -> Period {
        Period { from: today.with_day(1).unwrap_or(today), to: today }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} – {}", self.from, self.to)
    }
}

/// The calendar periods a bureau reports on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PeriodKind {
    Week,
    #[default]
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] =
        [PeriodKind::Week, PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year];

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            PeriodKind::Week => lang.pick("周", "week"),
            PeriodKind::Month => lang.pick("月", "month"),
            PeriodKind::Quarter => lang.pick("季度", "quarter"),
            PeriodKind::Year => lang.pick("年", "year"),
        }
    }

    pub fn next(self) -> PeriodKind {
        let at = PeriodKind::ALL.iter().position(|k| *k == self).unwrap_or(0);
        PeriodKind::ALL[(at + 1) % PeriodKind::ALL.len()]
    }

    /// The period of this kind holding `day` (weeks start on Monday).
    pub fn around(self, day: NaiveDate) -> Period {
        let first_of = |month: u32| NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day);
        let from = match self {
            PeriodKind::Week => day - Days::new(u64::from(day.weekday().num_days_from_monday())),
            PeriodKind::Month => first_of(day.month()),
            PeriodKind::Quarter => first_of((day.month0() / 3) * 3 + 1),
            PeriodKind::Year => first_of(1),
        };
        let to = match self {
            PeriodKind::Week => from + Days::new(6),
            PeriodKind::Month => end_of_months(from, 1),
            PeriodKind::Quarter => end_of_months(from, 3),
            PeriodKind::Year => end_of_months(from, 12),
        };
        Period { from, to }
    }

    /// The period `steps` periods after (or before, when negative) the one holding `day`.
    pub fn step(self, day: NaiveDate, steps: i32) -> Period {
        let here = self.around(day);
        let count = steps.unsigned_abs();
        let moved = match self {
            PeriodKind::Week => {
                let days = Days::new(7 * u64::from(count));
                if steps < 0 {
                    here.from.checked_sub_days(days)
                } else {
                    here.from.checked_add_days(days)
                }
            }
            _ => {
                let months = Months::new(count * self.months());
                if steps < 0 {
                    here.from.checked_sub_months(months)
                } else {
                    here.from.checked_add_months(months)
                }
            }
        };
        self.around(moved.unwrap_or(here.from))
    }

    fn months(self) -> u32 {
        match self {
            PeriodKind::Week => 0,
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        }
    }
}

/// The last day of the `months` months starting with `first`'s.
fn end_of_months(first: NaiveDate, months: u32) -> NaiveDate {
    first.checked_add_months(Months::new(months)).and_then(|next| next.pred_opt()).unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn periods_around_a_day_and_steps_between_them() {
        let day = d("2026-11-24"); // a Tuesday
        assert_eq!(
            PeriodKind::Week.around(day),
            Period { from: d("2026-11-23"), to: d("2026-11-29") }
        );
        assert_eq!(
            PeriodKind::Month.around(day),
            Period { from: d("2026-11-01"), to: d("2026-11-30") }
        );
        assert_eq!(
            PeriodKind::Quarter.around(day),
            Period { from: d("2026-10-01"), to: d("2026-12-31") }
        );
        assert_eq!(
            PeriodKind::Year.around(day),
            Period { from: d("2026-01-01"), to: d("2026-12-31") }
        );
        assert_eq!(PeriodKind::Month.step(day, -11).from, d("2025-12-01"));
        assert_eq!(
            PeriodKind::Quarter.step(day, 1),
            Period { from: d("2027-01-01"), to: d("2027-03-31") }
        );
        assert_eq!(PeriodKind::Week.step(day, -1).from, d("2026-11-16"));
        assert_eq!(PeriodKind::Month.around(d("2024-02-10")).to, d("2024-02-29"));
    }

    #[test]
    fn last_year_keeps_the_days_and_shortens_a_leap_day() {
        let p = Period { from: d("2024-02-01"), to: d("2024-02-29") };
        assert_eq!(p.last_year(), Period { from: d("2023-02-01"), to: d("2023-02-28") });
        assert_eq!(Period::month_so_far(d("2026-11-24")).from, d("2026-11-01"));
    }
}
