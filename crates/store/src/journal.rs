//! Switching a database to write-ahead logging (WAL) as it is opened.
//!
//! The switch needs the file to itself for a moment. While another terminal is half-way through
//! the same switch (two terminals started together on a new database, each taking the write lock
//! for it), SQLite answers "database is locked" at once instead of waiting, because waiting while
//! holding a read lock could deadlock: the busy timeout does not apply, so the waiting is done
//! here. Once the file is in WAL mode the switch is a no-op and never waits.

use super::{StoreError, StoreResult};
use rusqlite::{Connection, ErrorCode};
use std::time::{Duration, Instant};

/// How long to sleep before trying the switch again.
const RETRY_EVERY: Duration = Duration::from_millis(20);

/// Puts the database in WAL mode, trying again for up to `patience` while another terminal holds
/// the lock the switch needs; then [`StoreError::Busy`].
pub(super) fn use_wal(conn: &Connection, patience: Duration) -> StoreResult<()> {
    let started = Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => return Ok(()),
            Err(e) if is_busy(&e) && started.elapsed() < patience => {
                std::thread::sleep(RETRY_EVERY)
            }
            Err(e) => return Err(StoreError::from(e)),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new database with another connection holding its write lock, as a terminal half-way
    /// through its own switch to WAL holds it; and a second connection to the same file.
    fn locked_new_database(dir: &std::path::Path) -> (Connection, Connection) {
        let path = dir.join("new.db");
        let holder = Connection::open(&path).expect("first terminal");
        holder
            .execute_batch("CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);")
            .expect("hold the write lock");
        let opener = Connection::open(&path).expect("second terminal");
        opener.busy_timeout(Duration::from_secs(10)).expect("busy timeout");
        (holder, opener)
    }

    #[test]
    fn the_switch_waits_for_another_terminal_holding_the_lock() {
        let dir = tempfile::tempdir().expect("tmp");
        let (holder, opener) = locked_new_database(dir.path());
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            holder.execute_batch("COMMIT").expect("release the lock");
        });
        let started = Instant::now();
        use_wal(&opener, Duration::from_secs(10)).expect("waits, then switches");
        assert!(started.elapsed() >= Duration::from_millis(150), "it had to wait for the holder");
        release.join().expect("holder");
        let mode: String =
            opener.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("journal mode");
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_lock_held_longer_than_the_patience_is_reported_busy() {
        let dir = tempfile::tempdir().expect("tmp");
        let (_holder, opener) = locked_new_database(dir.path());
        let refused = use_wal(&opener, Duration::from_millis(100));
        assert!(matches!(refused, Err(StoreError::Busy)), "{refused:?}");
    }
}
