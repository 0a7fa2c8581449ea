//! The case file (案卷) on screen: the whole case as `casefile` sets it out — parties, items with
//! their basis, facts and evidence, the penalty with its tier and reason, the statement and
//! defence, every opinion, each step with its date and officer, the clocks. Opened with Enter
//! from the 案件 list; Enter again offers the steps, whose menu and forms sit beside the file, so
//! whoever approves, reviews or decides sees what they approve while doing it.

use crate::app::Action;
use crate::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use zhifa_app::casefile::{cited_provisions, sections, Tone};
use zhifa_app::worklist::CaseLine;
use zhifa_core::domain::catalog::Provision;
use zhifa_core::domain::patrol::Evidence;
use zhifa_core::i18n::Lang;
use zhifa_core::text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFileState {
    /// The case in full (items, parties, steps) with its clocks.
    pub line: CaseLine,
    /// The evidence files registered with the finding the case grew from.
    pub evidence: Vec<Evidence>,
    /// Lines scrolled past.
    pub scroll: u16,
    /// Which cited provision is selected (← / →), for its article (`l`).
    pub cited: usize,
}

impl CaseFileState {
    pub fn new(line: CaseLine, evidence: Vec<Evidence>) -> CaseFileState {
        CaseFileState { line, evidence, scroll: 0, cited: 0 }
    }

    pub fn id(&self) -> i64 {
        self.line.case.id
    }

    /// The cited provision selected.
    pub fn selected_provision(&self) -> Option<Provision> {
        cited_provisions(&self.line.case).get(self.cited).map(|p| (*p).clone())
    }
}

/// Scrolls the file, or moves the selection among the cited provisions; whether the action was
/// one of those.
pub fn update(state: &mut CaseFileState, action: &Action) -> bool {
    let page = 10;
    let count = cited_provisions(&state.line.case).len();
    let step = match action {
        Action::NextCitation => 1,
        Action::PrevCitation => count.saturating_sub(1),
        _ => 0,
    };
    if step > 0 {
        state.cited = (state.cited + step) % count.max(1);
        return true;
    }
    state.scroll = match action {
        Action::Up | Action::ScrollUp(_) => state.scroll.saturating_sub(1),
        Action::Down | Action::ScrollDown(_) => state.scroll.saturating_add(1),
        Action::PageUp => state.scroll.saturating_sub(page),
        Action::PageDown => state.scroll.saturating_add(page),
        Action::First => 0,
        Action::Last => u16::MAX,
        _ => return false,
    };
    true
}

/// The file's lines at `width` columns: section titles, then their lines wrapped.
pub fn lines(state: &CaseFileState, width: usize, lang: Lang, theme: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for section in sections(&state.line, &state.evidence, lang) {
        out.push(Line::styled(section.heading(lang), theme.title()));
        for (text, tone) in section.lines {
            let (lead, style) = match tone {
                Tone::Plain => ("  ", ratatui::style::Style::new()),
                Tone::Alarm => ("  ", theme.error()),
                Tone::Quiet => ("  ", theme.dim()),
                Tone::Cited(n) if n == state.cited => (theme.pointer(), theme.selected()),
                Tone::Cited(_) => ("  ", theme.dim()),
            };
            for (i, piece) in text::wrap(&text, width.max(8)).into_iter().enumerate() {
                let lead = if i == 0 { lead } else { "  " };
                out.push(Line::styled(format!("{lead}{piece}"), style));
            }
        }
    }
    out
}

pub fn render(frame: &mut Frame, area: Rect, state: &CaseFileState, lang: Lang, theme: Theme) {
    let title = lang.pick(
        " 案卷 · Enter 办理 · ←/→ 选依据 l 法条 · ↑/↓ 滚动 · Esc 返回 ",
        " Case file · Enter acts · ←/→ provision, l article · ↑/↓ scroll · Esc back ",
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.border_style())
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = lines(state, inner.width.saturating_sub(2) as usize, lang, theme);
    let last = all.len().saturating_sub(inner.height as usize);
    let scroll = (state.scroll as usize).min(last);
    let shown: Vec<Line> = all.into_iter().skip(scroll).take(inner.height as usize).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{update, Tab};
    use crate::fixtures::{demo_app, draw, officer, screen};
    use zhifa_core::domain::case::{Case, Stage, Step};
    use zhifa_core::domain::case_file::{CaseRecord, CaseSource, Party, StepRecord};
    use zhifa_core::domain::catalog::PartyKind;

    fn file() -> CaseFileState {
        let day = |s: &str| s.parse().expect("date");
        let mut state = Case::lead(day("2026-11-20"), day("2026-11-21"));
        state.stage = Stage::FilingReview;
        let steps = vec![StepRecord {
            seq: 1,
            step: Step::RequestFiling,
            stage_after: Stage::FilingReview,
            actor: "QJ1001".into(),
            at: "2026-11-23T16:30:00Z".into(),
        }];
        let case = CaseRecord {
            id: 7,
            number: None,
            team: "QX01".into(),
            source: CaseSource::Patrol,
            ticket: None,
            place: "青溪路文昌阁旁人行道东侧的水果摊".into(),
            grid: None,
            facts: "当事人在人行道上设摊经营水果，占用约四平方米，经劝导后仍未撤离".into(),
            items: vec![],
            parties: vec![Party {
                kind: PartyKind::Individual,
                name: "王小明".into(),
                id_number: "330200199001011237".into(),
                contact: "13900001234".into(),
            }],
            state,
            steps,
            finding: None,
            articles: Vec::new(),
        };
        let line = CaseLine { case, deadlines: vec![], surcharge_fen: None };
        CaseFileState::new(line, vec![])
    }

    #[test]
    fn the_file_masks_identity_numbers_and_dates_steps_in_china_time() {
        let text: Vec<String> = lines(&file(), 60, Lang::Zh, Theme::default())
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        let all = text.join("\n");
        assert!(all.contains("330200********1237"), "{all}");
        assert!(!all.contains("330200199001011237"), "an ID number is never shown whole");
        assert!(all.contains("139****1234"), "{all}");
        // Recorded at 16:30 UTC on the 23rd: the 24th in China.
        assert!(all.contains("#1 2026-11-24 提请立案"), "{all}");
    }

    #[test]
    fn the_file_and_its_step_menu_share_the_screen_at_80_columns() {
        let mut app = demo_app();
        app.tab = Tab::Cases;
        app.session = Some(officer("QJ0100", "赵局长", zhifa_core::domain::officer::Role::Head));
        app.case_file = Some(file());
        update(&mut app, Action::Open);
        let text = screen(&draw(&app, 80, 24).0);
        assert!(text.contains("案卷") && text.contains("批准立案"), "{text}");
        // Wide characters keep the borders: every line is 80 columns of cells.
        for line in text.lines() {
            assert!(zhifa_core::text::width(line) <= 80, "{line}");
        }
        assert!(text.contains("王小明"), "{text}");
    }
}
