//! The interface pushes its station's events to the centre in the background (issue 14,
//! docs/CENTRAL.md): the real binary in tmux on a station database, a real PostgreSQL server; the
//! status line says when it last synced, and work recorded meanwhile (by another terminal) reaches
//! the centre without anyone running `zhifa sync`. Skipped with a message where tmux or
//! PostgreSQL is missing.

mod common;

use common::pg::{local_events, PgServer};
use common::tmux::{quoted, Tmux};
use common::{ok, zhifa_with_stdin};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn held(url: &str) -> i64 {
    let mut c = postgres::Client::connect(url, postgres::NoTls).expect("centre");
    c.query_opt("SELECT head_seq FROM stations WHERE code = 'GX'", &[])
        .ok()
        .flatten()
        .map_or(0, |r| r.get(0))
}

/// The demo database as station GX, in `dir`.
fn station(dir: &Path) -> PathBuf {
    let db = dir.join("gx.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    let admin = ["--as", "QJ0001", "--password-stdin", "station", "set", "GX", "高新站"];
    ok(&zhifa_with_stdin(&db, &admin, "demo-admin-2026\n"));
    db
}

/// The environment of an interface that pushes to `url` every second.
fn syncing_every_second(dir: &Path, url: &str) -> String {
    let config = dir.join("config.toml");
    std::fs::write(&config, "[central]\nevery_secs = 1\n").expect("config");
    format!("ZHIFA_CONFIG={} ZHIFA_CENTRAL={}", quoted(&config), url)
}

/// The interface on `db`, pushing to `url` every second, an officer logged in, a first push made.
fn logged_in_and_syncing(tmux: &Tmux, dir: &Path, db: &Path, url: &str) {
    let env = syncing_every_second(dir, url);
    tmux.launch(&env, &format!("--db {}", quoted(db)));
    tmux.wait_for("the login", |s| s.contains("登录"));
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("a first push", |s| s.contains("已同步"));
}

#[test]
fn the_interface_syncs_in_the_background_and_says_so() {
    let Some(tmux) = Tmux::start() else { return };
    let Some(pg) = PgServer::start("the_interface_syncs_in_the_background") else { return };
    let url = pg.database("tui");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path());
    logged_in_and_syncing(&tmux, dir.path(), &db, &url);
    let start = Instant::now();
    while held(&url) < local_events(&db) && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(held(&url), local_events(&db), "the login and all before it at the centre");

    // Another terminal takes in complaints; they reach the centre with no one running sync.
    let feed = dir.path().join("feed.csv");
    std::fs::write(
        &feed,
        "工单编号,来源渠道,受理时间,事发地址,诉求内容,办理时限\n\
         QJ2026990001,12345热线,2026-11-23 09:15,青溪路1号,夜间施工噪声,2026-11-26\n",
    )
    .expect("feed");
    let import = ["--as", "QJ1001", "--password-stdin", "ticket", "import"];
    let mut args = import.to_vec();
    args.push(feed.to_str().expect("utf-8"));
    ok(&zhifa_with_stdin(&db, &args, "100100\n"));
    let written = Instant::now();
    let total = local_events(&db);
    while held(&url) < total && written.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(held(&url), total, "the new work reached the centre");
    eprintln!("a new event at the centre {} ms after it was made", written.elapsed().as_millis());
    assert!(tmux.screen().contains("已同步"), "{}", tmux.screen());

    // The search field has the keys: Ctrl-C quits from anywhere.
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);
}

#[test]
fn an_officer_takes_in_the_complaints_the_centre_dispatched_with_one_key() {
    let Some(tmux) = Tmux::start() else { return };
    let Some(pg) = PgServer::start("an_officer_takes_in_the_complaints") else { return };
    let url = pg.database("dispatch");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path());
    ok(&zhifa_with_stdin(&db, &["--central", &url, "sync"], ""));
    let feed = dir.path().join("desk.csv");
    std::fs::write(
        &feed,
        "工单编号,来源渠道,受理时间,事发地址,诉求内容,办理时限\n\
         D2026-0042,12345热线,2026-11-24 08:30,滨江路9号,夜间施工噪声扰民,2026-11-28\n",
    )
    .expect("feed");
    let nowhere = dir.path().join("none.db");
    let dispatch = ["--central", &url, "central", "dispatch", "--station", "GX"];
    let mut args = dispatch.to_vec();
    args.push(feed.to_str().expect("utf-8"));
    ok(&zhifa_with_stdin(&nowhere, &args, ""));

    let env = syncing_every_second(dir.path(), &url);
    tmux.launch(&env, &format!("--db {}", quoted(&db)));
    tmux.wait_for("the login", |s| s.contains("登录"));
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("the complaint waiting", |s| s.contains("待收投诉 1（投诉页 c）"));
    tmux.keys(&["Tab", "]", "]", "]"]);
    tmux.wait_for("the complaints tab", |s| s.contains("投诉举报"));
    tmux.keys(&["c"]);
    tmux.wait_for("taken in", |s| s.contains("已接收中心派发的投诉 1 件"));
    tmux.wait_for("listed", |s| s.contains("D2026-0042"));
    tmux.wait_for("nothing waits any more", |s| !s.contains("待收投诉"));
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);
    let list = ok(&zhifa_with_stdin(&db, &["ticket", "list"], ""));
    assert_eq!(list.matches("D2026-0042").count(), 1, "{list}");
}

/// The total column of the row `label` on the 统计 tab (the first figure after the label).
fn total_of(screen: &str, label: &str) -> Option<i64> {
    let line = screen.lines().find(|l| l.trim_start().starts_with(label))?;
    line.trim_start()[label.len()..].split_whitespace().next()?.parse().ok()
}

#[test]
fn the_statistics_tab_turns_to_every_station_at_the_centre_with_one_key() {
    let Some(tmux) = Tmux::start() else { return };
    let Some(pg) = PgServer::start("the_statistics_tab_turns_to_every_station") else { return };
    let url = pg.database("stats");
    let dir = tempfile::tempdir().expect("tmp");
    let db = station(dir.path());
    logged_in_and_syncing(&tmux, dir.path(), &db, &url);
    tmux.keys(&["Tab", "]", "]", "]", "]"]);
    let own = tmux.wait_for("this station's figures", |s| {
        s.contains("统计·本站（月）") && total_of(s, "计划巡查").is_some()
    });
    let planned = total_of(&own, "计划巡查");

    tmux.keys(&["c"]);
    let centre = tmux.wait_for("every station's figures", |s| {
        s.contains("统计·全局 1 站（月）") && total_of(s, "计划巡查").is_some()
    });
    // One station: the centre's figures are its own, and what `zhifa --central report` says.
    assert_eq!(total_of(&centre, "计划巡查"), planned, "{centre}");
    assert!(centre.contains("GX 青溪中队"), "teams named by their station: {centre}");
    let nowhere = dir.path().join("none.db");
    let args = ["--central", &url, "report", "--from", "2026-11-01", "--to", "2026-11-30"];
    let report = ok(&zhifa_with_stdin(&nowhere, &[&args[..], &["--format", "json"]].concat(), ""));
    let report: serde_json::Value = serde_json::from_str(&report).expect("json");
    let at = report["measures"]
        .as_array()
        .and_then(|m| m.iter().position(|m| m["key"] == "patrols_planned"))
        .expect("patrols planned");
    assert_eq!(report["total"]["figures"][at]["value"].as_i64(), planned);

    // Enter: the records are at their station.
    tmux.keys(&["Enter"]);
    tmux.wait_for("where the records are", |s| s.contains("请在该站的统计页打开"));
    tmux.keys(&["Escape"]);
    std::thread::sleep(std::time::Duration::from_millis(150));
    // b through the groupings to by station; c back to this station's own.
    for _ in 0..6 {
        tmux.keys(&["b"]);
    }
    tmux.wait_for("by station", |s| s.contains("按站点") && s.contains(" 高新站"));
    tmux.keys(&["c"]);
    tmux.wait_for("this station's again, by team", |s| {
        s.contains("统计·本站（月）") && s.contains("按中队") && total_of(s, "计划巡查") == planned
    });
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);
}
