//! The terminal user interface: a tab frame (目录 live; 巡查, 案件, 投诉, 统计, 管理 to come), a
//! status line, and one module per screen.
//!
//! Shape (see `/work/shared/STYLE.md`): plain state ([`app::App`]), an [`app::Action`] enum fed
//! by the key table ([`keys`]), `update` that only changes state and returns an [`app::Effect`]
//! for the event loop to perform against the store, and rendering as a pure function of state
//! ([`frame`]). Everything that can fail before the terminal is taken (no catalog, a bad
//! database) fails here, so the message is printed on a normal screen.

pub mod app;
pub mod event_loop;
pub mod frame;
pub mod keys;
pub mod screens;
pub mod theme;

#[cfg(test)]
mod fixtures;

use crate::catalog::search::SearchIndex;
use crate::clock::Clock;
use crate::domain::version::{statuses_on, CatalogVersion};
use crate::i18n::Lang;
use crate::store::{Store, StoreResult};
use anyhow::Result;
use app::{App, LoadedCatalog};
use std::io::IsTerminal;

/// Whether both ends are a terminal; otherwise commands keep their plain-text behaviour.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Opens the catalog in force today and runs the TUI until the user quits.
pub fn start(store: &Store, clock: Clock, officer: String, lang: Lang) -> Result<i32> {
    let today = clock.today();
    let versions = store.catalog_versions()?;
    let version = store.version_in_force(today)?;
    let statuses = statuses_on(&versions, today);
    let loaded = load_catalog(store, version)?;
    let mut app = App::new(lang, officer, versions, statuses, loaded);
    app.theme = theme::Theme::from_env();
    event_loop::run(&mut app, store)?;
    Ok(0)
}

/// A version's searchable columns and the index over them, built once.
pub fn load_catalog(store: &Store, version: CatalogVersion) -> StoreResult<LoadedCatalog> {
    let docs = store.search_docs(version.id)?;
    Ok(LoadedCatalog { version, index: SearchIndex::build(docs) })
}
