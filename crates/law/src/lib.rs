//! Law texts (法律法规文本) as a bureau loads them: the markdown of docs/LAWS.md (`# title`,
//! chapters and sections as `##`…`####`, one article per paragraph starting 第X条, its 款 as the
//! paragraphs that follow, its 项 as （一）（二）… lines) read into articles, each with its 款
//! and 项; law names normalised so a catalog's citation finds its law; a [`Provision`] of a
//! catalog item resolved to the article of the version in force on a day; laws searched by text.
//!
//! Pure: no files, no database, no clock. The store keeps each loaded version's whole text and
//! reads it back through [`parse::parse`]; the CLI and TUI show what [`lookup`] answers.
//!
//! [`Provision`]: zhifa_core::domain::catalog::Provision

pub mod checks;
pub mod lookup;
pub use zhifa_core::text::numerals;
pub mod parse;
pub mod search;
pub mod view;

pub use parse::{parse, LawFileError};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An article's number: 第十二条 is (12, 0), 第十二条之一 is (12, 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ArticleNo {
    pub number: u32,
    /// The 之N of an article inserted by an amendment; 0 for none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sub: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl ArticleNo {
    pub fn new(number: u32) -> ArticleNo {
        ArticleNo { number, sub: 0 }
    }

    /// 第二十七条, 第十二条之一.
    pub fn label_zh(&self) -> String {
        let mut s = format!("第{}条", numerals::to_chinese(self.number));
        if self.sub > 0 {
            s.push_str(&format!("之{}", numerals::to_chinese(self.sub)));
        }
        s
    }

    /// Art. 27, Art. 12-1.
    pub fn label_en(&self) -> String {
        if self.sub > 0 {
            format!("Art. {}-{}", self.number, self.sub)
        } else {
            format!("Art. {}", self.number)
        }
    }
}

/// One 项: its number and its line as written (（一）… included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub number: u32,
    pub text: String,
}

/// One 款: its text (for the first, without the 第X条 label) and its 项.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Paragraph {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

/// One article (条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub no: ArticleNo,
    /// The chapter and section it stands in (第二章 行政处罚的种类和设定 …), empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub heading: String,
    pub paragraphs: Vec<Paragraph>,
}

impl Article {
    /// The article whole, as the law prints it: 第X条 and the first 款 on one line, each later
    /// 款 and each 项 on its own line.
    pub fn full_text(&self) -> String {
        self.lines().into_iter().map(|(line, _)| line).collect::<Vec<_>>().join("\n")
    }

    /// The article's lines, each with the 款 and 项 it belongs to (项 `None` for a 款's own
    /// text), so a screen can mark the cited ones.
    pub fn lines(&self) -> Vec<(String, (u32, Option<u32>))> {
        let mut out = Vec::new();
        for (i, paragraph) in self.paragraphs.iter().enumerate() {
            let kuan = i as u32 + 1;
            let text = if i == 0 {
                format!("{} {}", self.no.label_zh(), paragraph.text).trim_end().to_string()
            } else {
                paragraph.text.clone()
            };
            out.push((text, (kuan, None)));
            for item in &paragraph.items {
                out.push((item.text.clone(), (kuan, Some(item.number))));
            }
        }
        out
    }

    /// The text of 款 `paragraph` (1-based) with its 项, or of one 项 of it.
    pub fn part(&self, paragraph: u32, item: Option<u32>) -> Option<String> {
        let p = self.paragraphs.get(paragraph.checked_sub(1)? as usize)?;
        match item {
            Some(n) => p.items.iter().find(|i| i.number == n).map(|i| i.text.clone()),
            None => {
                let mut lines = vec![p.text.clone()];
                lines.extend(p.items.iter().map(|i| i.text.clone()));
                Some(lines.join("\n"))
            }
        }
    }
}

/// A law's text as parsed from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawText {
    /// The `# title` line (中华人民共和国行政处罚法).
    pub title: String,
    /// The lines between the title and the first heading or article (adoption, amendments).
    pub preamble: Vec<String>,
    pub articles: Vec<Article>,
}

impl LawText {
    pub fn article(&self, no: ArticleNo) -> Option<&Article> {
        self.articles.binary_search_by(|a| a.no.cmp(&no)).ok().map(|i| &self.articles[i])
    }

    /// The name citations are matched on ([`lookup::law_key`] of the title).
    pub fn key(&self) -> String {
        lookup::law_key(&self.title)
    }
}

/// One loaded version of a law: its text and the day it came into force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawVersion {
    pub effective: NaiveDate,
    /// The file it was loaded from (as the loader named it).
    pub file: String,
    pub text: LawText,
}

/// The words of the cited part of an article kept as [`Article::full_text`]: 款 `paragraph`
/// (with its 项), or one 项 of it (of the first 款 when no 款 is named), or the article whole
/// without its 第X条 label; `None` when the text does not hold that part.
pub fn quoted_part(full_text: &str, paragraph: Option<u32>, item: Option<u32>) -> Option<String> {
    let law = parse("article", &format!("# 条文\n{full_text}")).ok()?;
    let article = law.articles.first()?;
    match (paragraph, item) {
        (Some(p), item) => article.part(p, item),
        (None, Some(i)) => article.part(1, Some(i)),
        (None, None) => {
            let lines: Vec<String> = article.lines().into_iter().map(|(l, _)| l).collect();
            let first = lines.first()?;
            let label = article.no.label_zh();
            let first = first.strip_prefix(&label).unwrap_or(first).trim_start().to_string();
            Some(
                std::iter::once(first)
                    .chain(lines.into_iter().skip(1))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }
    }
}

/// The effective date a file name `名称(YYYY-MM-DD).md` gives (also with full-width brackets).
pub fn date_from_file_name(name: &str) -> Option<NaiveDate> {
    let base = name.rsplit(['/', '\\']).next()?;
    let stem = base.strip_suffix(".md").unwrap_or(base).trim_end();
    let stem = stem.strip_suffix(')').or_else(|| stem.strip_suffix('）'))?;
    let open = stem.rfind(['(', '（'])?;
    let inner = &stem[open..];
    let inner = inner.trim_start_matches(['(', '（']);
    NaiveDate::parse_from_str(inner, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_dates() {
        let d = |s: &str| date_from_file_name(s).map(|d| d.to_string());
        assert_eq!(d("城市道路管理条例(2019-03-24).md").as_deref(), Some("2019-03-24"));
        assert_eq!(d("../law/行政处罚法（2021-01-22）.md").as_deref(), Some("2021-01-22"));
        assert_eq!(d("行政处罚法.md"), None);
        assert_eq!(d("行政处罚法(2021-13-22).md"), None);
    }

    #[test]
    fn the_cited_part_of_a_kept_article_is_quoted() {
        let text = "第九条 种类：\n（一）警告；\n（二）罚款。\n前款第二项另有规定。";
        assert_eq!(quoted_part(text, Some(1), Some(2)).as_deref(), Some("（二）罚款。"));
        assert_eq!(quoted_part(text, None, Some(1)).as_deref(), Some("（一）警告；"));
        assert_eq!(quoted_part(text, Some(2), None).as_deref(), Some("前款第二项另有规定。"));
        assert_eq!(
            quoted_part(text, None, None).as_deref(),
            Some("种类：\n（一）警告；\n（二）罚款。\n前款第二项另有规定。")
        );
        assert_eq!(quoted_part(text, Some(3), None), None);
    }

    #[test]
    fn article_labels() {
        assert_eq!(ArticleNo::new(101).label_zh(), "第一百零一条");
        assert_eq!(ArticleNo { number: 12, sub: 1 }.label_zh(), "第十二条之一");
        assert_eq!(ArticleNo::new(20).label_zh(), "第二十条");
        assert_eq!(ArticleNo::new(10).label_zh(), "第十条");
        assert_eq!(ArticleNo { number: 12, sub: 1 }.label_en(), "Art. 12-1");
    }
}
