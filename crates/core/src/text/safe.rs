//! Text from people and files made safe to put on a terminal. Names, places and facts are stored
//! exactly as given (they are evidence), but a terminal must never receive them raw: an ESC or a
//! CSI (0x9b) in a name would be a command to the terminal, a right-to-left override would
//! reorder the rest of the line, and invisible joiners would make the columns we count differ
//! from the columns drawn.
//!
//! So, for display only: C0 and DEL become their control pictures (␛ ␇ ␍ ␊ ␡), C1 controls and
//! the bidi embeddings, overrides and isolates become U+FFFD, and the invisible characters that
//! only join, select or mark (zero-width space and joiners, variation selectors, bidi marks, tags,
//! fillers, emoji skin-tone modifiers) are left out, so every character shown has the width
//! [`super::char_width`] says. A tab is a space. Everything printable is untouched.
//!
//! This does not escape for machines: JSON output keeps the exact text (`cli::json` escapes).

use std::borrow::Cow;

/// Where a text is shown: on one line (a table cell, a list row, a title) or as lines (facts,
/// a paragraph that is wrapped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Line breaks are shown as ␊ / ␍: the text stays on its line.
    OneLine,
    /// Line breaks stay (CR LF and a lone CR become one LF).
    Lines,
}

/// `text` safe for one line of a terminal.
pub fn safe_line(text: &str) -> Cow<'_, str> {
    safe(text, Layout::OneLine)
}

/// `text` safe for a terminal, keeping its line breaks.
pub fn safe_text(text: &str) -> Cow<'_, str> {
    safe(text, Layout::Lines)
}

/// `text` as it may be shown in `layout`; borrowed when nothing needed changing.
pub fn safe(text: &str, layout: Layout) -> Cow<'_, str> {
    let Some(first) = text.char_indices().find(|(_, c)| needs_change(*c, layout)) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first.0]);
    let mut chars = text[first.0..].chars().peekable();
    while let Some(c) = chars.next() {
        match (c, layout) {
            // CR LF is one break; a lone CR (old Mac files) is one too.
            ('\r', Layout::Lines) => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            ('\n' | '\u{2028}' | '\u{2029}', Layout::Lines) => out.push('\n'),
            _ => out.extend(safe_char(c)),
        }
    }
    Cow::Owned(out)
}

/// What one character becomes on one line: itself, a visible stand-in, or nothing.
pub fn safe_char(c: char) -> Option<char> {
    match c {
        '\t' => Some(' '),
        // U+2400.. are the control pictures, in the order of the C0 codes.
        '\0'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some(char::REPLACEMENT_CHARACTER),
        '\u{2028}' | '\u{2029}' => Some('\u{240a}'),
        _ if is_bidi_control(c) || is_annotation(c) => Some(char::REPLACEMENT_CHARACTER),
        _ if is_invisible(c) => None,
        _ => Some(c),
    }
}

/// Whether `c` could reach a terminal as a control: C0, DEL, C1, or a bidi control that
/// reorders what follows.
pub fn is_terminal_control(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn needs_change(c: char, layout: Layout) -> bool {
    if layout == Layout::Lines && c == '\n' {
        return false;
    }
    safe_char(c) != Some(c)
}

/// Embeddings, overrides and isolates (and their terminators): each changes the direction of
/// everything after it on the line.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Interlinear annotation marks, which some renderers use to hide the text between them.
fn is_annotation(c: char) -> bool {
    matches!(c, '\u{fff9}'..='\u{fffb}')
}

/// Characters with no glyph of their own that change how their neighbours join, look or are
/// ordered: Unicode's Default_Ignorable_Code_Point set, the prepended format characters (which
/// glue to the next character), and the emoji skin-tone modifiers (which make an emoji's width
/// depend on its neighbour). Left out, every character shown has its own width.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'..='\u{1160}'
            | '\u{17b4}'..='\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
            | '\u{600}'..='\u{605}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{1f3fb}'..='\u{1f3ff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(input: &str, layout: Layout, expected: &str) {
        assert_eq!(safe(input, layout), expected, "{input:?}");
    }

    #[test]
    fn terminal_commands_become_visible_pictures() {
        check("\x1b[2J\x1b]0;pwned\x07", Layout::OneLine, "␛[2J␛]0;pwned␇");
        check("a\u{9b}31mb", Layout::OneLine, "a\u{fffd}31mb");
        check("back\x08\x7f", Layout::OneLine, "back␈␡");
        check("nul\0", Layout::OneLine, "nul␀");
        check("tab\there", Layout::OneLine, "tab here");
    }

    #[test]
    fn line_breaks_are_marked_on_one_line_and_kept_in_lines() {
        check("一\r\n二\n三\r四", Layout::OneLine, "一␍␊二␊三␍四");
        check("一\r\n二\n三\r四\u{2028}五", Layout::Lines, "一\n二\n三\n四\n五");
        check("\x1b[1m\n", Layout::Lines, "␛[1m\n");
    }

    #[test]
    fn bidi_controls_cannot_reorder_the_line() {
        check("abc\u{202e}gpj.exe", Layout::OneLine, "abc\u{fffd}gpj.exe");
        check("\u{2067}x\u{2069}", Layout::OneLine, "\u{fffd}x\u{fffd}");
        check("\u{200f}عربي\u{200e}", Layout::OneLine, "عربي");
    }

    #[test]
    fn invisible_joiners_and_selectors_are_left_out() {
        check("张\u{200b}三", Layout::OneLine, "张三");
        check("👨\u{200d}👩\u{200d}👧", Layout::OneLine, "👨👩👧");
        check("❤\u{fe0f}👍\u{1f3fd}", Layout::OneLine, "❤👍");
        check("\u{feff}名称", Layout::OneLine, "名称");
    }

    #[test]
    fn printable_text_is_borrowed_unchanged() {
        for text in ["占用城市道路", "e\u{301}t\u{e9}", "'; DROP TABLE cases; --", "🇨🇳 ｶﾞ 가"]
        {
            assert!(matches!(safe_line(text), Cow::Borrowed(t) if t == text), "{text:?}");
        }
        assert!(matches!(safe_text("一\n二"), Cow::Borrowed(_)));
    }

    /// Characters from every class the sanitiser treats, and plenty of ordinary ones.
    fn any_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => any::<char>(),
            2 => prop::char::range('\0', '\u{a0}'),
            2 => prop::sample::select(vec![
                '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}', '\u{200d}', '\u{200f}',
                '\u{fe0f}', '\u{feff}', '\u{1f3fd}', '\u{2028}', '\u{301}', '\u{ff9e}', '\u{1100}',
                '\u{1161}', '占', 'a', '👨', '🇨', '\u{644}', '\u{627}', '\u{600}', '\u{3164}',
            ]),
        ]
    }

    /// Printable text: letters, digits, punctuation, CJK, combining accents, emoji.
    fn printable_char() -> impl Strategy<Value = char> {
        prop_oneof![
            prop::char::range(' ', '~'),
            prop::char::range('\u{4e00}', '\u{9fa5}'),
            prop::sample::select(vec!['é', '\u{301}', '（', '·', '…', '😀', '🇨', 'ｶ', 'Ж', 'ع']),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn output_never_holds_a_control(text in prop::collection::vec(any_char(), 0..40)) {
            let text: String = text.into_iter().collect();
            let line = safe_line(&text);
            prop_assert!(!line.chars().any(is_terminal_control), "{line:?}");
            let lines = safe_text(&text);
            prop_assert!(!lines.chars().any(|c| c != '\n' && is_terminal_control(c)), "{lines:?}");
            prop_assert_eq!(safe_line(&line), line.clone(), "sanitising twice changes nothing");
        }

        #[test]
        fn printable_text_is_the_identity(text in prop::collection::vec(printable_char(), 0..40)) {
            let text: String = text.into_iter().collect();
            prop_assert_eq!(safe_line(&text), text.as_str());
        }
    }
}
