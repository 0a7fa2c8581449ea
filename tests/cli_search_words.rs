//! Everyday words from the command line: `catalog search` marks what the lexicon found and why;
//! an admin's lexicon file is checked whole (a bad line writes nothing), loaded as an event that
//! `zhifa verify` replays, used by the next search, and cleared again.

mod common;

use common::{json, ok, zhifa_with_stdin};
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
    ok(&zhifa(&db, &["demo"]));
    db
}

/// As the demo's admin.
fn as_admin(db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--as", "QJ0001", "--password-stdin"];
    all.extend_from_slice(args);
    zhifa_with_stdin(db, &all, "demo-admin-2026\n")
}

/// The codes of the hits for `query`, best first.
fn codes(db: &Path, query: &str) -> Vec<String> {
    let hits = json(&zhifa(db, &["catalog", "search", query, "--json", "--limit", "5"]));
    let hits = hits.as_array().expect("array");
    hits.iter().map(|h| h["code"].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn shipped_everyday_words_find_catalog_words_and_say_so() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let hits = json(&zhifa(&db, &["catalog", "search", "狗屎不捡", "--json", "--limit", "3"]));
    let first = &hits[0];
    assert_eq!(first["match_kind"], "everyday", "{hits}");
    assert!(first["name"].as_str().unwrap_or_default().contains("粪便"), "{hits}");
    assert!(first["via"][0]["everyday"].is_string(), "{hits}");
    let out = ok(&zhifa(&db, &["catalog", "search", "狗屎不捡", "--limit", "3"]));
    assert!(out.contains("〔近义：") && out.contains("→"), "{out}");
    // A query in the catalog's own words is direct, not marked.
    let out = ok(&zhifa(&db, &["catalog", "search", "宠物", "--limit", "1"]));
    assert!(!out.contains("〔"), "{out}");
}

#[test]
fn an_admin_adds_words_from_a_file_verify_replays_it_and_clear_removes_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    const SLUDGE: &str = "330217101019"; // 对清理窨井淤泥产生的废弃物未及时清运……
    assert!(!codes(&db, "掏井泥").contains(&SLUDGE.to_string()), "not found before");

    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "掏井泥\t窨井淤泥\n井 泥\t淤泥\n空的\n").expect("write");
    let refused = as_admin(&db, &["catalog", "lexicon", "load", bad.to_str().expect("path")]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(err.contains("bad.tsv 第 2 行") && err.contains("bad.tsv 第 3 行"), "{err}");
    let added = json(&zhifa(&db, &["catalog", "lexicon", "show", "--added", "--json"]));
    assert_eq!(added.as_array().map(Vec::len), Some(0), "nothing written");

    let good = dir.path().join("bureau.tsv");
    std::fs::write(&good, "# 本局用语\n掏井泥\t窨井淤泥\n").expect("write");
    // Only those who load catalogs may change what search understands.
    let officer = zhifa_with_stdin(
        &db,
        &[
            "--as",
            "QJ1001",
            "--password-stdin",
            "catalog",
            "lexicon",
            "load",
            good.to_str().expect("path"),
        ],
        "100100\n",
    );
    assert!(!officer.status.success(), "an officer cannot load a lexicon");
    let out = ok(&as_admin(&db, &["catalog", "lexicon", "load", good.to_str().expect("path")]));
    assert!(out.contains("1 条"), "{out}");
    let hits = json(&zhifa(&db, &["catalog", "search", "掏井泥", "--json", "--limit", "5"]));
    assert_eq!(hits[0]["code"], SLUDGE, "{hits}");
    assert_eq!(hits[0]["via"][0]["catalog"], "窨井淤泥", "{hits}");
    let shown = ok(&zhifa(&db, &["catalog", "lexicon", "show"]));
    assert!(
        shown.contains("掏井泥 → 窨井淤泥  （本单位）") && shown.contains("狗 → 犬只"),
        "{shown}"
    );
    ok(&zhifa(&db, &["verify"]));

    ok(&as_admin(&db, &["catalog", "lexicon", "clear"]));
    assert!(!codes(&db, "掏井泥").contains(&SLUDGE.to_string()), "cleared");
    ok(&zhifa(&db, &["verify"]));
}

#[test]
fn an_officers_choice_comes_first_for_the_same_words_until_an_admin_clears_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    const STALLS: &str = "330217109001"; // 对违法设摊经营、店外经营案件中……先行登记保存
    let before = codes(&db, "摆摊");
    assert_ne!(before.first().map(String::as_str), Some(STALLS), "{before:?}");

    let choose = |args: &[&str]| {
        let mut all = vec!["--as", "QJ1001", "--password-stdin", "catalog", "search"];
        all.extend_from_slice(args);
        zhifa_with_stdin(&db, &all, "100100\n")
    };
    let unknown = choose(&["摆摊", "--choose", "NO-SUCH-CODE"]);
    assert!(!unknown.status.success(), "an item not in the catalog is refused");
    ok(&choose(&["摆摊", "--choose", STALLS]));
    ok(&choose(&["擺攤 ", "--choose", STALLS])); // the same words, traditional and spaced
    let hits = json(&zhifa(&db, &["catalog", "search", "摆摊", "--json", "--limit", "5"]));
    assert_eq!(hits[0]["code"], STALLS, "{hits}");
    assert_eq!(hits[0]["learned"], 2, "{hits}");
    let out = ok(&zhifa(&db, &["catalog", "search", "摆摊", "--limit", "1"]));
    assert!(out.contains("〔本站常选 ×2〕"), "{out}");
    // Other words are not affected.
    assert_eq!(codes(&db, "摆摊 占道").first(), before_of(&db, "摆摊 占道").first());
    ok(&zhifa(&db, &["verify"]));

    let officer_clear = zhifa_with_stdin(
        &db,
        &["--as", "QJ1001", "--password-stdin", "catalog", "learned", "--clear"],
        "100100\n",
    );
    assert!(!officer_clear.status.success(), "only an admin clears");
    let out = ok(&as_admin(&db, &["catalog", "learned", "--clear"]));
    assert!(out.contains("1 条"), "{out}");
    assert_eq!(codes(&db, "摆摊"), before, "back to the plain ranking");
    let learned = json(&zhifa(&db, &["catalog", "learned", "--json"]));
    assert_eq!(learned.as_array().map(Vec::len), Some(0));
    ok(&zhifa(&db, &["verify"]));
}

/// The ranking for `query` as a fresh demo database gives it (nothing learned).
fn before_of(db: &Path, query: &str) -> Vec<String> {
    let fresh = db.with_file_name("fresh.db");
    if !fresh.exists() {
        ok(&zhifa(&fresh, &["demo"]));
    }
    codes(&fresh, query)
}
