//! The accounts checked in full against their events, at every start and before every write that
//! acts on an officer's authority: authorisation never rests on a row nobody checked.
//!
//! The accounts are few (a county has some hundreds), and so are the events that make and change
//! them (`officer.*`: made, password set, deactivated, unlocked), read through a partial index of
//! their own: the whole check costs a few milliseconds on years of history. Each of those events
//! must still give its own hash and link to the event before it; each account row must hold the
//! name, role, team, certificate, active flag and password (by its witness) the events gave it. A
//! role edited in the row (officer → admin) is therefore refused at the next write, not honoured
//! until someone runs a full `zhifa verify`.
//!
//! What this does not see (the full verify does): an account event rewritten together with every
//! hash after it (only a head recorded outside the file shows that); lock and failure counts
//! (`auth.*`, which grant nothing).

use super::signatures::{Keys, Verdict};
use super::Problem;
use crate::events::{witness, EventRecord, GENESIS_HASH};
use crate::publication::{AccountStanding, StandingFault};
use crate::StoreResult;
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;

/// An account as its events leave it.
#[derive(Default)]
struct Account {
    created: i64,
    name: String,
    role: String,
    team: Option<String>,
    cert_expiry: Option<String>,
    active: bool,
    /// The witness of the password hash, from the latest event that stated one.
    credential: Option<String>,
}

/// Every problem of the accounts against their events; with `only`, those of that account (and
/// any account event that no longer holds, whose account cannot be told).
pub(crate) fn problems(conn: &Connection, only: Option<&str>) -> StoreResult<Vec<Problem>> {
    Ok(checked(conn, only)?.0)
}

/// [`problems`], and the signing key (public half, hex) the events give the account `only`.
pub(crate) fn checked(
    conn: &Connection,
    only: Option<&str>,
) -> StoreResult<(Vec<Problem>, Option<String>)> {
    let mut problems = Vec::new();
    let mut accounts: BTreeMap<String, Account> = BTreeMap::new();
    let mut keys = Keys::of_station(crate::station::station_code(conn)?);
    for event in account_events(conn)? {
        if let Some(problem) = broken(conn, &event)? {
            problems.push(problem);
            continue;
        }
        let Ok(payload) = serde_json::from_str::<Json>(&event.payload) else {
            problems.push(Problem::BadEvent {
                seq: event.seq,
                kind: event.kind.clone(),
                detail: "payload is not JSON".into(),
            });
            continue;
        };
        // Made by whoever it names: an account event is signed by its author (the admin, or the
        // officer for their own password), or made by the OS user before any admin existed.
        // Before a write only the acting account's own events are checked (a few signatures, well
        // under a millisecond); the start-up check checks them all.
        let concerns = only.is_none_or(|b| payload.get("badge").and_then(Json::as_str) == Some(b));
        if concerns && keys.judge(&event, Some(&payload)) == Verdict::NotSigned {
            problems.push(Problem::NotSigned { seq: event.seq, actor: event.actor.clone() });
            continue;
        }
        keys.learn(&event, &payload);
        fold(&mut accounts, &event, &payload);
    }
    let sql = "SELECT badge, name, role, team_code, cert_expiry, active, password_hash, \
               created_event FROM officers";
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([])?;
    let mut with_rows = std::collections::BTreeSet::new();
    while let Some(row) = rows.next()? {
        let badge: String = row.get(0)?;
        if only.is_some_and(|b| b != badge) {
            continue;
        }
        match accounts.get(&badge) {
            Some(account) => compare(&mut problems, &badge, account, row)?,
            None => problems.push(differs(&badge, "badge", "(no event made it)", &badge)),
        }
        with_rows.insert(badge);
    }
    for (badge, account) in &accounts {
        if !with_rows.contains(badge) && only.is_none_or(|b| b == badge) {
            problems.push(Problem::RowMissing {
                table: "officers".into(),
                key: badge.clone(),
                event: account.created,
            });
        }
    }
    let key = only.and_then(|badge| keys.key_of(badge)).map(String::from);
    Ok((problems, key))
}

/// The account `badge` as another holder's copy of a station's account events leaves it
/// ([`crate::account_standing`]): every one of them must give its hash, link to the event before
/// it (as the holder gives that one) and be signed as the rules of [`Keys`] say, as here.
pub(crate) fn standing(
    events: &[(EventRecord, Option<String>)],
    station: &str,
    badge: &str,
) -> Result<Option<AccountStanding>, StandingFault> {
    let mut accounts: BTreeMap<String, Account> = BTreeMap::new();
    let mut keys = Keys::of_station(Some(station.to_string()));
    for (event, before) in events {
        let seq = event.seq;
        if !event.hash_holds() {
            return Err(StandingFault::Edited { seq });
        }
        let before = if seq == 1 { Some(GENESIS_HASH) } else { before.as_deref() };
        if before != Some(event.prev_hash.as_str()) {
            return Err(StandingFault::Relinked { seq });
        }
        let payload = serde_json::from_str::<Json>(&event.payload)
            .map_err(|_| StandingFault::Unreadable { seq })?;
        if keys.judge(event, Some(&payload)) == Verdict::NotSigned {
            return Err(StandingFault::NotSigned { seq, actor: event.actor.clone() });
        }
        keys.learn(event, &payload);
        fold(&mut accounts, event, &payload);
    }
    Ok(accounts.get(badge).map(|account| AccountStanding {
        key: keys.key_of(badge).map(String::from),
        role: account.role.clone(),
        active: account.active,
    }))
}

/// Whether any event made an admin account (a row demoted behind the log does not reopen the
/// setup the OS user may do before the first admin).
pub(crate) fn admin_ever_made(conn: &Connection) -> StoreResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM events WHERE kind GLOB 'officer.*' AND kind = 'officer.add'
                        AND json_extract(payload, '$.role') = 'admin')",
        [],
        |r| r.get(0),
    )?)
}

pub(super) fn account_events(conn: &Connection) -> StoreResult<Vec<EventRecord>> {
    // `kind GLOB 'officer.*'` is the partial index's own condition: SQLite reads only these.
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, actor, terminal, pid, kind, payload, prev_hash, hash, signature
         FROM events WHERE kind GLOB 'officer.*' ORDER BY seq",
    )?;
    let rows = stmt.query_map([], EventRecord::from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The event no longer gives its hash, or no longer links to the one before it.
fn broken(conn: &Connection, event: &EventRecord) -> StoreResult<Option<Problem>> {
    if !event.hash_holds() {
        return Ok(Some(Problem::EventEdited { seq: event.seq }));
    }
    let before: Option<String> = match event.seq {
        1 => Some(GENESIS_HASH.to_string()),
        seq => conn
            .prepare_cached("SELECT hash FROM events WHERE seq = ?1")?
            .query_row([seq - 1], |r| r.get(0))
            .optional()?,
    };
    if before.as_deref() != Some(event.prev_hash.as_str()) {
        return Ok(Some(Problem::ChainRelinked { seq: event.seq }));
    }
    Ok(None)
}

fn text_of(payload: &Json, key: &str) -> Option<String> {
    payload.get(key).and_then(Json::as_str).map(String::from)
}

fn fold(accounts: &mut BTreeMap<String, Account>, event: &EventRecord, payload: &Json) {
    let Some(badge) = text_of(payload, "badge") else { return };
    if event.kind == "officer.add" {
        let account = Account {
            created: event.seq,
            name: text_of(payload, "name").unwrap_or_default(),
            role: text_of(payload, "role").unwrap_or_default(),
            team: text_of(payload, "team"),
            cert_expiry: text_of(payload, "cert_expiry"),
            active: true,
            credential: text_of(payload, "credential"),
        };
        accounts.insert(badge, account);
        return;
    }
    let Some(account) = accounts.get_mut(&badge) else { return };
    match event.kind.as_str() {
        "officer.deactivate" => account.active = false,
        "officer.password_set" => {
            if let Some(credential) = text_of(payload, "credential") {
                account.credential = Some(credential);
            }
        }
        _ => {}
    }
}

fn compare(
    problems: &mut Vec<Problem>,
    badge: &str,
    account: &Account,
    row: &rusqlite::Row<'_>,
) -> StoreResult<()> {
    let opt = |v: &Option<String>| v.clone().map_or(Sql::Null, Sql::Text);
    let expected = [
        ("name", Sql::Text(account.name.clone())),
        ("role", Sql::Text(account.role.clone())),
        ("team_code", opt(&account.team)),
        ("cert_expiry", opt(&account.cert_expiry)),
        ("active", Sql::Integer(i64::from(account.active))),
    ];
    for (index, (column, expected)) in expected.iter().enumerate() {
        let found: Sql = row.get(index + 1)?;
        if &found != expected {
            problems.push(differs(badge, column, &shown(expected), &shown(&found)));
            return Ok(());
        }
    }
    let created: i64 = row.get(7)?;
    if created != account.created {
        let (expected, found) = (account.created.to_string(), created.to_string());
        problems.push(differs(badge, "created_event", &expected, &found));
        return Ok(());
    }
    let phc: String = row.get(6)?;
    if account.credential.as_ref().is_some_and(|stated| *stated != witness(&json!(phc))) {
        problems.push(differs(badge, "password_hash", "(not shown)", "(not shown)"));
    }
    Ok(())
}

fn shown(v: &Sql) -> String {
    match v {
        Sql::Null => "NULL".into(),
        Sql::Integer(i) => i.to_string(),
        Sql::Text(t) => format!("“{t}”"),
        other => format!("{other:?}"),
    }
}

fn differs(badge: &str, column: &str, expected: &str, found: &str) -> Problem {
    Problem::RowDiffers {
        table: "officers".into(),
        key: badge.to_string(),
        column: column.to_string(),
        expected: expected.to_string(),
        found: found.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_account_events_are_read_through_their_partial_index() {
        let store = crate::Store::open_in_memory().expect("store");
        let plan: Vec<String> = store
            .conn
            .prepare(
                "EXPLAIN QUERY PLAN SELECT seq, payload FROM events WHERE kind GLOB 'officer.*' \
                 ORDER BY seq",
            )
            .expect("plan")
            .query_map([], |r| r.get::<_, String>(3))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("plan rows");
        assert!(plan.iter().any(|p| p.contains("events_of_accounts")), "{plan:?}");
    }
}
