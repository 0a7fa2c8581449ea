//! The `zhifa` binary end to end, as an admin and an officer use it from a shell.
//!
//! Guards: the demo loads both versions; search finds by pinyin initials, Chinese and law name
//! and prints JSON with code/name/score/version; a bad file is reported with row and column and
//! writes nothing; --dry-run writes nothing; export → import round-trips exactly; the clock
//! decides which version is in force.

mod common;

use common::{json, ok};
use std::path::Path;
use std::process::{Command, Output};

fn zhifa(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ZHIFA_NOW", "2026-11-24T10:00:00+08:00")
        .env_remove("ZHIFA_LANG")
        .output()
        .expect("run zhifa")
}

fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let out = Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .args(["demo", "--db"])
        .arg(&db)
        .env("ZHIFA_NOW", "2026-11-24T10:00:00+08:00")
        .output()
        .expect("demo");
    ok(&out);
    db
}

#[test]
fn no_subcommand_prints_usage_pointing_to_catalog_commands() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = ok(&zhifa(&dir.path().join("x.db"), &[]));
    assert!(out.contains("zhifa catalog search"), "{out}");
}

#[test]
fn demo_loads_two_versions_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let again = Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .args(["demo", "--db"])
        .arg(&db)
        .output()
        .expect("demo");
    assert!(ok(&again).contains("已存在"));
    let versions = json(&zhifa(&db, &["catalog", "versions", "--json"]));
    let versions = versions.as_array().expect("array");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["status"], "superseded");
    assert_eq!(versions[1]["status"], "in_force");
    assert_eq!(versions[0]["until"], versions[1]["effective"], "no gap, no overlap");
}

#[test]
fn search_finds_by_initials_chinese_and_law_name() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    for query in ["zydl", "占用道路", "城市道路管理条例"] {
        let hits = json(&zhifa(&db, &["catalog", "search", query, "--json", "--limit", "5"]));
        let hits = hits.as_array().expect("array");
        assert!(!hits.is_empty(), "{query}: no hits");
        let first = &hits[0];
        for key in ["code", "name", "score", "version"] {
            assert!(first.get(key).is_some(), "{query}: missing {key}");
        }
        assert_eq!(first["version"], "2026年上半年版");
        if query != "城市道路管理条例" {
            let name = first["name"].as_str().expect("name");
            assert!(name.contains("占用") && name.contains("道路"), "{query}: {name}");
        }
    }
}

#[test]
fn search_in_an_older_version_and_by_the_clock() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let old =
        json(&zhifa(&db, &["catalog", "search", "垃圾", "--json", "--version", "2025年下半年版"]));
    assert!(old.as_array().is_some_and(|a| a.iter().all(|h| h["version"] == "2025年下半年版")));
    let out = Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .args(["--db"])
        .arg(&db)
        .args(["catalog", "search", "垃圾", "--json"])
        .env("ZHIFA_NOW", "2025-12-31T23:59:59+08:00")
        .output()
        .expect("run");
    let hits = json(&out);
    assert!(hits
        .as_array()
        .is_some_and(|a| !a.is_empty() && a.iter().all(|h| h["version"] == "2025年下半年版")));
}

#[test]
fn a_cut_list_says_how_many_matched_and_that_it_is_cut() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let all = json(&zhifa(&db, &["catalog", "search", "垃圾", "--json", "--limit", "100000"]));
    let total = all.as_array().expect("hits").len();
    assert!(total > 3, "the demo has several 垃圾 items: {total}");
    let cut = ok(&zhifa(&db, &["catalog", "search", "垃圾", "--limit", "3"]));
    let heading = cut.lines().next().expect("heading");
    assert!(heading.contains(&format!("共 {total} 条结果，显示前 3 条")), "{heading}");
    assert_eq!(cut.lines().count(), 4, "heading and three hits: {cut}");
    let whole = ok(&zhifa(&db, &["catalog", "search", "垃圾", "--limit", "100000"]));
    let heading = whole.lines().next().expect("heading");
    assert!(
        heading.ends_with(&format!("{total} 条结果")) && !heading.contains("显示前"),
        "{heading}"
    );
}

#[test]
fn show_prints_basis_and_range() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let hits = json(&zhifa(&db, &["catalog", "search", "zydl", "--json", "--limit", "1"]));
    let code = hits[0]["code"].as_str().expect("code").to_string();
    let shown = json(&zhifa(&db, &["catalog", "show", &code, "--json"]));
    assert_eq!(shown["item"]["code"], code.as_str());
    let text = ok(&zhifa(&db, &["catalog", "show", &code]));
    assert!(text.contains("处罚依据") && text.contains("《"), "{text}");
    let missing = zhifa(&db, &["catalog", "show", "NO-SUCH-CODE"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("NO-SUCH-CODE"));
}

#[test]
fn diff_between_demo_versions_lists_all_three_kinds() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let d = json(&zhifa(&db, &["catalog", "diff", "--json"]));
    assert_eq!(d["from"], "2025年下半年版");
    assert_eq!(d["to"], "2026年上半年版");
    for kind in ["added", "changed", "removed"] {
        assert!(d["diff"][kind].as_array().is_some_and(|a| !a.is_empty()), "{kind}");
    }
    // In Chinese the changed fields are named as the catalog's columns call them, not by key.
    let text = ok(&zhifa(&db, &["catalog", "diff"]));
    let changed: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with('~')).collect();
    assert!(!changed.is_empty(), "{text}");
    for line in changed {
        let fields = line.rsplit_once('(').map(|(_, f)| f).unwrap_or_default();
        assert!(!fields.chars().any(|c| c.is_ascii_lowercase()), "English field name: {line}");
    }
}

#[test]
fn export_then_import_round_trips_exactly() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let file = dir.path().join("export.json");
    let exported = zhifa(&db, &["catalog", "export", file.to_str().expect("path")]);
    ok(&exported);
    let said = String::from_utf8_lossy(&exported.stderr);
    assert!(said.contains("已导出目录版本「") && !said.contains("版 版"), "{said}");
    let fresh = dir.path().join("fresh.db");
    ok(&zhifa(&fresh, &["catalog", "import", file.to_str().expect("path")]));
    let again = dir.path().join("again.json");
    ok(&zhifa(&fresh, &["catalog", "export", again.to_str().expect("path")]));
    assert_eq!(
        std::fs::read_to_string(&file).expect("a"),
        std::fs::read_to_string(&again).expect("b")
    );
}

#[test]
fn a_bad_file_is_reported_in_full_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let before = ok(&zhifa(&db, &["catalog", "versions", "--json"]));
    let bad = dir.path().join("坏目录.csv");
    std::fs::write(
        &bad,
        "事项编码,事项名称,职权类型,处罚种类及幅度\n\
         330217999001,对擅自占用城市道路的处罚,行政处罚,处二千元以上二万元以下罚款\n\
         3.30217E+17,对乱扔垃圾的处罚,行政处罚,\n\
         330217999003,,行政处罚,\n\
         330217999004,对某事的处罚,行政许可,\n",
    )
    .expect("write");
    let out = zhifa(
        &db,
        &["catalog", "import", bad.to_str().expect("path"), "--effective", "2026-12-01"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("坏目录.csv:3"), "row 3 (the E+17 code) named: {err}");
    assert!(err.contains("坏目录.csv:4"), "row 4 (empty name) named: {err}");
    assert!(err.contains("坏目录.csv:5"), "row 5 (行政许可) named: {err}");
    assert!(err.contains("未写入"), "{err}");
    assert_eq!(ok(&zhifa(&db, &["catalog", "versions", "--json"])), before);
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let file = dir.path().join("next.json");
    ok(&zhifa(&db, &["catalog", "export", file.to_str().expect("path")]));
    let path = file.to_str().expect("path");
    let out = zhifa(
        &db,
        &[
            "catalog",
            "import",
            path,
            "--label",
            "2026年下半年版",
            "--effective",
            "2027-01-01",
            "--dry-run",
        ],
    );
    let stdout = ok(&out);
    assert!(stdout.contains("新增 0 项"), "{stdout}");
    let versions = json(&zhifa(&db, &["catalog", "versions", "--json"]));
    assert_eq!(versions.as_array().map(Vec::len), Some(2));
    // And the real import, by the demo admin, schedules it.
    let admin = ["--as", "QJ0001", "--password-stdin"];
    let import =
        ["catalog", "import", path, "--label", "2026年下半年版", "--effective", "2027-01-01"];
    ok(&common::zhifa_with_stdin(&db, &[&admin[..], &import[..]].concat(), "demo-admin-2026\n"));
    let versions = json(&zhifa(&db, &["catalog", "versions", "--json"]));
    assert_eq!(versions[2]["status"], "scheduled");
}

#[test]
fn wrong_effective_date_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let out = zhifa(&db, &["catalog", "import", "x.csv", "--effective", "2026-13-01"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn english_on_request() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let out = ok(&zhifa(&db, &["--lang", "en", "catalog", "versions"]));
    assert!(out.contains("in force") && out.contains("superseded"), "{out}");
}
