//! Tickets in SQLite: a feed's tickets added in one transaction (one event per ticket; numbers
//! already stored are skipped, so a feed can be imported again), then assignment and replies,
//! each a `ticket_actions` row and an event.

use super::identity::{authorize, Identity};
use super::{events, next_in_history, officers, History, Store, StoreError, StoreResult};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde_json::json;
use zhifa_core::domain::officer::Operation;
use zhifa_core::domain::ticket::{
    Channel, IncomingTicket, Reporter, Ticket, TicketItem, TicketStatus,
};

/// What adding a batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Added {
    pub added: Vec<i64>,
    /// Numbers already stored for their channel: skipped.
    pub already: Vec<String>,
}

const TIME: &str = "%Y-%m-%d %H:%M:%S";
const COLUMNS: &str = "id, number, channel, received_at, reporter_name, reporter_phone, \
    anonymous, place, content, reply_due, team_code, status, duplicate_of, item_version, item_code, \
    item_domain";

/// Why a ticket action was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketRefusal {
    #[error("ticket {0} has not been answered yet: the callback follows the reply")]
    NotReplied(i64),
    #[error("ticket {0} is already {1}: it can no longer be transferred")]
    NotOpen(i64, &'static str),
    #[error("a ticket cannot repeat itself")]
    LinkToSelf,
    #[error("{0}")]
    Reference(#[from] zhifa_intake::numbers::ReferenceError),
    #[error("catalog version {0} has no item {1}: the item a complaint concerns is one of the catalog in force")]
    NoSuchItem(i64, String),
}

impl TicketRefusal {
    pub fn message_zh(&self) -> String {
        match self {
            Self::NotReplied(id) => format!("投诉举报 {id} 尚未答复：先答复，再回访"),
            Self::NotOpen(id, status) => format!("投诉举报 {id} 已{status}，不能再转办"),
            Self::LinkToSelf => "不能关联到自身".into(),
            Self::Reference(error) => error.message_zh(),
            Self::NoSuchItem(version, code) => {
                format!("目录版本 {version} 中没有事项 {code}：投诉涉及的事项须出自当日施行的目录")
            }
        }
    }
}

impl From<TicketRefusal> for StoreError {
    fn from(refusal: TicketRefusal) -> Self {
        StoreError::Ticket(refusal)
    }
}

impl Store {
    /// Takes in one ticket typed at intake; `repeats`: the earlier ticket it repeats, so it is
    /// handled with that one instead of twice (recorded as a link, the new ticket closed). A
    /// ticket taken in by hand with no number (a walk-in, a phone call) is given the next of its
    /// channel's series for the year it was received (`LF2026-0001`,
    /// [`zhifa_intake::numbers`]): tickets are never deleted, so a number is given once.
    /// `item`: the catalog item routing found it concerns (`worklist::ticket_item`), recorded
    /// with it (its domain as that version states it); `None`: no item matched (未归类).
    pub fn take_in_ticket(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        ticket: &IncomingTicket,
        due: Option<NaiveDate>,
        repeats: Option<i64>,
        item: Option<&TicketItem>,
    ) -> StoreResult<Ticket> {
        officers::non_empty(&ticket.place, "place")?;
        officers::non_empty(&ticket.content, "content")?;
        self.write(|tx| {
            authorize(tx, who, Operation::HandleTickets)?;
            let mut ticket = ticket.clone();
            if ticket.number.trim().is_empty() {
                ticket.number = next_hand_number(tx, ticket.channel, ticket.received_at.year())?;
            }
            let id = insert(tx, who, now, &ticket, due, item)?;
            if let Some(original) = repeats {
                existing(tx, original)?;
                link(tx, who, now, id, original)?;
            }
            existing(tx, id)
        })
    }

    /// The ticket a typed reference points at: the number as lists show it, `#id`, or an id
    /// ([`zhifa_intake::numbers::resolve`]); refused when none or several match.
    pub fn ticket_by_reference(&self, reference: &str) -> StoreResult<i64> {
        let text = reference.trim();
        let id = text.trim_start_matches(['#', '＃']).trim().parse::<i64>().ok();
        let sql = format!("SELECT {COLUMNS} FROM tickets WHERE trim(number) = ?1 OR id = ?2");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params![text, id], ticket_from_row)?;
        let candidates: Vec<Ticket> =
            rows.map(|r| r.map_err(StoreError::from).and_then(|t| t)).collect::<Result<_, _>>()?;
        zhifa_intake::numbers::resolve(text, &candidates)
            .map_err(|e| TicketRefusal::Reference(e).into())
    }

    /// Records that ticket `id` repeats `original`: it is answered with it, not twice.
    pub fn link_ticket(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        original: i64,
    ) -> StoreResult<Ticket> {
        self.write(|tx| {
            authorize(tx, who, Operation::HandleTickets)?;
            existing(tx, id)?;
            existing(tx, original)?;
            link(tx, who, now, id, original)?;
            existing(tx, id)
        })
    }

    /// The callback (回访) after the reply: a satisfied complainant closes the ticket, an
    /// unsatisfied one sends it back to the team.
    pub fn callback_ticket(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        satisfied: bool,
        note: &str,
    ) -> StoreResult<Ticket> {
        self.write(|tx| {
            authorize(tx, who, Operation::HandleTickets)?;
            if existing(tx, id)?.status != TicketStatus::Replied {
                return Err(TicketRefusal::NotReplied(id).into());
            }
            let verdict = if satisfied { SATISFIED } else { "不满意" };
            act(tx, who, now, id, "callback", &format!("{verdict}：{}", note.trim()))?;
            let status = if satisfied { TicketStatus::Closed } else { TicketStatus::Assigned };
            tx.execute("UPDATE tickets SET status = ?1 WHERE id = ?2", params![status.key(), id])?;
            existing(tx, id)
        })
    }

    /// Transfers a ticket outside the bureau's remit to the authority that handles it.
    pub fn transfer_ticket(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        to: &str,
        reason: &str,
    ) -> StoreResult<Ticket> {
        let to = officers::non_empty(to, "transferred to")?;
        let reason = officers::non_empty(reason, "reason")?;
        self.write(|tx| {
            authorize(tx, who, Operation::HandleTickets)?;
            let ticket = existing(tx, id)?;
            if !ticket.status.awaits_reply() {
                return Err(TicketRefusal::NotOpen(id, ticket.status.label_zh()).into());
            }
            act(tx, who, now, id, "transfer", &format!("{to}：{reason}"))?;
            tx.execute("UPDATE tickets SET status = 'transferred' WHERE id = ?1", [id])?;
            existing(tx, id)
        })
    }

    /// Adds tickets, each with its reply date (`None`: no calendar covered it) and the item it
    /// concerns (`None`: none matched). All or nothing.
    pub fn add_tickets(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        tickets: &[(IncomingTicket, Option<NaiveDate>, Option<TicketItem>)],
    ) -> StoreResult<Added> {
        self.write(|tx| {
            authorize(tx, who, Operation::HandleTickets)?;
            let mut result = Added::default();
            for (ticket, due, item) in tickets {
                if exists(tx, ticket)? {
                    result.already.push(ticket.number.clone());
                    continue;
                }
                result.added.push(insert(tx, who, now, ticket, *due, item.as_ref())?);
            }
            Ok(result)
        })
    }

    /// The id of the ticket stored under `number` for `channel` (numbers are unique per channel).
    pub fn ticket_id(&self, channel: Channel, number: &str) -> StoreResult<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM tickets WHERE channel = ?1 AND number = ?2",
                params![channel.key(), number.trim()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every ticket, newest first.
    pub fn tickets(&self) -> StoreResult<Vec<Ticket>> {
        let sql = format!("SELECT {COLUMNS} FROM tickets ORDER BY received_at DESC, id DESC");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], ticket_from_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|t| t)).collect()
    }

    /// The tickets someone may have to act on, newest first: every one still awaiting a reply
    /// ([`TicketStatus::awaits_reply`], however old), and the others received on or after
    /// `since`. Years of answered tickets are not read.
    pub fn work_tickets(&self, since: NaiveDate) -> StoreResult<Vec<Ticket>> {
        let waiting: Vec<String> = TicketStatus::ALL
            .into_iter()
            .filter(|s| s.awaits_reply())
            .map(|s| s.key().to_string())
            .collect();
        let marks: Vec<String> = (2..waiting.len() + 2).map(|i| format!("?{i}")).collect();
        // Two short ranges, each of its own index (tickets_by_received, tickets_open_by_due).
        // Written as one `OR`, SQLite would rather walk every ticket in received order than sort.
        let sql = format!(
            "SELECT {COLUMNS} FROM tickets WHERE id IN (
                 SELECT id FROM tickets WHERE received_at >= ?1
                 UNION ALL SELECT id FROM tickets WHERE status IN ({}))
             ORDER BY received_at DESC, id DESC",
            marks.join(", ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let params = std::iter::once(since.to_string()).chain(waiting);
        let rows = stmt.query_map(rusqlite::params_from_iter(params), ticket_from_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|t| t)).collect()
    }

    pub fn ticket(&self, id: i64) -> StoreResult<Option<Ticket>> {
        load(&self.conn, id)
    }

    /// Gives a ticket to a team (team leaders: [`Operation::AssignWork`]).
    pub fn assign_ticket(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        team: &str,
    ) -> StoreResult<Ticket> {
        let team = team.trim().to_string();
        self.write(|tx| {
            authorize(tx, who, Operation::AssignWork)?;
            let ticket = existing(tx, id)?;
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM teams WHERE code = ?1)",
                [&team],
                |r| r.get(0),
            )?;
            if !known {
                return Err(StoreError::NoSuchTeam(team.clone()));
            }
            act(tx, who, now, id, "assign", &team)?;
            let status = if ticket.status == TicketStatus::Received {
                TicketStatus::Assigned
            } else {
                ticket.status
            };
            tx.execute(
                "UPDATE tickets SET team_code = ?1, status = ?2 WHERE id = ?3",
                params![team, status.key(), id],
            )?;
            existing(tx, id)
        })
    }

    /// Records the reply given to the complainant.
    pub fn reply_ticket(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        reply: &str,
    ) -> StoreResult<Ticket> {
        let reply = officers::non_empty(reply, "reply")?;
        self.write(|tx| {
            authorize(tx, who, Operation::HandleTickets)?;
            existing(tx, id)?;
            act(tx, who, now, id, "reply", &reply)?;
            tx.execute("UPDATE tickets SET status = 'replied' WHERE id = ?1", [id])?;
            existing(tx, id)
        })
    }
}

fn exists(tx: &Transaction<'_>, ticket: &IncomingTicket) -> StoreResult<bool> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM tickets WHERE channel = ?1 AND number = ?2)",
        params![ticket.channel.key(), ticket.number.trim()],
        |r| r.get(0),
    )?)
}

fn insert(
    tx: &Transaction<'_>,
    who: &Identity,
    now: DateTime<Utc>,
    ticket: &IncomingTicket,
    due: Option<NaiveDate>,
    item: Option<&TicketItem>,
) -> StoreResult<i64> {
    // The item's domain as its version states it (versions never change), not as the caller
    // says it.
    let item = match item {
        Some(item) => {
            let domain: Option<String> = tx
                .query_row(
                    "SELECT domain FROM catalog_items WHERE version_id = ?1 AND code = ?2",
                    params![item.version, item.code],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(domain) = domain else {
                return Err(TicketRefusal::NoSuchItem(item.version, item.code.clone()).into());
            };
            Some(TicketItem { domain, ..item.clone() })
        }
        None => None,
    };
    let payload = add_payload(ticket, due, item.as_ref());
    let seq = events::append(tx, who.actor(), now, "ticket.add", &payload)?;
    tx.execute(
        "INSERT INTO tickets (number, channel, received_at, reporter_name, reporter_phone,
             anonymous, place, content, reply_due, created_event, item_version, item_code,
             item_domain)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            ticket.number.trim(),
            ticket.channel.key(),
            ticket.received_at.format(TIME).to_string(),
            ticket.reporter.name,
            ticket.reporter.phone,
            ticket.reporter.anonymous,
            ticket.place,
            ticket.content,
            due.map(|d| d.to_string()),
            seq,
            item.as_ref().map(|i| i.version),
            item.as_ref().map(|i| &i.code),
            item.as_ref().map(|i| &i.domain),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// What a `ticket.add` event says. The reporter's name and phone, and the complaint's own text
/// (which often repeats a phone, an ID number or the name of a reporter who asked for
/// confidentiality), stay out of the append-only log: personal data lives in one place, the
/// ticket row, which lists mask; the log holds their witnesses. The item routing found it
/// concerns is stated as it is (`item`: version, code, domain), and left out when none matched
/// (as events written before it was recorded leave it out).
pub(super) fn add_payload(
    ticket: &IncomingTicket,
    due: Option<NaiveDate>,
    item: Option<&TicketItem>,
) -> serde_json::Value {
    let reporter = json!([ticket.reporter.name, ticket.reporter.phone]);
    let mut payload = json!({
        "number": ticket.number.trim(),
        "channel": ticket.channel.key(),
        "received_at": ticket.received_at.format(TIME).to_string(),
        "anonymous": ticket.reporter.anonymous,
        "place": ticket.place,
        "content_witness": events::witness(&json!(ticket.content)),
        "reply_due": due.map(|d| d.to_string()),
        "reporter": events::witness(&reporter),
    });
    if let Some(item) = item {
        payload["item"] =
            json!({ "version": item.version, "code": item.code, "domain": item.domain });
    }
    payload
}

/// The next number of the series of `channel` in `year`, after the highest given so far (a
/// range of the (channel, number) index: the series shares its start).
fn next_hand_number(tx: &Transaction<'_>, channel: Channel, year: i32) -> StoreResult<String> {
    use zhifa_intake::numbers::{place_in_series, series_number, series_start};
    let start = series_start(channel, year);
    // Every number of the series sorts from `start` up to `start` with '-' raised to '.'.
    let end = format!("{}.", start.trim_end_matches('-'));
    let mut stmt = tx.prepare(
        "SELECT number FROM tickets WHERE channel = ?1 AND number >= ?2 AND number < ?3",
    )?;
    let numbers = stmt.query_map(params![channel.key(), start, end], |r| r.get::<_, String>(0))?;
    let mut last = 0;
    for number in numbers {
        last = last.max(place_in_series(channel, year, &number?).unwrap_or(0));
    }
    Ok(series_number(channel, year, last + 1))
}

fn link(
    tx: &Transaction<'_>,
    who: &Identity,
    now: DateTime<Utc>,
    id: i64,
    original: i64,
) -> StoreResult<()> {
    if id == original {
        return Err(TicketRefusal::LinkToSelf.into());
    }
    act(tx, who, now, id, "link", &original.to_string())?;
    tx.execute(
        "UPDATE tickets SET duplicate_of = ?1, status = 'closed' WHERE id = ?2",
        params![original, id],
    )?;
    Ok(())
}

/// Appends one action (and its event) to a ticket's history.
fn act(
    tx: &Transaction<'_>,
    who: &Identity,
    now: DateTime<Utc>,
    id: i64,
    kind: &str,
    detail: &str,
) -> StoreResult<()> {
    let payload = action_payload(id, kind, detail);
    let seq = events::append(tx, who.actor(), now, &format!("ticket.{kind}"), &payload)?;
    let next = next_in_history(tx, History::TicketActions, id)?;
    tx.execute(
        "INSERT INTO ticket_actions (ticket_id, seq, kind, detail, actor, at, event_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            next,
            kind,
            detail,
            who.actor().id,
            now.to_rfc3339_opts(SecondsFormat::Secs, true),
            seq
        ],
    )?;
    Ok(())
}

/// How a callback's history line starts when the complainant was satisfied.
pub(super) const SATISFIED: &str = "满意";

/// What a ticket action's event says. The words of a reply or a callback are written to the
/// complainant and often repeat their name, phone or address: like the complaint's own text
/// they stay in the ticket's history row, and the log holds a witness (and, for a callback,
/// whether the complainant was satisfied, which decides the ticket's status). A team code, a
/// department or a ticket number is stated as it is.
pub(super) fn action_payload(id: i64, kind: &str, detail: &str) -> serde_json::Value {
    match kind {
        "reply" => json!({ "ticket": id, "detail_witness": events::witness(&json!(detail)) }),
        "callback" => json!({
            "ticket": id,
            "detail_witness": events::witness(&json!(detail)),
            "satisfied": detail.starts_with(SATISFIED),
        }),
        _ => json!({ "ticket": id, "detail": detail }),
    }
}

fn load(conn: &rusqlite::Connection, id: i64) -> StoreResult<Option<Ticket>> {
    let sql = format!("SELECT {COLUMNS} FROM tickets WHERE id = ?1");
    conn.query_row(&sql, [id], ticket_from_row).optional()?.transpose()
}

fn existing(conn: &rusqlite::Connection, id: i64) -> StoreResult<Ticket> {
    load(conn, id)?.ok_or(StoreError::NoSuchTicket(id))
}

fn ticket_from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Ticket>> {
    let id: i64 = r.get(0)?;
    let corrupt = |what: &str| Ok(Err(StoreError::Corrupt(format!("ticket {id}: {what}"))));
    let Some(channel) = Channel::from_key(&r.get::<_, String>(2)?) else {
        return corrupt("channel");
    };
    let Some(status) = TicketStatus::from_key(&r.get::<_, String>(11)?) else {
        return corrupt("status");
    };
    let Ok(received_at) = NaiveDateTime::parse_from_str(&r.get::<_, String>(3)?, TIME) else {
        return corrupt("received_at");
    };
    let item = match (r.get::<_, Option<i64>>(13)?, r.get::<_, Option<String>>(14)?) {
        (Some(version), Some(code)) => Some(TicketItem {
            version,
            code,
            domain: r.get::<_, Option<String>>(15)?.unwrap_or_default(),
        }),
        _ => None,
    };
    let due: Option<String> = r.get(9)?;
    let Ok(reply_due) = due.map(|d| d.parse::<NaiveDate>()).transpose() else {
        return corrupt("reply_due");
    };
    Ok(Ok(Ticket {
        id,
        incoming: IncomingTicket {
            number: r.get(1)?,
            channel,
            received_at,
            reporter: Reporter {
                name: r.get(4)?,
                phone: r.get(5)?,
                anonymous: r.get::<_, i64>(6)? == 1,
            },
            place: r.get(7)?,
            content: r.get(8)?,
            due: reply_due,
        },
        reply_due,
        team: r.get(10)?,
        status,
        duplicate_of: r.get(12)?,
        item,
        transfer_due: None,
        provisional: false,
    }))
}
