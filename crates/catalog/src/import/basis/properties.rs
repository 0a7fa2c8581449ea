//! Properties of the legal-basis splitter: generated citations (law or not, 条/款/项 in Chinese
//! or Arabic numerals, （）-items, texts with their own ；), joined as publishers join them,
//! split back into exactly the provisions written; any text splits without panicking and never
//! gains words.

use super::*;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// 1..=999 in Chinese numerals as articles are numbered: 十五, 一百零三, 二百四十.
fn chinese(n: u32) -> String {
    crate::import::fines::chinese_numerals(i64::from(n))
}

#[derive(Debug, Clone)]
struct Citation {
    law: Option<String>,
    article: u32,
    paragraph: Option<u32>,
    item: Option<u32>,
    /// Between the citation and its text: nothing, a space or a colon.
    separator: &'static str,
    text: String,
    arabic: bool,
}

impl Citation {
    fn write(&self) -> String {
        let number = |n: u32| if self.arabic { n.to_string() } else { chinese(n) };
        let mut out = self.law.as_ref().map(|l| format!("《{l}》")).unwrap_or_default();
        out.push_str(&format!("第{}条", number(self.article)));
        if let Some(p) = self.paragraph {
            out.push_str(&format!("第{}款", number(p)));
        }
        if let Some(i) = self.item {
            out.push_str(&format!("第（{}）项", chinese(i)));
        }
        if !self.text.is_empty() {
            out.push_str(self.separator);
        }
        out + &self.text
    }
}

/// Provision text: ideographs with ，/；/、 inside (never first or last), no 第 or 《 that would
/// start a citation of its own, ending in 。 or not.
fn provision_text() -> impl Strategy<Value = String> {
    (
        "[\u{4E00}-\u{4E9F}]{1,6}",
        prop::option::of(("[，；、]", "[\u{4EA0}-\u{4EFF}]{1,6}")),
        any::<bool>(),
    )
        .prop_map(|(head, tail, stop)| {
            let tail = tail.map(|(mark, rest)| mark + &rest).unwrap_or_default();
            let text = head + &tail;
            if stop {
                text + "。"
            } else {
                text
            }
        })
        .prop_filter("no citation words", |t| !t.contains(['第', '《', '》']))
}

fn citation() -> impl Strategy<Value = Citation> {
    (
        prop::option::of("[\u{4F00}-\u{4FFF}]{2,10}"),
        1_u32..400,
        prop::option::of(1_u32..10),
        prop::option::of(1_u32..20),
        prop::sample::select(vec!["", " ", "：", ":"]),
        prop::option::of(provision_text()),
        any::<bool>(),
    )
        .prop_map(|(law, article, paragraph, item, separator, text, arabic)| Citation {
            law,
            article,
            paragraph,
            item,
            separator,
            text: text.unwrap_or_default(),
            arabic,
        })
}

/// The provisions the cell means: a citation without a law cites the one before it, the first
/// one the 法规规章 column.
fn expected(citations: &[Citation], default_law: &str) -> Vec<Provision> {
    let mut law = default_law.to_string();
    citations
        .iter()
        .map(|c| {
            law = c.law.clone().unwrap_or_else(|| law.clone());
            Provision {
                law: law.clone(),
                article: Some(c.article),
                paragraph: c.paragraph,
                item: c.item,
                text: c.text.clone(),
            }
        })
        .collect()
}

/// Joined with ；, ; or line breaks, or enumerated 1．… 2．… after a full stop.
fn join(citations: &[Citation], how: u8) -> String {
    let written: Vec<String> = citations.iter().map(Citation::write).collect();
    match how % 4 {
        0 => written.join("；"),
        1 => written.join(";"),
        2 => written.join("\n"),
        _ => written
            .iter()
            .enumerate()
            .map(|(i, w)| format!("{}{}{w}", i + 1, ["．", ".", "、"][i % 3]))
            .collect::<Vec<_>>()
            .join(""),
    }
}

/// Whether `small` is `big` with characters left out (whitespace in `small` not counted).
fn is_subsequence(small: &str, big: &str) -> bool {
    let mut rest = big.chars();
    small.chars().filter(|c| !c.is_whitespace()).all(|c| rest.any(|b| b == c))
}

proptest! {
    #![proptest_config(config(3000))]

    /// A cell of generated citations splits into exactly the provisions written.
    #[test]
    fn citations_split_back_into_their_provisions(
        mut citations in prop::collection::vec(citation(), 1..5),
        how in any::<u8>(),
        default_law in prop::option::of("[\u{5000}-\u{50FF}]{2,8}"),
        marks in any::<bool>(),
    ) {
        if how % 4 == 3 {
            // Enumerations are only told apart after a full stop.
            let last = citations.len() - 1;
            for c in &mut citations[..last] {
                if !c.text.ends_with('。') {
                    c.text.push_str(if c.text.is_empty() { "违法。" } else { "。" });
                }
            }
        }
        let default_law = default_law.unwrap_or_default();
        let column = if marks { format!("《{default_law}》") } else { default_law.clone() };
        let cell = join(&citations, how);
        let got = split_provisions(&cell, &column);
        prop_assert_eq!(got, Some(expected(&citations, &default_law)), "{}", cell);
    }

    /// Any text: provisions whose words all come from the cell in order, or the cell kept
    /// whole as basis text; never a panic, never a lost or invented word.
    #[test]
    fn any_basis_text_is_split_or_kept_whole(
        pieces in prop::collection::vec(prop_oneof![
            prop::sample::select(vec![
                "《", "》", "第", "条", "款", "项", "（", "）", "；", ";", "\n", "。", "1．", "2.", "：",
                "三", "十", "百", "12", "法", "处罚", "罚款", " ",
            ]).prop_map(str::to_string),
            "\\PC{0,3}",
            citation().prop_map(|c| c.write()),
        ], 0..10),
        kind in prop::sample::select(vec![BasisKind::Violated, BasisKind::Penalty, BasisKind::Either]),
    ) {
        let cell: String = pieces.concat();
        let mut basis = LegalBasis::default();
        add_basis(&mut basis, kind, &cell, "");
        match split_provisions(cell.trim(), "") {
            None => prop_assert_eq!(basis.text.as_str(), cell.trim()),
            Some(provisions) => {
                prop_assert!(basis.text.is_empty());
                prop_assert_eq!(basis.violated.len() + basis.penalty.len(), provisions.len());
                for p in &provisions {
                    prop_assert!(is_subsequence(&p.text, &cell), "{:?} from {:?}", p.text, cell);
                    prop_assert!(p.law.is_empty() || cell.contains(&p.law), "{:?} from {:?}", p.law, cell);
                }
            }
        }
    }
}
