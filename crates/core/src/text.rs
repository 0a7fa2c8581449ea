//! Display-width helpers: Chinese characters take two terminal columns, so lengths, cuts and
//! cursor positions are counted in columns, never in chars or bytes.
//!
//! Every text these helpers return is safe to print ([`safe`]): control characters shown as
//! pictures, bidi controls neutralised, invisible joiners left out. So a width is the sum of the
//! widths of the characters shown, the same sum ratatui draws, and columns line up whatever a
//! name holds. Text printed without being cut or padded goes through [`safe_line`] or
//! [`safe_text`].

pub mod numerals;
mod safe;

pub use safe::{is_terminal_control, safe, safe_char, safe_line, safe_text, Layout};

use unicode_width::UnicodeWidthChar;

/// The columns `text` takes on one line, as shown ([`safe_line`]).
pub fn width(text: &str) -> usize {
    safe_line(text).chars().map(char_width).sum()
}

/// The columns one printable character takes. The halfwidth katakana sound marks (ﾞ ﾟ) take a
/// column of their own in terminals (and in ratatui) though Unicode calls them combining.
pub fn char_width(c: char) -> usize {
    match c {
        '\u{ff9e}' | '\u{ff9f}' => 1,
        _ => c.width().unwrap_or(0),
    }
}

/// Cuts `text` to at most `max` columns, ending with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    let text = safe_line(text);
    if width(&text) <= max {
        return text.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Pads `text` with spaces to exactly `columns` (truncating first if it is wider).
pub fn pad(text: &str, columns: usize) -> String {
    let cut = truncate(text, columns);
    let fill = columns.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

/// The column at which the char with index `char_index` starts.
pub fn column_of(text: &str, char_index: usize) -> usize {
    text.chars().take(char_index).map(char_width).sum()
}

/// Breaks `text` into lines of at most `max` columns (at least one char per line, so a width
/// smaller than one wide char still makes progress). Chinese has no spaces, so this breaks
/// anywhere; existing newlines are kept.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in safe_text(text).split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for c in paragraph.chars() {
            let w = char_width(c);
            if used + w > max && !line.is_empty() {
                // An English word being written moves whole to the next line (after its space);
                // Chinese, with no spaces, breaks between any two characters.
                let word_from = (c.is_ascii_alphanumeric())
                    .then(|| line.rfind(' ').map(|at| at + 1))
                    .flatten()
                    .filter(|&at| {
                        at < line.len() && line[at..].chars().all(|w| w.is_ascii_graphic())
                    });
                let carried = word_from.map(|at| line.split_off(at)).unwrap_or_default();
                lines.push(std::mem::take(&mut line));
                used = width(&carried);
                line = carried;
            }
            line.push(c);
            used += w;
        }
        lines.push(line);
    }
    lines
}

/// Chinese punctuation touching ASCII (“QX01、DG02”, “行政处罚（2026”, “QJ3001：同意”): English
/// text punctuated the Chinese way, each with a few characters around it. Between two Chinese
/// words the mark belongs to them; 〔〕 are part of every document number (〔2026〕综执罚字第1号).
/// The language checks of the interface and of the command line use it.
pub fn chinese_punctuation_by_ascii(text: &str) -> Vec<String> {
    let is_mark = |c: char| {
        (('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
            && !matches!(c, '〔' | '〕')
    };
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|&i| is_mark(chars[i]))
        .filter(|&i| {
            let before = i.checked_sub(1).map(|j| chars[j]);
            [before, chars.get(i + 1).copied()]
                .into_iter()
                .flatten()
                .any(|c| c.is_ascii_alphanumeric())
        })
        .map(|i| chars[i.saturating_sub(8)..(i + 8).min(chars.len())].iter().collect())
        .collect()
}

/// Full-width ASCII forms (a Chinese input method's full-width mode: ２０２６－１１－２４) and the
/// ideographic space as their ASCII counterparts; everything else unchanged.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_columns_and_marks_the_cut() {
        assert_eq!(truncate("占用道路", 8), "占用道路");
        assert_eq!(truncate("占用道路", 7), "占用道…");
        assert_eq!(truncate("占用道路", 6), "占用…");
        assert_eq!(truncate("占用道路", 1), "…");
        assert_eq!(truncate("占用道路", 0), "");
    }

    #[test]
    fn pad_fills_to_the_exact_width() {
        assert_eq!(width(&pad("占用", 7)), 7);
        assert_eq!(width(&pad("占用道路施工", 7)), 7);
    }

    #[test]
    fn cursor_column_counts_wide_chars_twice() {
        assert_eq!(column_of("占用ab", 0), 0);
        assert_eq!(column_of("占用ab", 2), 4);
        assert_eq!(column_of("占用ab", 3), 5);
        assert_eq!(column_of("占用ab", 99), 6);
    }

    #[test]
    fn wrap_never_exceeds_the_width() {
        let lines = wrap("违反本条第一款规定的，处五十元以上罚款", 9);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l) <= 9), "{lines:?}");
        assert_eq!(lines.concat(), "违反本条第一款规定的，处五十元以上罚款");
        assert_eq!(wrap("a\nb", 5), vec!["a", "b"]);
        assert_eq!(wrap("占", 1), vec!["占"]);
    }

    #[test]
    fn chinese_punctuation_is_found_only_where_it_touches_ascii() {
        assert_eq!(chinese_punctuation_by_ascii("QX01、DG02"), vec!["QX01、DG02"]);
        assert_eq!(chinese_punctuation_by_ascii("处罚（2026年）").len(), 1);
        assert!(chinese_punctuation_by_ascii("青溪路、学府路").is_empty());
        assert!(chinese_punctuation_by_ascii("〔2026〕综执罚字第1号").is_empty());
    }

    #[test]
    fn english_words_are_not_broken_across_lines() {
        let said = "account QJ1002 is locked: a team leader must unlock it";
        let lines = wrap(said, 20);
        assert_eq!(
            lines,
            vec!["account QJ1002 is ", "locked: a team ", "leader must unlock ", "it"]
        );
        assert_eq!(lines.concat(), said);
        // A word longer than the line still breaks, never loops.
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }

    #[test]
    fn cuts_and_pads_show_no_control_and_keep_their_width() {
        let hostile = "\x1b[2J\x1b]0;pwned\x07张\u{200b}三\u{202e}";
        assert_eq!(truncate(hostile, 40), "␛[2J␛]0;pwned␇张三\u{fffd}");
        assert_eq!(width(hostile), 19);
        for columns in 0..22 {
            let padded = pad(hostile, columns);
            assert!(!padded.chars().any(is_terminal_control), "{padded:?}");
            assert_eq!(width(&padded), columns, "{padded:?}");
        }
        assert_eq!(wrap("一\x1b二\r\n三", 4), vec!["一␛", "二", "三"]);
    }

    #[test]
    fn columns_align_with_zero_width_and_combining_characters() {
        for cell in
            ["张三", "张\u{200d}三", "e\u{301}e\u{301}e\u{301}e", "👨\u{200d}👩", "ab\u{feff}"]
        {
            assert_eq!(width(&pad(cell, 6)), 6, "{cell:?}");
            assert_eq!(rendered_width(&pad(cell, 6)), 6, "{cell:?} as ratatui draws it");
        }
        // ｶﾞ takes two columns in terminals; ratatui 0.30 counts three (it adds a column for ﾞ
        // that unicode-width 0.2 already counts), so only our count is checked.
        assert_eq!(width("ｶﾞｶﾞ"), 4);
    }

    /// The columns ratatui fills drawing `text` on one line.
    fn rendered_width(text: &str) -> usize {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        let mut buffer = Buffer::empty(Rect::new(0, 0, 400, 1));
        let (x, _) = buffer.set_stringn(0, 0, text, 400, ratatui::style::Style::new());
        usize::from(x)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 300, ..proptest::prelude::ProptestConfig::default()
        })]

        /// Whatever a name holds, the width we count is the width ratatui draws.
        #[test]
        fn counted_width_is_drawn_width(text in "(\\PC|\\pC|\\p{Mn}|[\u{200b}-\u{200f}\u{202a}-\u{202e}\u{fe0f}\u{1f3fb}\u{1100}\u{1161}]){0,30}") {
            let shown = safe_line(&text);
            proptest::prop_assert_eq!(width(&text), rendered_width(&shown), "{:?}", shown);
        }
    }
}
