//! Read-only looks at the database as a whole: SQLite's own consistency checks, and a snapshot in
//! which several reads see one moment of the file while other terminals go on writing.
//!
//! Nothing here writes. A snapshot hands its reads a `&Store`, on which no write method can be
//! called, so a read transaction is never upgraded to a write: in WAL mode such an upgrade fails at
//! once with "database is locked" when another terminal has committed meanwhile, without waiting
//! for the busy timeout.

use super::{Store, StoreResult};

impl Store {
    /// The problems `PRAGMA integrity_check` and `PRAGMA foreign_key_check` find, one line each;
    /// empty when the file is sound. Run after a crash or before trusting a copied file.
    pub fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        super::verify::integrity_lines(&self.conn)
    }

    /// Runs `reads` so that all of them see the database as it was at one moment, however long
    /// they take and whatever other terminals commit meanwhile (a report, a verification: counts
    /// that agree with each other). Writers are not held up: WAL keeps the old pages for the
    /// snapshot while new commits go on. Inside a snapshot already, `reads` joins it.
    pub fn read_snapshot<T>(&self, reads: impl FnOnce(&Store) -> StoreResult<T>) -> StoreResult<T> {
        if !self.conn.is_autocommit() {
            return reads(self);
        }
        let snapshot = self.conn.unchecked_transaction()?;
        // A deferred transaction fixes its snapshot at its first read: take it now, not at
        // whichever read `reads` happens to make first.
        snapshot.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        let value = reads(self)?;
        snapshot.commit()?;
        Ok(value)
    }

    /// Two reads of one moment at once, on two cores: `here` on this connection and `there` on a
    /// second, read-only one, each in a snapshot of its own. Both must have seen the same last
    /// event: every write appends its event in its own transaction, so the same head is the same
    /// database. When a write fell between their beginnings, both run again one after the other
    /// in one snapshot, as they do where a second connection cannot be had (an in-memory store,
    /// or inside a snapshot or a write already).
    pub fn read_snapshot_pair<A, B: Send>(
        &self,
        here: impl Fn(&Store) -> StoreResult<A>,
        there: impl Fn(&Store) -> StoreResult<B> + Sync,
    ) -> StoreResult<(A, B)> {
        let one_after_other = |store: &Store| Ok((here(store)?, there(store)?));
        let Some(path) = self.path.as_deref().filter(|_| self.conn.is_autocommit()) else {
            return self.read_snapshot(one_after_other);
        };
        let Ok(conn) = super::open_reader(path) else {
            return self.read_snapshot(one_after_other);
        };
        let other =
            Store { conn, path: Some(path.to_path_buf()), password_cost: self.password_cost };
        let (near, far) = std::thread::scope(|scope| {
            let there = &there;
            let far = scope.spawn(move || other.read_snapshot(|s| Ok((s.head()?.0, there(s)?))));
            let near = self.read_snapshot(|s| Ok((s.head()?.0, here(s)?)));
            (near, far.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        let ((near_head, a), (far_head, b)) = (near?, far?);
        if near_head != far_head {
            return self.read_snapshot(one_after_other);
        }
        Ok((a, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sound_database_has_no_problems_and_a_dangling_reference_is_one() {
        let store = Store::open_in_memory().expect("store");
        assert_eq!(store.integrity_problems().expect("check"), Vec::<String>::new());
        // What a damaged file or a hand edit could leave: a grid of a team and an event that do not
        // exist.
        store
            .conn
            .execute_batch(
                "PRAGMA foreign_keys = OFF;
                 INSERT INTO grids (code, name, team_code, event_seq) VALUES ('G', 'G', 'NONE', 7);",
            )
            .expect("damage");
        let mut problems = store.integrity_problems().expect("check");
        problems.sort();
        assert_eq!(
            problems,
            ["grids row 1 refers to a missing events", "grids row 1 refers to a missing teams"]
        );
    }

    #[test]
    fn a_snapshot_does_not_see_what_another_terminal_commits_meanwhile() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("z.db");
        let reader = Store::open(&path).expect("reader");
        let mut writer = Store::open(&path).expect("writer");
        let actor = zhifa_core::domain::actor::Actor::new("os:t", "t", 1);
        let who = writer.bootstrap_identity(actor).expect("bootstrap");
        let events = |s: &Store| s.events(0, 100).map(|e| e.len());
        let (inside, after) = reader
            .read_snapshot(|s| {
                let before = events(s)?;
                writer.add_team(&who, chrono::Utc::now(), "T1", "一中队")?;
                Ok((before, events(s)?))
            })
            .expect("snapshot");
        assert_eq!((inside, after), (0, 0), "the snapshot keeps its moment");
        let nested = reader.read_snapshot(|s| s.read_snapshot(events)).expect("nested");
        assert_eq!(nested, 1, "a snapshot inside a snapshot reads at the outer one's moment");
        assert_eq!(events(&reader).expect("events"), 1, "a read after it sees the commit");
    }

    #[test]
    fn a_pair_of_reads_sees_one_moment_while_another_terminal_writes() {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("z.db");
        let reader = Store::open(&path).expect("reader");
        let head = |s: &Store| s.head().map(|(seq, _)| seq);
        let (stop, written) = (AtomicBool::new(false), AtomicUsize::new(0));
        std::thread::scope(|scope| {
            // Another terminal writing all the while: a read beginning a moment after the other
            // would see more events, unless the pair runs again.
            scope.spawn(|| {
                let mut writer = Store::open(&path).expect("writer");
                let actor = zhifa_core::domain::actor::Actor::new("os:t", "t", 1);
                let who = writer.bootstrap_identity(actor).expect("bootstrap");
                while !stop.load(Ordering::Relaxed) {
                    let n = written.fetch_add(1, Ordering::Relaxed);
                    writer
                        .add_team(&who, chrono::Utc::now(), &format!("T{n}"), "中队")
                        .expect("team");
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
            });
            // The writer stops however this thread ends (a failed assertion included).
            struct Stop<'a>(&'a AtomicBool);
            impl Drop for Stop<'_> {
                fn drop(&mut self) {
                    self.0.store(true, Ordering::Relaxed);
                }
            }
            let _stop = Stop(&stop);
            let mut rounds = 0;
            while rounds < 40 || written.load(Ordering::Relaxed) < 200 {
                let (near, far) = reader.read_snapshot_pair(head, head).expect("pair");
                assert_eq!(near, far, "round {rounds}: both reads see one moment");
                rounds += 1;
            }
        });
    }
}
