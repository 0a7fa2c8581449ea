//! Why a step was refused, with the article that requires it, in Chinese ([`StepRefusal::
//! message_zh`]) and English (`Display`). A refusal about one field of the step names it
//! ([`StepRefusal::field`]) so that a form can put the cursor there.

use super::authority::Act;
use super::Stage;
use crate::calendar::CalendarGap;
use crate::domain::catalog::Yuan;
use crate::domain::officer::Role;
use chrono::NaiveDate;

/// The earlier step a date must not precede.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Earlier {
    Act,
    Lead,
    Filing,
    Notice,
    Statement,
    HearingRequest,
    HearingDay,
    Review,
    Collective,
    Decision,
    Service,
    Collection,
    Appeal,
    Payment,
}

impl Earlier {
    pub fn label_zh(self) -> &'static str {
        match self {
            Earlier::Act => "违法行为发生日",
            Earlier::Lead => "发现线索日",
            Earlier::Filing => "立案日",
            Earlier::Notice => "告知日",
            Earlier::Statement => "陈述申辩日",
            Earlier::HearingRequest => "申请听证日",
            Earlier::HearingDay => "通知的听证日",
            Earlier::Review => "法制审核日",
            Earlier::Collective => "集体讨论日",
            Earlier::Decision => "决定日",
            Earlier::Service => "送达日",
            Earlier::Collection => "当场收缴日",
            Earlier::Appeal => "申请复议或起诉日",
            Earlier::Payment => "缴款期限",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Earlier::Act => "the day of the act",
            Earlier::Lead => "the day the lead was found",
            Earlier::Filing => "the filing day",
            Earlier::Notice => "the notice day",
            Earlier::Statement => "the statement day",
            Earlier::HearingRequest => "the hearing request",
            Earlier::HearingDay => "the hearing day notified",
            Earlier::Review => "the legal review",
            Earlier::Collective => "the collective discussion",
            Earlier::Decision => "the decision day",
            Earlier::Service => "the service day",
            Earlier::Collection => "the collection day",
            Earlier::Appeal => "the appeal day",
            Earlier::Payment => "the payment deadline",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepRefusal {
    #[error("a {} may not take this step: {} only ({})", role.key(), keys(allowed), act.basis())]
    NotAllowed { role: Role, allowed: Vec<Role>, act: Act },
    #[error("not possible at stage {}", .0.label_en())]
    WrongStage(Stage),
    #[error("the date {on} is after today ({today})")]
    InFuture { on: NaiveDate, today: NaiveDate },
    #[error("the date {on} is before {} ({earlier})", what.label_en())]
    BeforeEarlier { on: NaiveDate, earlier: NaiveDate, what: Earlier },
    #[error("an investigation needs at least two officers (APL art. 42)")]
    TooFewInvestigators,
    #[error("the legal review has not passed the proposal as it stands (APL art. 58)")]
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
    #[error("the party's period to state and defend runs until {ends}: decide after it, or once they waived (APL arts. 44, 45, 62)")]
    DefencePeriodOpen { ends: NaiveDate },
    #[error("the party may still ask for a hearing until {ends} (APL art. 64(1))")]
    HearingPeriodOpen { ends: NaiveDate },
    #[error("what the party stated has not been reviewed (复核, APL art. 45)")]
    StatementNotReviewed,
    #[error("no statement of the party is waiting for review")]
    NoStatement,
    #[error("after the notice the penalty may only be lowered, after a statement or hearing, never raised (APL art. 45)")]
    ProposalAfterNotice,
    #[error("a statement or defence may not lead to a heavier penalty (APL art. 45)")]
    Heavier,
    #[error(
        "a serious or complex case is decided by the heads' collective discussion (APL art. 57(2))"
    )]
    CollectiveMissing,
    #[error("the act of {act_on} was discovered on {found_on}, after the {years}-year limitation ended on {ended} (APL art. 36)")]
    Limitation { act_on: NaiveDate, found_on: NaiveDate, ended: NaiveDate, years: u32 },
    #[error("a decision of no penalty names its ground (APL arts. 30, 31, 33, 36, 57)")]
    GroundMissing,
    #[error("a penalty decision names no ground for sparing it")]
    GroundWithPenalty,
    #[error("a party spared under art. 33 must be educated (APL art. 33(3))")]
    EducationMissing,
    #[error("{0} may not be empty")]
    Missing(&'static str),
    #[error("only a fine decided on the spot is collected on the spot (APL art. 68)")]
    CollectionNotSimple,
    #[error("a fine of {fine} yuan is above the 100 yuan collected on the spot (APL art. 68(1))")]
    CollectionAbove100 { fine: Yuan },
    #[error("no fine to collect or pay")]
    NoFine,
    #[error("the fine was already collected")]
    AlreadyCollected,
    #[error("the decision confiscates no illegal gains")]
    NoGains,
    #[error("the illegal gains confiscated were already recorded as collected")]
    GainsAlreadyCollected,
    #[error("nothing was collected on the spot")]
    NothingCollected,
    #[error("the fine collected on the spot has not been handed in (APL art. 71)")]
    HandInPending,
    #[error(
        "a deferral runs to a day after its approval, with at least one instalment (APL art. 66)"
    )]
    BadDeferral,
    #[error("a review or suit is already under way")]
    AppealOpen,
    #[error("no review or suit is under way")]
    NoAppeal,
    #[error("the fine is not overdue before {due}: no reminder yet (Administrative Coercion Law art. 35)")]
    NotOverdue { due: NaiveDate },
    #[error("no reminder was served (Administrative Coercion Law art. 54)")]
    ReminderMissing,
    #[error("the court may be applied to 10 working days after the reminder, from {from} (Administrative Coercion Law arts. 54, 69)")]
    ReminderWait { from: NaiveDate },
    #[error("the periods for review and suit run until {ends}: no court enforcement before (Administrative Coercion Law art. 53)")]
    AppealPeriodsOpen { ends: NaiveDate },
    #[error(transparent)]
    Calendar(#[from] CalendarGap),
}

fn keys(roles: &[Role]) -> String {
    roles.iter().map(|r| r.key()).collect::<Vec<_>>().join(", ")
}

fn labels(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label_zh()).collect::<Vec<_>>().join("、")
}

impl StepRefusal {
    /// The step's field the refusal is about, by its key (see `steps::FieldId::key`).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::InFuture { .. } | Self::BeforeEarlier { .. } => Some("on"),
            Self::DefencePeriodOpen { .. } | Self::HearingPeriodOpen { .. } => Some("on"),
            Self::HearingNoticeShort(_) => Some("held_on"),
            Self::HearingRequestLate(_) => Some("on"),
            Self::GroundMissing | Self::GroundWithPenalty => Some("ground"),
            Self::EducationMissing => Some("educated"),
            Self::Missing(field) => Some(field),
            Self::BadDeferral => Some("until"),
            Self::ReminderWait { .. } | Self::AppealPeriodsOpen { .. } => Some("on"),
            Self::TooFewInvestigators => Some("officers"),
            _ => None,
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            Self::NotAllowed { role, allowed, act } => {
                format!("{}不能进行此操作：须由{}进行（{}）", role.label_zh(), labels(allowed), act.basis())
            }
            Self::WrongStage(stage) => {
                format!("案件处于“{}”阶段，不能进行此操作", stage.label_zh())
            }
            Self::InFuture { on, today } => format!("日期 {on} 晚于今天（{today}）"),
            Self::BeforeEarlier { on, earlier, what } => {
                format!("日期 {on} 早于{}（{earlier}）", what.label_zh())
            }
            Self::TooFewInvestigators => {
                "调查取证须有两名以上执法人员（《行政处罚法》第四十二条）".into()
            }
            Self::LegalReviewPending => {
                "法制审核未通过现在的处罚意见，不得作出决定（《行政处罚法》第五十八条）".into()
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
            Self::DefencePeriodOpen { ends } => format!(
                "当事人陈述、申辩期限至 {ends} 届满，届满后或当事人明确放弃后方可作出决定（《行政处罚法》第四十四条、第四十五条、第六十二条）"
            ),
            Self::HearingPeriodOpen { ends } => format!(
                "当事人可在 {ends} 前要求听证，期限届满或明确放弃后方可作出决定（《行政处罚法》第六十四条第一项）"
            ),
            Self::StatementNotReviewed => {
                "当事人的陈述、申辩尚未复核（《行政处罚法》第四十五条）".into()
            }
            Self::NoStatement => "没有待复核的陈述、申辩".into(),
            Self::ProposalAfterNotice => "告知后只能在听取陈述申辩或听证后减轻处罚，不得加重（《行政处罚法》第四十五条）".into(),
            Self::Heavier => "不得因当事人陈述、申辩而给予更重的处罚（《行政处罚法》第四十五条）".into(),
            Self::CollectiveMissing => {
                "情节复杂或者重大违法行为须经负责人集体讨论决定（《行政处罚法》第五十七条第二款）".into()
            }
            Self::Limitation { act_on, found_on, ended, years } => format!(
                "违法行为（{act_on}）至 {found_on} 才被发现，已超过 {years} 年追责时效（{ended} 届满），不再给予行政处罚（《行政处罚法》第三十六条）"
            ),
            Self::GroundMissing => "不予处罚决定须写明理由（《行政处罚法》第三十条、第三十一条、第三十三条、第三十六条、第五十七条）".into(),
            Self::GroundWithPenalty => "处罚决定不应写明不予处罚的理由".into(),
            Self::EducationMissing => {
                "依第三十三条不予处罚的，应当对当事人进行教育（《行政处罚法》第三十三条第三款）".into()
            }
            Self::Missing(field) => format!("「{}」不能为空", super::steps::field_label_zh(field)),
            Self::CollectionNotSimple => {
                "只有依简易程序当场作出的罚款决定可以当场收缴（《行政处罚法》第六十八条）".into()
            }
            Self::CollectionAbove100 { fine } => format!(
                "罚款 {fine} 元超过一百元，不能以此理由当场收缴（《行政处罚法》第六十八条第一项）"
            ),
            Self::NoFine => "没有罚款".into(),
            Self::AlreadyCollected => "罚款已当场收缴".into(),
            Self::NoGains => "处罚决定没有没收违法所得".into(),
            Self::GainsAlreadyCollected => "没收的违法所得已记录收缴".into(),
            Self::NothingCollected => "没有当场收缴的罚款".into(),
            Self::HandInPending => "当场收缴的罚款尚未交至行政机关（《行政处罚法》第七十一条）".into(),
            Self::BadDeferral => {
                "暂缓或分期缴纳须写明截止日期（晚于批准日）和期数（《行政处罚法》第六十六条）".into()
            }
            Self::AppealOpen => "已有行政复议或诉讼在进行".into(),
            Self::NoAppeal => "没有进行中的行政复议或诉讼".into(),
            Self::NotOverdue { due } => {
                format!("缴款期限至 {due}，尚未逾期，不能催告（《行政强制法》第三十五条）")
            }
            Self::ReminderMissing => {
                "申请法院强制执行前应当催告当事人履行义务（《行政强制法》第五十四条）".into()
            }
            Self::ReminderWait { from } => format!(
                "催告书送达十个工作日后方可申请法院强制执行，最早 {from}（《行政强制法》第五十四条、第六十九条）"
            ),
            Self::AppealPeriodsOpen { ends } => format!(
                "复议、诉讼期限至 {ends} 届满，届满前不得申请法院强制执行（《行政强制法》第五十三条）"
            ),
            Self::Calendar(gap) => gap.message_zh(),
        }
    }

    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => self.message_zh(),
            crate::i18n::Lang::En => self.to_string(),
        }
    }
}
