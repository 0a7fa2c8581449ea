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
pub mod work_list;
