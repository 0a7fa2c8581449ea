//! Stations and the centre (issue 14, docs/CENTRAL.md): `zhifa sync` pushes a station's events
//! to a real PostgreSQL server of the test's own, and the faults the issue names are tried on
//! it — the push cut (process killed, server stopped mid-push), the same push twice, two
//! stations claiming one code, a copy pushing under another code, a station restored from an
//! older backup, a pushed event rewritten, clocks that disagree. After each: every event the
//! centre acknowledged is there exactly once, and each station's chain verifies there.

mod common;

use common::pg::{local_events, PgServer};
use common::{hotline_feed, json, ok, zhifa_at, zhifa_with_stdin};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use zhifa::store::Signable;

const ADMIN: (&str, &str) = ("QJ0001", "demo-admin-2026\n");
const OFFICER: (&str, &str) = ("QJ1001", "100100\n");

fn as_who(db: &Path, who: (&str, &str), args: &[&str]) -> Output {
    let mut all = vec!["--as", who.0, "--password-stdin"];
    all.extend_from_slice(args);
    zhifa_with_stdin(db, &all, who.1)
}

/// `zhifa --db DB --central URL ARGS`.
fn with_centre(db: &Path, url: &str, args: &[&str]) -> Output {
    let mut all = vec!["--central", url];
    all.extend_from_slice(args);
    zhifa_with_stdin(db, &all, "")
}

/// A demo station database with code `code`.
fn station(dir: &Path, file: &str, code: &str) -> PathBuf {
    let db = dir.join(file);
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    ok(&as_who(&db, ADMIN, &["station", "set", code, &format!("{code} 中队站")]));
    db
}

/// `tickets` complaints taken in from a 12345 feed (one event each), numbered from `first`.
fn take_in(db: &Path, first: usize, tickets: usize) {
    let mut feed = String::from("工单编号,来源渠道,受理时间,事发地址,诉求内容,办理时限\n");
    for i in first..first + tickets {
        feed.push_str(&format!(
            "QJ2026{i:06},12345热线,2026-11-23 09:15,青溪路{i}号,楼下烧烤油烟扰民,2026-11-26\n"
        ));
    }
    let file = db.with_extension(format!("feed{first}.csv"));
    std::fs::write(&file, feed).expect("feed");
    ok(&as_who(db, OFFICER, &["ticket", "import", file.to_str().expect("utf-8")]));
}

fn centre(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("connect to the centre")
}

/// (events held, distinct seqs, head recorded) of a station at the centre.
fn held(url: &str, code: &str) -> (i64, i64, i64) {
    let mut c = centre(url);
    let row = c
        .query_one(
            "SELECT count(*), count(DISTINCT seq), coalesce(max(s.head_seq), 0)
             FROM stations s LEFT JOIN events e ON e.station = s.code WHERE s.code = $1",
            &[&code],
        )
        .expect("count");
    (row.get(0), row.get(1), row.get(2))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn verified_at_centre(url: &str) -> serde_json::Value {
    json(&with_centre(Path::new("/nonexistent.db"), url, &["central", "verify", "--json"]))
}

#[test]
fn a_push_sends_each_event_once_and_the_centre_verifies_the_chain() {
    let Some(pg) = PgServer::start("a_push_sends_each_event_once") else { return };
    let url = pg.database("once");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path(), "gx.db", "GX");
    take_in(&db, 0, 300);

    let first = json(&with_centre(&db, &url, &["sync", "--batch", "70", "--json"]));
    let count = local_events(&db);
    assert_eq!(first["pushed"], count, "{first}");
    assert_eq!(first["batches"], (count + 69) / 70, "{first}");
    assert_eq!(held(&url, "GX"), (count, count, count));

    // The same push again changes nothing.
    let again = json(&with_centre(&db, &url, &["sync", "--json"]));
    assert_eq!(again["pushed"], 0, "{again}");
    assert_eq!(held(&url, "GX"), (count, count, count));

    // New work goes on the next push, after what is there.
    take_in(&db, 300, 5);
    let more = json(&with_centre(&db, &url, &["sync", "--json"]));
    assert_eq!(more["pushed"], local_events(&db) - count, "{more}");
    let local_head = json(&zhifa_with_stdin(&db, &["verify", "--json"], ""))["head_hash"].clone();
    assert_eq!(more["head_hash"], local_head, "the centre's head is the file's");

    let checked = verified_at_centre(&url);
    assert_eq!(checked["ok"], true, "{checked}");
    assert_eq!(checked["stations"][0]["events"], local_events(&db));
    // The demo's officers sign their events: the ticket imports are not among the unsigned.
    assert!(checked["stations"][0]["unsigned"].get("QJ1001").is_none(), "{checked}");
}

#[test]
fn what_the_centre_received_cannot_be_changed_there() {
    let Some(pg) = PgServer::start("what_the_centre_received_cannot_be_changed") else { return };
    let url = pg.database("appendonly");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path(), "gx.db", "GX");
    ok(&with_centre(&db, &url, &["sync"]));
    let mut c = centre(&url);
    for sql in [
        "UPDATE events SET payload = '{}' WHERE seq = 2",
        "DELETE FROM events WHERE seq = 2",
        "TRUNCATE events CASCADE",
        "UPDATE stations SET head_seq = 1",
    ] {
        let refused = c.batch_execute(sql).expect_err(sql);
        assert!(refused.to_string().contains("db error"), "{sql}: {refused}");
    }
    assert_eq!(verified_at_centre(&url)["ok"], true);
}

#[test]
fn two_stations_cannot_claim_one_code_nor_one_history_two_codes() {
    let Some(pg) = PgServer::start("two_stations_cannot_claim_one_code") else { return };
    let url = pg.database("claims");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    ok(&with_centre(&gx, &url, &["sync"]));
    let before = held(&url, "GX");

    // Another database given the same code.
    let other = station(dir.path(), "other.db", "GX");
    let out = with_centre(&other, &url, &["sync"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("站点编码 GX 在中心已被另一个数据库使用"), "{}", stderr(&out));
    assert_eq!(held(&url, "GX"), before, "nothing of the other database reached GX");

    // A copy of one database (made before its code was given) under another code.
    let blank = dir.path().join("blank.db");
    ok(&zhifa_with_stdin(&blank, &["demo"], ""));
    let copy = dir.path().join("copy.db");
    std::fs::copy(&blank, &copy).expect("copy");
    ok(&as_who(&blank, ADMIN, &["station", "set", "QX", "青溪"]));
    ok(&as_who(&copy, ADMIN, &["station", "set", "QX-2", "青溪二"]));
    ok(&with_centre(&blank, &url, &["sync"]));
    let out = with_centre(&copy, &url, &["--lang", "en", "sync"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("already at the centre as station QX"), "{}", stderr(&out));
    let mut c = centre(&url);
    let codes: i64 = c.query_one("SELECT count(*) FROM stations", &[]).expect("n").get(0);
    assert_eq!(codes, 2, "GX and QX only");
}

#[test]
fn a_station_restored_from_an_older_backup_is_told_and_loses_nothing() {
    let Some(pg) = PgServer::start("a_station_restored_from_an_older_backup") else { return };
    let url = pg.database("restored");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path(), "gx.db", "GX");
    let backup = dir.path().join("monday.db");
    ok(&zhifa_with_stdin(&db, &["backup", backup.to_str().expect("utf-8")], ""));
    take_in(&db, 0, 20);
    ok(&with_centre(&db, &url, &["sync"]));
    let pushed = held(&url, "GX");

    let restored = dir.path().join("restored.db");
    let args =
        ["restore", backup.to_str().expect("utf-8"), "--to", restored.to_str().expect("utf-8")];
    ok(&zhifa_with_stdin(&db, &args, ""));
    let out = with_centre(&restored, &url, &["sync"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains(&format!("比中心所存（至第 {} 条）更早的备份恢复", pushed.0)), "{said}");
    assert!(said.contains("没有丢失"), "{said}");

    // A file copied back from before the push (no restore recorded): a prefix of what was pushed.
    let copied = dir.path().join("copied.db");
    std::fs::copy(&backup, &copied).expect("copy");
    let out = with_centre(&copied, &url, &["--lang", "en", "sync"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains(&format!("the centre holds events up to {}", pushed.0)), "{said}");
    assert!(said.contains("nothing is lost"), "{said}");
    assert_eq!(held(&url, "GX"), pushed, "the centre keeps all it had");
    assert_eq!(verified_at_centre(&url)["ok"], true);
}

/// Rewrites event `seq`'s payload and every hash from it on, as someone who can write the file
/// and knows how the chain is made would.
fn rewrite_history(db: &Path, seq: i64) {
    let conn = Connection::open(db).expect("raw");
    conn.execute_batch("DROP TRIGGER events_are_append_only_update").expect("drop trigger");
    let store = zhifa::store::Store::open_read_only(db).expect("store");
    let rows = store.events(seq - 2, usize::MAX).expect("events");
    drop(store);
    let mut prev = rows[0].hash.clone();
    for mut event in rows.into_iter().skip(1) {
        if event.seq == seq {
            event.payload = event.payload.replacen('{', "{\"forged\":true,", 1);
        }
        event.prev_hash = prev;
        event.hash = event.compute_hash();
        conn.execute(
            "UPDATE events SET payload = ?2, prev_hash = ?3, hash = ?4 WHERE seq = ?1",
            rusqlite::params![event.seq, event.payload, event.prev_hash, event.hash],
        )
        .expect("rewrite");
        prev = event.hash;
    }
}

#[test]
fn a_station_that_rewrote_pushed_history_is_refused_at_the_first_event_that_differs() {
    let Some(pg) = PgServer::start("a_station_that_rewrote_pushed_history") else { return };
    let url = pg.database("rewritten");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path(), "gx.db", "GX");
    take_in(&db, 0, 40);
    ok(&with_centre(&db, &url, &["sync"]));
    let pushed = held(&url, "GX");
    take_in(&db, 40, 3);
    rewrite_history(&db, 17);

    let out = with_centre(&db, &url, &["sync"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("第 17 条事件与中心已收到的不同"), "{}", stderr(&out));
    assert_eq!(held(&url, "GX"), pushed, "nothing pushed after the refusal");
    assert_eq!(verified_at_centre(&url)["ok"], true, "the centre holds the history as pushed");
}

#[test]
fn unpushed_events_that_do_not_verify_are_not_pushed() {
    let Some(pg) = PgServer::start("unpushed_events_that_do_not_verify") else { return };
    let url = pg.database("unverified");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path(), "gx.db", "GX");
    ok(&with_centre(&db, &url, &["sync"]));
    let pushed = held(&url, "GX");
    take_in(&db, 0, 10);
    rewrite_history(&db, pushed.0 + 4);

    let out = with_centre(&db, &url, &["--lang", "en", "sync"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("does not verify"), "{}", stderr(&out));
    assert_eq!(held(&url, "GX"), pushed);
}

/// Runs `zhifa sync --batch N` in the background.
fn sync_in_background(db: &Path, url: &str, batch: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .args(["--db", db.to_str().expect("utf-8"), "--central", url, "sync", "--batch", batch])
        .env("ZHIFA_CONFIG", "/nonexistent/zhifa-test/config.toml")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zhifa sync")
}

/// Waits until the centre holds some but not all of `total` events of GX; false if the push
/// ended first.
fn midway(url: &str, total: i64, child: &mut std::process::Child) -> bool {
    let started = Instant::now();
    let mut c = centre(url);
    while started.elapsed() < Duration::from_secs(60) {
        if child.try_wait().expect("wait").is_some() {
            return false;
        }
        // Before the push's first transaction the centre may not even have its tables yet.
        let head: Option<i64> = c
            .query_opt("SELECT head_seq FROM stations WHERE code = 'GX'", &[])
            .ok()
            .flatten()
            .map(|r| r.get(0));
        if head.is_some_and(|h| h > 0 && h < total) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

/// A station with 6,000 complaints taken in, its push running in small batches and caught with
/// some but not all of its events at the centre (`cut`: false when the push ended first).
struct Midway {
    url: String,
    db: PathBuf,
    total: i64,
    child: std::process::Child,
    cut: bool,
}

fn push_midway(pg: &PgServer, dir: &Path, database: &str) -> Midway {
    let url = pg.database(database);
    let db = station(dir, "gx.db", "GX");
    take_in(&db, 0, 6000);
    let total = local_events(&db);
    let mut child = sync_in_background(&db, &url, "40");
    let cut = midway(&url, total, &mut child);
    Midway { url, db, total, child, cut }
}

#[test]
fn a_push_killed_midway_resumes_and_every_event_is_there_once() {
    let Some(pg) = PgServer::start("a_push_killed_midway_resumes") else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let Midway { url, db, total, mut child, cut } = push_midway(&pg, dir.path(), "killed");
    let _ = child.kill();
    let _ = child.wait();
    let (held_then, ..) = held(&url, "GX");
    eprintln!("killed with {held_then} of {total} at the centre (midway: {cut})");

    ok(&with_centre(&db, &url, &["sync"]));
    assert_eq!(held(&url, "GX"), (total, total, total));
    assert_eq!(verified_at_centre(&url)["ok"], true);
}

#[test]
fn a_server_stopped_mid_push_is_a_clear_failure_and_the_next_push_completes() {
    let Some(pg) = PgServer::start("a_server_stopped_mid_push") else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let Midway { url, db, total, child, cut } = push_midway(&pg, dir.path(), "stopped");
    pg.stop_now();
    let out = child.wait_with_output().expect("wait");
    if cut {
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("中心数据库"), "{}", stderr(&out));
    }
    let refused = with_centre(&db, &url, &["sync"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("无法连接中心数据库"), "{}", stderr(&refused));

    pg.start_again();
    ok(&with_centre(&db, &url, &["sync"]));
    assert_eq!(held(&url, "GX"), (total, total, total));
    assert_eq!(verified_at_centre(&url)["ok"], true);
}

#[test]
fn stations_whose_clocks_disagree_push_as_they_recorded() {
    let Some(pg) = PgServer::start("stations_whose_clocks_disagree") else { return };
    let url = pg.database("clocks");
    let dir = tempfile::tempdir().expect("tmp");
    // zhifa_with_stdin sets the test clock at 2026-11-24; this station's clock runs years ahead.
    let ahead = dir.path().join("ahead.db");
    let run_ahead =
        |args: &[&str], stdin: &str| zhifa_at(&ahead, "2027-06-01T08:00:00+08:00", args, stdin);
    ok(&run_ahead(&["demo"], ""));
    ok(&run_ahead(
        &["--as", ADMIN.0, "--password-stdin", "station", "set", "AH", "快钟站"],
        ADMIN.1,
    ));
    let behind = station(dir.path(), "behind.db", "BH");
    ok(&run_ahead(&["--central", &url, "sync"], ""));
    ok(&with_centre(&behind, &url, &["sync"]));

    let mut c = centre(&url);
    let row = c
        .query_one(
            "SELECT max(at) FILTER (WHERE station = 'AH'), max(at) FILTER (WHERE station = 'BH'),
                    bool_and(received_at < now() + interval '1 minute')
             FROM events",
            &[],
        )
        .expect("times");
    let (ah, bh, received): (String, String, bool) = (row.get(0), row.get(1), row.get(2));
    assert!(ah.starts_with("2027-06-01"), "kept as the station recorded it: {ah}");
    assert!(bh.starts_with("2026-11-24"), "{bh}");
    assert!(received, "received_at is the centre's own clock");
    assert_eq!(verified_at_centre(&url)["ok"], true);
}

#[test]
fn the_centres_password_is_never_printed() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    ok(&as_who(&db, ADMIN, &["station", "set", "GX", "高新"]));
    // Nothing listens on port 1.
    let url = "postgres://zhifa:Secret-Pw-42@127.0.0.1:1/bureau";
    let out = with_centre(&db, url, &["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let said = format!("{}{}", stderr(&out), String::from_utf8_lossy(&out.stdout));
    assert!(said.contains("postgres://zhifa:***@127.0.0.1:1/bureau"), "{said}");
    assert!(!said.contains("Secret-Pw-42"), "{said}");
    let conn = Connection::open(&db).expect("raw");
    let leaked: i64 = conn
        .query_row("SELECT count(*) FROM events WHERE instr(payload, 'Secret-Pw-42')", [], |r| {
            r.get(0)
        })
        .expect("search");
    assert_eq!(leaked, 0);
    // Without a centre, sync says how to give one and exits 2.
    let out = zhifa_with_stdin(&db, &["sync"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ZHIFA_CENTRAL"), "{}", stderr(&out));
}

#[test]
fn the_bureau_reads_every_stations_overdue_cases_at_the_centre() {
    let Some(pg) = PgServer::start("the_bureau_reads_every_stations_overdue_cases") else { return };
    let url = pg.database("overdue");
    let dir = tempfile::tempdir().expect("tmp");
    let stations =
        [("GX", station(dir.path(), "gx.db", "GX")), ("QJ", station(dir.path(), "qj.db", "QJ"))];
    let mut expected = Vec::new();
    for (code, db) in &stations {
        ok(&with_centre(db, &url, &["sync"]));
        let local = json(&zhifa_with_stdin(db, &["case", "list", "--overdue", "--json"], ""));
        for line in local.as_array().expect("array") {
            expected.push((
                code.to_string(),
                line["id"].as_i64().expect("id"),
                line["number"].clone(),
            ));
        }
    }
    assert!(expected.len() >= 2, "the demo has overdue cases: {expected:?}");

    let nowhere = Path::new("/nonexistent/station.db");
    let central = json(&with_centre(nowhere, &url, &["case", "list", "--overdue", "--json"]));
    let found: Vec<(String, i64, serde_json::Value)> = central
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            assert!(c["days_overdue"].as_i64().is_some() || c["uncounted"] == true, "{c}");
            (
                c["station"].as_str().expect("station").to_string(),
                c["case_id"].as_i64().expect("id"),
                c["number"].clone(),
            )
        })
        .collect();
    expected.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    assert_eq!(found, expected, "the centre lists what each station lists");

    // All open cases, and the table in both languages.
    let all = json(&with_centre(nowhere, &url, &["case", "list", "--json"]));
    assert!(all.as_array().expect("array").len() > found.len());
    let table = ok(&with_centre(nowhere, &url, &["case", "list", "--overdue"]));
    assert!(table.contains("站点") && table.contains("⚠逾期"), "{table}");
    let english = ok(&with_centre(nowhere, &url, &["--lang", "en", "case", "list", "--overdue"]));
    assert!(english.contains("station") && english.contains("d late"), "{english}");
    // Filters the centre cannot apply are refused, not ignored.
    let out = with_centre(nowhere, &url, &["case", "list", "--officer", "QJ1001"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_stations_case_numbers_carry_its_code() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    let before = json(&zhifa_with_stdin(&db, &["case", "list", "--json"], ""));
    let numbered: Vec<&str> =
        before.as_array().expect("array").iter().filter_map(|c| c["number"].as_str()).collect();
    assert!(numbered.iter().all(|n| n.starts_with("〔2026〕综执罚字第")), "{numbered:?}");

    ok(&as_who(&db, ADMIN, &["station", "set", "GX", "高新"]));
    let lead = before.as_array().expect("array").iter().find(|c| c["number"].is_null());
    let id = lead.expect("the demo has an unfiled lead")["id"].to_string();
    ok(&as_who(&db, OFFICER, &["case", "step", &id, "request-filing"]));
    let head = ("QJ0100", "010100\n");
    let filed =
        ok(&as_who(&db, head, &["case", "step", &id, "approve-filing", "--set", "on=2026-11-24"]));
    let number = format!("〔2026〕GX综执罚字第{}号", numbered.len() + 1);
    assert!(filed.contains(&number), "{filed}");
    let verified = json(&zhifa_with_stdin(&db, &["verify", "--json"], ""));
    assert_eq!(verified["ok"], true, "{verified}");
}

#[test]
fn the_centre_itself_refuses_an_event_that_is_not_what_its_hash_says() {
    let Some(pg) = PgServer::start("the_centre_itself_refuses") else { return };
    let url = pg.database("forged");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path(), "gx.db", "GX");
    ok(&with_centre(&db, &url, &["sync"]));
    let (count, ..) = held(&url, "GX");
    let mut c = centre(&url);
    let last = c
        .query_one("SELECT hash FROM events WHERE station = 'GX' AND seq = $1", &[&count])
        .expect("head");
    let prev: String = last.get(0);
    // Someone with the centre's password, not going through zhifa: a made-up admin account.
    let mut forged = zhifa::store::EventRecord {
        seq: count + 1,
        at: "2026-11-24T02:00:00.000000Z".into(),
        actor: "QJ0001".into(),
        terminal: "pts/9".into(),
        pid: 1,
        kind: "officer.add".into(),
        payload: r#"{"badge":"X9","role":"admin"}"#.into(),
        prev_hash: prev.clone(),
        hash: "0".repeat(64),
        signature: None,
    };
    let insert = "INSERT INTO events (station, seq, at, actor, terminal, pid, kind, payload, \
                  prev_hash, hash) VALUES ('GX', $1, $2, $3, $4, $5, $6, $7, $8, $9)";
    let attempt = |c: &mut postgres::Client, e: &zhifa::store::EventRecord| {
        c.execute(
            insert,
            &[
                &e.seq,
                &e.at,
                &e.actor,
                &e.terminal,
                &e.pid,
                &e.kind,
                &e.payload,
                &e.prev_hash,
                &e.hash,
            ],
        )
    };
    let refused = attempt(&mut c, &forged).expect_err("a wrong hash");
    assert!(format!("{refused:?}").contains(&format!("event {}", count + 1)), "{refused:?}");
    // Its hash right, but not following the event before.
    forged.prev_hash = "1".repeat(64);
    forged.hash = forged.compute_hash();
    assert!(attempt(&mut c, &forged).is_err(), "a broken link");
    // The patterns of 0001 are gone (0008): what they kept out is still refused, by the check
    // of the hash and the link. The right hash in capitals; the right link in capitals.
    forged.prev_hash = prev.clone();
    forged.hash = forged.compute_hash().to_uppercase();
    assert!(attempt(&mut c, &forged).is_err(), "a hash not as the centre writes it");
    forged.prev_hash = prev.to_uppercase();
    forged.hash = forged.compute_hash();
    assert!(attempt(&mut c, &forged).is_err(), "a link not as the centre writes it");
    // Hash and link right (the forger knows how the chain is made): the centre takes it, and
    // `central verify` names it, unsigned by its author.
    forged.prev_hash = prev;
    forged.hash = forged.compute_hash();
    attempt(&mut c, &forged).expect("a well-made event");
    let out = with_centre(Path::new("/nonexistent.db"), &url, &["central", "verify", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(checked["ok"], false, "{checked}");
    let problems = checked["stations"][0]["problems"].to_string();
    assert!(problems.contains(&(count + 1).to_string()), "{problems}");
}

fn ticket_numbers(db: &Path) -> Vec<String> {
    let list = json(&zhifa_with_stdin(db, &["ticket", "list", "--json"], ""));
    list.as_array()
        .expect("array")
        .iter()
        .filter_map(|t| t["number"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn complaints_dispatched_at_the_centre_reach_their_station_once() {
    let Some(pg) = PgServer::start("complaints_dispatched_at_the_centre") else { return };
    let url = pg.database("dispatch");
    let dir = tempfile::tempdir().expect("tmp");
    let (gx, qj) = (station(dir.path(), "gx.db", "GX"), station(dir.path(), "qj.db", "QJ"));
    let nowhere = Path::new("/nonexistent/station.db");
    let file = hotline_feed(dir.path(), "desk.csv", &["D2026-0001", "D2026-0002"]);
    let file = file.to_str().expect("utf-8");

    // A station the centre has never heard from has nowhere to receive them.
    let out = with_centre(nowhere, &url, &["central", "dispatch", "--station", "GX", file]);
    assert!(!out.status.success(), "dispatched to an unknown station");
    ok(&with_centre(&gx, &url, &["sync"]));
    ok(&with_centre(&qj, &url, &["sync"]));
    let sent = json(&with_centre(
        nowhere,
        &url,
        &["central", "dispatch", "--station", "GX", file, "--json"],
    ));
    assert_eq!(sent["dispatched"].as_array().map(Vec::len), Some(2), "{sent}");
    // The same feed again is skipped, not sent twice.
    let again = json(&with_centre(
        nowhere,
        &url,
        &["central", "dispatch", "--station", "GX", file, "--json"],
    ));
    assert_eq!(
        (again["dispatched"].as_array().map(Vec::len), again["already"].as_array().map(Vec::len)),
        (Some(0), Some(2))
    );

    // Synced by the OS user (a cron job), the station is told they wait and takes nothing.
    let told = json(&with_centre(&gx, &url, &["sync", "--json"]));
    assert_eq!(
        (told["tickets"]["waiting"].as_i64(), told["tickets"]["pulled"].is_null()),
        (Some(2), true),
        "{told}"
    );
    assert!(!ticket_numbers(&gx).iter().any(|n| n.starts_with("D2026")));
    let said = ok(&with_centre(&gx, &url, &["sync"]));
    assert!(said.contains("中心派发的投诉举报 2 件待接收"), "{said}");

    // Synced by an officer, the station takes them in, once; the other station gets none.
    let synced = json(&as_who(&gx, OFFICER, &["--central", &url, "sync", "--json"]));
    assert_eq!(
        synced["tickets"]["pulled"]["taken_in"].as_array().map(Vec::len),
        Some(2),
        "{synced}"
    );
    assert_eq!(synced["tickets"]["waiting"], 0, "{synced}");
    let numbers = ticket_numbers(&gx);
    assert!(
        numbers.contains(&"D2026-0001".to_string()) && numbers.contains(&"D2026-0002".to_string())
    );
    assert!(!ticket_numbers(&qj).iter().any(|n| n.starts_with("D2026")));
    let once = json(&as_who(&gx, OFFICER, &["--central", &url, "sync", "--json"]));
    assert_eq!(once["tickets"]["pulled"]["taken_in"].as_array().map(Vec::len), Some(0), "{once}");
    assert_eq!(ticket_numbers(&gx).iter().filter(|n| n.starts_with("D2026")).count(), 2);

    // The centre knows which ticket each became, and that is final.
    let mut c = centre(&url);
    let rows = c
        .query("SELECT local_id FROM dispatched_tickets WHERE station = 'GX' ORDER BY id", &[])
        .expect("rows");
    let local: Vec<Option<i64>> = rows.iter().map(|r| r.get(0)).collect();
    assert!(local.iter().all(Option::is_some), "{local:?}");
    let changed =
        c.execute("UPDATE dispatched_tickets SET content = 'x' WHERE station = 'GX'", &[]);
    assert!(changed.is_err(), "a delivered ticket was changed at the centre");
    assert!(c.execute("DELETE FROM dispatched_tickets", &[]).is_err());
    // What the station took in is its own record: it verifies, and its events reach the centre.
    ok(&zhifa_with_stdin(&gx, &["verify"], ""));
    ok(&with_centre(&gx, &url, &["sync"]));
    assert_eq!(verified_at_centre(&url)["ok"], true);
}

#[test]
fn a_ticket_taken_in_before_the_centre_heard_back_is_only_marked_delivered() {
    let Some(pg) = PgServer::start("a_ticket_taken_in_before_the_centre_heard") else { return };
    let url = pg.database("cut");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    ok(&with_centre(&gx, &url, &["sync"]));
    let file = hotline_feed(dir.path(), "desk.csv", &["D2026-0009"]);
    let file = file.to_str().expect("utf-8");
    ok(&with_centre(
        Path::new("/nonexistent.db"),
        &url,
        &["central", "dispatch", "--station", "GX", file],
    ));
    // The same ticket reached the station another way first (its own feed import): a sync cut
    // after the take-in and before the centre was told looks the same.
    ok(&as_who(&gx, OFFICER, &["ticket", "import", file]));
    let synced = json(&as_who(&gx, OFFICER, &["--central", &url, "sync", "--json"]));
    assert_eq!(
        synced["tickets"]["pulled"]["already"],
        serde_json::json!(["D2026-0009"]),
        "{synced}"
    );
    assert_eq!(ticket_numbers(&gx).iter().filter(|n| *n == "D2026-0009").count(), 1);
    assert_eq!(synced["tickets"]["waiting"], 0);
}

// Catalog versions a city admin publishes at the centre, taken in by every station on its sync
// (docs/CENTRAL.md, "Catalogs handed down").

/// A demo catalog file shipped with zhifa (canonical JSON).
fn demo_catalog(n: u8) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("db/demo/catalog-v{n}.json"))
}

/// `zhifa --as BADGE --central URL central catalog publish FILE --label L --effective D`.
fn publish(db: &Path, url: &str, who: (&str, &str), file: &Path, label: &str, day: &str) -> Output {
    let file = file.to_str().expect("utf-8");
    as_who(
        db,
        who,
        &[
            "--central",
            url,
            "central",
            "catalog",
            "publish",
            file,
            "--label",
            label,
            "--effective",
            day,
        ],
    )
}

/// `zhifa sync --json` with the clock at `now`.
fn sync_at(db: &Path, url: &str, now: &str) -> serde_json::Value {
    json(&zhifa_at(db, now, &["--central", url, "sync", "--json"], ""))
}

/// The station's version labelled `label` on the day of `now`, as `catalog versions --json` shows it.
fn version_at(db: &Path, now: &str, label: &str) -> Option<serde_json::Value> {
    let versions = json(&zhifa_at(db, now, &["catalog", "versions", "--json"], ""));
    versions.as_array().expect("versions").iter().find(|v| v["label"] == label).cloned()
}

fn verifies(db: &Path) -> serde_json::Value {
    let checked = json(&zhifa_with_stdin(db, &["verify", "--json"], ""));
    assert_eq!(checked["ok"], true, "{checked}");
    checked
}

/// The events of kind `kind` in a station's file, as (actor, payload).
fn events_of(db: &Path, kind: &str) -> Vec<(String, serde_json::Value)> {
    let conn = Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare("SELECT actor, payload FROM events WHERE kind = ?1 ORDER BY seq")
        .expect("sql");
    let rows = stmt
        .query_map([kind], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .expect("query");
    rows.map(|r| {
        let (actor, payload) = r.expect("row");
        (actor, serde_json::from_str(&payload).expect("payload"))
    })
    .collect()
}

#[test]
fn a_catalog_published_at_the_centre_reaches_every_station_and_switches_on_its_date() {
    let Some(pg) = PgServer::start("a_catalog_published_reaches_every_station") else { return };
    let url = pg.database("catalogs");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let bj = station(dir.path(), "bj.db", "BJ");

    // A city admin publishes, at their station GX, a version in force from 1 December.
    let out = publish(&gx, &url, ADMIN, &demo_catalog(2), "2027年版", "2026-12-01");
    assert!(ok(&out).contains("已在中心发布目录版本 2027年版"), "{}", ok(&out));
    let listed = json(&with_centre(&gx, &url, &["central", "catalog", "list", "--json"]));
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["published_by"], "QJ0001");
    assert_eq!(listed[0]["published_station"], "GX");
    assert_eq!(listed[0]["effective"], "2026-12-01");

    // GX syncs on 24 November: it holds the version, scheduled, recorded under the publisher.
    let synced = sync_at(&gx, &url, "2026-11-24T10:00:00+08:00");
    assert_eq!(synced["catalogs"]["taken_in"][0]["label"], "2027年版", "{synced}");
    let held = version_at(&gx, "2026-11-24T10:00:00+08:00", "2027年版").expect("held");
    assert_eq!(held["status"], "scheduled", "{held}");
    assert_eq!(held["imported_by"], "centre:GX/QJ0001", "{held}");
    assert_eq!(held["source_name"], "catalog-v2.json", "{held}");
    // Not in force before its date, in force from it.
    assert_eq!(
        version_at(&gx, "2026-11-30T23:00:00+08:00", "2026年上半年版").expect("v2")["status"],
        "in_force"
    );
    assert_eq!(
        version_at(&gx, "2026-12-01T08:00:00+08:00", "2027年版").expect("v")["status"],
        "in_force"
    );

    // BJ syncs only on 3 December, after the date: it takes the version in on the city's date.
    let late = sync_at(&bj, &url, "2026-12-03T09:00:00+08:00");
    assert_eq!(late["catalogs"]["taken_in"][0]["effective"], "2026-12-01", "{late}");
    let at_bj = version_at(&bj, "2026-12-03T09:00:00+08:00", "2027年版").expect("held at BJ");
    assert_eq!(at_bj["status"], "in_force", "{at_bj}");
    assert_eq!(at_bj["effective"], "2026-12-01");
    assert_eq!(at_bj["items"], held["items"]);

    // Each station replays the import from its event, which states the publication.
    for db in [&gx, &bj] {
        verifies(db);
        let imports = events_of(db, "catalog.import");
        let from_centre: Vec<_> =
            imports.iter().filter(|(a, _)| a.starts_with("centre:")).collect();
        assert_eq!(from_centre.len(), 1, "{imports:?}");
        let (actor, payload) = from_centre[0];
        assert_eq!(actor, "centre:GX/QJ0001");
        assert_eq!(payload["published"]["station"], "GX");
        assert_eq!(payload["published"]["sha256"], listed[0]["sha256"]);
    }

    // Syncing again takes in nothing more; the take-in event went to the centre, which verifies.
    for (db, now) in [(&gx, "2026-11-24T11:00:00+08:00"), (&bj, "2026-12-03T10:00:00+08:00")] {
        let again = sync_at(db, &url, now);
        assert_eq!(again["catalogs"]["taken_in"], serde_json::json!([]), "{again}");
        assert_eq!(again["catalogs"]["not_taken"], serde_json::json!([]), "{again}");
        assert_eq!(
            events_of(db, "catalog.import")
                .iter()
                .filter(|(a, _)| a.starts_with("centre:"))
                .count(),
            1
        );
        assert!(again["pushed"].as_i64().expect("pushed") >= 1, "{again}");
    }
    let checked = verified_at_centre(&url);
    assert_eq!(checked["ok"], true, "{checked}");
    assert_eq!(checked["stations"][0]["unsigned"]["centre:GX/QJ0001"], 1, "{checked}");

    // Published is final at the centre.
    let mut c = centre(&url);
    for sql in [
        "UPDATE published_catalogs SET effective = '2026-12-02'",
        "DELETE FROM published_catalogs",
        "TRUNCATE published_catalogs",
    ] {
        assert!(c.batch_execute(sql).is_err(), "{sql}");
    }
}

#[test]
fn publishing_refuses_a_file_with_problems_a_label_or_date_taken_and_a_non_admin() {
    let Some(pg) = PgServer::start("publishing_refuses") else { return };
    let url = pg.database("publishing");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let count = || {
        json(&with_centre(&gx, &url, &["central", "catalog", "list", "--json"]))
            .as_array()
            .map_or(0, Vec::len)
    };

    // A file with one item's fine range inverted: refused with the same report, at the same
    // row, as a local import of it.
    let text = std::fs::read_to_string(demo_catalog(2)).expect("v2");
    let mut file: serde_json::Value = serde_json::from_str(&text).expect("json");
    let items = file["items"].as_array_mut().expect("items");
    // The fifth item with a fine: row N of the file is its item N.
    let row = 1 + items
        .iter()
        .enumerate()
        .filter(|(_, i)| i["fine_max"].as_i64().is_some_and(|m| m > 0))
        .nth(4)
        .expect("five fines")
        .0;
    let bad = &mut items[row - 1];
    let max = bad["fine_max"].as_i64().expect("max");
    bad["fine_min"] = (max + 1).into();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, serde_json::to_string_pretty(&file).expect("json")).expect("write");
    let local =
        as_who(&gx, ADMIN, &["catalog", "import", broken.to_str().expect("utf-8"), "--dry-run"]);
    let out = publish(&gx, &url, ADMIN, &broken, "坏文件版", "2026-12-01");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let errors = |s: &str| {
        s.lines().filter(|l| l.contains(": error:")).map(String::from).collect::<Vec<_>>()
    };
    let said = errors(&stderr(&out));
    assert_eq!(said.len(), 1, "{}", stderr(&out));
    assert!(
        said[0].contains(&format!("fine_min {} is greater than fine_max {max}", max + 1)),
        "{said:?}"
    );
    assert!(said[0].starts_with(&format!("broken.json:{row}: ")), "its row: {said:?}");
    assert_eq!(said, errors(&stderr(&local)), "the same report as an import");
    assert!(stderr(&out).contains("未发布任何内容"), "{}", stderr(&out));
    assert_eq!(count(), 0);

    // A non-admin may not publish; without --as nobody is asked.
    let out = publish(&gx, &url, OFFICER, &demo_catalog(2), "2027年版", "2026-12-01");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("QJ1001 不是管理员"), "{}", stderr(&out));
    let file2 = demo_catalog(2);
    let out = with_centre(
        &gx,
        &url,
        &[
            "central",
            "catalog",
            "publish",
            file2.to_str().expect("utf-8"),
            "--label",
            "x",
            "--effective",
            "2026-12-01",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // A date in the past.
    let out = publish(&gx, &url, ADMIN, &demo_catalog(2), "2027年版", "2026-11-01");
    assert!(stderr(&out).contains("已过"), "{}", stderr(&out));
    assert_eq!(count(), 0);

    ok(&publish(&gx, &url, ADMIN, &demo_catalog(2), "2027年版", "2026-12-01"));
    // The same label again, even on another date.
    let again = publish(&gx, &url, ADMIN, &demo_catalog(1), "2027年版", "2027-01-01");
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("已发布名为“2027年版”"), "{}", stderr(&again));
    // The same date, and an earlier one, under another label.
    for day in ["2026-12-01", "2026-11-30"] {
        let out = publish(&gx, &url, ADMIN, &demo_catalog(1), "2027年修订版", day);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("不晚于中心已发布版本“2027年版”"), "{}", stderr(&out));
    }
    // In English.
    let file1 = demo_catalog(1);
    let mut args = vec!["--lang", "en"];
    args.extend([
        "--central",
        &url,
        "central",
        "catalog",
        "publish",
        file1.to_str().expect("utf-8"),
        "--label",
        "2027年版",
        "--effective",
        "2027-02-01",
    ]);
    let english = as_who(&gx, ADMIN, &args);
    assert!(
        stderr(&english).contains("is published at the centre already"),
        "{}",
        stderr(&english)
    );
    assert_eq!(count(), 1);
}

#[test]
fn a_station_holding_another_version_under_the_label_is_told_and_left_as_it_was() {
    let Some(pg) = PgServer::start("a_station_holding_another_version") else { return };
    let url = pg.database("differs");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let bj = station(dir.path(), "bj.db", "BJ");
    // BJ loaded a catalog of its own under the label the city then publishes with other items.
    let v1 = demo_catalog(1);
    ok(&as_who(
        &bj,
        ADMIN,
        &[
            "catalog",
            "import",
            v1.to_str().expect("utf-8"),
            "--label",
            "2027年版",
            "--effective",
            "2026-12-01",
        ],
    ));
    let before = version_at(&bj, "2026-11-24T10:00:00+08:00", "2027年版").expect("own");
    ok(&publish(&gx, &url, ADMIN, &demo_catalog(2), "2027年版", "2026-12-01"));

    let out = with_centre(&bj, &url, &["sync"]);
    assert!(stderr(&out).contains("本站已有同名版本"), "{}", stderr(&out));
    assert!(stderr(&out).contains("事项与中心发布的不同"), "{}", stderr(&out));
    let synced = sync_at(&bj, &url, "2026-11-24T10:00:00+08:00");
    assert_eq!(synced["catalogs"]["not_taken"][0]["kind"], "differs", "{synced}");
    assert_eq!(synced["catalogs"]["taken_in"], serde_json::json!([]));
    assert_eq!(version_at(&bj, "2026-11-24T10:00:00+08:00", "2027年版"), Some(before));
    assert!(events_of(&bj, "catalog.import").iter().all(|(a, _)| !a.starts_with("centre:")));
    verifies(&bj);

    // A station whose own newer version starts on or after the date is told too, in English.
    let v1 = demo_catalog(1);
    let sh = station(dir.path(), "sh.db", "SH");
    ok(&as_who(
        &sh,
        ADMIN,
        &[
            "catalog",
            "import",
            v1.to_str().expect("utf-8"),
            "--label",
            "本站版",
            "--effective",
            "2026-12-15",
        ],
    ));
    let out = zhifa_with_stdin(&sh, &["--lang", "en", "--central", &url, "sync"], "");
    assert!(stderr(&out).contains("was not taken in"), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not after 2026-12-15"), "{}", stderr(&out));
    assert!(version_at(&sh, "2026-11-24T10:00:00+08:00", "2027年版").is_none());
    verifies(&sh);
}

#[test]
fn a_publication_written_by_hand_at_the_centre_that_does_not_hold_together_is_not_taken_in() {
    let Some(pg) = PgServer::start("a_publication_written_by_hand") else { return };
    let url = pg.database("byhand");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    ok(&with_centre(&gx, &url, &["central", "catalog", "list"]));
    // Rows inserted with the centre's password, not by `central catalog publish`: the text's
    // digest is right (the table checks it), the items' is not; or the publisher is no badge.
    let text = std::fs::read_to_string(demo_catalog(2)).expect("v2");
    let mut c = centre(&url);
    for (label, day, by) in
        [("手写版", "2026-12-01", "QJ0001"), ("手写版二", "2026-12-02", "QJ\u{1}01")]
    {
        let day: chrono::NaiveDate = day.parse().expect("date");
        c.execute(
            "INSERT INTO published_catalogs (label, effective, source_name, source_sha256,
                 catalog_json, sha256, items_sha256, item_count, published_by, published_station)
             VALUES ($1, $2, 'x.json', $3, $4, encode(sha256(convert_to($4, 'UTF8')), 'hex'),
                     $5, 181, $6, 'GX')",
            &[&label, &day, &"ab".repeat(32), &text, &"cd".repeat(32), &by],
        )
        .expect("insert by hand");
    }
    let synced = sync_at(&gx, &url, "2026-11-24T10:00:00+08:00");
    let not_taken = &synced["catalogs"]["not_taken"];
    assert_eq!(not_taken[0]["kind"], "damaged", "{synced}");
    assert!(
        not_taken[0]["reason"].as_str().expect("reason").contains("items' SHA-256"),
        "{synced}"
    );
    assert_eq!(not_taken[1]["kind"], "damaged", "{synced}");
    assert!(not_taken[1]["reason"].as_str().expect("reason").contains("not a badge"), "{synced}");
    assert_eq!(synced["catalogs"]["taken_in"], serde_json::json!([]));
    assert!(version_at(&gx, "2026-12-03T10:00:00+08:00", "手写版").is_none());
    let out = with_centre(&gx, &url, &["sync"]);
    assert!(stderr(&out).contains("中心所存内容与发布时不符"), "{}", stderr(&out));
    verifies(&gx);
}

/// Rewrites event `seq`'s payload to `payload` and every hash from it on.
fn rewrite_payload(db: &Path, seq: i64, payload: &str) {
    let conn = Connection::open(db).expect("raw");
    conn.execute_batch("DROP TRIGGER events_are_append_only_update").expect("drop trigger");
    let store = zhifa::store::Store::open_read_only(db).expect("store");
    let rows = store.events(seq - 2, usize::MAX).expect("events");
    drop(store);
    let mut prev = rows[0].hash.clone();
    for mut event in rows.into_iter().skip(1) {
        if event.seq == seq {
            event.payload = payload.to_string();
        }
        event.prev_hash = prev;
        event.hash = event.compute_hash();
        conn.execute(
            "UPDATE events SET payload = ?2, prev_hash = ?3, hash = ?4 WHERE seq = ?1",
            rusqlite::params![event.seq, event.payload, event.prev_hash, event.hash],
        )
        .expect("rewrite");
        prev = event.hash;
    }
}

/// A station's head at the centre `url`.
fn head_at(url: &str, code: &str) -> i64 {
    centre(url)
        .query_one("SELECT head_seq FROM stations WHERE code = $1", &[&code])
        .expect("head")
        .get(0)
}

#[test]
fn a_publication_not_signed_by_its_publisher_is_refused_with_its_reason() {
    let Some(pg) = PgServer::start("a_publication_not_signed") else { return };
    let url = pg.database("signed");
    let elsewhere = pg.database("signed_elsewhere");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let bj = station(dir.path(), "bj.db", "BJ");
    ok(&with_centre(&gx, &url, &["sync"]));

    // A version properly published at another centre gives a real signature of GX's admin.
    ok(&publish(&gx, &elsewhere, ADMIN, &demo_catalog(2), "2027年版", "2026-12-01"));
    let row = centre(&elsewhere)
        .query_one(
            "SELECT catalog_json, items_sha256, item_count, signature, signing_key, through_seq,
                    published_at, doc_no
             FROM published_catalogs",
            &[],
        )
        .expect("published elsewhere");
    let (text, items_sha256, count): (String, String, i32) = (row.get(0), row.get(1), row.get(2));
    let (signature, key, through_seq): (String, String, i64) = (row.get(3), row.get(4), row.get(5));
    let (published_at, doc_no): (std::time::SystemTime, String) = (row.get(6), row.get(7));
    assert_eq!((signature.len(), key.len()), (128, 64));

    // Rows written by hand at this centre, each whole but for its signature.
    let mut c = centre(&url);
    let insert =
        |c: &mut postgres::Client, label: &str, day: &str, signed: Option<(&str, &str, i64)>| {
            let day: chrono::NaiveDate = day.parse().expect("date");
            let (signature, key, seq) = signed.map_or((None, None, None), |(s, k, q)| {
                (Some(s.to_string()), Some(k.to_string()), Some(q))
            });
            c.execute(
            "INSERT INTO published_catalogs (label, doc_no, effective, source_name, source_sha256,
                 catalog_json, sha256, items_sha256, item_count, published_by, published_station,
                 published_at, signature, signing_key, through_seq)
             VALUES ($1, $2, $3, 'catalog-v2.json', $4, $5,
                     encode(sha256(convert_to($5, 'UTF8')), 'hex'), $6, $7, 'QJ0001', 'GX', $8,
                     $9, $10, $11)",
            &[
                &label,
                &doc_no,
                &day,
                &"ab".repeat(32),
                &text,
                &items_sha256,
                &count,
                &published_at,
                &signature,
                &key,
                &seq,
            ],
        )
        .expect("insert by hand");
        };
    // Without a signature.
    insert(&mut c, "无签名版", "2026-12-01", None);
    // Signed, over its very statement, by a key that is not QJ0001's.
    let sha256: String = c
        .query_one("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", &[&text])
        .expect("sha256")
        .get(0);
    let at: String = c
        .query_one(
            "SELECT to_char($1::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            &[&published_at],
        )
        .expect("at")
        .get(0);
    let head = head_at(&url, "GX");
    let statement = zhifa::store::PublicationStatement {
        label: "他钥版".into(),
        effective: "2026-12-02".parse().expect("date"),
        doc_no: doc_no.clone(),
        sha256,
        items_sha256: items_sha256.clone(),
        by: "QJ0001".into(),
        station: "GX".into(),
        at,
        through_seq: head,
    };
    let forger = zhifa::domain::actor::Actor::new("QJ0001", "t", 1).signing_with(Some([5; 32]));
    let forged = statement.sign(&forger).expect("signs");
    assert!(statement.signed_by(&forged.key, &forged.signature), "it verifies over itself");
    insert(&mut c, "他钥版", "2026-12-02", Some((&forged.signature, &forged.key, head)));
    // QJ0001's own signature, the effective date changed after signing.
    insert(&mut c, "2027年版", "2026-12-03", Some((&signature, &key, through_seq)));

    let synced = sync_at(&bj, &url, "2026-11-24T10:00:00+08:00");
    let not_taken = synced["catalogs"]["not_taken"].as_array().expect("not taken").clone();
    assert_eq!(not_taken.len(), 3, "{synced}");
    assert_eq!(synced["catalogs"]["taken_in"], serde_json::json!([]), "{synced}");
    let reason = |i: usize| not_taken[i]["reason"].as_str().expect("reason").to_string();
    for (i, (label, why)) in [
        ("无签名版", "carries no signature"),
        ("他钥版", "not the one station GX's account events give QJ0001"),
        ("2027年版", "does not verify over what it states"),
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(not_taken[i]["label"], *label, "{synced}");
        assert_eq!(not_taken[i]["kind"], "signature", "{synced}");
        assert!(reason(i).contains(why), "{}", reason(i));
        assert!(reason(i).contains(label), "{}", reason(i));
        assert!(version_at(&bj, "2026-12-05T10:00:00+08:00", label).is_none(), "{label}");
    }
    // In Chinese, on a plain sync, which still succeeds.
    let out = with_centre(&bj, &url, &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(said.contains("“无签名版”") && said.contains("没有发布人的签名"), "{said}");
    assert!(said.contains("不是 QJ0001 在站点 GX 的账户事件所记录的密钥"), "{said}");
    assert!(said.contains("签名与所发布的内容不符"), "{said}");

    // The admin of GX publishes properly at this centre: BJ takes it in, its event keeps the
    // signature and key, and verify checks it from the event alone.
    ok(&publish(&gx, &url, ADMIN, &demo_catalog(2), "2028年版", "2026-12-10"));
    let listed = json(&with_centre(&gx, &url, &["central", "catalog", "list", "--json"]));
    let proper = listed
        .as_array()
        .expect("listed")
        .iter()
        .find(|p| p["label"] == "2028年版")
        .expect("published")
        .clone();
    assert_eq!(proper["signing_key"], key.as_str(), "the same admin's key: {proper}");
    let synced = sync_at(&bj, &url, "2026-11-24T11:00:00+08:00");
    assert_eq!(synced["catalogs"]["taken_in"][0]["label"], "2028年版", "{synced}");
    assert_eq!(synced["catalogs"]["not_taken"].as_array().map(Vec::len), Some(3), "{synced}");
    let imports = events_of(&bj, "catalog.import");
    let (_, payload) = imports.iter().find(|(a, _)| a.starts_with("centre:")).expect("taken in");
    assert_eq!(payload["published"]["signature"], proper["signature"]);
    assert_eq!(payload["published"]["signing_key"], key.as_str());
    verifies(&bj);
}

/// A published version taken in whose kept signature no longer verifies (the event's payload
/// edited, and every hash after it recomputed as a forger with the file would) fails verify.
#[test]
fn verify_checks_the_publishers_signature_from_the_event_alone() {
    let Some(pg) = PgServer::start("verify_checks_the_publishers_signature") else { return };
    let url = pg.database("replayed");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    ok(&publish(&gx, &url, ADMIN, &demo_catalog(2), "2027年版", "2026-12-01"));
    let bj = station(dir.path(), "bj.db", "BJ");
    let synced = sync_at(&bj, &url, "2026-11-24T10:00:00+08:00");
    assert_eq!(synced["catalogs"]["taken_in"][0]["label"], "2027年版", "{synced}");
    verifies(&bj);
    // The kept key replaced by another's (hashes recomputed from that event on).
    let conn = Connection::open(&bj).expect("open");
    let (seq, payload): (i64, String) = conn
        .query_row(
            "SELECT seq, payload FROM events WHERE actor LIKE 'centre:%' AND kind = 'catalog.import'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the take-in");
    let mut edited: serde_json::Value = serde_json::from_str(&payload).expect("payload");
    let other = zhifa::domain::actor::Actor::new("x", "t", 1).signing_with(Some([6; 32]));
    let other_key = zhifa::store::password::public_key(other.signing_seed().expect("seed"));
    edited["published"]["signing_key"] = other_key.into();
    drop(conn);
    rewrite_payload(&bj, seq, &edited.to_string());
    let out = zhifa_with_stdin(&bj, &["verify", "--json"], "");
    assert!(!out.status.success(), "{}", stderr(&out));
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(checked["ok"], false, "{checked}");
    assert!(checked.to_string().contains("not signed by the key it names"), "{checked}");
}

// The working-day calendar a city admin publishes at the centre, taken in by every station on its
// sync (docs/CENTRAL.md, "The working-day calendar handed down"; deadlines in working days, 行政处罚法
// art. 85, on the State Council's arrangement, 全国年节及纪念日放假办法 art. 7).

/// 2027's arrangement as a calendar file (docs/calendar-format.md); `make_up` the 春节 make-up
/// working days.
fn calendar_2027(make_up: &[&str]) -> String {
    let work: Vec<String> = make_up.iter().map(|d| format!("\"{d}\"")).collect();
    format!(
        "year = 2027\nsource = \"国务院办公厅关于2027年部分节假日安排的通知\"\n\
         [[holidays]]\nname = \"元旦\"\noff = [\"2027-01-01..2027-01-03\"]\n\
         [[holidays]]\nname = \"春节\"\noff = [\"2027-02-05..2027-02-12\"]\nwork = [{}]\n",
        work.join(", ")
    )
}

fn calendar_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, text).expect("calendar file");
    file
}

/// `zhifa --as BADGE --central URL central calendar publish FILE`.
fn publish_calendar(db: &Path, url: &str, who: (&str, &str), file: &Path) -> Output {
    let file = file.to_str().expect("utf-8");
    as_who(db, who, &["--central", url, "central", "calendar", "publish", file])
}

fn calendars_listed(db: &Path, url: &str) -> Vec<serde_json::Value> {
    let listed = json(&with_centre(db, url, &["central", "calendar", "list", "--json"]));
    listed.as_array().expect("rows").clone()
}

/// The last working day of a party's period of `days` working days after `day` at a station.
fn party_due(db: &Path, day: &str, days: &str) -> String {
    let args = ["calendar", "add-days", day, days, "--working", "--party"];
    ok(&zhifa_with_stdin(db, &args, "")).trim().to_string()
}

/// The `calendar.import` events a station recorded under the centre.
fn calendars_from_centre(db: &Path) -> Vec<(String, serde_json::Value)> {
    events_of(db, "calendar.import").into_iter().filter(|(a, _)| a.starts_with("centre:")).collect()
}

#[test]
fn a_calendar_published_at_the_centre_reaches_every_station_and_a_correction_follows() {
    let Some(pg) = PgServer::start("a_calendar_published_reaches_every_station") else { return };
    let url = pg.database("calendars");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let bj = station(dir.path(), "bj.db", "BJ");
    // Before: 2027 is provisional (no notice), a weekend counted off for a party.
    assert_eq!(party_due(&bj, "2027-02-19", "1"), "2027-02-22（暂定）");

    let file = calendar_file(dir.path(), "2027.toml", &calendar_2027(&["2027-02-20"]));
    let out = ok(&publish_calendar(&gx, &url, ADMIN, &file));
    assert!(
        out.contains("已在中心发布 2027 年工作日安排（第 1 次发布）：放假 11 天，调休上班 1 天"),
        "{out}"
    );
    let listed = calendars_listed(&gx, &url);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!((listed[0]["year"].as_i64(), listed[0]["revision"].as_i64()), (Some(2027), Some(1)));
    assert_eq!(listed[0]["current"], true);
    assert_eq!(listed[0]["published_by"], "QJ0001");
    assert_eq!(listed[0]["signature"].as_str().map(str::len), Some(128));
    // The same days again: nothing published, and said so (a script may run it twice).
    let again = ok(&publish_calendar(&gx, &url, ADMIN, &file));
    assert!(again.contains("未重复发布"), "{again}");
    assert_eq!(calendars_listed(&gx, &url).len(), 1);

    // Both stations take it in; each counts on it, records it under the publisher, verifies.
    for db in [&gx, &bj] {
        let synced = json(&with_centre(db, &url, &["sync", "--json"]));
        let taken = &synced["calendars"]["taken_in"];
        assert_eq!(taken.as_array().map(Vec::len), Some(1), "{synced}");
        assert_eq!(
            (taken[0]["year"].as_i64(), taken[0]["revision"].as_i64()),
            (Some(2027), Some(1))
        );
        assert_eq!(taken[0]["replaced"], false);
        assert!(synced["calendars"]["moved"].is_array(), "the deadlines it moved: {synced}");
        assert_eq!(synced["calendars"]["not_taken"], serde_json::json!([]), "{synced}");
        assert_eq!(party_due(db, "2027-02-19", "1"), "2027-02-20", "the make-up Saturday works");
        let from_centre = calendars_from_centre(db);
        assert_eq!(from_centre.len(), 1, "{from_centre:?}");
        let (actor, payload) = &from_centre[0];
        assert_eq!(actor, "centre:GX/QJ0001");
        assert_eq!(payload["published"]["revision"], 1);
        assert_eq!(payload["published"]["signature"], listed[0]["signature"]);
        assert_eq!(payload["text"], calendar_2027(&["2027-02-20"]).as_str());
        verifies(db);
    }
    // A second sync takes in nothing; the take-in went to the centre, which verifies it.
    for db in [&gx, &bj] {
        let again = json(&with_centre(db, &url, &["sync", "--json"]));
        assert_eq!(again["calendars"]["taken_in"], serde_json::json!([]), "{again}");
        assert_eq!(again["calendars"]["not_taken"], serde_json::json!([]), "{again}");
        assert!(again["pushed"].as_i64().expect("pushed") >= 1, "{again}");
        assert_eq!(calendars_from_centre(db).len(), 1);
    }
    let checked = verified_at_centre(&url);
    assert_eq!(checked["ok"], true, "{checked}");
    assert_eq!(checked["stations"][0]["unsigned"]["centre:GX/QJ0001"], 1, "{checked}");

    // A correction (the State Council moves a day): publication 2 of the year, which stations
    // that took in publication 1 take in in its place.
    let corrected = calendar_2027(&["2027-02-20", "2027-02-21"]);
    let file = calendar_file(dir.path(), "2027-更正.toml", &corrected);
    let out = ok(&publish_calendar(&gx, &url, ADMIN, &file));
    assert!(out.contains("（第 2 次发布）") && out.contains("更正此前的第 1 次发布"), "{out}");
    let listed = calendars_listed(&gx, &url);
    assert_eq!(
        listed.iter().map(|r| r["current"].as_bool()).collect::<Vec<_>>(),
        [Some(false), Some(true)]
    );
    let table = ok(&with_centre(&gx, &url, &["central", "calendar", "list"]));
    assert!(
        table.contains("已更正") && table.contains("现行") && table.contains("已签名"),
        "{table}"
    );
    let out = ok(&with_centre(&bj, &url, &["sync"]));
    assert!(out.contains("已载入中心发布的 2027 年工作日安排（第 2 次发布）"), "{out}");
    assert!(out.contains("取代此前从中心载入的安排"), "{out}");
    assert!(out.contains("期限变动的在办案件："), "as `calendar import` lists them: {out}");
    assert_eq!(party_due(&bj, "2027-02-20", "1"), "2027-02-21");
    let from_centre = calendars_from_centre(&bj);
    assert_eq!(from_centre.len(), 2);
    assert_eq!(from_centre[1].1["published"]["revision"], 2);
    assert_eq!(from_centre[1].1["replaced"], true);
    verifies(&bj);
    // Publishing publication 1's days again is a correction too (a third), not a repeat.
    let back = calendar_file(dir.path(), "2027-back.toml", &calendar_2027(&["2027-02-20"]));
    assert!(ok(&publish_calendar(&gx, &url, ADMIN, &back)).contains("（第 3 次发布）"));

    // Published is final at the centre.
    let mut c = centre(&url);
    for sql in [
        "UPDATE published_calendars SET year = 2028",
        "DELETE FROM published_calendars",
        "TRUNCATE published_calendars",
    ] {
        assert!(c.batch_execute(sql).is_err(), "{sql}");
    }
}

#[test]
fn publishing_a_calendar_refuses_a_bad_file_at_its_place_and_anyone_but_an_admin() {
    let Some(pg) = PgServer::start("publishing_a_calendar_refuses") else { return };
    let url = pg.database("calendar_refusals");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    // A TOML error at line 3, and a make-up "working day" that is a weekday: refused as `calendar
    // import` refuses them, with the same words, naming the file and the line or the holiday.
    let broken = calendar_file(
        dir.path(),
        "2027-broken.toml",
        "year = 2027\nsource = \"x\"\n[[holidays]\nname = 1\n",
    );
    let weekday = calendar_file(dir.path(), "2027-bad.toml", &calendar_2027(&["2027-02-22"]));
    for (file, said) in [(&broken, "line 3"), (&weekday, "春节: 2027-02-22 is a weekday")] {
        let out = publish_calendar(&gx, &url, ADMIN, file);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let name = file.file_name().and_then(|n| n.to_str()).expect("name");
        let first = stderr(&out).lines().next().expect("a line").to_string();
        assert!(first.contains(name) && first.contains(said), "{}", stderr(&out));
        assert!(stderr(&out).contains("未发布任何内容"), "{}", stderr(&out));
        let local = as_who(&gx, ADMIN, &["calendar", "import", file.to_str().expect("utf-8")]);
        assert!(!local.status.success());
        assert_eq!(first, stderr(&local).lines().next().expect("a line"), "the same words");
    }

    // A non-admin may not publish; without --as nobody is asked.
    let good = calendar_file(dir.path(), "2027.toml", &calendar_2027(&["2027-02-20"]));
    let out = publish_calendar(&gx, &url, OFFICER, &good);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("QJ1001 不是管理员：只有管理员可以在中心发布工作日安排"),
        "{}",
        stderr(&out)
    );
    let path = good.to_str().expect("utf-8");
    let out = with_centre(&gx, &url, &["central", "calendar", "publish", path]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("须由管理员进行"), "{}", stderr(&out));
    let english = as_who(
        &gx,
        OFFICER,
        &["--lang", "en", "--central", &url, "central", "calendar", "publish", path],
    );
    assert!(
        stderr(&english).contains("only an admin publishes a working-day calendar"),
        "{}",
        stderr(&english)
    );
    assert_eq!(calendars_listed(&gx, &url).len(), 0);
}

#[test]
fn a_station_with_its_own_year_is_told_and_calendars_not_signed_by_their_publisher_are_refused() {
    let Some(pg) = PgServer::start("calendars_not_signed") else { return };
    let url = pg.database("calendar_signed");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let bj = station(dir.path(), "bj.db", "BJ");
    // BJ's admin loaded a 2027 of its own, with other days, before the city published.
    let own = calendar_file(dir.path(), "2027-bj.toml", &calendar_2027(&[]));
    ok(&as_who(&bj, ADMIN, &["calendar", "import", own.to_str().expect("utf-8")]));
    let published = calendar_2027(&["2027-02-20"]);
    let file = calendar_file(dir.path(), "2027.toml", &published);
    ok(&publish_calendar(&gx, &url, ADMIN, &file));
    let synced = json(&with_centre(&bj, &url, &["sync", "--json"]));
    assert_eq!(synced["calendars"]["not_taken"][0]["kind"], "differs", "{synced}");
    assert_eq!(synced["calendars"]["taken_in"], serde_json::json!([]), "{synced}");
    let out = with_centre(&bj, &url, &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("本站已有该年的安排（QJ0001 于"), "{}", stderr(&out));
    assert_eq!(party_due(&bj, "2027-02-19", "1"), "2027-02-22", "its own days, left as they were");
    assert!(calendars_from_centre(&bj).is_empty());
    verifies(&bj);

    // Rows written by hand at the centre. Without a signature the centre refuses the row itself.
    let row = centre(&url)
        .query_one(
            "SELECT signature, signing_key, through_seq,
                    to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
             FROM published_calendars",
            &[],
        )
        .expect("published");
    let (signature, key, through_seq, at): (String, String, i64, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    let insert = |year: i32, revision: i32, text: &str, signed: Option<(&str, &str)>| {
        let parsed = zhifa::calendar::format::parse("x.toml", text).expect("reads");
        let at: chrono::DateTime<chrono::Utc> = at.parse().expect("at");
        let (signature, key) =
            signed.map_or((None, None), |(s, k)| (Some(s.to_string()), Some(k.to_string())));
        centre(&url).execute(
            "INSERT INTO published_calendars (year, revision, source, source_name, calendar_text,
                 sha256, days_sha256, days_off, make_up_days, published_by, published_station,
                 published_at, signature, signing_key, through_seq)
             VALUES ($1, $2, 'x', '2027.toml', $3, encode(sha256(convert_to($3, 'UTF8')), 'hex'),
                     $4, 11, 1, 'QJ0001', 'GX', $5, $6, $7, $8)",
            &[
                &year,
                &revision,
                &text,
                &zhifa::store::days_digest(&parsed),
                &at,
                &signature,
                &key,
                &through_seq,
            ],
        )
    };
    assert!(
        insert(2028, 1, &published.replace("2027", "2028"), None).is_err(),
        "unsigned: refused"
    );
    // Publication 1's real signature on a row of other days (a "correction" nobody signed).
    let tampered = calendar_2027(&["2027-02-20", "2027-02-21"]);
    insert(2027, 2, &tampered, Some((&signature, &key))).expect("insert by hand");
    // A 2028 signed over its very statement, by a key that is not QJ0001's.
    let text_2028 = published.replace("2027", "2028").replace("2028-02-20", "2028-02-19");
    let statement = zhifa::store::CalendarStatement {
        year: 2028,
        revision: 1,
        file: "2027.toml".into(),
        sha256: hex_sha256(&text_2028),
        by: "QJ0001".into(),
        station: "GX".into(),
        at: at.clone(),
        through_seq,
    };
    let forger = zhifa::domain::actor::Actor::new("QJ0001", "t", 1).signing_with(Some([5; 32]));
    let forged = statement.sign(&forger).expect("signs");
    assert!(statement.signed_by(&forged.key, &forged.signature), "it verifies over itself");
    insert(2028, 1, &text_2028, Some((&forged.signature, &forged.key))).expect("insert by hand");

    // A station that never held 2027 refuses both, and takes in publication 1 of 2027, the
    // latest that holds.
    let sh = station(dir.path(), "sh.db", "SH");
    let synced = json(&with_centre(&sh, &url, &["sync", "--json"]));
    let not_taken = synced["calendars"]["not_taken"].as_array().expect("not taken").clone();
    assert_eq!(not_taken.len(), 2, "{synced}");
    for (i, (year, revision, why)) in [
        (2027, 2, "does not verify over what it states"),
        (2028, 1, "not the one station GX's account events give QJ0001"),
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(not_taken[i]["kind"], "signature", "{synced}");
        assert_eq!(
            (not_taken[i]["year"].as_i64(), not_taken[i]["revision"].as_i64()),
            (Some(*year), Some(*revision))
        );
        assert!(not_taken[i]["reason"].as_str().expect("reason").contains(why), "{synced}");
    }
    let taken = &synced["calendars"]["taken_in"];
    assert_eq!(taken.as_array().map(Vec::len), Some(1), "{synced}");
    assert_eq!((taken[0]["year"].as_i64(), taken[0]["revision"].as_i64()), (Some(2027), Some(1)));
    assert_eq!(party_due(&sh, "2027-02-20", "1"), "2027-02-22", "publication 1's days");
    assert!(party_due(&sh, "2028-02-18", "1").ends_with("（暂定）"), "2028 not taken in");
    let out = with_centre(&sh, &url, &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2027 年工作日安排（第 2 次发布）未导入")
            && stderr(&out).contains("签名与所发布的内容不符"),
        "{}",
        stderr(&out)
    );
    verifies(&sh);

    // The kept signature is checked by verify from the event alone: the key replaced, fails.
    let conn = Connection::open(&sh).expect("open");
    let (seq, payload): (i64, String) = conn
        .query_row(
            "SELECT seq, payload FROM events WHERE actor LIKE 'centre:%' AND kind = 'calendar.import'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the take-in");
    drop(conn);
    let mut edited: serde_json::Value = serde_json::from_str(&payload).expect("payload");
    edited["published"]["signing_key"] = forged.key.clone().into();
    rewrite_payload(&sh, seq, &edited.to_string());
    let out = zhifa_with_stdin(&sh, &["verify", "--json"], "");
    assert!(!out.status.success(), "{}", stderr(&out));
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(checked.to_string().contains("not signed by the key it names"), "{checked}");
}

fn hex_sha256(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// Migrations are applied by name: a centre that took 0007 before 0006 existed (two lines of work
/// merged in the other order) gets 0006 and nothing twice; one with a migration this zhifa does
/// not know is a newer zhifa's, refused.
#[test]
fn a_centre_migrated_out_of_order_gets_what_it_lacks_and_a_newer_one_is_refused() {
    let Some(pg) = PgServer::start("a_centre_migrated_out_of_order") else { return };
    let url = pg.database("out_of_order");
    let mut c = centre(&url);
    c.batch_execute(
        "CREATE TABLE zhifa_schema (version integer PRIMARY KEY, name text NOT NULL,
                                    applied_at timestamptz NOT NULL DEFAULT now())",
    )
    .expect("schema table");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("db/central");
    let earlier = ["0001_centre", "0002_open_cases", "0003_dispatch", "0004_catalogs"];
    for (version, name) in
        earlier.iter().chain(&["0005_signed_publications", "0007_report_facts"]).enumerate()
    {
        let sql = std::fs::read_to_string(dir.join(format!("{name}.sql"))).expect("migration");
        c.batch_execute(&sql).expect(name);
        let version = version as i32 + 1;
        c.execute("INSERT INTO zhifa_schema (version, name) VALUES ($1, $2)", &[&version, name])
            .expect("recorded");
    }
    let none = Path::new("/nonexistent.db");
    ok(&with_centre(none, &url, &["central", "calendar", "list"]));
    let applied: Vec<(i32, String)> = c
        .query("SELECT version, name FROM zhifa_schema ORDER BY version", &[])
        .expect("applied")
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(applied.len(), 10, "{applied:?}");
    assert_eq!(applied[6], (7, "0006_calendars".to_string()));
    assert_eq!(applied[7], (8, "0008_event_checks_once".to_string()));
    assert_eq!(applied[8], (9, "0009_accounts".to_string()));
    assert_eq!(applied[9], (10, "0010_station_roles".to_string()));
    ok(&with_centre(none, &url, &["central", "status"]));

    c.execute("INSERT INTO zhifa_schema (version, name) VALUES (11, '0099_future')", &[])
        .expect("a newer zhifa's");
    let out = with_centre(none, &url, &["--lang", "en", "central", "status"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("newer than this zhifa's"), "{}", stderr(&out));
}

// Accounts handed down through the centre (docs/CENTRAL.md, "Accounts handed down").

/// The admin's password, then a new one: what `--password-stdin` reads for a publication that
/// sets a password.
const ADMIN_THEN: &str = "demo-admin-2026\n";

/// `zhifa --as QJ0001 --central URL central officer ARGS`, the admin's password then `then`.
fn central_officer(db: &Path, url: &str, then: &str, args: &[&str]) -> Output {
    let mut all = vec!["--central", url, "central", "officer"];
    all.extend_from_slice(args);
    as_who(db, (ADMIN.0, &format!("{ADMIN_THEN}{then}")), &all)
}

/// A station's accounts as `officer list --json` gives them, by badge.
fn account(db: &Path, badge: &str) -> Option<serde_json::Value> {
    let listed = json(&zhifa_with_stdin(db, &["officer", "list", "--json"], ""));
    listed.as_array().expect("officers").iter().find(|o| o["badge"] == badge).cloned()
}

/// Complaints taken in from a feed by `who`: a signed event of theirs, if they log in.
fn work_as(db: &Path, who: (&str, &str), first: usize) -> Output {
    let feed = format!(
        "工单编号,来源渠道,受理时间,事发地址,诉求内容,办理时限\n\
         QJ2026{first:06},12345热线,2026-11-23 09:15,青溪路1号,楼下烧烤油烟扰民,2026-11-26\n"
    );
    let file = db.with_extension(format!("acct{first}.csv"));
    std::fs::write(&file, feed).expect("feed");
    as_who(db, who, &["ticket", "import", file.to_str().expect("utf-8")])
}

/// The account events a station recorded under the centre.
fn accounts_from_centre(db: &Path) -> Vec<(String, String, serde_json::Value)> {
    let conn = Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT kind, actor, payload FROM events WHERE kind GLOB 'officer.*'
             AND actor LIKE 'centre:%' ORDER BY seq",
        )
        .expect("sql");
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, String>(2)?)))
        .expect("query");
    rows.map(|r| {
        let (kind, actor, payload) = r.expect("row");
        (kind, actor, serde_json::from_str(&payload).expect("payload"))
    })
    .collect()
}

#[test]
fn an_account_published_for_a_station_reaches_it_only_and_its_officer_signs_there() {
    let Some(pg) = PgServer::start("an_account_published_reaches_its_station") else { return };
    let url = pg.database("accounts");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let bj = station(dir.path(), "bj.db", "BJ");
    ok(&with_centre(&bj, &url, &["sync"]));

    // GX's admin (a city admin) publishes an account for BJ, with its first password.
    let args = ["add", "BJ7001", "王五", "--role", "officer", "--station", "BJ", "--team", "QX01"];
    // Never a PIN: its verifier travels through the centre, where it could be guessed offline.
    let out = central_officer(&gx, &url, "200200\n", &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("PIN 码可被离线猜出"), "{}", stderr(&out));
    let out = ok(&central_officer(&gx, &url, "bj7001-first\n", &args));
    assert!(
        out.contains("已在中心为站点 BJ 发布账户 BJ7001（王五，执法人员）（第 1 次发布：添加）"),
        "{out}"
    );
    let listed = ok(&with_centre(&gx, &url, &["central", "officer", "list", "--json"]));
    assert!(!listed.contains("argon2"), "the verifier is never listed: {listed}");
    let listed: serde_json::Value = serde_json::from_str(&listed).expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(
        (listed[0]["station"].as_str(), listed[0]["what"].as_str()),
        (Some("BJ"), Some("add"))
    );
    let table = ok(&with_centre(&gx, &url, &["central", "officer", "list", "--station", "BJ"]));
    assert!(table.contains("BJ7001") && table.contains("添加"), "{table}");

    // GX takes nothing in: the account is BJ's.
    let synced = json(&with_centre(&gx, &url, &["sync", "--json"]));
    assert_eq!(synced["accounts"]["taken_in"], serde_json::json!([]), "{synced}");
    assert!(account(&gx, "BJ7001").is_none());

    let synced = json(&with_centre(&bj, &url, &["sync", "--json"]));
    let taken = &synced["accounts"]["taken_in"];
    assert_eq!(taken.as_array().map(Vec::len), Some(1), "{synced}");
    assert_eq!(
        (taken[0]["badge"].as_str(), taken[0]["revision"].as_i64()),
        (Some("BJ7001"), Some(1))
    );
    assert_eq!(synced["accounts"]["not_taken"], serde_json::json!([]), "{synced}");
    let held = account(&bj, "BJ7001").expect("taken in");
    assert_eq!(
        (held["role"].as_str(), held["team"].as_str(), held["active"].as_bool()),
        (Some("执法人员"), Some("QX01"), Some(true))
    );
    let from_centre = accounts_from_centre(&bj);
    assert_eq!(from_centre.len(), 1, "{from_centre:?}");
    let (kind, actor, payload) = &from_centre[0];
    assert_eq!((kind.as_str(), actor.as_str()), ("officer.add", "centre:GX/QJ0001"));
    assert_eq!(payload["published"]["revision"], 1);
    assert_eq!(payload["published"]["to"], "BJ");
    assert_eq!(payload["published"]["signature"], listed[0]["signature"]);
    assert_eq!(payload["signing_key"], listed[0]["officer_key"]);
    assert!(!payload.to_string().contains("argon2"), "no verifier in the log: {payload}");

    // The officer logs in with the password the bureau gave; their work is signed and verifies.
    ok(&work_as(&bj, ("BJ7001", "bj7001-first\n"), 1));
    let checked = verifies(&bj);
    assert!(checked["unsigned"].get("BJ7001").is_none(), "signed: {checked}");
    assert_eq!(checked["unsigned"]["centre:GX/QJ0001"], 1, "{checked}");

    // A second sync takes nothing in and writes nothing here.
    ok(&with_centre(&bj, &url, &["sync"]));
    let before = local_events(&bj);
    let again = json(&with_centre(&bj, &url, &["sync", "--json"]));
    assert_eq!(again["accounts"]["taken_in"], serde_json::json!([]), "{again}");
    assert_eq!(local_events(&bj), before);

    // The station's admin may neither reset its password nor make it again with another role.
    let out = as_who(&bj, (ADMIN.0, "demo-admin-2026\n400400\n"), &["officer", "passwd", "BJ7001"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("BJ7001 的账户由中心下发：其角色、中队和密码由市局管理"),
        "{}",
        stderr(&out)
    );
    let args = [
        "--lang", "en", "officer", "add", "--badge", "BJ7001", "--name", "王五", "--role", "admin",
    ];
    let out = as_who(&bj, (ADMIN.0, "demo-admin-2026\nadmin-pass-2026\n"), &args);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("BJ7001's account is handed down from the centre"),
        "{}",
        stderr(&out)
    );
    assert_eq!(account(&bj, "BJ7001").expect("there")["role"], "执法人员");
    // The officer may change their own, to a PIN that never leaves the station.
    ok(&as_who(&bj, ("BJ7001", "bj7001-first\n201201\n"), &["officer", "passwd", "BJ7001"]));

    // The bureau resets the password: the next sync brings it; the old one no longer logs in.
    let out = ok(&central_officer(
        &gx,
        &url,
        "bj7001-reset\n",
        &["password", "BJ7001", "--station", "BJ"],
    ));
    assert!(out.contains("（第 2 次发布：重设密码）"), "{out}");
    let synced = json(&with_centre(&bj, &url, &["sync", "--json"]));
    assert_eq!(synced["accounts"]["taken_in"][0]["what"], "password", "{synced}");
    assert!(!work_as(&bj, ("BJ7001", "201201\n"), 2).status.success());
    ok(&work_as(&bj, ("BJ7001", "bj7001-reset\n"), 3));
    verifies(&bj);

    // Deactivated by the bureau: the next sync brings it; it no longer logs in.
    let out = ok(&central_officer(&gx, &url, "", &["deactivate", "BJ7001", "--station", "BJ"]));
    assert!(out.contains("（第 3 次发布：停用）"), "{out}");
    let out = ok(&with_centre(&bj, &url, &["sync"]));
    assert!(out.contains("已导入中心下发的账户 BJ7001（第 3 次发布：停用）"), "{out}");
    assert_eq!(account(&bj, "BJ7001").expect("there")["active"], false);
    assert!(!work_as(&bj, ("BJ7001", "bj7001-reset\n"), 4).status.success());
    let out = central_officer(&gx, &url, "", &["deactivate", "BJ7001", "--station", "BJ"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    verifies(&bj);
    ok(&with_centre(&bj, &url, &["sync"]));
    let checked = verified_at_centre(&url);
    assert_eq!(checked["ok"], true, "{checked}");

    // The take-in's statement is checked by verify from the event alone: a role changed in it
    // (the chain rehashed after it) is named.
    let conn = Connection::open(&bj).expect("open");
    let (seq, payload): (i64, String) = conn
        .query_row(
            "SELECT seq, payload FROM events WHERE actor LIKE 'centre:%' AND kind = 'officer.add'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the take-in");
    drop(conn);
    let mut edited: serde_json::Value = serde_json::from_str(&payload).expect("payload");
    edited["role"] = "admin".into();
    rewrite_payload(&bj, seq, &edited.to_string());
    let out = zhifa_with_stdin(&bj, &["verify", "--json"], "");
    assert!(!out.status.success(), "{}", stderr(&out));
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(checked.to_string().contains("not signed by the key it names"), "{checked}");
}

#[test]
fn publishing_an_account_takes_an_admin_and_the_password_policy_of_its_role() {
    let Some(pg) = PgServer::start("publishing_an_account_takes_an_admin") else { return };
    let url = pg.database("account_refusals");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let add = ["add", "BJ7001", "王五", "--role", "admin", "--station", "GX"];
    // A station the centre never heard from has nowhere to take it.
    let sh = ["add", "BJ7001", "王五", "--role", "admin", "--station", "SH"];
    let out = central_officer(&gx, &url, "admin-pass-2027\n", &sh);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("中心尚未收到站点 SH 的任何同步"), "{}", stderr(&out));

    // An admin's password of digits: refused as a station's `officer add` refuses it.
    let out = central_officer(&gx, &url, "123456\n", &add);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let args = ["officer", "add", "--badge", "BJ7001", "--name", "王五", "--role", "admin"];
    let local = as_who(&gx, (ADMIN.0, "demo-admin-2026\n123456\n"), &args);
    assert!(!local.status.success());
    let first = stderr(&local).lines().next().expect("a line").to_string();
    assert!(stderr(&out).contains(&first), "{} / {first}", stderr(&out));
    assert!(stderr(&out).contains("未发布任何内容"), "{}", stderr(&out));

    // Not an admin, or no --as: refused, nothing published.
    let args = [
        "--central",
        &url,
        "central",
        "officer",
        "add",
        "BJ7001",
        "王五",
        "--role",
        "officer",
        "--station",
        "GX",
    ];
    let out = as_who(&gx, (OFFICER.0, "100100\n200200\n"), &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("QJ1001 不是管理员：只有管理员可以在中心发布账户"),
        "{}",
        stderr(&out)
    );
    let out = with_centre(&gx, &url, &args[2..]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("须由管理员进行"), "{}", stderr(&out));
    // A password or deactivation of a badge never published: refused.
    let out = central_officer(&gx, &url, "200200\n", &["password", "QJ1001", "--station", "GX"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("中心没有为站点 GX 发布过账户 QJ1001"), "{}", stderr(&out));
    let list = json(&with_centre(&gx, &url, &["central", "officer", "list", "--json"]));
    assert_eq!(list, serde_json::json!([]));

    // Published once; a second `add` of the badge is refused.
    ok(&central_officer(&gx, &url, "admin-pass-2027\n", &add));
    let out = central_officer(&gx, &url, "admin-pass-2027\n", &add);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("中心已为站点 GX 发布过账户 BJ7001"), "{}", stderr(&out));
    // Published is final at the centre.
    let mut c = centre(&url);
    for sql in [
        "UPDATE published_accounts SET role = 'officer'",
        "DELETE FROM published_accounts",
        "TRUNCATE published_accounts",
    ] {
        assert!(c.batch_execute(sql).is_err(), "{sql}");
    }
}

#[test]
fn an_account_changed_at_the_centre_or_clashing_with_the_stations_own_is_not_taken_in() {
    let Some(pg) = PgServer::start("an_account_changed_at_the_centre") else { return };
    let url = pg.database("account_changed");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let bj = station(dir.path(), "bj.db", "BJ");
    ok(&with_centre(&bj, &url, &["sync"]));
    // BJ made BJ0099 itself; the centre publishes a BJ0099 for it too.
    let args = ["officer", "add", "--badge", "BJ0099", "--name", "本站人员", "--role", "officer"];
    ok(&as_who(&bj, (ADMIN.0, "demo-admin-2026\n300300\n"), &args));
    for badge in ["BJ0099", "BJ7002", "BJ7003"] {
        let args = ["add", badge, "某人", "--role", "officer", "--station", "BJ"];
        ok(&central_officer(&gx, &url, "someone-2026\n", &args));
    }
    // Rows changed by hand at the centre (its final-row trigger switched off by its owner): a
    // role raised, a verifier swapped for one whose password the changer knows.
    let swapped = zhifa::store::password::make("999999", zhifa::store::password::FAST_FOR_TESTS)
        .expect("phc")
        .phc;
    let mut c = centre(&url);
    c.batch_execute("ALTER TABLE published_accounts DISABLE TRIGGER published_accounts_are_final")
        .expect("trigger off");
    c.execute("UPDATE published_accounts SET role = 'admin' WHERE badge = 'BJ7002'", &[])
        .expect("role");
    c.execute("UPDATE published_accounts SET credential = $1 WHERE badge = 'BJ7003'", &[&swapped])
        .expect("verifier");

    ok(&with_centre(&bj, &url, &["sync"]));
    let before = local_events(&bj);
    let synced = json(&with_centre(&bj, &url, &["sync", "--json"]));
    assert_eq!(local_events(&bj), before, "nothing written");
    assert_eq!(synced["accounts"]["taken_in"], serde_json::json!([]), "{synced}");
    let not_taken = synced["accounts"]["not_taken"].as_array().expect("not taken").clone();
    let found: Vec<(&str, &str)> = not_taken
        .iter()
        .map(|n| (n["badge"].as_str().unwrap_or(""), n["kind"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(found, [("BJ0099", "clash"), ("BJ7002", "signature"), ("BJ7003", "signature")]);
    for n in &not_taken[1..] {
        let reason = n["reason"].as_str().expect("reason");
        assert!(reason.contains("does not verify over what it states"), "{reason}");
    }
    assert_eq!(account(&bj, "BJ0099").expect("its own")["name"], "本站人员");
    assert!(account(&bj, "BJ7002").is_none() && account(&bj, "BJ7003").is_none());
    let out = with_centre(&bj, &url, &["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("本站已有自己建立的执法证号 BJ0099 账户")
            && stderr(&out).contains("账户 BJ7002（第 1 次发布：添加）未导入"),
        "{}",
        stderr(&out)
    );
    verifies(&bj);
}

/// The limit of `zhifa verify` at a station, and the centre as the witness past it: a take-in
/// forged in the station's file (an admin "handed down" and signed with a key of the forger's
/// own) verifies there — the station alone cannot tell the key is no publisher's — and is named
/// by `central verify` once pushed, because the centre published nothing so signed.
#[test]
fn an_account_forged_in_a_stations_file_is_named_by_the_centre() {
    use zhifa::store::{AccountChange, AccountFromCentre, Signed, Store};
    let Some(pg) = PgServer::start("an_account_forged_in_a_stations_file") else { return };
    let url = pg.database("forged");
    let dir = tempfile::tempdir().expect("tmp");
    let bj = station(dir.path(), "bj.db", "BJ");
    ok(&with_centre(&bj, &url, &["sync"]));
    assert_eq!(verified_at_centre(&url)["ok"], true);

    let credential =
        zhifa::store::password::make("forged-admin-2026", zhifa::store::password::FAST_FOR_TESTS)
            .expect("credential");
    let forged = AccountFromCentre {
        to: "BJ".into(),
        badge: "BJ6666".into(),
        revision: 1,
        what: AccountChange::Add,
        name: "冒名".into(),
        role: Some(zhifa::domain::officer::Role::Admin),
        team: None,
        cert_expiry: None,
        credential: Some(credential.phc),
        signing_key: Some(zhifa::store::password::public_key(&credential.seed)),
        by: "QJ0001".into(),
        station: "GX".into(),
        at: "2026-11-24T02:00:00Z".into(),
        through_seq: 1,
    };
    let forger = zhifa::domain::actor::Actor::new("x", "t", 1).signing_with(Some([9; 32]));
    let signed: Signed = forged.statement().sign(&forger).expect("signed");
    let mut store = Store::open(&bj).expect("open");
    let now = "2026-11-24T02:00:00Z".parse().expect("now");
    store.take_in_published_account(now, &forged, &signed).expect("written");
    drop(store);
    verifies(&bj);

    ok(&with_centre(&bj, &url, &["sync"]));
    let out = with_centre(Path::new("/nonexistent.db"), &url, &["central", "verify", "--json"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let checked: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(checked["ok"], false, "{checked}");
    let problems = checked["stations"][0]["problems"].to_string();
    assert!(problems.contains("记作中心下发，但中心没有这样签名的发布"), "{problems}");
}

/// `zhifa --central URL sync --json` on `db` with the configuration file `config`.
fn sync_configured(db: &Path, url: &str, config: &Path) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .args(["--db", db.to_str().expect("utf-8"), "--central", url, "sync", "--json"])
        .env("ZHIFA_NOW", "2026-11-24T10:00:00+08:00")
        .env_remove("ZHIFA_LANG")
        .env("ZHIFA_CONFIG", config)
        .stdin(Stdio::null())
        .output()
        .expect("run zhifa sync");
    json(&out)
}

#[test]
fn a_station_takes_publications_only_from_the_stations_it_names() {
    let Some(pg) = PgServer::start("a_station_takes_publications_only_from") else { return };
    let url = pg.database("publishers");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = station(dir.path(), "gx.db", "GX");
    let bj = station(dir.path(), "bj.db", "BJ");
    ok(&with_centre(&bj, &url, &["sync"]));
    // GX's admin hands an account down to BJ; BJ takes publications from the bureau's KF only.
    let args = ["add", "BJ7001", "王五", "--role", "admin", "--station", "BJ"];
    ok(&central_officer(&gx, &url, "bj-admin-2026\n", &args));
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[central]\npublishers = [\"KF\"]\n").expect("config");
    let synced = sync_configured(&bj, &url, &config);
    let refused = &synced["accounts"]["not_taken"][0];
    assert_eq!(refused["kind"], "signature", "{synced}");
    assert!(
        refused["reason"].as_str().is_some_and(|r| r.contains("not one this station takes")),
        "{synced}"
    );
    assert_eq!(account(&bj, "BJ7001"), None, "no account made by another station's admin");
    // Once BJ names GX, the same publication is taken in.
    std::fs::write(&config, "[central]\npublishers = [\"gx\"]\n").expect("config");
    let synced = sync_configured(&bj, &url, &config);
    assert_eq!(synced["accounts"]["taken_in"][0]["badge"], "BJ7001", "{synced}");
    assert_eq!(account(&bj, "BJ7001").expect("taken in")["role"], "管理员");
    verifies(&bj);
}

#[test]
fn a_url_requiring_tls_is_never_sent_in_the_clear_to_a_centre_without_it() {
    // The server speaks no TLS: a URL that requires it fails to connect rather than fall back
    // to a plain connection.
    let Some(pg) = PgServer::start("a_url_requiring_tls") else { return };
    let url = pg.database("tls");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path(), "gx.db", "GX");
    let out = with_centre(&db, &format!("{url}?sslmode=require"), &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let held = centre(&url).query_opt("SELECT 1 FROM stations", &[]).ok().flatten();
    assert!(held.is_none(), "nothing reached the centre");
    // The same URL without it connects (the server is there).
    ok(&with_centre(&db, &url, &["sync"]));
}

/// A CA of the bureau's own (its certificate, PEM) and a server certificate and key for
/// 127.0.0.1 signed by it.
fn bureau_ca_and_server() -> (String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, "青江县综合行政执法局 CA");
    let ca = ca.self_signed(&ca_key).expect("CA");
    let server_key = KeyPair::generate().expect("server key");
    let mut server = CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("params");
    server.distinguished_name.push(DnType::CommonName, "centre");
    let server = server.signed_by(&server_key, &ca, &ca_key).expect("server certificate");
    (ca.pem(), server.pem(), server_key.serialize_pem())
}

#[test]
fn a_station_reaches_a_centre_over_tls_verified_against_the_bureaus_ca() {
    let Some(pg) = PgServer::start("a_station_reaches_a_centre_over_tls") else { return };
    let url = pg.database("tls_on");
    let (ca, cert, key) = bureau_ca_and_server();
    // The server takes TLS connections only from now on.
    pg.require_tls(&cert, &key);
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path(), "gx.db", "GX");
    let ca_file = dir.path().join("bureau-ca.pem");
    std::fs::write(&ca_file, ca).expect("CA file");
    let (other_ca, _, _) = bureau_ca_and_server();
    let other_file = dir.path().join("other-ca.pem");
    std::fs::write(&other_file, other_ca).expect("other CA file");
    let with = |mode: &str, root: &Path| {
        format!("{url}?sslmode={mode}&sslrootcert={}", root.to_str().expect("utf-8"))
    };

    // Plain: the server refuses it.
    let out = with_centre(&db, &url, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // TLS to a server whose certificate another CA signed: refused before anything is sent.
    let out = with_centre(&db, &with("require", &other_file), &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("invalid peer certificate"), "{}", stderr(&out));
    // The system's roots do not know the bureau's CA either.
    let out = with_centre(&db, &format!("{url}?sslmode=require"), &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    // Verified against the bureau's CA: every event pushed, over TLS (the only way in).
    let tls = with("verify-full", &ca_file);
    ok(&with_centre(&db, &tls, &["sync"]));
    let nowhere = dir.path().join("none.db");
    let status = json(&with_centre(&nowhere, &tls, &["central", "status", "--json"]));
    assert_eq!(status[0]["head_seq"].as_i64(), Some(local_events(&db)), "{status}");
    // A CA file that is not one is named.
    let junk = dir.path().join("junk.pem");
    std::fs::write(&junk, "junk").expect("junk");
    let out = with_centre(&db, &with("require", &junk), &["sync"]);
    assert!(stderr(&out).contains("junk.pem"), "{}", stderr(&out));
}
