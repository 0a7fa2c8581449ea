//! 法规检索 (F7): the law texts searched by words, as `zhifa law search` does: type, Enter
//! searches (the texts are read then, not at each key), ↑/↓ choose an article, Enter shows it
//! whole, Esc closes.

use crate::app::Action;
use crate::field::TextField;
use zhifa_law::view::FoundArticle;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LawSearchState {
    pub query: TextField,
    /// The words the hits below were found for; `None` before the first search.
    pub searched: Option<String>,
    pub found: Vec<FoundArticle>,
    /// How many articles matched in all (more than are listed when the list is cut).
    pub total: usize,
    pub selected: usize,
}

/// What an action asks of the app beyond the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
    /// Search the laws for these words.
    Search(String),
    /// Show this hit's article (its index).
    Show(usize),
}

pub fn update(state: &mut LawSearchState, action: Action) -> Outcome {
    match action {
        Action::Back => return Outcome::Close,
        Action::Up => state.selected = state.selected.saturating_sub(1),
        Action::Down => {
            state.selected = (state.selected + 1).min(state.found.len().saturating_sub(1));
        }
        Action::Open => {
            let query = state.query.text().trim().to_string();
            // The same words searched already: Enter opens the article chosen.
            if state.searched.as_deref() == Some(query.as_str()) && !state.found.is_empty() {
                return Outcome::Show(state.selected);
            }
            if !query.is_empty() {
                return Outcome::Search(query);
            }
        }
        action if action.is_editing() => {
            state.query.apply(&action);
        }
        _ => {}
    }
    Outcome::Stay
}

/// The articles found for `query` arrive.
pub fn found(state: &mut LawSearchState, query: String, found: Vec<FoundArticle>, total: usize) {
    state.searched = Some(query);
    state.found = found;
    state.total = total;
    state.selected = 0;
}
