//! Who may write what: every public write of the store that takes `who: &Identity`, attempted by
//! every kind of account — each role, an officer whose certificate has expired, a deactivated
//! account, a locked one, and the OS user's setup identity after the first admin exists.
//!
//! Guards: a write is allowed exactly when the permission rule says so (`may(role, op)`, a valid
//! certificate for what `needs_certificate`, an active unlocked account); a refusal is the access
//! error of the right kind and writes nothing (no event, no row, no account or record changed);
//! an allowed write succeeds and is recorded, or meets a named refusal of the domain. The table
//! is data: a new `pub fn` taking `who: &Identity` in `crates/store/src` fails
//! `every_write_of_the_store_is_in_the_table` until it is listed, and a new kind of case step
//! does not compile until `steps.rs` names it.

#[path = "security/steps.rs"]
mod steps;
#[path = "security/world.rs"]
mod world;
#[path = "security/writes.rs"]
mod writes;

use std::collections::BTreeSet;
use std::path::Path;
use world::{now, Target, Who, World};
use zhifa::domain::case::{act, operation, Authority, StepRefusal};
use zhifa::domain::officer::Operation;
use zhifa::store::CaseRefusal;
use zhifa::store::{Identity, StoreError, StoreResult};

/// What one attempt is expected to do when its identity may do it.
#[derive(Clone, Copy)]
enum WhenAllowed {
    Succeeds,
    /// Refused for a reason of the domain, which this predicate recognises.
    RefusedBy(fn(&StoreError) -> bool),
}

/// Attempts one write as `who` and checks it against the rule; whether it wrote.
fn check(
    world: &mut World,
    label: &str,
    who: Who,
    op: Operation,
    when_allowed: WhenAllowed,
    attempt: &mut dyn FnMut(&mut World, &Identity) -> StoreResult<()>,
    view: &dyn Fn(&World) -> String,
) -> bool {
    let identity = world.identity(who);
    let before = world.snapshot(&view(world));
    let events = world.events();
    let result = attempt(world, &identity);
    let unchanged = |world: &World| {
        assert_eq!(world.snapshot(&view(world)), before, "{label} by {who:?} wrote something");
    };
    match (who.expected(op), result, when_allowed) {
        (Ok(()), Ok(()), WhenAllowed::Succeeds) => {
            assert!(world.events() > events, "{label} by {who:?} succeeded without its event");
            return true;
        }
        (Ok(()), Err(StoreError::Access(e)), _) => {
            panic!("{label}: {who:?} may {op:?} but was refused: {e}")
        }
        (Ok(()), Err(e), WhenAllowed::RefusedBy(is_expected)) if is_expected(&e) => {
            unchanged(world)
        }
        (Ok(()), other, _) => panic!("{label} by {who:?} (allowed): unexpected {other:?}"),
        (Err(kind), Err(StoreError::Access(e)), _) => {
            assert_eq!(world::Refusal::of(&e), Some(kind), "{label} by {who:?}: {e}");
            unchanged(world);
        }
        (Err(kind), other, _) => panic!("{label} by {who:?} must be refused ({kind:?}): {other:?}"),
    }
    false
}

/// A view of everything: the snapshot's row counts and accounts cover these writes' tables,
/// and the record acted on is read back for updates.
fn record_view(world: &World, target: &Target) -> String {
    let s = &world.store;
    let records = (s.case(target.id), s.patrol(target.id), s.findings(target.id));
    format!("{records:?} {:?} {:?}", s.ticket(target.id), s.officer(&target.key))
}

#[test]
fn every_write_by_every_identity_is_allowed_exactly_by_the_rule() {
    let mut world = World::new();
    let mut checked = 0;
    for write in &writes::WRITES {
        let when_allowed =
            write.allowed_refusal.map_or(WhenAllowed::Succeeds, WhenAllowed::RefusedBy);
        let mut target = (write.prepare)(&mut world);
        for who in Who::ALL {
            let view = |w: &World| record_view(w, &target);
            let mut attempt = |w: &mut World, id: &Identity| (write.call)(w, id, &target);
            if check(&mut world, write.method, who, write.op, when_allowed, &mut attempt, &view) {
                target = (write.prepare)(&mut world);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, writes::WRITES.len() * Who::ALL.len());
}

#[test]
fn every_case_step_by_every_identity_is_allowed_exactly_by_the_rule() {
    let mut world = World::new();
    let rows = steps::steps();
    let kinds: BTreeSet<&str> = rows.iter().map(|r| steps::kind(&r.step)).collect();
    assert_eq!((rows.len(), kinds.len()), (steps::STEP_KINDS, steps::STEP_KINDS), "{kinds:?}");
    let procedure = |e: &StoreError| matches!(e, StoreError::Case(_));
    // A role the permission table lets approve, but the authority table does not give this
    // approval to (a team leader approving a filing, by default): refused by the procedure.
    let not_theirs = |e: &StoreError| {
        matches!(e, StoreError::Case(CaseRefusal::Step(StepRefusal::NotAllowed { .. })))
    };
    let authority = Authority::default();
    for row in &rows {
        let label = format!("take_step {}", steps::kind(&row.step));
        assert_eq!(operation(&row.step), row.op, "{label}: the table's operation");
        let theirs = authority.roles(act(&row.step));
        let mut target = world.case_after(&row.path);
        for who in Who::ALL {
            let when_allowed = if who.role().is_some_and(|r| !theirs.contains(&r)) {
                WhenAllowed::RefusedBy(not_theirs)
            } else if row.refused_by_procedure {
                WhenAllowed::RefusedBy(procedure)
            } else {
                WhenAllowed::Succeeds
            };
            let view = |w: &World| record_view(w, &target);
            let mut attempt = |w: &mut World, id: &Identity| {
                let rules = World::rules(&w.calendar);
                w.store.take_step(id, now(), target.id, &row.step, &rules).map(|_| ())
            };
            if check(&mut world, &label, who, row.op, when_allowed, &mut attempt, &view) {
                target = world.case_after(&row.path);
            }
        }
    }
}

/// Changing one's own password needs no permission, only a usable account of one's own.
#[test]
fn own_password_by_every_identity() {
    let mut world = World::new();
    for who in Who::ALL {
        let identity = world.identity(who);
        let badge = identity.officer().map(|o| o.badge.clone());
        let before = world.events();
        let result = world.store.set_password(
            &identity,
            now(),
            badge.as_deref().unwrap_or("QJ1002"),
            "a-new-password-1",
        );
        let usable = !matches!(who, Who::Deactivated | Who::Locked | Who::OsUserAfterSetup);
        match result {
            Ok(()) => assert!(usable && world.events() == before + 1, "{who:?}"),
            Err(StoreError::Access(e)) => {
                assert!(!usable && world.events() == before, "{who:?}: {e}")
            }
            Err(other) => panic!("{who:?}: {other}"),
        }
    }
}

#[test]
fn every_write_of_the_store_is_in_the_table() {
    let mut listed: BTreeSet<&str> = writes::WRITES.iter().map(|w| w.method).collect();
    listed.insert("take_step");
    let found = writes_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/store/src"));
    let found: BTreeSet<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(listed.len(), writes::WRITES.len() + 1, "each method listed once");
    assert_eq!(
        found, listed,
        "the store's writes taking `who: &Identity` (left) and the table (right) differ: \
         list a new write in tests/security/writes.rs with the operation it needs"
    );
}

/// Names of the `pub fn`s taking `who: &Identity` in the Rust files under `dir` (the store
/// crate's sources).
fn writes_in(dir: &Path) -> BTreeSet<String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read crates/store/src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut names = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        for (start, _) in text.match_indices("pub fn ") {
            let rest = &text[start + "pub fn ".len()..];
            let signature = &rest[..rest.find('{').unwrap_or(rest.len())];
            let name: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if signature.contains("who: &Identity") {
                names.insert(name);
            }
        }
    }
    names
}

/// The tables docs/SECURITY.md shows between `<!-- begin: NAME -->` and `<!-- end: NAME -->`
/// are generated here from the code; the doc must hold them as generated. With
/// `ZHIFA_BLESS=1` the test writes them into the doc instead (review the diff).
#[test]
fn the_security_doc_shows_the_rules_of_the_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/SECURITY.md");
    let mut doc = std::fs::read_to_string(&path).expect("docs/SECURITY.md");
    let tables = [
        ("parameters", doc_tables::parameters()),
        ("roles", doc_tables::roles()),
        ("writes", doc_tables::writes()),
    ];
    let bless = std::env::var_os("ZHIFA_BLESS").is_some();
    for (name, generated) in &tables {
        let begin = format!("<!-- begin: {name} -->\n");
        let end = format!("<!-- end: {name} -->");
        let split = doc.split_once(&begin).and_then(|(head, rest)| {
            rest.split_once(&end).map(|(table, tail)| (head, table, tail))
        });
        let Some((head, shown, tail)) = split else { panic!("no “{name}” table in the doc") };
        if bless {
            doc = format!("{head}{begin}{generated}{end}{tail}");
            continue;
        }
        assert_eq!(
            shown, generated,
            "docs/SECURITY.md's “{name}” table is stale; as the code has it:\n{generated}"
        );
    }
    if bless {
        std::fs::write(&path, &doc).expect("bless docs/SECURITY.md");
    }
}

mod doc_tables {
    use super::{steps, writes};
    use zhifa::config::DEFAULT_LOCK_AFTER_SECS;
    use zhifa::domain::officer::{
        may, needs_certificate, Operation, Role, MAX_FAILED_ATTEMPTS, MAX_PASSWORD_CHARS,
        MIN_PASSWORD_CHARS, MIN_PIN_DIGITS,
    };
    use zhifa::store::password::PRODUCTION;

    fn row(cells: &[String]) -> String {
        format!("| {} |\n", cells.join(" | "))
    }

    pub fn parameters() -> String {
        let p = PRODUCTION;
        let lines = [
            ("Argon2id memory (m)", format!("{} KiB ({} MiB)", p.memory_kib, p.memory_kib / 1024)),
            ("Argon2id passes (t)", p.passes.to_string()),
            ("Argon2id lanes (p)", p.lanes.to_string()),
            ("Failed logins before the account locks", MAX_FAILED_ATTEMPTS.to_string()),
            ("Idle lock (default `lock_after_secs`)", format!("{DEFAULT_LOCK_AFTER_SECS} s")),
            ("Shortest PIN", format!("{MIN_PIN_DIGITS} digits")),
            ("Shortest password", format!("{MIN_PASSWORD_CHARS} characters")),
            ("Longest password", format!("{MAX_PASSWORD_CHARS} characters")),
        ];
        let mut out = row(&["setting".into(), "value".into()]) + "|---|---|\n";
        for (name, value) in lines {
            out += &row(&[name.into(), value]);
        }
        out
    }

    pub fn roles() -> String {
        let mut header = vec!["operation".to_string()];
        header.extend(Role::ALL.iter().map(|r| format!("{} `{}`", r.label_zh(), r.key())));
        header.push("needs a valid 执法证".into());
        let mut out = row(&header) + &format!("|{}\n", "---|".repeat(header.len()));
        for op in Operation::ALL {
            let mut cells = vec![format!("{} ({})", op.label_zh(), op.label_en())];
            cells.extend(Role::ALL.iter().map(|&r| mark(may(r, op))));
            cells.push(mark(needs_certificate(op)));
            out += &row(&cells);
        }
        out
    }

    pub fn writes() -> String {
        let rows = steps::steps();
        let mut out =
            row(&["operation".into(), "store writes".into(), "case steps (`take_step`)".into()]);
        out += "|---|---|---|\n";
        for op in Operation::ALL {
            let methods: Vec<String> = writes::WRITES
                .iter()
                .filter(|w| w.op == op)
                .map(|w| format!("`{}`", w.method))
                .collect();
            let kinds: Vec<String> = rows
                .iter()
                .filter(|r| r.op == op)
                .map(|r| steps::kind(&r.step).to_string())
                .collect();
            out += &row(&[format!("{op:?}"), methods.join(", "), kinds.join(", ")]);
        }
        out
    }

    fn mark(yes: bool) -> String {
        if yes { "✓" } else { "·" }.to_string()
    }
}
