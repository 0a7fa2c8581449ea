//! The interface's part of `zhifa bench casework`, on a database with years of history: starting
//! the app (open, what the login needs, its frame), and each work tab to its first frame at
//! 200×60 — once with only that tab's reads, once with everything coming to a work tab reads
//! (`Effect::LoadWork`: all three lists), as an officer meets it after the login or on `]`.

use super::{bench_officer, startup_ms, Series};
use crate::search::ms;
use anyhow::{bail, Result};
use chrono::NaiveDate;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;
use zhifa_app::config::Config;
use zhifa_app::worklist::Attention;
use zhifa_core::clock::Clock;
use zhifa_core::domain::actor::Actor;
use zhifa_core::i18n::Lang;
use zhifa_store::Store;
use zhifa_tui::app::{update, Action, App, Tab};
use zhifa_tui::{frame, initial_app, work, Station};

#[derive(Debug, Clone, Serialize)]
pub struct ScreenFigures {
    /// Open the database, read versions and accounts, draw the login.
    pub open: Series,
    /// Per tab: its own list read (and arranged), then its first frame.
    pub screens: Vec<(String, Series)>,
    /// Per tab: all three lists read (what the loop does), then the tab's first frame.
    pub load_work: Vec<(String, Series)>,
    /// Entries each list showed: today's patrols, open cases, tickets.
    pub listed: [usize; 3],
}

/// The work tabs, in the tab bar's order.
const TABS: [(Tab, &str); 3] =
    [(Tab::Patrol, "巡查"), (Tab::Cases, "案件"), (Tab::Complaints, "投诉")];

/// Measures `runs` times each on the database at `db`, on `clock`'s today.
pub fn measure(db: &Path, clock: Clock, runs: usize) -> Result<ScreenFigures> {
    let station = Station {
        origin: Actor::new("bench", "bench", std::process::id()),
        clock,
        lang: Lang::Zh,
        config: Config::default(),
        demo_accounts: Vec::new(),
        central: None,
    };
    let open = Series::of((0..runs).map(|_| startup_ms(db, &station)).collect::<Result<_>>()?);
    let store = Store::open(db)?;
    let mut app = initial_app(&store, &station)?;
    update(&mut app, Action::LoggedIn(Box::new(bench_officer())));
    update(&mut app, Action::Resize(200, 60));
    let mut terminal = Terminal::new(TestBackend::new(200, 60))?;
    let today = clock.today();
    let mut screens = Vec::new();
    let mut load_work = Vec::new();
    for (tab, name) in TABS {
        let own = (0..runs).map(|_| own_reads_ms(&store, &mut app, &mut terminal, tab, today));
        screens.push((name.to_string(), Series::of(own.collect::<Result<_>>()?)));
        let all = (0..runs).map(|_| load_work_ms(&store, &mut app, &mut terminal, tab, today));
        load_work.push((name.to_string(), Series::of(all.collect::<Result<_>>()?)));
    }
    let listed = [app.patrols.items.len(), app.cases.items.len(), app.tickets.items.len()];
    Ok(ScreenFigures { open, screens, load_work, listed })
}

/// Only `tab`'s list read, handed to the app as the loop would, and the tab drawn.
fn own_reads_ms(
    store: &Store,
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    tab: Tab,
    today: NaiveDate,
) -> Result<f64> {
    let t = Instant::now();
    let (mut patrols, mut cases, mut tickets) = (Vec::new(), Vec::new(), Vec::new());
    match tab {
        Tab::Patrol => patrols = work::patrol_lines(store, today)?,
        Tab::Cases => cases = work::case_lines(store, today)?,
        _ => tickets = work::tickets(store, today)?,
    }
    let (reinspections, attention) = (Vec::new(), Attention::default());
    update(app, Action::WorkLoaded { cases, tickets, patrols, reinspections, attention });
    app.tab = tab;
    terminal.draw(|f| frame::render(f, app))?;
    Ok(ms(t.elapsed()))
}

/// Everything `Effect::LoadWork` reads, then `tab` drawn.
fn load_work_ms(
    store: &Store,
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    tab: Tab,
    today: NaiveDate,
) -> Result<f64> {
    let t = Instant::now();
    let everyone = work::Desk { team: None, periods: Default::default() };
    let loaded = work::load(store, today, everyone);
    if let Action::Failed(message) = &loaded {
        bail!("reading the work lists: {message}");
    }
    update(app, loaded);
    app.tab = tab;
    terminal.draw(|f| frame::render(f, app))?;
    Ok(ms(t.elapsed()))
}
