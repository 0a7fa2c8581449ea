//! Display-width helpers: Chinese characters take two terminal columns, so lengths, cuts and
//! cursor positions are counted in columns, never in chars or bytes.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(text: &str) -> usize {
    text.width()
}

pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Cuts `text` to at most `max` columns, ending with `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
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
    let fill = columns.saturating_sub(cut.width());
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
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for c in paragraph.chars() {
            let w = char_width(c);
            if used + w > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
        lines.push(line);
    }
    lines
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
}
