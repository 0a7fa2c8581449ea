//! One language at a time on the command line: every reading command, and the usual mistakes,
//! run on the demo database with `--lang en`, must print no Chinese but the records' own (names,
//! places, the catalog, document titles, the calendar notices), and lists are joined with “, ”.
//! In Chinese, the same commands print no English sentences.

mod common;

use common::zhifa_with_stdin;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// Every text the demo database holds, outside the event log (whose payloads repeat the rows):
/// what an English screen may quote.
fn records_text(db: &Path) -> String {
    let conn =
        Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only");
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'events'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    tables.sort();
    let mut text = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).expect("select");
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).expect("rows");
        while let Some(row) = rows.next().expect("row") {
            for i in 0..columns {
                if let Ok(value) = row.get::<_, String>(i) {
                    text.push_str(&value);
                    text.push('\n');
                }
            }
        }
    }
    // The document kinds' own titles, as the forms are printed (records of the bureau's paper).
    text.push_str(
        "立案审批表 现场检查（勘验）笔录 询问笔录 责令（限期）改正通知书 行政处罚事先告知书 ",
    );
    text.push_str("听证通知书 行政处罚决定书 当场行政处罚决定书 送达回证 催告书 结案审批表 ");
    // The column names published catalogs use (an import names those it looked for).
    text.push_str("序号 事项编码 事项名称 主项名称 ");
    // The State Council's holiday notices, by their titles (the calendar's source column).
    text.push_str(
        "国务院办公厅关于2025年部分节假日安排的通知 国务院办公厅关于2026年部分节假日安排的通知",
    );
    text
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Runs of ideographs in `text`: each must be the records' own words.
fn ideograph_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_ideograph(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.extend((!run.is_empty()).then_some(run));
    runs
}

const READING: &[&[&str]] = &[
    &["catalog", "search", "zydl"],
    &["catalog", "versions"],
    &["catalog", "show", "330217121009"],
    &["catalog", "diff"],
    &["case", "list"],
    &["case", "list", "--overdue"],
    &["case", "show", "5"],
    &["case", "show", "3"],
    &["ticket", "list"],
    &["ticket", "suggest", "1"],
    &["patrol", "list"],
    &["officer", "list"],
    &["team", "list"],
    &["brigade", "list"],
    &["grid", "list"],
    &["calendar", "list"],
    &["law", "list"],
    &["doc", "list", "5"],
    &["doc", "list", "1"],
    &["station", "show"],
    &["report"],
    &["report", "--by", "officer"],
    &["verify"],
    // Mistakes a person makes.
    &["case", "show", "99999"],
    &["catalog", "show", "NOPE"],
    &["ticket", "suggest", "99999"],
    &["doc", "list", "99999"],
    &["report", "--from", "2026-11-30", "--to", "2026-11-01"],
    &["law", "show", "《城市道路管理条例》第九十九条"],
    // A catalog already loaded, and a file that is no catalog (refused before any password).
    &["catalog", "import", "db/demo/catalog-v2.json"],
    &["catalog", "import", "README.md"],
];

fn output(db: &Path, lang: &str, args: &[&str]) -> String {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    let out = zhifa_with_stdin(db, &all, "");
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn english_commands_print_no_chinese_but_the_records() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    common::ok(&zhifa_with_stdin(&db, &["demo"], ""));
    let records = records_text(&db);
    let mut foreign = Vec::new();
    for args in READING {
        let printed = output(&db, "en", args);
        assert!(!printed.trim().is_empty(), "{args:?} printed nothing");
        for run in ideograph_runs(&printed) {
            if !records.contains(&run) {
                foreign.push(format!("{args:?}: {run}"));
            }
        }
        let marks = zhifa::text::chinese_punctuation_by_ascii(&printed);
        // The records' own (“0.4公斤/平方厘米（0.4兆帕）”) are theirs to punctuate.
        for mark in marks.into_iter().filter(|m| !records.contains(m.trim())) {
            foreign.push(format!("{args:?}: punctuated in Chinese: {mark}"));
        }
    }
    assert!(foreign.is_empty(), "Chinese in English output:\n{}", foreign.join("\n"));
}

/// English words that only an untranslated message would print in Chinese mode.
const ENGLISH_TELLS: [&str; 8] =
    ["error:", " the ", " not ", " no ", " is ", " days", "overdue", " items"];

#[test]
fn chinese_commands_print_no_english_sentences() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    common::ok(&zhifa_with_stdin(&db, &["demo"], ""));
    let mut english = Vec::new();
    for args in READING {
        let printed = output(&db, "zh", args);
        for line in printed.lines() {
            let lower = line.to_lowercase();
            for tell in ENGLISH_TELLS {
                if lower.contains(tell) {
                    english.push(format!("{args:?}: {line}"));
                }
            }
        }
    }
    english.dedup();
    assert!(english.is_empty(), "English in Chinese output:\n{}", english.join("\n"));
}
