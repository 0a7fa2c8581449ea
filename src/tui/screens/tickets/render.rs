//! Drawing the 投诉 tab: the list, then the selected ticket in full.

use super::TicketsState;
use crate::domain::ticket::Ticket;
use crate::i18n::Lang;
use crate::text;
use crate::tui::theme::Theme;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &TicketsState,
    today: NaiveDate,
    lang: Lang,
    theme: Theme,
) {
    let [list, detail] =
        Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(area);
    let overdue = state.tickets.iter().filter(|t| t.is_overdue(today)).count();
    let title = match lang {
        Lang::Zh => {
            format!(" 投诉举报 {} 件，逾期未答复 {overdue} 件 · r 刷新 ", state.tickets.len())
        }
        Lang::En => {
            format!(" Complaints: {}, {overdue} overdue · r refreshes ", state.tickets.len())
        }
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.border_style())
        .title(title);
    let inner = block.inner(list);
    frame.render_widget(block, list);
    if !inner.is_empty() {
        frame.render_widget(Paragraph::new(rows(state, today, inner, lang, theme)), inner);
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.border_style());
    let inner = block.inner(detail);
    frame.render_widget(block, detail);
    if let (Some(ticket), false) = (state.tickets.get(state.selected), inner.is_empty()) {
        frame.render_widget(
            Paragraph::new(details(ticket, inner.width as usize, lang, theme)),
            inner,
        );
    }
}

fn rows(
    state: &TicketsState,
    today: NaiveDate,
    area: Rect,
    lang: Lang,
    theme: Theme,
) -> Vec<Line<'static>> {
    if state.tickets.is_empty() {
        let empty = if state.loaded {
            lang.pick("没有投诉举报", "no complaints")
        } else {
            lang.pick("正在读取……", "loading…")
        };
        return vec![Line::styled(empty, theme.dim())];
    }
    let (width, height) = (area.width as usize, area.height as usize);
    let first = (state.selected + 1).saturating_sub(height);
    state
        .tickets
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, t)| {
            let due = t
                .reply_due
                .map_or_else(|| lang.pick("无日历", "no calendar").to_string(), |d| d.to_string());
            let row = format!(
                "{}{} {} {} {} {}",
                if i == state.selected { theme.pointer() } else { "  " },
                text::pad(&t.incoming.number, 14),
                text::pad(t.status.label_zh(), 8),
                text::pad(&due, 11),
                text::pad(&t.incoming.place, 20),
                t.incoming.content
            );
            let urgent = if t.is_overdue(today) { theme.error() } else { Style::new() };
            let style = if i == state.selected { theme.selected().patch(urgent) } else { urgent };
            Line::styled(text::truncate(&row, width), style)
        })
        .collect()
}

fn details(t: &Ticket, width: usize, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    let reporter = if t.incoming.reporter.anonymous {
        lang.pick("反映人要求保密", "reporter asked for confidentiality").to_string()
    } else {
        format!("{} {}", t.incoming.reporter.name, t.incoming.reporter.phone)
    };
    let head = format!(
        "{} · {} · {} · {}",
        t.incoming.number,
        t.incoming.channel.label_zh(),
        t.incoming.received_at.format("%Y-%m-%d %H:%M"),
        t.team.as_deref().unwrap_or(lang.pick("未分派", "unassigned"))
    );
    let mut lines = vec![Line::styled(text::truncate(&head, width), theme.title())];
    lines.extend(text::wrap(&t.incoming.content, width.max(1)).into_iter().map(Line::raw));
    lines.push(Line::styled(text::truncate(&reporter, width), theme.dim()));
    lines
}
