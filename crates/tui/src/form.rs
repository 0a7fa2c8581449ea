//! A column of labelled text fields with one focused: the login, the first-admin setup and the
//! catalog import all ask their questions through it.
//!
//! Enter moves to the next field and submits on the last, ↑/↓ and Tab move between fields, Esc
//! cancels. The form only edits and reports; what a submission means is the screen's business.

use super::app::Action;
use super::field::TextField;
use super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::Frame;
use zhifa_core::i18n::Lang;
use zhifa_core::text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// (Chinese, English) label.
    pub label: (&'static str, &'static str),
    pub input: TextField,
    /// A choice field offers these and nothing else: ←/→ (or space) pick, typing does not edit.
    pub choices: Vec<String>,
    /// What the field holds, by which the form is read back (“place”, “fine”, a step's field
    /// key); empty for forms read whole (the login).
    pub key: &'static str,
}

impl FormField {
    pub fn text(label: (&'static str, &'static str), value: &str) -> FormField {
        FormField { label, input: TextField::with_text(value), choices: Vec::new(), key: "" }
    }

    /// A field that offers `choices`, the first chosen.
    pub fn choice(label: (&'static str, &'static str), choices: Vec<String>) -> FormField {
        let first = choices.first().cloned().unwrap_or_default();
        FormField { label, input: TextField::with_text(&first), choices, key: "" }
    }

    /// Chooses the choice at `index`.
    pub fn choose(&mut self, index: usize) {
        if let Some(choice) = self.choices.get(index) {
            self.input.set(choice);
        }
    }

    /// The field named `key`.
    pub fn keyed(mut self, key: &'static str) -> FormField {
        self.key = key;
        self
    }

    /// A masked field (a password or PIN).
    pub fn masked(label: (&'static str, &'static str)) -> FormField {
        FormField { label, input: TextField::masked(), choices: Vec::new(), key: "" }
    }

    /// Index of the current choice (0 for a text field).
    pub fn chosen(&self) -> usize {
        self.choices.iter().position(|c| c == self.input.text()).unwrap_or(0)
    }

    /// Moves the choice by `step`, wrapping.
    fn cycle(&mut self, step: isize) {
        let n = self.choices.len() as isize;
        if n > 0 {
            let next = (self.chosen() as isize + step).rem_euclid(n) as usize;
            self.input.set(&self.choices[next]);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// Why the last submission was refused, shown under the fields until the next edit.
    pub error: Option<String>,
}

/// What an action did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    /// Nothing the screen needs to know (moved, edited).
    Changed,
    /// Enter on the last field.
    Submit,
    /// Esc.
    Cancel,
    /// Not a form action.
    Ignored,
}

impl Form {
    pub fn new(fields: Vec<FormField>) -> Form {
        Form { fields, focus: 0, error: None }
    }

    /// The text of field `index` (empty if there is no such field).
    pub fn value(&self, index: usize) -> &str {
        self.fields.get(index).map_or("", |f| f.input.text())
    }

    pub fn focus_on(&mut self, index: usize) {
        self.focus = index.min(self.fields.len().saturating_sub(1));
    }

    /// Where the field named `key` is (past the end if there is none: reads give "").
    pub fn at(&self, key: &str) -> usize {
        self.fields.iter().position(|f| !key.is_empty() && f.key == key).unwrap_or(usize::MAX)
    }

    /// The text of the field named `key`.
    pub fn value_of(&self, key: &str) -> &str {
        self.value(self.at(key))
    }

    /// The choice made in the field named `key`.
    pub fn chosen_of(&self, key: &str) -> usize {
        self.chosen(self.at(key))
    }

    /// Replaces the text of the field named `key`.
    pub fn set_of(&mut self, key: &str, text: &str) {
        self.set(self.at(key), text);
    }

    /// Moves the focus to the field named `key`, if the form has it.
    pub fn focus_of(&mut self, key: &str) {
        let at = self.at(key);
        if at < self.fields.len() {
            self.focus = at;
        }
    }

    /// The choice made in field `index` (0 if it is no choice field).
    pub fn chosen(&self, index: usize) -> usize {
        self.fields.get(index).map_or(0, FormField::chosen)
    }

    /// Replaces the text of field `index`.
    pub fn set(&mut self, index: usize, text: &str) {
        if let Some(field) = self.fields.get_mut(index) {
            field.input.set(text);
        }
    }

    /// Clears field `index` (a refused password, say).
    pub fn clear(&mut self, index: usize) {
        if let Some(field) = self.fields.get_mut(index) {
            field.input.clear();
        }
    }

    pub fn update(&mut self, action: &Action) -> FormEvent {
        let last = self.fields.len().saturating_sub(1);
        match action {
            Action::Up => self.focus = self.focus.saturating_sub(1),
            Action::Down | Action::SwitchPane => {
                self.focus = if self.focus >= last { 0 } else { self.focus + 1 }
            }
            Action::Open if self.focus >= last => return FormEvent::Submit,
            Action::Open => self.focus += 1,
            Action::Back => return FormEvent::Cancel,
            editing => {
                let Some(field) = self.fields.get_mut(self.focus) else {
                    return FormEvent::Ignored;
                };
                if !editing.is_editing() {
                    return FormEvent::Ignored;
                }
                if !field.choices.is_empty() {
                    match editing {
                        Action::CursorLeft => field.cycle(-1),
                        Action::CursorRight | Action::Insert(' ') => field.cycle(1),
                        _ => return FormEvent::Changed,
                    }
                    self.error = None;
                    return FormEvent::Changed;
                }
                if field.input.apply(editing) {
                    self.error = None;
                }
            }
        }
        FormEvent::Changed
    }

    /// Rows `area.y ..` one per field: label padded to a common width, then the text; the
    /// terminal cursor sits in the focused field. Fields that do not fit are not drawn.
    pub fn render(&self, frame: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
        let labels: Vec<&str> =
            self.fields.iter().map(|f| lang.pick(f.label.0, f.label.1)).collect();
        let label_width = labels.iter().map(|l| text::width(l)).max().unwrap_or(0) + 2;
        for (i, (field, label)) in self.fields.iter().zip(labels).enumerate() {
            let y = area.y + i as u16;
            if y >= area.bottom() {
                break;
            }
            let focused = i == self.focus;
            let style = if focused { theme.label() } else { theme.dim() };
            let prompt = Span::styled(text::pad(label, label_width), style);
            let row = Rect::new(area.x, y, area.width, 1);
            if field.choices.is_empty() {
                field.input.render(frame, row, prompt, theme.field(focused), focused);
            } else {
                let shown = format!("‹ {} ›", field.input.text());
                let line = ratatui::text::Line::from(vec![
                    prompt,
                    Span::styled(shown, theme.field(focused)),
                ]);
                frame.render_widget(ratatui::widgets::Paragraph::new(line), row);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(vec![
            FormField::text(("执法证号", "badge"), ""),
            FormField::masked(("密码", "password")),
        ])
    }

    #[test]
    fn a_choice_field_cycles_and_ignores_typing() {
        let options = vec!["个人".to_string(), "单位".to_string()];
        let mut f = Form::new(vec![FormField::choice(("当事人", "party"), options)]);
        f.update(&Action::Insert('x'));
        assert_eq!((f.value(0), f.chosen(0)), ("个人", 0));
        f.update(&Action::CursorRight);
        assert_eq!((f.value(0), f.chosen(0)), ("单位", 1));
        f.update(&Action::CursorRight);
        assert_eq!(f.chosen(0), 0, "wraps");
        f.update(&Action::CursorLeft);
        assert_eq!(f.value(0), "单位");
    }

    #[test]
    fn enter_moves_on_and_submits_on_the_last_field() {
        let mut f = form();
        for c in "QJ0001".chars() {
            f.update(&Action::Insert(c));
        }
        assert_eq!(f.update(&Action::Open), FormEvent::Changed);
        assert_eq!(f.focus, 1);
        f.update(&Action::Insert('9'));
        assert_eq!((f.value(0), f.value(1)), ("QJ0001", "9"));
        assert_eq!(f.update(&Action::Open), FormEvent::Submit);
        assert_eq!(f.update(&Action::Back), FormEvent::Cancel);
        assert_eq!(f.update(&Action::Quit), FormEvent::Ignored);
    }

    #[test]
    fn tab_wraps_and_an_edit_clears_the_error() {
        let mut f = form();
        f.update(&Action::SwitchPane);
        f.update(&Action::SwitchPane);
        assert_eq!(f.focus, 0);
        f.update(&Action::Up);
        assert_eq!(f.focus, 0);
        f.error = Some("密码错误".into());
        f.update(&Action::CursorLeft);
        assert!(f.error.is_some(), "moving the cursor is not an edit");
        f.update(&Action::Insert('x'));
        assert_eq!(f.error, None);
    }
}
