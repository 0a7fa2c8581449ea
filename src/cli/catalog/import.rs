//! `zhifa catalog import FILE`: validate everything, show the diff, then write one version.

use super::super::auth::{self, Passwords};
use super::super::context::Context;
use super::describe_diff;
use crate::catalog::import::{read_catalog_bytes, ImportReport, ParsedCatalog};
use crate::domain::diff::diff_catalogs;
use crate::domain::version::{check_new_effective, in_force_on};
use crate::i18n::Lang;
use crate::store::{NewVersion, StoreError};
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::Args;
use sha2::{Digest, Sha256};
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

pub fn run(ctx: &Context, args: ImportArgs, lang: Lang) -> Result<i32> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let file_name = display_name(&args.file);
    let parsed = read_catalog_bytes(&file_name, &bytes)?;
    print_report(&parsed.report, parsed.items.len(), lang);
    let error_count = parsed.report.errors().count();
    if error_count > 0 {
        eprintln!("{}", errors_line(error_count, lang));
        return Ok(EXIT_INVALID);
    }
    if parsed.items.is_empty() {
        eprintln!(
            "{}",
            lang.pick(
                "文件中没有事项：未写入任何内容。",
                "the file holds no items: nothing was written."
            )
        );
        return Ok(EXIT_INVALID);
    }
    let meta = new_version(ctx, &args, &parsed, &file_name, &bytes);
    let mut store = ctx.open_store()?;
    let versions = store.catalog_versions()?;
    let mut refusals = Vec::new();
    if versions.iter().any(|v| v.label == meta.label) {
        refusals.push(StoreError::DuplicateLabel(meta.label.clone()).to_string());
    }
    if let Err(e) = check_new_effective(&versions, meta.effective, ctx.clock.today()) {
        refusals.push(e.to_string());
    }
    if let Some(i) = in_force_on(&versions, ctx.clock.today()) {
        let current = store.catalog_items(versions[i].id)?;
        let d = diff_catalogs(&current, &parsed.items);
        print!("{}", describe_diff(&versions[i].label, &meta.label, &d, lang));
    }
    if !refusals.is_empty() {
        for r in &refusals {
            eprintln!("{}: error: {r}", file_name);
        }
        eprintln!("{}", errors_line(refusals.len(), lang));
        return Ok(EXIT_INVALID);
    }
    if args.dry_run {
        eprintln!(
            "{}",
            lang.pick("试运行：校验通过，未写入任何内容。", "dry run: valid, nothing was written.")
        );
        return Ok(0);
    }
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let now = ctx.clock.now();
    let version = store
        .import_catalog(&who, now, ctx.clock.today(), &meta, &parsed.items)
        .map_err(|e| auth::explain(e, lang))?;
    let state = if version.effective > ctx.clock.today() {
        lang.pick("待生效", "scheduled")
    } else {
        lang.pick("现行", "in force")
    };
    println!(
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
    Ok(0)
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn errors_line(count: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("共 {count} 个错误：未写入任何内容，数据库保持原样。"),
        Lang::En => format!("{count} error(s): nothing was written, the database is unchanged."),
    }
}

/// Label, document number and effective date: flags first, then the file's own metadata, then
/// the file name and today.
fn new_version(
    ctx: &Context,
    args: &ImportArgs,
    parsed: &ParsedCatalog,
    file_name: &str,
    bytes: &[u8],
) -> NewVersion {
    let meta = parsed.meta.clone().unwrap_or_default();
    let stem = Path::new(file_name).file_stem().map(|s| s.to_string_lossy().into_owned());
    let label = args
        .label
        .clone()
        .or_else(|| Some(meta.label.clone()).filter(|l| !l.trim().is_empty()))
        .or(stem)
        .unwrap_or_else(|| file_name.to_string());
    NewVersion {
        label: label.trim().to_string(),
        doc_no: args.doc_no.clone().unwrap_or(meta.doc_no),
        effective: args.effective.or(meta.effective).unwrap_or_else(|| ctx.clock.today()),
        source_name: file_name.to_string(),
        source_sha256: hex::encode(Sha256::digest(bytes)),
    }
}

fn print_report(report: &ImportReport, items: usize, lang: Lang) {
    let encoding = report.encoding.as_deref().unwrap_or("—");
    match lang {
        Lang::Zh => {
            eprintln!("{}：格式 {:?}，编码 {}，{} 项", report.file, report.format, encoding, items)
        }
        Lang::En => eprintln!(
            "{}: format {:?}, encoding {}, {} items",
            report.file, report.format, encoding, items
        ),
    }
    if !report.header_rows.is_empty() {
        let rows: Vec<String> = report.header_rows.iter().map(|r| r.to_string()).collect();
        eprintln!("  {}{}", lang.pick("表头行：", "header rows: "), rows.join(", "));
    }
    if !report.recognised.is_empty() {
        let cols: Vec<String> =
            report.recognised.iter().map(|c| format!("{} → {}", c.header, c.field)).collect();
        eprintln!("  {}{}", lang.pick("识别的列：", "recognised columns: "), cols.join("，"));
    }
    if !report.ignored.is_empty() {
        eprintln!(
            "  {}{}",
            lang.pick("忽略的列：", "ignored columns: "),
            report.ignored.join("，")
        );
    }
    if report.derived_codes > 0 {
        match lang {
            Lang::Zh => eprintln!("  文件没有事项编码列：{} 项的编码由名称和部门生成（同一事项在下一版本中编码不变）", report.derived_codes),
            Lang::En => eprintln!("  no code column: derived codes for {} items from name and department (stable across versions)", report.derived_codes),
        }
    }
    for p in &report.problems {
        eprintln!("{p}");
    }
}
