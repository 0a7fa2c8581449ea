//! The replay: the events alone, read in order, say what every table must hold. Each event's
//! rows are looked up by the event that wrote them (every such column is indexed) and compared
//! column by column; what later events change (an account's lock, a ticket's status, a case's
//! stage and state, a counter) is folded in memory and compared with the table at the end; and
//! every table must hold exactly as many rows as the events created, so a row slipped in without
//! its event shows too. A case's state is re-derived by `domain::case::apply` from the state
//! opening recorded and each step, so a stage that does not follow from its steps shows.
//!
//! Values the log keeps out (a reporter's phone, a party's identity number, a password hash) are
//! compared through the witness digest the event holds (`check_witness`), and never printed.

mod accounts;
mod cases;
mod catalog;
mod documents;
mod laws;
mod patrols;
mod published;
mod search;
mod station;
mod tickets;

use super::Problem;
use crate::events::{witness, EventRecord};
use crate::{StoreError, StoreResult};
use chrono::{DateTime, SecondsFormat};
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension, Params};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Why one event could not be replayed.
enum Fault {
    /// The payload lacks a field or holds a wrong type (the event is as written; the replay
    /// cannot read it).
    Payload(String),
    /// The replay found the problem itself (already worded).
    Found(Problem),
    Store(StoreError),
}

impl From<StoreError> for Fault {
    fn from(e: StoreError) -> Self {
        Fault::Store(e)
    }
}

impl From<rusqlite::Error> for Fault {
    fn from(e: rusqlite::Error) -> Self {
        Fault::Store(e.into())
    }
}

type Replayed = Result<(), Fault>;

/// One event as the projections read it.
struct Event<'e> {
    seq: i64,
    kind: &'e str,
    actor: &'e str,
    /// The event's moment at whole seconds, as rows record it.
    at_secs: &'e str,
    payload: Payload<'e>,
}

/// An event's payload parsed and its moment to the second: what the replay reads of it.
pub(super) struct Read {
    payload: Result<Json, String>,
    at_secs: String,
}

impl Read {
    pub(super) fn of(record: &EventRecord) -> Read {
        let payload = serde_json::from_str(&record.payload).map_err(|e| e.to_string());
        let at_secs = DateTime::parse_from_rfc3339(&record.at)
            .map(|t| t.to_utc().to_rfc3339_opts(SecondsFormat::Secs, true))
            .unwrap_or_else(|_| record.at.clone());
        Read { payload, at_secs }
    }
}

/// Typed access to a payload's fields.
#[derive(Clone, Copy)]
struct Payload<'e>(&'e Json);

impl<'e> Payload<'e> {
    fn field(&self, key: &str) -> Option<&'e Json> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    fn has(&self, key: &str) -> bool {
        self.0.get(key).is_some()
    }

    fn text(&self, key: &str) -> Result<&'e str, Fault> {
        self.field(key)
            .and_then(Json::as_str)
            .ok_or_else(|| Fault::Payload(format!("no text field “{key}”")))
    }

    fn opt_text(&self, key: &str) -> Option<&'e str> {
        self.field(key).and_then(Json::as_str)
    }

    fn int(&self, key: &str) -> Result<i64, Fault> {
        self.field(key)
            .and_then(Json::as_i64)
            .ok_or_else(|| Fault::Payload(format!("no number field “{key}”")))
    }

    fn opt_int(&self, key: &str) -> Option<i64> {
        self.field(key).and_then(Json::as_i64)
    }

    /// The field as it is (null when absent): compared or read in place, never copied.
    fn json(&self, key: &str) -> &'e Json {
        static ABSENT: Json = Json::Null;
        self.0.get(key).unwrap_or(&ABSENT)
    }
}

/// What one column must hold: borrowed from the event or the replay's state where it can be
/// (a county's ten years compare tens of millions of columns).
enum Expect<'a> {
    Is(Sql),
    Text(Cow<'a, str>),
    /// JSON text whose value must be equal (key order and spacing aside).
    Json(Cow<'a, Json>),
    /// Not stated by this (older) event: not compared.
    Unstated,
}

fn text<'a>(s: impl Into<Cow<'a, str>>) -> Expect<'a> {
    Expect::Text(s.into())
}

/// A text copied: for a value held in the replay's own state, which `compare` may not borrow.
fn owned(s: &str) -> Expect<'static> {
    Expect::Text(Cow::Owned(s.to_string()))
}

fn opt_text(s: Option<&str>) -> Expect<'_> {
    s.map_or(Expect::Is(Sql::Null), text)
}

fn int(i: i64) -> Expect<'static> {
    Expect::Is(Sql::Integer(i))
}

fn opt_int(i: Option<i64>) -> Expect<'static> {
    Expect::Is(i.map_or(Sql::Null, Sql::Integer))
}

fn json(v: &Json) -> Expect<'_> {
    Expect::Json(Cow::Borrowed(v))
}

/// How a value is shown in a problem report.
fn shown(v: &Sql) -> String {
    match v {
        Sql::Null => "NULL".into(),
        Sql::Integer(i) => i.to_string(),
        Sql::Real(r) => r.to_string(),
        Sql::Text(t) => format!("“{}”", zhifa_core::text::truncate(t, 60)),
        Sql::Blob(b) => format!("{} bytes", b.len()),
    }
}

fn holds(expect: &Expect, found: &Sql) -> bool {
    match (expect, found) {
        (Expect::Unstated, _) => true,
        (Expect::Is(v), found) => v == found,
        (Expect::Text(s), Sql::Text(t)) => s == t,
        (Expect::Text(_), _) => false,
        (Expect::Json(v), Sql::Text(t)) => serde_json::from_str::<Json>(t).ok().as_ref() == Some(v),
        (Expect::Json(_), _) => false,
    }
}

/// Rows read ahead per chunk by `row_of_event`.
const AHEAD: usize = 2048;

/// The rows of one lookup by event read ahead (see `Replay::row_of_event`).
#[derive(Default)]
struct Ahead {
    rows: std::collections::VecDeque<(i64, Vec<Sql>)>,
    /// The event column's value of the last row read.
    after: i64,
    done: bool,
}

/// Everything the events have said so far.
pub(super) struct Replay<'c> {
    conn: &'c Connection,
    /// Lookups by event, read ahead (by the address of their SQL: each is one literal).
    ahead: std::collections::HashMap<usize, Ahead>,
    pub(super) problems: Vec<Problem>,
    /// Rows each table must hold.
    counts: BTreeMap<&'static str, i64>,
    accounts: accounts::Accounts,
    catalog: catalog::Catalogs,
    tickets: tickets::Tickets,
    patrols: patrols::Patrols,
    cases: cases::Cases,
    documents: documents::Documents,
    search: search::Search,
    station: station::Stations,
    laws: laws::Laws,
}

impl<'c> Replay<'c> {
    pub(super) fn new(conn: &'c Connection) -> StoreResult<Replay<'c>> {
        Ok(Replay {
            conn,
            ahead: std::collections::HashMap::new(),
            problems: Vec::new(),
            counts: BTreeMap::new(),
            accounts: accounts::Accounts::new()?,
            catalog: catalog::Catalogs::default(),
            tickets: tickets::Tickets::default(),
            patrols: patrols::Patrols::default(),
            cases: cases::Cases::default(),
            documents: documents::Documents::default(),
            search: search::Search::default(),
            station: station::Stations::default(),
            laws: laws::Laws::default(),
        })
    }

    /// Replays one event, read as `read` gives it (which may be done on another thread).
    pub(super) fn apply(&mut self, record: &EventRecord, read: &Read) -> StoreResult<()> {
        let json = match &read.payload {
            Ok(json) => json,
            Err(e) => {
                self.bad_event(record, e.clone());
                return Ok(());
            }
        };
        let at_secs = read.at_secs.as_str();
        let event = Event {
            seq: record.seq,
            kind: &record.kind,
            actor: &record.actor,
            at_secs,
            payload: Payload(json),
        };
        match self.project(&event) {
            Ok(()) => Ok(()),
            Err(Fault::Payload(detail)) => {
                self.bad_event(record, detail);
                Ok(())
            }
            Err(Fault::Found(problem)) => {
                self.problems.push(problem);
                Ok(())
            }
            Err(Fault::Store(e)) => Err(e),
        }
    }

    fn project(&mut self, e: &Event) -> Replayed {
        let family = e.kind.split('.').next().unwrap_or_default();
        match family {
            "brigade" | "team" | "officer" | "auth" | "grid" | "calendar" => {
                accounts::project(self, e)
            }
            "catalog" => catalog::project(self, e),
            "ticket" => tickets::project(self, e),
            "patrol" => patrols::project(self, e),
            "case" => cases::project(self, e),
            "document" => documents::project(self, e),
            "search" => search::project(self, e),
            "station" => station::project(self, e),
            "law" => laws::project(self, e),
            // Events that record without changing a table.
            "history" | "backup" => Ok(()),
            _ => Err(Fault::Payload(format!("unknown kind of event “{}”", e.kind))),
        }
    }

    fn bad_event(&mut self, record: &EventRecord, detail: String) {
        self.problems.push(Problem::BadEvent {
            seq: record.seq,
            kind: record.kind.clone(),
            detail,
        });
    }

    /// One more row `table` must hold.
    fn created(&mut self, table: &'static str, rows: i64) {
        *self.counts.entry(table).or_default() += rows;
    }

    /// The row `sql` selects (by the event that wrote it, or its key), if any.
    fn row(&self, sql: &str, params: impl Params) -> StoreResult<Option<Vec<Sql>>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let row = stmt
            .query_row(params, |r| (0..columns).map(|i| r.get::<_, Sql>(i)).collect())
            .optional()?;
        Ok(row)
    }

    /// The row `sql` (`SELECT … FROM table WHERE column = ?1`, `column` naming the event that
    /// wrote the row) selects for the event `seq`: read ahead in the order of that column, a
    /// chunk at a time, rather than looked up event by event. Each kind of event asks in the
    /// order of the log, once per event, so the rows are read in one pass; a row for a number
    /// no event asks about is passed over as the lookup would pass it over (the count of rows
    /// shows it).
    fn row_of_event(&mut self, sql: &'static str, seq: i64) -> StoreResult<Option<Vec<Sql>>> {
        let conn = self.conn;
        let ahead = self.ahead.entry(sql.as_ptr() as usize).or_default();
        loop {
            while let Some((at, _)) = ahead.rows.front() {
                match (*at).cmp(&seq) {
                    std::cmp::Ordering::Less => {
                        ahead.rows.pop_front();
                    }
                    std::cmp::Ordering::Equal => {
                        return Ok(ahead.rows.pop_front().map(|(_, row)| row));
                    }
                    std::cmp::Ordering::Greater => return Ok(None),
                }
            }
            if ahead.done {
                return Ok(None);
            }
            let (select, column) = sql
                .rsplit_once(" WHERE ")
                .and_then(|(select, rest)| Some((select, rest.strip_suffix(" = ?1")?)))
                .ok_or_else(|| StoreError::Corrupt(format!("not a lookup by event: {sql}")))?;
            let (columns, table) = select
                .split_once(" FROM ")
                .ok_or_else(|| StoreError::Corrupt(format!("not a lookup by event: {sql}")))?;
            // The number in the text, not bound: a bound value makes SQLite plan the query
            // again at each chunk (its statistics could change the plan), which costs more than
            // preparing it.
            let chunk = format!(
                "{columns}, {column} FROM {table} WHERE {column} > {} ORDER BY {column} LIMIT {AHEAD}",
                ahead.after
            );
            let mut stmt = conn.prepare(&chunk)?;
            let n = stmt.column_count() - 1;
            let mut rows = stmt.query([])?;
            let (mut read, mut advanced) = (0, false);
            while let Some(r) = rows.next()? {
                read += 1;
                // Only a number names an event (text sorts after every number: the last chunk).
                if let Sql::Integer(at) = r.get::<_, Sql>(n)? {
                    let row = (0..n).map(|i| r.get::<_, Sql>(i)).collect::<Result<Vec<_>, _>>()?;
                    ahead.after = at;
                    ahead.rows.push_back((at, row));
                    advanced = true;
                }
            }
            ahead.done = read < AHEAD || !advanced;
        }
    }

    /// Every row `sql` selects.
    fn rows(&self, sql: &str, params: impl Params) -> StoreResult<Vec<Vec<Sql>>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let rows =
            stmt.query_map(params, |r| (0..columns).map(|i| r.get::<_, Sql>(i)).collect())?;
        rows.collect::<Result<_, _>>().map_err(StoreError::from)
    }

    /// Each row `sql` selects, handed to `each` as it is read (a table of millions of rows is
    /// compared without holding it).
    fn each_row(
        &mut self,
        sql: &str,
        params: impl Params,
        mut each: impl FnMut(&mut Self, &[Sql]),
    ) -> StoreResult<()> {
        let conn = self.conn;
        let mut stmt = conn.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query(params)?;
        let mut row = Vec::with_capacity(columns);
        while let Some(r) = rows.next()? {
            row.clear();
            for i in 0..columns {
                row.push(r.get::<_, Sql>(i)?);
            }
            each(self, &row);
        }
        Ok(())
    }

    /// Compares a row with what the events say, column by column; the first difference is a
    /// problem.
    fn compare(&mut self, at: Place, expected: &[(&str, Expect)], found: Option<&[Sql]>) {
        let Some(found) = found else {
            self.problems.push(Problem::RowMissing {
                table: at.table.into(),
                key: at.key,
                event: at.event,
            });
            return;
        };
        let differs = expected.iter().zip(found).find(|((_, e), f)| !holds(e, f));
        if let Some(((column, expect), found)) = differs {
            let expected = match expect {
                Expect::Json(v) => zhifa_core::text::truncate(&v.to_string(), 60),
                Expect::Is(v) => shown(v),
                Expect::Text(t) => format!("“{}”", zhifa_core::text::truncate(t, 60)),
                Expect::Unstated => String::new(),
            };
            self.problems.push(Problem::RowDiffers {
                table: at.table.into(),
                key: at.key,
                column: (*column).into(),
                expected,
                found: shown(found),
            });
        }
    }

    /// Values the log keeps out (personal data, credentials), checked by the witness the event
    /// `stated`: a difference is reported, the values never shown.
    fn check_witness(&mut self, at: Place, columns: &str, stated: &str, values: &Json) {
        if witness(values) != stated {
            let hidden = || "(not shown)".to_string();
            self.problems.push(Problem::RowDiffers {
                table: at.table.into(),
                key: at.key,
                column: columns.into(),
                expected: hidden(),
                found: hidden(),
            });
        }
    }

    /// The end of the log: what later events changed, and how many rows each table holds.
    pub(super) fn finish(mut self) -> StoreResult<(BTreeMap<String, i64>, Vec<Problem>)> {
        accounts::finish(&mut self)?;
        tickets::finish(&mut self)?;
        patrols::finish(&mut self)?;
        cases::finish(&mut self)?;
        documents::finish(&mut self)?;
        search::finish(&mut self)?;
        station::finish(&mut self)?;
        laws::finish(&mut self)?;
        let mut checked = BTreeMap::new();
        for (table, expected) in std::mem::take(&mut self.counts) {
            let found: i64 =
                self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            if found != expected {
                self.problems.push(Problem::RowCount { table: table.into(), expected, found });
            }
            checked.insert(table.to_string(), found);
        }
        Ok((checked, self.problems))
    }
}

/// Where a compared row is, for the report.
struct Place {
    table: &'static str,
    key: String,
    event: i64,
}

impl Place {
    fn new(table: &'static str, key: impl ToString, event: i64) -> Place {
        Place { table, key: key.to_string(), event }
    }
}

/// A text cell's value ("" for anything else).
fn sql_text(v: &Sql) -> &str {
    match v {
        Sql::Text(t) => t,
        _ => "",
    }
}

/// Each column that names the event that wrote its row (all indexed).
const EVENT_COLUMNS: [(&str, &str); 17] = [
    ("brigades", "event_seq"),
    ("teams", "event_seq"),
    ("officers", "created_event"),
    ("grids", "event_seq"),
    ("calendar_years", "event_seq"),
    ("catalog_versions", "event_seq"),
    ("tickets", "created_event"),
    ("ticket_actions", "event_seq"),
    ("patrols", "created_event"),
    ("patrol_findings", "event_seq"),
    ("cases", "created_event"),
    ("case_steps", "event_seq"),
    ("documents", "event_seq"),
    ("search_lexicon", "event_seq"),
    ("search_choices", "last_event"),
    ("station", "event_seq"),
    ("law_versions", "event_seq"),
];

/// Rows written by events after the head: the log was cut short (the start-up check).
pub(super) fn rows_past_head(conn: &Connection, head: i64) -> StoreResult<Vec<Problem>> {
    let mut problems = Vec::new();
    for (table, column) in EVENT_COLUMNS {
        let last: i64 =
            conn.query_row(&format!("SELECT coalesce(max({column}), 0) FROM {table}"), [], |r| {
                r.get(0)
            })?;
        if last > head {
            problems.push(Problem::RowMissing {
                table: "events".into(),
                key: format!("{table}.{column} = {last}"),
                event: last,
            });
        }
    }
    Ok(problems)
}

/// Every kind of event the replay projects. A kind the store writes that is not here would be
/// reported by every `zhifa verify` as an event it cannot replay.
#[cfg(test)]
const KINDS: &[&str] = &[
    "auth.locked",
    "auth.login_failed",
    "auth.login_ok",
    "backup.made",
    "backup.restored",
    "brigade.add",
    "calendar.import",
    "case.open",
    "case.step",
    "catalog.import",
    "document.issue",
    "grid.add",
    "history.generate",
    "law.load",
    "officer.add",
    "officer.deactivate",
    "officer.password_set",
    "officer.unlock",
    "patrol.finding",
    "patrol.finish",
    "patrol.plan",
    "patrol.sign_off",
    "patrol.start",
    "search.choice",
    "search.choices_cleared",
    "search.lexicon_load",
    "station.set",
    "team.add",
    "ticket.add",
    "ticket.assign",
    "ticket.callback",
    "ticket.link",
    "ticket.reply",
    "ticket.transfer",
];

#[cfg(test)]
mod tests {
    use super::KINDS;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The kinds named as string literals in the store's sources (`"family.kind"`), plus the
    /// ticket actions written as `ticket.{kind}`.
    const FAMILIES: [&str; 16] = [
        "auth", "backup", "brigade", "calendar", "case", "catalog", "document", "grid", "history",
        "law", "officer", "patrol", "search", "station", "team", "ticket",
    ];

    fn kinds_in_store_sources() -> BTreeSet<String> {
        let mut kinds = BTreeSet::new();
        let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("store sources").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                // The replay's own sources name the kinds it knows; the scan is of the writers.
                if path.components().any(|c| c.as_os_str() == "verify") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source");
                for literal in text.split('"').skip(1).step_by(2) {
                    let Some((family, kind)) = literal.split_once('.') else { continue };
                    let word = |w: &str| {
                        !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    };
                    if FAMILIES.contains(&family) && (word(kind) || kind == "{kind}") {
                        kinds.insert(literal.to_string());
                    }
                }
            }
        }
        kinds.remove("ticket.{kind}");
        for action in ["assign", "reply", "callback", "transfer", "link"] {
            kinds.insert(format!("ticket.{action}"));
        }
        kinds
    }

    #[test]
    fn every_kind_of_event_the_store_writes_is_replayed() {
        let written = kinds_in_store_sources();
        assert!(written.len() > 20, "the scan finds the store's events: {written:?}");
        let known: BTreeSet<String> = KINDS.iter().map(|k| k.to_string()).collect();
        let missing: Vec<_> = written.difference(&known).collect();
        assert!(missing.is_empty(), "events the replay does not project: {missing:?}");
    }
}
