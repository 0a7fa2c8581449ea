//! `zhifa case list / show`: the statutory clocks of each case as scripts see them: due dates
//! with their articles, overdue filtering, lookup by case number.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::{json, zhifa_with_stdin};
use zhifa::calendar::shipped;
use zhifa::demo::{seed_demo, seed_demo_officers};
use zhifa::domain::actor::Actor;
use zhifa::domain::case::Step;
use zhifa::domain::case_file::{CaseRules, CaseSource, NewCase};
use zhifa::store::{password, Store};

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
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

#[test]
fn list_and_show_carry_the_deadlines_and_their_articles() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    {
        let mut store = Store::open(&db).expect("store");
        store.set_password_cost(password::FAST_FOR_TESTS);
        let actor = Actor::new("system:demo", "test", 1);
        seed_demo(&mut store, &actor, now()).expect("catalog");
        seed_demo_officers(&mut store, &actor, now()).expect("officers");
        let origin = Actor::new("os:t", "t", 1);
        let zhang = store.authenticate(&origin, now(), "QJ1001", "100100").expect("login");
        let chen = store.authenticate(&origin, now(), "QJ0100", "010100").expect("login");
        let calendar = shipped().expect("calendar");
        store.open_case(&zhang, now(), &lead("2026-11-01")).expect("late lead");
        let filed = store.open_case(&zhang, now(), &lead("2026-11-20")).expect("lead");
        store
            .take_step(
                &zhang,
                now(),
                filed.id,
                &Step::RequestFiling,
                &CaseRules::defaults(&calendar),
            )
            .expect("ask");
        let approve = Step::ApproveFiling { on: day("2026-11-21"), opinion: "同意立案".into() };
        store
            .take_step(&chen, now(), filed.id, &approve, &CaseRules::defaults(&calendar))
            .expect("file");
        let asked = store.open_case(&zhang, now(), &lead("2026-11-20")).expect("lead");
        let rules = CaseRules::defaults(&calendar);
        store.take_step(&zhang, now(), asked.id, &Step::RequestFiling, &rules).expect("ask");
        let two = Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()]);
        store.take_step(&zhang, now(), filed.id, &two, &rules).expect("investigators");
    }
    let all = json(&zhifa_with_stdin(&db, &["case", "list", "--json"], ""));
    assert_eq!(all.as_array().map(Vec::len), Some(3));
    let overdue = json(&zhifa_with_stdin(&db, &["case", "list", "--overdue", "--json"], ""));
    let overdue = overdue.as_array().expect("array");
    assert_eq!(overdue.len(), 1, "the lead of 1 November was not filed within 10 working days");
    let filing = &overdue[0]["deadlines"][0];
    assert_eq!(
        (filing["kind"].as_str(), filing["due"].as_str()),
        (Some("filing"), Some("2026-11-13"))
    );
    assert!(filing["basis"].as_str().is_some_and(|b| b.contains("第五十四条")));

    let shown =
        json(&zhifa_with_stdin(&db, &["case", "show", "〔2026〕综执罚字第1号", "--json"], ""));
    let decision = &shown["deadlines"][0];
    assert_eq!(decision["kind"], "decision");
    assert_eq!(decision["due"], "2027-02-19", "90 days from filing on 21 November");
    assert_eq!(decision["days_left"], 87);
    assert!(decision["basis"].as_str().is_some_and(|b| b.contains("第六十条")));
    let text = common::ok(&zhifa_with_stdin(&db, &["case", "show", "〔2026〕综执罚字第1号"], ""));
    assert!(text.contains("作出处罚决定 2027-02-19") && text.contains("立案审批"), "{text}");
    let missing = zhifa_with_stdin(&db, &["case", "show", "〔2026〕综执罚字第9号"], "");
    assert!(!missing.status.success());
    // The desks: the officer's investigations, and what waits for the leader.
    let desk = |args: &[&str]| {
        let mut all = vec!["case", "list", "--json"];
        all.extend_from_slice(args);
        let listed = json(&zhifa_with_stdin(&db, &all, ""));
        listed.as_array().expect("array").iter().map(|c| c["id"].as_i64()).collect::<Vec<_>>()
    };
    assert_eq!(desk(&["--officer", "QJ1001"]), [Some(2)]);
    assert_eq!(desk(&["--officer", "QJ2001"]), []);
    assert_eq!(desk(&["--awaiting-approval"]), [Some(3)]);
}
