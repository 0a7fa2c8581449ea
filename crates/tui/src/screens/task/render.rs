//! A work form drawn in a box over the tab: its fields, the refusal or problem to fix, and what
//! helps fill it in (catalog items matching the item field, likely repeats of a new ticket).

use super::TaskState;
use crate::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use zhifa_core::i18n::Lang;
use zhifa_core::text;

pub fn render(frame: &mut Frame, area: Rect, task: &TaskState, lang: Lang, theme: Theme) {
    let width = area.width.min(100);
    let wanted = task.form.fields.len() as u16 + 4 + extra_rows(task);
    let height = wanted.min(area.height);
    // At the bottom, over the detail: the list above still shows what the form is about.
    let boxed = Rect::new(area.x + (area.width - width) / 2, area.bottom() - height, width, height);
    if boxed.is_empty() {
        return;
    }
    frame.render_widget(crate::cleared::Cleared, boxed);
    let title = format!(" {} ", task.title(lang));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.border_style())
        .title(title);
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let fields = task.form.fields.len() as u16;
    task.form.render(
        frame,
        Rect::new(inner.x, inner.y, inner.width, fields.min(inner.height)),
        lang,
        theme,
    );
    let below = Rect::new(
        inner.x,
        inner.y + fields.min(inner.height),
        inner.width,
        inner.height.saturating_sub(fields),
    );
    let lines = below_lines(task, below.width as usize, lang, theme);
    frame.render_widget(Paragraph::new(lines), below);
}

fn extra_rows(task: &TaskState) -> u16 {
    let helpers = task.hits.len().max(task.duplicates.len()) as u16;
    helpers + u16::from(task.form.error.is_some()) + u16::from(helpers > 0)
}

fn below_lines(task: &TaskState, width: usize, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw("")];
    if let Some(error) = &task.form.error {
        lines.push(Line::styled(text::truncate(error, width), theme.error()));
    }
    if !task.hits.is_empty() {
        lines.push(Line::styled(
            lang.pick(
                "匹配的执法事项（↑↓ 选择，Enter 选用 ▶ 所指）：",
                "Matching items (↑↓ choose, Enter takes the one marked ▶):",
            ),
            theme.dim(),
        ));
        for (i, (code, name)) in task.hits.iter().enumerate() {
            let mark = if i == task.hit { "▶ " } else { "  " };
            let row = text::truncate(&format!("{mark}{code}  {name}"), width);
            lines.push(if i == task.hit {
                Line::styled(row, theme.selected())
            } else {
                Line::raw(row)
            });
        }
    }
    if !task.duplicates.is_empty() {
        lines.push(Line::styled(lang.pick("可能重复的投诉举报：", "Likely repeats:"), theme.dim()));
        for (_, line) in &task.duplicates {
            lines.push(Line::raw(text::truncate(&format!("  {line}"), width)));
        }
    }
    let hint = if task.busy {
        lang.pick("正在保存……", "saving…")
    } else {
        lang.pick(
            "Enter 下一栏/提交 · ←/→ 选择 · Esc 取消",
            "Enter next/submit · ←/→ choose · Esc cancel",
        )
    };
    lines.push(Line::styled(hint.to_string(), theme.dim()));
    lines
}
