//! A patrol's rows and events as `Store::plan_patrol`, `start_patrol`, `record_finding`,
//! `finish_patrol` and `sign_off_patrol` write them: the patrol (its status and times as they
//! stand at the end of the history), then each event at its moment, findings with their rows.

use super::super::patrols::PatrolLife;
use super::super::world::Moment;
use super::super::Queue;
use super::{Happening, TIME};
use crate::events;
use crate::StoreResult;
use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{params, Transaction};
use serde_json::json;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::patrol::{Finding, FindingAction};

/// The patrol row as it stands at the end of the history, its plan event, and what follows.
pub(super) fn plan_patrol(
    tx: &Transaction<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    life: PatrolLife,
    queue: &mut Queue,
) -> StoreResult<usize> {
    let (start, end) =
        (life.planned_start.format(TIME).to_string(), life.planned_end.format(TIME).to_string());
    let payload = json!({
        "team": life.team, "kind": life.kind.key(), "grids": life.grids, "route": life.route,
        "officers": life.officers, "planned_start": start, "planned_end": end,
    });
    let seq = events::append(tx, actor, now, "patrol.plan", &payload)?;
    let time = |m: &Option<Moment>| m.as_ref().map(|m| m.at.format(TIME).to_string());
    let finished = life.finished.as_ref().map(|(m, _)| m.clone());
    let summary = life.finished.as_ref().map(|(_, s)| s.clone()).unwrap_or_default();
    tx.prepare_cached(
        "INSERT INTO patrols (team_code, kind, grids, route, officers, planned_start, planned_end,
             started_at, finished_at, status, summary, signed_off_by, created_event)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        life.team,
        life.kind.key(),
        json!(life.grids).to_string(),
        life.route,
        json!(life.officers).to_string(),
        start,
        end,
        time(&life.started),
        time(&finished),
        life.status().key(),
        summary,
        life.signed_off.as_ref().map(|m| m.by.clone()),
        seq
    ])?;
    let id = tx.last_insert_rowid();
    if let Some(started) = life.started {
        queue.push(started, Happening::StartPatrol { patrol: id });
    }
    for (seq, (by, finding)) in life.findings.into_iter().enumerate() {
        let at = finding.at;
        let what =
            Happening::Finding { patrol: id, seq: seq as i64 + 1, finding: Box::new(finding) };
        queue.push(Moment::new(at, by), what);
    }
    if let Some((moment, summary)) = life.finished {
        queue.push(moment, Happening::FinishPatrol { patrol: id, summary });
    }
    if let Some(moment) = life.signed_off {
        queue.push(moment, Happening::SignOff { patrol: id });
    }
    Ok(2)
}

pub(super) fn start_patrol(
    tx: &Transaction<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    patrol: i64,
    at: NaiveDateTime,
) -> StoreResult<usize> {
    let payload = json!({ "patrol": patrol, "at": at.format(TIME).to_string() });
    events::append(tx, actor, now, "patrol.start", &payload)?;
    Ok(1)
}

pub(super) fn record_finding(
    tx: &Transaction<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    patrol: i64,
    seq: i64,
    finding: &Finding,
) -> StoreResult<usize> {
    let order_due = match &finding.action {
        FindingAction::Order { by } => Some(by.to_string()),
        _ => None,
    };
    let payload = json!({ "patrol": patrol, "finding": finding });
    let event = events::append(tx, actor, now, "patrol.finding", &payload)?;
    tx.prepare_cached(
        "INSERT INTO patrol_findings (patrol_id, seq, at, place, grid_code, item_code,
             description, evidence, action, order_due, actor, event_seq, reinspects_patrol,
             reinspects_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        patrol,
        seq,
        finding.at.format(TIME).to_string(),
        finding.place,
        finding.grid,
        finding.item,
        finding.description,
        json!(finding.evidence).to_string(),
        finding.action.key(),
        order_due,
        actor.id,
        event,
        finding.reinspects.map(|r| r.0),
        finding.reinspects.map(|r| r.1)
    ])?;
    crate::patrols::keep_reinspections(tx, patrol, seq, finding)?;
    Ok(2)
}
