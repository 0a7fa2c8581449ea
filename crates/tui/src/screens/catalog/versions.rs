//! The versions list drawn over the catalog: every version with its status today (in force,
//! scheduled, superseded), so an officer can look at the catalog as it was on an earlier date.

use crate::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use zhifa_core::domain::version::{CatalogVersion, VersionStatus};
use zhifa_core::i18n::Lang;
use zhifa_core::text;

pub fn status_label(status: VersionStatus, lang: Lang) -> &'static str {
    match status {
        VersionStatus::InForce => lang.pick("现行", "in force"),
        VersionStatus::Scheduled => lang.pick("待生效", "scheduled"),
        VersionStatus::Superseded => lang.pick("已被替代", "superseded"),
    }
}

pub struct VersionsView<'a> {
    pub versions: &'a [CatalogVersion],
    pub statuses: &'a [VersionStatus],
    pub selected: usize,
    /// The version the catalog screen shows now.
    pub viewing: Option<usize>,
}

pub fn render(frame: &mut Frame, area: Rect, view: &VersionsView, lang: Lang, theme: Theme) {
    let height = (view.versions.len() as u16 + 2).min(area.height);
    let width = area.width.min(72);
    let popup = Rect::new(area.x + (area.width - width) / 2, area.y + 1.min(area.height), width, 0);
    let popup = Rect { height: height.min(area.height.saturating_sub(popup.y - area.y)), ..popup };
    frame.render_widget(crate::cleared::Cleared, popup);
    let title = lang.pick(" 目录版本 · Enter 查看 ", " Catalog versions · Enter views ");
    let block =
        Block::new().borders(Borders::ALL).border_set(theme.border()).title(title.to_string());
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let lines: Vec<Line> = view
        .versions
        .iter()
        .zip(view.statuses)
        .enumerate()
        .map(|(i, (version, status))| row(view, i, version, *status, inner.width, lang, theme))
        .collect();
    let first = (view.selected + 1).saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(lines).scroll((first as u16, 0)), inner);
}

fn row(
    view: &VersionsView,
    i: usize,
    version: &CatalogVersion,
    status: VersionStatus,
    width: u16,
    lang: Lang,
    theme: Theme,
) -> Line<'static> {
    let mark = if view.viewing == Some(i) { "*" } else { " " };
    let items = match lang {
        Lang::Zh => format!("{} 项", version.item_count),
        Lang::En => format!("{} items", version.item_count),
    };
    let text = format!(
        "{mark}{}  {}  {}  {items}",
        text::pad(&version.label, 22),
        text::pad(status_label(status, lang), 10),
        version.effective
    );
    let line = Line::raw(text::truncate(&text, width as usize));
    if i == view.selected {
        line.style(theme.selected())
    } else {
        line
    }
}
