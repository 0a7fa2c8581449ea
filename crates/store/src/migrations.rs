//! Schema migrations: the numbered SQL files in `db/`, tracked with `PRAGMA user_version`.
//!
//! A database whose version is higher than the last migration this binary knows was written by a
//! newer zhifa and is refused untouched.

use super::{StoreError, StoreResult};
use rusqlite::Connection;
use std::path::Path;

/// Migration `i` (0-based) moves the schema from version `i` to `i + 1`. Never edit a shipped one.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../../db/0001_init.sql")),
    ("0002_accounts", include_str!("../../../db/0002_accounts.sql")),
    ("0003_calendar", include_str!("../../../db/0003_calendar.sql")),
    ("0004_grids", include_str!("../../../db/0004_grids.sql")),
    ("0005_tickets", include_str!("../../../db/0005_tickets.sql")),
    ("0006_cases", include_str!("../../../db/0006_cases.sql")),
    ("0007_patrols", include_str!("../../../db/0007_patrols.sql")),
    ("0008_casework_links", include_str!("../../../db/0008_casework_links.sql")),
    ("0009_casework_indexes", include_str!("../../../db/0009_casework_indexes.sql")),
    ("0010_verify", include_str!("../../../db/0010_verify.sql")),
    ("0011_head", include_str!("../../../db/0011_head.sql")),
    ("0012_signed_events", include_str!("../../../db/0012_signed_events.sql")),
    ("0013_account_events", include_str!("../../../db/0013_account_events.sql")),
    ("0014_documents", include_str!("../../../db/0014_documents.sql")),
    ("0015_search_words", include_str!("../../../db/0015_search_words.sql")),
    ("0016_report_indexes", include_str!("../../../db/0016_report_indexes.sql")),
    ("0017_station", include_str!("../../../db/0017_station.sql")),
    ("0018_laws", include_str!("../../../db/0018_laws.sql")),
    ("0019_report_covering_indexes", include_str!("../../../db/0019_report_covering_indexes.sql")),
    ("0020_ticket_items", include_str!("../../../db/0020_ticket_items.sql")),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Fails with [`StoreError::TooNew`] when the database's schema is newer than this binary's.
pub fn refuse_newer(conn: &Connection, path: &Path) -> StoreResult<i64> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let known = latest_version();
    if found > known {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found, known });
    }
    Ok(found)
}

pub fn apply(conn: &mut Connection, path: &Path) -> StoreResult<()> {
    let found = refuse_newer(conn, path)?;
    migrate(conn, found, latest_version())
}

/// An empty database brought to schema version `version` (what verify compares a file with).
pub(super) fn apply_up_to(conn: &mut Connection, version: i64) -> StoreResult<()> {
    migrate(conn, 0, version.min(latest_version()))
}

fn migrate(conn: &mut Connection, found: i64, to: i64) -> StoreResult<()> {
    let upto = usize::try_from(to).unwrap_or(0);
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate().take(upto).skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if now > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
