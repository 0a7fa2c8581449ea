//! The facts each station's reports count, as its pushes sent them
//! (`db/central/0007_report_facts.sql`), and read back per station for the report over every
//! station (`zhifa --central URL report`, counted by `report::count_stations`).

use super::{CentralError, CentralResult, Centre};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use zhifa_core::domain::case::Case;
use zhifa_core::domain::case_file::CaseSource;
use zhifa_core::domain::officer::Role;
use zhifa_core::domain::patrol::PatrolStatus;
use zhifa_core::domain::ticket::Channel;
use zhifa_core::report::{
    CaseFacts, FindingFacts, OfficerFacts, PatrolFacts, Period, Records, ReinspectionFacts,
    TicketFacts,
};
use zhifa_store::{PeopleFacts, TouchedFacts};

/// One station's facts at the centre for a report: its name, the records of the period asked
/// (and, with `open_cases`, every case still open), and the calendar years it loaded.
#[derive(Debug, Clone, Default)]
pub struct StationFacts {
    pub code: String,
    pub name: String,
    pub records: Records,
    pub calendar_years: Vec<(i32, String)>,
    /// The station's last event at the centre, and the last whose records' facts it holds
    /// (behind it when the station last pushed with a zhifa that sent no facts, or a push was
    /// cut before its facts: the next push completes them).
    pub head_seq: i64,
    pub facts_through: i64,
}

/// COPY's CSV: a text field quoted (so an empty text stays empty), a missing one unquoted
/// (NULL).
struct CsvRows(Vec<u8>);

impl CsvRows {
    fn field(&mut self, first: bool, value: Option<&str>) {
        if !first {
            self.0.push(b',');
        }
        let Some(value) = value else { return };
        self.0.push(b'"');
        for &b in value.as_bytes() {
            if b == b'"' {
                self.0.push(b'"');
            }
            self.0.push(b);
        }
        self.0.push(b'"');
    }

    fn row(&mut self, fields: &[Option<&str>]) {
        for (i, f) in fields.iter().enumerate() {
            self.field(i == 0, *f);
        }
        self.0.push(b'\n');
    }
}

fn json<T: serde::Serialize>(value: &T) -> CentralResult<String> {
    serde_json::to_string(value).map_err(|e| CentralError::Inconsistent(e.to_string()))
}

fn copy(
    tx: &mut postgres::Transaction,
    staged: bool,
    table: &str,
    columns: &str,
    rows: CsvRows,
) -> CentralResult<()> {
    if rows.0.is_empty() {
        return Ok(());
    }
    super::copy_in(tx, staged, table, columns, "FORMAT csv", &rows.0)
}

impl Centre {
    /// The last event whose records' facts the centre holds for the station, if it ever
    /// received any.
    pub fn facts_through(&mut self, station: &str) -> CentralResult<Option<i64>> {
        let row = self.client.query_opt(
            "SELECT through_seq FROM report_facts_pushed WHERE station = $1",
            &[&station],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    /// The facts of the records events `after + 1 ..= through` touched, in one transaction:
    /// each record's rows replaced (a patrol's re-inspection tasks with it), the station's mark
    /// moved from `after` to `through`. False, and nothing written, when the mark is not at
    /// `after` (another push of the station got there first).
    pub fn push_facts(
        &mut self,
        station: &str,
        after: i64,
        through: i64,
        facts: &TouchedFacts,
    ) -> CentralResult<bool> {
        let staged = self.own_station.is_some();
        let mut tx = self.client.transaction()?;
        // The station's row locked: two pushes of one station take turns.
        tx.execute("SELECT 1 FROM stations WHERE code = $1 FOR UPDATE", &[&station])?;
        let mark: i64 = tx
            .query_opt(
                "SELECT through_seq FROM report_facts_pushed WHERE station = $1",
                &[&station],
            )?
            .map_or(0, |r| r.get(0));
        if mark != after {
            return Ok(false);
        }
        let patrols: Vec<i64> = facts.patrols.iter().map(|p| p.id).collect();
        let tickets: Vec<i64> = facts.tickets.iter().map(|t| t.id).collect();
        let cases: Vec<i64> = facts.cases.iter().map(|c| c.id).collect();
        tx.execute(
            "DELETE FROM report_patrols WHERE station = $1 AND id = ANY($2)",
            &[&station, &patrols],
        )?;
        tx.execute(
            "DELETE FROM report_reinspections WHERE station = $1 AND patrol = ANY($2)",
            &[&station, &patrols],
        )?;
        tx.execute(
            "DELETE FROM report_tickets WHERE station = $1 AND id = ANY($2)",
            &[&station, &tickets],
        )?;
        tx.execute(
            "DELETE FROM report_cases WHERE station = $1 AND id = ANY($2)",
            &[&station, &cases],
        )?;
        let mut rows = CsvRows(Vec::new());
        for p in &facts.patrols {
            let findings: Vec<(i64, &str, Option<&str>)> =
                p.findings.iter().map(|f| (f.seq, f.action.as_str(), f.grid.as_deref())).collect();
            rows.row(&[
                Some(station),
                Some(&p.id.to_string()),
                Some(&p.team),
                Some(&json(&p.grids)?),
                Some(&json(&p.officers)?),
                Some(&p.planned_on.to_string()),
                Some(p.status.key()),
                Some(&json(&findings)?),
            ]);
        }
        copy(
            &mut tx,
            staged,
            "report_patrols",
            "station, id, team, grids, officers, planned_on, status, findings",
            rows,
        )?;
        let mut rows = CsvRows(Vec::new());
        for r in &facts.reinspections {
            rows.row(&[
                Some(station),
                Some(&r.patrol.to_string()),
                Some(&r.seq.to_string()),
                Some(&r.team),
                r.grid.as_deref(),
                Some(&r.due.to_string()),
                Some(if r.done { "t" } else { "f" }),
            ]);
        }
        copy(
            &mut tx,
            staged,
            "report_reinspections",
            "station, patrol, seq, team, grid, due, done",
            rows,
        )?;
        let mut rows = CsvRows(Vec::new());
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        let flag = |b: bool| if b { "t" } else { "f" };
        for t in &facts.tickets {
            rows.row(&[
                Some(station),
                Some(&t.id.to_string()),
                t.team.as_deref(),
                Some(t.channel.key()),
                Some(&t.received_on.to_string()),
                day(t.reply_due).as_deref(),
                day(t.replied_on).as_deref(),
                Some(flag(t.transferred)),
                Some(flag(t.repeat)),
                t.callback.map(flag),
                t.domain.as_deref(),
                t.department.as_deref(),
            ]);
        }
        copy(&mut tx, staged, "report_tickets", "station, id, team, channel, received_on, reply_due, replied_on, transferred, repeat, callback, domain, department", rows)?;
        let mut rows = CsvRows(Vec::new());
        for c in &facts.cases {
            let s = &c.state;
            rows.row(&[
                Some(station),
                Some(&c.id.to_string()),
                Some(&c.team),
                c.grid.as_deref(),
                c.domain.as_deref(),
                c.department.as_deref(),
                Some(c.source.key()),
                Some(&s.lead_on.to_string()),
                day(s.decided_on).as_deref(),
                Some(flag(s.stage.is_open())),
                Some(&json(s)?),
            ]);
        }
        copy(
            &mut tx,
            staged,
            "report_cases",
            "station, id, team, grid, domain, department, source, lead_on, decided_on, open, state",
            rows,
        )?;
        tx.execute(
            "INSERT INTO report_facts_pushed (station, through_seq) VALUES ($1, $2)
             ON CONFLICT (station) DO UPDATE SET through_seq = excluded.through_seq,
                 pushed_at = now()",
            &[&station, &through],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Replaces the station's officers, names and calendar years, in one transaction.
    pub fn replace_people(&mut self, station: &str, people: &PeopleFacts) -> CentralResult<()> {
        let staged = self.own_station.is_some();
        let mut tx = self.client.transaction()?;
        for table in ["report_officers", "report_names", "report_calendars"] {
            tx.execute(&format!("DELETE FROM {table} WHERE station = $1"), &[&station])?;
        }
        let mut rows = CsvRows(Vec::new());
        for o in &people.officers {
            let expiry = o.cert_expiry.map(|d| d.to_string());
            rows.row(&[
                Some(station),
                Some(&o.badge),
                o.team.as_deref(),
                Some(o.role.key()),
                Some(if o.active { "t" } else { "f" }),
                expiry.as_deref(),
            ]);
        }
        copy(
            &mut tx,
            staged,
            "report_officers",
            "station, badge, team, role, active, cert_expiry",
            rows,
        )?;
        let mut rows = CsvRows(Vec::new());
        for (code, name) in &people.names {
            rows.row(&[Some(station), Some(code), Some(name)]);
        }
        copy(&mut tx, staged, "report_names", "station, code, name", rows)?;
        let mut rows = CsvRows(Vec::new());
        for (year, text) in &people.calendar_years {
            rows.row(&[Some(station), Some(&year.to_string()), Some(text)]);
        }
        copy(&mut tx, staged, "report_calendars", "station, year, file_text", rows)?;
        tx.commit()?;
        Ok(())
    }

    /// Whether the station's officers and names were ever sent.
    pub fn people_pushed(&mut self, station: &str) -> CentralResult<bool> {
        let row = self.client.query_one(
            "SELECT EXISTS (SELECT 1 FROM report_names WHERE station = $1)
                 OR EXISTS (SELECT 1 FROM report_officers WHERE station = $1)",
            &[&station],
        )?;
        Ok(row.get(0))
    }

    /// Every station's facts of `period` with every case still open, and of the same period a
    /// year earlier, by station code; read at one moment of the centre (one repeatable-read
    /// transaction).
    pub fn report_facts(
        &mut self,
        period: Period,
    ) -> CentralResult<(Vec<StationFacts>, Vec<StationFacts>)> {
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let now = read_facts(&mut tx, period, true)?;
        let before = read_facts(&mut tx, period.last_year(), false)?;
        tx.commit()?;
        Ok((now, before))
    }

    /// The day each case of every station was opened on, of those opened in `period` (the 统计
    /// tab's cases per week over the year, at the centre).
    pub fn case_lead_days(&mut self, period: Period) -> CentralResult<Vec<NaiveDate>> {
        let rows = self.client.query(
            "SELECT lead_on FROM report_cases WHERE lead_on BETWEEN $1 AND $2",
            &[&period.from, &period.to],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

/// Every station's facts of `period` (with `open_cases`, also every case still open).
fn read_facts(
    tx: &mut postgres::Transaction,
    period: Period,
    open_cases: bool,
) -> CentralResult<Vec<StationFacts>> {
    let (from, to) = (period.from, period.to);
    let mut stations: BTreeMap<String, StationFacts> = BTreeMap::new();
    for s in super::every_station(tx)? {
        let facts = StationFacts {
            code: s.code.clone(),
            name: s.name,
            head_seq: s.head_seq,
            facts_through: s.facts_through,
            ..Default::default()
        };
        stations.insert(s.code, facts);
    }
    let bad = |station: &str, what: &str, id: &dyn std::fmt::Display| {
        CentralError::Inconsistent(format!("station {station}: report facts {what} {id}"))
    };
    for r in tx.query(
        "SELECT station, id, team, grids, officers, planned_on, status, findings
         FROM report_patrols WHERE planned_on BETWEEN $1 AND $2",
        &[&from, &to],
    )? {
        let station: String = r.get(0);
        let id: i64 = r.get(1);
        let status: String = r.get(6);
        let findings: Vec<(i64, String, Option<String>)> =
            serde_json::from_value(r.get::<_, serde_json::Value>(7))
                .map_err(|_| bad(&station, "patrol findings", &id))?;
        let patrol = PatrolFacts {
            id,
            team: r.get(2),
            grids: serde_json::from_value(r.get(3))
                .map_err(|_| bad(&station, "patrol grids", &id))?,
            officers: serde_json::from_value(r.get(4))
                .map_err(|_| bad(&station, "patrol officers", &id))?,
            planned_on: r.get(5),
            status: PatrolStatus::from_key(&status)
                .ok_or_else(|| bad(&station, "patrol status", &id))?,
            findings: findings
                .into_iter()
                .map(|(seq, action, grid)| FindingFacts { seq, action, grid })
                .collect(),
        };
        if let Some(s) = stations.get_mut(&station) {
            s.records.patrols.push(patrol);
        }
    }
    for r in tx.query(
        "SELECT station, patrol, seq, team, grid, due, done FROM report_reinspections
         WHERE due BETWEEN $1 AND $2",
        &[&from, &to],
    )? {
        let station: String = r.get(0);
        let task = ReinspectionFacts {
            patrol: r.get(1),
            seq: r.get(2),
            team: r.get(3),
            grid: r.get(4),
            due: r.get(5),
            done: r.get(6),
        };
        if let Some(s) = stations.get_mut(&station) {
            s.records.reinspections.push(task);
        }
    }
    for r in tx.query(
        "SELECT station, id, team, channel, received_on, reply_due, replied_on, transferred,
                repeat, callback, domain, department
         FROM report_tickets WHERE received_on BETWEEN $1 AND $2",
        &[&from, &to],
    )? {
        let station: String = r.get(0);
        let id: i64 = r.get(1);
        let channel: String = r.get(3);
        let ticket = TicketFacts {
            id,
            team: r.get(2),
            channel: Channel::from_key(&channel)
                .ok_or_else(|| bad(&station, "ticket channel", &id))?,
            received_on: r.get(4),
            reply_due: r.get(5),
            replied_on: r.get(6),
            transferred: r.get(7),
            repeat: r.get(8),
            callback: r.get(9),
            domain: r.get(10),
            department: r.get(11),
        };
        if let Some(s) = stations.get_mut(&station) {
            s.records.tickets.push(ticket);
        }
    }
    // Each part a range of one index (by lead, by decision, the open ones).
    let open = if open_cases { "OR open" } else { "" };
    let sql = format!(
        "SELECT station, id, team, grid, domain, department, source, state FROM report_cases
         WHERE lead_on BETWEEN $1 AND $2 OR decided_on BETWEEN $1 AND $2 {open}"
    );
    for r in tx.query(&sql, &[&from, &to])? {
        let station: String = r.get(0);
        let id: i64 = r.get(1);
        let source: String = r.get(6);
        let state: Case = serde_json::from_value(r.get(7))
            .map_err(|e| bad(&station, &format!("case state ({e})"), &id))?;
        let case = CaseFacts {
            id,
            team: r.get(2),
            grid: r.get(3),
            domain: r.get(4),
            department: r.get(5),
            source: CaseSource::from_key(&source)
                .ok_or_else(|| bad(&station, "case source", &id))?,
            state,
        };
        if let Some(s) = stations.get_mut(&station) {
            s.records.cases.push(case);
        }
    }
    for r in tx
        .query("SELECT station, badge, team, role, active, cert_expiry FROM report_officers", &[])?
    {
        let station: String = r.get(0);
        let badge: String = r.get(1);
        let role: String = r.get(3);
        let officer = OfficerFacts {
            role: role.parse::<Role>().map_err(|_| bad(&station, "officer role", &badge))?,
            badge,
            team: r.get(2),
            active: r.get(4),
            cert_expiry: r.get(5),
        };
        if let Some(s) = stations.get_mut(&station) {
            s.records.officers.push(officer);
        }
    }
    for r in tx.query("SELECT station, code, name FROM report_names", &[])? {
        let station: String = r.get(0);
        if let Some(s) = stations.get_mut(&station) {
            s.records.names.insert(r.get(1), r.get(2));
        }
    }
    for r in tx.query("SELECT station, year, file_text FROM report_calendars ORDER BY year", &[])? {
        let station: String = r.get(0);
        if let Some(s) = stations.get_mut(&station) {
            s.calendar_years.push((r.get(1), r.get(2)));
        }
    }
    Ok(stations.into_values().collect())
}
