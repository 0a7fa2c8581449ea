//! One editable line of text: the catalog search, the login form, the import form all use it.
//!
//! The cursor counts characters, never bytes, so Chinese text edits like any other; on screen
//! it sits at the display column (a Chinese character is two columns wide), which is where the
//! input method opens its candidate window.

use super::app::Action;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use zhifa_core::text;

/// Longest text a field accepts: far beyond any badge, date, label or query, and it bounds the
/// work a pasted megabyte could cause.
pub const MAX_CHARS: usize = 512;

/// `Debug` is written by hand below: a masked field's text never reaches a debug dump, a log or a
/// panic message.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// Position in characters, 0..=len.
    cursor: usize,
    /// Shown as `*`, one per character (passwords, PINs).
    masked: bool,
}

impl TextField {
    pub fn new() -> TextField {
        TextField::default()
    }

    pub fn masked() -> TextField {
        TextField { masked: true, ..TextField::default() }
    }

    pub fn with_text(text: &str) -> TextField {
        let mut field = TextField::new();
        field.set(text);
        field
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the text; the cursor goes to the end.
    pub fn set(&mut self, text: &str) {
        self.text = text.chars().take(MAX_CHARS).collect();
        self.cursor = self.len();
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Applies an editing action; returns whether the text changed (the cursor may move without
    /// changing it). Actions that are not editing leave the field as it is.
    pub fn apply(&mut self, action: &Action) -> bool {
        let old = std::mem::take(&mut self.text);
        let (text, cursor) = edited(&old, self.cursor, action);
        let changed = text != old;
        self.text = text;
        self.cursor = cursor;
        changed
    }

    /// What the field shows (masked if it is a password).
    fn shown(&self) -> String {
        if self.masked {
            "*".repeat(self.len())
        } else {
            self.text.clone()
        }
    }

    /// The part to show in `room` columns so the cursor stays visible, and the cursor's column
    /// within it. Long text scrolls left, whole characters at a time.
    pub fn window(&self, room: usize) -> (String, usize) {
        window(&self.shown(), self.cursor, room)
    }

    /// Draws `prompt` then the text on the first row of `area`; with `focused`, puts the
    /// terminal cursor at the insertion point.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        prompt: Span<'_>,
        style: Style,
        focused: bool,
    ) {
        if area.is_empty() {
            return;
        }
        let prompt_width = text::width(&prompt.content);
        let room = (area.width as usize).saturating_sub(prompt_width + 1);
        let (shown, column) = self.window(room);
        let line = Line::from(vec![prompt, Span::styled(shown, style)]);
        let row = Rect::new(area.x, area.y, area.width, 1);
        frame.render_widget(Paragraph::new(line), row);
        if focused {
            // On a field too narrow even for the prompt the cursor stays on the last column.
            let x = area.x + ((prompt_width + column) as u16).min(area.width - 1);
            frame.set_cursor_position(Position::new(x, area.y));
        }
    }
}

impl std::fmt::Debug for TextField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut dump = f.debug_struct("TextField");
        if self.masked {
            // Neither the text nor the cursor: the cursor would tell the password's length.
            dump.field("text", &"***").field("masked", &true).finish()
        } else {
            dump.field("text", &self.text).field("cursor", &self.cursor).finish()
        }
    }
}

/// `text` with `action` applied at `cursor` (in chars): the new text and cursor.
fn edited(text: &str, cursor: usize, action: &Action) -> (String, usize) {
    let mut chars: Vec<char> = text.chars().collect();
    let cursor = cursor.min(chars.len());
    match action {
        Action::Insert(c) if chars.len() < MAX_CHARS && !c.is_control() => {
            chars.insert(cursor, *c);
            (chars.into_iter().collect(), cursor + 1)
        }
        Action::Backspace if cursor > 0 => {
            chars.remove(cursor - 1);
            (chars.into_iter().collect(), cursor - 1)
        }
        Action::DeleteWord => {
            let start = word_start(&chars, cursor);
            chars.drain(start..cursor);
            (chars.into_iter().collect(), start)
        }
        Action::ClearInput => (String::new(), 0),
        Action::CursorLeft => (text.to_string(), cursor.saturating_sub(1)),
        Action::CursorRight => (text.to_string(), (cursor + 1).min(chars.len())),
        Action::CursorHome => (text.to_string(), 0),
        Action::CursorEnd => (text.to_string(), chars.len()),
        _ => (text.to_string(), cursor),
    }
}

/// Where a shell's Ctrl-W would stop: back over spaces, then back to the previous space.
fn word_start(chars: &[char], cursor: usize) -> usize {
    let mut start = cursor;
    while start > 0 && chars[start - 1] == ' ' {
        start -= 1;
    }
    while start > 0 && chars[start - 1] != ' ' {
        start -= 1;
    }
    start
}

/// The part of `shown` to draw in `room` columns keeping the cursor (in chars) visible, and the
/// cursor's column within it.
pub fn window(shown: &str, cursor: usize, room: usize) -> (String, usize) {
    let chars: Vec<char> = shown.chars().collect();
    let cursor = cursor.min(chars.len());
    let mut start = 0;
    let mut column = text::column_of(shown, cursor);
    while column > room && start < cursor {
        column -= text::char_width(chars[start]);
        start += 1;
    }
    (chars[start..].iter().collect(), column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_field_keeps_its_text_out_of_debug_dumps() {
        let mut secret = TextField::masked();
        for c in "s3cret-PIN-735".chars() {
            secret.apply(&Action::Insert(c));
        }
        let dump = format!("{secret:?} {secret:#?}");
        assert!(!dump.contains("s3cret") && !dump.contains("735"), "{dump}");
        assert!(!dump.contains("14"), "not even the length: {dump}");
        assert_eq!(secret.text(), "s3cret-PIN-735", "the text itself is kept");
        let plain = format!("{:?}", TextField::with_text("QJ1001"));
        assert!(plain.contains("QJ1001"), "an unmasked field shows its text: {plain}");
    }

    fn typed(text: &str) -> TextField {
        let mut field = TextField::new();
        for c in text.chars() {
            field.apply(&Action::Insert(c));
        }
        field
    }

    #[test]
    fn edits_by_character_not_byte() {
        let mut field = typed("占用道路");
        assert_eq!(field.cursor(), 4);
        field.apply(&Action::CursorLeft);
        field.apply(&Action::CursorLeft);
        assert!(field.apply(&Action::Insert('x')));
        assert_eq!(field.text(), "占用x道路");
        assert!(field.apply(&Action::Backspace));
        assert!(field.apply(&Action::Backspace));
        assert_eq!(field.text(), "占道路");
        assert_eq!(field.cursor(), 1);
        assert!(!field.apply(&Action::CursorEnd), "moving is not changing");
        assert_eq!(field.cursor(), 3);
        field.apply(&Action::CursorHome);
        assert!(!field.apply(&Action::Backspace), "nothing before the start");
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor() {
        let mut field = typed("垃圾 分类  ");
        field.apply(&Action::DeleteWord);
        assert_eq!(field.text(), "垃圾 ");
        field.apply(&Action::DeleteWord);
        assert_eq!((field.text(), field.cursor()), ("", 0));
    }

    #[test]
    fn control_characters_and_overlong_text_are_refused() {
        let mut field = typed("a");
        assert!(!field.apply(&Action::Insert('\u{1b}')));
        field.set(&"长".repeat(MAX_CHARS + 10));
        assert_eq!(field.text().chars().count(), MAX_CHARS);
        assert!(!field.apply(&Action::Insert('x')));
    }

    #[test]
    fn masked_fields_show_stars_and_wide_text_scrolls_by_columns() {
        let pin = {
            let mut f = TextField::masked();
            f.set("123456");
            f
        };
        assert_eq!(pin.window(20), ("******".to_string(), 6));
        let wide = TextField::with_text("城市管理综合执法");
        // 16 columns of text in 9 columns of room: the cursor column stays inside the room.
        let (shown, column) = wide.window(9);
        assert!(column <= 9, "{column}");
        assert!(shown.ends_with("执法"), "{shown}");
        assert_eq!(text::width(&shown), column);
    }
}
