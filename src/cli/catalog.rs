//! `zhifa catalog …`: import, search, show, versions, diff, export.

use crate::cli::out::{errln, out};
pub(super) mod import;
mod lexicon;
mod show;

pub(super) use import::parse_date;

use super::context::Context;
use super::table;
use crate::catalog::format::{CatalogFile, VersionMeta};
use crate::catalog::search::{Hit, MatchKind, SearchFilter, SearchIndex};
use crate::domain::catalog::PowerType;
use crate::domain::diff::{self, diff_catalogs, CatalogDiff};
use crate::domain::version::{ends_on, statuses_on, CatalogVersion};
use crate::i18n::Lang;
use crate::store::Store;
use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Load a published catalog (CSV, XLSX/XLS, JSON) as a new version
    Import(import::ImportArgs),
    /// Find items by Chinese text, pinyin, pinyin initials, code or law name
    Search(SearchArgs),
    /// Show one item in full
    Show(ShowArgs),
    /// List catalog versions
    Versions(JsonFlag),
    /// Items added, changed and removed between two versions
    Diff(DiffArgs),
    /// Write a version as canonical JSON (FILE or - for standard output)
    Export(ExportArgs),
    /// The everyday words search understands: the shipped lexicon and this bureau's additions
    #[command(subcommand)]
    Lexicon(lexicon::LexiconCommand),
    /// What officers of this station chose after which words (those come first in search)
    Learned(lexicon::LearnedArgs),
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for; several words must all match
    query: Vec<String>,
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Search this version instead of the one in force today
    #[arg(long, value_name = "LABEL")]
    version: Option<String>,
    /// Power type, e.g. 行政处罚 or penalty
    #[arg(long = "type", value_name = "T")]
    power_type: Option<PowerType>,
    /// Enforcement domain, e.g. 市容环境卫生
    #[arg(long, value_name = "D")]
    domain: Option<String>,
    /// Only items this street/team may exercise
    #[arg(long, value_name = "TEAM")]
    team: Option<String>,
    #[arg(long)]
    json: bool,
    /// Record that you chose this item for this query (it comes first for the same words later)
    #[arg(long, value_name = "CODE")]
    choose: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    code: String,
    #[arg(long, value_name = "LABEL")]
    version: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Older version label (default: the version before TO)
    from: Option<String>,
    /// Newer version label (default: the latest version)
    to: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output file, or - for standard output
    file: PathBuf,
    #[arg(long, value_name = "LABEL")]
    version: Option<String>,
}

pub fn run(ctx: &Context, cmd: CatalogCommand, lang: Lang) -> Result<i32> {
    match cmd {
        CatalogCommand::Import(args) => import::run(ctx, args, lang),
        CatalogCommand::Search(args) => search(ctx, args, lang),
        CatalogCommand::Show(args) => show::run(ctx, args.code, args.version, args.json, lang),
        CatalogCommand::Versions(flag) => versions(ctx, flag.json, lang),
        CatalogCommand::Diff(args) => diff(ctx, args, lang),
        CatalogCommand::Export(args) => export(ctx, args, lang),
        CatalogCommand::Lexicon(cmd) => lexicon::run(ctx, cmd, lang),
        CatalogCommand::Learned(args) => lexicon::learned(ctx, args, lang),
    }
}

/// The version named by `--version`, or the one in force today.
pub(super) fn chosen_version(
    ctx: &Context,
    store: &Store,
    label: Option<&str>,
) -> Result<CatalogVersion> {
    Ok(match label {
        Some(label) => store.version_by_label(label)?,
        None => store.version_in_force(ctx.clock.today())?,
    })
}

fn search(ctx: &Context, args: SearchArgs, lang: Lang) -> Result<i32> {
    let store = ctx.open_store()?;
    let version = chosen_version(ctx, &store, args.version.as_deref())?;
    let docs = store.search_docs(version.id)?;
    let mut index = SearchIndex::build(docs)
        .with_lexicon(store.search_lexicon()?)
        .with_learned(store.learned_choices()?);
    let filter = SearchFilter {
        power_type: args.power_type,
        domain: args.domain,
        department: None,
        team: args.team,
    };
    let query = args.query.join(" ");
    if let Some(code) = &args.choose {
        drop(store);
        let learned = lexicon::choose(ctx, &index, &query, code, lang)?;
        index.set_learned(learned);
    }
    search_and_print(index, &query, &filter, args.limit, args.json, &version.label, lang)
}

/// The hits of `query`, printed as a table or JSON under the version's label: a station's search
/// and the centre's alike.
fn search_and_print(
    index: SearchIndex,
    query: &str,
    filter: &SearchFilter,
    limit: usize,
    json: bool,
    label: &str,
    lang: Lang,
) -> Result<i32> {
    // Ranked in full so the heading can say how many matched, not only how many are shown.
    let mut hits = index.search(query, filter, index.docs().len().max(limit));
    let total = hits.len();
    hits.truncate(limit);
    if json {
        print_hits_json(&index, &hits, label)?;
    } else {
        print_hits(&index, &hits, total, label, lang);
    }
    // A one-shot command exits right after printing: freeing a 100k-item index piece by piece
    // would cost more than the search itself, so the operating system reclaims it at exit.
    std::mem::forget(index);
    Ok(0)
}

/// `zhifa --central URL catalog search …`: the version published at the centre in force today
/// (or `--version LABEL`), read back and checked as a station takes it in, searched by the same
/// index as a station's (the shipped everyday words: a station's additions and learned choices
/// are its own); the same output. `--choose` records a choice at a station, not here.
pub fn central_search(url: &str, args: SearchArgs, lang: Lang) -> Result<i32> {
    if args.choose.is_some() {
        errln!(
            "zhifa: {}",
            lang.pick(
                "--choose 记录本站的选择，不能在中心使用",
                "--choose records a choice at a station, not at the centre"
            )
        );
        return Ok(2);
    }
    let today = crate::clock::Clock::from_env().map_err(anyhow::Error::msg)?.today();
    let mut centre = super::sync::connect(url, lang)?;
    let published = centre.publications()?;
    let chosen = match &args.version {
        Some(label) => published.iter().find(|p| &p.label == label),
        None => published.iter().rev().find(|p| p.effective <= today),
    };
    let Some(publication) = chosen else {
        let why = match (&args.version, published.is_empty(), lang) {
            (Some(label), _, Lang::Zh) => format!("中心未发布目录版本 {label}"),
            (Some(label), _, Lang::En) => format!("no catalog version {label} is published at the centre"),
            (None, true, Lang::Zh) => "中心尚未发布任何目录版本".to_string(),
            (None, true, Lang::En) => "no catalog version is published at the centre".to_string(),
            (None, false, Lang::Zh) => format!("中心发布的目录版本在 {today} 均未生效：用 --version 指定"),
            (None, false, Lang::En) => format!(
                "no catalog version published at the centre is in force on {today}: name one with --version"
            ),
        };
        errln!("zhifa: {why}");
        return Ok(2);
    };
    let items = match crate::sync::read_published(&mut centre, publication)
        .map_err(|e| anyhow::Error::msg(e.message(lang)))?
    {
        Ok(items) => items,
        Err(what) => {
            errln!(
                "zhifa: {}",
                match lang {
                    Lang::Zh => format!("中心的目录版本 {} 已损坏：{what}", publication.label),
                    Lang::En => format!(
                        "the catalog version {} at the centre is damaged: {what}",
                        publication.label
                    ),
                }
            );
            return Ok(3);
        }
    };
    let docs = items.iter().map(crate::catalog::search::SearchDoc::from_item).collect();
    let index = SearchIndex::build(docs).with_lexicon(crate::catalog::search::Lexicon::shipped());
    let filter = SearchFilter {
        power_type: args.power_type,
        domain: args.domain,
        department: None,
        team: args.team,
    };
    let query = args.query.join(" ");
    search_and_print(index, &query, &filter, args.limit, args.json, &publication.label, lang)
}

fn print_hits_json(index: &SearchIndex, hits: &[Hit], label: &str) -> Result<()> {
    let rows: Vec<serde_json::Value> = hits
        .iter()
        .map(|hit| {
            let doc = index.doc(hit.doc);
            serde_json::json!({
                "code": doc.code,
                "name": doc.name,
                "score": hit.score,
                "version": label,
                "power_type": doc.power_type,
                "domain": doc.domain,
                "department": doc.department,
                "matched_field": format!("{:?}", hit.field).to_lowercase(),
                "match_kind": format!("{:?}", hit.kind).to_lowercase(),
                "positions": hit.name_positions,
                "via": hit.via,
                "learned": hit.learned,
            })
        })
        .collect();
    crate::cli::json::print(&rows)?;
    Ok(())
}

fn print_hits(index: &SearchIndex, hits: &[Hit], total: usize, label: &str, lang: Lang) {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = std::io::stdout().lock();
    let heading = results_heading(label, hits.len(), total, lang);
    let _ = writeln!(out, "{heading}");
    for hit in hits {
        let doc = index.doc(hit.doc);
        let name = table::truncate(&doc.name, 80);
        let shown = if color { highlight(&name, &hit.name_positions) } else { name };
        let why = why_related(hit, lang);
        let _ = writeln!(out, "{}  {}  {}{why}", table::pad(&doc.code, 14), shown, doc.department);
    }
}

/// The fields a changed item changed, named as the reader's language names them.
fn changed_fields_text(fields: &[&str], lang: Lang) -> String {
    let names: Vec<&str> = fields.iter().map(|f| diff::field_label(f, lang)).collect();
    format!("  ({})", names.join(lang.pick("、", ", ")))
}

/// How many matched, and whether the list below is cut (a cut list says so and how to see more).
fn results_heading(label: &str, shown: usize, total: usize, lang: Lang) -> String {
    match (lang, shown < total) {
        (Lang::Zh, false) => format!("目录版本 {label}：{total} 条结果"),
        (Lang::Zh, true) => {
            format!("目录版本 {label}：共 {total} 条结果，显示前 {shown} 条（--limit N 显示更多）")
        }
        (Lang::En, false) => format!("catalog version {label}: {total} results"),
        (Lang::En, true) => format!(
            "catalog version {label}: {total} results, showing the first {shown} (--limit N shows more)"
        ),
    }
}

/// Why a related hit came up (it does not match the whole query): the everyday words that
/// found it, or that it shares only part of the query. Empty for direct hits.
pub(crate) fn why_related(hit: &Hit, lang: Lang) -> String {
    if hit.learned > 0 {
        return match lang {
            Lang::Zh => format!("  〔本站常选 ×{}〕", hit.learned),
            Lang::En => format!("  [chosen here {}×]", hit.learned),
        };
    }
    match (hit.kind, lang) {
        (MatchKind::Everyday, Lang::Zh) => format!("  〔近义：{}〕", hit.via_text()),
        (MatchKind::Everyday, Lang::En) => format!("  [everyday words: {}]", hit.via_text()),
        (MatchKind::Partial, Lang::Zh) => "  〔部分匹配〕".to_string(),
        (MatchKind::Partial, Lang::En) => "  [partial match]".to_string(),
        _ => String::new(),
    }
}

/// Wraps matched characters in bold yellow. Positions past a truncation are simply not shown.
fn highlight(name: &str, positions: &[usize]) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if positions.binary_search(&i).is_ok() {
            out.push_str(&format!("\x1b[1;33m{c}\x1b[0m"));
        } else {
            out.push(c);
        }
    }
    out
}

fn versions(ctx: &Context, json: bool, lang: Lang) -> Result<i32> {
    let store = ctx.open_store()?;
    let versions = store.catalog_versions()?;
    let statuses = statuses_on(&versions, ctx.clock.today());
    if json {
        let rows: Vec<serde_json::Value> = versions
            .iter()
            .zip(&statuses)
            .enumerate()
            .map(|(i, (v, s))| {
                serde_json::json!({
                    "label": v.label, "doc_no": v.doc_no, "effective": v.effective,
                    "until": ends_on(&versions, i), "status": s, "items": v.item_count,
                    "source_name": v.source_name, "source_sha256": v.source_sha256,
                    "imported_by": v.imported_by, "imported_at": v.imported_at,
                })
            })
            .collect();
        crate::cli::json::print(&rows)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => {
            ["版本", "状态", "生效日期", "截止", "批准文号", "事项数", "导入人", "来源文件"]
        }
        Lang::En => ["label", "status", "effective", "until", "doc no", "items", "by", "source"],
    };
    let rows: Vec<Vec<String>> = versions
        .iter()
        .zip(&statuses)
        .enumerate()
        .map(|(i, (v, s))| {
            let status = lang.pick(s.label_zh(), status_en(*s));
            vec![
                v.label.clone(),
                status.to_string(),
                v.effective.to_string(),
                ends_on(&versions, i).map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                v.doc_no.clone(),
                v.item_count.to_string(),
                v.imported_by.clone(),
                v.source_name.clone(),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[24, 12, 10, 10, 28, 8, 16, 40]));
    Ok(0)
}

fn status_en(s: crate::domain::version::VersionStatus) -> &'static str {
    use crate::domain::version::VersionStatus::*;
    match s {
        InForce => "in force",
        Scheduled => "scheduled",
        Superseded => "superseded",
    }
}

fn diff(ctx: &Context, args: DiffArgs, lang: Lang) -> Result<i32> {
    let store = ctx.open_store()?;
    let versions = store.catalog_versions()?;
    let to = match &args.to {
        Some(label) => store.version_by_label(label)?,
        None => versions.last().cloned().ok_or(crate::store::StoreError::NoCatalog)?,
    };
    let from = match &args.from {
        Some(label) => store.version_by_label(label)?,
        None => match versions.iter().rev().find(|v| v.effective < to.effective) {
            Some(v) => v.clone(),
            None => bail!(lang.pick(
                "只有一个目录版本，没有可比较的版本",
                "there is only one catalog version: nothing to compare"
            )),
        },
    };
    let d = diff_catalogs(&store.catalog_items(from.id)?, &store.catalog_items(to.id)?);
    if args.json {
        let out = serde_json::json!({ "from": from.label, "to": to.label, "diff": d });
        crate::cli::json::print(&out)?;
    } else {
        out!("{}", describe_diff(&from.label, &to.label, &d, lang));
    }
    Ok(0)
}

/// Human-readable diff: counts, then every added, changed (with fields) and removed item.
pub(super) fn describe_diff(from: &str, to: &str, d: &CatalogDiff, lang: Lang) -> String {
    let mut s = match lang {
        Lang::Zh => format!(
            "{from} → {to}：新增 {} 项，调整 {} 项，取消 {} 项，未变 {} 项\n",
            d.added.len(),
            d.changed.len(),
            d.removed.len(),
            d.unchanged
        ),
        Lang::En => format!(
            "{from} → {to}: {} added, {} changed, {} removed, {} unchanged\n",
            d.added.len(),
            d.changed.len(),
            d.removed.len(),
            d.unchanged
        ),
    };
    let teams = |t: &[String]| {
        if t.is_empty() {
            lang.pick("全域", "everywhere").to_string()
        } else {
            lang.list(t)
        }
    };
    let line = |mark: char, code: &str, name: &str, fields: &str, t: &[String]| {
        format!("  {mark} {code}  {}{fields}  [{}]\n", table::truncate(name, 60), teams(t))
    };
    let added = d.added.iter().map(|i| line('+', &i.code, &i.name, "", &i.teams));
    // Each changed item with its fields' values before and after, one indented line each.
    let changed = d.changed.iter().map(|c| {
        let mut text = line('~', &c.code, &c.name, &changed_fields_text(&c.fields, lang), &c.teams);
        for v in &c.values {
            let label = diff::field_label(v.field, lang);
            let (old, new) = (table::truncate(&v.old, 60), table::truncate(&v.new, 60));
            text.push_str(&format!("      {label}{} {old} → {new}\n", lang.pick("：", ":")));
        }
        text
    });
    let removed = d.removed.iter().map(|i| line('-', &i.code, &i.name, "", &i.teams));
    push_capped(&mut s, added, d.added.len(), lang);
    push_capped(&mut s, changed, d.changed.len(), lang);
    push_capped(&mut s, removed, d.removed.len(), lang);
    if !d.teams_affected.is_empty() {
        s.push_str(&format!(
            "{}{}\n",
            lang.pick("涉及中队/街道：", "teams affected: "),
            lang.list(&d.teams_affected)
        ));
    }
    s
}

/// Lines shown per kind of change; a whole-catalog replacement would otherwise print 100k lines.
const DIFF_LINES_PER_KIND: usize = 200;

fn push_capped(s: &mut String, lines: impl Iterator<Item = String>, total: usize, lang: Lang) {
    lines.take(DIFF_LINES_PER_KIND).for_each(|l| s.push_str(&l));
    if total > DIFF_LINES_PER_KIND {
        let more = total - DIFF_LINES_PER_KIND;
        s.push_str(&match lang {
            Lang::Zh => format!("  … 另有 {more} 项（--json 可列出全部）\n"),
            Lang::En => format!("  … and {more} more (--json lists all)\n"),
        });
    }
}

fn export(ctx: &Context, args: ExportArgs, lang: Lang) -> Result<i32> {
    let store = ctx.open_store()?;
    let version = chosen_version(ctx, &store, args.version.as_deref())?;
    let items = store.catalog_items(version.id)?;
    let meta = VersionMeta {
        label: version.label.clone(),
        doc_no: version.doc_no.clone(),
        effective: Some(version.effective),
    };
    let json = CatalogFile::new(Some(meta), items).to_json()?;
    if args.file.as_os_str() == "-" {
        std::io::stdout().write_all(json.as_bytes())?;
        return Ok(0);
    }
    write_atomically(&args.file, json.as_bytes())?;
    errln!(
        "{}",
        match lang {
            Lang::Zh => format!(
                // The label already ends in 版 (2026年上半年版): it is quoted, not suffixed.
                "已导出目录版本「{}」的 {} 项到 {}",
                version.label,
                version.item_count,
                args.file.display()
            ),
            Lang::En => format!(
                "exported {} items of {} to {}",
                version.item_count,
                version.label,
                args.file.display()
            ),
        }
    );
    Ok(0)
}

/// Writes to a temporary file beside `path`, then renames it into place, so a reader never sees
/// half a file and an interrupted export leaves any earlier file untouched.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let dir =
        path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().context("export path has no file name")?.to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> Result<()> {
        let mut f =
            std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        f.write_all(bytes).with_context(|| format!("writing {}", tmp.display()))?;
        f.sync_all()?;
        std::fs::rename(&tmp, path).with_context(|| format!("renaming into {}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
