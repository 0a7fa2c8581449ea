//! Catalog import on the real published lists, laid out the way offices publish them: XLSX with a
//! title row and merged cells, GBK CSV, UTF-8-BOM CSV, two-row headers, and the JSON copies.
//!
//! Guards: the same list gives the same items and the same derived codes whatever the format;
//! discretion tables fold one-row-per-tier back into one item; the real inconsistency in Shenzhen
//! discretion #27 is reported; a malformed file lists every problem with the row and column a
//! spreadsheet user sees.

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use zhifa::catalog::import::{
    read_catalog, read_catalog_bytes, ParsedCatalog, Severity, SourceFormat,
};

const LONGHUA: &str =
    "cn_shenzhen_longhua_subdistrict_penalty_items__Jimilarity_DocumentReview.json";
const DISCRETION: &str =
    "cn_shenzhen_city_management_discretion_2023__Jimilarity_DocumentReview.json";

fn shared_data(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data").join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: ../shared/data not present");
        None
    }
}

fn load_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read shared data");
    serde_json::from_str(&text).expect("shared data is JSON")
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn import(path: &Path) -> ParsedCatalog {
    read_catalog(path).unwrap_or_else(|e| panic!("{e}"))
}

fn codes(parsed: &ParsedCatalog) -> BTreeSet<String> {
    parsed.items.iter().map(|i| i.code.clone()).collect()
}

fn csv_line(cells: &[String]) -> String {
    let quoted: Vec<String> =
        cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect();
    quoted.join(",") + "\r\n"
}

// ---------------------------------------------------------------- Longhua street penalty items

/// One row per item: 序号, name, department, scope (one street per line, as Excel cells show it), remark.
fn longhua_rows(items: &[Value]) -> Vec<Vec<String>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let scope: Vec<String> = item["implementation_scope"]
                .as_array()
                .map(|a| a.iter().map(text).collect())
                .unwrap_or_default();
            vec![
                (i + 1).to_string(),
                text(&item["item_name"]),
                text(&item["related_district_authority"]),
                scope.join("\n"),
                text(&item["remark"]),
            ]
        })
        .collect()
}

fn write_longhua_xlsx(path: &Path, rows: &[Vec<String>]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "深圳市龙华区街道承接区政府部门行政处罚事项目录").expect("title");
    for (col, header) in ["序号", "事项名称", "区级主管部门", "实施范围", "备注"].iter().enumerate()
    {
        sheet.write_string(2, col as u16, *header).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        sheet.write_number(r, 0, (r - 2) as f64).expect("number");
        for (col, value) in row.iter().enumerate().skip(1) {
            if !value.is_empty() {
                sheet.write_string(r, col as u16, value).expect("cell");
            }
        }
    }
    workbook.save(path).expect("save xlsx");
}

fn write_longhua_gbk_csv(path: &Path, rows: &[Vec<String>]) {
    let mut text =
        csv_line(&["序号", "权力事项名称", "实施主体", "划转范围", "备注"].map(String::from));
    for row in rows {
        text.push_str(&csv_line(row));
    }
    let (bytes, _, had_errors) = encoding_rs::GBK.encode(&text);
    assert!(!had_errors, "Longhua text fits GBK");
    std::fs::write(path, bytes).expect("write csv");
}

fn write_longhua_bom_csv(path: &Path, rows: &[Vec<String>]) {
    // English aliases and a full-width space inside a header, as re-typed headers have.
    let mut text = String::from("\u{FEFF}");
    text.push_str(&csv_line(
        &["序号", "item_name", "原实施\u{3000}部门", "implementation_scope", "remark"]
            .map(String::from),
    ));
    for row in rows {
        let mut row = row.clone();
        row[3] = row[3].replace('\n', "、");
        text.push_str(&csv_line(&row));
    }
    std::fs::write(path, text).expect("write csv");
}

#[test]
fn longhua_list_imports_the_same_from_every_format() {
    let Some(source) = shared_data(LONGHUA) else { return };
    let items = load_json(&source).as_array().cloned().expect("array");
    let rows = longhua_rows(&items);
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("龙华区街道承接事项.xlsx");
    let gbk = dir.path().join("龙华区街道承接事项-gbk.csv");
    let bom = dir.path().join("龙华区街道承接事项-utf8.csv");
    write_longhua_xlsx(&xlsx, &rows);
    write_longhua_gbk_csv(&gbk, &rows);
    write_longhua_bom_csv(&bom, &rows);

    let parsed: Vec<ParsedCatalog> =
        [&xlsx, &gbk, &bom, &source].iter().map(|p| import(p)).collect();
    let encodings: Vec<Option<&str>> =
        parsed.iter().map(|p| p.report.encoding.as_deref()).collect();
    assert_eq!(encodings, vec![None, Some("GB18030"), Some("UTF-8 (BOM)"), Some("UTF-8")]);
    assert_eq!(parsed[0].report.format, SourceFormat::Xlsx);
    assert_eq!(parsed[0].report.header_rows, vec![3]);
    assert_eq!(parsed[3].report.format, SourceFormat::JsonTable);

    let expected_codes = codes(&parsed[3]);
    assert_eq!(expected_codes.len(), 296);
    for p in &parsed {
        let file = &p.report.file;
        assert!(!p.report.has_errors(), "{file}: {:?}", p.report.errors().collect::<Vec<_>>());
        assert_eq!(p.items.len(), 296, "{file}");
        assert_eq!(p.report.derived_codes, 296, "{file}");
        assert_eq!(codes(p), expected_codes, "{file}: derived codes differ between formats");
        assert!(p.items.iter().all(|i| i.scope.len() == 6), "{file}: scope is the six streets");
        assert_eq!(p.items[0].scope[0], "观湖街道办事处", "{file}");
        assert!(p.items.iter().any(|i| i.remarks == "限于城管职权范围内"), "{file}");
        assert_eq!(p.items.iter().filter(|i| !i.remarks.is_empty()).count(), 33, "{file}");
        let departments: BTreeSet<&str> = p.items.iter().map(|i| i.department.as_str()).collect();
        assert_eq!(departments.len(), 6, "{file}");
        assert!(p.report.recognised.iter().any(|c| c.field == "department"), "{file}");
        // Power type is absent: one warning for the file, not one per row.
        let power_warnings =
            p.report.problems.iter().filter(|w| w.message.contains("职权类型")).count();
        assert_eq!(power_warnings, 1, "{file}");
        assert_eq!(p.items[5], parsed[3].items[5], "{file}: same item as the JSON");
    }
}

// ---------------------------------------------------------------- Shenzhen discretion standard

/// One offence with its tiers: the offence columns, then per tier (group penalty text, tier).
struct Offence {
    columns: [String; 4],
    tiers: Vec<[String; 4]>,
}

fn offences(source: &Value) -> Vec<Offence> {
    let items = source["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|item| {
            let columns = [
                text(&item["序号"]),
                text(&item["法规规章"]),
                text(&item["违法行为"]),
                text(&item["设定依据"]),
            ];
            let mut tiers = Vec::new();
            for group in item["裁量分组"].as_array().into_iter().flatten() {
                for rule in group["裁量规则"].as_array().into_iter().flatten() {
                    tiers.push([
                        text(&group["处罚种类及幅度"]),
                        text(&rule["裁量阶次"]),
                        text(&rule["适用条件"]),
                        text(&rule["处罚标准"]),
                    ]);
                }
            }
            Offence { columns, tiers }
        })
        .collect()
}

const DISCRETION_HEADER: [&str; 6] =
    ["序号", "法规规章", "违法行为", "设定依据", "处罚种类及幅度", "裁量基准"];
const TIER_HEADER: [&str; 3] = ["裁量阶次", "适用条件", "处罚标准"];

/// Writes `value` over rows first..=last of `col`, merged when it spans more than one row.
fn merged(sheet: &mut Worksheet, first: u32, last: u32, col: u16, value: &str) {
    if first == last {
        sheet.write_string(first, col, value).expect("cell");
    } else {
        sheet.merge_range(first, col, last, col, value, &Format::new()).expect("merge");
    }
}

/// Two-row header (裁量基准 spanning its three tier columns; the rest merged down), then one row
/// per tier with the offence columns merged over its tiers and 处罚种类及幅度 over its group.
/// Returns the spreadsheet row number of each offence's first row.
fn write_discretion_xlsx(path: &Path, offences: &[Offence]) -> Vec<usize> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let format = Format::new();
    for (col, header) in DISCRETION_HEADER.iter().take(5).enumerate() {
        sheet.merge_range(0, col as u16, 1, col as u16, header, &format).expect("header");
    }
    sheet.merge_range(0, 5, 0, 7, DISCRETION_HEADER[5], &format).expect("header");
    for (col, header) in TIER_HEADER.iter().enumerate() {
        sheet.write_string(1, 5 + col as u16, *header).expect("header");
    }
    let mut row = 2_u32;
    let mut starts = Vec::new();
    for offence in offences {
        let last = row + offence.tiers.len() as u32 - 1;
        starts.push(row as usize + 1);
        for (col, value) in offence.columns.iter().enumerate() {
            merged(sheet, row, last, col as u16, value);
        }
        let mut group_start = row;
        for (i, tier) in offence.tiers.iter().enumerate() {
            let r = row + i as u32;
            let group_ends = offence.tiers.get(i + 1).is_none_or(|next| next[0] != tier[0]);
            if group_ends {
                merged(sheet, group_start, r, 4, &tier[0]);
                group_start = r + 1;
            }
            for (col, value) in tier.iter().enumerate().skip(1) {
                sheet.write_string(r, 4 + col as u16, value).expect("tier");
            }
        }
        row = last + 1;
    }
    workbook.save(path).expect("save xlsx");
    starts
}

/// The CSV export of the same table: merged cells are blank below their first row.
fn write_discretion_csv(path: &Path, offences: &[Offence]) {
    let mut text = csv_line(
        &DISCRETION_HEADER
            .iter()
            .map(|h| h.to_string())
            .chain(["".into(), "".into()])
            .collect::<Vec<_>>(),
    );
    let sub: Vec<String> =
        ["", "", "", "", ""].iter().chain(TIER_HEADER.iter()).map(|h| h.to_string()).collect();
    text.push_str(&csv_line(&sub));
    for offence in offences {
        let mut previous_group = String::new();
        for (i, tier) in offence.tiers.iter().enumerate() {
            let mut cells: Vec<String> =
                if i == 0 { offence.columns.to_vec() } else { vec![String::new(); 4] };
            cells.push(if tier[0] == previous_group { String::new() } else { tier[0].clone() });
            previous_group = tier[0].clone();
            cells.extend(tier[1..].iter().cloned());
            text.push_str(&csv_line(&cells));
        }
    }
    std::fs::write(path, text).expect("write csv");
}

#[test]
fn shenzhen_discretion_tiers_fold_back_into_offences() {
    let Some(source) = shared_data(DISCRETION) else { return };
    let offences = offences(&load_json(&source));
    assert_eq!(offences.len(), 75);
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("深城管规〔2023〕2号.xlsx");
    let csv = dir.path().join("深城管规〔2023〕2号.csv");
    let starts = write_discretion_xlsx(&xlsx, &offences);
    write_discretion_csv(&csv, &offences);

    for path in [&xlsx, &csv] {
        let parsed = import(path);
        let report = &parsed.report;
        let file = &report.file;
        assert!(!report.has_errors(), "{file}: {:?}", report.errors().collect::<Vec<_>>());
        assert_eq!(report.header_rows, vec![1, 2], "{file}");
        assert_eq!(parsed.items.len(), 75, "{file}");
        assert_eq!(parsed.items.iter().map(|i| i.tiers.len()).sum::<usize>(), 234, "{file}");

        let first = &parsed.items[0];
        assert_eq!(first.name, "不履行市容和环境卫生主体责任且逾期未改正");
        assert_eq!((first.fine_min, first.fine_max), (Some(2000), Some(20000)), "{file}");
        assert_eq!(first.tiers[0].name, "情节较轻");
        assert_eq!((first.tiers[0].fine_min, first.tiers[0].fine_max), (Some(2000), Some(2000)));
        let penalty = &first.basis.penalty[0];
        assert_eq!(penalty.law, "深圳经济特区市容和环境卫生管理条例");
        assert_eq!((penalty.article, penalty.paragraph), (Some(13), Some(2)));

        // Per-m² ranges keep their text and get no yuan range.
        assert!(parsed.items[2].penalty_text.contains("每平方米"));
        assert_eq!(parsed.items[2].fine_min, None, "{file}");
        // #74 publishes three groups; all three texts are kept.
        assert_eq!(parsed.items[73].penalty_text.matches('；').count(), 2, "{file}");
        assert_eq!(parsed.items[73].tiers.len(), 7, "{file}");

        // The one real inconsistency: #27's lightest tier (1000) is below its minimum (2000).
        let tier_warnings: Vec<_> = report
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Warning && p.message.starts_with("tier"))
            .collect();
        assert_eq!(tier_warnings.len(), 1, "{file}: {tier_warnings:?}");
        assert_eq!(tier_warnings[0].row, Some(starts[26]), "{file}");
        assert_eq!(tier_warnings[0].column.as_deref(), Some("裁量基准/处罚标准"), "{file}");
        assert!(
            tier_warnings[0].message.contains("情节较轻")
                && tier_warnings[0].message.contains("2000–5000")
        );
    }
}

// ---------------------------------------------------------------- malformed input

#[test]
fn a_malformed_csv_lists_every_problem_where_it_is() {
    let csv = "某区综合行政执法事项目录（2025年版）\n\
               \n\
               序号,事项编码,事项名称,职权类型,处罚种类及幅度,fine_min,fine_max\n\
               1,330275012000,对擅自占用城市道路的行政处罚,行政处罚,处二千元以上二万元以下罚款,,\n\
               2,3.30217E+17,对损坏城市道路的行政处罚,行政处罚,,,\n\
               3,330275012002,,行政处罚,,,\n\
               4,330275012003,对某事项的许可,行政许可,,,\n\
               5,330275012000,对重复编码的行政处罚,处罚,,,\n\
               6,330275012005,对罚款幅度写反的行政处罚,行政处罚,,5000,200\n\
               7,330275012006,对罚款写错的行政处罚,行政处罚,,五千块,\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let parsed = read_catalog_bytes("坏目录.csv", &gbk).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.report.encoding.as_deref(), Some("GB18030"));
    let errors: Vec<String> = parsed.report.errors().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        vec![
            "坏目录.csv:5:事项编码: error: code “3.30217E+17” has lost digits in Excel (scientific notation); re-export with the column as text",
            "坏目录.csv:6:事项名称: error: name is empty",
            "坏目录.csv:7:职权类型: error: “行政许可” is not an enforcement power (expected 行政处罚, 行政检查, 行政强制措施, 行政强制执行 or 其他)",
            "坏目录.csv:8:事项编码: error: duplicate code 330275012000: also on row 4",
            "坏目录.csv:9:fine_min: error: fine_min 5000 is greater than fine_max 200",
            "坏目录.csv:10:fine_min: error: “五千块” is not an amount in yuan",
        ]
    );
    assert_eq!(parsed.items[0].fine_min, Some(2000));
}

#[test]
fn excel_numbers_in_the_code_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("codes.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (col, header) in ["事项编码", "事项名称"].iter().enumerate() {
        sheet.write_string(0, col as u16, *header).expect("header");
    }
    sheet.write_number(1, 0, 330275012000.0).expect("code");
    sheet.write_string(1, 1, "甲").expect("name");
    sheet.write_number(2, 0, 3.30217e17).expect("code");
    sheet.write_string(2, 1, "乙").expect("name");
    workbook.save(&path).expect("save");

    let parsed = import(&path);
    assert_eq!(parsed.items[0].code, "330275012000");
    let problems: Vec<String> = parsed.report.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems[1].starts_with(
            "codes.xlsx:2:事项编码: warning: code 330275012000 was stored as a number"
        ),
        "{problems:?}"
    );
    assert!(
        problems[2]
            .starts_with("codes.xlsx:3:事项编码: error: code “330217000000000000” has lost digits"),
        "{problems:?}"
    );
}

#[test]
fn fatal_errors_name_the_file() {
    let err =
        read_catalog_bytes("乱码.csv", b"\xEF\xBB\xBF\xC3\x28").expect_err("bad utf-8 after BOM");
    assert!(err.to_string().starts_with("乱码.csv: cannot decode text"), "{err}");
    let err = read_catalog_bytes("目录.csv", "甲,乙\n丙,丁\n".as_bytes()).expect_err("no header");
    assert!(err.to_string().starts_with("目录.csv: no header row"), "{err}");
    let err = read_catalog_bytes("目录.json", b"[{\"code\":").expect_err("bad json");
    assert!(err.to_string().starts_with("目录.json:1:"), "{err}");
    let err = read_catalog_bytes("目录.xlsx", b"not a zip").expect_err("bad xlsx");
    assert!(err.to_string().starts_with("目录.xlsx: cannot read spreadsheet"), "{err}");
    let err = read_catalog(Path::new("/nonexistent/目录.csv")).expect_err("missing");
    assert!(err.to_string().starts_with("目录.csv: cannot read file"), "{err}");
}

#[test]
fn canonical_export_round_trips_through_import() {
    let Some(source) = shared_data(DISCRETION) else { return };
    let offences = offences(&load_json(&source));
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("discretion.csv");
    write_discretion_csv(&csv, &offences);
    let parsed = import(&csv);
    let meta =
        zhifa::catalog::format::VersionMeta { label: "2023年版".into(), ..Default::default() };
    let file = zhifa::catalog::format::CatalogFile::new(Some(meta.clone()), parsed.items.clone());
    let json = file.to_json().expect("export");
    let back = read_catalog_bytes("export.json", json.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.report.format, SourceFormat::CanonicalJson);
    assert_eq!(back.items, parsed.items);
    assert_eq!(back.meta, Some(meta));
    assert!(!back.report.has_errors());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever bytes arrive, import answers with items or an error naming the file; it never
    /// panics.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        for name in ["x.csv", "x.json", "x.xlsx", "x"] {
            if let Err(e) = read_catalog_bytes(name, &bytes) {
                proptest::prop_assert!(e.to_string().starts_with(name));
            }
        }
    }

    #[test]
    fn arbitrary_csv_text_never_panics(text in "[序号事项名称编码备注处罚标准裁量阶次,\n\"元一二千万 ]{0,200}") {
        let _ = read_catalog_bytes("x.csv", text.as_bytes());
    }
}
