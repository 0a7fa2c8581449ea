//! A complaint routed to the powers it concerns: its text matched to catalog items (the search,
//! everyday words included), and the dispatcher's first question answered: is this ours (an
//! item in force within this team's scope) or must it be transferred, and to which department
//! (the item's source department), or does no item match at all. Pure: the caller hands in the
//! index of the version in force and the items of the best hits.

use serde::Serialize;
use std::sync::OnceLock;
use zhifa_catalog::search::lexicon::parse;
use zhifa_catalog::search::{norm_string, Hit, MatchKind, SearchFilter, SearchIndex};
use zhifa_core::domain::case_file::in_scope;
use zhifa_core::domain::catalog::CatalogItem;
use zhifa_core::domain::officer::Team;
use zhifa_core::i18n::Lang;

/// Everyday words of complaints outside the bureau's remit → the authority they go to.
const OUTSIDE_TEXT: &str = include_str!("../../../db/lexicon/outside.tsv");

/// (normalised word, authority), longest words first.
fn outside_words() -> &'static [(String, String)] {
    static WORDS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let entries = parse("db/lexicon/outside.tsv", OUTSIDE_TEXT).unwrap_or_default();
        let mut words: Vec<(String, String)> = entries
            .into_iter()
            .filter_map(|e| Some((norm_string(&e.everyday), e.catalog.into_iter().next()?)))
            .collect();
        words.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        words
    })
}

/// The first word of `text` that belongs elsewhere, and the authority it goes to.
pub fn outside_remit(text: &str) -> Option<(&'static str, &'static str)> {
    let text = norm_string(text);
    outside_words()
        .iter()
        .find(|(w, _)| text.contains(w.as_str()))
        .map(|(w, a)| (w.as_str(), a.as_str()))
}

/// Items suggested for one complaint.
pub const SUGGESTED: usize = 5;
/// Share of the catalog's items a word may occur in and still, alone, make a related hit count
/// as a match for a complaint; hits that share only commoner words with it are dropped.
const RARE_SHARE: f64 = 0.02;

/// The least related score that counts: half of what one word found in [`RARE_SHARE`] of the
/// `items` scores (the related pass's IDF, scaled as its scores are; half for long names).
pub fn min_related_score(items: usize) -> i64 {
    let n = items as f64;
    let df = (n * RARE_SHARE).max(1.0);
    let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
    (idf * 10_000.0 * 0.5) as i64
}
/// A suggestion scoring at least this share of the best one is as likely what the complaint is
/// about: if one such is within the team's scope, the complaint is the team's.
const AS_GOOD: f64 = 0.8;

/// The best catalog items for a complaint's text, best first (weak related hits dropped).
pub fn suggest(index: &SearchIndex, text: &str) -> Vec<Hit> {
    // A complaint is prose: one term, so the related pass weighs its words by rarity.
    let hits = index.search(text, &SearchFilter::default(), SUGGESTED);
    let least = min_related_score(index.len());
    hits.into_iter().filter(|h| !h.kind.is_related() || h.score >= least).collect()
}

/// The dispatcher's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Route {
    /// An item in force within the team's scope: the team handles it.
    Ours { code: String },
    /// Items match, none within the team's scope: transfer to the best one's source department.
    Transfer { department: String, code: String },
    /// No item matches the complaint's own words, and it speaks of something outside the
    /// bureau's remit (`because`): transfer to that authority.
    Elsewhere { authority: String, because: String },
    /// No item of the catalog matches: not a power of this bureau as far as the catalog says.
    NoMatch,
}

/// One suggested item, with whether the team may exercise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub code: String,
    pub name: String,
    pub department: String,
    pub in_scope: bool,
    pub hit: Hit,
}

/// The route for complaint `text` given `suggested` (items of the best hits, best first) and
/// the team that would act (`None`: the whole jurisdiction, every item counts as within scope).
/// A complaint that matches no item by its own words and speaks of something outside the
/// bureau's remit (电梯, 出租车, 停水 …) goes elsewhere, whatever related items it shares words
/// with.
pub fn route(
    text: &str,
    suggested: &[(CatalogItem, Hit)],
    team: Option<&Team>,
) -> (Route, Vec<Suggestion>) {
    let suggestions: Vec<Suggestion> = suggested
        .iter()
        .map(|(item, hit)| Suggestion {
            code: item.code.clone(),
            name: item.name.clone(),
            department: item.department.clone(),
            in_scope: team.is_none_or(|t| in_scope(item, t)),
            hit: hit.clone(),
        })
        .collect();
    let direct = suggestions.iter().any(|s| is_direct(&s.hit));
    if let Some((word, authority)) = outside_remit(text).filter(|_| !direct) {
        let route = Route::Elsewhere { authority: authority.into(), because: word.into() };
        return (route, suggestions);
    }
    let best = suggestions.first().map_or(0, |s| s.hit.score) as f64;
    let as_good = |s: &&Suggestion| s.hit.score as f64 >= best * AS_GOOD;
    let route = match suggestions.iter().take_while(as_good).find(|s| s.in_scope) {
        Some(ours) => Route::Ours { code: ours.code.clone() },
        None => match suggestions.first() {
            Some(best) => {
                Route::Transfer { department: best.department.clone(), code: best.code.clone() }
            }
            None => Route::NoMatch,
        },
    };
    (route, suggestions)
}

/// Whether the hit matched the complaint's own words, not only related ones (for display).
pub fn is_direct(hit: &Hit) -> bool {
    !matches!(hit.kind, MatchKind::Partial | MatchKind::Everyday | MatchKind::Learned)
}

/// The dispatcher's answer in a sentence (`team`: the team's name, else the bureau).
pub fn decision_text(
    route: &Route,
    items: &[Suggestion],
    team: Option<&str>,
    lang: Lang,
) -> String {
    let name_of = |code: &str| {
        items.iter().find(|s| s.code == code).map(|s| zhifa_core::text::truncate(&s.name, 40))
    };
    let team = team.unwrap_or(match lang {
        Lang::Zh => "本局",
        Lang::En => "the bureau",
    });
    match (route, lang) {
        (Route::Ours { code }, Lang::Zh) => {
            format!("判断：{team}办理（{code} {}）", name_of(code).unwrap_or_default())
        }
        (Route::Ours { code }, Lang::En) => {
            format!("decision: {team} handles it ({code} {})", name_of(code).unwrap_or_default())
        }
        (Route::Transfer { department, code }, Lang::Zh) => {
            format!("判断：不在{team}的实施范围内，转 {department}（{code}）")
        }
        (Route::Transfer { department, code }, Lang::En) => {
            format!("decision: outside {team}'s scope, transfer to {department} ({code})")
        }
        (Route::Elsewhere { authority, because }, Lang::Zh) => {
            format!("判断：不属本局职责（“{because}”），转 {authority}")
        }
        (Route::Elsewhere { authority, because }, Lang::En) => {
            format!("decision: not this bureau's remit (“{because}”), transfer to {authority}")
        }
        (Route::NoMatch, Lang::Zh) => {
            "判断：目录中没有相符的事项（需人工判断是否转办）".to_string()
        }
        (Route::NoMatch, Lang::En) => {
            "decision: no catalog item matches (decide by hand whether to transfer)".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhifa_catalog::search::SearchDoc;

    fn item(code: &str, name: &str, department: &str, scope: &[&str]) -> CatalogItem {
        CatalogItem {
            code: code.into(),
            name: name.into(),
            department: department.into(),
            scope: scope.iter().map(|s| s.to_string()).collect(),
            ..CatalogItem::default()
        }
    }

    fn team(code: &str, name: &str) -> Team {
        Team { code: code.into(), name: name.into(), ..Team::default() }
    }

    fn catalog() -> Vec<CatalogItem> {
        vec![
            item("A1", "对未按规定对犬只实行拴养或者圈养的处罚", "城管局", &["青溪街道"]),
            item("A2", "对擅自占用城市道路的处罚", "住建局", &[]),
            item("A3", "对犬只伤人的处罚", "城管局", &["白塔街道"]),
        ]
    }

    fn routed(text: &str, team_name: Option<(&str, &str)>) -> Route {
        let items = catalog();
        let index = SearchIndex::build(items.iter().map(SearchDoc::from_item).collect());
        let hits = suggest(&index, text);
        let suggested: Vec<(CatalogItem, Hit)> =
            hits.into_iter().map(|h| (items[h.doc].clone(), h)).collect();
        let t = team_name.map(|(c, n)| team(c, n));
        route(text, &suggested, t.as_ref()).0
    }

    #[test]
    fn an_item_within_the_teams_scope_is_ours() {
        let qx = Some(("QX01", "青溪中队"));
        assert_eq!(routed("小区里有人遛狗不牵绳", qx), Route::Ours { code: "A1".into() });
    }

    #[test]
    fn an_item_only_outside_the_teams_scope_goes_to_its_source_department() {
        let qx = Some(("QX01", "青溪中队"));
        let route = routed("狗咬人了", qx);
        assert_eq!(route, Route::Transfer { department: "城管局".into(), code: "A3".into() });
    }

    #[test]
    fn a_complaint_no_item_concerns_says_so() {
        assert_eq!(routed("楼上邻居半夜吵架", None), Route::NoMatch);
    }

    #[test]
    fn a_complaint_outside_the_remit_names_the_authority() {
        let route = routed("小区电梯经常坏，遛狗的人也多", None);
        let Route::Elsewhere { authority, because } = route else { panic!("{route:?}") };
        assert_eq!(because, "电梯");
        assert!(authority.contains("市场监督管理"), "{authority}");
        // A direct match of the catalog's words wins over a word from elsewhere.
        let route = routed("医院门口擅自占用城市道路", None);
        assert_eq!(route, Route::Ours { code: "A2".into() });
    }
}
