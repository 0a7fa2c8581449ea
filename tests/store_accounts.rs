//! Accounts, logins and permissions in the store, on a real SQLite file.
//!
//! Guards: the OS user may set up only until an admin exists; wrong passwords are counted, the
//! 5th locks, and the count survives reopening the database; unlocking is for team leaders and
//! admins; deactivated officers cannot log in; every attempt is an event and no event holds a
//! password or a hash; a non-admin's catalog import is refused by the core with nothing written.
//! Hashes use the cheap test cost (`password::FAST_FOR_TESTS`) to keep the suite fast.

use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;
use zhifa::domain::actor::Actor;
use zhifa::domain::catalog::CatalogItem;
use zhifa::domain::officer::{NewOfficer, Operation, Role};
use zhifa::store::{password, AccessError, AuthError, Identity, NewVersion, Store, StoreError};

const ADMIN_PASSWORD: &str = "qingjiang-admin";
const PIN: &str = "246810";

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("test time")
}

fn origin() -> Actor {
    Actor::new("os:station", "station-1:/dev/pts/1", 4242)
}

fn open(path: &Path) -> Store {
    let mut store = Store::open(path).expect("open");
    store.set_password_cost(password::FAST_FOR_TESTS);
    store
}

fn new_officer(badge: &str, role: Role) -> NewOfficer {
    NewOfficer {
        badge: badge.into(),
        name: format!("{badge}的姓名"),
        role,
        team: None,
        cert_expiry: NaiveDate::from_ymd_opt(2028, 6, 30),
    }
}

/// A database with an admin A1 (created in bootstrap), an officer O1, a team leader L1 and an
/// auditor U1; returns the admin's identity.
fn staffed(store: &mut Store) -> Identity {
    let boot = store.bootstrap_identity(origin()).expect("bootstrap");
    store.add_officer(&boot, now(), &new_officer("A1", Role::Admin), ADMIN_PASSWORD).expect("A1");
    let admin = store.authenticate(&origin(), now(), "A1", ADMIN_PASSWORD).expect("admin login");
    for (badge, role) in [("O1", Role::Officer), ("L1", Role::TeamLeader), ("U1", Role::Auditor)] {
        store.add_officer(&admin, now(), &new_officer(badge, role), PIN).expect(badge);
    }
    admin
}

fn login(store: &mut Store, badge: &str, password: &str) -> Result<Identity, AuthError> {
    store.authenticate(&origin(), now(), badge, password)
}

fn event_count(store: &Store) -> usize {
    store.events(0, 10_000).expect("events").len()
}

fn catalog_meta() -> NewVersion {
    NewVersion {
        label: "v1".into(),
        doc_no: String::new(),
        effective: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        source_name: "v1.csv".into(),
        source_sha256: "ab".repeat(32),
    }
}

fn one_item() -> Vec<CatalogItem> {
    vec![CatalogItem {
        code: "1".into(), name: "对乱倒垃圾的处罚".into(), ..Default::default()
    }]
}

#[test]
fn bootstrap_works_until_an_admin_exists_then_an_admin_is_required() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = open(&dir.path().join("z.db"));
    let boot = store.bootstrap_identity(origin()).expect("bootstrap on an empty database");
    store.add_team(&boot, now(), "QX01", "青溪中队").expect("team in bootstrap");
    store.add_officer(&boot, now(), &new_officer("O9", Role::Officer), PIN).expect("officer");
    assert!(!store.has_admin().expect("has_admin"), "an officer alone does not end bootstrap");
    store.add_officer(&boot, now(), &new_officer("A1", Role::Admin), ADMIN_PASSWORD).expect("A1");
    // The identity made before is refused too: the check runs inside each write.
    let late = store.add_team(&boot, now(), "QX02", "东城中队");
    assert!(matches!(late, Err(StoreError::Access(AccessError::AdminExists))), "{late:?}");
    let fresh = store.bootstrap_identity(origin());
    assert!(matches!(fresh, Err(StoreError::Access(AccessError::AdminExists))), "{fresh:?}");
    let admin = login(&mut store, "A1", ADMIN_PASSWORD).expect("admin");
    store.add_team(&admin, now(), "QX02", "东城中队").expect("admin adds a team");
    let events = store.events(0, 100).expect("events");
    assert_eq!(events[0].actor, "os:station");
    assert_eq!(events.last().expect("last").actor, "A1", "admin writes are attributed to A1");
}

#[test]
fn wrong_passwords_count_and_the_fifth_locks_even_across_reopening() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("z.db");
    let mut store = open(&path);
    staffed(&mut store);
    for expected_left in [4, 3] {
        match login(&mut store, "O1", "000000") {
            Err(AuthError::WrongPassword { remaining, .. }) => assert_eq!(remaining, expected_left),
            other => panic!("expected a wrong password, got {other:?}"),
        }
    }
    drop(store);
    let mut store = open(&path);
    assert_eq!(store.officer("O1").expect("read").expect("O1").failed_attempts, 2);
    for expected_left in [2, 1] {
        let r = login(&mut store, "O1", "000000");
        assert!(
            matches!(r, Err(AuthError::WrongPassword { remaining, .. }) if remaining == expected_left)
        );
    }
    assert!(matches!(login(&mut store, "O1", "000000"), Err(AuthError::Locked(_))), "5th locks");
    drop(store);
    let mut store = open(&path);
    let o1 = store.officer("O1").expect("read").expect("O1");
    assert!(o1.locked && o1.failed_attempts == 5, "{o1:?}");
    let right = login(&mut store, "O1", PIN);
    assert!(matches!(right, Err(AuthError::Locked(_))), "even the right PIN: {right:?}");
}

#[test]
fn a_success_resets_the_count() {
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    staffed(&mut store);
    for _ in 0..4 {
        assert!(login(&mut store, "O1", "000000").is_err());
    }
    login(&mut store, "O1", PIN).expect("4 failures leave one try");
    assert_eq!(store.officer("O1").expect("read").expect("O1").failed_attempts, 0);
    assert!(matches!(
        login(&mut store, "O1", "1"),
        Err(AuthError::WrongPassword { remaining: 4, .. })
    ));
}

fn lock(store: &mut Store, badge: &str) {
    for _ in 0..5 {
        assert!(login(store, badge, "999999").is_err());
    }
    assert!(store.officer(badge).expect("read").expect("exists").locked);
}

#[test]
fn team_leaders_and_admins_unlock_officers_do_not() {
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let admin = staffed(&mut store);
    store.add_officer(&admin, now(), &new_officer("O2", Role::Officer), PIN).expect("O2");
    lock(&mut store, "O2");
    let officer = login(&mut store, "O1", PIN).expect("O1");
    let before = event_count(&store);
    let refused = store.unlock_officer(&officer, now(), "O2");
    assert!(
        matches!(
            refused,
            Err(StoreError::Access(AccessError::NotAllowed {
                role: Role::Officer,
                op: Operation::UnlockOfficer,
                ..
            }))
        ),
        "{refused:?}"
    );
    assert_eq!(event_count(&store), before, "a refusal writes nothing");
    let leader = login(&mut store, "L1", PIN).expect("L1");
    let unlocked = store.unlock_officer(&leader, now(), "O2").expect("leader unlocks");
    assert!(!unlocked.locked && unlocked.failed_attempts == 0);
    login(&mut store, "O2", PIN).expect("O2 logs in again");
    lock(&mut store, "O2");
    store.unlock_officer(&admin, now(), "O2").expect("admin unlocks");
    login(&mut store, "O2", PIN).expect("O2 logs in again");
}

#[test]
fn deactivated_officers_cannot_log_in_and_their_identity_stops_working() {
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let admin = staffed(&mut store);
    let leader = login(&mut store, "L1", PIN).expect("L1");
    store.deactivate_officer(&admin, now(), "L1").expect("deactivate");
    assert!(matches!(login(&mut store, "L1", PIN), Err(AuthError::Inactive(_))));
    let stale = store.unlock_officer(&leader, now(), "O1");
    assert!(matches!(stale, Err(StoreError::Access(AccessError::AccountUnusable(_)))), "{stale:?}");
    let last = store.deactivate_officer(&admin, now(), "A1");
    assert!(matches!(last, Err(StoreError::LastAdmin(_))), "{last:?}");
    assert_eq!(store.officers().expect("list").len(), 4, "deactivated, not deleted");
}

#[test]
fn officers_cannot_be_deleted_nor_renumbered_in_sql() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("z.db");
    let mut store = open(&path);
    staffed(&mut store);
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    assert!(conn.execute("DELETE FROM officers WHERE badge = 'O1'", []).is_err());
    assert!(conn.execute("UPDATE officers SET badge = 'X' WHERE badge = 'O1'", []).is_err());
    // Event 2 is the admin's login: an existing event that created no account.
    let insert = |role: &str| {
        conn.execute(
            "INSERT INTO officers (badge, name, role, password_hash, created_event) \
             VALUES ('Z', 'z', ?1, '$argon2id$x', 2)",
            [role],
        )
    };
    assert!(insert("boss").is_err(), "the role CHECK refuses an unknown role");
    let known = insert("auditor");
    assert!(known.is_ok(), "the same row with a known role is accepted: {known:?}");
}

#[test]
fn unknown_badges_are_told_apart_and_recorded() {
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    staffed(&mut store);
    assert!(matches!(login(&mut store, "NOBODY", PIN), Err(AuthError::UnknownBadge)));
    let last = store.events(0, 1000).expect("events").pop().expect("event");
    assert_eq!(last.kind, "auth.login_failed");
    assert!(last.payload.contains("unknown_badge"), "{}", last.payload);
}

#[test]
fn every_attempt_is_an_event_and_no_event_holds_a_password_or_hash() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("z.db");
    let mut store = open(&path);
    let admin = staffed(&mut store);
    let attempts: [(&str, &str, &str); 7] = [
        ("O1", PIN, "auth.login_ok"),
        ("O1", "135791", "auth.login_failed"),
        ("NOBODY", "135791", "auth.login_failed"),
        ("O1", "135791", "auth.login_failed"),
        ("O1", "135791", "auth.login_failed"),
        ("O1", "135791", "auth.login_failed"),
        ("O1", "135791", "auth.locked"),
    ];
    for (badge, password, kind) in attempts {
        let before = event_count(&store);
        let _ = login(&mut store, badge, password);
        let events = store.events(0, 10_000).expect("events");
        assert_eq!(events.len(), before + 1, "{badge} {password}: one event per attempt");
        assert_eq!(events[before].kind, kind, "{badge} {password}");
    }
    store.set_password(&admin, now(), "O1", "97531086").expect("passwd");
    store.unlock_officer(&admin, now(), "O1").expect("unlock");
    drop(store);
    let hashes: Vec<String> = {
        let conn = rusqlite::Connection::open(&path).expect("raw");
        let mut stmt = conn.prepare("SELECT password_hash FROM officers").expect("sql");
        let rows = stmt.query_map([], |r| r.get(0)).expect("rows");
        rows.collect::<Result<_, _>>().expect("hashes")
    };
    let store = open(&path);
    let events = store.events(0, 10_000).expect("events");
    assert_eq!(store.verify_chain().expect("chain").first_break, None);
    for event in &events {
        for secret in [ADMIN_PASSWORD, PIN, "135791", "97531086", "$argon2"] {
            assert!(!event.payload.contains(secret), "{} holds {secret}", event.kind);
        }
        for hash in &hashes {
            assert!(!event.payload.contains(hash.as_str()), "{} holds a hash", event.kind);
        }
    }
}

#[test]
fn a_non_admin_cannot_import_a_catalog_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = open(&dir.path().join("z.db"));
    let admin = staffed(&mut store);
    for (badge, role) in [("O1", Role::Officer), ("L1", Role::TeamLeader), ("U1", Role::Auditor)] {
        let who = login(&mut store, badge, PIN).expect(badge);
        let chain = store.verify_chain().expect("chain");
        let refused =
            store.import_catalog(&who, now(), now().date_naive(), &catalog_meta(), &one_item());
        assert!(
            matches!(&refused, Err(StoreError::Access(AccessError::NotAllowed { role: r, .. })) if *r == role),
            "{refused:?}"
        );
        assert_eq!(store.verify_chain().expect("chain"), chain, "{badge}: chain unchanged");
        assert!(store.catalog_versions().expect("versions").is_empty());
    }
    let v = store
        .import_catalog(&admin, now(), now().date_naive(), &catalog_meta(), &one_item())
        .expect("the admin imports");
    assert_eq!(v.imported_by, "A1");
}

#[test]
fn passwords_follow_the_policy_and_officers_change_only_their_own() {
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let admin = staffed(&mut store);
    let weak = store.add_officer(&admin, now(), &new_officer("A2", Role::Admin), "12345678");
    assert!(matches!(weak, Err(StoreError::PasswordPolicy(_))), "{weak:?}");
    let o1 = login(&mut store, "O1", PIN).expect("O1");
    store.set_password(&o1, now(), "O1", "13572468").expect("own password");
    let other = store.set_password(&o1, now(), "L1", "13572468");
    assert!(matches!(other, Err(StoreError::Access(_))), "{other:?}");
    login(&mut store, "O1", "13572468").expect("new PIN works");
    assert!(login(&mut store, "O1", PIN).is_err(), "old PIN no longer works");
}

#[test]
fn a_database_from_before_accounts_is_upgraded_and_stays_in_bootstrap() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("raw");
        conn.execute_batch(include_str!("../db/0001_init.sql")).expect("0001");
        conn.pragma_update(None, "user_version", 1).expect("version 1");
    }
    let mut store = open(&path);
    assert!(!store.has_admin().expect("has_admin"));
    assert!(store.officers().expect("officers").is_empty());
    let boot = store.bootstrap_identity(origin()).expect("bootstrap");
    store.add_officer(&boot, now(), &new_officer("A1", Role::Admin), ADMIN_PASSWORD).expect("A1");
}

#[test]
fn demo_officers_cover_every_role_and_log_in_with_their_printed_passwords() {
    use zhifa::demo::{seed_demo_officers, DEMO_OFFICERS};
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    assert!(seed_demo_officers(&mut store, &origin(), now()).expect("seed"));
    let roles: Vec<Role> = store.officers().expect("list").iter().map(|o| o.role).collect();
    assert!(Role::ALL.iter().all(|r| roles.contains(r)), "{roles:?}");
    for (badge, _, role, _, password) in DEMO_OFFICERS {
        let who = login(&mut store, badge, password).expect(badge);
        assert_eq!(who.officer().map(|o| o.role), Some(role));
    }
    assert!(!seed_demo_officers(&mut store, &origin(), now()).expect("again"), "seeds once");
}

#[test]
fn simultaneous_wrong_logins_from_several_terminals_are_all_counted() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("z.db");
    let mut store = open(&path);
    staffed(&mut store);
    let before = event_count(&store);
    std::thread::scope(|scope| {
        for _ in 0..5 {
            scope.spawn(|| {
                let mut terminal = open(&path);
                assert!(login(&mut terminal, "O1", "000000").is_err());
            });
        }
    });
    let o1 = store.officer("O1").expect("read").expect("O1");
    assert!(o1.locked && o1.failed_attempts == 5, "{o1:?}");
    let events = store.events(0, 10_000).expect("events");
    assert_eq!(events.len(), before + 5);
    assert_eq!(events.iter().filter(|e| e.kind == "auth.locked").count(), 1);
    assert_eq!(store.verify_chain().expect("chain").first_break, None);
}
