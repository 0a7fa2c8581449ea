//! The statutory clock (docs/DEADLINES.md): every legal period a case runs on, with the article it
//! comes from, computed from its start event on the right calendar, and moved only by recorded
//! suspensions and extensions.
//!
//! Pure: the calendar is passed in ([`WorkCalendar`]), today is passed in. A working-day period
//! that reaches a year with no calendar returns [`CalendarGap`], so the caller flags it instead of
//! showing a wrong date.
//!
//! On a provisional year (no notice loaded, `calendar::provisional`) a clock takes the bound its
//! side can live with ([`Binds`]): the bureau's deadlines count uncertain days as working (the
//! earliest due date the notice could give), a party's periods as days off (the latest end).

pub mod table;

use crate::calendar::{CalendarGap, DayCount, Uncertain, WorkCalendar};
use chrono::{Months, NaiveDate};

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(u32, DayCount),
    Months(u32),
}

/// Every legal period zhifa tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// File (立案) after a lead, within the local limit (default 10 working days).
    Filing,
    /// No penalty once 2 years have passed since the act (its end, if continuing).
    Limitation,
    /// 5 years where life, health or financial safety was harmed.
    LimitationSerious,
    /// Decide on evidence kept under 先行登记保存 within 7 working days.
    PreservationDecision,
    /// Seal-up or seizure lasts at most 30 days (one approved extension of ≤ 30 days).
    SeizureTerm,
    /// A party may ask for a hearing within 5 working days of the notice.
    HearingRequest,
    /// Decide within 90 days of filing.
    Decision,
    /// Serve the decision within 7 working days when not served on the spot.
    Service,
    /// Pay within 15 days of service.
    Payment,
    /// Apply for administrative review within 60 days.
    ReviewPeriod,
    /// Sue within 6 months.
    LawsuitPeriod,
    /// Unpaid after the appeal periods: apply to the court within 3 months of their end.
    EnforcementApplication,
    /// The party states and defends after the notice: the decision waits for it (arts. 44, 45,
    /// 62). The APL sets no number of days; 5 working days, as for a hearing request.
    Statement,
    /// A fine collected on the spot is handed in within 2 (working) days (arts. 71, 85).
    CollectionHandIn,
    /// The court may be applied to 10 working days after the reminder is served (行政强制法
    /// arts. 54, 69).
    ReminderWait,
    /// The end of an approved deferral or the last instalment (art. 66): the date approved.
    Deferral,
}

/// Whose period a clock is: what the bureau must do by then, or what a party may do until then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Binds {
    Bureau,
    Party,
}

impl Binds {
    /// How uncertain days of a provisional year count for this side: never a bureau's deadline
    /// later, never a party's period shorter, than the notice could make them.
    pub fn uncertain(self) -> Uncertain {
        match self {
            Binds::Bureau => Uncertain::Working,
            Binds::Party => Uncertain::Off,
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Binds::Bureau => lang.pick("执法机关", "bureau"),
            Binds::Party => lang.pick("当事人", "party"),
        }
    }
}

/// A period and where the law sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub kind: DeadlineKind,
    pub period: Period,
    /// Whose period it is.
    pub binds: Binds,
    /// Whether a last day falling on a day off moves to the next working day (the civil
    /// procedure rule, [`ends_on_working_day`]).
    pub ends_on_working_day: bool,
    /// The article, as an officer would cite it.
    pub basis: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
}

use DayCount::{Natural, Working};
use DeadlineKind as K;

/// The rules, one per kind.
pub const RULES: [Rule; 16] = [
    rule(
        K::Filing,
        Period::Days(10, Working),
        "《行政处罚法》第五十四条（期限依地方规定）",
        "立案",
        "filing",
    ),
    rule(
        K::Limitation,
        Period::Months(24),
        "《行政处罚法》第三十六条第一款",
        "追责时效（二年）",
        "limitation (2 years)",
    ),
    rule(
        K::LimitationSerious,
        Period::Months(60),
        "《行政处罚法》第三十六条第一款",
        "追责时效（五年）",
        "limitation (5 years)",
    ),
    rule(
        K::PreservationDecision,
        Period::Days(7, Working),
        "《行政处罚法》第五十六条",
        "先行登记保存处理决定",
        "decision on preserved evidence",
    ),
    rule(
        K::SeizureTerm,
        Period::Days(30, Natural),
        "《行政强制法》第二十五条",
        "查封、扣押期限",
        "seal-up / seizure term",
    ),
    rule(
        K::HearingRequest,
        Period::Days(5, Working),
        "《行政处罚法》第六十四条第一项",
        "听证申请期限",
        "hearing request",
    ),
    rule(
        K::Decision,
        Period::Days(90, Natural),
        "《行政处罚法》第六十条",
        "作出处罚决定",
        "penalty decision",
    ),
    rule(
        K::Service,
        Period::Days(7, Working),
        "《行政处罚法》第六十一条",
        "送达处罚决定书",
        "service of the decision",
    ),
    rule(
        K::Payment,
        Period::Days(15, Natural),
        "《行政处罚法》第六十七条第三款",
        "缴纳罚款",
        "payment of the fine",
    ),
    rule(
        K::ReviewPeriod,
        Period::Days(60, Natural),
        "《行政复议法》第二十条",
        "申请行政复议期限",
        "administrative review period",
    ),
    rule(
        K::LawsuitPeriod,
        Period::Months(6),
        "《行政诉讼法》第四十六条",
        "提起行政诉讼期限",
        "lawsuit period",
    ),
    rule(
        K::EnforcementApplication,
        Period::Months(3),
        "《行政强制法》第五十三条",
        "申请法院强制执行",
        "application for court enforcement",
    ),
    rule(
        K::Statement,
        Period::Days(5, Working),
        "《行政处罚法》第四十四条、第四十五条、第六十二条（期限参照第六十四条）",
        "陈述、申辩期限",
        "statement and defence",
    ),
    rule(
        K::CollectionHandIn,
        Period::Days(2, Working),
        "《行政处罚法》第七十一条、第八十五条",
        "当场收缴罚款交至机关",
        "hand in the fine collected",
    ),
    rule(
        K::ReminderWait,
        Period::Days(10, Working),
        "《行政强制法》第五十四条、第六十九条",
        "催告后可申请强制执行",
        "court application after the reminder",
    ),
    rule(
        K::Deferral,
        Period::Days(0, Natural),
        "《行政处罚法》第六十六条",
        "暂缓或分期缴纳期限",
        "deferred payment",
    ),
];

const fn rule(
    kind: DeadlineKind,
    period: Period,
    basis: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
) -> Rule {
    Rule {
        kind,
        period,
        binds: binds(kind),
        ends_on_working_day: ends_on_working_day(kind),
        basis,
        label_zh,
        label_en,
    }
}

/// The civil procedure rule periods of review and suit are counted by: 《民事诉讼法》 (2023)
/// art. 85(3), applied to review periods by 《行政复议法》 (2023) art. 88(1) and to court
/// periods by 《行政诉讼法》 art. 101.
pub const CIVIL_PERIOD_END: &str =
    "《民事诉讼法》第八十五条第三款：期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期。";

/// Whether a clock's last day moves off a holiday: the periods to apply for review (行政复议法
/// art. 20, counted by art. 88) and to sue (行政诉讼法 art. 46, counted by art. 101), both via
/// 民事诉讼法 art. 85(3). APL and 行政强制法 have no such rule (APL art. 85 and 行政强制法 art.
/// 69 only make their short periods working days), so their clocks end where they fall.
const fn ends_on_working_day(kind: DeadlineKind) -> bool {
    matches!(kind, K::ReviewPeriod | K::LawsuitPeriod)
}

/// Whose period each clock is. The party's: to ask for a hearing (APL art. 64(1)), to pay (art.
/// 67), to apply for review (行政复议法 art. 20) or sue (行政诉讼法 art. 46). Every other clock
/// limits the bureau.
const fn binds(kind: DeadlineKind) -> Binds {
    match kind {
        // The party's periods, and the days the bureau must wait for the party (its statement
        // and defence, arts. 44–45; the reminder's ten days, 行政强制法 art. 54; a deferral,
        // art. 66): counted to their latest end.
        K::HearingRequest
        | K::Payment
        | K::ReviewPeriod
        | K::LawsuitPeriod
        | K::Statement
        | K::ReminderWait
        | K::Deferral => Binds::Party,
        K::CollectionHandIn => Binds::Bureau,
        K::Filing
        | K::Limitation
        | K::LimitationSerious
        | K::PreservationDecision
        | K::SeizureTerm
        | K::Decision
        | K::Service
        | K::EnforcementApplication => Binds::Bureau,
    }
}

impl DeadlineKind {
    /// Whether passing the due date makes the case late: the bureau's own deadlines and an
    /// obligation overdue are; the party's periods (to state, to ask for a hearing, to appeal)
    /// and the day from which the court may be applied to are not — their end only opens the
    /// next step.
    pub fn makes_late(self) -> bool {
        // The bureau's own clocks, and the party's obligation to pay (or its approved deferral),
        // which the bureau must then act on (a reminder, the court).
        self.rule().binds == Binds::Bureau || matches!(self, K::Payment | K::Deferral)
    }

    pub fn rule(self) -> Rule {
        // RULES holds one rule per kind, in declaration order (a test checks it).
        RULES[self as usize]
    }

    /// The clock's basis as [`Rule::basis`] cites it, in the interface's language.
    pub fn basis(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Zh => self.rule().basis,
            crate::i18n::Lang::En => self.basis_en(),
        }
    }

    fn basis_en(self) -> &'static str {
        match self {
            K::Filing => "Administrative Penalty Law art. 54 (period set by local rules)",
            K::Limitation | K::LimitationSerious => "Administrative Penalty Law art. 36(1)",
            K::PreservationDecision => "Administrative Penalty Law art. 56",
            K::SeizureTerm => "Administrative Compulsion Law art. 25",
            K::HearingRequest => "Administrative Penalty Law art. 64(1)",
            K::Decision => "Administrative Penalty Law art. 60",
            K::Service => "Administrative Penalty Law art. 61",
            K::Payment => "Administrative Penalty Law art. 67(3)",
            K::ReviewPeriod => "Administrative Reconsideration Law art. 20",
            K::LawsuitPeriod => "Administrative Litigation Law art. 46",
            K::EnforcementApplication => "Administrative Compulsion Law art. 53",
            K::Statement => {
                "Administrative Penalty Law arts. 44, 45, 62 (period by analogy with art. 64)"
            }
            K::CollectionHandIn => "Administrative Penalty Law arts. 71, 85",
            K::ReminderWait => "Administrative Compulsion Law arts. 54, 69",
            K::Deferral => "Administrative Penalty Law art. 66",
        }
    }
}

/// A recorded change to a running clock; only an approval makes one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Adjustment {
    /// The clock stopped on `from` and ran again on `to` (e.g. during an expert appraisal).
    Suspension { from: NaiveDate, to: NaiveDate },
    /// The period is longer by this many of its own units (days or months).
    Extension(u32),
}

/// When a period that started on `start` ends, after `adjustments`. On a provisional year the
/// bound of the rule's side ([`Binds::uncertain`]); whether the result is provisional the
/// calendar says ([`WorkCalendar::is_provisional`]).
pub fn due_date(
    rule: &Rule,
    start: NaiveDate,
    adjustments: &[Adjustment],
    calendar: &WorkCalendar,
) -> Result<NaiveDate, CalendarGap> {
    let extension: u32 = adjustments
        .iter()
        .map(|a| match a {
            Adjustment::Extension(n) => *n,
            Adjustment::Suspension { .. } => 0,
        })
        .sum();
    let uncertain = rule.binds.uncertain();
    let mut due = match rule.period {
        Period::Days(n, count) => {
            calendar.add_days_counting(start, n + extension, count, uncertain)?
        }
        Period::Months(n) => add_months(start, n + extension),
    };
    for adjustment in adjustments {
        if let Adjustment::Suspension { from, to } = adjustment {
            due = suspended(rule, due, *from, *to, calendar)?;
        }
    }
    if rule.ends_on_working_day {
        // 民事诉讼法 art. 85(3): a last day that is a 法定休假日 (a weekend or holiday day off,
        // make-up working days excepted) gives way to the first working day after it.
        due = calendar.first_working_day_from(due, uncertain)?;
    }
    Ok(due)
}

/// `due` pushed back by the days the clock stood still (counted in the period's own unit).
fn suspended(
    rule: &Rule,
    due: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    calendar: &WorkCalendar,
) -> Result<NaiveDate, CalendarGap> {
    if to <= from {
        return Ok(due);
    }
    let uncertain = rule.binds.uncertain();
    match rule.period {
        Period::Days(_, Working) => {
            // The days stood still take the other bound: fewer for the bureau, more for a party.
            let other = match uncertain {
                Uncertain::Working => Uncertain::Off,
                Uncertain::Off => Uncertain::Working,
            };
            let stood = calendar.working_days_between_counting(from, to, other)?;
            calendar.add_days_counting(due, stood, Working, uncertain)
        }
        Period::Days(_, Natural) | Period::Months(_) => {
            let stood = (to - from).num_days().max(0) as u32;
            calendar.add_days(due, stood, Natural)
        }
    }
}

/// The same day `n` months later; the 31st of a shorter month becomes its last day.
fn add_months(start: NaiveDate, n: u32) -> NaiveDate {
    start.checked_add_months(Months::new(n)).unwrap_or(NaiveDate::MAX)
}

/// Where a deadline stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueStatus {
    /// This many days past due.
    Overdue(i64),
    /// Due within the warning window: this many days left (0 = today).
    DueSoon(i64),
    Pending(i64),
}

/// How `due` looks on `today`, warning `soon` days ahead.
pub fn status(due: NaiveDate, today: NaiveDate, soon: i64) -> DueStatus {
    let left = (due - today).num_days();
    match left {
        l if l < 0 => DueStatus::Overdue(-l),
        l if l <= soon => DueStatus::DueSoon(l),
        l => DueStatus::Pending(l),
    }
}

/// The late-payment surcharge (加处罚款), in fen, on a fine of `fine_yuan` after `days_late`
/// days: 3% of the fine a day, never more than the fine itself (APL art. 72(1)). Counted in fen
/// so that 3% of any whole-yuan fine is exact.
pub fn late_surcharge_fen(fine_yuan: u64, days_late: u64) -> u64 {
    let fine_fen = fine_yuan.saturating_mul(100);
    fine_yuan.saturating_mul(3).saturating_mul(days_late).min(fine_fen)
}

#[cfg(test)]
mod tests;
