//! The append-only event log and its SHA-256 hash chain.
//!
//! Each event's hash covers its own fields and its predecessor's hash, so the head hash witnesses
//! the whole history: a leader can note it on the shift record, and any later rewrite shows.

use super::{Store, StoreError, StoreResult};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zhifa_core::domain::actor::Actor;

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRecord {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub terminal: String,
    pub pid: i64,
    pub kind: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
    /// The author's Ed25519 signature of `hash` (hex), or none: an event made as the OS user
    /// (setup, backups, login attempts), or by an account that has no key yet.
    pub signature: Option<String>,
}

impl EventRecord {
    /// An event read as `seq, at, actor, terminal, pid, kind, payload, prev_hash, hash,
    /// signature`, in that order.
    pub(super) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRecord> {
        Ok(EventRecord {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            terminal: r.get(3)?,
            pid: r.get(4)?,
            kind: r.get(5)?,
            payload: r.get(6)?,
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
            signature: r.get(9)?,
        })
    }

    /// The hash this event must have, given its fields and its predecessor's hash.
    pub fn compute_hash(&self) -> String {
        hex::encode(self.digest())
    }

    /// Whether the stored `hash` is the one its fields give (as [`compute_hash`] would say, text
    /// for text), without allocating: verify asks it of every event in the log.
    ///
    /// [`compute_hash`]: EventRecord::compute_hash
    pub fn hash_holds(&self) -> bool {
        let mut hex = [0u8; 64];
        // 32 bytes always fit 64 hexadecimal characters.
        hex::encode_to_slice(self.digest(), &mut hex).is_ok() && hex == self.hash.as_bytes()
    }

    /// SHA-256 over each field, length-prefixed (numbers in decimal, as `to_string` writes them).
    fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        let (mut seq, mut pid) = ([0u8; 20], [0u8; 20]);
        for part in [
            decimal(self.seq, &mut seq),
            self.at.as_bytes(),
            self.actor.as_bytes(),
            self.terminal.as_bytes(),
            decimal(self.pid, &mut pid),
            self.kind.as_bytes(),
            self.payload.as_bytes(),
            self.prev_hash.as_bytes(),
        ] {
            // Length-prefix each field so that moving bytes between fields changes the hash.
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        h.finalize().into()
    }
}

/// `n` in decimal as `i64::to_string` writes it, in `buf` (20 bytes hold any i64).
fn decimal(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainStatus {
    pub events: i64,
    pub head_hash: String,
    /// The first event whose hash or link does not hold, if any.
    pub first_break: Option<i64>,
}

/// A digest standing in the log for values kept out of it (a reporter's phone, a party's identity
/// number, a password hash): `zhifa verify` can then prove the row still holds what was written
/// without the log stating it. A witness, not a secret: it hides nothing from someone who can
/// guess the value, so the log is kept as confidential as the rows.
pub(super) fn witness(values: &serde_json::Value) -> String {
    hex::encode(Sha256::digest(values.to_string().as_bytes()))
}

/// Appends an event inside the caller's transaction and returns its sequence number.
pub(super) fn append(
    tx: &Transaction<'_>,
    actor: &Actor,
    at: DateTime<Utc>,
    kind: &str,
    payload: &serde_json::Value,
) -> StoreResult<i64> {
    // Cached statements: a transaction may append many events (a feed of tickets, a generated
    // history), and preparing each time would cost more than the append itself.
    let head: Option<(i64, String)> = tx
        .prepare_cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (prev_seq, prev_hash) = head.unwrap_or((0, GENESIS_HASH.to_string()));
    let mut event = EventRecord {
        seq: prev_seq + 1,
        at: at.to_rfc3339_opts(SecondsFormat::Micros, true),
        actor: actor.id.clone(),
        terminal: actor.terminal.clone(),
        pid: i64::from(actor.pid),
        kind: kind.to_string(),
        payload: payload.to_string(),
        prev_hash,
        hash: String::new(),
        signature: None,
    };
    event.hash = event.compute_hash();
    event.signature = actor.signing_seed().map(|seed| sign(seed, &event.hash));
    tx.prepare_cached(
        "INSERT INTO events (seq, at, actor, terminal, pid, kind, payload, prev_hash, hash, \
         signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        event.seq,
        event.at,
        event.actor,
        event.terminal,
        event.pid,
        event.kind,
        event.payload,
        event.prev_hash,
        event.hash,
        event.signature
    ])?;
    Ok(event.seq)
}

/// The Ed25519 signature (hex) of an event's hash by the key `seed` gives.
pub(super) fn sign(seed: &[u8; 32], hash: &str) -> String {
    use ed25519_dalek::Signer as _;
    hex::encode(ed25519_dalek::SigningKey::from_bytes(seed).sign(hash.as_bytes()).to_bytes())
}

/// Whether `signature` (hex) is `key`'s (hex) signature of `hash`.
pub(super) fn signed_by(key: &str, hash: &str, signature: &str) -> bool {
    let Ok(Ok(key)) = hex::decode(key).map(|k| <[u8; 32]>::try_from(k.as_slice()).map_err(|_| ()))
    else {
        return false;
    };
    let Ok(Ok(signature)) =
        hex::decode(signature).map(|s| <[u8; 64]>::try_from(s.as_slice()).map_err(|_| ()))
    else {
        return false;
    };
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&key) else { return false };
    key.verify_strict(hash.as_bytes(), &ed25519_dalek::Signature::from_bytes(&signature)).is_ok()
}

/// Events in chain order, starting after `after_seq`, at most `limit`.
pub(super) fn read(
    conn: &rusqlite::Connection,
    after_seq: i64,
    limit: usize,
) -> StoreResult<Vec<EventRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, at, actor, terminal, pid, kind, payload, prev_hash, hash, signature
         FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after_seq, limit as i64], EventRecord::from_row)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(StoreError::from)
}

impl Store {
    /// Events in chain order, starting after `after_seq`, at most `limit`.
    pub fn events(&self, after_seq: i64, limit: usize) -> StoreResult<Vec<EventRecord>> {
        read(&self.conn, after_seq, limit)
    }

    /// The last event's number and hash (0 and the genesis hash in an empty log).
    pub fn head(&self) -> StoreResult<(i64, String)> {
        let head = self
            .conn
            .query_row("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(head.unwrap_or((0, GENESIS_HASH.to_string())))
    }

    /// The hash of event `seq`, if the log holds it.
    pub fn event_hash(&self, seq: i64) -> StoreResult<Option<String>> {
        let hash = self
            .conn
            .prepare_cached("SELECT hash FROM events WHERE seq = ?1")?
            .query_row([seq], |r| r.get(0))
            .optional()?;
        Ok(hash)
    }

    /// Walks the whole chain, recomputing every hash and link.
    pub fn verify_chain(&self) -> StoreResult<ChainStatus> {
        let mut expected_prev = GENESIS_HASH.to_string();
        let mut expected_seq = 1;
        let mut count = 0;
        let mut first_break = None;
        let mut after = 0;
        loop {
            let batch = self.events(after, 10_000)?;
            let Some(last) = batch.last() else { break };
            after = last.seq;
            for event in &batch {
                count += 1;
                let intact = event.seq == expected_seq
                    && event.prev_hash == expected_prev
                    && event.compute_hash() == event.hash;
                if !intact && first_break.is_none() {
                    first_break = Some(event.seq);
                }
                expected_prev = event.hash.clone();
                expected_seq = event.seq + 1;
            }
        }
        Ok(ChainStatus { events: count, head_hash: expected_prev, first_break })
    }
}

#[cfg(test)]
mod digest_tests {
    use super::{decimal, EventRecord};

    #[test]
    fn numbers_are_hashed_as_to_string_writes_them() {
        for n in [0, 7, -7, 10, 1_234_567, i64::MAX, i64::MIN] {
            let mut buf = [0u8; 20];
            assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes(), "{n}");
        }
    }

    #[test]
    fn a_hash_holds_only_as_computed_in_lower_case() {
        let mut event = EventRecord {
            seq: 12,
            at: "2026-11-24T02:00:00.000000Z".into(),
            actor: "os:t".into(),
            terminal: "t".into(),
            pid: -3,
            kind: "team.add".into(),
            payload: "{}".into(),
            prev_hash: super::GENESIS_HASH.into(),
            hash: String::new(),
            signature: None,
        };
        event.hash = event.compute_hash();
        assert!(event.hash_holds());
        event.hash = event.hash.to_uppercase();
        assert!(!event.hash_holds(), "the stored text must be the computed text");
        event.hash = event.compute_hash();
        event.payload = "{ }".into();
        assert!(!event.hash_holds(), "an edited payload shows");
    }
}
