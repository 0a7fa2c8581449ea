//! `zhifa sync` and `zhifa central …`: a station's events pushed to the centre, and the centre
//! read and checked (docs/CENTRAL.md).

mod accounts;
mod calendars;
mod catalogs;
mod publisher;
mod roles;
mod tickets;

use super::context::Context;
use super::table;
use crate::central::{masked, Centre};
use crate::cli::out::{errln, out, outln};
use crate::cli::progress::Meter;
use crate::i18n::Lang;
use crate::sync::{check_at_centre, push, DEFAULT_BATCH};
use anyhow::Result;
use clap::{Args, Subcommand};
use std::time::Instant;

/// Exit code when the centre refuses what a station holds, or a check there fails.
pub(super) const EXIT_REFUSED: i32 = 3;

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Events per batch (one transaction at the centre)
    #[arg(long, default_value_t = DEFAULT_BATCH as u32, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch: u32,
    #[arg(long)]
    json: bool,
    /// Keep pushing, every `[central] every_secs` (default 2) seconds, one line per push that
    /// sent something or failed; until interrupted
    #[arg(long, conflicts_with = "json")]
    watch: bool,
}

#[derive(Debug, Subcommand)]
pub enum CentralCommand {
    /// Every station the centre knows: its head, the last push
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Check each station's events at the centre: the chain and every signature
    Verify {
        /// Only this station
        #[arg(long)]
        station: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Send a 12345 feed's complaints to a station: it takes them in on its next sync (as an
    /// officer, `--as`); a number already dispatched to it is skipped
    Dispatch {
        /// The station's code
        #[arg(long)]
        station: String,
        /// The feed: CSV (UTF-8 or GB18030) or XLSX, as `zhifa ticket import` reads
        file: std::path::PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Catalog versions a city admin publishes at the centre: every station takes them in on
    /// its next sync
    #[command(subcommand)]
    Catalog(catalogs::CentralCatalogCommand),
    /// Working-day calendar years a city admin publishes at the centre: every station takes
    /// them in on its next sync
    #[command(subcommand)]
    Calendar(calendars::CentralCalendarCommand),
    /// Accounts a city admin publishes at the centre for one station: it takes them in on its
    /// next sync
    #[command(subcommand)]
    Officer(accounts::CentralOfficerCommand),
    /// Database roles confined to one station's rows at the centre (the owner names them)
    #[command(subcommand)]
    Role(roles::CentralRoleCommand),
}

/// Where a station pushes when `--central` does not say (config.toml's `[central] url` else).
pub const ENV_CENTRAL: &str = "ZHIFA_CENTRAL";

/// The centre's URL: `--central`, else `ZHIFA_CENTRAL`, else `[central] url` in config.toml.
fn central_url(given: Option<&str>, lang: Lang) -> Result<Option<String>> {
    let from_env = std::env::var(ENV_CENTRAL).ok();
    if let Some(url) = given.or(from_env.as_deref()).filter(|u| !u.trim().is_empty()) {
        return Ok(Some(url.trim().to_string()));
    }
    let configured = crate::config::Config::load()?.central.url;
    if configured.is_none() {
        errln!(
            "zhifa: {}",
            lang.pick(
                "未配置中心数据库：请用 --central URL、环境变量 ZHIFA_CENTRAL，或在 config.toml 中写 [central] url = \"postgres://…\"",
                "no centre configured: pass --central URL, set ZHIFA_CENTRAL, or write [central] \
                 url = \"postgres://…\" in config.toml"
            )
        );
    }
    Ok(configured)
}

pub(super) fn connect(url: &str, lang: Lang) -> Result<Centre> {
    Centre::connect(url).map_err(|e| {
        anyhow::Error::msg(match lang {
            Lang::Zh => format!(
                "无法连接中心数据库 {}：{}",
                masked(url),
                e.message_zh().unwrap_or_else(|| e.to_string())
            ),
            Lang::En => e.to_string(),
        })
    })
}

pub fn run_sync(ctx: &Context, central: Option<&str>, args: SyncArgs, lang: Lang) -> Result<i32> {
    let Some(url) = central_url(central, lang)? else { return Ok(2) };
    let configured = crate::config::Config::load()?.central;
    if args.watch {
        return watch(ctx, &url, &configured, lang);
    }
    let mut store = ctx.open_store()?;
    let mut centre = connect(&url, lang)?;
    let started = Instant::now();
    let meter = Meter::stderr(lang.pick("推送事件", "pushing events"), args.json);
    let today = ctx.clock.today();
    let result = push(&store, &mut centre, args.batch as usize, today, |done, total| {
        meter.set(done.max(0) as u64, total.max(0) as u64)
    });
    drop(meter);
    let pushed = match result {
        Ok(pushed) => pushed,
        Err(e @ crate::sync::SyncError::NoStation) => {
            errln!("zhifa: {}", e.message(lang));
            return Ok(2);
        }
        Err(e @ (crate::sync::SyncError::Store(_) | crate::sync::SyncError::Central(_))) => {
            return Err(anyhow::Error::msg(e.message(lang)))
        }
        Err(refused) => {
            errln!("zhifa: {}", refused.message(lang));
            return Ok(EXIT_REFUSED);
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let dispatched = tickets::at_sync(ctx, &mut store, &mut centre, &pushed, lang)?;
    // What the city published: catalog versions, calendar years, then this station's accounts.
    let now = ctx.clock.now();
    let worded = |e: crate::sync::SyncError| anyhow::Error::msg(e.message(lang));
    let from = &crate::sync::Publishers::of(&configured);
    let published =
        crate::sync::pull_catalogs(&mut store, &mut centre, now, from).map_err(worded)?;
    let calendars =
        crate::sync::pull_calendars(&mut store, &mut centre, now, from).map_err(worded)?;
    let accounts =
        crate::sync::pull_accounts(&mut store, &mut centre, now, from).map_err(worded)?;
    if args.json {
        let mut value = serde_json::to_value(&pushed)?;
        value["seconds"] = seconds.into();
        value["tickets"] = serde_json::to_value(&dispatched)?;
        value["catalogs"] = serde_json::to_value(&published)?;
        value["calendars"] = serde_json::to_value(&calendars)?;
        value["accounts"] = serde_json::to_value(&accounts)?;
        super::json::print(&value)?;
        return Ok(0);
    }
    match lang {
        Lang::Zh => outln!(
            "站点 {}：推送 {} 条事件（{} 批，{:.1} 秒）；中心已收至第 {} 条，头哈希 {}{}",
            pushed.station,
            pushed.pushed,
            pushed.batches,
            seconds,
            pushed.head_seq,
            pushed.head_hash,
            if pushed.waiting > 0 { format!("；另有 {} 条待下次同步", pushed.waiting) } else { String::new() }
        ),
        Lang::En => outln!(
            "station {}: pushed {} events ({} batches, {:.1} s); the centre holds up to {}, head {}{}",
            pushed.station,
            pushed.pushed,
            pushed.batches,
            seconds,
            pushed.head_seq,
            pushed.head_hash,
            if pushed.waiting > 0 { format!("; {} more wait for the next sync", pushed.waiting) } else { String::new() }
        ),
    }
    if pushed.facts_rows > 0 || pushed.people_rows > 0 {
        match lang {
            Lang::Zh => outln!(
                "统计数据：{} 条记录（巡查、复查、投诉、案件），{} 条人员、名称与日历",
                pushed.facts_rows,
                pushed.people_rows
            ),
            Lang::En => outln!(
                "report facts: {} records (patrols, re-inspections, complaints, cases), {} officers, names and calendar years",
                pushed.facts_rows,
                pushed.people_rows
            ),
        }
    }
    tickets::print_at_sync(&dispatched, lang);
    catalogs::print_at_sync(&published, today, lang);
    calendars::print_at_sync(&calendars, lang);
    accounts::print_at_sync(&accounts, lang);
    Ok(0)
}

/// `zhifa sync --watch`: a line per round that pushed something or failed, the time in China.
fn watch(ctx: &Context, url: &str, central: &crate::config::Central, lang: Lang) -> Result<i32> {
    let publishers = crate::sync::Publishers::of(central);
    let mut last_failure = None;
    let mut last_not_taken = Vec::new();
    let every = central.every();
    crate::sync::watch(&ctx.db_path, url, every, ctx.clock, lang, &publishers, |round| {
        let at = round.at.with_timezone(&crate::clock::CHINA).format("%Y-%m-%d %H:%M:%S");
        match round.outcome {
            Ok(pushed) => {
                last_failure = None;
                catalogs::print_taken_in(&pushed.catalogs, ctx.clock.today(), lang);
                calendars::print_taken_in(&pushed.calendars, lang);
                accounts::print_taken_in(&pushed.accounts, lang);
                let catalogs = pushed.catalogs.not_taken.iter().map(|n| n.message(lang));
                let not_taken: Vec<String> = catalogs
                    .chain(pushed.calendars.not_taken.iter().map(|n| n.message(lang)))
                    .chain(pushed.accounts.not_taken.iter().map(|n| n.message(lang)))
                    .collect();
                if not_taken != last_not_taken {
                    for message in &not_taken {
                        errln!("{at} zhifa: {message}");
                    }
                    last_not_taken = not_taken;
                }
                if pushed.pushed > 0 {
                    match lang {
                        Lang::Zh => outln!(
                            "{at} 站点 {}：推送 {} 条，中心已收至第 {} 条",
                            pushed.station,
                            pushed.pushed,
                            pushed.head_seq
                        ),
                        Lang::En => outln!(
                            "{at} station {}: pushed {}, the centre holds up to {}",
                            pushed.station,
                            pushed.pushed,
                            pushed.head_seq
                        ),
                    }
                }
            }
            // A failure is said once, not every few seconds while it lasts.
            Err(message) if last_failure.as_ref() != Some(&message) => {
                errln!("{at} zhifa: {message}");
                last_failure = Some(message);
            }
            Err(_) => {}
        }
        true
    });
    Ok(0)
}

/// `zhifa --central URL case list [--overdue] [--team T] [--json]`: every station's open cases as
/// they last pushed them, lateness judged on today's date here.
/// `zhifa --central URL report …`: the figures over every station, from the facts their pushes
/// sent (docs/CENTRAL.md); the same arguments and formats as a station's `zhifa report`.
pub fn central_report(url: &str, args: super::report::ReportArgs, lang: Lang) -> Result<i32> {
    let today = crate::clock::Clock::from_env().map_err(anyhow::Error::msg)?.today();
    let Some(period) = super::report::checked(&args, today, lang) else {
        return Ok(super::report::EXIT_INVALID);
    };
    let mut centre = connect(url, lang)?;
    let meter = Meter::stderr(lang.pick("统计中", "counting"), false);
    let counted = crate::sync::centre_report(&mut centre, period, args.by, today)
        .map_err(|e| anyhow::Error::msg(e.message(lang)))?;
    drop(meter);
    for (station, facts, head) in &counted.behind {
        errln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "注意：站点 {station} 在中心的统计数据只到第 {facts} 条事件（中心已有 {head} 条）：\
                     该站下次同步后补齐"
                ),
                Lang::En => format!(
                    "note: station {station}'s report facts at the centre reflect its events up to \
                     {facts} of the {head} held: its next sync completes them"
                ),
            }
        );
    }
    super::report::emit(&counted.report, &args, lang)?;
    Ok(0)
}

pub fn central_case_list(
    url: &str,
    team: Option<&str>,
    overdue: bool,
    other_filters: bool,
    json: bool,
    lang: Lang,
) -> Result<i32> {
    if other_filters {
        errln!(
            "zhifa: {}",
            lang.pick(
                "在中心读取案件时只能用 --overdue、--team 与 --json",
                "at the centre, case list takes only --overdue, --team and --json"
            )
        );
        return Ok(2);
    }
    let today = crate::clock::Clock::from_env().map_err(anyhow::Error::msg)?.today();
    let mut centre = connect(url, lang)?;
    let cases = centre.open_cases(overdue.then_some(today), team)?;
    if json {
        let mut lines = Vec::new();
        for case in &cases {
            let mut value = serde_json::to_value(case)?;
            value["days_overdue"] =
                case.late_due.filter(|d| *d < today).map(|d| (today - d).num_days()).into();
            lines.push(value);
        }
        super::json::print(&lines)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => ["站点", "案号", "中队", "阶段", "地点", "最早期限", "截至"],
        Lang::En => ["station", "number", "team", "stage", "place", "earliest due", "as of"],
    };
    let rows: Vec<Vec<String>> = cases
        .iter()
        .map(|c| {
            let late = |d: chrono::NaiveDate| (today - d).num_days();
            let due = match (c.late_due, lang) {
                (Some(d), Lang::Zh) if d < today => format!("⚠逾期{}天（{d}）", late(d)),
                (Some(d), Lang::En) if d < today => format!("⚠ {}d late ({d})", late(d)),
                (Some(d), _) => d.to_string(),
                (None, _) if c.uncounted => {
                    lang.pick("无法计算（缺日历）", "uncounted (no calendar)").into()
                }
                (None, _) => String::new(),
            };
            vec![
                c.station.clone(),
                c.number.clone().unwrap_or_default(),
                c.team.clone(),
                lang.pick(&c.stage_zh, &c.stage_en).to_string(),
                c.place.clone(),
                due,
                c.as_of.to_string(),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[8, 22, 6, 10, 20, 24, 10]));
    Ok(0)
}

pub fn run_central(
    context: &dyn Fn() -> Result<Context>,
    central: Option<&str>,
    cmd: CentralCommand,
    lang: Lang,
) -> Result<i32> {
    let Some(url) = central_url(central, lang)? else { return Ok(2) };
    let mut centre = connect(&url, lang)?;
    match cmd {
        CentralCommand::Status { json } => status(&mut centre, json, lang),
        CentralCommand::Verify { station, json } => verify(&mut centre, station, json, lang),
        CentralCommand::Dispatch { station, file, json } => {
            tickets::dispatch(&mut centre, &station, &file, json, lang)
        }
        CentralCommand::Catalog(cmd) => catalogs::run(context, &mut centre, cmd, lang),
        CentralCommand::Calendar(cmd) => calendars::run(context, &mut centre, cmd, lang),
        CentralCommand::Officer(cmd) => accounts::run(context, &mut centre, cmd, lang),
        CentralCommand::Role(cmd) => roles::run(&mut centre, cmd, lang),
    }
}

fn status(centre: &mut Centre, json: bool, lang: Lang) -> Result<i32> {
    let stations = centre.stations()?;
    if json {
        super::json::print(&stations)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => ["站点", "名称", "事件", "统计数据至", "头哈希", "最近推送（UTC）"],
        Lang::En => ["station", "name", "events", "facts up to", "head", "last push (UTC)"],
    };
    let rows: Vec<Vec<String>> = stations
        .into_iter()
        .map(|s| {
            vec![
                s.code,
                s.name,
                s.head_seq.to_string(),
                facts_mark(s.facts_through, s.head_seq, lang),
                s.head_hash.chars().take(16).collect(),
                s.last_push_at.unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[16, 24, 10, 16, 16, 20]));
    if let Some(own) = centre.own_station() {
        match lang {
            Lang::Zh => outln!("（本连接的数据库角色仅限站点 {own}：只列出本站）"),
            Lang::En => {
                outln!("(this connection's database role is station {own}'s: only it is listed)")
            }
        }
    }
    Ok(0)
}

/// How far the station's report facts at the centre reach: 齐 when they cover every event held,
/// else the last event they cover (its next push completes them).
fn facts_mark(through: i64, head: i64, lang: Lang) -> String {
    if through >= head {
        lang.pick("齐", "complete").to_string()
    } else {
        match lang {
            Lang::Zh => format!("{through}（待补齐）"),
            Lang::En => format!("{through} (behind)"),
        }
    }
}

fn verify(centre: &mut Centre, only: Option<String>, json: bool, lang: Lang) -> Result<i32> {
    let codes: Vec<String> = match only {
        Some(code) => vec![code.trim().to_ascii_uppercase()],
        None => centre.stations()?.into_iter().map(|s| s.code).collect(),
    };
    let mut checks = Vec::new();
    for code in codes {
        checks.push(
            check_at_centre(centre, &code, lang)
                .map_err(|e| anyhow::Error::msg(e.message(lang)))?,
        );
    }
    let ok = checks.iter().all(|c| c.is_ok());
    if json {
        super::json::print(&serde_json::json!({ "ok": ok, "stations": checks }))?;
    } else {
        for check in &checks {
            let verdict = match (check.is_ok(), lang) {
                (true, Lang::Zh) => "验证通过",
                (true, Lang::En) => "verified",
                (false, Lang::Zh) => "验证未通过",
                (false, Lang::En) => "NOT VERIFIED",
            };
            match lang {
                Lang::Zh => outln!(
                    "站点 {}：{verdict}，{} 条事件，头哈希 {}",
                    check.station,
                    check.events,
                    check.head_hash
                ),
                Lang::En => outln!(
                    "station {}: {verdict}, {} events, head {}",
                    check.station,
                    check.events,
                    check.head_hash
                ),
            }
            if check.head_hash != check.recorded_head {
                let recorded = &check.recorded_head;
                match lang {
                    Lang::Zh => outln!("  中心记录的头哈希是 {recorded}，与事件链不符"),
                    Lang::En => outln!("  the centre recorded the head {recorded}, which the chain does not end on"),
                }
            }
            for problem in &check.problems {
                outln!("  {problem}");
            }
        }
    }
    Ok(if ok { 0 } else { EXIT_REFUSED })
}
