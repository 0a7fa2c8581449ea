//! The update pipeline on an in-memory database with the demo catalog: prepare writes nothing,
//! refusals are pure and complete, commit is the one write and reports progress to the end.

use super::*;
use crate::demo::{demo_catalog, seed_demo, seed_demo_officers};
use std::cell::RefCell;
use zhifa_bench::catalog::generate_catalog;
use zhifa_catalog::format::{CatalogFile, VersionMeta};
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::version::EffectiveDateError;
use zhifa_store::{password, AccessError, PROGRESS_EVERY};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("test date {s}: {e}"))
}

fn today() -> NaiveDate {
    day("2026-11-24")
}

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().unwrap_or_else(|e| panic!("test time: {e}"))
}

fn actor() -> Actor {
    Actor::new("os:admin", "station-1:/dev/pts/1", 4242)
}

/// Both demo versions; 2026年上半年版 (from 2026-01-01) is in force on `today()`.
fn demo_store() -> Store {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("store: {e}"));
    store.set_password_cost(password::FAST_FOR_TESTS);
    seed_demo(&mut store, &actor(), now()).unwrap_or_else(|e| panic!("demo: {e}"));
    store
}

fn write_file(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {name}: {e}"));
    path
}

fn write_catalog(dir: &Path, name: &str, file: &CatalogFile) -> PathBuf {
    write_file(dir, name, &file.to_json().unwrap_or_else(|e| panic!("json: {e}")))
}

/// Events and versions: what any write would change.
fn footprint(store: &Store) -> (i64, Vec<CatalogVersion>) {
    let events = store.verify_chain().unwrap_or_else(|e| panic!("chain: {e}")).events;
    (events, store.catalog_versions().unwrap_or_else(|e| panic!("versions: {e}")))
}

fn prepared_demo_v1(store: &Store, dir: &Path, progress: &Progress) -> Prepared {
    let old = demo_catalog(0).unwrap_or_else(|e| panic!("demo: {e}"));
    let path = write_catalog(dir, "旧版.json", &old);
    prepare(store, &path, today(), progress).unwrap_or_else(|e| panic!("prepare: {e}"))
}

fn meta(prepared: &Prepared, label: &str, effective: &str) -> NewVersion {
    NewVersion { label: label.to_string(), effective: day(effective), ..prepared.proposed.clone() }
}

#[test]
fn prepare_diffs_against_the_version_in_force_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tmp: {e}"));
    let store = demo_store();
    let before = footprint(&store);
    let progress = Progress::new();
    let prepared = prepared_demo_v1(&store, dir.path(), &progress);
    assert_eq!(footprint(&store), before, "prepare wrote something");
    assert!(!prepared.has_errors());
    let comparison = prepared.comparison.as_ref().unwrap_or_else(|| panic!("no comparison"));
    assert_eq!(comparison.in_force.label, "2026年上半年版");
    let current = store.catalog_items(comparison.in_force.id).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(comparison.diff, diff_catalogs(&current, &prepared.parsed.items));
    assert!(!comparison.diff.is_empty());
    // The defaults come from the file's own metadata.
    assert_eq!(prepared.proposed.label, "2025年下半年版");
    assert_eq!(prepared.proposed.effective, day("2025-07-01"));
    assert_eq!(prepared.proposed.source_name, "旧版.json");
    assert_eq!(progress.snapshot().phase, Phase::Done);
}

#[test]
fn a_file_without_metadata_is_named_after_itself_and_starts_today() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tmp: {e}"));
    let items = demo_catalog(1).unwrap_or_else(|e| panic!("demo: {e}")).items;
    let path = write_catalog(dir.path(), "下半年.json", &CatalogFile::new(None, items));
    let store = Store::open_in_memory().unwrap_or_else(|e| panic!("store: {e}"));
    let prepared = prepare(&store, &path, today(), &Progress::new())
        .unwrap_or_else(|e| panic!("prepare: {e}"));
    assert_eq!(
        (prepared.proposed.label.as_str(), prepared.proposed.effective),
        ("下半年", today())
    );
    assert_eq!(prepared.comparison, None, "nothing in force in an empty database");
}

#[test]
fn a_malformed_csv_is_a_report_with_rows_and_columns_and_cannot_be_committed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tmp: {e}"));
    let path = write_file(
        dir.path(),
        "坏目录.csv",
        "事项编码,事项名称,职权类型,处罚种类及幅度\n\
         330217999001,对擅自占用城市道路的处罚,行政处罚,处二千元以上二万元以下罚款\n\
         330217999003,,行政处罚,\n\
         330217999004,对某事的处罚,行政许可,\n",
    );
    let mut store = demo_store();
    let before = footprint(&store);
    let progress = Progress::new();
    let prepared =
        prepare(&store, &path, today(), &progress).unwrap_or_else(|e| panic!("prepare: {e}"));
    assert!(prepared.has_errors());
    let errors: Vec<_> = prepared.parsed.report.errors().collect();
    assert!(
        errors.iter().any(|p| p.row == Some(3) && p.column.as_deref() == Some("事项名称")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|p| p.row == Some(4) && p.column.as_deref() == Some("职权类型")),
        "{errors:?}"
    );
    assert_eq!(prepared.comparison, None);
    let meta = meta(&prepared, "2027年版", "2027-01-01");
    let versions = store.catalog_versions().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        prepared.refusals(&versions, &meta, today()),
        vec![Refusal::FileHasErrors(errors.len())]
    );
    let who = store.bootstrap_identity(actor()).unwrap_or_else(|e| panic!("{e}"));
    let result = commit(&mut store, &who, now(), today(), &prepared, &meta, &progress);
    assert!(matches!(result, Err(CommitError::Refused(Refusal::FileHasErrors(_)))), "{result:?}");
    assert_eq!(footprint(&store), before);
}

#[test]
fn an_unreadable_file_names_its_path() {
    let store = Store::open_in_memory().unwrap_or_else(|e| panic!("store: {e}"));
    let path = Path::new("/no/such/目录.csv");
    let err = prepare(&store, path, today(), &Progress::new()).map(|_| ());
    match err {
        Err(e @ PrepareError::Read { .. }) => assert!(e.to_string().contains("/no/such/目录.csv")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn refusals_flag_label_and_dates_and_pass_a_valid_choice() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tmp: {e}"));
    let store = demo_store();
    let prepared = prepared_demo_v1(&store, dir.path(), &Progress::new());
    let versions = store.catalog_versions().unwrap_or_else(|e| panic!("{e}"));
    let check = |label: &str, effective: &str| {
        prepared.refusals(&versions, &meta(&prepared, label, effective), today())
    };
    let duplicate = check("2026年上半年版", "2027-01-01");
    assert_eq!(duplicate, vec![Refusal::DuplicateLabel("2026年上半年版".into())]);
    let retroactive = check("2026年下半年版", "2026-07-01");
    assert!(
        matches!(
            retroactive.as_slice(),
            [Refusal::EffectiveDate(EffectiveDateError::Retroactive { .. })]
        ),
        "{retroactive:?}"
    );
    assert!(retroactive[0].message_zh().contains("2026-07-01"));
    let overlapping = check("2026年下半年版", "2025-12-01");
    assert!(
        matches!(
            overlapping.as_slice(),
            [Refusal::EffectiveDate(EffectiveDateError::NotAfterLatest { .. })]
        ),
        "{overlapping:?}"
    );
    assert_eq!(check("  ", "2027-01-01"), vec![Refusal::EmptyLabel]);
    assert_eq!(check("2027年版", "2027-01-01"), vec![]);
    assert_eq!(check("2026年下半年版", "2026-11-24"), vec![], "today is not retroactive");
}

#[test]
fn commit_writes_the_version_and_progress_ends_full() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tmp: {e}"));
    let mut store = demo_store();
    let progress = Progress::new();
    let prepared = prepared_demo_v1(&store, dir.path(), &progress);
    let mut chosen = meta(&prepared, " 2027年版 ", "2027-01-01");
    chosen.source_name = "not the file".into();
    let who = store.bootstrap_identity(actor()).unwrap_or_else(|e| panic!("{e}"));
    let version = commit(&mut store, &who, now(), today(), &prepared, &chosen, &progress)
        .unwrap_or_else(|e| panic!("commit: {e}"));
    assert_eq!(version.label, "2027年版");
    assert_eq!(version.source_name, "旧版.json", "the source is always the file read");
    assert_eq!(version.source_sha256, prepared.source_sha256);
    let stored = store.catalog_items(version.id).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored, prepared.parsed.items);
    let n = prepared.parsed.items.len();
    assert_eq!(progress.snapshot(), ProgressSnapshot { phase: Phase::Done, done: n, total: n });
    assert_eq!(store.catalog_versions().map(|v| v.len()).ok(), Some(3));
}

fn generated_file(dir: &Path, n: usize) -> PathBuf {
    let meta = VersionMeta {
        label: "generated".into(),
        doc_no: String::new(),
        effective: Some(day("2026-01-01")),
    };
    write_catalog(dir, "generated.json", &CatalogFile::new(Some(meta), generate_catalog(n, 7)))
}

#[test]
fn progress_only_grows_while_thousands_of_items_are_written() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tmp: {e}"));
    let path = generated_file(dir.path(), 5_000);
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("store: {e}"));
    let prepared = prepare(&store, &path, today(), &Progress::new())
        .unwrap_or_else(|e| panic!("prepare: {e}"));
    assert!(!prepared.has_errors(), "{:?}", prepared.parsed.report.errors().next());
    let who = store.bootstrap_identity(actor()).unwrap_or_else(|e| panic!("{e}"));
    let progress = Progress::new();
    let meta = prepared.proposed.clone();
    let mut seen = Vec::new();
    let result = std::thread::scope(|scope| {
        let worker =
            scope.spawn(|| commit(&mut store, &who, now(), today(), &prepared, &meta, &progress));
        // As the TUI will: poll snapshots while the worker writes.
        while !worker.is_finished() {
            seen.push(progress.snapshot());
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        worker.join().unwrap_or_else(|_| panic!("worker panicked"))
    });
    seen.push(progress.snapshot());
    assert!(result.is_ok(), "{result:?}");
    let fractions: Vec<f64> = seen.iter().map(ProgressSnapshot::fraction).collect();
    assert!(fractions.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last().map(|s| (s.phase, s.done)), Some((Phase::Done, 5_000)));
}

#[test]
fn the_store_reports_every_thousand_items_and_the_end() {
    let items = generate_catalog(2_500, 3);
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("store: {e}"));
    let who = store.bootstrap_identity(actor()).unwrap_or_else(|e| panic!("{e}"));
    let meta = NewVersion {
        label: "g".into(),
        doc_no: String::new(),
        effective: today(),
        source_name: "g.json".into(),
        source_sha256: "ab".repeat(32),
    };
    let calls = RefCell::new(Vec::new());
    store
        .import_catalog_reporting(&who, now(), today(), &meta, &items, &|n| {
            calls.borrow_mut().push(n)
        })
        .unwrap_or_else(|e| panic!("import: {e}"));
    assert_eq!(calls.into_inner(), vec![PROGRESS_EVERY, 2 * PROGRESS_EVERY, 2_500]);
}

#[test]
fn a_non_admin_commit_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tmp: {e}"));
    let mut store = demo_store();
    seed_demo_officers(&mut store, &actor(), now()).unwrap_or_else(|e| panic!("officers: {e}"));
    let officer = store
        .authenticate(&actor(), now(), "QJ1001", "100100")
        .unwrap_or_else(|e| panic!("login: {e}"));
    let progress = Progress::new();
    let prepared = prepared_demo_v1(&store, dir.path(), &progress);
    let before = footprint(&store);
    let meta = meta(&prepared, "2027年版", "2027-01-01");
    let result = commit(&mut store, &officer, now(), today(), &prepared, &meta, &progress);
    assert!(
        matches!(
            result,
            Err(CommitError::Store(StoreError::Access(AccessError::NotAllowed { .. })))
        ),
        "{result:?}"
    );
    assert_eq!(footprint(&store), before, "a refused commit wrote something");
    assert_ne!(progress.snapshot().phase, Phase::Done);
}
