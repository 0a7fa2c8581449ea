//! Who is acting, and the check every write makes before it changes anything.
//!
//! An [`Identity`] can only be made by the store: by [`Store::authenticate`] (an officer who gave
//! the right password) or by [`Store::bootstrap_identity`] (the local OS user, only while no admin
//! account exists). Write methods take `&Identity` and call [`authorize`] inside their
//! transaction, which re-reads the account there: a deactivation, a lock or the first admin
//! committed by another terminal in the meantime is seen, and nothing is written. Writes that
//! exercise enforcement powers (`domain::officer::needs_certificate`) call [`authorize_on`],
//! which also wants the officer's certificate valid on the day.

use super::verify::account_check;
use super::{officers, Store, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::{may, needs_certificate, Officer, Operation, Role};

/// Proof that the store let someone act: the recorded actor, and the officer behind it (none while
/// bootstrapping). Fields are private to the store, so no other layer can forge one.
#[derive(Debug, Clone)]
pub struct Identity {
    pub(super) actor: Actor,
    pub(super) officer: Option<Officer>,
}

impl Identity {
    /// The identity recorded on events: the badge number, or `os:NAME` while bootstrapping.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The logged-in officer as of login; `None` for the bootstrap identity.
    pub fn officer(&self) -> Option<&Officer> {
        self.officer.as_ref()
    }

    pub fn is_bootstrap(&self) -> bool {
        self.officer.is_none()
    }
}

/// Why a write was refused before anything was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    #[error("an admin account exists: act as an admin with --as BADGE (and the password)")]
    AdminExists,
    #[error("{who} ({}) may not {}", role.label_en(), op.label_en())]
    NotAllowed { who: String, role: Role, op: Operation },
    #[error("without an account, only the setup an admin does is possible, not: {}", op.label_en())]
    NotForBootstrap { op: Operation },
    #[error("account {0} is deactivated or locked: log in again")]
    AccountUnusable(String),
    #[error(
        "account {0} differs from the events that made it (its row was altered behind the log): \
         nothing is recorded under it; report it to the admin and run zhifa verify"
    )]
    AccountDisagrees(String),
    #[error(
        "{who} holds no enforcement certificate valid on {day} ({}): only certified officers may {}",
        expiry.map_or_else(|| "none on record".to_string(), |d| format!("expired {d}")),
        op.label_en()
    )]
    NotCertified { who: String, expiry: Option<NaiveDate>, day: NaiveDate, op: Operation },
}

impl Store {
    /// The local OS user acting before any admin account exists (recorded as `actor`, normally
    /// `os:NAME`). Refused with [`AccessError::AdminExists`] once an admin exists.
    pub fn bootstrap_identity(&self, actor: Actor) -> StoreResult<Identity> {
        if officers::admin_exists(&self.conn)? {
            return Err(AccessError::AdminExists.into());
        }
        Ok(Identity { actor, officer: None })
    }
}

/// Refuses `op` unless `who` may do it now, judged inside the caller's transaction. For an
/// operation that needs an enforcement certificate, use [`authorize_on`].
pub(super) fn authorize(conn: &Connection, who: &Identity, op: Operation) -> StoreResult<()> {
    authorized(conn, who, op).map(|_| ())
}

/// [`authorize`], and for an operation that exercises enforcement powers, an officer whose
/// certificate is valid on the day of `now` (China time).
pub(super) fn authorize_on(
    conn: &Connection,
    who: &Identity,
    op: Operation,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let Some(officer) = authorized(conn, who, op)? else { return Ok(()) };
    let day = zhifa_core::clock::china_date(now);
    if needs_certificate(op) && !officer.certified_on(day) {
        let (who, expiry) = (officer.badge, officer.cert_expiry);
        return Err(AccessError::NotCertified { who, expiry, day, op }.into());
    }
    Ok(())
}

/// The account as it is now if it may do `op` (`None`: the bootstrap identity, which may).
fn authorized(conn: &Connection, who: &Identity, op: Operation) -> StoreResult<Option<Officer>> {
    let Some(officer) = &who.officer else {
        if officers::admin_exists(conn)? {
            return Err(AccessError::AdminExists.into());
        }
        if !may(Role::Admin, op) {
            return Err(AccessError::NotForBootstrap { op }.into());
        }
        return Ok(None);
    };
    let current = officers::load(conn, &officer.badge)?
        .filter(|o| o.active && !o.locked)
        .ok_or_else(|| AccessError::AccountUnusable(officer.badge.clone()))?;
    refuse_unproven(conn, who, &current.badge)?;
    if !may(current.role, op) {
        return Err(AccessError::NotAllowed { who: current.badge, role: current.role, op }.into());
    }
    Ok(Some(current))
}

/// Whether `who` is the officer with `badge`, still active and unlocked (changing one's own
/// password needs no permission beyond that).
pub(super) fn is_self(conn: &Connection, who: &Identity, badge: &str) -> StoreResult<bool> {
    let Some(officer) = &who.officer else { return Ok(false) };
    if officer.badge != badge {
        return Ok(false);
    }
    if !officers::load(conn, badge)?.is_some_and(|o| o.active && !o.locked) {
        return Ok(false);
    }
    refuse_unproven(conn, who, badge)?;
    Ok(true)
}

/// The account's row must be what its events made it (role, team, certificate, active, password):
/// a row edited behind the log grants nothing. And the session must sign with the account's key
/// as it is now: a login from before the password changed must log in again.
fn refuse_unproven(conn: &Connection, who: &Identity, badge: &str) -> StoreResult<()> {
    let (problems, key) = account_check::checked(conn, Some(badge))?;
    if !problems.is_empty() {
        return Err(AccessError::AccountDisagrees(badge.to_string()).into());
    }
    let signs_with = who.actor.signing_seed().map(super::password::public_key);
    if signs_with != key {
        return Err(AccessError::AccountUnusable(badge.to_string()).into());
    }
    Ok(())
}
