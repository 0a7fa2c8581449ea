//! A case's rows and events as `Store::open_case` and `Store::take_step` write them: the case
//! (its stage and state as they stand at the end of the history), the items it cites frozen
//! from the edition in force, its parties, then each step at its moment; filing approval gives
//! the number from the per-year counter.

use super::super::cases::CaseLife;
use super::super::Queue;
use super::{to_json, Happening, Writer};
use crate::cases;
use crate::events;
use crate::{StoreError, StoreResult};
use chrono::{DateTime, Datelike, Utc};
use rusqlite::{params, Transaction};
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::case::{Stage, Step};
use zhifa_core::domain::case_file::{case_number, CaseSource, DEFAULT_NUMBER_PATTERN};

impl Writer<'_> {
    pub(super) fn open_case(
        &mut self,
        tx: &Transaction<'_>,
        actor: &Actor,
        now: DateTime<Utc>,
        mut life: CaseLife,
        queue: &mut Queue,
    ) -> StoreResult<usize> {
        if life.new.source == CaseSource::Ticket {
            life.new.ticket = self.last_ticket.get(&life.new.team).copied();
            if life.new.ticket.is_none() {
                life.new.source = CaseSource::WalkIn;
            }
        }
        let edition = &self.world.editions[life.edition];
        let new = &life.new;
        let cited =
            new.items.iter().map(|code| cases::cited_in_log(&edition.label, code)).collect();
        let payload = cases::open_payload(new, &new.team, "ordinary", cited, &new.opening_state());
        let seq = events::append(tx, actor, now, "case.open", &payload)?;
        tx.prepare_cached(
            "INSERT INTO cases (team_code, source, ticket_id, place, grid_code, facts, act_on,
                 lead_on, stage, state, created_event)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            new.team,
            new.source.key(),
            new.ticket,
            new.place,
            new.grid,
            new.facts,
            new.act_on.to_string(),
            new.lead_on.to_string(),
            life.state.stage.key(),
            to_json(&life.state)?,
            seq
        ])?;
        let id = tx.last_insert_rowid();
        let mut rows = 2;
        for (ordinal, &index) in life.cited.iter().enumerate() {
            let item = &edition.items[index];
            tx.prepare_cached(
                "INSERT INTO case_items (case_id, ordinal, version_id, code, item)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id,
                ordinal as i64,
                edition.id,
                item.code,
                to_json(item)?
            ])?;
            rows += 1;
        }
        cases::insert_parties(tx, id, &new.parties)?;
        rows += new.parties.len();
        for (seq, (moment, step, stage_after)) in life.steps.into_iter().enumerate() {
            let seq = seq as i64 + 1;
            let what = Happening::TakeStep { case: id, seq, step: Box::new(step), stage_after };
            queue.push(moment, what);
        }
        Ok(rows)
    }

    /// A step's event and history row; filing approval gives the number, as `take_step` does.
    #[allow(clippy::too_many_arguments)] // the step's parts, as the queue carries them
    pub(super) fn take_step(
        &mut self,
        tx: &Transaction<'_>,
        actor: &Actor,
        now: DateTime<Utc>,
        case: i64,
        seq: i64,
        step: &Step,
        stage_after: Stage,
    ) -> StoreResult<usize> {
        let mut rows = 2;
        if let (Step::ApproveFiling { on, .. }, false) = (step, self.numbers.contains_key(&case)) {
            let number = next_number(tx, on.year())?;
            tx.prepare_cached("UPDATE cases SET number = ?1 WHERE id = ?2")?
                .execute(params![number, case])?;
            self.numbers.insert(case, number);
            rows += 1;
        }
        let number = self.numbers.get(&case).cloned();
        let taken = cases::StepTaken { case, seq, step, stage_after, number };
        cases::append_step(tx, actor, now, &taken)?;
        if stage_after.is_final() {
            // Nothing follows an ending: the number is no longer needed here.
            self.numbers.remove(&case);
        }
        Ok(rows)
    }
}

/// The year's next case number, from the counter `take_step` uses.
fn next_number(tx: &Transaction<'_>, year: i32) -> StoreResult<String> {
    let n: i64 = tx
        .prepare_cached(
            "INSERT INTO case_number_counters (year, last) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        )?
        .query_row([year], |r| r.get(0))?;
    let n = u32::try_from(n).map_err(|_| StoreError::Corrupt("case number counter".into()))?;
    case_number(DEFAULT_NUMBER_PATTERN, year, n).map_err(StoreError::Corrupt)
}
