//! `zhifa bench report`: the figures for reports on years of generated casework: a
//! year's report by team (target ≤ 500 ms on the ten-year county), by officer and by month, as
//! the table, CSV and XLSX read it (the figures only) and as JSON reads it (with the records
//! behind every figure: the one path there was before the figures were counted apart), the
//! records of one figure opened, and the 统计 tab's first frame at 200×60 (month and year;
//! target ≤ 100 ms). A year of the default
//! (scale 0.2 over 2 years) holds as many records as a year of the ten-year county at scale 1.

use super::casework::{generate, target, Generation};
use crate::bench::search::ms;
use crate::bench::tui::{bench_officer, Series};
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::actor::Actor;
use crate::i18n::Lang;
use crate::report::{GroupBy, Period};
use crate::store::{HistoryPlan, Store};
use crate::tui::app::{update, Action, Tab};
use crate::tui::screens::stats;
use crate::tui::{frame, initial_app, Station};
use anyhow::{bail, Result};
use chrono::Days;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct Args {
    pub scale: f64,
    pub years: u32,
    pub seed: u64,
    pub runs: usize,
    pub on: Option<PathBuf>,
    pub keep: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
struct Figures {
    generation: Option<Generation>,
    /// The year measured (the 365 days up to today) and what it holds.
    period: Period,
    patrols: i64,
    findings: i64,
    tickets: i64,
    cases_opened: i64,
    decisions: i64,
    /// The figures only (table, CSV, XLSX, the tab).
    year_by_team: Series,
    year_by_officer: Series,
    year_by_month: Series,
    /// With the records behind every figure (JSON).
    year_by_team_with_records: Series,
    /// The records of one figure of the year read when it is opened (计划巡查, 作出处罚决定).
    open_patrols_planned: Series,
    open_decided_penalty: Series,
    /// The 统计 tab from the key to its first frame (this month, by team), at 200×60.
    tab_first_frame_month: Series,
    /// The same with a year shown.
    tab_first_frame_year: Series,
}

pub fn run(args: Args) -> Result<i32> {
    let clock = Clock::from_env().map_err(anyhow::Error::msg)?;
    let runs = args.runs.clamp(3, 1000);
    let (db, scratch, generation) = match &args.on {
        Some(db) => (db.clone(), None, None),
        None => {
            let (db, scratch) = target(args.keep.as_deref())?;
            let plan = HistoryPlan { scale: args.scale, seed: args.seed, years: args.years };
            eprintln!(
                "generating scale {} over {} years into {} …",
                plan.scale,
                plan.years,
                db.display()
            );
            let generated = generate(&mut Store::open(&db)?, &plan, clock)?;
            (db, scratch, Some(generated))
        }
    };
    let figures = measure(&db, clock, runs, generation);
    if let Some(dir) = scratch {
        let _ = std::fs::remove_dir_all(dir);
    }
    let figures = figures?;
    println!(
        "year {}: {} patrols, {} findings, {} tickets, {} cases opened, {} decisions",
        figures.period,
        figures.patrols,
        figures.findings,
        figures.tickets,
        figures.cases_opened,
        figures.decisions
    );
    for (name, s) in [
        ("report, a year by team", &figures.year_by_team),
        ("report, a year by officer", &figures.year_by_officer),
        ("report, a year by month", &figures.year_by_month),
        ("report with its records (JSON), a year by team", &figures.year_by_team_with_records),
        ("a year's figure opened: 计划巡查", &figures.open_patrols_planned),
        ("a year's figure opened: 作出处罚决定", &figures.open_decided_penalty),
        ("统计 tab first frame, month", &figures.tab_first_frame_month),
        ("统计 tab first frame, year", &figures.tab_first_frame_year),
    ] {
        println!("{name}: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms", s.p50_ms, s.p99_ms, s.max_ms);
    }
    println!("{}", serde_json::to_string(&figures)?);
    Ok(0)
}

fn measure(
    db: &Path,
    clock: Clock,
    runs: usize,
    generation: Option<Generation>,
) -> Result<Figures> {
    let store = Store::open(db)?;
    let today = clock.today();
    let period =
        Period { from: today.checked_sub_days(Days::new(364)).unwrap_or(today), to: today };
    let timed = |read: &dyn Fn() -> crate::store::StoreResult<()>| -> Result<Series> {
        let mut samples = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            read()?;
            samples.push(ms(t.elapsed()));
        }
        Ok(Series::of(samples))
    };
    let figures = |by: GroupBy| timed(&|| store.report_figures(period, by, today).map(drop));
    let year_by_team = figures(GroupBy::Team)?;
    let year_by_officer = figures(GroupBy::Officer)?;
    let year_by_month = figures(GroupBy::Month)?;
    let year_by_team_with_records =
        timed(&|| store.report(period, GroupBy::Team, today).map(drop))?;
    let opened =
        |key: &str| timed(&|| store.report_figure(period, GroupBy::Team, today, key).map(drop));
    let open_patrols_planned = opened("patrols_planned")?;
    let open_decided_penalty = opened("decided_penalty")?;
    let report = store.report_figures(period, GroupBy::Team, today)?;
    let total = |key: &str| report.total_of(key).map_or(0, |f| f.value);
    let tab_first_frame_month = tab_frames(&store, clock, runs, 0)?;
    // p twice: month → quarter → year.
    let tab_first_frame_year = tab_frames(&store, clock, runs, 2)?;
    Ok(Figures {
        generation,
        period,
        patrols: total("patrols_planned"),
        findings: total("findings"),
        tickets: total("tickets_received"),
        cases_opened: total("cases_opened"),
        decisions: total("decided_penalty") + total("decided_no_penalty"),
        year_by_team,
        year_by_officer,
        year_by_month,
        year_by_team_with_records,
        open_patrols_planned,
        open_decided_penalty,
        tab_first_frame_month,
        tab_first_frame_year,
    })
}

/// The 统计 tab shown (after `kinds` presses of p from the month), read as the loop reads it and
/// drawn at 200×60: from the effect to the frame.
fn tab_frames(store: &Store, clock: Clock, runs: usize, kinds: usize) -> Result<Series> {
    let station = Station {
        origin: Actor::new("bench", "bench", std::process::id()),
        clock,
        lang: Lang::Zh,
        config: Config::default(),
        demo_accounts: Vec::new(),
        central: None,
    };
    let mut app = initial_app(store, &station)?;
    update(&mut app, Action::LoggedIn(Box::new(bench_officer())));
    update(&mut app, Action::Resize(200, 60));
    for _ in 0..kinds {
        app.stats.kind = app.stats.kind.next();
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 60))?;
    let today = clock.today();
    let mut samples = Vec::new();
    for _ in 0..runs {
        app.tab = Tab::Catalog;
        app.stats.data = None;
        let t = Instant::now();
        app.tab = Tab::Statistics;
        let Some(crate::tui::app::Effect::LoadStats { period, by, .. }) = app.stats.load(today)
        else {
            bail!("the 统计 tab asked for nothing");
        };
        let loaded = stats::load(store, period, by, today);
        if let Action::Failed(message) = &loaded {
            bail!("reading the report: {message}");
        }
        update(&mut app, loaded);
        terminal.draw(|f| frame::render(f, &app))?;
        samples.push(ms(t.elapsed()));
    }
    Ok(Series::of(samples))
}
