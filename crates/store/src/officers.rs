//! Officer accounts and teams in SQLite: adding, passwords, logins, locks, deactivation.
//!
//! Every change is one transaction with one attributed event, checked by `identity::authorize`
//! first. Every login attempt is an event too (`auth.login_ok`, `auth.login_failed`,
//! `auth.locked`), and the failure count lives in the row, so it survives restarts. No event
//! payload, error or return value ever holds a password or a hash. Accounts are never deleted.
//! An account handed down from the centre (`handed_down`) is the bureau's: its role, team and
//! password (set by anyone but the officer) are not changed here.

use super::handed_down::{handed_down, HandedDown};
use super::identity::{authorize, is_self, Identity};
use super::{events, password, Store, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde_json::json;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::{
    check_password, Brigade, NewOfficer, Officer, Operation, Role, Team, MAX_FAILED_ATTEMPTS,
};

/// Why a login failed. Each kind is a distinct variant so the UI can say what to do next.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// What was typed is not repeated: it may be a password typed into the badge field.
    #[error("no officer has the badge number typed")]
    UnknownBadge,
    #[error("wrong password for {badge}: {remaining} attempt(s) left before the account locks")]
    WrongPassword { badge: String, remaining: u32 },
    #[error(
        "account {0} is locked after {MAX_FAILED_ATTEMPTS} failed logins: a team leader or an \
         admin must unlock it"
    )]
    Locked(String),
    #[error("account {0} is deactivated")]
    Inactive(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

const OFFICER_COLUMNS: &str =
    "badge, name, role, team_code, cert_expiry, active, locked, failed_attempts";

impl Store {
    /// Whether any admin account (active or not) exists: until one does, the OS user may set up.
    pub fn has_admin(&self) -> StoreResult<bool> {
        admin_exists(&self.conn)
    }

    /// Every account, by badge number.
    pub fn officers(&self) -> StoreResult<Vec<Officer>> {
        let sql = format!("SELECT {OFFICER_COLUMNS} FROM officers ORDER BY badge");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], officer_from_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|o| o)).collect()
    }

    pub fn officer(&self, badge: &str) -> StoreResult<Option<Officer>> {
        load(&self.conn, badge.trim())
    }

    pub fn teams(&self) -> StoreResult<Vec<Team>> {
        let mut stmt =
            self.conn.prepare("SELECT code, name, brigade_code FROM teams ORDER BY code")?;
        let rows = stmt
            .query_map([], |r| Ok(Team { code: r.get(0)?, name: r.get(1)?, brigade: r.get(2)? }))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(StoreError::from)
    }

    pub fn brigades(&self) -> StoreResult<Vec<Brigade>> {
        let mut stmt = self.conn.prepare("SELECT code, name FROM brigades ORDER BY code")?;
        let rows = stmt.query_map([], |r| Ok(Brigade { code: r.get(0)?, name: r.get(1)? }))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(StoreError::from)
    }

    /// Adds a brigade (大队) (admins: [`Operation::ManageTeams`]).
    pub fn add_brigade(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        code: &str,
        name: &str,
    ) -> StoreResult<Brigade> {
        let brigade =
            Brigade { code: non_empty(code, "brigade code")?, name: non_empty(name, "name")? };
        self.write(|tx| {
            authorize(tx, who, Operation::ManageTeams)?;
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM brigades WHERE code = ?1)",
                [&brigade.code],
                |r| r.get(0),
            )?;
            if exists {
                return Err(StoreError::DuplicateBrigade(brigade.code.clone()));
            }
            let payload = json!({ "code": brigade.code, "name": brigade.name });
            let seq = events::append(tx, &who.actor, now, "brigade.add", &payload)?;
            tx.execute(
                "INSERT INTO brigades (code, name, event_seq) VALUES (?1, ?2, ?3)",
                params![brigade.code, brigade.name, seq],
            )?;
            Ok(brigade.clone())
        })
    }

    pub fn add_team(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        code: &str,
        name: &str,
    ) -> StoreResult<Team> {
        self.add_team_in(who, now, code, name, None)
    }

    /// Adds a street team, under `brigade` if the bureau has brigades.
    pub fn add_team_in(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        code: &str,
        name: &str,
        brigade: Option<&str>,
    ) -> StoreResult<Team> {
        let team = Team {
            code: non_empty(code, "team code")?,
            name: non_empty(name, "name")?,
            brigade: brigade.map(str::trim).filter(|b| !b.is_empty()).map(String::from),
        };
        self.write(|tx| {
            authorize(tx, who, Operation::ManageTeams)?;
            if team_exists(tx, &team.code)? {
                return Err(StoreError::DuplicateTeam(team.code.clone()));
            }
            if let Some(brigade) = &team.brigade {
                let known: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM brigades WHERE code = ?1)",
                    [brigade],
                    |r| r.get(0),
                )?;
                if !known {
                    return Err(StoreError::NoSuchBrigade(brigade.clone()));
                }
            }
            let payload = json!({ "code": team.code, "name": team.name, "brigade": team.brigade });
            let seq = events::append(tx, &who.actor, now, "team.add", &payload)?;
            tx.execute(
                "INSERT INTO teams (code, name, event_seq, brigade_code) VALUES (?1, ?2, ?3, ?4)",
                params![team.code, team.name, seq, team.brigade],
            )?;
            Ok(team.clone())
        })
    }

    /// Adds an account with its first password (checked against the policy for its role).
    pub fn add_officer(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        new: &NewOfficer,
        password: &str,
    ) -> StoreResult<Officer> {
        let badge = non_empty(&new.badge, "badge number")?;
        let name = non_empty(&new.name, "name")?;
        let team = new.team.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(String::from);
        check_password(new.role, password)?;
        // Hash before taking the write lock: it is the slow part.
        let credential = password::make(password, self.password_cost)?;
        let phc = credential.phc;
        let signing_key = password::public_key(&credential.seed);
        self.write(|tx| {
            authorize(tx, who, Operation::ManageOfficers)?;
            if load(tx, &badge)?.is_some() {
                // An account the centre handed down is the bureau's: not made again here.
                if let HandedDown::Revision(_) = handed_down(tx, &badge)? {
                    return Err(StoreError::HandedDown(badge.clone()));
                }
                return Err(StoreError::DuplicateBadge(badge.clone()));
            }
            if let Some(team) = &team {
                if !team_exists(tx, team)? {
                    return Err(StoreError::NoSuchTeam(team.clone()));
                }
            }
            let payload = json!({
                "badge": badge,
                "name": name,
                "role": new.role.key(),
                "team": team,
                "cert_expiry": new.cert_expiry.map(|d| d.to_string()),
                "credential": events::witness(&json!(phc)),
                "signing_key": signing_key,
            });
            let seq = events::append(tx, &who.actor, now, "officer.add", &payload)?;
            tx.execute(
                "INSERT INTO officers (badge, name, role, team_code, cert_expiry, password_hash, \
                 created_event) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    badge,
                    name,
                    new.role.key(),
                    team,
                    new.cert_expiry.map(|d| d.to_string()),
                    phc,
                    seq
                ],
            )?;
            load(tx, &badge)?.ok_or_else(|| StoreError::Corrupt("officer vanished".into()))
        })
    }

    /// Sets a new password: an officer for themselves, an admin for anyone.
    pub fn set_password(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        badge: &str,
        password: &str,
    ) -> StoreResult<()> {
        let badge = badge.trim();
        let role = self.officer(badge)?.ok_or_else(|| no_such(badge))?.role;
        check_password(role, password)?;
        let credential = password::make(password, self.password_cost)?;
        let (phc, signing_key) = (credential.phc, password::public_key(&credential.seed));
        self.write(|tx| {
            if !is_self(tx, who, badge)? {
                authorize(tx, who, Operation::ManageOfficers)?;
                // The bureau resets a handed-down account's password; the officer may still
                // change their own.
                if let HandedDown::Revision(_) = handed_down(tx, badge)? {
                    return Err(StoreError::HandedDown(badge.to_string()));
                }
            }
            // The role decides the policy; re-read in case it changed since the check above.
            let current = existing(tx, badge)?;
            check_password(current.role, password)?;
            events::append(
                tx,
                &who.actor,
                now,
                "officer.password_set",
                &json!({ "badge": badge, "credential": events::witness(&json!(phc)),
                         "signing_key": signing_key }),
            )?;
            tx.execute(
                "UPDATE officers SET password_hash = ?1 WHERE badge = ?2",
                params![phc, badge],
            )?;
            Ok(())
        })
    }

    /// Clears the lock and the failure count (team leaders and admins).
    pub fn unlock_officer(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        badge: &str,
    ) -> StoreResult<Officer> {
        let badge = badge.trim();
        self.write(|tx| {
            authorize(tx, who, Operation::UnlockOfficer)?;
            let before = existing(tx, badge)?;
            let payload = json!({ "badge": badge, "was_locked": before.locked,
                                  "failed_attempts": before.failed_attempts });
            events::append(tx, &who.actor, now, "officer.unlock", &payload)?;
            tx.execute(
                "UPDATE officers SET locked = 0, failed_attempts = 0 WHERE badge = ?1",
                [badge],
            )?;
            existing(tx, badge)
        })
    }

    /// Deactivates an account (it can no longer log in; its history stays). The last active admin
    /// cannot be deactivated, or nobody could administer the station any more.
    pub fn deactivate_officer(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        badge: &str,
    ) -> StoreResult<Officer> {
        let badge = badge.trim();
        self.write(|tx| {
            authorize(tx, who, Operation::ManageOfficers)?;
            let officer = existing(tx, badge)?;
            if !officer.active {
                return Ok(officer);
            }
            if is_last_active_admin(tx, badge)? {
                return Err(StoreError::LastAdmin(badge.to_string()));
            }
            events::append(tx, &who.actor, now, "officer.deactivate", &json!({ "badge": badge }))?;
            tx.execute("UPDATE officers SET active = 0 WHERE badge = ?1", [badge])?;
            existing(tx, badge)
        })
    }

    /// Checks a password and records the attempt as one event, from `origin` (the OS user and
    /// terminal at which someone typed it). Success resets the failure count; the
    /// [`MAX_FAILED_ATTEMPTS`]th consecutive failure locks the account. An unknown badge costs the
    /// same hashing work as a known one.
    pub fn authenticate(
        &mut self,
        origin: &Actor,
        now: DateTime<Utc>,
        badge: &str,
        password: &str,
    ) -> Result<Identity, AuthError> {
        let badge = badge.trim();
        let dummy = password::dummy_hash(self.password_cost)?;
        // The slow hash check (tens of milliseconds) runs before the write lock is taken, so a
        // login never holds up another terminal's write. An unknown badge costs the same work.
        let checked = load_with_hash(&self.conn, badge)?.map(|(_, phc)| phc);
        let matched = password::check(password, checked.as_deref().unwrap_or(dummy))?;
        // A hash of the older form gives no signing key: replaced now by one that does (a second
        // Argon2id run, this once), before the write lock is taken.
        let renewed = match (&checked, &matched) {
            (Some(_), password::Checked::Right(None)) => {
                Some(password::make(password, self.password_cost)?)
            }
            _ => None,
        };
        let outcome = self.write(|tx| {
            let Some((officer, phc)) = load_with_hash(tx, badge)? else {
                // What was typed is withheld: a badge that names nobody is as likely a password
                // typed into the badge field, and the log keeps no password.
                let payload = json!({ "reason": "unknown_badge" });
                events::append(tx, origin, now, "auth.login_failed", &payload)?;
                return Ok(Err(AuthError::UnknownBadge));
            };
            // The account as it is now decides: a password set in between is checked again.
            let (matches, seed) = match checked.as_deref() {
                Some(before) if before == phc => seed_of(&matched),
                _ => seed_of(&password::check(password, &phc)?),
            };
            let officer = match record_attempt(tx, origin, now, officer, matches)? {
                Ok(officer) => officer,
                Err(refused) => return Ok(Err(refused)),
            };
            let seed = match (seed, &renewed) {
                (Some(seed), _) => Some(seed),
                (None, Some(new)) if checked.as_deref() == Some(phc.as_str()) => {
                    renew_credential(tx, origin, now, &officer.badge, new)?;
                    Some(new.seed)
                }
                (None, _) => None,
            };
            Ok(Ok((officer, seed)))
        })?;
        let (officer, seed) = outcome?;
        let actor = Actor::new(officer.badge.clone(), origin.terminal.clone(), origin.pid)
            .signing_with(seed);
        Ok(Identity { actor, officer: Some(officer) })
    }
}

fn seed_of(checked: &password::Checked) -> (bool, Option<[u8; 32]>) {
    match checked {
        password::Checked::Wrong => (false, None),
        password::Checked::Right(seed) => (true, *seed),
    }
}

/// An account whose hash was of the older form gets a credential that gives a signing key, at
/// its first login since: the event records the new credential's witness and the key's public
/// half, signed by that key (the login proved the password; nobody else vouches for it).
fn renew_credential(
    tx: &Transaction<'_>,
    origin: &Actor,
    now: DateTime<Utc>,
    badge: &str,
    new: &password::Credential,
) -> StoreResult<()> {
    let actor = Actor::new(badge, origin.terminal.clone(), origin.pid).signing_with(Some(new.seed));
    let payload = json!({ "badge": badge, "credential": events::witness(&json!(new.phc)),
                          "signing_key": password::public_key(&new.seed), "renewed": true });
    events::append(tx, &actor, now, "officer.password_set", &payload)?;
    tx.execute("UPDATE officers SET password_hash = ?1 WHERE badge = ?2", params![new.phc, badge])?;
    Ok(())
}

/// Updates the failure count and lock for one checked attempt, and appends its event.
fn record_attempt(
    tx: &Transaction<'_>,
    origin: &Actor,
    now: DateTime<Utc>,
    officer: Officer,
    matches: bool,
) -> StoreResult<Result<Officer, AuthError>> {
    let badge = officer.badge.clone();
    let failed = |reason: &str, attempts: u32| json!({ "badge": badge, "reason": reason, "failed_attempts": attempts });
    if officer.locked {
        let payload = failed("locked", officer.failed_attempts);
        events::append(tx, origin, now, "auth.login_failed", &payload)?;
        return Ok(Err(AuthError::Locked(badge)));
    }
    if !officer.active {
        events::append(tx, origin, now, "auth.login_failed", &failed("inactive", 0))?;
        return Ok(Err(AuthError::Inactive(badge)));
    }
    if matches {
        events::append(tx, origin, now, "auth.login_ok", &json!({ "badge": badge }))?;
        tx.execute("UPDATE officers SET failed_attempts = 0 WHERE badge = ?1", [&badge])?;
        return Ok(Ok(Officer { failed_attempts: 0, ..officer }));
    }
    let attempts = officer.failed_attempts + 1;
    if attempts >= MAX_FAILED_ATTEMPTS {
        events::append(tx, origin, now, "auth.locked", &failed("wrong_password", attempts))?;
        tx.execute(
            "UPDATE officers SET failed_attempts = ?1, locked = 1 WHERE badge = ?2",
            params![attempts, badge],
        )?;
        return Ok(Err(AuthError::Locked(badge)));
    }
    events::append(tx, origin, now, "auth.login_failed", &failed("wrong_password", attempts))?;
    tx.execute(
        "UPDATE officers SET failed_attempts = ?1 WHERE badge = ?2",
        params![attempts, badge],
    )?;
    Ok(Err(AuthError::WrongPassword { badge, remaining: MAX_FAILED_ATTEMPTS - attempts }))
}

/// An admin account exists, by its row or by the event that made it (an admin demoted behind the
/// log does not reopen the setup).
pub(super) fn admin_exists(conn: &Connection) -> StoreResult<bool> {
    let by_row: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM officers WHERE role = 'admin')", [], |r| {
            r.get(0)
        })?;
    Ok(by_row || super::verify::account_check::admin_ever_made(conn)?)
}

/// Whether `badge` is the station's only active admin (deactivating it would leave no one to
/// manage accounts: refused, here and when handed down from the centre).
pub(super) fn is_last_active_admin(conn: &Connection, badge: &str) -> StoreResult<bool> {
    let active_admin: bool = conn
        .query_row(
            "SELECT role = 'admin' AND active = 1 FROM officers WHERE badge = ?1",
            [badge],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false);
    Ok(active_admin && active_admins(conn)? <= 1)
}

fn active_admins(conn: &Connection) -> StoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM officers WHERE role = 'admin' AND active = 1",
        [],
        |r| r.get(0),
    )?)
}

pub(super) fn team_exists(conn: &Connection, code: &str) -> StoreResult<bool> {
    Ok(conn
        .query_row("SELECT EXISTS (SELECT 1 FROM teams WHERE code = ?1)", [code], |r| r.get(0))?)
}

pub(super) fn load(conn: &Connection, badge: &str) -> StoreResult<Option<Officer>> {
    Ok(load_with_hash(conn, badge)?.map(|(officer, _)| officer))
}

/// The account and its PHC string; the hash never leaves this module.
fn load_with_hash(conn: &Connection, badge: &str) -> StoreResult<Option<(Officer, String)>> {
    let sql = format!("SELECT {OFFICER_COLUMNS}, password_hash FROM officers WHERE badge = ?1");
    let row = conn
        .query_row(&sql, [badge], |r| Ok((officer_from_row(r)?, r.get::<_, String>(8)?)))
        .optional()?;
    row.map(|(officer, phc)| officer.map(|o| (o, phc))).transpose()
}

fn officer_from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Officer>> {
    let badge: String = r.get(0)?;
    let role: String = r.get(2)?;
    let cert: Option<String> = r.get(4)?;
    let role = match role.parse::<Role>() {
        Ok(role) => role,
        Err(e) => return Ok(Err(StoreError::Corrupt(format!("officer {badge}: {e}")))),
    };
    let cert_expiry = match cert.map(|c| c.parse::<NaiveDate>()).transpose() {
        Ok(date) => date,
        Err(e) => return Ok(Err(StoreError::Corrupt(format!("officer {badge}: expiry: {e}")))),
    };
    Ok(Ok(Officer {
        name: r.get(1)?,
        role,
        team: r.get(3)?,
        cert_expiry,
        active: r.get::<_, i64>(5)? == 1,
        locked: r.get::<_, i64>(6)? == 1,
        failed_attempts: u32::try_from(r.get::<_, i64>(7)?).unwrap_or(u32::MAX),
        badge,
    }))
}

pub(super) fn non_empty(text: &str, field: &'static str) -> StoreResult<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(StoreError::Empty { field });
    }
    Ok(trimmed.to_string())
}

/// The officer with this badge, or [`StoreError::NoSuchOfficer`].
fn existing(conn: &Connection, badge: &str) -> StoreResult<Officer> {
    load(conn, badge)?.ok_or_else(|| no_such(badge))
}

fn no_such(badge: &str) -> StoreError {
    StoreError::NoSuchOfficer(badge.to_string())
}
