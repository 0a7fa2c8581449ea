//! Checks the demo catalog in `db/demo/`: two versions of the fictional 青江县 catalog of
//! enforcement powers, written in the canonical `zhifa-catalog` JSON format.
//!
//! Besides structure (counts, unique codes, fine ranges, tiers, the v1 → v2 diff), the test
//! checks every citation against the law texts in `../shared/law` when that folder exists: the
//! cited law has a file, the file has the cited article, and the quoted text is in the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use zhifa::catalog::format::CatalogFile;
use zhifa::domain::catalog::{CatalogItem, PowerType, Provision};
use zhifa::domain::diff::diff_catalogs;

const V1: &str = include_str!("../db/demo/catalog-v1.json");
const V2: &str = include_str!("../db/demo/catalog-v2.json");

fn load(name: &str, text: &str) -> CatalogFile {
    match serde_json::from_str::<CatalogFile>(text) {
        Ok(file) => file,
        Err(e) => panic!("{name} does not parse as a zhifa-catalog file: {e}"),
    }
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn provisions(item: &CatalogItem) -> impl Iterator<Item = &Provision> {
    item.basis.violated.iter().chain(item.basis.penalty.iter())
}

/// Every inconsistency in one catalog file, as readable lines.
fn problems(name: &str, file: &CatalogFile) -> Vec<String> {
    let mut out = Vec::new();
    if file.format != "zhifa-catalog" || file.format_version != 1 {
        out.push(format!("{name}: wrong envelope {} v{}", file.format, file.format_version));
    }
    let mut codes = BTreeSet::new();
    for item in &file.items {
        let at = format!("{name} {} {}", item.code, item.name);
        if !codes.insert(item.code.as_str()) {
            out.push(format!("{at}: duplicate code"));
        }
        if item.code.len() != 12 || !item.code.bytes().all(|b| b.is_ascii_digit()) {
            out.push(format!("{at}: code is not 12 digits"));
        }
        if item.name.trim().is_empty() {
            out.push(format!("{at}: empty name"));
        }
        if item.department.trim().is_empty() {
            out.push(format!("{at}: empty department"));
        }
        if item.domain.trim().is_empty() {
            out.push(format!("{at}: empty domain"));
        }
        if item.basis.is_empty() {
            out.push(format!("{at}: no legal basis"));
        }
        if item.power_type == PowerType::Penalty {
            if item.basis.penalty.is_empty() {
                out.push(format!("{at}: penalty item without a penalty provision"));
            }
            if item.penalty_text.trim().is_empty() {
                out.push(format!("{at}: penalty item without penalty_text"));
            }
        }
        for p in provisions(item) {
            if p.law.is_empty() || p.law.contains('《') || p.article.is_none() || p.text.is_empty()
            {
                out.push(format!("{at}: incomplete provision {}", p.citation()));
            }
        }
        // Fine ranges: both ends or neither, min ≤ max; party ranges likewise.
        let overall = match (item.fine_min, item.fine_max) {
            (Some(a), Some(b)) if 0 <= a && a <= b => Some((a, b)),
            (None, None) => None,
            other => {
                out.push(format!("{at}: bad fine range {other:?}"));
                None
            }
        };
        let mut ranges: Vec<(i64, i64)> = overall.into_iter().collect();
        let mut parties = BTreeSet::new();
        for f in &item.party_fines {
            if !parties.insert(f.party) {
                out.push(format!("{at}: party {} listed twice", f.party.label_zh()));
            }
            if f.min < 0 || f.min > f.max {
                out.push(format!("{at}: bad party range {}–{}", f.min, f.max));
            }
            ranges.push((f.min, f.max));
        }
        // Tiers: a fine tier lies inside the item range or one party range.
        for t in &item.tiers {
            if t.name.trim().is_empty() || t.conditions.trim().is_empty() {
                out.push(format!("{at}: tier without name or conditions"));
            }
            match (t.fine_min, t.fine_max) {
                (None, None) => {}
                (Some(a), Some(b)) => {
                    if a > b || !ranges.iter().any(|&(lo, hi)| lo <= a && b <= hi) {
                        out.push(format!("{at}: tier {} {a}–{b} outside {ranges:?}", t.name));
                    }
                }
                _ => out.push(format!("{at}: tier {} has only one end of its range", t.name)),
            }
        }
    }
    out
}

#[test]
fn demo_files_are_canonical_json() {
    for (name, text) in [("catalog-v1.json", V1), ("catalog-v2.json", V2)] {
        let file = load(name, text);
        let again = file.to_json().unwrap_or_default();
        assert!(text == again, "{name} is not byte-identical to its canonical re-export");
        assert!(text.ends_with("}\n"), "{name} must end with a newline");
    }
}

#[test]
fn v1_is_a_full_consistent_catalog() {
    let v1 = load("catalog-v1.json", V1);
    let meta = v1.version.clone().unwrap_or_default();
    assert_eq!(meta.label, "2025年下半年版");
    assert_eq!(meta.doc_no, "青江县综执〔2025〕12号");
    assert_eq!(meta.effective, date("2025-07-01"));
    assert!(v1.items.len() >= 160, "v1 has only {} items", v1.items.len());
    let domains: BTreeSet<&str> = v1.items.iter().map(|i| i.domain.as_str()).collect();
    assert!(domains.len() >= 8, "v1 has only {} domains: {domains:?}", domains.len());
    let tiered = v1.items.iter().filter(|i| !i.tiers.is_empty()).count();
    assert!(tiered >= 40, "only {tiered} items have discretion tiers");
    let kinds: BTreeSet<PowerType> = v1.items.iter().map(|i| i.power_type).collect();
    for kind in [PowerType::Penalty, PowerType::Inspection, PowerType::CoerciveMeasure] {
        assert!(kinds.contains(&kind), "v1 has no {kind} item");
    }
    for team_street in ["青溪街道", "白塔街道"] {
        let n = v1.items.iter().filter(|i| i.scope.iter().any(|s| s == team_street)).count();
        assert!(n >= 20, "only {n} items name {team_street} in scope");
    }
    let found = problems("v1", &v1);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn v2_is_consistent_and_differs_from_v1_as_a_real_adjustment() {
    let v1 = load("catalog-v1.json", V1);
    let v2 = load("catalog-v2.json", V2);
    let meta = v2.version.clone().unwrap_or_default();
    assert_eq!(meta.label, "2026年上半年版");
    assert_eq!(meta.doc_no, "青江县综执〔2025〕31号");
    assert_eq!(meta.effective, date("2026-01-01"));
    let found = problems("v2", &v2);
    assert!(found.is_empty(), "{}", found.join("\n"));

    let diff = diff_catalogs(&v1.items, &v2.items);
    assert!(diff.added.len() >= 12, "only {} added", diff.added.len());
    assert!(diff.changed.len() >= 12, "only {} changed", diff.changed.len());
    assert!(diff.removed.len() >= 6, "only {} removed", diff.removed.len());
    assert_eq!(diff.unchanged + diff.changed.len() + diff.removed.len(), v1.items.len());
    assert!(diff.changed.iter().all(|c| !c.fields.contains(&"code")));
    let fields: BTreeSet<&str> =
        diff.changed.iter().flat_map(|c| c.fields.iter().copied()).collect();
    for f in ["name", "scope", "basis", "tiers", "fine_max"] {
        assert!(fields.contains(f), "no change touches {f}: {fields:?}");
    }
    assert!(diff.teams_affected.iter().any(|t| t == "青溪街道"));
}

/// 123 → 一百二十三, 10 → 十, 105 → 一百零五: the numerals of 第X条 headings.
fn cn_numeral(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    assert!((1..10_000).contains(&n), "article number {n} out of range");
    let (q, b, s, g) = (n / 1000, n / 100 % 10, n / 10 % 10, n % 10);
    let mut out = String::new();
    if q > 0 {
        out.push_str(D[q as usize]);
        out.push('千');
        if b == 0 && (s > 0 || g > 0) {
            out.push('零');
        }
    }
    if b > 0 {
        out.push_str(D[b as usize]);
        out.push('百');
    }
    if s > 0 {
        if n >= 20 {
            out.push_str(D[s as usize]);
        }
        out.push('十');
    } else if (b > 0 || q > 0) && g > 0 && !out.ends_with('零') {
        out.push('零');
    }
    if g > 0 {
        out.push_str(D[g as usize]);
    }
    out
}

#[test]
fn numerals_match_article_headings() {
    for (n, s) in [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (27, "二十七"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (118, "一百一十八"),
        (127, "一百二十七"),
    ] {
        assert_eq!(cn_numeral(n), s, "{n}");
    }
}

/// The law texts of `../shared/law`, keyed by file name.
fn law_files(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                files.insert(name, text);
            }
        }
    }
    files
}

/// The text of one article: from its heading line to the next heading.
fn article_text(law: &str, article: u32) -> Option<&str> {
    let heading = format!("第{}条", cn_numeral(article));
    let mut start = None;
    let mut offset = 0;
    for line in law.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(s) = start {
            if t.starts_with('第') && t.contains('条') && is_heading(t) || t.starts_with('#') {
                return Some(&law[s..offset]);
            }
        } else if t.starts_with(&heading) && is_heading(t) {
            start = Some(offset);
        }
        offset += line.len();
    }
    start.map(|s| &law[s..])
}

/// `第…条` followed by a space: an article heading, not a cross-reference inside a sentence.
fn is_heading(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('第') else { return false };
    let Some(pos) = rest.find('条') else { return false };
    let numeral = &rest[..pos];
    !numeral.is_empty()
        && numeral.chars().all(|c| "零一二三四五六七八九十百千".contains(c))
        && rest[pos + '条'.len_utf8()..].starts_with([' ', '　'])
}

#[test]
fn citations_match_the_law_texts() {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/law");
    if !dir.is_dir() {
        println!("skipped: ../shared/law not present");
        return;
    }
    let files = law_files(&dir);
    let mut missing = Vec::new();
    let mut checked = 0;
    for (name, text) in [("v1", V1), ("v2", V2)] {
        for item in load(name, text).items {
            for p in provisions(&item) {
                let at = format!("{name} {} {}", item.code, p.citation());
                let Some((_, law)) = files.iter().find(|(f, _)| {
                    f.starts_with(p.law.as_str()) && f[p.law.len()..].starts_with(['(', '（', '.'])
                }) else {
                    missing.push(format!("{at}: no law file for {}", p.law));
                    continue;
                };
                let Some(article) = p.article else { continue };
                let Some(body) = article_text(law, article) else {
                    missing.push(format!("{at}: no heading 第{}条", cn_numeral(article)));
                    continue;
                };
                for piece in p.text.split('…').map(str::trim).filter(|s| !s.is_empty()) {
                    if !body.contains(piece) {
                        missing.push(format!("{at}: quoted text not in the article: {piece}"));
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(checked > 300, "only {checked} citations checked");
}
