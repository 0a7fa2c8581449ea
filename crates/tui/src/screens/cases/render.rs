//! Drawing the 案件 tab: the list on top, the selected case's clocks and facts below.

use super::CasesState;
use crate::screens::work_list::{self, View};
use crate::theme::Theme;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;
use zhifa_app::worklist::{CaseLine, CaseView, DUE_SOON_DAYS};
use zhifa_core::domain::deadline::{late_surcharge_fen, DeadlineKind};
use zhifa_core::i18n::Lang;
use zhifa_core::text;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &CasesState,
    view: CaseView,
    lang: Lang,
    theme: Theme,
) {
    let shown = view.label(lang);
    let title = match lang {
        Lang::Zh => {
            format!(" {shown} {} 件 · f 切换 · Enter 办理 · n 新建 · r 刷新 ", state.items.len())
        }
        Lang::En => {
            format!(" {shown}: {} · f view · Enter acts · n new · r refreshes ", state.items.len())
        }
    };
    let row = |line: &CaseLine| {
        let number = line
            .case
            .number
            .clone()
            .unwrap_or_else(|| format!("{}#{}", lang.pick("线索", "lead "), line.case.id));
        // The clock's standing comes right after the number: a narrow screen cuts from the
        // right, and whether a case is overdue is what must never be cut.
        let text = format!(
            "{} {} {} {} {}",
            text::pad(&number, 22),
            text::pad(&line.standing_short(lang), 11),
            text::pad(line.case.state.stage.label(lang), 16),
            text::pad(&line.nearest_text(lang), 36),
            line.case.place
        );
        (text, urgency(line, theme))
    };
    let detail = |line: &CaseLine, width: usize| details(line, width, lang, theme);
    let view = View {
        title,
        detail_title: Some(lang.pick(" 期限与依据 ", " Deadlines and their basis ")),
        list_percent: 55,
        empty: lang.pick("没有案件", "no cases"),
        row: &row,
        detail: &detail,
    };
    work_list::render(frame, area, state, &view, lang, theme);
}

/// How urgent a case looks: overdue, due soon, or calm.
fn urgency(line: &CaseLine, theme: Theme) -> Style {
    if line.is_overdue() {
        theme.error()
    } else if line.due_within(DUE_SOON_DAYS) || line.needs_showing_uncounted() {
        theme.label()
    } else {
        Style::new()
    }
}

fn details(line: &CaseLine, width: usize, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(text::truncate(&line.case.facts, width), theme.title())];
    for clock in &line.deadlines {
        let due = clock.due_text(lang);
        let standing = match (clock.days_left, lang) {
            (Some(left), Lang::Zh) if left < 0 => format!("已逾期 {} 天", -left),
            (Some(left), Lang::Zh) => format!("剩 {left} 天"),
            (Some(left), Lang::En) if left < 0 => {
                format!("{} overdue", zhifa_core::i18n::count_en(-left, "day", "days"))
            }
            (Some(left), Lang::En) => {
                format!("{} left", zhifa_core::i18n::count_en(left, "day", "days"))
            }
            (None, _) => String::new(),
        };
        let text = format!("{}  {due}  {standing}  {}", clock.name(lang), clock.kind.basis(lang));
        let style = if clock.overdue { theme.error() } else { Style::new() };
        lines.push(Line::styled(text::truncate(&text, width), style));
    }
    if let Some(text) = surcharge_text(line, lang) {
        lines.push(Line::styled(text::truncate(&text, width), theme.error()));
    }
    for cited in &line.case.items {
        let text = format!("{} {}（{}）", cited.item.code, cited.item.name, cited.version);
        lines.push(Line::styled(text::truncate(&text, width), theme.dim()));
    }
    lines
}

/// An unpaid fine past its 15 days: the surcharge owed so far (APL art. 72).
fn surcharge_text(line: &CaseLine, lang: Lang) -> Option<String> {
    let payment = line.deadlines.iter().find(|d| d.kind == DeadlineKind::Payment)?;
    let late = payment.days_left.filter(|left| *left < 0)?.unsigned_abs();
    let fine = line.case.state.penalty.as_ref()?.fine?;
    let fen = late_surcharge_fen(u64::try_from(fine).ok()?, late);
    let yuan = format!("{}.{:02}", fen / 100, fen % 100);
    Some(match lang {
        Lang::Zh => format!(
            "逾期 {late} 天未缴：加处罚款 {yuan} 元（每日 3%，不超过罚款数额，《行政处罚法》第七十二条）"
        ),
        Lang::En => format!("{late} days unpaid: surcharge {yuan} yuan (3% a day, capped at the fine)"),
    })
}
