//! Hostile text is stored faithfully (issue 5): SQL-looking text, quotes, terminal escapes, NUL
//! and other controls, zero-width and right-to-left characters, emoji sequences and 100 000-char
//! fields go through the store's public API into a file database and come back byte for byte
//! after reopening, in a ticket, a case (party, place, facts), a patrol finding, a grid and an
//! officer account; the event chain still verifies. Showing them safely is `text::safe_*`'s job.
//!
//! The rule for controls in names: stored as given (a record is evidence), shown as pictures.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use zhifa::domain::actor::Actor;
use zhifa::domain::case_file::{CaseSource, NewCase, Party};
use zhifa::domain::catalog::PartyKind;
use zhifa::domain::officer::{NewOfficer, Role};
use zhifa::domain::org::Grid;
use zhifa::domain::patrol::{Finding, FindingAction, NewPatrol, PatrolKind};
use zhifa::domain::ticket::{Channel, IncomingTicket, Reporter};
use zhifa::store::{password, Identity, Store};

/// Short hostile texts, each a valid name (nothing to trim at either end).
const HOSTILE: [&str; 9] = [
    "'; DROP TABLE cases; --",
    "O'Brien \"引号\" `反引号` \\ %_",
    "\x1b[2J\x1b]0;pwned\x07名",
    "名\0字\u{7f}\u{9b}31m",
    "张\u{200b}三\u{200d}丰\u{feff}",
    "\u{202e}cod.exe\u{2066}عربي\u{200f}",
    "👨\u{200d}👩\u{200d}👧 ❤\u{fe0f} 👍\u{1f3fd}",
    "e\u{301}\u{301}\u{301}ｶﾞ가",
    "多行\r\n第二行\n第三行",
];

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
}

fn huge() -> String {
    format!("{}{}", HOSTILE.concat(), "违法事实".repeat(25_000))
}

fn login(store: &mut Store, badge: &str, password: &str) -> Identity {
    store.authenticate(&Actor::new("os:t", "t", 1), now(), badge, password).expect("login")
}

fn open(db: &std::path::Path) -> Store {
    let mut store = Store::open(db).expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    store
}

fn ticket(n: usize, text: &str) -> IncomingTicket {
    IncomingTicket {
        number: format!("H-{n}-{text}"),
        channel: Channel::Hotline,
        received_at: at("2026-11-23 10:00"),
        reporter: Reporter { name: text.into(), phone: text.into(), anonymous: false },
        place: text.into(),
        content: if n == 0 { huge() } else { text.into() },
        due: None,
    }
}

fn case(text: &str) -> NewCase {
    NewCase {
        team: "QX01".into(),
        source: CaseSource::WalkIn,
        ticket: None,
        place: text.into(),
        grid: None,
        facts: huge(),
        act_on: NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
        lead_on: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        serious: false,
        items: vec!["330217101001".into()],
        parties: vec![Party {
            kind: PartyKind::Individual,
            name: text.into(),
            id_number: String::new(),
            contact: text.into(),
        }],
        legal_review_required: false,
        finding: None,
    }
}

fn finding(text: &str) -> Finding {
    Finding {
        at: at("2026-11-24 09:40"),
        place: text.into(),
        grid: Some("QX01-01".into()),
        item: "330217101008".into(),
        description: format!("{text}{}", huge()),
        evidence: vec![],
        action: FindingAction::Education,
        reinspects: None,
    }
}

/// Writes one record of each kind per hostile text; returns the ids to read back.
fn write_all(store: &mut Store) -> (Vec<i64>, Vec<i64>, i64) {
    let admin = login(store, "QJ0001", "demo-admin-2026");
    let zhang = login(store, "QJ1001", "100100");
    let chen = login(store, "QJ3001", "300100");
    let mut tickets = Vec::new();
    let mut cases = Vec::new();
    for (n, text) in HOSTILE.iter().enumerate() {
        let added = store.take_in_ticket(&zhang, now(), &ticket(n, text), None, None, None);
        tickets.push(added.expect("ticket").id);
        cases.push(store.open_case(&zhang, now(), &case(text)).expect("case").id);
        let grid = Grid {
            code: format!("QX01-H{n}"),
            name: text.to_string(),
            team: "QX01".into(),
            road: text.to_string(),
            landmarks: huge(),
        };
        store.add_grid(&admin, now(), &grid).expect("grid");
        let officer = NewOfficer {
            badge: format!("QJ19{n:02}"),
            name: text.to_string(),
            role: Role::Officer,
            team: Some("QX01".into()),
            cert_expiry: None,
        };
        store.add_officer(&admin, now(), &officer, "Hostile-2026!").expect("officer");
    }
    let plan = NewPatrol {
        team: "QX01".into(),
        kind: PatrolKind::Daily,
        grids: vec!["QX01-01".into()],
        route: HOSTILE[2].into(),
        officers: vec!["QJ1001".into(), "QJ1002".into()],
        planned_start: at("2026-11-24 09:00"),
        planned_end: at("2026-11-24 11:30"),
        ticket: None,
    };
    let patrol = store.plan_patrol(&chen, now(), &plan).expect("plan");
    store.start_patrol(&zhang, now(), patrol.id, at("2026-11-24 09:05")).expect("start");
    for text in HOSTILE {
        store.record_finding(&zhang, now(), patrol.id, &finding(text)).expect("finding");
    }
    (tickets, cases, patrol.id)
}

#[test]
fn hostile_text_round_trips_through_the_store_unchanged() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("hostile.db");
    let (tickets, cases, patrol) = {
        let mut store = open(&db);
        let actor = Actor::new("system:demo", "test", 1);
        zhifa::demo::seed_demo(&mut store, &actor, now()).expect("catalog");
        zhifa::demo::seed_demo_officers(&mut store, &actor, now()).expect("officers");
        write_all(&mut store)
    };
    let store = open(&db);
    for (n, text) in HOSTILE.iter().enumerate() {
        let stored = store.ticket(tickets[n]).expect("read").expect("ticket");
        assert_eq!(stored.incoming, ticket(n, text), "ticket {n}");
        let stored = store.case(cases[n]).expect("read").expect("case");
        assert_eq!((stored.place.as_str(), &stored.parties), (*text, &case(text).parties));
        assert_eq!(stored.facts, huge(), "100 000-char facts of case {n}");
        let grids = store.grids(Some("QX01")).expect("grids");
        let grid = grids.iter().find(|g| g.code == format!("QX01-H{n}")).expect("grid");
        assert_eq!((grid.name.as_str(), grid.road.as_str()), (*text, *text));
        assert_eq!(grid.landmarks, huge());
        let officer = store.officer(&format!("QJ19{n:02}")).expect("read").expect("officer");
        assert_eq!(officer.name, *text);
    }
    let findings = store.findings(patrol).expect("findings");
    let descriptions: Vec<String> = findings.iter().map(|f| f.description.clone()).collect();
    let expected: Vec<String> = HOSTILE.iter().map(|t| finding(t).description).collect();
    assert_eq!(descriptions, expected);
    assert_eq!(store.patrol(patrol).expect("read").expect("patrol").route, HOSTILE[2]);
    let chain = store.verify_chain().expect("verify");
    assert_eq!(chain.first_break, None, "hostile text in events keeps the chain whole");
    assert!(chain.events > 40, "every write left its event: {}", chain.events);
}
