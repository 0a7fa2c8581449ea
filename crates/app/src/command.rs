//! The application layer: what an officer records, from a work form of the TUI or from the
//! command line (`zhifa case step`), is a [`Command`] — complete domain data — and [`execute`]
//! hands it to the store as the logged-in officer, at the clock's time, under the station's
//! `[casework]` rules. It answers with what was [`Recorded`] or a typed [`Refusal`] (naming the
//! field a form should point at); the wording of both lives here and in `messages`.

use crate::messages;
use chrono::{DateTime, NaiveDateTime, Utc};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use zhifa_core::clock::CHINA;
use zhifa_core::domain::case::Step;
use zhifa_core::domain::case_file::NewCase;
use zhifa_core::domain::org::Grid;
use zhifa_core::domain::patrol::{Evidence, Finding, NewPatrol};
use zhifa_core::domain::penalty::Proposal;
use zhifa_core::domain::ticket::IncomingTicket;
use zhifa_core::i18n::Lang;
use zhifa_intake::reply_due;
use zhifa_store::{Identity, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    PlanPatrol(NewPatrol),
    StartPatrol(i64),
    FinishPatrol {
        patrol: i64,
        summary: String,
    },
    SignOffPatrol(i64),
    /// `at` empty: now. Evidence files are read here and registered by their SHA-256.
    RecordFinding {
        patrol: i64,
        at: Option<NaiveDateTime>,
        finding: Finding,
        evidence: Vec<PathBuf>,
    },
    OpenCase(NewCase),
    DecideOnTheSpot {
        case: NewCase,
        penalty: Proposal,
        partner: String,
    },
    TakeStep {
        case: i64,
        step: Step,
    },
    TakeInTicket {
        ticket: IncomingTicket,
        repeats: Option<i64>,
    },
    AssignTicket {
        ticket: i64,
        team: String,
    },
    ReplyTicket {
        ticket: i64,
        reply: String,
    },
    Callback {
        ticket: i64,
        satisfied: bool,
        note: String,
    },
    TransferTicket {
        ticket: i64,
        to: String,
        reason: String,
    },
    LinkTicket {
        ticket: i64,
        original: i64,
    },
    AddTeam {
        code: String,
        name: String,
        brigade: Option<String>,
    },
    AddGrid(Grid),
    /// Clears an account's lock after failed logins (team leaders and admins).
    UnlockOfficer {
        badge: String,
    },
}

/// What a command did, for the status line and the form that follows (a finding that becomes a
/// case opens the case form with what the finding said).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub message: String,
    /// The finding recorded: (patrol, finding number).
    pub finding: Option<(i64, i64)>,
    /// The id of the record made (a patrol planned, a case opened, a ticket taken in), which the
    /// list it joins then selects.
    pub created: Option<i64>,
}

/// Where and under which rules a command runs.
pub struct Desk<'a> {
    pub who: &'a Identity,
    pub now: DateTime<Utc>,
    pub config: &'a crate::config::Config,
    pub lang: Lang,
}

/// Why a command wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    /// The field (a step's field key) the refusal is about, where it is about one.
    pub field: Option<&'static str>,
    pub kind: RefusalKind,
}

/// What kind of refusal: the law or the records (a step out of order, a fine outside the
/// range), the officer's role, what was typed (no such record), or the storage itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    Law,
    Permission,
    Input,
    Storage,
}

impl Refusal {
    fn of(error: &StoreError, lang: Lang) -> Refusal {
        let field = match error {
            StoreError::Case(zhifa_store::CaseRefusal::Step(step)) => step.field(),
            _ => None,
        };
        let kind = match error {
            StoreError::Case(_) | StoreError::Patrol(_) => RefusalKind::Law,
            StoreError::Access(_) => RefusalKind::Permission,
            StoreError::Busy
            | StoreError::DiskFull
            | StoreError::WriteFailed(_)
            | StoreError::Open { .. }
            | StoreError::Corrupt(_)
            | StoreError::Sql(_) => RefusalKind::Storage,
            _ => RefusalKind::Input,
        };
        Refusal { message: messages::store_error(error, lang), field, kind }
    }

    /// No officer is logged in (a locked terminal).
    /// A failure of the storage or of the centre, worded by the caller.
    pub fn storage(message: String) -> Refusal {
        Refusal { message, field: None, kind: RefusalKind::Storage }
    }

    pub fn not_logged_in(lang: Lang) -> Refusal {
        let message = lang.pick("未登录", "not logged in").to_string();
        Refusal { message, field: None, kind: RefusalKind::Permission }
    }

    fn input(message: String) -> Refusal {
        Refusal { message, field: None, kind: RefusalKind::Input }
    }
}

/// Runs `command` in one store transaction; what was recorded, or why nothing was written.
pub fn execute(store: &mut Store, desk: &Desk, command: Command) -> Result<Recorded, Refusal> {
    let said = |message: String| Recorded { message, finding: None, created: None };
    let made = |message: String, id: i64| Recorded { message, finding: None, created: Some(id) };
    let error = |e: StoreError| Refusal::of(&e, desk.lang);
    let (who, now, lang) = (desk.who, desk.now, desk.lang);
    let calendar = store.work_calendar().map_err(error)?;
    let rules = desk.config.casework.case_rules(&calendar);
    let local_now = now.with_timezone(&CHINA).naive_local();
    match command {
        Command::PlanPatrol(new) => {
            let p = store.plan_patrol(who, now, &new).map_err(error)?;
            let text = lang
                .pick(&format!("已安排巡查 #{}", p.id), &format!("patrol #{} planned", p.id))
                .to_string();
            Ok(made(text, p.id))
        }
        Command::StartPatrol(id) => {
            store.start_patrol(who, now, id, local_now).map_err(error)?;
            Ok(said(lang.pick("巡查开始", "patrol started").into()))
        }
        Command::FinishPatrol { patrol, summary } => {
            store.finish_patrol(who, now, patrol, local_now, &summary).map_err(error)?;
            Ok(said(
                lang.pick("巡查结束，待中队长审签", "patrol finished, awaiting sign-off").into(),
            ))
        }
        Command::SignOffPatrol(id) => {
            store.sign_off_patrol(who, now, id).map_err(error)?;
            Ok(said(lang.pick("巡查已审签", "patrol signed off").into()))
        }
        Command::RecordFinding { patrol, at, mut finding, evidence } => {
            finding.at = at.unwrap_or(local_now);
            finding.evidence = evidence
                .iter()
                .map(|p| registered(p, lang))
                .collect::<Result<_, _>>()
                .map_err(Refusal::input)?;
            let seq = store.record_finding(who, now, patrol, &finding).map_err(error)?;
            let message = lang.pick("已记录巡查发现", "finding recorded").to_string();
            Ok(Recorded { message, finding: Some((patrol, seq)), created: None })
        }
        Command::OpenCase(new) => {
            let case = store.open_case(who, now, &new).map_err(error)?;
            Ok(made(
                format!("{} #{}", lang.pick("已登记案件线索", "case opened"), case.id),
                case.id,
            ))
        }
        Command::DecideOnTheSpot { case, penalty, partner } => {
            let case = store
                .decide_on_the_spot(who, now, &case, &penalty, &partner, &rules)
                .map_err(error)?;
            let number = case.number.unwrap_or_default();
            Ok(said(format!("{} {number}", lang.pick("已当场作出处罚决定", "decided on the spot"))))
        }
        Command::TakeStep { case, step } => {
            let case = store.take_step(who, now, case, &step, &rules).map_err(error)?;
            let stage = case.state.stage.label(lang);
            Ok(said(format!("{}{stage}", lang.pick("案件现为：", "case now: "))))
        }
        Command::TakeInTicket { mut ticket, repeats } => {
            ticket.received_at = local_now;
            let due = reply_due(&ticket, &calendar, desk.config.casework.ticket_periods());
            // The item it concerns, as routing finds it on the catalog in force today: recorded
            // with it (the reports count complaints by the item's domain).
            let item = crate::worklist::TicketClassifier::new()
                .classify(store, ticket.received_at.date(), &ticket.content)
                .map_err(error)?;
            let t = store
                .take_in_ticket(who, now, &ticket, due, repeats, item.as_ref())
                .map_err(error)?;
            let text = match repeats {
                Some(original) => format!(
                    "{} #{} → #{original}",
                    lang.pick("已登记并关联重复件", "taken in, linked"),
                    t.id
                ),
                None => format!(
                    "{} {} #{}",
                    lang.pick("已登记投诉举报", "ticket taken in"),
                    t.incoming.number,
                    t.id
                ),
            };
            Ok(made(text, t.id))
        }
        Command::AssignTicket { ticket, team } => {
            store.assign_ticket(who, now, ticket, &team).map_err(error)?;
            Ok(said(format!("{} {team}", lang.pick("已分派给", "assigned to"))))
        }
        Command::ReplyTicket { ticket, reply } => {
            store.reply_ticket(who, now, ticket, &reply).map_err(error)?;
            Ok(said(lang.pick("已记录答复", "reply recorded").into()))
        }
        Command::Callback { ticket, satisfied, note } => {
            let t = store.callback_ticket(who, now, ticket, satisfied, &note).map_err(error)?;
            Ok(said(format!(
                "{}{}",
                lang.pick("已记录回访：", "callback recorded: "),
                t.status.label_zh()
            )))
        }
        Command::TransferTicket { ticket, to, reason } => {
            store.transfer_ticket(who, now, ticket, &to, &reason).map_err(error)?;
            Ok(said(format!("{} {to}", lang.pick("已转办", "transferred to"))))
        }
        Command::AddTeam { code, name, brigade } => {
            let team =
                store.add_team_in(who, now, &code, &name, brigade.as_deref()).map_err(error)?;
            Ok(said(format!(
                "{} {} {}",
                lang.pick("已新增中队", "team added"),
                team.code,
                team.name
            )))
        }
        Command::UnlockOfficer { badge } => {
            let officer = store.unlock_officer(who, now, &badge).map_err(error)?;
            Ok(said(format!(
                "{} {} {}",
                lang.pick("已解锁账号", "account unlocked:"),
                officer.badge,
                officer.name
            )))
        }
        Command::AddGrid(grid) => {
            let grid = store.add_grid(who, now, &grid).map_err(error)?;
            Ok(said(format!(
                "{} {} {}",
                lang.pick("已新增网格", "grid added"),
                grid.code,
                grid.name
            )))
        }
        Command::LinkTicket { ticket, original } => {
            store.link_ticket(who, now, ticket, original).map_err(error)?;
            Ok(said(format!(
                "{} #{ticket} → #{original}",
                lang.pick("已关联为重复件", "linked as a repeat")
            )))
        }
    }
}

/// An evidence file by its name and SHA-256 (the file itself stays where it is kept).
fn registered(path: &PathBuf, lang: Lang) -> Result<Evidence, String> {
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "{} {}: {e}",
            lang.pick("无法读取证据文件", "cannot read evidence file"),
            path.display()
        )
    })?;
    let name = path
        .file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    Ok(Evidence { name, sha256: hex::encode(Sha256::digest(&bytes)) })
}
