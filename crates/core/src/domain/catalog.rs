//! A catalog item (执法事项): one enforcement power as a published catalog lists it.
//!
//! The serde form of [`CatalogItem`] *is* the canonical JSON format of `zhifa catalog export`
//! (documented in `docs/catalog-format.md`); field names and value spellings must not change
//! without a format version bump, because exported files are read back by later versions.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Money is counted in whole yuan: published fine ranges never go below one yuan.
pub type Yuan = i64;

/// 职权类型. Serialised with its Chinese label, which is what admins read in the JSON.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum PowerType {
    #[default]
    #[serde(rename = "行政处罚")]
    Penalty,
    #[serde(rename = "行政检查")]
    Inspection,
    #[serde(rename = "行政强制措施")]
    CoerciveMeasure,
    #[serde(rename = "行政强制执行")]
    CoerciveExecution,
    #[serde(rename = "其他")]
    Other,
}

impl PowerType {
    pub const ALL: [PowerType; 5] = [
        PowerType::Penalty,
        PowerType::Inspection,
        PowerType::CoerciveMeasure,
        PowerType::CoerciveExecution,
        PowerType::Other,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            PowerType::Penalty => "行政处罚",
            PowerType::Inspection => "行政检查",
            PowerType::CoerciveMeasure => "行政强制措施",
            PowerType::CoerciveExecution => "行政强制执行",
            PowerType::Other => "其他",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            PowerType::Penalty => "penalty",
            PowerType::Inspection => "inspection",
            PowerType::CoerciveMeasure => "coercive_measure",
            PowerType::CoerciveExecution => "coercive_execution",
            PowerType::Other => "other",
        }
    }

    /// The name in the interface's language (行政处罚 / penalty, coercive measure …).
    pub fn label(self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => self.label_zh().to_string(),
            crate::i18n::Lang::En => self.key().replace('_', " "),
        }
    }
}

impl fmt::Display for PowerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_zh())
    }
}

impl FromStr for PowerType {
    type Err = String;

    /// Accepts the Chinese labels published catalogs use (also the short and compound forms such
    /// as 处罚, 行政强制, 其他行政权力-其他) and the English keys.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let found = match t {
            "行政处罚" | "处罚" | "penalty" => Some(PowerType::Penalty),
            "行政检查" | "检查" | "行政监督检查" | "inspection" => {
                Some(PowerType::Inspection)
            }
            "行政强制措施" | "强制措施" | "行政强制" | "coercive_measure" => {
                Some(PowerType::CoerciveMeasure)
            }
            "行政强制执行" | "强制执行" | "coercive_execution" => {
                Some(PowerType::CoerciveExecution)
            }
            "其他" | "其它" | "other" => Some(PowerType::Other),
            _ if t.starts_with("其他") || t.starts_with("其它") => Some(PowerType::Other),
            _ => None,
        };
        found.ok_or_else(|| format!("unknown power type 职权类型 “{t}”"))
    }
}

/// 当事人类别: the fine ranges of a penalty provision often differ for persons and organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PartyKind {
    #[serde(rename = "个人")]
    Individual,
    #[serde(rename = "单位")]
    Organisation,
}

impl PartyKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            PartyKind::Individual => "个人",
            PartyKind::Organisation => "单位",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PartyKind::Individual => "individual",
            PartyKind::Organisation => "organisation",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.label_en())
    }
}

/// A fine range in yuan, both ends inclusive (以上/以下 include the bound, APL usage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FineRange {
    pub min: Yuan,
    pub max: Yuan,
}

impl FineRange {
    pub fn new(min: Yuan, max: Yuan) -> Option<FineRange> {
        (0 <= min && min <= max).then_some(FineRange { min, max })
    }

    pub fn contains(&self, amount: Yuan) -> bool {
        self.min <= amount && amount <= self.max
    }
}

/// A fine range that applies to one kind of party only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartyFine {
    pub party: PartyKind,
    pub min: Yuan,
    pub max: Yuan,
}

/// One cited provision: law + 条/款/项 + its text. Numbers are the Arabic values of 第X条 etc.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Provision {
    pub law: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

impl Provision {
    /// 《城市道路管理条例》第二十七条第一款第（三）项 style citation, with Arabic numbers.
    pub fn citation(&self) -> String {
        let mut s = self.law_title();
        if let Some(a) = self.article {
            s.push_str(&format!("第{a}条"));
        }
        if let Some(p) = self.paragraph {
            s.push_str(&format!("第{p}款"));
        }
        if let Some(i) = self.item {
            s.push_str(&format!("第{i}项"));
        }
        s
    }

    /// The citation in the interface's language: the law keeps its (Chinese) title, the numbers
    /// read as English legal writing does: 《城市道路管理条例》 art. 31(2)(iii) → art. 31(2)(3).
    pub fn citation_in(&self, lang: crate::i18n::Lang) -> String {
        if lang == crate::i18n::Lang::Zh {
            return self.citation();
        }
        let mut s = self.law_title();
        if let Some(a) = self.article {
            s.push_str(&format!(" art. {a}"));
        }
        for sub in [self.paragraph, self.item].into_iter().flatten() {
            s.push_str(&format!("({sub})"));
        }
        s
    }

    /// The law's title in book-title marks (《…》), however the catalog wrote it; empty if none.
    fn law_title(&self) -> String {
        match self.law.as_str() {
            "" => String::new(),
            law if law.starts_with('《') => law.to_string(),
            law => format!("《{law}》"),
        }
    }
}

/// The legal basis of an item, split as published catalogs give it (docs/catalog-format.md): the provision that was violated
/// (违法依据) and the provision that sets the penalty (处罚依据). `text` keeps any basis text the
/// importer could not split into provisions, verbatim, so nothing published is lost.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct LegalBasis {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violated: Vec<Provision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub penalty: Vec<Provision>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

impl LegalBasis {
    pub fn is_empty(&self) -> bool {
        self.violated.is_empty() && self.penalty.is_empty() && self.text.is_empty()
    }

    /// Every law named anywhere in the basis, in order, without duplicates.
    pub fn law_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for p in self.violated.iter().chain(self.penalty.iter()) {
            let law = p.law.as_str();
            if !law.is_empty() && !names.contains(&law) {
                names.push(law);
            }
        }
        names
    }
}

/// 裁量阶次: one tier of a discretion benchmark (APL art. 34).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct DiscretionTier {
    /// 裁量阶次, e.g. 情节较轻 / 一般 / 从重 / 不予处罚.
    pub name: String,
    /// 适用条件.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub conditions: String,
    /// 处罚标准, as published.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub penalty_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_min: Option<Yuan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_max: Option<Yuan>,
}

/// One item of a catalog version. Field order and names are the canonical JSON format.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct CatalogItem {
    /// 事项编码; stable across versions. Derived from name + department when a list has none.
    pub code: String,
    /// 事项名称.
    pub name: String,
    /// 职权类型.
    pub power_type: PowerType,
    /// 执法领域, e.g. 市容环境卫生.
    #[serde(default)]
    pub domain: String,
    /// 原实施部门.
    #[serde(default)]
    pub department: String,
    /// 划转/委托/交由乡镇街道行使/派驻, as published; empty when the list does not say.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub transfer_mode: String,
    /// Streets or teams that may exercise the power; empty means the whole jurisdiction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    #[serde(default, skip_serializing_if = "LegalBasis::is_empty")]
    pub basis: LegalBasis,
    /// 处罚种类及幅度, as published.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub penalty_text: String,
    /// Overall fine range in yuan, when the text gives one that applies to every party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_min: Option<Yuan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_max: Option<Yuan>,
    /// Ranges per party kind, when the text distinguishes 个人 and 单位.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub party_fines: Vec<PartyFine>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<DiscretionTier>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub remarks: String,
}

impl CatalogItem {
    /// The fine range that applies to `party`, falling back to the overall range.
    pub fn fine_range_for(&self, party: PartyKind) -> Option<FineRange> {
        self.party_fines
            .iter()
            .find(|f| f.party == party)
            .and_then(|f| FineRange::new(f.min, f.max))
            .or_else(|| FineRange::new(self.fine_min?, self.fine_max?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_type_parses_published_spellings() {
        for (text, expected) in [
            ("行政处罚", PowerType::Penalty),
            (" 处罚 ", PowerType::Penalty),
            ("行政强制", PowerType::CoerciveMeasure),
            ("其他行政权力-其他", PowerType::Other),
            ("inspection", PowerType::Inspection),
        ] {
            assert_eq!(text.parse::<PowerType>(), Ok(expected), "{text}");
        }
        assert!("行政许可".parse::<PowerType>().is_err());
    }

    #[test]
    fn power_type_serialises_as_chinese_label() {
        let json = serde_json::to_string(&PowerType::CoerciveExecution).unwrap_or_default();
        assert_eq!(json, "\"行政强制执行\"");
    }

    #[test]
    fn citation_uses_book_title_marks_once() {
        let p = Provision {
            law: "城市道路管理条例".into(),
            article: Some(27),
            paragraph: None,
            item: Some(3),
            text: String::new(),
        };
        assert_eq!(p.citation(), "《城市道路管理条例》第27条第3项");
        let q = Provision { law: "《广告法》".into(), ..p };
        assert!(q.citation().starts_with("《广告法》第27条"));
    }

    #[test]
    fn party_range_falls_back_to_overall_range() {
        let item = CatalogItem {
            fine_min: Some(50),
            fine_max: Some(200),
            party_fines: vec![PartyFine {
                party: PartyKind::Organisation,
                min: 50_000,
                max: 50_000,
            }],
            ..CatalogItem::default()
        };
        assert_eq!(item.fine_range_for(PartyKind::Organisation), FineRange::new(50_000, 50_000));
        assert_eq!(item.fine_range_for(PartyKind::Individual), FineRange::new(50, 200));
    }
}
