//! What every command needs: the database path, who is at the terminal, and the clock.

use crate::cli::out::errln;
use crate::clock::Clock;
use crate::domain::actor::Actor;
use crate::store::Store;
use anyhow::{Context as _, Result};
use std::path::{Path, PathBuf};

pub const ENV_DB: &str = "ZHIFA_DB";

/// The default database: `$XDG_DATA_HOME/zhifa/zhifa.db` (usually `~/.local/share/zhifa/`).
pub fn default_db_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "zhifa")
        .context("cannot find a home directory for the default database; pass --db PATH")?;
    Ok(dirs.data_dir().join("zhifa.db"))
}

/// The demo database lives beside the default one, so demo data never mixes with real records.
pub fn default_demo_db_path() -> Result<PathBuf> {
    Ok(default_db_path()?.with_file_name("demo.db"))
}

/// Where a command reads passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordSource {
    /// Prompted at the terminal, not echoed.
    Prompt,
    /// Standard input, one per line (`--password-stdin`, for scripts).
    Stdin,
}

pub struct Context {
    pub db_path: PathBuf,
    /// Who is at this terminal before any login: the OS user (`os:NAME`), terminal and process.
    pub origin: Actor,
    /// The badge number given with `--as`, if any (checked by `cli::auth`, not here).
    pub acting_as: Option<String>,
    /// Where passwords come from.
    pub passwords: PasswordSource,
    pub clock: Clock,
    /// The language of messages (the start-up check's warning among them).
    pub lang: crate::i18n::Lang,
}

impl Context {
    pub fn new(
        db: Option<PathBuf>,
        acting_as: Option<String>,
        passwords: PasswordSource,
        lang: crate::i18n::Lang,
    ) -> Result<Context> {
        let db_path = match db {
            Some(p) => p,
            None => default_db_path()?,
        };
        let clock = Clock::from_env().map_err(anyhow::Error::msg)?;
        let acting_as = acting_as.map(|b| b.trim().to_string()).filter(|b| !b.is_empty());
        let origin = Actor::new(format!("os:{}", os_user()), terminal_name(), std::process::id());
        Ok(Context { db_path, origin, acting_as, passwords, clock, lang })
    }

    /// The store, after the start-up check: a problem is printed (never ignored), the command
    /// still runs, so the records can be read and the problem reported.
    pub fn open_store(&self) -> Result<Store> {
        let store = self.open_store_unchecked()?;
        if let Some(alarm) = crate::messages::records_alarm(&store.quick_check()?, self.lang) {
            errln!("zhifa: {alarm}");
        }
        Ok(store)
    }

    /// The store without the start-up check (the terminal interface runs it and shows it).
    pub fn open_store_unchecked(&self) -> Result<Store> {
        Store::open(&self.db_path).map_err(|e| {
            let message = crate::messages::store_error(&e, self.lang);
            anyhow::Error::msg(message)
                .context(format!("opening database {}", self.db_path.display()))
        })
    }

    /// The store opened read-only, without the start-up check (for `zhifa verify`, which runs
    /// the full one and changes nothing in the file).
    pub fn open_store_read_only(&self) -> crate::store::StoreResult<Store> {
        Store::open_read_only(&self.db_path)
    }
}

pub fn open_store(path: &Path) -> Result<Store> {
    Store::open(path).with_context(|| format!("opening database {}", path.display()))
}

fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .or_else(user_from_uid)
        .unwrap_or_else(|| "unknown".to_string())
}

/// The login name of this process's real uid, from /proc and /etc/passwd (services and cron jobs
/// often run without USER set).
fn user_from_uid() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status.lines().find_map(|l| l.strip_prefix("Uid:"))?.split_whitespace().next()?;
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        (fields.nth(1)? == uid).then(|| name.to_string())
    })
}

/// `host:/dev/pts/3`: which machine and which terminal on it an action came from.
fn terminal_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".to_string());
    let tty = std::fs::read_link("/proc/self/fd/0")
        .ok()
        .map(|p| p.display().to_string())
        .filter(|p| p.starts_with("/dev/"))
        .unwrap_or_else(|| "notty".to_string());
    format!("{host}:{tty}")
}
