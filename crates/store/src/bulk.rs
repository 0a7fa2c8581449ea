//! Years of a county's casework, generated fast for benchmarks: patrols with their findings,
//! tickets with their handling, cases through the procedure, spread over the years up to the
//! clock's today, on the teams, staff, grids and catalog versions the database already holds
//! (`zhifa_bench::county` seeds a whole county).
//!
//! Fast, because rows go in through cached statements in large transactions rather than one
//! store call (and one commit) each; but every row is as the store's own write paths leave it:
//! each change appends its event through `events::append` in time order (so the hash chain
//! verifies), cases hold the state `domain::case::apply` gives after their steps (each judged with
//! the role of who took it), their cited items are frozen from the version in force on the day
//! of the act, numbers come from the per-year counters, and officers log in before their day's
//! work. Deterministic for a seed. What happens when is drawn in `bulk/patrols.rs`,
//! `bulk/tickets.rs` and `bulk/cases.rs` (pure); `bulk/writer.rs` writes it.

mod cases;
mod patrols;
mod tickets;
mod words;
mod world;
mod writer;

use super::identity::{authorize, Identity};
use super::{events, Store, StoreError, StoreResult};
use cases::case_life;
use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use patrols::patrol_life;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use tickets::ticket_life;
use world::{Gen, World};
use writer::{Happening, Writer};
use zhifa_core::domain::officer::Operation;

/// How much history to generate. At scale 1: a busy county's ten years (1M patrols, about 3M
/// findings, 200k cases, 500k tickets).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryPlan {
    pub scale: f64,
    pub seed: u64,
    pub years: u32,
}

impl Default for HistoryPlan {
    fn default() -> Self {
        HistoryPlan { scale: 1.0, seed: 7, years: 10 }
    }
}

/// Patrols, tickets and cases at scale 1 (findings follow from patrols: three each on average).
pub const FULL_SCALE: [(&str, u64); 3] =
    [("patrols", 1_000_000), ("tickets", 500_000), ("cases", 200_000)];

/// Rows written per transaction: large enough that commits cost little, small enough that the
/// write-ahead log stays a few hundred megabytes.
const ROWS_PER_TRANSACTION: usize = 50_000;

/// Page cache while generating (KiB, as `PRAGMA cache_size` takes negative values): the event
/// hashes' unique index takes inserts at random places, so it should stay in memory.
const GENERATION_CACHE_KIB: i64 = 2_000_000;

impl Store {
    /// Generates `plan`'s history ending at `now`, on the teams and catalog in the database.
    /// Admins only, and only into a database without patrols, tickets or cases: the events it
    /// writes carry officers' names, so it must never mix with real work. Its last event records
    /// that the history was generated, with the plan. Returns the number of events appended.
    pub fn generate_history(
        &mut self,
        who: &Identity,
        plan: &HistoryPlan,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        self.write(|tx| {
            authorize(tx, who, Operation::ManageTeams)?;
            refuse_work(tx)
        })?;
        let world = World::read(self)?;
        let end = now.with_timezone(&zhifa_core::clock::CHINA).naive_local();
        let first = end
            .date()
            .checked_sub_days(Days::new(u64::from(plan.years) * 365))
            .unwrap_or(end.date());
        let before: i64 = self.conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
        let cache: i64 = self.conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -GENERATION_CACHE_KIB)?;
        let written = self.write_history(&world, plan, first, end);
        self.conn.pragma_update(None, "cache_size", cache)?;
        written?;
        let after: i64 = self.conn.query_row("SELECT count(*) FROM events", [], |r| r.get(0))?;
        let payload = serde_json::json!({
            "scale": plan.scale, "seed": plan.seed, "years": plan.years, "events": after - before,
        });
        self.write(|tx| events::append(tx, who.actor(), now, "history.generate", &payload))?;
        Ok(after - before + 1)
    }

    /// Moves the write-ahead log into the database file and empties it, so that the file's size
    /// is the database's (after a generation, whose last transactions are still in the log).
    pub fn checkpoint(&self) -> StoreResult<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Rows in each of the casework tables (and the event log), for the benchmark's report.
    pub fn table_rows(&self) -> StoreResult<Vec<(&'static str, i64)>> {
        const TABLES: [&str; 14] = [
            "events",
            "teams",
            "officers",
            "grids",
            "catalog_versions",
            "catalog_items",
            "patrols",
            "patrol_findings",
            "tickets",
            "ticket_actions",
            "cases",
            "case_items",
            "case_parties",
            "case_steps",
        ];
        TABLES
            .iter()
            .map(|table| {
                // Table names come from the constant above, never from input.
                let sql = format!("SELECT count(*) FROM {table}");
                Ok((*table, self.conn.query_row(&sql, [], |r| r.get(0))?))
            })
            .collect()
    }

    fn write_history(
        &mut self,
        world: &World,
        plan: &HistoryPlan,
        first: NaiveDate,
        end: NaiveDateTime,
    ) -> StoreResult<()> {
        let mut gen = Gen::new(world, plan.seed, end);
        let schedule = Schedule::new(plan.scale, first, end.date());
        let mut queue = Queue::default();
        let mut writer = Writer::new(world);
        let mut next_day = first;
        loop {
            let tx =
                self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let mut rows = 0;
            let mut done = false;
            while rows < ROWS_PER_TRANSACTION {
                // Everything due before the next day's arrivals, in time order.
                let limit =
                    if next_day > end.date() { NaiveDateTime::MAX } else { midnight(next_day) };
                if let Some(due) = queue.pop_before(limit) {
                    rows += writer.perform(&tx, due, &mut queue)?;
                } else if next_day > end.date() {
                    done = true;
                    break;
                } else {
                    schedule.arrivals(&mut gen, next_day, &mut queue)?;
                    next_day = next_day.succ_opt().unwrap_or(NaiveDate::MAX);
                }
            }
            tx.commit()?;
            if done {
                return Ok(());
            }
        }
    }
}

/// A generated history goes only where there is no work yet.
fn refuse_work(tx: &rusqlite::Transaction<'_>) -> StoreResult<()> {
    for (table, what) in [("patrols", "patrols"), ("tickets", "tickets"), ("cases", "cases")] {
        // Table names from the list above, never from input.
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {table})");
        if tx.query_row(&sql, [], |r| r.get::<_, bool>(0))? {
            return Err(StoreError::HoldsWork(what));
        }
    }
    Ok(())
}

fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

/// How many patrols, tickets and cases start each day: the totals of the plan, spread over the
/// days with the work growing over the years (a third more at the end than on average) and
/// quieter weekends. Counts are differences of rounded running totals, so they add up exactly.
struct Schedule {
    first: NaiveDate,
    /// Per kind (patrols, tickets, cases): the running total of the day weights, and the target.
    kinds: [(Vec<f64>, f64); 3],
}

/// Weekend activity relative to a weekday: patrols, tickets, cases opened.
const WEEKEND: [f64; 3] = [0.8, 0.9, 0.4];

impl Schedule {
    fn new(scale: f64, first: NaiveDate, last: NaiveDate) -> Schedule {
        let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
        let span = (days.len().max(2) - 1) as f64;
        let kind = |k: usize| {
            let mut running = vec![0.0];
            for (i, day) in days.iter().enumerate() {
                let growth = 0.7 + 0.6 * i as f64 / span;
                let weekend = chrono::Datelike::weekday(day).number_from_monday() > 5;
                let weight = if weekend { growth * WEEKEND[k] } else { growth };
                running.push(running[i] + weight);
            }
            let target = FULL_SCALE[k].1 as f64 * scale;
            // A scale that is not a positive number asks for nothing.
            (running, if target.is_finite() && target > 0.0 { target } else { 0.0 })
        };
        Schedule { first, kinds: [kind(0), kind(1), kind(2)] }
    }

    /// How many of kind `k` start on `day`.
    fn count(&self, k: usize, day: NaiveDate) -> usize {
        let (running, target) = &self.kinds[k];
        let Ok(i) = usize::try_from((day - self.first).num_days()) else { return 0 };
        let (Some(before), Some(after), Some(all)) =
            (running.get(i), running.get(i + 1), running.last())
        else {
            return 0;
        };
        let total = |x: f64| (target * x / all.max(f64::MIN_POSITIVE)).round() as usize;
        total(*after) - total(*before)
    }

    /// Queues what arrives on `day`: its tickets and cases, and the next day's patrols (planned
    /// this afternoon; the first day's were planned the day before).
    fn arrivals(&self, g: &mut Gen, day: NaiveDate, queue: &mut Queue) -> StoreResult<()> {
        if day == self.first {
            self.patrols(g, day, queue);
        }
        if let Some(next) = day.succ_opt() {
            self.patrols(g, next, queue);
        }
        for _ in 0..self.count(1, day) {
            if let Some(life) = ticket_life(g, day) {
                queue.push(life.added.clone(), Happening::AddTicket(Box::new(life)));
            }
        }
        for _ in 0..self.count(2, day) {
            let life = case_life(g, day).map_err(|refusal| {
                StoreError::Corrupt(format!("a generated case step: {refusal}"))
            })?;
            if let Some(life) = life {
                queue.push(life.opened.clone(), Happening::OpenCase(Box::new(life)));
            }
        }
        Ok(())
    }

    fn patrols(&self, g: &mut Gen, day: NaiveDate, queue: &mut Queue) {
        for _ in 0..self.count(0, day) {
            if let Some(life) = patrol_life(g, day) {
                queue.push(life.planned.clone(), Happening::PlanPatrol(Box::new(life)));
            }
        }
    }
}

/// Happenings waiting for their moment, earliest first (ties in the order they were queued).
#[derive(Default)]
pub struct Queue {
    heap: BinaryHeap<Reverse<Due>>,
    queued: u64,
}

/// A happening at its moment.
pub struct Due {
    pub at: NaiveDateTime,
    pub by: String,
    order: u64,
    pub what: Happening,
}

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.order) == (other.at, other.order)
    }
}

impl Eq for Due {}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Due {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.order).cmp(&(other.at, other.order))
    }
}

impl Queue {
    pub fn push(&mut self, moment: world::Moment, what: Happening) {
        self.queued += 1;
        let due = Due { at: moment.at, by: moment.by, order: self.queued, what };
        self.heap.push(Reverse(due));
    }

    fn pop_before(&mut self, limit: NaiveDateTime) -> Option<Due> {
        if self.heap.peek()?.0.at >= limit {
            return None;
        }
        self.heap.pop().map(|Reverse(due)| due)
    }
}
