//! Text encodings of published CSV and JSON files.
//!
//! Chinese government CSVs are as often GBK (Excel's "CSV" on a Chinese Windows) as UTF-8, with
//! or without a BOM. The rule never guesses silently: a BOM decides (UTF-8, UTF-16LE/BE); else
//! strict UTF-8; else GB18030 (a superset of GBK), and only if that decodes without a single
//! error. The chosen name goes into the import report. Spreadsheets are not handled here.
//!
//! A file that is plainly UTF-8 up to a broken byte (a download cut short, a damaged copy) is
//! refused naming the line, not tried as GB18030: UTF-8 Chinese often decodes as GB18030
//! without an error, into mojibake that would import as garbage names.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};
use std::str::Utf8Error;

/// Non-ASCII characters before a broken byte that make a file UTF-8 rather than GBK: GBK text
/// passes for UTF-8 by chance for a character or two, never for eight.
const UTF8_EVIDENCE: usize = 8;

/// Decoded text and the name of the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes `bytes` by the rule above; the error is a reason for [`super::ImportError::Encoding`].
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return strict_utf8(rest, "UTF-8 (BOM)");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return strict(UTF_16LE, rest, "UTF-16LE (BOM)");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return strict(UTF_16BE, rest, "UTF-16BE (BOM)");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(Decoded { text: text.to_string(), encoding: "UTF-8" }),
        Err(e) if is_damaged_utf8(bytes, &e) => return Err(broken_utf8(bytes, &e, 0)),
        Err(_) => {}
    }
    strict(GB18030, bytes, "GB18030").map_err(|_| {
        let place = invalid_utf8_place(bytes);
        format!(
            "not UTF-8 from {place} on, nor GB18030/GBK: save the file as UTF-8 (or GBK) and \
             import again"
        )
    })
}

/// Where the first byte that is not UTF-8 is, as a person finds it in an editor: line and
/// column (counted in characters), and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf8Place {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl Utf8Place {
    /// The place of the first byte of `bytes` that is not UTF-8; `None` when all is UTF-8.
    pub fn of(bytes: &[u8]) -> Option<Utf8Place> {
        let offset = std::str::from_utf8(bytes).err()?.valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..offset]);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some(Utf8Place { line, column, offset })
    }

    pub fn message_zh(self) -> String {
        format!("第 {} 行第 {} 列（字节偏移 {}）", self.line, self.column, self.offset)
    }
}

impl std::fmt::Display for Utf8Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {} (byte offset {})", self.line, self.column, self.offset)
    }
}

/// [`Utf8Place::of`] as text (empty when all is UTF-8).
fn invalid_utf8_place(bytes: &[u8]) -> String {
    Utf8Place::of(bytes).map(|p| p.to_string()).unwrap_or_default()
}

fn strict_utf8(bytes: &[u8], name: &'static str) -> Result<Decoded, String> {
    std::str::from_utf8(bytes)
        .map(|text| Decoded { text: text.to_string(), encoding: name })
        .map_err(|e| format!("file starts with a UTF-8 BOM but is {}", broken_utf8(bytes, &e, 3)))
}

fn is_damaged_utf8(bytes: &[u8], error: &Utf8Error) -> bool {
    let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]);
    valid.is_ok_and(|text| text.chars().filter(|c| !c.is_ascii()).count() >= UTF8_EVIDENCE)
}

/// Where UTF-8 breaks, as an editor shows it (`skipped`: the bytes of a BOM before `bytes`, so
/// the offset is the file's).
fn broken_utf8(bytes: &[u8], error: &Utf8Error, skipped: usize) -> String {
    let place = Utf8Place::of(bytes).map(|p| Utf8Place { offset: p.offset + skipped, ..p });
    let place = place.map(|p| p.to_string()).unwrap_or_default();
    let what = match error.error_len() {
        None => "the file ends in the middle of a character (cut short?)",
        Some(_) => "a byte there is not UTF-8 (a damaged copy?)",
    };
    format!("not UTF-8 at {place}: {what}; save the file again as UTF-8 and import again")
}

fn strict(
    encoding: &'static Encoding,
    bytes: &[u8],
    name: &'static str,
) -> Result<Decoded, String> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(format!("invalid {name} byte sequence"));
    }
    Ok(Decoded { text: text.into_owned(), encoding: name })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: Result<(&str, &str), ()>) {
        let got = decode(bytes);
        match expected {
            Ok((text, name)) => {
                let got = got.unwrap_or_else(|e| panic!("{bytes:?}: {e}"));
                assert_eq!((got.text.as_str(), got.encoding), (text, name), "{bytes:?}");
            }
            Err(()) => assert!(got.is_err(), "{bytes:?} should fail, got {got:?}"),
        }
    }

    #[test]
    fn decides_by_bom_then_utf8_then_gb18030() {
        check("事项名称".as_bytes(), Ok(("事项名称", "UTF-8")));
        check(b"\xEF\xBB\xBFcode,name", Ok(("code,name", "UTF-8 (BOM)")));
        let (gbk, _, _) = GB18030.encode("事项名称,备注");
        check(&gbk, Ok(("事项名称,备注", "GB18030")));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("名称".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        check(&utf16, Ok(("名称", "UTF-16LE (BOM)")));
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("名称".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        check(&utf16be, Ok(("名称", "UTF-16BE (BOM)")));
    }

    /// Regression: a UTF-8 file cut in the middle of a character was tried as GB18030, which
    /// often decodes UTF-8 Chinese without an error, into mojibake.
    #[test]
    fn damaged_utf8_is_refused_at_its_line_not_read_as_gb18030() {
        let text = "事项编码,事项名称\nA1,对擅自占用城市道路的处罚\n";
        let bytes = text.as_bytes();
        // Two bytes of 罚 and the line break lost: GB18030 reads the rest as mojibake.
        let cut = &bytes[..bytes.len() - 3];
        assert!(GB18030.decode_without_bom_handling_and_without_replacement(cut).is_some());
        let reason = decode(cut).expect_err("cut short");
        assert!(reason.starts_with("not UTF-8 at line 2, column 15 (byte offset 62)"), "{reason}");
        assert!(reason.contains("cut short"), "{reason}");
        let mut damaged = bytes.to_vec();
        damaged[30] = 0xFF;
        assert!(decode(&damaged).expect_err("damaged").contains("line 2"));
    }

    #[test]
    fn undecodable_bytes_are_an_error_not_a_guess() {
        // 0x81 0x20 is a broken GB18030 lead/trail pair and invalid UTF-8.
        check(b"name\x81\x20x", Err(()));
        check(b"\xEF\xBB\xBF\xC3\x28", Err(()));
    }

    #[test]
    fn the_first_byte_that_is_not_utf8_is_placed_by_line_and_column() {
        assert_eq!(Utf8Place::of("名称\n占道".as_bytes()), None);
        // 名 is one column of three bytes.
        let bytes = "a\n名".bytes().chain(*b"\x81").collect::<Vec<u8>>();
        let place = Utf8Place::of(&bytes).expect("not UTF-8");
        assert_eq!(place.to_string(), "line 2, column 2 (byte offset 5)");
        assert_eq!(place.message_zh(), "第 2 行第 2 列（字节偏移 5）");
        // 0x81 0x20 is neither UTF-8 nor GB18030.
        let reason = decode(b"code,name\n1,ab\x81\x20x\n").expect_err("undecodable");
        assert!(reason.contains("line 2, column 5 (byte offset 14)"), "{reason}");
    }

    use proptest::prelude::*;

    fn config(cases: u32) -> ProptestConfig {
        ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
    }

    /// Text as published catalogs hold it: CJK, ASCII, full-width punctuation, line breaks.
    fn catalog_text() -> impl Strategy<Value = String> {
        "[\\u{4E00}-\\u{9FA5}a-zA-Z0-9，。；：（）《》、 ,\"\n\r\t-]{0,60}"
    }

    fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
        let (bom, units): ([u8; 2], Vec<u8>) = if little_endian {
            ([0xFF, 0xFE], text.encode_utf16().flat_map(u16::to_le_bytes).collect())
        } else {
            ([0xFE, 0xFF], text.encode_utf16().flat_map(u16::to_be_bytes).collect())
        };
        bom.into_iter().chain(units).collect()
    }

    proptest! {
        #![proptest_config(config(3000))]

        /// Text saved with any BOM, as UTF-8, or as GB18030 decodes to itself, named by its
        /// encoding; GB18030 bytes that happen to be valid UTF-8 are read as UTF-8 (the rule).
        #[test]
        fn text_in_every_encoding_decodes_to_itself(text in catalog_text(), way in 0_u8..5) {
            let (bytes, name): (Vec<u8>, &str) = match way {
                0 => (text.as_bytes().to_vec(), "UTF-8"),
                1 => ([b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(), "UTF-8 (BOM)"),
                2 => (utf16(&text, true), "UTF-16LE (BOM)"),
                3 => (utf16(&text, false), "UTF-16BE (BOM)"),
                _ => (GB18030.encode(&text).0.into_owned(), "GB18030"),
            };
            let got = decode(&bytes).map_err(TestCaseError::fail)?;
            match std::str::from_utf8(&bytes) {
                Ok(utf8) if way == 4 => prop_assert_eq!((got.text.as_str(), got.encoding), (utf8, "UTF-8")),
                _ => prop_assert_eq!((got.text.as_str(), got.encoding), (text.as_str(), name)),
            }
        }

        /// Any bytes: text and the encoding it was read as, or a reason. Text read as UTF-8 or
        /// UTF-16 encodes back to exactly the bytes (nothing replaced or dropped); valid UTF-8
        /// without a BOM is always read as UTF-8.
        #[test]
        fn any_bytes_decode_exactly_or_give_a_reason(
            body in prop::collection::vec(any::<u8>(), 0..200), bom in 0_u8..4,
        ) {
            let prefix: &[u8] = match bom {
                0 => b"",
                1 => b"\xEF\xBB\xBF",
                2 => b"\xFF\xFE",
                _ => b"\xFE\xFF",
            };
            let bytes = [prefix, &body].concat();
            let decoded = match decode(&bytes) {
                Ok(decoded) => decoded,
                Err(reason) => {
                    prop_assert!(reason.contains("UTF") || reason.contains("GB18030"), "{}", reason);
                    return Ok(());
                }
            };
            let boms: [&[u8]; 3] = [b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"];
            let has_bom = boms.iter().any(|b| bytes.starts_with(b));
            if !has_bom && std::str::from_utf8(&bytes).is_ok() {
                prop_assert_eq!(decoded.encoding, "UTF-8");
            }
            let text = decoded.text.as_str();
            match decoded.encoding {
                "UTF-8" => prop_assert_eq!(text.as_bytes(), bytes.as_slice()),
                "UTF-8 (BOM)" => prop_assert_eq!(text.as_bytes(), &bytes[3..]),
                "UTF-16LE (BOM)" => prop_assert_eq!(utf16(text, true), bytes),
                "UTF-16BE (BOM)" => prop_assert_eq!(utf16(text, false), bytes),
                other => {
                    prop_assert_eq!(other, "GB18030");
                    let encoded = GB18030.encode(text).0;
                    let again = GB18030.decode_without_bom_handling(&encoded).0;
                    prop_assert_eq!(again.as_ref(), text);
                }
            }
        }
    }
}
