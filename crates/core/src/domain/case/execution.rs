//! After service: payment within 15 days (APL art. 67), collection on the spot against the
//! official receipt and its handing in within 2 days (arts. 68–71), deferral or instalments
//! (art. 66), the surcharge and its pauses (arts. 72, 73), the written reminder and the
//! application to the court (行政强制法 arts. 35, 53, 54).

use super::ordinary::{not_before, required};
use super::refusal::{Earlier, StepRefusal};
use super::{Case, Judge, Stage, Step};
use crate::calendar::{CalendarGap, DayCount, WorkCalendar};
use crate::domain::deadline::{due_date, DeadlineKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why a fine may be collected on the spot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CollectionGround {
    /// 依法给予一百元以下罚款 (art. 68(1)), simple procedure.
    Small,
    /// 不当场收缴事后难以执行 (art. 68(2)), simple procedure.
    HardToEnforce,
    /// 边远、水上、交通不便地区 (art. 69), on the party's request.
    Remote,
}

impl CollectionGround {
    pub const ALL: [CollectionGround; 3] =
        [CollectionGround::Small, CollectionGround::HardToEnforce, CollectionGround::Remote];

    pub fn key(self) -> &'static str {
        match self {
            Self::Small => "small",
            Self::HardToEnforce => "hard_to_enforce",
            Self::Remote => "remote",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Small => "一百元以下罚款（第六十八条第一项）",
            Self::HardToEnforce => "不当场收缴事后难以执行（第六十八条第二项）",
            Self::Remote => "边远、水上、交通不便地区（第六十九条）",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Small => "a fine of 100 yuan or less (art. 68(1))",
            Self::HardToEnforce => "hard to enforce later (art. 68(2))",
            Self::Remote => "remote area (art. 69)",
        }
    }
}

/// Administrative review or a lawsuit against the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealKind {
    Review,
    Suit,
}

impl AppealKind {
    pub fn key(self) -> &'static str {
        match self {
            Self::Review => "review",
            Self::Suit => "suit",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Review => "行政复议",
            Self::Suit => "行政诉讼",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Review => "administrative review",
            Self::Suit => "lawsuit",
        }
    }
}

/// One review or suit: from the day it was brought to the day it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    pub kind: AppealKind,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// What happened after service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Execution {
    pub collected_on: Option<NaiveDate>,
    /// The day the illegal gains confiscated were paid in (art. 74(1)); absent from states
    /// recorded before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gains_collected_on: Option<NaiveDate>,
    pub handed_in_on: Option<NaiveDate>,
    pub deferred_on: Option<NaiveDate>,
    pub deferred_until: Option<NaiveDate>,
    pub appeals: Vec<Appeal>,
    pub reminder_on: Option<NaiveDate>,
    pub court_applied_on: Option<NaiveDate>,
}

/// Whether `step` is one of the steps after service this module judges.
pub(super) fn handles(step: &Step) -> bool {
    matches!(
        step,
        Step::CollectOnTheSpot { .. }
            | Step::HandInCollected { .. }
            | Step::CollectGains { .. }
            | Step::DeferPayment { .. }
            | Step::RecordAppeal { .. }
            | Step::EndAppeal { .. }
            | Step::ServeReminder { .. }
            | Step::ApplyCourtEnforcement { .. }
    )
}

pub(super) fn apply(case: &Case, step: &Step, judge: &Judge) -> Result<Case, StepRefusal> {
    let mut next = case.clone();
    let x = &mut next.execution;
    let served = case.served_on;
    match (case.stage, step) {
        (Stage::Served, Step::CollectOnTheSpot { on, ground, receipt }) => {
            let fine = fine(case)?;
            if x.collected_on.is_some() {
                return Err(StepRefusal::AlreadyCollected);
            }
            if *ground != CollectionGround::Remote && !case.simple {
                return Err(StepRefusal::CollectionNotSimple);
            }
            if *ground == CollectionGround::Small && fine > 100 {
                return Err(StepRefusal::CollectionAbove100 { fine });
            }
            // Art. 70: no receipt of the finance department, no collection.
            required(receipt, "receipt")?;
            not_before(*on, case.decided_on, Earlier::Decision)?;
            x.collected_on = Some(*on);
            next.stage = Stage::Executed;
        }
        (_, Step::HandInCollected { on }) => {
            let collected = x.collected_on.ok_or(StepRefusal::NothingCollected)?;
            not_before(*on, Some(collected), Earlier::Collection)?;
            x.handed_in_on = Some(*on);
        }
        // The confiscated gains paid in, after service, whether or not the fine is paid yet.
        (Stage::Served | Stage::Executed, Step::CollectGains { on, receipt }) => {
            if case.penalty.as_ref().and_then(|p| p.confiscation.gains).is_none() {
                return Err(StepRefusal::NoGains);
            }
            if x.gains_collected_on.is_some() {
                return Err(StepRefusal::GainsAlreadyCollected);
            }
            required(receipt, "receipt")?;
            not_before(*on, served, Earlier::Service)?;
            x.gains_collected_on = Some(*on);
        }
        (Stage::Served, Step::DeferPayment { on, until, instalments }) => {
            fine(case)?;
            if until <= on || *instalments == 0 {
                return Err(StepRefusal::BadDeferral);
            }
            not_before(*on, served, Earlier::Service)?;
            x.deferred_on = Some(*on);
            x.deferred_until = Some(*until);
        }
        (Stage::Served, Step::RecordAppeal { on, kind }) => {
            if x.appeals.iter().any(|a| a.to.is_none()) {
                return Err(StepRefusal::AppealOpen);
            }
            not_before(*on, served, Earlier::Service)?;
            x.appeals.push(Appeal { kind: *kind, from: *on, to: None });
        }
        (Stage::Served, Step::EndAppeal { on }) => {
            let open =
                x.appeals.iter_mut().find(|a| a.to.is_none()).ok_or(StepRefusal::NoAppeal)?;
            not_before(*on, Some(open.from), Earlier::Appeal)?;
            open.to = Some(*on);
        }
        (Stage::Served, Step::ServeReminder { on }) => {
            fine(case)?;
            let due = payment_due(case, judge.calendar)?;
            if *on <= due {
                return Err(StepRefusal::NotOverdue { due });
            }
            x.reminder_on = Some(*on);
        }
        (Stage::Served, Step::ApplyCourtEnforcement { on }) => {
            let reminder = x.reminder_on.ok_or(StepRefusal::ReminderMissing)?;
            // 行政强制法 art. 54: ten days after the reminder was served; art. 69: working days.
            let waited = judge.calendar.add_days(reminder, 10, DayCount::Working)?;
            if *on <= waited {
                return Err(StepRefusal::ReminderWait {
                    from: waited.succ_opt().unwrap_or(waited),
                });
            }
            let ends = appeals_end(case, judge.calendar)?;
            if *on <= ends {
                return Err(StepRefusal::AppealPeriodsOpen { ends });
            }
            x.court_applied_on = Some(*on);
        }
        _ => return Err(StepRefusal::WrongStage(case.stage)),
    }
    Ok(next)
}

fn fine(case: &Case) -> Result<i64, StepRefusal> {
    case.penalty.as_ref().and_then(|p| p.fine).ok_or(StepRefusal::NoFine)
}

/// The last day to pay: 15 days after service (art. 67), or the end of an approved deferral
/// (art. 66).
pub fn payment_due(case: &Case, calendar: &WorkCalendar) -> Result<NaiveDate, CalendarGap> {
    if let Some(until) = case.execution.deferred_until {
        return Ok(until);
    }
    let served = case.served_on.unwrap_or(case.lead_on);
    due_date(&DeadlineKind::Payment.rule(), served, &[], calendar)
}

/// When the periods for review and suit end (the later, the lawsuit's six months), or the end
/// of a deferral if later (art. 72(2)): the court may be applied to only after. Counted as the
/// party's period (its latest end on a provisional year), so no application comes too early.
fn appeals_end(case: &Case, calendar: &WorkCalendar) -> Result<NaiveDate, CalendarGap> {
    appeals_end_for(case, DeadlineKind::LawsuitPeriod.rule(), calendar)
}

fn appeals_end_for(
    case: &Case,
    lawsuit: crate::domain::deadline::Rule,
    calendar: &WorkCalendar,
) -> Result<NaiveDate, CalendarGap> {
    let served = case.served_on.unwrap_or(case.lead_on);
    let lawsuit = due_date(&lawsuit, served, &[], calendar)?;
    Ok(case.execution.deferred_until.map_or(lawsuit, |until| until.max(lawsuit)))
}

/// The days a fine has been overdue on `today` that the surcharge counts: none during an
/// approved deferral (art. 66), none while a review or suit runs (art. 73(3)). `None`: no fine
/// is owed (none decided, or collected, or the case is past service).
pub fn surcharge_days(case: &Case, today: NaiveDate, calendar: &WorkCalendar) -> Option<u64> {
    if case.stage != Stage::Served || case.execution.collected_on.is_some() {
        return None;
    }
    case.penalty.as_ref()?.fine?;
    let due = payment_due(case, calendar).ok()?;
    if today <= due {
        return Some(0);
    }
    let late = (today - due).num_days();
    let paused: i64 = case
        .execution
        .appeals
        .iter()
        .map(|a| {
            let from = a.from.max(due.succ_opt().unwrap_or(due));
            let to = a.to.unwrap_or(today).min(today);
            (to - from).num_days() + 1
        })
        .filter(|d| *d > 0)
        .sum();
    Some((late - paused).max(0) as u64)
}

/// The clocks after service.
pub(super) fn clocks(
    case: &Case,
    served: NaiveDate,
    calendar: &WorkCalendar,
    out: &mut Vec<(DeadlineKind, Result<NaiveDate, CalendarGap>)>,
) {
    let clock =
        |kind: DeadlineKind, start: NaiveDate| (kind, due_date(&kind.rule(), start, &[], calendar));
    let x = &case.execution;
    if x.collected_on.is_none() {
        match x.deferred_until {
            Some(until) => out.push((DeadlineKind::Deferral, Ok(until))),
            None => out.push(clock(DeadlineKind::Payment, served)),
        }
    }
    out.push(clock(DeadlineKind::ReviewPeriod, served));
    out.push(clock(DeadlineKind::LawsuitPeriod, served));
    if let (Some(reminder), None) = (x.reminder_on, x.court_applied_on) {
        out.push(clock(DeadlineKind::ReminderWait, reminder));
    }
    // Unpaid after both appeal periods: three months to apply to the court from the end of
    // the later one (or of a deferral), 行政强制法 art. 53, APL art. 72(2). The bureau's own
    // deadline: counted from the earliest end a provisional year allows.
    if x.court_applied_on.is_none() {
        let bureau = crate::domain::deadline::Rule {
            binds: crate::domain::deadline::Binds::Bureau,
            ..DeadlineKind::LawsuitPeriod.rule()
        };
        if let Ok(end) = appeals_end_for(case, bureau, calendar) {
            out.push(clock(DeadlineKind::EnforcementApplication, end));
        }
    }
}
