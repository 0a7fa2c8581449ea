//! A catalog's citations checked against the law texts loaded: items citing an article the
//! version in force does not have, laws whose loaded versions none was in force on the
//! catalog's effective date, and how many items cite laws not loaded at all. Warnings, never
//! refusals: a bureau may import its catalog before (or without) loading every law.

use super::lookup::{law_key, LawLibrary, Resolved};
use super::ArticleNo;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use zhifa_core::domain::catalog::CatalogItem;
use zhifa_core::i18n::Lang;

/// An item citing an article its law's version in force does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingArticle {
    pub code: String,
    pub law: String,
    pub effective: NaiveDate,
    pub no: ArticleNo,
}

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CitationCheck {
    pub missing: Vec<MissingArticle>,
    /// Laws loaded, but only in versions later than the day: (title, first effective date,
    /// items citing it).
    pub not_in_force: Vec<(String, NaiveDate, usize)>,
    /// Items citing at least one law not loaded, and those laws (names as cited).
    pub items_citing_unloaded: usize,
    pub unloaded_laws: BTreeSet<String>,
    /// Citations checked against a loaded text.
    pub checked: usize,
}

/// Checks every provision of `items` against the versions in force on `day`.
pub fn check_citations(
    library: &LawLibrary,
    items: &[CatalogItem],
    day: NaiveDate,
) -> CitationCheck {
    let mut out = CitationCheck::default();
    let mut not_in_force: BTreeMap<String, (NaiveDate, BTreeSet<&str>)> = BTreeMap::new();
    for item in items {
        let mut cites_unloaded = false;
        for provision in item.basis.violated.iter().chain(&item.basis.penalty) {
            if provision.law.trim().is_empty() {
                continue;
            }
            match library.resolve(provision, day) {
                Resolved::Article { .. } | Resolved::Law { .. } => out.checked += 1,
                Resolved::NoSuchArticle { version, no } => {
                    out.checked += 1;
                    let missing = MissingArticle {
                        code: item.code.clone(),
                        law: version.text.title.clone(),
                        effective: version.effective,
                        no,
                    };
                    if !out.missing.contains(&missing) {
                        out.missing.push(missing);
                    }
                }
                Resolved::NotInForce { key, first } => {
                    not_in_force
                        .entry(key)
                        .or_insert((first, BTreeSet::new()))
                        .1
                        .insert(&item.code);
                }
                Resolved::NotLoaded { .. } => {
                    cites_unloaded = true;
                    out.unloaded_laws.insert(law_key(&provision.law));
                }
            }
        }
        out.items_citing_unloaded += usize::from(cites_unloaded);
    }
    out.not_in_force =
        not_in_force.into_iter().map(|(law, (first, codes))| (law, first, codes.len())).collect();
    out
}

impl CitationCheck {
    /// Whether there is anything to say.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.not_in_force.is_empty() && self.items_citing_unloaded == 0
    }

    /// The warnings as lines for a report, at most `limit` missing articles listed one by one.
    pub fn lines(&self, day: NaiveDate, limit: usize, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        for m in self.missing.iter().take(limit) {
            out.push(match lang {
                Lang::Zh => format!(
                    "警告：事项 {} 引用《{}》{}，但 {} 起施行的文本没有这一条",
                    m.code,
                    m.law,
                    m.no.label_zh(),
                    m.effective
                ),
                Lang::En => format!(
                    "warning: item {} cites 《{}》 {}, which the text in force from {} does not have",
                    m.code,
                    m.law,
                    m.no.label_en(),
                    m.effective
                ),
            });
        }
        if self.missing.len() > limit {
            let more = self.missing.len() - limit;
            out.push(match lang {
                Lang::Zh => format!("警告：另有 {more} 处引用的条文不存在"),
                Lang::En => format!("warning: {more} more citations of articles that do not exist"),
            });
        }
        for (law, first, items) in &self.not_in_force {
            out.push(match lang {
                Lang::Zh => format!(
                    "警告：《{law}》已载入的文本最早自 {first} 起施行，目录生效日 {day} 尚无施行的文本（{items} 项事项引用）"
                ),
                Lang::En => format!(
                    "warning: the loaded texts of 《{law}》 start on {first}; none was in force on the catalog's effective date {day} ({items} items cite it)"
                ),
            });
        }
        if self.items_citing_unloaded > 0 {
            let laws = self.unloaded_laws.len();
            out.push(match lang {
                Lang::Zh => format!(
                    "提示：{} 项事项引用了尚未载入文本的 {laws} 部法规，未能核对条文（`zhifa law load` 载入）",
                    self.items_citing_unloaded
                ),
                Lang::En => format!(
                    "note: {} items cite {laws} laws whose text is not loaded; their articles were not checked (`zhifa law load`)",
                    self.items_citing_unloaded
                ),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse, LawVersion};
    use zhifa_core::domain::catalog::{LegalBasis, Provision};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day")
    }

    fn item(code: &str, cites: &[(&str, u32)]) -> CatalogItem {
        let provisions = cites
            .iter()
            .map(|(law, a)| Provision {
                law: (*law).into(),
                article: Some(*a),
                ..Provision::default()
            })
            .collect();
        CatalogItem {
            code: code.into(),
            basis: LegalBasis { violated: provisions, ..LegalBasis::default() },
            ..CatalogItem::default()
        }
    }

    fn library() -> LawLibrary {
        let version = |title: &str, d: &str| LawVersion {
            effective: day(d),
            file: "x.md".into(),
            text: parse("x.md", &format!("# {title}\n第一条 甲。\n第二条 乙。\n")).expect("parse"),
        };
        LawLibrary::new(vec![
            version("中华人民共和国示例法", "2020-01-01"),
            version("新条例", "2030-01-01"),
        ])
    }

    #[test]
    fn missing_articles_late_laws_and_unloaded_laws_are_told_apart() {
        let items = [
            item("A1", &[("《示例法》", 2)]),
            item("A2", &[("示例法", 9), ("未载入法", 1)]),
            item("A3", &[("新条例", 1)]),
            item("A4", &[("未载入法", 3), ("另一部", 1)]),
        ];
        let check = check_citations(&library(), &items, day("2026-01-01"));
        assert_eq!(check.checked, 2);
        assert_eq!(check.missing.len(), 1);
        assert_eq!((check.missing[0].code.as_str(), check.missing[0].no.number), ("A2", 9));
        assert_eq!(check.not_in_force, vec![("新条例".to_string(), day("2030-01-01"), 1)]);
        assert_eq!(check.items_citing_unloaded, 2);
        assert_eq!(check.unloaded_laws.len(), 2);
        let lines = check.lines(day("2026-01-01"), 10, Lang::Zh);
        assert_eq!(lines[0], "警告：事项 A2 引用《中华人民共和国示例法》第九条，但 2020-01-01 起施行的文本没有这一条");
        assert!(lines[2].contains("2 项事项引用了尚未载入文本的 2 部法规"), "{lines:?}");
        let capped = check.lines(day("2026-01-01"), 0, Lang::Zh);
        assert_eq!(capped[0], "警告：另有 1 处引用的条文不存在");
    }

    #[test]
    fn with_no_law_loaded_only_the_count_is_said() {
        let items = [item("A1", &[("示例法", 2)])];
        let check = check_citations(&LawLibrary::default(), &items, day("2026-01-01"));
        assert!(check.missing.is_empty() && check.not_in_force.is_empty());
        assert_eq!(check.lines(day("2026-01-01"), 10, Lang::En).len(), 1);
        assert!(!check.is_clean());
    }
}
