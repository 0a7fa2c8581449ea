//! Drawing the 巡查 tab: today's list, then the selected patrol and its findings.

use super::PatrolsState;
use crate::domain::patrol::FindingAction;
use crate::i18n::Lang;
use crate::text;
use crate::tui::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, state: &PatrolsState, lang: Lang, theme: Theme) {
    let [list, detail] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let title = match lang {
        Lang::Zh => format!(" 今日巡查 {} 次 · r 刷新 ", state.lines.len()),
        Lang::En => format!(" Today's patrols: {} · r refreshes ", state.lines.len()),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.border_style())
        .title(title);
    let inner = block.inner(list);
    frame.render_widget(block, list);
    if !inner.is_empty() {
        frame.render_widget(Paragraph::new(rows(state, inner, lang, theme)), inner);
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.border_style());
    let inner = block.inner(detail);
    frame.render_widget(block, detail);
    if !inner.is_empty() {
        frame.render_widget(
            Paragraph::new(details(state, inner.width as usize, lang, theme)),
            inner,
        );
    }
}

fn rows(state: &PatrolsState, area: Rect, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    if state.lines.is_empty() {
        let empty = if state.loaded {
            lang.pick("今日没有巡查计划", "no patrols today")
        } else {
            lang.pick("正在读取……", "loading…")
        };
        return vec![Line::styled(empty, theme.dim())];
    }
    let (width, height) = (area.width as usize, area.height as usize);
    let first = (state.selected + 1).saturating_sub(height);
    state
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, line)| {
            let p = &line.patrol;
            let row = format!(
                "{}{} {} {} {} {}",
                if i == state.selected { theme.pointer() } else { "  " },
                text::pad(
                    &format!(
                        "{}–{}",
                        p.planned_start.format("%H:%M"),
                        p.planned_end.format("%H:%M")
                    ),
                    12
                ),
                text::pad(&p.team, 6),
                text::pad(p.kind.label_zh(), 12),
                text::pad(p.status.label_zh(), 8),
                p.grids.join("、")
            );
            let style =
                if i == state.selected { theme.selected() } else { ratatui::style::Style::new() };
            Line::styled(text::truncate(&row, width), style)
        })
        .collect()
}

fn action_label(action: &FindingAction) -> String {
    match action {
        FindingAction::NoProblem => "未发现问题".into(),
        FindingAction::Education => "劝导".into(),
        FindingAction::Corrected => "当场改正".into(),
        FindingAction::Order { by } => format!("责令限期改正（{by} 复查）"),
        FindingAction::SimplePenalty => "简易程序处罚".into(),
        FindingAction::Case => "立案".into(),
        FindingAction::Transfer => "移送".into(),
    }
}

fn details(state: &PatrolsState, width: usize, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    let Some(line) = state.lines.get(state.selected) else { return Vec::new() };
    let p = &line.patrol;
    let head =
        format!("{} · {} · {}", p.kind.label_zh(), p.officers.join("、"), p.grids.join("、"));
    let mut lines = vec![Line::styled(text::truncate(&head, width), theme.title())];
    if !p.summary.is_empty() {
        lines.push(Line::raw(text::truncate(&p.summary, width)));
    }
    if line.findings.is_empty() {
        lines.push(Line::styled(lang.pick("尚无发现", "no findings yet"), theme.dim()));
    }
    for f in &line.findings {
        let text = format!(
            "{} {} {} → {}",
            f.at.format("%H:%M"),
            f.place,
            f.description,
            action_label(&f.action)
        );
        lines.push(Line::raw(text::truncate(&text, width)));
    }
    lines
}
