//! `zhifa catalog lexicon …`: the everyday words search understands (docs/SEARCH.md). The
//! shipped lexicon comes with zhifa; a bureau's own words are one file an admin loads, which
//! replaces the previous one (each load an event keeping the whole file).

use super::super::auth::{self, explain, Passwords};
use super::super::context::Context;
use crate::catalog::search::lexicon::{parse, Origin};
use crate::catalog::search::{Learned, SearchIndex};
use crate::cli::out::{errln, outln};
use crate::i18n::Lang;
use anyhow::{bail, Context as _, Result};
use clap::Subcommand;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Load this bureau's everyday words (admin), replacing those loaded before; format: one
    /// `everyday<TAB>catalog word|catalog word` a line (docs/SEARCH.md)
    Load { file: PathBuf },
    /// Remove this bureau's everyday words (admin); the shipped ones stay
    Clear,
    /// List the everyday words: shipped and this bureau's
    Show {
        /// Only this bureau's additions
        #[arg(long)]
        added: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: LexiconCommand, lang: Lang) -> Result<i32> {
    match cmd {
        LexiconCommand::Load { file } => load(ctx, &file, lang),
        LexiconCommand::Clear => store_text(ctx, "-", "", lang),
        LexiconCommand::Show { added, json } => show(ctx, added, json, lang),
    }
}

fn load(ctx: &Context, file: &std::path::Path, lang: Lang) -> Result<i32> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let Ok(text) = String::from_utf8(bytes) else {
        bail!(
            "{}",
            match lang {
                Lang::Zh => format!("{name}：不是 UTF-8 编码：词表文件须为 UTF-8 文本"),
                Lang::En => format!("{name}: not UTF-8: lexicon files are UTF-8 text"),
            }
        );
    };
    // Every problem first, nothing written (the store checks again, and would name the first).
    if let Err(problems) = parse(&name, &text) {
        for p in &problems {
            errln!("{p}");
        }
        match lang {
            Lang::Zh => bail!("{name}：{} 处问题，未载入", problems.len()),
            Lang::En => bail!("{name}: {} problems, nothing loaded", problems.len()),
        }
    }
    store_text(ctx, &name, &text, lang)
}

fn store_text(ctx: &Context, name: &str, text: &str, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let count =
        store.load_lexicon(&who, ctx.clock.now(), name, text).map_err(|e| explain(e, lang))?;
    match (lang, text.is_empty()) {
        (Lang::Zh, true) => outln!("已清除本单位添加的日常用语（随附词表不变）"),
        (Lang::En, true) => outln!("cleared this bureau's everyday words (the shipped ones stay)"),
        (Lang::Zh, false) => outln!("已载入 {name}：本单位日常用语 {count} 条"),
        (Lang::En, false) => outln!("loaded {name}: {count} everyday words of this bureau"),
    }
    Ok(0)
}

fn show(ctx: &Context, added_only: bool, json: bool, lang: Lang) -> Result<i32> {
    let lexicon = ctx.open_store()?.search_lexicon()?;
    let rows: Vec<_> = lexicon
        .entries()
        .iter()
        .filter(|(_, origin)| !added_only || *origin == Origin::Added)
        .collect();
    if json {
        let out: Vec<serde_json::Value> = rows
            .iter()
            .map(|(e, origin)| {
                serde_json::json!({
                    "everyday": e.everyday,
                    "catalog": e.catalog,
                    "added": *origin == Origin::Added,
                })
            })
            .collect();
        crate::cli::json::print(&out)?;
        return Ok(0);
    }
    for (e, origin) in &rows {
        let mark = match (origin, lang) {
            (Origin::Added, Lang::Zh) => "  （本单位）",
            (Origin::Added, Lang::En) => "  (this bureau)",
            _ => "",
        };
        outln!("{} → {}{mark}", e.everyday, e.catalog.join("|"));
    }
    let added = rows.iter().filter(|(_, o)| *o == Origin::Added).count();
    match lang {
        Lang::Zh => errln!("共 {} 条，其中本单位添加 {added} 条", rows.len()),
        Lang::En => errln!("{} entries, {added} added by this bureau", rows.len()),
    }
    Ok(0)
}

#[derive(Debug, clap::Args)]
pub struct LearnedArgs {
    /// Forget every learned choice (admin)
    #[arg(long)]
    clear: bool,
    #[arg(long)]
    json: bool,
}

/// Records that the officer chose `code` after `query`; the learned choices as they are now.
pub(super) fn choose(
    ctx: &Context,
    index: &SearchIndex,
    query: &str,
    code: &str,
    lang: Lang,
) -> Result<Arc<Learned>> {
    if !index.docs().iter().any(|d| d.code == code.trim()) {
        match lang {
            Lang::Zh => bail!("所检索的目录版本中没有编码为 {code} 的事项"),
            Lang::En => bail!("the catalog version searched has no item with code {code}"),
        }
    }
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let words =
        store.record_choice(&who, ctx.clock.now(), query, code).map_err(|e| explain(e, lang))?;
    match lang {
        Lang::Zh => errln!("已记录：检索“{words}”时选择了 {code}"),
        Lang::En => errln!("recorded: {code} chosen for “{words}”"),
    }
    Ok(store.learned_choices()?)
}

pub fn learned(ctx: &Context, args: LearnedArgs, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    if args.clear {
        let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
        let n = store.clear_choices(&who, ctx.clock.now()).map_err(|e| explain(e, lang))?;
        match lang {
            Lang::Zh => outln!("已清除本站记住的 {n} 条检索选择"),
            Lang::En => outln!("forgot {n} learned choices of this station"),
        }
        return Ok(0);
    }
    let rows = store.choices()?;
    if args.json {
        let out: Vec<serde_json::Value> = rows
            .iter()
            .map(|(w, c, t)| serde_json::json!({ "words": w, "code": c, "times": t }))
            .collect();
        crate::cli::json::print(&out)?;
        return Ok(0);
    }
    for (words, code, times) in &rows {
        outln!("{words} → {code}  ×{times}");
    }
    match lang {
        Lang::Zh => errln!("共 {} 条", rows.len()),
        Lang::En => errln!("{} learned choices", rows.len()),
    }
    Ok(0)
}
