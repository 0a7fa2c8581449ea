//! Accounts handed down from the centre (docs/CENTRAL.md, "Accounts handed down"): a city admin
//! publishes an account for one station at the centre (`zhifa central officer add|password|
//! deactivate`), and the station takes each publication in on its next sync as the account event
//! its own admin would have written (`officer.add`, `officer.password_set`,
//! `officer.deactivate`), recorded under the publisher through the centre
//! (`centre:STATION/BADGE`), its payload stating the publication with the publisher's signature
//! (`published`), which `zhifa verify` checks from the event alone. The row keeps the Argon2id
//! verifier published (the PHC string), so the officer logs in with the password the bureau gave
//! and signs with the key that run gives; the event keeps only its witness, as every account
//! event does (`officers`).
//!
//! What the station may still do to such an account: deactivate it (locking someone out is
//! always allowed), unlock it, and the officer change their own password. Its role, team and a
//! password set by anyone else are the bureau's ([`StoreError::HandedDown`]).

use super::catalog::{centre_actor, publisher_is_valid};
use super::events;
use super::officers::{load, team_exists};
use super::publication::{credential_witness, published_payload, AccountChange, AccountStatement};
use super::{Signed, Store, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::Role;

/// One account publication as the centre holds it (the verifier in the clear: it is what a
/// station's row keeps). Its Debug shows whether there is a verifier, never the verifier.
#[derive(Clone, PartialEq, Eq)]
pub struct AccountFromCentre {
    /// The station it is for.
    pub to: String,
    pub badge: String,
    /// 1 for the badge's first publication at that station, then 2, 3 …
    pub revision: i32,
    pub what: AccountChange,
    /// Who the account is (`add` only).
    pub name: String,
    pub role: Option<Role>,
    pub team: Option<String>,
    pub cert_expiry: Option<NaiveDate>,
    /// The PHC string of `password::make` and the public key drawn from the same run (none for
    /// `deactivate`).
    pub credential: Option<String>,
    pub signing_key: Option<String>,
    /// The publishing admin, their station, when the centre recorded it, and through which
    /// event of that station the centre held their key.
    pub by: String,
    pub station: String,
    pub at: String,
    pub through_seq: i64,
}

/// What Debug shows of a credential: that there is one, never its text (a verifier can be
/// guessed against offline; a log or a panic message must not carry it).
pub fn credential_shown(credential: &Option<String>) -> &'static str {
    if credential.is_some() {
        "Some(<verifier withheld>)"
    } else {
        "None"
    }
}

/// Implements Debug for an account struct with a `credential: Option<String>` field: every
/// other field, named (the struct is taken apart whole, so a field added and not named here
/// does not compile), then the credential as [`credential_shown`] says it.
#[macro_export]
macro_rules! debug_withholding_credential {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let $ty { $($field,)* credential } = self;
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($field), $field))*
                    .field("credential", &format_args!("{}", $crate::credential_shown(credential)))
                    .finish()
            }
        }
    };
}

debug_withholding_credential!(AccountFromCentre {
    to,
    badge,
    revision,
    what,
    name,
    role,
    team,
    cert_expiry,
    signing_key,
    by,
    station,
    at,
    through_seq
});

impl AccountFromCentre {
    /// What its publisher signs.
    pub fn statement(&self) -> AccountStatement {
        AccountStatement {
            to: self.to.clone(),
            badge: self.badge.clone(),
            revision: self.revision,
            what: self.what,
            name: self.name.clone(),
            role: self.role.map(|r| r.key().to_string()).unwrap_or_default(),
            team: self.team.clone().unwrap_or_default(),
            cert_expiry: self.cert_expiry.map(|d| d.to_string()).unwrap_or_default(),
            credential: self.credential.as_deref().map(credential_witness).unwrap_or_default(),
            signing_key: self.signing_key.clone().unwrap_or_default(),
            by: self.by.clone(),
            station: self.station.clone(),
            at: self.at.clone(),
            through_seq: self.through_seq,
        }
    }
}

/// What this station holds under a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandedDown {
    /// No account.
    None,
    /// An account of its own (made here, not handed down).
    Own,
    /// An account handed down, through the badge's publication `revision`.
    Revision(i32),
}

/// What taking in an account publication found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountTakenIn {
    New,
    /// Held already (this publication or a later one of the badge): nothing written.
    Held,
    /// The badge is an account of this station's own: nothing written.
    Clash,
    /// The account's team is not at this station: nothing written.
    NoTeam(String),
    /// A change to an account this station does not hold from the centre: nothing written.
    NoAccount,
    /// A deactivation of the station's last active admin (who would then manage its
    /// accounts?): nothing written, as when the station's own admin tries it.
    LastAdmin,
}

impl Store {
    /// What this station holds under `badge`: nothing, an account of its own, or one handed down
    /// (through which revision).
    pub fn handed_down(&self, badge: &str) -> StoreResult<HandedDown> {
        handed_down(&self.conn, badge)
    }

    /// Takes in one account publication (on `zhifa sync`) as the account event it stands for,
    /// under the publisher through the centre, unsigned, the publication in its payload. The
    /// caller has checked the publisher's key (`zhifa_sync::pull_accounts`); the signature is
    /// checked here again over what is written. Nothing is written for a badge this station made
    /// itself, a team it does not have, a change to an account it does not hold, or a revision it
    /// holds.
    pub fn take_in_published_account(
        &mut self,
        now: DateTime<Utc>,
        from: &AccountFromCentre,
        signed: &Signed,
    ) -> StoreResult<AccountTakenIn> {
        if !publisher_is_valid(&from.station, &from.by)
            || !publisher_is_valid(&from.to, &from.badge)
            || from.revision < 1
        {
            return Err(StoreError::Corrupt(format!(
                "the centre's account publication {} of {} names no valid station, badge, \
                 publisher ({} of {}) or revision ({})",
                from.badge, from.to, from.by, from.station, from.revision
            )));
        }
        let actor = Actor::new(centre_actor(&from.station, &from.by), "centre", std::process::id());
        let statement = from.statement();
        self.write(|tx| {
            let here = super::station::station_code(tx)?;
            if here.as_deref() != Some(from.to.as_str()) {
                return Err(StoreError::Corrupt(format!(
                    "the account publication {} is for station {}, not this one",
                    from.badge, from.to
                )));
            }
            match (handed_down(tx, &from.badge)?, from.what) {
                (HandedDown::Revision(held), _) if held >= from.revision => {
                    return Ok(AccountTakenIn::Held)
                }
                (HandedDown::Own, _) | (HandedDown::Revision(_), AccountChange::Add) => {
                    // A second `add` of a badge held from the centre is refused at the centre.
                    return Ok(AccountTakenIn::Clash);
                }
                (HandedDown::None, AccountChange::Password | AccountChange::Deactivate) => {
                    return Ok(AccountTakenIn::NoAccount)
                }
                _ => {}
            }
            if let Some(team) = from.team.as_ref().filter(|_| from.what == AccountChange::Add) {
                if !team_exists(tx, team)? {
                    return Ok(AccountTakenIn::NoTeam(team.clone()));
                }
            }
            let what = format!("the account {} of {}", from.badge, from.to);
            let published = published_payload(&statement, signed, &what)?;
            let credential = || {
                from.credential.clone().ok_or_else(|| {
                    StoreError::Corrupt(format!("the account publication {what} has no credential"))
                })
            };
            let kind = from.what.event_kind();
            match from.what {
                AccountChange::Add => {
                    let role = from.role.ok_or_else(|| {
                        StoreError::Corrupt(format!("the account publication {what} has no role"))
                    })?;
                    let phc = credential()?;
                    let payload = json!({
                        "badge": from.badge,
                        "name": from.name,
                        "role": role.key(),
                        "team": from.team,
                        "cert_expiry": from.cert_expiry.map(|d| d.to_string()),
                        "credential": statement.credential,
                        "signing_key": from.signing_key,
                        "published": published,
                    });
                    let seq = events::append(tx, &actor, now, kind, &payload)?;
                    tx.execute(
                        "INSERT INTO officers (badge, name, role, team_code, cert_expiry, \
                         password_hash, created_event) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            from.badge,
                            from.name,
                            role.key(),
                            from.team,
                            from.cert_expiry.map(|d| d.to_string()),
                            phc,
                            seq
                        ],
                    )?;
                }
                AccountChange::Password => {
                    let phc = credential()?;
                    let payload = json!({
                        "badge": from.badge,
                        "credential": statement.credential,
                        "signing_key": from.signing_key,
                        "published": published,
                    });
                    events::append(tx, &actor, now, kind, &payload)?;
                    tx.execute(
                        "UPDATE officers SET password_hash = ?1 WHERE badge = ?2",
                        params![phc, from.badge],
                    )?;
                }
                AccountChange::Deactivate => {
                    if super::officers::is_last_active_admin(tx, &from.badge)? {
                        return Ok(AccountTakenIn::LastAdmin);
                    }
                    let payload = json!({ "badge": from.badge, "published": published });
                    events::append(tx, &actor, now, kind, &payload)?;
                    tx.execute("UPDATE officers SET active = 0 WHERE badge = ?1", [&from.badge])?;
                }
            }
            if load(tx, &from.badge)?.is_none() {
                return Err(StoreError::Corrupt(format!("the account {} vanished", from.badge)));
            }
            Ok(AccountTakenIn::New)
        })
    }
}

/// What the station holds under `badge` (read through the row's creating event, and the account
/// events' partial index).
pub(super) fn handed_down(conn: &Connection, badge: &str) -> StoreResult<HandedDown> {
    let creator: Option<String> = conn
        .query_row(
            "SELECT e.actor FROM officers o JOIN events e ON e.seq = o.created_event
             WHERE o.badge = ?1",
            [badge],
            |r| r.get(0),
        )
        .optional()?;
    let Some(creator) = creator else { return Ok(HandedDown::None) };
    if !creator.starts_with("centre:") {
        return Ok(HandedDown::Own);
    }
    let revision: Option<i64> = conn.query_row(
        "SELECT max(json_extract(payload, '$.published.revision')) FROM events
         WHERE kind GLOB 'officer.*' AND actor GLOB 'centre:*'
           AND json_extract(payload, '$.badge') = ?1",
        [badge],
        |r| r.get(0),
    )?;
    let revision = revision.and_then(|r| i32::try_from(r).ok()).unwrap_or(1);
    Ok(HandedDown::Revision(revision))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publication::{handed_down_holds, Signable};
    use crate::{password, Identity, VerifyOptions};
    use zhifa_core::domain::officer::NewOfficer;
    use zhifa_core::domain::station::StationCode;

    fn now() -> DateTime<Utc> {
        "2026-11-24T02:00:00Z".parse().expect("now")
    }

    /// The city admin who publishes: their signing key (a station's account events at the centre
    /// vouch for it; here only the signature matters).
    fn publisher() -> Actor {
        Actor::new("QJ0001", "t", 1).signing_with(Some([7u8; 32]))
    }

    fn station(code: &str) -> (Store, Identity) {
        let mut store = Store::open_in_memory().expect("store");
        store.set_password_cost(password::FAST_FOR_TESTS);
        let origin = Actor::new("os:t", "t", 1);
        let boot = store.bootstrap_identity(origin.clone()).expect("boot");
        let admin = NewOfficer {
            badge: "A1".into(),
            name: "站管理员".into(),
            role: Role::Admin,
            team: None,
            cert_expiry: None,
        };
        store.add_officer(&boot, now(), &admin, "admin-pass-1").expect("admin");
        let admin = store.authenticate(&origin, now(), "A1", "admin-pass-1").expect("login");
        let code = StationCode::parse(code).expect("code");
        store.set_station(&admin, now(), &code, "站").expect("station");
        store.add_team(&admin, now(), "T1", "一中队").expect("team");
        (store, admin)
    }

    fn publication(
        revision: i32,
        what: AccountChange,
        password: Option<&str>,
    ) -> AccountFromCentre {
        let credential =
            password.map(|p| password::make(p, password::FAST_FOR_TESTS).expect("phc"));
        AccountFromCentre {
            to: "GX".into(),
            badge: "QJ2001".into(),
            revision,
            what,
            name: if what == AccountChange::Add { "王五".into() } else { String::new() },
            role: (what == AccountChange::Add).then_some(Role::Officer),
            team: (what == AccountChange::Add).then(|| "T1".to_string()),
            cert_expiry: None,
            signing_key: credential.as_ref().map(|c| password::public_key(&c.seed)),
            credential: credential.map(|c| c.phc),
            by: "QJ0001".into(),
            station: "QJ".into(),
            at: "2026-11-24T01:00:00Z".into(),
            through_seq: 12,
        }
    }

    fn signed(from: &AccountFromCentre) -> Signed {
        from.statement().sign(&publisher()).expect("signs")
    }

    #[test]
    fn an_account_statement_is_its_own_kind_and_covers_the_credential_and_each_field() {
        let add = publication(1, AccountChange::Add, Some("200200"));
        let statement = add.statement();
        let text = statement.text();
        assert!(
            text.starts_with("[\"zhifa account publication 1\",\"GX\",\"QJ2001\",\"1\",\"add\"")
        );
        assert!(!text.contains("$argon2id"), "the verifier itself is not in it: {text}");
        let sig = signed(&add);
        assert!(statement.signed_by(&sig.key, &sig.signature));
        // Another password, another role, another station, another key: not what was signed.
        let mut other = add.clone();
        other.credential =
            Some(password::make("300300", password::FAST_FOR_TESTS).expect("phc").phc);
        assert!(!other.statement().signed_by(&sig.key, &sig.signature), "a swapped verifier");
        for change in [
            |s: &mut AccountStatement| s.role = "admin".into(),
            |s: &mut AccountStatement| s.to = "BJ".into(),
            |s: &mut AccountStatement| s.signing_key = "00".repeat(32),
            |s: &mut AccountStatement| s.revision = 2,
            |s: &mut AccountStatement| s.team = String::new(),
        ] {
            let mut changed = statement.clone();
            change(&mut changed);
            assert!(!changed.signed_by(&sig.key, &sig.signature), "{}", changed.text());
        }
        // No statement of a calendar or a catalog reads as an account's.
        let deactivate = publication(2, AccountChange::Deactivate, None).statement();
        assert!(deactivate.text().contains("\"deactivate\",\"\",\"\",\"\",\"\",\"\",\"\""));
    }

    #[test]
    fn a_handed_down_account_logs_in_signs_verifies_and_stays_the_bureaus() {
        let (mut store, admin) = station("GX");
        let add = publication(1, AccountChange::Add, Some("200200"));
        let taken = store.take_in_published_account(now(), &add, &signed(&add)).expect("take in");
        assert_eq!(taken, AccountTakenIn::New);
        assert_eq!(store.handed_down("QJ2001").expect("read"), HandedDown::Revision(1));
        assert_eq!(store.handed_down("A1").expect("read"), HandedDown::Own);
        // Again: held, nothing written.
        let events = store.events(0, usize::MAX).expect("events").len();
        assert_eq!(
            store.take_in_published_account(now(), &add, &signed(&add)).expect("again"),
            AccountTakenIn::Held
        );
        assert_eq!(store.events(0, usize::MAX).expect("events").len(), events);

        // The officer logs in with the published password; the key is the published one.
        let origin = Actor::new("os:t", "t", 1);
        let officer = store.authenticate(&origin, now(), "QJ2001", "200200").expect("logs in");
        let seed = officer.actor().signing_seed().expect("signs");
        assert_eq!(Some(password::public_key(seed)), add.signing_key);
        store.set_password(&officer, now(), "QJ2001", "201201").expect("their own password");
        let v = store.verify(&VerifyOptions::default()).expect("verify");
        assert_eq!(v.problems, vec![]);
        assert_eq!(v.unsigned.get("centre:QJ/QJ0001"), Some(&1), "{:?}", v.unsigned);
        assert!(!v.unsigned.contains_key("QJ2001"), "the officer's events are signed");

        // The station's admin: neither its password nor a new account under its badge.
        let refused = store.set_password(&admin, now(), "QJ2001", "202202");
        assert!(matches!(refused, Err(StoreError::HandedDown(ref b)) if b == "QJ2001"));
        let again = NewOfficer {
            badge: "QJ2001".into(),
            name: "王五".into(),
            role: Role::Admin,
            team: None,
            cert_expiry: None,
        };
        let refused = store.add_officer(&admin, now(), &again, "admin-pass-2");
        assert!(matches!(refused, Err(StoreError::HandedDown(_))), "{refused:?}");

        // The bureau resets the password: the reset one logs in; then deactivates.
        let reset = publication(2, AccountChange::Password, Some("300300"));
        let taken = store.take_in_published_account(now(), &reset, &signed(&reset));
        assert_eq!(taken.expect("reset"), AccountTakenIn::New);
        store.authenticate(&origin, now(), "QJ2001", "300300").expect("the reset password");
        // The station may lock it out itself (always allowed); the bureau's deactivation after
        // it is still taken in.
        store.deactivate_officer(&admin, now(), "QJ2001").expect("deactivated here");
        let off = publication(3, AccountChange::Deactivate, None);
        let taken = store.take_in_published_account(now(), &off, &signed(&off));
        assert_eq!(taken.expect("deactivate"), AccountTakenIn::New);
        assert!(!store.officer("QJ2001").expect("read").expect("there").active);
        assert_eq!(store.verify(&VerifyOptions::default()).expect("verify").problems, vec![]);

        // A badge of the station's own is not taken over; a change to no account is not taken.
        let mut clash = publication(1, AccountChange::Add, Some("200200"));
        clash.badge = "A1".into();
        assert_eq!(
            store.take_in_published_account(now(), &clash, &signed(&clash)).expect("clash"),
            AccountTakenIn::Clash
        );
        let mut nobody = publication(1, AccountChange::Password, Some("200200"));
        nobody.badge = "QJ9999".into();
        assert_eq!(
            store.take_in_published_account(now(), &nobody, &signed(&nobody)).expect("none"),
            AccountTakenIn::NoAccount
        );
        let mut teamless = publication(1, AccountChange::Add, Some("200200"));
        teamless.badge = "QJ3001".into();
        teamless.team = Some("T9".into());
        assert_eq!(
            store.take_in_published_account(now(), &teamless, &signed(&teamless)).expect("team"),
            AccountTakenIn::NoTeam("T9".into())
        );
        // Signed over something else: refused before anything is written.
        let mut forged = publication(1, AccountChange::Add, Some("200200"));
        forged.badge = "QJ4001".into();
        let signature = signed(&forged);
        forged.role = Some(Role::Admin);
        assert!(store.take_in_published_account(now(), &forged, &signature).is_err());
        assert_eq!(store.handed_down("QJ4001").expect("read"), HandedDown::None);
    }

    #[test]
    fn a_taken_in_event_holds_only_as_it_was_published() {
        let (mut store, _admin) = station("GX");
        let add = publication(1, AccountChange::Add, Some("200200"));
        store.take_in_published_account(now(), &add, &signed(&add)).expect("take in");
        let events = store.events(0, usize::MAX).expect("events");
        let event = events.iter().find(|e| e.actor.starts_with("centre:")).expect("take-in");
        let payload: serde_json::Value = serde_json::from_str(&event.payload).expect("json");
        assert_eq!(handed_down_holds(event, &payload, Some("GX")), Ok(()));
        // The same publication copied into another station's history is not that station's.
        let elsewhere = handed_down_holds(event, &payload, Some("KF")).expect_err("elsewhere");
        assert!(elsewhere.contains("published for station GX"), "{elsewhere}");
        assert!(handed_down_holds(event, &payload, None).is_err(), "no station code");
        assert!(payload.get("password_hash").is_none() && !event.payload.contains("$argon2id"));
        for (field, value) in [("role", "admin"), ("signing_key", "ab"), ("credential", "cd")] {
            let mut changed = payload.clone();
            changed[field] = value.into();
            let why = handed_down_holds(event, &changed, Some("GX")).expect_err(field);
            assert!(why.contains("not signed by the key it names"), "{why}");
        }
        let mut moved = event.clone();
        moved.actor = "centre:QJ/QJ0002".into();
        assert!(handed_down_holds(&moved, &payload, Some("GX")).is_err(), "another publisher");
    }

    #[test]
    fn an_earlier_revision_replayed_into_the_file_is_not_signed() {
        let (mut store, _admin) = station("GX");
        let add = publication(1, AccountChange::Add, Some("200200"));
        store.take_in_published_account(now(), &add, &signed(&add)).expect("add");
        let reset = publication(2, AccountChange::Password, Some("300300"));
        store.take_in_published_account(now(), &reset, &signed(&reset)).expect("reset");
        assert_eq!(store.verify(&VerifyOptions::default()).expect("verify").problems, vec![]);
        // Someone with the file appends the first take-in again, its publisher's signature
        // genuine: the first password back, as if the bureau had handed it down again.
        let events = store.events(0, usize::MAX).expect("events");
        let first = events.iter().find(|e| e.actor.starts_with("centre:")).expect("take-in");
        let payload: serde_json::Value = serde_json::from_str(&first.payload).expect("json");
        let actor = Actor::new(first.actor.clone(), first.terminal.clone(), first.pid as u32);
        let seq = store
            .write(|tx| crate::events::append(tx, &actor, now(), &first.kind, &payload))
            .expect("appended");
        let problems = store.verify(&VerifyOptions::default()).expect("verify").problems;
        let replayed = crate::verify::Problem::NotSigned { seq, actor: first.actor.clone() };
        assert!(problems.contains(&replayed), "{problems:?}");
    }

    #[test]
    fn the_stations_last_admin_is_not_deactivated_from_the_centre() {
        let (mut store, own_admin) = station("GX");
        let mut add = publication(1, AccountChange::Add, Some("handed-admin-1"));
        add.role = Some(Role::Admin);
        add.team = None;
        store.take_in_published_account(now(), &add, &signed(&add)).expect("add");
        // The station's own admin leaves: the handed-down one is its last.
        store.deactivate_officer(&own_admin, now(), "A1").expect("A1 off");
        let off = publication(2, AccountChange::Deactivate, None);
        let taken = store.take_in_published_account(now(), &off, &signed(&off));
        assert_eq!(taken.expect("read"), AccountTakenIn::LastAdmin);
        assert!(store.officer("QJ2001").expect("read").expect("there").active);
        assert_eq!(store.handed_down("QJ2001").expect("read"), HandedDown::Revision(1));
        assert_eq!(store.verify(&VerifyOptions::default()).expect("verify").problems, vec![]);
    }
}
