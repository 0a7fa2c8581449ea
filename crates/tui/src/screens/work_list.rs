//! What the 巡查, 案件 and 投诉 tabs share: a list read from the store whose selection survives a
//! refresh, moved by the same keys, drawn as a list pane over a detail pane of the selected
//! entry. Each screen says only how one row and one detail read.

use crate::app::{Action, Effect};
use crate::theme::Theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;
use zhifa_core::i18n::Lang;
use zhifa_core::text;

/// Rows a page key moves.
const PAGE: usize = 10;

/// An entry with a stable id, so the selection can follow it across a refresh.
pub trait Keyed {
    fn key(&self) -> i64;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkList<T> {
    pub items: Vec<T>,
    pub selected: usize,
    /// Whether the list has been read at least once.
    pub loaded: bool,
}

impl<T> Default for WorkList<T> {
    fn default() -> Self {
        WorkList { items: Vec::new(), selected: 0, loaded: false }
    }
}

impl<T: Keyed> WorkList<T> {
    pub fn selected_item(&self) -> Option<&T> {
        self.items.get(self.selected)
    }

    /// Selects the entry `key`, if the list holds it.
    pub fn select_key(&mut self, key: i64) {
        if let Some(at) = self.items.iter().position(|i| i.key() == key) {
            self.selected = at;
        }
    }

    /// New entries from the store; the selection stays on the same entry when it is still there.
    pub fn replace(&mut self, items: Vec<T>) {
        let key = self.selected_item().map(Keyed::key);
        self.selected = key.and_then(|k| items.iter().position(|i| i.key() == k)).unwrap_or(0);
        self.items = items;
        self.loaded = true;
    }
}

/// Arrows, wheel, pages, first/last move the selection; `r` reads the lists again.
pub fn update<T>(list: &mut WorkList<T>, action: Action) -> Option<Effect> {
    let last = list.items.len().saturating_sub(1);
    list.selected = match action {
        Action::Refresh => return Some(Effect::LoadWork),
        Action::Up | Action::ScrollUp(_) => list.selected.saturating_sub(1),
        Action::Down | Action::ScrollDown(_) => (list.selected + 1).min(last),
        Action::PageUp => list.selected.saturating_sub(PAGE),
        Action::PageDown => (list.selected + PAGE).min(last),
        Action::First => 0,
        Action::Last => last,
        _ => list.selected,
    };
    None
}

/// How a screen shows its list: pane titles, the empty text, one row, the detail.
pub struct View<'a, T> {
    pub title: String,
    pub detail_title: Option<&'a str>,
    /// Share of the height for the list, in percent.
    pub list_percent: u16,
    pub empty: &'a str,
    /// One row's text and style (the pointer and the selection are added here).
    pub row: &'a dyn Fn(&T) -> (String, Style),
    /// The selected entry in full, for a pane of this width.
    pub detail: &'a dyn Fn(&T, usize) -> Vec<Line<'static>>,
}

pub fn render<T: Keyed>(
    frame: &mut Frame,
    area: Rect,
    list: &WorkList<T>,
    view: &View<T>,
    lang: Lang,
    theme: Theme,
) {
    let [top, bottom] = Layout::vertical([
        Constraint::Percentage(view.list_percent),
        Constraint::Percentage(100 - view.list_percent),
    ])
    .areas(area);
    let inner = pane(frame, top, Some(&view.title), theme);
    if !inner.is_empty() {
        frame.render_widget(Paragraph::new(rows(list, view, inner, lang, theme)), inner);
    }
    let inner = pane(frame, bottom, view.detail_title, theme);
    if let (Some(item), false) = (list.selected_item(), inner.is_empty()) {
        frame.render_widget(Paragraph::new((view.detail)(item, inner.width as usize)), inner);
    }
}

/// A bordered pane; the area inside it.
fn pane(frame: &mut Frame, area: Rect, title: Option<&str>, theme: Theme) -> Rect {
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.border_style());
    if let Some(title) = title {
        block = block.title(title.to_string());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

fn rows<T>(
    list: &WorkList<T>,
    view: &View<T>,
    area: Rect,
    lang: Lang,
    theme: Theme,
) -> Vec<Line<'static>> {
    if list.items.is_empty() {
        let text =
            if list.loaded { view.empty } else { lang.pick("正在读取……", "loading…") };
        return vec![Line::styled(text.to_string(), theme.dim())];
    }
    let (width, height) = (area.width as usize, area.height as usize);
    // The selection stays in view: the list scrolls just enough to show it at the bottom.
    let first = (list.selected + 1).saturating_sub(height);
    list.items
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, item)| {
            let selected = i == list.selected;
            let (text, style) = (view.row)(item);
            let pointer = if selected { theme.pointer() } else { "  " };
            let style = if selected { theme.selected().patch(style) } else { style };
            Line::styled(text::truncate(&format!("{pointer}{text}"), width), style)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Item(i64);

    impl Keyed for Item {
        fn key(&self) -> i64 {
            self.0
        }
    }

    #[test]
    fn the_selection_moves_within_the_list_and_follows_its_entry() {
        let mut list = WorkList::default();
        list.replace(vec![Item(3), Item(2), Item(1)]);
        for _ in 0..5 {
            update(&mut list, Action::Down);
        }
        assert_eq!(list.selected, 2);
        update(&mut list, Action::Up);
        list.replace(vec![Item(4), Item(3), Item(2), Item(1)]);
        assert_eq!(list.selected_item(), Some(&Item(2)));
        list.replace(vec![Item(9)]);
        assert_eq!(list.selected, 0, "gone: back to the top");
        assert_eq!(update(&mut list, Action::Refresh), Some(Effect::LoadWork));
    }
}
