//! Who signed each event. An officer's events are signed with the Ed25519 key their password
//! gives (`password`); the key's public half is recorded by the event that made the account or
//! set its password, itself signed by whoever did it (the admin; the officer for their own). So a
//! forger with write access to the file, without the officer's password, cannot make an event
//! attributed to them: its signature does not verify, and `verify` names the first such event.
//!
//! The rules, applied to each event in order (`Keys::judge`, then `Keys::learn`):
//! - an account with a key: its events must carry its signature;
//! - an account without one (made before events were signed, its password unchanged since): its
//!   events are unsigned and listed, until its first login or password change gives it a key (the
//!   event recording a key renewed at login is signed by that new key: the login proved the
//!   password, nobody else vouches for it);
//! - any other actor (the OS user: setup, backups, login attempts; `system:` seeding): unsigned,
//!   listed — except an account event (`officer.*`) once an admin exists, which only an admin may
//!   make, and is refused as not signed;
//! - an account event recorded under the centre (`centre:STATION/BADGE`, an account handed
//!   down): unsigned, listed, when the publisher's signature it keeps verifies over the
//!   publication it states (`publication::handed_down_holds`), that publication was for this
//!   station, and its revision comes after the badge's last one taken in (an older one replayed
//!   is not), else not signed; the key it records is the officer's from then on, as any
//!   account event's;
//! - a generated history (benchmarks: `Store::generate_history`) is vouched for by the signed
//!   `history.generate` event its admin recorded after it, naming how many events it wrote.

use super::Problem;
use crate::events::{signed_by, EventRecord};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};

/// What one event's signature shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Signed,
    /// Unsigned, as its actor's events may be: listed, not a problem.
    Unsigned,
    /// Attributed to someone whose signature it does not carry.
    NotSigned,
}

/// Each account's key as the events so far left it (`None`: an account without a key).
#[derive(Default)]
pub(super) struct Keys {
    keys: HashMap<String, Option<String>>,
    admins: std::collections::HashSet<String>,
    admin_made: bool,
    /// The station whose history this is (what an account handed down must be published for).
    station: Option<String>,
    /// Each badge's last revision handed down from the centre, as taken in so far.
    handed_down: HashMap<String, i64>,
}

impl Keys {
    /// The keys of the history of `station` (`None`: a database without a station code).
    pub(super) fn of_station(station: Option<String>) -> Keys {
        Keys { station, ..Keys::default() }
    }

    pub(super) fn judge(&self, event: &EventRecord, payload: Option<&Json>) -> Verdict {
        let signature = event.signature.as_deref();
        let valid = |key: &str| signature.is_some_and(|s| signed_by(key, &event.hash, s));
        match self.keys.get(&event.actor) {
            Some(Some(key)) if valid(key) => Verdict::Signed,
            Some(Some(_)) => Verdict::NotSigned,
            Some(None) => match (renewed_key(event, payload), signature) {
                (Some(key), _) if valid(key) => Verdict::Signed,
                (None, None) => Verdict::Unsigned,
                _ => Verdict::NotSigned,
            },
            // An account handed down from the centre: vouched for by its publisher's signature
            // over what it states (checked from the event alone), not by a station key.
            None if event.actor.starts_with("centre:") && event.kind.starts_with("officer.") => {
                let Some(payload) = payload else { return Verdict::NotSigned };
                let holds =
                    crate::publication::handed_down_holds(event, payload, self.station.as_deref());
                let after_the_last = handed_down_revision(payload).is_some_and(|(badge, r)| {
                    self.handed_down.get(badge).is_none_or(|last| r > *last)
                });
                if holds.is_ok() && after_the_last {
                    Verdict::Unsigned
                } else {
                    Verdict::NotSigned
                }
            }
            None if event.kind.starts_with("officer.") && self.admin_made => Verdict::NotSigned,
            None if signature.is_some() => Verdict::NotSigned,
            None => Verdict::Unsigned,
        }
    }

    /// The keys an account event records (after it was judged: a password change is signed by
    /// the key it replaces).
    pub(super) fn learn(&mut self, event: &EventRecord, payload: &Json) {
        let Some(badge) = payload.get("badge").and_then(Json::as_str) else { return };
        if let Some((badge, revision)) = handed_down_revision(payload) {
            self.handed_down.insert(badge.to_string(), revision);
        }
        let key = payload.get("signing_key").and_then(Json::as_str).map(String::from);
        match event.kind.as_str() {
            "officer.add" => {
                if payload.get("role").and_then(Json::as_str) == Some("admin") {
                    self.admin_made = true;
                    self.admins.insert(badge.to_string());
                }
                self.keys.insert(badge.to_string(), key);
            }
            "officer.password_set" => {
                if let Some(known) = self.keys.get_mut(badge) {
                    *known = key;
                }
            }
            _ => {}
        }
    }

    /// The key an account holds now (`None`: no key, or no such account).
    pub(super) fn key_of(&self, badge: &str) -> Option<&str> {
        self.keys.get(badge).and_then(|k| k.as_deref())
    }
}

/// The badge and revision an account event handed down from the centre states.
fn handed_down_revision(payload: &Json) -> Option<(&str, i64)> {
    let revision = payload.pointer("/published/revision")?.as_i64()?;
    Some((payload.get("badge")?.as_str()?, revision))
}

/// The key a password event renewed at its officer's own login records (self-signed).
fn renewed_key<'p>(event: &EventRecord, payload: Option<&'p Json>) -> Option<&'p str> {
    let payload = payload?;
    let own = payload.get("badge").and_then(Json::as_str) == Some(event.actor.as_str());
    let renewed = payload.get("renewed").and_then(Json::as_bool) == Some(true);
    (event.kind == "officer.password_set" && own && renewed)
        .then(|| payload.get("signing_key").and_then(Json::as_str))
        .flatten()
}

/// The signatures of the whole log, walked in order alongside the chain.
#[derive(Default)]
pub(super) struct SignatureWalk {
    keys: Keys,
    /// Events by actor that carry no signature and need none.
    pub(super) unsigned: BTreeMap<String, i64>,
    /// Events of generated histories, vouched for by their admin's signed `history.generate`.
    pub(super) vouched: i64,
    /// `history.generate` events: (its seq, the first event it vouches for).
    generated: Vec<(i64, i64)>,
    /// Unsigned events of key holders inside a generated range, awaiting its vouching event:
    /// (first seq, actor, count).
    pending: Option<(i64, String, i64)>,
    pub(super) problems: Vec<Problem>,
}

impl SignatureWalk {
    /// `generated`: each `history.generate` event's seq and payload (read before the walk).
    /// `station`: whose history it is.
    pub(super) fn new(generated: Vec<(i64, Json)>, station: Option<String>) -> SignatureWalk {
        let generated = generated
            .into_iter()
            .filter_map(|(seq, p)| Some((seq, seq - p.get("events")?.as_i64()?)))
            .collect();
        SignatureWalk { generated, keys: Keys::of_station(station), ..SignatureWalk::default() }
    }

    pub(super) fn step(&mut self, event: &EventRecord) {
        let payload = event
            .kind
            .starts_with("officer.")
            .then(|| serde_json::from_str::<Json>(&event.payload).ok())
            .flatten();
        let verdict = self.keys.judge(event, payload.as_ref());
        let in_generated =
            self.generated.iter().any(|(at, from)| (*from..*at).contains(&event.seq));
        match verdict {
            Verdict::Signed => {}
            Verdict::Unsigned => *self.unsigned.entry(event.actor.clone()).or_default() += 1,
            Verdict::NotSigned if in_generated && event.signature.is_none() => {
                let pending = self.pending.get_or_insert((event.seq, event.actor.clone(), 0));
                pending.2 += 1;
            }
            Verdict::NotSigned => self.not_signed(event.seq, &event.actor),
        }
        if let Some(pending) = self.pending.take() {
            if self.generated.iter().any(|(at, _)| *at == event.seq) {
                if verdict == Verdict::Signed && self.keys.admins.contains(&event.actor) {
                    self.vouched += pending.2;
                } else {
                    self.not_signed(pending.0, &pending.1);
                }
            } else {
                self.pending = Some(pending);
            }
        }
        if let Some(payload) = &payload {
            self.keys.learn(event, payload);
        }
    }

    /// The keys an account event before the walk's start recorded (checked when it was walked).
    pub(super) fn learn(&mut self, event: &EventRecord) {
        if let Ok(payload) = serde_json::from_str::<Json>(&event.payload) {
            self.keys.learn(event, &payload);
        }
    }

    /// The end of the log: a generated range never vouched for is not signed.
    pub(super) fn finish(&mut self) {
        if let Some((seq, actor, _)) = self.pending.take() {
            self.not_signed(seq, &actor);
        }
    }

    fn not_signed(&mut self, seq: i64, actor: &str) {
        self.problems.push(Problem::NotSigned { seq, actor: actor.to_string() });
    }
}

#[cfg(test)]
mod tests {
    use crate::{events, password, Store, VerifyOptions};
    use chrono::{DateTime, Utc};
    use serde_json::json;
    use zhifa_core::domain::actor::Actor;
    use zhifa_core::domain::officer::{NewOfficer, Role};

    fn now() -> DateTime<Utc> {
        "2026-11-24T02:00:00Z".parse().expect("now")
    }

    fn officer(badge: &str, role: Role) -> NewOfficer {
        NewOfficer {
            badge: badge.into(), name: "某人".into(), role, team: None, cert_expiry: None
        }
    }

    /// An account whose hash is of the form stored before events were signed: its events are
    /// unsigned and listed, it still logs in, and that login gives it a key (self-signed event),
    /// after which its events are signed and verify.
    #[test]
    fn an_account_from_before_signing_logs_in_and_gets_its_key() {
        let mut store = Store::open_in_memory().expect("store");
        store.set_password_cost(password::FAST_FOR_TESTS);
        let origin = Actor::new("os:t", "t", 1);
        let boot = store.bootstrap_identity(origin.clone()).expect("boot");
        store.add_officer(&boot, now(), &officer("A1", Role::Admin), "admin-pass-1").expect("a");
        let admin = store.authenticate(&origin, now(), "A1", "admin-pass-1").expect("admin");
        assert!(admin.actor().signs(), "an account made now signs");
        store.add_officer(&admin, now(), &officer("O1", Role::Officer), "100100").expect("o");
        // As an earlier zhifa left O1: a hash of the older form, recorded without a key.
        let legacy = password::hash("100100", password::FAST_FOR_TESTS).expect("hash");
        store
            .write(|tx| {
                let payload =
                    json!({ "badge": "O1", "credential": events::witness(&json!(legacy)) });
                events::append(tx, admin.actor(), now(), "officer.password_set", &payload)?;
                tx.execute("UPDATE officers SET password_hash = ?1 WHERE badge = 'O1'", [&legacy])?;
                Ok(())
            })
            .expect("legacy");
        let v = store.verify(&VerifyOptions::default()).expect("verify");
        assert_eq!(v.problems, vec![]);

        let o1 = store.authenticate(&origin, now(), "O1", "100100").expect("old hash logs in");
        assert!(o1.actor().signs(), "and the login gave it a key");
        store.add_team(&admin, now(), "T1", "一中队").expect("admin writes");
        let v = store.verify(&VerifyOptions::default()).expect("verify");
        assert_eq!(v.problems, vec![], "the renewal is signed by the new key");
        assert!(!v.unsigned.contains_key("O1"), "{:?}", v.unsigned);
        assert!(v.unsigned.contains_key("os:t"), "the setup and logins are listed");
        let again = store.authenticate(&origin, now(), "O1", "100100").expect("login");
        assert!(again.actor().signs(), "the same key at the next login");
    }
}
