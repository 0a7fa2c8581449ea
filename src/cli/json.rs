//! `--json` output: the exact text of every record, yet safe to print on a terminal.
//!
//! serde_json escapes C0 controls but writes DEL, the C1 controls (U+009B is a CSI to many
//! terminals), bidi overrides and invisible joiners as raw UTF-8. Here every character the
//! display sanitiser would change (`text::safe_char`) is written as a `\uXXXX` escape instead:
//! the same JSON value, so a parser reads back exactly what is stored, but nothing in the bytes
//! can command the terminal or hide in it.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

/// `value` as pretty-printed JSON with the characters a terminal must not see escaped.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut bytes = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut bytes, SafeFormatter(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    // The formatter writes only what serde_json gave it (valid UTF-8) and ASCII escapes.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Prints `value` as pretty JSON on standard output.
pub fn print<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<()> {
    println!("{}", pretty(value)?);
    Ok(())
}

/// serde_json's pretty layout, with its string fragments escaped where a terminal needs it.
struct SafeFormatter<'a>(PrettyFormatter<'a>);

impl Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::text::safe_char(c) == Some(c) {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..i])?;
            for unit in c.encode_utf16(&mut [0; 2]) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_layout_is_serde_jsons_pretty_one() {
        let value = serde_json::json!({"a": [1, {"b": "张三"}], "c": [], "d": {}});
        assert_eq!(
            pretty(&value).expect("json"),
            serde_json::to_string_pretty(&value).expect("json")
        );
    }

    #[test]
    fn controls_are_escaped_and_read_back_exactly() {
        let name = "\x1b[2J\x1b]0;pwned\x07\u{9b}31m\u{7f}\u{202e}👨\u{200d}👩\u{1f3fd}";
        let out = pretty(&serde_json::json!({ "name": name })).expect("json");
        assert!(out.contains(r"\u001b[2J") && out.contains(r"\u009b") && out.contains(r"\u202e"));
        assert!(out.contains(r"\ud83c\udffd"), "a supplementary character as a surrogate pair");
        assert!(!out.chars().any(|c| c != '\n' && crate::text::is_terminal_control(c)), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(back["name"], name);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn any_text_round_trips(text in any::<String>()) {
            let out = pretty(&[&text]).expect("json");
            prop_assert!(!out.chars().any(|c| c != '\n' && crate::text::is_terminal_control(c)));
            let back: Vec<String> = serde_json::from_str(&out).expect("valid JSON");
            prop_assert_eq!(&back[0], &text);
        }
    }
}
