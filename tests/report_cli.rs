//! `zhifa report` as scripts and spreadsheets see it: the demo's records counted as the lists
//! count them, CSV with a BOM for Excel, XLSX read back with a sheet per table and numbers as
//! numbers, and a bad period refused with nothing written.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{json, ok, zhifa_with_stdin};
use std::path::Path;

fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("z.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    db
}

const PERIOD: [&str; 4] = ["--from", "2026-11-01", "--to", "2026-11-24"];

fn report(db: &Path, more: &[&str]) -> std::process::Output {
    let args: Vec<&str> = ["report"].iter().chain(PERIOD.iter()).chain(more).copied().collect();
    zhifa_with_stdin(db, &args, "")
}

#[test]
fn json_figures_open_to_the_records_the_lists_show() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let report = json(&report(&db, &["--format", "json"]));
    let measures = report["measures"].as_array().expect("measures");
    let at = |key: &str| measures.iter().position(|m| m["key"] == key).expect(key);
    let total = &report["total"]["figures"];
    let tickets = json(&zhifa_with_stdin(&db, &["ticket", "list", "--json"], ""));
    let received: Vec<String> = tickets
        .as_array()
        .expect("tickets")
        .iter()
        .filter(|t| {
            let at = t["received_at"].as_str().unwrap_or_default();
            ("2026-11-01".."2026-11-25").contains(&at)
        })
        .map(|t| format!("ticket:{}", t["id"]))
        .collect();
    assert!(!received.is_empty(), "the demo has tickets this month");
    let figure = &total[at("tickets_received")];
    let mut listed: Vec<String> = figure["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| r.as_str().unwrap_or_default().to_string())
        .collect();
    let mut expected = received.clone();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
    assert_eq!(figure["value"], received.len());
    assert!(report["groups"].as_array().is_some_and(|g| !g.is_empty()));
    // By category (the domain of the item recorded at intake, else 未归类): each ticket once.
    let mut categorised: Vec<String> = Vec::new();
    for (i, m) in measures.iter().enumerate() {
        if m["key"].as_str().is_some_and(|k| k.starts_with("category_")) {
            let records = total[i]["records"].as_array().expect("records");
            categorised.extend(records.iter().map(|r| r.as_str().unwrap_or_default().to_string()));
        }
    }
    categorised.sort();
    assert_eq!(categorised, expected, "every ticket under one category");
    let classified = measures.iter().enumerate().filter(|(i, m)| {
        m["key"]
            .as_str()
            .is_some_and(|k| k.starts_with("category_") && k != "category_unclassified")
            && total[*i]["value"].as_i64().unwrap_or(0) > 0
    });
    assert!(classified.count() > 0, "the demo's complaints concern items of its catalog");
}

#[test]
fn csv_starts_with_a_bom_for_excel_and_names_its_columns_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let out = report(&db, &["--format", "csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM first");
    let text = String::from_utf8(out.stdout[3..].to_vec()).expect("utf-8");
    let header = text.lines().next().expect("header");
    assert_eq!(header, "表,指标,分组编码,分组,本期,上年同期");
    assert!(text.lines().any(|l| l.starts_with("巡查,计划巡查,,合计,")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("投诉举报,类别：未归类,,合计,")), "{text}");
}

#[test]
fn xlsx_has_a_sheet_per_table_with_chinese_headers_and_numbers_as_numbers() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let file = dir.path().join("月报.xlsx");
    let out = report(&db, &["--format", "xlsx", "-o", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut book: Xlsx<_> = open_workbook(&file).expect("xlsx");
    assert_eq!(
        book.sheet_names(),
        vec!["巡查", "投诉举报", "案件", "处罚决定", "办案时限", "执法人员"]
    );
    let sheet = book.worksheet_range("巡查").expect("sheet");
    assert_eq!(sheet.get((0, 1)), Some(&Data::String("中队".into())));
    assert_eq!(sheet.get((0, 2)), Some(&Data::String("计划巡查".into())));
    let last = sheet.height() - 1;
    assert_eq!(sheet.get((last, 1)), Some(&Data::String("合计".into())));
    let planned = json(&report(&db, &["--format", "json"]))["total"]["figures"][0]["value"]
        .as_f64()
        .expect("planned");
    assert!(planned > 0.0, "the demo plans patrols");
    assert_eq!(sheet.get((last, 2)), Some(&Data::Float(planned)), "a number, not text");
    let tickets = book.worksheet_range("投诉举报").expect("sheet");
    let headers: Vec<String> = (0..tickets.width())
        .filter_map(|c| match tickets.get((0, c)) {
            Some(Data::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(headers.iter().any(|h| h == "类别：未归类"), "{headers:?}");
    assert!(headers.iter().any(|h| h.starts_with("类别：") && h != "类别：未归类"), "{headers:?}");
}

#[test]
fn a_period_ending_before_it_starts_is_refused_and_xlsx_wants_a_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo_db(dir.path());
    let out = zhifa_with_stdin(&db, &["report", "--from", "2026-11-24", "--to", "2026-11-01"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("晚于止日"));
    let out = report(&db, &["--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o"));
}
