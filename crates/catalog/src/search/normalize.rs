//! Text normalisation shared by the index and the query: full-width → half-width, ASCII
//! lowercase, traditional → simplified. Names are normalised **one char to one char**, so that a
//! char index into the normalised name is also a char index into the original name (that is what
//! highlighting needs). Queries are additionally stripped of punctuation and split into terms.
//!
//! Traditional → simplified for names goes through a per-code-point table built once from
//! OpenCC's dictionaries (context-free, which is all a name needs and keeps the index build fast);
//! queries go through OpenCC's phrase-aware conversion ([`to_simplified`]), then through the same
//! table.

use std::sync::OnceLock;

use ferrous_opencc::{config::BuiltinConfig, OpenCC};

/// The traditional → simplified converter, built once (its dictionaries are compiled in).
fn converter() -> Option<&'static OpenCC> {
    static CONVERTER: OnceLock<Option<OpenCC>> = OnceLock::new();
    CONVERTER.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok()).as_ref()
}

/// Traditional → simplified with OpenCC's phrases (乾隆 stays, 乾淨 becomes 干净). The
/// dictionaries are built into the binary; were they ever unreadable, text stays as written,
/// which only costs a traditional query its simplified matches.
pub fn to_simplified(text: &str) -> String {
    match converter() {
        Some(cc) => cc.convert(text),
        None => text.to_string(),
    }
}

/// First and last code point of the CJK table (Extension A up to the end of the URO block).
pub(crate) const CJK_FIRST: u32 = 0x3400;
pub(crate) const CJK_LAST: u32 = 0x9FFF;

/// Per-code-point simplified form of every CJK ideograph in the table range.
pub(crate) fn t2s_table() -> &'static [char] {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // One conversion over all chars, separated by spaces so that its phrase rules see a
        // neutral neighbour: one allocation instead of 27 000.
        let mut all = String::with_capacity(((CJK_LAST - CJK_FIRST + 1) * 4) as usize);
        for cp in CJK_FIRST..=CJK_LAST {
            all.push(char::from_u32(cp).unwrap_or(' '));
            all.push(' ');
        }
        let converted = to_simplified(&all);
        let table: Vec<char> = converted.chars().step_by(2).collect();
        if table.len() == (CJK_LAST - CJK_FIRST + 1) as usize {
            table
        } else {
            // Single chars convert char for char; should that ever change, fall back to the identity.
            (CJK_FIRST..=CJK_LAST).map(|cp| char::from_u32(cp).unwrap_or(' ')).collect()
        }
    })
}

/// Normalise one char of a name: same meaning, canonical form. Never changes the char count.
#[inline]
pub fn norm_char(c: char) -> char {
    norm_char_in(t2s_table(), c)
}

/// [`norm_char`] with the table already fetched (the index build calls this millions of times).
#[inline]
pub(crate) fn norm_char_in(t2s: &[char], c: char) -> char {
    let cp = c as u32;
    if cp < 0x80 {
        return c.to_ascii_lowercase();
    }
    if (CJK_FIRST..=CJK_LAST).contains(&cp) {
        return t2s.get((cp - CJK_FIRST) as usize).copied().unwrap_or(c);
    }
    match cp {
        // Full-width ASCII forms (！ to ～) map onto ASCII by a fixed offset.
        0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0).unwrap_or(c).to_ascii_lowercase(),
        // Ideographic (full-width) space.
        0x3000 => ' ',
        _ => c,
    }
}

/// Normalise a whole name, char for char.
pub fn norm_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().map(norm_char)
}

/// Normalised string (used for law names and codes).
pub fn norm_string(s: &str) -> String {
    norm_chars(s).collect()
}

/// Characters a query keeps: letters, digits and ideographs. Punctuation and symbols are dropped
/// because names spell the same thing with different punctuation (、，（）《》).
#[inline]
pub fn is_query_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Split a query into normalised terms. Whitespace (half- or full-width) separates terms;
/// punctuation is dropped. Empty terms are removed.
pub fn query_terms(query: &str) -> Vec<Vec<char>> {
    let simplified = to_simplified(query);
    let mut terms: Vec<Vec<char>> = Vec::new();
    let mut current: Vec<char> = Vec::new();
    for c in simplified.chars().map(norm_char) {
        if c.is_whitespace() {
            if !current.is_empty() {
                terms.push(std::mem::take(&mut current));
            }
        } else if is_query_char(c) {
            current.push(c);
        }
    }
    if !current.is_empty() {
        terms.push(current);
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case_fold_to_ascii_lowercase() {
        assert_eq!(norm_string("ＡＢＣ１２３abc"), "abc123abc");
        assert_eq!(norm_string("LED　屏"), "led 屏");
    }

    #[test]
    fn traditional_folds_to_simplified_one_for_one() {
        assert_eq!(norm_string("佔用城市道路"), "占用城市道路");
        assert_eq!(norm_string("垃圾分類"), "垃圾分类");
        assert_eq!("垃圾分類".chars().count(), norm_chars("垃圾分類").count());
    }

    #[test]
    fn queries_convert_by_phrase_where_a_char_alone_is_ambiguous() {
        // 乾 is 干 in 乾淨 but stays in the name 乾隆: a query goes through OpenCC's phrases.
        assert_eq!(to_simplified("乾淨 乾隆"), "干净 乾隆");
        let terms: Vec<String> =
            query_terms("違法佔道經營").iter().map(|t| t.iter().collect()).collect();
        assert_eq!(terms, vec!["违法占道经营"]);
    }

    #[test]
    fn query_splits_on_spaces_and_drops_punctuation() {
        let terms = query_terms(" 占用，城市　道路 ＫＴＶ ");
        let as_strings: Vec<String> = terms.iter().map(|t| t.iter().collect()).collect();
        assert_eq!(as_strings, vec!["占用城市", "道路", "ktv"]);
        assert!(query_terms("  ，。 ").is_empty());
    }
}
