//! Property tests of every parser a user's file reaches, on generated input: catalog files (CSV
//! in every encoding, XLSX, canonical and flat JSON), working-day calendar files, ticket feeds
//! (CSV, XLSX), config.toml and law texts.
//!
//! Each parser gets three kinds of property: anything at all never panics and fails only with a
//! message naming the file (and row, column or line where there is one); a generated valid file
//! gives exactly what was written; a valid file spoiled in one place (a bad cell, a dropped
//! column, an impossible date, a truncation) is refused or reported naming that place. Case counts
//! are set per parser so the whole file runs in well under half a minute in a debug build;
//! failures are not persisted to files (a failing case prints its input).

mod calendar_files;
mod catalog_csv;
mod catalog_json;
mod catalog_xlsx;
mod config_files;
mod feeds;
mod feeds_xlsx;
mod gen;
mod law_files;
