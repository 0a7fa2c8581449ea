//! The core rules and types of zhifa: what every other layer builds on. No SQL, no files read at
//! run time, no terminal (see `docs/ARCHITECTURE.md`).

pub mod calendar;
pub mod clock;
pub mod domain;
pub mod i18n;
pub mod report;
pub mod rng;
pub mod text;
