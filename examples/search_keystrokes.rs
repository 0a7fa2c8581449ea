//! Per-keystroke timings (slowest first): `cargo run --release --example search_keystrokes -- N`.
//! Shows which prefixes dominate the benchmark's tail.

use std::time::Instant;
use zhifa::bench::catalog::generate_catalog;
use zhifa::bench::search::BENCH_QUERIES;
use zhifa::catalog::search::{SearchDoc, SearchFilter, SearchIndex, Searcher};

fn main() {
    let n = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let docs: Vec<SearchDoc> = generate_catalog(n, 42).iter().map(SearchDoc::from_item).collect();
    let index = SearchIndex::build(docs);
    let f = SearchFilter::default();
    let mut rows = Vec::new();
    let mut mismatches = 0;
    for q in BENCH_QUERIES {
        let mut s = Searcher::new();
        let mut typed = String::new();
        for c in q.chars() {
            typed.push(c);
            let t = Instant::now();
            let hits = s.search(&index, &typed, &f, 50);
            rows.push((
                t.elapsed().as_secs_f64() * 1e3,
                typed.clone(),
                s.candidate_count(),
                hits.len(),
            ));
            // The incremental path must give exactly the one-shot result.
            if hits != index.search(&typed, &f, 50) {
                mismatches += 1;
                println!("MISMATCH for {typed:?}");
            }
        }
    }
    println!("{mismatches} incremental/full mismatches");
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, q, matched, shown) in rows.iter().take(25) {
        println!("{ms:8.2} ms  {q:<16} matched {matched:>6} shown {shown}");
    }
}
