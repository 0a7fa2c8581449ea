//! A terminal killed (SIGKILL) at random moments while it writes patrols, findings, case steps
//! and tickets: after each kill the database opens, SQLite finds it sound, the hash chain
//! verifies, and it holds exactly the writes acknowledged before the kill plus at most the one in
//! flight, whole (its rows and its event both there, or both absent).
//!
//! The kill moments come from a seed printed at the start; `ZHIFA_CRASH_SEED=N` repeats them.
//! (Kills during a catalog import: tests/crash_import.rs.)

mod casework_worker;

use casework_worker::ops::Op;
use casework_worker::{
    assert_all_applied, prepare_demo, rows_match_events, spawn_writer, Transcript,
};
use std::path::Path;
use std::time::{Duration, Instant};
use zhifa::store::Store;

const KILLS: u32 = 36;
/// Kills land between 0 and this long after the worker starts: its start-up and logins take
/// tens of milliseconds, so most land among the writes.
const LONGEST_DELAY_MS: u64 = 250;
/// More writes than any worker lives to attempt.
const UNBOUNDED: usize = 1_000_000;

#[test]
#[ignore = "the worker process the other tests start (set up by them through the environment)"]
fn worker_process() {
    casework_worker::run_from_env();
}

#[test]
fn sigkill_during_casework_keeps_exactly_the_committed_writes() {
    let seed = std::env::var("ZHIFA_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| u64::try_from(casework_worker::millis()).unwrap_or(1));
    eprintln!("crash seed {seed} (ZHIFA_CRASH_SEED={seed} repeats these kill moments)");
    let mut random = zhifa::rng::Rng::new(seed);
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("station.db");
    prepare_demo(&db);

    let started = Instant::now();
    let mut committed: Vec<Op> = Vec::new();
    let (mut whole, mut absent, mut mid_work) = (0, 0, 0);
    for kill in 0..KILLS {
        let delay = Duration::from_millis(random.next_u64() % (LONGEST_DELAY_MS + 1));
        let (transcript, before) = run_and_kill(&db, kill, delay);
        let in_flight_committed = check_after_kill(&db, &transcript, before, kill);
        committed.extend(transcript.acks.into_iter().map(|(_, op)| op));
        if let Some(op) = transcript.in_flight {
            mid_work += 1;
            if in_flight_committed {
                whole += 1;
                committed.push(op);
            } else {
                absent += 1;
            }
        }
    }
    // Every earlier commit survived the later kills and the recoveries after them.
    let store = Store::open(&db).expect("open at the end");
    let acks: Vec<_> = committed.into_iter().map(|op| (0, op)).collect();
    assert_all_applied(&store, &acks);
    eprintln!(
        "{KILLS} kills in {:.1}s, {} writes committed; {mid_work} landed during a write: {whole} \
         committed whole before the kill, {absent} left no trace",
        started.elapsed().as_secs_f64(),
        acks.len()
    );
    assert!(mid_work >= KILLS / 2, "most kills must land during a write: {mid_work}");
}

/// Starts a worker, kills it after `delay`, and returns what it printed and the number of events
/// before it started.
fn run_and_kill(db: &Path, kill: u32, delay: Duration) -> (Transcript, i64) {
    let before = Store::open(db).expect("open").verify_chain().expect("chain").events;
    let officer = if kill % 2 == 0 { "QJ1001" } else { "QJ1002" };
    let mut child = spawn_writer(db, &format!("k{kill}"), officer, UNBOUNDED);
    std::thread::sleep(delay);
    // SIGKILL on Unix: no destructor, no flush, no rollback runs in the worker.
    child.kill().expect("kill the worker");
    let out = child.wait_with_output().expect("reap the worker");
    (Transcript::read(&out.stdout), before)
}

/// The checks after one kill; returns whether the write in flight (if any) committed.
fn check_after_kill(db: &Path, transcript: &Transcript, before: i64, kill: u32) -> bool {
    let context = format!("kill {kill}");
    assert!(
        transcript.errors.is_empty(),
        "{context}: a write was refused: {:?}",
        transcript.errors
    );
    let store = Store::open(db).expect("the database opens after a kill");
    // Integrity, the chain, and every row as the events alone say it is.
    let verified = store.verify(&zhifa::store::VerifyOptions::default()).expect("verify");
    assert_eq!(verified.problems, vec![], "{context}: the database verifies");

    let acked: Vec<&Op> = transcript.acks.iter().map(|(_, op)| op).collect();
    let new_events = store.events(before, 1_000_000).expect("events");
    let in_flight_committed = new_events.len() == acked.len() + 1;
    assert!(
        new_events.len() == acked.len() || (in_flight_committed && transcript.in_flight.is_some()),
        "{context}: {} events for {} acknowledged writes (in flight: {:?})",
        new_events.len(),
        acked.len(),
        transcript.in_flight
    );
    let ops = acked.iter().copied().chain(transcript.in_flight.iter());
    for (event, op) in new_events.iter().zip(ops) {
        assert_eq!(event.kind, op.event_kind(), "{context}: events in the order of the writes");
    }
    assert_all_applied(&store, &transcript.acks);
    if let Some(op) = &transcript.in_flight {
        let rows = op.applied(&store).expect("look the write up");
        assert!(
            rows.is_none_or(|there| there == in_flight_committed),
            "{context}: {} half written: rows {rows:?}, event {in_flight_committed}",
            op.text()
        );
    }
    for (table, rows, events) in rows_match_events(&store).expect("counts") {
        assert_eq!(rows, events, "{context}: {table}: one row per event");
    }
    in_flight_committed
}

// Kills during a backup are in tests/cli_backup.rs
// (`a_backup_killed_at_any_moment_leaves_the_database_whole_and_no_half_copy`): the live database
// verifies after each, and a file under the backup's name is always a whole, verified copy.
