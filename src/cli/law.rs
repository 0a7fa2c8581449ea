//! `zhifa law …`: the texts of the laws catalog items cite (docs/LAWS.md): load a version, list
//! what is loaded, show a cited article as it stood on a day, search the articles by words.

use super::auth::{self, explain, Passwords};
use super::catalog::import::parse_date;
use super::context::Context;
use super::table;
use crate::catalog::import::basis::split_provisions;
use crate::cli::out::{out, outln};
use crate::i18n::Lang;
use crate::law::lookup::Resolved;
use crate::law::parse::parse_bytes;
use crate::law::{date_from_file_name, view};
use anyhow::{anyhow, bail, Context as _, Result};
use chrono::NaiveDate;
use clap::Subcommand;
use std::path::{Path, PathBuf};

/// Exit code when a citation finds no text (law not loaded, not in force, no such article).
pub const EXIT_NO_TEXT: i32 = 2;

#[derive(Debug, Subcommand)]
pub enum LawCommand {
    /// Load the text of a law (admin): markdown, `# title`, 第X条 … (docs/LAWS.md). The version
    /// is in force from --effective, or from the date in a file name `名称(YYYY-MM-DD).md`
    Load {
        file: PathBuf,
        #[arg(long, value_parser = parse_date)]
        effective: Option<NaiveDate>,
    },
    /// The loaded laws and their versions
    List {
        #[arg(long)]
        json: bool,
    },
    /// An article as cited, e.g. 《城市道路管理条例》第二十七条第（一）项, in the version in force
    /// on --on (today by default)
    Show {
        citation: String,
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// Articles holding all the words (in the versions in force on --on, today by default)
    Search {
        #[arg(required = true)]
        words: Vec<String>,
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

pub fn run(ctx: &Context, cmd: LawCommand, lang: Lang) -> Result<i32> {
    match cmd {
        LawCommand::Load { file, effective } => load(ctx, &file, effective, lang),
        LawCommand::List { json } => list(ctx, json, lang),
        LawCommand::Show { citation, on } => show(ctx, &citation, on, lang),
        LawCommand::Search { words, on, limit } => search(ctx, &words.join(" "), on, limit, lang),
    }
}

fn load(ctx: &Context, file: &Path, effective: Option<NaiveDate>, lang: Lang) -> Result<i32> {
    let bytes = crate::catalog::import::bounds::read_regular_file(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    // Checked before any password is asked: a malformed file is refused at its line.
    parse_bytes(&name, &bytes).map_err(|e| match lang {
        Lang::Zh => anyhow!(e.message_zh()),
        Lang::En => anyhow!(e),
    })?;
    let Some(effective) = effective.or_else(|| date_from_file_name(&name)) else {
        bail!(
            "{}",
            lang.pick(
                &format!("{name}：没有施行日期：请给出 --effective YYYY-MM-DD，或把文件命名为 名称(YYYY-MM-DD).md"),
                &format!("{name}: no effective date: give --effective YYYY-MM-DD or name the file NAME(YYYY-MM-DD).md"),
            )
        );
    };
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let loaded = store
        .load_law(&who, ctx.clock.now(), &name, &text, effective)
        .map_err(|e| explain(e, lang))?;
    let replaced = if loaded.replaced {
        lang.pick("，替换了同一日期的文本", "; replaces the text of that date")
    } else {
        ""
    };
    match lang {
        Lang::Zh => outln!(
            "已载入《{}》：{} 条，自 {} 起施行{replaced}",
            loaded.title,
            loaded.articles,
            loaded.effective
        ),
        Lang::En => outln!(
            "loaded 《{}》: {} articles, in force from {}{replaced}",
            loaded.title,
            loaded.articles,
            loaded.effective
        ),
    }
    Ok(0)
}

#[derive(serde::Serialize)]
struct LawListRow {
    law: String,
    title: String,
    effective: NaiveDate,
    articles: usize,
    file: String,
    in_force: bool,
}

fn list(ctx: &Context, json: bool, lang: Lang) -> Result<i32> {
    let rows = ctx.open_store()?.laws()?;
    let today = ctx.clock.today();
    let mut out_rows = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        // The version in force is the last of its law that has started.
        let later_started = rows[i + 1..].iter().any(|n| n.key == r.key && n.effective <= today);
        out_rows.push(LawListRow {
            law: r.key.clone(),
            title: r.title.clone(),
            effective: r.effective,
            articles: r.articles,
            file: r.file_name.clone(),
            in_force: r.effective <= today && !later_started,
        });
    }
    if json {
        crate::cli::json::print(&out_rows)?;
        return Ok(0);
    }
    if out_rows.is_empty() {
        outln!(
            "{}",
            lang.pick(
                "尚未载入任何法规文本：用 `zhifa law load 文件.md` 载入",
                "no law text loaded yet: load one with `zhifa law load FILE.md`"
            )
        );
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => ["法规", "施行日期", "条数", "现行", "文件"],
        Lang::En => ["law", "effective", "articles", "in force", "file"],
    };
    let cells: Vec<Vec<String>> = out_rows
        .iter()
        .map(|r| {
            let mark = if r.in_force { lang.pick("是", "yes") } else { "" };
            vec![
                r.title.clone(),
                r.effective.to_string(),
                r.articles.to_string(),
                mark.to_string(),
                r.file.clone(),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &cells, &[40, 10, 6, 8, 40]));
    Ok(0)
}

fn show(ctx: &Context, citation: &str, on: Option<NaiveDate>, lang: Lang) -> Result<i32> {
    let day = on.unwrap_or_else(|| ctx.clock.today());
    let provision = split_provisions(citation, "")
        .and_then(|mut p| (!p.is_empty()).then(|| p.remove(0)))
        .filter(|p| !p.law.is_empty())
        .ok_or_else(|| {
            anyhow!(
                "{}",
                lang.pick(
                    &format!("“{citation}”不是条文引用：应如 《城市道路管理条例》第二十七条"),
                    &format!(
                        "“{citation}” is no citation: write e.g. 《城市道路管理条例》第二十七条"
                    ),
                )
            )
        })?;
    let library = ctx.open_store()?.law_library()?;
    let resolved = library.resolve(&provision, day);
    if let Some(message) = view::unresolved(&resolved, &provision, lang) {
        crate::cli::out::errln!("zhifa: {message}");
        return Ok(EXIT_NO_TEXT);
    }
    let Resolved::Article { version, article } = resolved else { return Ok(EXIT_NO_TEXT) };
    outln!("{}", view::version_line(&version.text.title, version.effective, lang));
    if !article.heading.is_empty() {
        outln!("{}", article.heading);
    }
    let cites_part = provision.paragraph.is_some() || provision.item.is_some();
    for (line, cited) in view::marked_lines(article, provision.paragraph, provision.item) {
        let mark = match (cites_part, cited) {
            (false, _) => "",
            (true, true) => "▶ ",
            (true, false) => "  ",
        };
        outln!("{mark}{line}");
    }
    Ok(0)
}

fn search(
    ctx: &Context,
    query: &str,
    on: Option<NaiveDate>,
    limit: usize,
    lang: Lang,
) -> Result<i32> {
    let day = on.unwrap_or_else(|| ctx.clock.today());
    let library = ctx.open_store()?.law_library()?;
    if library.is_empty() {
        outln!(
            "{}",
            lang.pick(
                "尚未载入任何法规文本：用 `zhifa law load 文件.md` 载入",
                "no law text loaded yet: load one with `zhifa law load FILE.md`"
            )
        );
        return Ok(0);
    }
    let (hits, total) = crate::law::search::search(&library, query, day, limit);
    for hit in &hits {
        let label = match lang {
            Lang::Zh => hit.article.no.label_zh(),
            Lang::En => hit.article.no.label_en(),
        };
        outln!("《{}》{label}  {}", hit.version.text.title, table::truncate(&hit.line, 80));
    }
    match (lang, total > hits.len()) {
        (Lang::Zh, false) => outln!("共 {total} 条"),
        (Lang::Zh, true) => outln!("共 {total} 条，显示前 {}（--limit 可调）", hits.len()),
        (Lang::En, false) => outln!("{total} {}", if total == 1 { "article" } else { "articles" }),
        (Lang::En, true) => outln!("{total} articles, the first {} shown (--limit)", hits.len()),
    }
    Ok(0)
}
