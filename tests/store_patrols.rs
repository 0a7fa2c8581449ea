//! Patrols on the demo database: planned by the leader for officers of the team, run, findings
//! recorded only while underway (never edited), finished and signed off; the daily list and
//! `zhifa patrol list` show them.

mod common;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use common::{json, zhifa_with_stdin};
use zhifa::demo::{seed_demo, seed_demo_officers};
use zhifa::domain::actor::Actor;
use zhifa::domain::patrol::{
    Evidence, Finding, FindingAction, NewPatrol, PatrolKind, PatrolStatus,
};
use zhifa::store::{password, Identity, PatrolRefusal, Store, StoreError};

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
}

/// The demo catalog and accounts in a database in memory.
fn demo_in_memory() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let actor = Actor::new("system:demo", "test", 1);
    seed_demo(&mut store, &actor, now()).expect("catalog");
    seed_demo_officers(&mut store, &actor, now()).expect("officers");
    store
}

fn login(store: &mut Store, badge: &str, password: &str) -> Identity {
    store.authenticate(&Actor::new("os:t", "t", 1), now(), badge, password).expect("login")
}

fn plan() -> NewPatrol {
    NewPatrol {
        team: "QX01".into(),
        kind: PatrolKind::Daily,
        grids: vec!["QX01-01".into(), "QX01-02".into()],
        route: String::new(),
        officers: vec!["QJ1001".into(), "QJ2001".into()],
        planned_start: at("2026-11-24 09:00"),
        planned_end: at("2026-11-24 11:30"),
        ticket: None,
    }
}

fn finding(action: FindingAction) -> Finding {
    Finding {
        at: at("2026-11-24 09:40"),
        place: "青溪路文昌阁旁人行道".into(),
        grid: Some("QX01-01".into()),
        item: "330217101008".into(),
        description: "水果摊占用人行道约4平方米".into(),
        evidence: vec![Evidence { name: "IMG_0412.jpg".into(), sha256: "ab".repeat(32) }],
        action,
        reinspects: None,
    }
}

#[test]
fn a_patrol_runs_from_plan_to_sign_off() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let id = {
        let mut store = Store::open(&db).expect("store");
        store.set_password_cost(password::FAST_FOR_TESTS);
        let actor = Actor::new("system:demo", "test", 1);
        seed_demo(&mut store, &actor, now()).expect("catalog");
        seed_demo_officers(&mut store, &actor, now()).expect("officers");
        let zhang = login(&mut store, "QJ1001", "100100");
        let chen = login(&mut store, "QJ3001", "300100");
        let wang = login(&mut store, "QJ2001", "200100");
        assert!(store.plan_patrol(&zhang, now(), &plan()).is_err(), "officers do not plan");
        let mut outsider = plan();
        outsider.officers.push("QJ4001".into());
        let refused = store.plan_patrol(&chen, now(), &outsider);
        assert!(matches!(refused, Err(StoreError::Patrol(PatrolRefusal::NotOfTeam(_)))));
        let patrol = store.plan_patrol(&chen, now(), &plan()).expect("plan");
        let early =
            store.record_finding(&wang, now(), patrol.id, &finding(FindingAction::Education));
        assert!(matches!(early, Err(StoreError::Patrol(PatrolRefusal::WrongStatus { .. }))));
        store.start_patrol(&zhang, now(), patrol.id, at("2026-11-24 09:05")).expect("start");
        let by = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        store
            .record_finding(&wang, now(), patrol.id, &finding(FindingAction::Order { by }))
            .expect("finding");
        store
            .record_finding(&zhang, now(), patrol.id, &finding(FindingAction::Corrected))
            .expect("finding");
        let done = store
            .finish_patrol(
                &zhang,
                now(),
                patrol.id,
                at("2026-11-24 11:20"),
                "巡查两处，责令改正一处",
            )
            .expect("finish");
        assert_eq!(done.status, PatrolStatus::Finished);
        assert!(store.sign_off_patrol(&zhang, now(), patrol.id).is_err(), "the leader signs off");
        let signed = store.sign_off_patrol(&chen, now(), patrol.id).expect("sign off");
        assert_eq!(
            (signed.status, signed.signed_off_by.as_deref()),
            (PatrolStatus::SignedOff, Some("QJ3001"))
        );
        let findings = store.findings(patrol.id).expect("findings");
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].action, FindingAction::Order { by });
        patrol.id
    };
    let list =
        json(&zhifa_with_stdin(&db, &["patrol", "list", "--day", "2026-11-24", "--json"], ""));
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["findings"].as_array().map(Vec::len), Some(2));
    let other_day =
        json(&zhifa_with_stdin(&db, &["patrol", "list", "--day", "2026-11-25", "--json"], ""));
    assert_eq!(other_day.as_array().map(Vec::len), Some(0));
}

/// A complaint becomes a patrol task, the patrol finds the act, and the finding becomes a case
/// that names it: nothing typed twice, every link checked.
#[test]
fn a_ticket_becomes_a_patrol_task_and_its_finding_a_case() {
    use zhifa::domain::case_file::{CaseSource, NewCase};
    use zhifa::domain::ticket::{Channel, IncomingTicket, Reporter};
    use zhifa::store::CaseRefusal;
    let mut store = demo_in_memory();
    let zhang = login(&mut store, "QJ1001", "100100");
    let chen = login(&mut store, "QJ3001", "300100");
    let incoming = IncomingTicket {
        number: "12345-0001".into(),
        channel: Channel::Hotline,
        received_at: at("2026-11-23 08:00"),
        reporter: Reporter { name: "李某".into(), phone: String::new(), anonymous: false },
        place: "青溪路文昌阁旁".into(),
        content: "水果摊占道经营".into(),
        due: None,
    };
    let ticket = store.take_in_ticket(&zhang, now(), &incoming, None, None, None).expect("ticket");
    let mut task = plan();
    task.officers = vec!["QJ1001".into(), "QJ1002".into()];
    task.ticket = Some(ticket.id);
    let patrol = store.plan_patrol(&chen, now(), &task).expect("plan");
    assert_eq!(store.patrol(patrol.id).expect("read").and_then(|p| p.ticket), Some(ticket.id));
    store.start_patrol(&zhang, now(), patrol.id, at("2026-11-24 09:05")).expect("start");
    let seq =
        store.record_finding(&zhang, now(), patrol.id, &finding(FindingAction::Case)).expect("f");
    let case = |finding| NewCase {
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: Some(ticket.id),
        place: "青溪路文昌阁旁人行道".into(),
        grid: Some("QX01-01".into()),
        facts: "水果摊占用人行道约4平方米".into(),
        act_on: NaiveDate::from_ymd_opt(2026, 11, 24).expect("day"),
        lead_on: NaiveDate::from_ymd_opt(2026, 11, 24).expect("day"),
        serious: false,
        items: vec!["330217101008".into()],
        parties: vec![],
        legal_review_required: false,
        finding: Some(finding),
    };
    let missing = store.open_case(&zhang, now(), &case((patrol.id, seq + 1)));
    assert!(matches!(missing, Err(StoreError::Case(CaseRefusal::NoSuchFinding(_, _)))));
    let opened = store.open_case(&zhang, now(), &case((patrol.id, seq))).expect("case");
    assert_eq!((opened.finding, opened.ticket), (Some((patrol.id, seq)), Some(ticket.id)));
    let listed = store.cases().expect("cases");
    assert_eq!(listed[0].finding, Some((patrol.id, seq)), "the list reads the link too");
}

/// An order to correct by a day becomes a re-inspection task on that day, closed by the finding
/// that re-inspects it, once.
#[test]
fn an_order_to_correct_is_a_re_inspection_task_until_re_inspected() {
    let mut store = demo_in_memory();
    let zhang = login(&mut store, "QJ1001", "100100");
    let chen = login(&mut store, "QJ3001", "300100");
    let mut task = plan();
    task.officers = vec!["QJ1001".into()];
    let first = store.plan_patrol(&chen, now(), &task).expect("plan");
    store.start_patrol(&zhang, now(), first.id, at("2026-11-24 09:05")).expect("start");
    let by = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
    let order = store
        .record_finding(&zhang, now(), first.id, &finding(FindingAction::Order { by }))
        .expect("order");
    let corrected = store
        .record_finding(&zhang, now(), first.id, &finding(FindingAction::Corrected))
        .expect("f");
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
    assert!(store.reinspections(Some("QX01"), day(26)).expect("list").is_empty(), "not yet due");
    let due = store.reinspections(Some("QX01"), day(27)).expect("list");
    assert_eq!(
        due.iter().map(|r| (r.patrol, r.seq, r.due)).collect::<Vec<_>>(),
        [(first.id, order, by)]
    );
    assert!(store.reinspections(Some("DG02"), day(30)).expect("list").is_empty(), "one team's");
    let mut again = finding(FindingAction::Corrected);
    again.reinspects = Some((first.id, corrected));
    let not_an_order = store.record_finding(&zhang, now(), first.id, &again);
    assert!(matches!(not_an_order, Err(StoreError::Patrol(PatrolRefusal::NoSuchOrder(_, _)))));
    again.reinspects = Some((first.id, order));
    store.record_finding(&zhang, now(), first.id, &again).expect("re-inspected");
    assert!(store.reinspections(None, day(30)).expect("list").is_empty(), "the task is closed");
    let twice = store.record_finding(&zhang, now(), first.id, &again);
    assert!(matches!(twice, Err(StoreError::Patrol(PatrolRefusal::AlreadyReinspected(_, _)))));
    let read = store.findings(first.id).expect("findings");
    assert_eq!(read[2].reinspects, Some((first.id, order)));
}
