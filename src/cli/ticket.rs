//! `zhifa ticket …`: complaints and hotline tickets: import a dispatch feed, list (overdue
//! first to see), assign to a team, record the reply and the callback, transfer, link a repeat.
//!
//! The list's table never shows the reporter, and shows the place and complaint with every long
//! number and the reporter's own name masked (`privacy::listed_text`); `--json` is the bureau's
//! own data and carries the ticket as recorded. Anything that leaves the bureau is listed with
//! `--masked`.

mod suggest;

use super::auth::{self, explain, Passwords};
use super::context::Context;
use super::table;
use crate::catalog::import::bounds::read_regular_file;
use crate::cli::out::{errln, out, outln};
use crate::command::{execute, Command, Desk};
use crate::domain::privacy::{listed_text, masked_ticket};
use crate::domain::ticket::Ticket;
use crate::i18n::Lang;
use crate::intake::duplicates::{likely_duplicates, Thresholds, TicketText};
use crate::intake::feed::{read_feed, FeedReport};
use crate::intake::reply_due;
use crate::store::{Store, StoreResult};
use anyhow::{Context as _, Result};
use clap::Subcommand;
use std::path::PathBuf;

/// Exit code when the feed has errors (nothing written).
pub const EXIT_INVALID: i32 = 2;

#[derive(Debug, Subcommand)]
pub enum TicketCommand {
    /// Import a dispatch feed (CSV / XLSX: 工单编号, 受理时间, 事发地址, 诉求内容 …)
    Import {
        file: PathBuf,
        /// Check and report only; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// List tickets
    List {
        /// Only those past their reply date and unanswered
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        team: Option<String>,
        #[arg(long)]
        json: bool,
        /// For readers outside the bureau: the reporter's name and phone masked (removed when
        /// they asked for confidentiality), long numbers in the place and content masked
        #[arg(long)]
        masked: bool,
    },
    /// Give a ticket to a team (team leader)
    Assign {
        id: i64,
        #[arg(long)]
        team: String,
    },
    /// Record the reply given to the complainant
    Reply { id: i64, text: String },
    /// Record the callback (回访) after the reply: satisfied closes the ticket, not satisfied
    /// sends it back to the team
    Callback {
        id: i64,
        #[arg(long, conflicts_with = "unsatisfied", required_unless_present = "unsatisfied")]
        satisfied: bool,
        #[arg(long)]
        unsatisfied: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Transfer a ticket outside the bureau's remit to the authority that handles it
    Transfer {
        id: i64,
        #[arg(long)]
        to: String,
        #[arg(long)]
        reason: String,
    },
    /// Record that a ticket repeats an earlier one (handled with it, not twice)
    Link {
        /// The repeat: its number as `ticket list` shows it, or #id
        ticket: String,
        /// The ticket it repeats: its number as listed, or #id
        #[arg(long = "repeats", value_name = "ORIGINAL")]
        original: String,
    },
    /// The catalog items a complaint probably concerns, and whether it is the team's or goes to
    /// which department
    Suggest {
        id: i64,
        /// Judge for this team (default: the team the ticket is assigned to; none: the bureau)
        #[arg(long, value_name = "CODE")]
        team: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: TicketCommand, lang: Lang) -> Result<i32> {
    match cmd {
        TicketCommand::Import { file, dry_run } => import(ctx, &file, dry_run, lang),
        TicketCommand::List { overdue, team, json, masked } => {
            let shown = Listing { overdue, team: team.as_deref(), json, masked };
            list(ctx, &shown, lang)
        }
        TicketCommand::Assign { id, team } => {
            act(ctx, lang, |_| Ok((id, Command::AssignTicket { ticket: id, team })))
        }
        TicketCommand::Reply { id, text } => {
            act(ctx, lang, |_| Ok((id, Command::ReplyTicket { ticket: id, reply: text })))
        }
        TicketCommand::Callback { id, satisfied, unsatisfied: _, note } => {
            act(ctx, lang, |_| Ok((id, Command::Callback { ticket: id, satisfied, note })))
        }
        TicketCommand::Transfer { id, to, reason } => {
            act(ctx, lang, |_| Ok((id, Command::TransferTicket { ticket: id, to, reason })))
        }
        TicketCommand::Suggest { id, team, json } => suggest::run(ctx, id, team, json, lang),
        TicketCommand::Link { ticket, original } => act(ctx, lang, |s| {
            let id = s.ticket_by_reference(&ticket)?;
            let original = s.ticket_by_reference(&original)?;
            Ok((id, Command::LinkTicket { ticket: id, original }))
        }),
    }
}

/// One action on a ticket by the officer named with `--as`, written through the application
/// layer as the TUI writes it: what was recorded, then the ticket as it stands; a refusal exits
/// 2 with its reason, nothing written.
fn act(
    ctx: &Context,
    lang: Lang,
    command: impl FnOnce(&Store) -> StoreResult<(i64, Command)>,
) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let (id, command) = command(&store).map_err(|e| explain(e, lang))?;
    let config = crate::config::Config::load()?;
    let desk = Desk { who: &who, now: ctx.clock.now(), config: &config, lang };
    match execute(&mut store, &desk, command) {
        Ok(done) => {
            outln!("{}", done.message);
            if let Some(ticket) = store.ticket(id)? {
                print_rows(&[ticket], lang);
            }
            Ok(0)
        }
        Err(refusal) => {
            errln!("{}", refusal.message);
            Ok(EXIT_INVALID)
        }
    }
}

/// A 12345 feed file read and checked, each problem printed (a few hundred, then a count):
/// `ticket import` and `central dispatch` read their feeds alike.
pub(crate) fn read_feed_file(file: &std::path::Path, lang: Lang) -> Result<FeedReport> {
    let bytes =
        read_regular_file(file).with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let report = read_feed(&name, &bytes).map_err(anyhow::Error::msg)?;
    for problem in &report.problems {
        errln!("{problem}");
    }
    if report.more_problems > 0 {
        let more = report.more_problems;
        errln!(
            "{}",
            lang.pick(
                &format!("……另有 {more} 个问题未列出"),
                &format!("… and {more} more problems not listed")
            )
        );
    }
    Ok(report)
}

fn import(ctx: &Context, file: &std::path::Path, dry_run: bool, lang: Lang) -> Result<i32> {
    let report = read_feed_file(file, lang)?;
    if report.has_errors() {
        errln!(
            "{}",
            match lang {
                Lang::Zh => format!("共 {} 个错误：未写入任何内容。", report.problems.len()),
                Lang::En => format!("{} error(s): nothing was written.", report.problems.len()),
            }
        );
        return Ok(EXIT_INVALID);
    }
    let mut store = ctx.open_store()?;
    let calendar = store.work_calendar()?;
    let earlier = duplicate_candidates(&store, &report.tickets)?;
    warn_duplicates(&report.tickets, &earlier, lang);
    if dry_run {
        errln!(
            "{}",
            lang.pick("试运行：校验通过，未写入任何内容。", "dry run: valid, nothing was written.")
        );
        return Ok(0);
    }
    let periods = crate::config::Config::load()?.casework.ticket_periods();
    // Each with the item routing finds it concerns on the catalog in force the day it was
    // received (recorded: the reports count complaints by the item's domain).
    let mut classifier = crate::worklist::TicketClassifier::new();
    let mut with_due = Vec::new();
    for t in &report.tickets {
        let item = classifier.classify(&store, t.received_at.date(), &t.content)?;
        with_due.push((t.clone(), reply_due(t, &calendar, periods), item));
    }
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let added =
        store.add_tickets(&who, ctx.clock.now(), &with_due).map_err(|e| explain(e, lang))?;
    match lang {
        Lang::Zh => {
            outln!("已导入 {} 件，已存在而跳过 {} 件", added.added.len(), added.already.len())
        }
        Lang::En => {
            outln!("imported {}, skipped {} already stored", added.added.len(), added.already.len())
        }
    }
    Ok(0)
}

/// The stored tickets a new one could repeat: only those received within the duplicate window
/// of the feed's earliest (and every one still awaiting a reply), not years of answered ones.
fn duplicate_candidates(
    store: &crate::store::Store,
    new: &[crate::domain::ticket::IncomingTicket],
) -> Result<Vec<Ticket>> {
    let Some(earliest) = new.iter().map(|t| t.received_at).min() else { return Ok(Vec::new()) };
    let window = Thresholds::default().within;
    let since = earliest.checked_sub_signed(window).map_or(chrono::NaiveDate::MIN, |t| t.date());
    Ok(store.work_tickets(since)?)
}

/// Names, for each new ticket, the stored ones it probably repeats.
fn warn_duplicates(new: &[crate::domain::ticket::IncomingTicket], earlier: &[Ticket], lang: Lang) {
    let texts: Vec<TicketText> = earlier.iter().map(|t| TicketText::of(&t.incoming)).collect();
    for ticket in new {
        let found = likely_duplicates(&TicketText::of(ticket), &texts, Thresholds::default());
        let numbers: Vec<&str> = found
            .iter()
            .map(|(i, _)| earlier[*i].incoming.number.as_str())
            .filter(|n| *n != ticket.number)
            .collect();
        if !numbers.is_empty() {
            match lang {
                Lang::Zh => errln!("{}：可能与 {} 重复", ticket.number, numbers.join("、")),
                Lang::En => errln!("{}: may repeat {}", ticket.number, numbers.join(", ")),
            }
        }
    }
}

/// What `zhifa ticket list` shows.
struct Listing<'a> {
    overdue: bool,
    team: Option<&'a str>,
    json: bool,
    masked: bool,
}

fn list(ctx: &Context, listing: &Listing, lang: Lang) -> Result<i32> {
    let Listing { overdue, team, json, masked } = *listing;
    let today = ctx.clock.today();
    let store = ctx.open_store()?;
    // An overdue ticket still awaits its reply: those are all work_tickets reads, not years of
    // answered ones.
    let mut tickets = if overdue { store.work_tickets(today)? } else { store.tickets()? };
    let periods = crate::config::Config::load()?.casework.ticket_periods();
    crate::intake::with_transfer_dues(&mut tickets, &store.work_calendar()?, periods);
    let tickets: Vec<Ticket> = tickets
        .into_iter()
        .filter(|t| !overdue || t.is_overdue(today))
        .filter(|t| team.is_none_or(|team| t.team.as_deref() == Some(team)))
        .map(|t| if masked { Ticket { incoming: masked_ticket(&t.incoming), ..t } } else { t })
        .collect();
    if json {
        crate::cli::json::print(&tickets)?;
        return Ok(0);
    }
    print_rows(&tickets, lang);
    Ok(0)
}

fn print_rows(tickets: &[Ticket], lang: Lang) {
    let header = match lang {
        Lang::Zh => ["编号", "工单号", "受理时间", "答复期限", "中队", "状态", "地点", "内容"],
        Lang::En => ["id", "number", "received", "reply due", "team", "status", "place", "content"],
    };
    let rows: Vec<Vec<String>> = tickets
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                t.incoming.number.clone(),
                t.incoming.received_at.format("%Y-%m-%d %H:%M").to_string(),
                t.reply_due.map_or_else(
                    || lang.pick("（无日历）", "(no calendar)").to_string(),
                    |d| match t.provisional {
                        true => format!("{d}{}", lang.pick("（暂定）", " (provisional)")),
                        false => d.to_string(),
                    },
                ),
                t.team.clone().unwrap_or_default(),
                t.status.label(lang).to_string(),
                // A printed list can leave the bureau: numbers and a confidential reporter's
                // name never reach it (masked again on a masked list: no change).
                listed_text(&t.incoming.place, &t.incoming.reporter),
                listed_text(&t.incoming.content, &t.incoming.reporter),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[5, 14, 16, 10, 6, 6, 18, 30]));
}
