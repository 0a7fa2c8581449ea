//! The documents overlay of a case (`p` from the case): the kinds the case has now and those
//! issued, a text preview, the PDF written to a file (its path shown) and, where a printer is
//! configured (`[casework] printer`), sent to it with `lp`. Its own state, actions, `update` and
//! `render`, and `perform` for the event loop (the one part that reads and writes the store,
//! through `paperwork`). Opened with `p` on the 案件 tab (`Overlay::Documents`); the event loop
//! performs its effects as the officer logged in.

use crate::theme::Theme;
use chrono::{DateTime, NaiveDate, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use std::path::{Path, PathBuf};
use zhifa_app::paperwork::{Desk, Listing, PaperError};
use zhifa_core::i18n::Lang;
use zhifa_core::text;
use zhifa_documents::kind::why_not_in;
use zhifa_documents::DocKind;
use zhifa_store::{Identity, Store};

/// What the overlay shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentsState {
    pub case_id: i64,
    pub case_number: String,
    pub rows: Vec<Listing>,
    pub selected: usize,
    /// The selected document as text, scrolled this far.
    pub preview: Option<(Vec<String>, u16)>,
    /// The last outcome: a written path, a refusal.
    pub message: Option<(bool, String)>,
    pub printer: Option<String>,
    /// The folder PDFs are written to.
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocAction {
    Up,
    Down,
    /// Enter: preview the selected document as text.
    Preview,
    /// `w`: write its PDF.
    Write,
    /// `P`: write and print it.
    Print,
    Back,
}

/// What the event loop is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocEffect {
    Preview { case_id: i64, kind: DocKind },
    Write { case_id: i64, kind: DocKind, path: PathBuf, printer: Option<String> },
    Close,
}

impl DocumentsState {
    pub fn selected_kind(&self) -> Option<DocKind> {
        self.rows.get(self.selected).and_then(|r| DocKind::from_key(r.kind))
    }
}

/// The file a document is written to: the case number and the kind, with the characters file
/// systems refuse replaced.
pub fn output_path(dir: &Path, case_number: &str, kind: DocKind) -> PathBuf {
    let safe: String = case_number
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect();
    dir.join(format!("{safe}-{}.pdf", kind.label_zh()))
}

pub fn update(state: &mut DocumentsState, action: DocAction, lang: Lang) -> Option<DocEffect> {
    let last = state.rows.len().saturating_sub(1);
    match action {
        DocAction::Up if state.preview.is_some() => scroll(state, -1),
        DocAction::Down if state.preview.is_some() => scroll(state, 1),
        DocAction::Up => state.selected = state.selected.saturating_sub(1),
        DocAction::Down => state.selected = (state.selected + 1).min(last),
        DocAction::Back if state.preview.is_some() => state.preview = None,
        DocAction::Back => return Some(DocEffect::Close),
        DocAction::Preview | DocAction::Write | DocAction::Print => {
            let kind = state.selected_kind()?;
            let row = &state.rows[state.selected];
            if let Some(why) = row.why_not {
                state.message = Some((false, why_not_in(why, lang).to_string()));
                return None;
            }
            let case_id = state.case_id;
            return Some(match action {
                DocAction::Preview => DocEffect::Preview { case_id, kind },
                _ => DocEffect::Write {
                    case_id,
                    kind,
                    path: output_path(&state.dir, &state.case_number, kind),
                    printer: (action == DocAction::Print).then(|| state.printer.clone()).flatten(),
                },
            });
        }
    }
    None
}

fn scroll(state: &mut DocumentsState, by: i32) {
    if let Some((_, offset)) = &mut state.preview {
        *offset = (i32::from(*offset) + by).max(0) as u16;
    }
}

/// What performing an effect gave.
pub enum Performed {
    Preview(Vec<String>),
    Written { path: PathBuf, issued_now: bool, printed: bool, missing: Vec<char> },
}

/// Performs `effect` on the store as `who`: the preview, or the PDF written (issued first if it
/// was not) and maybe printed.
pub fn perform(
    store: &mut Store,
    who: &Identity,
    effect: &DocEffect,
    casework: &zhifa_app::config::Casework,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<Performed>, PaperError> {
    let (case_id, kind) = match effect {
        DocEffect::Preview { case_id, kind } | DocEffect::Write { case_id, kind, .. } => {
            (*case_id, *kind)
        }
        DocEffect::Close => return Ok(None),
    };
    let case = store
        .case(case_id)?
        .ok_or(zhifa_store::StoreError::Case(zhifa_store::CaseRefusal::NoSuchCase(case_id)))?;
    let mut desk = Desk::open(store, case, casework, today)?;
    let DocEffect::Write { path, printer, .. } = effect else {
        return Ok(Some(Performed::Preview(
            desk.preview(kind)?.lines().map(String::from).collect(),
        )));
    };
    let obtained = desk
        .obtain(store, Some(who), now, kind)?
        .ok_or_else(|| PaperError::Make("not issued".into()))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| PaperError::Make(format!("{}: {e}", dir.display())))?;
    }
    std::fs::write(path, &obtained.made.pdf)
        .map_err(|e| PaperError::Make(format!("{}: {e}", path.display())))?;
    let printed = match printer {
        Some(name) => std::process::Command::new("lp")
            .arg("-d")
            .arg(name)
            .arg(path)
            .status()
            .map_err(|e| PaperError::Make(format!("lp: {e}")))?
            .success(),
        None => false,
    };
    Ok(Some(Performed::Written {
        path: path.clone(),
        issued_now: obtained.issued_now,
        printed,
        missing: obtained.made.missing,
    }))
}

pub fn render(frame: &mut Frame, area: Rect, state: &DocumentsState, lang: Lang, theme: Theme) {
    if area.is_empty() {
        return;
    }
    frame.render_widget(crate::cleared::Cleared, area);
    let title = match lang {
        Lang::Zh => format!(
            " {} 的执法文书 · Enter 预览 · w 生成 PDF · P 打印 · Esc 返回 ",
            state.case_number
        ),
        Lang::En => format!(
            " Documents of {} · Enter preview · w write PDF · P print · Esc back ",
            state.case_number
        ),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(text::safe_line(&title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [body, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    let width = body.width as usize;
    if let Some((lines, offset)) = &state.preview {
        let shown: Vec<Line> = lines.iter().map(|l| Line::raw(text::truncate(l, width))).collect();
        frame.render_widget(Paragraph::new(shown).scroll((*offset, 0)), body);
    } else {
        let mut lines = Vec::new();
        for (i, row) in state.rows.iter().enumerate() {
            let pointer = if i == state.selected { theme.pointer() } else { " " };
            let issued = row
                .issued
                .last()
                .map(|d| format!("{} {}", d.number.as_deref().unwrap_or(""), d.check_code));
            let note = match (row.why_not, issued) {
                (Some(why), _) => why_not_in(why, lang).to_string(),
                (None, Some(issued)) => issued,
                (None, None) => lang.pick("可制作", "available").to_string(),
            };
            let line = format!("{pointer} {} {}", text::pad(row.label, 24), note);
            let style = match (i == state.selected, row.available) {
                (true, _) => theme.selected(),
                (false, false) => theme.dim(),
                (false, true) => ratatui::style::Style::default(),
            };
            lines.push(Line::styled(text::truncate(&line, width), style));
        }
        frame.render_widget(Paragraph::new(lines), body);
    }
    if let Some((ok, message)) = &state.message {
        let style = if *ok { theme.ok() } else { theme.error() };
        let line = Line::styled(text::truncate(message, status.width as usize), style);
        frame.render_widget(Paragraph::new(line), status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> DocumentsState {
        let row = |kind: DocKind, why_not: Option<&'static str>| Listing {
            kind: kind.key(),
            label: kind.label_zh(),
            available: why_not.is_none(),
            why_not,
            issued: Vec::new(),
        };
        DocumentsState {
            case_id: 7,
            case_number: "〔2026〕综执罚字第4号".into(),
            rows: vec![
                row(DocKind::PriorNotice, None),
                row(DocKind::Reminder, Some("决定书尚未送达")),
            ],
            selected: 0,
            preview: None,
            message: None,
            printer: Some("法制科".into()),
            dir: PathBuf::from("/tmp"),
        }
    }

    #[test]
    fn enter_previews_w_writes_and_p_prints_the_selected_document() {
        let mut s = state();
        assert_eq!(
            update(&mut s, DocAction::Preview, Lang::Zh),
            Some(DocEffect::Preview { case_id: 7, kind: DocKind::PriorNotice })
        );
        let Some(DocEffect::Write { path, printer, .. }) =
            update(&mut s, DocAction::Print, Lang::Zh)
        else {
            panic!("write")
        };
        assert_eq!(printer.as_deref(), Some("法制科"));
        assert_eq!(path, PathBuf::from("/tmp/〔2026〕综执罚字第4号-行政处罚事先告知书.pdf"));
        let Some(DocEffect::Write { printer, .. }) = update(&mut s, DocAction::Write, Lang::Zh)
        else {
            panic!("write")
        };
        assert_eq!(printer, None, "w writes only");
    }

    #[test]
    fn a_document_the_case_has_not_reached_says_why_and_asks_nothing() {
        let mut s = state();
        update(&mut s, DocAction::Down, Lang::Zh);
        assert_eq!(update(&mut s, DocAction::Write, Lang::Zh), None);
        assert_eq!(s.message, Some((false, "决定书尚未送达".into())));
        update(&mut s, DocAction::Down, Lang::Zh);
        assert_eq!(s.selected, 1, "the last row stays selected");
        assert_eq!(update(&mut s, DocAction::Back, Lang::Zh), Some(DocEffect::Close));
    }

    #[test]
    fn file_names_keep_the_case_number_without_what_file_systems_refuse() {
        let path = output_path(Path::new("/x"), "青综执/2026:1", DocKind::Decision);
        assert_eq!(path, PathBuf::from("/x/青综执_2026_1-行政处罚决定书.pdf"));
    }
}
