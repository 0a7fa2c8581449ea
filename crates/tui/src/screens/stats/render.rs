//! Drawing the 统计 tab: the period and grouping, the table shown with last year beside, and
//! the charts (the selected figure per group, cases per week over the year, cases by stage).
//! Labels are padded by display width (`text`), so Chinese columns line up.

use super::{Scope, StatsState, Unavailable};
use crate::theme::Theme;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Sparkline};
use ratatui::Frame;
use zhifa_core::i18n::Lang;
use zhifa_core::report::{Figure, RecordId, Report, Table, Unit};
use zhifa_core::text;

/// Width of a figure column, and the most a group's name widens it to (over every station a
/// team is named with its station: `GX 青溪中队`).
const CELL: usize = 9;
const WIDEST_CELL: usize = 14;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &StatsState,
    today: NaiveDate,
    lang: Lang,
    theme: Theme,
) {
    if area.height < 3 || area.width < 10 {
        return;
    }
    let [head, tabs, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)])
            .areas(area);
    frame.render_widget(Paragraph::new(header(state, today, lang, theme, head.width)), head);
    frame.render_widget(Paragraph::new(table_tabs(state, lang, theme)), tabs);
    let body = match &state.failure {
        Some(failure) => {
            let [note, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
            let line = Line::styled(failure_text(failure, lang), theme.error());
            frame.render_widget(Paragraph::new(line), note);
            // Figures read before a failure to read are not what was asked for now.
            if matches!(failure, Unavailable::Unreadable(_)) {
                return;
            }
            rest
        }
        None => body,
    };
    let Some(data) = &state.data else {
        let text = match state.scope {
            Scope::Station => lang.pick("正在统计…", "counting…"),
            Scope::Centre => {
                lang.pick("正在中心汇总各站点…", "counting every station at the centre…")
            }
        };
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), body);
        return;
    };
    // Charts take the lower half once there is room for both; below that the table alone.
    let charts = if body.height >= 16 { body.height / 2 } else { 0 };
    let [top, bottom] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(charts)]).areas(body);
    match state.opened {
        Some(scroll) => render_records(frame, top, state, &data.report, scroll, lang, theme),
        None => render_table(frame, top, state, &data.report, lang, theme),
    }
    if charts > 0 {
        render_charts(frame, bottom, state, data, lang, theme);
    }
}

fn header(
    state: &StatsState,
    today: NaiveDate,
    lang: Lang,
    theme: Theme,
    width: u16,
) -> Line<'static> {
    let period = state.period(today);
    let scope = scope_text(state, lang);
    let text = match lang {
        Lang::Zh => format!(
            " 统计·{scope}（{}）{} · 按{} · 上年同期 {}  ←/→ 前后 p 周期 b 分组 c 本站/全局 Tab 换表 Enter 明细",
            state.kind.label(lang),
            period,
            state.by.label(lang),
            period.last_year()
        ),
        Lang::En => format!(
            " Figures · {scope} ({}) {} · by {} · last year {}  ←/→ move p period b grouping c scope Tab table Enter records",
            state.kind.label(lang),
            period,
            state.by.label(lang),
            period.last_year()
        ),
    };
    let shown = if state.loading { format!("{text} …") } else { text };
    Line::styled(text::truncate(&shown, width as usize), theme.title())
}

/// 本站, or 全局 with the stations counted and those whose figures there are behind.
fn scope_text(state: &StatsState, lang: Lang) -> String {
    if state.scope == Scope::Station {
        return lang.pick("本站", "this station").to_string();
    }
    let Some(centre) = state.data.as_ref().and_then(|d| d.centre.as_ref()) else {
        return lang.pick("全局", "every station").to_string();
    };
    let behind = centre.behind.iter().map(|(code, _, _)| code.as_str()).collect::<Vec<_>>();
    match (lang, behind.is_empty()) {
        (Lang::Zh, true) => format!("全局 {} 站", centre.stations),
        (Lang::Zh, false) => {
            format!("全局 {} 站，{} 待下次同步补齐", centre.stations, behind.join("、"))
        }
        (Lang::En, true) => format!("{} stations", centre.stations),
        (Lang::En, false) => format!(
            "{} stations, {} behind until their next sync",
            centre.stations,
            behind.join(", ")
        ),
    }
}

fn failure_text(failure: &Unavailable, lang: Lang) -> String {
    match failure {
        Unavailable::NoCentre => lang
            .pick(
                " 本站未配置中心（config.toml [central] url 或 ZHIFA_CENTRAL），只有本站统计",
                " no centre configured (config.toml [central] url or ZHIFA_CENTRAL): this station's figures only",
            )
            .to_string(),
        Unavailable::Unreadable(why) => match lang {
            Lang::Zh => format!(" 未能统计：{why}（r 重试）"),
            Lang::En => format!(" could not count: {why} (r to retry)"),
        },
    }
}

fn table_tabs(state: &StatsState, lang: Lang, theme: Theme) -> Line<'static> {
    let spans: Vec<Span> = Table::ALL
        .iter()
        .map(|t| {
            let style = if *t == state.table() { theme.tab_active() } else { theme.tab() };
            Span::styled(format!(" {} ", t.label(lang)), style)
        })
        .collect();
    Line::from(spans)
}

/// Rows: the table's measures; columns: the total, last year's, then each group by code.
fn render_table(
    frame: &mut Frame,
    area: Rect,
    state: &StatsState,
    report: &Report,
    lang: Lang,
    theme: Theme,
) {
    let rows = state.rows();
    let label_width = rows
        .iter()
        .map(|&i| text::width(report.measures[i].label(lang)))
        .max()
        .unwrap_or(8)
        .min(24);
    let widest = report.groups.iter().map(|g| text::width(g.label(lang)) + 1).max();
    let cell_width = widest.unwrap_or(CELL).clamp(CELL, WIDEST_CELL);
    let cell = |t: &str| text::pad(&text::truncate(t, cell_width - 1), cell_width);
    let mut head = format!(" {} ", text::pad(lang.pick("指标", "figure"), label_width));
    head.push_str(&cell(lang.pick("合计", "total")));
    head.push_str(&cell(lang.pick("上年同期", "last yr")));
    for g in &report.groups {
        head.push_str(&cell(g.label(lang)));
    }
    let width = area.width as usize;
    let mut lines = vec![Line::styled(text::truncate(&head, width), theme.label())];
    let visible = (area.height as usize).saturating_sub(1).max(1);
    let first = state.selected.saturating_sub(visible - 1);
    for (n, &i) in rows.iter().enumerate().skip(first).take(visible) {
        let m = &report.measures[i];
        let mut line =
            format!(" {} ", text::pad(&text::truncate(m.label(lang), label_width), label_width));
        line.push_str(&cell(&report.total.figures[i].text(m.unit)));
        let before =
            report.total.last_year[i].as_ref().map_or("—".to_string(), |f| f.text(m.unit));
        line.push_str(&cell(&before));
        for g in &report.groups {
            line.push_str(&cell(&g.figures[i].text(m.unit)));
        }
        let style = if n == state.selected { theme.selected() } else { Style::new() };
        lines.push(Line::styled(text::truncate(&line, width), style));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The records behind the selected figure (its total), one a line.
fn render_records(
    frame: &mut Frame,
    area: Rect,
    state: &StatsState,
    report: &Report,
    scroll: usize,
    lang: Lang,
    theme: Theme,
) {
    let Some(&i) = state.rows().get(state.selected) else { return };
    let (m, figure) = (&report.measures[i], &report.total.figures[i]);
    let width = area.width as usize;
    if state.scope == Scope::Centre {
        let lines = vec![
            Line::styled(
                text::truncate(&format!(" {}：{}", m.label(lang), figure.text(m.unit)), width),
                theme.label(),
            ),
            Line::raw(text::truncate(
                lang.pick(
                    "  中心只汇总各站点的统计数据；记录在所属站点，请在该站的统计页打开（Esc 返回）",
                    "  the centre holds the facts these figures count; the records are at their stations: open the figure there (Esc back)",
                ),
                width,
            )),
        ];
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    // The report holds the figures only; the records are read when the figure is opened.
    let Some(records) = state.opened_records() else {
        let title = match lang {
            Lang::Zh => {
                format!(" {}：{}，读取记录中…（Esc 返回）", m.label(lang), figure.text(m.unit))
            }
            Lang::En => {
                format!(
                    " {}: {}, reading the records… (Esc back)",
                    m.label(lang),
                    figure.text(m.unit)
                )
            }
        };
        let lines = vec![Line::styled(text::truncate(&title, width), theme.label())];
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let title = match lang {
        Lang::Zh => format!(
            " {}：{}，{} 条记录（Esc 返回）",
            m.label(lang),
            figure.text(m.unit),
            records.len()
        ),
        Lang::En => format!(
            " {}: {}, {} records (Esc back)",
            m.label(lang),
            figure.text(m.unit),
            records.len()
        ),
    };
    let mut lines = vec![Line::styled(text::truncate(&title, width), theme.label())];
    let visible = (area.height as usize).saturating_sub(1);
    let first = scroll.min(records.len().saturating_sub(visible));
    for record in records.iter().skip(first).take(visible) {
        lines.push(Line::raw(text::truncate(&format!("  {}", record_text(record, lang)), width)));
    }
    if records.is_empty() {
        lines.push(Line::styled(lang.pick("  （无记录）", "  (none)"), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A record as a person names it.
pub fn record_text(record: &RecordId, lang: Lang) -> String {
    match (record, lang) {
        (RecordId::Patrol(id), Lang::Zh) => format!("巡查 #{id}"),
        (RecordId::Finding(p, s), Lang::Zh) => format!("巡查 #{p} 第 {s} 处发现"),
        (RecordId::Ticket(id), Lang::Zh) => format!("投诉 #{id}"),
        (RecordId::Case(id), Lang::Zh) => format!("案件 #{id}"),
        (RecordId::Officer(badge), Lang::Zh) => format!("执法人员 {badge}"),
        (RecordId::Patrol(id), Lang::En) => format!("patrol #{id}"),
        (RecordId::Finding(p, s), Lang::En) => format!("patrol #{p}, finding {s}"),
        (RecordId::Ticket(id), Lang::En) => format!("ticket #{id}"),
        (RecordId::Case(id), Lang::En) => format!("case #{id}"),
        (RecordId::Officer(badge), Lang::En) => format!("officer {badge}"),
    }
}

fn render_charts(
    frame: &mut Frame,
    area: Rect,
    state: &StatsState,
    data: &super::StatsData,
    lang: Lang,
    theme: Theme,
) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    render_per_group(frame, left, state, &data.report, lang, theme);
    let [weeks, stages] =
        Layout::vertical([Constraint::Length(4), Constraint::Min(0)]).areas(right);
    let title = lang.pick(" 每周新增案件（全年） ", " cases opened per week (the year) ");
    let block =
        Block::default().borders(Borders::TOP).title(title).border_style(theme.border_style());
    frame.render_widget(Sparkline::default().block(block).data(&data.weekly), weeks);
    render_stages(frame, stages, &data.report, lang, theme);
}

/// The selected figure of each group, in the order of the groups' codes (never sorted by value:
/// a chart of fines must not rank teams, APL art. 74(3)).
fn render_per_group(
    frame: &mut Frame,
    area: Rect,
    state: &StatsState,
    report: &Report,
    lang: Lang,
    theme: Theme,
) {
    let Some(&i) = state.rows().get(state.selected) else { return };
    let m = &report.measures[i];
    let title = format!(" {} · {} ", m.label(lang), report.by.label(lang));
    let figures: Vec<(&str, &Figure)> =
        report.groups.iter().map(|g| (g.label(lang), &g.figures[i])).collect();
    let bars = bars(&figures, m.unit, 10);
    let block =
        Block::default().borders(Borders::TOP).title(title).border_style(theme.border_style());
    let chart = BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}

/// The share of the period's new cases in each stage they are in now.
fn render_stages(frame: &mut Frame, area: Rect, report: &Report, lang: Lang, theme: Theme) {
    let staged: Vec<(&str, &Figure)> = report
        .measures
        .iter()
        .enumerate()
        .filter(|(_, m)| m.key.starts_with("stage_"))
        .map(|(i, m)| (m.label(lang), &report.total.figures[i]))
        .filter(|(_, f)| f.value > 0)
        .map(|(label, f)| (label.trim_start_matches("现处：").trim_start_matches("now "), f))
        .collect();
    let total: i64 = staged.iter().map(|(_, f)| f.value).sum();
    let title = lang.pick(" 本期新增案件现处阶段 ", " this period's cases by stage now ");
    let block =
        Block::default().borders(Borders::TOP).title(title).border_style(theme.border_style());
    let bars: Vec<Bar> = bars(&staged, Unit::Count, 10)
        .into_iter()
        .zip(&staged)
        .map(|(bar, (_, f))| {
            let share = if total > 0 { f.value * 100 / total } else { 0 };
            bar.text_value(format!("{} {share}%", f.value))
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}

/// Bars labelled with names padded to one display width (`label_width` at most).
fn bars<'a>(figures: &[(&str, &Figure)], unit: Unit, label_width: usize) -> Vec<Bar<'a>> {
    let width = figures.iter().map(|(n, _)| text::width(n)).max().unwrap_or(0).min(label_width);
    figures
        .iter()
        .map(|(name, f)| {
            let value = u64::try_from(f.number(unit).map_or(0, |n| n.round() as i64)).unwrap_or(0);
            Bar::default()
                .value(value)
                .label(Line::raw(text::pad(&text::truncate(name, width), width)))
                .text_value(f.text(unit))
        })
        .collect()
}
