//! `Store::verify` and the start-up check against a tamperer with write access to the file: each
//! test alters the demo database the way someone with `sqlite3` could (dropping the triggers
//! that refuse it), and the verification must name what was done, and where.

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use zhifa::demo::activity::seed_demo_activity;
use zhifa::demo::{seed_demo, seed_demo_officers};
use zhifa::domain::actor::Actor;
use zhifa::store::{password, Problem, Store, VerifyOptions};

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
}

/// The demo database with its weeks of activity, in a file of its own.
fn demo_file(dir: &Path) -> PathBuf {
    let path = dir.join("demo.db");
    let mut store = Store::open(&path).expect("create");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let actor = Actor::new("system:demo", "test", 1);
    seed_demo(&mut store, &actor, now()).expect("catalog");
    seed_demo_officers(&mut store, &actor, now()).expect("officers");
    seed_demo_activity(&mut store, &actor, now()).expect("activity");
    path
}

fn verify(path: &Path, since: Option<&str>) -> Vec<Problem> {
    let store = Store::open(path).expect("open");
    let options = VerifyOptions { since: since.map(String::from), ..VerifyOptions::default() };
    store.verify(&options).expect("verify runs").problems
}

/// A raw connection with the append-only and never-edited triggers dropped.
fn tamperer(path: &Path) -> Connection {
    let conn = Connection::open(path).expect("raw open");
    conn.pragma_update(None, "foreign_keys", "OFF").expect("no foreign keys");
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .expect("triggers")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    for t in triggers {
        conn.execute_batch(&format!("DROP TRIGGER {t}")).expect("drop trigger");
    }
    conn
}

fn event_seq_of(conn: &Connection, kind: &str) -> i64 {
    conn.query_row("SELECT min(seq) FROM events WHERE kind = ?1", [kind], |r| r.get(0))
        .expect("event")
}

#[test]
fn the_untouched_demo_verifies_and_names_its_head() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let store = Store::open(&path).expect("open");
    let v = store.verify(&VerifyOptions::default()).expect("verify");
    assert_eq!(v.problems, vec![]);
    let last = store.events(v.events - 1, 1).expect("last event");
    assert_eq!(v.head_hash, last[0].hash, "the head is the last event's hash");
    for table in ["cases", "case_steps", "tickets", "ticket_actions", "patrols", "officers"] {
        assert!(v.rows_checked.get(table).copied().unwrap_or(0) > 0, "{table} checked");
    }
    let quick = store.quick_check().expect("quick");
    assert_eq!((quick.problems, quick.head_hash), (vec![], v.head_hash.clone()));
    assert_eq!(verify(&path, Some(&v.head_hash)), vec![], "the chain extends its own head");
}

#[test]
fn an_edited_event_is_named() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    let seq = event_seq_of(&conn, "case.open");
    conn.execute(
        "UPDATE events SET payload = replace(payload, '\"place\":\"', '\"place\":\"别处 ') WHERE seq = ?1",
        [seq],
    )
    .expect("edit");
    drop(conn);
    let problems = verify(&path, None);
    assert_eq!(problems.first(), Some(&Problem::EventEdited { seq }), "{problems:?}");
    let quick = Store::open(&path).expect("open").quick_check().expect("quick");
    assert!(quick.problems.contains(&Problem::EventEdited { seq }), "start-up sees it too");
}

#[test]
fn a_deleted_event_is_named_in_the_middle_and_at_the_end() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    let seq = event_seq_of(&conn, "ticket.reply");
    conn.execute("DELETE FROM events WHERE seq = ?1", [seq]).expect("delete");
    drop(conn);
    let problems = verify(&path, None);
    // The action's row now points at no event (the foreign-key check), and the chain has a gap.
    assert!(
        matches!(problems.first(), Some(Problem::Integrity { detail }) if detail.contains("missing events")),
        "{problems:?}"
    );
    assert!(problems.contains(&Problem::EventsMissing { expected: seq, found: seq + 1 }));

    // The last event removed: every hash still links, but its rows point past the head.
    let path = demo_file(&dir.path().join("b"));
    let conn = tamperer(&path);
    let last: i64 = conn.query_row("SELECT max(seq) FROM events", [], |r| r.get(0)).expect("max");
    conn.execute("DELETE FROM events WHERE seq = ?1", [last]).expect("delete last");
    drop(conn);
    let problems = verify(&path, None);
    assert!(!problems.is_empty(), "a log cut short shows");
    let quick = Store::open(&path).expect("open").quick_check().expect("quick");
    assert!(
        quick
            .problems
            .iter()
            .any(|p| matches!(p, Problem::RowMissing { event, .. } if *event == last)),
        "{:?}",
        quick.problems
    );
}

#[test]
fn swapped_events_break_the_links() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    let seq = event_seq_of(&conn, "patrol.plan");
    // Swap two neighbours' contents (seq stays: the order of what happened is what changed).
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE a AS SELECT * FROM events WHERE seq = {seq};
         UPDATE events SET at = (SELECT at FROM events WHERE seq = {n}),
             kind = (SELECT kind FROM events WHERE seq = {n}),
             payload = (SELECT payload FROM events WHERE seq = {n}),
             prev_hash = (SELECT prev_hash FROM events WHERE seq = {n}),
             hash = 'x' || substr((SELECT hash FROM events WHERE seq = {n}), 2)
           WHERE seq = {seq};
         UPDATE events SET at = (SELECT at FROM a), kind = (SELECT kind FROM a),
             payload = (SELECT payload FROM a), prev_hash = (SELECT prev_hash FROM a),
             hash = (SELECT hash FROM a) WHERE seq = {n};",
        n = seq + 1
    ))
    .expect("swap");
    drop(conn);
    let problems = verify(&path, None);
    assert_eq!(problems.first(), Some(&Problem::ChainRelinked { seq }), "{problems:?}");
}

#[test]
fn a_row_changed_behind_the_log_is_named_by_table_key_and_column() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    let (id, stage): (i64, String) = conn
        .query_row("SELECT id, stage FROM cases ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("a case");
    // No trigger refuses a stage change (steps make them); only the log knows it is false.
    conn.execute("UPDATE cases SET stage = 'closed' WHERE id = ?1", [id]).expect("edit");
    drop(conn);
    let problems = verify(&path, None);
    let expected = Problem::RowDiffers {
        table: "cases".into(),
        key: id.to_string(),
        column: "stage".into(),
        expected: format!("“{stage}”"),
        found: "“closed”".into(),
    };
    assert!(problems.contains(&expected), "{problems:?}");
}

#[test]
fn a_changed_phone_number_is_found_without_being_shown() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    let changed = conn
        .execute(
            "UPDATE tickets SET reporter_phone = '13900000000' WHERE id = (SELECT min(id) FROM tickets)",
            [],
        )
        .expect("edit");
    assert_eq!(changed, 1, "the demo has tickets");
    drop(conn);
    let problems = verify(&path, None);
    let found = problems
        .iter()
        .find(|p| matches!(p, Problem::RowDiffers { table, .. } if table == "tickets"));
    let Some(Problem::RowDiffers { column, expected, found, .. }) = found else {
        panic!("the change is found: {problems:?}")
    };
    assert_eq!(column, "reporter_name, reporter_phone");
    assert!(!format!("{problems:?}").contains("13900000000"), "the number is never shown");
    assert_eq!((expected.as_str(), found.as_str()), ("(not shown)", "(not shown)"));
}

/// The category a complaint is counted under (the domain of the item routing found at intake,
/// db/0020) edited behind the log: named, table, ticket and column.
#[test]
fn an_edited_ticket_category_is_named() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    let (number, domain): (String, String) = conn
        .query_row(
            "SELECT number, item_domain FROM tickets WHERE item_domain IS NOT NULL
             ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the demo's complaints are classified");
    conn.execute("UPDATE tickets SET item_domain = '城乡规划' WHERE number = ?1", [&number])
        .expect("edit");
    drop(conn);
    let problems = verify(&path, None);
    let expected = Problem::RowDiffers {
        table: "tickets".into(),
        key: number.clone(),
        column: "item_domain".into(),
        expected: format!("“{domain}”"),
        found: "“城乡规划”".into(),
    };
    assert!(problems.contains(&expected), "{problems:?}");
    // And the trigger refuses the edit where it was not dropped.
    let fresh = tempfile::tempdir().expect("tmp");
    let path = demo_file(fresh.path());
    let conn = Connection::open(&path).expect("raw open");
    let refused = conn.execute("UPDATE tickets SET item_code = 'X' WHERE number = ?1", [&number]);
    assert!(format!("{refused:?}").contains("never edited"), "{refused:?}");
}

#[test]
fn a_row_without_its_event_and_a_swapped_password_hash_are_found() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    // Someone gives the admin a password they know: the hash of another account's.
    conn.execute(
        "UPDATE officers SET password_hash = (SELECT password_hash FROM officers WHERE badge = 'QJ1001')
         WHERE badge = 'QJ0001'",
        [],
    )
    .expect("swap hash");
    // And slips in a ticket attributed to an event that created something else.
    let seq = event_seq_of(&conn, "grid.add");
    conn.execute(
        "INSERT INTO tickets (number, channel, received_at, place, content, created_event)
         VALUES ('X-1', 'hotline', '2026-11-20 09:00:00', '某处', '无中生有', ?1)",
        [seq],
    )
    .expect("insert");
    drop(conn);
    let problems = verify(&path, None);
    assert!(
        problems.iter().any(|p| matches!(p, Problem::RowDiffers { table, key, column, .. }
            if table == "officers" && key == "QJ0001" && column == "password_hash")),
        "{problems:?}"
    );
    assert!(problems.contains(&Problem::RowCount {
        table: "tickets".into(),
        expected: count(&path, "tickets") - 1,
        found: count(&path, "tickets"),
    }));
}

fn count(path: &Path, table: &str) -> i64 {
    let conn = Connection::open(path).expect("open");
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).expect("count")
}

#[test]
fn a_chain_rewritten_wholesale_no_longer_extends_the_head_recorded_earlier() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let recorded = Store::open(&path).expect("open").verify(&VerifyOptions::default()).expect("v");
    // Rewrite an early event's payload and recompute every hash after it, as a careful forger
    // would: the chain is whole again; the recorded head tells, and so do the signatures.
    let store = Store::open(&path).expect("open");
    let events = store.events(0, 100_000).expect("events");
    drop(store);
    let conn = tamperer(&path);
    let mut prev = zhifa::store::GENESIS_HASH.to_string();
    for mut event in events {
        if event.kind == "grid.add" && event.payload.contains("landmarks") {
            event.payload = event.payload.replacen("\"landmarks\":\"", "\"landmarks\":\"改 ", 1);
        }
        event.prev_hash = prev.clone();
        event.hash = event.compute_hash();
        conn.execute(
            "UPDATE events SET payload = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
            rusqlite::params![event.payload, event.prev_hash, event.hash, event.seq],
        )
        .expect("rewrite");
        prev = event.hash;
    }
    drop(conn);
    let problems = verify(&path, Some(&recorded.head_hash));
    assert!(problems.contains(&Problem::HeadNotInChain { head: recorded.head_hash.clone() }));
    // And the rewritten events no longer carry their authors' signatures.
    assert!(problems.iter().any(|p| matches!(p, Problem::NotSigned { .. })), "{problems:?}");
}

/// The columns of catalog item rows search and lists show, edited behind the log (the trigger
/// that refuses it dropped first): each is named, table, version and code, column.
#[test]
fn an_edited_catalog_item_row_is_named_column_by_column() {
    for (column, value) in [
        ("name", "'改过的名称'"),
        ("department", "'别的部门'"),
        ("power_type", "'其他'"),
        ("fine_max", "fine_max + 1000"),
    ] {
        let dir = tempfile::tempdir().expect("tmp");
        let path = demo_file(dir.path());
        let conn = tamperer(&path);
        let code: String = conn
            .query_row(
                "SELECT code FROM catalog_items WHERE fine_max IS NOT NULL AND power_type <> '其他'
                 ORDER BY version_id, ordinal LIMIT 1",
                [],
                |r| r.get(0),
            )
            .expect("an item with a fine");
        conn.execute(
            &format!("UPDATE catalog_items SET {column} = {value} WHERE code = ?1"),
            [&code],
        )
        .expect("edit");
        drop(conn);
        let problems = verify(&path, None);
        assert!(
            problems.iter().any(|p| matches!(p, Problem::RowDiffers { table, key, column: c, .. }
                if table == "catalog_items" && key.ends_with(&code) && c == column)),
            "{column}: {problems:?}"
        );
    }
}

#[test]
fn a_dropped_append_only_trigger_is_named_even_when_nothing_else_changed() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = Connection::open(&path).expect("raw open");
    conn.execute_batch("DROP TRIGGER events_are_append_only_delete").expect("drop");
    drop(conn);
    let problems = verify(&path, None);
    assert_eq!(
        problems,
        vec![Problem::SchemaDiffers {
            object: "trigger events_are_append_only_delete".into(),
            detail: zhifa::store::SchemaDetail::Missing,
        }]
    );
}

/// An officer made admin by editing the row (issue 13): the start-up check names it, and the
/// account can record nothing, least of all the admin's work (a new admin account).
#[test]
fn a_role_edited_behind_the_log_is_caught_at_start_and_never_honoured() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    conn.execute("UPDATE officers SET role = 'admin' WHERE badge = 'QJ1001'", []).expect("edit");
    drop(conn);
    let mut store = Store::open(&path).expect("open");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let quick = store.quick_check().expect("quick");
    assert!(
        quick.problems.iter().any(|p| matches!(p, Problem::RowDiffers { table, key, column, .. }
            if table == "officers" && key == "QJ1001" && column == "role")),
        "the start-up check names it: {:?}",
        quick.problems
    );
    let origin = Actor::new("os:t", "t", 1);
    let who = store.authenticate(&origin, now(), "QJ1001", "100100").expect("login");
    let new = zhifa::domain::officer::NewOfficer {
        badge: "QJ9999".into(),
        name: "冒名管理员".into(),
        role: zhifa::domain::officer::Role::Admin,
        team: None,
        cert_expiry: None,
    };
    let refused = store.add_officer(&who, now(), &new, "forged-admin-1");
    assert!(
        matches!(refused, Err(zhifa::store::StoreError::Access(
            zhifa::store::AccessError::AccountDisagrees(ref b))) if b == "QJ1001"),
        "{refused:?}"
    );
    assert!(store.officer("QJ9999").expect("read").is_none(), "no admin was made");
    // The real admin still works.
    let admin = store.authenticate(&origin, now(), "QJ0001", "demo-admin-2026").expect("admin");
    store.add_team(&admin, now(), "QX99", "新中队").expect("the admin's own row is sound");
}

/// Every admin demoted in the rows does not reopen the setup the OS user may do before the first
/// admin exists.
#[test]
fn admins_demoted_behind_the_log_do_not_reopen_the_setup() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    conn.execute("UPDATE officers SET role = 'officer' WHERE role = 'admin'", []).expect("edit");
    drop(conn);
    let store = Store::open(&path).expect("open");
    let boot = store.bootstrap_identity(Actor::new("os:t", "t", 1));
    assert!(boot.is_err(), "the events say an admin exists");
}

/// A new admin account forged the careful way (issue 13): an `officer.add` event appended with
/// the right link and hash, attributed to the real admin, and its row to match. Without the
/// admin's password the forger cannot sign it: verify (with or without `--since`) and the start-up
/// check name it, and the forged account can record nothing.
#[test]
fn a_forged_event_with_a_correct_hash_and_matching_row_is_named_unsigned() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let before = Store::open(&path).expect("open").verify(&VerifyOptions::default()).expect("v");
    assert_eq!(before.problems, vec![]);
    assert!(before.unsigned.contains_key("system:demo"), "setup is listed: {:?}", before.unsigned);

    let forged = password::make("forged-pass-1", password::FAST_FOR_TESTS).expect("credential");
    let witness = hex::encode(Sha256::digest(serde_json::json!(forged.phc).to_string()));
    let payload = serde_json::json!({
        "badge": "QJ6666", "name": "冒名管理员", "role": "admin", "team": null,
        "cert_expiry": null, "credential": witness,
        "signing_key": password::public_key(&forged.seed),
    });
    // Appending breaks no trigger: the careful forger leaves the schema as it is.
    let conn = Connection::open(&path).expect("raw open");
    let (last, prev): (i64, String) = conn
        .query_row("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("head");
    let mut event = zhifa::store::EventRecord {
        seq: last + 1,
        at: "2026-11-24T03:00:00.000000Z".into(),
        actor: "QJ0001".into(),
        terminal: "forger:/dev/pts/9".into(),
        pid: 4242,
        kind: "officer.add".into(),
        payload: payload.to_string(),
        prev_hash: prev,
        hash: String::new(),
        signature: None,
    };
    event.hash = event.compute_hash();
    conn.execute(
        "INSERT INTO events (seq, at, actor, terminal, pid, kind, payload, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![
            event.seq,
            event.at,
            event.actor,
            event.terminal,
            event.pid,
            event.kind,
            event.payload,
            event.prev_hash,
            event.hash
        ],
    )
    .expect("forged event");
    conn.execute(
        "INSERT INTO officers (badge, name, role, team_code, cert_expiry, password_hash,
                               created_event)
         VALUES ('QJ6666', '冒名管理员', 'admin', NULL, NULL, ?1, ?2)",
        rusqlite::params![forged.phc, event.seq],
    )
    .expect("forged row");
    drop(conn);

    let named = Problem::NotSigned { seq: event.seq, actor: "QJ0001".into() };
    assert_eq!(verify(&path, None), vec![named.clone()], "the only problem, named");
    assert!(verify(&path, Some(&before.head_hash)).contains(&named), "--since as well");
    let mut store = Store::open(&path).expect("open");
    assert!(store.quick_check().expect("quick").problems.contains(&named), "at every start");
    let origin = Actor::new("os:t", "t", 1);
    let forger = store.authenticate(&origin, now(), "QJ6666", "forged-pass-1").expect("login");
    assert!(store.add_team(&forger, now(), "QX66", "冒名中队").is_err(), "records nothing");
}

/// `verify --since HEAD --added`: only the events after a recorded head — linked to it, hashes
/// recomputed, signatures checked — at the cost of what was added.
#[test]
fn what_was_added_since_a_recorded_head_is_verified_alone() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let recorded = Store::open(&path).expect("open").verify(&VerifyOptions::default()).expect("v");
    let mut store = Store::open(&path).expect("open");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let origin = Actor::new("os:t", "t", 1);
    let admin = store.authenticate(&origin, now(), "QJ0001", "demo-admin-2026").expect("admin");
    store.add_team(&admin, now(), "QX77", "新中队").expect("a day's work");
    let added = |path: &Path, head: &str| {
        let options = VerifyOptions {
            since: Some(head.to_string()),
            added_only: true,
            ..VerifyOptions::default()
        };
        Store::open(path).expect("open").verify(&options).expect("verify")
    };
    let v = added(&path, &recorded.head_hash);
    assert_eq!(v.problems, vec![]);
    assert_eq!(v.events, recorded.events + 2, "the login and the team");
    assert!(v.rows_checked.is_empty(), "no replay");

    // The team's event, after the head, edited: named.
    let conn = tamperer(&path);
    conn.execute(
        "UPDATE events SET payload = replace(payload, '新中队', '别的中队') WHERE seq = ?1",
        [recorded.events + 2],
    )
    .expect("edit");
    drop(conn);
    let v = added(&path, &recorded.head_hash);
    assert!(
        v.problems.contains(&Problem::EventEdited { seq: recorded.events + 2 }),
        "{:?}",
        v.problems
    );
    let v = added(&path, &"a".repeat(64));
    assert_eq!(v.problems.first(), Some(&Problem::HeadNotInChain { head: "a".repeat(64) }));
}

/// Appends an event with a correct hash and link after the head (as a forger with the file
/// could), attributed to the OS user (whose events carry no signature and need none).
fn append_forged(conn: &Connection, kind: &str, payload: serde_json::Value) -> i64 {
    let (last, prev): (i64, String) = conn
        .query_row("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("head");
    let mut event = zhifa::store::EventRecord {
        seq: last + 1,
        at: "2026-11-24T03:00:00.000000Z".into(),
        actor: "os:forger".into(),
        terminal: "forger:/dev/pts/9".into(),
        pid: 4242,
        kind: kind.into(),
        payload: payload.to_string(),
        prev_hash: prev,
        hash: String::new(),
        signature: None,
    };
    event.hash = event.compute_hash();
    conn.execute(
        "INSERT INTO events (seq, at, actor, terminal, pid, kind, payload, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params![
            event.seq,
            event.at,
            event.actor,
            event.terminal,
            event.pid,
            event.kind,
            event.payload,
            event.prev_hash,
            event.hash
        ],
    )
    .expect("forged event");
    event.seq
}

/// A patrol signed off is compared when its sign-off is replayed (nothing may change it after):
/// its summary edited behind the log is named there; and an event naming it after its sign-off
/// (a forged restart, its row made to match) is named as the event that cannot be.
#[test]
fn a_signed_off_patrol_is_compared_at_its_sign_off_and_nothing_may_follow_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    let (id, signed_off): (i64, i64) = conn
        .query_row(
            "SELECT p.id, e.seq FROM patrols p JOIN events e ON e.kind = 'patrol.sign_off'
               AND json_extract(e.payload, '$.patrol') = p.id
             WHERE p.status = 'signed_off' ORDER BY p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the demo has a patrol signed off");
    conn.execute("UPDATE patrols SET summary = '一切正常（改）' WHERE id = ?1", [id])
        .expect("edit");
    drop(conn);
    let problems = verify(&path, None);
    assert!(
        problems.iter().any(|p| matches!(p, Problem::RowDiffers { table, key, column, found, .. }
            if table == "patrols" && *key == id.to_string() && column == "summary"
                && found.contains("（改）"))),
        "{problems:?}"
    );
    assert!(signed_off > 0);

    let again = dir.path().join("again");
    std::fs::create_dir(&again).expect("dir");
    let path = demo_file(&again);
    let conn = tamperer(&path);
    let id: i64 = conn
        .query_row("SELECT min(id) FROM patrols WHERE status = 'signed_off'", [], |r| r.get(0))
        .expect("a patrol signed off");
    let seq = append_forged(
        &conn,
        "patrol.start",
        serde_json::json!({ "patrol": id, "at": "2026-11-24 11:00:00" }),
    );
    conn.execute(
        "UPDATE patrols SET status = 'underway', started_at = '2026-11-24 11:00:00',
                finished_at = NULL, signed_off_by = NULL WHERE id = ?1",
        [id],
    )
    .expect("row made to match");
    drop(conn);
    let problems = verify(&path, None);
    assert!(
        problems.iter().any(|p| matches!(p, Problem::BadEvent { seq: s, kind, detail }
            if *s == seq && kind == "patrol.start" && detail.contains("signed off"))),
        "{problems:?}"
    );
}

/// The rows each event wrote are read ahead in the order of their event: a case step deleted in
/// the middle, another's row edited, and a row claiming an event no step made are each named as
/// a lookup event by event named them.
#[test]
fn rows_read_ahead_by_event_still_name_a_missing_an_edited_and_an_extra_row() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = demo_file(dir.path());
    let conn = tamperer(&path);
    let seqs: Vec<i64> = conn
        .prepare("SELECT event_seq FROM case_steps ORDER BY event_seq")
        .expect("steps")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("seqs");
    assert!(seqs.len() >= 3, "the demo has case steps: {seqs:?}");
    let (gone, edited) = (seqs[seqs.len() / 2], seqs[seqs.len() - 1]);
    conn.execute("DELETE FROM case_steps WHERE event_seq = ?1", [gone]).expect("delete");
    conn.execute("UPDATE case_steps SET actor = 'QJ9999' WHERE event_seq = ?1", [edited])
        .expect("edit");
    // A row whose event is a grid's: no step's event asks for it.
    let grid = event_seq_of(&conn, "grid.add");
    conn.execute(
        "INSERT INTO case_steps (case_id, seq, step, stage_after, actor, at, event_seq)
         SELECT case_id, seq + 1000, step, stage_after, actor, at, ?1 FROM case_steps
         WHERE event_seq = ?2",
        [grid, edited],
    )
    .expect("insert");
    drop(conn);
    let problems = verify(&path, None);
    assert!(
        problems.iter().any(|p| matches!(p, Problem::RowMissing { table, event, .. }
            if table == "case_steps" && *event == gone)),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| matches!(p, Problem::RowDiffers { table, column, found, .. }
            if table == "case_steps" && column == "actor" && found.contains("QJ9999"))),
        "{problems:?}"
    );
    // The extra row (its event earlier than every step's) derails nothing: only the deleted
    // step is missing, only the edited one differs.
    let about_steps = problems
        .iter()
        .filter(|p| {
            matches!(p, Problem::RowMissing { table, .. } | Problem::RowDiffers { table, .. }
            if table == "case_steps")
        })
        .count();
    assert_eq!(about_steps, 2, "{problems:?}");
}
