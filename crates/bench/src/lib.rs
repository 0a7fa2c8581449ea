//! Benchmarks and generators, kept out of the product's crates: realistic generated catalogs
//! ([`catalog`]), the search benchmark ([`search`]), the demo county's teams, grids and staff
//! for years of generated casework ([`county`]; the history itself is written by the store,
//! `Store::generate_history`, the one place with SQL), and the interface's benchmarks
//! ([`tui`]). `zhifa bench …` runs them; tests/ here check the generated history against the
//! store's own reads and the reports.

pub mod catalog;
pub mod county;
pub mod search;
pub mod tui;
