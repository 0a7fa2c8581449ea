//! The catalog versions that travel through the centre: `zhifa central catalog publish|list` (a
//! city admin publishes a catalog file as a version) and, in `zhifa sync`, the station taking
//! them in (docs/CENTRAL.md).

use super::publisher::{needs_admin, publisher, signed_word, Noun};
use crate::catalog::format::{CatalogFile, VersionMeta};
use crate::central::Centre;
use crate::central::{NewPublication, Published};
use crate::cli::auth::Passwords;
use crate::cli::catalog::import::{load_reported, parse_date, EXIT_INVALID};
use crate::cli::context::Context;
use crate::cli::out::{errln, out, outln};
use crate::cli::table;
use crate::domain::officer::Operation;
use crate::i18n::Lang;
use crate::store::items_digest;
use crate::sync::CatalogsPulled;
use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// What `central catalog publish` publishes, as its refusals name it.
const CATALOG: Noun = Noun { zh: "目录", en: "a catalog" };

#[derive(Debug, Subcommand)]
pub enum CentralCatalogCommand {
    /// Publish a catalog file (CSV, XLSX/XLS, JSON, as `catalog import` reads) as a version every
    /// station takes in on its next sync; an admin (`--as BADGE`) publishes
    Publish(PublishArgs),
    /// The catalog versions published at the centre
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The published file
    file: PathBuf,
    /// The version's label, the same at every station, e.g. 2027年版
    #[arg(long)]
    label: String,
    /// First day in force at every station, YYYY-MM-DD (not in the past, after every version
    /// published before)
    #[arg(long, value_parser = parse_date)]
    effective: NaiveDate,
    /// Approving document number (批准文号); default: the file's own
    #[arg(long = "doc-no")]
    doc_no: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run(
    context: &dyn Fn() -> Result<Context>,
    centre: &mut Centre,
    cmd: CentralCatalogCommand,
    lang: Lang,
) -> Result<i32> {
    match cmd {
        CentralCatalogCommand::Publish(args) => publish(&context()?, centre, args, lang),
        CentralCatalogCommand::List { json } => list(centre, json, lang),
    }
}

/// `zhifa --as BADGE central catalog publish FILE --label L --effective D`: the file read and
/// checked as a local import reads it (a file with problems is refused with the same report), the
/// publisher an admin of this station, then one row at the centre.
fn publish(ctx: &Context, centre: &mut Centre, args: PublishArgs, lang: Lang) -> Result<i32> {
    if let Some(exit) = needs_admin(ctx, CATALOG, lang) {
        return Ok(exit);
    }
    let today = ctx.clock.today();
    let loaded = load_reported(&args.file, today, lang)?;
    let errors = loaded.parsed.report.error_count();
    let label = args.label.trim().to_string();
    let refusal = if errors > 0 {
        Some(match lang {
            Lang::Zh => format!("共 {errors} 个错误：未发布任何内容。"),
            Lang::En => format!("{errors} error(s): nothing was published."),
        })
    } else if loaded.parsed.items.is_empty() {
        Some(
            lang.pick(
                "文件中没有事项：未发布任何内容。",
                "the file holds no items: nothing was published.",
            )
            .into(),
        )
    } else if label.is_empty() {
        Some(
            lang.pick(
                "版本名称不能为空：未发布任何内容。",
                "the label may not be empty: nothing was published.",
            )
            .into(),
        )
    } else if args.effective < today {
        Some(match lang {
            Lang::Zh => format!(
                "生效日期 {} 已过（今天是 {today}）：目录不得溯及既往地改变已立案件的依据；未发布任何内容。",
                args.effective
            ),
            Lang::En => format!(
                "effective date {} is in the past (today is {today}): a catalog must not change \
                 retroactively under cases already filed; nothing was published.",
                args.effective
            ),
        })
    } else {
        None
    };
    if let Some(refusal) = refusal {
        errln!("{refusal}");
        return Ok(EXIT_INVALID);
    }
    let publisher = match publisher(
        ctx,
        centre,
        Operation::ImportCatalog,
        CATALOG,
        &mut Passwords::new(ctx.passwords),
        lang,
    )? {
        Ok(publisher) => publisher,
        Err(exit) => return Ok(exit),
    };
    let doc_no = args.doc_no.unwrap_or_else(|| loaded.proposed.doc_no.clone());
    let items = &loaded.parsed.items;
    let meta = VersionMeta {
        label: label.clone(),
        doc_no: doc_no.clone(),
        effective: Some(args.effective),
    };
    let catalog_json = CatalogFile::new(Some(meta), items.clone()).to_json()?;
    let new = NewPublication {
        label,
        doc_no,
        effective: args.effective,
        source_name: loaded.file_name.clone(),
        source_sha256: loaded.source_sha256.clone(),
        catalog_json,
        items_sha256: items_digest(items)?,
        item_count: i32::try_from(items.len())?,
        published_by: publisher.badge,
        published_station: publisher.station,
        through_seq: publisher.through_seq,
    };
    match centre.publish_catalog(&new, publisher.who.actor())? {
        Published::Done(p) => {
            if args.json {
                crate::cli::json::print(&p)?;
                return Ok(0);
            }
            match lang {
                Lang::Zh => outln!(
                    "已在中心发布目录版本 {}：{} 项，{} 起在各站点施行；发布人 {}（{}），SHA-256 {}；各站点下次同步时导入",
                    p.label, p.item_count, p.effective, p.published_by, p.published_station, p.sha256
                ),
                Lang::En => outln!(
                    "published catalog version {} at the centre: {} items, in force at every station \
                     from {}; by {} ({}), SHA-256 {}; each station takes it in on its next sync",
                    p.label, p.item_count, p.effective, p.published_by, p.published_station, p.sha256
                ),
            }
            Ok(0)
        }
        Published::LabelTaken(held) => {
            errln!(
                "zhifa: {}",
                match lang {
                    Lang::Zh => format!(
                        "中心已发布名为“{}”的目录版本（{} 起施行，{}（{}）发布于 {}）：请换一个名称；未发布任何内容",
                        held.label, held.effective, held.published_by, held.published_station, held.published_at
                    ),
                    Lang::En => format!(
                        "a catalog version labelled “{}” is published at the centre already \
                         (effective {}, by {} of {} at {}): choose another --label; nothing was published",
                        held.label, held.effective, held.published_by, held.published_station, held.published_at
                    ),
                }
            );
            Ok(EXIT_INVALID)
        }
        Published::NotAfterLatest(latest) => {
            errln!(
                "zhifa: {}",
                match lang {
                    Lang::Zh => format!(
                        "生效日期 {} 不晚于中心已发布版本“{}”的生效日期 {}：各版本按时间先后衔接；未发布任何内容",
                        new.effective, latest.label, latest.effective
                    ),
                    Lang::En => format!(
                        "effective date {} is not after {}, the effective date of version “{}” \
                         published at the centre: versions follow each other in time; nothing \
                         was published",
                        new.effective, latest.effective, latest.label
                    ),
                }
            );
            Ok(EXIT_INVALID)
        }
    }
}

/// `zhifa central catalog list`.
fn list(centre: &mut Centre, json: bool, lang: Lang) -> Result<i32> {
    let published = centre.publications()?;
    if json {
        crate::cli::json::print(&published)?;
        return Ok(0);
    }
    let header = match lang {
        Lang::Zh => [
            "版本",
            "生效日期",
            "事项数",
            "批准文号",
            "发布人",
            "发布时间（UTC）",
            "签名",
            "SHA-256",
        ],
        Lang::En => [
            "label",
            "effective",
            "items",
            "doc no",
            "published by",
            "at (UTC)",
            "signature",
            "SHA-256",
        ],
    };
    let rows: Vec<Vec<String>> = published
        .into_iter()
        .map(|p| {
            vec![
                p.label,
                p.effective.to_string(),
                p.item_count.to_string(),
                p.doc_no,
                format!("{}/{}", p.published_station, p.published_by),
                p.published_at,
                signed_word(p.signature.is_some(), lang).to_string(),
                p.sha256.chars().take(16).collect(),
            ]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[24, 10, 8, 28, 20, 20, 8, 16]));
    Ok(0)
}

/// What `zhifa sync` says about them: each version taken in, and each that was not, and why.
pub fn print_at_sync(pulled: &CatalogsPulled, today: NaiveDate, lang: Lang) {
    print_taken_in(pulled, today, lang);
    for not in &pulled.not_taken {
        errln!("zhifa: {}", not.message(lang));
    }
}

/// Each version taken in (`sync --watch` says what was not taken in once, not every round).
pub fn print_taken_in(pulled: &CatalogsPulled, today: NaiveDate, lang: Lang) {
    for t in &pulled.taken_in {
        let state = if t.effective > today {
            lang.pick("待生效", "scheduled")
        } else {
            lang.pick("现行", "in force")
        };
        match lang {
            Lang::Zh => outln!(
                "已导入中心发布的目录版本 {}：{} 项，{} 起施行（{state}），发布人 {}（{}）",
                t.label,
                t.items,
                t.effective,
                t.published_by,
                t.published_station
            ),
            Lang::En => outln!(
                "took in catalog version {} published at the centre: {} items, effective {} \
                 ({state}), published by {} ({})",
                t.label,
                t.items,
                t.effective,
                t.published_by,
                t.published_station
            ),
        }
    }
}
