//! Drawing the 巡查 tab: today's list, then the selected patrol and its findings.

use super::{PatrolLine, PatrolsState};
use crate::domain::patrol::FindingAction;
use crate::i18n::Lang;
use crate::text;
use crate::tui::screens::work_list::{self, View};
use crate::tui::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, state: &PatrolsState, lang: Lang, theme: Theme) {
    let title = match lang {
        Lang::Zh => format!(" 今日巡查 {} 次 · Enter 办理 · n 新建 · r 刷新 ", state.items.len()),
        Lang::En => {
            format!(" Today's patrols: {} · Enter acts · n new · r refreshes ", state.items.len())
        }
    };
    let row = |line: &PatrolLine| {
        let p = &line.patrol;
        let time = format!("{}–{}", p.planned_start.format("%H:%M"), p.planned_end.format("%H:%M"));
        let text = format!(
            "{} {} {} {} {}",
            text::pad(&time, 12),
            text::pad(&p.team, 6),
            text::pad(p.kind.label_zh(), 12),
            text::pad(p.status.label_zh(), 8),
            p.grids.join("、")
        );
        (text, Style::new())
    };
    let detail = |line: &PatrolLine, width: usize| details(line, width, lang, theme);
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
