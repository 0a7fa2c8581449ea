//! The search benchmark: generate a catalog, build the index (timed), then replay realistic
//! queries typed one char at a time through [`Searcher`], timing every keystroke (search + the
//! top 50 hits), as the TUI will.

use crate::catalog::generate_catalog;
use serde::{Deserialize, Serialize};
use std::time::Instant;
use zhifa_catalog::search::{MatcherKind, SearchDoc, SearchFilter, SearchIndex, Searcher};

/// Hits the TUI shows per keystroke.
const TOP: usize = 50;

/// Queries as users type them: Chinese, full pinyin, initials, mixed, codes, law names,
/// traditional characters, full-width, Latin letters, everyday words.
pub const BENCH_QUERIES: &[&str] = &[
    "占用城市道路",
    "擅自占用",
    "垃圾分类",
    "生活垃圾",
    "户外广告",
    "建筑垃圾运输",
    "违法建设",
    "油烟",
    "噪声",
    "城市道路管理条例",
    "大气污染防治法",
    "城乡规划法",
    "zydl",
    "zhanyong",
    "zhanydl",
    "lajifenlei",
    "ljfl",
    "hwgg",
    "shenghuolaji",
    "zaosheng",
    "wfjs",
    "youyan",
    "3302",
    "330217",
    "33021703",
    "佔用城市道路",
    "垃圾分類",
    "ＫＴＶ",
    "led",
    "gps",
    "道路 挖掘",
    "施工 噪声",
    "绿化 砍伐",
    "河道 采砂",
    "食品摊贩",
    "出租汽车",
    "jianzhu laji",
    "拒不改正",
    "3302050001",
    "ledxs",
    "ktvbx",
    // Everyday words: the lexicon and the related pass (run in full at every keystroke).
    "遛狗不牵绳",
    "渣土车带泥",
    "店门口摆摊",
    "群租房",
    "共享单车乱停",
    "烧垃圾冒黑烟",
];

/// Result of one benchmark run, serialisable for the CLI's JSON line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchBenchReport {
    pub items: usize,
    pub build_ms: f64,
    pub keystrokes: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub matcher: MatcherKind,
}

pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Value at quantile `q` of sorted samples.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Time the index build and every keystroke of [`BENCH_QUERIES`] on a prepared catalog.
pub fn bench_docs(docs: Vec<SearchDoc>, matcher: MatcherKind) -> SearchBenchReport {
    let items = docs.len();
    let t = Instant::now();
    let index = SearchIndex::build(docs).with_matcher(matcher);
    let build_ms = ms(t.elapsed());
    let filter = SearchFilter::default();
    // Warm-up, untimed: first-use costs (thread-local matcher state, page faults of fresh
    // buffers) would otherwise land on whichever matcher is measured first.
    for q in BENCH_QUERIES {
        std::hint::black_box(index.search(q, &filter, TOP));
    }
    let mut samples = Vec::new();
    for q in BENCH_QUERIES {
        let mut searcher = Searcher::new();
        let mut typed = String::new();
        for c in q.chars() {
            typed.push(c);
            let t = Instant::now();
            let hits = searcher.search(&index, &typed, &filter, TOP);
            std::hint::black_box(&hits);
            samples.push(ms(t.elapsed()));
        }
    }
    samples.sort_by(f64::total_cmp);
    SearchBenchReport {
        items,
        build_ms,
        keystrokes: samples.len(),
        p50_ms: quantile(&samples, 0.50),
        p99_ms: quantile(&samples, 0.99),
        max_ms: samples.last().copied().unwrap_or(0.0),
        matcher,
    }
}

fn docs_for(items: usize, seed: u64) -> Vec<SearchDoc> {
    generate_catalog(items, seed).iter().map(SearchDoc::from_item).collect()
}

/// Generate `items` items, build, replay the keystrokes.
pub fn run_search_bench(items: usize, seed: u64, matcher: MatcherKind) -> SearchBenchReport {
    let docs = docs_for(items, seed);
    // Build from a compact copy, as the store's loader delivers documents: docs left interleaved
    // with the freed generator items measured heap fragmentation (4x slower builds), not search.
    bench_docs(docs.clone(), matcher)
}

/// Both matchers on the same generated catalog.
pub fn compare_matchers(items: usize, seed: u64) -> Vec<SearchBenchReport> {
    let docs = docs_for(items, seed);
    MatcherKind::ALL.iter().map(|&m| bench_docs(docs.clone(), m)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bench_runs_and_reports() {
        let r = run_search_bench(300, 1, MatcherKind::Nucleo);
        assert_eq!(r.items, 300);
        assert!(r.keystrokes >= 30 * 3);
        assert!(r.p50_ms <= r.p99_ms && r.p99_ms <= r.max_ms);
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert!(json.contains("\"p99_ms\""));
    }
}
