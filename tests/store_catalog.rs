//! The store's catalog versions and event chain, on a real SQLite file.
//!
//! Guards: versions switch by effective date with no gap and no overlap; old versions stay
//! readable and cannot be edited; every import is one attributed, hash-chained event; a refused
//! import writes nothing; a database from a newer zhifa is refused untouched.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use zhifa::domain::actor::Actor;
use zhifa::domain::catalog::{CatalogItem, PowerType};
use zhifa::store::{Identity, NewVersion, Signable, Store, StoreError};

fn day(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("test time")
}

fn actor() -> Actor {
    Actor::new("A1001", "station-1:/dev/pts/1", 4242)
}

/// The OS-user identity of a database without admin accounts (the bootstrap rule).
fn who(store: &Store) -> Identity {
    store.bootstrap_identity(actor()).expect("no admin yet")
}

fn item(code: &str, name: &str) -> CatalogItem {
    CatalogItem {
        code: code.into(),
        name: name.into(),
        power_type: PowerType::Penalty,
        domain: "市政公用".into(),
        department: "县住房和城乡建设局".into(),
        scope: vec!["青溪街道".into()],
        fine_min: Some(200),
        fine_max: Some(2000),
        ..CatalogItem::default()
    }
}

fn meta(label: &str, effective: &str) -> NewVersion {
    NewVersion {
        label: label.into(),
        doc_no: "青江县综执〔2025〕1号".into(),
        effective: day(effective),
        source_name: format!("{label}.csv"),
        source_sha256: "ab".repeat(32),
    }
}

fn two_versions(store: &mut Store) {
    let v1 = [item("1", "对擅自占用城市道路的处罚"), item("2", "对乱倒垃圾的处罚")];
    store
        .import_catalog(&who(store), now(), day("2025-01-01"), &meta("v1", "2025-01-01"), &v1)
        .expect("v1");
    let mut changed = item("1", "对擅自占用城市道路的处罚");
    changed.fine_max = Some(20_000);
    let v2 = [changed, item("3", "对擅自设置户外广告的处罚")];
    store
        .import_catalog(&who(store), now(), day("2025-07-01"), &meta("v2", "2025-07-01"), &v2)
        .expect("v2");
}

#[test]
fn version_in_force_switches_exactly_on_the_effective_date() {
    let mut store = Store::open_in_memory().expect("store");
    assert!(matches!(store.version_in_force(day("2025-01-01")), Err(StoreError::NoCatalog)));
    two_versions(&mut store);
    assert!(matches!(
        store.version_in_force(day("2024-12-31")),
        Err(StoreError::NothingInForce(_))
    ));
    assert_eq!(store.version_in_force(day("2025-06-30")).expect("v1").label, "v1");
    assert_eq!(store.version_in_force(day("2025-07-01")).expect("v2").label, "v2");
    let old = store.version_by_label("v1").expect("v1");
    let items = store.catalog_items(old.id).expect("items");
    assert_eq!(items.len(), 2, "the superseded version stays readable");
    assert_eq!(store.catalog_item(old.id, "1").expect("read").and_then(|i| i.fine_max), Some(2000));
}

#[test]
fn items_round_trip_exactly_and_in_published_order() {
    let mut store = Store::open_in_memory().expect("store");
    let mut rich = item("330217101001", "对擅自占用城市道路的行政处罚");
    rich.basis.penalty.push(zhifa::domain::catalog::Provision {
        law: "城市道路管理条例".into(),
        article: Some(42),
        paragraph: None,
        item: Some(4),
        text: "……可以处2万元以下的罚款".into(),
    });
    rich.tiers.push(zhifa::domain::catalog::DiscretionTier {
        name: "一般".into(),
        conditions: "首次".into(),
        penalty_text: "处五百元罚款".into(),
        fine_min: Some(500),
        fine_max: Some(500),
    });
    let items = vec![item("Z9", "最后编码但第一"), rich.clone()];
    let v = store
        .import_catalog(&who(&store), now(), day("2026-01-01"), &meta("v", "2026-01-01"), &items)
        .expect("import");
    assert_eq!(store.catalog_items(v.id).expect("items"), items);
    let stored = store.search_docs(v.id).expect("stored");
    assert_eq!(&*stored[1].laws, ["城市道路管理条例".to_string()]);
}

#[test]
fn every_import_is_one_attributed_chained_event() {
    let mut store = Store::open_in_memory().expect("store");
    two_versions(&mut store);
    let events = store.events(0, 100).expect("events");
    assert_eq!(events.len(), 2);
    assert!(events
        .iter()
        .all(|e| e.kind == "catalog.import" && e.actor == "A1001" && e.pid == 4242));
    assert_eq!(events[1].prev_hash, events[0].hash);
    let status = store.verify_chain().expect("verify");
    assert_eq!(status.events, 2);
    assert_eq!(status.first_break, None);
    assert_eq!(status.head_hash, events[1].hash);
    let payload: serde_json::Value = serde_json::from_str(&events[1].payload).expect("json");
    assert_eq!(payload["label"], "v2");
    assert_eq!(payload["item_count"], 2);
}

#[test]
fn refused_imports_write_nothing() {
    let mut store = Store::open_in_memory().expect("store");
    two_versions(&mut store);
    let before = store.verify_chain().expect("verify");
    let mut attempt = |label: &str, effective: &str, items: &[CatalogItem]| {
        store.import_catalog(&who(&store), now(), day("2026-11-24"), &meta(label, effective), items)
    };
    let one = [item("9", "x")];
    let dup = attempt("v2", "2026-12-01", &one);
    assert!(matches!(dup, Err(StoreError::DuplicateLabel(_))), "{dup:?}");
    let overlap = attempt("v3", "2025-07-01", &one);
    assert!(matches!(overlap, Err(StoreError::EffectiveDate(_))), "{overlap:?}");
    let retro = attempt("v3", "2026-01-01", &one);
    assert!(matches!(retro, Err(StoreError::EffectiveDate(_))), "{retro:?}");
    // Two items with one code violate a UNIQUE constraint halfway through the insert: all of
    // it rolls back.
    let half = attempt("v3", "2026-12-01", &[item("9", "x"), item("9", "y")]);
    assert!(half.is_err());
    assert_eq!(store.catalog_versions().expect("versions").len(), 2);
    assert_eq!(store.verify_chain().expect("verify"), before);
}

/// A database file holding the two versions, closed, for tests that open it behind the store.
fn file_with_two_versions() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("z.db");
    let mut store = Store::open(&path).expect("store");
    two_versions(&mut store);
    (dir, path)
}

#[test]
fn events_versions_and_items_cannot_be_edited_or_deleted() {
    let (_dir, path) = file_with_two_versions(); // _dir keeps the folder until the end
    let conn = Connection::open(&path).expect("raw");
    for sql in [
        "UPDATE events SET actor = 'someone else'",
        "DELETE FROM events",
        "UPDATE catalog_versions SET effective = '2030-01-01'",
        "DELETE FROM catalog_versions",
        "UPDATE catalog_items SET fine_max = 1",
        "DELETE FROM catalog_items",
        "UPDATE catalog_item_bodies SET body = '{}'",
        "DELETE FROM catalog_item_bodies",
    ] {
        let err = conn.execute(sql, []).expect_err(sql);
        let text = err.to_string();
        assert!(text.contains("append-only") || text.contains("immutable"), "{sql}: {text}");
    }
}

#[test]
fn a_tampered_event_breaks_the_chain_from_that_point() {
    let (_dir, path) = file_with_two_versions(); // _dir keeps the folder until the end
    let conn = Connection::open(&path).expect("raw");
    // Someone with the file drops the trigger and edits history.
    conn.execute_batch(
        "DROP TRIGGER events_are_append_only_update;
         UPDATE events SET actor = 'forged' WHERE seq = 1;",
    )
    .expect("tamper");
    drop(conn);
    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.verify_chain().expect("verify").first_break, Some(1));
}

#[test]
fn database_from_a_newer_zhifa_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.db");
    {
        let conn = Connection::open(&path).expect("raw");
        conn.execute_batch("CREATE TABLE t (x); PRAGMA user_version = 999;").expect("setup");
    }
    let before = std::fs::read(&path).expect("bytes");
    let err = Store::open(&path).err().expect("must refuse");
    assert!(matches!(err, StoreError::TooNew { found: 999, .. }), "{err}");
    assert!(err.to_string().contains("newer zhifa"));
    assert_eq!(std::fs::read(&path).expect("bytes"), before);
}

#[test]
fn database_file_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.db");
    // Kept open: the -wal and -shm files beside it hold the latest writes while it is.
    let _store = Store::open(&path).expect("store");
    for suffix in ["", "-wal", "-shm"] {
        let file = dir.path().join(format!("p.db{suffix}"));
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "p.db{suffix}");
    }
}

#[test]
fn wal_and_full_sync_are_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.db");
    Store::open(&path).expect("store");
    let conn = Connection::open(&path).expect("raw");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("mode");
    assert_eq!(mode, "wal");
}

#[test]
fn a_large_version_loads_in_two_halves_in_published_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.db");
    let mut store = Store::open(&path).expect("store");
    let items = zhifa::bench::catalog::generate_catalog(25_000, 3);
    let v = store
        .import_catalog(&who(&store), now(), day("2026-01-01"), &meta("big", "2026-01-01"), &items)
        .expect("import");
    let stored = store.search_docs(v.id).expect("stored");
    assert_eq!(stored.len(), items.len());
    for (s, i) in stored.iter().zip(&items) {
        assert_eq!((s.code.as_str(), s.name.as_str()), (i.code.as_str(), i.name.as_str()));
        assert_eq!((&*s.domain, &*s.department), (i.domain.as_str(), i.department.as_str()));
        assert_eq!(&*s.scope, i.scope.as_slice());
    }
}

/// A version as the centre publishes it (docs/CENTRAL.md), by QJ0001 of station GX, signed
/// with a key of the test's over these items.
fn from_centre(label: &str, effective: &str, items: &[CatalogItem]) -> zhifa::store::FromCentre {
    let mut from = zhifa::store::FromCentre {
        version: meta(label, effective),
        by: "QJ0001".into(),
        station: "GX".into(),
        at: "2026-11-20T08:00:00Z".into(),
        sha256: "cd".repeat(32),
        through_seq: 12,
        signed: zhifa::store::Signed { signature: String::new(), key: String::new() },
    };
    let publisher = Actor::new("QJ0001", "t", 1).signing_with(Some([9u8; 32]));
    let digest = zhifa::store::items_digest(items).expect("digest");
    from.signed = from.statement(&digest).sign(&publisher).expect("signs");
    from
}

#[test]
fn a_version_published_at_the_centre_is_taken_in_once_under_its_publisher() {
    use zhifa::store::{TakenIn, VerifyOptions};
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("gx.db")).expect("store");
    two_versions(&mut store);
    let items = [item("1", "对擅自占用城市道路的处罚"), item("4", "对占道经营的处罚")];

    // Its date is before today (2026-11-24): a station late to sync still takes it in on it.
    let taken = store
        .take_in_published_catalog(now(), &from_centre("2026年版", "2026-01-01", &items), &items)
        .expect("take in");
    let TakenIn::New(version) = taken else { panic!("not taken in: {taken:?}") };
    assert_eq!(version.imported_by, "centre:GX/QJ0001");
    assert_eq!(store.version_in_force(day("2026-01-01")).expect("in force").label, "2026年版");
    assert_eq!(store.version_in_force(day("2025-12-31")).expect("in force").label, "v2");
    let events = store.events(0, 100).expect("events");
    let last = events.last().expect("an event");
    assert_eq!((last.kind.as_str(), last.actor.as_str()), ("catalog.import", "centre:GX/QJ0001"));
    assert!(last.signature.is_none());
    let payload: serde_json::Value = serde_json::from_str(&last.payload).expect("payload");
    assert_eq!(payload["published"]["station"], "GX");
    assert_eq!(payload["published"]["through_seq"], 12);
    assert_eq!(payload["published"]["signing_key"].as_str().map(str::len), Some(64));
    assert_eq!(payload["published"]["signature"].as_str().map(str::len), Some(128));
    assert_eq!(store.verify(&VerifyOptions::default()).expect("verify").problems, vec![]);

    // Again: held, nothing written; with other items: differs, nothing written.
    let head = store.head().expect("head");
    let again = store
        .take_in_published_catalog(now(), &from_centre("2026年版", "2026-01-01", &items), &items)
        .expect("again");
    assert!(matches!(again, TakenIn::Held(_)), "{again:?}");
    let other = store
        .take_in_published_catalog(
            now(),
            &from_centre("2026年版", "2026-01-01", &items[..1]),
            &items[..1],
        )
        .expect("other");
    assert!(matches!(other, TakenIn::Differs(_)), "{other:?}");
    // A date a version here already starts on or after: refused by the date rule.
    let early = store
        .take_in_published_catalog(
            now(),
            &from_centre("2025年补充版", "2025-12-01", &items),
            &items,
        )
        .expect("early");
    assert!(matches!(early, TakenIn::Refused(_)), "{early:?}");
    // A publisher that is no badge, or a station that is no code, is no actor.
    let mut odd = from_centre("2027年版", "2027-01-01", &items);
    odd.by = "QJ0001/../x".into();
    assert!(store.take_in_published_catalog(now(), &odd, &items).is_err());
    let mut odd = from_centre("2027年版", "2027-01-01", &items);
    odd.station = "gx".into();
    assert!(store.take_in_published_catalog(now(), &odd, &items).is_err());
    // Not what the publisher signed: another date, or signed over other items.
    let mut odd = from_centre("2027年版", "2027-01-01", &items);
    odd.version.effective = day("2027-01-02");
    let refused = store.take_in_published_catalog(now(), &odd, &items);
    assert!(format!("{refused:?}").contains("not signed by the key it names"), "{refused:?}");
    let odd = from_centre("2027年版", "2027-01-01", &items[..1]);
    assert!(store.take_in_published_catalog(now(), &odd, &items).is_err());
    assert_eq!(store.head().expect("head"), head, "nothing written");
}

#[test]
fn verify_refuses_an_import_under_the_centres_name_that_states_no_publication() {
    use zhifa::store::VerifyOptions;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("gx.db");
    let mut store = Store::open(&path).expect("store");
    // An import claiming the centre's name without stating a publication.
    let claimed = Actor::new("centre:GX/QJ0001", "centre", 1);
    let identity = store.bootstrap_identity(claimed).expect("no admin yet");
    store
        .import_catalog(
            &identity,
            now(),
            day("2025-01-01"),
            &meta("v1", "2025-01-01"),
            &[item("1", "对乱倒垃圾的处罚")],
        )
        .expect("v1");
    let problems = store.verify(&VerifyOptions::default()).expect("verify").problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(format!("{problems:?}").contains("states no publication"), "{problems:?}");
}
