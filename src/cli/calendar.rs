//! `zhifa calendar …`: the working-day calendar that deadlines are counted on.

use super::auth::{self, explain, Passwords};
use super::catalog::import::parse_date;
use super::context::Context;
use super::table;
use crate::calendar::{CalendarGap, DayCount, Provenance, Uncertain};
use crate::catalog::import::encoding::Utf8Place;
use crate::cli::out::{errln, out, outln};
use crate::i18n::Lang;
use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use clap::Subcommand;
use std::path::PathBuf;

/// Exit code when a working-day question reaches a year with no calendar.
pub const EXIT_NO_CALENDAR: i32 = 2;

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// The last day of a period of N days after DATE (the day itself not counted)
    AddDays {
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
        days: u32,
        /// Count working days (statutory holidays and weekends excluded, make-up days included)
        #[arg(long)]
        working: bool,
        /// A party's period: on a provisional year (no notice loaded) count the days the notice
        /// may still move as days off (the latest end); by default as working days (the
        /// earliest end, for the bureau's own deadlines)
        #[arg(long)]
        party: bool,
    },
    /// Load or replace one year's arrangement (admin); format: docs/calendar-format.md. Lists
    /// the open cases whose deadlines moved (a provisional year replaced by the notice)
    #[command(visible_alias = "load")]
    Import { file: PathBuf },
    /// The years known: shipped with zhifa or loaded
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: CalendarCommand, lang: Lang) -> Result<i32> {
    match cmd {
        CalendarCommand::AddDays { date, days, working, party } => {
            add_days(ctx, date, days, working, party, lang)
        }
        CalendarCommand::Import { file } => import(ctx, &file, lang),
        CalendarCommand::List { json } => list(ctx, json, lang),
    }
}

fn add_days(
    ctx: &Context,
    date: NaiveDate,
    days: u32,
    working: bool,
    party: bool,
    lang: Lang,
) -> Result<i32> {
    let calendar = ctx.open_store()?.work_calendar()?;
    let count = if working { DayCount::Working } else { DayCount::Natural };
    let uncertain = if party { Uncertain::Off } else { Uncertain::Working };
    match calendar.add_days_counting(date, days, count, uncertain) {
        Ok(end) if working && calendar.is_provisional(end) => {
            outln!("{end}{}", lang.pick("（暂定）", " (provisional)"));
            Ok(0)
        }
        Ok(end) => {
            outln!("{end}");
            Ok(0)
        }
        Err(gap) => {
            errln!("zhifa: {}", gap_message(gap, lang));
            Ok(EXIT_NO_CALENDAR)
        }
    }
}

fn gap_message(gap: CalendarGap, lang: Lang) -> String {
    match lang {
        Lang::Zh => gap.message_zh(),
        Lang::En => gap.to_string(),
    }
}

/// A calendar file as read: its name, its text, and the year it gives.
pub(crate) struct CalendarFile {
    pub name: String,
    pub text: String,
    pub year: crate::calendar::YearCalendar,
}

/// Reads and checks a calendar file (docs/calendar-format.md) as `calendar import` does, for an
/// import here and a publication at the centre: an error names the file, and the line and column
/// or the holiday and the day it is about.
pub(crate) fn read_file(file: &std::path::Path, lang: Lang) -> Result<CalendarFile> {
    let bytes = crate::catalog::import::bounds::read_regular_file(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let name = file
        .file_name()
        .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        let place = Utf8Place::of(&bytes).unwrap_or(Utf8Place { line: 1, column: 1, offset: 0 });
        bail!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "{name}：自{}起不是 UTF-8 编码：日历文件须为 UTF-8 的 TOML",
                    place.message_zh()
                ),
                Lang::En =>
                    format!("{name}: not UTF-8 from {place} on: calendar files are UTF-8 TOML"),
            }
        );
    };
    let year = crate::calendar::format::parse(&name, &text)
        .map_err(|e| explain(crate::store::StoreError::Calendar(e), lang))?;
    Ok(CalendarFile { name, text, year })
}

fn import(ctx: &Context, file: &std::path::Path, lang: Lang) -> Result<i32> {
    let CalendarFile { name, text, .. } = read_file(file, lang)?;
    let mut store = ctx.open_store()?;
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let today = ctx.clock.today();
    let before = crate::worklist::open_case_lines(&store, today)?;
    let year =
        store.import_calendar(&who, ctx.clock.now(), &name, &text).map_err(|e| explain(e, lang))?;
    let after = crate::worklist::open_case_lines(&store, today)?;
    let moved = crate::worklist::moved_deadlines(&before, &after);
    match lang {
        Lang::Zh => outln!(
            "已载入 {} 年工作日安排：放假 {} 天，调休上班 {} 天（{}）",
            year.year,
            year.off.len(),
            year.work.len(),
            year.source
        ),
        Lang::En => outln!(
            "loaded the {} calendar: {} days off, {} make-up working days ({})",
            year.year,
            year.off.len(),
            year.work.len(),
            year.source
        ),
    }
    print_moved(&moved, lang);
    Ok(0)
}

/// The open cases whose deadlines the load moved, one line each.
pub(crate) fn print_moved(moved: &[crate::worklist::Moved], lang: Lang) {
    let date = |d: Option<NaiveDate>| {
        d.map_or_else(|| lang.pick("无法计算", "uncounted").to_string(), |d| d.to_string())
    };
    match lang {
        Lang::Zh => outln!("期限变动的在办案件：{} 项", moved.len()),
        Lang::En => outln!("deadlines of open cases moved: {}", moved.len()),
    }
    for m in moved {
        let case = m.number.clone().unwrap_or_else(|| format!("#{}", m.case_id));
        outln!("  {case} {} {} → {}", m.label, date(m.before), date(m.after));
    }
}

#[derive(serde::Serialize)]
struct YearRow {
    year: i32,
    provenance: Provenance,
    source: String,
    days_off: usize,
    make_up_days: usize,
}

fn list(ctx: &Context, json: bool, lang: Lang) -> Result<i32> {
    let calendar = ctx.open_store()?.work_calendar()?;
    let rows: Vec<YearRow> = calendar
        .years()
        .map(|y| YearRow {
            year: y.year,
            provenance: y.provenance,
            source: y.source.clone(),
            days_off: y.off.len(),
            make_up_days: y.work.len(),
        })
        .collect();
    if json {
        crate::cli::json::print(&rows)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => ["年份", "放假天数", "调休上班", "依据"],
        Lang::En => ["year", "days off", "make-up days", "source"],
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let year = match r.provenance {
                Provenance::Official => r.year.to_string(),
                Provenance::Provisional => format!("{}{}", r.year, lang.pick("（暂定）", "*")),
            };
            // A computed year's source is zhifa's own words; a loaded notice's is its title.
            let source = match (r.provenance, lang) {
                (Provenance::Provisional, Lang::En) => format!(
                    "computed by art. 2 of the national public holidays rules (2024 revision); \
                     the {} arrangement is not published yet",
                    r.year
                ),
                _ => r.source.clone(),
            };
            vec![year, r.days_off.to_string(), r.make_up_days.to_string(), source]
        })
        .collect();
    out!("{}", table::render(&header, &cells, &[12, 10, 12, 60]));
    Ok(0)
}
