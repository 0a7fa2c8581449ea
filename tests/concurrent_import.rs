//! Several terminals importing at the same moment: every import either commits whole or reports a
//! clear reason to its user; never a raw "database is locked", never a lost or half write.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use zhifa::store::Store;

fn zhifa(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhifa"));
    c.arg("--db").arg(db).env("ZHIFA_NOW", "2026-11-24T10:00:00+08:00");
    c
}

#[test]
fn simultaneous_imports_commit_or_explain() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("shared.db");
    assert!(zhifa(&db).arg("demo").arg("--db").arg(&db).output().expect("demo").status.success());
    let csv = dir.path().join("gen.csv");
    let made =
        zhifa(&db).args(["bench", "generate", "--items", "3000"]).arg(&csv).status().expect("gen");
    assert!(made.success());

    let children: Vec<_> = (1..=4)
        .map(|i| {
            let mut child = zhifa(&db)
                .args(["--as", "QJ0001", "--password-stdin"])
                .args(["catalog", "import", "--label", &format!("g{i}")])
                .args(["--effective", &format!("2027-01-0{i}")])
                .arg(&csv)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            // The demo admin's password; a process refused before it asks closes its stdin.
            let _ = child.stdin.take().expect("stdin").write_all(b"demo-admin-2026\n");
            child
        })
        .collect();
    let mut committed = 0;
    for child in children {
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("database is locked"), "raw lock error reached the user: {err}");
        if out.status.success() {
            committed += 1;
        } else {
            // The only acceptable refusal: a later version committed first, so this one would
            // start inside it.
            assert!(err.contains("不晚于"), "unclear failure: {err}");
        }
    }
    assert!(committed >= 1);
    let store = Store::open(&db).expect("open");
    let chain = store.verify_chain().expect("verify");
    assert_eq!(chain.first_break, None);
    assert_eq!(store.catalog_versions().expect("versions").len(), 2 + committed);
    let events = store.events(0, 10_000).expect("events");
    let imports = events.iter().filter(|e| e.kind == "catalog.import").count();
    assert_eq!(imports, 2 + committed, "the demo's two versions and each committed import");
    assert_eq!(chain.events as usize, events.len());
}
