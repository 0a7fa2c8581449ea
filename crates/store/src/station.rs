//! The station this database belongs to: its code, given once by an admin, never changed
//! (docs/CENTRAL.md). The centre files every event of this file under it.

use super::identity::{authorize, Identity};
use super::{events, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde_json::json;
use zhifa_core::domain::officer::Operation;
use zhifa_core::domain::station::StationCode;

/// The station as recorded: code, name, the event that gave them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Station {
    pub code: String,
    pub name: String,
    pub event_seq: i64,
}

impl Store {
    /// Gives this database its station code and name; refused once it has one (a code is given
    /// once: the centre already knows the events under it). Admins only.
    pub fn set_station(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        code: &StationCode,
        name: &str,
    ) -> StoreResult<Station> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Empty { field: "station name" });
        }
        self.write(|tx| {
            authorize(tx, who, Operation::ManageTeams)?;
            if let Some(held) = station(tx)? {
                return Err(StoreError::StationSet(held.code));
            }
            let payload = json!({ "code": code.as_str(), "name": name });
            let seq = events::append(tx, who.actor(), now, "station.set", &payload)?;
            tx.execute(
                "INSERT INTO station (id, code, name, event_seq) VALUES (1, ?1, ?2, ?3)",
                params![code.as_str(), name, seq],
            )?;
            Ok(Station { code: code.to_string(), name: name.to_string(), event_seq: seq })
        })
    }

    /// This database's station, if an admin gave it one.
    pub fn station(&self) -> StoreResult<Option<Station>> {
        station(&self.conn)
    }
}

/// The station's code, if it has one (what its numbers carry).
pub(crate) fn station_code(conn: &rusqlite::Connection) -> StoreResult<Option<String>> {
    Ok(station(conn)?.map(|s| s.code))
}

fn station(conn: &rusqlite::Connection) -> StoreResult<Option<Station>> {
    let found = conn
        .query_row("SELECT code, name, event_seq FROM station WHERE id = 1", [], |r| {
            Ok(Station { code: r.get(0)?, name: r.get(1)?, event_seq: r.get(2)? })
        })
        .optional()?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhifa_core::domain::actor::Actor;

    fn now() -> DateTime<Utc> {
        "2026-12-01T02:00:00Z".parse().expect("time")
    }

    #[test]
    fn a_station_code_is_given_once_and_verify_replays_it() {
        let mut store = Store::open_in_memory().expect("store");
        let os = store.bootstrap_identity(Actor::new("os:test", "tty1", 1)).expect("bootstrap");
        assert_eq!(store.station().expect("read"), None);
        let code = StationCode::parse("gx").expect("code");
        let set = store.set_station(&os, now(), &code, " 高新中队站 ").expect("set");
        assert_eq!((set.code.as_str(), set.name.as_str()), ("GX", "高新中队站"));
        assert_eq!(store.station().expect("read"), Some(set));
        let again = store.set_station(&os, now(), &StationCode::parse("QJ").expect("code"), "x");
        assert!(matches!(again, Err(StoreError::StationSet(ref c)) if c == "GX"), "{again:?}");
        let verified = store.verify(&crate::VerifyOptions::default()).expect("verify");
        assert!(verified.is_ok(), "{:?}", verified.problems);
    }
}
