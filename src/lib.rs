//! zhifa (执法): comprehensive administrative law enforcement in the terminal.
//!
//! Layers, from the inside out (see `docs/ARCHITECTURE.md`):
//! - [`domain`]: plain types and pure rules; no SQL, no files, no terminal.
//! - [`catalog`]: reading published catalog files and searching items; pure functions over domain
//!   types, no SQL.
//! - [`store`]: the one SQLite store; the only place with SQL.
//! - [`catalog_update`]: one catalog import (read, check, diff, confirm, write) for the CLI and
//!   the TUI; the one module combining `catalog` and `store`.
//! - [`command`]: the application layer: a [`command::Command`] executed against the store as an
//!   officer, with typed outcomes and refusals; the TUI and the CLI both write through it.
//! - [`tui`]: the terminal interface; reaches the store only through effects its loop performs.
//! - [`cli`]: the command line, the edge where errors become messages and exit codes.

pub mod calendar;
pub mod casefile;
pub mod catalog;
pub mod catalog_update;
pub mod central;
pub mod cli;
pub mod clock;
pub mod command;
pub mod config;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod i18n;
pub mod intake;
pub mod law;
pub mod messages;
pub mod paperwork;
pub mod report;
pub mod rng;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;
pub mod worklist;
