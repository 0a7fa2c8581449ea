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
    Ok(PasswordFigures {
        memory_kib: cost.memory_kib,
        passes: cost.passes,
        lanes: cost.lanes,
        runs,
        median_ms: times[runs / 2],
        min_ms: times[0],
        max_ms: times[runs - 1],
    })
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
