//! zhifa (执法): comprehensive administrative law enforcement in the terminal.
//!
//! The workspace's layers, from the inside out (see `docs/ARCHITECTURE.md`), one crate each:
//! - `zhifa-core`: plain types and pure rules (domain, calendar, clock, text, language,
//!   statistics); no SQL, no files, no terminal.
//! - `zhifa-catalog`: reading published catalog files and searching items.
//! - `zhifa-law`, `zhifa-intake`, `zhifa-documents`: the law texts, complaints taken in, the
//!   documents of a case; pure, over the catalog.
//! - `zhifa-store`: the one SQLite store; the only place with SQL.
//! - `zhifa-app`: the application layer: a [`command::Command`] executed against the store as an
//!   officer, with typed outcomes and refusals; the TUI and the CLI both write through it.
//! - `zhifa-sync`: stations and the central PostgreSQL.
//! - `zhifa-tui`: the terminal interface; reaches the store only through effects its loop performs.
//! - this crate: [`cli`], the command line, the edge where errors become messages and exit codes.
//!
//! The layers are re-exported here under their old module names, so the command line and the
//! tests read `zhifa::store::Store` whichever crate a module lives in.

pub mod cli;

pub use zhifa_app::{
    casefile, catalog_update, command, config, demo, messages, paperwork, worklist,
};
pub use zhifa_bench as bench;
pub use zhifa_catalog as catalog;
pub use zhifa_core::{calendar, clock, domain, i18n, report, rng, text};
pub use zhifa_documents as documents;
pub use zhifa_intake as intake;
pub use zhifa_law as law;
pub use zhifa_store as store;
pub use zhifa_sync as sync;
pub use zhifa_sync::central;
pub use zhifa_tui as tui;
