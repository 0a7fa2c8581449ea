//! A complaint's own text keeps personal data (a phone, an ID number, the name of a reporter who
//! asked for confidentiality) out of the append-only log and out of the printed list, while the
//! ticket's row keeps it exact for those who handle it (issue 13, "Personal data"; APL art. 50:
//! personal privacy learnt while enforcing is kept confidential).

mod common;

use common::{json, ok, zhifa_with_stdin};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

const PHONE: &str = "13912345678";
const ID_NUMBER: &str = "330106198803150017";
const NAME: &str = "林秀清";

fn feed() -> String {
    format!(
        "工单编号,来源渠道,受理时间,反映人,联系电话,是否保密,事发地址,诉求内容,办理时限\n\
         QJ2026112301,12345热线,2026-11-23 09:15,{NAME},{PHONE},是,青溪路文昌阁旁,\
         我是{NAME}（身份证{ID_NUMBER}），电话{PHONE}，楼下烧烤油烟扰民,2026-11-26\n"
    )
}

fn as_officer(db: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--as", "QJ1001", "--password-stdin"];
    all.extend_from_slice(args);
    zhifa_with_stdin(db, &all, "100100\n")
}

/// The demo database with the feed's one ticket imported by an officer.
fn demo_with_feed(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    let file = dir.join("feed.csv");
    std::fs::write(&file, feed()).expect("feed");
    ok(&as_officer(&db, &["ticket", "import", file.to_str().expect("utf-8")]));
    db
}

/// The fed ticket as `ticket list --json` gives it (exact, for those who handle it).
fn fed_ticket(db: &Path) -> serde_json::Value {
    let all = json(&zhifa_with_stdin(db, &["ticket", "list", "--json"], ""));
    let fed = all.as_array().expect("array").iter().find(|t| t["number"] == "QJ2026112301");
    fed.expect("the ticket").clone()
}

#[test]
fn a_complaints_text_stays_out_of_the_log_and_the_printed_list() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_with_feed(dir.path());

    let conn = Connection::open(&db).expect("raw");
    let leaked: i64 = conn
        .query_row(
            "SELECT count(*) FROM events WHERE instr(payload, ?1) OR instr(payload, ?2)
                                           OR instr(payload, ?3)",
            [PHONE, ID_NUMBER, NAME],
            |r| r.get(0),
        )
        .expect("search the log");
    assert_eq!(leaked, 0, "no event holds the phone, the ID number or the reporter's name");

    let table = ok(&zhifa_with_stdin(&db, &["ticket", "list"], ""));
    for secret in [PHONE, ID_NUMBER, NAME] {
        assert!(!table.contains(secret), "the printed list shows {secret}: {table}");
    }
    assert!(table.contains("我是***（身份证330106****"), "masked, not dropped: {table}");

    // The bureau's own data keeps the text exact.
    let ticket = fed_ticket(&db);
    assert!(ticket["content"].as_str().expect("content").contains(ID_NUMBER));

    // And verify proves the row's text unchanged through its witness, without showing it.
    let out = zhifa_with_stdin(&db, &["verify"], "");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS tickets_content_is_immutable;
         UPDATE tickets SET content = '内容被改' WHERE number = 'QJ2026112301';",
    )
    .expect("edit the row");
    let out = zhifa_with_stdin(&db, &["verify"], "");
    assert_eq!(out.status.code(), Some(3));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("content"), "{said}");
    assert!(!said.contains("内容被改"), "the text is not shown: {said}");
}

#[test]
fn a_reply_and_a_callback_keep_their_words_out_of_the_log_and_verify_by_witness() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_with_feed(dir.path());
    let id = fed_ticket(&db)["id"].as_i64().expect("the ticket's id").to_string();
    let reply = format!("已电话联系{NAME}（{PHONE}），烧烤摊已责令整改");
    ok(&as_officer(&db, &["ticket", "reply", &id, &reply]));
    let note = format!("{NAME}表示满意");
    ok(&as_officer(&db, &["ticket", "callback", &id, "--satisfied", "--note", &note]));

    let conn = Connection::open(&db).expect("raw");
    let leaked: i64 = conn
        .query_row(
            "SELECT count(*) FROM events WHERE instr(payload, ?1) OR instr(payload, ?2)",
            [PHONE, NAME],
            |r| r.get(0),
        )
        .expect("search the log");
    assert_eq!(leaked, 0, "no event holds the reply's or the callback's personal data");
    let details: Vec<String> = conn
        .prepare("SELECT detail FROM ticket_actions ORDER BY event_seq DESC LIMIT 2")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("history rows");
    assert!(details.iter().any(|d| d == &reply), "the row keeps the reply exact: {details:?}");
    let status: String = conn
        .query_row("SELECT status FROM tickets WHERE id = ?1", [&id], |r| r.get(0))
        .expect("status");
    assert_eq!(status, "closed", "a satisfied callback closes the ticket");

    let out = zhifa_with_stdin(&db, &["verify"], "");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS ticket_actions_are_never_updated;
         UPDATE ticket_actions SET detail = '答复被改' WHERE kind = 'reply';",
    )
    .expect("edit the history");
    let out = zhifa_with_stdin(&db, &["verify"], "");
    assert_eq!(out.status.code(), Some(3), "an edited reply is found");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("detail") && !said.contains("答复被改"), "{said}");
}
