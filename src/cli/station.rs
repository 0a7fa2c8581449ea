//! `zhifa station …`: the station this database belongs to (docs/CENTRAL.md).

use super::auth::{self, explain, Passwords};
use super::context::Context;
use crate::cli::out::outln;
use crate::domain::station::StationCode;
use crate::i18n::Lang;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum StationCommand {
    /// Give this database its station code and name, once (admin)
    Set {
        /// 2–16 letters, digits and hyphens, e.g. GX or QJ-01
        code: String,
        /// e.g. 高新街道综合执法中队
        name: String,
    },
    /// Show this database's station
    Show {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: StationCommand, lang: Lang) -> Result<i32> {
    match cmd {
        StationCommand::Set { code, name } => set(ctx, &code, &name, lang),
        StationCommand::Show { json } => show(ctx, json, lang),
    }
}

fn set(ctx: &Context, code: &str, name: &str, lang: Lang) -> Result<i32> {
    let code = match StationCode::parse(code) {
        Ok(code) => code,
        Err(e) => {
            let zh = format!("“{}”不是站点编码：须为 2–16 位大写字母、数字或连字符", e.text);
            crate::cli::out::errln!("zhifa: {}", lang.pick(&zh, &e.to_string()));
            return Ok(2);
        }
    };
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let station =
        store.set_station(&who, ctx.clock.now(), &code, name).map_err(|e| explain(e, lang))?;
    match lang {
        Lang::Zh => outln!("本数据库属于站点 {}（{}）", station.code, station.name),
        Lang::En => outln!("this database belongs to station {} ({})", station.code, station.name),
    }
    Ok(0)
}

fn show(ctx: &Context, json: bool, lang: Lang) -> Result<i32> {
    let station = ctx.open_store()?.station()?;
    if json {
        crate::cli::json::print(&station)?;
        return Ok(0);
    }
    match (station, lang) {
        (Some(s), Lang::Zh) => outln!("站点 {}（{}）", s.code, s.name),
        (Some(s), Lang::En) => outln!("station {} ({})", s.code, s.name),
        (None, _) => outln!(
            "{}",
            lang.pick(
                "本数据库尚无站点编码（zhifa station set 编码 名称）",
                "this database has no station code yet (zhifa station set CODE NAME)"
            )
        ),
    }
    Ok(0)
}
