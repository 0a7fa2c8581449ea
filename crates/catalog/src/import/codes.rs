//! Item codes (事项编码): cleaning published codes, and deriving a stable code when a list has
//! none.
//!
//! Excel damages codes in two ways. A 12-digit Zhejiang code such as 330275012000 becomes a
//! number; that is recoverable (warning). An 18-digit code shown as `3.30217E+17` has lost its
//! last digits for good; that is an error, because guessing would key the diff on a wrong code.
//! This module does not check uniqueness; the row stage does, across the whole file.

use super::table::{fold_width, one_line, Cell};
use sha2::{Digest, Sha256};

/// The prefix of derived codes; published codes never start with it followed by 12 hex digits.
pub const DERIVED_PREFIX: &str = "D";

/// A stable code from the normalised name and department: `D` + the first 12 hex digits of the
/// SHA-256 of `name` + U+001F + `department`. Normalising removes whitespace and line breaks and
/// folds full-width ASCII, so re-typing the same list (or exporting it from Excel again) keeps
/// every code; the department is part of the key because near-identical names are published
/// under different departments.
pub fn derive_code(name: &str, department: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(normalise_key(name).as_bytes());
    hasher.update([0x1F]);
    hasher.update(normalise_key(department).as_bytes());
    let digest = hasher.finalize();
    format!("{DERIVED_PREFIX}{}", &hex::encode(digest)[..12])
}

fn normalise_key(text: &str) -> String {
    fold_width(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// A published code after cleaning, with a warning when Excel had turned it into a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanCode {
    pub code: String,
    pub warning: Option<String>,
}

/// Cleans a code cell; the error is the message for an Error problem on that cell.
pub fn clean_code(cell: &Cell) -> Result<CleanCode, String> {
    let text: String =
        fold_width(&one_line(&cell.text)).chars().filter(|c| !c.is_whitespace()).collect();
    if looks_scientific(&text) || cell.number.is_some_and(|n| n.abs() >= 1e15) {
        return Err(format!(
            "code “{text}” has lost digits in Excel (scientific notation); re-export with the column as text"
        ));
    }
    let warning = match cell.number {
        Some(n) if n.fract() != 0.0 => {
            return Err(format!("code “{text}” is a decimal number; re-export with the column as text"))
        }
        Some(_) => Some(format!(
            "code {text} was stored as a number by Excel; read back as text “{text}” (leading zeros, if any, are lost; format the column as text)"
        )),
        None => None,
    };
    Ok(CleanCode { code: text, warning })
}

/// `3.30217E+17`, `3.3E17`, `3,30217E+17` (a comma-decimal locale).
fn looks_scientific(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    let Some((mantissa, exponent)) = upper.split_once('E') else {
        return false;
    };
    let exponent = exponent.trim_start_matches(['+', '-']);
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cell: Cell, expected: Result<(&str, bool), ()>) {
        let got = clean_code(&cell);
        match expected {
            Ok((code, warns)) => {
                let got = got.unwrap_or_else(|e| panic!("{cell:?}: {e}"));
                assert_eq!((got.code.as_str(), got.warning.is_some()), (code, warns), "{cell:?}");
            }
            Err(()) => assert!(got.is_err(), "{cell:?} should be an error: {got:?}"),
        }
    }

    fn number(n: f64) -> Cell {
        Cell { text: super::super::table::render_float(n), number: Some(n), merged: false }
    }

    #[test]
    fn codes_from_excel() {
        check(Cell::text("330275012000"), Ok(("330275012000", false)));
        check(Cell::text(" ３３０２７５０１２０００\u{3000}"), Ok(("330275012000", false)));
        check(Cell::text("ZJ-0012\n"), Ok(("ZJ-0012", false)));
        check(number(330275012000.0), Ok(("330275012000", true)));
        check(Cell::text("3.30217E+17"), Err(()));
        check(Cell::text("3.3e17"), Err(()));
        check(number(3.30217e17), Err(()));
        check(number(12.5), Err(()));
    }

    #[test]
    fn derived_codes_are_stable_and_distinct() {
        let a = derive_code("对擅自占用城市道路的行政处罚", "深圳市龙华区城市管理和综合执法局");
        assert_eq!(a.len(), 13);
        assert!(a.starts_with('D'));
        assert_eq!(
            a,
            derive_code(" 对擅自占用城市道路的\n行政处罚 ", "深圳市龙华区城市管理和综合执法局")
        );
        assert_ne!(a, derive_code("对擅自占用城市道路的行政处罚", "深圳市龙华区水务局"));
        assert_ne!(
            a,
            derive_code("对擅自占用城市道路的行政处理", "深圳市龙华区城市管理和综合执法局")
        );
        // The separator keeps name/department boundaries apart.
        assert_ne!(derive_code("ab", "c"), derive_code("a", "bc"));
    }
}

#[cfg(test)]
mod properties;
