//! The one clock. Tests and demos set it with `ZHIFA_NOW` (RFC 3339); nothing else calls `now()`.
//!
//! Dates that matter to the law (effective dates, deadlines) are days in China Standard Time
//! (UTC+8, no daylight saving), whatever time zone the machine is set to.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub const ENV_NOW: &str = "ZHIFA_NOW";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// `ZHIFA_NOW` when set (an invalid value is an error, not silently ignored), else the system.
    pub fn from_env() -> Result<Clock, String> {
        match std::env::var(ENV_NOW) {
            Ok(text) => DateTime::parse_from_rfc3339(text.trim())
                .map(|t| Clock::Fixed(t.with_timezone(&Utc)))
                .map_err(|e| format!("{ENV_NOW}={text:?} is not an RFC 3339 time: {e}")),
            Err(_) => Ok(Clock::System),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }

    /// Today's date in China Standard Time.
    pub fn today(&self) -> NaiveDate {
        china_date(self.now())
    }
}

/// China Standard Time, checked at compile time.
pub const CHINA: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

pub fn china_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&CHINA).date_naive()
}

/// The day a stored text starts with (`YYYY-MM-DD…`: a day, or a time written from it), as
/// chrono reads it. The usual ten digits and dashes are read here directly: chrono's general
/// parser was a twentieth of a year's report, which reads a day for every record it counts.
pub fn day_at_start(text: &str) -> Option<NaiveDate> {
    let head = text.get(..10)?;
    match ymd(head.as_bytes()) {
        Some((y, m, d)) => NaiveDate::from_ymd_opt(y, m, d),
        None => head.parse().ok(),
    }
}

/// The day in China of a stored RFC 3339 time, as [`china_date`] of chrono's reading gives it.
/// The form the store writes (`YYYY-MM-DDTHH:MM:SSZ`) is read here directly; any other is left to
/// chrono.
pub fn china_date_of(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let usual = b.len() == 20
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
        && [11, 12, 14, 15, 17, 18].iter().all(|&i| b[i].is_ascii_digit());
    if let (true, Some((y, m, d))) = (usual, ymd(&b[..10])) {
        let (hour, minute, second) = (two(b, 11), two(b, 14), two(b, 17));
        if hour < 24 && minute < 60 && second < 60 {
            let day = NaiveDate::from_ymd_opt(y, m, d)?;
            // UTC+8: from 16:00 UTC it is the next day in China.
            return if hour >= 16 { day.succ_opt() } else { Some(day) };
        }
    }
    DateTime::parse_from_rfc3339(text).ok().map(|t| china_date(t.with_timezone(&Utc)))
}

/// Year, month and day of `YYYY-MM-DD` (ASCII digits in place), unchecked as a date.
fn ymd(b: &[u8]) -> Option<(i32, u32, u32)> {
    let digits = [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits {
        return None;
    }
    let year = i32::from(two(b, 0)) * 100 + i32::from(two(b, 2));
    Some((year, u32::from(two(b, 5)), u32::from(two(b, 8))))
}

/// The number of the two ASCII digits at `i`.
fn two(b: &[u8], i: usize) -> u8 {
    (b[i] - b'0') * 10 + (b[i + 1] - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_as_chrono_reads_them() {
        let texts = [
            "2026-11-24",
            "2026-11-24 08:30:00",
            "2024-02-29",
            "2025-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-05xx",
            "2026/11/24",
            "20261124",
            "",
            "2026-11-2",
            "０２６-11-24",
        ];
        for text in texts {
            let chrono = text.get(..10).and_then(|h| h.parse::<NaiveDate>().ok());
            assert_eq!(day_at_start(text), chrono, "{text:?}");
        }
    }

    #[test]
    fn a_stored_time_gives_the_day_in_china_as_chrono_does() {
        let texts = [
            "2026-11-24T15:59:59Z",
            "2026-11-24T16:00:00Z",
            "2026-12-31T23:59:59Z",
            "2024-02-28T16:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T10:61:00Z",
            "2026-11-24T10:00:00+08:00",
            "2026-11-24T10:00:00.5Z",
            "2026-02-30T01:00:00Z",
            "2026-11-24 10:00:00Z",
            "not a time",
            "2026-11-24T10:00:60Z",
        ];
        for text in texts {
            let chrono =
                DateTime::parse_from_rfc3339(text).ok().map(|t| china_date(t.with_timezone(&Utc)));
            assert_eq!(china_date_of(text), chrono, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_stamp_of_the_stored_shape_reads_as_chrono_reads_it(
            text in "[0-9]{4}-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9]Z"
        ) {
            let chrono = DateTime::parse_from_rfc3339(&text)
                .ok()
                .map(|t| china_date(t.with_timezone(&Utc)));
            proptest::prop_assert_eq!(china_date_of(&text), chrono);
            let day = text[..10].parse::<NaiveDate>().ok();
            proptest::prop_assert_eq!(day_at_start(&text), day);
        }
    }

    #[test]
    fn china_date_rolls_over_at_16_utc() {
        let t: DateTime<Utc> = "2026-11-24T15:59:59Z".parse().unwrap_or_default();
        assert_eq!(china_date(t).to_string(), "2026-11-24");
        let t: DateTime<Utc> = "2026-11-24T16:00:00Z".parse().unwrap_or_default();
        assert_eq!(china_date(t).to_string(), "2026-11-25");
    }

    #[test]
    fn fixed_clock_reports_its_time() {
        let t: DateTime<Utc> = "2026-01-02T03:04:05Z".parse().unwrap_or_default();
        assert_eq!(Clock::Fixed(t).now(), t);
        assert_eq!(Clock::Fixed(t).today().to_string(), "2026-01-02");
    }
}
