//! Search benchmark harness: `cargo run --release --example search_bench -- [items...]`.
//!
//! For each catalog size, prints the keystroke report for both matchers, then times a one-shot
//! "build + one search" (what `zhifa search` does per process) and writes the generated names to
//! `target/bench_names_<n>.txt` so `fzf --filter` can be timed on the same data.

use std::time::Instant;
use zhifa::bench::catalog::generate_catalog;
use zhifa::bench::search::compare_matchers;
use zhifa::catalog::search::{SearchDoc, SearchFilter, SearchIndex};

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000] } else { sizes };
    for n in sizes {
        for r in compare_matchers(n, 42) {
            println!("{}", serde_json::to_string(&r).unwrap_or_default());
        }
        let items = generate_catalog(n, 42);
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        let path = format!("target/bench_names_{n}.txt");
        if let Err(e) = std::fs::write(&path, names.join("\n")) {
            eprintln!("cannot write {path}: {e}");
        }
        let docs: Vec<SearchDoc> = items.iter().map(SearchDoc::from_item).collect();
        for q in ["zydl", "占用城市道路", "垃圾分类"] {
            let docs = docs.clone();
            let t = Instant::now();
            let index = SearchIndex::build(docs);
            let build = t.elapsed();
            let hits = index.search(q, &SearchFilter::default(), 50);
            println!(
                "one-shot {n} {q}: build {:.1} ms, build+search {:.1} ms, {} hits",
                build.as_secs_f64() * 1e3,
                t.elapsed().as_secs_f64() * 1e3,
                hits.len()
            );
        }
    }
}
