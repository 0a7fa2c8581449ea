//! `zhifa law`: loading law texts as an admin (a malformed file refused at its line, nothing
//! written), versions by effective date, an article shown as cited on a day, search by words,
//! and verify re-deriving the rows from the events. Real texts from ../shared/law (skipped with
//! a message where absent).

mod common;

use common::{json, ok, zhifa_with_stdin};
use std::path::{Path, PathBuf};

fn zhifa(db: &Path, args: &[&str]) -> std::process::Output {
    zhifa_with_stdin(db, args, "")
}

fn shared_law(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/law").join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared/law not present");
        None
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_malformed_law_file_is_refused_at_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let bad = dir.path().join("示例条例(2020-01-01).md");
    std::fs::write(&bad, "# 示例条例\n\n第一条 甲。\n\n第三条 乙。\n\n第二条 丙。\n")
        .expect("write");
    let refused = zhifa(&db, &["law", "load", bad.to_str().expect("path")]);
    assert!(!refused.status.success());
    let err = stderr(&refused);
    assert!(err.contains("示例条例(2020-01-01).md：第 7 行：第二条出现在第三条之后"), "{err}");
    let undated = dir.path().join("示例条例.md");
    std::fs::write(&undated, "# 示例条例\n\n第一条 甲。\n").expect("write");
    let refused = zhifa(&db, &["law", "load", undated.to_str().expect("path")]);
    assert!(stderr(&refused).contains("没有施行日期"), "{}", stderr(&refused));
    // Refused before the database is even opened: nothing written, not even a new file.
    assert!(!db.exists(), "no database was created");
}

#[test]
fn real_laws_load_and_their_articles_show_as_cited() {
    let Some(road) = shared_law("城市道路管理条例(2019-03-24).md") else { return };
    let Some(apl) = shared_law("行政处罚法(2021-01-22).md") else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let out = ok(&zhifa(&db, &["law", "load", road.to_str().expect("path")]));
    assert!(out.contains("已载入《城市道路管理条例》：45 条，自 2019-03-24 起施行"), "{out}");
    let out = ok(&zhifa(&db, &["law", "load", apl.to_str().expect("path")]));
    assert!(out.contains("86 条"), "{out}");

    // 《中华人民共和国行政处罚法》 and 行政处罚法 name one law.
    let shown = ok(&zhifa(&db, &["law", "show", "《中华人民共和国行政处罚法》第三十六条第二款"]));
    assert!(shown.contains("2021-01-22 起施行"), "{shown}");
    assert!(shown.contains("  第三十六条 违法行为在二年内未被发现的"), "{shown}");
    assert!(shown.contains("▶ 前款规定的期限，从违法行为发生之日起计算"), "{shown}");

    let shown = ok(&zhifa(&db, &["law", "show", "《城市道路管理条例》第二十七条第（一）项"]));
    assert!(shown.contains("▶ (一)擅自占用或者挖掘城市道路；"), "{shown}");
    assert!(shown.contains("\n  (二)履带车"), "{shown}");

    let missing = zhifa(&db, &["law", "show", "《城市道路管理条例》第九十九条"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("没有第九十九条"), "{}", stderr(&missing));
    let before =
        zhifa(&db, &["law", "show", "《城市道路管理条例》第二十七条", "--on", "2010-01-01"]);
    assert_eq!(before.status.code(), Some(2));
    assert!(stderr(&before).contains("最早自 2019-03-24 起施行"), "{}", stderr(&before));
    let unloaded = zhifa(&db, &["law", "show", "《广告法》第五条"]);
    assert_eq!(unloaded.status.code(), Some(2));
    assert!(stderr(&unloaded).contains("zhifa law load"), "{}", stderr(&unloaded));

    let found = ok(&zhifa(&db, &["law", "search", "挖掘", "城市道路"]));
    assert!(found.contains("《城市道路管理条例》第二十七条"), "{found}");
    let found = ok(&zhifa(&db, &["--lang", "en", "law", "search", "二年内未被发现"]));
    assert!(found.contains("《中华人民共和国行政处罚法》Art. 36"), "{found}");
    assert!(found.contains("1 article"), "{found}");

    let report = json(&zhifa(&db, &["verify", "--json"]));
    assert_eq!(report["ok"], true, "{report}");
}

#[test]
fn versions_by_effective_date_each_in_force_from_its_day() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let old = dir.path().join("示例条例(2010-01-01).md");
    std::fs::write(&old, "# 示例条例\n\n第一条 旧的文本。\n").expect("write");
    let new = dir.path().join("示例条例-修订.md");
    std::fs::write(&new, "# 示例条例\n\n第一条 新的文本。\n\n第二条 新增。\n\n第二条之一 插入。\n")
        .expect("write");
    ok(&zhifa(&db, &["law", "load", old.to_str().expect("path")]));
    let args = ["law", "load", new.to_str().expect("path"), "--effective", "2020-06-01"];
    ok(&zhifa(&db, &args));
    let on = |day: &str| ok(&zhifa(&db, &["law", "show", "《示例条例》第一条", "--on", day]));
    assert!(on("2015-01-01").contains("旧的文本"));
    assert!(on("2020-06-01").contains("新的文本"));
    let list = json(&zhifa(&db, &["law", "list", "--json"]));
    let rows = list.as_array().expect("rows");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["in_force"], false);
    assert_eq!(rows[1]["in_force"], true);
    assert_eq!(rows[1]["articles"], 3);
    let inserted = ok(&zhifa(&db, &["law", "show", "《示例条例》第二条之一"]));
    assert!(inserted.contains("第二条之一 插入。"), "{inserted}");
    // The same law and day loaded again replaces that version, on record.
    let out = ok(&zhifa(&db, &args));
    assert!(out.contains("替换了同一日期的文本"), "{out}");
    assert_eq!(json(&zhifa(&db, &["law", "list", "--json"])).as_array().map(Vec::len), Some(2));
    let report = json(&zhifa(&db, &["verify", "--json"]));
    assert_eq!(report["ok"], true, "{report}");
}

#[test]
fn a_catalog_import_warns_of_articles_that_do_not_exist_and_laws_not_yet_in_force() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    ok(&zhifa(&db, &["demo"]));
    // Made-up short texts under the names the demo catalog cites: 城市绿化条例 with three
    // articles (the demo cites later ones), 城市道路管理条例 only from 2030.
    let green = dir.path().join("城市绿化条例(2017-03-01).md");
    std::fs::write(&green, "# 城市绿化条例\n\n第一条 甲。\n\n第二条 乙。\n\n第三条 丙。\n")
        .expect("write");
    let road = dir.path().join("城市道路管理条例(2030-01-01).md");
    std::fs::write(&road, "# 城市道路管理条例\n\n第一条 甲。\n").expect("write");
    for file in [&green, &road] {
        let args =
            ["--as", "QJ0001", "--password-stdin", "law", "load", file.to_str().expect("path")];
        ok(&zhifa_with_stdin(&db, &args, "demo-admin-2026\n"));
    }
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join("db/demo/catalog-v2.json");
    let args =
        ["catalog", "import", catalog.to_str().expect("path"), "--label", "复核", "--dry-run"];
    let args = [&args[..], &["--effective", "2026-12-01"]].concat();
    let out = zhifa(&db, &args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "warnings do not refuse: {text}{}", stderr(&out));
    assert!(text.contains("引用《城市绿化条例》第"), "{text}");
    assert!(text.contains("但 2017-03-01 起施行的文本没有这一条"), "{text}");
    assert!(text.contains("《城市道路管理条例》已载入的文本最早自 2030-01-01 起施行"), "{text}");
    assert!(text.contains("目录生效日 2026-12-01 尚无施行的文本（18 项事项引用）"), "{text}");
    assert_eq!(text.matches("但 2017-03-01 起施行的文本没有这一条").count(), 18, "{text}");
    assert!(text.contains("项事项引用了尚未载入文本的"), "{text}");
    assert!(stderr(&out).contains("试运行"), "{}", stderr(&out));
}
