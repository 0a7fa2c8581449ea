//! Behaviour tests for catalog search: one table-driven helper per rule, ranking, highlight
//! positions, filters, the incremental searcher, and a never-panics property.

use super::*;
use proptest::prelude::*;
use zhifa_core::domain::catalog::{LegalBasis, Provision};

fn doc(code: &str, name: &str, laws: &[&str]) -> SearchDoc {
    SearchDoc {
        code: code.into(),
        name: name.into(),
        laws: laws.iter().map(|l| l.to_string()).collect(),
        ..SearchDoc::default()
    }
}

fn index_of(names: &[&str]) -> SearchIndex {
    let docs =
        names.iter().enumerate().map(|(i, n)| doc(&format!("3302170{:05}", i), n, &[])).collect();
    SearchIndex::build(docs)
}

/// The first hit for `query` over `names` has name `expected` (`None`: no direct hit at all;
/// related hits, which only share some of the query's words, come after direct ones).
fn check(query: &str, names: &[&str], expected: Option<&str>) {
    let index = index_of(names);
    let hits = index.search(query, &SearchFilter::default(), 10);
    let direct = hits.iter().take_while(|h| !h.kind.is_related()).count();
    assert!(hits[direct..].iter().all(|h| h.kind.is_related()), "direct hits first: {hits:?}");
    let first = hits[..direct].first().map(|h| index.doc(h.doc).name.as_str());
    assert_eq!(first, expected, "query {query:?}, hits {hits:?}");
    // The incremental path must agree with the one-shot search at every keystroke.
    let mut s = Searcher::new();
    let mut typed = String::new();
    for c in query.chars() {
        typed.push(c);
        let inc = s.search(&index, &typed, &SearchFilter::default(), 10);
        assert_eq!(inc, index.search(&typed, &SearchFilter::default(), 10), "{typed:?}");
    }
}

const ROAD: &str = "对擅自占用城市道路的行政处罚";
const SORTING: &str = "对未按规定分类投放生活垃圾且拒不改正的处罚";
const AD: &str = "对在城市道路上擅自设置户外广告设施的处罚";
const LED: &str = "对未经批准擅自设置LED电子显示屏的处罚";
const TREE: &str = "对擅自砍伐城市树木的处罚";
const CATALOG: &[&str] = &[TREE, SORTING, AD, LED, ROAD];

#[test]
fn chinese_text_matches_literally() {
    for (q, want) in [("占用城市道路", ROAD), ("砍伐", TREE), ("显示屏", LED), ("户外广告", AD)]
    {
        check(q, CATALOG, Some(want));
    }
    check("消防", CATALOG, None);
}

#[test]
fn pinyin_initials_full_and_mixed() {
    for q in ["zydl", "zhanyong", "zhanydl", "zhanyongchengshidaolu", "ZYDL"] {
        check(q, CATALOG, Some(ROAD));
    }
    check("kanfa", CATALOG, Some(TREE));
    check("hwgg", CATALOG, Some(AD));
    check("qqqqq", CATALOG, None);
}

#[test]
fn polyphones_match_by_any_reading() {
    let names = ["对银行网点的检查", "对违法行为的处罚"];
    check("yinhang", &names, Some(names[0]));
    check("xingwei", &names, Some(names[1]));
    check("yh", &names, Some(names[0]));
}

#[test]
fn codes_match_by_prefix_substring_and_exact() {
    let index = SearchIndex::build(vec![
        doc("330217001001", "对擅自占用城市道路的处罚", &[]),
        doc("330217001002", "对擅自挖掘城市道路的处罚", &[]),
        doc("330212009999", "对无照经营的处罚", &[]),
    ]);
    let f = SearchFilter::default();
    let hits = index.search("330217001002", &f, 10);
    assert_eq!(hits[0].doc, 1);
    assert_eq!((hits[0].field, hits[0].kind), (MatchField::Code, MatchKind::Literal));
    assert_eq!(index.search("3302170010", &f, 10).len(), 2);
    let sub = index.search("9999", &f, 10);
    assert_eq!(sub.len(), 1);
    assert_eq!(sub[0].doc, 2);
}

#[test]
fn law_names_find_items_citing_them() {
    let index = SearchIndex::build(vec![
        doc("1", "对擅自砍伐树木的处罚", &["城市绿化条例"]),
        doc("2", "对擅自占用道路的处罚", &["城市道路管理条例"]),
    ]);
    let hits = index.search("城市道路管理条例", &SearchFilter::default(), 10);
    assert_eq!(hits[0].doc, 1);
    assert_eq!(hits[0].field, MatchField::Law);
    assert!(hits.iter().all(|h| h.doc != 0 || h.score < hits[0].score));
}

#[test]
fn from_item_takes_law_names_from_basis() {
    let item = CatalogItem {
        code: "c".into(),
        name: "n".into(),
        basis: LegalBasis {
            violated: vec![Provision {
                law: "城市道路管理条例".into(), ..Provision::default()
            }],
            penalty: vec![Provision {
                law: "城市道路管理条例".into(), ..Provision::default()
            }],
            text: String::new(),
        },
        ..CatalogItem::default()
    };
    assert_eq!(&*SearchDoc::from_item(&item).laws, ["城市道路管理条例".to_string()]);
}

#[test]
fn terms_in_any_order_and_explicit_spaces() {
    check("垃圾分类", CATALOG, Some(SORTING));
    check("生活垃圾分类投放", CATALOG, Some(SORTING));
    check("道路 占用", CATALOG, Some(ROAD));
    check("道路 广告", CATALOG, Some(AD));
    check("道路 砍伐", CATALOG, None);
}

#[test]
fn full_width_case_and_traditional_are_folded() {
    check("佔用城市道路", CATALOG, Some(ROAD));
    check("垃圾分類", CATALOG, Some(SORTING));
    check("ＬＥＤ", CATALOG, Some(LED));
    check("led　显示", CATALOG, Some(LED));
    check("ＺＹＤＬ", CATALOG, Some(ROAD));
    let index = SearchIndex::build(vec![doc("ABC123", "对ＫＴＶ的检查", &[])]);
    assert_eq!(index.search("abc123", &SearchFilter::default(), 5).len(), 1);
    assert_eq!(index.search("ktv", &SearchFilter::default(), 5).len(), 1);
}

#[test]
fn traditional_and_full_width_names_are_found_by_simplified_queries() {
    let names = ["對擅自佔用城市道路的處罰", "对设置ＬＥＤ显示屏的处罚"];
    check("占用", &names, Some(names[0]));
    check("zydl", &names, Some(names[0]));
    check("led", &names, Some(names[1]));
    let index = index_of(&names);
    let hits = index.search("处罚", &SearchFilter::default(), 5);
    assert_eq!(hits.len(), 2);
    // Highlights are char indices of the original (traditional) name.
    assert_eq!(
        hits.iter().find(|h| h.doc == 0).map(|h| h.name_positions.clone()),
        Some(vec![10, 11])
    );
}

#[test]
fn latin_letters_in_names_match_literally() {
    let index = index_of(CATALOG);
    let hits = index.search("led", &SearchFilter::default(), 5);
    assert_eq!(index.doc(hits[0].doc).name, LED);
    assert_eq!(hits[0].kind, MatchKind::Literal);
    assert_eq!(hits[0].name_positions, vec![9, 10, 11]);
}

#[test]
fn literal_always_outranks_pinyin() {
    // 'led' is literal in the first name and only initials (l…e…d) in the second.
    let names = ["对老鹅店的检查", "设置LED屏"];
    check("led", &names, Some(names[1]));
    // A Chinese literal beats a name that only matches by pinyin of other chars.
    let index = index_of(&["对擅自占用城市道路的处罚", "站永"]);
    let hits = index.search("zhanyong", &SearchFilter::default(), 5);
    assert_eq!(hits.len(), 2);
    let lit = index.search("占用", &SearchFilter::default(), 5);
    assert_eq!((lit.len(), lit[0].kind), (1, MatchKind::Literal));
}

#[test]
fn compact_beats_scattered() {
    let contiguous = "对占用道路的处罚";
    let scattered = "对占领城市用地和道路的处罚";
    check("占用道路", &[scattered, contiguous], Some(contiguous));
    check("zydl", &[scattered, contiguous], Some(contiguous));
    // Fewer chunks beat more chunks.
    check("垃圾分类", &["对垃圾的分拣类别检查", SORTING], Some(SORTING));
    // Earlier and shorter is a bit better.
    check("砍伐", &["对在公园内未经批准擅自砍伐树木的处罚", TREE], Some(TREE));
}

/// The hits for `query` over `names` start with `want`, in that order (and the incremental path
/// agrees at every keystroke, see [`check`]).
fn check_order(query: &str, names: &[&str], want: &[&str]) {
    check(query, names, want.first().copied());
    let index = index_of(names);
    let hits = index.search(query, &SearchFilter::default(), names.len());
    let got: Vec<&str> = hits.iter().map(|h| index.doc(h.doc).name.as_str()).collect();
    assert_eq!(&got[..want.len().min(got.len())], want, "query {query:?}, hits {hits:?}");
}

#[test]
fn pinyin_prefers_two_char_words() {
    // Shapes from real catalogs (Longhua list, demo catalog). Worse matches come first in
    // catalog order, so ties cannot explain the expected order.
    let road = "对擅自占用城市道路、公共场所设置各种设施的行政处罚";
    let road_far = "对占用城市道路期满或者挖掘城市道路后，不及时清理现场的行政处罚";
    // z-y-d-l contiguous but across words: 在有 | 钉螺, and 种 | 有钉螺 when 在 is skipped.
    let snail = "对引种在有钉螺地带培育的种苗等繁殖材料行为的处罚";
    // 争议的林: through the particle 的.
    let dispute = "对在有争议的林地上从事新的生产经营活动，造成确权后的权利人损失的处罚";
    // 纸 | 烟袋篓: more compact than 占用城市道路 (5 chars against 6), but runs of 1 and 3.
    let litter = "对乱扔纸、烟袋篓的处罚";
    let env = "对损坏各类环境卫生设施的行政处罚";
    let env_split = "对影响环境及公共卫生的处罚";
    let sorting = "对生活垃圾分类投放管理人未按规定履行职责的处罚";
    let burning = "对在露天场所和垃圾收集容器内焚烧树叶、垃圾或者其他废弃物的行政处罚";
    // z-y-d-l only through rare readings (事 zi, 位 li): must rank below a plain 占用…道路 even
    // when that one is wider.
    let rare = "对企业事业单位和其他生产经营者未采取措施防止排放恶臭气体的行政处罚";
    let road_wide = "对擅自占用或者挖掘城市道路的行政处罚";
    let table: &[(&str, &[&str], &[&str])] = &[
        ("zydl", &[snail, road], &[road, snail]),
        ("zydl", &[dispute, road], &[road, dispute]),
        ("zydl", &[litter, road_far], &[road_far, litter]),
        ("zydl", &[snail, dispute, litter, road, road_far], &[road, road_far]),
        ("zydl", &[rare, road_far, road_wide], &[road_far, road_wide, rare]),
        // Contiguous two-char words stay first: one run of 4 is as even as 2 + 2.
        ("hjws", &[env_split, env], &[env, env_split]),
        ("ljfl", &[burning, sorting], &[sorting, burning]),
        // Full pinyin of two words, and initials mixed in.
        ("zhanyongdaolu", &[snail, road], &[road]),
        ("zhanydl", &[snail, dispute, road], &[road]),
        // A one-piece term: one char beats two chars covering it (zhi + han).
        ("zhan", &["对知寒的处罚", "对占地的处罚"], &["对占地的处罚", "对知寒的处罚"]),
        // Particles still match, ranked like rare readings: 对 … 的 … 处罚.
        ("ddcf", &["对乱扔的处罚"], &["对乱扔的处罚"]),
    ];
    for &(query, names, want) in table {
        check_order(query, names, want);
    }
}

#[test]
fn exact_code_comes_first() {
    let index =
        SearchIndex::build(vec![doc("111", "对编号111相关的处罚", &[]), doc("111", "x", &[])]);
    let hits = index.search("111", &SearchFilter::default(), 5);
    assert_eq!(hits[0].field, MatchField::Code);
}

#[test]
fn positions_are_char_indices_of_the_matched_chars() {
    let index = index_of(CATALOG);
    let f = SearchFilter::default();
    let pos = |q: &str| {
        let hits = index.search(q, &f, 1);
        hits.first().map(|h| h.name_positions.clone()).unwrap_or_default()
    };
    // 对擅自占用城市道路…: 占=3 用=4 道=7 路=8.
    assert_eq!(pos("占用城市道路"), vec![3, 4, 5, 6, 7, 8]);
    assert_eq!(pos("zydl"), vec![3, 4, 7, 8]);
    assert_eq!(pos("zhanyong"), vec![3, 4]);
    // 对未按规定分类投放生活垃圾…: 分类=5,6 垃圾=11,12.
    assert_eq!(pos("垃圾分类"), vec![5, 6, 11, 12]);
    assert_eq!(pos("道路 占用"), vec![3, 4, 7, 8]);
}

#[test]
fn hit_kinds_describe_the_match() {
    let index = index_of(CATALOG);
    let f = SearchFilter::default();
    let kind = |q: &str| index.search(q, &f, 1).first().map(|h| h.kind);
    assert_eq!(kind("占用"), Some(MatchKind::Literal));
    assert_eq!(kind("zydl"), Some(MatchKind::Initials));
    assert_eq!(kind("zhanyong"), Some(MatchKind::Pinyin));
}

#[test]
fn fuzzy_fallback_for_code_like_terms() {
    for m in MatcherKind::ALL {
        let index = SearchIndex::build(vec![doc("330217-01-0042", "对无照经营的处罚", &[])])
            .with_matcher(m);
        let hits = index.search("3302170042", &SearchFilter::default(), 5);
        assert_eq!(hits.len(), 1, "{m:?}");
        assert_eq!((hits[0].kind, hits[0].field), (MatchKind::Fuzzy, MatchField::Code));
    }
}

fn filtered_index() -> SearchIndex {
    let mut a = doc("1", "对擅自占用城市道路的处罚", &[]);
    a.domain = "市政公用".into();
    a.department = "区住房和城乡建设局".into();
    a.scope = vec!["庄桥街道".to_string()].into();
    let mut b = doc("2", "对擅自占用公路的处罚", &[]);
    b.domain = "交通运输".into();
    b.power_type = PowerType::Inspection;
    let mut c = doc("3", "对占用河道的处罚", &[]);
    c.domain = "水务".into();
    c.scope = vec!["洪塘街道".to_string()].into();
    SearchIndex::build(vec![a, b, c])
}

#[test]
fn filters_restrict_results() {
    let index = filtered_index();
    let docs = |f: SearchFilter| -> Vec<usize> {
        index.search("占用", &f, 10).iter().map(|h| h.doc).collect::<Vec<_>>()
    };
    assert_eq!(docs(SearchFilter::default()).len(), 3);
    let by_type = SearchFilter { power_type: Some(PowerType::Inspection), ..Default::default() };
    assert_eq!(docs(by_type), vec![1]);
    let by_domain = SearchFilter { domain: Some("水务".into()), ..Default::default() };
    assert_eq!(docs(by_domain), vec![2]);
    let by_dept = SearchFilter {
        department: Some("区住房和城乡建设局".into()),
        ..Default::default()
    };
    assert_eq!(docs(by_dept), vec![0]);
    // Team: named in scope, or scope empty (= everywhere).
    let mut by_team =
        docs(SearchFilter { team: Some("庄桥街道".into()), ..Default::default() });
    by_team.sort_unstable();
    assert_eq!(by_team, vec![0, 1]);
}

#[test]
fn empty_query_lists_filtered_docs_in_catalog_order() {
    let index = filtered_index();
    let all = index.search("  ", &SearchFilter::default(), 10);
    assert_eq!(
        all.iter().map(|h| (h.doc, h.score)).collect::<Vec<_>>(),
        vec![(0, 0), (1, 0), (2, 0)]
    );
    let f = SearchFilter { domain: Some("水务".into()), ..Default::default() };
    assert_eq!(index.search("", &f, 10).len(), 1);
    assert_eq!(index.search("", &SearchFilter::default(), 2).len(), 2);
}

#[test]
fn searcher_narrows_incrementally_and_recovers_on_edits() {
    let index = index_of(CATALOG);
    let f = SearchFilter::default();
    let mut s = Searcher::new();
    for q in ["z", "zy", "zyd", "zydl", "zyd", "占", "占用 ", "占用 dl", "垃圾分類", "led"]
    {
        assert_eq!(s.search(&index, q, &f, 10), index.search(q, &f, 10), "{q}");
    }
    // Changing the filter falls back to a full search.
    let g = SearchFilter { domain: Some("x".into()), ..Default::default() };
    assert!(s.search(&index, "led", &g, 10).is_empty());
    let again = s.search(&index, "led", &f, 10);
    // LED literally, and 分类…的 by pinyin (lei…de): every match is counted, not only the shown.
    assert_eq!(index.doc(again[0].doc).name, LED);
    assert!(s.candidate_count() >= again.len());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_positions_are_valid(
        query in "\\PC{0,12}",
        extra in "[a-z占用道路垃圾 ]{0,6}",
        name in "\\PC{0,20}",
    ) {
        let index = index_of(&[ROAD, SORTING, LED, "Ａ", "", "行行行行", &name]);
        for q in [query.clone(), format!("{query}{extra}"), extra.clone()] {
            for h in index.search(&q, &SearchFilter::default(), 10) {
                let n = index.doc(h.doc).name.chars().count();
                prop_assert!(h.name_positions.iter().all(|&p| p < n));
                prop_assert!(h.name_positions.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }
}

const SMALL: &[&str] = &[
    ROAD,
    SORTING,
    AD,
    LED,
    TREE,
    "对擅自挖掘城市道路的处罚",
    "对在主要街道两侧晾晒物品的处罚",
    "对银行网点的检查",
    "对违法行为的处罚",
    "对占领城市用地和道路的处罚",
    "對擅自佔用道路的處罰",
    // Particles and odd runs (see `pinyin_prefers_two_char_words`).
    "对引种在有钉螺地带培育的种苗等繁殖材料行为的处罚",
    "对乱扔纸、烟袋篓的处罚",
    "对在有争议的林地上从事新的生产经营活动的处罚",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// Typing a query char by char through a Searcher gives exactly the one-shot results, and
    /// the top-k cut-off never changes which hits are shown.
    #[test]
    fn incremental_and_pruned_agree_with_full(query in "[a-z zydlhng占用道路垃圾分类处罚LED3]{1,10}") {
        let index = index_of(SMALL);
        let f = SearchFilter::default();
        let mut s = Searcher::new();
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let full = index.search(&typed, &f, 3);
            prop_assert_eq!(&s.search(&index, &typed, &f, 3), &full, "{}", typed);
            let all = index.search(&typed, &f, usize::MAX);
            prop_assert_eq!(&full[..], &all[..full.len()], "{}", typed);
        }
        // Erasing (answered from the Searcher's history) and typing again from a shorter
        // query still agree with one-shot searches.
        while typed.pop().is_some() {
            prop_assert_eq!(&s.search(&index, &typed, &f, 3), &index.search(&typed, &f, 3), "{}", typed);
            if typed.chars().count() == 2 {
                let mut again = typed.clone();
                again.push('d');
                prop_assert_eq!(&s.search(&index, &again, &f, 3), &index.search(&again, &f, 3), "{}", again);
            }
        }
    }
}

#[test]
fn learned_choices_come_first_for_the_same_words_only_and_the_searcher_agrees() {
    let names = [ROAD, SORTING, "对在城市道路上设摊经营的处罚", "对擅自设置户外广告的处罚"];
    let learned = Learned::from_rows([
        ("道路".to_string(), "330217000002".to_string(), 2),
        ("道路".to_string(), "330217000003".to_string(), 1),
    ]);
    let index = index_of(&names).with_learned(std::sync::Arc::new(learned));
    let f = SearchFilter::default();
    let hits = index.search("道路", &f, 10);
    // The advertising item does not match 道路 at all, yet was chosen: it comes second.
    let order: Vec<(usize, u32)> = hits.iter().map(|h| (h.doc, h.learned)).collect();
    assert_eq!(order[..2], [(2, 2), (3, 1)], "{hits:?}");
    assert_eq!(hits[1].kind, MatchKind::Learned);
    assert!(hits[2..].iter().all(|h| h.learned == 0));
    assert!(index.search("道", &f, 10).iter().all(|h| h.learned == 0), "other words unaffected");
    let mut s = Searcher::new();
    for q in ["道", "道路", "道", "道路"] {
        assert_eq!(s.search(&index, q, &f, 10), index.search(q, &f, 10), "{q}");
    }
}
