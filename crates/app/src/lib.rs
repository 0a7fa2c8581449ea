//! The application layer: what an officer does, executed against the store ([`command`]), the
//! messages users read ([`messages`]), the lists of open work ([`worklist`]), the case file
//! ([`casefile`]), documents issued ([`paperwork`]), a catalog import ([`catalog_update`]), the
//! configuration ([`config`]) and the demo data loaded on first run ([`demo`]). The TUI and the
//! CLI both write through it.

pub mod casefile;
pub mod catalog_update;
pub mod command;
pub mod config;
pub mod demo;
pub mod messages;
pub mod paperwork;
pub mod worklist;
