//! A station: the database of one team's station (or of the bureau itself) and the code the
//! centre files its events under (docs/CENTRAL.md). Pure: what a code may be.

use std::fmt;

/// A station's code: 2–16 capital letters, digits and hyphens, starting with a letter or digit
/// (`QJ`, `GX-01`). Given once per database, never changed: the centre knows the station by it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StationCode(String);

/// Why a text is not a station code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{text}” is not a station code: {reason}")]
pub struct BadStationCode {
    pub text: String,
    pub reason: &'static str,
}

impl StationCode {
    pub fn parse(text: &str) -> Result<StationCode, BadStationCode> {
        let code = text.trim().to_ascii_uppercase();
        let bad = |reason| Err(BadStationCode { text: text.to_string(), reason });
        if !(2..=16).contains(&code.len()) {
            return bad("2 to 16 characters");
        }
        if !code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-') {
            return bad("only letters A–Z, digits and hyphens");
        }
        if code.starts_with('-') {
            return bad("it must start with a letter or digit");
        }
        Ok(StationCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_capitals_digits_and_hyphens() {
        assert_eq!(StationCode::parse(" gx-01 ").expect("code").as_str(), "GX-01");
        assert_eq!(StationCode::parse("QJ").expect("code").to_string(), "QJ");
        for (text, reason) in [
            ("Q", "2 to 16"),
            ("ABCDEFGHIJKLMNOPQ", "2 to 16"),
            ("青江", "only letters"),
            ("Q J", "only letters"),
            ("-QJ", "start"),
        ] {
            let e = StationCode::parse(text).expect_err(text);
            assert!(e.to_string().contains(reason), "{text}: {e}");
        }
    }
}
