//! Writes generated happenings as the store's write paths would: the same rows, the same event
//! kinds and payloads (`patrols.rs`, `tickets.rs`, `cases.rs`, `officers.rs`), through cached
//! statements inside the caller's transaction. A row that later steps change (a patrol's status,
//! a ticket's, a case's stage and state) is written once, as it stands at the end of the history;
//! its later events and history rows follow at their moments. An officer's first action of a day
//! is preceded by their login, from their team's station.

mod case_rows;
mod patrol_rows;
mod ticket_rows;

use super::cases::CaseLife;
use super::patrols::PatrolLife;
use super::tickets::TicketLife;
use super::world::World;
use super::{Due, Queue};
use crate::events;
use crate::{StoreError, StoreResult};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use patrol_rows::{plan_patrol, record_finding, start_patrol};
use rusqlite::Transaction;
use serde_json::json;
use std::collections::{HashMap, VecDeque};
use ticket_rows::ticket_action;
use zhifa_core::clock::CHINA;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::case::{Stage, Step};
use zhifa_core::domain::patrol::{Finding, FindingAction};

const TIME: &str = "%Y-%m-%d %H:%M:%S";

/// What happens at a moment (who does it is in the [`Due`]).
pub enum Happening {
    PlanPatrol(Box<PatrolLife>),
    StartPatrol {
        patrol: i64,
    },
    Finding {
        patrol: i64,
        seq: i64,
        finding: Box<Finding>,
    },
    FinishPatrol {
        patrol: i64,
        summary: String,
    },
    SignOff {
        patrol: i64,
    },
    AddTicket(Box<TicketLife>),
    /// `assign` (the detail is the team) or `reply` (the reply).
    TicketAction {
        ticket: i64,
        seq: i64,
        kind: &'static str,
        detail: String,
    },
    OpenCase(Box<CaseLife>),
    TakeStep {
        case: i64,
        seq: i64,
        step: Box<Step>,
        stage_after: Stage,
    },
}

pub struct Writer<'w> {
    world: &'w World,
    /// Each officer's login of the day, and the actor their events are recorded as.
    sessions: HashMap<String, (NaiveDate, Actor)>,
    /// Case numbers given at filing, for the steps after it.
    numbers: HashMap<i64, String>,
    /// The ticket each team was last given, for cases that come from a ticket.
    last_ticket: HashMap<String, i64>,
    /// Each team's orders to correct not yet re-inspected (patrol, finding, day due), oldest
    /// first: the team's next finding once one is due re-inspects it, as officers do.
    open_orders: HashMap<String, VecDeque<(i64, i64, NaiveDate)>>,
}

impl<'w> Writer<'w> {
    pub fn new(world: &'w World) -> Writer<'w> {
        Writer {
            world,
            sessions: HashMap::new(),
            numbers: HashMap::new(),
            last_ticket: HashMap::new(),
            open_orders: HashMap::new(),
        }
    }

    /// Writes `due`, queues what follows from it; the number of rows written.
    pub fn perform(
        &mut self,
        tx: &Transaction<'_>,
        due: Due,
        queue: &mut Queue,
    ) -> StoreResult<usize> {
        let (actor, logins) = self.acting(tx, &due.by, due.at)?;
        let now = utc(due.at);
        let rows = match due.what {
            Happening::PlanPatrol(life) => plan_patrol(tx, &actor, now, *life, queue)?,
            Happening::StartPatrol { patrol } => start_patrol(tx, &actor, now, patrol, due.at)?,
            Happening::Finding { patrol, seq, mut finding } => {
                self.follow_orders(&due.by, patrol, seq, &mut finding);
                record_finding(tx, &actor, now, patrol, seq, &finding)?
            }
            Happening::FinishPatrol { patrol, summary } => {
                let at = due.at.format(TIME).to_string();
                let payload = json!({ "patrol": patrol, "at": at, "summary": summary });
                events::append(tx, &actor, now, "patrol.finish", &payload)?;
                1
            }
            Happening::SignOff { patrol } => {
                events::append(tx, &actor, now, "patrol.sign_off", &json!({ "patrol": patrol }))?;
                1
            }
            Happening::AddTicket(life) => self.add_ticket(tx, &actor, now, *life, queue)?,
            Happening::TicketAction { ticket, seq, kind, detail } => {
                ticket_action(tx, &actor, now, ticket, seq, kind, &detail)?
            }
            Happening::OpenCase(life) => self.open_case(tx, &actor, now, *life, queue)?,
            Happening::TakeStep { case, seq, step, stage_after } => {
                self.take_step(tx, &actor, now, case, seq, &step, stage_after)?
            }
        };
        Ok(rows + logins)
    }

    /// Keeps the team's orders to correct: an order is remembered; any other finding once the
    /// oldest order is due re-inspects it.
    fn follow_orders(&mut self, badge: &str, patrol: i64, seq: i64, finding: &mut Finding) {
        let Some(team) = self.world.team_of.get(badge) else { return };
        let orders = self.open_orders.entry(team.clone()).or_default();
        if let FindingAction::Order { by } = finding.action {
            orders.push_back((patrol, seq, by));
        } else if orders.front().is_some_and(|(_, _, due)| *due <= finding.at.date()) {
            finding.reinspects = orders.pop_front().map(|(p, s, _)| (p, s));
        }
    }

    /// The actor `badge`'s events are recorded as at `at`, logging them in first when this is
    /// their first action of the day (as `Store::authenticate` records a login).
    fn acting(
        &mut self,
        tx: &Transaction<'_>,
        badge: &str,
        at: NaiveDateTime,
    ) -> StoreResult<(Actor, usize)> {
        if let Some((day, actor)) = self.sessions.get(badge) {
            if *day == at.date() {
                return Ok((actor.clone(), 0));
            }
        }
        let origin = self.station(badge, at.date());
        events::append(tx, &origin, utc(at), "auth.login_ok", &json!({ "badge": badge }))?;
        let actor = Actor::new(badge, origin.terminal.clone(), origin.pid);
        self.sessions.insert(badge.to_string(), (at.date(), actor.clone()));
        Ok((actor, 1))
    }

    /// The OS account and terminal of the station `badge` works at, with the day's process.
    fn station(&self, badge: &str, day: NaiveDate) -> Actor {
        let spread = badge.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        let pid = 1000 + (spread.wrapping_add(day.num_days_from_ce() as u32 * 131)) % 60_000;
        match self.world.team_of.get(badge) {
            Some(team) => {
                let host = team.to_lowercase();
                Actor::new(
                    format!("os:zf{host}"),
                    format!("zf-{host}-{}:/dev/pts/{}", 1 + spread % 3, spread % 7),
                    pid,
                )
            }
            None => Actor::new("os:fazhike", format!("fzk-1:/dev/pts/{}", spread % 7), pid),
        }
    }
}

fn to_json(value: &impl serde::Serialize) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A moment in China Standard Time as the UTC instant events record.
fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    let offset = Duration::seconds(i64::from(CHINA.local_minus_utc()));
    DateTime::from_naive_utc_and_offset(at - offset, Utc)
}
