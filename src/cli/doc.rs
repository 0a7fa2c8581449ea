//! `zhifa doc …`: enforcement documents printed from the case record (docs/DOCUMENTS.md).
//! `list` shows what a case has now and what was issued; `make` and `dossier` write a PDF (a
//! first issue needs `--as`, as every write; printing an issued document again does not);
//! `check` says whether a PDF is one this database issued, unchanged (exit 0) or not (exit 3).

use super::auth::{self, explain, Passwords};
use super::context::Context;
use crate::cli::out::{errln, outln};
use crate::config::Config;
use crate::documents::DocKind;
use crate::i18n::Lang;
use crate::paperwork::{check, Checked, Desk, Obtained, PaperError};
use crate::store::Store;
use anyhow::{anyhow, bail, Result};
use clap::Subcommand;
use std::path::{Path, PathBuf};

/// Exit code of `doc check` when the file is not a document this database issued unchanged.
pub const NOT_GENUINE: i32 = 3;

#[derive(Debug, Subcommand)]
pub enum DocCommand {
    /// The documents a case has now (and why not the others), with those issued
    List {
        /// The case number (〔2026〕综执罚字第1号) or its id
        case: String,
        #[arg(long)]
        json: bool,
    },
    /// Write one document as PDF: filing-approval, inspection-record, inquiry-record,
    /// correction-order, prior-notice, hearing-notice, decision, on-the-spot-decision,
    /// service-receipt, reminder, closing-approval
    Make {
        case: String,
        kind: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Write the case's dossier (案卷): cover, contents, every document in order
    Dossier {
        case: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Whether a PDF is one this database issued, unchanged, and for which case
    Check { file: PathBuf },
}

pub fn run(ctx: &Context, cmd: DocCommand, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    match cmd {
        DocCommand::List { case, json } => {
            let desk = desk(ctx, &store, &case, lang)?;
            let listing = desk.listing();
            if json {
                crate::cli::json::print(&listing)?;
                return Ok(0);
            }
            for l in listing {
                let state = match (l.available, l.why_not) {
                    (true, _) => lang.pick("可制作", "available").to_string(),
                    (false, why) => {
                        let why = why.map(|w| crate::documents::kind::why_not_in(w, lang));
                        format!("{}{}", lang.pick("不可：", "not now: "), why.unwrap_or_default())
                    }
                };
                outln!("{:<22} {}  {}", l.kind, l.label, state);
                for d in l.issued {
                    outln!(
                        "    {} {} {} {}",
                        d.number.as_deref().unwrap_or("-"),
                        d.issued_on,
                        d.check_code,
                        d.issued_by
                    );
                }
            }
            Ok(0)
        }
        DocCommand::Make { case, kind, output } => {
            let Some(kind) = DocKind::from_key(&kind) else {
                let known: Vec<_> = DocKind::ALL.iter().map(|k| k.key()).collect();
                bail!(
                    "{}",
                    match lang {
                        Lang::Zh => format!("没有“{kind}”这种文书；可选：{}", known.join("、")),
                        Lang::En =>
                            format!("no kind of document “{kind}”; one of: {}", known.join(", ")),
                    }
                );
            };
            let mut desk = desk(ctx, &store, &case, lang)?;
            let now = ctx.clock.now();
            let obtained =
                match desk.obtain(&mut store, None, now, kind).map_err(|e| paper(e, lang))? {
                    Some(found) => found,
                    None => {
                        let who = issuer(ctx, &mut store, lang)?;
                        desk.obtain(&mut store, Some(&who), now, kind)
                            .map_err(|e| paper(e, lang))?
                            .ok_or_else(|| anyhow!("the document was not issued"))?
                    }
                };
            deliver(&obtained, &output, lang)
        }
        DocCommand::Dossier { case, output } => {
            let mut desk = desk(ctx, &store, &case, lang)?;
            let now = ctx.clock.now();
            let who = if desk.needs_issue(&desk.available_kinds())
                || desk.dossier(&mut store, None, now).map_err(|e| paper(e, lang))?.is_none()
            {
                Some(issuer(ctx, &mut store, lang)?)
            } else {
                None
            };
            let obtained = desk
                .dossier(&mut store, who.as_ref(), now)
                .map_err(|e| paper(e, lang))?
                .ok_or_else(|| anyhow!("the dossier was not issued"))?;
            deliver(&obtained, &output, lang)
        }
        DocCommand::Check { file } => check_file(&store, &file, lang),
    }
}

/// Who issues: a first issue is a write, so it needs `--as` (bootstrap mode aside).
fn issuer(ctx: &Context, store: &mut Store, lang: Lang) -> Result<crate::store::Identity> {
    if ctx.acting_as.is_none() && store.has_admin()? {
        bail!(
            "{}",
            lang.pick(
                "该文书尚未签发（或案件记录已变，须重新签发）：签发是写入操作，请加 --as 执法证号 并提供密码",
                "this document has not been issued yet (or the record changed since): issuing is a write, \
                 pass --as BADGE with the password"
            )
        );
    }
    auth::identity(ctx, store, &mut Passwords::new(ctx.passwords), lang)
}

fn desk(ctx: &Context, store: &Store, case: &str, lang: Lang) -> Result<Desk> {
    let found = match case.trim().parse::<i64>() {
        Ok(id) => store.case(id)?,
        Err(_) => store.case_by_number(case.trim())?,
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
    let config = Config::load()?;
    Desk::open(store, found, &config.casework, ctx.clock.today()).map_err(|e| paper(e, lang))
}

fn paper(error: PaperError, lang: Lang) -> anyhow::Error {
    match error {
        PaperError::Store(e) => explain(e, lang),
        other => match (lang, other.message_zh()) {
            (Lang::Zh, Some(text)) => anyhow!(text),
            _ => other.into(),
        },
    }
}

/// Writes the PDF and says what it is; characters the font lacks are named (drawn as boxes to
/// write in by hand), never dropped silently.
fn deliver(obtained: &Obtained, output: &Path, lang: Lang) -> Result<i32> {
    std::fs::write(output, &obtained.made.pdf).map_err(|e| anyhow!("{}: {e}", output.display()))?;
    let r = &obtained.record;
    let how = match (obtained.issued_now, lang) {
        (true, Lang::Zh) => "已签发",
        (false, Lang::Zh) => "已重印（与签发时相同）",
        (true, Lang::En) => "issued",
        (false, Lang::En) => "printed again (identical to the issue)",
    };
    outln!(
        "{} {} {} {} {} {}: {}",
        how,
        r.kind,
        r.number.as_deref().unwrap_or("-"),
        r.check_code,
        obtained.made.pages,
        lang.pick("页", "pages"),
        output.display()
    );
    if !obtained.made.missing.is_empty() {
        let chars: Vec<String> = obtained
            .made
            .missing
            .iter()
            .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
            .collect();
        match lang {
            Lang::Zh => errln!("注意：字库中没有以下字符，文书中以方框留空，请手工填写：{}", chars.join("、")),
            Lang::En => errln!("note: the font lacks these characters; they are printed as empty boxes to write in by hand: {}", chars.join(", ")),
        }
    }
    Ok(0)
}

fn check_file(store: &Store, file: &Path, lang: Lang) -> Result<i32> {
    let bytes = std::fs::read(file).map_err(|e| anyhow!("{}: {e}", file.display()))?;
    let checked = check(store, &bytes)?;
    let zh = lang == Lang::Zh;
    match checked {
        Checked::Genuine { record, case_number } => {
            let case = case_number.unwrap_or_else(|| record.case_id.to_string());
            if zh {
                outln!(
                    "真实：本库签发的文书，未经改动。案件 {case}，{} {}，校验码 {}，{} 由 {} 签发",
                    record.kind,
                    record.number.as_deref().unwrap_or(""),
                    record.check_code,
                    record.issued_on,
                    record.issued_by
                );
            } else {
                outln!(
                    "genuine: issued by this database, unchanged. Case {case}, {} {}, check code {}, issued {} by {}",
                    record.kind,
                    record.number.as_deref().unwrap_or(""),
                    record.check_code,
                    record.issued_on,
                    record.issued_by
                );
            }
            Ok(0)
        }
        Checked::Altered { record, case_number } => {
            let case = case_number.unwrap_or_else(|| record.case_id.to_string());
            outln!(
                "{}",
                if zh {
                    format!("不符：校验码 {} 对应案件 {case} 的 {}，但文件与签发时不同（SHA-256 不符），已被改动", record.check_code, record.kind)
                } else {
                    format!("altered: check code {} is case {case}'s {}, but the file differs from the one issued (SHA-256)", record.check_code, record.kind)
                }
            );
            Ok(NOT_GENUINE)
        }
        Checked::UnknownCode(code) => {
            outln!(
                "{}",
                if zh {
                    format!("不符：本库没有签发过校验码为 {code} 的文书")
                } else {
                    format!("not ours: this database issued no document with check code {code}")
                }
            );
            Ok(NOT_GENUINE)
        }
        Checked::NoCode => {
            outln!(
                "{}",
                if zh {
                    "不符：文件中没有校验码，不是本系统制作的文书（扫描件无法核验）"
                } else {
                    "not ours: the file carries no check code (a scan cannot be checked)"
                }
            );
            Ok(NOT_GENUINE)
        }
    }
}
