//! Domain types and pure rules: what a catalog item, a version and an event *are*.
//!
//! Nothing in here knows about SQL, files or terminals: `domain` imports neither rusqlite nor
//! ratatui. Storage maps these types to rows (`store`), import builds them from published files
//! (`catalog::import`), and the UI only displays them.

pub mod actor;
pub mod case;
pub mod case_file;
pub mod catalog;
pub mod deadline;
pub mod diff;
pub mod officer;
pub mod org;
pub mod patrol;
pub mod penalty;
pub mod privacy;
pub mod publication;
pub mod station;
pub mod ticket;
pub mod version;
