//! What a report reads: the records of one period, each through an indexed range (patrols by
//! planned start, tickets by receipt, cases by the day of the lead and of the decision, the
//! re-inspections by due day: db/0009, db/0012), never the whole archive, and in the order of
//! those indexes (no sort: a figure's records come in the order of their days). Counting is
//! `report`'s (pure).

use super::{Store, StoreError, StoreResult};
use chrono::{Days, NaiveDate};
use std::collections::HashMap;
use zhifa_core::domain::case::Stage;
use zhifa_core::domain::case_file::CaseSource;
use zhifa_core::domain::patrol::PatrolStatus;
use zhifa_core::domain::ticket::Channel;
use zhifa_core::report::{
    CaseFacts, Figure, FindingFacts, GroupBy, OfficerFacts, PatrolFacts, Period, Records,
    ReinspectionFacts, Report, Table, TicketFacts,
};

mod counted;
mod facts;

use counted::CountedPart;

pub use facts::{PeopleFacts, TouchedFacts};

impl Store {
    /// The report of `period` grouped `by`, beside the same period a year earlier, with what is
    /// overdue judged on `today`: what `zhifa report`, the 统计 tab and the bench share.
    pub fn report(&self, period: Period, by: GroupBy, today: NaiveDate) -> StoreResult<Report> {
        // This year's records and last year's are read side by side (two cores), of one moment.
        let ((current, calendar), before) = self.read_snapshot_pair(
            |store| Ok((store.report_records(period, true)?, store.work_calendar()?)),
            |store| store.report_records(period.last_year(), false),
        )?;
        Ok(zhifa_core::report::compute(&current, &before, period, by, today, &calendar))
    }

    /// The same report without the records behind each figure (every `records` empty), the
    /// patrols, findings, re-inspections and tickets counted by SQLite: what a table, CSV, XLSX
    /// and the 统计 tab show. A figure's records are read when it is opened
    /// ([`Store::report_records`] and `report::compute`).
    pub fn report_figures(
        &self,
        period: Period,
        by: GroupBy,
        today: NaiveDate,
    ) -> StoreResult<Report> {
        // The reads of both years, of one moment, shared out between two connections as each
        // becomes free. (Two fixed halves, this year and last, left one core idle a fifth of the
        // time: this year has more, and every open case.)
        let pieces = FIGURE_PIECES;
        let read = self.read_snapshot_shared(&pieces, |store, &(year, piece)| {
            let period = if year == Year::This { period } else { period.last_year() };
            store.figure_piece(piece, period, by, today, year == Year::This)
        })?;
        let (mut current, mut before) = (Records::default(), Records::default());
        let mut calendar = None;
        for (&(year, _), read) in pieces.iter().zip(read) {
            let records = if year == Year::This { &mut current } else { &mut before };
            match read {
                Read::Rows(rows) => records.counted.extend(rows),
                Read::Cases(cases) => records.cases = cases,
                Read::People(people) => {
                    before.officers.clone_from(&people.officers);
                    before.names.clone_from(&people.names);
                    (current.officers, current.names) = (people.officers, people.names);
                }
                Read::Calendar(read) => calendar = Some(read),
            }
        }
        let calendar = match calendar {
            Some(calendar) => calendar,
            None => self.work_calendar()?,
        };
        Ok(zhifa_core::report::count(&current, &before, period, by, today, &calendar))
    }

    /// One piece of what [`Store::report_figures`] reads; with `open_cases`, the cases include
    /// every case still being worked on.
    fn figure_piece(
        &self,
        piece: Piece,
        period: Period,
        by: GroupBy,
        today: NaiveDate,
        open_cases: bool,
    ) -> StoreResult<Read> {
        Ok(match piece {
            Piece::Counted(part) => Read::Rows(self.counted_part(part, period, by, today)?),
            Piece::Cases => {
                let items = matches!(by, GroupBy::Domain | GroupBy::Department);
                Read::Cases(self.report_cases(period, open_cases, items)?)
            }
            Piece::People => {
                let mut people = Records::default();
                self.report_people(&mut people)?;
                Read::People(people)
            }
            Piece::Calendar => Read::Calendar(self.work_calendar()?),
        })
    }

    /// The records behind the figure `key` of the report of `period` grouped `by` (its total),
    /// counted as [`Store::report`] counts them; only its table's records are read (a patrol
    /// figure reads the period's patrols, not its cases), and not last year's. What Enter on a
    /// figure of the 统计 tab lists. An unknown key has no records.
    pub fn report_figure(
        &self,
        period: Period,
        by: GroupBy,
        today: NaiveDate,
        key: &str,
    ) -> StoreResult<Figure> {
        let Some(table) = zhifa_core::report::table_of(key) else {
            return Ok(Figure::default());
        };
        let (records, calendar) = self.read_snapshot(|store| {
            let (from, until) = bounds(period);
            let mut records = Records::default();
            match table {
                Table::Patrols => {
                    records.patrols = store.report_patrols(&from, &until)?;
                    records.reinspections = store.report_reinspections(period)?;
                }
                Table::Tickets => records.tickets = store.report_tickets(&from, &until)?,
                Table::Cases | Table::Decisions | Table::Clocks => {
                    let items = matches!(by, GroupBy::Domain | GroupBy::Department);
                    records.cases = store.report_cases(period, true, items)?;
                }
                Table::Officers => store.report_people(&mut records)?,
            }
            Ok((records, store.work_calendar()?))
        })?;
        let report = zhifa_core::report::compute(
            &records,
            &Records::default(),
            period,
            by,
            today,
            &calendar,
        );
        Ok(report.total_of(key).cloned().unwrap_or_default())
    }

    /// The officers (for their certificates) and the names of teams, grids and officers.
    fn report_people(&self, records: &mut Records) -> StoreResult<()> {
        for officer in self.officers()? {
            records.names.insert(officer.badge.clone(), officer.name.clone());
            records.officers.push(OfficerFacts {
                badge: officer.badge,
                team: officer.team,
                role: officer.role,
                active: officer.active,
                cert_expiry: officer.cert_expiry,
            });
        }
        for team in self.teams()? {
            records.names.insert(team.code, team.name);
        }
        for grid in self.grids(None)? {
            records.names.insert(grid.code, grid.name);
        }
        Ok(())
    }

    /// The records a report of `period` counts, read at one moment; with `open_cases`, also
    /// every case still being worked on (what is overdue now).
    pub fn report_records(&self, period: Period, open_cases: bool) -> StoreResult<Records> {
        self.read_snapshot(|store| {
            let (from, until) = bounds(period);
            let mut records = Records {
                patrols: store.report_patrols(&from, &until)?,
                reinspections: store.report_reinspections(period)?,
                tickets: store.report_tickets(&from, &until)?,
                cases: store.report_cases(period, open_cases, true)?,
                ..Records::default()
            };
            store.report_people(&mut records)?;
            Ok(records)
        })
    }

    /// The day of the lead of every case opened in `period` (the 统计 tab's weekly line).
    pub fn case_lead_days(&self, period: Period) -> StoreResult<Vec<NaiveDate>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT lead_on FROM cases WHERE lead_on BETWEEN ?1 AND ?2")?;
        let rows = stmt.query_map([period.from.to_string(), period.to.to_string()], |r| {
            r.get::<_, String>(0)
        })?;
        let mut days = Vec::new();
        for row in rows {
            let text = row?;
            days.push(day_of(&text).ok_or_else(|| StoreError::Corrupt(format!("lead_on {text}")))?);
        }
        Ok(days)
    }

    fn report_patrols(&self, from: &str, until: &str) -> StoreResult<Vec<PatrolFacts>> {
        self.patrol_facts(&Rows::Period(from.to_string(), until.to_string()))
    }

    /// The patrols `which` names, with their findings.
    pub(crate) fn patrol_facts(&self, which: &Rows) -> StoreResult<Vec<PatrolFacts>> {
        let sql = format!(
            "SELECT p.id, p.team_code, p.grids, p.officers, p.planned_start, p.status
             FROM patrols p WHERE {}",
            which.patrols("p")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(which.params(), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut patrols = Vec::new();
        for row in rows {
            let (id, team, grids, officers, start, status) = row?;
            let corrupt = |what: &str| StoreError::Corrupt(format!("patrol {id}: {what}"));
            patrols.push(PatrolFacts {
                id,
                team,
                grids: serde_json::from_str(&grids).map_err(|_| corrupt("grids"))?,
                officers: serde_json::from_str(&officers).map_err(|_| corrupt("officers"))?,
                planned_on: day_of(&start).ok_or_else(|| corrupt("planned_start"))?,
                status: PatrolStatus::from_key(&status).ok_or_else(|| corrupt("status"))?,
                findings: Vec::new(),
            });
        }
        let at: HashMap<i64, usize> = patrols.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let sql = format!(
            "SELECT f.patrol_id, f.seq, f.action, f.grid_code
             FROM patrols p JOIN patrol_findings f ON f.patrol_id = p.id
             WHERE {}",
            which.patrols("p")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(which.params(), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                FindingFacts { seq: r.get(1)?, action: r.get(2)?, grid: r.get(3)? },
            ))
        })?;
        for row in rows {
            let (patrol, finding) = row?;
            if let Some(&i) = at.get(&patrol) {
                patrols[i].findings.push(finding);
            }
        }
        Ok(patrols)
    }

    fn report_reinspections(&self, period: Period) -> StoreResult<Vec<ReinspectionFacts>> {
        self.reinspection_facts(&Rows::Days(period.from.to_string(), period.to.to_string()))
    }

    /// The re-inspection tasks due on the days, or left by the patrols, `which` names.
    pub(crate) fn reinspection_facts(&self, which: &Rows) -> StoreResult<Vec<ReinspectionFacts>> {
        let filter = match which {
            Rows::Days(..) => "t.due BETWEEN ?1 AND ?2".to_string(),
            _ => which.patrols("t"),
        };
        let sql = format!(
            "SELECT t.patrol_id, t.seq, t.team_code, f.grid_code, t.due, t.done_patrol IS NOT NULL
             FROM reinspection_tasks t
             JOIN patrol_findings f ON f.patrol_id = t.patrol_id AND f.seq = t.seq
             WHERE {filter}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(which.params(), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?, r.get(5)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (patrol, seq, team, grid, due, done) = row?;
            let due = day_of(&due).ok_or_else(|| {
                StoreError::Corrupt(format!("re-inspection {patrol}/{seq}: due {due}"))
            })?;
            out.push(ReinspectionFacts { patrol, seq, team, grid, due, done });
        }
        Ok(out)
    }

    fn report_tickets(&self, from: &str, until: &str) -> StoreResult<Vec<TicketFacts>> {
        self.ticket_facts(&Rows::Period(from.to_string(), until.to_string()))
    }

    /// The tickets `which` names, with what was done about them.
    pub(crate) fn ticket_facts(&self, which: &Rows) -> StoreResult<Vec<TicketFacts>> {
        let sql = format!(
            "SELECT id, team_code, channel, received_at, reply_due, status, duplicate_of,
                    item_domain, {department}
             FROM tickets WHERE {filter}",
            department = counted::DEPARTMENT_OF_TICKET_ITEM,
            filter = which.tickets("tickets"),
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(which.params(), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })?;
        let mut tickets = Vec::new();
        for row in rows {
            let (id, team, channel, received, due, status, duplicate, domain, department) = row?;
            let corrupt = |what: &str| StoreError::Corrupt(format!("ticket {id}: {what}"));
            tickets.push(TicketFacts {
                id,
                team,
                channel: Channel::from_key(&channel).ok_or_else(|| corrupt("channel"))?,
                received_on: day_of(&received).ok_or_else(|| corrupt("received_at"))?,
                reply_due: due.as_deref().and_then(day_of),
                replied_on: None,
                transferred: status == "transferred",
                repeat: duplicate.is_some(),
                callback: None,
                domain: domain.filter(|d| !d.trim().is_empty()),
                department: department.filter(|d| !d.trim().is_empty()),
            });
        }
        let at: HashMap<i64, usize> = tickets.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let sql = format!(
            "SELECT a.ticket_id, a.kind, a.detail, a.at
             FROM tickets t JOIN ticket_actions a ON a.ticket_id = t.id
             WHERE {} AND a.kind IN ('reply', 'callback', 'transfer')
             ORDER BY a.ticket_id, a.seq",
            which.tickets("t")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(which.params(), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (id, kind, detail, at_text) = row?;
            let Some(ticket) = at.get(&id).map(|&i| &mut tickets[i]) else { continue };
            match kind.as_str() {
                "reply" if ticket.replied_on.is_none() => {
                    let day = zhifa_core::clock::china_date_of(&at_text).ok_or_else(|| {
                        StoreError::Corrupt(format!("ticket {id}: action time {at_text}"))
                    })?;
                    ticket.replied_on = Some(day);
                }
                // The store writes 满意 / 不满意 first (`callback_ticket`); the last one counts.
                "callback" => ticket.callback = Some(detail.starts_with("满意")),
                "transfer" => ticket.transferred = true,
                _ => {}
            }
        }
        Ok(tickets)
    }

    /// With `items`, the domain and department of the first item cited (only grouping by them
    /// needs them: two more lookups a case).
    fn report_cases(
        &self,
        period: Period,
        open_cases: bool,
        items: bool,
    ) -> StoreResult<Vec<CaseFacts>> {
        let which = Rows::Days(period.from.to_string(), period.to.to_string());
        self.case_facts(&which, open_cases, items)
    }

    /// The cases `which` names (of days: opened or decided on them, and with `open_cases`
    /// every case still being worked on).
    pub(crate) fn case_facts(
        &self,
        which: &Rows,
        open_cases: bool,
        items: bool,
    ) -> StoreResult<Vec<CaseFacts>> {
        let open: Vec<String> = if open_cases {
            Stage::ALL
                .into_iter()
                .filter(|s| s.is_open())
                .map(|s| format!("'{}'", s.key()))
                .collect()
        } else {
            Vec::new()
        };
        let open_part = if open.is_empty() {
            String::new()
        } else {
            format!("UNION SELECT id FROM cases WHERE stage IN ({})", open.join(", "))
        };
        // The item's narrow row in its version (the same domain and department as the frozen
        // copy: versions never change), not the frozen JSON parsed per case.
        let (columns, joins) = if items {
            (
                "ci.domain, ci.department",
                "LEFT JOIN case_items i ON i.case_id = c.id AND i.ordinal = 0
                 LEFT JOIN catalog_items ci ON ci.version_id = i.version_id AND ci.code = i.code",
            )
        } else {
            ("NULL, NULL", "")
        };
        // Each part is a range of one index (cases_by_lead, cases_by_decision, cases_by_stage).
        let ids = match which {
            Rows::Touched { earlier, .. } => {
                format!("{} {open_part}", touched(CREATED_CASES, CHANGED_CASES, *earlier))
            }
            _ => format!(
                "SELECT id FROM cases WHERE lead_on BETWEEN ?1 AND ?2
                 UNION SELECT id FROM cases
                     WHERE json_extract(state, '$.decided_on') BETWEEN ?1 AND ?2
                 {open_part}"
            ),
        };
        let sql = format!(
            "SELECT c.id, c.team_code, c.grid_code, c.source, c.state, {columns}
             FROM cases c {joins}
             WHERE c.id IN ({ids})"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(which.params(), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut cases = Vec::new();
        for row in rows {
            let (id, team, grid, source, state, domain, department) = row?;
            let corrupt = |what: String| StoreError::Corrupt(format!("case {id}: {what}"));
            cases.push(CaseFacts {
                id,
                team,
                grid,
                domain: domain.filter(|d| !d.trim().is_empty()),
                department: department.filter(|d| !d.trim().is_empty()),
                source: CaseSource::from_key(&source).ok_or_else(|| corrupt(source.clone()))?,
                state: serde_json::from_str(&state).map_err(|e| corrupt(e.to_string()))?,
            });
        }
        Ok(cases)
    }
}

/// The year a piece of a report is about: the period's, or the same period a year earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Year {
    This,
    Last,
}

/// A piece of what a report's figures read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Counted(CountedPart),
    Cases,
    /// The officers and the names of teams, grids and officers (for both years).
    People,
    Calendar,
}

/// What a piece gave.
enum Read {
    Rows(Vec<zhifa_core::report::CountedRow>),
    Cases(Vec<CaseFacts>),
    People(Records),
    Calendar(zhifa_core::calendar::WorkCalendar),
}

/// The pieces of a report's figures, the longest first (what they took on the scale-0.2
/// county's year, ms: this year's tickets 138, cases 123 with every open case, findings 121;
/// last year's findings 94, tickets 92, cases 82; patrols 35–43, re-inspections 11–15), so that
/// neither connection is left with a long one at the end. People and calendar, read once,
/// serve both years.
const FIGURE_PIECES: [(Year, Piece); 12] = [
    (Year::This, Piece::Counted(CountedPart::Tickets)),
    (Year::This, Piece::Cases),
    (Year::This, Piece::Counted(CountedPart::Findings)),
    (Year::Last, Piece::Counted(CountedPart::Findings)),
    (Year::Last, Piece::Counted(CountedPart::Tickets)),
    (Year::Last, Piece::Cases),
    (Year::This, Piece::Counted(CountedPart::Patrols)),
    (Year::Last, Piece::Counted(CountedPart::Patrols)),
    (Year::This, Piece::Counted(CountedPart::Reinspections)),
    (Year::Last, Piece::Counted(CountedPart::Reinspections)),
    (Year::This, Piece::People),
    (Year::This, Piece::Calendar),
];

/// Which records a report reads: those of a period (stored times from a day up to, not
/// including, another), of days (both included), or those the events after one seq up to
/// another touched (what a push sends the centre: `facts.rs`). `earlier` says whether records
/// created before the range count: without, only those the range created are named (every
/// other record it touches was created, and read whole, in an earlier step of the same push).
pub(crate) enum Rows {
    Period(String, String),
    Days(String, String),
    Touched { after: i64, through: i64, earlier: bool },
}

/// The patrols the events in (?1, ?2] planned, and (`CHANGED_PATROLS`) those they gave a finding
/// (and the patrol whose order to correct it re-inspects), started, finished or signed off.
/// Each part a range of one index (created_event, event_seq, the events' seq); the last is read
/// from the events themselves (their rows, payloads and all).
const CREATED_PATROLS: &str =
    "SELECT id FROM patrols WHERE created_event > ?1 AND created_event <= ?2";
const CHANGED_PATROLS: &str =
    "UNION SELECT patrol_id FROM patrol_findings WHERE event_seq > ?1 AND event_seq <= ?2
     UNION SELECT reinspects_patrol FROM patrol_findings
         WHERE event_seq > ?1 AND event_seq <= ?2 AND reinspects_patrol IS NOT NULL
     UNION SELECT json_extract(payload, '$.patrol') FROM events
         WHERE seq > ?1 AND seq <= ?2 AND kind IN ('patrol.start', 'patrol.finish', 'patrol.sign_off')";

/// The tickets the events in (?1, ?2] added, and those they acted on (assigned, replied, called
/// back, transferred, linked: every action is a row of its own).
const CREATED_TICKETS: &str =
    "SELECT id FROM tickets WHERE created_event > ?1 AND created_event <= ?2";
const CHANGED_TICKETS: &str =
    "UNION SELECT ticket_id FROM ticket_actions WHERE event_seq > ?1 AND event_seq <= ?2";

/// The cases the events in (?1, ?2] opened, and those they took a step in (the only way a
/// case's state changes).
const CREATED_CASES: &str = "SELECT id FROM cases WHERE created_event > ?1 AND created_event <= ?2";
const CHANGED_CASES: &str =
    "UNION SELECT case_id FROM case_steps WHERE event_seq > ?1 AND event_seq <= ?2";

/// The records a range touched: those it created, and with `earlier` those it changed.
fn touched(created: &str, changed: &str, earlier: bool) -> String {
    if earlier {
        format!("{created} {changed}")
    } else {
        created.to_string()
    }
}

impl Rows {
    fn params(&self) -> [rusqlite::types::Value; 2] {
        use rusqlite::types::Value;
        match self {
            Rows::Period(a, b) | Rows::Days(a, b) => {
                [Value::Text(a.clone()), Value::Text(b.clone())]
            }
            Rows::Touched { after, through, .. } => {
                [Value::Integer(*after), Value::Integer(*through)]
            }
        }
    }

    /// The condition on patrols (`alias`, with `patrol_id` or `id`) these rows name.
    fn patrols(&self, alias: &str) -> String {
        let id = if alias == "p" { "p.id" } else { "t.patrol_id" };
        match self {
            Rows::Period(..) | Rows::Days(..) => {
                format!("{alias}.planned_start >= ?1 AND {alias}.planned_start < ?2")
            }
            Rows::Touched { earlier, .. } => {
                format!("{id} IN ({})", touched(CREATED_PATROLS, CHANGED_PATROLS, *earlier))
            }
        }
    }

    /// The condition on tickets (`table`: its name or alias).
    fn tickets(&self, table: &str) -> String {
        match self {
            Rows::Period(..) | Rows::Days(..) => {
                format!("{table}.received_at >= ?1 AND {table}.received_at < ?2")
            }
            Rows::Touched { earlier, .. } => {
                format!("{table}.id IN ({})", touched(CREATED_TICKETS, CHANGED_TICKETS, *earlier))
            }
        }
    }
}

/// The period as the text range of stored times: from its first day up to, not including, the
/// day after its last.
pub(super) fn bounds(period: Period) -> (String, String) {
    let after = period.to.checked_add_days(Days::new(1)).unwrap_or(period.to);
    (period.from.to_string(), after.to_string())
}

/// The day a stored date or time (`YYYY-MM-DD…`) falls on.
fn day_of(text: &str) -> Option<NaiveDate> {
    zhifa_core::clock::day_at_start(text)
}
