//! Show the top hits for some queries over a generated catalog, with highlights in 【】:
//! `cargo run --release --example search_demo -- [items] [query...]`.

use zhifa::bench::catalog::generate_catalog;
use zhifa::bench::search::BENCH_QUERIES;
use zhifa::catalog::search::{SearchDoc, SearchFilter, SearchIndex};

fn main() {
    let mut args = std::env::args().skip(1);
    let n = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = BENCH_QUERIES.iter().map(|q| q.to_string()).collect();
    }
    let docs: Vec<SearchDoc> = generate_catalog(n, 42).iter().map(SearchDoc::from_item).collect();
    let index = SearchIndex::build(docs);
    for q in &queries {
        println!("== {q}");
        for h in index.search(q, &SearchFilter::default(), 4) {
            let d = index.doc(h.doc);
            let name: String = d
                .name
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if h.name_positions.contains(&i) {
                        format!("【{c}】")
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            println!("  {:>9} {:?}/{:?} {} {}", h.score, h.field, h.kind, d.code, name);
        }
    }
}
