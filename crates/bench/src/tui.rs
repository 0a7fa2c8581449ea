//! `zhifa bench tui`: the interface's own figures, measured on the real `render` and `update`
//! into ratatui's TestBackend (what a terminal would be sent, minus the terminal):
//! - start-up to the login screen on a database of N items (open, read versions and accounts,
//!   first frame) — the catalog itself loads behind the login, timed separately;
//! - a full catalog screen at 200×60 in several states, per frame;
//! - keystroke to updated frame while typing queries (update + render);
//! - resident memory once the catalog is loaded (Linux: VmRSS, VmHWM).

pub mod casework;

use crate::search::{ms, quantile, BENCH_QUERIES};
use anyhow::{Context, Result};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use zhifa_app::config::Config;
use zhifa_core::clock::Clock;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::{Officer, Role};
use zhifa_core::i18n::Lang;
use zhifa_store::Store;
use zhifa_tui::app::{update, Action, App};
use zhifa_tui::{frame, initial_app, load_catalog, Station};

/// Percentiles of one measured series, in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub samples: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Series {
    pub fn of(mut samples: Vec<f64>) -> Series {
        samples.sort_by(f64::total_cmp);
        Series {
            samples: samples.len(),
            p50_ms: quantile(&samples, 0.50),
            p99_ms: quantile(&samples, 0.99),
            max_ms: samples.last().copied().unwrap_or(0.0),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TuiBenchReport {
    pub items: usize,
    /// Open the database, read versions and accounts, draw the login (120×35).
    pub startup: Series,
    /// Reading the catalog in force and building its index (behind the login).
    pub catalog_load_ms: f64,
    /// One frame of the catalog screen at 200×60, per state.
    pub render: Vec<(String, Series)>,
    /// Update + render per keystroke while typing the search benchmark's queries.
    pub keystroke: Series,
    pub rss_mb: Option<f64>,
    pub peak_rss_mb: Option<f64>,
}

/// Measures on the database at `db` (which must hold a catalog in force).
pub fn run(db: &Path, frames: usize) -> Result<TuiBenchReport> {
    let station = Station {
        origin: Actor::new("bench", "bench", std::process::id()),
        clock: Clock::System,
        lang: Lang::Zh,
        config: Config::default(),
        demo_accounts: Vec::new(),
        central: None,
    };
    let startup = Series::of(
        (0..frames.clamp(3, 20)).map(|_| startup_ms(db, &station)).collect::<Result<_>>()?,
    );
    let store = Store::open(db)?;
    let mut app = initial_app(&store, &station)?;
    let t = Instant::now();
    let loaded = load_catalog(&store, app.catalog.version.clone())?;
    let catalog_load_ms = ms(t.elapsed());
    let items = loaded.index.len();
    update(&mut app, Action::VersionLoaded(Box::new(loaded)));
    update(&mut app, Action::LoggedIn(Box::new(bench_officer())));
    update(&mut app, Action::Resize(200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60))?;
    let render = render_states(&mut app, &store, &mut terminal, frames)?;
    let keystroke = keystrokes(&mut app, &mut terminal)?;
    let (rss_mb, peak_rss_mb) = memory();
    Ok(TuiBenchReport { items, startup, catalog_load_ms, render, keystroke, rss_mb, peak_rss_mb })
}

/// Open the database, read what the login needs, draw it: what starting the app costs.
pub fn startup_ms(db: &Path, station: &Station) -> Result<f64> {
    let t = Instant::now();
    let store = Store::open(db)?;
    let app = initial_app(&store, station)?;
    let mut terminal = Terminal::new(TestBackend::new(120, 35))?;
    terminal.draw(|f| frame::render(f, &app))?;
    Ok(ms(t.elapsed()))
}

pub fn bench_officer() -> Officer {
    Officer {
        badge: "BENCH".into(),
        name: "测试".into(),
        role: Role::Officer,
        team: None,
        cert_expiry: None,
        active: true,
        locked: false,
        failed_attempts: 0,
    }
}

fn frame_ms(app: &App, terminal: &mut Terminal<TestBackend>) -> Result<f64> {
    let t = Instant::now();
    terminal.draw(|f| frame::render(f, app))?;
    Ok(ms(t.elapsed()))
}

fn frames_of(app: &App, terminal: &mut Terminal<TestBackend>, frames: usize) -> Result<Series> {
    frame_ms(app, terminal)?; // warm-up
    Ok(Series::of((0..frames).map(|_| frame_ms(app, terminal)).collect::<Result<_>>()?))
}

/// The screen as an officer sees it most: everything listed, a query with highlights, an item
/// open beside the list, the help over it.
fn render_states(
    app: &mut App,
    store: &Store,
    terminal: &mut Terminal<TestBackend>,
    frames: usize,
) -> Result<Vec<(String, Series)>> {
    let mut out = vec![("all items listed".to_string(), frames_of(app, terminal, frames)?)];
    for c in "占用道路".chars() {
        update(app, Action::Insert(c));
    }
    out.push(("query 占用道路".to_string(), frames_of(app, terminal, frames)?));
    let code = app.catalog.selected_code().context("no hit for the query")?.to_string();
    let item = store.catalog_item(app.catalog.version.id, &code)?.context("item vanished")?;
    update(app, Action::Open);
    update(app, Action::ItemLoaded(Box::new(item)));
    out.push(("detail open".to_string(), frames_of(app, terminal, frames)?));
    update(app, Action::ToggleHelp);
    out.push(("help overlay".to_string(), frames_of(app, terminal, frames)?));
    update(app, Action::ToggleHelp);
    update(app, Action::Back);
    update(app, Action::FocusSearch);
    update(app, Action::ClearInput);
    Ok(out)
}

/// Each query typed one character at a time, then erased: every keystroke is an update and
/// the frame it leads to.
fn keystrokes(app: &mut App, terminal: &mut Terminal<TestBackend>) -> Result<Series> {
    let mut samples = Vec::new();
    for query in BENCH_QUERIES {
        let typed: Vec<Action> = query.chars().map(Action::Insert).collect();
        let erased = vec![Action::Backspace; typed.len()];
        for action in typed.into_iter().chain(erased) {
            let t = Instant::now();
            update(app, action);
            terminal.draw(|f| frame::render(f, app))?;
            samples.push(ms(t.elapsed()));
        }
    }
    Ok(Series::of(samples))
}

/// (VmRSS, VmHWM) in MB from /proc (Linux only).
fn memory() -> (Option<f64>, Option<f64>) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else { return (None, None) };
    let field = |name: &str| {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

impl std::fmt::Display for TuiBenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = |s: &Series| {
            format!(
                "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} samples)",
                s.p50_ms, s.p99_ms, s.max_ms, s.samples
            )
        };
        writeln!(f, "TUI with {} items", self.items)?;
        writeln!(f, "  start-up to the login screen: {}", s(&self.startup))?;
        writeln!(f, "  catalog load behind the login: {:.0} ms", self.catalog_load_ms)?;
        for (state, series) in &self.render {
            writeln!(f, "  render 200×60, {state}: {}", s(series))?;
        }
        writeln!(f, "  keystroke → frame: {}", s(&self.keystroke))?;
        let mb = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.0} MB"));
        write!(f, "  memory: resident {}, peak {}", mb(self.rss_mb), mb(self.peak_rss_mb))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhifa_store::NewVersion;

    #[test]
    fn the_bench_measures_every_series_on_a_small_catalog() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("bench.db");
        let mut store = Store::open(&db).expect("store");
        let items = crate::catalog::generate_catalog(500, 7);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("day");
        let meta = NewVersion {
            label: "bench".into(),
            doc_no: String::new(),
            effective: day,
            source_name: "generated".into(),
            source_sha256: "0".repeat(64),
        };
        let who = store.bootstrap_identity(Actor::new("t", "t", 1)).expect("boot");
        let now = "2026-01-02T00:00:00Z".parse().expect("now");
        store.import_catalog(&who, now, day, &meta, &items).expect("import");
        drop(store);
        let report = run(&db, 5).expect("bench");
        assert_eq!(report.items, 500);
        assert_eq!(report.render.len(), 4);
        assert!(report.render.iter().all(|(_, s)| s.samples == 5));
        let typed: usize = BENCH_QUERIES.iter().map(|q| q.chars().count() * 2).sum();
        assert_eq!(report.keystroke.samples, typed);
        for s in [&report.startup, &report.keystroke] {
            assert!(s.p50_ms <= s.p99_ms && s.p99_ms <= s.max_ms, "{s:?}");
        }
        if cfg!(target_os = "linux") {
            assert!(report.rss_mb.is_some_and(|r| r > 0.0));
        }
        assert!(report.to_string().contains("keystroke → frame"));
    }
}
