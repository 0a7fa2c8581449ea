//! Properties of code cleaning and derived codes: a published code survives the spaces, line
//! breaks and full-width digits Excel and typists add; a number Excel made of a code comes back
//! as its digits with a warning, or is refused when digits were lost; any cell is cleaned or
//! refused without a panic; derived codes are stable and keyed on name and department.

use super::super::table::{render_float, Cell};
use super::*;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Full-width forms of ASCII letters, digits and `-`, as Chinese input methods type them.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// `text` with spaces, full-width spaces and line breaks put between its characters.
fn spaced(text: &str, gaps: &[u8]) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        out.push_str(match gaps.get(i).copied().unwrap_or(0) % 6 {
            1 => " ",
            2 => "\u{3000}",
            3 => "\n",
            4 => "\u{00A0}",
            _ => "",
        });
        out.push(c);
    }
    out
}

fn is_full_width_ascii(c: char) -> bool {
    ('\u{FF01}'..='\u{FF5E}').contains(&c)
}

fn number_cell(n: f64) -> Cell {
    Cell { text: render_float(n), number: Some(n), merged: false }
}

/// Published codes: Zhejiang's 12 digits, letter prefixes, dashes; never digits-E-digits.
fn published_code() -> impl Strategy<Value = String> {
    "[A-DF-Z]{0,3}-?[0-9]{1,14}(-[0-9A-D]{1,4})?"
}

proptest! {
    #![proptest_config(config(3000))]

    /// A published code typed with stray spaces, line breaks or in full width is cleaned back
    /// to itself, without a warning.
    #[test]
    fn a_published_code_survives_spacing_and_width(
        code in published_code(), gaps in prop::collection::vec(any::<u8>(), 20), wide in any::<bool>(),
    ) {
        let typed = spaced(&if wide { full_width(&code) } else { code.clone() }, &gaps);
        let clean = clean_code(&Cell::text(&typed)).map_err(TestCaseError::fail)?;
        prop_assert_eq!(clean, CleanCode { code, warning: None }, "{:?}", typed);
    }

    /// A whole number below 10^15 is the code's digits, with a warning; a larger one has lost
    /// digits and a fraction was never a code: both are refused, naming the code.
    #[test]
    fn codes_excel_made_numbers_are_read_back_or_refused(n in 1_u64..1_000_000_000_000_000_000, fraction in 0_u32..4) {
        let value = n as f64 + f64::from(fraction) / 4.0;
        let result = clean_code(&number_cell(value));
        if fraction == 0 && value < 1e15 {
            let clean = result.map_err(TestCaseError::fail)?;
            prop_assert_eq!(clean.code, n.to_string());
            prop_assert!(clean.warning.is_some_and(|w| w.contains(&n.to_string())));
        } else {
            let reason = result.err().unwrap_or_default();
            prop_assert!(reason.starts_with("code “") && reason.contains("re-export"), "{} → {}", value, reason);
        }
    }

    /// `3.30217E+17` as Excel shows a long code, in any case, sign or locale: refused.
    #[test]
    fn scientific_notation_is_refused(
        mantissa in "[1-9]([.,][0-9]{1,6})?", e in "[eE]", sign in "[+-]?", exponent in 1_u32..30,
    ) {
        let text = format!("{mantissa}{e}{sign}{exponent}");
        let reason = clean_code(&Cell::text(&text)).err().unwrap_or_default();
        prop_assert!(reason.contains("scientific notation"), "{} → {:?}", text, reason);
    }

    /// Any cell: a code with no whitespace and no full-width ASCII left, or a reason naming it.
    #[test]
    fn any_cell_is_cleaned_or_refused(text in "\\PC{0,24}", number in prop::option::of(any::<f64>())) {
        let cell = Cell { text: text.clone(), number, merged: false };
        match clean_code(&cell) {
            Ok(clean) => {
                prop_assert!(!clean.code.chars().any(char::is_whitespace), "{:?}", clean.code);
                prop_assert!(!clean.code.chars().any(is_full_width_ascii), "{:?}", clean.code);
            }
            Err(reason) => prop_assert!(reason.starts_with("code “"), "{}", reason),
        }
    }

    /// Derived codes: `D` + 12 hex digits, the same however the name and department are spaced
    /// or typed in width, different for another department.
    #[test]
    fn derived_codes_are_stable_and_keyed_on_department(
        name in "[\u{4E00}-\u{9FA5}A-Za-z0-9（）]{1,30}",
        department in "[\u{4E00}-\u{9FA5}]{2,12}",
        other in "[\u{4E00}-\u{9FA5}]{2,12}",
        gaps in prop::collection::vec(any::<u8>(), 30),
    ) {
        let code = derive_code(&name, &department);
        prop_assert_eq!(code.len(), 13);
        prop_assert!(code.starts_with(DERIVED_PREFIX) && code[1..].chars().all(|c| c.is_ascii_hexdigit()));
        prop_assert_eq!(&derive_code(&spaced(&full_width(&name), &gaps), &spaced(&department, &gaps)), &code);
        if other != department {
            prop_assert_ne!(derive_code(&name, &other), code);
        }
    }
}
