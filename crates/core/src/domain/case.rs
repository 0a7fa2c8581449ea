//! The procedure of a case (APL arts. 54–73; 行政强制法 arts. 25, 35, 53, 54) as an explicit
//! state machine: each step names who may take it ([`authority`]) and what must hold first, and
//! refuses with the reason and the article otherwise. Every step taken is stored as an
//! attributed event by the store; corrections are new steps, never edits. Pure: the case's facts
//! in, the next state or a refusal out.
//!
//! The clocks a stage runs on follow from the dates the steps record ([`open_deadlines`]).

pub mod authority;
mod execution;
mod ordinary;
mod refusal;
pub mod steps;

pub use authority::{act, Act, Authority};
pub use execution::{surcharge_days, AppealKind, CollectionGround, Execution};
pub use refusal::{Earlier, StepRefusal};

use super::deadline::{due_date, Adjustment, DeadlineKind};
use super::officer::{Operation, Role};
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
    /// 立案审批: filing asked for, waiting for approval.
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

    pub fn label_en(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::FilingReview => "filing review",
            Stage::Investigation => "investigation",
            Stage::LegalReview => "legal review",
            Stage::Notified => "notified (statement and defence)",
            Stage::Hearing => "hearing",
            Stage::Decided => "decided",
            Stage::Served => "served",
            Stage::Executed => "executed",
            Stage::ClosingReview => "closing review",
            Stage::Closed => "closed",
            Stage::Archived => "archived",
            Stage::NotFiled => "not filed",
            Stage::NoPenalty => "no penalty",
            Stage::Withdrawn => "withdrawn",
            Stage::Transferred => "transferred",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.label_en())
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

/// Why a case ends without a penalty (APL arts. 30, 31, 33, 36, 57(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoPenaltyGround {
    /// 违法行为轻微并及时改正，没有造成危害后果 (art. 33(1), first sentence: no penalty).
    Minor,
    /// 初次违法且危害后果轻微并及时改正 (art. 33(1), second sentence: may be spared).
    FirstMinor,
    /// 当事人有证据足以证明没有主观过错 (art. 33(2)).
    NoFault,
    /// 不满十四周岁 (art. 30).
    Minor14,
    /// 精神病人、智力残疾人不能辨认或控制自己行为 (art. 31).
    Incapable,
    /// 违法事实不能成立 (art. 57(1)(3)).
    NotEstablished,
    /// 超过追责时效 (art. 36).
    Limitation,
}

impl NoPenaltyGround {
    pub const ALL: [NoPenaltyGround; 7] = [
        NoPenaltyGround::Minor,
        NoPenaltyGround::FirstMinor,
        NoPenaltyGround::NoFault,
        NoPenaltyGround::Minor14,
        NoPenaltyGround::Incapable,
        NoPenaltyGround::NotEstablished,
        NoPenaltyGround::Limitation,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::Minor => "minor",
            Self::FirstMinor => "first_minor",
            Self::NoFault => "no_fault",
            Self::Minor14 => "under_14",
            Self::Incapable => "incapable",
            Self::NotEstablished => "not_established",
            Self::Limitation => "limitation",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Minor => "违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）",
            Self::FirstMinor => "初次违法且危害后果轻微并及时改正（第三十三条第一款）",
            Self::NoFault => "有证据足以证明没有主观过错（第三十三条第二款）",
            Self::Minor14 => "不满十四周岁（第三十条）",
            Self::Incapable => "不能辨认或者不能控制自己行为（第三十一条）",
            Self::NotEstablished => "违法事实不能成立（第五十七条第一款第三项）",
            Self::Limitation => "超过追责时效（第三十六条）",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Self::Minor => "minor, corrected in time, no harm (art. 33(1))",
            Self::FirstMinor => "first offence, slight harm, corrected in time (art. 33(1))",
            Self::NoFault => "proof of no fault (art. 33(2))",
            Self::Minor14 => "under 14 (art. 30)",
            Self::Incapable => "could not recognise or control the act (art. 31)",
            Self::NotEstablished => "the facts are not established (art. 57(1)(3))",
            Self::Limitation => "past the limitation period (art. 36)",
        }
    }

    /// Art. 33(3): a party spared under art. 33 is educated (对当事人进行教育).
    pub fn needs_education(self) -> bool {
        matches!(self, Self::Minor | Self::FirstMinor | Self::NoFault)
    }

    pub fn from_key(key: &str) -> Option<NoPenaltyGround> {
        Self::ALL.into_iter().find(|g| g.key() == key.trim())
    }
}

/// What has happened in a case so far: what the steps' preconditions look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub stage: Stage,
    /// The day of the act, or of its end if it continued (for the limitation period, art. 36).
    pub act_on: NaiveDate,
    /// Whether the act harmed life, health or financial safety (5-year limitation).
    pub serious: bool,
    pub lead_on: NaiveDate,
    pub filed_on: Option<NaiveDate>,
    /// Badge numbers of the officers investigating, each holding a valid certificate.
    pub investigators: Vec<String>,
    /// Whether art. 58 requires a legal review before this decision.
    pub legal_review_required: bool,
    /// The review passed the proposal as it now stands (a changed proposal resets it).
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
    /// The day the party asked for a hearing.
    #[serde(default)]
    pub hearing_requested_on: Option<NaiveDate>,
    /// The day the hearing was held.
    #[serde(default)]
    pub hearing_held_on: Option<NaiveDate>,
    /// Where a legal review returns to: the investigation, or the notified stage after a hearing
    /// (art. 58(1)(2)).
    #[serde(default)]
    pub review_from: Option<Stage>,
    /// The day the review passed.
    #[serde(default)]
    pub reviewed_on: Option<NaiveDate>,
    /// The day the party's latest statement and defence was heard (art. 45).
    #[serde(default)]
    pub statement_on: Option<NaiveDate>,
    /// The day what the party stated was reviewed (复核, art. 45); none while a statement waits.
    #[serde(default)]
    pub statement_reviewed_on: Option<NaiveDate>,
    /// The party expressly gave up the statement and defence (art. 62) and, where it had one,
    /// the hearing (art. 64).
    #[serde(default)]
    pub statement_waived: bool,
    #[serde(default)]
    pub hearing_waived: bool,
    /// The heads' collective discussion (art. 57(2)), when one was held.
    #[serde(default)]
    pub collective_on: Option<NaiveDate>,
    /// Why no penalty was given, when none was.
    #[serde(default)]
    pub no_penalty: Option<NoPenaltyGround>,
    /// Payment, collection, deferral, appeals, reminder and court enforcement after service.
    #[serde(default)]
    pub execution: Execution,
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
            hearing_requested_on: None,
            hearing_held_on: None,
            review_from: None,
            reviewed_on: None,
            statement_on: None,
            statement_reviewed_on: None,
            statement_waived: false,
            hearing_waived: false,
            collective_on: None,
            no_penalty: None,
            execution: Execution::default(),
        }
    }

    /// Whether art. 57(2) requires the heads' collective discussion before the decision: a case
    /// serious enough for a legal review (art. 58) or for a hearing (art. 63) is treated as 重大.
    pub fn collective_required(&self) -> bool {
        self.legal_review_required || self.hearing_right
    }
}

/// One step of the procedure, with the facts it records. Approvals and opinions carry their
/// text; every step that happened on a day other than its recording says which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    RequestFiling,
    ApproveFiling {
        on: NaiveDate,
        #[serde(default)]
        opinion: String,
    },
    RejectFiling {
        opinion: String,
    },
    /// The officers who investigate (at least two, each certified: art. 42).
    AssignInvestigators(Vec<String>),
    /// The penalty the investigation leads to: fine within the item's range and tier, with the
    /// reason for the tier (art. 34). Proposed again to correct it until the notice; after a
    /// statement or a hearing only to lower it (art. 45).
    ProposePenalty(Proposal),
    SubmitLegalReview,
    PassLegalReview {
        on: NaiveDate,
        opinion: String,
    },
    FailLegalReview {
        on: NaiveDate,
        opinion: String,
    },
    /// The prior notice (arts. 44, 62), stating whether the party may ask for a hearing.
    GiveNotice {
        on: NaiveDate,
        hearing_right: bool,
    },
    /// The party's statement and defence, heard (陈述、申辩, art. 45).
    HearStatement {
        on: NaiveDate,
        summary: String,
    },
    /// Its review (复核, art. 45): whether the facts, reasons or evidence stated stand.
    ReviewStatement {
        on: NaiveDate,
        adopted: bool,
        opinion: String,
    },
    /// The party expressly gives up the statement and defence (art. 62) and, if it had one, the
    /// hearing (art. 64(6)).
    WaiveRights {
        on: NaiveDate,
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
    HoldHearing {
        on: NaiveDate,
        #[serde(default)]
        record: String,
    },
    /// The heads' collective discussion of a serious or complex case (art. 57(2)).
    CollectiveDiscussion {
        on: NaiveDate,
        conclusion: String,
    },
    /// The head's decision (art. 57): a penalty, or none on a ground of [`NoPenaltyGround`].
    Decide {
        on: NaiveDate,
        penalty: bool,
        #[serde(default)]
        ground: Option<NoPenaltyGround>,
        /// Art. 33(3): the party was educated.
        #[serde(default)]
        educated: bool,
        #[serde(default)]
        opinion: String,
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
    /// The fine collected on the spot against the official receipt (arts. 68–70).
    CollectOnTheSpot {
        on: NaiveDate,
        ground: CollectionGround,
        receipt: String,
    },
    /// What was collected on the spot, handed in to the bureau within 2 days (art. 71).
    HandInCollected {
        on: NaiveDate,
    },
    /// The illegal gains the decision confiscates, paid in (to the treasury, art. 74(1)) against
    /// the receipt or payment form: recorded apart from the fine, which may be paid, collected
    /// or enforced on its own (arts. 67–72).
    CollectGains {
        on: NaiveDate,
        receipt: String,
    },
    /// Payment deferred or in instalments, on the party's application, approved (art. 66).
    DeferPayment {
        on: NaiveDate,
        until: NaiveDate,
        instalments: u32,
    },
    /// The party applied for administrative review or sued (art. 73(3): no surcharge meanwhile).
    RecordAppeal {
        on: NaiveDate,
        kind: AppealKind,
    },
    /// The review or suit ended.
    EndAppeal {
        on: NaiveDate,
    },
    /// The written reminder to perform (催告, 行政强制法 arts. 35, 54).
    ServeReminder {
        on: NaiveDate,
    },
    /// The application to the court for enforcement (行政强制法 arts. 53, 54).
    ApplyCourtEnforcement {
        on: NaiveDate,
    },
    RecordExecution,
    RequestClosing,
    ApproveClosing {
        #[serde(default)]
        opinion: String,
    },
    Archive,
    Withdraw {
        #[serde(default)]
        reason: String,
    },
    Transfer {
        #[serde(default)]
        reason: String,
    },
    /// An approved suspension or extension of the decision limit (art. 60).
    AdjustDecisionLimit(Adjustment),
    /// 先行登记保存 (art. 56): evidence kept, with the head's approval, decided on within 7
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

impl Step {
    /// The day the step says it happened, when it says one.
    pub fn on(&self) -> Option<NaiveDate> {
        match self {
            Step::ApproveFiling { on, .. }
            | Step::PassLegalReview { on, .. }
            | Step::FailLegalReview { on, .. }
            | Step::GiveNotice { on, .. }
            | Step::HearStatement { on, .. }
            | Step::ReviewStatement { on, .. }
            | Step::WaiveRights { on }
            | Step::RequestHearing { on }
            | Step::NotifyHearing { on, .. }
            | Step::HoldHearing { on, .. }
            | Step::CollectiveDiscussion { on, .. }
            | Step::Decide { on, .. }
            | Step::Serve { on }
            | Step::DecideOnTheSpot { on, .. }
            | Step::CollectOnTheSpot { on, .. }
            | Step::HandInCollected { on }
            | Step::CollectGains { on, .. }
            | Step::DeferPayment { on, .. }
            | Step::RecordAppeal { on, .. }
            | Step::EndAppeal { on }
            | Step::ServeReminder { on }
            | Step::ApplyCourtEnforcement { on }
            | Step::PreserveEvidence { on }
            | Step::Seize { on } => Some(*on),
            _ => None,
        }
    }
}

/// Who takes a step, on which day, under which local rules.
#[derive(Debug, Clone, Copy)]
pub struct Judge<'a> {
    pub role: Role,
    /// Today in China: no step is dated after it.
    pub today: NaiveDate,
    pub calendar: &'a WorkCalendar,
    pub authority: &'a Authority,
}

/// The operation a step needs in the one permission table (the store checks it with the
/// certificate; [`apply`] checks the finer authority table).
pub fn operation(step: &Step) -> Operation {
    act(step).operation()
}

/// The case after `step` taken as `judge` says, or why not.
pub fn apply(case: &Case, step: &Step, judge: &Judge) -> Result<Case, StepRefusal> {
    let act = act(step);
    let allowed = judge.authority.roles(act);
    if !allowed.contains(&judge.role) {
        return Err(StepRefusal::NotAllowed { role: judge.role, allowed, act });
    }
    if let Some(on) = step.on() {
        if on > judge.today {
            return Err(StepRefusal::InFuture { on, today: judge.today });
        }
    }
    ordinary::apply(case, step, judge)
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
    if let (true, Some(filed)) = (ordinary::is_before_decision(case.stage), case.filed_on) {
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
    if let (S::Notified, Some(notice)) = (case.stage, case.notice_on) {
        if case.hearing_right && !case.hearing_requested && !case.hearing_waived {
            clock(DeadlineKind::HearingRequest, notice, &[]);
        }
        if !case.statement_waived && case.statement_on.is_none() {
            clock(DeadlineKind::Statement, notice, &[]);
        }
    }
    if let (S::Decided, Some(decided)) = (case.stage, case.decided_on) {
        clock(DeadlineKind::Service, decided, &[]);
    }
    if let (Some(collected), None) = (case.execution.collected_on, case.execution.handed_in_on) {
        clock(DeadlineKind::CollectionHandIn, collected, &[]);
    }
    if let (S::Served, Some(served)) = (case.stage, case.served_on) {
        execution::clocks(case, served, calendar, &mut out);
    }
    out
}

#[cfg(test)]
mod tests;
