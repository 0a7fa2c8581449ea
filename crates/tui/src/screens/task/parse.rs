//! A filled-in form read back into a [`Command`], or the first field that cannot be read, named
//! with the reason. Only the reading is checked here (a date is a date, a fine a number); what the
//! law and the records require is the store's to judge, and its refusal comes back to the form.
//! Numbers, dates and times are read the same typed in full width (a Chinese input method's
//! full-width mode: ２０２６－１１－２４); names and texts are kept as typed.

use super::forms::*;
use super::{Ctx, TaskKind, TaskState};
use crate::form::Form;
use chrono::{NaiveDate, NaiveDateTime};
use std::path::PathBuf;
use zhifa_app::command::Command;
use zhifa_core::domain::case::steps::{Input, Values};
use zhifa_core::domain::case::Step;
use zhifa_core::domain::case_file::{CaseSource, NewCase, Party};
use zhifa_core::domain::catalog::PartyKind;
use zhifa_core::domain::patrol::{Finding, FindingAction, NewPatrol, PatrolKind};
use zhifa_core::domain::penalty::Proposal;
use zhifa_core::domain::ticket::{Channel, IncomingTicket, Reporter};
use zhifa_core::text::fold_width;

type Read<T> = Result<T, String>;

pub fn command(task: &TaskState, ctx: &Ctx) -> Read<Command> {
    let f = &task.form;
    Ok(match &task.kind {
        TaskKind::PlanPatrol { ticket } => Command::PlanPatrol(patrol(f, *ticket, ctx)?),
        TaskKind::FinishPatrol(id) => {
            Command::FinishPatrol { patrol: *id, summary: required(f, SUMMARY, ctx)? }
        }
        TaskKind::Finding { patrol, offered } => {
            let reinspects = match f.chosen_of(FINDING_REINSPECTS) {
                0 => None,
                n => offered.get(n - 1).copied(),
            };
            finding(f, *patrol, reinspects, ctx)?
        }
        TaskKind::OpenCase { finding, ticket } => {
            let mut case = new_case(f, ctx, *finding)?;
            case.ticket = *ticket;
            case.legal_review_required = f.chosen_of(CASE_LEGAL_REVIEW) == 1;
            Command::OpenCase(case)
        }
        TaskKind::SpotDecision { finding } => {
            let case = new_case(f, ctx, *finding)?;
            let party = case.parties.first().map_or(PartyKind::Individual, |p| p.kind);
            let penalty = proposal(f, party, ctx)?;
            let partner = required(f, CASE_PARTNER, ctx)?;
            Command::DecideOnTheSpot { case, penalty, partner }
        }
        TaskKind::Menu(_) => return Err(String::new()),
        TaskKind::Step { case, kind } => {
            Command::TakeStep { case: *case, step: step(task, *kind, ctx)? }
        }
        TaskKind::NewTicket => {
            let ticket = incoming_ticket(f, ctx)?;
            let repeats = match f.chosen_of(TICKET_REPEAT) {
                0 => None,
                n => task.duplicates.get(n - 1).map(|(id, _)| *id),
            };
            Command::TakeInTicket { ticket, repeats }
        }
        TaskKind::AssignTicket(id) => {
            let team = ctx.teams.get(f.chosen_of(TEAM)).map(|t| t.code.clone()).unwrap_or_default();
            Command::AssignTicket { ticket: *id, team }
        }
        TaskKind::ReplyTicket(id) => {
            Command::ReplyTicket { ticket: *id, reply: required(f, REPLY, ctx)? }
        }
        TaskKind::Callback(id) => Command::Callback {
            ticket: *id,
            satisfied: f.chosen_of(RESULT) == 0,
            note: f.value_of(NOTE).trim().to_string(),
        },
        TaskKind::TransferTicket(id) => Command::TransferTicket {
            ticket: *id,
            to: required(f, TRANSFER_TO, ctx)?,
            reason: required(f, REASON, ctx)?,
        },
        TaskKind::AddTeam => {
            let brigade = optional(f.value_of(BRIGADE));
            let (code, name) = (required(f, CODE, ctx)?, required(f, NAME, ctx)?);
            Command::AddTeam { code, name, brigade }
        }
        TaskKind::AddGrid => Command::AddGrid(zhifa_core::domain::org::Grid {
            code: required(f, CODE, ctx)?,
            name: required(f, NAME, ctx)?,
            team: ctx.teams.get(f.chosen_of(TEAM)).map(|t| t.code.clone()).unwrap_or_default(),
            road: f.value_of(ROAD).trim().to_string(),
            landmarks: f.value_of(LANDMARKS).trim().to_string(),
        }),
        TaskKind::UnlockOfficer => {
            let chosen = ctx.locked.get(f.chosen_of(BADGE));
            Command::UnlockOfficer { badge: chosen.map(|o| o.badge.clone()).unwrap_or_default() }
        }
        TaskKind::LinkTicket(id) => {
            // The number as the list shows it (or #id), among the tickets listed.
            let original = zhifa_intake::numbers::resolve(&typed(f, ORIGINAL), ctx.tickets)
                .map_err(|e| problem(f, ORIGINAL, ctx, (&e.message_zh(), &e.to_string())))?;
            Command::LinkTicket { ticket: *id, original }
        }
    })
}

/// The ticket typed at intake (received now, by the clock's day and the form's time).
pub fn incoming_ticket(f: &Form, ctx: &Ctx) -> Read<IncomingTicket> {
    let anonymous = f.chosen_of(TICKET_ANONYMOUS) == 1;
    Ok(IncomingTicket {
        // Empty when taken in by hand without one: the store gives the channel's next number.
        number: f.value_of(TICKET_NUMBER).trim().to_string(),
        channel: Channel::ALL.get(f.chosen_of(TICKET_CHANNEL)).copied().unwrap_or(Channel::Other),
        received_at: ctx.today.and_hms_opt(0, 0, 0).unwrap_or_default(),
        reporter: Reporter {
            name: f.value_of(TICKET_REPORTER).trim().to_string(),
            phone: f.value_of(TICKET_PHONE).trim().to_string(),
            anonymous,
        },
        place: required(f, TICKET_PLACE, ctx)?,
        content: required(f, TICKET_CONTENT, ctx)?,
        due: None,
    })
}

fn patrol(f: &Form, ticket: Option<i64>, ctx: &Ctx) -> Read<NewPatrol> {
    Ok(NewPatrol {
        team: required(f, PLAN_TEAM, ctx)?,
        kind: PatrolKind::ALL.get(f.chosen_of(PLAN_KIND)).copied().unwrap_or(PatrolKind::Daily),
        grids: list(f.value_of(PLAN_GRIDS)),
        route: f.value_of(PLAN_ROUTE).trim().to_string(),
        officers: list(&required(f, PLAN_OFFICERS, ctx)?),
        planned_start: time(f, PLAN_START, ctx)?,
        planned_end: time(f, PLAN_END, ctx)?,
        ticket,
    })
}

fn finding(f: &Form, patrol: i64, reinspects: Option<(i64, i64)>, ctx: &Ctx) -> Read<Command> {
    let at = match typed(f, FINDING_TIME).as_str() {
        "" => None,
        text if text.len() <= 5 => {
            Some(ctx.today.and_time(clock_time(f, FINDING_TIME, text, ctx)?))
        }
        _ => Some(time(f, FINDING_TIME, ctx)?),
    };
    let action = match f.chosen_of(FINDING_ACTION) {
        0 => FindingAction::NoProblem,
        1 => FindingAction::Education,
        2 => FindingAction::Corrected,
        3 => FindingAction::Order { by: date(f, FINDING_CORRECT_BY, ctx)? },
        4 => FindingAction::SimplePenalty,
        5 => FindingAction::Case,
        _ => FindingAction::Transfer,
    };
    let evidence =
        f.value_of(FINDING_EVIDENCE).split([';', '；']).map(str::trim).filter(|p| !p.is_empty());
    Ok(Command::RecordFinding {
        patrol,
        at,
        finding: Finding {
            at: NaiveDateTime::default(),
            place: required(f, FINDING_PLACE, ctx)?,
            grid: optional(f.value_of(FINDING_GRID)),
            item: f.value_of(FINDING_ITEM).trim().to_string(),
            description: required(f, FINDING_DESCRIPTION, ctx)?,
            evidence: Vec::new(),
            action,
            reinspects,
        },
        evidence: evidence.map(PathBuf::from).collect(),
    })
}

fn new_case(f: &Form, ctx: &Ctx, finding: Option<(i64, i64)>) -> Read<NewCase> {
    let labels: Vec<&str> = f
        .fields
        .get(f.at(CASE_SOURCE))
        .map(|field| field.choices.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let source_label = labels.get(f.chosen_of(CASE_SOURCE)).copied().unwrap_or_default();
    let source = CaseSource::ALL
        .into_iter()
        .find(|s| s.label(ctx.lang) == source_label)
        .unwrap_or(CaseSource::Patrol);
    let party = f.value_of(CASE_PARTY).trim();
    let kind = if f.chosen_of(CASE_PARTY_KIND) == 1 {
        PartyKind::Organisation
    } else {
        PartyKind::Individual
    };
    let parties = match party {
        "" => Vec::new(),
        name => vec![Party {
            kind,
            name: name.to_string(),
            id_number: f.value_of(CASE_ID_NUMBER).trim().to_string(),
            contact: f.value_of(CASE_CONTACT).trim().to_string(),
        }],
    };
    Ok(NewCase {
        team: ctx.officer.team.clone().unwrap_or_default(),
        source,
        ticket: None,
        place: required(f, CASE_PLACE, ctx)?,
        grid: optional(f.value_of(CASE_GRID)),
        facts: required(f, CASE_FACTS, ctx)?,
        act_on: date(f, CASE_ACT_ON, ctx)?,
        lead_on: ctx.today,
        serious: false,
        items: list(&required(f, CASE_ITEM, ctx)?),
        parties,
        legal_review_required: false,
        finding,
    })
}

/// The warning, fine, tier and reason of an on-the-spot decision.
fn proposal(f: &Form, party: PartyKind, ctx: &Ctx) -> Read<Proposal> {
    let fine = match typed(f, FINE).as_str() {
        "" => None,
        text => Some(text.parse().map_err(|_| {
            problem(f, FINE, ctx, ("须为整数（元）", "must be a whole number of yuan"))
        })?),
    };
    Ok(Proposal {
        party,
        warning: f.chosen_of(WARNING) == 1,
        fine,
        tier: optional(f.value_of(TIER)),
        tier_reason: f.value_of(TIER_REASON).trim().to_string(),
        confiscation: Default::default(),
    })
}

/// A step form read by field identity: each field's key names the value it holds (a choice
/// by the key of the choice made), and the domain builds the step from those values.
fn step(task: &TaskState, kind: StepKind, ctx: &Ctx) -> Read<Step> {
    let mut values = Values::default();
    for spec in kind.fields() {
        let f = &task.form;
        let value = match &spec.input {
            Input::Choice(choices) => {
                choices.get(f.chosen_of(spec.key)).map_or("", |c| c.0).to_string()
            }
            _ => f.value_of(spec.key).to_string(),
        };
        values.set(spec.id, value);
    }
    kind.build(&values).map_err(|problem| problem.message(ctx.lang).to_string())
}

/// Comma-, 、- or space-separated entries.
fn list(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// A number, date or time as typed in field `i`: trimmed, full-width forms as ASCII.
fn typed(f: &Form, key: &str) -> String {
    fold_width(f.value_of(key)).trim().to_string()
}

fn required(f: &Form, key: &str, ctx: &Ctx) -> Read<String> {
    optional(f.value_of(key)).ok_or_else(|| problem(f, key, ctx, ("不能为空", "may not be empty")))
}

fn date(f: &Form, key: &str, ctx: &Ctx) -> Read<NaiveDate> {
    NaiveDate::parse_from_str(&typed(f, key), "%Y-%m-%d").map_err(|_| {
        problem(f, key, ctx, ("须为日期，如 2026-11-24", "must be a date like 2026-11-24"))
    })
}

fn time(f: &Form, key: &str, ctx: &Ctx) -> Read<NaiveDateTime> {
    NaiveDateTime::parse_from_str(&typed(f, key), "%Y-%m-%d %H:%M").map_err(|_| {
        problem(
            f,
            key,
            ctx,
            ("须为时间，如 2026-11-24 09:00", "must be a time like 2026-11-24 09:00"),
        )
    })
}

fn clock_time(f: &Form, key: &str, text: &str, ctx: &Ctx) -> Read<chrono::NaiveTime> {
    chrono::NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| problem(f, key, ctx, ("须为时刻，如 09:40", "must be a time like 09:40")))
}

/// “「label」reason”, in the interface language.
fn problem(f: &Form, key: &str, ctx: &Ctx, reason: (&str, &str)) -> String {
    let label = f.fields.get(f.at(key)).map_or(("", ""), |field| field.label);
    format!("「{}」{}", ctx.lang.pick(label.0, label.1), ctx.lang.pick(reason.0, reason.1))
}
