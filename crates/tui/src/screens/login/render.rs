//! The login box in the middle of an otherwise empty screen: nothing of the previous officer's
//! work shows while the terminal waits for a login.

use super::{DemoAccount, LoginState, Mode};
use crate::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Padding, Paragraph};
use ratatui::Frame;
use zhifa_core::i18n::Lang;
use zhifa_core::text;

const BOX_WIDTH: u16 = 64;

pub fn render(frame: &mut Frame, area: Rect, state: &LoginState, lang: Lang, theme: Theme) {
    if area.is_empty() {
        return;
    }
    let width = BOX_WIDTH.min(area.width);
    let room = width.saturating_sub(4) as usize;
    let notice = notice_lines(state, lang, room);
    // A refusal is read whole (who may unlock, how many tries are left): wrapped, never cut.
    let error = text::wrap(state.form.error.as_deref().unwrap_or(""), room.max(1));
    let fields = state.form.fields.len() as u16;
    // Borders, title, notice, blank, fields, blank, error, hint.
    let rows = 2 + 1 + notice.len() + 1 + fields as usize + 1 + error.len().max(1) + 1;
    let height = (rows as u16).min(area.height);
    let x = area.x + (area.width - width) / 2;
    let y = area.y + area.height.saturating_sub(height) / 3;
    let boxed = Rect::new(x, y, width, height);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    render_inside(frame, inner, state, (&notice, &error), lang, theme);
    let below = Rect::new(
        area.x,
        boxed.bottom() + 1,
        area.width,
        area.bottom().saturating_sub(boxed.bottom() + 1),
    );
    render_demo_accounts(frame, below, &state.demo_accounts, lang, theme);
}

/// Title, notice, fields, the refusal and the keys, top to bottom, as far as they fit.
fn render_inside(
    frame: &mut Frame,
    inner: Rect,
    state: &LoginState,
    (notice, error): (&[String], &[String]),
    lang: Lang,
    theme: Theme,
) {
    let mut y = inner.y;
    let line = |frame: &mut Frame, text: Line<'_>, y: &mut u16| {
        if *y < inner.bottom() {
            frame.render_widget(Paragraph::new(text), Rect::new(inner.x, *y, inner.width, 1));
        }
        *y += 1;
    };
    let room = inner.width as usize;
    line(frame, Line::styled(text::truncate(title(state.mode, lang), room), theme.title()), &mut y);
    for text in notice {
        line(frame, Line::styled(text::truncate(text, room), theme.label()), &mut y);
    }
    y += 1;
    if y < inner.bottom() {
        let fields = Rect::new(inner.x, y, inner.width, inner.bottom() - y);
        state.form.render(frame, fields, lang, theme);
    }
    y += state.form.fields.len() as u16 + 1;
    for text in error {
        line(frame, Line::styled(text::truncate(text, room), theme.error()), &mut y);
    }
    if error.is_empty() {
        y += 1;
    }
    line(frame, Line::styled(text::truncate(hint(state.mode, lang), room), theme.dim()), &mut y);
}

fn title(mode: Mode, lang: Lang) -> &'static str {
    match mode {
        Mode::Login => lang.pick("综合行政执法 · 登录", "Comprehensive enforcement · log in"),
        Mode::FirstAdmin => lang.pick(
            "新数据库：请创建第一个管理员账号",
            "New database: create the first admin account",
        ),
    }
}

fn hint(mode: Mode, lang: Lang) -> &'static str {
    match mode {
        Mode::Login => lang.pick(
            "Enter 登录 · ↑↓ 切换 · Esc 清空 · Ctrl-C 退出",
            "Enter logs in · ↑↓ field · Esc clears · Ctrl-C quits",
        ),
        Mode::FirstAdmin => lang.pick(
            "Enter 下一项/创建 · ↑↓ 切换 · Ctrl-C 退出",
            "Enter next/create · ↑↓ field · Ctrl-C quits",
        ),
    }
}

/// Who locked the terminal, wrapped to the box.
fn notice_lines(state: &LoginState, lang: Lang, width: usize) -> Vec<String> {
    let text = match (&state.locked_by, state.mode, lang) {
        (Some(by), _, Lang::Zh) => format!(
            "终端已锁定（{}，{}）。请输入本人执法证号和密码：本人登录继续原来的工作，其他人员登录将重新开始。",
            by.name, by.badge
        ),
        (Some(by), _, Lang::En) => format!(
            "Locked by {} ({}). Log in with your own badge: they resume where they were, anyone else starts afresh.",
            by.name, by.badge
        ),
        (None, Mode::FirstAdmin, _) => lang
            .pick(
                "管理员管理账号、导入目录；其他人员的账号由管理员添加。",
                "The admin manages accounts and catalogs, and adds everyone else.",
            )
            .to_string(),
        (None, Mode::Login, _) => return Vec::new(),
    };
    text::wrap(&text, width.max(1))
}

fn render_demo_accounts(
    frame: &mut Frame,
    area: Rect,
    accounts: &[DemoAccount],
    lang: Lang,
    theme: Theme,
) {
    if accounts.is_empty() || area.is_empty() {
        return;
    }
    let mut lines = vec![Line::styled(
        lang.pick("演示账号（仅限演示数据库）：", "Demo accounts (demo database only):"),
        theme.dim(),
    )];
    for account in accounts {
        let role = account.role.label(lang);
        let row = format!(
            "{}{}{}{}",
            text::pad(&account.badge, 9),
            text::pad(&account.name, 12),
            text::pad(role, 16),
            account.password
        );
        lines.push(Line::styled(row, theme.dim()));
    }
    // One left-aligned block, centred as a whole, so the columns line up.
    let width = lines.iter().map(Line::width).max().unwrap_or(0).min(area.width as usize) as u16;
    let x = area.x + (area.width - width) / 2;
    let lines: Vec<Line> = lines.into_iter().take(area.height as usize).collect();
    frame.render_widget(Paragraph::new(lines), Rect::new(x, area.y, width, area.height));
}
