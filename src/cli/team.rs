//! `zhifa team …`: the teams (中队) officers belong to.

use super::auth::{self, explain, Passwords};
use super::context::Context;
use super::table;
use crate::cli::out::{out, outln};
use crate::i18n::Lang;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Add a team (admin)
    Add {
        /// Short stable code, e.g. QX01
        code: String,
        /// Name, e.g. 青溪中队
        name: String,
        /// The brigade (大队) it belongs to
        #[arg(long)]
        brigade: Option<String>,
    },
    /// List teams
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: TeamCommand, lang: Lang) -> Result<i32> {
    match cmd {
        TeamCommand::Add { code, name, brigade } => {
            add(ctx, &code, &name, brigade.as_deref(), lang)
        }
        TeamCommand::List { json } => list(ctx, json, lang),
    }
}

fn add(ctx: &Context, code: &str, name: &str, brigade: Option<&str>, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let team = store
        .add_team_in(&who, ctx.clock.now(), code, name, brigade)
        .map_err(|e| explain(e, lang))?;
    match lang {
        Lang::Zh => outln!("已添加中队 {}（{}）", team.code, team.name),
        Lang::En => outln!("added team {} ({})", team.code, team.name),
    }
    Ok(0)
}

fn list(ctx: &Context, json: bool, lang: Lang) -> Result<i32> {
    let teams = ctx.open_store()?.teams()?;
    if json {
        crate::cli::json::print(&teams)?;
        return Ok(0);
    }
    let header =
        [lang.pick("编码", "code"), lang.pick("名称", "name"), lang.pick("大队", "brigade")];
    let rows: Vec<Vec<String>> = teams
        .iter()
        .map(|t| vec![t.code.clone(), t.name.clone(), t.brigade.clone().unwrap_or_default()])
        .collect();
    out!("{}", table::render(&header, &rows, &[16, 40, 12]));
    Ok(0)
}
