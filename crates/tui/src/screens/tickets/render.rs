//! Drawing the 投诉 tab: the list, then the selected ticket in full.

use super::TicketsState;
use crate::screens::work_list::{self, View};
use crate::theme::Theme;
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;
use zhifa_app::worklist::Routed;
use zhifa_core::domain::ticket::Ticket;
use zhifa_core::i18n::Lang;
use zhifa_core::text;
use zhifa_intake::routing::{decision_text, Route};

/// What the tab shows beside the list: the day, and the last complaint routed.
pub struct Shown<'a> {
    pub route: Option<&'a (i64, Routed)>,
    pub today: NaiveDate,
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &TicketsState,
    shown: Shown,
    lang: Lang,
    theme: Theme,
) {
    let today = shown.today;
    let overdue = state.items.iter().filter(|t| t.is_overdue(today)).count();
    let title = match lang {
        Lang::Zh => {
            format!(
                " 投诉举报 {} 件，逾期未答复 {overdue} 件 · Enter 办理 · s 归属建议 · n 新建 · r 刷新 ",
                state.items.len()
            )
        }
        Lang::En => format!(
            " Complaints: {}, {overdue} overdue · Enter acts · s suggests · n new · r refreshes ",
            state.items.len()
        ),
    };
    let row = |t: &Ticket| {
        let mark = if t.provisional { lang.pick("（暂定）", "*") } else { "" };
        let due = t.reply_due.map_or_else(
            || lang.pick("无日历", "no calendar").to_string(),
            |d| format!("{d}{mark}"),
        );
        let text = format!(
            "{} {} {} {} {}",
            text::pad(&t.incoming.number, 14),
            text::pad(t.status.label(lang), 8),
            text::pad(&due, 17),
            text::pad(&t.incoming.place, 20),
            t.incoming.content
        );
        (text, if t.is_overdue(today) { theme.error() } else { Style::new() })
    };
    let detail = |t: &Ticket, width: usize| {
        let mut lines = details(t, width, lang, theme);
        if let Some((_, routed)) = shown.route.filter(|(id, _)| *id == t.id) {
            lines.extend(suggestion(routed, width, lang, theme));
        }
        lines
    };
    let view = View {
        title,
        detail_title: None,
        list_percent: 60,
        empty: lang.pick("没有投诉举报", "no complaints"),
        row: &row,
        detail: &detail,
    };
    work_list::render(frame, area, state, &view, lang, theme);
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
        t.incoming.channel.label(lang),
        t.incoming.received_at.format("%Y-%m-%d %H:%M"),
        t.team.as_deref().unwrap_or(lang.pick("未分派", "unassigned"))
    );
    let mut lines = vec![Line::styled(text::truncate(&head, width), theme.title())];
    lines.extend(text::wrap(&t.incoming.content, width.max(1)).into_iter().map(Line::raw));
    lines.push(Line::styled(text::truncate(&reporter, width), theme.dim()));
    lines.push(Line::raw(text::truncate(&periods(t, lang), width)));
    // What it was recorded as concerning at intake: the category the reports count it under.
    let category = match (&t.item, lang) {
        (Some(i), Lang::Zh) => format!("类别：{}（事项 {}，受理时的目录）", i.domain, i.code),
        (Some(i), Lang::En) => {
            format!("category: {} (item {}, catalog at intake)", i.domain, i.code)
        }
        (None, Lang::Zh) => "类别：未归类（受理时未匹配到目录事项）".to_string(),
        (None, Lang::En) => {
            "category: unclassified (no catalog item matched at intake)".to_string()
        }
    };
    lines.push(Line::styled(text::truncate(&category, width), theme.dim()));
    lines
}

/// The routing of the complaint: the answer, then the items it probably concerns (in or out of
/// the team's scope), and how to accept.
fn suggestion(routed: &Routed, width: usize, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    let team = routed.team.as_ref().map(|t| t.name.as_str());
    let answer = decision_text(&routed.route, &routed.items, team, lang);
    let mut lines = vec![Line::styled(text::truncate(&answer, width), theme.title())];
    for (i, s) in routed.items.iter().take(3).enumerate() {
        let scope = match (s.in_scope, lang) {
            (true, Lang::Zh) => "范围内",
            (true, Lang::En) => "in scope",
            (false, Lang::Zh) => "范围外",
            (false, Lang::En) => "out of scope",
        };
        let line = format!("  {}. {} {} · {} [{scope}]", i + 1, s.code, s.name, s.department);
        lines.push(Line::raw(text::truncate(&line, width)));
    }
    if !matches!(routed.route, Route::NoMatch) {
        let hint = lang.pick(
            "a 采纳建议（填好移交或分派）",
            "a accepts (the transfer or assignment, filled in)",
        );
        lines.push(Line::styled(text::truncate(hint, width), theme.dim()));
    }
    lines
}

/// The local answer periods (docs/DEADLINES.md, “Other periods”) as they stand for this ticket.
fn periods(t: &Ticket, lang: Lang) -> String {
    let none = lang.pick("无日历，无法计算", "no calendar");
    let mark = if t.provisional { lang.pick("（暂定）", " (provisional)") } else { "" };
    let day = |d: Option<NaiveDate>| d.map_or_else(|| none.to_string(), |d| format!("{d}{mark}"));
    match (t.duplicate_of, t.status.awaits_reply(), lang) {
        (Some(original), _, Lang::Zh) => format!("重复件：随 #{original} 一并办理"),
        (Some(original), _, Lang::En) => format!("repeat of #{original}, handled with it"),
        (None, true, Lang::Zh) => format!(
            "答复期限 {} · 不属本局职责的须于 {} 前转办",
            day(t.reply_due),
            day(t.transfer_due)
        ),
        (None, true, Lang::En) => format!(
            "reply by {} · transfer out of scope by {}",
            day(t.reply_due),
            day(t.transfer_due)
        ),
        (None, false, _) => t.status.label(lang).to_string(),
    }
}
