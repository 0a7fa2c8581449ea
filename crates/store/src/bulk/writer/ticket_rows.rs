//! A ticket's rows and events as `Store::add_tickets`, `assign_ticket` and `reply_ticket` write
//! them: the ticket (its team and status as they stand at the end of the history), then each
//! action at its moment.

use super::super::tickets::TicketLife;
use super::super::Queue;
use super::{Happening, Writer, TIME};
use crate::events;
use crate::tickets;
use crate::StoreResult;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Transaction};
use zhifa_core::domain::actor::Actor;

impl Writer<'_> {
    pub(super) fn add_ticket(
        &mut self,
        tx: &Transaction<'_>,
        actor: &Actor,
        now: DateTime<Utc>,
        life: TicketLife,
        queue: &mut Queue,
    ) -> StoreResult<usize> {
        let t = &life.incoming;
        let received = t.received_at.format(TIME).to_string();
        let due = life.reply_due.map(|d| d.to_string());
        let payload = tickets::add_payload(t, life.reply_due, life.item.as_ref());
        let seq = events::append(tx, actor, now, "ticket.add", &payload)?;
        tx.prepare_cached(
            "INSERT INTO tickets (number, channel, received_at, reporter_name, reporter_phone,
                 anonymous, place, content, reply_due, team_code, status, created_event,
                 item_version, item_code, item_domain)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?
        .execute(params![
            t.number,
            t.channel.key(),
            received,
            t.reporter.name,
            t.reporter.phone,
            t.reporter.anonymous,
            t.place,
            t.content,
            due,
            life.team(),
            life.status().key(),
            seq,
            life.item.as_ref().map(|i| i.version),
            life.item.as_ref().map(|i| &i.code),
            life.item.as_ref().map(|i| &i.domain),
        ])?;
        let id = tx.last_insert_rowid();
        let mut action = 0;
        if let Some((moment, team)) = &life.assigned {
            action += 1;
            self.last_ticket.insert(team.clone(), id);
            let detail = team.clone();
            let what = Happening::TicketAction { ticket: id, seq: action, kind: "assign", detail };
            queue.push(moment.clone(), what);
        }
        if let Some((moment, detail)) = life.replied {
            let what =
                Happening::TicketAction { ticket: id, seq: action + 1, kind: "reply", detail };
            queue.push(moment, what);
        }
        Ok(2)
    }
}

/// An assignment or a reply: its event and its row in the ticket's history.
pub(super) fn ticket_action(
    tx: &Transaction<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    ticket: i64,
    seq: i64,
    kind: &str,
    detail: &str,
) -> StoreResult<usize> {
    let payload = tickets::action_payload(ticket, kind, detail);
    let event = events::append(tx, actor, now, &format!("ticket.{kind}"), &payload)?;
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    tx.prepare_cached(
        "INSERT INTO ticket_actions (ticket_id, seq, kind, detail, actor, at, event_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![ticket, seq, kind, detail, actor.id, at, event])?;
    Ok(2)
}
