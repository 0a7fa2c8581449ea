//! Law names as citations write them, matched to the laws loaded; a catalog item's
//! [`Provision`] resolved to the article of the version in force on a day.

use super::{Article, ArticleNo, LawVersion};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use zhifa_core::domain::catalog::Provision;

/// The loaded versions of every law, by key, oldest first.
#[derive(Debug, Clone, Default)]
pub struct LawLibrary {
    laws: BTreeMap<String, Vec<LawVersion>>,
}

/// What a provision resolves to on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// The article of the version in force.
    Article { version: &'a LawVersion, article: &'a Article },
    /// The version in force has no such article (a wrong citation, or an older numbering).
    NoSuchArticle { version: &'a LawVersion, no: ArticleNo },
    /// The provision names the law but no article: the version in force.
    Law { version: &'a LawVersion },
    /// Versions are loaded, but none was in force yet on the day (the first one's date).
    NotInForce { key: String, first: NaiveDate },
    /// No version of this law is loaded.
    NotLoaded { key: String },
}

impl LawLibrary {
    pub fn new(versions: Vec<LawVersion>) -> LawLibrary {
        let mut laws: BTreeMap<String, Vec<LawVersion>> = BTreeMap::new();
        for version in versions {
            laws.entry(version.text.key()).or_default().push(version);
        }
        for list in laws.values_mut() {
            list.sort_by_key(|v| v.effective);
        }
        LawLibrary { laws }
    }

    pub fn is_empty(&self) -> bool {
        self.laws.is_empty()
    }

    /// Every law (key, versions oldest first).
    pub fn laws(&self) -> impl Iterator<Item = (&str, &[LawVersion])> {
        self.laws.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Whether any version of the law `name` names is loaded.
    pub fn has(&self, name: &str) -> bool {
        self.laws.contains_key(&law_key(name))
    }

    /// The version of `name` in force on `day`: the latest effective on or before it.
    pub fn in_force(&self, name: &str, day: NaiveDate) -> Option<&LawVersion> {
        self.laws.get(&law_key(name))?.iter().rev().find(|v| v.effective <= day)
    }

    /// The provision's article in the version of its law in force on `day`.
    pub fn resolve(&self, provision: &Provision, day: NaiveDate) -> Resolved<'_> {
        let key = law_key(&provision.law);
        let Some(versions) = self.laws.get(&key) else { return Resolved::NotLoaded { key } };
        let Some(version) = versions.iter().rev().find(|v| v.effective <= day) else {
            let first = versions.first().map_or(day, |v| v.effective);
            return Resolved::NotInForce { key, first };
        };
        let Some(no) = article_no(provision) else { return Resolved::Law { version } };
        match version.text.article(no) {
            Some(article) => Resolved::Article { version, article },
            None => Resolved::NoSuchArticle { version, no },
        }
    }
}

/// The article a provision cites: its number, and the 之N of an inserted article, which the
/// basis splitter leaves at the start of the text (第十二条之一 → 12, “之一…”).
pub fn article_no(provision: &Provision) -> Option<ArticleNo> {
    let number = provision.article?;
    let sub = provision
        .text
        .strip_prefix('之')
        .and_then(|rest| {
            let numeral: String =
                rest.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).collect();
            super::numerals::parse(&numeral)
        })
        .unwrap_or(0);
    Some(ArticleNo { number, sub })
}

/// The name a law is matched on: 《》 and blanks removed, full-width brackets folded, the usual
/// prefix 中华人民共和国 dropped, and a trailing note of the edition (（2019年修订）, (2021修正))
/// dropped. 《中华人民共和国行政处罚法》 and 行政处罚法 are one law; 浙江省城市市容和环境卫生管理条例
/// and 城市市容和环境卫生管理条例 are two.
pub fn law_key(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '《' | '》' | '〈' | '〉'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    while s.ends_with(')') {
        let Some(open) = s.rfind('(') else { break };
        let note = &s[open..];
        if note.contains('修') || note.contains('年') || note.contains("试行") {
            s.truncate(open);
        } else {
            break;
        }
    }
    for prefix in ["中华人民共和国"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.to_string();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inserted_article_is_read_from_the_citation() {
        let cited = |text: &str| Provision {
            law: "示例法".into(),
            article: Some(12),
            text: text.into(),
            ..Provision::default()
        };
        assert_eq!(article_no(&cited("之一 插入的条文")), Some(ArticleNo { number: 12, sub: 1 }));
        assert_eq!(article_no(&cited("违反规定的")), Some(ArticleNo::new(12)));
        assert_eq!(article_no(&Provision::default()), None);
    }

    #[test]
    fn names_normalise_to_one_key() {
        for (name, key) in [
            ("《中华人民共和国行政处罚法》", "行政处罚法"),
            ("中华人民共和国行政处罚法", "行政处罚法"),
            ("行政处罚法", "行政处罚法"),
            ("《城市道路管理条例（2019年修订）》", "城市道路管理条例"),
            ("城市道路管理条例(2019修正)", "城市道路管理条例"),
            ("浙江省城市市容和环境卫生管理条例", "浙江省城市市容和环境卫生管理条例"),
            ("《 广告法 》", "广告法"),
        ] {
            assert_eq!(law_key(name), key, "{name}");
        }
    }
}
