//! The report and the catalog search over every station at the centre (issues 14 and 16,
//! docs/CENTRAL.md): two stations with two years of generated casework each push to a real
//! PostgreSQL server of the test's own; `zhifa --central URL report` must give, figure by figure,
//! the sum of what each station's own `zhifa report` gives (its groups qualified by station,
//! `--by station` splitting them), and stay so when pushed again, after a push cut between its
//! steps, and after more work at a station; the 统计 tab over every station likewise. The
//! catalog published at the centre is searched there as a station searches its own.

mod common;

use chrono::{DateTime, Days, Utc};
use common::pg::PgServer;
use common::{json, ok, zhifa_at};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zhifa::domain::actor::Actor;
use zhifa::domain::station::StationCode;
use zhifa::store::{HistoryPlan, Store};

const NOW: &str = "2026-11-24T10:30:00+08:00";
const FROM: &str = "2025-06-01";
const TO: &str = "2026-11-24";

fn now() -> DateTime<Utc> {
    NOW.parse().unwrap_or_else(|e| panic!("now: {e}"))
}

/// A station file with `years` of generated casework (seed `seed`) and the code `code`.
fn generated_station(dir: &Path, code: &str, seed: u64) -> PathBuf {
    let path = dir.join(format!("{code}.db"));
    let mut store = Store::open(&path).expect("store");
    store.set_password_cost(zhifa::store::password::FAST_FOR_TESTS);
    let plan = HistoryPlan { scale: 0.0006, seed, years: 2 };
    let actor = Actor::new("system:test", "test", 1);
    let today = zhifa::clock::china_date(now());
    let first = today.checked_sub_days(Days::new(u64::from(plan.years) * 365)).expect("day");
    // Each station's first event its own (a database's first event names it at the centre).
    let seeded_at = now() - chrono::Duration::days(i64::from(plan.years) * 365 + 1)
        + chrono::Duration::seconds(seed as i64);
    zhifa::demo::seed_demo_editions(&mut store, &actor, seeded_at, first).expect("catalog");
    zhifa::demo::seed_demo_officers(&mut store, &actor, seeded_at).expect("officers");
    zhifa::bench::county::seed_county(&mut store, &actor, seeded_at).expect("county");
    let admin = login(&mut store, "QJ0001", seeded_at);
    store.generate_history(&admin, &plan, now()).expect("history");
    let code = StationCode::parse(code).expect("code");
    store.set_station(&admin, now(), &code, &format!("{code} 站")).expect("station");
    drop(store);
    path
}

fn login(store: &mut Store, badge: &str, at: DateTime<Utc>) -> zhifa::store::Identity {
    let password = zhifa::bench::county::demo_password(badge).expect("demo password");
    store.authenticate(&Actor::new("os:test", "test", 1), at, badge, &password).expect("login")
}

/// A case still at its lead asked to be filed by an officer of its team (a record changed by a
/// step: what the report counts by its stage).
fn more_case_work(db: &Path) {
    let mut store = Store::open(db).expect("store");
    store.set_password_cost(zhifa::store::password::FAST_FOR_TESTS);
    let officers = store.officers().expect("officers");
    let at = now() + chrono::Duration::minutes(6);
    let calendar = zhifa::calendar::shipped().expect("calendar");
    let rules = zhifa::domain::case_file::CaseRules::defaults(&calendar);
    let leads = store.open_cases().expect("cases");
    let lead =
        leads.iter().filter(|c| c.state.stage == zhifa::domain::case::Stage::Lead).find_map(|c| {
            let officer = officers.iter().find(|o| {
                o.active
                    && o.team.as_deref() == Some(c.team.as_str())
                    && o.role == zhifa::domain::officer::Role::Officer
                    && zhifa::bench::county::demo_password(&o.badge).is_some()
            })?;
            Some((c.id, officer.badge.clone()))
        });
    let (id, badge) = lead.expect("a lead with an officer of its team");
    let who = login(&mut store, &badge, at);
    let step = zhifa::domain::case::Step::RequestFiling;
    store.take_step(&who, at, id, &step, &rules).expect("request filing");
}

/// A patrol under way finished, or one planned started (a patrol changed).
fn more_patrol_work(db: &Path) {
    use zhifa::domain::patrol::PatrolStatus;
    let mut store = Store::open(db).expect("store");
    store.set_password_cost(zhifa::store::password::FAST_FOR_TESTS);
    let at = now() + chrono::Duration::minutes(7);
    let patrols = store.patrols(None, None).expect("patrols");
    let open = patrols
        .iter()
        .filter(|p| matches!(p.status, PatrolStatus::Planned | PatrolStatus::Underway))
        .find_map(|p| {
            let badge =
                p.officers.iter().find(|b| zhifa::bench::county::demo_password(b).is_some())?;
            Some((p.id, p.status, badge.clone()))
        });
    let (id, status, badge) = open.expect("a patrol planned or under way");
    let who = login(&mut store, &badge, at);
    if status == PatrolStatus::Planned {
        store.start_patrol(&who, at, id, at.naive_utc()).expect("start");
    } else {
        store.finish_patrol(&who, at, id, at.naive_utc(), "巡查完毕").expect("finish");
    }
}

/// More work at a station: a complaint taken in, others called back, replied to again,
/// transferred and linked as repeats (records created and records changed).
fn more_ticket_work(db: &Path) {
    let mut store = Store::open(db).expect("store");
    store.set_password_cost(zhifa::store::password::FAST_FOR_TESTS);
    let officer = &login(&mut store, "QJ1001", now());
    let at = now() + chrono::Duration::minutes(5);
    let tickets = store.tickets().expect("tickets");
    let replied: Vec<i64> =
        tickets.iter().filter(|t| t.status.key() == "replied").map(|t| t.id).collect();
    assert!(replied.len() >= 4, "{} replied", replied.len());
    let mut incoming = tickets[0].incoming.clone();
    incoming.number = String::new();
    incoming.received_at = at.naive_utc();
    let walk_in = store.take_in_ticket(officer, at, &incoming, None, None, None).expect("take in");
    store.callback_ticket(officer, at, replied[0], false, "回访").expect("callback");
    store.reply_ticket(officer, at, replied[0], "再次答复").expect("reply again");
    store.callback_ticket(officer, at, replied[1], true, "回访").expect("callback");
    store.transfer_ticket(officer, at, walk_in.id, "市场监管局", "不属本局职责").expect("transfer");
    store.link_ticket(officer, at, replied[2], replied[3]).expect("link");
}

/// `zhifa --db DB ARGS` at the test's moment.
fn zhifa(db: &Path, args: &[&str]) -> std::process::Output {
    zhifa_at(db, NOW, args, "")
}

fn sync(db: &Path, url: &str) -> Value {
    json(&zhifa(db, &["--central", url, "sync", "--json"]))
}

fn local_report(db: &Path, by: &str) -> Value {
    json(&zhifa(db, &["report", "--from", FROM, "--to", TO, "--by", by, "--format", "json"]))
}

fn centre_report(url: &str, by: &str) -> Value {
    let nowhere = Path::new("/nonexistent/station.db");
    let args = ["--central", url, "report", "--from", FROM, "--to", TO, "--by", by];
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    json(&zhifa(nowhere, &all))
}

/// A figure: its value and, for a rate, its denominator.
type Pair = (i64, Option<i64>);
/// A figure this period and last year (none where it has no earlier counterpart).
type Both = (Pair, Option<Pair>);
/// A group's figures by measure key.
type Figures = BTreeMap<String, Both>;

fn figures(report: &Value, group: &Value) -> Figures {
    let pair = |f: &Value| (f["value"].as_i64().expect("value"), f["of"].as_i64());
    let measures = report["measures"].as_array().expect("measures");
    measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let key = m["key"].as_str().expect("key").to_string();
            let before = group["last_year"][i].as_object().map(|_| pair(&group["last_year"][i]));
            (key, (pair(&group["figures"][i]), before))
        })
        .collect()
}

/// The figures of the group `key` (all zero when the report has no such group).
fn group(report: &Value, key: &str) -> Figures {
    let groups = report["groups"].as_array().expect("groups");
    match groups.iter().find(|g| g["key"] == key) {
        Some(g) => figures(report, g),
        None => figures(report, &report["total"]).into_keys().map(|k| (k, zero())).collect(),
    }
}

fn zero() -> Both {
    ((0, None), None)
}

/// The figures summed, measure by measure (a measure one side lacks counts zero; a rate's
/// numerator and denominator are summed).
fn sum(parts: &[Figures]) -> Figures {
    let add = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
    };
    let mut total = Figures::new();
    for part in parts {
        for (key, ((v, of), before)) in part {
            let entry = total.entry(key.clone()).or_insert_with(zero);
            entry.0 = (entry.0 .0 + v, add(entry.0 .1, *of));
            entry.1 = match (entry.1, before) {
                (None, None) => None,
                (a, b) => {
                    let (a, b) = (a.unwrap_or((0, None)), b.unwrap_or((0, None)));
                    Some((a.0 + b.0, add(a.1, b.1)))
                }
            };
        }
    }
    total
}

/// Measures one side lacks are zero on the other: compared on the union of keys.
fn assert_same(what: &str, centre: &Figures, expected: &Figures) {
    let keys: std::collections::BTreeSet<&String> = centre.keys().chain(expected.keys()).collect();
    for key in keys {
        let normal = |f: Option<&Both>| {
            let ((v, of), before) = f.copied().unwrap_or_else(zero);
            let before = before.map(|(b, bof)| (b, bof.unwrap_or(0)));
            ((v, of.unwrap_or(0)), before.filter(|b| *b != (0, 0)))
        };
        assert_eq!(normal(centre.get(key)), normal(expected.get(key)), "{what}: figure {key}");
    }
}

/// Every grouping: the centre's total is the sum of the stations' totals; each group is the
/// stations' groups of that key (team, grid and officer qualified by the station).
fn assert_centre_sums(url: &str, stations: &[(&str, &Path)]) {
    for by in ["team", "grid", "domain", "department", "officer", "month"] {
        let centre = centre_report(url, by);
        let locals: Vec<(&str, Value)> =
            stations.iter().map(|(code, db)| (*code, local_report(db, by))).collect();
        let totals: Vec<Figures> = locals.iter().map(|(_, r)| figures(r, &r["total"])).collect();
        assert_same(&format!("by {by}: total"), &figures(&centre, &centre["total"]), &sum(&totals));
        let qualified = matches!(by, "team" | "grid" | "officer");
        let mut expected_keys = std::collections::BTreeSet::new();
        for (code, local) in &locals {
            for g in local["groups"].as_array().expect("groups") {
                let key = g["key"].as_str().expect("key");
                expected_keys.insert(if qualified && key != "—" {
                    format!("{code}/{key}")
                } else {
                    key.to_string()
                });
            }
        }
        let centre_keys: std::collections::BTreeSet<String> = centre["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|g| g["key"].as_str().expect("key").to_string())
            .collect();
        assert_eq!(centre_keys, expected_keys, "by {by}: the groups");
        for key in &centre_keys {
            let parts: Vec<Figures> = locals
                .iter()
                .map(|(code, local)| match key.split_once('/') {
                    Some((station, local_key)) if qualified => {
                        if station == *code {
                            group(local, local_key)
                        } else {
                            Figures::new()
                        }
                    }
                    _ => group(local, key),
                })
                .collect();
            assert_same(&format!("by {by}: group {key}"), &group(&centre, key), &sum(&parts));
        }
    }
    // By station: each station's group is its own total.
    let by_station = centre_report(url, "station");
    for (code, db) in stations {
        let local = local_report(db, "team");
        assert_same(
            &format!("by station: {code}"),
            &group(&by_station, code),
            &figures(&local, &local["total"]),
        );
    }
}

/// The 统计 tab over every station (`c` on the tab): the year's figures read at the centre are
/// each station's own tab's figures, its total their sum, its weekly cases their weeks added up.
fn assert_tab_adds_up(url: &str, stations: &[(&str, &Path)]) {
    use zhifa::report::{GroupBy, PeriodKind};
    use zhifa::tui::screens::stats;
    let today = zhifa::clock::china_date(now());
    let year = PeriodKind::Year.around(today);
    let centre = stats::read_at_centre(url, year, GroupBy::Station, today).expect("the centre");
    let at = centre.centre.as_ref().expect("read at the centre");
    assert_eq!(at.stations, stations.len());
    assert!(at.behind.is_empty(), "every station's facts complete: {:?}", at.behind);
    let centre_report = serde_json::to_value(&centre.report).expect("json");
    let mut totals = Vec::new();
    let mut weekly = vec![0; centre.weekly.len()];
    for (code, db) in stations {
        let store = Store::open(db).expect("store");
        let own = stats::read(&store, year, GroupBy::Team, today).expect("the station's own");
        let own_report = serde_json::to_value(&own.report).expect("json");
        let own_total = figures(&own_report, &own_report["total"]);
        assert_same(&format!("统计 tab: {code}"), &group(&centre_report, code), &own_total);
        totals.push(own_total);
        assert_eq!(own.weekly.len(), weekly.len(), "{code}: the same weeks");
        for (week, n) in weekly.iter_mut().zip(&own.weekly) {
            *week += n;
        }
    }
    let total = figures(&centre_report, &centre_report["total"]);
    assert_same("统计 tab: total", &total, &sum(&totals));
    assert!(weekly.iter().sum::<u64>() > 0, "cases opened this year: {weekly:?}");
    assert_eq!(centre.weekly, weekly, "cases per week, every station's added up");
}

#[test]
fn the_centres_report_is_the_sum_of_every_stations_own_figure_by_figure() {
    let Some(pg) = PgServer::start("the_centres_report_is_the_sum") else { return };
    let url = pg.database("report");
    let dir = tempfile::tempdir().expect("tmp");
    // Both stations are seeded as the county is: the same team codes (T01…), told apart at
    // the centre by their station.
    let gx = generated_station(dir.path(), "GX", 11);
    let qj = generated_station(dir.path(), "QJ", 23);
    let stations = [("GX", gx.as_path()), ("QJ", qj.as_path())];

    let mut first_rows = 0;
    for (_, db) in &stations {
        // Batches of 200 events: the facts go in steps of 2,000 events, several each.
        let pushed = json(&zhifa(db, &["--central", &url, "sync", "--batch", "200", "--json"]));
        let (events, facts) = (pushed["pushed"].as_i64(), pushed["facts_rows"].as_i64());
        assert!(facts.is_some_and(|f| f > 0), "{pushed}");
        eprintln!(
            "first push: {events:?} events, {facts:?} facts rows, {} people rows",
            pushed["people_rows"]
        );
        first_rows += facts.unwrap_or(0);
    }
    let local_total = local_report(&gx, "team");
    assert!(
        figures(&local_total, &local_total["total"])["patrols_planned"].0 .0 > 20,
        "generated work to count: {local_total}"
    );
    assert_centre_sums(&url, &stations);
    assert_tab_adds_up(&url, &stations);
    let table =
        ok(&zhifa(Path::new("/nonexistent.db"), &["--central", &url, "report", "--by", "station"]));
    assert!(table.contains("GX 站") && table.contains("QJ 站"), "{table}");

    // Pushed again: nothing is sent, nothing changes.
    let before = centre_report(&url, "team");
    let before_by_station = centre_report(&url, "station");
    for (_, db) in &stations {
        let again = sync(db, &url);
        assert_eq!((again["pushed"].as_i64(), again["facts_rows"].as_i64()), (Some(0), Some(0)));
    }
    assert_eq!(centre_report(&url, "team"), before);

    // A push cut between its steps: QJ's facts at the centre as the first step left them (the
    // later records missing, the mark in the middle); the next push completes them.
    let mut centre = zhifa::central::Centre::connect(&url).expect("centre");
    let head = centre.station("QJ").expect("station").expect("QJ").head_seq;
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("client");
    let mid = head / 2;
    client
        .batch_execute(
            "DELETE FROM report_patrols WHERE station = 'QJ';
             DELETE FROM report_reinspections WHERE station = 'QJ';
             DELETE FROM report_tickets WHERE station = 'QJ';
             DELETE FROM report_cases WHERE station = 'QJ';
             UPDATE report_facts_pushed SET through_seq = 0 WHERE station = 'QJ';",
        )
        .expect("reset");
    let store = Store::open(&qj).expect("store");
    let first_step = store.touched_facts(0, mid, false).expect("facts");
    assert!(centre.push_facts("QJ", 0, mid, &first_step).expect("push"));
    // A stale step (from a mark that moved on) is refused, nothing written.
    assert!(!centre.push_facts("QJ", 0, mid, &first_step).expect("refused"));
    let cut = centre_report(&url, "station");
    assert_ne!(
        group(&cut, "QJ"),
        group(&before_by_station, "QJ"),
        "the cut lost QJ's later records"
    );
    assert_eq!(group(&cut, "GX"), group(&before_by_station, "GX"));
    let out = zhifa(Path::new("/nonexistent.db"), &["--central", &url, "report"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("站点 QJ 在中心的统计数据只到第"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `central status` shows the mark: QJ's facts up to the middle, GX's complete.
    let nowhere = Path::new("/nonexistent.db");
    let status = json(&zhifa(nowhere, &["--central", &url, "central", "status", "--json"]));
    let row =
        |code: &str| status.as_array().and_then(|a| a.iter().find(|s| s["code"] == code)).cloned();
    let qj_row = row("QJ").expect("QJ at the centre");
    assert_eq!(
        (qj_row["facts_through"].as_i64(), qj_row["head_seq"].as_i64()),
        (Some(mid), Some(head))
    );
    let gx_row = row("GX").expect("GX at the centre");
    assert_eq!(gx_row["facts_through"], gx_row["head_seq"], "{status}");
    let table = ok(&zhifa(nowhere, &["--central", &url, "central", "status"]));
    assert!(table.contains(&format!("{mid}（待补齐）")) && table.contains("齐"), "{table}");
    let resumed = sync(&qj, &url);
    assert_eq!(resumed["pushed"].as_i64(), Some(0), "{resumed}");
    assert!(resumed["facts_rows"].as_i64().is_some_and(|f| f > 0), "{resumed}");
    assert_eq!(centre_report(&url, "team"), before, "resumed: as before the cut");

    // More work at QJ: the records created and changed are sent, and only those.
    more_ticket_work(&qj);
    more_case_work(&qj);
    more_patrol_work(&qj);
    let after_work = sync(&qj, &url);
    let sent = after_work["facts_rows"].as_i64().expect("facts rows");
    assert!((3..=8).contains(&sent), "the touched tickets, case and patrol only: {after_work}");
    assert_ne!(centre_report(&url, "team"), before);
    assert_centre_sums(&url, &stations);
    assert_tab_adds_up(&url, &stations);
    eprintln!("facts rows: first pushes {first_rows}, a day's ticket work {sent}");
}

const ADMIN: (&str, &str) = ("QJ0001", "demo-admin-2026\n");

/// `zhifa --db DB --as BADGE --password-stdin ARGS`.
fn as_who(db: &Path, who: (&str, &str), args: &[&str]) -> std::process::Output {
    let mut all = vec!["--as", who.0, "--password-stdin"];
    all.extend_from_slice(args);
    zhifa_at(db, NOW, &all, who.1)
}

fn search_codes(hits: &Value) -> Vec<(String, String)> {
    hits.as_array()
        .expect("hits")
        .iter()
        .map(|h| {
            let code = h["code"].as_str().expect("code").to_string();
            (code, format!("{}/{}", h["match_kind"], h["score"]))
        })
        .collect()
}

#[test]
fn the_catalog_published_at_the_centre_is_searched_there_as_a_station_searches_it() {
    let Some(pg) = PgServer::start("the_catalog_published_at_the_centre_is_searched") else {
        return;
    };
    let url = pg.database("search");
    let dir = tempfile::tempdir().expect("tmp");
    let gx = dir.path().join("gx.db");
    ok(&zhifa(&gx, &["demo"]));
    ok(&as_who(&gx, ADMIN, &["station", "set", "GX", "高新站"]));
    let nowhere = Path::new("/nonexistent/station.db");
    let search = |args: &[&str]| {
        let mut all = vec!["--central", url.as_str(), "catalog", "search"];
        all.extend_from_slice(args);
        zhifa(nowhere, &all)
    };

    // Nothing published yet: said, exit 2.
    let none = search(&["堆放物料"]);
    assert_eq!(none.status.code(), Some(2), "{}", String::from_utf8_lossy(&none.stderr));
    assert!(String::from_utf8_lossy(&none.stderr).contains("中心尚未发布任何目录版本"));

    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("db/demo/catalog-v2.json");
    let file = file.to_str().expect("utf-8");
    ok(&as_who(
        &gx,
        ADMIN,
        &[
            "--central",
            &url,
            "central",
            "catalog",
            "publish",
            file,
            "--label",
            "市目录2026",
            "--effective",
            "2026-11-24",
        ],
    ));

    // By Chinese text, and by pinyin initials (堆放物料: dfwl).
    let by_text = json(&search(&["擅自堆放物料", "--json"]));
    assert_eq!(by_text[0]["code"], "330217101003", "{by_text}");
    assert_eq!(by_text[0]["version"], "市目录2026");
    let by_initials = json(&search(&["dfwl", "--json"]));
    assert!(
        by_initials.as_array().expect("hits").iter().any(|h| h["code"] == "330217101003"),
        "{by_initials}"
    );
    let table = ok(&search(&["擅自堆放物料"]));
    assert!(
        table.starts_with("目录版本 市目录2026：") && table.contains("330217101003"),
        "{table}"
    );

    // The station takes the version in (in force today) and finds the same.
    ok(&zhifa(&gx, &["--central", &url, "sync"]));
    for query in ["擅自堆放物料", "dfwl", "油烟"] {
        let here =
            json(&zhifa(&gx, &["catalog", "search", query, "--json", "--version", "市目录2026"]));
        let there = json(&search(&[query, "--json"]));
        assert_eq!(search_codes(&there), search_codes(&here), "{query}");
    }
    let local_table =
        ok(&zhifa(&gx, &["catalog", "search", "擅自堆放物料", "--version", "市目录2026"]));
    assert_eq!(table, local_table, "the same output");

    // Grouping by station is the centre's: a station's own report refuses it.
    let local = zhifa(&gx, &["report", "--by", "station"]);
    assert_eq!(local.status.code(), Some(2), "{}", String::from_utf8_lossy(&local.stderr));
    assert!(String::from_utf8_lossy(&local.stderr).contains("按站点分组只在中心统计"));

    // Refused at the centre: a choice to record, a label not published.
    assert_eq!(search(&["堆放", "--choose", "330217101003"]).status.code(), Some(2));
    assert_eq!(search(&["堆放", "--version", "无此版本"]).status.code(), Some(2));
}
