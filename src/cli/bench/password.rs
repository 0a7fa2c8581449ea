//! `zhifa bench password`: what one Argon2id hash costs at the production parameters on this
//! machine — the time each login, each new account and each password change waits, and the
//! time an attacker holding a copy of the database pays per guess per core.

use crate::store::password::{self, PasswordCost, PRODUCTION};
use anyhow::{ensure, Result};
use std::time::Instant;

#[derive(Debug, serde::Serialize)]
pub struct PasswordFigures {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
    pub runs: usize,
    /// One verification (a login), in milliseconds.
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    /// One login with a credential that also gives the signing key (one Argon2id run of 64
    /// bytes, the key derived): what every login pays since events are signed.
    pub with_key_median_ms: f64,
    /// One signed write (a team added: the account checked against its events, the event
    /// signed and appended), in a database file with a few accounts, milliseconds.
    pub signed_write_median_ms: f64,
}

pub fn run(runs: usize) -> Result<i32> {
    let figures = measure(PRODUCTION, runs)?;
    println!(
        "Argon2id m={} KiB, t={}, p={}: one hash {:.1} ms median ({:.1}–{:.1} ms over {} runs)",
        figures.memory_kib,
        figures.passes,
        figures.lanes,
        figures.median_ms,
        figures.min_ms,
        figures.max_ms,
        figures.runs
    );
    println!(
        "login with the signing key {:.1} ms median; one signed write {:.2} ms median",
        figures.with_key_median_ms, figures.signed_write_median_ms
    );
    println!("{}", serde_json::to_string(&figures)?);
    Ok(0)
}

/// Verifies a password against a hash made at `cost` `runs` times (a login does exactly this).
pub fn measure(cost: PasswordCost, runs: usize) -> Result<PasswordFigures> {
    ensure!(runs > 0, "--runs must be at least 1");
    let phc = password::hash("bench-password-2026", cost)?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let matched = password::verify("bench-password-2026", &phc)?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
        ensure!(matched, "the password did not verify against its own hash");
    }
    times.sort_by(f64::total_cmp);
    let credential = password::make("bench-password-2026", cost)?;
    let mut with_key = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let checked = password::check("bench-password-2026", &credential.phc)?;
        let password::Checked::Right(Some(seed)) = checked else {
            anyhow::bail!("the password did not verify against its own credential")
        };
        std::hint::black_box(password::public_key(&seed));
        with_key.push(start.elapsed().as_secs_f64() * 1e3);
    }
    with_key.sort_by(f64::total_cmp);
    Ok(PasswordFigures {
        memory_kib: cost.memory_kib,
        passes: cost.passes,
        lanes: cost.lanes,
        runs,
        median_ms: times[runs / 2],
        min_ms: times[0],
        max_ms: times[runs - 1],
        with_key_median_ms: with_key[runs / 2],
        signed_write_median_ms: signed_write(runs)?,
    })
}

/// The median of `runs` signed writes in a fresh database file: an admin and nine officers made
/// (so the account check has events to read), the admin logged in, then one team added per run.
fn signed_write(runs: usize) -> Result<f64> {
    use crate::domain::actor::Actor;
    use crate::domain::officer::{NewOfficer, Role};
    let dir = tempfile_dir()?;
    let mut store = crate::store::Store::open(&dir.join("bench.db"))?;
    store.set_password_cost(password::FAST_FOR_TESTS);
    let now = chrono::Utc::now();
    let origin = Actor::new("os:bench", "bench", std::process::id());
    let boot = store.bootstrap_identity(origin.clone())?;
    let account = |badge: String, role| NewOfficer {
        badge,
        name: "测试".into(),
        role,
        team: None,
        cert_expiry: None,
    };
    store.add_officer(&boot, now, &account("B0".into(), Role::Admin), "bench-admin-1")?;
    let admin = store.authenticate(&origin, now, "B0", "bench-admin-1")?;
    for i in 1..10 {
        store.add_officer(&admin, now, &account(format!("B{i}"), Role::Officer), "100100")?;
    }
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        let start = Instant::now();
        store.add_team(&admin, now, &format!("T{i}"), "中队")?;
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let _ = std::fs::remove_dir_all(&dir);
    times.sort_by(f64::total_cmp);
    Ok(times[runs / 2])
}

/// A private folder for the write benchmark's database.
fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("zhifa-bench-password-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figures_are_ordered_and_name_the_cost_measured() {
        let figures = measure(password::FAST_FOR_TESTS, 5).expect("measure");
        assert_eq!((figures.memory_kib, figures.passes, figures.lanes, figures.runs), (8, 1, 1, 5));
        assert!(figures.min_ms <= figures.median_ms && figures.median_ms <= figures.max_ms);
        assert!(measure(password::FAST_FOR_TESTS, 0).is_err(), "no runs, no figures");
    }
}
