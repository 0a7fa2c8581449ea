//! `zhifa grid …`: the grids (网格) of each team.

use super::auth::{self, explain, Passwords};
use super::context::Context;
use super::table;
use crate::cli::out::{out, outln};
use crate::domain::org::Grid;
use crate::i18n::Lang;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum GridCommand {
    /// Add a grid to a team (admin)
    Add {
        /// Stable code, e.g. QX01-03
        code: String,
        /// Name, e.g. 青溪老街网格
        name: String,
        /// The team responsible
        #[arg(long)]
        team: String,
        /// The road segment it follows
        #[arg(long, default_value = "")]
        road: String,
        /// Landmarks officers know it by
        #[arg(long, default_value = "")]
        landmarks: String,
    },
    /// List grids
    List {
        #[arg(long)]
        team: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: GridCommand, lang: Lang) -> Result<i32> {
    match cmd {
        GridCommand::Add { code, name, team, road, landmarks } => {
            add(ctx, &Grid { code, name, team, road, landmarks }, lang)
        }
        GridCommand::List { team, json } => list(ctx, team.as_deref(), json, lang),
    }
}

fn add(ctx: &Context, grid: &Grid, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let grid = store.add_grid(&who, ctx.clock.now(), grid).map_err(|e| explain(e, lang))?;
    match lang {
        Lang::Zh => outln!("已添加网格 {}（{}，{}）", grid.code, grid.name, grid.team),
        Lang::En => outln!("added grid {} ({}, team {})", grid.code, grid.name, grid.team),
    }
    Ok(0)
}

fn list(ctx: &Context, team: Option<&str>, json: bool, lang: Lang) -> Result<i32> {
    let grids = ctx.open_store()?.grids(team)?;
    if json {
        crate::cli::json::print(&grids)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => ["编码", "名称", "中队", "路段", "地标"],
        Lang::En => ["code", "name", "team", "road", "landmarks"],
    };
    let rows: Vec<Vec<String>> =
        grids.into_iter().map(|g| vec![g.code, g.name, g.team, g.road, g.landmarks]).collect();
    out!("{}", table::render(&header, &rows, &[10, 16, 6, 16, 30]));
    Ok(0)
}
