//! `zhifa backup DEST` and `zhifa restore SRC --to PATH`: copies that are verified before they
//! count, and a restore that never overwrites anything.

use super::context::Context;
use super::verify::EXIT_NOT_VERIFIED;
use crate::cli::out::{errln, outln};
use crate::cli::progress::{follow_count, Meter};
use crate::i18n::Lang;
use crate::messages::verify_problem;
use crate::store::{restore, Copy, CopyError};
use anyhow::Result;
use clap::Args;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

/// Exit code when the destination exists.
pub const EXIT_EXISTS: i32 = 4;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new backup file (never overwritten: give each day's backup its own name)
    dest: PathBuf,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to restore (verified first)
    src: PathBuf,
    /// Where the restored database goes (must not exist: a live database is never overwritten)
    #[arg(long)]
    to: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn backup(ctx: &Context, args: BackupArgs, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let started = Instant::now();
    // The bar waits while the pages are copied, then counts the copy's events as they verify.
    let label =
        lang.pick("备份（复制，再验证副本的事件）", "backup (copy, then verify its events)");
    let meter = Meter::stderr(label, args.json);
    let walked = Arc::new(AtomicU64::new(0));
    let total = store.head().map(|(seq, _)| seq.max(0) as u64).unwrap_or(0);
    let outcome = follow_count(&walked, total, &meter, || {
        store.backup(&ctx.origin, ctx.clock.now(), &args.dest, Some(Arc::clone(&walked)))
    });
    drop(meter);
    report(outcome, started, args.json, lang, Done::BackedUp)
}

pub fn run_restore(ctx: &Context, args: RestoreArgs, lang: Lang) -> Result<i32> {
    let started = Instant::now();
    let meter = Meter::stderr(
        lang.pick("恢复中（验证并复制）", "restoring (verify, then copy)"),
        args.json,
    );
    let outcome = restore(&ctx.origin, ctx.clock.now(), &args.src, &args.to);
    drop(meter);
    report(outcome, started, args.json, lang, Done::Restored(&args.src))
}

enum Done<'a> {
    BackedUp,
    Restored(&'a Path),
}

fn report(
    outcome: Result<Copy, CopyError>,
    started: Instant,
    json: bool,
    lang: Lang,
    done: Done,
) -> Result<i32> {
    let seconds = started.elapsed().as_secs_f64();
    let zh = lang == Lang::Zh;
    let copy = match outcome {
        Ok(copy) => copy,
        Err(CopyError::NotVerified { path, action, verification }) => {
            let first = verification.problems.first().map(|p| verify_problem(p, lang));
            let first = first.unwrap_or_default();
            if zh {
                errln!(
                    "zhifa: {} 未通过验证，未做任何{}：{first}",
                    path.display(),
                    action_zh(action)
                );
            } else {
                errln!("zhifa: {} does not verify; nothing was {action}: {first}", path.display());
            }
            return Ok(EXIT_NOT_VERIFIED);
        }
        Err(CopyError::Exists(path)) if zh => {
            errln!("zhifa: {} 已存在：备份与恢复从不覆盖文件，请另取一个名字", path.display());
            return Ok(EXIT_EXISTS);
        }
        Err(e @ CopyError::Exists(_)) => {
            errln!("zhifa: {e}");
            return Ok(EXIT_EXISTS);
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        let mut value = serde_json::to_value(&copy)?;
        value["seconds"] = seconds.into();
        super::json::print(&value)?;
        return Ok(0);
    }
    let mb = copy.bytes as f64 / 1e6;
    let path = copy.path.display();
    match (done, zh) {
        (Done::BackedUp, true) => {
            outln!("已备份到 {path}（{mb:.1} MB，{seconds:.1} 秒），副本已验证")
        }
        (Done::BackedUp, false) => {
            outln!("backed up to {path} ({mb:.1} MB, {seconds:.1} s); the copy verifies")
        }
        (Done::Restored(src), true) => {
            outln!("已从 {} 恢复到 {path}（{seconds:.1} 秒），已验证", src.display())
        }
        (Done::Restored(src), false) => {
            outln!("restored {} to {path} ({seconds:.1} s); it verifies", src.display())
        }
    }
    if zh {
        outln!("事件 {} 条，链头 {}\nSHA-256 {}", copy.events, copy.head_hash, copy.sha256);
    } else {
        outln!("{} events, head {}\nSHA-256 {}", copy.events, copy.head_hash, copy.sha256);
    }
    Ok(0)
}

fn action_zh(action: &str) -> &'static str {
    if action == "restored" {
        "恢复"
    } else {
        "备份"
    }
}
