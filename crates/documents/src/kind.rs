//! The kinds of enforcement document (执法文书) a case produces, and which of them the case has
//! reached: each document belongs to a step of the procedure, and is printed from it.

use chrono::NaiveDate;
use serde::Serialize;
use zhifa_core::domain::case::{Stage, Step};
use zhifa_core::domain::case_file::CaseRecord;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    FilingApproval,
    InspectionRecord,
    InquiryRecord,
    CorrectionOrder,
    PriorNotice,
    HearingNotice,
    Decision,
    OnTheSpotDecision,
    ServiceReceipt,
    Reminder,
    ClosingApproval,
}

/// Where a document's number (文号) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// Its own series per kind and year, from the `[casework]` pattern.
    Series,
    /// The case's number (a decision reuses the case's serial).
    CaseNumber,
    /// Not numbered (forms and records refer to the case number).
    None,
}

impl DocKind {
    /// In the order they go into the dossier (the order of the procedure).
    pub const ALL: [DocKind; 11] = [
        DocKind::FilingApproval,
        DocKind::InspectionRecord,
        DocKind::InquiryRecord,
        DocKind::CorrectionOrder,
        DocKind::PriorNotice,
        DocKind::HearingNotice,
        DocKind::Decision,
        DocKind::OnTheSpotDecision,
        DocKind::ServiceReceipt,
        DocKind::Reminder,
        DocKind::ClosingApproval,
    ];

    /// The name on the command line and in the template file name.
    pub fn key(self) -> &'static str {
        match self {
            DocKind::FilingApproval => "filing-approval",
            DocKind::InspectionRecord => "inspection-record",
            DocKind::InquiryRecord => "inquiry-record",
            DocKind::CorrectionOrder => "correction-order",
            DocKind::PriorNotice => "prior-notice",
            DocKind::HearingNotice => "hearing-notice",
            DocKind::Decision => "decision",
            DocKind::OnTheSpotDecision => "on-the-spot-decision",
            DocKind::ServiceReceipt => "service-receipt",
            DocKind::Reminder => "reminder",
            DocKind::ClosingApproval => "closing-approval",
        }
    }

    pub fn from_key(key: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.key() == key.trim())
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            DocKind::FilingApproval => "立案审批表",
            DocKind::InspectionRecord => "现场检查（勘验）笔录",
            DocKind::InquiryRecord => "询问笔录",
            DocKind::CorrectionOrder => "责令（限期）改正通知书",
            DocKind::PriorNotice => "行政处罚事先告知书",
            DocKind::HearingNotice => "听证通知书",
            DocKind::Decision => "行政处罚决定书",
            DocKind::OnTheSpotDecision => "当场行政处罚决定书",
            DocKind::ServiceReceipt => "送达回证",
            DocKind::Reminder => "催告书",
            DocKind::ClosingApproval => "结案审批表",
        }
    }

    pub fn numbering(self) -> Numbering {
        match self {
            DocKind::CorrectionOrder
            | DocKind::PriorNotice
            | DocKind::HearingNotice
            | DocKind::Reminder => Numbering::Series,
            DocKind::Decision | DocKind::OnTheSpotDecision => Numbering::CaseNumber,
            _ => Numbering::None,
        }
    }

    /// The default number pattern of a kind with its own series: 机关简称 + 代字 + 〔年〕 + 第N号
    /// (`{year}` and `{n}` replaced; `[casework.document_numbers]` sets a bureau's own).
    pub fn default_pattern(self) -> &'static str {
        match self {
            DocKind::CorrectionOrder => "{station}综执责改〔{year}〕第{n}号",
            DocKind::PriorNotice => "{station}综执罚告〔{year}〕第{n}号",
            DocKind::HearingNotice => "{station}综执听通〔{year}〕第{n}号",
            DocKind::Reminder => "{station}综执催〔{year}〕第{n}号",
            _ => "",
        }
    }

    /// Whether `case` has reached the point where this document exists (or is due), on `today`;
    /// otherwise why not.
    pub fn available(self, case: &CaseRecord, today: NaiveDate) -> Result<(), &'static str> {
        let state = &case.state;
        let took = |pred: fn(&Step) -> bool| case.steps.iter().any(|s| pred(&s.step));
        let ordinary = !state.simple;
        let ok = |holds: bool, why: &'static str| if holds { Ok(()) } else { Err(why) };
        match self {
            DocKind::FilingApproval => {
                ok(ordinary && took(|s| matches!(s, Step::RequestFiling)), "立案尚未报请审批")
            }
            DocKind::InspectionRecord | DocKind::InquiryRecord => {
                ok(ordinary && state.filed_on.is_some(), "案件尚未立案（简易程序无此笔录）")
            }
            DocKind::CorrectionOrder => {
                ok(state.filed_on.is_some() || state.simple, "案件尚未立案")
            }
            DocKind::PriorNotice => {
                ok(ordinary && state.penalty.is_some(), "尚未提出拟处罚意见（第四十四条）")
            }
            DocKind::HearingNotice => ok(state.hearing_requested, "当事人未要求听证"),
            DocKind::Decision => ok(
                ordinary && took(|s| matches!(s, Step::Decide { penalty: true, .. })),
                "尚未作出行政处罚决定",
            ),
            DocKind::OnTheSpotDecision => {
                ok(state.simple && state.decided_on.is_some(), "非简易程序当场处罚案件")
            }
            DocKind::ServiceReceipt => ok(
                ordinary && (state.notice_on.is_some() || state.decided_on.is_some()),
                "尚无需送达的文书（告知书或决定书）",
            ),
            DocKind::Reminder => reminder_due(case, today),
            DocKind::ClosingApproval => {
                ok(took(|s| matches!(s, Step::RequestClosing)), "结案尚未报请审批")
            }
        }
    }
}

/// Why a document cannot be made yet, in the interface's language ([`DocKind::available`]
/// gives the Chinese, which is also what the JSON listing carries).
pub fn why_not_in(why: &'static str, lang: zhifa_core::i18n::Lang) -> &'static str {
    if lang == zhifa_core::i18n::Lang::Zh {
        return why;
    }
    match why {
        "立案尚未报请审批" => "filing has not been submitted for approval",
        "案件尚未立案（简易程序无此笔录）" => {
            "the case is not filed yet (the simple procedure has no such record)"
        }
        "案件尚未立案" => "the case is not filed yet",
        "尚未提出拟处罚意见（第四十四条）" => {
            "no penalty proposed yet (APL art. 44)"
        }
        "当事人未要求听证" => "the party did not ask for a hearing",
        "尚未作出行政处罚决定" => "no penalty decision yet",
        "非简易程序当场处罚案件" => "not an on-the-spot (simple procedure) case",
        "尚无需送达的文书（告知书或决定书）" => {
            "nothing to serve yet (notice or decision)"
        }
        "结案尚未报请审批" => "closing has not been submitted for approval",
        "决定书尚未送达" => "the decision is not served yet",
        "无未缴纳的罚款" => "no unpaid fine",
        "缴纳期限（送达之日起十五日）尚未届满" => {
            "the 15 days to pay (from service) have not run out"
        }
        other => other,
    }
}

/// A reminder (催告, 行政强制法 art. 35) is due once a fine served is unpaid after the 15 days of
/// APL art. 67 and nothing was executed yet.
fn reminder_due(case: &CaseRecord, today: NaiveDate) -> Result<(), &'static str> {
    let state = &case.state;
    let fine = state.penalty.as_ref().and_then(|p| p.fine).is_some();
    let Some(served) = state.served_on else { return Err("决定书尚未送达") };
    if !fine || state.stage != Stage::Served {
        return Err("无未缴纳的罚款");
    }
    if today <= served + chrono::Days::new(15) {
        return Err("缴纳期限（送达之日起十五日）尚未届满");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_a_lead_case_gives_reads_in_english() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default();
        let mut case = zhifa_core::domain::case_file::CaseRecord {
            id: 1,
            number: None,
            team: "QX01".into(),
            source: zhifa_core::domain::case_file::CaseSource::Patrol,
            ticket: None,
            place: String::new(),
            grid: None,
            facts: String::new(),
            items: vec![],
            parties: vec![],
            state: zhifa_core::domain::case::Case::lead(day, day),
            steps: vec![],
            finding: None,
            articles: vec![],
        };
        for simple in [false, true] {
            case.state.simple = simple;
            for kind in DocKind::ALL {
                if let Err(why) = kind.available(&case, day) {
                    let en = why_not_in(why, zhifa_core::i18n::Lang::En);
                    assert!(en.is_ascii(), "{kind:?}: {why} → {en}");
                }
            }
        }
        for why in ["决定书尚未送达", "无未缴纳的罚款", "缴纳期限（送达之日起十五日）尚未届满"]
        {
            assert!(why_not_in(why, zhifa_core::i18n::Lang::En).is_ascii(), "{why}");
        }
    }

    #[test]
    fn kinds_round_trip_by_key_and_numbering_follows_the_kind() {
        for kind in DocKind::ALL {
            assert_eq!(DocKind::from_key(kind.key()), Some(kind));
            let series = kind.numbering() == Numbering::Series;
            assert_eq!(series, kind.default_pattern().contains("{n}"), "{kind:?}");
        }
        assert_eq!(DocKind::from_key("dossier"), None);
    }
}
