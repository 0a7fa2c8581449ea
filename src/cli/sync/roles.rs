//! `zhifa central role grant|revoke|list`: a database role per station (docs/CENTRAL.md, "A database
//! role per station"). The roles are PostgreSQL's own, made with its tools (`createuser
//! --pwprompt`); zhifa names each as one station's, and row-level security at the centre confines
//! it to that station's rows. Only the centre's owner (the bureau's connection) may.

use crate::central::Centre;
use crate::cli::out::outln;
use crate::cli::table;
use crate::i18n::Lang;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CentralRoleCommand {
    /// Name an existing database role as one station's: it then reads and writes only that
    /// station's rows at the centre (run as the centre's owner)
    Grant {
        /// The database role (made first with PostgreSQL's `createuser --pwprompt ROLE`)
        role: String,
        /// The station's code
        #[arg(long)]
        station: String,
    },
    /// Take a role's station rights away: it no longer reads or writes anything at the centre
    Revoke { role: String },
    /// Every role named as a station's
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(centre: &mut Centre, cmd: CentralRoleCommand, lang: Lang) -> Result<i32> {
    match cmd {
        CentralRoleCommand::Grant { role, station } => {
            let station = station.trim().to_uppercase();
            centre.grant_station(&role, &station)?;
            match lang {
                Lang::Zh => outln!("数据库角色 {role} 现为站点 {station} 专用：在中心只能读写本站的数据"),
                Lang::En => outln!(
                    "database role {role} is now station {station}'s: at the centre it reads and writes only that station's rows"
                ),
            }
            Ok(0)
        }
        CentralRoleCommand::Revoke { role } => {
            if centre.revoke_station(&role)? {
                match lang {
                    Lang::Zh => {
                        outln!("数据库角色 {role} 已撤销站点权限：在中心不再能读写任何数据")
                    }
                    Lang::En => outln!(
                        "database role {role} no longer holds a station's rights at the centre"
                    ),
                }
                Ok(0)
            } else {
                match lang {
                    Lang::Zh => outln!("数据库角色 {role} 不是任何站点的专用角色：未作更改"),
                    Lang::En => outln!("database role {role} is no station's: nothing changed"),
                }
                Ok(1)
            }
        }
        CentralRoleCommand::List { json } => {
            let roles = centre.station_roles()?;
            if json {
                crate::cli::json::print(&roles)?;
                return Ok(0);
            }
            let header = match lang {
                Lang::Zh => ["数据库角色", "站点", "授权时间（UTC）"],
                Lang::En => ["database role", "station", "granted (UTC)"],
            };
            let rows: Vec<Vec<String>> =
                roles.into_iter().map(|r| vec![r.role, r.station, r.granted_at]).collect();
            outln!("{}", table::render(&header, &rows, &[24, 16, 20]));
            Ok(0)
        }
    }
}
