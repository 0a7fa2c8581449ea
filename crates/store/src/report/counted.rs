//! The report's fast path: the period's patrols, findings, re-inspections and tickets counted
//! without reading them as records. SQLite walks the same indexed ranges `report_records` reads,
//! through covering indexes (db/0017), and returns only the column grouped by, the month (by
//! month) and the few values a rule looks at; the rows are tallied here by those values, with no
//! record kept and no id. The counting rules are those of `report::compute` (what counts as done,
//! due, in time, satisfied), and a test holds the two paths to the same figures, group by group,
//! on a generated history (`report::tests::generated`).
//!
//! Why not GROUP BY in SQL: SQLite groups through a temporary B-tree, which on a year of findings
//! (344k) cost four times the walk itself (200 ms against 50 ms in the sqlite3 shell); a hash of
//! the few distinct keys here costs next to nothing.

use super::super::{Store, StoreError, StoreResult};
use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rustc_hash::FxHashMap;
use zhifa_core::report::{CountedRow, GroupBy, Period};

/// The department of origin of a ticket's item, in the catalog version recorded at intake.
pub(super) const DEPARTMENT_OF_TICKET_ITEM: &str = "(SELECT ci.department FROM catalog_items ci
     WHERE ci.version_id = tickets.item_version AND ci.code = tickets.item_code)";

/// How the grouping column reads: a plain code, or a JSON array of codes (a patrol's grids and
/// officers).
#[derive(Clone, Copy)]
enum Column {
    Plain,
    List,
}

/// What a part of the report is grouped by: the SQL of the column (NULL when the part has no
/// such dimension), how it reads, and the SQL of the month when grouped by month.
struct Grouping {
    by: GroupBy,
    column: String,
    read: Column,
    month: String,
}

impl Grouping {
    /// `team`, `grid`, `officers`, `item` (the item's domain and department of origin): the
    /// part's columns for each dimension (None: it has none); `day`: the SQL of the day its
    /// figures are about (`YYYY-MM-DD…`).
    fn of(
        by: GroupBy,
        team: Option<&str>,
        grid: Option<(&str, Column)>,
        officers: Option<&str>,
        item: Option<(&str, &str)>,
        day: &str,
    ) -> Grouping {
        let (column, read) = match by {
            GroupBy::Team => (team.map(str::to_string), Column::Plain),
            GroupBy::Grid => match grid {
                Some((sql, read)) => (Some(sql.to_string()), read),
                None => (None, Column::Plain),
            },
            GroupBy::Officer => (officers.map(str::to_string), Column::List),
            GroupBy::Domain => (item.map(|(domain, _)| domain.to_string()), Column::Plain),
            GroupBy::Department => (item.map(|(_, dept)| dept.to_string()), Column::Plain),
            GroupBy::Month | GroupBy::Station => (None, Column::Plain),
        };
        let month =
            if by == GroupBy::Month { format!("substr({day}, 1, 7)") } else { "NULL".to_string() };
        Grouping { by, column: column.unwrap_or_else(|| "NULL".to_string()), read, month }
    }

    /// A counted row from the grouping column's text and the month (`YYYY-MM`, or empty when
    /// not grouped by month): its day is the month's first inside the period.
    fn row(
        &self,
        period: Period,
        text: Option<&str>,
        month: &str,
        adds: Vec<(String, i64)>,
    ) -> StoreResult<CountedRow> {
        let day = match month {
            "" => period.from,
            _ => format!("{month}-01")
                .parse::<NaiveDate>()
                .map_err(|_| StoreError::Corrupt(format!("report: month {month}")))?
                .max(period.from),
        };
        let mut row = CountedRow {
            team: None,
            grids: Vec::new(),
            officers: Vec::new(),
            domain: None,
            department: None,
            day,
            adds,
        };
        let Some(text) = text else { return Ok(row) };
        let values = match self.read {
            Column::Plain => vec![text.to_string()],
            Column::List => serde_json::from_str::<Vec<String>>(text)
                .map_err(|_| StoreError::Corrupt(format!("report: not a list of codes: {text}")))?,
        };
        match self.by {
            GroupBy::Team => row.team = values.into_iter().next(),
            GroupBy::Grid => row.grids = values,
            GroupBy::Officer => row.officers = values,
            GroupBy::Domain => row.domain = values.into_iter().next(),
            GroupBy::Department => row.department = values.into_iter().next(),
            GroupBy::Month | GroupBy::Station => {}
        }
        Ok(row)
    }
}

/// Counts by a key of `N` values, texts interned: a row allocates nothing once its texts were
/// seen, and a text seen before is not checked as UTF-8 again. Value 0 is NULL. (FxHash: the
/// keys are the station's own codes; SipHash was a tenth of a year's report.)
struct Tallies<const N: usize> {
    ids: FxHashMap<Box<[u8]>, u32>,
    texts: Vec<String>,
    counts: FxHashMap<[u32; N], i64>,
}

impl<const N: usize> Tallies<N> {
    fn new() -> Self {
        Tallies {
            ids: FxHashMap::default(),
            texts: vec![String::new()],
            counts: FxHashMap::default(),
        }
    }

    /// The number of a column's text (`what` names the column in an error), NULL as 0; anything
    /// but text or NULL is not what the schema holds.
    fn intern(&mut self, value: ValueRef<'_>, what: &str) -> rusqlite::Result<u32> {
        let bytes = match value {
            ValueRef::Null => return Ok(0),
            ValueRef::Text(bytes) => bytes,
            other => return Err(not_text(what, other.data_type())),
        };
        if let Some(&id) = self.ids.get(bytes) {
            return Ok(id);
        }
        let text =
            std::str::from_utf8(bytes).map_err(|_| not_text(what, rusqlite::types::Type::Text))?;
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.ids.insert(bytes.into(), id);
        self.texts.push(text.to_string());
        Ok(id)
    }

    fn text(&self, id: u32) -> Option<&str> {
        (id != 0).then(|| self.texts.get(id as usize).map(String::as_str)).flatten()
    }

    fn add(&mut self, key: [u32; N]) {
        *self.counts.entry(key).or_insert(0) += 1;
    }
}

/// What the store counts itself, each read on its own (a report shares them out between two
/// connections: `Store::report_figures`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CountedPart {
    Patrols,
    Findings,
    Reinspections,
    Tickets,
}

fn not_text(what: &str, found: rusqlite::types::Type) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(0, what.to_string(), found)
}

/// A column's text, NULL as none; anything else is not what the schema holds.
fn text<'a>(value: ValueRef<'a>, what: &str) -> rusqlite::Result<Option<&'a str>> {
    match value {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .map(Some)
            .map_err(|_| not_text(what, rusqlite::types::Type::Text)),
        other => Err(not_text(what, other.data_type())),
    }
}

impl Store {
    /// One part of the period's patrols, findings, re-inspections and tickets, counted for a
    /// report grouped `by`, with what is overdue judged on `today`.
    pub(super) fn counted_part(
        &self,
        part: CountedPart,
        period: Period,
        by: GroupBy,
        today: NaiveDate,
    ) -> StoreResult<Vec<CountedRow>> {
        let (from, until) = super::bounds(period);
        match part {
            CountedPart::Patrols => self.counted_patrols(by, period, &from, &until),
            CountedPart::Findings => self.counted_findings(by, period, &from, &until),
            CountedPart::Reinspections => self.counted_reinspections(by, period, today),
            CountedPart::Tickets => self.counted_tickets(by, period, &from, &until, today),
        }
    }

    /// Rows of `sql` as (group, month, flag, flag), tallied.
    fn tally_two_flags(&self, sql: &str, params: impl rusqlite::Params) -> StoreResult<Tallies<4>> {
        let mut tallies = Tallies::<4>::new();
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut found = stmt.query(params)?;
        while let Some(r) = found.next()? {
            let key = [
                tallies.intern(r.get_ref(0)?, "group")?,
                tallies.intern(r.get_ref(1)?, "month")?,
                u32::from(r.get::<_, bool>(2)?),
                u32::from(r.get::<_, bool>(3)?),
            ];
            tallies.add(key);
        }
        Ok(tallies)
    }

    fn counted_patrols(
        &self,
        by: GroupBy,
        period: Period,
        from: &str,
        until: &str,
    ) -> StoreResult<Vec<CountedRow>> {
        let g = Grouping::of(
            by,
            Some("team_code"),
            Some(("grids", Column::List)),
            Some("officers"),
            None,
            "planned_start",
        );
        let sql = format!(
            "SELECT {column}, {month}, status IN ('finished', 'signed_off'), status = 'signed_off'
             FROM patrols WHERE planned_start >= ?1 AND planned_start < ?2",
            column = g.column,
            month = g.month
        );
        let tallies = self.tally_two_flags(&sql, [from, until])?;
        let mut rows = Vec::new();
        for (&[column, month, done, signed_off], &n) in &tallies.counts {
            let mut adds = vec![("patrols_planned".to_string(), n)];
            // As `report::compute` counts them: done when finished or signed off.
            if done == 1 {
                adds.push(("patrols_done".to_string(), n));
            }
            if signed_off == 1 {
                adds.push(("patrols_signed_off".to_string(), n));
            }
            let month = tallies.text(month).unwrap_or_default();
            rows.push(g.row(period, tallies.text(column), month, adds)?);
        }
        Ok(rows)
    }

    fn counted_findings(
        &self,
        by: GroupBy,
        period: Period,
        from: &str,
        until: &str,
    ) -> StoreResult<Vec<CountedRow>> {
        // A finding counts in its own grid, its patrol's team and officers, its patrol's day.
        let g = Grouping::of(
            by,
            Some("p.team_code"),
            Some(("f.grid_code", Column::Plain)),
            Some("p.officers"),
            None,
            "p.planned_start",
        );
        // CROSS JOIN keeps the patrols of the period outside (without statistics SQLite would
        // rather walk every finding ever made).
        let sql = format!(
            "SELECT {column}, {month}, f.action
             FROM patrols p CROSS JOIN patrol_findings f ON f.patrol_id = p.id
             WHERE p.planned_start >= ?1 AND p.planned_start < ?2",
            column = g.column,
            month = g.month
        );
        let mut tallies = Tallies::<3>::new();
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut found = stmt.query([from, until])?;
        while let Some(r) = found.next()? {
            let key = [
                tallies.intern(r.get_ref(0)?, "group")?,
                tallies.intern(r.get_ref(1)?, "month")?,
                tallies.intern(r.get_ref(2)?, "action")?,
            ];
            tallies.add(key);
        }
        let mut rows = Vec::new();
        for (&[column, month, action], &n) in &tallies.counts {
            let action = tallies.text(action).unwrap_or_default();
            let adds = vec![("findings".to_string(), n), (format!("finding_{action}"), n)];
            let month = tallies.text(month).unwrap_or_default();
            rows.push(g.row(period, tallies.text(column), month, adds)?);
        }
        Ok(rows)
    }

    fn counted_reinspections(
        &self,
        by: GroupBy,
        period: Period,
        today: NaiveDate,
    ) -> StoreResult<Vec<CountedRow>> {
        // A re-inspection has the team and grid of its order, no officers; the finding is read
        // only for its grid.
        let g = Grouping::of(
            by,
            Some("t.team_code"),
            Some(("f.grid_code", Column::Plain)),
            None,
            None,
            "t.due",
        );
        let join = if by == GroupBy::Grid {
            "CROSS JOIN patrol_findings f ON f.patrol_id = t.patrol_id AND f.seq = t.seq"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {column}, {month}, t.done_patrol IS NOT NULL, t.due < ?3
             FROM reinspection_tasks t {join}
             WHERE t.due BETWEEN ?1 AND ?2",
            column = g.column,
            month = g.month
        );
        let params = [period.from.to_string(), period.to.to_string(), today.to_string()];
        let tallies = self.tally_two_flags(&sql, params)?;
        let mut rows = Vec::new();
        for (&[column, month, done, past], &n) in &tallies.counts {
            let mut adds = vec![("reinspections_due".to_string(), n)];
            if done == 1 {
                adds.push(("reinspections_done".to_string(), n));
            } else if past == 1 {
                adds.push(("reinspections_overdue".to_string(), n));
            }
            let month = tallies.text(month).unwrap_or_default();
            rows.push(g.row(period, tallies.text(column), month, adds)?);
        }
        Ok(rows)
    }

    fn counted_tickets(
        &self,
        by: GroupBy,
        period: Period,
        from: &str,
        until: &str,
        today: NaiveDate,
    ) -> StoreResult<Vec<CountedRow>> {
        // The department is the item's in its version (read from the ticket row and the catalog:
        // only grouping by department leaves the covering index).
        let item = ("item_domain", DEPARTMENT_OF_TICKET_ITEM);
        let g = Grouping::of(by, Some("team_code"), None, None, Some(item), "received_at");
        // Per ticket first, as `report_tickets` reads it, then tallied.
        struct Seen {
            /// Group, month, channel, the item's domain (db/0020).
            key: [u32; 4],
            reply_due: Option<NaiveDate>,
            /// The first reply: its action number and day (China time).
            replied: Option<(i64, NaiveDate)>,
            transferred: bool,
            repeat: bool,
            /// The last callback: its action number and verdict.
            callback: Option<(i64, bool)>,
        }
        let mut tallies = Tallies::<10>::new();
        let mut tickets: Vec<Seen> = Vec::new();
        let mut at: FxHashMap<i64, usize> = FxHashMap::default();
        let sql = format!(
            "SELECT id, {column}, {month}, channel, reply_due, status = 'transferred',
                    duplicate_of IS NOT NULL, item_domain
             FROM tickets WHERE received_at >= ?1 AND received_at < ?2",
            column = g.column,
            month = g.month
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut found = stmt.query([from, until])?;
        while let Some(r) = found.next()? {
            let id: i64 = r.get(0)?;
            let key = [
                tallies.intern(r.get_ref(1)?, "group")?,
                tallies.intern(r.get_ref(2)?, "month")?,
                tallies.intern(r.get_ref(3)?, "channel")?,
                tallies.intern(r.get_ref(7)?, "item_domain")?,
            ];
            let reply_due = text(r.get_ref(4)?, "reply_due")?.and_then(super::day_of);
            at.insert(id, tickets.len());
            tickets.push(Seen {
                key,
                reply_due,
                replied: None,
                transferred: r.get(5)?,
                repeat: r.get(6)?,
                callback: None,
            });
        }
        // Replies and transfers through the covering index of the actions (no text read);
        // callbacks, few, with their verdict (found through the same index: left to itself,
        // SQLite would read every action's text to find them).
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.ticket_id, a.seq, a.kind = 'transfer', a.at
             FROM tickets t CROSS JOIN ticket_actions a ON a.ticket_id = t.id
             WHERE t.received_at >= ?1 AND t.received_at < ?2 AND a.kind IN ('reply', 'transfer')",
        )?;
        let mut found = stmt.query([from, until])?;
        while let Some(r) = found.next()? {
            let (id, seq, transfer): (i64, i64, bool) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let Some(ticket) = at.get(&id).map(|&i| &mut tickets[i]) else { continue };
            if transfer {
                ticket.transferred = true;
            } else if ticket.replied.is_none_or(|(first, _)| seq < first) {
                let text = text(r.get_ref(3)?, "at")?.unwrap_or_default();
                let day = zhifa_core::clock::china_date_of(text).ok_or_else(|| {
                    StoreError::Corrupt(format!("ticket {id}: action time {text}"))
                })?;
                ticket.replied = Some((seq, day));
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.ticket_id, a.seq, a.detail GLOB '满意*'
             FROM tickets t
             CROSS JOIN ticket_actions a INDEXED BY ticket_actions_for_reports
                 ON a.ticket_id = t.id
             WHERE t.received_at >= ?1 AND t.received_at < ?2 AND a.kind = 'callback'",
        )?;
        let mut found = stmt.query([from, until])?;
        while let Some(r) = found.next()? {
            let (id, seq, satisfied): (i64, i64, bool) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let Some(ticket) = at.get(&id).map(|&i| &mut tickets[i]) else { continue };
            // The store writes 满意 / 不满意 first (`callback_ticket`); the last one counts.
            if ticket.callback.is_none_or(|(last, _)| seq > last) {
                ticket.callback = Some((seq, satisfied));
            }
        }
        for k in &tickets {
            let replied = k.replied.map(|(_, day)| day);
            // The rules of `report::compute`: due once answered or past the reply date; in time
            // when the first reply came on or before it.
            let due = replied.is_some() || k.reply_due.is_some_and(|due| due < today);
            let in_time = replied.is_some_and(|r| k.reply_due.is_some_and(|due| r <= due));
            let callback = match k.callback {
                None => 0,
                Some((_, false)) => 1,
                Some((_, true)) => 2,
            };
            let [column, month, channel, domain] = k.key;
            tallies.add([
                column,
                month,
                channel,
                domain,
                u32::from(due),
                u32::from(replied.is_some()),
                u32::from(in_time),
                u32::from(k.transferred),
                u32::from(k.repeat),
                callback,
            ]);
        }
        let mut rows = Vec::new();
        for (&key, &n) in &tallies.counts {
            let [column, month, channel, domain, due, replied, in_time, transferred, repeat, callback] =
                key;
            let channel = tallies.text(channel).unwrap_or_default();
            let mut adds = vec![
                ("tickets_received".to_string(), n),
                (format!("channel_{channel}"), n),
                (zhifa_core::report::category_key(tallies.text(domain)), n),
            ];
            let flags = [
                (due == 1, "tickets_due"),
                (replied == 1, "tickets_replied"),
                (in_time == 1, "tickets_in_time"),
                (transferred == 1, "tickets_transferred"),
                (repeat == 1, "tickets_repeats"),
                (callback > 0, "tickets_callbacks"),
                (callback == 2, "tickets_satisfied"),
            ];
            adds.extend(flags.iter().filter(|(on, _)| *on).map(|(_, key)| (key.to_string(), n)));
            let month = tallies.text(month).unwrap_or_default();
            rows.push(g.row(period, tallies.text(column), month, adds)?);
        }
        Ok(rows)
    }
}
