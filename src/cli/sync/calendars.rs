//! The working-day calendar that travels through the centre: `zhifa central calendar
//! publish|list` (a city admin publishes a year's file, the one `zhifa calendar import` reads)
//! and, in `zhifa sync`, the station taking the years in (docs/CENTRAL.md).

use super::publisher::{needs_admin, publisher, signed_word, Noun};
use crate::central::{CalendarPublished, Centre, NewCalendar};
use crate::cli::auth::Passwords;
use crate::cli::catalog::import::EXIT_INVALID;
use crate::cli::context::Context;
use crate::cli::out::{errln, out, outln};
use crate::cli::table;
use crate::domain::officer::Operation;
use crate::i18n::Lang;
use crate::store::days_digest;
use crate::sync::CalendarsPulled;
use anyhow::Result;
use clap::Subcommand;
use std::path::PathBuf;

/// What `central calendar publish` publishes, as its refusals name it.
const CALENDAR: Noun = Noun { zh: "工作日安排", en: "a working-day calendar" };

#[derive(Debug, Subcommand)]
pub enum CentralCalendarCommand {
    /// Publish one year's working-day arrangement (the TOML file `calendar import` reads,
    /// docs/calendar-format.md) for every station to take in on its next sync; an admin (`--as
    /// BADGE`) publishes. A year published again with other days corrects it
    Publish {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The calendar years published at the centre
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(
    context: &dyn Fn() -> Result<Context>,
    centre: &mut Centre,
    cmd: CentralCalendarCommand,
    lang: Lang,
) -> Result<i32> {
    match cmd {
        CentralCalendarCommand::Publish { file, json } => {
            publish(&context()?, centre, &file, json, lang)
        }
        CentralCalendarCommand::List { json } => list(centre, json, lang),
    }
}

/// `zhifa --as BADGE central calendar publish FILE`: the file read and checked as `calendar
/// import` reads it, the publisher an admin of this station, then one row at the centre (or
/// none, when the year's latest publication has these days).
fn publish(
    ctx: &Context,
    centre: &mut Centre,
    file: &std::path::Path,
    json: bool,
    lang: Lang,
) -> Result<i32> {
    if let Some(exit) = needs_admin(ctx, CALENDAR, lang) {
        return Ok(exit);
    }
    let read = match crate::cli::calendar::read_file(file, lang) {
        Ok(read) => read,
        Err(e) => {
            // Worded as a failed `calendar import` says it.
            errln!("zhifa: {}", crate::cli::error_text::error_text(&e, lang));
            errln!("{}", lang.pick("未发布任何内容。", "nothing was published."));
            return Ok(EXIT_INVALID);
        }
    };
    let publisher = match publisher(
        ctx,
        centre,
        Operation::ManageCalendar,
        CALENDAR,
        &mut Passwords::new(ctx.passwords),
        lang,
    )? {
        Ok(publisher) => publisher,
        Err(exit) => return Ok(exit),
    };
    let year = &read.year;
    let new = NewCalendar {
        year: year.year,
        source: year.source.clone(),
        source_name: read.name.clone(),
        text: read.text.clone(),
        days_sha256: days_digest(year),
        days_off: i32::try_from(year.off.len())?,
        make_up_days: i32::try_from(year.work.len())?,
        published_by: publisher.badge,
        published_station: publisher.station,
        through_seq: publisher.through_seq,
    };
    match centre.publish_calendar(&new, publisher.who.actor())? {
        CalendarPublished::Done(p) => {
            if json {
                crate::cli::json::print(&p)?;
                return Ok(0);
            }
            match lang {
                Lang::Zh => outln!(
                    "已在中心发布 {} 年工作日安排（第 {} 次发布）：放假 {} 天，调休上班 {} 天（{}）；发布人 {}（{}），SHA-256 {}；各站点下次同步时载入",
                    p.year, p.revision, p.days_off, p.make_up_days, p.source, p.published_by,
                    p.published_station, p.sha256
                ),
                Lang::En => outln!(
                    "published the {} working-day calendar at the centre (publication {} of the \
                     year): {} days off, {} make-up working days ({}); by {} ({}), SHA-256 {}; \
                     each station takes it in on its next sync",
                    p.year, p.revision, p.days_off, p.make_up_days, p.source, p.published_by,
                    p.published_station, p.sha256
                ),
            }
            if p.revision > 1 {
                outln!(
                    "{}",
                    match lang {
                        Lang::Zh => format!(
                            "它更正此前的第 {} 次发布：已载入那次发布的站点下次同步时改用此次的安排（本站管理员自行载入的不改）",
                            p.revision - 1
                        ),
                        Lang::En => format!(
                            "it corrects publication {}: stations that took that one in take \
                             this one in its place on their next sync (a year a station's own \
                             admin loaded is left as it is)",
                            p.revision - 1
                        ),
                    }
                );
            }
            Ok(0)
        }
        CalendarPublished::Same(held) => {
            if json {
                crate::cli::json::print(&held)?;
                return Ok(0);
            }
            match lang {
                Lang::Zh => outln!(
                    "中心已发布 {} 年工作日安排，放假和调休上班的日期与此文件相同（第 {} 次发布，{}（{}）于 {}）：未重复发布",
                    held.year, held.revision, held.published_by, held.published_station,
                    held.published_at
                ),
                Lang::En => outln!(
                    "the {} working-day calendar is published at the centre with these very days \
                     (publication {}, by {} of {} at {}): nothing published again",
                    held.year, held.revision, held.published_by, held.published_station,
                    held.published_at
                ),
            }
            Ok(0)
        }
    }
}

/// `zhifa central calendar list`: every publication, the latest of each year current.
fn list(centre: &mut Centre, json: bool, lang: Lang) -> Result<i32> {
    let published = centre.calendar_publications()?;
    let current = |i: usize| published.get(i + 1).is_none_or(|next| next.year != published[i].year);
    if json {
        let mut rows = Vec::new();
        for (i, p) in published.iter().enumerate() {
            let mut row = serde_json::to_value(p)?;
            row["current"] = current(i).into();
            rows.push(row);
        }
        crate::cli::json::print(&rows)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => [
            "年份",
            "发布",
            "状态",
            "放假",
            "调休上班",
            "依据",
            "发布人",
            "发布时间（UTC）",
            "签名",
        ],
        Lang::En => [
            "year",
            "publication",
            "state",
            "days off",
            "make-up",
            "source",
            "published by",
            "at (UTC)",
            "signature",
        ],
    };
    let rows: Vec<Vec<String>> = published
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let state = if current(i) {
                lang.pick("现行", "current")
            } else {
                lang.pick("已更正", "corrected")
            };
            vec![
                p.year.to_string(),
                p.revision.to_string(),
                state.to_string(),
                p.days_off.to_string(),
                p.make_up_days.to_string(),
                p.source.clone(),
                format!("{}/{}", p.published_station, p.published_by),
                p.published_at.clone(),
                signed_word(true, lang).to_string(),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[6, 6, 8, 6, 8, 36, 20, 20, 8]));
    Ok(0)
}

/// What `zhifa sync` says about them: each year taken in, and each that was not, and why.
pub fn print_at_sync(pulled: &CalendarsPulled, lang: Lang) {
    print_taken_in(pulled, lang);
    for not in &pulled.not_taken {
        errln!("zhifa: {}", not.message(lang));
    }
}

/// Each year taken in, and the open cases' deadlines they moved (`sync --watch` says what was
/// not taken in once, not every round).
pub fn print_taken_in(pulled: &CalendarsPulled, lang: Lang) {
    print_years(pulled, lang);
    if !pulled.taken_in.is_empty() {
        crate::cli::calendar::print_moved(&pulled.moved, lang);
    }
}

fn print_years(pulled: &CalendarsPulled, lang: Lang) {
    for t in &pulled.taken_in {
        let replaced = match (t.replaced, lang) {
            (true, Lang::Zh) => "，取代此前从中心载入的安排",
            (true, Lang::En) => ", in place of the one taken in from an earlier publication",
            (false, _) => "",
        };
        match lang {
            Lang::Zh => outln!(
                "已载入中心发布的 {} 年工作日安排（第 {} 次发布）：放假 {} 天，调休上班 {} 天（{}），发布人 {}（{}）{replaced}",
                t.year, t.revision, t.days_off, t.make_up_days, t.source, t.published_by,
                t.published_station
            ),
            Lang::En => outln!(
                "took in the {} working-day calendar published at the centre (publication {}): {} \
                 days off, {} make-up working days ({}), published by {} ({}){replaced}",
                t.year, t.revision, t.days_off, t.make_up_days, t.source, t.published_by,
                t.published_station
            ),
        }
    }
}
