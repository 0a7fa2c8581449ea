//! The steps as an officer is offered them: which fit the case now ([`StepKind::at`]), which
//! the acting officer may take and, if not, why ([`offers`]), the fields each asks for
//! ([`StepKind::fields`], named by [`FieldId`]) and the step built from the values typed
//! ([`StepKind::build`]). The TUI's forms and `zhifa case steps/step` both speak this
//! vocabulary: a form is read by field identity, never by position.

use super::{
    act, apply, AppealKind, Case, CollectionGround, Judge, NoPenaltyGround, Stage, Step,
    StepRefusal,
};
use crate::domain::catalog::PartyKind;
use crate::domain::deadline::Adjustment;
use crate::domain::penalty::{Confiscation, Proposal};
use crate::i18n::Lang;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// A procedural step as offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    RequestFiling,
    ApproveFiling,
    RejectFiling,
    AssignInvestigators,
    ProposePenalty,
    SubmitLegalReview,
    PassLegalReview,
    FailLegalReview,
    GiveNotice,
    HearStatement,
    ReviewStatement,
    WaiveRights,
    RequestHearing,
    NotifyHearing,
    HoldHearing,
    CollectiveDiscussion,
    Decide,
    DecideNoPenalty,
    Serve,
    CollectOnTheSpot,
    HandInCollected,
    CollectGains,
    DeferPayment,
    RecordAppeal,
    EndAppeal,
    ServeReminder,
    ApplyCourtEnforcement,
    RecordExecution,
    RequestClosing,
    ApproveClosing,
    Archive,
    Suspend,
    Extend,
    Withdraw,
    Transfer,
    PreserveEvidence,
    DecidePreservedEvidence,
    Seize,
    ExtendSeizure,
    ReleaseSeizure,
}

/// A field a step asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldId {
    On,
    HeldOn,
    Opinion,
    Summary,
    Adopted,
    Record,
    Conclusion,
    Ground,
    Educated,
    Officers,
    Party,
    Warning,
    Fine,
    Tier,
    TierReason,
    ConfiscatedGains,
    ConfiscatedProperty,
    PropertyValue,
    Receipt,
    CollectionGround,
    Until,
    Instalments,
    Appeal,
    Days,
    From,
    To,
    Reason,
}

/// How a field is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    Date,
    Text,
    Number,
    /// One of these keys, each with its labels (Chinese, English).
    Choice(Vec<(&'static str, &'static str, &'static str)>),
    /// Badge numbers, comma-separated.
    Badges,
}

/// One field of a step's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    pub id: FieldId,
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub input: Input,
    /// Must be filled in (dates, texts the law requires); others may stay empty.
    pub required: bool,
}

impl FieldSpec {
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.label_zh, self.label_en)
    }
}

impl FieldId {
    pub const ALL: [FieldId; 27] = [
        FieldId::On,
        FieldId::HeldOn,
        FieldId::Opinion,
        FieldId::Summary,
        FieldId::Adopted,
        FieldId::Record,
        FieldId::Conclusion,
        FieldId::Ground,
        FieldId::Educated,
        FieldId::Officers,
        FieldId::Party,
        FieldId::Warning,
        FieldId::Fine,
        FieldId::Tier,
        FieldId::TierReason,
        FieldId::ConfiscatedGains,
        FieldId::ConfiscatedProperty,
        FieldId::PropertyValue,
        FieldId::Receipt,
        FieldId::CollectionGround,
        FieldId::Until,
        FieldId::Instalments,
        FieldId::Appeal,
        FieldId::Days,
        FieldId::From,
        FieldId::To,
        FieldId::Reason,
    ];

    /// The name `--set KEY=VALUE` and refusals use.
    pub fn key(self) -> &'static str {
        match self {
            FieldId::On => "on",
            FieldId::HeldOn => "held_on",
            FieldId::Opinion => "opinion",
            FieldId::Summary => "summary",
            FieldId::Adopted => "adopted",
            FieldId::Record => "record",
            FieldId::Conclusion => "conclusion",
            FieldId::Ground => "ground",
            FieldId::Educated => "educated",
            FieldId::Officers => "officers",
            FieldId::Party => "party",
            FieldId::Warning => "warning",
            FieldId::Fine => "fine",
            FieldId::Tier => "tier",
            FieldId::TierReason => "tier_reason",
            FieldId::ConfiscatedGains => "confiscated_gains",
            FieldId::ConfiscatedProperty => "confiscated_property",
            FieldId::PropertyValue => "property_value",
            FieldId::Receipt => "receipt",
            FieldId::CollectionGround => "collection_ground",
            FieldId::Until => "until",
            FieldId::Instalments => "instalments",
            FieldId::Appeal => "appeal",
            FieldId::Days => "days",
            FieldId::From => "from",
            FieldId::To => "to",
            FieldId::Reason => "reason",
        }
    }

    pub fn from_key(key: &str) -> Option<FieldId> {
        FieldId::ALL.into_iter().find(|f| f.key() == key.trim())
    }

    fn labels(self) -> (&'static str, &'static str) {
        match self {
            FieldId::On => ("日期", "Date"),
            FieldId::HeldOn => ("举行日期", "Held on"),
            FieldId::Opinion => ("意见", "Opinion"),
            FieldId::Summary => ("陈述申辩要点", "What the party stated"),
            FieldId::Adopted => ("是否采纳", "Adopted"),
            FieldId::Record => ("听证笔录要点", "Hearing record"),
            FieldId::Conclusion => ("集体讨论结论", "Conclusion"),
            FieldId::Ground => ("不予处罚理由", "Ground"),
            FieldId::Educated => ("已对当事人进行教育", "Party educated"),
            FieldId::Officers => ("执法证号（逗号分隔）", "Badges (comma)"),
            FieldId::Party => ("当事人类型", "Party"),
            FieldId::Warning => ("警告", "Warning"),
            FieldId::Fine => ("罚款（元）", "Fine (yuan)"),
            FieldId::Tier => ("裁量阶次（无则留空）", "Tier (empty: none)"),
            FieldId::TierReason => ("阶次理由", "Reason for the tier"),
            FieldId::ConfiscatedGains => ("没收违法所得（元）", "Illegal gains confiscated (yuan)"),
            FieldId::ConfiscatedProperty => {
                ("没收非法财物（名称、数量）", "Illegal property confiscated (what, how much)")
            }
            FieldId::PropertyValue => {
                ("非法财物估值（元，无则留空）", "Property's estimated value (yuan, empty: none)")
            }
            FieldId::Receipt => ("专用票据号", "Receipt number"),
            FieldId::CollectionGround => ("当场收缴理由", "Ground for collecting"),
            FieldId::Until => ("缴纳截止日期", "Pay by"),
            FieldId::Instalments => ("期数", "Instalments"),
            FieldId::Appeal => ("复议或诉讼", "Review or suit"),
            FieldId::Days => ("延长天数", "Days added"),
            FieldId::From => ("中止自", "Stopped on"),
            FieldId::To => ("恢复于", "Resumed on"),
            FieldId::Reason => ("理由", "Reason"),
        }
    }
}

/// The Chinese label of a field by its key (refusals name fields by key).
pub fn field_label_zh(key: &str) -> &'static str {
    FieldId::from_key(key).map_or("字段", |f| f.labels().0)
}

/// The English label of a field by its key.
pub fn field_label_en(key: &str) -> &'static str {
    FieldId::from_key(key).map_or("field", |f| f.labels().1)
}

const YES_NO: [(&str, &str, &str); 2] = [("no", "否", "no"), ("yes", "是", "yes")];

fn spec(id: FieldId, input: Input, required: bool) -> FieldSpec {
    let (label_zh, label_en) = id.labels();
    FieldSpec { id, key: id.key(), label_zh, label_en, input, required }
}

fn date(id: FieldId) -> FieldSpec {
    spec(id, Input::Date, true)
}

fn text(id: FieldId, required: bool) -> FieldSpec {
    spec(id, Input::Text, required)
}

fn yes_no(id: FieldId) -> FieldSpec {
    spec(id, Input::Choice(YES_NO.to_vec()), true)
}

fn penalty_fields() -> Vec<FieldSpec> {
    vec![
        spec(
            FieldId::Party,
            Input::Choice(vec![
                ("individual", "个人", "individual"),
                ("organisation", "单位", "organisation"),
            ]),
            true,
        ),
        yes_no(FieldId::Warning),
        spec(FieldId::Fine, Input::Number, false),
        text(FieldId::Tier, false),
        text(FieldId::TierReason, false),
        // APL art. 9(2): confiscation is a kind of penalty of its own, with or without a fine.
        spec(FieldId::ConfiscatedGains, Input::Number, false),
        text(FieldId::ConfiscatedProperty, false),
        // Its value, where estimated: 较大价值 gives the hearing right (art. 63(1)(二)).
        spec(FieldId::PropertyValue, Input::Number, false),
    ]
}

impl StepKind {
    pub const ALL: [StepKind; 40] = [
        StepKind::RequestFiling,
        StepKind::ApproveFiling,
        StepKind::RejectFiling,
        StepKind::AssignInvestigators,
        StepKind::ProposePenalty,
        StepKind::SubmitLegalReview,
        StepKind::PassLegalReview,
        StepKind::FailLegalReview,
        StepKind::GiveNotice,
        StepKind::HearStatement,
        StepKind::ReviewStatement,
        StepKind::WaiveRights,
        StepKind::RequestHearing,
        StepKind::NotifyHearing,
        StepKind::HoldHearing,
        StepKind::CollectiveDiscussion,
        StepKind::Decide,
        StepKind::DecideNoPenalty,
        StepKind::Serve,
        StepKind::CollectOnTheSpot,
        StepKind::HandInCollected,
        StepKind::CollectGains,
        StepKind::DeferPayment,
        StepKind::RecordAppeal,
        StepKind::EndAppeal,
        StepKind::ServeReminder,
        StepKind::ApplyCourtEnforcement,
        StepKind::RecordExecution,
        StepKind::RequestClosing,
        StepKind::ApproveClosing,
        StepKind::Archive,
        StepKind::Suspend,
        StepKind::Extend,
        StepKind::Withdraw,
        StepKind::Transfer,
        StepKind::PreserveEvidence,
        StepKind::DecidePreservedEvidence,
        StepKind::Seize,
        StepKind::ExtendSeizure,
        StepKind::ReleaseSeizure,
    ];

    /// The command-line name (`zhifa case step N approve-filing`).
    pub fn key(self) -> &'static str {
        use StepKind as K;
        match self {
            K::RequestFiling => "request-filing",
            K::ApproveFiling => "approve-filing",
            K::RejectFiling => "reject-filing",
            K::AssignInvestigators => "assign-investigators",
            K::ProposePenalty => "propose-penalty",
            K::SubmitLegalReview => "submit-legal-review",
            K::PassLegalReview => "pass-legal-review",
            K::FailLegalReview => "fail-legal-review",
            K::GiveNotice => "give-notice",
            K::HearStatement => "hear-statement",
            K::ReviewStatement => "review-statement",
            K::WaiveRights => "waive-rights",
            K::RequestHearing => "request-hearing",
            K::NotifyHearing => "notify-hearing",
            K::HoldHearing => "hold-hearing",
            K::CollectiveDiscussion => "collective-discussion",
            K::Decide => "decide",
            K::DecideNoPenalty => "decide-no-penalty",
            K::Serve => "serve",
            K::CollectOnTheSpot => "collect-on-the-spot",
            K::HandInCollected => "hand-in-collected",
            K::CollectGains => "collect-gains",
            K::DeferPayment => "defer-payment",
            K::RecordAppeal => "record-appeal",
            K::EndAppeal => "end-appeal",
            K::ServeReminder => "serve-reminder",
            K::ApplyCourtEnforcement => "apply-court-enforcement",
            K::RecordExecution => "record-execution",
            K::RequestClosing => "request-closing",
            K::ApproveClosing => "approve-closing",
            K::Archive => "archive",
            K::Suspend => "suspend",
            K::Extend => "extend",
            K::Withdraw => "withdraw",
            K::Transfer => "transfer",
            K::PreserveEvidence => "preserve-evidence",
            K::DecidePreservedEvidence => "decide-preserved-evidence",
            K::Seize => "seize",
            K::ExtendSeizure => "extend-seizure",
            K::ReleaseSeizure => "release-seizure",
        }
    }

    pub fn from_key(key: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.key() == key.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = self.labels();
        lang.pick(zh, en)
    }

    fn labels(self) -> (&'static str, &'static str) {
        use StepKind as K;
        match self {
            K::RequestFiling => ("提请立案", "ask for filing"),
            K::ApproveFiling => ("批准立案", "approve filing"),
            K::RejectFiling => ("不予立案", "refuse filing"),
            K::AssignInvestigators => {
                ("指定调查人员（两名以上）", "assign investigators (two or more)")
            }
            K::ProposePenalty => {
                ("拟定处罚（裁量阶次与理由）", "propose the penalty (tier and reason)")
            }
            K::SubmitLegalReview => ("提交法制审核", "submit for legal review"),
            K::PassLegalReview => ("法制审核通过", "legal review passed"),
            K::FailLegalReview => ("法制审核退回", "legal review sent back"),
            K::GiveNotice => ("送达告知书（陈述申辩、听证权利）", "serve the prior notice"),
            K::HearStatement => ("记录当事人陈述、申辩", "record the party's statement"),
            K::ReviewStatement => ("复核陈述、申辩", "review the statement"),
            K::WaiveRights => ("当事人明确放弃陈述申辩（听证）", "the party waives its rights"),
            K::RequestHearing => ("当事人申请听证", "the party asks for a hearing"),
            K::NotifyHearing => ("通知听证时间地点（七日前）", "notify the hearing (7 days ahead)"),
            K::HoldHearing => ("举行听证", "hold the hearing"),
            K::CollectiveDiscussion => ("负责人集体讨论", "collective discussion of the heads"),
            K::Decide => ("作出处罚决定", "decide the penalty"),
            K::DecideNoPenalty => ("作出不予处罚决定", "decide no penalty"),
            K::Serve => ("送达处罚决定书", "serve the decision"),
            K::CollectOnTheSpot => ("当场收缴罚款（出具专用票据）", "collect the fine on the spot"),
            K::HandInCollected => ("当场收缴的罚款交至机关", "hand in the fine collected"),
            K::CollectGains => ("没收违法所得已收缴", "confiscated gains collected"),
            K::DeferPayment => ("批准暂缓或分期缴纳", "defer payment (approved)"),
            K::RecordAppeal => ("当事人申请复议或起诉", "the party appeals"),
            K::EndAppeal => ("复议或诉讼终结", "the appeal ended"),
            K::ServeReminder => ("送达催告书", "serve the reminder"),
            K::ApplyCourtEnforcement => ("申请法院强制执行", "apply for court enforcement"),
            K::RecordExecution => ("执行完毕（已缴款或强制执行）", "executed (paid or enforced)"),
            K::RequestClosing => ("提请结案", "ask to close"),
            K::ApproveClosing => ("批准结案", "approve closing"),
            K::Archive => ("归档", "archive"),
            K::Suspend => ("中止办案期限（经批准）", "suspend the decision period (approved)"),
            K::Extend => ("延长办案期限（经批准）", "extend the decision period (approved)"),
            K::Withdraw => ("撤销立案", "withdraw"),
            K::Transfer => ("移送（其他机关或司法机关）", "transfer to another authority"),
            K::PreserveEvidence => ("先行登记保存证据（经批准）", "preserve evidence (approved)"),
            K::DecidePreservedEvidence => {
                ("对登记保存的证据作出处理决定", "decide on the preserved evidence")
            }
            K::Seize => ("查封、扣押（经批准）", "seal up / seize (approved)"),
            K::ExtendSeizure => ("延长查封、扣押期限（经批准）", "extend the seizure (approved)"),
            K::ReleaseSeizure => ("解除查封、扣押", "release the seizure"),
        }
    }

    /// The kind of a step taken.
    pub fn of(step: &Step) -> StepKind {
        use StepKind as K;
        match step {
            Step::RequestFiling => K::RequestFiling,
            Step::ApproveFiling { .. } => K::ApproveFiling,
            Step::RejectFiling { .. } => K::RejectFiling,
            Step::AssignInvestigators(_) => K::AssignInvestigators,
            Step::ProposePenalty(_) => K::ProposePenalty,
            Step::SubmitLegalReview => K::SubmitLegalReview,
            Step::PassLegalReview { .. } => K::PassLegalReview,
            Step::FailLegalReview { .. } => K::FailLegalReview,
            Step::GiveNotice { .. } => K::GiveNotice,
            Step::HearStatement { .. } => K::HearStatement,
            Step::ReviewStatement { .. } => K::ReviewStatement,
            Step::WaiveRights { .. } => K::WaiveRights,
            Step::RequestHearing { .. } => K::RequestHearing,
            Step::NotifyHearing { .. } => K::NotifyHearing,
            Step::HoldHearing { .. } => K::HoldHearing,
            Step::CollectiveDiscussion { .. } => K::CollectiveDiscussion,
            Step::Decide { penalty: true, .. } => K::Decide,
            Step::Decide { penalty: false, .. } => K::DecideNoPenalty,
            Step::Serve { .. } => K::Serve,
            // Recorded like a decision and a service at once.
            Step::DecideOnTheSpot { .. } => K::Decide,
            Step::CollectOnTheSpot { .. } => K::CollectOnTheSpot,
            Step::HandInCollected { .. } => K::HandInCollected,
            Step::CollectGains { .. } => K::CollectGains,
            Step::DeferPayment { .. } => K::DeferPayment,
            Step::RecordAppeal { .. } => K::RecordAppeal,
            Step::EndAppeal { .. } => K::EndAppeal,
            Step::ServeReminder { .. } => K::ServeReminder,
            Step::ApplyCourtEnforcement { .. } => K::ApplyCourtEnforcement,
            Step::RecordExecution => K::RecordExecution,
            Step::RequestClosing => K::RequestClosing,
            Step::ApproveClosing { .. } => K::ApproveClosing,
            Step::Archive => K::Archive,
            Step::AdjustDecisionLimit(Adjustment::Suspension { .. }) => K::Suspend,
            Step::AdjustDecisionLimit(Adjustment::Extension(_)) => K::Extend,
            Step::Withdraw { .. } => K::Withdraw,
            Step::Transfer { .. } => K::Transfer,
            Step::PreserveEvidence { .. } => K::PreserveEvidence,
            Step::DecidePreservedEvidence => K::DecidePreservedEvidence,
            Step::Seize { .. } => K::Seize,
            Step::ExtendSeizure(_) => K::ExtendSeizure,
            Step::ReleaseSeizure => K::ReleaseSeizure,
        }
    }

    /// The steps that fit the case as it stands, in the order a case usually takes them
    /// (whoever may take them).
    pub fn at(case: &Case) -> Vec<StepKind> {
        use StepKind as K;
        let before_decision = [K::Suspend, K::Extend, K::Withdraw, K::Transfer];
        let mut steps = match case.stage {
            Stage::Lead => vec![K::RequestFiling, K::Withdraw, K::Transfer],
            Stage::FilingReview => {
                vec![K::ApproveFiling, K::RejectFiling, K::Withdraw, K::Transfer]
            }
            Stage::Investigation => {
                let mut s = vec![K::AssignInvestigators, K::ProposePenalty, K::SubmitLegalReview];
                s.push(K::GiveNotice);
                s.extend(before_decision);
                s
            }
            Stage::LegalReview => {
                vec![K::PassLegalReview, K::FailLegalReview, K::Suspend, K::Extend]
            }
            Stage::Notified => notified_steps(case),
            Stage::Hearing => vec![K::NotifyHearing, K::HoldHearing, K::Suspend, K::Extend],
            Stage::Decided => vec![K::Serve],
            Stage::Served => served_steps(case),
            Stage::Executed => {
                let x = &case.execution;
                let mut s = Vec::new();
                if x.collected_on.is_some() && x.handed_in_on.is_none() {
                    s.push(K::HandInCollected);
                }
                if gains_owed(case) {
                    s.push(K::CollectGains);
                }
                s.push(K::RequestClosing);
                s
            }
            Stage::NoPenalty => vec![K::RequestClosing],
            Stage::ClosingReview => vec![K::ApproveClosing],
            Stage::Closed => vec![K::Archive],
            Stage::Archived | Stage::NotFiled | Stage::Withdrawn | Stage::Transferred => vec![],
        };
        if steps.contains(&K::Suspend) {
            steps.extend(coercive_steps(case));
        }
        steps
    }

    /// The fields this step asks for; none: it is taken at once.
    pub fn fields(self) -> Vec<FieldSpec> {
        use FieldId as F;
        use StepKind as K;
        match self {
            K::ApproveFiling => vec![date(F::On), text(F::Opinion, false)],
            K::RejectFiling | K::ApproveClosing => vec![text(F::Opinion, self == K::RejectFiling)],
            K::PassLegalReview | K::FailLegalReview => vec![date(F::On), text(F::Opinion, true)],
            K::GiveNotice
            | K::WaiveRights
            | K::RequestHearing
            | K::Decide
            | K::Serve
            | K::HandInCollected
            | K::EndAppeal
            | K::ServeReminder
            | K::ApplyCourtEnforcement
            | K::PreserveEvidence
            | K::Seize => {
                let mut fields = vec![date(F::On)];
                if self == K::Decide {
                    fields.push(text(F::Opinion, false));
                }
                fields
            }
            K::HearStatement => vec![date(F::On), text(F::Summary, true)],
            K::ReviewStatement => vec![date(F::On), yes_no(F::Adopted), text(F::Opinion, true)],
            K::HoldHearing => vec![date(F::On), text(F::Record, false)],
            K::CollectiveDiscussion => vec![date(F::On), text(F::Conclusion, true)],
            K::DecideNoPenalty => vec![
                date(F::On),
                spec(
                    F::Ground,
                    Input::Choice(
                        NoPenaltyGround::ALL
                            .iter()
                            .map(|g| (g.key(), g.label_zh(), g.label_en()))
                            .collect(),
                    ),
                    true,
                ),
                yes_no(F::Educated),
                text(F::Opinion, false),
            ],
            K::CollectOnTheSpot => vec![
                date(F::On),
                spec(
                    F::CollectionGround,
                    Input::Choice(
                        CollectionGround::ALL
                            .iter()
                            .map(|g| (g.key(), g.label_zh(), g.label_en()))
                            .collect(),
                    ),
                    true,
                ),
                text(F::Receipt, true),
            ],
            K::CollectGains => vec![date(F::On), text(F::Receipt, true)],
            K::DeferPayment => {
                vec![date(F::On), date(F::Until), spec(F::Instalments, Input::Number, true)]
            }
            K::RecordAppeal => vec![
                date(F::On),
                spec(
                    F::Appeal,
                    Input::Choice(vec![
                        ("review", "行政复议", "administrative review"),
                        ("suit", "行政诉讼", "lawsuit"),
                    ]),
                    true,
                ),
            ],
            K::ExtendSeizure | K::Extend => vec![spec(F::Days, Input::Number, true)],
            K::NotifyHearing => vec![date(F::On), date(F::HeldOn)],
            K::AssignInvestigators => vec![spec(F::Officers, Input::Badges, true)],
            K::ProposePenalty => penalty_fields(),
            K::Suspend => vec![date(F::From), date(F::To)],
            K::Withdraw | K::Transfer => vec![text(F::Reason, true)],
            _ => Vec::new(),
        }
    }

    /// What a field starts with: today for dates, the officer's badge for investigators, 30
    /// days for extensions, one instalment, the first choice.
    pub fn default_value(self, field: &FieldSpec, today: NaiveDate, badge: &str) -> String {
        match (&field.input, field.id) {
            (Input::Date, FieldId::Until | FieldId::HeldOn) => String::new(),
            (Input::Date, _) => today.to_string(),
            (Input::Badges, _) => format!("{badge},"),
            (Input::Number, FieldId::Days) => "30".into(),
            (Input::Number, FieldId::Instalments) => "1".into(),
            (Input::Choice(choices), FieldId::Educated) => {
                choices.get(1).map_or(String::new(), |c| c.0.to_string())
            }
            (Input::Choice(choices), _) => choices.first().map_or(String::new(), |c| c.0.into()),
            (_, FieldId::Opinion) if self == StepKind::ApproveFiling => "同意立案".into(),
            (_, FieldId::Opinion) if self == StepKind::ApproveClosing => "同意结案".into(),
            _ => String::new(),
        }
    }

    /// The step built from `values` (by field key), or the field that cannot be read.
    pub fn build(self, values: &Values) -> Result<Step, FieldProblem> {
        use FieldId as F;
        use StepKind as K;
        let v = values;
        Ok(match self {
            K::RequestFiling => Step::RequestFiling,
            K::ApproveFiling => {
                Step::ApproveFiling { on: v.date(F::On)?, opinion: v.text(F::Opinion) }
            }
            K::RejectFiling => Step::RejectFiling { opinion: v.text(F::Opinion) },
            K::AssignInvestigators => Step::AssignInvestigators(v.list(F::Officers)),
            K::ProposePenalty => Step::ProposePenalty(v.proposal()?),
            K::SubmitLegalReview => Step::SubmitLegalReview,
            K::PassLegalReview => {
                Step::PassLegalReview { on: v.date(F::On)?, opinion: v.text(F::Opinion) }
            }
            K::FailLegalReview => {
                Step::FailLegalReview { on: v.date(F::On)?, opinion: v.text(F::Opinion) }
            }
            K::GiveNotice => Step::GiveNotice { on: v.date(F::On)?, hearing_right: false },
            K::HearStatement => {
                Step::HearStatement { on: v.date(F::On)?, summary: v.text(F::Summary) }
            }
            K::ReviewStatement => Step::ReviewStatement {
                on: v.date(F::On)?,
                adopted: v.yes(F::Adopted)?,
                opinion: v.text(F::Opinion),
            },
            K::WaiveRights => Step::WaiveRights { on: v.date(F::On)? },
            K::RequestHearing => Step::RequestHearing { on: v.date(F::On)? },
            K::NotifyHearing => {
                Step::NotifyHearing { on: v.date(F::On)?, held_on: v.date(F::HeldOn)? }
            }
            K::HoldHearing => Step::HoldHearing { on: v.date(F::On)?, record: v.text(F::Record) },
            K::CollectiveDiscussion => {
                Step::CollectiveDiscussion { on: v.date(F::On)?, conclusion: v.text(F::Conclusion) }
            }
            K::Decide => Step::Decide {
                on: v.date(F::On)?,
                penalty: true,
                ground: None,
                educated: false,
                opinion: v.text(F::Opinion),
            },
            K::DecideNoPenalty => Step::Decide {
                on: v.date(F::On)?,
                penalty: false,
                ground: Some(v.choice(F::Ground, NoPenaltyGround::from_key)?),
                educated: v.yes(F::Educated)?,
                opinion: v.text(F::Opinion),
            },
            K::Serve => Step::Serve { on: v.date(F::On)? },
            K::CollectOnTheSpot => Step::CollectOnTheSpot {
                on: v.date(F::On)?,
                ground: v.choice(F::CollectionGround, |k| {
                    CollectionGround::ALL.into_iter().find(|g| g.key() == k)
                })?,
                receipt: v.text(F::Receipt),
            },
            K::HandInCollected => Step::HandInCollected { on: v.date(F::On)? },
            K::CollectGains => {
                Step::CollectGains { on: v.date(F::On)?, receipt: v.text(F::Receipt) }
            }
            K::DeferPayment => Step::DeferPayment {
                on: v.date(F::On)?,
                until: v.date(F::Until)?,
                instalments: v.number(F::Instalments)?,
            },
            K::RecordAppeal => Step::RecordAppeal {
                on: v.date(F::On)?,
                kind: v.choice(F::Appeal, |k| match k {
                    "review" => Some(AppealKind::Review),
                    "suit" => Some(AppealKind::Suit),
                    _ => None,
                })?,
            },
            K::EndAppeal => Step::EndAppeal { on: v.date(F::On)? },
            K::ServeReminder => Step::ServeReminder { on: v.date(F::On)? },
            K::ApplyCourtEnforcement => Step::ApplyCourtEnforcement { on: v.date(F::On)? },
            K::RecordExecution => Step::RecordExecution,
            K::RequestClosing => Step::RequestClosing,
            K::ApproveClosing => Step::ApproveClosing { opinion: v.text(F::Opinion) },
            K::Archive => Step::Archive,
            K::Suspend => Step::AdjustDecisionLimit(Adjustment::Suspension {
                from: v.date(F::From)?,
                to: v.date(F::To)?,
            }),
            K::Extend => Step::AdjustDecisionLimit(Adjustment::Extension(v.number(F::Days)?)),
            K::Withdraw => Step::Withdraw { reason: v.text(F::Reason) },
            K::Transfer => Step::Transfer { reason: v.text(F::Reason) },
            K::PreserveEvidence => Step::PreserveEvidence { on: v.date(F::On)? },
            K::DecidePreservedEvidence => Step::DecidePreservedEvidence,
            K::Seize => Step::Seize { on: v.date(F::On)? },
            K::ExtendSeizure => Step::ExtendSeizure(v.number(F::Days)?),
            K::ReleaseSeizure => Step::ReleaseSeizure,
        })
    }

    /// The step with every field at its default (to judge whether it could be taken now).
    pub fn sample(self, today: NaiveDate, badge: &str) -> Option<Step> {
        let mut values = Values::default();
        for field in self.fields() {
            let mut value = self.default_value(&field, today, badge);
            // A confiscation is optional and a penalty of its own: one filled in for the sample
            // would make every proposal after the notice heavier (art. 45) and refuse it.
            let optional_penalty = matches!(
                field.id,
                FieldId::ConfiscatedGains | FieldId::ConfiscatedProperty | FieldId::PropertyValue
            );
            if value.is_empty() && !optional_penalty {
                value = match field.input {
                    Input::Date => today.to_string(),
                    Input::Number => "1".into(),
                    _ => "—".into(),
                };
            }
            values.set(field.id, value);
        }
        self.build(&values).ok()
    }
}

fn notified_steps(case: &Case) -> Vec<StepKind> {
    use StepKind as K;
    let mut s = Vec::new();
    if case.hearing_right && !case.hearing_requested && !case.hearing_waived {
        s.push(K::RequestHearing);
    }
    if case.statement_on.is_some() && case.statement_reviewed_on.is_none() {
        s.push(K::ReviewStatement);
    } else {
        s.push(K::HearStatement);
    }
    if !case.statement_waived {
        s.push(K::WaiveRights);
    }
    s.extend([K::SubmitLegalReview, K::CollectiveDiscussion, K::Decide, K::DecideNoPenalty]);
    if case.statement_on.is_some() || case.hearing_held {
        s.push(K::ProposePenalty);
    }
    s.extend([K::Suspend, K::Extend, K::Withdraw, K::Transfer]);
    s
}

/// The decision confiscates illegal gains not yet recorded as paid in.
fn gains_owed(case: &Case) -> bool {
    let gains = case.penalty.as_ref().and_then(|p| p.confiscation.gains);
    gains.is_some() && case.execution.gains_collected_on.is_none()
}

fn served_steps(case: &Case) -> Vec<StepKind> {
    use StepKind as K;
    let x = &case.execution;
    let mut s = vec![K::RecordExecution];
    if gains_owed(case) {
        s.push(K::CollectGains);
    }
    if case.penalty.as_ref().and_then(|p| p.fine).is_some() {
        if x.collected_on.is_none() {
            s.push(K::CollectOnTheSpot);
        }
        if x.deferred_until.is_none() {
            s.push(K::DeferPayment);
        }
        if x.appeals.iter().any(|a| a.to.is_none()) {
            s.push(K::EndAppeal);
        } else {
            s.push(K::RecordAppeal);
        }
        if x.reminder_on.is_none() {
            s.push(K::ServeReminder);
        } else if x.court_applied_on.is_none() {
            s.push(K::ApplyCourtEnforcement);
        }
    }
    s
}

/// Preservation and seizure as the case stands: start one, or close the one running.
fn coercive_steps(case: &Case) -> Vec<StepKind> {
    use StepKind as K;
    let preservation =
        if case.preserved_on.is_some() { K::DecidePreservedEvidence } else { K::PreserveEvidence };
    let mut steps = vec![preservation];
    match (case.seized_on, case.seizure_extension) {
        (None, _) => steps.push(K::Seize),
        (Some(_), None) => steps.extend([K::ExtendSeizure, K::ReleaseSeizure]),
        (Some(_), Some(_)) => steps.push(K::ReleaseSeizure),
    }
    steps
}

/// A step offered to the acting officer: available, or why not (their role, or what must
/// happen first). Field problems (a text not yet typed) are not reasons: the form asks for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub kind: StepKind,
    pub refusal: Option<StepRefusal>,
}

/// Every step that fits the case now, each judged for `judge` with its fields at their defaults.
pub fn offers(case: &Case, judge: &Judge, badge: &str) -> Vec<Offer> {
    StepKind::at(case)
        .into_iter()
        .map(|kind| {
            let refusal = match kind.sample(judge.today, badge) {
                Some(step) => judged_now(case, kind, &step, judge),
                None => None,
            };
            Offer { kind, refusal }
        })
        .collect()
}

/// Why the step, with its fields at their defaults, cannot be taken today — unless the reason
/// is one of its own fields still to be filled in (the date aside: today's date being refused
/// means it cannot be taken today).
fn judged_now(case: &Case, kind: StepKind, step: &Step, judge: &Judge) -> Option<StepRefusal> {
    let allowed = judge.authority.roles(act(step));
    if !allowed.contains(&judge.role) {
        return apply(case, step, judge).err();
    }
    let own_field = |key: &str| key != "on" && kind.fields().iter().any(|f| f.key == key);
    match apply(case, step, judge) {
        Err(refusal) if refusal.field().is_some_and(own_field) => None,
        Err(refusal) => Some(refusal),
        Ok(_) => None,
    }
}

/// The values typed into a step's fields, by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values(BTreeMap<FieldId, String>);

/// A field whose value cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: FieldId,
    pub zh: String,
    pub en: String,
}

impl FieldProblem {
    fn new(field: FieldId, zh: &str, en: &str) -> FieldProblem {
        let (lz, le) = field.labels();
        FieldProblem { field, zh: format!("「{lz}」{zh}"), en: format!("「{le}」{en}") }
    }

    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

impl Values {
    pub fn set(&mut self, field: FieldId, value: impl Into<String>) {
        self.0.insert(field, value.into());
    }

    pub fn get(&self, field: FieldId) -> &str {
        self.0.get(&field).map_or("", String::as_str)
    }

    /// Full-width digits and punctuation (a Chinese input method's) read as ASCII.
    fn typed(&self, field: FieldId) -> String {
        crate::text::fold_width(self.get(field)).trim().to_string()
    }

    fn text(&self, field: FieldId) -> String {
        self.get(field).trim().to_string()
    }

    fn list(&self, field: FieldId) -> Vec<String> {
        self.get(field)
            .split([',', '，', '、', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    fn date(&self, field: FieldId) -> Result<NaiveDate, FieldProblem> {
        NaiveDate::parse_from_str(&self.typed(field), "%Y-%m-%d").map_err(|_| {
            FieldProblem::new(field, "须为日期，如 2026-11-24", "must be a date like 2026-11-24")
        })
    }

    fn number(&self, field: FieldId) -> Result<u32, FieldProblem> {
        self.typed(field).parse().ok().filter(|n| *n > 0).ok_or_else(|| {
            FieldProblem::new(field, "须为正整数", "must be a positive whole number")
        })
    }

    fn yes(&self, field: FieldId) -> Result<bool, FieldProblem> {
        match self.typed(field).as_str() {
            "yes" | "是" | "y" | "true" | "1" => Ok(true),
            "no" | "否" | "n" | "false" | "0" | "" => Ok(false),
            _ => Err(FieldProblem::new(field, "须为 是 或 否", "must be yes or no")),
        }
    }

    fn choice<T>(
        &self,
        field: FieldId,
        find: impl Fn(&str) -> Option<T>,
    ) -> Result<T, FieldProblem> {
        find(&self.typed(field))
            .ok_or_else(|| FieldProblem::new(field, "不是可选的值", "is not one of the choices"))
    }

    fn proposal(&self) -> Result<Proposal, FieldProblem> {
        let party = match self.typed(FieldId::Party).as_str() {
            "organisation" | "单位" => PartyKind::Organisation,
            _ => PartyKind::Individual,
        };
        let fine = match self.typed(FieldId::Fine).as_str() {
            "" => None,
            text => Some(text.parse().map_err(|_| {
                FieldProblem::new(FieldId::Fine, "须为整数（元）", "must be a whole number of yuan")
            })?),
        };
        let tier = Some(self.text(FieldId::Tier)).filter(|t| !t.is_empty());
        let yuan = |field: FieldId| match self.typed(field).as_str() {
            "" => Ok(None),
            text => text.parse().map(Some).map_err(|_| {
                FieldProblem::new(field, "须为整数（元）", "must be a whole number of yuan")
            }),
        };
        let gains = yuan(FieldId::ConfiscatedGains)?;
        let property_value = yuan(FieldId::PropertyValue)?;
        Ok(Proposal {
            party,
            warning: self.yes(FieldId::Warning)?,
            fine,
            tier,
            tier_reason: self.text(FieldId::TierReason),
            confiscation: Confiscation {
                gains,
                property: self.text(FieldId::ConfiscatedProperty),
                property_value,
            },
        })
    }
}
