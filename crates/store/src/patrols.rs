//! Patrols in SQLite: planned by the team leader, started and finished by its officers, findings
//! recorded as they happen (never edited), signed off by the leader. Each change is an event.

use super::identity::{authorize, Identity};
use super::{events, next_in_history, officers, History, Store, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::json;
use zhifa_core::domain::officer::Operation;
use zhifa_core::domain::patrol::{
    Evidence, Finding, FindingAction, NewPatrol, Patrol, PatrolKind, PatrolStatus, Reinspection,
};

const TIME: &str = "%Y-%m-%d %H:%M:%S";
const COLUMNS: &str = "id, team_code, kind, grids, route, officers, planned_start, planned_end, \
    started_at, finished_at, status, summary, signed_off_by, ticket_id";

/// Why a patrol change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatrolRefusal {
    #[error("no patrol {0}")]
    NoSuchPatrol(i64),
    #[error("the patrol is {}, not {}", .actual.key(), .expected.key())]
    WrongStatus { expected: PatrolStatus, actual: PatrolStatus },
    #[error("a patrol needs at least one officer of its team")]
    NoOfficers,
    #[error("{0} is not an active officer of the patrol's team")]
    NotOfTeam(String),
    #[error("the planned end comes before the start")]
    EndsBeforeStart,
    #[error("finding {1} of patrol {0} is no order to correct: there is nothing to re-inspect")]
    NoSuchOrder(i64, i64),
    #[error("the order of finding {1} of patrol {0} has been re-inspected already")]
    AlreadyReinspected(i64, i64),
}

impl PatrolRefusal {
    pub fn message_zh(&self) -> String {
        match self {
            Self::NoSuchPatrol(id) => format!("没有编号为 {id} 的巡查"),
            Self::WrongStatus { expected, actual } => {
                format!("巡查处于“{}”状态，须为“{}”", actual.label_zh(), expected.label_zh())
            }
            Self::NoOfficers => "巡查至少需要本中队一名执法人员".into(),
            Self::NotOfTeam(b) => format!("{b} 不是本中队在岗人员"),
            Self::EndsBeforeStart => "计划结束时间早于开始时间".into(),
            Self::NoSuchOrder(p, n) => format!("巡查 {p} 的第 {n} 条发现不是责令改正，无需复查"),
            Self::AlreadyReinspected(p, n) => format!("巡查 {p} 第 {n} 条发现的责令改正已复查"),
        }
    }
}

impl From<PatrolRefusal> for StoreError {
    fn from(refusal: PatrolRefusal) -> Self {
        StoreError::Patrol(refusal)
    }
}

impl Store {
    /// Plans a patrol (team leaders: [`Operation::AssignWork`]).
    pub fn plan_patrol(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        new: &NewPatrol,
    ) -> StoreResult<Patrol> {
        if new.planned_end < new.planned_start {
            return Err(PatrolRefusal::EndsBeforeStart.into());
        }
        if new.officers.is_empty() {
            return Err(PatrolRefusal::NoOfficers.into());
        }
        let id = self.write(|tx| {
            authorize(tx, who, Operation::AssignWork)?;
            for badge in &new.officers {
                let member = officers::load(tx, badge.trim())?
                    .filter(|o| o.active && o.team.as_deref() == Some(new.team.as_str()));
                if member.is_none() {
                    return Err(PatrolRefusal::NotOfTeam(badge.clone()).into());
                }
            }
            let payload = json!({
                "team": new.team, "kind": new.kind.key(), "grids": new.grids, "route": new.route,
                "officers": new.officers, "ticket": new.ticket, "planned_start": new.planned_start.format(TIME).to_string(),
                "planned_end": new.planned_end.format(TIME).to_string(),
            });
            let seq = events::append(tx, who.actor(), now, "patrol.plan", &payload)?;
            tx.execute(
                "INSERT INTO patrols (team_code, kind, grids, route, officers, planned_start,
                     planned_end, created_event, ticket_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    new.team,
                    new.kind.key(),
                    json!(new.grids).to_string(),
                    new.route,
                    json!(new.officers).to_string(),
                    new.planned_start.format(TIME).to_string(),
                    new.planned_end.format(TIME).to_string(),
                    seq,
                    new.ticket
                ],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        self.patrol(id)?.ok_or_else(|| PatrolRefusal::NoSuchPatrol(id).into())
    }

    /// Starts a planned patrol at `at`.
    pub fn start_patrol(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        at: NaiveDateTime,
    ) -> StoreResult<Patrol> {
        self.change_patrol(who, now, id, PatrolStatus::Planned, "patrol.start", |tx| {
            tx.execute(
                "UPDATE patrols SET status = 'underway', started_at = ?1 WHERE id = ?2",
                params![at.format(TIME).to_string(), id],
            )?;
            Ok(json!({ "patrol": id, "at": at.format(TIME).to_string() }))
        })
    }

    /// Finishes an underway patrol with its summary (situation, handling, result).
    pub fn finish_patrol(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        at: NaiveDateTime,
        summary: &str,
    ) -> StoreResult<Patrol> {
        let summary = officers::non_empty(summary, "summary")?;
        self.change_patrol(who, now, id, PatrolStatus::Underway, "patrol.finish", |tx| {
            tx.execute(
                "UPDATE patrols SET status = 'finished', finished_at = ?1, summary = ?2 WHERE id = ?3",
                params![at.format(TIME).to_string(), summary, id],
            )?;
            Ok(json!({ "patrol": id, "at": at.format(TIME).to_string(), "summary": summary }))
        })
    }

    /// The team leader signs a finished patrol off.
    pub fn sign_off_patrol(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
    ) -> StoreResult<Patrol> {
        let badge = who.actor().id.clone();
        self.write(|tx| {
            authorize(tx, who, Operation::ApproveCase)?;
            expect_status(tx, id, PatrolStatus::Finished)?;
            events::append(tx, who.actor(), now, "patrol.sign_off", &json!({ "patrol": id }))?;
            tx.execute(
                "UPDATE patrols SET status = 'signed_off', signed_off_by = ?1 WHERE id = ?2",
                params![badge, id],
            )?;
            Ok(())
        })?;
        self.patrol(id)?.ok_or_else(|| PatrolRefusal::NoSuchPatrol(id).into())
    }

    /// Records a finding of an underway patrol ([`Operation::RecordFinding`]).
    pub fn record_finding(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        finding: &Finding,
    ) -> StoreResult<i64> {
        officers::non_empty(&finding.place, "place")?;
        officers::non_empty(&finding.description, "description")?;
        self.write(|tx| {
            authorize(tx, who, Operation::RecordFinding)?;
            expect_status(tx, id, PatrolStatus::Underway)?;
            if let Some((patrol, seq)) = finding.reinspects {
                check_reinspected(tx, patrol, seq)?;
            }
            let order_due = match &finding.action {
                FindingAction::Order { by } => Some(by.to_string()),
                _ => None,
            };
            let payload = json!({ "patrol": id, "finding": finding });
            let seq = events::append(tx, who.actor(), now, "patrol.finding", &payload)?;
            let next = next_in_history(tx, History::PatrolFindings, id)?;
            tx.execute(
                "INSERT INTO patrol_findings (patrol_id, seq, at, place, grid_code, item_code,
                     description, evidence, action, order_due, actor, event_seq,
                     reinspects_patrol, reinspects_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    id,
                    next,
                    finding.at.format(TIME).to_string(),
                    finding.place.trim(),
                    finding.grid,
                    finding.item.trim(),
                    finding.description.trim(),
                    json!(finding.evidence).to_string(),
                    finding.action.key(),
                    order_due,
                    who.actor().id,
                    seq,
                    finding.reinspects.map(|r| r.0),
                    finding.reinspects.map(|r| r.1)
                ],
            )?;
            keep_reinspections(tx, id, next, finding)?;
            Ok(next)
        })
    }

    pub fn patrol(&self, id: i64) -> StoreResult<Option<Patrol>> {
        let sql = format!("SELECT {COLUMNS} FROM patrols WHERE id = ?1");
        self.conn.query_row(&sql, [id], patrol_from_row).optional()?.transpose()
    }

    /// Patrols planned to start on `day` (or every patrol), for a team or all.
    pub fn patrols(&self, team: Option<&str>, day: Option<NaiveDate>) -> StoreResult<Vec<Patrol>> {
        // Only the filters given are in the query, and the day is a range of start times, so a
        // day's patrols are one range of patrols_by_start (or of patrols_by_team_start with a
        // team) rather than a scan of every patrol ever planned.
        let mut conditions = Vec::new();
        let mut values = Vec::new();
        if let Some(team) = team {
            values.push(team.to_string());
            conditions.push(format!("team_code = ?{}", values.len()));
        }
        if let Some(day) = day {
            values.push(day.to_string());
            conditions.push(format!("planned_start >= ?{}", values.len()));
            if let Some(next) = day.succ_opt() {
                values.push(next.to_string());
                conditions.push(format!("planned_start < ?{}", values.len()));
            }
        }
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!("SELECT {COLUMNS} FROM patrols {filter} ORDER BY planned_start, id");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), patrol_from_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|p| p)).collect()
    }

    /// Orders to correct due by `until` that no finding has re-inspected yet, of one team or
    /// all, the longest waiting first (the open tasks: few, however long the history).
    pub fn reinspections(
        &self,
        team: Option<&str>,
        until: NaiveDate,
    ) -> StoreResult<Vec<Reinspection>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.patrol_id, t.seq, t.team_code, f.place, f.grid_code, f.item_code,
                    f.description, t.due
             FROM reinspection_tasks t
             JOIN patrol_findings f ON f.patrol_id = t.patrol_id AND f.seq = t.seq
             WHERE t.done_patrol IS NULL AND t.due <= ?1 AND (?2 IS NULL OR t.team_code = ?2)
             ORDER BY t.due, t.patrol_id, t.seq",
        )?;
        let rows = stmt.query_map(params![until.to_string(), team], |r| {
            let due: String = r.get(7)?;
            Ok((
                Reinspection {
                    patrol: r.get(0)?,
                    seq: r.get(1)?,
                    team: r.get(2)?,
                    place: r.get(3)?,
                    grid: r.get(4)?,
                    item: r.get(5)?,
                    description: r.get(6)?,
                    due: NaiveDate::MIN,
                },
                due,
            ))
        })?;
        rows.map(|row| {
            let (mut task, due) = row?;
            task.due = due.parse().map_err(|_| {
                StoreError::Corrupt(format!("re-inspection {}-{}: due", task.patrol, task.seq))
            })?;
            Ok(task)
        })
        .collect()
    }

    /// A patrol's findings, in order.
    pub fn findings(&self, id: i64) -> StoreResult<Vec<Finding>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, place, grid_code, item_code, description, evidence, action, order_due,
                    reinspects_patrol, reinspects_seq
             FROM patrol_findings WHERE patrol_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([id], finding_from_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|f| f)).collect()
    }

    /// A status change that needs the patrol in `expected` status ([`Operation::RecordPatrol`]).
    fn change_patrol(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        expected: PatrolStatus,
        kind: &str,
        change: impl FnOnce(&rusqlite::Transaction<'_>) -> StoreResult<serde_json::Value>,
    ) -> StoreResult<Patrol> {
        self.write(|tx| {
            authorize(tx, who, Operation::RecordPatrol)?;
            expect_status(tx, id, expected)?;
            let payload = change(tx)?;
            events::append(tx, who.actor(), now, kind, &payload)?;
            Ok(())
        })?;
        self.patrol(id)?.ok_or_else(|| PatrolRefusal::NoSuchPatrol(id).into())
    }
}

fn expect_status(conn: &Connection, id: i64, expected: PatrolStatus) -> StoreResult<()> {
    let status: Option<String> = conn
        .query_row("SELECT status FROM patrols WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    let status = status.ok_or(PatrolRefusal::NoSuchPatrol(id))?;
    let actual = PatrolStatus::from_key(&status)
        .ok_or_else(|| StoreError::Corrupt(format!("patrol {id}: status")))?;
    if actual != expected {
        return Err(PatrolRefusal::WrongStatus { expected, actual }.into());
    }
    Ok(())
}

fn time(text: Option<String>) -> Result<Option<NaiveDateTime>, String> {
    text.map(|t| NaiveDateTime::parse_from_str(&t, TIME).map_err(|e| format!("{t}: {e}")))
        .transpose()
}

fn patrol_from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Patrol>> {
    let id: i64 = r.get(0)?;
    let corrupt = |what: String| Ok(Err(StoreError::Corrupt(format!("patrol {id}: {what}"))));
    let Some(kind) = PatrolKind::from_key(&r.get::<_, String>(2)?) else {
        return corrupt("kind".into());
    };
    let Some(status) = PatrolStatus::from_key(&r.get::<_, String>(10)?) else {
        return corrupt("status".into());
    };
    let grids: Result<Vec<String>, _> = serde_json::from_str(&r.get::<_, String>(3)?);
    let officers: Result<Vec<String>, _> = serde_json::from_str(&r.get::<_, String>(5)?);
    let (Ok(grids), Ok(officers)) = (grids, officers) else { return corrupt("lists".into()) };
    let times = (time(Some(r.get(6)?)), time(Some(r.get(7)?)), time(r.get(8)?), time(r.get(9)?));
    let (Ok(Some(planned_start)), Ok(Some(planned_end)), Ok(started_at), Ok(finished_at)) = times
    else {
        return corrupt("times".into());
    };
    Ok(Ok(Patrol {
        id,
        team: r.get(1)?,
        kind,
        grids,
        route: r.get(4)?,
        officers,
        planned_start,
        planned_end,
        started_at,
        finished_at,
        status,
        summary: r.get(11)?,
        signed_off_by: r.get(12)?,
        ticket: r.get(13)?,
    }))
}

fn finding_from_row(r: &Row<'_>) -> rusqlite::Result<StoreResult<Finding>> {
    let corrupt = |what: &str| Ok(Err(StoreError::Corrupt(format!("finding: {what}"))));
    let Ok(Some(at)) = time(Some(r.get(0)?)) else { return corrupt("time") };
    let Ok(evidence) = serde_json::from_str::<Vec<Evidence>>(&r.get::<_, String>(5)?) else {
        return corrupt("evidence");
    };
    let order_due: Option<String> = r.get(7)?;
    let action = match (r.get::<_, String>(6)?.as_str(), order_due.map(|d| d.parse::<NaiveDate>()))
    {
        ("no_problem", _) => FindingAction::NoProblem,
        ("education", _) => FindingAction::Education,
        ("corrected", _) => FindingAction::Corrected,
        ("order", Some(Ok(by))) => FindingAction::Order { by },
        ("simple_penalty", _) => FindingAction::SimplePenalty,
        ("case", _) => FindingAction::Case,
        ("transfer", _) => FindingAction::Transfer,
        _ => return corrupt("action"),
    };
    Ok(Ok(Finding {
        at,
        place: r.get(1)?,
        grid: r.get(2)?,
        item: r.get(3)?,
        description: r.get(4)?,
        evidence,
        action,
        reinspects: match (r.get(8)?, r.get(9)?) {
            (Some(patrol), Some(seq)) => Some((patrol, seq)),
            _ => None,
        },
    }))
}

/// A re-inspection names an order to correct that has not been re-inspected yet.
fn check_reinspected(conn: &Connection, patrol: i64, seq: i64) -> StoreResult<()> {
    let done: Option<bool> = conn
        .query_row(
            "SELECT done_patrol IS NOT NULL FROM reinspection_tasks WHERE patrol_id = ?1 AND seq = ?2",
            [patrol, seq],
            |r| r.get(0),
        )
        .optional()?;
    match done {
        Some(false) => Ok(()),
        Some(true) => Err(PatrolRefusal::AlreadyReinspected(patrol, seq).into()),
        None => Err(PatrolRefusal::NoSuchOrder(patrol, seq).into()),
    }
}

/// The task an order to correct leaves, and the task a re-inspection closes.
pub(crate) fn keep_reinspections(
    tx: &rusqlite::Transaction<'_>,
    patrol: i64,
    seq: i64,
    finding: &Finding,
) -> StoreResult<()> {
    if let FindingAction::Order { by } = &finding.action {
        tx.prepare_cached(
            "INSERT INTO reinspection_tasks (patrol_id, seq, team_code, due)
             SELECT ?1, ?2, team_code, ?3 FROM patrols WHERE id = ?1",
        )?
        .execute(params![patrol, seq, by.to_string()])?;
    }
    if let Some((order_patrol, order_seq)) = finding.reinspects {
        tx.prepare_cached(
            "UPDATE reinspection_tasks SET done_patrol = ?1, done_seq = ?2
             WHERE patrol_id = ?3 AND seq = ?4",
        )?
        .execute(params![patrol, seq, order_patrol, order_seq])?;
    }
    Ok(())
}
