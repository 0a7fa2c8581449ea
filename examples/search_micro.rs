//! Median time of full (non-incremental) searches for a few worst-case prefixes, repeated:
//! `cargo run --release --example search_micro -- [items]`. Steadier than the keystroke replay
//! for comparing engine changes.

use std::time::Instant;
use zhifa::bench::catalog::generate_catalog;
use zhifa::catalog::search::{MatcherKind, SearchDoc, SearchFilter, SearchIndex};

fn main() {
    let n = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let custom: Vec<String> = std::env::args().skip(2).collect();
    let docs: Vec<SearchDoc> = generate_catalog(n, 42).iter().map(SearchDoc::from_item).collect();
    let mut builds = Vec::new();
    let mut index = None;
    for _ in 0..5 {
        let d = docs.clone();
        let t = Instant::now();
        index = Some(SearchIndex::build(d));
        builds.push(t.elapsed().as_secs_f64() * 1e3);
    }
    builds.sort_by(f64::total_cmp);
    println!("build median {:.1} ms", builds[2]);
    let Some(mut index) = index else { return };
    let f = SearchFilter::default();
    // The fuzzy fallback alone: code-like terms that match no code prefix or substring.
    for m in MatcherKind::ALL {
        index = index.with_matcher(m);
        let mut ts: Vec<f64> = (0..15)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(index.search("3302050001", &f, 50));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        ts.sort_by(f64::total_cmp);
        println!("fuzzy 3302050001 with {:<13} median {:6.2} ms", m.name(), ts[7]);
    }
    let default = ["z", "zh", "zyd", "zydl", "shen", "占", "垃圾分类", "3302", "ktv", "jianzhu l"];
    let queries: Vec<&str> = if custom.is_empty() {
        default.to_vec()
    } else {
        custom.iter().map(String::as_str).collect()
    };
    for q in queries {
        let mut ts: Vec<f64> = (0..15)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(index.search(q, &f, 50));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        ts.sort_by(f64::total_cmp);
        println!("{q:<10} median {:6.2} ms  min {:6.2} ms", ts[7], ts[0]);
    }
}
