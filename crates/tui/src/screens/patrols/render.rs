//! Drawing the 巡查 tab: today's list, then the selected patrol and its findings.

use super::{PatrolLine, PatrolsState};
use crate::screens::work_list::{self, View};
use crate::theme::Theme;
use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;
use zhifa_core::domain::patrol::{FindingAction, Reinspection};
use zhifa_core::i18n::Lang;
use zhifa_core::text;

/// What the tab shows besides the list: the re-inspections due, on which day.
pub struct Due<'a> {
    pub reinspections: &'a [Reinspection],
    pub today: NaiveDate,
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &PatrolsState,
    due: &Due,
    lang: Lang,
    theme: Theme,
) {
    let (n, waiting) = (state.items.len(), due.reinspections.len());
    let title = match lang {
        Lang::Zh => format!(" 今日巡查 {n} 次 · 待复查 {waiting} 处 · Enter 办理 · n 新建 · r 刷新 "),
        Lang::En => format!(
            " Today's patrols: {n} · re-inspections due: {waiting} · Enter acts · n new · r refreshes "
        ),
    };
    let row = |line: &PatrolLine| {
        let p = &line.patrol;
        let time = format!("{}–{}", p.planned_start.format("%H:%M"), p.planned_end.format("%H:%M"));
        let text = format!(
            "{} {} {} {} {}",
            text::pad(&time, 12),
            text::pad(&p.team, 6),
            text::pad(p.kind.label(lang), 12),
            text::pad(p.status.label(lang), 8),
            lang.list(&p.grids)
        );
        (text, Style::new())
    };
    let detail = |line: &PatrolLine, width: usize| {
        let mut lines = details(line, width, lang, theme);
        lines.extend(reinspection_lines(due, width, lang, theme));
        lines
    };
    let view = View {
        title,
        detail_title: None,
        list_percent: 45,
        empty: lang.pick("今日没有巡查计划", "no patrols today"),
        row: &row,
        detail: &detail,
    };
    work_list::render(frame, area, state, &view, lang, theme);
}

/// The orders to correct whose day has come (or comes within days), overdue ones in red: each
/// is re-inspected by a finding that names it.
fn reinspection_lines(due: &Due, width: usize, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    if due.reinspections.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            lang.pick("待复查（责令限期改正）", "Re-inspections due (orders to correct)"),
            theme.title(),
        ),
    ];
    for r in due.reinspections {
        let late = (due.today - r.due).num_days();
        let standing = match (late > 0, lang) {
            (true, Lang::Zh) => format!("已逾期 {late} 天"),
            (true, Lang::En) => {
                format!("{} overdue", zhifa_core::i18n::count_en(late, "day", "days"))
            }
            (false, _) => String::new(),
        };
        let text = format!("{}  {}  {}  {standing}", r.due, r.place, r.description);
        let style = if late > 0 { theme.error() } else { Style::new() };
        lines.push(Line::styled(text::truncate(&text, width), style));
    }
    lines
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

fn details(line: &PatrolLine, width: usize, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    let p = &line.patrol;
    let head =
        format!("{} · {} · {}", p.kind.label(lang), lang.list(&p.officers), lang.list(&p.grids));
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
