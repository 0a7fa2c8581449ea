//! Drawing the 案件 tab: the list on top, the selected case's clocks and facts below.

use super::CasesState;
use crate::i18n::Lang;
use crate::text;
use crate::tui::theme::Theme;
use crate::worklist::{CaseLine, DUE_SOON_DAYS};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, state: &CasesState, lang: Lang, theme: Theme) {
    let [list, detail] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    render_list(frame, list, state, lang, theme);
    render_detail(frame, detail, state.selected_line(), lang, theme);
}

fn pane(title: String, theme: Theme) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.border_style())
        .title(title)
}

/// How urgent a case looks: overdue, due soon, or calm.
fn urgency(line: &CaseLine, theme: Theme) -> Style {
    if line.is_overdue() {
        theme.error()
    } else if line.due_within(DUE_SOON_DAYS) {
        theme.label()
    } else {
        Style::new()
    }
}

fn render_list(frame: &mut Frame, area: Rect, state: &CasesState, lang: Lang, theme: Theme) {
    let title = match lang {
        Lang::Zh => format!(" 案件 {} 件 · r 刷新 ", state.lines.len()),
        Lang::En => format!(" Cases: {} · r refreshes ", state.lines.len()),
    };
    let block = pane(title, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    if state.lines.is_empty() {
        let empty = if state.loaded {
            lang.pick("没有案件", "no cases")
        } else {
            lang.pick("正在读取……", "loading…")
        };
        frame.render_widget(Paragraph::new(Line::styled(empty, theme.dim())), inner);
        return;
    }
    let width = inner.width as usize;
    let height = inner.height as usize;
    let first = (state.selected + 1).saturating_sub(height);
    let lines: Vec<Line> = state
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, line)| {
            let number = line
                .case
                .number
                .clone()
                .unwrap_or_else(|| format!("{}#{}", lang.pick("线索", "lead "), line.case.id));
            let row = format!(
                "{}{} {} {} {}",
                if i == state.selected { theme.pointer() } else { "  " },
                text::pad(&number, 22),
                text::pad(line.case.state.stage.label_zh(), 16),
                text::pad(&line.case.place, 16),
                line.nearest_text(lang)
            );
            let style = if i == state.selected {
                theme.selected().patch(urgency(line, theme))
            } else {
                urgency(line, theme)
            };
            Line::styled(text::truncate(&row, width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_detail(frame: &mut Frame, area: Rect, line: Option<&CaseLine>, lang: Lang, theme: Theme) {
    let block = pane(lang.pick(" 期限与依据 ", " Deadlines and their basis ").to_string(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(line) = line else { return };
    if inner.is_empty() {
        return;
    }
    let width = inner.width as usize;
    let mut lines = vec![Line::styled(text::truncate(&line.case.facts, width), theme.title())];
    for clock in &line.deadlines {
        let due = clock.due.map_or_else(
            || lang.pick("无日历，无法计算", "no calendar").to_string(),
            |d| d.to_string(),
        );
        let standing = match (clock.days_left, lang) {
            (Some(left), Lang::Zh) if left < 0 => format!("已逾期 {} 天", -left),
            (Some(left), Lang::Zh) => format!("剩 {left} 天"),
            (Some(left), Lang::En) if left < 0 => format!("{} days overdue", -left),
            (Some(left), Lang::En) => format!("{left} days left"),
            (None, _) => String::new(),
        };
        let text = format!("{}  {due}  {standing}  {}", clock.label, clock.basis);
        let style = if clock.overdue { theme.error() } else { Style::new() };
        lines.push(Line::styled(text::truncate(&text, width), style));
    }
    for cited in &line.case.items {
        let text = format!("{} {}（{}）", cited.item.code, cited.item.name, cited.version);
        lines.push(Line::styled(text::truncate(&text, width), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
