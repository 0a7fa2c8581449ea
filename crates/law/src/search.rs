//! Laws searched by text, the way the catalog is: the query's words (whitespace between them,
//! punctuation dropped, full-/half-width and traditional characters folded) must all be found in
//! an article or its law's name; hits are articles of the versions in force on a day, those
//! whose own text holds the most words (and most often) first.

use super::lookup::LawLibrary;
use super::{Article, LawVersion};
use chrono::NaiveDate;
use zhifa_catalog::search::{is_query_char, norm_char, query_terms, to_simplified};

/// One article found.
#[derive(Debug, Clone)]
pub struct LawHit<'a> {
    pub version: &'a LawVersion,
    pub article: &'a Article,
    /// The line of the article holding most words of the query (the first line if none).
    pub line: String,
    score: (usize, usize),
}

/// The hits for `query` among the versions in force on `day`, best first, at most `limit`;
/// with how many matched in all.
pub fn search<'a>(
    library: &'a LawLibrary,
    query: &str,
    day: NaiveDate,
    limit: usize,
) -> (Vec<LawHit<'a>>, usize) {
    let terms: Vec<String> =
        query_terms(query).into_iter().map(|t| t.into_iter().collect()).collect();
    if terms.is_empty() {
        return (Vec::new(), 0);
    }
    let mut hits = Vec::new();
    for (_, versions) in library.laws() {
        let Some(version) = versions.iter().rev().find(|v| v.effective <= day) else { continue };
        let title = folded(&version.text.title);
        for article in &version.text.articles {
            if let Some(hit) = matches(version, article, &title, &terms) {
                hits.push(hit);
            }
        }
    }
    let total = hits.len();
    // Stable: equal scores keep law and article order.
    hits.sort_by_key(|h| std::cmp::Reverse(h.score));
    hits.truncate(limit);
    (hits, total)
}

fn matches<'a>(
    version: &'a LawVersion,
    article: &'a Article,
    title: &str,
    terms: &[String],
) -> Option<LawHit<'a>> {
    let lines = article.lines();
    let folded_lines: Vec<String> = lines.iter().map(|(l, _)| folded(l)).collect();
    let body = folded_lines.concat();
    let mut in_text = 0;
    let mut occurrences = 0;
    for term in terms {
        let n = body.matches(term.as_str()).count();
        if n == 0 && !title.contains(term.as_str()) {
            return None;
        }
        in_text += usize::from(n > 0);
        occurrences += n;
    }
    // The line holding the most words, the earliest of equals.
    let held = |l: &String| terms.iter().filter(|t| l.contains(t.as_str())).count();
    let mut at = 0;
    for (i, l) in folded_lines.iter().enumerate() {
        if held(l) > held(&folded_lines[at]) {
            at = i;
        }
    }
    let line = lines.get(at).map(|(l, _)| l.clone()).unwrap_or_default();
    Some(LawHit { version, article, line, score: (in_text, occurrences) })
}

/// Text as queries are: normalised characters, punctuation and blanks dropped.
fn folded(text: &str) -> String {
    to_simplified(text).chars().map(norm_char).filter(|c| is_query_char(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn library() -> LawLibrary {
        let road = "# 城市道路管理条例\n\n第一条 为了加强城市道路管理，制定本条例。\n\n\
                    第二十七条 城市道路范围内禁止下列行为：\n（一）擅自占用或者挖掘城市道路；\n\
                    （二）履带车、铁轮车或者超重、超高、超长车辆擅自在城市道路上行驶；\n";
        let old = "# 城市道路管理条例\n\n第一条 旧文本。\n";
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
        let version = |text: &str, d: &str| LawVersion {
            effective: day(d),
            file: "x.md".into(),
            text: parse("x.md", text).expect("parse"),
        };
        LawLibrary::new(vec![version(road, "2019-03-24"), version(old, "1996-10-01")])
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day")
    }

    #[test]
    fn words_found_in_an_article_or_its_law_name() {
        let lib = library();
        let (hits, total) = search(&lib, "挖掘  道路", day("2026-01-01"), 10);
        assert_eq!(total, 1);
        assert_eq!(hits[0].article.no.number, 27);
        assert_eq!(hits[0].line, "（一）擅自占用或者挖掘城市道路；");
        // 管理条例 is in the name; 制定 in article 1 only.
        let (hits, _) = search(&lib, "管理条例 制定", day("2026-01-01"), 10);
        assert_eq!(hits.iter().map(|h| h.article.no.number).collect::<Vec<_>>(), vec![1]);
        assert_eq!(search(&lib, "挖掘 罚款", day("2026-01-01"), 10).1, 0);
        assert_eq!(search(&lib, "，。", day("2026-01-01"), 10).1, 0);
    }

    #[test]
    fn only_the_version_in_force_is_searched() {
        let lib = library();
        assert_eq!(search(&lib, "旧文本", day("2000-01-01"), 10).1, 1);
        assert_eq!(search(&lib, "旧文本", day("2020-01-01"), 10).1, 0);
        assert_eq!(search(&lib, "挖掘", day("1990-01-01"), 10).1, 0);
    }

    #[test]
    fn traditional_and_full_width_queries_fold() {
        let lib = library();
        assert_eq!(search(&lib, "挖掘 城市道路", day("2026-01-01"), 10).1, 1);
        assert_eq!(search(&lib, "城市道路　佔用", day("2026-01-01"), 10).1, 1);
    }
}
