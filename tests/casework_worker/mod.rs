//! Worker processes on one database file, for the concurrency and crash tests.
//!
//! A test binary re-runs itself (`current_exe`) with only its ignored `worker_process` test and
//! `ZHIFA_TEST_WORKER` set: that process is a terminal of its own, logging in through
//! `Store::authenticate` like any officer and writing patrols, findings, cases and tickets through
//! the library. It prints one line per operation: `BEGIN` before, then `ACK` once the store
//! returned (committed) or `ERR` with the message its user would read. The test reads those lines
//! back and looks every acknowledged operation up in the database.

// Each test crate includes this module and uses only some of it.
#![allow(dead_code)]

pub mod ops;

use chrono::{DateTime, NaiveDate, Utc};
use ops::{perform, Actors, Op, STEPS};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use zhifa::domain::actor::Actor;
use zhifa::i18n::Lang;
use zhifa::store::{password, Identity, Store, StoreResult};

/// The name of the ignored test each test binary runs as its worker.
pub const ENTRY: &str = "worker_process";

/// The catalog item every finding and case cites (in the demo catalog in force on [`today`]).
pub const ITEM: &str = "330217101001";

pub fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("a fixed clock")
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("a day")
}

/// Milliseconds since the epoch: the one clock every process on the machine shares.
pub fn millis() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis())
}

/// The demo database (catalog, accounts with cheap test hashes, a few weeks of work) at `db`.
pub fn prepare_demo(db: &Path) {
    let mut store = Store::open(db).expect("create the database");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let actor = Actor::new("system:demo", "test", std::process::id());
    zhifa::demo::seed_demo(&mut store, &actor, now()).expect("catalog");
    zhifa::demo::seed_demo_officers(&mut store, &actor, now()).expect("accounts");
    zhifa::demo::activity::seed_demo_activity(&mut store, &actor, now()).expect("activity");
}

/// A writer process: `prefix` makes its tags unique, `officer` is the badge it logs in as (with
/// the team leader), `ops` bounds the writes it attempts.
pub fn spawn_writer(db: &Path, prefix: &str, officer: &str, ops: usize) -> Child {
    worker(db, "writer")
        .env("ZHIFA_TEST_PREFIX", prefix)
        .env("ZHIFA_TEST_OFFICER", officer)
        .env("ZHIFA_TEST_OPS", ops.to_string())
        .spawn()
        .expect("start a writer process")
}

/// A reader process: takes a long snapshot once the writers are under way, then runs the lists
/// until `stop` exists.
pub fn spawn_reader(db: &Path, stop: &Path) -> Child {
    worker(db, "reader").env("ZHIFA_TEST_STOP", stop).spawn().expect("start a reader process")
}

fn worker(db: &Path, role: &str) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command
        .args([ENTRY, "--exact", "--ignored", "--nocapture", "--test-threads=1", "-q"])
        .env("ZHIFA_TEST_WORKER", role)
        .env("ZHIFA_TEST_DB", db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// The body of the `worker_process` test: a worker when the environment names one, otherwise
/// nothing (the test is ignored and only started by the tests themselves).
pub fn run_from_env() {
    let Ok(role) = std::env::var("ZHIFA_TEST_WORKER") else { return };
    let var = |name: &str| std::env::var(name).expect("set by the spawning test");
    let db = std::path::PathBuf::from(var("ZHIFA_TEST_DB"));
    match role.as_str() {
        "writer" => {
            let ops = var("ZHIFA_TEST_OPS").parse().expect("a number of operations");
            run_writer(&db, &var("ZHIFA_TEST_PREFIX"), &var("ZHIFA_TEST_OFFICER"), ops);
        }
        "reader" => run_reader(&db, Path::new(&var("ZHIFA_TEST_STOP"))),
        other => panic!("unknown worker role {other}"),
    }
}

/// A terminal doing rounds of casework until it has attempted `budget` writes.
struct Writer {
    store: Store,
    actors: Actors,
    calendar: zhifa::calendar::WorkCalendar,
    budget: usize,
}

fn run_writer(db: &Path, prefix: &str, officer: &str, budget: usize) {
    let Some(mut store) = report_failure("open", Store::open(db)) else { return };
    let origin = Actor::new(format!("os:{prefix}"), format!("tty-{prefix}"), std::process::id());
    let Some(leader) = login(&mut store, &origin, "QJ3001") else { return };
    let Some(officer) = login(&mut store, &origin, officer) else { return };
    let Some(calendar) = report_failure("calendar", store.work_calendar()) else { return };
    let actors = Actors { leader, officer };
    let mut writer = Writer { store, actors, calendar, budget: budget.saturating_sub(2) };
    let mut round = 0;
    while writer.budget > 0 {
        round += 1;
        // A round stops at its first refusal; the next starts afresh.
        let _ = writer.round(&format!("{prefix}r{round}"));
    }
}

impl Writer {
    fn round(&mut self, tag: &str) -> Option<()> {
        let patrol = self.act(Op::Plan(tag.into()))?;
        self.act(Op::Start(patrol))?;
        let seq = self.act(Op::Finding(patrol, format!("{tag}-a")))?;
        self.act(Op::Finding(patrol, format!("{tag}-b")))?;
        let case = self.act(Op::OpenCase(tag.into(), patrol, seq))?;
        for step in STEPS {
            self.act(Op::Step(case, step))?;
        }
        self.act(Op::Ticket(tag.into()))?;
        self.act(Op::Finish(patrol))?;
        self.act(Op::SignOff(patrol))?;
        Some(())
    }

    fn act(&mut self, op: Op) -> Option<i64> {
        if self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        println!("BEGIN\t{}\t{}", millis(), op.text());
        let done = perform(&mut self.store, &self.actors, &op, &self.calendar);
        match done {
            Ok(made) => {
                println!("ACK\t{}\t{}\t{made}", millis(), op.text());
                Some(made)
            }
            Err(e) => {
                let message = zhifa::messages::store_error(&e, Lang::En);
                println!("ERR\t{}\t{}\t{message}", millis(), op.text());
                None
            }
        }
    }
}

fn login(store: &mut Store, origin: &Actor, badge: &str) -> Option<Identity> {
    let op = Op::Login(badge.into());
    println!("BEGIN\t{}\t{}", millis(), op.text());
    let password = zhifa::demo::DEMO_OFFICERS.iter().find(|o| o.0 == badge).map(|o| o.4)?;
    match store.authenticate(origin, now(), badge, password) {
        Ok(identity) => {
            println!("ACK\t{}\t{}\t0", millis(), op.text());
            Some(identity)
        }
        Err(e) => {
            let message = zhifa::messages::auth_error(&e, Lang::En);
            println!("ERR\t{}\t{}\t{message}", millis(), op.text());
            None
        }
    }
}

fn report_failure<T>(what: &str, result: StoreResult<T>) -> Option<T> {
    result
        .map_err(|e| {
            println!("ERR\t{}\t{what}\t{}", millis(), zhifa::messages::store_error(&e, Lang::En))
        })
        .ok()
}

/// What a worker printed: the operations acknowledged (with when), the errors, and the operation
/// begun but neither acknowledged nor refused (the one a kill interrupted).
#[derive(Debug, Default)]
pub struct Transcript {
    pub acks: Vec<(u128, Op)>,
    /// (operation, message, milliseconds from its start to the refusal)
    pub errors: Vec<(String, String, u128)>,
    pub in_flight: Option<Op>,
    /// Lines of other kinds (the reader's), by their first field.
    pub other: Vec<Vec<String>>,
}

impl Transcript {
    pub fn read(stdout: &[u8]) -> Transcript {
        let mut transcript = Transcript::default();
        let mut begun = 0;
        for line in String::from_utf8_lossy(stdout).lines() {
            let fields: Vec<String> = line.split('\t').map(str::to_string).collect();
            let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
            match fields[0].as_str() {
                "BEGIN" => {
                    begun = field(1).parse().unwrap_or(0);
                    transcript.in_flight = Op::parse(&field(2));
                }
                "ACK" => {
                    let op = Op::parse(&field(2)).expect("an acknowledged operation reads back");
                    transcript.acks.push((field(1).parse().expect("a time"), op));
                    transcript.in_flight = None;
                }
                "ERR" => {
                    let waited = field(1).parse::<u128>().unwrap_or(0).saturating_sub(begun);
                    transcript.errors.push((field(2), field(3), waited));
                    transcript.in_flight = None;
                }
                _ if fields.len() > 1 => transcript.other.push(fields),
                _ => {}
            }
        }
        transcript
    }
}

/// Messages that would show a user SQLite's own words instead of the store's.
pub fn is_raw_database_error(message: &str) -> bool {
    let lower = message.to_lowercase();
    ["database is locked", "database error", "sqlite", "database table is locked"]
        .iter()
        .any(|raw| lower.contains(raw))
}

/// Events after `after_seq`, counted by kind.
pub fn events_by_kind(store: &Store, after_seq: i64) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for event in store.events(after_seq, 1_000_000).expect("events") {
        *counts.entry(event.kind).or_insert(0) += 1;
    }
    counts
}

/// Every acknowledged operation is in the database (a login only as its event).
pub fn assert_all_applied(store: &Store, acks: &[(u128, Op)]) {
    for (_, op) in acks {
        let applied = op.applied(store).expect("look the operation up");
        assert_ne!(applied, Some(false), "acknowledged but not in the database: {}", op.text());
    }
}

/// The casework tables agree with the event log: each row a write appended came with its event.
/// Returns the (rows, events) pairs compared, for a report.
pub fn rows_match_events(store: &Store) -> StoreResult<Vec<(&'static str, i64, i64)>> {
    let rows: BTreeMap<&str, i64> = store.table_rows()?.into_iter().collect();
    let mut events: BTreeMap<String, i64> = BTreeMap::new();
    for event in store.events(0, 1_000_000)? {
        *events.entry(event.kind).or_insert(0) += 1;
    }
    let pairs = [
        ("patrols", "patrol.plan"),
        ("patrol_findings", "patrol.finding"),
        ("cases", "case.open"),
        ("case_steps", "case.step"),
        ("tickets", "ticket.add"),
    ];
    Ok(pairs
        .iter()
        .map(|(table, kind)| {
            (*table, rows.get(table).copied().unwrap_or(0), events.get(*kind).copied().unwrap_or(0))
        })
        .collect())
}

/// The reader: waits until the writers have made some progress, then reads the row counts and the
/// event log twice inside one snapshot held for [`SNAPSHOT_HOLD`], and prints
/// `SNAPSHOT t0 t1 same consistent`; then runs the lists until told to stop and prints
/// `LISTS n`.
fn run_reader(db: &Path, stop: &Path) {
    let Some(store) = report_failure("open", Store::open(db)) else { return };
    let events = |store: &Store| -> i64 {
        let rows = store.table_rows().unwrap_or_default();
        rows.iter().find(|(table, _)| *table == "events").map_or(0, |(_, n)| *n)
    };
    let start = events(&store);
    while events(&store) < start + 20 && !stop.exists() {
        std::thread::sleep(Duration::from_millis(5));
    }
    let held = store.read_snapshot(|s| {
        let t0 = millis();
        let first = rows_match_events(s)?;
        std::thread::sleep(SNAPSHOT_HOLD);
        let second = rows_match_events(s)?;
        Ok((t0, millis(), first, second))
    });
    if let Some((t0, t1, first, second)) = report_failure("snapshot", held) {
        let consistent = first.iter().all(|(_, rows, events)| rows == events);
        println!("SNAPSHOT\t{t0}\t{t1}\t{}\t{consistent}\t{first:?}", first == second);
    }
    let mut lists = 0;
    while !stop.exists() {
        if report_failure("lists", run_lists(&store)).is_some() {
            lists += 1;
        }
    }
    println!("LISTS\t{lists}");
}

/// How long the reader holds its snapshot while the writers go on.
pub const SNAPSHOT_HOLD: Duration = Duration::from_millis(500);

/// What a report or a work tab reads; each open case read whole must agree with itself (its
/// stage is the one its last step left), however the writers interleave.
fn run_lists(store: &Store) -> StoreResult<()> {
    store.cases()?;
    for head in store.open_cases()? {
        let Some(case) = store.case(head.id)? else { continue };
        if let Some(last) = case.steps.last() {
            if last.stage_after != case.state.stage {
                println!(
                    "ERR\t{}\tcase {}\tread at two moments: stage {:?} after {} steps ending in {:?}",
                    millis(),
                    case.id,
                    case.state.stage,
                    case.steps.len(),
                    last.stage_after
                );
            }
        }
    }
    store.patrols(None, Some(today()))?;
    store.tickets()?;
    store.reinspections(None, today())?;
    Ok(())
}
