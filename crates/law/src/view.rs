//! An article as a reader sees it: its lines with the cited 款 and 项 marked, and what to say
//! when a citation finds no text (a law not loaded says how to load it). Shared by `zhifa law
//! show`, the case file and the TUI's overlay.

use super::lookup::{LawLibrary, Resolved};
use super::Article;
use zhifa_core::domain::catalog::Provision;
use zhifa_core::i18n::Lang;

/// A cited article ready to show: what was cited, the version, and its lines with the cited
/// ones marked; or, when there is no text to show, why (and how to load it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleView {
    /// The citation as the catalog item writes it (《…》第X条第Y款).
    pub citation: String,
    /// 《title》 (the text in force from …); empty when no text was found.
    pub version: String,
    /// Chapter and section.
    pub heading: String,
    pub lines: Vec<(String, bool)>,
    /// Why no article is shown.
    pub message: Option<String>,
}

/// The view of `provision` as it resolves on `day`.
pub fn article_view(
    library: &LawLibrary,
    provision: &Provision,
    day: chrono::NaiveDate,
    lang: Lang,
) -> ArticleView {
    let resolved = library.resolve(provision, day);
    let mut view = ArticleView {
        citation: provision.citation(),
        version: String::new(),
        heading: String::new(),
        lines: Vec::new(),
        message: unresolved(&resolved, provision, lang),
    };
    if let Resolved::Article { version, article } = resolved {
        view.version = version_line(&version.text.title, version.effective, lang);
        view.heading = article.heading.clone();
        view.lines = marked_lines(article, provision.paragraph, provision.item);
    }
    view
}

/// The article's lines, each marked when the provision cites it: with a 款 and 项 cited, that
/// 项's line; with a 款 only, the 款's lines (its text and its 项); with neither, none.
pub fn marked_lines(
    article: &Article,
    paragraph: Option<u32>,
    item: Option<u32>,
) -> Vec<(String, bool)> {
    article
        .lines()
        .into_iter()
        .map(|(line, (kuan, xiang))| {
            let cited = match (paragraph, item) {
                (Some(p), Some(i)) => kuan == p && xiang == Some(i),
                (Some(p), None) => kuan == p,
                // 第X条第（N）项 with no 款: the 项 of the first 款.
                (None, Some(i)) => kuan == 1 && xiang == Some(i),
                (None, None) => false,
            };
            (line, cited)
        })
        .collect()
}

/// The heading line above an article: 《title》 and the version's date.
pub fn version_line(title: &str, effective: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("《{title}》（{effective} 起施行的文本）"),
        Lang::En => format!("《{title}》 (the text in force from {effective})"),
    }
}

/// What to say when `resolved` has no article to show; `None` when it has one.
pub fn unresolved(resolved: &Resolved, provision: &Provision, lang: Lang) -> Option<String> {
    let law = provision.law.trim_start_matches('《').trim_end_matches('》');
    Some(match (resolved, lang) {
        (Resolved::Article { .. }, _) => return None,
        (Resolved::NotLoaded { .. }, Lang::Zh) => format!(
            "《{law}》的文本尚未载入：管理员可用 `zhifa law load 文件.md [--effective 日期]` 载入\
             （docs/LAWS.md）"
        ),
        (Resolved::NotLoaded { .. }, Lang::En) => format!(
            "the text of 《{law}》 is not loaded: an admin loads it with \
             `zhifa law load FILE.md [--effective DATE]` (docs/LAWS.md)"
        ),
        (Resolved::NotInForce { first, .. }, Lang::Zh) => {
            format!("《{law}》已载入的文本最早自 {first} 起施行，当日尚无施行的文本")
        }
        (Resolved::NotInForce { first, .. }, Lang::En) => {
            format!("the loaded texts of 《{law}》 start on {first}: none was in force that day")
        }
        (Resolved::NoSuchArticle { version, no }, Lang::Zh) => format!(
            "《{}》（{} 起施行）没有{}",
            version.text.title,
            version.effective,
            no.label_zh()
        ),
        (Resolved::NoSuchArticle { version, no }, Lang::En) => format!(
            "《{}》 (in force from {}) has no {}",
            version.text.title,
            version.effective,
            no.label_en()
        ),
        (Resolved::Law { version }, Lang::Zh) => {
            format!(
                "引用未指明条文；《{}》共 {} 条",
                version.text.title,
                version.text.articles.len()
            )
        }
        (Resolved::Law { version }, Lang::En) => format!(
            "the citation names no article; 《{}》 has {} articles",
            version.text.title,
            version.text.articles.len()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    #[test]
    fn the_cited_paragraph_or_item_is_marked() {
        let law =
            parse("x.md", "# 法\n第一条 甲：\n（一）子；\n（二）丑。\n乙款。\n").expect("parse");
        let article = &law.articles[0];
        let marks = |p, i| -> Vec<bool> {
            marked_lines(article, p, i).into_iter().map(|(_, m)| m).collect()
        };
        assert_eq!(marks(Some(1), Some(2)), vec![false, false, true, false]);
        assert_eq!(marks(Some(1), None), vec![true, true, true, false]);
        assert_eq!(marks(Some(2), None), vec![false, false, false, true]);
        assert_eq!(marks(None, Some(1)), vec![false, true, false, false]);
        assert_eq!(marks(None, None), vec![false; 4]);
    }
}

/// A law search's hit as the interface lists it, with the article to show on Enter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundArticle {
    /// 《title》第X条
    pub citation: String,
    /// The line of the article holding most of the words.
    pub line: String,
    pub view: ArticleView,
}

/// The articles in force on `day` that hold the words of `query`, best first, at most `limit`,
/// each ready to show; with how many matched in all.
pub fn found_articles(
    library: &LawLibrary,
    query: &str,
    day: chrono::NaiveDate,
    limit: usize,
    lang: Lang,
) -> (Vec<FoundArticle>, usize) {
    let (hits, total) = super::search::search(library, query, day, limit);
    let found = hits
        .into_iter()
        .map(|hit| {
            let label = match lang {
                Lang::Zh => hit.article.no.label_zh(),
                Lang::En => hit.article.no.label_en(),
            };
            let citation = format!("《{}》{label}", hit.version.text.title);
            let view = ArticleView {
                citation: citation.clone(),
                version: version_line(&hit.version.text.title, hit.version.effective, lang),
                heading: hit.article.heading.clone(),
                lines: marked_lines(hit.article, None, None),
                message: None,
            };
            FoundArticle { citation, line: hit.line, view }
        })
        .collect();
    (found, total)
}
