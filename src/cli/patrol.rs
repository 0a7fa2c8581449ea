//! `zhifa patrol list`: patrols for scripting and the daily patrol list of a team.

use super::context::Context;
use super::table;
use crate::cli::out::out;
use crate::domain::patrol::Patrol;
use crate::i18n::Lang;
use anyhow::Result;
use chrono::NaiveDate;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PatrolCommand {
    /// Patrols, in planned order (with --day: that day's patrol list)
    List {
        #[arg(long)]
        team: Option<String>,
        /// Only patrols planned to start on this day (YYYY-MM-DD; `today` for today)
        #[arg(long)]
        day: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: PatrolCommand, lang: Lang) -> Result<i32> {
    let PatrolCommand::List { team, day, json } = cmd;
    let day = match day.as_deref() {
        None => None,
        Some("today") => Some(ctx.clock.today()),
        Some(text) => Some(super::catalog::import::parse_date(text).map_err(anyhow::Error::msg)?),
    };
    let store = ctx.open_store()?;
    let patrols = store.patrols(team.as_deref(), day)?;
    if json {
        let with_findings: Vec<serde_json::Value> = patrols
            .iter()
            .map(|p| -> Result<serde_json::Value> {
                let mut value = serde_json::to_value(p)?;
                value["findings"] = serde_json::to_value(store.findings(p.id)?)?;
                Ok(value)
            })
            .collect::<Result<_>>()?;
        crate::cli::json::print(&with_findings)?;
        return Ok(0);
    }
    print_rows(&patrols, day, lang);
    Ok(0)
}

fn print_rows(patrols: &[Patrol], _day: Option<NaiveDate>, lang: Lang) {
    let header = match lang {
        Lang::Zh => ["编号", "中队", "类型", "计划时间", "人员", "网格/路线", "状态"],
        Lang::En => ["id", "team", "kind", "planned", "officers", "grids / route", "status"],
    };
    let rows: Vec<Vec<String>> = patrols
        .iter()
        .map(|p| {
            let place = if p.grids.is_empty() { p.route.clone() } else { lang.list(&p.grids) };
            vec![
                p.id.to_string(),
                p.team.clone(),
                p.kind.label(lang).to_string(),
                format!(
                    "{}–{}",
                    p.planned_start.format("%m-%d %H:%M"),
                    p.planned_end.format("%H:%M")
                ),
                lang.list(&p.officers),
                place,
                p.status.label(lang).to_string(),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[5, 6, 10, 18, 16, 20, 8]));
}
