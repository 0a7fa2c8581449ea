//! The terminal user interface: a tab frame (目录 live; 巡查, 案件, 投诉, 统计, 管理 to come), a
//! status line, and one module per screen.
//!
//! Shape (see `/work/shared/STYLE.md`): plain state ([`app::App`]), an [`app::Action`] enum fed
//! by the key table ([`keys`]), `update` that only changes state and returns an [`app::Effect`]
//! for the event loop to perform against the store, and rendering as a pure function of state
//! ([`frame`]). Everything that can fail before the terminal is taken (no catalog, a bad
//! database) fails here, so the message is printed on a normal screen.

pub mod app;
mod cleared;
pub mod event_loop;
pub mod field;
pub mod form;
pub mod frame;
pub mod keymap;
pub mod keys;
pub mod screens;
pub mod theme;
pub mod work;

#[cfg(test)]
mod fixtures;

use anyhow::Result;
use app::{App, Gate, LoadedCatalog};
use chrono::{DateTime, NaiveDate};
use screens::login::{DemoAccount, LoginState};
use std::io::IsTerminal;
use zhifa_app::config::Config;
use zhifa_catalog::search::SearchIndex;
use zhifa_core::clock::Clock;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::version::{in_force_on, statuses_on, CatalogVersion, VersionId};
use zhifa_core::i18n::Lang;
use zhifa_store::{Store, StoreResult};

/// Whether both ends are a terminal; otherwise commands keep their plain-text behaviour.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// What the interface needs beyond the database: who is at the terminal, the clock, and how
/// the station is set up.
pub struct Station {
    /// The OS user and terminal; logins are recorded as coming from here.
    pub origin: Actor,
    pub clock: Clock,
    pub lang: Lang,
    /// The settings: idle lock, borders, colour, keys.
    pub config: Config,
    /// Shown on the login screen of the demo database.
    pub demo_accounts: Vec<DemoAccount>,
    /// Where this station's events are pushed in the background, if it has a centre.
    pub central: Option<CentralLink>,
}

/// A centre to push to while the interface is open (docs/CENTRAL.md): its URL, this station's
/// database, how often.
#[derive(Debug, Clone)]
pub struct CentralLink {
    pub url: String,
    pub db: std::path::PathBuf,
    pub every: std::time::Duration,
    /// Whose publications this station takes in (`[central] publishers`).
    pub publishers: zhifa_sync::Publishers,
}

impl CentralLink {
    /// `--central` / `ZHIFA_CENTRAL` (`given`), else `[central] url`; none without either.
    pub fn of(given: Option<&str>, config: &Config, db: &std::path::Path) -> Option<CentralLink> {
        let url = given.filter(|u| !u.trim().is_empty()).map(str::to_string);
        let url = url.or_else(|| config.central.url.clone())?;
        let publishers = zhifa_sync::Publishers::of(&config.central);
        Some(CentralLink { url, db: db.to_path_buf(), every: config.central.every(), publishers })
    }
}

/// Shows the login (or the first-admin setup) at once and loads the catalog behind it, then runs
/// until the user quits. Everything that can fail before the terminal is taken fails here, so
/// the message is printed on a normal screen.
pub fn start(mut store: Store, station: Station) -> Result<i32> {
    let mut app = initial_app(&store, &station)?;
    app.theme = theme::Theme::from_config(&station.config);
    app.keys = keys::KeyMap::with_overrides(&station.config.keys).map_err(|message| {
        let file = zhifa_app::config::config_path().map(|p| p.display().to_string());
        anyhow::anyhow!("{}: {message}", file.unwrap_or_else(|| "config".into()))
    })?;
    let first = app.catalog.loading.then_some(app::Effect::LoadVersion(app.catalog.version.id));
    event_loop::run(&mut app, &mut store, &station, first)?;
    Ok(0)
}

/// The app as the login finds it: versions known, the records' start-up check done, the catalog
/// in force still loading.
pub fn initial_app(store: &Store, station: &Station) -> Result<App> {
    let today = station.clock.today();
    let versions = store.catalog_versions()?;
    let statuses = statuses_on(&versions, today);
    // Before any catalog is loaded (a new database) the screen opens on an empty one.
    let version = match in_force_on(&versions, today) {
        Some(i) => versions[i].clone(),
        None => versions.last().cloned().unwrap_or_else(no_catalog),
    };
    let placeholder = LoadedCatalog { version, index: SearchIndex::build(Vec::new()) };
    let mut app = App::new(station.lang, versions, statuses, placeholder);
    app.catalog.loading = app.catalog.version.item_count > 0;
    app.demo_accounts = station.demo_accounts.clone();
    app.today = today;
    app.teams = store.teams()?;
    app.calendar = store.work_calendar()?;
    app.authority = station.config.casework.approvers.clone();
    app.stats.centre_configured = station.central.is_some();
    let mut login =
        if store.has_admin()? { LoginState::login() } else { LoginState::first_admin() };
    login.demo_accounts = app.demo_accounts.clone();
    app.gate = Gate::Login(Box::new(login));
    // The start-up check of the records: its finding stays on screen while the program runs.
    app.records_alarm = zhifa_app::messages::records_alarm(&store.quick_check()?, station.lang);
    Ok(app)
}

/// The stand-in version of a database that has no catalog yet.
fn no_catalog() -> CatalogVersion {
    CatalogVersion {
        id: VersionId(0),
        label: String::new(),
        doc_no: String::new(),
        effective: NaiveDate::MIN,
        source_name: String::new(),
        source_sha256: String::new(),
        imported_by: String::new(),
        imported_at: DateTime::UNIX_EPOCH,
        item_count: 0,
    }
}

/// A version's searchable columns and the index over them, built once.
pub fn load_catalog(store: &Store, version: CatalogVersion) -> StoreResult<LoadedCatalog> {
    let docs = store.search_docs(version.id)?;
    let index = SearchIndex::build(docs)
        .with_lexicon(store.search_lexicon()?)
        .with_learned(store.learned_choices()?);
    Ok(LoadedCatalog { version, index })
}
