//! Tickets and their actions; the status, team and duplicate each action leaves.

use super::{
    int, opt_int, opt_text, owned, sql_text, text, Event, Expect, Fault, Place, Replay, Replayed,
};
use crate::{Problem, StoreResult};
use rusqlite::types::Value as Sql;
use serde_json::json;
use std::collections::HashMap;

/// A ticket as its actions leave it.
struct Ticket {
    status: &'static str,
    /// The team's code, held once for all its tickets (a county has half a million).
    team: Option<std::rc::Rc<str>>,
    duplicate_of: Option<i64>,
    actions: i64,
}

#[derive(Default)]
pub(super) struct Tickets {
    tickets: HashMap<i64, Ticket>,
    /// Each team's code, once.
    teams: std::collections::HashSet<std::rc::Rc<str>>,
    last_id: i64,
}

pub(super) fn project(r: &mut Replay, e: &Event) -> Replayed {
    match e.kind {
        "ticket.add" => add(r, e),
        _ => act(r, e),
    }
}

fn add(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    // In the order of `expected` (compared column by column), then what is checked apart.
    let sql = "SELECT number, channel, received_at, anonymous, place, content, reply_due, \
               item_version, item_code, item_domain, id, reporter_name, reporter_phone \
               FROM tickets WHERE created_event = ?1";
    let found = r.row_of_event(sql, e.seq)?;
    let number = p.text("number")?;
    let anonymous = p.field("anonymous").and_then(|v| v.as_bool()).unwrap_or(false);
    // The item routing found at intake (db/0020); none stated (no match, or an event written
    // before it was recorded): all three NULL.
    let item = p.field("item").filter(|v| !v.is_null());
    let item_part = |key: &str| item.and_then(|i| i.get(key));
    let item_version = item_part("version").and_then(|v| v.as_i64());
    let item_code = item_part("code").and_then(|v| v.as_str());
    let item_domain = item_part("domain").and_then(|v| v.as_str());
    if item.is_some() && (item_version.is_none() || item_code.is_none() || item_domain.is_none()) {
        return Err(Fault::Payload("item without its version, code and domain".into()));
    }
    let expected = [
        ("number", text(number)),
        ("channel", text(p.text("channel")?)),
        ("received_at", text(p.text("received_at")?)),
        ("anonymous", int(i64::from(anonymous))),
        ("place", text(p.text("place")?)),
        // Stated by events written before the text left the log; a witness since.
        ("content", if p.has("content") { text(p.text("content")?) } else { Expect::Unstated }),
        ("reply_due", opt_text(p.opt_text("reply_due"))),
        ("item_version", opt_int(item_version)),
        ("item_code", opt_text(item_code)),
        ("item_domain", opt_text(item_domain)),
    ];
    let place = || Place::new("tickets", number, e.seq);
    r.compare(place(), &expected, found.as_deref());
    r.created("tickets", 1);
    let Some(row) = found else { return Ok(()) };
    if let Some(stated) = p.opt_text("content_witness") {
        r.check_witness(place(), "content", stated, &json!(sql_text(&row[5])));
    }
    if let Some(stated) = p.opt_text("reporter") {
        let reporter = json!([sql_text(&row[11]), sql_text(&row[12])]);
        r.check_witness(place(), "reporter_name, reporter_phone", stated, &reporter);
    }
    let Sql::Integer(id) = row[10] else { return Ok(()) };
    // Tickets are never deleted, so ids follow the order of their events.
    if id <= r.tickets.last_id {
        return Err(Fault::Found(Problem::RowDiffers {
            table: "tickets".into(),
            key: number.into(),
            column: "id".into(),
            expected: format!("more than {}", r.tickets.last_id),
            found: id.to_string(),
        }));
    }
    r.tickets.last_id = id;
    let ticket = Ticket { status: "received", team: None, duplicate_of: None, actions: 0 };
    r.tickets.tickets.insert(id, ticket);
    Ok(())
}

/// An action: its history row, and what it does to the ticket.
fn act(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    let id = p.int("ticket")?;
    // A reply's or callback's words are a witness since they left the log; earlier events, and
    // every other action, state them.
    let witnessed = p.opt_text("detail_witness");
    let detail = if witnessed.is_some() { "" } else { p.text("detail")? };
    let kind = e.kind.trim_start_matches("ticket.");
    let Some(ticket) = r.tickets.tickets.get_mut(&id) else {
        return Err(Fault::Payload(format!("names ticket {id}, which no event created")));
    };
    ticket.actions += 1;
    let seq = ticket.actions;
    match kind {
        "assign" => {
            let team = match r.tickets.teams.get(detail) {
                Some(team) => std::rc::Rc::clone(team),
                None => {
                    let team: std::rc::Rc<str> = std::rc::Rc::from(detail);
                    r.tickets.teams.insert(std::rc::Rc::clone(&team));
                    team
                }
            };
            let Some(ticket) = r.tickets.tickets.get_mut(&id) else {
                return Err(Fault::Payload(format!("no ticket {id}")));
            };
            ticket.team = Some(team);
            if ticket.status == "received" {
                ticket.status = "assigned";
            }
        }
        "reply" => ticket.status = "replied",
        "callback" => {
            let satisfied = match p.field("satisfied").and_then(|v| v.as_bool()) {
                Some(stated) => stated,
                None => detail.starts_with(crate::tickets::SATISFIED),
            };
            ticket.status = if satisfied { "closed" } else { "assigned" };
        }
        "transfer" => ticket.status = "transferred",
        "link" => {
            ticket.duplicate_of = detail.parse().ok();
            ticket.status = "closed";
        }
        other => return Err(Fault::Payload(format!("unknown ticket action “{other}”"))),
    }
    let sql = "SELECT ticket_id, seq, kind, detail, actor, at FROM ticket_actions \
               WHERE event_seq = ?1";
    let found = r.row_of_event(sql, e.seq)?;
    let expected = [
        ("ticket_id", int(id)),
        ("seq", int(seq)),
        ("kind", text(kind)),
        ("detail", if witnessed.is_some() { Expect::Unstated } else { text(detail) }),
        ("actor", text(e.actor)),
        ("at", text(e.at_secs)),
    ];
    let place = || Place::new("ticket_actions", format!("{id}/{seq}"), e.seq);
    r.compare(place(), &expected, found.as_deref());
    if let (Some(stated), Some(row)) = (witnessed, found.as_deref()) {
        r.check_witness(place(), "detail", stated, &json!(sql_text(&row[3])));
    }
    r.created("ticket_actions", 1);
    Ok(())
}

pub(super) fn finish(r: &mut Replay) -> StoreResult<()> {
    let sql = "SELECT id, status, team_code, duplicate_of FROM tickets ORDER BY id";
    r.each_row(sql, [], |r, row| {
        let Sql::Integer(id) = row[0] else { return };
        let Some(ticket) = r.tickets.tickets.get(&id) else { return };
        let expected = [
            ("id", int(id)),
            ("status", text(ticket.status)),
            ("team_code", ticket.team.as_deref().map_or(opt_text(None), owned)),
            ("duplicate_of", opt_int(ticket.duplicate_of)),
        ];
        r.compare(Place::new("tickets", id, 0), &expected, Some(row));
    })
}
