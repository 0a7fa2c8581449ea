//! No password and no resident ID number where they do not belong, end to end: accounts made
//! and passwords typed (right, wrong, refused by the policy) through the `zhifa` binary, a case
//! whose party has a known 18-digit ID number; then every command's output, the event log and
//! the files zhifa leaves are searched.
//!
//! Guards: no password or PIN (nor any Argon2 hash) in any output or event, even a PIN typed
//! where the badge goes; the ID number and the party's phone in no event and no output except
//! `case show --json`, the case file asked for by someone at the station (the plain `case show`
//! names the party only); zhifa writes no log file: its home and XDG folders stay empty, and
//! beside the database only its own files.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use zhifa::domain::actor::Actor;
use zhifa::domain::case_file::{CaseSource, NewCase, Party};
use zhifa::domain::catalog::PartyKind;
use zhifa::store::Store;

const ADMIN_PASSWORD: &str = "Qingjiang-Admin-7391";
const PIN: &str = "582946";
const WRONG_PIN: &str = "582947";
const NEW_PASSWORD: &str = "new-pass-8164";
const WEAK_PASSWORD: &str = "9kx2";
/// A resident ID number with a valid check digit (GB 11643).
const ID_NUMBER: &str = "330106198507153214";
const PHONE: &str = "13912345678";
const SECRETS: [&str; 5] = [ADMIN_PASSWORD, PIN, WRONG_PIN, NEW_PASSWORD, WEAK_PASSWORD];

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
}

/// A process sandbox: the database and a home whose config, data, state and cache folders
/// must stay empty.
struct Station {
    dir: tempfile::TempDir,
}

impl Station {
    fn new() -> Station {
        let station = Station { dir: tempfile::tempdir().expect("tmp") };
        for folder in ["db", "home", "config", "data", "state", "cache"] {
            std::fs::create_dir(station.path(folder)).expect("mkdir");
        }
        station
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn db(&self) -> std::path::PathBuf {
        self.path("db").join("z.db")
    }

    fn zhifa(&self, args: &[&str], stdin: &str) -> Output {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_zhifa"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env("ZHIFA_NOW", "2026-11-24T10:00:00+08:00")
            .env_remove("ZHIFA_LANG")
            .env_remove("ZHIFA_CONFIG")
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run zhifa");
        let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
        child.wait_with_output().expect("wait")
    }
}

/// Both streams of a command, for searching.
fn text(out: &Output) -> String {
    let both = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    without_digests(&both)
}

/// `text` with every long hexadecimal run (hashes, witnesses) cut out: a six-digit PIN could
/// occur in one by chance, which says nothing about a leak.
fn without_digests(text: &str) -> String {
    let mut kept = String::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        if run.len() < 32 {
            kept.push_str(&run);
        }
        run.clear();
        kept.push(c);
    }
    kept
}

/// The demo catalog (as the OS user, before any account exists), a team, the admin and an
/// officer with a PIN: every password through standard input.
fn staff(station: &Station, outputs: &mut Vec<(String, Output)>) {
    let mut store = Store::open(&station.db()).expect("store");
    let setup = Actor::new("os:setup", "tty1", 1);
    zhifa::demo::seed_demo(&mut store, &setup, now()).expect("catalog");
    drop(store);
    let admin = ["officer", "add", "--badge", "A001", "--name", "王管理", "--role", "admin"];
    let officer = [
        "--as",
        "A001",
        "--password-stdin",
        "officer",
        "add",
        "--badge",
        "O001",
        "--name",
        "李执法",
        "--role",
        "officer",
        "--team",
        "QX01",
        "--cert-expiry",
        "2028-06-30",
    ];
    let steps: [(&[&str], String); 3] = [
        (&["team", "add", "QX01", "青溪中队"], String::new()),
        (&[&admin[..], &["--password-stdin"]].concat(), format!("{ADMIN_PASSWORD}\n")),
        (&officer, format!("{ADMIN_PASSWORD}\n{PIN}\n")),
    ];
    for (args, stdin) in steps {
        let out = station.zhifa(args, &stdin);
        common::ok(&out);
        outputs.push((args.join(" "), out));
    }
}

/// The officer opens a case whose party has the known ID number and phone.
fn open_case(station: &Station) -> i64 {
    let mut store = Store::open(&station.db()).expect("store");
    let origin = Actor::new("os:t", "tty1", 1);
    let officer = store.authenticate(&origin, now(), "O001", PIN).expect("login");
    let day = |s: &str| s.parse::<NaiveDate>().expect("date");
    let new = NewCase {
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路文昌阁旁".into(),
        grid: None,
        facts: "当事人在人行道上设摊经营水果".into(),
        act_on: day("2026-11-01"),
        lead_on: day("2026-11-20"),
        serious: false,
        items: vec!["330217101001".into()],
        parties: vec![Party {
            kind: PartyKind::Individual,
            name: "赵某".into(),
            id_number: ID_NUMBER.into(),
            contact: PHONE.into(),
        }],
        legal_review_required: false,
        finding: None,
    };
    store.open_case(&officer, now(), &new).expect("open").id
}

#[test]
fn passwords_and_id_numbers_stay_out_of_outputs_events_and_files() {
    let station = Station::new();
    let mut outputs = Vec::new();
    staff(&station, &mut outputs);
    let case = open_case(&station).to_string();
    let as_officer = ["--as", "O001", "--password-stdin"];
    let passwd = [&as_officer[..], &["officer", "passwd", "O001"]].concat();
    let english = [&["--lang", "en"], &passwd[..]].concat();
    let runs: Vec<(Vec<&str>, String)> = vec![
        (passwd.clone(), format!("{WRONG_PIN}\n{NEW_PASSWORD}\n")),
        (english, format!("{WRONG_PIN}\n{NEW_PASSWORD}\n")),
        (passwd.clone(), format!("{PIN}\n{WEAK_PASSWORD}\n")),
        // The PIN typed where the badge goes.
        (vec!["--as", PIN, "--password-stdin", "officer", "unlock", "O001"], format!("{PIN}\n")),
        (passwd, format!("{PIN}\n{NEW_PASSWORD}\n")),
        (vec!["officer", "list"], String::new()),
        (vec!["officer", "list", "--json"], String::new()),
        (vec!["case", "list"], String::new()),
        (vec!["case", "list", "--json"], String::new()),
        (vec!["case", "show", &case], String::new()),
        (vec!["verify"], String::new()),
    ];
    for (args, stdin) in runs {
        let out = station.zhifa(&args, &stdin);
        outputs.push((args.join(" "), out));
    }
    let refusals = outputs.iter().filter(|(_, out)| !out.status.success()).count();
    assert_eq!(refusals, 4, "two wrong PINs, a weak password and a PIN as a badge are refused");
    for (command, out) in &outputs {
        let shown = text(out);
        for secret in SECRETS.iter().chain(&[ID_NUMBER, PHONE, "$argon2"]) {
            assert!(!shown.contains(secret), "`zhifa {command}` shows {secret}:\n{shown}");
        }
    }
    let shown = text(&outputs[outputs.len() - 2].1);
    assert!(shown.contains("赵某"), "`case show` names the party:\n{shown}");
    // The one place the number is shown: the case file itself, asked for.
    let file = station.zhifa(&["case", "show", &case, "--json"], "");
    assert!(common::ok(&file).contains(ID_NUMBER), "the case file holds the party's number");

    let store = Store::open(&station.db()).expect("store");
    let events = store.events(0, 100_000).expect("events");
    assert!(events.iter().any(|e| e.kind == "case.open"), "the case is in the log");
    assert!(events.iter().any(|e| e.kind == "officer.password_set"), "so is the new password");
    for event in &events {
        let recorded = without_digests(&format!("{event:?}"));
        for secret in SECRETS.iter().chain(&[ID_NUMBER, PHONE, "$argon2"]) {
            assert!(!recorded.contains(secret), "event {} holds {secret}", event.kind);
        }
    }
    no_files_but_the_database(&station);
}

/// Nothing was written into the home and XDG folders, and beside the database only its own
/// journal files exist.
fn no_files_but_the_database(station: &Station) {
    for folder in ["home", "config", "data", "state", "cache"] {
        let left: Vec<_> = std::fs::read_dir(station.path(folder))
            .expect("read")
            .map(|e| e.expect("entry").path())
            .collect();
        assert!(left.is_empty(), "zhifa wrote into {folder}: {left:?}");
    }
    let db_dir = station.path("db");
    for entry in std::fs::read_dir(&db_dir).expect("read") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        let own = ["z.db", "z.db-wal", "z.db-shm", "z.db-journal"];
        assert!(own.contains(&name.as_str()), "an unexpected file beside the database: {name}");
    }
    assert!(Path::new(&station.db()).exists());
}
