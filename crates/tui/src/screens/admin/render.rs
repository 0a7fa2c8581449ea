//! Drawing the 管理 tab, one function per step of the import.

use super::picker::Picker;
use super::{AdminState, Step};
use crate::form::Form;
use crate::screens::catalog::versions::status_label;
use crate::screens::diff_view::diff_lines;
use crate::theme::Theme;
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};
use ratatui::Frame;
use zhifa_app::catalog_update::{Prepared, Progress};
use zhifa_catalog::import::Severity;
use zhifa_core::domain::officer::{Officer, Team};
use zhifa_core::domain::org::Grid;
use zhifa_core::domain::version::{statuses_on, CatalogVersion};
use zhifa_core::i18n::Lang;
use zhifa_core::text;
use zhifa_store::NewVersion;

/// What the tab shows besides its own state.
pub struct View<'a> {
    pub versions: &'a [CatalogVersion],
    pub teams: &'a [Team],
    pub grids: &'a [Grid],
    /// Accounts locked by failed logins.
    pub locked: &'a [Officer],
    pub today: NaiveDate,
    pub lang: Lang,
    pub theme: Theme,
}

pub fn render(frame: &mut Frame, area: Rect, state: &AdminState, view: &View) {
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(view.theme.border())
        .border_style(view.theme.border_style())
        .title(view.lang.pick(" 目录管理 ", " Catalog administration "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let message_row = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
    let body = Rect { height: inner.height - 1, ..inner };
    match &state.step {
        Step::Home => render_home(frame, body, view),
        Step::Pick(picker) => render_picker(frame, body, picker, view),
        Step::Working { progress, confirmed } => {
            render_progress(frame, body, progress, confirmed.is_some(), view)
        }
        Step::Report { prepared, scroll } => render_report(frame, body, prepared, *scroll, view),
        Step::Preview { prepared, form, scroll, refusals } => {
            render_preview(frame, body, prepared, form, refusals, *scroll, view)
        }
        Step::Confirm { prepared, meta, form } => {
            render_confirm(frame, body, prepared, meta, form, view)
        }
        Step::Done(version) => render_done(frame, body, version, view),
    }
    if let Some(message) = &state.message {
        let line = Line::styled(text::truncate(message, inner.width as usize), view.theme.error());
        frame.render_widget(Paragraph::new(line), message_row);
    }
}

fn lines_in(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, scroll: u16) {
    let scroll = scroll.min(lines.len().saturating_sub(area.height as usize) as u16);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

fn render_home(frame: &mut Frame, area: Rect, view: &View) {
    let (lang, theme, width) = (view.lang, view.theme, area.width as usize);
    let mut lines = vec![Line::styled(
        text::truncate(
            lang.pick(
                "按 i 导入目录更新（CSV / XLSX / JSON）：先校验、预览差异，确认后才写入。",
                "Press i to load a catalog update (CSV / XLSX / JSON): checked and previewed first, written only when confirmed.",
            ),
            width,
        ),
        theme.label(),
    )];
    lines.push(Line::raw(""));
    lines.push(Line::styled(lang.pick("目录版本：", "Catalog versions:"), theme.title()));
    let statuses = statuses_on(view.versions, view.today);
    for (version, status) in view.versions.iter().zip(statuses).rev() {
        let row = match lang {
            Lang::Zh => format!(
                "  {}  {}  {} 起生效  {} 项  {}  导入人 {}",
                text::pad(&version.label, 18),
                text::pad(status_label(status, lang), 8),
                version.effective,
                version.item_count,
                version.doc_no,
                version.imported_by
            ),
            Lang::En => format!(
                "  {}  {}  from {}  {} items  {}  by {}",
                text::pad(&version.label, 18),
                text::pad(status_label(status, lang), 10),
                version.effective,
                version.item_count,
                version.doc_no,
                version.imported_by
            ),
        };
        lines.push(Line::raw(text::truncate(&row, width)));
    }
    if view.versions.is_empty() {
        lines.push(Line::styled(lang.pick("  （尚无目录）", "  (none yet)"), theme.dim()));
    }
    lines.extend(org_lines(view, width));
    lines.extend(locked_lines(view, width));
    lines_in(frame, area, lines, 0);
}

/// The street teams with their grids (t adds a team, w a grid).
fn org_lines(view: &View, width: usize) -> Vec<Line<'static>> {
    let (lang, theme) = (view.lang, view.theme);
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            lang.pick(
                "中队与网格（t 新增中队 · w 新增网格）：",
                "Teams and grids (t adds a team · w a grid):",
            ),
            theme.title(),
        ),
    ];
    for team in view.teams {
        let brigade = team.brigade.as_deref().map(|b| format!("  〔{b}〕")).unwrap_or_default();
        let row = format!("  {}  {}{brigade}", team.code, team.name);
        lines.push(Line::raw(text::truncate(&row, width)));
        for grid in view.grids.iter().filter(|g| g.team == team.code) {
            let place = [grid.road.as_str(), grid.landmarks.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · ");
            let row = format!("      {}  {}  {place}", grid.code, grid.name);
            lines.push(Line::styled(text::truncate(&row, width), theme.dim()));
        }
    }
    lines
}

/// The accounts locked by failed logins (u unlocks one: team leaders and admins).
fn locked_lines(view: &View, width: usize) -> Vec<Line<'static>> {
    let (lang, theme) = (view.lang, view.theme);
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            lang.pick(
                "被锁定的账号（u 解锁：中队长、管理员）：",
                "Locked accounts (u unlocks: team leaders, admins):",
            ),
            theme.title(),
        ),
    ];
    for officer in view.locked {
        let row = match lang {
            Lang::Zh => format!(
                "  {}  {}  连续输错密码 {} 次",
                officer.badge, officer.name, officer.failed_attempts
            ),
            Lang::En => format!(
                "  {}  {}  {} failed logins in a row",
                officer.badge, officer.name, officer.failed_attempts
            ),
        };
        lines.push(Line::styled(text::truncate(&row, width), theme.error()));
    }
    if view.locked.is_empty() {
        lines.push(Line::styled(lang.pick("  （无）", "  (none)"), theme.dim()));
    }
    lines
}

fn render_picker(frame: &mut Frame, area: Rect, picker: &Picker, view: &View) {
    let (lang, theme) = (view.lang, view.theme);
    let hint = lang.pick(
        "选择目录文件：输入筛选 · ↑↓ 选择 · Tab 补全 · Enter 打开 · Esc 取消",
        "Choose the catalog file: type to filter · ↑↓ choose · Tab completes · Enter opens · Esc cancels",
    );
    let width = area.width as usize;
    frame.render_widget(
        Paragraph::new(Line::styled(text::truncate(hint, width), theme.dim())),
        row(area, 0),
    );
    let prompt = Span::styled(lang.pick("文件 › ", "file › "), theme.label());
    picker.path.render(frame, row(area, 1), prompt, theme.field(true), true);
    let list = Rect { y: area.y + 3, height: area.height.saturating_sub(3), ..area };
    if let Some(error) = &picker.error {
        frame.render_widget(
            Paragraph::new(Line::styled(text::truncate(error, width), theme.error())),
            list,
        );
        return;
    }
    let matches = picker.matches();
    let height = list.height as usize;
    let first = (picker.selected + 1).saturating_sub(height);
    let lines: Vec<Line> = matches
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, entry)| {
            let name = if entry.is_dir { format!("{}/", entry.name) } else { entry.name.clone() };
            let pointer = if i == picker.selected { theme.pointer() } else { "  " };
            let text = text::truncate(&format!("{pointer}{name}"), width);
            if i == picker.selected {
                Line::styled(text, theme.selected())
            } else {
                Line::raw(text)
            }
        })
        .collect();
    if lines.is_empty() {
        let none = lang.pick("（此处没有目录文件）", "(no catalog files here)");
        frame.render_widget(Paragraph::new(Line::styled(none, theme.dim())), list);
        return;
    }
    frame.render_widget(Paragraph::new(lines), list);
}

fn row(area: Rect, y: u16) -> Rect {
    if y >= area.height {
        return Rect::new(area.x, area.y, area.width, 0);
    }
    Rect::new(area.x, area.y + y, area.width, 1)
}

fn render_progress(frame: &mut Frame, area: Rect, progress: &Progress, writing: bool, view: &View) {
    let snapshot = progress.snapshot();
    let (lang, theme) = (view.lang, view.theme);
    let what = if writing {
        lang.pick(
            "正在写入新版本（完成前不影响现行目录）",
            "writing the new version (the catalog in force is untouched until it completes)",
        )
    } else {
        lang.pick(
            "正在读取并校验文件（不写入任何内容）",
            "reading and checking the file (nothing is written)",
        )
    };
    frame.render_widget(
        Paragraph::new(Line::styled(text::truncate(what, area.width as usize), theme.title())),
        row(area, 0),
    );
    let counts = if snapshot.total > 0 {
        format!("{} · {}/{}", snapshot.phase.label(lang), snapshot.done, snapshot.total)
    } else {
        snapshot.phase.label(lang).to_string()
    };
    let gauge = Gauge::default()
        .gauge_style(theme.label())
        .ratio(snapshot.fraction().clamp(0.0, 1.0))
        .label(counts);
    frame.render_widget(gauge, row(area, 2));
}

/// File, format, encoding, items, errors and warnings in one line.
pub(super) fn summary_line(prepared: &Prepared, lang: Lang) -> String {
    let report = &prepared.parsed.report;
    let format = report.format_text(lang);
    let (errors, warnings) = (report.errors().count(), report.warnings().count());
    let items = prepared.parsed.items.len();
    let derived = report.derived_codes;
    let codes = match (lang, derived) {
        (_, 0) => String::new(),
        (Lang::Zh, n) if n == items => "（文件无事项编码：全部按名称和部门生成）".to_string(),
        (Lang::Zh, n) => format!("（其中 {n} 项无编码，已按名称和部门生成）"),
        (Lang::En, n) if n == items => {
            " (no codes in the file: all made from name and department)".to_string()
        }
        (Lang::En, n) => format!(" ({n} without a code: made from name and department)"),
    };
    match lang {
        Lang::Zh => format!(
            "{}：{format}，{items} 项{codes}，{errors} 个错误，{warnings} 个提示",
            prepared.file_name,
        ),
        Lang::En => format!(
            "{}: {format}, {items} items{codes}, {errors} errors, {warnings} warnings",
            prepared.file_name,
        ),
    }
}

fn problem_lines(prepared: &Prepared, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let report = &prepared.parsed.report;
    report
        .problems
        .iter()
        .map(|p| {
            let style = if p.severity == Severity::Error { theme.error() } else { theme.dim() };
            Line::styled(text::truncate(&p.to_string(), width), style)
        })
        .collect()
}

fn render_report(frame: &mut Frame, area: Rect, prepared: &Prepared, scroll: u16, view: &View) {
    let (lang, theme, width) = (view.lang, view.theme, area.width as usize);
    let verdict = if prepared.parsed.items.is_empty() && !prepared.has_errors() {
        lang.pick(
            "文件中没有事项：未写入任何内容。Esc 返回",
            "The file holds no items: nothing was written. Esc goes back",
        )
    } else {
        lang.pick("文件有错误：未写入任何内容。请修改文件后重新导入。↑↓ 滚动 · Esc 返回", "The file has errors: nothing was written. Fix the file and load it again. ↑↓ scroll · Esc back")
    };
    let mut lines = vec![
        Line::styled(text::truncate(verdict, width), theme.error()),
        Line::styled(text::truncate(&summary_line(prepared, lang), width), theme.title()),
    ];
    lines.extend(problem_lines(prepared, width, theme));
    lines_in(frame, area, lines, scroll);
}

fn render_preview(
    frame: &mut Frame,
    area: Rect,
    prepared: &Prepared,
    form: &Form,
    refusals: &[String],
    scroll: u16,
    view: &View,
) {
    let (lang, theme, width) = (view.lang, view.theme, area.width as usize);
    let head = Line::styled(text::truncate(&summary_line(prepared, lang), width), theme.title());
    frame.render_widget(Paragraph::new(head), row(area, 0));
    let fields = Rect { y: area.y + 2, height: area.height.saturating_sub(2).min(3), ..area };
    form.render(frame, fields, lang, theme);
    let mut y = 6;
    let mut notes: Vec<Line> =
        refusals.iter().map(|r| Line::styled(text::truncate(r, width), theme.error())).collect();
    if notes.is_empty() {
        let next = lang.pick(
            "校验通过，尚未写入。检查下方差异后，在最后一栏按 Enter，输入密码确认。PgUp/PgDn 滚动差异",
            "Valid, nothing written yet. Check the differences below, then Enter on the last field to confirm with your password. PgUp/PgDn scroll",
        );
        notes.push(Line::styled(text::truncate(next, width), theme.ok()));
    }
    for note in notes {
        if y < area.height {
            frame.render_widget(Paragraph::new(note), row(area, y));
        }
        y += 1;
    }
    let below = Rect {
        y: area.y + (y + 1).min(area.height),
        height: area.height.saturating_sub(y + 1),
        ..area
    };
    let mut lines = match &prepared.comparison {
        Some(c) => diff_lines(&c.diff, &c.in_force.label, form.value(0), width, lang, theme),
        None => vec![Line::styled(
            lang.pick(
                "尚无现行目录：这将是第一个版本",
                "No catalog in force: this will be the first version",
            ),
            theme.label(),
        )],
    };
    if let Some(check) = &prepared.citations {
        // Checked on the effective date the file proposes.
        for line in check.lines(prepared.proposed.effective, 20, lang) {
            for piece in text::wrap(&line, width.max(8)) {
                lines.push(Line::styled(piece, theme.label()));
            }
        }
    }
    lines.extend(problem_lines(prepared, width, theme));
    lines_in(frame, below, lines, scroll);
}

fn render_confirm(
    frame: &mut Frame,
    area: Rect,
    prepared: &Prepared,
    meta: &NewVersion,
    form: &Form,
    view: &View,
) {
    let (lang, theme, width) = (view.lang, view.theme, area.width as usize);
    let items = prepared.parsed.items.len();
    let what = match lang {
        Lang::Zh => format!(
            "将导入目录版本 {}：{items} 项，{} 起生效，批准文号 {}",
            meta.label,
            meta.effective,
            if meta.doc_no.is_empty() { "（无）" } else { &meta.doc_no }
        ),
        Lang::En => format!(
            "About to load catalog version {}: {items} items, effective {}, document {}",
            meta.label,
            meta.effective,
            if meta.doc_no.is_empty() { "(none)" } else { &meta.doc_no }
        ),
    };
    // What changes against the version in force, the withdrawn items too: the password
    // confirms all of it.
    let what = match (&prepared.comparison, lang) {
        (Some(c), Lang::Zh) => format!(
            "{what}；较现行版本 {}：新增 {} 项，变更 {} 项，不再列入 {} 项",
            c.in_force.label,
            c.diff.added.len(),
            c.diff.changed.len(),
            c.diff.removed.len()
        ),
        (Some(c), Lang::En) => format!(
            "{what}; against {} in force: {} added, {} changed, {} withdrawn",
            c.in_force.label,
            c.diff.added.len(),
            c.diff.changed.len(),
            c.diff.removed.len()
        ),
        (None, _) => what,
    };
    frame.render_widget(
        Paragraph::new(
            text::wrap(&what, width.max(1))
                .into_iter()
                .take(2)
                .map(|l| Line::styled(l, theme.title()))
                .collect::<Vec<_>>(),
        ),
        Rect { height: 2.min(area.height), ..row(area, 0) },
    );
    let hint = lang.pick(
        "输入您的密码并按 Enter 确认写入 · Esc 返回修改",
        "Enter your password and press Enter to write · Esc goes back",
    );
    frame.render_widget(
        Paragraph::new(Line::styled(text::truncate(hint, width), theme.dim())),
        row(area, 2),
    );
    form.render(frame, row(area, 3), lang, theme);
    if let Some(error) = &form.error {
        frame.render_widget(
            Paragraph::new(Line::styled(text::truncate(error, width), theme.error())),
            row(area, 5),
        );
    }
}

fn render_done(frame: &mut Frame, area: Rect, version: &CatalogVersion, view: &View) {
    let lang = view.lang;
    let state = if version.effective > view.today {
        lang.pick("待生效", "scheduled")
    } else {
        lang.pick("现行", "in force")
    };
    let text = match lang {
        Lang::Zh => format!(
            "已导入目录版本 {}：{} 项，{} 起生效（{}），导入人 {}。Esc 返回",
            version.label, version.item_count, version.effective, state, version.imported_by
        ),
        Lang::En => format!(
            "Loaded catalog version {}: {} items, effective {} ({}), by {}. Esc goes back",
            version.label, version.item_count, version.effective, state, version.imported_by
        ),
    };
    let lines = text::wrap(&text, area.width.max(1) as usize)
        .into_iter()
        .map(|l| Line::styled(l, view.theme.ok()))
        .collect();
    lines_in(frame, area, lines, 0);
}
