//! `zhifa backup`, `zhifa restore` and `zhifa verify` as an admin runs them, and the start-up
//! check as every officer meets it: the real binary on real files.
//!
//! Guards: a backup taken while another terminal writes is one consistent, verified copy,
//! readable by its owner only and recorded (with its digest) in the live log; nothing is ever
//! overwritten; a restore verifies first and refuses a tampered backup, naming the event; a
//! backup killed at any moment leaves the live database whole and no half copy under the name;
//! a tampered database is reported at the start of every command and over the login screen.

mod common;

use common::tmux::{quoted, Tmux};
use common::{json, ok, zhifa_with_stdin};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use zhifa::domain::actor::Actor;
use zhifa::store::{verify_backup, Store, VerifyOptions};

fn zhifa(db: &Path, args: &[&str]) -> Output {
    zhifa_with_stdin(db, args, "")
}

/// The demo database (catalog, accounts, weeks of activity) in `dir`.
fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("live.db");
    ok(&zhifa(&db, &["demo", "--db", db.to_str().expect("utf-8")]));
    db
}

fn file_sha256(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).expect("read")))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_backup_taken_while_another_terminal_writes_is_verified_private_and_recorded() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let dest = dir.path().join("backup-2026-11-24.db");
    // Another terminal keeps writing (grids, by the admin) while the backup runs.
    let writer_db = db.clone();
    let writer = std::thread::spawn(move || {
        let mut store = Store::open(&writer_db).expect("open");
        let origin = Actor::new("os:other", "station:pts/2", 2);
        let now = "2026-11-24T02:00:00Z".parse().expect("now");
        let admin = store.authenticate(&origin, now, "QJ0001", "demo-admin-2026").expect("login");
        let started = Instant::now();
        let mut written = 0;
        while started.elapsed() < Duration::from_millis(1500) {
            let grid = zhifa::domain::org::Grid {
                code: format!("BK{written:03}"),
                name: format!("备份期间网格{written}"),
                team: "QX01".into(),
                road: String::new(),
                landmarks: String::new(),
            };
            store.add_grid(&admin, now, &grid).expect("a write during the backup");
            written += 1;
        }
        written
    });
    std::thread::sleep(Duration::from_millis(200));
    let out = zhifa(&db, &["backup", dest.to_str().expect("utf-8"), "--json"]);
    let written = writer.join().expect("writer");
    assert!(written > 0, "the other terminal wrote meanwhile");
    let copy = json(&out);

    let verified = verify_backup(&dest).expect("the backup opens");
    assert_eq!(verified.problems, vec![], "the backup verifies on its own");
    assert_eq!(copy["head_hash"].as_str(), Some(verified.head_hash.as_str()));
    assert_eq!(copy["sha256"].as_str(), Some(file_sha256(&dest).as_str()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dest).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "readable by its owner only");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "no partial file left behind");

    // The live log records the backup: which file, its head, its digest.
    let store = Store::open(&db).expect("open");
    let events = store.events(0, 1_000_000).expect("events");
    let made = events.iter().find(|e| e.kind == "backup.made").expect("backup recorded");
    let payload: serde_json::Value = serde_json::from_str(&made.payload).expect("payload");
    assert_eq!(payload["sha256"], copy["sha256"]);
    assert_eq!(payload["head"], copy["head_hash"]);
    // The copy is one moment of this chain: its head is one of the live events.
    let at = copy["events"].as_i64().expect("events");
    assert_eq!(events[(at - 1) as usize].hash, verified.head_hash);
    assert_eq!(store.verify(&VerifyOptions::default()).expect("verify").problems, vec![]);

    // And a second backup under the same name is refused; the first is untouched.
    let digest = file_sha256(&dest);
    let again = zhifa(&db, &["backup", dest.to_str().expect("utf-8")]);
    assert_eq!(again.status.code(), Some(4));
    assert!(stderr(&again).contains("已存在"), "{}", stderr(&again));
    assert_eq!(file_sha256(&dest), digest);
}

#[test]
fn a_restore_verifies_first_never_overwrites_and_is_recorded() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let backup = dir.path().join("b.db");
    let copy = json(&zhifa(&db, &["backup", backup.to_str().expect("utf-8"), "--json"]));
    let head = copy["head_hash"].as_str().expect("head").to_string();

    // Onto an existing file (the live database): refused, the file untouched.
    let digest = file_sha256(&db);
    let onto_live = zhifa(&db, &["restore", backup.to_str().expect("utf-8"), "--to"]).status.code();
    assert_eq!(onto_live, Some(2), "--to needs a path");
    let out = zhifa(
        &db,
        &["restore", backup.to_str().expect("utf-8"), "--to", db.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(file_sha256(&db), digest, "the live database is untouched");

    // A good restore: verified, recorded, and still extending the backup's head.
    let restored = dir.path().join("restored.db");
    let out = zhifa(
        &db,
        &["restore", backup.to_str().expect("utf-8"), "--to", restored.to_str().expect("utf-8")],
    );
    ok(&out);
    let check = zhifa(&restored, &["verify", "--since", &head, "--json"]);
    let report = json(&check);
    assert_eq!(report["ok"], true, "{report}");
    let store = Store::open(&restored).expect("open");
    let last = store.events(report["events"].as_i64().expect("n") - 1, 1).expect("last");
    assert_eq!(last[0].kind, "backup.restored");

    // A tampered backup is refused, naming the event; nothing is created.
    let tampered = dir.path().join("tampered.db");
    std::fs::copy(&backup, &tampered).expect("copy");
    let conn = Connection::open(&tampered).expect("raw");
    conn.execute_batch("DROP TRIGGER events_are_append_only_update").expect("drop trigger");
    conn.execute("UPDATE events SET actor = 'QJ9999' WHERE seq = 20", []).expect("tamper");
    drop(conn);
    let target = dir.path().join("never.db");
    let out = zhifa(
        &db,
        &["restore", tampered.to_str().expect("utf-8"), "--to", target.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("第 20 号事件"), "names the event: {}", stderr(&out));
    assert!(!target.exists(), "nothing restored");
}

#[test]
fn a_backup_killed_at_any_moment_leaves_the_database_whole_and_no_half_copy() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    // How long a whole backup takes here, to spread the kills over it.
    let probe = dir.path().join("probe.db");
    let started = Instant::now();
    ok(&zhifa(&db, &["backup", probe.to_str().expect("utf-8")]));
    let full = started.elapsed();
    let seed = std::env::var("ZHIFA_KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(5u64);
    println!("kill seed {seed} (set ZHIFA_KILL_SEED to repeat another)");
    let mut rng = zhifa::rng::Rng::new(seed);
    let (mut completed, mut absent) = (0, 0);
    for round in 0..12 {
        let delay = full.mul_f64(rng.below(1000) as f64 / 1000.0);
        let dest = dir.path().join(format!("kill{round}.db"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_zhifa"))
            .arg("--db")
            .arg(&db)
            .arg("backup")
            .arg(&dest)
            .env("ZHIFA_NOW", "2026-11-24T10:00:00+08:00")
            .env("ZHIFA_CONFIG", "/nonexistent/zhifa-test/config.toml")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let live = Store::open(&db).expect("the live database opens");
        assert_eq!(live.verify(&VerifyOptions::default()).expect("verify").problems, vec![]);
        if dest.exists() {
            let copy = verify_backup(&dest).expect("a backup under the name opens");
            assert_eq!(copy.problems, vec![], "a file under the name is a whole, verified copy");
            completed += 1;
        } else {
            absent += 1;
        }
    }
    println!("backups killed: {absent} left no file, {completed} had finished");
    assert_eq!(completed + absent, 12);
}

#[test]
fn a_tampered_database_is_reported_at_every_start() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let conn = Connection::open(&db).expect("raw");
    conn.execute_batch("DROP TRIGGER events_are_append_only_update").expect("drop trigger");
    conn.execute(
        "UPDATE events SET payload = replace(payload, '\"', '\"') || ' ' WHERE seq = (SELECT max(seq) FROM events)",
        [],
    )
    .expect("tamper");
    drop(conn);
    // A command still runs (the records can be read and the problem reported) but says so.
    let out = zhifa(&db, &["case", "list"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("记录核验未通过"), "{}", stderr(&out));
    assert!(stderr(&out).contains("被改动"), "says what: {}", stderr(&out));
    // The full check fails with its exit code and names the event.
    let verify = zhifa(&db, &["verify"]);
    assert_eq!(verify.status.code(), Some(3));

    let Some(tmux) = Tmux::start() else { return };
    tmux.launch("", &format!("--db {}", quoted(&db)));
    let screen = tmux.wait_for("the alarm over the login", |s| s.contains("记录核验未通过"));
    assert!(screen.contains("登录"), "the login is still there:\n{screen}");
}

#[test]
fn output_to_a_reader_that_stops_early_ends_quietly() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    // The demo catalog exported is far more than a pipe holds; the reader closes at once.
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .arg("--db")
        .arg(&db)
        .args(["catalog", "export", "-"])
        .env("ZHIFA_CONFIG", "/nonexistent/zhifa-test/config.toml")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(141), "as a shell reports a closed pipe");
    assert!(!stderr(&out).contains("panicked"), "no panic message: {}", stderr(&out));
}

#[test]
fn a_backup_made_by_an_earlier_zhifa_is_restored_up_to_date_and_verified() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let backup = dir.path().join("old.db");
    ok(&zhifa(&db, &["backup", backup.to_str().expect("utf-8")]));
    // As the zhifa before the last migration (the item a complaint concerns, db/0020) left it:
    // no item columns, its trigger, and the reports' ticket index as db/0019 made it.
    let conn = Connection::open(&backup).expect("raw");
    let latest: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    let older = latest - 1;
    conn.execute_batch(&format!(
        "DROP TRIGGER ticket_items_are_fixed; DROP INDEX tickets_for_reports;
         ALTER TABLE tickets DROP COLUMN item_version; ALTER TABLE tickets DROP COLUMN item_code;
         ALTER TABLE tickets DROP COLUMN item_domain;
         CREATE INDEX tickets_for_reports
             ON tickets (received_at, team_code, channel, reply_due, status, duplicate_of);
         PRAGMA user_version = {older};"
    ))
    .expect("older schema");
    drop(conn);
    let refused = verify_backup(&backup).expect_err("verify needs this schema");
    assert!(refused.to_string().contains(&format!("schema version {older}")), "{refused}");

    let restored = dir.path().join("restored.db");
    let out = zhifa(
        &db,
        &["restore", backup.to_str().expect("utf-8"), "--to", restored.to_str().expect("utf-8")],
    );
    ok(&out);
    let conn = Connection::open(&restored).expect("raw");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("version");
    assert!(version > older, "brought up to date: {version}");
    drop(conn);
    let report = json(&zhifa(&restored, &["verify", "--json"]));
    assert_eq!(report["ok"], true, "{report}");
}
