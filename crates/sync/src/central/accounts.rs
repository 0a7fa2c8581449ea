//! Accounts a city admin publishes at the centre for one station
//! (`db/central/0009_accounts.sql`), which that station takes in on its next sync
//! ([`crate::pull_accounts`]): each row one revision of one badge there (added, a new password,
//! deactivated), signed by its publisher ([`zhifa_store::AccountStatement`]) and final.

use super::catalogs::{publishing_moment, signed_by_publisher, PUBLISH_LOCK};
use super::{CentralResult, Centre};
use chrono::NaiveDate;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::Role;
use zhifa_store::{AccountChange, AccountFromCentre, Signed};

/// An account publication to make: for which station and badge, what, and who publishes it.
/// Its Debug never shows the verifier.
#[derive(Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub station: String,
    pub badge: String,
    pub what: AccountChange,
    /// Who the account is (`add` only).
    pub name: Option<String>,
    pub role: Option<Role>,
    pub team: Option<String>,
    pub cert_expiry: Option<NaiveDate>,
    /// The PHC string of `password::make`, and the public key of the same run (not for
    /// `deactivate`).
    pub credential: Option<String>,
    pub officer_key: Option<String>,
    pub published_by: String,
    pub published_station: String,
    /// The publisher station's last event the centre holds.
    pub through_seq: i64,
}

/// An account publication at the centre. Its credential is never printed or listed, nor shown
/// by Debug.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
pub struct AccountPublication {
    pub id: i64,
    pub station: String,
    pub badge: String,
    pub revision: i32,
    pub what: String,
    pub name: Option<String>,
    pub role: Option<String>,
    pub team: Option<String>,
    pub cert_expiry: Option<NaiveDate>,
    #[serde(skip)]
    pub credential: Option<String>,
    pub officer_key: Option<String>,
    pub published_by: String,
    pub published_station: String,
    /// RFC 3339, the centre's clock.
    pub published_at: String,
    pub signature: String,
    pub signing_key: String,
    pub through_seq: i64,
}

zhifa_store::debug_withholding_credential!(NewAccount {
    station,
    badge,
    what,
    name,
    role,
    team,
    cert_expiry,
    officer_key,
    published_by,
    published_station,
    through_seq
});

zhifa_store::debug_withholding_credential!(AccountPublication {
    id,
    station,
    badge,
    revision,
    what,
    name,
    role,
    team,
    cert_expiry,
    officer_key,
    published_by,
    published_station,
    published_at,
    signature,
    signing_key,
    through_seq
});

impl AccountPublication {
    /// The publication as a station takes it in (and its publisher signed it); why not, when
    /// the row does not read.
    pub fn from_centre(&self) -> Result<AccountFromCentre, String> {
        let what = AccountChange::parse(&self.what)
            .ok_or_else(|| format!("“{}” is not a change to an account", self.what))?;
        let role = match self.role.as_deref().map(str::parse::<Role>) {
            Some(Ok(role)) => Some(role),
            Some(Err(e)) => return Err(e.to_string()),
            None => None,
        };
        Ok(AccountFromCentre {
            to: self.station.clone(),
            badge: self.badge.clone(),
            revision: self.revision,
            what,
            name: self.name.clone().unwrap_or_default(),
            role,
            team: self.team.clone(),
            cert_expiry: self.cert_expiry,
            credential: self.credential.clone(),
            signing_key: self.officer_key.clone(),
            by: self.published_by.clone(),
            station: self.published_station.clone(),
            at: self.published_at.clone(),
            through_seq: self.through_seq,
        })
    }
}

/// What publishing an account did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountPublished {
    Done(AccountPublication),
    /// The centre has never heard from the station: nothing written.
    NoStation,
    /// `add` of a badge already published for the station (its latest row): nothing written.
    AlreadyAdded(AccountPublication),
    /// A password or deactivation for a badge never added there: nothing written.
    NotAdded,
    /// The account was deactivated (that row): nothing written.
    Deactivated(AccountPublication),
}

const COLUMNS: &str = "id, station, badge, revision, what, name, role, team, cert_expiry, \
     credential, officer_key, published_by, published_station, \
     to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
     signature, signing_key, through_seq";

impl Centre {
    /// Publishes one revision of an account, in one transaction, one publication at a time:
    /// the badge's next revision at the station, signed by `publisher` with the centre's time.
    pub fn publish_account(
        &mut self,
        new: &NewAccount,
        publisher: &Actor,
    ) -> CentralResult<AccountPublished> {
        self.check_owner(("发布账户", "publishing an account"))?;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PUBLISH_LOCK])?;
        if tx.query_opt("SELECT 1 FROM stations WHERE code = $1", &[&new.station])?.is_none() {
            return Ok(AccountPublished::NoStation);
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM published_accounts WHERE station = $1 AND badge = $2
             ORDER BY revision DESC LIMIT 1"
        );
        let latest = tx.query_opt(&sql, &[&new.station, &new.badge])?.map(|r| account(&r));
        let revision = match (new.what, latest) {
            (AccountChange::Add, Some(latest)) => {
                return Ok(AccountPublished::AlreadyAdded(latest))
            }
            (_, None) if new.what != AccountChange::Add => return Ok(AccountPublished::NotAdded),
            (_, Some(latest)) if latest.what == AccountChange::Deactivate.key() => {
                return Ok(AccountPublished::Deactivated(latest))
            }
            (_, latest) => latest.map_or(1, |l| l.revision + 1),
        };
        let from = AccountFromCentre {
            to: new.station.clone(),
            badge: new.badge.clone(),
            revision,
            what: new.what,
            name: new.name.clone().unwrap_or_default(),
            role: new.role,
            team: new.team.clone(),
            cert_expiry: new.cert_expiry,
            credential: new.credential.clone(),
            signing_key: new.officer_key.clone(),
            by: new.published_by.clone(),
            station: new.published_station.clone(),
            at: publishing_moment(&mut tx)?,
            through_seq: new.through_seq,
        };
        let Signed { signature, key } = signed_by_publisher(&from.statement(), publisher)?;
        let sql = format!(
            "INSERT INTO published_accounts (station, badge, revision, what, name, role, team,
                 cert_expiry, credential, officer_key, published_by, published_station,
                 published_at, signature, signing_key, through_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
                     date_trunc('second', now()), $13, $14, $15)
             RETURNING {COLUMNS}"
        );
        let row = tx.query_one(
            &sql,
            &[
                &new.station,
                &new.badge,
                &revision,
                &new.what.key(),
                &new.name,
                &new.role.map(Role::key),
                &new.team,
                &new.cert_expiry,
                &new.credential,
                &new.officer_key,
                &new.published_by,
                &new.published_station,
                &signature,
                &key,
                &new.through_seq,
            ],
        )?;
        let done = account(&row);
        tx.commit()?;
        Ok(AccountPublished::Done(done))
    }

    /// The account publications for `station` (every station's without), by station, badge and
    /// revision.
    pub fn account_publications(
        &mut self,
        station: Option<&str>,
    ) -> CentralResult<Vec<AccountPublication>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM published_accounts WHERE $1::text IS NULL OR station = $1
             ORDER BY station, badge, revision"
        );
        Ok(self.client.query(&sql, &[&station])?.iter().map(account).collect())
    }
}

fn account(r: &postgres::Row) -> AccountPublication {
    AccountPublication {
        id: r.get(0),
        station: r.get(1),
        badge: r.get(2),
        revision: r.get(3),
        what: r.get(4),
        name: r.get(5),
        role: r.get(6),
        team: r.get(7),
        cert_expiry: r.get(8),
        credential: r.get(9),
        officer_key: r.get(10),
        published_by: r.get(11),
        published_station: r.get(12),
        published_at: r.get(13),
        signature: r.get(14),
        signing_key: r.get(15),
        through_seq: r.get(16),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_verifier() {
        let verifier = "$argon2id$v=19$m=19456,t=2,p=1,sign=ed25519$c2FsdA$dmVyaWZpZXI".to_string();
        let new = NewAccount {
            station: "GX".into(),
            badge: "GX7001".into(),
            what: AccountChange::Add,
            name: Some("王五".into()),
            role: Some(Role::Officer),
            team: None,
            cert_expiry: None,
            credential: Some(verifier.clone()),
            officer_key: Some("ab".repeat(32)),
            published_by: "QJ0001".into(),
            published_station: "JU".into(),
            through_seq: 7,
        };
        let published = AccountPublication {
            id: 1,
            station: new.station.clone(),
            badge: new.badge.clone(),
            revision: 1,
            what: "add".into(),
            name: new.name.clone(),
            role: Some("officer".into()),
            team: None,
            cert_expiry: None,
            credential: Some(verifier.clone()),
            officer_key: new.officer_key.clone(),
            published_by: "QJ0001".into(),
            published_station: "JU".into(),
            published_at: "2026-12-07T08:00:00Z".into(),
            signature: "cd".repeat(64),
            signing_key: "ef".repeat(32),
            through_seq: 7,
        };
        let taken = published.from_centre().expect("reads");
        for shown in [format!("{new:?}"), format!("{published:?}"), format!("{taken:?}")] {
            assert!(!shown.contains("argon2id") && !shown.contains("dmVyaWZpZXI"), "{shown}");
            assert!(shown.contains("GX7001") && shown.contains("verifier withheld"), "{shown}");
        }
    }
}
