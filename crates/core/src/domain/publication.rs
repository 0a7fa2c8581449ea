//! Penalty decisions as they may be published (APL art. 48): the decision's number and date, the
//! items and provisions it applied, the penalty, and the parties with a person's data masked
//! (`privacy`). Which decisions have "social impact" is the bureau's judgement: this offers every
//! penalty decided in a period, the bureau chooses.
//!
//! Deliberately left out: the statement of facts, the place and contacts. They are free text that
//! can name anyone (witnesses, neighbours) or point at a home; a person writes what is published
//! of them.

use super::case::Stage;
use super::case_file::CaseRecord;
use super::catalog::Yuan;
use super::penalty::Confiscation;
use super::privacy::{published_party, PublishedParty};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedDecision {
    /// 决定书文号: the case number, or the on-the-spot decision's number.
    pub number: String,
    pub decided_on: NaiveDate,
    /// Decided on the spot under the simple procedure (arts. 51–52).
    pub simple: bool,
    pub items: Vec<PublishedItem>,
    pub warning: bool,
    pub fine: Option<Yuan>,
    /// 没收违法所得 / 没收非法财物 (APL art. 9(2)), published with the rest of the penalty.
    #[serde(skip_serializing_if = "Confiscation::is_empty")]
    pub confiscation: Confiscation,
    pub parties: Vec<PublishedParty>,
}

/// A catalog item the decision applied, with its penalty provisions, as cited (frozen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedItem {
    pub code: String,
    pub name: String,
    pub basis: Vec<String>,
}

impl PublishedDecision {
    /// The publishable form of `case`, if it is a penalty decided (a decision of no penalty, a
    /// case not yet decided or without a number is not a penalty decision to publish).
    pub fn of(case: &CaseRecord) -> Option<PublishedDecision> {
        let state = &case.state;
        let penalty = state.penalty.as_ref().filter(|_| state.stage != Stage::NoPenalty)?;
        Some(PublishedDecision {
            number: case.number.clone()?,
            decided_on: state.decided_on?,
            simple: state.simple,
            items: case.items.iter().map(|c| published_item(&c.item)).collect(),
            warning: penalty.warning,
            fine: penalty.fine,
            confiscation: penalty.confiscation.clone(),
            parties: case.parties.iter().map(published_party).collect(),
        })
    }

    /// 警告；罚款 500 元.
    pub fn penalty_zh(&self) -> String {
        let mut parts = Vec::new();
        if self.warning {
            parts.push("警告".to_string());
        }
        if let Some(fine) = self.fine {
            parts.push(format!("罚款 {fine} 元"));
        }
        if let Some(gains) = self.confiscation.gains {
            parts.push(format!("没收违法所得 {gains} 元"));
        }
        if !self.confiscation.property.trim().is_empty() {
            parts.push(format!("没收非法财物：{}", self.confiscation.property.trim()));
        }
        parts.join("；")
    }

    /// warning; fine of 500 yuan.
    pub fn penalty_en(&self) -> String {
        let mut parts = Vec::new();
        if self.warning {
            parts.push("warning".to_string());
        }
        if let Some(fine) = self.fine {
            parts.push(format!("fine of {fine} yuan"));
        }
        if let Some(gains) = self.confiscation.gains {
            parts.push(format!("illegal gains of {gains} yuan confiscated"));
        }
        if !self.confiscation.property.trim().is_empty() {
            parts.push(format!(
                "illegal property confiscated: {}",
                self.confiscation.property.trim()
            ));
        }
        parts.join("; ")
    }
}

/// Whether a decision of `decided_on` falls in the period (each bound included, when given).
pub fn in_period(decided_on: NaiveDate, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    from.is_none_or(|f| decided_on >= f) && to.is_none_or(|t| decided_on <= t)
}

fn published_item(item: &super::catalog::CatalogItem) -> PublishedItem {
    PublishedItem {
        code: item.code.clone(),
        name: item.name.clone(),
        basis: item.basis.penalty.iter().map(|p| p.citation()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Case;
    use crate::domain::case_file::{CaseSource, CitedItem, Party};
    use crate::domain::catalog::{CatalogItem, PartyKind};
    use crate::domain::penalty::Proposal;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn decided(stage: Stage, fine: Option<Yuan>) -> CaseRecord {
        let mut state = Case::lead(day("2026-10-01"), day("2026-10-02"));
        state.stage = stage;
        state.decided_on = Some(day("2026-11-02"));
        state.penalty = Some(Proposal {
            party: PartyKind::Individual,
            warning: fine.is_none(),
            fine,
            tier: None,
            tier_reason: "首次违法".into(),
            confiscation: Default::default(),
        });
        CaseRecord {
            id: 1,
            number: Some("〔2026〕综执罚字第3号".into()),
            team: "QX01".into(),
            source: CaseSource::Patrol,
            ticket: None,
            place: "青溪路12号张三丰家门口".into(),
            grid: None,
            facts: "张三丰（电话13800138000）占道经营".into(),
            items: vec![CitedItem {
                version: "2026年上半年版".into(),
                item: CatalogItem {
                    code: "330217101008".into(),
                    name: "对擅自占用城市道路的行政处罚".into(),
                    ..Default::default()
                },
            }],
            parties: vec![Party {
                kind: PartyKind::Individual,
                name: "张三丰".into(),
                id_number: "11010519491231002X".into(),
                contact: "13800138000".into(),
            }],
            state,
            steps: vec![],
            finding: None,
            articles: Vec::new(),
        }
    }

    #[test]
    fn a_decided_penalty_is_published_with_the_person_masked_and_no_facts() {
        let published = PublishedDecision::of(&decided(Stage::Served, Some(500))).expect("decided");
        assert_eq!(published.number, "〔2026〕综执罚字第3号");
        assert_eq!(published.decided_on, day("2026-11-02"));
        assert_eq!(published.items[0].code, "330217101008");
        assert_eq!(published.penalty_zh(), "罚款 500 元");
        // A confiscation is published with the fine (APL arts. 9(2), 48).
        let mut taken = decided(Stage::Decided, Some(500));
        if let Some(p) = taken.state.penalty.as_mut() {
            p.confiscation.gains = Some(1_200);
            p.confiscation.property = "电子秤一台".into();
        }
        let taken = PublishedDecision::of(&taken).expect("published");
        assert_eq!(
            taken.penalty_zh(),
            "罚款 500 元；没收违法所得 1200 元；没收非法财物：电子秤一台"
        );
        assert!(taken.penalty_en().contains("illegal gains of 1200 yuan confiscated"));
        assert_eq!(published.parties[0].name, "张**");
        assert_eq!(published.parties[0].id_number, "110105********002X");
        let all = serde_json::to_string(&published).expect("json");
        for secret in ["张三丰", "13800138000", "19491231", "青溪路12号"] {
            assert!(!all.contains(secret), "{secret} leaked: {all}");
        }
    }

    #[test]
    fn only_penalties_decided_are_published() {
        assert!(PublishedDecision::of(&decided(Stage::NoPenalty, Some(500))).is_none());
        let mut undecided = decided(Stage::Investigation, Some(500));
        undecided.state.decided_on = None;
        assert!(PublishedDecision::of(&undecided).is_none());
        let warned = PublishedDecision::of(&decided(Stage::Closed, None)).expect("a warning");
        assert_eq!(
            (warned.penalty_zh().as_str(), warned.penalty_en().as_str()),
            ("警告", "warning")
        );
    }

    #[test]
    fn the_period_includes_both_ends() {
        let (from, to) = (Some(day("2026-11-01")), Some(day("2026-11-30")));
        assert!(in_period(day("2026-11-01"), from, to) && in_period(day("2026-11-30"), from, to));
        assert!(!in_period(day("2026-10-31"), from, to) && !in_period(day("2026-12-01"), from, to));
        assert!(in_period(day("1999-01-01"), None, to));
    }
}
