//! Cases whose deadlines reach a year with no notice: counted on the provisional year and
//! marked, recomputed when the notice is loaded (the moved dates listed), and never dropped from
//! an urgency list when they cannot be counted at all.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::{json, ok, zhifa_with_stdin};
use zhifa::demo::{seed_demo, seed_demo_officers};
use zhifa::domain::actor::Actor;
use zhifa::domain::case_file::{CaseSource, NewCase};
use zhifa::store::{password, Store};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("instant")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn lead(lead_on: &str) -> NewCase {
    NewCase {
        team: "QX01".into(),
        source: CaseSource::Ticket,
        ticket: None,
        place: "滨江路".into(),
        grid: None,
        facts: "夜间施工噪声".into(),
        act_on: day("2026-10-30"),
        lead_on: day(lead_on),
        serious: false,
        items: vec!["330217101001".into()],
        parties: vec![],
        legal_review_required: false,
        finding: None,
    }
}

const Y2027: &str = "year = 2027\nsource = \"国务院办公厅关于2027年部分节假日安排的通知\"\n\
[[holidays]]\nname = \"元旦\"\noff = [\"2027-01-01..2027-01-03\"]\n";

#[test]
fn provisional_dates_are_marked_moved_on_load_and_uncounted_ones_listed_with_the_reason() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    {
        let mut store = Store::open(&db).expect("store");
        store.set_password_cost(password::FAST_FOR_TESTS);
        let actor = Actor::new("system:demo", "test", 1);
        let now = at("2026-11-24T02:00:00Z");
        seed_demo(&mut store, &actor, now).expect("catalog");
        seed_demo_officers(&mut store, &actor, now).expect("officers");
        let zhang = store
            .authenticate(&Actor::new("os:t", "t", 1), now, "QJ1001", "100100")
            .expect("login");
        store.open_case(&zhang, now, &lead("2026-11-20")).expect("lead of November");
        // A lead is recorded on or after the day it is found (never dated ahead of the clock):
        // these two are recorded on their own days.
        let december = at("2026-12-28T02:00:00Z");
        store.open_case(&zhang, december, &lead("2026-12-28")).expect("lead of 28 December");
        let admin = store
            .authenticate(&Actor::new("os:t", "t", 1), now, "QJ0001", "demo-admin-2026")
            .expect("admin");
        let later = zhifa::domain::officer::NewOfficer {
            badge: "QJ1099".into(),
            name: "周执法".into(),
            role: zhifa::domain::officer::Role::Officer,
            team: Some("QX01".into()),
            cert_expiry: Some(day("2040-12-31")),
        };
        store.add_officer(&admin, now, &later, "109900").expect("an officer of 2035");
        let in_2035 = at("2035-12-28T02:00:00Z");
        let zhou = store
            .authenticate(&Actor::new("os:t", "t", 1), in_2035, "QJ1099", "109900")
            .expect("login");
        store.open_case(&zhou, in_2035, &lead("2035-12-28")).expect("lead beyond the table");
    }
    let listed = json(&zhifa_with_stdin(&db, &["case", "list", "--json"], ""));
    let filing = |id: i64| -> serde_json::Value {
        let cases = listed.as_array().expect("cases");
        let case = cases.iter().find(|c| c["id"] == id).expect("case");
        case["deadlines"][0].clone()
    };
    // Filing, 10 working days, the bureau's (APL art. 54): on the provisional 2027 the days the
    // notice may still move count as working: 29–31 December, 2–8 January.
    assert_eq!(
        (filing(2)["due"].as_str(), &filing(2)["provisional"]),
        (Some("2027-01-08"), &true.into())
    );
    assert_eq!(filing(1)["provisional"], false, "counted on the 2026 notice");
    assert_eq!((filing(3)["due"].is_null(), filing(3)["gap"].as_i64()), (true, Some(2036)));

    // The overdue list keeps the case that cannot be counted, with the reason.
    let text = ok(&zhifa_with_stdin(&db, &["case", "list", "--overdue"], ""));
    assert!(text.contains("无法计算（缺 2036 年日历）"), "{text}");
    let text = ok(&zhifa_with_stdin(&db, &["case", "list"], ""));
    assert!(text.contains("2027-01-08（暂定）"), "{text}");

    // The notice is loaded: the filing deadline moves to 12 January and the load says so.
    let file = dir.path().join("2027.toml");
    std::fs::write(&file, Y2027).expect("write");
    let load =
        ["--as", "QJ0001", "--password-stdin", "calendar", "load", file.to_str().expect("path")];
    let out = ok(&zhifa_with_stdin(&db, &load, "demo-admin-2026\n"));
    assert!(out.contains("期限变动的在办案件：1 项"), "{out}");
    assert!(out.contains("#2 立案 2027-01-08 → 2027-01-12"), "{out}");
    let listed = json(&zhifa_with_stdin(&db, &["case", "list", "--json"], ""));
    let case = &listed.as_array().expect("cases").iter().find(|c| c["id"] == 2).expect("case 2");
    assert_eq!(case["deadlines"][0]["due"], "2027-01-12");
    assert_eq!(case["deadlines"][0]["provisional"], false);
}
