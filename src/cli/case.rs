//! `zhifa case …`: cases for scripting and checks: lists with the statutory clocks (overdue,
//! due within N days), one case in full with its deadlines and history, and the penalty
//! decisions of a period for publication (`publish`, personal data masked).

mod publish;
mod steps;

use super::context::Context;
use super::table;
use crate::cli::out::{out, outln};
use crate::i18n::Lang;
use crate::worklist::{awaits_approval, case_lines, open_case_lines, CaseLine};
use anyhow::Result;
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
    /// What the acting officer (--as) may do with the case now: each step with its fields, or
    /// why it cannot be taken
    Steps {
        /// The case number (〔2026〕综执罚字第1号) or its id
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Take one step of the procedure as the officer named with --as (refused: exit 2 with the
    /// reason and article, nothing written)
    Step {
        /// The case number or its id
        case: String,
        /// The step, as `case steps` names it (approve-filing, give-notice, decide…)
        step: String,
        /// The step's date (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<String>,
        /// A field of the step: opinion=…, summary=…, ground=minor… (repeatable)
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
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
    match &cmd {
        CaseCommand::Steps { case, json } => return steps::list(ctx, case, *json, lang),
        CaseCommand::Step { case, step, on, set, json } => {
            let request = steps::StepRequest { case, step, on: on.as_deref(), set, json: *json };
            return steps::take(ctx, &request, lang);
        }
        _ => {}
    }
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
        CaseCommand::Steps { .. } | CaseCommand::Step { .. } => {}
        CaseCommand::Show { case, json } => {
            let Some(found) = find_case(&store, &case, lang)? else { return Ok(2) };
            let (listed, evidence) = crate::worklist::file_of(&store, found, today)?;
            if json {
                crate::cli::json::print(&listed)?;
            } else {
                print_case(&listed, &evidence, lang);
            }
        }
    }
    Ok(0)
}

/// The case with this number or id; `None` (said on standard error) when there is none.
fn find_case(
    store: &crate::store::Store,
    case: &str,
    lang: Lang,
) -> Result<Option<crate::domain::case_file::CaseRecord>> {
    let found = match case.trim().parse::<i64>() {
        Ok(id) => store.case(id)?,
        Err(_) => store.case_by_number(case)?,
    };
    if found.is_none() {
        crate::cli::out::errln!(
            "{}",
            match lang {
                Lang::Zh => format!("没有案件 {case}"),
                Lang::En => format!("no case {case}"),
            }
        );
    }
    Ok(found)
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
                l.case.state.stage.label(lang).to_string(),
                l.case.place.clone(),
                l.nearest_text(lang),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[5, 22, 6, 10, 20, 36]));
}

/// The case file, section by section, as the TUI shows it (`casefile`).
fn print_case(l: &CaseLine, evidence: &[crate::domain::patrol::Evidence], lang: Lang) {
    for section in crate::casefile::sections(l, evidence, lang) {
        outln!("{}", section.heading(lang));
        for (text, _) in &section.lines {
            outln!("  {text}");
        }
    }
}
