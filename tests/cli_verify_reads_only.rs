//! `zhifa verify` reads and changes nothing; `--db` naming what is not a database file is refused
//! before anything touches it (issue 13, "Verify that only reads"). The real binary on real files.
//!
//! Guards: a backup verified in place keeps its SHA-256 (no switch to WAL, no migration, no
//! permission change, no file beside it); verify refuses a missing path, an empty file and
//! another program's SQLite file, leaving each as it was; a `--since` that is not a head is called
//! malformed; a database whose pages cannot be read is NOT VERIFIED (exit 3, as RECORDS.md says);
//! a FIFO, a folder or a device given as `--db` is refused at once, its mode unchanged.

mod common;

use common::{ok, zhifa_with_stdin, zhifa_within};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// Exit code of `zhifa verify` when the records do not verify (docs/RECORDS.md).
const NOT_VERIFIED: i32 = 3;

fn zhifa(db: &Path, args: &[&str]) -> Output {
    zhifa_with_stdin(db, args, "")
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("live.db");
    ok(&zhifa(&db, &["demo", "--db", db.to_str().expect("utf-8")]));
    db
}

fn file_sha256(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).expect("read")))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("metadata").permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(unix)]
#[test]
fn verifying_a_backup_changes_not_one_byte_of_it_even_on_read_only_media() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let shelf = dir.path().join("shelf");
    std::fs::create_dir(&shelf).expect("shelf");
    let backup = shelf.join("b.db");
    ok(&zhifa(&db, &["backup", backup.to_str().expect("utf-8")]));
    let before = file_sha256(&backup);
    // As on read-only media: the file and its folder not writable.
    set_mode(&backup, 0o444);
    set_mode(&shelf, 0o555);
    let out = zhifa(&backup, &["verify", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let restored = dir.path().join("restored.db");
    let out = zhifa(
        &db,
        &["restore", backup.to_str().expect("utf-8"), "--to", restored.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(file_sha256(&backup), before, "the backup's digest still matches its record");
    assert_eq!(mode(&backup), 0o444, "its permissions are as they were");
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(!beside(&backup, suffix).exists(), "nothing written beside it ({suffix})");
    }
    set_mode(&shelf, 0o755);
}

#[test]
fn verify_refuses_what_is_not_a_zhifa_database_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let missing = dir.path().join("missing.db");
    let out = zhifa(&missing, &["verify"]);
    assert_ne!(out.status.code(), Some(0), "a missing path does not verify");
    assert!(!missing.exists(), "and no database was made there");
    assert!(stderr(&out).contains("没有数据库"), "{}", stderr(&out));

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").expect("empty file");
    let out = zhifa(&empty, &["verify"]);
    assert_ne!(out.status.code(), Some(0), "an empty file does not verify");
    assert_eq!(std::fs::metadata(&empty).expect("meta").len(), 0, "it stays empty");
    assert!(stderr(&out).contains("不是 zhifa 数据库"), "{}", stderr(&out));

    let foreign = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&foreign).expect("other program");
    conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('a');")
        .expect("its table");
    drop(conn);
    let before = file_sha256(&foreign);
    for args in [&["verify"][..], &["case", "list"][..]] {
        let out = zhifa(&foreign, args);
        assert_ne!(out.status.code(), Some(0), "{args:?} on another program's file");
        assert!(stderr(&out).contains("其他程序"), "{}", stderr(&out));
        assert_eq!(file_sha256(&foreign), before, "{args:?} left it byte for byte");
    }
}

#[test]
fn a_since_that_is_not_a_head_is_called_malformed_not_a_rewrite() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let out = zhifa(&db, &["verify", "--since", "abc123"]);
    assert_eq!(out.status.code(), Some(NOT_VERIFIED));
    let said = stderr(&out);
    assert!(said.contains("格式不对"), "{said}");
    assert!(!said.contains("重写"), "not called a rewrite: {said}");
    let out = zhifa(&db, &["--lang", "en", "verify", "--since", &"g".repeat(64)]);
    assert!(stderr(&out).contains("malformed"), "{}", stderr(&out));
}

#[test]
fn a_database_whose_pages_cannot_be_read_is_not_verified_exit_3() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    // The schema page's b-tree header overwritten (bytes 100..108 of page 1): what a failing disk
    // or a careless editor leaves.
    let mut bytes = std::fs::read(&db).expect("read");
    bytes[100..108].fill(0xEE);
    std::fs::write(&db, &bytes).expect("damage");
    let out = zhifa(&db, &["verify"]);
    assert_eq!(out.status.code(), Some(NOT_VERIFIED), "{}", stderr(&out));
    assert!(stderr(&out).contains("验证未通过"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_fifo_a_folder_or_a_device_as_db_is_refused_before_it_is_touched() {
    let dir = tempfile::tempdir().expect("tmp");
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success(), "mkfifo");
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).expect("folder");
    let mut targets = vec![(fifo, 0o644), (folder, 0o755)];
    // A device like /dev/null, made here (as root) so that a regression cannot harm the
    // machine's own /dev/null.
    let device = dir.path().join("null");
    let mknod = Command::new("mknod").arg(&device).args(["c", "1", "3"]).status();
    if mknod.is_ok_and(|s| s.success()) {
        targets.push((device, 0o666));
    } else {
        eprintln!("skipping the device case: mknod needs root");
    }
    for (path, permissions) in targets {
        set_mode(&path, permissions);
        for args in [&["verify"][..], &["case", "list"][..]] {
            let out = zhifa_within(&path, args, Duration::from_secs(20))
                .unwrap_or_else(|| panic!("{args:?} on {} hung", path.display()));
            assert_ne!(out.status.code(), Some(0), "{args:?} on {}", path.display());
            assert!(stderr(&out).contains("不是数据库文件"), "{}", stderr(&out));
            assert_eq!(mode(&path), permissions, "{args:?} left {} as it was", path.display());
        }
    }
}

/// The page check runs in a second zhifa process (`zhifa page-check FILE`, hidden): it reports a
/// sound file as such, names a damaged index page whose table the walk still reads, and refuses
/// what is not a file; and `verify` carries its findings: NOT VERIFIED, exit 3.
#[test]
fn the_page_check_in_its_own_process_finds_a_damaged_index_page() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let out = zhifa(&db, &["page-check", db.to_str().expect("utf-8")]);
    ok(&out);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), r#"{"lines":[]}"#);
    let out = zhifa(&db, &["page-check", dir.path().to_str().expect("utf-8")]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("failed"), "a folder is not checked");

    // An index only reports read: its root page overwritten.
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(&db).expect("open");
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'patrols_for_reports'",
                [],
                |r| r.get(0),
            )
            .expect("index");
        (root, conn.pragma_query_value(None, "page_size", |r| r.get(0)).expect("page size"))
    };
    assert!(!beside(&db, "-wal").exists(), "the demo's log was copied into the file");
    let mut bytes = std::fs::read(&db).expect("read");
    let at = ((root - 1) * page_size) as usize;
    bytes[at..at + page_size as usize].fill(0x55);
    std::fs::write(&db, &bytes).expect("damage");
    let out = zhifa(&db, &["page-check", db.to_str().expect("utf-8")]);
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    // SQLite's findings as lines, or the page it could not read at all: either way, named.
    let named = report.starts_with(r#"{"lines":["#) || report.starts_with(r#"{"damaged":"#);
    assert!(named && report.trim() != r#"{"lines":[]}"#, "{report}");
    let out = zhifa(&db, &["verify"]);
    assert_eq!(out.status.code(), Some(NOT_VERIFIED), "{}", stderr(&out));
}
