//! Signed publications (docs/CENTRAL.md, "Catalogs handed down"): what a city admin publishes at
//! the centre is signed with their own Ed25519 key (the one their events are signed with), over a
//! canonical statement of what is published, by whom, from which station, when, and through
//! which event of that station's history the centre held their key. A station checks the
//! signature, and that the key is the publisher's as their station's account events at the centre
//! record it ([`account_standing`]), before it takes a publication in; its `catalog.import` event
//! keeps the signature and key, so `zhifa verify` checks the signature again from the event alone.

use crate::events::{sign, signed_by, EventRecord};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value as Json;
use zhifa_core::domain::actor::Actor;

/// What a publication's signature covers. Its text ([`PublicationStatement::text`]) is a JSON
/// array of strings in a fixed order, headed by what it is: no field can run into another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationStatement {
    pub label: String,
    pub effective: NaiveDate,
    pub doc_no: String,
    /// SHA-256 of the canonical JSON text published.
    pub sha256: String,
    /// SHA-256 of the items ([`crate::items_digest`]).
    pub items_sha256: String,
    /// The publishing admin's badge and their station's code.
    pub by: String,
    pub station: String,
    /// When the centre recorded it (RFC 3339, seconds, UTC: the centre's clock).
    pub at: String,
    /// The publisher station's last event the centre held when it was published: the key is
    /// the one its account events up to this one record.
    pub through_seq: i64,
}

/// A statement's signature and the public half of the key that made it (both hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signed {
    pub signature: String,
    pub key: String,
}

/// A statement a publisher signs: its text ([`Signable::text`]) is a JSON array of strings in a
/// fixed order, headed by what it is (`zhifa catalog publication 1`, `zhifa calendar publication
/// 1`), so no field can run into another and no statement of one kind reads as another's.
pub trait Signable {
    /// The text signed.
    fn text(&self) -> String;

    /// The publication as a take-in's event states it (`published`: badge, station, when, the
    /// text's SHA-256, `through_seq`, and what else identifies it), without the signature.
    fn published(&self) -> Json;

    /// Signed by `actor`'s key; `None` when the actor has none (not logged in as an officer
    /// whose password gives a key).
    fn sign(&self, actor: &Actor) -> Option<Signed> {
        let seed = actor.signing_seed()?;
        Some(Signed { signature: sign(seed, &self.text()), key: crate::password::public_key(seed) })
    }

    /// Whether `signature` is `key`'s signature of this statement.
    fn signed_by(&self, key: &str, signature: &str) -> bool {
        signed_by(key, &self.text(), signature)
    }
}

/// The `published` part of a take-in's payload ([`Signable::published`] with the signature and
/// key), once `signed` is checked to be a signature of `statement`; `what` names the publication
/// when it is not.
pub(crate) fn published_payload(
    statement: &impl Signable,
    signed: &Signed,
    what: &str,
) -> crate::StoreResult<Json> {
    if !statement.signed_by(&signed.key, &signed.signature) {
        return Err(crate::StoreError::Corrupt(format!(
            "the centre's publication of {what} is not signed by the key it names"
        )));
    }
    let mut published = statement.published();
    published["signature"] = signed.signature.clone().into();
    published["signing_key"] = signed.key.clone().into();
    Ok(published)
}

/// What every take-in states of its publication: who published it, at which station, when, the
/// SHA-256 of the text published, and through which event of that station the key held.
fn publisher_json(by: &str, station: &str, at: &str, sha256: &str, through_seq: i64) -> Json {
    serde_json::json!({
        "by": by,
        "station": station,
        "at": at,
        "sha256": sha256,
        "through_seq": through_seq,
    })
}

/// The statement's text: its tag, then its fields, as a JSON array of strings.
fn statement_text(tag: &str, fields: &[&str]) -> String {
    let mut all = vec![tag.to_string()];
    all.extend(fields.iter().map(|f| f.to_string()));
    Json::from(all).to_string()
}

impl Signable for PublicationStatement {
    fn text(&self) -> String {
        statement_text(
            "zhifa catalog publication 1",
            &[
                &self.label,
                &self.effective.to_string(),
                &self.doc_no,
                &self.sha256,
                &self.items_sha256,
                &self.by,
                &self.station,
                &self.at,
                &self.through_seq.to_string(),
            ],
        )
    }

    fn published(&self) -> Json {
        publisher_json(&self.by, &self.station, &self.at, &self.sha256, self.through_seq)
    }
}

/// What a calendar publication's signature covers (docs/CENTRAL.md, "The working-day calendar
/// handed down"): one year's arrangement, the how-many-th publication of that year it is, the
/// file's name and the SHA-256 of its text (which gives every day), the publisher, their
/// station, when, and through which of that station's events the centre held their key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarStatement {
    pub year: i32,
    /// 1 for a year's first publication, each later one (a correction) the next number.
    pub revision: i32,
    pub file: String,
    /// SHA-256 of the calendar file's text (docs/calendar-format.md).
    pub sha256: String,
    pub by: String,
    pub station: String,
    pub at: String,
    pub through_seq: i64,
}

impl Signable for CalendarStatement {
    fn text(&self) -> String {
        statement_text(
            "zhifa calendar publication 1",
            &[
                &self.year.to_string(),
                &self.revision.to_string(),
                &self.file,
                &self.sha256,
                &self.by,
                &self.station,
                &self.at,
                &self.through_seq.to_string(),
            ],
        )
    }

    fn published(&self) -> Json {
        let mut published =
            publisher_json(&self.by, &self.station, &self.at, &self.sha256, self.through_seq);
        published["revision"] = self.revision.into();
        published
    }
}

/// What an account publication changes (docs/CENTRAL.md, "Accounts handed down"): the
/// account's first credential with who it is (`add`), a new credential (`password`, the bureau
/// resetting it), or its end (`deactivate`, no credential).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountChange {
    Add,
    Password,
    Deactivate,
}

impl AccountChange {
    /// As the centre's row and the statement name it.
    pub fn key(self) -> &'static str {
        match self {
            AccountChange::Add => "add",
            AccountChange::Password => "password",
            AccountChange::Deactivate => "deactivate",
        }
    }

    pub fn parse(key: &str) -> Option<AccountChange> {
        match key {
            "add" => Some(AccountChange::Add),
            "password" => Some(AccountChange::Password),
            "deactivate" => Some(AccountChange::Deactivate),
            _ => None,
        }
    }

    /// In a word, as lists and refusals name it: 添加 / added, 重设密码 / password reset, 停用 /
    /// deactivated.
    pub fn words(self, lang: zhifa_core::i18n::Lang) -> &'static str {
        match self {
            AccountChange::Add => lang.pick("添加", "added"),
            AccountChange::Password => lang.pick("重设密码", "password reset"),
            AccountChange::Deactivate => lang.pick("停用", "deactivated"),
        }
    }

    /// The station's event a take-in of it is recorded as.
    pub fn event_kind(self) -> &'static str {
        match self {
            AccountChange::Add => "officer.add",
            AccountChange::Password => "officer.password_set",
            AccountChange::Deactivate => "officer.deactivate",
        }
    }

    fn of_event(kind: &str) -> Option<AccountChange> {
        [AccountChange::Add, AccountChange::Password, AccountChange::Deactivate]
            .into_iter()
            .find(|c| c.event_kind() == kind)
    }
}

/// What an account publication's signature covers: for which station, which badge, the
/// how-many-th publication of that badge there (`revision`), what it changes, who the account is
/// (`add` only: name, role, team, certificate expiry; empty otherwise), the credential as a
/// station's account event records it ([`credential_witness`]: the SHA-256 of the Argon2id
/// verifier, so nobody at the centre can swap a password) with the public signing key drawn from
/// the same run (neither for `deactivate`), then the publisher, their station, when, and through
/// which of that station's events the centre held their key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountStatement {
    /// The station the account is for.
    pub to: String,
    pub badge: String,
    pub revision: i32,
    pub what: AccountChange,
    pub name: String,
    pub role: String,
    pub team: String,
    pub cert_expiry: String,
    pub credential: String,
    pub signing_key: String,
    pub by: String,
    pub station: String,
    pub at: String,
    pub through_seq: i64,
}

/// What a station's account event records of a credential (a PHC string): its witness, the
/// SHA-256 of the PHC as a JSON string (`credential` in `officer.add` and `officer.password_set`).
pub fn credential_witness(phc: &str) -> String {
    crate::events::witness(&serde_json::json!(phc))
}

impl Signable for AccountStatement {
    fn text(&self) -> String {
        statement_text(
            "zhifa account publication 1",
            &[
                &self.to,
                &self.badge,
                &self.revision.to_string(),
                self.what.key(),
                &self.name,
                &self.role,
                &self.team,
                &self.cert_expiry,
                &self.credential,
                &self.signing_key,
                &self.by,
                &self.station,
                &self.at,
                &self.through_seq.to_string(),
            ],
        )
    }

    fn published(&self) -> Json {
        serde_json::json!({
            "by": self.by,
            "station": self.station,
            "at": self.at,
            "through_seq": self.through_seq,
            "revision": self.revision,
            "to": self.to,
        })
    }
}

impl AccountStatement {
    /// The statement an account event taken in from the centre states (its kind, its payload's
    /// account fields and `published`), rebuilt from the event alone; why not, when it cannot be.
    pub(crate) fn of_event(kind: &str, payload: &Json) -> Result<AccountStatement, String> {
        let what = AccountChange::of_event(kind)
            .ok_or_else(|| format!("{kind} is not an account the centre hands down"))?;
        let published = payload.get("published").ok_or("it states no publication")?;
        let text = |json: &Json, key: &str| -> Result<String, String> {
            match json.get(key) {
                None | Some(Json::Null) => Ok(String::new()),
                Some(Json::String(s)) => Ok(s.clone()),
                Some(_) => Err(format!("its “{key}” is not text")),
            }
        };
        let int = |key: &str| {
            published.get(key).and_then(Json::as_i64).ok_or(format!("no number “{key}”"))
        };
        let revision = i32::try_from(int("revision")?).map_err(|_| "its revision".to_string())?;
        Ok(AccountStatement {
            to: text(published, "to")?,
            badge: text(payload, "badge")?,
            revision,
            what,
            name: text(payload, "name")?,
            role: text(payload, "role")?,
            team: text(payload, "team")?,
            cert_expiry: text(payload, "cert_expiry")?,
            credential: text(payload, "credential")?,
            signing_key: text(payload, "signing_key")?,
            by: text(published, "by")?,
            station: text(published, "station")?,
            at: text(published, "at")?,
            through_seq: int("through_seq")?,
        })
    }
}

/// Whether an account event recorded under the centre (`centre:STATION/BADGE`) is the
/// publication it states: recorded under its publisher, unsigned itself, and the publisher's
/// signature verifying, with the key it keeps, over the statement rebuilt from the event.
pub(crate) fn handed_down_holds(
    event: &EventRecord,
    payload: &Json,
    station: Option<&str>,
) -> Result<(), String> {
    let statement = AccountStatement::of_event(&event.kind, payload)?;
    // A genuine publication for another station, copied into this station's history, is not
    // this station's account.
    if station != Some(statement.to.as_str()) {
        return Err(format!(
            "published for station {}, but recorded in the history of {}",
            statement.to,
            station.unwrap_or("a database without a station code")
        ));
    }
    if event.actor != crate::catalog::centre_actor(&statement.station, &statement.by) {
        return Err(format!(
            "published at the centre by {} of {}, but recorded under {}",
            statement.by, statement.station, event.actor
        ));
    }
    let published = &payload["published"];
    let (Some(key), Some(signature)) =
        (published["signing_key"].as_str(), published["signature"].as_str())
    else {
        return Err("it carries no signature of its publisher".into());
    };
    if !statement.signed_by(key, signature) {
        return Err(format!(
            "the publication by {} of {} it states is not signed by the key it names",
            statement.by, statement.station
        ));
    }
    Ok(())
}

/// An account as a station's account events leave it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountStanding {
    /// The public half of its signing key (hex), if it has one.
    pub key: Option<String>,
    pub role: String,
    pub active: bool,
}

/// Why a station's account events, as another holder (the centre) gives them, cannot say who an
/// account is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StandingFault {
    /// The event no longer gives its own hash.
    Edited { seq: i64 },
    /// The event does not link to the one before it (as the holder gives that one).
    Relinked { seq: i64 },
    /// The event is not signed by whoever it names, as the events before it give their keys.
    NotSigned { seq: i64, actor: String },
    /// The payload is not JSON.
    Unreadable { seq: i64 },
}

impl std::fmt::Display for StandingFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StandingFault::Edited { seq } => {
                write!(f, "account event {seq} no longer gives its hash")
            }
            StandingFault::Relinked { seq } => {
                write!(f, "account event {seq} does not link to the event before it")
            }
            StandingFault::NotSigned { seq, actor } => {
                write!(f, "account event {seq} is not signed by {actor}, whom it names")
            }
            StandingFault::Unreadable { seq } => write!(f, "account event {seq} does not read"),
        }
    }
}

/// The account `badge` as a station's account events (`officer.*`, in order, each with the hash
/// of the event before it as the holder gives it) leave it, judged as `zhifa verify` judges them
/// at the station: each must give its hash, link to its predecessor and be signed by whoever it
/// names ([`crate::verify`]'s signature rules); `Ok(None)` when no event made the account.
pub fn account_standing(
    events: &[(EventRecord, Option<String>)],
    station: &str,
    badge: &str,
) -> Result<Option<AccountStanding>, StandingFault> {
    crate::verify::account_check::standing(events, station, badge)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The station whose account events the standing tests walk.
    const STATION: &str = "GX";

    fn statement() -> PublicationStatement {
        PublicationStatement {
            label: "2027年版".into(),
            effective: "2026-12-01".parse().expect("date"),
            doc_no: "青政发〔2026〕1号".into(),
            sha256: "ab".repeat(32),
            items_sha256: "cd".repeat(32),
            by: "QJ0001".into(),
            station: "GX".into(),
            at: "2026-11-24T02:00:00Z".into(),
            through_seq: 42,
        }
    }

    #[test]
    fn a_statement_verifies_under_its_key_only_and_not_once_changed() {
        let actor = Actor::new("QJ0001", "t", 1).signing_with(Some([7u8; 32]));
        let other = Actor::new("QJ0002", "t", 1).signing_with(Some([8u8; 32]));
        let s = statement();
        let signed = s.sign(&actor).expect("signs");
        assert!(s.signed_by(&signed.key, &signed.signature));
        let by_other = s.sign(&other).expect("signs");
        assert!(!s.signed_by(&signed.key, &by_other.signature), "another key's signature");
        let mut later = s.clone();
        later.effective = "2026-12-02".parse().expect("date");
        assert!(!later.signed_by(&signed.key, &signed.signature), "a changed date");
        let mut seq = s.clone();
        seq.through_seq = 43;
        assert!(!seq.signed_by(&signed.key, &signed.signature), "a changed seq");
        assert!(Actor::new("os:t", "t", 1).signing_with(None).signing_seed().is_none());
        assert!(s.sign(&Actor::new("os:t", "t", 1)).is_none(), "no key, no signature");
    }

    #[test]
    fn fields_cannot_run_into_each_other() {
        let mut a = statement();
        a.label = "A\",\"B".into();
        let mut b = statement();
        b.label = "A".into();
        b.effective = "2026-12-01".parse().expect("date");
        assert_ne!(a.text(), b.text());
        assert!(a.text().starts_with("[\"zhifa catalog publication 1\","), "{}", a.text());
    }

    #[test]
    fn a_calendar_statement_is_its_own_kind_and_covers_each_field() {
        let calendar = CalendarStatement {
            year: 2027,
            revision: 1,
            file: "2027.toml".into(),
            sha256: "ab".repeat(32),
            by: "QJ0001".into(),
            station: "GX".into(),
            at: "2026-11-24T02:00:00Z".into(),
            through_seq: 42,
        };
        assert!(calendar.text().starts_with("[\"zhifa calendar publication 1\",\"2027\",\"1\","));
        let actor = Actor::new("QJ0001", "t", 1).signing_with(Some([7u8; 32]));
        let signed = calendar.sign(&actor).expect("signs");
        assert!(calendar.signed_by(&signed.key, &signed.signature));
        // A correction is another statement: publication 1's signature does not cover it.
        let mut corrected = calendar.clone();
        corrected.revision = 2;
        assert!(!corrected.signed_by(&signed.key, &signed.signature));
        let mut other_text = calendar.clone();
        other_text.sha256 = "cd".repeat(32);
        assert!(!other_text.signed_by(&signed.key, &signed.signature));
        // What the take-in records: the publication with its signature, once checked.
        let payload = published_payload(&calendar, &signed, "the 2027 calendar").expect("signed");
        assert_eq!(payload["revision"], 1);
        assert_eq!(payload["signing_key"], signed.key.as_str());
        assert!(published_payload(&corrected, &signed, "the 2027 calendar").is_err());
    }

    /// Each account event with the hash of the event before it, as another holder gives them.
    fn account_events(store: &crate::Store) -> Vec<(EventRecord, Option<String>)> {
        let all = store.events(0, usize::MAX).expect("events");
        let hashes: std::collections::HashMap<i64, String> =
            all.iter().map(|e| (e.seq, e.hash.clone())).collect();
        all.iter()
            .filter(|e| e.kind.starts_with("officer."))
            .map(|e| (e.clone(), hashes.get(&(e.seq - 1)).cloned()))
            .collect()
    }

    #[test]
    fn an_accounts_standing_is_its_key_role_and_state_as_its_judged_events_give_them() {
        use zhifa_core::domain::officer::{NewOfficer, Role};
        let now: chrono::DateTime<chrono::Utc> = "2026-11-24T02:00:00Z".parse().expect("now");
        let officer = |badge: &str, role| NewOfficer {
            badge: badge.into(),
            name: "某人".into(),
            role,
            team: None,
            cert_expiry: None,
        };
        let mut store = crate::Store::open_in_memory().expect("store");
        store.set_password_cost(crate::password::FAST_FOR_TESTS);
        let origin = Actor::new("os:t", "t", 1);
        let boot = store.bootstrap_identity(origin.clone()).expect("boot");
        store.add_officer(&boot, now, &officer("A1", Role::Admin), "admin-pass-1").expect("a1");
        let a1 = store.authenticate(&origin, now, "A1", "admin-pass-1").expect("a1 logs in");
        store.add_officer(&a1, now, &officer("A2", Role::Admin), "admin-pass-2").expect("a2");
        store.add_officer(&a1, now, &officer("O1", Role::Officer), "100100").expect("o1");
        let key = crate::password::public_key(a1.actor().signing_seed().expect("a1 signs"));

        let events = account_events(&store);
        let a1_standing = account_standing(&events, STATION, "A1").expect("holds").expect("A1");
        assert_eq!(a1_standing.key.as_deref(), Some(key.as_str()));
        assert_eq!((a1_standing.role.as_str(), a1_standing.active), ("admin", true));
        let o1 = account_standing(&events, STATION, "O1").expect("holds").expect("O1");
        assert_eq!(o1.role, "officer");
        assert_eq!(account_standing(&events, STATION, "X9"), Ok(None));

        // Deactivated by a later event: so the standing through it says.
        store.deactivate_officer(&a1, now, "A2").expect("deactivate");
        let before = events.len();
        let events = account_events(&store);
        assert_eq!(events.len(), before + 1);
        assert!(!account_standing(&events, STATION, "A2").expect("holds").expect("A2").active);
        assert!(
            account_standing(&events[..before], STATION, "A2").expect("holds").expect("A2").active
        );

        // A key set by an event nobody signed, a payload edited, a link broken: refused.
        let mut forged = events.clone();
        let last = forged.len() - 1;
        forged[last].0.payload = forged[last].0.payload.replace("A2", "A1");
        assert_eq!(
            account_standing(&forged, STATION, "A1"),
            Err(StandingFault::Edited { seq: forged[last].0.seq })
        );
        forged[last].0.hash = forged[last].0.compute_hash();
        // Its hash made to hold again: its author's signature (of the old hash) no longer does.
        assert_eq!(
            account_standing(&forged, STATION, "A1"),
            Err(StandingFault::NotSigned { seq: forged[last].0.seq, actor: "A1".into() })
        );
        let mut relinked = events.clone();
        relinked[last].1 = Some("00".repeat(32));
        assert_eq!(
            account_standing(&relinked, STATION, "A1"),
            Err(StandingFault::Relinked { seq: relinked[last].0.seq })
        );
        let mut unsigned = events.clone();
        unsigned[last].0.signature = None;
        assert_eq!(
            account_standing(&unsigned, STATION, "A1"),
            Err(StandingFault::NotSigned { seq: unsigned[last].0.seq, actor: "A1".into() })
        );
    }
}
