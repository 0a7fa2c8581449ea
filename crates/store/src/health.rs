//! Read-only looks at the database as a whole: SQLite's own consistency checks, and a snapshot in
//! which several reads see one moment of the file while other terminals go on writing.
//!
//! Nothing here writes. A snapshot hands its reads a `&Store`, on which no write method can be
//! called, so a read transaction is never upgraded to a write: in WAL mode such an upgrade fails at
//! once with "database is locked" when another terminal has committed meanwhile, without waiting
//! for the busy timeout.

use super::{Store, StoreError, StoreResult};
use std::sync::atomic::{AtomicUsize, Ordering};

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
        match self.on_two_connections(&here, &there) {
            Some(read) => read,
            None => self.read_snapshot(|store| Ok((here(store)?, there(store)?))),
        }
    }

    /// The reads `jobs` name, of one moment, shared out between two connections on two cores as
    /// each becomes free (list the longest first: the last to start sets the end); their results
    /// in the order of `jobs`. One moment and the fallback as for [`Store::read_snapshot_pair`].
    pub fn read_snapshot_shared<J: Sync, T: Send>(
        &self,
        jobs: &[J],
        run: impl Fn(&Store, &J) -> StoreResult<T> + Sync,
    ) -> StoreResult<Vec<T>> {
        let next = AtomicUsize::new(0);
        let take = |store: &Store| -> StoreResult<Vec<(usize, T)>> {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { return Ok(done) };
                done.push((i, run(store, job)?));
            }
        };
        let Some(read) = self.on_two_connections(&take, &take) else {
            return self.read_snapshot(|store| jobs.iter().map(|job| run(store, job)).collect());
        };
        let (near, far) = read?;
        let mut slots: Vec<Option<T>> = jobs.iter().map(|_| None).collect();
        for (i, value) in near.into_iter().chain(far) {
            slots[i] = Some(value);
        }
        // Every index was taken by one side or the other: a hole would be a bug here.
        slots
            .into_iter()
            .map(|slot| slot.ok_or_else(|| StoreError::Corrupt("a shared read was lost".into())))
            .collect()
    }

    /// `here` on this connection and `there` on a second one, each in its own snapshot, at once;
    /// None where that cannot be had or the two snapshots are not of one moment.
    fn on_two_connections<A, B: Send>(
        &self,
        here: &impl Fn(&Store) -> StoreResult<A>,
        there: &(impl Fn(&Store) -> StoreResult<B> + Sync),
    ) -> Option<StoreResult<(A, B)>> {
        let path = self.path.as_deref().filter(|_| self.conn.is_autocommit())?;
        let conn = super::open_reader(path).ok()?;
        let other =
            Store { conn, path: Some(path.to_path_buf()), password_cost: self.password_cost };
        let (near, far) = std::thread::scope(|scope| {
            let far = scope.spawn(move || other.read_snapshot(|s| Ok((s.head()?.0, there(s)?))));
            let near = self.read_snapshot(|s| Ok((s.head()?.0, here(s)?)));
            (near, far.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        let ((near_head, a), (far_head, b)) = match (near, far) {
            (Ok(near), Ok(far)) => (near, far),
            (Err(e), _) | (_, Err(e)) => return Some(Err(e)),
        };
        (near_head == far_head).then_some(Ok((a, b)))
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

    /// Runs `rounds` of `read` on a reader of a file that another terminal writes to all the
    /// while (at least 200 writes happen before the rounds end).
    fn while_another_terminal_writes(read: impl Fn(&Store, usize)) {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("z.db");
        let reader = Store::open(&path).expect("reader");
        let (stop, written) = (AtomicBool::new(false), AtomicUsize::new(0));
        std::thread::scope(|scope| {
            // A read beginning a moment after the other would see more events, unless the reads
            // run again.
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
                read(&reader, rounds);
                rounds += 1;
            }
        });
    }

    fn head(store: &Store) -> StoreResult<i64> {
        store.head().map(|(seq, _)| seq)
    }

    #[test]
    fn a_pair_of_reads_sees_one_moment_while_another_terminal_writes() {
        while_another_terminal_writes(|reader, round| {
            let (near, far) = reader.read_snapshot_pair(head, head).expect("pair");
            assert_eq!(near, far, "round {round}: both reads see one moment");
        });
    }

    #[test]
    fn shared_reads_see_one_moment_and_come_back_in_the_order_asked() {
        let jobs: Vec<usize> = (0..9).collect();
        let read = |s: &Store, job: &usize| Ok((*job, head(s)?));
        while_another_terminal_writes(|reader, round| {
            let results = reader.read_snapshot_shared(&jobs, read).expect("shared");
            let order: Vec<usize> = results.iter().map(|(job, _)| *job).collect();
            assert_eq!(order, jobs, "round {round}: in the order of the jobs");
            let heads: std::collections::BTreeSet<i64> = results.iter().map(|r| r.1).collect();
            assert_eq!(heads.len(), 1, "round {round}: one moment, not {heads:?}");
        });
        // In memory there is no second connection: the same, one after the other.
        let store = Store::open_in_memory().expect("store");
        let results = store.read_snapshot_shared(&jobs, read).expect("in memory");
        assert_eq!(results.into_iter().map(|(job, _)| job).collect::<Vec<_>>(), jobs);
    }
}
