//! `zhifa bench …`: measured figures, never timed tests. The last line of each benchmark is one
//! JSON object, so scripts can collect the numbers.

mod casework;
mod documents;
mod password;
mod report;

use crate::bench::catalog::generate_catalog;
use crate::bench::search::{compare_matchers, run_search_bench};
use crate::catalog::import::read_catalog;
use crate::catalog::search::MatcherKind;
use crate::domain::actor::Actor;
use crate::domain::catalog::CatalogItem;
use crate::store::{NewVersion, Store};
use anyhow::{Context, Result};
use clap::Subcommand;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Replay queries typed one character at a time over a generated catalog
    Search {
        #[arg(long, default_value_t = 100_000)]
        items: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Also run the other matcher on the same data, for comparison
        #[arg(long)]
        compare: bool,
    },
    /// Write a generated catalog to FILE: .csv as a county would publish it, .json canonical
    Generate {
        file: std::path::PathBuf,
        #[arg(long, default_value_t = 100_000)]
        items: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// The interface: start-up to the login, frames at 200×60, keystroke to frame, memory
    Tui {
        #[arg(long, default_value_t = 100_000)]
        items: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Frames measured per screen state
        #[arg(long, default_value_t = 200)]
        frames: usize,
        /// Measure on this database (with a catalog in force) instead of a generated one
        #[arg(long = "on", value_name = "DB")]
        on: Option<std::path::PathBuf>,
    },
    /// Ten years of a busy county's casework (1M patrols, 3M findings, 200k cases, 500k tickets
    /// at scale 1): generation time, database size, opening the app, each work tab to its
    /// first frame, recording a finding, `zhifa case list --overdue` as a process
    Casework {
        /// Share of the full history to generate (0.001 for a quick look)
        #[arg(long, default_value_t = 1.0, value_parser = casework::parse_scale)]
        scale: f64,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Runs of each measurement
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// Measure on this database (one generated before, kept with --keep) instead
        #[arg(long = "on", value_name = "DB", conflicts_with = "keep")]
        on: Option<std::path::PathBuf>,
        /// Generate into this new file and keep it
        #[arg(long, value_name = "DB")]
        keep: Option<std::path::PathBuf>,
    },
    /// Enforcement documents: one decision made and issued, a dossier of 15 documents
    Documents {
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// A year's report by team (and by officer, by month) and the 统计 tab's first frame, on
    /// generated years of casework (scale 0.2 over 2 years is the ten-year county's density)
    Report {
        #[arg(long, default_value_t = 0.2, value_parser = casework::parse_scale)]
        scale: f64,
        #[arg(long, default_value_t = 2)]
        years: u32,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// Measure on this database (one generated before) instead
        #[arg(long = "on", value_name = "DB", conflicts_with = "keep")]
        on: Option<std::path::PathBuf>,
        /// Generate into this new file and keep it
        #[arg(long, value_name = "DB")]
        keep: Option<std::path::PathBuf>,
    },
    /// One Argon2id password hash at the production cost (what each login waits)
    Password {
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// Import a generated catalog, written as a published CSV, into a fresh database file
    Import {
        #[arg(long, default_value_t = 100_000)]
        items: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
}

pub fn run(cmd: BenchCommand) -> Result<i32> {
    match cmd {
        BenchCommand::Search { items, seed, compare } => bench_search(items, seed, compare),
        BenchCommand::Generate { file, items, seed } => generate(&file, items, seed),
        BenchCommand::Import { items, seed } => bench_import(items, seed),
        BenchCommand::Password { runs } => password::run(runs),
        BenchCommand::Documents { runs } => documents::run(runs),
        BenchCommand::Tui { items, seed, frames, on } => bench_tui(items, seed, frames, on),
        BenchCommand::Casework { scale, seed, runs, on, keep } => {
            casework::run(casework::Args { scale, seed, runs, on, keep })
        }
        BenchCommand::Report { scale, years, seed, runs, on, keep } => {
            report::run(report::Args { scale, years, seed, runs, on, keep })
        }
    }
}

fn bench_search(items: usize, seed: u64, compare: bool) -> Result<i32> {
    let reports = if compare {
        compare_matchers(items, seed)
    } else {
        vec![run_search_bench(items, seed, MatcherKind::default())]
    };
    for r in &reports {
        println!(
            "{} items, matcher {}: index build {:.1} ms; {} keystrokes: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            r.items, r.matcher.name(), r.build_ms, r.keystrokes, r.p50_ms, r.p99_ms, r.max_ms
        );
    }
    // The default matcher's figures are the last line, as the one JSON object scripts read.
    let default = reports.iter().find(|r| r.matcher == MatcherKind::default()).or(reports.last());
    if let Some(report) = default {
        println!("{}", serde_json::to_string(report)?);
    }
    Ok(0)
}

fn generate(path: &Path, items: usize, seed: u64) -> Result<i32> {
    let catalog = generate_catalog(items, seed);
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let json = crate::catalog::format::CatalogFile::new(None, catalog).to_json()?;
        std::fs::write(path, json).with_context(|| format!("writing {}", path.display()))?;
    } else {
        write_published_csv(path, &catalog)?;
    }
    eprintln!("wrote {items} generated items to {}", path.display());
    Ok(0)
}

fn bench_import(items: usize, seed: u64) -> Result<i32> {
    let dir = std::env::temp_dir().join(format!("zhifa-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = import_in(&dir, items, seed);
    let _ = std::fs::remove_dir_all(&dir);
    let figures = result?;
    println!(
        "import of {} items: read+validate {:.0} ms, write {:.0} ms, total {:.0} ms (CSV {:.1} MB, database {:.1} MB)",
        figures.items, figures.read_ms, figures.write_ms, figures.total_ms, figures.csv_mb, figures.db_mb
    );
    println!("{}", serde_json::to_string(&figures)?);
    Ok(0)
}

/// With `--on DB`, measures there. Otherwise builds a database of `items` generated items, then
/// measures in a fresh process (`--on`), so that the import's memory does not count as the
/// interface's.
fn bench_tui(
    items: usize,
    seed: u64,
    frames: usize,
    on: Option<std::path::PathBuf>,
) -> Result<i32> {
    if let Some(db) = on {
        let report = crate::bench::tui::run(&db, frames)?;
        println!("{report}");
        println!("{}", serde_json::to_string(&report)?);
        return Ok(0);
    }
    let dir = std::env::temp_dir().join(format!("zhifa-bench-tui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = import_in(&dir, items, seed).and_then(|_| {
        let exe = std::env::current_exe()?;
        let status = std::process::Command::new(exe)
            .args(["bench", "tui", "--frames", &frames.to_string(), "--on"])
            .arg(dir.join("bench.db"))
            .status()?;
        Ok(status.code().unwrap_or(1))
    });
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[derive(serde::Serialize)]
struct ImportFigures {
    items: usize,
    read_ms: f64,
    write_ms: f64,
    total_ms: f64,
    csv_mb: f64,
    db_mb: f64,
}

fn import_in(dir: &Path, items: usize, seed: u64) -> Result<ImportFigures> {
    let csv_path = dir.join("generated.csv");
    write_published_csv(&csv_path, &generate_catalog(items, seed))?;
    let db_path = dir.join("bench.db");
    let start = Instant::now();
    let parsed = read_catalog(&csv_path)?;
    anyhow::ensure!(!parsed.report.has_errors(), "the generated catalog did not validate");
    let read = start.elapsed();
    let mut store = Store::open(&db_path)?;
    let actor = Actor::new("bench", "bench", std::process::id());
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).context("date")?;
    let meta = NewVersion {
        label: "bench".into(),
        doc_no: String::new(),
        effective: day,
        source_name: "generated.csv".into(),
        source_sha256: "0".repeat(64),
    };
    let who = store.bootstrap_identity(actor)?;
    store.import_catalog(&who, chrono::Utc::now(), day, &meta, &parsed.items)?;
    let total = start.elapsed();
    let mb = |p: &Path| std::fs::metadata(p).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0);
    Ok(ImportFigures {
        items: parsed.items.len(),
        read_ms: read.as_secs_f64() * 1e3,
        write_ms: (total - read).as_secs_f64() * 1e3,
        total_ms: total.as_secs_f64() * 1e3,
        csv_mb: mb(&csv_path),
        db_mb: mb(&db_path) + mb(&db_path.with_extension("db-wal")),
    })
}

/// Writes items as a county would publish them: Chinese headers, one row per item.
fn write_published_csv(path: &Path, items: &[CatalogItem]) -> Result<()> {
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("creating {}", path.display()))?;
    w.write_record([
        "事项编码",
        "事项名称",
        "职权类型",
        "执法领域",
        "原实施部门",
        "实施范围",
        "处罚依据",
        "处罚种类及幅度",
        "备注",
    ])?;
    for item in items {
        let basis: Vec<String> = item
            .basis
            .penalty
            .iter()
            .map(|p| {
                format!(
                    "{}{}",
                    p.citation(),
                    if p.text.is_empty() { String::new() } else { format!("：{}", p.text) }
                )
            })
            .collect();
        w.write_record([
            item.code.as_str(),
            &item.name,
            item.power_type.label_zh(),
            &item.domain,
            &item.department,
            &item.scope.join("、"),
            &basis.join("；"),
            &item.penalty_text,
            &item.remarks,
        ])?;
    }
    w.flush()?;
    Ok(())
}
