//! Complaints the bureau's 12345 desk dispatches to a station through the centre
//! (`db/central/0003_dispatch.sql`): written at the centre, taken in by the station on its next
//! sync ([`crate::pull_tickets`]), then marked delivered with the id the station gave it.

use super::{CentralResult, Centre};
use zhifa_core::domain::ticket::{Channel, IncomingTicket, Reporter};

/// A dispatched ticket waiting for its station: the centre's id and the ticket as dispatched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispatched {
    pub id: i64,
    pub ticket: IncomingTicket,
}

/// What a dispatch did: the tickets written, and those the station already had from the centre.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DispatchOutcome {
    pub dispatched: Vec<String>,
    pub already: Vec<String>,
}

impl Centre {
    /// Dispatches `tickets` to `station` in one transaction; a number already dispatched to it is
    /// skipped (dispatching the same feed twice changes nothing). The station must be known here.
    pub fn dispatch(
        &mut self,
        station: &str,
        tickets: &[IncomingTicket],
    ) -> CentralResult<DispatchOutcome> {
        self.check_owner(("派发投诉举报", "dispatching complaints"))?;
        let mut tx = self.client.transaction()?;
        if tx.query_opt("SELECT 1 FROM stations WHERE code = $1", &[&station])?.is_none() {
            return Err(super::CentralError::Inconsistent(format!(
                "no station {station} has pushed to the centre yet: its tickets have nowhere to go"
            )));
        }
        let mut outcome = DispatchOutcome::default();
        for t in tickets {
            let written = tx.execute(
                "INSERT INTO dispatched_tickets (station, number, channel, received_at, place,
                     content, reporter_name, reporter_phone, anonymous, due)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (station, number) DO NOTHING",
                &[
                    &station,
                    &t.number.trim(),
                    &t.channel.key(),
                    &t.received_at,
                    &t.place,
                    &t.content,
                    &t.reporter.name,
                    &t.reporter.phone,
                    &t.reporter.anonymous,
                    &t.due,
                ],
            )?;
            let list = if written == 1 { &mut outcome.dispatched } else { &mut outcome.already };
            list.push(t.number.trim().to_string());
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// The tickets dispatched to `station` and not yet delivered, oldest first.
    pub fn waiting_tickets(&mut self, station: &str) -> CentralResult<Vec<Dispatched>> {
        let rows = self.client.query(
            "SELECT id, number, channel, received_at, place, content, reporter_name,
                    reporter_phone, anonymous, due
             FROM dispatched_tickets WHERE station = $1 AND delivered_at IS NULL ORDER BY id",
            &[&station],
        )?;
        rows.iter()
            .map(|r| {
                let channel: String = r.get(2);
                let channel = Channel::from_key(&channel).ok_or_else(|| {
                    super::CentralError::Inconsistent(format!("unknown channel {channel}"))
                })?;
                let ticket = IncomingTicket {
                    number: r.get(1),
                    channel,
                    received_at: r.get(3),
                    place: r.get(4),
                    content: r.get(5),
                    reporter: Reporter { name: r.get(6), phone: r.get(7), anonymous: r.get(8) },
                    due: r.get(9),
                };
                Ok(Dispatched { id: r.get(0), ticket })
            })
            .collect()
    }

    /// How many tickets wait at the centre for `station`.
    pub fn waiting_count(&mut self, station: &str) -> CentralResult<i64> {
        let row = self.client.query_one(
            "SELECT count(*) FROM dispatched_tickets WHERE station = $1 AND delivered_at IS NULL",
            &[&station],
        )?;
        Ok(row.get(0))
    }

    /// Records that the station took dispatched ticket `id` in as its ticket `local_id`. Once:
    /// a second call (a sync cut after the first) changes nothing.
    pub fn mark_delivered(&mut self, id: i64, local_id: i64) -> CentralResult<()> {
        self.client.execute(
            "UPDATE dispatched_tickets SET delivered_at = now(), local_id = $2
             WHERE id = $1 AND delivered_at IS NULL",
            &[&id, &local_id],
        )?;
        Ok(())
    }
}
