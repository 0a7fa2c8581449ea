//! Personal data masked in what leaves the bureau (issue 5): `zhifa case publish` lists the
//! penalty decisions of a period (APL art. 48) with a person's name cut to the surname and the
//! identity number to its first 6 and last 4 characters, organisations as they are, no facts,
//! places or contacts; `zhifa ticket list --masked` masks the reporter.

mod common;

use chrono::{DateTime, Utc};
use common::{json, ok, zhifa_with_stdin};
use zhifa::calendar::shipped;
use zhifa::domain::actor::Actor;
use zhifa::domain::case_file::{CaseRules, CaseSource, NewCase, Party};
use zhifa::domain::catalog::PartyKind;
use zhifa::domain::penalty::Proposal;
use zhifa::domain::ticket::{Channel, IncomingTicket, Reporter};
use zhifa::store::Store;

const SECRETS: [&str; 5] = ["张三丰", "13800138000", "19491231", "13912345678", "王小红"];

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
}

/// The demo database (two decided cases of 孙某), plus an on-the-spot decision of 20 November
/// against a person and a firm, and a ticket whose reporter gave a name and phone.
fn demo_with_private_data(db: &std::path::Path) {
    ok(&zhifa_with_stdin(db, &["demo"], ""));
    let mut store = Store::open(db).expect("store");
    let origin = Actor::new("os:t", "t", 1);
    let zhang = store.authenticate(&origin, now(), "QJ1001", "100100").expect("login");
    let spot = NewCase {
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路12号".into(),
        grid: None,
        facts: "张三丰（13800138000）在阳台外吊挂物品".into(),
        act_on: "2026-11-20".parse().expect("day"),
        lead_on: "2026-11-20".parse().expect("day"),
        serious: false,
        items: vec!["330217101001".into()],
        parties: vec![
            Party {
                kind: PartyKind::Organisation,
                name: "=青江县某某餐饮有限公司".into(),
                id_number: "91350100M000100Y43".into(),
                contact: "13800138000".into(),
            },
            Party {
                kind: PartyKind::Individual,
                name: "张三丰".into(),
                id_number: "11010519491231002X".into(),
                contact: "13800138000".into(),
            },
        ],
        legal_review_required: false,
        finding: None,
    };
    let penalty = Proposal {
        party: PartyKind::Individual,
        warning: false,
        fine: Some(100),
        tier: Some("从轻".into()),
        tier_reason: "在调查期间主动改正".into(),
        confiscation: Default::default(),
    };
    let calendar = shipped().expect("calendar");
    let rules = CaseRules::defaults(&calendar);
    store.decide_on_the_spot(&zhang, now(), &spot, &penalty, "QJ1002", &rules).expect("decided");
    let ticket = IncomingTicket {
        number: "12345-20261123-0001".into(),
        channel: Channel::Hotline,
        received_at: "2026-11-23T09:00:00".parse().expect("time"),
        reporter: Reporter {
            name: "王小红".into(), phone: "13912345678".into(), anonymous: false
        },
        place: "滨江路".into(),
        content: "夜间烧烤油烟扰民，请回电13912345678".into(),
        due: None,
    };
    store.take_in_ticket(&zhang, now(), &ticket, None, None, None).expect("ticket");
}

fn assert_no_secret(out: &str) {
    for secret in SECRETS {
        assert!(!out.contains(secret), "{secret} leaked:\n{out}");
    }
}

#[test]
fn decisions_of_a_period_are_published_with_persons_masked() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    demo_with_private_data(&db);

    let args =
        ["case", "publish", "--from", "2026-11-13", "--to", "2026-11-30", "--format", "json"];
    let published = zhifa_with_stdin(&db, &args, "");
    assert_no_secret(&String::from_utf8_lossy(&published.stdout));
    let decisions = json(&published);
    let numbers: Vec<&str> =
        decisions.as_array().expect("array").iter().filter_map(|d| d["number"].as_str()).collect();
    assert_eq!(
        numbers,
        ["〔2026〕综执罚字第4号", "〔2026〕综执简字第1号"],
        "in the period, by date"
    );
    let spot = &decisions[1];
    assert_eq!(
        (spot["decided_on"].as_str(), spot["fine"].as_i64()),
        (Some("2026-11-20"), Some(100))
    );
    assert_eq!(spot["parties"][0]["name"], "=青江县某某餐饮有限公司", "organisations are public");
    assert_eq!(spot["parties"][0]["id_number"], "91350100M000100Y43");
    assert_eq!(spot["parties"][1]["name"], "张**");
    assert_eq!(spot["parties"][1]["id_number"], "110105********002X");
    assert_eq!(decisions[0]["parties"][0]["name"], "孙*", "the demo's 孙某");

    let file = dir.path().join("公示.csv");
    let path = file.to_str().expect("path");
    ok(&zhifa_with_stdin(&db, &["case", "publish", "-o", path], ""));
    let csv = std::fs::read_to_string(&file).expect("written");
    assert!(csv.starts_with("\u{feff}决定书文号,决定日期"), "a BOM for Excel, then the header");
    assert_eq!(csv.lines().count(), 4, "every decision up to today:\n{csv}");
    assert!(csv.contains("〔2026〕综执简字第1号,2026-11-20,简易程序,330217101001 "), "{csv}");
    // A cell a spreadsheet would run as a formula starts with an apostrophe.
    assert!(csv.contains("罚款 100 元,单位；个人,'=青江县某某餐饮有限公司；张**"), "{csv}");
    assert!(csv.contains("91350100M000100Y43；110105********002X"), "{csv}");
    assert_no_secret(&csv);

    let backwards = zhifa_with_stdin(&db, &["case", "publish", "--from", "2026-12-01"], "");
    assert!(!backwards.status.success());
    assert!(String::from_utf8_lossy(&backwards.stderr).contains("晚于截止日期 2026-11-24"));
}

#[test]
fn tickets_leave_the_bureau_with_the_reporter_masked() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    demo_with_private_data(&db);
    let find = |tickets: &serde_json::Value| -> serde_json::Value {
        let all = tickets.as_array().expect("array");
        all.iter().find(|t| t["number"] == "12345-20261123-0001").cloned().expect("the ticket")
    };
    let internal = find(&json(&zhifa_with_stdin(&db, &["ticket", "list", "--json"], "")));
    assert_eq!(internal["reporter"]["phone"], "13912345678", "the bureau's own data, as recorded");
    let masked = zhifa_with_stdin(&db, &["ticket", "list", "--json", "--masked"], "");
    assert_no_secret(&String::from_utf8_lossy(&masked.stdout));
    let masked = find(&json(&masked));
    assert_eq!(masked["reporter"]["name"], "王**");
    assert_eq!(masked["reporter"]["phone"], "139****5678");
    assert_eq!(masked["content"], "夜间烧烤油烟扰民，请回电139****5678");
    let table = ok(&zhifa_with_stdin(&db, &["ticket", "list", "--masked"], ""));
    assert!(table.contains("请回电139**") && !table.contains("13912345678"), "{table}");
}
