//! The operations a worker performs, one store write each, written as a line of text so that the
//! process that ran it and the test that checks it agree on what was meant.

use super::{now, today, ITEM};
use chrono::NaiveDateTime;
use zhifa::calendar::WorkCalendar;
use zhifa::domain::case::Step;
use zhifa::domain::case_file::{CaseRules, CaseSource, NewCase, Party};
use zhifa::domain::catalog::PartyKind;
use zhifa::domain::patrol::{Finding, FindingAction, NewPatrol, PatrolKind, PatrolStatus};
use zhifa::domain::penalty::Proposal;
use zhifa::domain::ticket::{Channel, IncomingTicket, Reporter};
use zhifa::store::{Identity, Store, StoreResult};

/// One write. Tags are unique per operation and contain no spaces, so each write can be found
/// again by its text alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Login(String),
    Plan(String),
    Start(i64),
    Finding(i64, String),
    Finish(i64),
    SignOff(i64),
    /// A case opened from a finding (patrol, finding number).
    OpenCase(String, i64, i64),
    Step(i64, &'static str),
    Ticket(String),
}

/// The case steps a worker takes, in the order the procedure allows them.
pub const STEPS: [&str; 4] =
    ["request_filing", "approve_filing", "assign_investigators", "propose_penalty"];

impl Op {
    pub fn text(&self) -> String {
        match self {
            Op::Login(badge) => format!("login {badge}"),
            Op::Plan(tag) => format!("plan {tag}"),
            Op::Start(p) => format!("start {p}"),
            Op::Finding(p, tag) => format!("finding {p} {tag}"),
            Op::Finish(p) => format!("finish {p}"),
            Op::SignOff(p) => format!("signoff {p}"),
            Op::OpenCase(tag, p, seq) => format!("case {tag} {p} {seq}"),
            Op::Step(c, step) => format!("step {c} {step}"),
            Op::Ticket(tag) => format!("ticket {tag}"),
        }
    }

    pub fn parse(text: &str) -> Option<Op> {
        let words: Vec<&str> = text.split(' ').collect();
        let number = |i: usize| words.get(i).and_then(|w| w.parse::<i64>().ok());
        let word = |i: usize| words.get(i).map(|w| w.to_string());
        Some(match *words.first()? {
            "login" => Op::Login(word(1)?),
            "plan" => Op::Plan(word(1)?),
            "start" => Op::Start(number(1)?),
            "finding" => Op::Finding(number(1)?, word(2)?),
            "finish" => Op::Finish(number(1)?),
            "signoff" => Op::SignOff(number(1)?),
            "case" => Op::OpenCase(word(1)?, number(2)?, number(3)?),
            "step" => {
                Op::Step(number(1)?, STEPS.into_iter().find(|s| Some(*s) == words.get(2).copied())?)
            }
            "ticket" => Op::Ticket(word(1)?),
            _ => return None,
        })
    }

    /// The kind of the one event this write appends.
    pub fn event_kind(&self) -> &'static str {
        match self {
            Op::Login(_) => "auth.login_ok",
            Op::Plan(_) => "patrol.plan",
            Op::Start(_) => "patrol.start",
            Op::Finding(..) => "patrol.finding",
            Op::Finish(_) => "patrol.finish",
            Op::SignOff(_) => "patrol.sign_off",
            Op::OpenCase(..) => "case.open",
            Op::Step(..) => "case.step",
            Op::Ticket(_) => "ticket.add",
        }
    }

    /// Whether the rows this write changes show it done; `None` for a login, which changes no
    /// row of a successful officer (only its event tells).
    pub fn applied(&self, store: &Store) -> StoreResult<Option<bool>> {
        let status = |p: i64| -> StoreResult<Option<PatrolStatus>> {
            Ok(store.patrol(p)?.map(|patrol| patrol.status))
        };
        Ok(Some(match self {
            Op::Login(_) => return Ok(None),
            Op::Plan(tag) => store.patrols(None, None)?.iter().any(|p| &p.route == tag),
            Op::Start(p) => matches!(status(*p)?, Some(s) if s != PatrolStatus::Planned),
            Op::Finding(p, tag) => store.findings(*p)?.iter().any(|f| &f.description == tag),
            Op::Finish(p) => {
                matches!(status(*p)?, Some(PatrolStatus::Finished | PatrolStatus::SignedOff))
            }
            Op::SignOff(p) => status(*p)? == Some(PatrolStatus::SignedOff),
            Op::OpenCase(tag, ..) => store.cases()?.iter().any(|c| &c.facts == tag),
            Op::Step(c, name) => store
                .case(*c)?
                .is_some_and(|case| case.steps.iter().any(|s| step_name(&s.step) == *name)),
            Op::Ticket(tag) => store.tickets()?.iter().any(|t| &t.incoming.number == tag),
        }))
    }
}

fn step_name(step: &Step) -> &'static str {
    match step {
        Step::RequestFiling => STEPS[0],
        Step::ApproveFiling { .. } => STEPS[1],
        Step::AssignInvestigators(_) => STEPS[2],
        Step::ProposePenalty(_) => STEPS[3],
        _ => "other",
    }
}

/// Who acts: the team leader plans, approves and signs off; the officer does the rest.
pub struct Actors {
    pub leader: Identity,
    pub officer: Identity,
}

/// Performs `op` (not a login) and returns what it made: a patrol, finding or case number, a
/// ticket id, or 0 for a change of state.
pub fn perform(
    store: &mut Store,
    who: &Actors,
    op: &Op,
    calendar: &WorkCalendar,
) -> StoreResult<i64> {
    let (leader, officer) = (&who.leader, &who.officer);
    match op {
        Op::Login(_) => Ok(0),
        Op::Plan(tag) => Ok(store.plan_patrol(leader, now(), &patrol(tag))?.id),
        Op::Start(p) => store.start_patrol(officer, now(), *p, at(9, 5)).map(|_| 0),
        Op::Finding(p, tag) => {
            let action =
                if tag.ends_with("-a") { FindingAction::Case } else { FindingAction::Education };
            store.record_finding(officer, now(), *p, &finding(tag, action))
        }
        Op::Finish(p) => store.finish_patrol(officer, now(), *p, at(11, 20), "巡查完毕").map(|_| 0),
        Op::SignOff(p) => store.sign_off_patrol(leader, now(), *p).map(|_| 0),
        Op::OpenCase(tag, p, seq) => {
            Ok(store.open_case(officer, now(), &case(tag, (*p, *seq)))?.id)
        }
        Op::Step(c, name) => {
            let (who, step) = step(name, leader, officer);
            // Local rules here let the team leader approve filings (`[casework.approvers]`).
            let mut rules = CaseRules::defaults(calendar);
            rules.authority.filing.push(zhifa::domain::officer::Role::TeamLeader);
            store.take_step(who, now(), *c, &step, &rules).map(|_| 0)
        }
        Op::Ticket(tag) => {
            Ok(store.take_in_ticket(officer, now(), &ticket(tag), None, None, None)?.id)
        }
    }
}

fn at(hour: u32, minute: u32) -> NaiveDateTime {
    today().and_hms_opt(hour, minute, 0).expect("a time of day")
}

fn patrol(tag: &str) -> NewPatrol {
    NewPatrol {
        team: "QX01".into(),
        kind: PatrolKind::Daily,
        grids: vec!["QX01-01".into()],
        route: tag.into(),
        officers: vec!["QJ1001".into(), "QJ1002".into()],
        planned_start: at(9, 0),
        planned_end: at(11, 30),
        ticket: None,
    }
}

fn finding(tag: &str, action: FindingAction) -> Finding {
    Finding {
        at: at(9, 40),
        place: "青溪路文昌阁旁人行道".into(),
        grid: Some("QX01-01".into()),
        item: ITEM.into(),
        description: tag.into(),
        evidence: Vec::new(),
        action,
        reinspects: None,
    }
}

fn case(tag: &str, finding: (i64, i64)) -> NewCase {
    NewCase {
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路文昌阁旁人行道".into(),
        grid: Some("QX01-01".into()),
        facts: tag.into(),
        act_on: today(),
        lead_on: today(),
        serious: false,
        items: vec![ITEM.into()],
        parties: vec![Party {
            kind: PartyKind::Individual,
            name: "孙某".into(),
            id_number: String::new(),
            contact: String::new(),
        }],
        legal_review_required: false,
        finding: Some(finding),
    }
}

fn step<'a>(name: &str, leader: &'a Identity, officer: &'a Identity) -> (&'a Identity, Step) {
    match name {
        "approve_filing" => {
            (leader, Step::ApproveFiling { on: today(), opinion: "同意立案".into() })
        }
        "assign_investigators" => {
            (officer, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()]))
        }
        "propose_penalty" => (
            officer,
            Step::ProposePenalty(Proposal {
                party: PartyKind::Individual,
                warning: false,
                fine: Some(300),
                tier: Some("一般".into()),
                tier_reason: "经责令改正后逾期不改正，未造成明显不良后果".into(),
                confiscation: Default::default(),
            }),
        ),
        _ => (officer, Step::RequestFiling),
    }
}

fn ticket(tag: &str) -> IncomingTicket {
    IncomingTicket {
        number: tag.into(),
        channel: Channel::Hotline,
        received_at: at(8, 0),
        reporter: Reporter { name: "市民".into(), phone: String::new(), anonymous: true },
        place: "学府路青江一中门口".into(),
        content: "流动摊贩占道经营".into(),
        due: None,
    }
}
