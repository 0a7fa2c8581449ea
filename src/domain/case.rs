//! The ordinary procedure of a case (APL arts. 54–65) as an explicit state machine: each step
//! names who may take it and what must hold first, and refuses with the reason otherwise. Every
//! step taken is stored as an attributed event by the store; corrections are new steps, never
//! edits. Pure: the case's facts in, the next state or a refusal out.
//!
//! The clocks a stage runs on follow from the dates the steps record ([`open_deadlines`]).

use super::deadline::{due_date, Adjustment, DeadlineKind};
use super::officer::{may, Operation, Role};
use super::penalty::Proposal;
use crate::calendar::{CalendarGap, WorkCalendar};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 线索: found on patrol, reported, referred; not yet a case.
    Lead,
    /// 立案审批: filing asked for, waiting for the leader.
    FilingReview,
    /// 调查取证.
    Investigation,
    /// 法制审核 (art. 58), where required before the decision.
    LegalReview,
    /// 告知: the prior notice is served; statement and defence (and a hearing request) are open.
    Notified,
    /// 听证: requested, to be held.
    Hearing,
    /// 决定: the decision is made, to be served.
    Decided,
    /// 送达: served; payment (or enforcement) is awaited.
    Served,
    /// 执行完毕: paid, or enforced.
    Executed,
    /// 结案审批.
    ClosingReview,
    Closed,
    Archived,
    // Endings other than a penalty:
    /// 不予立案.
    NotFiled,
    /// 不予处罚 (decided, no penalty): goes on to closing.
    NoPenalty,
    /// 撤销立案.
    Withdrawn,
    /// 移送 to another authority or to the judiciary.
    Transferred,
}

impl Stage {
    pub const ALL: [Stage; 16] = [
        Stage::Lead,
        Stage::FilingReview,
        Stage::Investigation,
        Stage::LegalReview,
        Stage::Notified,
        Stage::Hearing,
        Stage::Decided,
        Stage::Served,
        Stage::Executed,
        Stage::ClosingReview,
        Stage::Closed,
        Stage::Archived,
        Stage::NotFiled,
        Stage::NoPenalty,
        Stage::Withdrawn,
        Stage::Transferred,
    ];

    /// The stable key stored in the database (the same as its serde name).
    pub fn key(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::FilingReview => "filing_review",
            Stage::Investigation => "investigation",
            Stage::LegalReview => "legal_review",
            Stage::Notified => "notified",
            Stage::Hearing => "hearing",
            Stage::Decided => "decided",
            Stage::Served => "served",
            Stage::Executed => "executed",
            Stage::ClosingReview => "closing_review",
            Stage::Closed => "closed",
            Stage::Archived => "archived",
            Stage::NotFiled => "not_filed",
            Stage::NoPenalty => "no_penalty",
            Stage::Withdrawn => "withdrawn",
            Stage::Transferred => "transferred",
        }
    }

    pub fn from_key(key: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Stage::Lead => "线索",
            Stage::FilingReview => "立案审批",
            Stage::Investigation => "调查取证",
            Stage::LegalReview => "法制审核",
            Stage::Notified => "告知（陈述申辩）",
            Stage::Hearing => "听证",
            Stage::Decided => "已作出决定",
            Stage::Served => "已送达",
            Stage::Executed => "执行完毕",
            Stage::ClosingReview => "结案审批",
            Stage::Closed => "已结案",
            Stage::Archived => "已归档",
            Stage::NotFiled => "不予立案",
            Stage::NoPenalty => "不予处罚",
            Stage::Withdrawn => "撤销立案",
            Stage::Transferred => "已移送",
        }
    }

    /// Whether nothing more happens to the case.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Archived | Stage::NotFiled | Stage::Withdrawn | Stage::Transferred)
    }

    /// Whether the case is still being worked on: not archived, not ended. Only these run
    /// clocks or wait for anyone (a closed case waits to be archived), so lists of work read
    /// only these.
    pub fn is_open(self) -> bool {
        !self.is_final()
    }
}

/// What has happened in a case so far: what the steps' preconditions look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub stage: Stage,
    /// The day of the act (for the limitation period, art. 36).
    pub act_on: NaiveDate,
    /// Whether the act harmed life, health or financial safety (5-year limitation).
    pub serious: bool,
    pub lead_on: NaiveDate,
    pub filed_on: Option<NaiveDate>,
    /// Badge numbers of the officers investigating, each holding a valid certificate.
    pub investigators: Vec<String>,
    /// Whether art. 58 requires a legal review before this decision.
    pub legal_review_required: bool,
    pub legal_review_passed: bool,
    pub notice_on: Option<NaiveDate>,
    /// Whether the proposed fine gives the party a right to a hearing (art. 63).
    pub hearing_right: bool,
    pub hearing_requested: bool,
    pub hearing_held: bool,
    pub decided_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    /// Recorded suspensions and extensions of the 90-day decision limit.
    pub decision_adjustments: Vec<Adjustment>,
    /// The penalty proposed (checked against the cited item by the store), stated in the notice
    /// and decided.
    #[serde(default)]
    pub penalty: Option<Proposal>,
    /// Decided on the spot under the simple procedure (arts. 51–52): no filing, no notice.
    #[serde(default)]
    pub simple: bool,
    /// Evidence kept under 先行登记保存 on this day, not yet decided on (art. 56).
    #[serde(default)]
    pub preserved_on: Option<NaiveDate>,
    /// Things sealed up or seized on this day and not yet released (行政强制法 art. 25).
    #[serde(default)]
    pub seized_on: Option<NaiveDate>,
    /// The approved extension of the seizure term, in days (one, of at most 30).
    #[serde(default)]
    pub seizure_extension: Option<u32>,
    /// The day the hearing is to be held, as notified to the party.
    #[serde(default)]
    pub hearing_on: Option<NaiveDate>,
}

impl Case {
    /// A lead found on `lead_on` about an act of `act_on`.
    pub fn lead(act_on: NaiveDate, lead_on: NaiveDate) -> Case {
        Case {
            stage: Stage::Lead,
            act_on,
            serious: false,
            lead_on,
            filed_on: None,
            investigators: Vec::new(),
            legal_review_required: false,
            legal_review_passed: false,
            notice_on: None,
            hearing_right: false,
            hearing_requested: false,
            hearing_held: false,
            decided_on: None,
            served_on: None,
            decision_adjustments: Vec::new(),
            penalty: None,
            simple: false,
            preserved_on: None,
            seized_on: None,
            seizure_extension: None,
            hearing_on: None,
        }
    }
}

/// One step of the procedure, with the facts it records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    RequestFiling,
    ApproveFiling {
        on: NaiveDate,
    },
    RejectFiling,
    /// The officers who investigate (at least two, each certified: art. 42).
    AssignInvestigators(Vec<String>),
    /// The penalty the investigation leads to: fine within the item's range and tier, with the
    /// reason for the tier (art. 34). Proposed again to correct it, until the notice.
    ProposePenalty(Proposal),
    SubmitLegalReview,
    PassLegalReview,
    FailLegalReview,
    /// The prior notice (arts. 44, 62), stating whether the party may ask for a hearing.
    GiveNotice {
        on: NaiveDate,
        hearing_right: bool,
    },
    RequestHearing {
        on: NaiveDate,
    },
    /// The party is told when and where the hearing is held, at least 7 working days ahead
    /// (art. 64(2)).
    NotifyHearing {
        on: NaiveDate,
        held_on: NaiveDate,
    },
    HoldHearing,
    Decide {
        on: NaiveDate,
        penalty: bool,
    },
    Serve {
        on: NaiveDate,
    },
    /// Simple procedure (arts. 51–52): two officers decide on the spot and hand the decision
    /// over at once.
    DecideOnTheSpot {
        on: NaiveDate,
        officers: Vec<String>,
    },
    RecordExecution,
    RequestClosing,
    ApproveClosing,
    Archive,
    Withdraw,
    Transfer,
    /// An approved suspension or extension of the decision limit (art. 60).
    AdjustDecisionLimit(Adjustment),
    /// 先行登记保存 (art. 56): evidence kept, with the leader's approval, decided on within 7
    /// working days.
    PreserveEvidence {
        on: NaiveDate,
    },
    /// The decision on preserved evidence (returned, seized, handed over…).
    DecidePreservedEvidence,
    /// 查封、扣押 (行政强制法 arts. 24–25), with approval: 30 days at most.
    Seize {
        on: NaiveDate,
    },
    /// One approved extension of the seizure term, at most 30 days.
    ExtendSeizure(u32),
    ReleaseSeizure,
}

/// Why a step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepRefusal {
    #[error("a {role:?} may not take this step")]
    NotAllowed { role: Role },
    #[error("not possible at stage {}", .0.label_zh())]
    WrongStage(Stage),
    #[error("an investigation needs at least two officers (APL art. 42)")]
    TooFewInvestigators,
    #[error("the legal review has not passed (APL art. 58)")]
    LegalReviewPending,
    #[error("no decision before the prior notice (APL art. 62)")]
    NoticeMissing,
    #[error("the hearing requested has not been held (APL art. 63)")]
    HearingPending,
    #[error("a hearing must be requested within 5 working days of the notice (APL art. 64); the period ended on {0}")]
    HearingRequestLate(NaiveDate),
    #[error("no hearing right was stated in the notice")]
    NoHearingRight,
    #[error(
        "the hearing must be notified at least 7 working days ahead (APL art. 64): not before {0}"
    )]
    HearingNoticeShort(NaiveDate),
    #[error("the party has not been told when the hearing is held (APL art. 64)")]
    HearingNotNotified,
    #[error("a penalty decision needs the penalty proposed before the notice (APL art. 44)")]
    PenaltyMissing,
    #[error("only the simple procedure decides on the spot (APL art. 51)")]
    NotSimple,
    #[error("evidence is already kept under preservation, not yet decided on (APL art. 56)")]
    AlreadyPreserved,
    #[error("no evidence is kept under preservation")]
    NothingPreserved,
    #[error("things are already sealed up or seized")]
    AlreadySeized,
    #[error("nothing is sealed up or seized")]
    NothingSeized,
    #[error(
        "a seizure is extended once, by at most 30 days (Administrative Coercion Law art. 25)"
    )]
    SeizureExtension,
    #[error(transparent)]
    Calendar(#[from] CalendarGap),
}

impl StepRefusal {
    pub fn message_zh(&self) -> String {
        match self {
            Self::NotAllowed { role } => format!("{}不能进行此操作", role.label_zh()),
            Self::WrongStage(stage) => {
                format!("案件处于“{}”阶段，不能进行此操作", stage.label_zh())
            }
            Self::TooFewInvestigators => {
                "调查取证须有两名以上执法人员（《行政处罚法》第四十二条）".into()
            }
            Self::LegalReviewPending => {
                "法制审核未通过，不得作出决定（《行政处罚法》第五十八条）".into()
            }
            Self::NoticeMissing => {
                "未履行告知程序，不得作出处罚决定（《行政处罚法》第六十二条）".into()
            }
            Self::HearingPending => {
                "当事人要求听证，听证尚未举行（《行政处罚法》第六十三条）".into()
            }
            Self::HearingRequestLate(end) => {
                format!("听证须在告知后五个工作日内提出，期限已于 {end} 届满（《行政处罚法》第六十四条）")
            }
            Self::NoHearingRight => "告知书未载明听证权利".into(),
            Self::HearingNoticeShort(earliest) => format!(
                "应当在举行听证的七日前通知当事人（《行政处罚法》第六十四条），最早可于 {earliest} 举行"
            ),
            Self::HearingNotNotified => {
                "尚未通知当事人听证的时间、地点（《行政处罚法》第六十四条）".into()
            }
            Self::PenaltyMissing => {
                "作出处罚决定前须拟定处罚内容并告知当事人（《行政处罚法》第四十四条）".into()
            }
            Self::NotSimple => {
                "只有简易程序可以当场作出处罚决定（《行政处罚法》第五十一条）".into()
            }
            Self::AlreadyPreserved => {
                "已有先行登记保存的证据尚未作出处理决定（《行政处罚法》第五十六条）".into()
            }
            Self::NothingPreserved => "没有先行登记保存的证据".into(),
            Self::AlreadySeized => "已有查封、扣押尚未解除".into(),
            Self::NothingSeized => "没有查封、扣押的财物".into(),
            Self::SeizureExtension => {
                "查封、扣押期限只能延长一次，且不得超过三十日（《行政强制法》第二十五条）".into()
            }
            Self::Calendar(gap) => gap.message_zh(),
        }
    }
}

/// The operation a step needs, in the one permission table ([`may`]).
pub fn operation(step: &Step) -> Operation {
    match step {
        Step::ApproveFiling { .. }
        | Step::RejectFiling
        | Step::ApproveClosing
        | Step::Withdraw
        | Step::Transfer
        | Step::AdjustDecisionLimit(_)
        | Step::PreserveEvidence { .. }
        | Step::Seize { .. }
        | Step::ExtendSeizure(_) => Operation::ApproveCase,
        Step::PassLegalReview | Step::FailLegalReview => Operation::LegalReview,
        // Deciding on the spot is a decision (the simple procedure), not only a record.
        Step::Decide { .. } | Step::DecideOnTheSpot { .. } => Operation::DecideCase,
        _ => Operation::EditCaseRecords,
    }
}

/// The case after `step` taken by someone of `role`, or why not.
pub fn apply(
    case: &Case,
    step: &Step,
    role: Role,
    calendar: &WorkCalendar,
) -> Result<Case, StepRefusal> {
    if !may(role, operation(step)) {
        return Err(StepRefusal::NotAllowed { role });
    }
    let mut next = case.clone();
    let wrong = || StepRefusal::WrongStage(case.stage);
    use Stage as S;
    match (case.stage, step) {
        (S::Lead, Step::RequestFiling) => next.stage = S::FilingReview,
        (S::FilingReview, Step::ApproveFiling { on }) => {
            next.stage = S::Investigation;
            next.filed_on = Some(*on);
        }
        (S::FilingReview, Step::RejectFiling) => next.stage = S::NotFiled,
        (S::Investigation, Step::AssignInvestigators(officers)) => {
            let mut officers = officers.clone();
            officers.sort();
            officers.dedup();
            if officers.len() < 2 {
                return Err(StepRefusal::TooFewInvestigators);
            }
            next.investigators = officers;
        }
        (S::Investigation, Step::ProposePenalty(proposal)) => next.penalty = Some(proposal.clone()),
        (S::Lead, Step::DecideOnTheSpot { on, officers }) => {
            if !case.simple {
                return Err(StepRefusal::NotSimple);
            }
            let mut officers = officers.clone();
            officers.sort();
            officers.dedup();
            if officers.len() < 2 {
                return Err(StepRefusal::TooFewInvestigators);
            }
            if case.penalty.is_none() {
                return Err(StepRefusal::PenaltyMissing);
            }
            next.investigators = officers;
            next.stage = S::Served;
            next.decided_on = Some(*on);
            next.served_on = Some(*on);
        }
        (S::Investigation, Step::SubmitLegalReview) => {
            check_investigators(case)?;
            next.stage = S::LegalReview;
        }
        (S::LegalReview, Step::PassLegalReview) => {
            next.stage = S::Investigation;
            next.legal_review_passed = true;
        }
        (S::LegalReview, Step::FailLegalReview) => {
            next.stage = S::Investigation;
            next.legal_review_passed = false;
        }
        (S::Investigation, Step::GiveNotice { on, hearing_right }) => {
            check_investigators(case)?;
            if case.legal_review_required && !case.legal_review_passed {
                return Err(StepRefusal::LegalReviewPending);
            }
            next.stage = S::Notified;
            next.notice_on = Some(*on);
            next.hearing_right = *hearing_right;
        }
        (S::Notified, Step::RequestHearing { on }) => {
            let notice_on = case.notice_on.ok_or(StepRefusal::NoticeMissing)?;
            if !case.hearing_right {
                return Err(StepRefusal::NoHearingRight);
            }
            let end = due_date(&DeadlineKind::HearingRequest.rule(), notice_on, &[], calendar)?;
            if *on > end {
                return Err(StepRefusal::HearingRequestLate(end));
            }
            next.stage = S::Hearing;
            next.hearing_requested = true;
        }
        (S::Hearing, Step::NotifyHearing { on, held_on }) => {
            let earliest = calendar.add_days(*on, 7, crate::calendar::DayCount::Working)?;
            if *held_on < earliest {
                return Err(StepRefusal::HearingNoticeShort(earliest));
            }
            next.hearing_on = Some(*held_on);
        }
        (S::Hearing, Step::HoldHearing) => {
            if case.hearing_on.is_none() {
                return Err(StepRefusal::HearingNotNotified);
            }
            next.stage = S::Notified;
            next.hearing_held = true;
        }
        (S::Hearing, Step::Decide { .. }) => return Err(StepRefusal::HearingPending),
        (S::Investigation, Step::Decide { .. }) => return Err(StepRefusal::NoticeMissing),
        (S::Notified, Step::Decide { on, penalty }) => {
            if case.legal_review_required && !case.legal_review_passed {
                return Err(StepRefusal::LegalReviewPending);
            }
            if case.hearing_requested && !case.hearing_held {
                return Err(StepRefusal::HearingPending);
            }
            if *penalty && case.penalty.is_none() {
                return Err(StepRefusal::PenaltyMissing);
            }
            next.stage = if *penalty { S::Decided } else { S::NoPenalty };
            next.decided_on = Some(*on);
        }
        (S::Decided, Step::Serve { on }) => {
            next.stage = S::Served;
            next.served_on = Some(*on);
        }
        (S::Served, Step::RecordExecution) => next.stage = S::Executed,
        (S::Executed | S::NoPenalty, Step::RequestClosing) => next.stage = S::ClosingReview,
        (S::ClosingReview, Step::ApproveClosing) => next.stage = S::Closed,
        (S::Closed, Step::Archive) => next.stage = S::Archived,
        (stage, Step::Withdraw | Step::Transfer) if is_open_case(stage) => {
            next.stage = if *step == Step::Withdraw { S::Withdrawn } else { S::Transferred };
        }
        (stage, Step::AdjustDecisionLimit(adjustment)) if is_before_decision(stage) => {
            next.decision_adjustments.push(adjustment.clone());
        }
        (stage, coercive) if is_before_decision(stage) && is_coercive(coercive) => {
            next = coerce(case, coercive)?;
        }
        _ => return Err(wrong()),
    }
    Ok(next)
}

fn is_coercive(step: &Step) -> bool {
    matches!(
        step,
        Step::PreserveEvidence { .. }
            | Step::DecidePreservedEvidence
            | Step::Seize { .. }
            | Step::ExtendSeizure(_)
            | Step::ReleaseSeizure
    )
}

/// Evidence preservation and seizure during the investigation: each opens its clock, the
/// decision or the release closes it; both need the two investigators on the spot (art. 42).
fn coerce(case: &Case, step: &Step) -> Result<Case, StepRefusal> {
    let mut next = case.clone();
    match step {
        Step::PreserveEvidence { on } => {
            check_investigators(case)?;
            if case.preserved_on.is_some() {
                return Err(StepRefusal::AlreadyPreserved);
            }
            next.preserved_on = Some(*on);
        }
        Step::DecidePreservedEvidence => {
            case.preserved_on.ok_or(StepRefusal::NothingPreserved)?;
            next.preserved_on = None;
        }
        Step::Seize { on } => {
            check_investigators(case)?;
            if case.seized_on.is_some() {
                return Err(StepRefusal::AlreadySeized);
            }
            next.seized_on = Some(*on);
            next.seizure_extension = None;
        }
        Step::ExtendSeizure(days) => {
            case.seized_on.ok_or(StepRefusal::NothingSeized)?;
            if case.seizure_extension.is_some() || *days == 0 || *days > 30 {
                return Err(StepRefusal::SeizureExtension);
            }
            next.seizure_extension = Some(*days);
        }
        Step::ReleaseSeizure => {
            case.seized_on.ok_or(StepRefusal::NothingSeized)?;
            next.seized_on = None;
            next.seizure_extension = None;
        }
        _ => {}
    }
    Ok(next)
}

fn check_investigators(case: &Case) -> Result<(), StepRefusal> {
    if case.investigators.len() < 2 {
        return Err(StepRefusal::TooFewInvestigators);
    }
    Ok(())
}

/// Filed and not yet decided.
fn is_before_decision(stage: Stage) -> bool {
    matches!(stage, Stage::Investigation | Stage::LegalReview | Stage::Notified | Stage::Hearing)
}

/// Filed, and no decision yet: it can still be withdrawn or transferred.
fn is_open_case(stage: Stage) -> bool {
    is_before_decision(stage) || stage == Stage::Lead || stage == Stage::FilingReview
}

/// The clocks running on the case at its stage, with their due dates (or the calendar gap that
/// prevents counting one).
pub fn open_deadlines(
    case: &Case,
    calendar: &WorkCalendar,
) -> Vec<(DeadlineKind, Result<NaiveDate, CalendarGap>)> {
    let mut out = Vec::new();
    let mut clock = |kind: DeadlineKind, start: NaiveDate, adjustments: &[Adjustment]| {
        out.push((kind, due_date(&kind.rule(), start, adjustments, calendar)));
    };
    use Stage as S;
    if matches!(case.stage, S::Lead | S::FilingReview) {
        clock(DeadlineKind::Filing, case.lead_on, &[]);
        let limitation =
            if case.serious { DeadlineKind::LimitationSerious } else { DeadlineKind::Limitation };
        clock(limitation, case.act_on, &[]);
    }
    if let (true, Some(filed)) = (is_before_decision(case.stage), case.filed_on) {
        clock(DeadlineKind::Decision, filed, &case.decision_adjustments);
    }
    if let Some(kept) = case.preserved_on {
        clock(DeadlineKind::PreservationDecision, kept, &[]);
    }
    if let Some(seized) = case.seized_on {
        let extension: Vec<Adjustment> =
            case.seizure_extension.into_iter().map(Adjustment::Extension).collect();
        clock(DeadlineKind::SeizureTerm, seized, &extension);
    }
    if let (S::Notified, Some(notice), true, false) =
        (case.stage, case.notice_on, case.hearing_right, case.hearing_requested)
    {
        clock(DeadlineKind::HearingRequest, notice, &[]);
    }
    if let (S::Decided, Some(decided)) = (case.stage, case.decided_on) {
        clock(DeadlineKind::Service, decided, &[]);
    }
    if let (S::Served, Some(served)) = (case.stage, case.served_on) {
        clock(DeadlineKind::Payment, served, &[]);
        clock(DeadlineKind::ReviewPeriod, served, &[]);
        clock(DeadlineKind::LawsuitPeriod, served, &[]);
        // Unpaid after both appeal periods: three months to apply to the court from the end of
        // the later one (the lawsuit period), 行政强制法 art. 53.
        if let Ok(appeals_end) =
            due_date(&DeadlineKind::LawsuitPeriod.rule(), served, &[], calendar)
        {
            clock(DeadlineKind::EnforcementApplication, appeals_end, &[]);
        }
    }
    out
}

#[cfg(test)]
mod tests;
