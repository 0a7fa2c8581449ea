//! Accounts through the `zhifa` binary, as an admin scripts them: passwords on standard input.
//!
//! Guards: the first admin is created without login (bootstrap, recorded as the OS user); after
//! that, `officer add` needs `--as ADMIN` and the right password; `officer list --json` shows no
//! hash; a non-admin's catalog import fails with a clear message and writes nothing; five wrong
//! passwords lock an account and an admin unlocks it. These run with the production Argon2 cost.

mod common;

use common::ok;
use std::path::Path;
use std::process::Output;

const ADMIN_PASSWORD: &str = "qingjiang-admin";

fn zhifa(db: &Path, args: &[&str], stdin: &str) -> Output {
    common::zhifa_with_stdin(db, args, stdin)
}

/// The failure's message; panics if the command succeeded.
fn refused(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "should have failed: {}", String::from_utf8_lossy(&out.stdout));
    err
}

/// A database with team QX01, admin A001 (made in bootstrap) and officer B001 (PIN 123456).
fn staffed(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("z.db");
    ok(&zhifa(&db, &["team", "add", "QX01", "青溪中队"], ""));
    let admin = ["officer", "add", "--badge", "A001", "--name", "王管理", "--role", "管理员"];
    let out = ok(&zhifa(&db, &[&admin[..], &["--password-stdin"]].concat(), "qingjiang-admin\n"));
    assert!(out.contains("操作人 os:"), "bootstrap is recorded as the OS user: {out}");
    let officer = [
        "--as",
        "A001",
        "officer",
        "add",
        "--badge",
        "B001",
        "--name",
        "李执法",
        "--role",
        "officer",
        "--team",
        "QX01",
        "--cert-expiry",
        "2028-06-30",
        "--password-stdin",
    ];
    let out = ok(&zhifa(&db, &officer, &format!("{ADMIN_PASSWORD}\n123456\n")));
    assert!(out.contains("操作人 A001"), "{out}");
    db
}

fn add_auxiliary(db: &Path, acting: &[&str], stdin: &str) -> Output {
    let add = ["officer", "add", "--badge", "C001", "--name", "赵协管", "--role", "辅助人员"];
    zhifa(db, &[acting, &add[..], &["--password-stdin"]].concat(), stdin)
}

#[test]
fn once_an_admin_exists_officer_add_needs_the_admin_and_the_right_password() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = staffed(dir.path());
    let err = refused(&add_auxiliary(&db, &[], "654321\n"));
    assert!(err.contains("已有管理员账号") && err.contains("--as"), "{err}");
    let err = refused(&add_auxiliary(&db, &["--as", "A001"], "not-the-password\n654321\n"));
    assert!(err.contains("密码错误"), "{err}");
    let err = refused(&add_auxiliary(&db, &["--as", "B001"], "123456\n654321\n"));
    assert!(err.contains("权限不足"), "an officer may not add accounts: {err}");
    ok(&add_auxiliary(&db, &["--as", "A001"], &format!("{ADMIN_PASSWORD}\n654321\n")));
    let list = ok(&zhifa(&db, &["officer", "list"], ""));
    assert!(list.contains("C001") && list.contains("辅助人员"), "{list}");
}

#[test]
fn a_weak_admin_password_is_refused_with_the_rule() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let add = ["officer", "add", "--badge", "A001", "--name", "王", "--role", "admin"];
    let err = refused(&zhifa(&db, &[&add[..], &["--password-stdin"]].concat(), "12345678\n"));
    assert!(err.contains("管理员须使用至少 8 个字符且不全是数字的密码"), "{err}");
    let out = zhifa(&db, &[&["--lang", "en"], &add[..], &["--password-stdin"]].concat(), "abc\n");
    assert!(refused(&out).contains("at least 8 characters"));
}

#[test]
fn officer_list_json_shows_no_hash() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = staffed(dir.path());
    let out = ok(&zhifa(&db, &["officer", "list", "--json"], ""));
    assert!(!out.contains("argon2") && !out.contains("hash"), "{out}");
    let list: serde_json::Value = serde_json::from_str(&out).expect("json");
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["badge"], "B001");
    assert_eq!(list[1]["role"], "执法人员");
    assert_eq!(list[1]["team"], "QX01");
    assert_eq!(list[1]["cert_expiry"], "2028-06-30");
}

const CATALOG: &str = "事项编码,事项名称,职权类型,处罚种类及幅度\n\
    330217999001,对擅自占用城市道路的处罚,行政处罚,处二千元以上二万元以下罚款\n\
    330217999002,对乱倒垃圾的处罚,行政处罚,处五十元以上二百元以下罚款\n";

#[test]
fn a_non_admin_cannot_import_a_catalog() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = staffed(dir.path());
    let csv = dir.path().join("目录.csv");
    std::fs::write(&csv, CATALOG).expect("write");
    let import = ["catalog", "import", csv.to_str().expect("path"), "--effective", "2026-12-01"];
    let as_officer = [&["--as", "B001", "--password-stdin"], &import[..]].concat();
    let err = refused(&zhifa(&db, &as_officer, "123456\n"));
    assert!(err.contains("权限不足：B001（执法人员）不能导入执法事项目录"), "{err}");
    let out = zhifa(&db, &[&["--lang", "en"], &as_officer[..]].concat(), "123456\n");
    assert!(refused(&out).contains("B001 (officer) may not import a catalog"));
    let err = refused(&zhifa(&db, &import, ""));
    assert!(err.contains("已有管理员账号"), "no --as: {err}");
    let versions = ok(&zhifa(&db, &["catalog", "versions", "--json"], ""));
    assert_eq!(versions.trim(), "[]", "nothing was written");
    let as_admin = [&["--as", "A001", "--password-stdin"], &import[..]].concat();
    let out = ok(&zhifa(&db, &as_admin, &format!("{ADMIN_PASSWORD}\n")));
    assert!(out.contains("导入人 A001"), "{out}");
}

#[test]
fn five_wrong_passwords_lock_and_an_admin_unlocks() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = staffed(dir.path());
    let passwd = ["--as", "B001", "--password-stdin", "officer", "passwd", "B001"];
    for _ in 0..4 {
        assert!(refused(&zhifa(&db, &passwd, "000000\n999999\n")).contains("密码错误"));
    }
    assert!(refused(&zhifa(&db, &passwd, "000000\n999999\n")).contains("已被锁定"));
    assert!(refused(&zhifa(&db, &passwd, "123456\n999999\n")).contains("已被锁定"));
    let list = ok(&zhifa(&db, &["officer", "list"], ""));
    assert!(list.contains("已锁定"), "{list}");
    let unlock = ["--as", "A001", "--password-stdin", "officer", "unlock", "B001"];
    ok(&zhifa(&db, &unlock, &format!("{ADMIN_PASSWORD}\n")));
    ok(&zhifa(&db, &passwd, "123456\n999999\n"));
    let err = refused(&zhifa(&db, &passwd, "123456\n888888\n"));
    assert!(err.contains("密码错误"), "the PIN changed to 999999: {err}");
}

#[test]
fn without_password_stdin_and_without_a_terminal_the_user_is_told_what_to_pass() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = staffed(dir.path());
    let err = refused(&zhifa(&db, &["--as", "A001", "officer", "deactivate", "B001"], ""));
    assert!(err.contains("--password-stdin"), "{err}");
}

#[test]
fn demo_with_officers_prints_every_role_and_their_passwords_work() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    let out = ok(&zhifa(&db, &["demo", "--officers"], ""));
    for label in ["管理员", "执法人员", "辅助人员", "中队长", "法制审核", "审计", "demo-admin-2026"]
    {
        assert!(out.contains(label), "{label} missing: {out}");
    }
    let unlock = ["--as", "QJ3001", "--password-stdin", "officer", "unlock", "QJ1001"];
    ok(&zhifa(&db, &unlock, "300100\n"));
    let err = refused(&zhifa(&db, &["team", "add", "X1", "新中队"], ""));
    assert!(err.contains("已有管理员账号"), "{err}");
}
