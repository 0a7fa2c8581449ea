//! The case file (案卷) on screen: the whole case as `casefile` sets it out — parties, items with
//! their basis, facts and evidence, the penalty with its tier and reason, the statement and
//! defence, every opinion, each step with its date and officer, the clocks. Opened with Enter
//! from the 案件 list; Enter again offers the steps, whose menu and forms sit beside the file, so
//! whoever approves, reviews or decides sees what they approve while doing it.

use crate::casefile::{sections, Tone};
use crate::domain::patrol::Evidence;
use crate::i18n::Lang;
use crate::text;
use crate::tui::app::Action;
use crate::tui::theme::Theme;
use crate::worklist::CaseLine;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFileState {
    /// The case in full (items, parties, steps) with its clocks.
    pub line: CaseLine,
    /// The evidence files registered with the finding the case grew from.
    pub evidence: Vec<Evidence>,
    /// Lines scrolled past.
    pub scroll: u16,
}

impl CaseFileState {
    pub fn new(line: CaseLine, evidence: Vec<Evidence>) -> CaseFileState {
        CaseFileState { line, evidence, scroll: 0 }
    }

    pub fn id(&self) -> i64 {
        self.line.case.id
    }
}

/// Scrolls the file; whether the action was a scroll.
pub fn update(state: &mut CaseFileState, action: &Action) -> bool {
    let page = 10;
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
        out.push(Line::styled(format!("【{}】", section.title), theme.title()));
        for (text, tone) in section.lines {
            let style = match tone {
                Tone::Plain => ratatui::style::Style::new(),
                Tone::Alarm => theme.error(),
                Tone::Quiet => theme.dim(),
            };
            for piece in text::wrap(&text, width.max(8)) {
                out.push(Line::styled(format!("  {piece}"), style));
            }
        }
    }
    out
}

pub fn render(frame: &mut Frame, area: Rect, state: &CaseFileState, lang: Lang, theme: Theme) {
    let title = lang.pick(
        " 案卷 · Enter 办理 · ↑/↓ PgUp/PgDn 滚动 · Esc 返回 ",
        " Case file · Enter acts · ↑/↓ PgUp/PgDn scroll · Esc back ",
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
