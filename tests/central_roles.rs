//! A database role per station at the centre (docs/CENTRAL.md, "A database role per station";
//! db/central/0010_station_roles.sql), against a real PostgreSQL server of the test's own: a
//! station syncing under its own role pushes, takes in and is dispatched to exactly as under the
//! owner's, but reads and writes nothing of another station; it cannot push or publish as
//! another station, nor apply the centre's migrations; the owner names and revokes roles.

mod common;

use common::pg::{local_events, PgServer};
use common::{hotline_feed, json, ok, zhifa_at, zhifa_with_stdin};
use std::path::{Path, PathBuf};
use std::process::Output;

const ADMIN: (&str, &str) = ("QJ0001", "demo-admin-2026\n");
const OFFICER: (&str, &str) = ("QJ1001", "100100\n");
const NOW: &str = "2026-11-24T10:00:00+08:00";

fn as_who(db: &Path, who: (&str, &str), args: &[&str]) -> Output {
    let mut all = vec!["--as", who.0, "--password-stdin"];
    all.extend_from_slice(args);
    zhifa_at(db, NOW, &all, who.1)
}

/// `zhifa --db DB --central URL ARGS`.
fn with_centre(db: &Path, url: &str, args: &[&str]) -> Output {
    let mut all = vec!["--central", url];
    all.extend_from_slice(args);
    zhifa_at(db, NOW, &all, "")
}

fn failed(out: &Output) -> String {
    assert!(!out.status.success(), "succeeded: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A demo station database with code `code`.
fn station(dir: &Path, code: &str) -> PathBuf {
    let db = dir.join(format!("{code}.db"));
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    ok(&as_who(&db, ADMIN, &["station", "set", code, &format!("{code} 中队站")]));
    db
}

/// A login role of PostgreSQL's own (as `createuser` makes it); its URL for `database`.
fn login_role(pg: &PgServer, owner: &mut postgres::Client, role: &str, database: &str) -> String {
    owner
        .batch_execute(&format!("CREATE ROLE {role} LOGIN PASSWORD 'not-a-secret'"))
        .expect("role");
    format!("postgres://{role}:not-a-secret@127.0.0.1:{}/{database}", pg.port)
}

fn connect(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).expect("connect to the centre")
}

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).expect(sql).get(0)
}

#[test]
fn a_station_role_reads_and_writes_only_its_own_station_at_the_centre() {
    let Some(pg) = PgServer::start("a_station_role_reads_and_writes_only_its_own") else { return };
    let owner_url = pg.database("roles");
    let mut owner = connect(&owner_url);
    let gx_url = login_role(&pg, &mut owner, "gx_station", "roles");
    let bj_url = login_role(&pg, &mut owner, "bj_station", "roles");
    let ju_url = login_role(&pg, &mut owner, "ju_station", "roles");
    let dir = tempfile::tempdir().expect("tmp");
    let (gx, bj, ju) =
        (station(dir.path(), "GX"), station(dir.path(), "BJ"), station(dir.path(), "JU"));
    let nowhere = Path::new("/nonexistent/station.db");

    // A station's role may not lay out the centre: the owner's first connection does.
    let said = failed(&with_centre(&gx, &gx_url, &["sync"]));
    assert!(said.contains("中心数据库尚未建立") && said.contains("所有者"), "{said}");
    let said = failed(&with_centre(&gx, &gx_url, &["--lang", "en", "sync"]));
    assert!(said.contains("lacks every table") && said.contains("owner"), "{said}");
    ok(&with_centre(nowhere, &owner_url, &["central", "status"]));
    for (role, code) in [("gx_station", "GX"), ("bj_station", "BJ"), ("ju_station", "JU")] {
        ok(&with_centre(
            nowhere,
            &owner_url,
            &["central", "role", "grant", role, "--station", code],
        ));
    }
    // A role that bypasses row-level security, or is another station's already, is refused.
    let said = failed(&with_centre(
        nowhere,
        &owner_url,
        &["central", "role", "grant", "postgres", "--station", "JU"],
    ));
    assert!(said.contains("bypasses row-level security"), "{said}");
    let said = failed(&with_centre(
        nowhere,
        &owner_url,
        &["central", "role", "grant", "gx_station", "--station", "BJ"],
    ));
    assert!(said.contains("already station GX"), "{said}");
    // A station's role names no roles.
    failed(&with_centre(
        &gx,
        &gx_url,
        &["central", "role", "grant", "gx_station", "--station", "BJ"],
    ));

    // Each station syncs under its own role: every event arrives, with its open cases and facts.
    for (db, url) in [(&gx, &gx_url), (&bj, &bj_url), (&ju, &ju_url)] {
        let pushed = json(&with_centre(db, url, &["sync", "--json"]));
        assert_eq!(pushed["pushed"].as_i64(), Some(local_events(db)), "{pushed}");
    }
    let checked = json(&with_centre(nowhere, &owner_url, &["central", "verify", "--json"]));
    assert_eq!(checked["ok"], true, "{checked}");
    assert_eq!(count(&mut owner, "SELECT count(DISTINCT station) FROM report_cases"), 3);
    assert_eq!(count(&mut owner, "SELECT count(DISTINCT station) FROM open_cases_pushed"), 3);

    // Under its role, GX sees its own rows only, and can write no other station's.
    let mut as_gx = connect(&gx_url);
    assert_eq!(count(&mut as_gx, "SELECT count(*) FROM stations"), 1);
    assert_eq!(count(&mut as_gx, "SELECT count(*) FROM events WHERE station <> 'GX'"), 0);
    assert_eq!(
        count(&mut as_gx, "SELECT count(*) FROM events"),
        count(&mut owner, "SELECT count(*) FROM events WHERE station = 'GX'")
    );
    for table in ["report_cases", "report_officers", "open_cases", "report_facts_pushed"] {
        let sql = format!("SELECT count(*) FROM {table} WHERE station <> 'GX'");
        assert_eq!(count(&mut as_gx, &sql), 0, "{table}");
    }
    let bj_cases = count(&mut owner, "SELECT count(*) FROM report_cases WHERE station = 'BJ'");
    assert!(bj_cases > 0);
    let deleted = as_gx.execute("DELETE FROM report_cases WHERE station = 'BJ'", &[]);
    assert_eq!(deleted.ok(), Some(0), "another station's facts were reachable");
    assert_eq!(
        count(&mut owner, "SELECT count(*) FROM report_cases WHERE station = 'BJ'"),
        bj_cases
    );
    let event = "INSERT INTO events (station, seq, at, actor, terminal, pid, kind, payload, \
                 prev_hash, hash) SELECT 'BJ', 99999, at, actor, terminal, pid, kind, payload, \
                 prev_hash, hash FROM events WHERE station = 'GX' AND seq = 1";
    assert!(as_gx.execute(event, &[]).is_err(), "an event written as another station");
    let forged = as_gx.execute("UPDATE stations SET name = 'x' WHERE code = 'BJ'", &[]);
    assert_eq!(forged.ok(), Some(0), "another station's row was reachable");
    let listed = json(&with_centre(nowhere, &gx_url, &["central", "status", "--json"]));
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    let said = ok(&with_centre(nowhere, &gx_url, &["central", "status"]));
    assert!(said.contains("仅限站点 GX"), "{said}");
    assert!(!said.contains("BJ"), "{said}");

    // GX's file pushed under BJ's role is refused before anything is written.
    let gx_held = count(&mut owner, "SELECT count(*) FROM events WHERE station = 'GX'");
    ok(&as_who(
        &gx,
        OFFICER,
        &[
            "ticket",
            "import",
            hotline_feed(dir.path(), "desk.csv", &["L-1"]).to_str().expect("utf-8"),
        ],
    ));
    let said = failed(&with_centre(&gx, &bj_url, &["sync"]));
    assert!(said.contains("专属站点 BJ") && said.contains("不能以站点 GX 的名义"), "{said}");
    assert_eq!(count(&mut owner, "SELECT count(*) FROM events WHERE station = 'GX'"), gx_held);

    // Dispatching is the bureau's; a station's role is told so. Under its role, an officer's
    // sync takes in what the owner dispatched to GX, and the centre hears back.
    let desk = hotline_feed(dir.path(), "desk.csv", &["D2026-0001", "D2026-0002"]);
    let desk = desk.to_str().expect("utf-8");
    let said =
        failed(&with_centre(nowhere, &gx_url, &["central", "dispatch", "--station", "GX", desk]));
    assert!(said.contains("派发投诉举报须使用中心数据库所有者"), "{said}");
    ok(&with_centre(nowhere, &owner_url, &["central", "dispatch", "--station", "GX", desk]));
    let synced = json(&as_who(&gx, OFFICER, &["--central", &gx_url, "sync", "--json"]));
    assert_eq!(
        synced["tickets"]["pulled"]["taken_in"].as_array().map(Vec::len),
        Some(2),
        "{synced}"
    );
    assert_eq!(
        count(&mut owner, "SELECT count(*) FROM dispatched_tickets WHERE local_id IS NOT NULL"),
        2
    );
    // The take-in's events go with the next push.
    ok(&with_centre(&gx, &gx_url, &["sync"]));
    assert_eq!(
        count(&mut owner, "SELECT count(*) FROM events WHERE station = 'GX'"),
        local_events(&gx)
    );

    // JU publishes a catalog version under its own role (not as another station), and GX takes
    // it in under its role: the publisher's key is checked from JU's account events, which GX
    // reads through the owner's function only.
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("db/demo/catalog-v2.json");
    let catalog = catalog.to_str().expect("utf-8");
    let publish = |db: &Path, url: &str| {
        as_who(
            db,
            ADMIN,
            &[
                "--central",
                url,
                "central",
                "catalog",
                "publish",
                catalog,
                "--label",
                "2027年版",
                "--effective",
                "2026-12-01",
            ],
        )
    };
    let said = failed(&publish(&ju, &gx_url));
    assert!(said.contains("不能以站点 JU 的名义"), "{said}");
    ok(&publish(&ju, &ju_url));
    let synced = json(&with_centre(&gx, &gx_url, &["sync", "--json"]));
    assert_eq!(synced["catalogs"]["taken_in"][0]["label"], "2027年版", "{synced}");
    assert_eq!(count(&mut as_gx, "SELECT count(*) FROM events WHERE station = 'JU'"), 0);

    // Revoked, the role reads and writes nothing; the list shows who is left.
    ok(&with_centre(nowhere, &owner_url, &["central", "role", "revoke", "gx_station"]));
    failed(&with_centre(&gx, &gx_url, &["sync"]));
    let roles = json(&with_centre(nowhere, &owner_url, &["central", "role", "list", "--json"]));
    let names: Vec<&str> =
        roles.as_array().expect("roles").iter().filter_map(|r| r["role"].as_str()).collect();
    assert_eq!(names, ["bj_station", "ju_station"], "{roles}");
    let checked = json(&with_centre(nowhere, &owner_url, &["central", "verify", "--json"]));
    assert_eq!(checked["ok"], true, "{checked}");
}
