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

#[cfg(test)]
mod tests {
    use super::*;

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
