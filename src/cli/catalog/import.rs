//! `zhifa catalog import FILE`: validate everything, show the diff, then write one version.
//!
//! The steps are `catalog_update`'s (shared with the TUI); this file only prints and sets the
//! exit code.

use super::super::auth::{self, Passwords};
use super::super::context::Context;
use super::describe_diff;
use crate::catalog::import::bounds::MAX_PROBLEMS;
use crate::catalog::import::ImportReport;
use crate::catalog_update::{self, CommitError, Progress};
use crate::cli::out::{errln, out, outln};
use crate::cli::progress::{follow_update, Meter};
use crate::domain::version::CatalogVersion;
use crate::i18n::Lang;
use crate::store::NewVersion;
use anyhow::{anyhow, Result};
use chrono::NaiveDate;
use clap::Args;
use std::path::{Path, PathBuf};

/// Exit code when the file has validation errors (nothing written).
pub const EXIT_INVALID: i32 = 2;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The published file: .csv, .xlsx, .xls or .json
    file: PathBuf,
    /// Version label, e.g. 2026年上半年版 (default: from the file, else its name)
    #[arg(long)]
    label: Option<String>,
    /// Approving document number (批准文号)
    #[arg(long = "doc-no")]
    doc_no: Option<String>,
    /// First day in force, YYYY-MM-DD (default: from the file, else today)
    #[arg(long, value_parser = parse_date)]
    effective: Option<NaiveDate>,
    /// Validate and show the diff against the version in force; write nothing
    #[arg(long)]
    dry_run: bool,
}

/// Strict `YYYY-MM-DD`, with a message that says what was wrong.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|e| format!("“{text}” is not a date of the form YYYY-MM-DD ({e})"))
}

/// The catalog file read and checked (a bar on stderr follows it while a person waits), and its
/// report printed: what an import here and a publication at the centre both start with.
pub fn load_reported(file: &Path, today: NaiveDate, lang: Lang) -> Result<catalog_update::Loaded> {
    let progress = Progress::new();
    let meter = Meter::stderr("", false);
    let loaded =
        follow_update(&progress, &meter, lang, || catalog_update::load(file, today, &progress))
            .map_err(|e| anyhow!(e.message(lang)))?;
    drop(meter);
    print_report(&loaded.parsed.report, loaded.parsed.items.len(), lang);
    Ok(loaded)
}

pub fn run(ctx: &Context, args: ImportArgs, lang: Lang) -> Result<i32> {
    let today = ctx.clock.today();
    let loaded = load_reported(&args.file, today, lang)?;
    let error_count = loaded.parsed.report.error_count();
    if error_count > 0 {
        errln!("{}", errors_line(error_count, lang));
        return Ok(EXIT_INVALID);
    }
    if loaded.parsed.items.is_empty() {
        errln!(
            "{}",
            lang.pick(
                "文件中没有事项：未写入任何内容。",
                "the file holds no items: nothing was written."
            )
        );
        return Ok(EXIT_INVALID);
    }
    let meta = chosen_version(&args, &loaded.proposed);
    let mut store = ctx.open_store()?;
    // The comparison and the write report into it; a bar on stderr follows it.
    let progress = Progress::new();
    let prepared = {
        let meter = Meter::stderr("", false);
        follow_update(&progress, &meter, lang, || {
            catalog_update::compare(&store, loaded, today, &progress)
        })
        .map_err(|e| anyhow!(e.message(lang)))?
    };
    let refusals = prepared.refusals(&store.catalog_versions()?, &meta, today);
    if let Some(c) = &prepared.comparison {
        out!("{}", describe_diff(&c.in_force.label, &meta.label, &c.diff, lang));
    }
    // Citations against the law texts loaded, on the effective date chosen: warnings, never a
    // refusal.
    if prepared.citations.is_some() {
        let check = catalog_update::citations_on(&store, &prepared.parsed, meta.effective)?;
        for line in check.lines(meta.effective, 20, lang) {
            outln!("{line}");
        }
    }
    if !refusals.is_empty() {
        for r in &refusals {
            errln!("{}: {}{}", prepared.file_name, lang.pick("错误：", "error: "), r.message(lang));
        }
        errln!("{}", errors_line(refusals.len(), lang));
        return Ok(EXIT_INVALID);
    }
    if args.dry_run {
        errln!(
            "{}",
            lang.pick("试运行：校验通过，未写入任何内容。", "dry run: valid, nothing was written.")
        );
        return Ok(0);
    }
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let now = ctx.clock.now();
    let meter = Meter::stderr("", false);
    let version = follow_update(&progress, &meter, lang, || {
        catalog_update::commit(&mut store, &who, now, today, &prepared, &meta, &progress)
    })
    .map_err(|e| explain(e, lang))?;
    drop(meter);
    print_imported(&version, today, lang);
    Ok(0)
}

fn explain(error: CommitError, lang: Lang) -> anyhow::Error {
    match error {
        CommitError::Store(e) => auth::explain(e, lang),
        CommitError::Refused(r) => anyhow!(r.message(lang)),
    }
}

fn print_imported(version: &CatalogVersion, today: NaiveDate, lang: Lang) {
    let state = if version.effective > today {
        lang.pick("待生效", "scheduled")
    } else {
        lang.pick("现行", "in force")
    };
    outln!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "已导入目录版本 {}：{} 项，{} 起生效（{}），导入人 {}",
                version.label, version.item_count, version.effective, state, version.imported_by
            ),
            Lang::En => format!(
                "imported catalog version {}: {} items, effective {} ({}), by {}",
                version.label, version.item_count, version.effective, state, version.imported_by
            ),
        }
    );
}

fn errors_line(count: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("共 {count} 个错误：未写入任何内容，数据库保持原样。"),
        Lang::En => format!("{count} error(s): nothing was written, the database is unchanged."),
    }
}

/// The flags override what the pipeline proposed (the file's metadata, else its name and today).
fn chosen_version(args: &ImportArgs, proposed: &NewVersion) -> NewVersion {
    let mut meta = proposed.clone();
    if let Some(label) = &args.label {
        meta.label = label.trim().to_string();
    }
    if let Some(doc_no) = &args.doc_no {
        meta.doc_no = doc_no.clone();
    }
    if let Some(effective) = args.effective {
        meta.effective = effective;
    }
    meta
}

pub(crate) fn print_report(report: &ImportReport, items: usize, lang: Lang) {
    let format = report.format_text(lang);
    match lang {
        Lang::Zh => errln!("{}：{format}，{items} 项", report.file),
        Lang::En => errln!("{}: {format}, {items} items", report.file),
    }
    if !report.header_rows.is_empty() {
        let rows: Vec<String> = report.header_rows.iter().map(|r| r.to_string()).collect();
        errln!("  {}{}", lang.pick("表头行：", "header rows: "), rows.join(", "));
    }
    if !report.recognised.is_empty() {
        let cols: Vec<String> =
            report.recognised.iter().map(|c| format!("{} → {}", c.header, c.field)).collect();
        errln!("  {}{}", lang.pick("识别的列：", "recognised columns: "), cols.join("，"));
    }
    if !report.ignored.is_empty() {
        errln!("  {}{}", lang.pick("忽略的列：", "ignored columns: "), report.ignored.join("，"));
    }
    if report.derived_codes > 0 {
        match lang {
            Lang::Zh => errln!("  文件没有事项编码列：{} 项的编码由名称和部门生成（同一事项在下一版本中编码不变）", report.derived_codes),
            Lang::En => errln!("  no code column: derived codes for {} items from name and department (stable across versions)", report.derived_codes),
        }
    }
    for p in &report.problems {
        errln!("{p}");
    }
    let more = report.more_errors + report.more_warnings;
    if more > 0 {
        let (zh, en) = (
            format!("……另有 {more} 个问题未列出（最多列出 {} 个）", MAX_PROBLEMS),
            format!("… and {more} more problems not listed (at most {} are)", MAX_PROBLEMS),
        );
        errln!("{}", lang.pick(&zh, &en));
    }
}

#[cfg(test)]
mod properties {
    use super::parse_date;
    use chrono::{Datelike, NaiveDate};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// `--effective` and the other date arguments: a real day (spaces around it allowed)
        /// is that day; a day that does not exist, or another form, is refused quoting what
        /// was typed.
        #[test]
        fn date_arguments_are_read_exactly_or_refused_quoting_them(
            year in 1000_i32..9999, ordinal in 1_u32..367, pad in "[ \t]{0,2}", day_past_end in 1_u32..4,
        ) {
            let Some(day) = NaiveDate::from_yo_opt(year, ordinal) else {
                return Ok(()); // day 366 of a common year
            };
            let text = format!("{pad}{}{pad}", day.format("%Y-%m-%d"));
            prop_assert_eq!(parse_date(&text), Ok(day));
            let month_end = (28..=31).rev().find(|d| day.with_day(*d).is_some()).unwrap_or(28);
            for wrong in [
                format!("{year}-{:02}-{:02}", day.month(), month_end + day_past_end),
                format!("{year}/{}", day.format("%m/%d")),
                format!("{}", day.format("%d-%m-%Y")),
            ] {
                let reason = parse_date(&wrong).err().unwrap_or_default();
                prop_assert!(reason.starts_with(&format!("“{wrong}” is not a date of the form YYYY-MM-DD")), "{}", reason);
            }
        }
    }
}
