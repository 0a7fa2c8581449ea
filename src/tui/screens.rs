//! One module per screen. Each has a plain state struct, an `update` for its actions and pure
//! render functions; only the catalog is live so far, the other tabs are placeholders drawn by
//! the frame.

pub mod admin;
pub mod cases;
pub mod catalog;
pub mod diff_view;
pub mod login;
pub mod patrols;
pub mod tickets;

use super::app::Action;

/// Rows a page key moves in a work list.
const PAGE: usize = 10;

/// Where a list's selection goes on `action` (arrows, wheel, pages, first/last), within `len`
/// rows; `None` for actions that do not move it.
pub fn moved(selected: usize, len: usize, action: &Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::Up | Action::ScrollUp(_) => selected.saturating_sub(1),
        Action::Down | Action::ScrollDown(_) => (selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(PAGE),
        Action::PageDown => (selected + PAGE).min(last),
        Action::First => 0,
        Action::Last => last,
        _ => return None,
    })
}
