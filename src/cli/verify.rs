//! `zhifa verify`: the records as evidence — integrity, the hash chain, the replay, and whether
//! the chain still extends a head recorded earlier.

use super::context::Context;
use crate::cli::out::{errln, outln};
use crate::cli::progress::{follow_count, Meter};
use crate::i18n::Lang;
use crate::messages::{store_error, verify_problem};
use crate::store::{is_damage, Verification, VerifyOptions};
use anyhow::{Context as _, Result};
use clap::Args;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Instant;

/// Exit code when verification finds a problem.
pub const EXIT_NOT_VERIFIED: i32 = 3;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A head hash recorded earlier (shift record, bureau): the chain must still contain it
    #[arg(long, value_name = "HEAD_HASH")]
    since: Option<String>,
    /// Skip SQLite's page-by-page integrity check (the chain and the replay still run)
    #[arg(long)]
    skip_integrity: bool,
    /// With --since: only the events added after that head (chain, signatures, accounts; no
    /// replay): for each shift, the full verify for each week
    #[arg(long, requires = "since")]
    added: bool,
    #[arg(long)]
    json: bool,
}

/// `zhifa page-check FILE` (hidden): what `verify` runs in a second process.
#[derive(Debug, Args)]
pub struct PageCheckArgs {
    /// The database file, opened read-only
    pub file: std::path::PathBuf,
}

/// SQLite's page check of the file, as one line of JSON (`store::PageCheckReport`); the file is
/// only read.
pub fn page_check(args: PageCheckArgs) -> Result<i32> {
    let report = crate::store::page_check_report(&args.file);
    outln!("{}", serde_json::to_string(&report)?);
    Ok(0)
}

pub fn run(ctx: &Context, args: VerifyArgs, lang: Lang) -> Result<i32> {
    let walked = Arc::new(AtomicU64::new(0));
    let options = VerifyOptions {
        since: args.since.map(|s| s.trim().to_lowercase()),
        skip_integrity: args.skip_integrity,
        added_only: args.added,
        walked: Some(Arc::clone(&walked)),
    };
    let started = Instant::now();
    let meter = Meter::stderr(lang.pick("验证事件", "verifying events"), args.json);
    // Read-only: verifying changes nothing in the file (a backup's digest still matches after).
    let verified = ctx.open_store_read_only().and_then(|store| {
        // The bar counts the events replayed against the log's length; the page check and the
        // last tables' comparison follow the last event.
        let total = store.head().map(|(seq, _)| seq.max(0) as u64).unwrap_or(0);
        follow_count(&walked, total, &meter, || store.verify(&options))
    });
    drop(meter);
    let verification = match verified {
        Ok(verification) => verification,
        // A file whose pages SQLite cannot read is a finding of verify, not a failure to run.
        Err(e) if is_damage(&e) => {
            let label = lang
                .pick("验证未通过：数据库文件损坏", "NOT VERIFIED: the database file is damaged");
            errln!("zhifa: {label}: {}", store_error(&e, lang));
            return Ok(EXIT_NOT_VERIFIED);
        }
        Err(e) => {
            return Err(anyhow::Error::msg(store_error(&e, lang)))
                .with_context(|| format!("verifying {}", ctx.db_path.display()))
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        let mut value = serde_json::to_value(&verification)?;
        value["ok"] = verification.is_ok().into();
        value["seconds"] = seconds.into();
        super::json::print(&value)?;
    } else {
        let since = options.since.as_deref();
        print_human(&verification, since, options.added_only, seconds, lang);
    }
    Ok(if verification.is_ok() { 0 } else { EXIT_NOT_VERIFIED })
}

/// The events that carry no signature (and need none), by actor: never silently accepted.
fn print_unsigned(v: &Verification, zh: bool) {
    let total: i64 = v.unsigned.values().sum();
    if total > 0 {
        let by: Vec<String> = v.unsigned.iter().map(|(actor, n)| format!("{actor} {n}")).collect();
        match zh {
            true => outln!("未签名事件 {total} 条（系统用户、初始设置、备份、登录记录、尚无密钥的账号）：{}", by.join("，")),
            false => outln!("{total} unsigned events (OS user, setup, backups, login attempts, accounts without a key yet): {}", by.join(", ")),
        }
    }
    if v.vouched > 0 {
        match zh {
            true => outln!("生成的历史事件 {} 条，由生成它的管理员签名担保", v.vouched),
            false => {
                outln!("{} generated events vouched for by the admin who generated them", v.vouched)
            }
        }
    }
}

fn print_human(v: &Verification, since: Option<&str>, added: bool, seconds: f64, lang: Lang) {
    let rows: i64 = v.rows_checked.values().sum();
    let zh = lang == Lang::Zh;
    if zh {
        outln!("事件 {} 条，链头 {}", v.events, v.head_hash);
        outln!("已核对 {} 张表共 {rows} 条记录（{seconds:.1} 秒）", v.rows_checked.len());
    } else {
        outln!("{} events, head {}", v.events, v.head_hash);
        outln!("{rows} rows of {} tables checked ({seconds:.1} s)", v.rows_checked.len());
    }
    print_unsigned(v, zh);
    let Some(first) = v.problems.first() else {
        match (since, zh) {
            (Some(head), true) if added => outln!(
                "验证通过：{head} 之后新增的事件前后相接、各有其作者的签名（未重放各表：请每周做一次完整验证）"
            ),
            (Some(head), false) if added => outln!(
                "verified: the events added since {head} link up and carry their authors' signatures (rows not replayed: run a full verify weekly)"
            ),
            (Some(head), true) => outln!("验证通过：事件链完整，并延续早先记录的链头 {head}"),
            (Some(head), false) => outln!("verified: the chain is whole and extends {head}"),
            (None, true) => outln!("验证通过：完整性、事件链与重放一致"),
            (None, false) => outln!("verified: integrity, chain and replay agree"),
        }
        return;
    };
    let label = if zh { "验证未通过" } else { "NOT VERIFIED" };
    errln!("zhifa: {label}: {}", verify_problem(first, lang));
    for problem in &v.problems[1..] {
        errln!("  {}", verify_problem(problem, lang));
    }
}
