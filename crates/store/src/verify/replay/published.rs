//! What a station takes in from the centre (catalog versions, calendar years, accounts) states its
//! publication (`published`) and is recorded under the publisher through the centre
//! (`centre:STATION/BADGE`); no other event is. The publisher's signature it keeps must verify,
//! with the key it keeps, over the publication's statement as the event gives it, so the record
//! holds without the centre. A take-in recorded before publications were signed keeps no
//! signature and is replayed as it was.

use super::{Event, Fault, Payload};
use crate::publication::Signable;

/// Checks the publication event `e` states, if any: its actor, and its signature over the
/// statement `statement` builds from the publication (`published`, as a payload) and the event.
pub(super) fn published_by_its_actor<S: Signable>(
    e: &Event,
    statement: impl FnOnce(Payload<'_>) -> Result<S, Fault>,
) -> Result<(), Fault> {
    let Some(origin) = e.payload.field("published") else {
        if e.actor.starts_with("centre:") {
            return Err(Fault::Payload(format!(
                "recorded under {} but states no publication at the centre",
                e.actor
            )));
        }
        return Ok(());
    };
    let origin = Payload(origin);
    let (station, by) = (origin.text("station")?, origin.text("by")?);
    if e.actor != crate::catalog::centre_actor(station, by) {
        return Err(Fault::Payload(format!(
            "published at the centre by {by} of {station}, but recorded under {}",
            e.actor
        )));
    }
    if origin.field("signature").is_none() && origin.field("signing_key").is_none() {
        return Ok(());
    }
    let statement = statement(origin)?;
    if !statement.signed_by(origin.text("signing_key")?, origin.text("signature")?) {
        return Err(Fault::Payload(format!(
            "the publication by {by} of {station} it states is not signed by the key it names"
        )));
    }
    Ok(())
}
