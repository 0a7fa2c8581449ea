//! `zhifa calendar`: deadlines counted on the working-day calendar (APL art. 85), a year with no
//! calendar flagged instead of counted, and loading a year as an admin, checked before anything
//! is written.

mod common;

use common::{json, ok, zhifa_with_stdin};
use std::path::Path;

fn zhifa(db: &Path, args: &[&str]) -> std::process::Output {
    zhifa_with_stdin(db, args, "")
}

const Y2027: &str = "year = 2027\nsource = \"国务院办公厅关于2027年部分节假日安排的通知\"\n\
[[holidays]]\nname = \"元旦\"\noff = [\"2027-01-01..2027-01-03\"]\n";

#[test]
fn add_days_counts_working_days_across_holidays_and_make_up_days() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let out = ok(&zhifa(&db, &["calendar", "add-days", "2026-09-30", "5", "--working"]));
    assert_eq!(out.trim(), "2026-10-13", "Oct 1–7 off, Saturday Oct 10 worked");
    let out = ok(&zhifa(&db, &["calendar", "add-days", "2026-12-01", "90"]));
    assert_eq!(out.trim(), "2027-03-01", "natural days need no calendar");
    // 2027 has no notice: computed from the statutory holidays, marked provisional; the
    // bureau's bound by default, a party's on request (全国年节及纪念日放假办法 art. 2, 6, 7).
    let out = ok(&zhifa(&db, &["calendar", "add-days", "2026-12-30", "5", "--working"]));
    assert_eq!(out.trim(), "2027-01-05（暂定）");
    let args = ["calendar", "add-days", "2026-12-30", "5", "--working", "--party"];
    assert_eq!(ok(&zhifa(&db, &args)).trim(), "2027-01-08（暂定）");
    let gap = zhifa(&db, &["calendar", "add-days", "2035-12-30", "5", "--working"]);
    assert_eq!(gap.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&gap.stderr).contains("尚未载入 2036 年"));
    let bad = zhifa(&db, &["calendar", "add-days", "2026-02-30", "5"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2026-02-30"));
}

#[test]
fn an_admin_loads_a_year_and_a_bad_file_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let bad = dir.path().join("2027-bad.toml");
    std::fs::write(&bad, format!("{}work = [\"2027-01-06\"]\n", Y2027)).expect("write");
    let refused = zhifa(&db, &["calendar", "import", bad.to_str().expect("path")]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(err.contains("2027-bad.toml") && err.contains("weekday"), "{err}");
    let years = json(&zhifa(&db, &["calendar", "list", "--json"]));
    let official = |years: &serde_json::Value| {
        let rows = years.as_array().expect("rows");
        rows.iter().filter(|y| y["provenance"] == "official").count()
    };
    assert_eq!(official(&years), 2, "only the shipped years are official");
    assert_eq!(years[2]["provenance"], "provisional", "{years}");

    let good = dir.path().join("2027.toml");
    std::fs::write(&good, Y2027).expect("write");
    let out = ok(&zhifa(&db, &["calendar", "import", good.to_str().expect("path")]));
    assert!(out.contains("已载入 2027 年"), "{out}");
    let out = ok(&zhifa(&db, &["calendar", "add-days", "2026-12-30", "2", "--working"]));
    assert_eq!(out.trim(), "2027-01-04", "Dec 31, then Jan 1–3 off");
    let years = json(&zhifa(&db, &["calendar", "list", "--json"]));
    assert_eq!((years[2]["year"].as_i64(), official(&years)), (Some(2027), 3));

    // Once an admin exists, an officer cannot load calendars.
    ok(&zhifa(&db, &["team", "add", "QX01", "青溪中队"]));
    let admin = [
        "officer",
        "add",
        "--badge",
        "A1",
        "--name",
        "管理员",
        "--role",
        "admin",
        "--password-stdin",
    ];
    ok(&zhifa_with_stdin(&db, &admin, "qingjiang-admin\n"));
    let add = [
        "--as",
        "A1",
        "--password-stdin",
        "officer",
        "add",
        "--badge",
        "B1",
        "--name",
        "张三",
        "--role",
        "officer",
        "--team",
        "QX01",
    ];
    ok(&zhifa_with_stdin(&db, &add, "qingjiang-admin\n123456\n"));
    let as_officer =
        ["--as", "B1", "--password-stdin", "calendar", "import", good.to_str().expect("path")];
    let refused = zhifa_with_stdin(&db, &as_officer, "123456\n");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("不能载入工作日安排"));
}
