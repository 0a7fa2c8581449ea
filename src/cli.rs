//! The command line: argument parsing and one module per subcommand group.
//!
//! This is the edge of the program: core errors become messages with context (`anyhow`) and
//! exit codes here. Commands print results to stdout and reports/problems to stderr.

mod auth;
mod backup;
mod bench;
mod brigade;
mod calendar;
mod case;
mod catalog;
pub mod context;
mod demo;
mod doc;
pub mod error_text;
mod grid;
mod json;
mod law;
mod officer;
mod out;
mod patrol;
mod progress;
mod report;
mod station;
pub(crate) mod sync;
mod table;
mod team;
mod ticket;
mod verify;

use crate::i18n::Lang;
use anyhow::Result;
use clap::{Parser, Subcommand};
use context::{Context, PasswordSource};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "zhifa",
    version,
    about = "综合行政执法 · comprehensive administrative law enforcement"
)]
pub struct Cli {
    /// SQLite database file (default: the user's data directory, zhifa/zhifa.db)
    #[arg(long, global = true, env = context::ENV_DB, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Act as this officer (badge number), logging in with its password; without it, writing
    /// commands run as the OS user only while no admin account exists
    #[arg(long = "as", global = true, value_name = "BADGE")]
    pub acting_as: Option<String>,
    /// Read passwords from standard input, one per line (first the --as officer's, then a new
    /// one), instead of prompting at the terminal
    #[arg(long, global = true)]
    pub password_stdin: bool,
    /// The centre's PostgreSQL URL (postgres://user:password@host/db): where `sync` pushes
    /// (else ZHIFA_CENTRAL, else `[central] url` in config.toml), and, given here, what
    /// `case list` reads (every station's open cases). Its password is never printed.
    #[arg(long, global = true, value_name = "URL")]
    pub central: Option<String>,
    /// Language of messages
    #[arg(long, global = true, env = "ZHIFA_LANG", value_enum, default_value = "zh")]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The catalog of enforcement powers (执法事项目录)
    #[command(subcommand)]
    Catalog(catalog::CatalogCommand),
    /// Officer accounts: add, list, passwd, unlock, deactivate
    #[command(subcommand)]
    Officer(officer::OfficerCommand),
    /// Brigades (大队) over the street teams
    #[command(subcommand)]
    Brigade(brigade::BrigadeCommand),
    /// Teams (中队)
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// Patrols (巡查) and their findings
    #[command(subcommand)]
    Patrol(patrol::PatrolCommand),
    /// Cases (案件) with their statutory deadlines
    #[command(subcommand)]
    Case(case::CaseCommand),
    /// Complaints and hotline tickets (投诉举报, 12345)
    #[command(subcommand)]
    Ticket(ticket::TicketCommand),
    /// Enforcement documents (执法文书) printed from a case: list, make, dossier, check
    #[command(subcommand)]
    Doc(doc::DocCommand),
    /// Grids (网格) of each team
    #[command(subcommand)]
    Grid(grid::GridCommand),
    /// The working-day calendar deadlines are counted on (statutory holidays, make-up days)
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// The texts of the laws catalog items cite: load, list, show an article, search
    #[command(subcommand)]
    Law(law::LawCommand),
    /// Create the demo database on first run (demo catalog, two versions) and show what it holds
    Demo(demo::DemoArgs),
    /// Copy the database while terminals work, verify the copy, record the backup
    Backup(backup::BackupArgs),
    /// Restore a backup to a new file, verifying it first (never overwrites)
    Restore(backup::RestoreArgs),
    /// Check the records as evidence: integrity, the hash chain, the replay; print the head
    Verify(verify::VerifyArgs),
    /// SQLite's page check of a file, as JSON (run by `verify` and `backup` in a process of its
    /// own)
    #[command(hide = true)]
    PageCheck(verify::PageCheckArgs),
    /// Figures of a period (统计): patrols, complaints, cases, decisions, clocks, certificates
    Report(report::ReportArgs),
    /// The station this database belongs to (its code at the centre)
    #[command(subcommand)]
    Station(station::StationCommand),
    /// Push this station's events to the centre (PostgreSQL): idempotent, resumable
    Sync(sync::SyncArgs),
    /// The centre: every station's head, and their events checked there
    #[command(subcommand)]
    Central(sync::CentralCommand),
    /// Benchmarks: search per keystroke, import, the interface, casework on years of history
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

/// Runs the parsed command; the returned code is the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    let lang = cli.lang;
    let passwords = if cli.password_stdin { PasswordSource::Stdin } else { PasswordSource::Prompt };
    let context = || Context::new(cli.db.clone(), cli.acting_as.clone(), passwords, lang);
    match cli.command {
        // The TUI only where someone can use it; piped or scripted runs keep the usage text.
        None if crate::tui::is_interactive() => {
            let ctx = context()?;
            let config = crate::config::Config::load()?;
            let given = cli.central.clone().or_else(|| std::env::var(sync::ENV_CENTRAL).ok());
            let central = crate::tui::CentralLink::of(given.as_deref(), &config, &ctx.db_path);
            let station = crate::tui::Station {
                origin: ctx.origin.clone(),
                clock: ctx.clock,
                lang,
                config,
                demo_accounts: Vec::new(),
                central,
            };
            crate::tui::start(ctx.open_store_unchecked()?, station)
        }
        None => {
            print_usage(lang);
            Ok(0)
        }
        Some(Command::Catalog(cmd)) => match (cli.central.as_deref(), cmd) {
            (Some(url), catalog::CatalogCommand::Search(args)) => {
                catalog::central_search(url, args, lang)
            }
            (_, cmd) => catalog::run(&context()?, cmd, lang),
        },
        Some(Command::Officer(cmd)) => officer::run(&context()?, cmd, lang),
        Some(Command::Brigade(cmd)) => brigade::run(&context()?, cmd, lang),
        Some(Command::Team(cmd)) => team::run(&context()?, cmd, lang),
        Some(Command::Verify(args)) => verify::run(&context()?, args, lang),
        Some(Command::PageCheck(args)) => verify::page_check(args),
        Some(Command::Backup(args)) => backup::backup(&context()?, args, lang),
        Some(Command::Restore(args)) => backup::run_restore(&context()?, args, lang),
        Some(Command::Calendar(cmd)) => calendar::run(&context()?, cmd, lang),
        Some(Command::Law(cmd)) => law::run(&context()?, cmd, lang),
        Some(Command::Grid(cmd)) => grid::run(&context()?, cmd, lang),
        Some(Command::Ticket(cmd)) => ticket::run(&context()?, cmd, lang),
        Some(Command::Case(cmd)) => match (cli.central.as_deref(), cmd) {
            (
                Some(url),
                case::CaseCommand::List {
                    team,
                    overdue,
                    due_within,
                    officer,
                    awaiting_approval,
                    json,
                },
            ) => {
                let others = due_within.is_some() || officer.is_some() || awaiting_approval;
                sync::central_case_list(url, team.as_deref(), overdue, others, json, lang)
            }
            (_, cmd) => case::run(&context()?, cmd, lang),
        },
        Some(Command::Patrol(cmd)) => patrol::run(&context()?, cmd, lang),
        Some(Command::Doc(cmd)) => doc::run(&context()?, cmd, lang),
        Some(Command::Demo(args)) => demo::run(&context()?, cli.db.is_some(), args, lang),
        Some(Command::Report(args)) => match cli.central.as_deref() {
            Some(url) => sync::central_report(url, args, lang),
            None => report::run(&context()?, args, lang),
        },
        Some(Command::Station(cmd)) => station::run(&context()?, cmd, lang),
        Some(Command::Sync(args)) => {
            sync::run_sync(&context()?, cli.central.as_deref(), args, lang)
        }
        Some(Command::Central(cmd)) => {
            sync::run_central(&context, cli.central.as_deref(), cmd, lang)
        }
        Some(Command::Bench(cmd)) => bench::run(cmd),
    }
}

/// (command, what it does in Chinese, in English); columns are aligned by display width.
const USAGE: [(&str, &str, &str); 9] = [
    (
        "zhifa demo",
        "创建演示数据库（首次运行时载入演示目录）",
        "create the demo database (demo catalog on first run)",
    ),
    (
        "zhifa catalog search 查询词",
        "按汉字、拼音、首字母、编码或法律名称检索事项",
        "find items by Chinese, pinyin, initials, code or law",
    ),
    ("zhifa catalog show 编码", "查看事项详情", "one item in full"),
    (
        "zhifa catalog versions",
        "目录版本（现行 / 待生效 / 已被替代）",
        "catalog versions (in force / scheduled / superseded)",
    ),
    (
        "zhifa catalog import 文件 [--dry-run]",
        "导入目录（CSV / XLSX / JSON）",
        "load a catalog (CSV / XLSX / JSON)",
    ),
    ("zhifa catalog diff [旧版] [新版]", "版本差异", "differences between versions"),
    ("zhifa catalog export 文件", "导出为标准 JSON", "write the canonical JSON"),
    (
        "zhifa officer add|list|passwd|unlock",
        "人员账号（首个管理员无需登录，之后须 --as 管理员）",
        "accounts (the first admin without login, then --as an admin)",
    ),
    ("zhifa team add 编码 名称", "添加中队", "add a team"),
];

fn print_usage(lang: Lang) {
    println!(
        "{}",
        lang.pick(
            "zhifa 综合行政执法\n\n在终端中直接运行 zhifa 打开界面。命令：",
            "zhifa: comprehensive administrative law enforcement\n\n\
             Run zhifa in a terminal to open the interface. Commands:"
        )
    );
    for (command, zh, en) in USAGE {
        let command = match lang {
            Lang::Zh => command.to_string(),
            Lang::En => command
                .replace("查询词", "QUERY")
                .replace("编码", "CODE")
                .replace("文件", "FILE")
                .replace("旧版", "FROM")
                .replace("新版", "TO")
                .replace("名称", "NAME"),
        };
        println!("  {}  {}", table::pad(&command, 38), lang.pick(zh, en));
    }
    println!(
        "\n{}",
        lang.pick(
            "zhifa --help 查看全部选项；--lang en 切换为英文。",
            "zhifa --help lists every option."
        )
    );
}
