//! Catalog files and catalog search: pure functions over domain types.
//!
//! - [`format`]: the canonical JSON envelope that `catalog export` writes and `catalog import`
//!   reads back exactly.
//!
//! Nothing here opens the database: the store persists what import produces, and hands search the
//! items it loaded.

pub mod format;
pub mod import;
pub mod search;
