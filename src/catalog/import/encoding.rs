//! Text encodings of published CSV and JSON files.
//!
//! Chinese government CSVs are as often GBK (Excel's "CSV" on a Chinese Windows) as UTF-8, with
//! or without a BOM. The rule never guesses silently: a BOM decides (UTF-8, UTF-16LE/BE); else
//! strict UTF-8; else GB18030 (a superset of GBK), and only if that decodes without a single
//! error. The chosen name goes into the import report. Spreadsheets are not handled here.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

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
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded { text: text.to_string(), encoding: "UTF-8" });
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
        .map_err(|_| {
            let place = invalid_utf8_place(bytes);
            format!("file starts with a UTF-8 BOM but is not UTF-8 from {place} on (after the BOM)")
        })
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
}
