//! `zhifa bench casework`: the figures on ten years of a busy county (1M patrols, about
//! 3M findings, 200k cases, 500k tickets at scale 1): how long generating it takes and how large
//! the database is, then opening the app, each work tab to its first frame, recording a finding,
//! and `zhifa case list --overdue` as a whole process. Targets: 300 ms, 50 ms, 20 ms, 200 ms.
//!
//! The history goes into a fresh file (kept with `--keep`), or `--on` measures an existing one.
//! Recording a finding writes: the measured findings stay in the database measured on.

use crate::bench::county::{demo_password, seed_county};
use crate::bench::tui::casework::{measure, ScreenFigures};
use crate::bench::tui::Series;
use crate::clock::Clock;
use crate::demo::{seed_demo_editions, seed_demo_officers};
use crate::domain::actor::Actor;
use crate::domain::patrol::{Finding, FindingAction, NewPatrol, Patrol, PatrolKind, PatrolStatus};
use crate::store::{HistoryPlan, Identity, Store};
use crate::worklist::{case_lines, open_case_lines, DUE_SOON_DAYS};
use anyhow::{bail, ensure, Context, Result};
use chrono::{DateTime, Days, Duration, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What `zhifa bench casework` was asked.
pub struct Args {
    pub scale: f64,
    pub seed: u64,
    pub runs: usize,
    pub on: Option<PathBuf>,
    pub keep: Option<PathBuf>,
}

/// The largest scale accepted: ten times the county is already 100M rows.
pub const MAX_SCALE: f64 = 10.0;

/// `--scale`: a positive number up to [`MAX_SCALE`].
pub fn parse_scale(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(scale) if scale > 0.0 && scale <= MAX_SCALE => Ok(scale),
        _ => Err(format!("{text:?}: give a number above 0 and at most {MAX_SCALE}")),
    }
}

#[derive(Debug, Serialize)]
struct Report {
    generation: Option<Generation>,
    database: Size,
    work: Work,
    #[serde(flatten)]
    screens: ScreenFigures,
    record_finding: Series,
    /// The start-up check of the records (`Store::quick_check`), part of every start.
    startup_check: Series,
    case_list_overdue: Series,
    /// `zhifa case list` with no filter: every case, closed ones too.
    case_list_all: Series,
    /// For comparison, what the work tabs read before `db/0009`: every case with its clocks and
    /// every ticket.
    full_scans: Series,
}

#[derive(Debug, Serialize)]
pub(super) struct Generation {
    scale: f64,
    seed: u64,
    years: u32,
    /// Catalog editions, teams, grids and accounts.
    seed_ms: f64,
    history_ms: f64,
    events: i64,
}

#[derive(Debug, Serialize)]
struct Size {
    bytes: u64,
    rows: Vec<(&'static str, i64)>,
}

/// What there is to do today.
#[derive(Debug, Serialize)]
struct Work {
    open_cases: usize,
    overdue_cases: usize,
    due_soon_cases: usize,
    tickets_awaiting_reply: usize,
    overdue_tickets: usize,
}

pub fn run(args: Args) -> Result<i32> {
    let clock = Clock::from_env().map_err(anyhow::Error::msg)?;
    let runs = args.runs.clamp(3, 1000);
    let (db, scratch, generation) = match &args.on {
        Some(db) => (db.clone(), None, None),
        None => {
            let (db, scratch) = target(args.keep.as_deref())?;
            let plan = HistoryPlan { scale: args.scale, seed: args.seed, ..HistoryPlan::default() };
            eprintln!(
                "generating scale {} (seed {}) into {} …",
                plan.scale,
                plan.seed,
                db.display()
            );
            let generated = generate(&mut Store::open(&db)?, &plan, clock)?;
            (db, scratch, Some(generated))
        }
    };
    let report = figures(&db, clock, runs, generation);
    if let Some(dir) = scratch {
        let _ = std::fs::remove_dir_all(dir);
    }
    let report = report?;
    print!("{}", text(&report));
    println!("{}", serde_json::to_string(&report)?);
    Ok(0)
}

/// `--keep`'s file (never an existing one), else a file in a fresh folder to remove afterwards.
pub(super) fn target(keep: Option<&Path>) -> Result<(PathBuf, Option<PathBuf>)> {
    if let Some(path) = keep {
        ensure!(!path.exists(), "{} exists: --keep names a new file", path.display());
        return Ok((path.to_path_buf(), None));
    }
    let dir = std::env::temp_dir().join(format!("zhifa-casework-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok((dir.join("casework.db"), Some(dir)))
}

/// The county seeded the day before its history starts, then the history up to now.
pub(super) fn generate(store: &mut Store, plan: &HistoryPlan, clock: Clock) -> Result<Generation> {
    let now = clock.now();
    let first =
        clock.today().checked_sub_days(Days::new(u64::from(plan.years) * 365)).context("date")?;
    let seeded_at = now - Duration::days(i64::from(plan.years) * 365 + 1);
    let actor = Actor::new("system:bench", "zhifa bench casework", std::process::id());
    let t = Instant::now();
    seed_demo_editions(store, &actor, seeded_at, first)?;
    seed_demo_officers(store, &actor, seeded_at)?;
    seed_county(store, &actor, seeded_at)?;
    let admin = login(store, seeded_at, "QJ0001")?;
    let seed_ms = ms(t);
    let t = Instant::now();
    let events = store.generate_history(&admin, plan, now)?;
    store.checkpoint()?;
    Ok(Generation {
        scale: plan.scale,
        seed: plan.seed,
        years: plan.years,
        seed_ms,
        history_ms: ms(t),
        events,
    })
}

fn figures(db: &Path, clock: Clock, runs: usize, generation: Option<Generation>) -> Result<Report> {
    let database = size(db)?;
    let work = work(db, clock)?;
    let screens = measure(db, clock, runs)?;
    let record_finding = record_findings(db, clock, runs)?;
    let startup_check = startup_checks(db, runs)?;
    let case_list_overdue = process(db, runs, &["case", "list", "--overdue"])?;
    let case_list_all = process(db, 3, &["case", "list"])?;
    let full_scans = full_scans(db, clock)?;
    Ok(Report {
        generation,
        database,
        work,
        screens,
        record_finding,
        startup_check,
        case_list_overdue,
        case_list_all,
        full_scans,
    })
}

/// The start-up check on the open database, `runs` times; it must pass.
fn startup_checks(db: &Path, runs: usize) -> Result<Series> {
    let store = Store::open(db)?;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let check = store.quick_check()?;
        samples.push(ms(t));
        anyhow::ensure!(
            check.problems.is_empty(),
            "the start-up check failed: {:?}",
            check.problems
        );
    }
    Ok(Series::of(samples))
}

fn size(db: &Path) -> Result<Size> {
    let store = Store::open(db)?;
    let rows = store.table_rows()?;
    let bytes = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        std::fs::metadata(PathBuf::from(name)).map_or(0, |m| m.len())
    };
    Ok(Size { bytes: bytes("") + bytes("-wal"), rows })
}

fn work(db: &Path, clock: Clock) -> Result<Work> {
    let store = Store::open(db)?;
    let today = clock.today();
    let open = open_case_lines(&store, today)?;
    let tickets = crate::tui::work::tickets(&store, today)?;
    Ok(Work {
        open_cases: open.len(),
        overdue_cases: open.iter().filter(|l| l.is_overdue()).count(),
        due_soon_cases: open
            .iter()
            .filter(|l| !l.is_overdue() && l.due_within(DUE_SOON_DAYS))
            .count(),
        tickets_awaiting_reply: tickets.iter().filter(|t| t.status.awaits_reply()).count(),
        overdue_tickets: tickets.iter().filter(|t| t.is_overdue(today)).count(),
    })
}

/// Every case with its clocks and every ticket, three times.
fn full_scans(db: &Path, clock: Clock) -> Result<Series> {
    let store = Store::open(db)?;
    let mut samples = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let cases = case_lines(&store, clock.today())?;
        let tickets = store.tickets()?;
        samples.push(ms(t));
        drop((cases, tickets));
    }
    Ok(Series::of(samples))
}

/// `runs` findings recorded on a patrol underway today, each timed to its commit.
fn record_findings(db: &Path, clock: Clock, runs: usize) -> Result<Series> {
    let mut store = Store::open(db)?;
    let patrol = underway(&mut store, clock)?;
    let badge = patrol.officers.first().context("a patrol without officers")?;
    let who = login(&mut store, clock.now(), badge)?;
    let mut samples = Vec::new();
    for i in 0..runs {
        let finding = Finding {
            at: local_now(clock),
            place: format!("巡查途中第{}处", i + 1),
            grid: patrol.grids.first().cloned(),
            item: String::new(),
            description: "沿街商铺跨门营业，已当场劝导".into(),
            evidence: Vec::new(),
            action: FindingAction::Education,
            reinspects: None,
        };
        let t = Instant::now();
        store.record_finding(&who, clock.now(), patrol.id, &finding)?;
        samples.push(ms(t));
    }
    Ok(Series::of(samples))
}

/// A patrol underway today: one from the history, else a planned one started now, else one
/// planned for the demo's 青溪中队 and started.
fn underway(store: &mut Store, clock: Clock) -> Result<Patrol> {
    let today = store.patrols(None, Some(clock.today()))?;
    if let Some(patrol) = today.iter().find(|p| p.status == PatrolStatus::Underway) {
        return Ok(patrol.clone());
    }
    let planned = match today.into_iter().find(|p| p.status == PatrolStatus::Planned) {
        Some(patrol) => patrol,
        None => plan_one(store, clock)?,
    };
    let badge = planned.officers.first().context("a patrol without officers")?;
    let who = login(store, clock.now(), badge)?;
    Ok(store.start_patrol(&who, clock.now(), planned.id, local_now(clock))?)
}

fn plan_one(store: &mut Store, clock: Clock) -> Result<Patrol> {
    let leader = login(store, clock.now(), "QJ3001")?;
    let start = local_now(clock);
    let new = NewPatrol {
        team: "QX01".into(),
        kind: PatrolKind::Daily,
        grids: vec!["QX01-01".into()],
        route: String::new(),
        officers: vec!["QJ1001".into(), "QJ1002".into()],
        planned_start: start,
        planned_end: start + Duration::hours(2),
        ticket: None,
    };
    Ok(store.plan_patrol(&leader, clock.now(), &new)?)
}

/// A demo or county account logged in at `now` with its published password.
fn login(store: &mut Store, now: DateTime<Utc>, badge: &str) -> Result<Identity> {
    let Some(password) = demo_password(badge) else {
        bail!("{badge} is not a demo or county account: measure on a generated database");
    };
    let origin = Actor::new("os:bench", "zhifa bench casework", std::process::id());
    Ok(store.authenticate(&origin, now, badge, &password)?)
}

fn local_now(clock: Clock) -> chrono::NaiveDateTime {
    clock.now().with_timezone(&crate::clock::CHINA).naive_local()
}

/// This program run as `zhifa --db DB ARGS…`, `runs` times, each timed as a whole process.
fn process(db: &Path, runs: usize, args: &[&str]) -> Result<Series> {
    let exe = std::env::current_exe().context("finding this program")?;
    let mut samples = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let status = Command::new(&exe)
            .arg("--db")
            .arg(db)
            .args(args)
            .stdout(Stdio::null())
            .status()
            .with_context(|| format!("running {}", exe.display()))?;
        samples.push(ms(t));
        ensure!(status.success(), "zhifa {} failed ({status})", args.join(" "));
    }
    Ok(Series::of(samples))
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

fn text(r: &Report) -> String {
    let s = |s: &Series| {
        format!("p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms", s.p50_ms, s.p99_ms, s.max_ms)
    };
    let mut out = String::new();
    if let Some(g) = &r.generation {
        out +=
            &format!(
            "generated scale {} (seed {}, {} years): seeding {:.1} s, history {:.1} s, {} events\n",
            g.scale, g.seed, g.years, g.seed_ms / 1e3, g.history_ms / 1e3, g.events
        );
    }
    out += &format!(
        "database: {} bytes ({:.2} GB)\n",
        r.database.bytes,
        r.database.bytes as f64 / 1e9
    );
    for (table, rows) in &r.database.rows {
        out += &format!("  {table}: {rows} rows\n");
    }
    let w = &r.work;
    out += &format!(
        "today: {} open cases ({} overdue, {} due soon), {} tickets awaiting a reply ({} overdue)\n",
        w.open_cases, w.overdue_cases, w.due_soon_cases, w.tickets_awaiting_reply, w.overdue_tickets
    );
    out += &format!("opening the app (to the login, target 300 ms): {}\n", s(&r.screens.open));
    let [patrols, cases, tickets] = r.screens.listed;
    out += &format!("work tabs at 200×60 ({patrols} patrols, {cases} cases, {tickets} tickets listed; target 50 ms):\n");
    for ((tab, own), (_, all)) in r.screens.screens.iter().zip(&r.screens.load_work) {
        out += &format!(
            "  {tab}: its own reads + frame {}; all three lists + frame {}\n",
            s(own),
            s(all)
        );
    }
    out +=
        &format!("recording a finding, to its commit (target 20 ms): {}\n", s(&r.record_finding));
    out += &format!("start-up check of the records (part of opening): {}\n", s(&r.startup_check));
    out += &format!(
        "zhifa case list --overdue, whole process (target 200 ms): {}\n",
        s(&r.case_list_overdue)
    );
    out += &format!("zhifa case list (every case), whole process: {}\n", s(&r.case_list_all));
    out += &format!("(before db/0009 the tabs read every case and ticket: {})\n", s(&r.full_scans));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::password::FAST_FOR_TESTS;

    #[test]
    fn the_figures_are_measured_on_a_small_generated_county() {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("casework.db");
        let clock = Clock::Fixed("2026-11-24T02:30:00Z".parse().expect("now"));
        let plan = HistoryPlan { scale: 0.0005, seed: 7, years: 2 };
        let mut store = Store::open(&db).expect("store");
        store.set_password_cost(FAST_FOR_TESTS);
        let generated = generate(&mut store, &plan, clock).expect("generated");
        drop(store);
        assert!(generated.events > 1000, "{}", generated.events);
        let database = size(&db).expect("size");
        assert!(database.bytes > 1_000_000);
        assert!(database.rows.contains(&("patrols", 500)), "{:?}", database.rows);
        let work = work(&db, clock).expect("work");
        let screens = measure(&db, clock, 3).expect("screens");
        assert_eq!(screens.listed[1], work.open_cases);
        assert!(screens.screens.iter().chain(&screens.load_work).all(|(_, s)| s.samples == 3));
        let findings = record_findings(&db, clock, 3).expect("findings");
        assert_eq!(findings.samples, 3);
        let report = Report {
            generation: Some(generated),
            database,
            work,
            screens,
            record_finding: findings.clone(),
            startup_check: startup_checks(&db, 3).expect("start-up check"),
            case_list_overdue: findings.clone(),
            case_list_all: findings.clone(),
            full_scans: full_scans(&db, clock).expect("scans"),
        };
        assert!(text(&report).contains("recording a finding"));
    }
}
