//! `zhifa brigade …`: the brigades (大队) street teams belong to, where a bureau has them.

use super::auth::{self, explain, Passwords};
use super::context::Context;
use super::table;
use crate::cli::out::{out, outln};
use crate::i18n::Lang;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum BrigadeCommand {
    /// Add a brigade (admin)
    Add {
        /// Short stable code, e.g. D1
        code: String,
        /// Name, e.g. 城东大队
        name: String,
    },
    /// List brigades with their teams
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: BrigadeCommand, lang: Lang) -> Result<i32> {
    match cmd {
        BrigadeCommand::Add { code, name } => {
            let mut store = ctx.open_store()?;
            let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
            let added = store
                .add_brigade(&who, ctx.clock.now(), &code, &name)
                .map_err(|e| explain(e, lang))?;
            match lang {
                Lang::Zh => outln!("已添加大队 {}（{}）", added.code, added.name),
                Lang::En => outln!("added brigade {} ({})", added.code, added.name),
            }
            Ok(0)
        }
        BrigadeCommand::List { json } => list(ctx, json, lang),
    }
}

fn list(ctx: &Context, json: bool, lang: Lang) -> Result<i32> {
    let store = ctx.open_store()?;
    let (brigades, teams) = (store.brigades()?, store.teams()?);
    let team_codes = |brigade: &str| -> Vec<String> {
        teams
            .iter()
            .filter(|t| t.brigade.as_deref() == Some(brigade))
            .map(|t| t.code.clone())
            .collect()
    };
    if json {
        let listed: Vec<serde_json::Value> = brigades
            .iter()
            .map(|b| serde_json::json!({ "code": b.code, "name": b.name, "teams": team_codes(&b.code) }))
            .collect();
        crate::cli::json::print(&listed)?;
        return Ok(0);
    }
    let header = [lang.pick("编码", "code"), lang.pick("名称", "name"), lang.pick("中队", "teams")];
    let rows: Vec<Vec<String>> = brigades
        .iter()
        .map(|b| vec![b.code.clone(), b.name.clone(), lang.list(&team_codes(&b.code))])
        .collect();
    out!("{}", table::render(&header, &rows, &[12, 24, 40]));
    Ok(0)
}
