//! `zhifa brigade`, `team`, `grid`: the bureau's brigades over its street teams, grids of existing
//! teams, each added by an admin and listed; the demo database has them.

mod common;

use common::{json, ok, zhifa_with_stdin};

#[test]
fn grids_are_added_to_teams_and_listed() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    ok(&zhifa_with_stdin(&db, &["team", "add", "QX01", "青溪中队"], ""));
    let add = ["grid", "add", "QX01-01", "青溪老街网格", "--team", "QX01", "--road", "青溪路"];
    let out = ok(&zhifa_with_stdin(&db, &add, ""));
    assert!(out.contains("已添加网格 QX01-01"), "{out}");
    let again = zhifa_with_stdin(&db, &add, "");
    assert!(String::from_utf8_lossy(&again.stderr).contains("网格编码 QX01-01 已存在"));
    let nowhere = ["grid", "add", "XX-01", "无主网格", "--team", "XX"];
    let refused = zhifa_with_stdin(&db, &nowhere, "");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("没有编码为 XX 的中队"));
    let grids = json(&zhifa_with_stdin(&db, &["grid", "list", "--team", "QX01", "--json"], ""));
    assert_eq!(grids.as_array().map(Vec::len), Some(1));
    assert_eq!(grids[0]["road"], "青溪路");
}

#[test]
fn teams_belong_to_brigades_that_exist() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let early = zhifa_with_stdin(&db, &["team", "add", "QX01", "青溪中队", "--brigade", "D1"], "");
    assert!(String::from_utf8_lossy(&early.stderr).contains("没有编码为 D1 的大队"));
    ok(&zhifa_with_stdin(&db, &["brigade", "add", "D1", "城东大队"], ""));
    let twice = zhifa_with_stdin(&db, &["brigade", "add", "D1", "城东大队"], "");
    assert!(String::from_utf8_lossy(&twice.stderr).contains("大队编码 D1 已存在"));
    ok(&zhifa_with_stdin(&db, &["team", "add", "QX01", "青溪中队", "--brigade", "D1"], ""));
    ok(&zhifa_with_stdin(&db, &["team", "add", "DG02", "东岗中队"], ""));
    let brigades = json(&zhifa_with_stdin(&db, &["brigade", "list", "--json"], ""));
    assert_eq!(brigades[0]["teams"], serde_json::json!(["QX01"]), "{brigades}");
    let teams = json(&zhifa_with_stdin(&db, &["team", "list", "--json"], ""));
    assert_eq!((teams[0]["brigade"].as_str(), teams[1]["brigade"].as_str()), (None, Some("D1")));
}

#[test]
fn the_demo_has_grids_for_both_teams() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    let all = json(&zhifa_with_stdin(&db, &["grid", "list", "--json"], ""));
    let teams: std::collections::BTreeSet<&str> =
        all.as_array().expect("array").iter().filter_map(|g| g["team"].as_str()).collect();
    assert_eq!(teams.into_iter().collect::<Vec<_>>(), ["DG02", "QX01"]);
}

#[test]
fn the_demo_has_weeks_of_work_with_something_overdue() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    let count =
        |args: &[&str]| json(&zhifa_with_stdin(&db, args, "")).as_array().map_or(0, Vec::len);
    assert_eq!(count(&["case", "list", "--json"]), 5, "cases in several stages");
    assert_eq!(count(&["case", "list", "--overdue", "--json"]), 2, "a late lead, a late service");
    assert_eq!(
        count(&["case", "list", "--due-within", "3", "--json"]),
        3,
        "and one near its 90 days (the party's period to state and defend is not the bureau's)"
    );
    assert_eq!(count(&["ticket", "list", "--overdue", "--json"]), 1);
    assert_eq!(count(&["patrol", "list", "--day", "today", "--json"]), 2);
    // A second run adds nothing.
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    assert_eq!(count(&["case", "list", "--json"]), 5);
}
