//! Drawing the whole screen from [`App`]: tabs on top, the active screen, the status line at the
//! bottom, and any overlay (help, versions). One function per region; nothing here changes state.

use super::app::{App, Gate, Overlay, Tab};
use super::keys::Context;
use super::screens::admin::render as admin_render;
use super::screens::cases::render as cases_render;
use super::screens::catalog::{render as catalog_render, versions};
use super::screens::diff_view::diff_lines;
use super::screens::login;
use super::screens::patrols::render as patrols_render;
use super::screens::stats::render as stats_render;
use super::screens::task::render as task_render;
use super::screens::tickets::render as tickets_render;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph};
use ratatui::Frame;
use zhifa_core::domain::officer::Officer;
use zhifa_core::i18n::Lang;
use zhifa_core::text;

pub fn render(frame: &mut Frame, app: &App) {
    render_screen(frame, app);
    // Drawn last, over the top line of whatever screen: a failed check of the records is never
    // hidden behind a login box or an overlay.
    if let Some(alarm) = &app.records_alarm {
        let top = Rect { height: 1.min(frame.area().height), ..frame.area() };
        let line = text::pad(&text::truncate(alarm, top.width as usize), top.width as usize);
        frame.render_widget(Paragraph::new(Line::styled(line, app.theme.error())), top);
    }
}

fn render_screen(frame: &mut Frame, app: &App) {
    let [tabs, body, status] = frame_areas(frame.area());
    if let Gate::Login(state) = &app.gate {
        // Nothing of anyone's work behind the login: only the box and the status line.
        login::render::render(
            frame,
            Rect::new(body.x, tabs.y, body.width, body.height + tabs.height),
            state,
            app.lang,
            app.theme,
        );
        render_status(frame, status, app);
        if let Overlay::Help(scroll) = app.overlay {
            render_help(frame, body, app, scroll);
        }
        return;
    }
    render_tabs(frame, tabs, app);
    match app.tab {
        Tab::Catalog => {
            let status = app.viewed_status();
            catalog_render::render(frame, body, &app.catalog, status, app.lang, app.theme)
        }
        Tab::Patrol => {
            let due = patrols_render::Due { reinspections: &app.reinspections, today: app.today };
            patrols_render::render(frame, body, &app.patrols, &due, app.lang, app.theme)
        }
        Tab::Cases => match &app.case_file {
            Some(file) => return render_case_file(frame, body, status, app, file),
            None => {
                cases_render::render(frame, body, &app.cases, app.case_view, app.lang, app.theme)
            }
        },
        Tab::Complaints => {
            let shown =
                tickets_render::Shown { route: app.ticket_route.as_ref(), today: app.today };
            tickets_render::render(frame, body, &app.tickets, shown, app.lang, app.theme)
        }
        Tab::Admin => {
            let view = admin_render::View {
                versions: &app.versions,
                teams: &app.teams,
                grids: &app.grids,
                locked: &app.locked,
                today: app.today,
                lang: app.lang,
                theme: app.theme,
            };
            admin_render::render(frame, body, &app.admin, &view)
        }
        Tab::Statistics => {
            stats_render::render(frame, body, &app.stats, app.today, app.lang, app.theme)
        }
    }
    if let (Some(task), Overlay::None) = (&app.task, app.overlay) {
        task_render::render(frame, body, task, app.lang, app.theme);
    }
    render_status(frame, status, app);
    match app.overlay {
        Overlay::None => {}
        Overlay::Help(scroll) => render_help(frame, body, app, scroll),
        Overlay::Versions(selected) => render_versions(frame, body, app, selected),
        Overlay::ConfirmQuit => render_confirm_quit(frame, body, app),
        Overlay::Diff(scroll) => render_diff(frame, body, app, scroll),
        Overlay::Article(scroll) => render_article(frame, body, app, scroll),
        Overlay::LawSearch => render_law_search(frame, body, app),
        Overlay::Documents => {
            if let Some(state) = &app.documents {
                super::screens::documents::render(frame, body, state, app.lang, app.theme);
            }
        }
    }
}

/// The case file with what is being done to it beside it: the steps' menu or a step's form on
/// the right, the file on the left, so the one who decides reads what they decide.
fn render_case_file(
    frame: &mut Frame,
    body: Rect,
    status: Rect,
    app: &App,
    file: &crate::screens::case_file::CaseFileState,
) {
    use ratatui::layout::{Constraint, Layout};
    let task = app.task.as_ref().filter(|_| app.overlay == Overlay::None);
    let [left, right] = match task {
        Some(_) => {
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body)
        }
        None => [body, Rect::default()],
    };
    crate::screens::case_file::render(frame, left, file, app.lang, app.theme);
    if let Some(task) = task {
        task_render::render(frame, right, task, app.lang, app.theme);
    }
    render_status(frame, status, app);
    match app.overlay {
        Overlay::None | Overlay::Versions(_) | Overlay::Diff(_) => {}
        Overlay::Article(scroll) => render_article(frame, body, app, scroll),
        Overlay::LawSearch => render_law_search(frame, body, app),
        Overlay::Help(scroll) => render_help(frame, body, app, scroll),
        Overlay::ConfirmQuit => render_confirm_quit(frame, body, app),
        Overlay::Documents => {
            if let Some(state) = &app.documents {
                super::screens::documents::render(frame, body, state, app.lang, app.theme);
            }
        }
    }
}

fn render_diff(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let Some(diff) = &app.diff else { return };
    if area.is_empty() {
        return;
    }
    frame.render_widget(crate::cleared::Cleared, area);
    let title = app.lang.pick(" 版本差异 · Esc 返回 ", " Differences · Esc back ");
    let block = Block::new().borders(Borders::ALL).border_set(app.theme.border()).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let lines = diff_lines(&diff.diff, &diff.from, &diff.to, width, app.lang, app.theme);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize) as u16);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// A cited article over the screen: the version it is read from, its chapter, the article whole
/// with the cited 款 / 项 marked; or why there is no text, and how to load it.
/// 法规检索: the words, then the articles found (law, article, the line holding the words).
fn render_law_search(frame: &mut Frame, area: Rect, app: &App) {
    let Some(state) = &app.law_search else { return };
    if area.is_empty() {
        return;
    }
    let lang = app.lang;
    frame.render_widget(crate::cleared::Cleared, area);
    let title = lang.pick(
        " 法规检索 · Enter 检索 / 查看所选条文 · ↑↓ 选择 · Esc 关闭 ",
        " Search the laws · Enter searches / shows the article · ↑↓ choose · Esc closes ",
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(app.theme.border())
        .border_style(app.theme.focused_border())
        .title(text::truncate(title, area.width.saturating_sub(2) as usize))
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let prompt = ratatui::text::Span::styled(lang.pick("词语 › ", "words › "), app.theme.label());
    state.query.render(frame, inner, prompt, ratatui::style::Style::default(), true);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    match (&state.searched, state.found.is_empty()) {
        (None, _) => lines.push(Line::styled(
            lang.pick(
                "输入词语后按 Enter（检索已载入的法规文本中现行的条文）",
                "type words, then Enter (the articles in force of the law texts loaded)",
            ),
            app.theme.dim(),
        )),
        (Some(_), true) => lines.push(Line::styled(
            lang.pick(
                "没有找到条文（法规文本由管理员用 zhifa law load 载入）",
                "no article found (an admin loads law texts with zhifa law load)",
            ),
            app.theme.dim(),
        )),
        (Some(_), false) => {
            let shown = state.found.len();
            let count = match lang {
                Lang::Zh if state.total > shown => {
                    format!("共 {} 条，显示前 {shown} 条", state.total)
                }
                Lang::Zh => format!("共 {} 条", state.total),
                Lang::En if state.total > shown => {
                    format!("{} articles, the first {shown} shown", state.total)
                }
                Lang::En => format!(
                    "{} {}",
                    state.total,
                    if state.total == 1 { "article" } else { "articles" }
                ),
            };
            lines.push(Line::styled(count, app.theme.dim()));
            let room = inner.height.saturating_sub(3) as usize;
            let first = state.selected.saturating_sub(room.saturating_sub(1));
            for (i, hit) in state.found.iter().enumerate().skip(first).take(room) {
                let mark = if i == state.selected { "▶ " } else { "  " };
                let row = format!("{mark}{}  {}", hit.citation, hit.line);
                let style = if i == state.selected {
                    app.theme.selected()
                } else {
                    ratatui::style::Style::default()
                };
                lines.push(Line::styled(text::truncate(&row, width), style));
            }
        }
    }
    let list = Rect { y: inner.y + 2, height: inner.height - 2, ..inner };
    frame.render_widget(Paragraph::new(lines), list);
}

fn render_article(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let Some(view) = &app.article else { return };
    if area.is_empty() {
        return;
    }
    frame.render_widget(crate::cleared::Cleared, area);
    let title = format!(" {} · Esc {} ", view.citation, app.lang.pick("返回", "back"));
    let title = text::truncate(&title, area.width.saturating_sub(2) as usize);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(app.theme.border())
        .border_style(app.theme.focused_border())
        .title(title)
        .padding(Padding::horizontal(1));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = article_lines(view, inner.width as usize, app.theme);
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize) as u16);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// The overlay's lines at `width` columns (wrapped by display width; a cited line keeps its
/// mark on each of its rows).
pub fn article_lines(
    view: &zhifa_law::view::ArticleView,
    width: usize,
    theme: crate::theme::Theme,
) -> Vec<Line<'static>> {
    let width = width.max(8);
    let mut out = Vec::new();
    if let Some(message) = &view.message {
        for piece in text::wrap(message, width) {
            out.push(Line::styled(piece, theme.error()));
        }
    }
    if !view.version.is_empty() {
        out.push(Line::styled(text::truncate(&view.version, width), theme.title()));
    }
    if !view.heading.is_empty() {
        out.push(Line::styled(text::truncate(&view.heading, width), theme.dim()));
    }
    if !out.is_empty() && !view.lines.is_empty() {
        out.push(Line::raw(""));
    }
    let marks = view.lines.iter().any(|(_, cited)| *cited);
    for (line, cited) in &view.lines {
        let (lead, style) = match (marks, cited) {
            (false, _) => ("", ratatui::style::Style::new()),
            (true, true) => (theme.pointer(), theme.selected()),
            (true, false) => ("  ", ratatui::style::Style::new()),
        };
        let room = width.saturating_sub(text::width(lead)).max(4);
        for (i, piece) in text::wrap(line, room).into_iter().enumerate() {
            let lead =
                if i == 0 || !*cited { lead.to_string() } else { " ".repeat(text::width(lead)) };
            out.push(Line::styled(format!("{lead}{piece}"), style));
        }
    }
    out
}

fn render_confirm_quit(frame: &mut Frame, area: Rect, app: &App) {
    // Say what would be lost: the import under way, or else the work form being filled in.
    let text = if app.admin.has_unsaved_work() {
        app.lang.pick(
            "目录导入尚未完成，退出将放弃（不会写入任何内容）。退出？ y 退出 · n 返回",
            "The catalog update is not finished; quitting discards it (nothing is written). Quit? y quits · n goes back",
        )
    } else {
        app.lang.pick(
            "表单尚未保存，退出将放弃已填写的内容（不会写入任何内容）。退出？ y 退出 · n 返回",
            "The form is not saved; quitting discards what was typed (nothing is written). Quit? y quits · n goes back",
        )
    };
    let width = (text::width(text) as u16 + 4).min(area.width);
    let lines = text::wrap(text, width.saturating_sub(4).max(1) as usize);
    let height = (lines.len() as u16 + 2).min(area.height);
    let x = area.x + (area.width - width) / 2;
    let y = area.y + area.height.saturating_sub(height) / 2;
    let boxed = Rect::new(x, y, width, height);
    frame.render_widget(crate::cleared::Cleared, boxed);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(app.theme.border())
        .padding(Padding::horizontal(1));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let lines: Vec<Line> = lines.into_iter().map(|l| Line::styled(l, app.theme.error())).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn frame_areas(area: Rect) -> [Rect; 3] {
    Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)]).areas(area)
}

/// The area a screen gets on a terminal of `size`: all but the tab bar and the status line.
pub fn body_area(size: Rect) -> Rect {
    frame_areas(size)[1]
}

const BRAND: &str = " zhifa ";

fn tab_text(tab: Tab, lang: Lang) -> String {
    format!(" {} ", tab.label(lang))
}

/// The tab drawn at `column` of the tab bar.
pub fn tab_at(lang: Lang, column: u16) -> Option<Tab> {
    let mut x = text::width(BRAND);
    for tab in Tab::ALL {
        let width = text::width(&tab_text(tab, lang));
        if (x..x + width).contains(&(column as usize)) {
            return Some(tab);
        }
        x += width;
    }
    None
}

fn render_tabs(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = vec![Span::styled(BRAND, app.theme.title())];
    for tab in Tab::ALL {
        let style = if tab == app.tab { app.theme.tab_active() } else { app.theme.tab() };
        spans.push(Span::styled(tab_text(tab, app.lang), style));
    }
    let help = app.lang.pick("  F1/? 帮助", "  F1/? help");
    spans.push(Span::styled(help, app.theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Officer, the version in force with its effective date, its item count, and any problem.
pub fn status_text(app: &App) -> String {
    let team = |o: &Officer| {
        let code = o.team.as_deref()?;
        let name = app.teams.iter().find(|t| t.code == code).map_or(code, |t| t.name.as_str());
        Some(format!(" · {name}"))
    };
    let officer = match (&app.session, app.lang) {
        (Some(o), Lang::Zh) => format!(
            "操作人 {}（{} · {}{}）",
            o.name,
            o.badge,
            o.role.label_zh(),
            team(o).unwrap_or_default()
        ),
        (Some(o), Lang::En) => format!(
            "officer {} ({} · {}{})",
            o.name,
            o.badge,
            o.role.label_en(),
            team(o).unwrap_or_default()
        ),
        (None, _) => app.lang.pick("未登录", "not logged in").to_string(),
    };
    let version = match (app.in_force(), app.lang) {
        // The effective date is in the versions list (F4); the status line keeps room for
        // the counts.
        (Some(v), Lang::Zh) => format!("现行目录 {} · {} 项", v.label, v.item_count),
        (Some(v), Lang::En) => format!("in force: {} · {} items", v.label, v.item_count),
        (None, _) => app.lang.pick("没有现行目录", "no catalog in force").to_string(),
    };
    let separator = app.theme.separator();
    // The counts come before the catalog: on a narrow terminal they are what must not be cut.
    let mut text = format!(" {officer}");
    if let Some(counts) = attention_text(app) {
        text.push_str(&format!("{separator}{counts}"));
    }
    // What was just recorded, or why not, comes before the sync state: it answers the key the
    // officer just pressed. It takes the catalog's place until the next change of screen.
    if let Some(notice) = &app.notice {
        text.push_str(&format!("{separator}✓ {notice}"));
    }
    if let Some(message) = &app.message {
        text.push_str(&format!("{separator}{message}"));
    }
    if let Some(sync) = sync_text(app) {
        text.push_str(&format!("{separator}{sync}"));
    }
    if app.notice.is_none() {
        text.push_str(&format!("{separator}{version}"));
    }
    text
}

/// The counts of work that needs attention, when there is any.
/// The last push to the centre: when, and what waits; or that it failed.
fn sync_text(app: &App) -> Option<String> {
    let sync = app.sync.as_ref()?;
    let at = &sync.at;
    Some(
        match (&sync.failure, app.lang) {
            (Some(_), Lang::Zh) => format!("同步失败 {at}（zhifa sync 查看原因）"),
            (Some(_), Lang::En) => format!("sync failed {at} (zhifa sync says why)"),
            (None, Lang::Zh) if sync.waiting > 0 => format!("已同步 {at} · 待推 {}", sync.waiting),
            (None, Lang::En) if sync.waiting > 0 => {
                format!("synced {at} · {} waiting", sync.waiting)
            }
            (None, Lang::Zh) => format!("已同步 {at}"),
            (None, Lang::En) => format!("synced {at}"),
        } + &match (sync.tickets, app.lang) {
            (0, _) => String::new(),
            (n, Lang::Zh) => format!(" · 待收投诉 {n}（投诉页 c）"),
            (n, Lang::En) => format!(" · {n} complaints to take in (c on Complaints)"),
        },
    )
}

fn attention_text(app: &App) -> Option<String> {
    let a = app.attention;
    if a.is_empty() {
        return None;
    }
    let parts: Vec<String> = [
        (a.overdue_cases, "逾期案件", "overdue case", "overdue cases"),
        (a.due_soon_cases, "临期", "due soon", "due soon"),
        (
            a.uncounted_cases,
            "无日历无法计算期限",
            "deadline without a calendar",
            "deadlines without a calendar",
        ),
        (a.overdue_tickets, "逾期投诉", "overdue complaint", "overdue complaints"),
    ]
    .iter()
    .filter(|(n, _, _, _)| *n > 0)
    .map(|(n, zh, one, many)| match app.lang {
        Lang::Zh => format!("{zh} {n}"),
        Lang::En => zhifa_core::i18n::count_en(*n as i64, one, many),
    })
    .collect();
    Some(parts.join(" · "))
}

fn render_status(frame: &mut Frame, area: Rect, app: &App) {
    let text = text::pad(&status_text(app), area.width as usize);
    let urgent = app.attention.overdue_cases + app.attention.overdue_tickets > 0;
    let style =
        if app.message.is_some() || urgent { app.theme.error() } else { app.theme.status() };
    frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
}

/// The contexts whose keys the help lists for the current tab.
fn help_contexts(app: &App) -> &'static [Context] {
    if let Gate::Login(_) = app.gate {
        return &[Context::Form, Context::Global, Context::Help];
    }
    match app.tab {
        Tab::Catalog => &[
            Context::Input,
            Context::List,
            Context::Detail,
            Context::Versions,
            Context::Report,
            Context::Browse,
            Context::Global,
            Context::Help,
        ],
        Tab::Patrol | Tab::Cases | Tab::Complaints => {
            &[Context::Work, Context::Form, Context::Browse, Context::Global, Context::Help]
        }
        Tab::Admin => &[
            Context::Admin,
            Context::Form,
            Context::Report,
            Context::Browse,
            Context::Global,
            Context::Help,
        ],
        _ => &[Context::Browse, Context::Global, Context::Help],
    }
}

/// Every key of the current screen, straight from the key table.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let zh = app.lang == Lang::Zh;
    let mut lines = Vec::new();
    for context in help_contexts(app) {
        let (title_zh, title_en) = context.title();
        lines.push(Line::styled(app.lang.pick(title_zh, title_en), app.theme.label()));
        for (keys, description) in app.keys.help_rows(*context, zh) {
            lines.push(Line::raw(format!("  {}{description}", text::pad(&keys, 14))));
        }
    }
    lines
}

fn render_help(frame: &mut Frame, area: Rect, app: &App, scroll: u16) {
    if area.is_empty() {
        return;
    }
    frame.render_widget(crate::cleared::Cleared, area);
    let lines = help_lines(app);
    let page = area.height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(page) as u16);
    let (first, last) = (scroll as usize + 1, (scroll as usize + page).min(lines.len()));
    let total = lines.len();
    let title = match app.lang {
        Lang::Zh => {
            format!(" 按键 · 第 {first}–{last} 行，共 {total} 行 · PgUp/PgDn 翻页 · Esc 关闭 ")
        }
        Lang::En => format!(" Keys · lines {first}–{last} of {total} · PgUp/PgDn · Esc closes "),
    };
    let block = Block::new().borders(Borders::ALL).border_set(app.theme.border()).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

fn render_versions(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    if area.is_empty() {
        return;
    }
    let viewing = app.versions.iter().position(|v| v.id == app.catalog.version.id);
    let view = versions::VersionsView {
        versions: &app.versions,
        statuses: &app.statuses,
        selected,
        viewing,
    };
    versions::render(frame, area, &view, app.lang, app.theme);
}

#[cfg(test)]
mod snapshots;
#[cfg(test)]
mod tests;
