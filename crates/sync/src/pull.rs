//! What a station takes from the centre on its sync: the complaints the bureau's 12345 desk
//! dispatched to it (docs/CENTRAL.md). They are taken in as a feed is (`ticket.add` events by the
//! officer syncing, reply dates from the station's calendar), then marked delivered at the centre
//! with the station's own id. Taking in is idempotent by number: a sync cut between the take-in
//! and the mark finds the ticket already stored and only marks it.

use super::SyncError;
use crate::central::Centre;
use chrono::{DateTime, Utc};
use serde::Serialize;
use zhifa_intake::{reply_due, TicketPeriods};
use zhifa_store::{Identity, Store};

/// The dispatched tickets a sync took in, and those the station already held.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Pulled {
    pub taken_in: Vec<String>,
    pub already: Vec<String>,
}

/// Takes in every ticket waiting at the centre for this station, as `who`.
pub fn pull_tickets(
    store: &mut Store,
    who: &Identity,
    centre: &mut Centre,
    now: DateTime<Utc>,
    periods: TicketPeriods,
) -> Result<Pulled, SyncError> {
    let station = store.station()?.ok_or(SyncError::NoStation)?;
    let waiting = centre.waiting_tickets(&station.code)?;
    if waiting.is_empty() {
        return Ok(Pulled::default());
    }
    let calendar = store.work_calendar()?;
    // Each with its reply date and the item it concerns, as a feed's tickets are taken in.
    let mut classifier = zhifa_app::worklist::TicketClassifier::new();
    let mut prepared = Vec::new();
    for d in &waiting {
        let t = &d.ticket;
        let item = classifier.classify(store, t.received_at.date(), &t.content)?;
        prepared.push((t.clone(), reply_due(t, &calendar, periods), item));
    }
    let added = store.add_tickets(who, now, &prepared)?;
    for dispatched in &waiting {
        let t = &dispatched.ticket;
        let local = store.ticket_id(t.channel, &t.number)?.ok_or_else(|| {
            crate::central::CentralError::Inconsistent(format!(
                "ticket {} was taken in but is not stored",
                t.number
            ))
        })?;
        centre.mark_delivered(dispatched.id, local)?;
    }
    let already = added.already;
    let taken_in = waiting
        .into_iter()
        .map(|d| d.ticket.number.trim().to_string())
        .filter(|n| !already.contains(n))
        .collect();
    Ok(Pulled { taken_in, already })
}
