//! Cases: the case as opened, the items it cites (each the catalog's text of its version), the
//! articles frozen with it (as its event states them), its parties, each step; the state re-derived step by step; the numbers the counters gave.

use super::{
    int, json as same_json, opt_int, opt_text, owned, sql_text, text, Event, Expect, Fault, Place,
    Replay, Replayed,
};
use crate::{Problem, StoreResult};
use chrono::Datelike;
use rusqlite::types::Value as Sql;
use serde::Deserialize;
use serde_json::{json, Value as Json};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use zhifa_core::domain::case::{apply, Authority, Case, Judge, Step};

/// A case as its events leave it.
struct CaseSoFar {
    /// The state re-derived from the opening and each step (unknown for a case opened before
    /// opening recorded its state).
    state: Option<Case>,
    stage: String,
    number: Option<String>,
    steps: i64,
}

#[derive(Default)]
pub(super) struct Cases {
    cases: HashMap<i64, CaseSoFar>,
    /// Numbers given per (series, year): what the counters must stand at.
    counters: BTreeMap<(&'static str, i32), i64>,
    /// Cited items' bodies by (catalog version, code): see `body_of`.
    bodies: HashMap<(i64, String), Option<Rc<Json>>>,
}

pub(super) fn project(r: &mut Replay, e: &Event) -> Replayed {
    match e.kind {
        "case.open" => open(r, e),
        "case.step" => step(r, e),
        other => Err(Fault::Payload(format!("unknown kind of event “{other}”"))),
    }
}

fn open(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    let sql = "SELECT team_code, source, ticket_id, place, grid_code, facts, act_on, lead_on, \
               procedure, finding_patrol, finding_seq, id FROM cases WHERE created_event = ?1";
    let found = r.row_of_event(sql, e.seq)?;
    let finding = p.field("finding").and_then(Json::as_array);
    let finding_part = |i: usize| finding.and_then(|f| f.get(i)).and_then(Json::as_i64);
    let expected = [
        ("team_code", text(p.text("team")?)),
        ("source", text(p.text("source")?)),
        ("ticket_id", opt_int(p.opt_int("ticket"))),
        ("place", text(p.text("place")?)),
        ("grid_code", opt_text(p.opt_text("grid"))),
        ("facts", text(p.text("facts")?)),
        ("act_on", text(p.text("act_on")?)),
        ("lead_on", text(p.text("lead_on")?)),
        ("procedure", text(p.opt_text("procedure").unwrap_or("ordinary"))),
        ("finding_patrol", opt_int(finding_part(0))),
        ("finding_seq", opt_int(finding_part(1))),
    ];
    let id = match found.as_ref().map(|row| &row[11]) {
        Some(Sql::Integer(id)) => *id,
        _ => 0,
    };
    r.compare(Place::new("cases", id, e.seq), &expected, found.as_deref());
    r.created("cases", 1);
    let state = match p.field("state") {
        Some(state) => {
            Some(Case::deserialize(state).map_err(|err| Fault::Payload(format!("state: {err}")))?)
        }
        None => None,
    };
    let stage = state.as_ref().map_or("lead".to_string(), |s| s.stage.key().to_string());
    r.cases.cases.insert(id, CaseSoFar { state, stage, number: None, steps: 0 });
    if found.is_some() {
        cited_items(r, e, id)?;
        articles(r, e, id)?;
        parties(r, e, id)?;
    }
    Ok(())
}

/// The articles frozen at opening, every value as the event states it (none for an event
/// written before articles were frozen).
fn articles(r: &mut Replay, e: &Event, id: i64) -> Replayed {
    let articles =
        e.payload.field("articles").and_then(Json::as_array).map_or(&[][..], Vec::as_slice);
    let sql = "SELECT law_key, title, effective, number, sub, text FROM case_articles \
               WHERE case_id = ?1 ORDER BY ordinal";
    let rows = r.rows(sql, [id])?;
    r.created("case_articles", articles.len() as i64);
    for (ordinal, a) in articles.iter().enumerate() {
        let field = |key: &str| a.get(key).and_then(Json::as_str).unwrap_or_default();
        let number = |key: &str| a.get(key).and_then(Json::as_i64).unwrap_or_default();
        let expected = [
            ("law_key", text(field("law_key"))),
            ("title", text(field("law"))),
            ("effective", text(field("effective"))),
            ("number", int(number("number"))),
            ("sub", int(number("sub"))),
            ("text", text(field("text"))),
        ];
        let at = Place::new("case_articles", format!("{id}/{ordinal}"), e.seq);
        r.compare(at, &expected, rows.get(ordinal).map(Vec::as_slice));
    }
    Ok(())
}

/// Each cited item: the version and code the event names, the text that version holds.
fn cited_items(r: &mut Replay, e: &Event, id: i64) -> Replayed {
    let items = e.payload.field("items").and_then(Json::as_array).map_or(&[][..], Vec::as_slice);
    let sql = "SELECT v.label, i.code, i.item FROM case_items i \
               JOIN catalog_versions v ON v.id = i.version_id WHERE i.case_id = ?1 \
               ORDER BY i.ordinal";
    let rows = r.rows(sql, [id])?;
    r.created("case_items", items.len() as i64);
    for (ordinal, item) in items.iter().enumerate() {
        let version = item.get("version").and_then(Json::as_str).unwrap_or_default();
        let code = item.get("code").and_then(Json::as_str).unwrap_or_default();
        let body = match r.catalog.ids.get(version) {
            Some(&version_id) => body_of(r, version_id, code)?,
            None => None,
        };
        let body = body.as_deref().map_or(Expect::Unstated, same_json);
        let expected = [("version", text(version)), ("code", text(code)), ("item", body)];
        let at = Place::new("case_items", format!("{id}/{ordinal}"), e.seq);
        r.compare(at, &expected, rows.get(ordinal).map(Vec::as_slice));
    }
    Ok(())
}

/// The body of item `code` in catalog version `version_id` as the file holds it, read once per
/// item (a version's rows never change: triggers keep them, the catalog's replay checks them).
fn body_of(r: &mut Replay, version_id: i64, code: &str) -> Result<Option<Rc<Json>>, Fault> {
    if let Some(body) = r.cases.bodies.get(&(version_id, code.to_string())) {
        return Ok(body.clone());
    }
    let sql = "SELECT b.body FROM catalog_items i JOIN catalog_item_bodies b \
               ON b.version_id = i.version_id AND b.ordinal = i.ordinal \
               WHERE i.version_id = ?1 AND i.code = ?2";
    let body = r
        .row(sql, rusqlite::params![version_id, code])?
        .and_then(|row| serde_json::from_str::<Json>(sql_text(&row[0])).ok())
        .map(Rc::new);
    r.cases.bodies.insert((version_id, code.to_string()), body.clone());
    Ok(body)
}

/// The parties by name, and their identity numbers and contacts by the witness.
fn parties(r: &mut Replay, e: &Event, id: i64) -> Replayed {
    let p = e.payload;
    let names = p.field("parties").and_then(Json::as_array).map_or(&[][..], Vec::as_slice);
    let sql = "SELECT name, kind, id_number, contact FROM case_parties WHERE case_id = ?1 \
               ORDER BY ordinal";
    let rows = r.rows(sql, [id])?;
    r.created("case_parties", names.len() as i64);
    for (ordinal, name) in names.iter().enumerate() {
        let expected = [("name", text(name.as_str().unwrap_or_default()))];
        let at = Place::new("case_parties", format!("{id}/{ordinal}"), e.seq);
        r.compare(at, &expected, rows.get(ordinal).map(Vec::as_slice));
    }
    if let Some(stated) = p.opt_text("party_details") {
        let details: Vec<_> = rows
            .iter()
            .map(|row| json!([sql_text(&row[1]), sql_text(&row[2]), sql_text(&row[3])]))
            .collect();
        let at = Place::new("case_parties", id, e.seq);
        r.check_witness(at, "kind, id_number, contact", stated, &json!(details));
    }
    Ok(())
}

fn step(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    let id = p.int("case")?;
    let step =
        Step::deserialize(p.json("step")).map_err(|err| Fault::Payload(format!("step: {err}")))?;
    let stage_after = p.text("stage_after")?;
    let role = r.accounts.roles.get(e.actor).copied();
    let calendar = &r.accounts.calendar;
    // The step is judged as on the day it was recorded; the local approval settings then in
    // force are not in the log, so any role a setting could allow is accepted.
    let today = chrono::DateTime::parse_from_rfc3339(e.at_secs)
        .map(|at| zhifa_core::clock::china_date(at.with_timezone(&chrono::Utc)))
        .map_err(|err| Fault::Payload(format!("at: {err}")))?;
    let authority = Authority::widest();
    let Some(case) = r.cases.cases.get_mut(&id) else {
        return Err(Fault::Payload(format!("names case {id}, which no event created")));
    };
    case.steps += 1;
    let seq = case.steps;
    let mut follows = Ok(());
    if let (Some(state), Some(role)) = (&case.state, role) {
        let judge = Judge { role, today, calendar, authority: &authority };
        match apply(state, &step, &judge) {
            Ok(next) if next.stage.key() == stage_after => case.state = Some(next),
            Ok(next) => {
                follows =
                    Err(format!("leads to {}, the event says {stage_after}", next.stage.key()));
                case.state = None;
            }
            Err(refusal) => {
                follows = Err(format!("{refusal:?}"));
                case.state = None;
            }
        }
    }
    case.stage = stage_after.to_string();
    if let (None, Some(number)) = (&case.number, p.opt_text("number")) {
        case.number = Some(number.to_string());
        if let Some(counter) = numbered_by(&step) {
            *r.cases.counters.entry(counter).or_default() += 1;
        }
    }
    let sql = "SELECT case_id, seq, step, stage_after, actor, at FROM case_steps \
               WHERE event_seq = ?1";
    let found = r.row_of_event(sql, e.seq)?;
    let expected = [
        ("case_id", int(id)),
        ("seq", int(seq)),
        ("step", same_json(p.json("step"))),
        ("stage_after", text(stage_after)),
        ("actor", text(e.actor)),
        ("at", text(e.at_secs)),
    ];
    r.compare(Place::new("case_steps", format!("{id}/{seq}"), e.seq), &expected, found.as_deref());
    r.created("case_steps", 1);
    follows.map_err(|detail| {
        Fault::Found(Problem::StepDoesNotFollow { case: id, event: e.seq, detail })
    })
}

/// The counter a step takes its number from: filing, the case series; on the spot, the simple
/// decisions' series; each by the year of the step's day.
fn numbered_by(step: &Step) -> Option<(&'static str, i32)> {
    match step {
        Step::ApproveFiling { on, .. } => Some(("case", on.year())),
        Step::DecideOnTheSpot { on, .. } => Some(("simple", on.year())),
        _ => None,
    }
}

pub(super) fn finish(r: &mut Replay) -> StoreResult<()> {
    r.each_row("SELECT id, stage, number, state FROM cases", [], |r, row| {
        let Sql::Integer(id) = row[0] else { return };
        let Some(case) = r.cases.cases.get(&id) else { return };
        let state = case
            .state
            .as_ref()
            .and_then(|s| serde_json::to_value(s).ok())
            .map_or(Expect::Unstated, |state| Expect::Json(std::borrow::Cow::Owned(state)));
        let expected = [
            ("id", int(id)),
            ("stage", owned(&case.stage)),
            ("number", case.number.as_deref().map_or(opt_text(None), owned)),
            ("state", state),
        ];
        r.compare(Place::new("cases", id, 0), &expected, Some(row));
    })?;
    let mut counted = r.cases.counters.clone();
    let sql = "SELECT 'case', year, last FROM case_number_counters \
               UNION ALL SELECT series, year, last FROM decision_counters";
    for row in r.rows(sql, [])? {
        let (Sql::Integer(year), Sql::Integer(_)) = (&row[1], &row[2]) else { continue };
        let series = if sql_text(&row[0]) == "case" { "case" } else { "simple" };
        let given = counted.remove(&(series, *year as i32)).unwrap_or(0);
        let table = if series == "case" { "case_number_counters" } else { "decision_counters" };
        let at = Place::new(table, format!("{series} {year}"), 0);
        r.compare(at, &[("last", int(given))], Some(&row[2..]));
    }
    for ((series, year), given) in counted {
        let table = if series == "case" { "case_number_counters" } else { "decision_counters" };
        r.compare(Place::new(table, format!("{series} {year}"), 0), &[("last", int(given))], None);
    }
    Ok(())
}
