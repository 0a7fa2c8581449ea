//! The catalog screen: search-as-you-type over the version being viewed, a result list, the
//! detail of one item, filters by power type and domain.
//!
//! The search index is built once per version (when the screen opens or another version is
//! chosen); each keystroke runs the incremental [`Searcher`] in memory and never touches SQLite.
//! Item details come from the store through [`Effect::LoadItem`] and are cached per version.

pub mod detail;
pub mod render;
pub mod versions;

use crate::app::{Action, Effect, LoadedCatalog};
use crate::field::TextField;
use std::collections::HashMap;
use std::sync::Arc;
use zhifa_catalog::search::{Hit, Learned, SearchFilter, SearchIndex, Searcher};
use zhifa_core::domain::catalog::{CatalogItem, PowerType, Provision};
use zhifa_core::domain::version::CatalogVersion;
use zhifa_core::i18n::Lang;

/// Hits kept per query: more than anyone scrolls through, few enough to rank instantly.
pub const HIT_LIMIT: usize = 500;
/// Rows moved by PgUp / PgDn and lines by the mouse wheel.
pub const PAGE: usize = 10;
const WHEEL: usize = 3;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Input,
    List,
    Detail,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Closed,
    Loading(String),
    Shown { item: Box<CatalogItem>, scroll: u16 },
}

pub struct CatalogState {
    pub version: CatalogVersion,
    pub index: SearchIndex,
    searcher: Searcher,
    /// The search field.
    pub query: TextField,
    pub filter: SearchFilter,
    /// Distinct domains, departments and scope entries (teams, streets) of this version,
    /// sorted, for the filters.
    pub domains: Vec<String>,
    pub departments: Vec<String>,
    pub teams: Vec<String>,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub focus: Focus,
    pub detail: Detail,
    /// Which cited provision of the detail is selected (violated first, then penalty), for
    /// its article (Enter).
    pub cited: usize,
    /// The items are still being read from the database (the login shows meanwhile).
    pub loading: bool,
    cache: HashMap<String, CatalogItem>,
    /// The last (item, query) recorded as a choice, so opening it again teaches nothing new.
    last_choice: Option<(String, String)>,
}

impl CatalogState {
    pub fn new(loaded: LoadedCatalog) -> CatalogState {
        let docs = loaded.index.docs();
        let domains = distinct(docs.iter().map(|d| d.domain.as_ref()));
        let departments = distinct(docs.iter().map(|d| d.department.as_ref()));
        let teams = distinct(docs.iter().flat_map(|d| d.scope.iter().map(String::as_str)));
        let mut state = CatalogState {
            version: loaded.version,
            index: loaded.index,
            searcher: Searcher::new(),
            query: TextField::new(),
            filter: SearchFilter::default(),
            domains,
            departments,
            teams,
            hits: Vec::new(),
            selected: 0,
            focus: Focus::Input,
            detail: Detail::Closed,
            cited: 0,
            loading: false,
            cache: HashMap::new(),
            last_choice: None,
        };
        state.refresh();
        state
    }

    /// `loaded` replacing this state; a query typed while the same version was still loading
    /// is kept and run.
    pub fn replaced_by(&self, loaded: LoadedCatalog) -> CatalogState {
        let same = self.loading && self.version.id == loaded.version.id;
        let mut next = CatalogState::new(loaded);
        if same {
            next.query = self.query.clone();
            next.filter = self.filter.clone();
            next.focus = self.focus;
            next.refresh();
        }
        next
    }

    /// Back to how a fresh login finds it: no query, no filter, nothing open. Loaded items stay
    /// cached (the catalog is public), the version viewed stays.
    pub fn reset(&mut self) {
        self.query.clear();
        self.filter = SearchFilter::default();
        self.focus = Focus::Input;
        self.detail = Detail::Closed;
        self.refresh();
    }

    /// The code of the selected hit.
    pub fn selected_code(&self) -> Option<&str> {
        let hit = self.hits.get(self.selected)?;
        Some(self.index.doc(hit.doc).code.as_str())
    }

    /// Re-runs the search for the current query and filter; the selection goes back to the top.
    fn refresh(&mut self) {
        self.hits = self.searcher.search(&self.index, self.query.text(), &self.filter, HIT_LIMIT);
        self.selected = 0;
    }
}

pub fn update(state: &mut CatalogState, action: Action) -> Option<Effect> {
    match action {
        action if action.is_editing() => edit_query(state, &action),
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => move_by(state, &action),
        Action::First | Action::Last => move_by(state, &action),
        Action::ScrollUp(_) | Action::ScrollDown(_) => scroll(state, &action),
        Action::FocusSearch => state.focus = Focus::Input,
        Action::SwitchPane => state.focus = next_focus(state),
        Action::Open => return open(state),
        Action::Back => back(state),
        Action::CycleType => cycle_type(state),
        Action::CycleDomain => {
            let domain = next_value(&state.domains, &state.filter.domain);
            set_filter(state, SearchFilter { domain, ..state.filter.clone() });
        }
        Action::CycleDepartment => {
            let department = next_value(&state.departments, &state.filter.department);
            set_filter(state, SearchFilter { department, ..state.filter.clone() });
        }
        Action::CycleTeam => {
            let team = next_value(&state.teams, &state.filter.team);
            set_filter(state, SearchFilter { team, ..state.filter.clone() });
        }
        Action::ClearFilters => set_filter(state, SearchFilter::default()),
        Action::ItemLoaded(item) => item_loaded(state, *item),
        Action::NextCitation => move_citation(state, 1),
        Action::PrevCitation => move_citation(state, -1),
        _ => {}
    }
    None
}

/// Edits the search field, searching again only when the text changed.
fn edit_query(state: &mut CatalogState, action: &Action) {
    if state.query.apply(action) {
        state.refresh();
    }
}

fn clear_query(state: &mut CatalogState) {
    if !state.query.is_empty() {
        state.query.clear();
        state.refresh();
    }
}

fn set_filter(state: &mut CatalogState, filter: SearchFilter) {
    if filter != state.filter {
        state.filter = filter;
        state.refresh();
    }
}

fn move_by(state: &mut CatalogState, action: &Action) {
    if state.focus == Focus::Detail {
        return scroll_detail(state, action);
    }
    move_selection(state, action);
}

fn move_selection(state: &mut CatalogState, action: &Action) {
    let last = state.hits.len().saturating_sub(1);
    state.selected = match action {
        Action::Up => state.selected.saturating_sub(1),
        Action::Down => state.selected + 1,
        Action::PageUp => state.selected.saturating_sub(PAGE),
        Action::PageDown => state.selected + PAGE,
        Action::First => 0,
        _ => last,
    }
    .min(last);
}

fn scroll_detail(state: &mut CatalogState, action: &Action) {
    if let Detail::Shown { scroll, .. } = &mut state.detail {
        *scroll = match action {
            Action::Up => scroll.saturating_sub(1),
            Action::Down => scroll.saturating_add(1),
            Action::PageUp => scroll.saturating_sub(PAGE as u16),
            Action::PageDown => scroll.saturating_add(PAGE as u16),
            Action::First => 0,
            // `clamp_detail_scroll` brings this back to the real end, which depends on the pane.
            _ => u16::MAX,
        };
    }
}

/// The wheel moves the pane under the pointer, whichever has the keyboard.
fn scroll(state: &mut CatalogState, action: &Action) {
    let (pane, step) = match action {
        Action::ScrollUp(pane) => (*pane, Action::Up),
        Action::ScrollDown(pane) => (*pane, Action::Down),
        _ => return,
    };
    for _ in 0..WHEEL {
        match pane {
            Focus::Detail => scroll_detail(state, &step),
            Focus::List | Focus::Input => move_selection(state, &step),
        }
    }
}

fn next_focus(state: &CatalogState) -> Focus {
    let detail_open = state.detail != Detail::Closed;
    match state.focus {
        Focus::Input => Focus::List,
        Focus::List if detail_open => Focus::Detail,
        Focus::List | Focus::Detail => Focus::Input,
    }
}

/// Opens the selected item; opened after a search, it is also a choice search learns from (once
/// per query and item), recorded before the item is loaded (see [`choice_recorded`]).
fn open(state: &mut CatalogState) -> Option<Effect> {
    let code = state.selected_code()?.to_string();
    state.focus = Focus::Detail;
    state.cited = 0;
    let choice = (code.clone(), state.query.text().to_string());
    let record = (!state.query.is_empty() && state.last_choice.as_ref() != Some(&choice))
        .then(|| Effect::RecordChoice { query: choice.1.clone(), code: code.clone() });
    if record.is_some() {
        state.last_choice = Some(choice);
    }
    if let Some(item) = state.cache.get(&code) {
        state.detail = Detail::Shown { item: Box::new(item.clone()), scroll: 0 };
        return record;
    }
    state.detail = Detail::Loading(code.clone());
    record.or(Some(Effect::LoadItem { version: state.version.id, code }))
}

/// After a choice was recorded: the station's learned choices take effect from the next
/// keystroke (the list is not re-ranked under the officer's eyes), and the item still waiting
/// is loaded.
pub fn choice_recorded(
    state: &mut CatalogState,
    code: String,
    learned: Option<Arc<Learned>>,
) -> Option<Effect> {
    if let Some(learned) = learned {
        state.index.set_learned(learned);
    }
    match &state.detail {
        Detail::Loading(waiting) if *waiting == code => {
            Some(Effect::LoadItem { version: state.version.id, code })
        }
        _ => None,
    }
}

fn item_loaded(state: &mut CatalogState, item: CatalogItem) {
    // A late answer for an item the user has since left is cached but not shown.
    if state.detail == Detail::Loading(item.code.clone()) {
        state.detail = Detail::Shown { item: Box::new(item.clone()), scroll: 0 };
    }
    state.cache.insert(item.code.clone(), item);
}

/// The provisions the shown item cites, violated first, then penalty.
pub fn cited_provisions(item: &CatalogItem) -> impl Iterator<Item = &Provision> {
    item.basis.violated.iter().chain(&item.basis.penalty)
}

/// The cited provision selected in the detail shown.
pub fn selected_provision(state: &CatalogState) -> Option<Provision> {
    let Detail::Shown { item, .. } = &state.detail else { return None };
    cited_provisions(item).nth(state.cited).cloned()
}

/// ← / → in the detail: the previous / next cited provision, round the list.
fn move_citation(state: &mut CatalogState, step: isize) {
    let Detail::Shown { item, .. } = &state.detail else { return };
    let count = cited_provisions(item).count() as isize;
    if count > 0 {
        state.cited = (state.cited as isize + step).rem_euclid(count) as usize;
    }
}

/// A click on result `index`: the first click selects it, a click on the selected one opens it.
pub fn click_hit(state: &mut CatalogState, index: usize) -> Option<Effect> {
    if index == state.selected && state.focus == Focus::List {
        return open(state);
    }
    state.selected = index.min(state.hits.len().saturating_sub(1));
    state.focus = Focus::List;
    None
}

/// Keeps the detail's scroll within its content for a screen of `area` (the catalog screen's
/// area), so scrolling back up after End or many Downs moves at once.
pub fn clamp_detail_scroll(state: &mut CatalogState, area: ratatui::layout::Rect, lang: Lang) {
    let max = match &state.detail {
        Detail::Shown { item, .. } => {
            detail::max_scroll(state, item, render::detail_area(area), lang)
        }
        _ => return,
    };
    if let Detail::Shown { scroll, .. } = &mut state.detail {
        *scroll = (*scroll).min(max);
    }
}

/// A detail that could not be loaded is closed rather than left loading forever (the status
/// line says why).
pub fn load_failed(state: &mut CatalogState) {
    if let Detail::Loading(_) = state.detail {
        state.detail = Detail::Closed;
        state.focus = Focus::List;
    }
}

/// Esc: close the detail, else clear the query, else move between field and list.
fn back(state: &mut CatalogState) {
    match state.focus {
        Focus::Detail => {
            state.detail = Detail::Closed;
            state.focus = Focus::List;
        }
        Focus::Input if state.query.is_empty() => state.focus = Focus::List,
        Focus::Input => clear_query(state),
        Focus::List => {
            clear_query(state);
            state.focus = Focus::Input;
        }
    }
}

fn cycle_type(state: &mut CatalogState) {
    let next = match state.filter.power_type {
        None => Some(PowerType::ALL[0]),
        Some(current) => {
            let i = PowerType::ALL.iter().position(|p| *p == current).unwrap_or(0);
            PowerType::ALL.get(i + 1).copied()
        }
    };
    let filter = SearchFilter { power_type: next, ..state.filter.clone() };
    set_filter(state, filter);
}

/// The value after `current` in `values`, then none (no filter), then the first again.
fn next_value(values: &[String], current: &Option<String>) -> Option<String> {
    match current {
        None => values.first().cloned(),
        Some(current) => {
            let i = values.iter().position(|v| v == current);
            i.and_then(|i| values.get(i + 1)).cloned()
        }
    }
}

/// The distinct non-empty values, sorted.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> = values.filter(|v| !v.is_empty()).collect();
    set.into_iter().map(String::from).collect()
}

#[cfg(test)]
mod tests;
