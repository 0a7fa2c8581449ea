//! `zhifa ticket`: a dispatch feed imported (a bad one writes nothing; twice adds nothing),
//! reply dates on the working-day calendar, likely duplicates named, assignment and reply by
//! the roles allowed, overdue listing.

mod common;

use common::{json, ok, zhifa_with_stdin};
use std::path::Path;
use std::process::Command;

const FEED: &str = "工单编号,来源渠道,受理时间,反映人,联系电话,是否保密,事发地址,诉求内容,办理时限\n\
QJ2026112001,12345热线,2026-11-20 09:15,王女士,13800000000,否,青溪路文昌阁旁,夜间烧烤油烟扰民,2026-11-26\n\
QJ2026112002,数字城管,2026/11/20 14:02:00,,,是,东大街步行街牌坊,占道经营水果摊,\n";

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    db
}

fn as_officer(db: &Path, badge: &str, password: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--as", badge, "--password-stdin"];
    all.extend_from_slice(args);
    zhifa_with_stdin(db, &all, &format!("{password}\n"))
}

/// The tickets this test imports (the demo has its own).
fn tickets(db: &Path, now: &str, extra: &[&str]) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .arg("--db")
        .arg(db)
        .args(["ticket", "list", "--json"])
        .args(extra)
        .env("ZHIFA_NOW", now)
        .output()
        .expect("run");
    let all = json(&out).as_array().expect("array").clone();
    all.into_iter()
        .filter(|t| t["number"].as_str().is_some_and(|n| n.starts_with("QJ2026")))
        .collect()
}

#[test]
fn a_feed_is_imported_once_with_reply_dates_and_then_handled() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{FEED}QJ2026112003,12345热线,昨天,,,否,站前路,渣土撒漏,\n"))
        .expect("write");
    let refused =
        as_officer(&db, "QJ1001", "100100", &["ticket", "import", bad.to_str().expect("path")]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("bad.csv:4:受理时间"));
    assert!(tickets(&db, "2026-11-24T10:00:00+08:00", &[]).is_empty(), "nothing written");

    let feed = dir.path().join("feed.csv");
    std::fs::write(&feed, FEED).expect("write");
    let out = ok(&as_officer(
        &db,
        "QJ1001",
        "100100",
        &["ticket", "import", feed.to_str().expect("path")],
    ));
    assert!(out.contains("已导入 2 件"), "{out}");
    let again = ok(&as_officer(
        &db,
        "QJ1001",
        "100100",
        &["ticket", "import", feed.to_str().expect("path")],
    ));
    assert!(again.contains("跳过 2 件"), "{again}");

    let all = tickets(&db, "2026-11-24T10:00:00+08:00", &[]);
    let due =
        |number: &str| all.iter().find(|t| t["number"] == number).map(|t| t["reply_due"].clone());
    assert_eq!(due("QJ2026112001"), Some("2026-11-26".into()), "the dispatcher's date");
    assert_eq!(due("QJ2026112002"), Some("2026-11-27".into()), "5 working days from Friday 20th");
    assert!(tickets(&db, "2026-11-24T10:00:00+08:00", &["--overdue"]).is_empty());
    assert_eq!(tickets(&db, "2026-11-27T10:00:00+08:00", &["--overdue"]).len(), 1);

    // A similar complaint about the same place is named as a likely duplicate.
    let next = dir.path().join("next.csv");
    let repeat = "工单编号,受理时间,事发地址,诉求内容\nQJ2026112201,2026-11-22 21:00,青溪路文昌阁,文昌阁旁夜间烧烤油烟扰民\n";
    std::fs::write(&next, repeat).expect("write");
    let out =
        as_officer(&db, "QJ1001", "100100", &["ticket", "import", next.to_str().expect("path")]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("QJ2026112201：可能与 QJ2026112001 重复"));

    let id = all
        .iter()
        .find(|t| t["number"] == "QJ2026112001")
        .and_then(|t| t["id"].as_i64())
        .expect("id");
    let id = id.to_string();
    let refused = as_officer(&db, "QJ1001", "100100", &["ticket", "assign", &id, "--team", "QX01"]);
    assert!(!refused.status.success(), "an officer does not assign work");
    ok(&as_officer(&db, "QJ3001", "300100", &["ticket", "assign", &id, "--team", "QX01"]));
    let out = ok(&as_officer(
        &db,
        "QJ1001",
        "100100",
        &["ticket", "reply", &id, "已约谈店主，安装油烟净化器"],
    ));
    assert!(out.contains("已答复"), "{out}");
    assert!(tickets(&db, "2026-11-27T10:00:00+08:00", &["--overdue"])
        .iter()
        .all(|t| t["id"] != id.parse::<i64>().unwrap_or(0)));
    let auditor =
        as_officer(&db, "QJ5001", "500100", &["ticket", "import", feed.to_str().expect("path")]);
    assert!(!auditor.status.success(), "the auditor only reads");

    // The callback closes it; the repeat is linked to it; the other one is transferred.
    let out = ok(&as_officer(&db, "QJ1001", "100100", &["ticket", "callback", &id, "--satisfied"]));
    assert!(out.contains("已记录回访") && out.contains("已办结"), "{out}");
    let listed = tickets(&db, "2026-11-24T10:00:00+08:00", &[]);
    let id_of = |number: &str| {
        listed.iter().find(|t| t["number"] == number).and_then(|t| t["id"].as_i64()).expect("id")
    };
    // Linked by the number the list shows (the original by its id, `#id` alike).
    let unknown = ["ticket", "link", "QJ2026112299", "--repeats", &id];
    let refused = as_officer(&db, "QJ1001", "100100", &unknown);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("没有编号为“QJ2026112299”"));
    let original = format!("#{id}");
    let link = ["ticket", "link", "QJ2026112201", "--repeats", &original];
    ok(&as_officer(&db, "QJ1001", "100100", &link));
    let other = id_of("QJ2026112002").to_string();
    let transfer =
        ["ticket", "transfer", &other, "--to", "区市场监管局", "--reason", "不属综合执法"];
    ok(&as_officer(&db, "QJ1001", "100100", &transfer));
    let again = as_officer(&db, "QJ1001", "100100", &transfer);
    assert!(String::from_utf8_lossy(&again.stderr).contains("不能再转办"));
    let listed = tickets(&db, "2026-11-24T10:00:00+08:00", &[]);
    let status =
        |number: &str| listed.iter().find(|t| t["number"] == number).map(|t| t["status"].clone());
    assert_eq!(status("QJ2026112201"), Some("已办结".into()), "handled with the one it repeats");
    assert_eq!(status("QJ2026112002"), Some("已转办".into()));
}

#[test]
fn the_english_ticket_list_names_statuses_in_english() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let english = ok(&zhifa_with_stdin(&db, &["--lang", "en", "ticket", "list"], ""));
    let chinese = ok(&zhifa_with_stdin(&db, &["ticket", "list"], ""));
    for (zh, en) in [("待分派", "to assign"), ("已答复", "answered")] {
        if chinese.contains(zh) {
            assert!(english.contains(en), "{en} for {zh}:\n{english}");
        }
    }
    assert!(english.contains("answered") || english.contains("to assign"), "{english}");
    for key in ["received", "replied"] {
        assert!(
            !english.lines().skip(1).any(|l| l.split_whitespace().any(|w| w == key)),
            "{english}"
        );
    }
}
