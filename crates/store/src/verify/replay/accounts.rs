//! Brigades, teams, grids, accounts (and what logins do to them), calendar years.

use super::{int, opt_text, text, Event, Expect, Fault, Place, Replay, Replayed};
use crate::{StoreError, StoreResult};
use rusqlite::types::Value as Sql;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use zhifa_core::calendar::{format, shipped, WorkCalendar};
use zhifa_core::domain::officer::Role;

/// An account as the events leave it.
struct Account {
    active: bool,
    locked: bool,
    failed_attempts: i64,
    /// The witness of the password hash, from the latest event that stated one.
    credential: Option<String>,
}

/// A loaded calendar year: source, text, digest, event.
type Year = (String, String, String, i64);

pub(super) struct Accounts {
    accounts: BTreeMap<String, Account>,
    pub(super) roles: HashMap<String, Role>,
    years: BTreeMap<i64, Year>,
    /// The working-day calendar as loaded so far (the shipped years underneath).
    pub(super) calendar: WorkCalendar,
}

impl Accounts {
    pub(super) fn new() -> StoreResult<Accounts> {
        Ok(Accounts {
            accounts: BTreeMap::new(),
            roles: HashMap::new(),
            years: BTreeMap::new(),
            calendar: shipped().map_err(|e| StoreError::Corrupt(e.to_string()))?,
        })
    }
}

pub(super) fn project(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    if e.kind.starts_with("officer.") {
        // An account handed down from the centre: its publisher's signature over this very event.
        super::published::published_by_its_actor(e, |_| {
            crate::AccountStatement::of_event(e.kind, p.0).map_err(Fault::Payload)
        })?;
    }
    match e.kind {
        "brigade.add" => {
            let found = r.row("SELECT code, name FROM brigades WHERE event_seq = ?1", [e.seq])?;
            let code = p.text("code")?;
            let expected = [("code", text(code)), ("name", text(p.text("name")?))];
            r.compare(Place::new("brigades", code, e.seq), &expected, found.as_deref());
            r.created("brigades", 1);
        }
        "team.add" => {
            let sql = "SELECT code, name, brigade_code FROM teams WHERE event_seq = ?1";
            let found = r.row(sql, [e.seq])?;
            let code = p.text("code")?;
            let brigade =
                if p.has("brigade") { opt_text(p.opt_text("brigade")) } else { unstated() };
            let expected =
                [("code", text(code)), ("name", text(p.text("name")?)), ("brigade_code", brigade)];
            r.compare(Place::new("teams", code, e.seq), &expected, found.as_deref());
            r.created("teams", 1);
        }
        "grid.add" => {
            let sql =
                "SELECT code, name, team_code, road, landmarks FROM grids WHERE event_seq = ?1";
            let found = r.row(sql, [e.seq])?;
            let code = p.text("code")?;
            let expected = [
                ("code", text(code)),
                ("name", text(p.text("name")?)),
                ("team_code", text(p.text("team")?)),
                ("road", text(p.opt_text("road").unwrap_or_default())),
                ("landmarks", text(p.opt_text("landmarks").unwrap_or_default())),
            ];
            r.compare(Place::new("grids", code, e.seq), &expected, found.as_deref());
            r.created("grids", 1);
        }
        "officer.add" => add_officer(r, e)?,
        "calendar.import" => load_year(r, e)?,
        _ => change_account(r, e)?,
    }
    Ok(())
}

fn unstated() -> Expect<'static> {
    Expect::Unstated
}

fn add_officer(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    let badge = p.text("badge")?;
    let role: Role = p.text("role")?.parse().map_err(Fault::Payload)?;
    let sql =
        "SELECT badge, name, role, team_code, cert_expiry FROM officers WHERE created_event = ?1";
    let found = r.row(sql, [e.seq])?;
    let expected = [
        ("badge", text(badge)),
        ("name", text(p.text("name")?)),
        ("role", text(role.key())),
        ("team_code", opt_text(p.opt_text("team"))),
        ("cert_expiry", opt_text(p.opt_text("cert_expiry"))),
    ];
    r.compare(Place::new("officers", badge, e.seq), &expected, found.as_deref());
    r.created("officers", 1);
    r.accounts.roles.insert(badge.to_string(), role);
    let account = Account {
        active: true,
        locked: false,
        failed_attempts: 0,
        credential: p.opt_text("credential").map(String::from),
    };
    r.accounts.accounts.insert(badge.to_string(), account);
    Ok(())
}

/// What password changes, unlocks, deactivations and login attempts do to an account.
fn change_account(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    // A failed login may name a badge nobody holds (or, for an unknown one, none at all):
    // nothing changes.
    let badge = match (e.kind, p.opt_text("badge")) {
        (_, Some(badge)) => badge,
        ("auth.login_failed", None) => return Ok(()),
        _ => p.text("badge")?,
    };
    let Some(account) = r.accounts.accounts.get_mut(badge) else {
        return match e.kind {
            "auth.login_failed" => Ok(()),
            _ => Err(Fault::Payload(format!("names account {badge}, which no event created"))),
        };
    };
    match e.kind {
        "officer.password_set" => {
            if let Some(credential) = p.opt_text("credential") {
                account.credential = Some(credential.to_string());
            }
        }
        "officer.unlock" => {
            account.locked = false;
            account.failed_attempts = 0;
        }
        "officer.deactivate" => account.active = false,
        "auth.login_ok" => account.failed_attempts = 0,
        "auth.login_failed" if p.opt_text("reason") == Some("wrong_password") => {
            account.failed_attempts = p.int("failed_attempts")?;
        }
        "auth.login_failed" => {}
        "auth.locked" => {
            account.failed_attempts = p.int("failed_attempts")?;
            account.locked = true;
        }
        other => return Err(Fault::Payload(format!("unknown kind of event “{other}”"))),
    }
    Ok(())
}

fn load_year(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    let year = p.int("year")?;
    let file_text = p.text("text")?;
    // A year taken in from the centre: the publisher's signature over this very text.
    super::published::published_by_its_actor(e, |origin| {
        Ok(crate::CalendarStatement {
            year: i32::try_from(year).map_err(|_| Fault::Payload(format!("year {year}")))?,
            revision: i32::try_from(origin.int("revision")?)
                .map_err(|_| Fault::Payload("the revision is out of range".into()))?,
            file: p.text("file")?.to_string(),
            sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(file_text.as_bytes())),
            by: origin.text("by")?.to_string(),
            station: origin.text("station")?.to_string(),
            at: origin.text("at")?.to_string(),
            through_seq: origin.int("through_seq")?,
        })
    })?;
    let parsed = format::parse(&format!("calendar {year}"), file_text)
        .map_err(|err| Fault::Payload(err.to_string()))?;
    r.accounts.calendar.insert(parsed);
    let loaded = (
        p.text("source")?.to_string(),
        file_text.to_string(),
        p.text("sha256")?.to_string(),
        e.seq,
    );
    if r.accounts.years.insert(year, loaded).is_none() {
        r.created("calendar_years", 1);
    }
    Ok(())
}

pub(super) fn finish(r: &mut Replay) -> StoreResult<()> {
    let sql = "SELECT badge, active, locked, failed_attempts, password_hash FROM officers";
    for row in r.rows(sql, [])? {
        let Sql::Text(badge) = &row[0] else { continue };
        let Some(account) = r.accounts.accounts.get(badge) else { continue };
        let credential = account.credential.clone();
        let expected = [
            ("badge", text(badge)),
            ("active", int(i64::from(account.active))),
            ("locked", int(i64::from(account.locked))),
            ("failed_attempts", int(account.failed_attempts)),
        ];
        r.compare(Place::new("officers", badge, 0), &expected, Some(&row));
        if let (Some(stated), Sql::Text(phc)) = (credential, &row[4]) {
            r.check_witness(
                Place::new("officers", badge, 0),
                "password_hash",
                &stated,
                &json!(phc),
            );
        }
    }
    let sql = "SELECT year, source, file_text, sha256, event_seq FROM calendar_years";
    for row in r.rows(sql, [])? {
        let Sql::Integer(year) = row[0] else { continue };
        let Some((source, file_text, sha256, seq)) = r.accounts.years.get(&year).cloned() else {
            continue;
        };
        let expected = [
            ("year", int(year)),
            ("source", text(&source)),
            ("file_text", text(&file_text)),
            ("sha256", text(&sha256)),
            ("event_seq", int(seq)),
        ];
        r.compare(Place::new("calendar_years", year, seq), &expected, Some(&row));
    }
    Ok(())
}
