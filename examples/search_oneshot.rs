//! One-shot search as a whole process, comparable with `fzf --filter Q < names.txt`:
//! `target/release/examples/search_oneshot NAMES_FILE QUERY` reads one name per line, builds
//! the index, prints the top 50 names. Timings go to stderr.

use std::io::Write;
use std::time::Instant;
use zhifa::catalog::search::{SearchDoc, SearchFilter, SearchIndex};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(query)) = (args.next(), args.next()) else {
        eprintln!("usage: search_oneshot NAMES_FILE QUERY");
        std::process::exit(2);
    };
    let t = Instant::now();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let docs: Vec<SearchDoc> = text
        .lines()
        .enumerate()
        .map(|(i, name)| SearchDoc {
            code: format!("{i:012}"),
            name: name.to_string(),
            ..SearchDoc::default()
        })
        .collect();
    let loaded = t.elapsed();
    // Process-wide tables (t2s, pinyin) are built on first use; time them apart.
    drop(SearchIndex::build(vec![SearchDoc::default()]));
    let tables = t.elapsed() - loaded;
    let index = SearchIndex::build(docs);
    let built = t.elapsed();
    let hits = index.search(&query, &SearchFilter::default(), 50);
    let searched = t.elapsed();
    let mut out = std::io::stdout().lock();
    for h in &hits {
        let _ = writeln!(out, "{}", index.doc(h.doc).name);
    }
    eprintln!(
        "load {:.1} ms, tables {:.1} ms, build (incl. tables) {:.1} ms, search {:.1} ms",
        loaded.as_secs_f64() * 1e3,
        tables.as_secs_f64() * 1e3,
        (built - loaded).as_secs_f64() * 1e3,
        (searched - built).as_secs_f64() * 1e3
    );
}
