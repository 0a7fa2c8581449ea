//! `zhifa case …`: cases for scripting and checks: lists with the statutory clocks (overdue,
//! due within N days), one case in full with its deadlines and history, and the penalty
//! decisions of a period for publication (`publish`, personal data masked).

mod publish;

use super::context::Context;
use super::table;
use crate::cli::out::{out, outln};
use crate::i18n::Lang;
use crate::worklist::{awaits_approval, case_line, case_lines, open_case_lines, CaseLine};
use anyhow::{bail, Result};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// List cases with their nearest deadline
    List {
        #[arg(long)]
        team: Option<String>,
        /// Only cases with a deadline already passed
        #[arg(long)]
        overdue: bool,
        /// Only cases with a deadline within this many days (overdue included)
        #[arg(long, value_name = "DAYS")]
        due_within: Option<i64>,
        /// Only cases this officer investigates
        #[arg(long, value_name = "BADGE")]
        officer: Option<String>,
        /// Only cases waiting for the leader (filing or closing asked for)
        #[arg(long)]
        awaiting_approval: bool,
        #[arg(long)]
        json: bool,
    },
    /// One case in full: items as cited, parties, deadlines with their articles, steps
    Show {
        /// The case number (〔2026〕综执罚字第1号) or its id
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Penalty decisions of a period for publication (APL art. 48): number, date, items, penalty,
    /// parties with a person's name and ID number masked; no facts, places or contacts
    Publish {
        /// First decision day included (YYYY-MM-DD; default: the earliest)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last decision day included (YYYY-MM-DD; default: today)
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, value_enum, default_value = "csv")]
        format: publish::PublishFormat,
        /// Write to this file instead of standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
}

pub fn run(ctx: &Context, cmd: CaseCommand, lang: Lang) -> Result<i32> {
    let store = ctx.open_store()?;
    let today = ctx.clock.today();
    match cmd {
        CaseCommand::List { team, overdue, due_within, officer, awaiting_approval, json } => {
            // Only open cases run clocks or wait for anyone, so those filters need only those.
            let lines = if overdue || due_within.is_some() || officer.is_some() || awaiting_approval
            {
                open_case_lines(&store, today)?
            } else {
                case_lines(&store, today)?
            };
            let cases: Vec<CaseLine> = lines
                .into_iter()
                .filter(|l| team.as_deref().is_none_or(|t| l.case.team == t))
                // A case with a clock nobody can count is listed with the reason, never dropped.
                .filter(|l| !overdue || l.is_overdue() || l.needs_showing_uncounted())
                .filter(|l| {
                    due_within.is_none_or(|n| l.due_within(n) || l.needs_showing_uncounted())
                })
                .filter(|l| {
                    officer
                        .as_deref()
                        .is_none_or(|b| l.case.state.investigators.iter().any(|i| i == b))
                })
                .filter(|l| !awaiting_approval || awaits_approval(l))
                .collect();
            if json {
                crate::cli::json::print(&cases)?;
            } else {
                print_list(&cases, lang);
            }
        }
        CaseCommand::Publish { from, to, format, output } => {
            let date = |text: Option<String>| -> Result<Option<chrono::NaiveDate>> {
                text.map(|t| super::catalog::import::parse_date(&t).map_err(anyhow::Error::msg))
                    .transpose()
            };
            let request = publish::PublishRequest {
                from: date(from)?,
                to: date(to)?.unwrap_or(today),
                format,
                output: output.as_deref(),
            };
            return publish::publish(&store, &request, lang);
        }
        CaseCommand::Show { case, json } => {
            let found = match case.trim().parse::<i64>() {
                Ok(id) => store.case(id)?,
                Err(_) => store.case_by_number(&case)?,
            };
            let Some(found) = found else {
                bail!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("没有案件 {case}"),
                        Lang::En => format!("no case {case}"),
                    }
                );
            };
            let listed = case_line(found, &store.work_calendar()?, today);
            if json {
                crate::cli::json::print(&listed)?;
            } else {
                print_case(&listed, lang);
            }
        }
    }
    Ok(0)
}

fn print_list(cases: &[CaseLine], lang: Lang) {
    let header = match lang {
        Lang::Zh => ["编号", "案号", "中队", "阶段", "地点", "最近期限"],
        Lang::En => ["id", "number", "team", "stage", "place", "nearest deadline"],
    };
    let rows: Vec<Vec<String>> = cases
        .iter()
        .map(|l| {
            vec![
                l.case.id.to_string(),
                l.case.number.clone().unwrap_or_default(),
                l.case.team.clone(),
                l.case.state.stage.label_zh().to_string(),
                l.case.place.clone(),
                l.nearest_text(lang),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[5, 22, 6, 10, 20, 36]));
}

fn print_case(l: &CaseLine, lang: Lang) {
    let c = &l.case;
    outln!(
        "{} {}",
        c.number.as_deref().unwrap_or(lang.pick("（未立案）", "(not filed)")),
        c.state.stage.label_zh()
    );
    outln!("{}{} · {} · {}", lang.pick("中队 ", "team "), c.team, c.source.label_zh(), c.place);
    outln!("{}", c.facts);
    for cited in &c.items {
        outln!("  {} {}（{}）", cited.item.code, cited.item.name, cited.version);
    }
    for party in &c.parties {
        outln!("  {} {}", party.kind.label_zh(), party.name);
    }
    for clock in &l.deadlines {
        let due = clock.due_text(lang);
        let flag = if clock.overdue { lang.pick(" 已逾期", " OVERDUE") } else { "" };
        outln!("  {} {due}{flag} · {}", clock.label, clock.basis);
    }
    for step in &c.steps {
        outln!("  #{} {} → {} · {}", step.seq, step.at, step.stage_after.label_zh(), step.actor);
    }
}
