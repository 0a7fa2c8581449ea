//! One module per screen. Each has a plain state struct, an `update` for its actions and pure
//! render functions. The 巡查, 案件 and 投诉 tabs share the work list; their forms are `task`.
//! The 统计 tab is still a placeholder drawn by the frame.

pub mod admin;
pub mod case_file;
pub mod cases;
pub mod catalog;
pub mod diff_view;
pub mod documents;
pub mod login;
pub mod patrols;
pub mod task;
pub mod tickets;
pub mod work_list;
