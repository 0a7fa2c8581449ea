//! One module per screen. Each has a plain state struct, an `update` for its actions and pure
//! render functions. The 巡查, 案件 and 投诉 tabs share the work list; their forms are `task`.
//! 统计 is `stats`: the report of a period, with charts.

pub mod admin;
pub mod case_file;
pub mod cases;
pub mod catalog;
pub mod diff_view;
pub mod documents;
pub mod law_search;
pub mod login;
pub mod patrols;
pub mod stats;
pub mod task;
pub mod tickets;
pub mod work_list;
