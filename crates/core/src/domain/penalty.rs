//! Whether a proposed penalty is lawful for the item it cites: the fine inside the item's range
//! for the party and inside the chosen discretion tier, with the reason for the tier written down
//! (APL art. 34); the limits of the simple procedure (art. 51); and whether the fine or the
//! confiscation is large enough to give the party a right to a hearing (art. 63(1)(一)(二)).
//! Pure rules over catalog items.

use super::catalog::{CatalogItem, FineRange, PartyKind, Yuan};

/// What an officer proposes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Proposal {
    pub party: PartyKind,
    pub warning: bool,
    /// The fine in yuan, if any.
    pub fine: Option<Yuan>,
    /// The discretion tier chosen (its name in the item), when the item has tiers.
    pub tier: Option<String>,
    /// Why that tier: mandatory whenever a tier is chosen.
    pub tier_reason: String,
    /// 没收违法所得 / 没收非法财物, besides or instead of a fine (absent from proposals made
    /// before it was recorded: none).
    #[serde(default, skip_serializing_if = "Confiscation::is_empty")]
    pub confiscation: Confiscation,
}

/// What a decision confiscates (APL art. 9(2): 罚款、没收违法所得、没收非法财物 are kinds of
/// penalty of their own): the illegal gains as an amount of yuan, the illegal property as a
/// description of what is taken.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Confiscation {
    /// 没收违法所得: the illegal gains confiscated, in yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gains: Option<Yuan>,
    /// 没收非法财物: the illegal property confiscated, described (empty: none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub property: String,
    /// The property's estimated value in yuan, where one is recorded: what decides whether it is
    /// 较大价值 (APL art. 63(1)(二)). Absent from proposals made before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property_value: Option<Yuan>,
}

impl Confiscation {
    pub fn is_empty(&self) -> bool {
        self.gains.is_none() && self.property.trim().is_empty()
    }
}

/// Why a proposal cannot stand.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PenaltyRefusal {
    #[error("the fine {fine} yuan is outside the item's range {}–{} yuan for this party", range.min, range.max)]
    OutsideRange { fine: Yuan, range: FineRange },
    #[error("the item has no discretion tier “{0}”")]
    NoSuchTier(String),
    #[error("the item has discretion tiers: choose one")]
    TierMissing,
    #[error("the fine {fine} yuan is outside tier “{tier}” ({min}–{max} yuan)")]
    OutsideTier { fine: Yuan, tier: String, min: Yuan, max: Yuan },
    #[error("the reason for the discretion tier is mandatory")]
    ReasonMissing,
    #[error("the simple procedure allows a warning or a fine of at most {limit} yuan for this party, not {fine}")]
    AboveSimpleLimit { fine: Yuan, limit: Yuan },
    #[error("a penalty needs a warning, a fine or a confiscation")]
    Nothing,
    #[error("a fine must be a positive number of yuan, not {0}")]
    NotPositive(Yuan),
    #[error("illegal gains confiscated must be a positive number of yuan, not {0}")]
    GainsNotPositive(Yuan),
    #[error(
        "the simple procedure cannot confiscate (APL art. 51: a warning or a small fine only)"
    )]
    ConfiscationNotSimple,
    #[error("the estimated value of the property confiscated must be a positive number of yuan, not {0}")]
    PropertyValueNotPositive(Yuan),
    #[error(
        "an estimated value needs the property it is the value of: describe what is confiscated"
    )]
    ValueWithoutProperty,
}

impl PenaltyRefusal {
    pub fn message_zh(&self) -> String {
        match self {
            Self::OutsideRange { fine, range } => {
                format!("罚款 {fine} 元超出该事项对此类当事人的幅度 {}–{} 元", range.min, range.max)
            }
            Self::NoSuchTier(t) => format!("该事项没有“{t}”这一裁量阶次"),
            Self::TierMissing => "该事项有裁量基准：请选择裁量阶次".to_string(),
            Self::OutsideTier { fine, tier, min, max } => {
                format!("罚款 {fine} 元不在裁量阶次“{tier}”的幅度 {min}–{max} 元内")
            }
            Self::ReasonMissing => "必须写明适用该裁量阶次的理由".to_string(),
            Self::AboveSimpleLimit { fine, limit } => {
                format!("简易程序只能给予警告或 {limit} 元以下罚款，不能罚款 {fine} 元（《行政处罚法》第五十一条）")
            }
            Self::Nothing => "处罚须有警告、罚款或没收".to_string(),
            Self::NotPositive(fine) => format!("罚款须为正数（元），不能是 {fine}"),
            Self::GainsNotPositive(gains) => {
                format!("没收违法所得须为正数（元），不能是 {gains}")
            }
            Self::ConfiscationNotSimple => {
                "简易程序不能没收违法所得或非法财物（《行政处罚法》第五十一条：只能警告或小额罚款）"
                    .to_string()
            }
            Self::PropertyValueNotPositive(value) => {
                format!("非法财物估值须为正数（元），不能是 {value}")
            }
            Self::ValueWithoutProperty => {
                "填写了估值，却没有写明没收的非法财物（名称、数量）".to_string()
            }
        }
    }
}

/// Simple-procedure limits (APL art. 51): 200 yuan for a citizen, 3,000 for an organisation.
pub fn simple_limit(party: PartyKind) -> Yuan {
    match party {
        PartyKind::Individual => 200,
        PartyKind::Organisation => 3_000,
    }
}

/// Every reason `proposal` cannot be decided for `item` (empty: lawful as far as the catalog
/// says).
pub fn check(item: &CatalogItem, proposal: &Proposal) -> Vec<PenaltyRefusal> {
    let mut refusals = Vec::new();
    if !proposal.warning && proposal.fine.is_none() && proposal.confiscation.is_empty() {
        refusals.push(PenaltyRefusal::Nothing);
    }
    if let Some(fine) = proposal.fine.filter(|f| *f <= 0) {
        refusals.push(PenaltyRefusal::NotPositive(fine));
    }
    if let Some(gains) = proposal.confiscation.gains.filter(|g| *g <= 0) {
        refusals.push(PenaltyRefusal::GainsNotPositive(gains));
    }
    if let Some(value) = proposal.confiscation.property_value {
        if value <= 0 {
            refusals.push(PenaltyRefusal::PropertyValueNotPositive(value));
        }
        if proposal.confiscation.property.trim().is_empty() {
            refusals.push(PenaltyRefusal::ValueWithoutProperty);
        }
    }
    if let (Some(fine), Some(range)) = (proposal.fine, item.fine_range_for(proposal.party)) {
        if !range.contains(fine) {
            refusals.push(PenaltyRefusal::OutsideRange { fine, range });
        }
    }
    refusals.extend(tier_refusals(item, proposal));
    refusals
}

fn tier_refusals(item: &CatalogItem, proposal: &Proposal) -> Vec<PenaltyRefusal> {
    if item.tiers.is_empty() {
        return Vec::new();
    }
    let Some(name) = &proposal.tier else { return vec![PenaltyRefusal::TierMissing] };
    let Some(tier) = item.tiers.iter().find(|t| t.name == *name) else {
        return vec![PenaltyRefusal::NoSuchTier(name.clone())];
    };
    let mut refusals = Vec::new();
    if proposal.tier_reason.trim().is_empty() {
        refusals.push(PenaltyRefusal::ReasonMissing);
    }
    if let Some(fine) = proposal.fine {
        let (min, max) = (tier.fine_min.unwrap_or(0), tier.fine_max.unwrap_or(Yuan::MAX));
        if fine < min || fine > max {
            refusals.push(PenaltyRefusal::OutsideTier { fine, tier: tier.name.clone(), min, max });
        }
    }
    refusals
}

/// The simple procedure's own limit (on top of [`check`]).
pub fn check_simple(proposal: &Proposal) -> Result<(), PenaltyRefusal> {
    let limit = simple_limit(proposal.party);
    if !proposal.confiscation.is_empty() {
        return Err(PenaltyRefusal::ConfiscationNotSimple);
    }
    match proposal.fine {
        Some(fine) if fine > limit => Err(PenaltyRefusal::AboveSimpleLimit { fine, limit }),
        None if !proposal.warning => Err(PenaltyRefusal::Nothing),
        _ => Ok(()),
    }
}

/// The amounts from which a party may ask for a hearing (APL art. 63(1)): 较大数额罚款 (一), and
/// 没收较大数额违法所得、没收较大价值非法财物 (二). Set by each province, often per domain, so they
/// are settings; the defaults are common provincial values. Many provinces (浙江, 江苏, 广东 …)
/// use one amount for a fine, for confiscated gains and for the value of confiscated property;
/// where a province or a bureau sets the confiscations apart, `confiscation_*` hold them
/// ([`HearingThresholds::same`] gives one amount to all three).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HearingThresholds {
    /// A fine of at least this (一).
    pub individual: Yuan,
    pub organisation: Yuan,
    /// Confiscated gains, or the recorded value of confiscated property, of at least this (二).
    pub confiscation_individual: Yuan,
    pub confiscation_organisation: Yuan,
}

impl HearingThresholds {
    /// One amount per kind of party for fines and confiscations alike.
    pub const fn same(individual: Yuan, organisation: Yuan) -> HearingThresholds {
        HearingThresholds {
            individual,
            organisation,
            confiscation_individual: individual,
            confiscation_organisation: organisation,
        }
    }
}

impl Default for HearingThresholds {
    fn default() -> Self {
        HearingThresholds::same(10_000, 100_000)
    }
}

/// The thresholds of each enforcement domain (执法领域) that sets its own, else the general ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HearingRules {
    pub general: HearingThresholds,
    pub by_domain: std::collections::BTreeMap<String, HearingThresholds>,
}

impl HearingRules {
    pub fn for_domain(&self, domain: &str) -> HearingThresholds {
        self.by_domain.get(domain.trim()).copied().unwrap_or(self.general)
    }
}

/// Whether the proposed penalty gives the party the right to a hearing, to be stated in the
/// prior notice (APL art. 63(1)): a fine of at least the threshold (一), or illegal gains
/// confiscated of at least it, or illegal property whose recorded value is at least it (二).
/// Each amount is judged on its own, as the article lists them; property with no value recorded
/// gives no right by this rule (the officer may still state one: art. 63(1)(五)(六)).
pub fn hearing_right(proposal: &Proposal, thresholds: HearingThresholds) -> bool {
    let t = thresholds;
    let (fine, confiscation) = match proposal.party {
        PartyKind::Individual => (t.individual, t.confiscation_individual),
        PartyKind::Organisation => (t.organisation, t.confiscation_organisation),
    };
    let c = &proposal.confiscation;
    let property_value = c.property_value.filter(|_| !c.property.trim().is_empty());
    proposal.fine.is_some_and(|amount| amount >= fine)
        || [c.gains, property_value].into_iter().flatten().any(|amount| amount >= confiscation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{DiscretionTier, PartyFine};

    fn item() -> CatalogItem {
        CatalogItem {
            code: "330217101008".into(),
            name: "对擅自占用城市人行道设摊经营的行政处罚".into(),
            fine_min: Some(50),
            fine_max: Some(500),
            party_fines: vec![PartyFine { party: PartyKind::Organisation, min: 500, max: 5_000 }],
            tiers: vec![
                DiscretionTier {
                    name: "情节较轻".into(),
                    fine_min: Some(50),
                    fine_max: Some(100),
                    ..Default::default()
                },
                DiscretionTier {
                    name: "情节一般".into(),
                    fine_min: Some(100),
                    fine_max: Some(300),
                    ..Default::default()
                },
            ],
            ..Default::default()
        }
    }

    fn proposal(
        party: PartyKind,
        fine: Option<Yuan>,
        tier: Option<&str>,
        reason: &str,
    ) -> Proposal {
        Proposal {
            party,
            warning: false,
            fine,
            tier: tier.map(String::from),
            tier_reason: reason.into(),
            confiscation: Default::default(),
        }
    }

    #[test]
    fn art_34_fine_inside_range_and_tier_with_a_reason() {
        let lawful =
            proposal(PartyKind::Individual, Some(80), Some("情节较轻"), "首次违法，当场改正");
        assert_eq!(check(&item(), &lawful), vec![]);
        let over = proposal(PartyKind::Individual, Some(600), Some("情节一般"), "x");
        let refusals = check(&item(), &over);
        assert!(refusals.contains(&PenaltyRefusal::OutsideRange {
            fine: 600,
            range: FineRange { min: 50, max: 500 }
        }));
        assert!(refusals.iter().any(|r| matches!(r, PenaltyRefusal::OutsideTier { .. })));
        let no_reason = proposal(PartyKind::Individual, Some(80), Some("情节较轻"), "  ");
        assert_eq!(check(&item(), &no_reason), vec![PenaltyRefusal::ReasonMissing]);
        let no_tier = proposal(PartyKind::Individual, Some(80), None, "");
        assert_eq!(check(&item(), &no_tier), vec![PenaltyRefusal::TierMissing]);
        let wrong_tier = proposal(PartyKind::Individual, Some(80), Some("从重"), "x");
        assert_eq!(check(&item(), &wrong_tier), vec![PenaltyRefusal::NoSuchTier("从重".into())]);
        assert!(PenaltyRefusal::ReasonMissing.message_zh().contains("理由"));
    }

    #[test]
    fn the_organisation_range_applies_to_organisations() {
        let free = CatalogItem {
            fine_min: None,
            fine_max: None,
            party_fines: vec![],
            tiers: vec![],
            ..item()
        };
        let negative = proposal(PartyKind::Individual, Some(-5), None, "");
        assert_eq!(check(&free, &negative), vec![PenaltyRefusal::NotPositive(-5)]);
        let org = proposal(PartyKind::Organisation, Some(2_000), Some("情节一般"), "x");
        let refusals = check(&item(), &org);
        assert!(!refusals.iter().any(|r| matches!(r, PenaltyRefusal::OutsideRange { .. })));
    }

    #[test]
    fn art_51_simple_procedure_limits() {
        let person = |fine| proposal(PartyKind::Individual, Some(fine), None, "");
        assert_eq!(check_simple(&person(200)), Ok(()));
        assert_eq!(
            check_simple(&person(201)),
            Err(PenaltyRefusal::AboveSimpleLimit { fine: 201, limit: 200 })
        );
        let org = proposal(PartyKind::Organisation, Some(3_000), None, "");
        assert_eq!(check_simple(&org), Ok(()));
        let warning = Proposal { warning: true, ..proposal(PartyKind::Individual, None, None, "") };
        assert_eq!(check_simple(&warning), Ok(()));
        assert_eq!(
            check_simple(&proposal(PartyKind::Individual, None, None, "")),
            Err(PenaltyRefusal::Nothing)
        );
        assert!(PenaltyRefusal::AboveSimpleLimit { fine: 201, limit: 200 }
            .message_zh()
            .contains("第五十一条"));
    }

    #[test]
    fn art_9_confiscation_is_a_penalty_of_its_own_but_not_on_the_spot() {
        // Art. 9(2): 没收违法所得 / 没收非法财物 stand without a warning or a fine.
        let mut taken = proposal(PartyKind::Individual, None, Some("情节较轻"), "首次违法");
        taken.confiscation.gains = Some(800);
        assert_eq!(check(&item(), &taken), vec![]);
        let property = Proposal {
            confiscation: Confiscation {
                gains: None,
                property: "三轮车一辆".into(),
                property_value: None,
            },
            ..proposal(PartyKind::Individual, None, Some("情节较轻"), "首次违法")
        };
        assert_eq!(check(&item(), &property), vec![]);
        let nothing = proposal(PartyKind::Individual, None, Some("情节较轻"), "首次违法");
        assert!(check(&item(), &nothing).contains(&PenaltyRefusal::Nothing));
        taken.confiscation.gains = Some(0);
        assert!(check(&item(), &taken).contains(&PenaltyRefusal::GainsNotPositive(0)));
        // Art. 51: on the spot only a warning or a small fine.
        let on_the_spot = Proposal {
            confiscation: Confiscation {
                gains: Some(50),
                property: String::new(),
                property_value: None,
            },
            ..proposal(PartyKind::Individual, Some(50), None, "")
        };
        assert_eq!(check_simple(&on_the_spot), Err(PenaltyRefusal::ConfiscationNotSimple));
    }

    #[test]
    fn art_63_hearing_right_from_the_threshold() {
        let t = HearingThresholds::default();
        let fined = |party, fine| proposal(party, fine, None, "");
        assert!(hearing_right(&fined(PartyKind::Individual, Some(10_000)), t));
        assert!(!hearing_right(&fined(PartyKind::Individual, Some(9_999)), t));
        assert!(!hearing_right(&fined(PartyKind::Organisation, Some(10_000)), t));
        assert!(!hearing_right(&fined(PartyKind::Organisation, None), t));
        let zhejiang = HearingThresholds::same(5_000, 50_000);
        assert!(hearing_right(&fined(PartyKind::Organisation, Some(50_000)), zhejiang));
    }

    /// 《行政处罚法》第六十三条第一款第（二）项: 没收较大数额违法所得、没收较大价值非法财物 give the
    /// right as a large fine does (一), each amount judged on its own.
    #[test]
    fn art_63_1_2_a_large_confiscation_gives_the_hearing_right_whatever_the_fine() {
        let t = HearingThresholds::default();
        let mut p = proposal(PartyKind::Individual, Some(500), None, "");
        p.confiscation.gains = Some(12_000);
        assert!(hearing_right(&p, t), "gains above the threshold, the fine below it");
        p.confiscation.gains = Some(9_999);
        assert!(!hearing_right(&p, t), "gains below it");
        p.confiscation.property = "挖掘机一台".into();
        assert!(!hearing_right(&p, t), "property with no value recorded: not by this rule");
        p.confiscation.property_value = Some(10_000);
        assert!(hearing_right(&p, t), "property of a large value");
        p.party = PartyKind::Organisation;
        assert!(!hearing_right(&p, t), "an organisation's threshold is higher");
        p.confiscation.property.clear();
        p.confiscation.property_value = Some(200_000);
        assert!(!hearing_right(&p, t), "a value without the property is no confiscation");
        let refusals = check(&item(), &p);
        assert!(refusals.contains(&PenaltyRefusal::ValueWithoutProperty), "{refusals:?}");
        p.confiscation.property = "挖掘机一台".into();
        p.confiscation.property_value = Some(0);
        let refusals = check(&item(), &p);
        assert!(refusals.contains(&PenaltyRefusal::PropertyValueNotPositive(0)), "{refusals:?}");
    }

    /// Art. 63(1)(二) as a bureau sets it apart from fines: confiscations judged on their own
    /// thresholds, fines on theirs.
    #[test]
    fn art_63_1_2_confiscation_thresholds_set_apart_from_the_fines() {
        let t = HearingThresholds {
            confiscation_individual: 3_000,
            confiscation_organisation: 30_000,
            ..HearingThresholds::default()
        };
        let mut p = proposal(PartyKind::Individual, Some(5_000), None, "");
        assert!(!hearing_right(&p, t), "the fine is below the fines' 10,000");
        p.confiscation.gains = Some(3_000);
        assert!(hearing_right(&p, t), "gains at the confiscations' 3,000");
        p.confiscation.gains = Some(2_999);
        assert!(!hearing_right(&p, t));
        p.fine = Some(4_000);
        p.confiscation.gains = None;
        assert!(!hearing_right(&p, t), "a fine above the confiscations' threshold is no right");
        p.party = PartyKind::Organisation;
        p.confiscation.property = "设备一套".into();
        p.confiscation.property_value = Some(30_000);
        assert!(hearing_right(&p, t), "property valued at the organisation's 30,000");
        assert!(!hearing_right(&p, HearingThresholds::default()), "100,000 by default");
    }
}
