//! Hostile text at the command line (issue 5): a name holding terminal escape sequences prints
//! as visible pictures in tables, confirmations and errors — never a raw ESC, CSI or bidi
//! control — while `--json` gives the exact text back; files that are not UTF-8 are refused
//! with the file, line and column of the first bad byte.

mod common;

use common::{json, ok, zhifa_with_stdin};

const PWNED: &str = "\x1b[2J\x1b]0;pwned\x07网格\u{9b}31m\u{202e}";

/// Bytes a terminal would act on: ESC, BEL, the C1 CSI (as UTF-8), an RTL override.
fn has_raw_control(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    bytes.contains(&0x1b) || bytes.contains(&0x07) || text.contains(['\u{9b}', '\u{202e}'])
}

#[test]
fn a_name_with_escape_sequences_prints_safe_and_exports_exact() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    ok(&zhifa_with_stdin(&db, &["team", "add", "QX01", "青溪中队"], ""));
    let added = zhifa_with_stdin(&db, &["grid", "add", "QX01-09", PWNED, "--team", "QX01"], "");
    let confirmation = ok(&added);
    assert!(!has_raw_control(&added.stdout), "{confirmation:?}");
    assert!(confirmation.contains("␛[2J␛]0;pwned␇网格\u{fffd}31m\u{fffd}"), "{confirmation}");
    ok(&zhifa_with_stdin(&db, &["grid", "add", "QX01-10", "青溪老街", "--team", "QX01"], ""));

    let listed = zhifa_with_stdin(&db, &["grid", "list"], "");
    let table = ok(&listed);
    assert!(!has_raw_control(&listed.stdout), "{table:?}");
    // Piped, cells are whole (no screen width to fit), still shown safe.
    assert!(table.contains("␛[2J␛]0;pwned␇网格"), "whole and visible: {table}");
    let team_column: Vec<Option<usize>> = table
        .lines()
        .skip(1)
        .map(|l| l.rfind("QX01").map(|i| zhifa::text::width(&l[..i])))
        .collect();
    assert_eq!(team_column.len(), 2, "{table}");
    assert!(team_column[0].is_some() && team_column[0] == team_column[1], "{table}");

    let exported = zhifa_with_stdin(&db, &["grid", "list", "--json"], "");
    assert!(!has_raw_control(&exported.stdout), "escaped in the JSON text");
    let grids = json(&exported);
    let names: Vec<&str> =
        grids.as_array().expect("array").iter().filter_map(|g| g["name"].as_str()).collect();
    assert!(names.contains(&PWNED), "the exact name back: {names:?}");

    let refused = zhifa_with_stdin(&db, &["case", "show", PWNED], "");
    assert!(!refused.status.success());
    assert!(!has_raw_control(&refused.stderr), "{:?}", String::from_utf8_lossy(&refused.stderr));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("没有案件 ␛[2J"));
}

/// `name` in the test directory holding `bytes`: a first line, then a cell with 0x81 0x20 (not
/// UTF-8, not GB18030) at line 2, column 5.
fn bad_file(dir: &std::path::Path, name: &str, first_line: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut bytes = format!("{first_line}\n1,ab").into_bytes();
    bytes.extend_from_slice(b"\x81\x20x,y\n");
    std::fs::write(&path, bytes).expect("write");
    path
}

fn stderr_of(db: &std::path::Path, args: &[&str]) -> String {
    let out = zhifa_with_stdin(db, args, "");
    assert!(!out.status.success(), "{args:?} must fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_catalog_csv_that_is_not_utf8_is_placed() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = bad_file(dir.path(), "目录.csv", "事项编码,事项名称");
    let path = file.to_str().expect("path");
    let err = stderr_of(&dir.path().join("z.db"), &["catalog", "import", path, "--dry-run"]);
    assert!(err.contains("目录.csv") && err.contains("line 2, column 5 (byte offset"), "{err}");
}

#[test]
fn a_ticket_feed_that_is_not_utf8_is_placed() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = bad_file(dir.path(), "工单.csv", "工单编号,诉求内容");
    let path = file.to_str().expect("path");
    let err = stderr_of(&dir.path().join("z.db"), &["ticket", "import", path, "--dry-run"]);
    assert!(err.contains("工单.csv") && err.contains("line 2, column 5 (byte offset"), "{err}");
}

#[test]
fn a_calendar_file_that_is_not_utf8_is_placed() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = bad_file(dir.path(), "2027.toml", "year = 2027");
    let path = file.to_str().expect("path");
    let err = stderr_of(&dir.path().join("z.db"), &["calendar", "import", path]);
    assert!(err.contains("2027.toml：自第 2 行第 5 列"), "{err}");
}
