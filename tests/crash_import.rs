//! A killed import leaves the previous catalog exactly as it was.
//!
//! Guards the issue's promise "a killed process during import leaves the previous catalog exactly
//! as it was": the real binary imports a large published CSV and is SIGKILLed at moments spread
//! over the import; after each kill the database opens, its chain verifies, and it holds either
//! the old versions alone or the new version complete, never a part of it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use zhifa::domain::actor::Actor;
use zhifa::store::Store;

const ITEMS: usize = 20_000;

fn zhifa(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhifa"));
    c.arg("--db").arg(db).env("ZHIFA_NOW", "2026-11-24T10:00:00+08:00");
    c
}

/// The demo catalog's two versions and no accounts, so the import runs as the OS user
/// (bootstrap) and every event is a catalog version.
fn catalogs_only(db: &Path) {
    let mut store = Store::open(db).expect("create");
    let actor = Actor::new("os:test", "test", std::process::id());
    let now = chrono::Utc::now();
    assert!(zhifa::demo::seed_demo(&mut store, &actor, now).expect("seed"));
}

fn check_intact(db: &Path, old_versions: usize) -> bool {
    let store = Store::open(db).expect("database opens after the kill");
    let verified = store.verify(&zhifa::store::VerifyOptions::default()).expect("verify");
    assert_eq!(verified.problems, vec![], "integrity, chain and replay agree");
    let chain = store.verify_chain().expect("chain readable");
    let versions = store.catalog_versions().expect("versions");
    assert_eq!(chain.events as usize, versions.len(), "one event per version, no orphan");
    match versions.len() {
        n if n == old_versions => false,
        n if n == old_versions + 1 => {
            let new = versions.iter().find(|v| v.label == "generated").expect("new version");
            assert_eq!(store.catalog_items(new.id).expect("items").len(), ITEMS, "complete");
            true
        }
        n => panic!("unexpected number of versions: {n}"),
    }
}

#[test]
fn sigkill_during_import_never_leaves_a_partial_catalog() {
    let dir = tempfile::tempdir().expect("tmp");
    let csv = dir.path().join("generated.csv");
    let status = zhifa(&dir.path().join("unused.db"))
        .args(["bench", "generate", "--items", &ITEMS.to_string()])
        .arg(&csv)
        .status()
        .expect("generate");
    assert!(status.success());

    // How long a whole import takes here, to spread the kills over it.
    let template = dir.path().join("template.db");
    catalogs_only(&template);
    let probe = dir.path().join("probe.db");
    std::fs::copy(&template, &probe).expect("copy");
    let started = Instant::now();
    let out = zhifa(&probe)
        .args(["catalog", "import", "--label", "generated", "--effective", "2027-01-01"])
        .arg(&csv)
        .output()
        .expect("import");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let full = started.elapsed();
    assert!(check_intact(&probe, 2));

    let mut outcomes = (0, 0);
    for step in 0..8u32 {
        let db = dir.path().join(format!("kill{step}.db"));
        std::fs::copy(&template, &db).expect("copy");
        let mut child = zhifa(&db)
            .args(["catalog", "import", "--label", "generated", "--effective", "2027-01-01"])
            .arg(&csv)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(full.mul_f64(f64::from(step) / 6.0).max(Duration::from_millis(5)));
        let _ = child.kill(); // SIGKILL; the import may already have finished.
        let _ = child.wait();
        if check_intact(&db, 2) {
            outcomes.1 += 1;
        } else {
            outcomes.0 += 1;
        }
    }
    eprintln!(
        "kills: {} left the old catalog, {} completed before the kill",
        outcomes.0, outcomes.1
    );
    assert!(outcomes.0 > 0, "at least one kill must land during the import");
}

/// A full disk is simulated with the process's file-size limit (`ulimit -f`, with SIGXFSZ ignored
/// so that the write fails with EFBIG the way it fails with ENOSPC on a full disk).
#[test]
fn a_full_disk_during_import_is_reported_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("full.db");
    catalogs_only(&db);
    let csv = dir.path().join("generated.csv");
    let made = zhifa(&db).args(["bench", "generate", "--items", "20000"]).arg(&csv).status();
    assert!(made.expect("generate").success());
    let before = Store::open(&db).expect("open").verify_chain().expect("chain");

    let script = format!(
        "trap '' XFSZ; ulimit -f 4096; exec \"$0\" --db '{}' catalog import --label full \
         --effective 2027-01-01 '{}'",
        db.display(),
        csv.display()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_zhifa"))
        .env("ZHIFA_NOW", "2026-11-24T10:00:00+08:00")
        .output()
        .expect("run under a file-size limit");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the import cannot fit in 4 MB: {err}");
    // In the reader's language (Chinese by default), not in English.
    assert!(err.contains("没有写入任何内容"), "clear message: {err}");
    assert!(err.contains("磁盘"), "says where: {err}");
    assert!(!err.contains("nothing was written"), "one language at a time: {err}");

    let store = Store::open(&db).expect("database opens");
    assert_eq!(store.catalog_versions().expect("versions").len(), 2);
    assert_eq!(store.verify_chain().expect("chain"), before);
}
