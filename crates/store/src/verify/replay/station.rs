//! The station's code and name, as the `station.set` event gave them (at most one).

use super::{int, text, Event, Fault, Place, Replay, Replayed};
use crate::StoreResult;

/// The station as its event said: code, name, event.
#[derive(Default)]
pub(super) struct Stations {
    set: Option<(String, String, i64)>,
}

pub(super) fn project(r: &mut Replay, e: &Event) -> Replayed {
    match e.kind {
        "station.set" => {
            let given = (e.payload.text("code")?.to_string(), e.payload.text("name")?.to_string());
            if r.station.set.is_some() {
                return Err(Fault::Payload("a second station code for one database".into()));
            }
            r.station.set = Some((given.0, given.1, e.seq));
            Ok(())
        }
        other => Err(Fault::Payload(format!("unknown kind of event “{other}”"))),
    }
}

pub(super) fn finish(r: &mut Replay) -> StoreResult<()> {
    // Counted even when no event gave a code: a row slipped in shows as one too many.
    let set = r.station.set.take();
    r.created("station", i64::from(set.is_some()));
    let Some((code, name, seq)) = set else { return Ok(()) };
    let row = r.row("SELECT code, name, event_seq FROM station WHERE id = 1", [])?;
    let expected = [("code", text(&code)), ("name", text(&name)), ("event_seq", int(seq))];
    r.compare(Place::new("station", &code, seq), &expected, row.as_deref());
    Ok(())
}
