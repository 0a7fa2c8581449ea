//! `zhifa verify`: the database as evidence. SQLite's own integrity check, the hash chain from
//! the first event to the head (nothing deleted, edited or reordered), and the replay: every row
//! of every table must be what the events alone say it is (see `replay`). A quick form of the
//! same checks runs at every start-up.
//!
//! Read-only: verifying writes nothing, so an auditor may run it and its head is the one shown.

pub(super) mod account_check;
mod replay;
mod schema;
pub(super) mod signatures;
mod warm;

use super::events::{self, EventRecord, GENESIS_HASH};
use super::{Store, StoreResult};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

/// Events read per batch while walking the chain (small enough that a batch's records are freed
/// without the allocator sweeping its whole heap).
const BATCH: usize = 256;

/// Events read per batch by `--added` (each read is a query of its own).
const ADDED_BATCH: usize = 10_000;

/// Batches in flight between the two threads of the walk.
const CHANNEL: usize = 16;

/// Batches read and handed over before the oldest is replayed (so both threads work at once).
const AHEAD_BATCHES: usize = 4;

/// How many of the latest events the start-up check recomputes.
pub const QUICK_TAIL: i64 = 1_000;

/// At most this many problems are collected; the first is what a person needs.
const MAX_PROBLEMS: usize = 50;

/// What is wrong, where. The store states facts; `messages` words them for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// SQLite's integrity check found damage (its own words).
    Integrity { detail: String },
    /// The event `seq` is missing: events before `found` were deleted.
    EventsMissing { expected: i64, found: i64 },
    /// The event does not link to its predecessor: an event before it was changed or removed,
    /// or the events were reordered.
    ChainRelinked { seq: i64 },
    /// The event's own fields no longer give its hash: it was edited.
    EventEdited { seq: i64 },
    /// The head recorded earlier (`--since`) is not in the chain: it was rewritten, or this is
    /// another database.
    HeadNotInChain { head: String },
    /// The head given to `--since` is not a head at all (64 hexadecimal characters).
    HeadMalformed { head: String },
    /// The schema (tables, indexes, triggers) differs from what the migrations create: a trigger
    /// that keeps records append-only dropped, an index or table changed or slipped in.
    SchemaDiffers { object: String, detail: SchemaDetail },
    /// An event whose payload the replay cannot read.
    BadEvent { seq: i64, kind: String, detail: String },
    /// A row the events created is not there.
    RowMissing { table: String, key: String, event: i64 },
    /// A row's column differs from what the events say (`private`: the value itself is not shown).
    RowDiffers { table: String, key: String, column: String, expected: String, found: String },
    /// A table holds rows no event created.
    RowCount { table: String, expected: i64, found: i64 },
    /// The event is attributed to `actor`, who did not sign it (a key they hold does not verify
    /// its signature, or it has none): made by someone else in their name.
    NotSigned { seq: i64, actor: String },
    /// A recorded case step does not follow from the case before it.
    StepDoesNotFollow { case: i64, event: i64, detail: String },
}

/// How a schema object differs from the migrations' own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemaDetail {
    /// The migrations create it; the file lacks it.
    Missing,
    /// Both have it, with different definitions.
    Changed,
    /// The file has it; no migration creates it.
    Unknown,
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub events: i64,
    /// The hash of the last event: note it on the shift record, give it to `--since` later.
    pub head_hash: String,
    /// Rows compared with the replay, per table.
    pub rows_checked: BTreeMap<String, i64>,
    /// Events that carry no signature and need none, by actor: the OS user (setup, backups,
    /// login attempts), seeding, accounts that have no key yet.
    pub unsigned: BTreeMap<String, i64>,
    /// Events of generated histories, vouched for by the admin's signed `history.generate`.
    pub vouched: i64,
    pub problems: Vec<Problem>,
}

impl Verification {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What `verify` should check besides the chain.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// A head hash recorded earlier that the chain must still contain.
    pub since: Option<String>,
    /// Skip SQLite's page-level integrity check (it reads every page).
    pub skip_integrity: bool,
    /// With `since`: only what was added after that head (see [`verify_added`]).
    pub added_only: bool,
    /// Moved on as the log is walked (events replayed so far): what a progress bar shows.
    pub walked: Option<Arc<AtomicU64>>,
}

/// The start-up check: cheap enough for every start on years of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuickCheck {
    pub events: i64,
    pub head_hash: String,
    pub problems: Vec<Problem>,
}

impl Store {
    /// Every check: integrity, the chain, the replay, and (if given) the recorded head.
    pub fn verify(&self, options: &VerifyOptions) -> StoreResult<Verification> {
        verify_connection(&self.conn, options)
    }

    /// The check at start-up: the latest events recomputed and linked, no row pointing past the
    /// head (a log cut short shows), and every account against its events. Independent of the
    /// size of the history (the accounts are few).
    pub fn quick_check(&self) -> StoreResult<QuickCheck> {
        // The head and the rows compared with it must be of one moment.
        let _snapshot = snapshot(&self.conn)?;
        let head: i64 =
            self.conn.query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
        let from = (head - QUICK_TAIL).max(0);
        let tail = self.events(from, QUICK_TAIL as usize)?;
        let mut walk = match from {
            0 => ChainWalk::from_genesis(),
            _ => {
                let before = self.events(from - 1, 1)?;
                let anchor = before.first().map_or(GENESIS_HASH.to_string(), |e| e.hash.clone());
                ChainWalk { expected_seq: from + 1, head: anchor, count: from, problems: vec![] }
            }
        };
        for event in &tail {
            walk.step(event);
        }
        let mut problems = walk.problems;
        problems.extend(replay::rows_past_head(&self.conn, head)?);
        // Authority rests on the accounts: all of them, against their events, at every start.
        problems.extend(account_check::problems(&self.conn, None)?);
        Ok(QuickCheck { events: walk.count, head_hash: walk.head, problems })
    }
}

/// SQLite's `PRAGMA integrity_check` (every page, index and constraint of the file) and
/// `PRAGMA foreign_key_check` (every reference points at a row that exists): one line per problem.
pub(super) fn integrity_lines(conn: &Connection) -> StoreResult<Vec<String>> {
    let mut lines = Vec::new();
    let mut integrity = conn.prepare("PRAGMA integrity_check(20)")?;
    for line in integrity.query_map([], |r| r.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            lines.push(line);
        }
    }
    let mut keys = conn.prepare("PRAGMA foreign_key_check")?;
    let broken = keys.query_map([], |r| {
        let (table, row, parent): (String, Option<i64>, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        Ok(format!("{table} row {} refers to a missing {parent}", row.unwrap_or(0)))
    })?;
    for line in broken {
        lines.push(line?);
    }
    Ok(lines)
}

/// Page cache of the connection that walks the log (KiB): its reads go forward (the log, and the
/// rows each event wrote, in the order they were written), so a modest cache holds what is
/// read again.
const WALK_CACHE_KIB: i64 = 32 * 1024;

/// Page cache of the page check's connection (KiB): it looks up every row of every table in each
/// of its indexes. The file is in the operating system's cache by then (see `warm`), so a larger
/// cache of its own buys little (256 MiB against 96 MiB: no faster on the ten-year county), and
/// it counts with the walk's memory.
const INTEGRITY_CACHE_KIB: i64 = 48 * 1024;

/// A connection's memory while it reads the whole file: pages through a page cache of a bounded
/// size, not mapped (a mapped page counts as the process's own memory while it is mapped, and
/// the file is gigabytes). Restores the connection's settings when done.
pub(super) struct Memory<'c> {
    conn: &'c Connection,
    cache: Option<i64>,
    mmap: Option<i64>,
}

impl<'c> Memory<'c> {
    pub(super) fn bounded(conn: &'c Connection, cache_kib: i64) -> StoreResult<Memory<'c>> {
        // A database in memory states no mapping (the pragma answers nothing).
        let setting = |name: &str| {
            conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0)).optional()
        };
        let (cache, mmap) = (setting("cache_size")?, setting("mmap_size")?);
        conn.pragma_update(None, "cache_size", -cache_kib)?;
        if mmap.is_some() {
            conn.pragma_update(None, "mmap_size", 0)?;
        }
        Ok(Memory { conn, cache, mmap })
    }

    pub(super) fn restore(self) -> StoreResult<()> {
        if let Some(cache) = self.cache {
            self.conn.pragma_update(None, "cache_size", cache)?;
        }
        if let Some(mmap) = self.mmap {
            self.conn.pragma_update(None, "mmap_size", mmap)?;
        }
        Ok(())
    }
}

/// The program that runs the page check of a file in a process of its own (`zhifa page-check
/// FILE`): set by the `zhifa` binary at start. SQLite's page caches share one lock within a
/// process, so the page check and the walk, each reading every page, would spend as much time
/// waiting on each other as working; in two processes each has a core. Unset (tests, other
/// programs using the library): the page check runs on a thread.
static PAGE_CHECK_PROGRAM: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();

/// Runs the page check of every file verified as `program page-check FILE` (the `zhifa`
/// binary itself). Only the first call counts.
pub fn page_check_by(program: std::path::PathBuf) {
    let _ = PAGE_CHECK_PROGRAM.set(program);
}

/// What `zhifa page-check FILE` reports on its standard output (JSON).
#[derive(Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageCheckReport {
    /// SQLite's findings, one line each (none: the file is sound).
    Lines(Vec<String>),
    /// The pages could not be read (the file is damaged): SQLite's words.
    Damaged(String),
    /// The check could not run (the file could not be opened, …).
    Failed(String),
}

/// `zhifa page-check FILE`: SQLite's page check of a file opened read-only, as a report.
pub fn page_check_report(path: &std::path::Path) -> PageCheckReport {
    // Only a regular file: a FIFO or a device is never opened.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return PageCheckReport::Failed(format!("{} is not a regular file", path.display()));
    }
    let checked = super::open_reader(path).and_then(|conn| {
        let _memory = Memory::bounded(&conn, INTEGRITY_CACHE_KIB)?;
        integrity_lines(&conn)
    });
    match checked {
        Ok(lines) => PageCheckReport::Lines(lines),
        Err(e) if super::is_damage(&e) => PageCheckReport::Damaged(e.to_string()),
        Err(e) => PageCheckReport::Failed(e.to_string()),
    }
}

/// The page check of the file at `path`, on a second read-only connection: in a process of its
/// own when the program is known (see `PAGE_CHECK_PROGRAM`), else on this thread.
fn page_check_elsewhere(path: &std::path::Path) -> StoreResult<Vec<String>> {
    let in_thread = || {
        let other = super::open_reader(path)?;
        let _memory = Memory::bounded(&other, INTEGRITY_CACHE_KIB)?;
        integrity_lines(&other)
    };
    let Some(program) = PAGE_CHECK_PROGRAM.get() else { return in_thread() };
    let output = std::process::Command::new(program)
        .arg("page-check")
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    // A program that cannot be started (moved since), or that did not report, or could not
    // run the check: the check is made here.
    let report =
        output.ok().and_then(|o| serde_json::from_slice::<PageCheckReport>(&o.stdout).ok());
    match report {
        Some(PageCheckReport::Lines(lines)) => Ok(lines),
        Some(PageCheckReport::Damaged(detail)) => Err(super::StoreError::Corrupt(detail)),
        Some(PageCheckReport::Failed(_)) | None => in_thread(),
    }
}

/// A head as `verify` prints it: 64 hexadecimal characters (lower case; the CLI lowers what is
/// typed).
fn is_head(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Reads that must see one moment of the file while other terminals write: a read transaction
/// (WAL keeps its pages), unless the caller is in one already.
fn snapshot(conn: &Connection) -> StoreResult<Option<rusqlite::Transaction<'_>>> {
    if !conn.is_autocommit() {
        return Ok(None);
    }
    let tx = conn.unchecked_transaction()?;
    // A deferred transaction takes its snapshot at its first read: take it now.
    tx.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
    Ok(Some(tx))
}

/// The chain walked event by event: sequence numbers without gaps, each linked to its
/// predecessor's hash, each hash recomputed from the event's fields.
struct ChainWalk {
    expected_seq: i64,
    head: String,
    count: i64,
    problems: Vec<Problem>,
}

impl ChainWalk {
    fn from_genesis() -> ChainWalk {
        ChainWalk { expected_seq: 1, head: GENESIS_HASH.to_string(), count: 0, problems: vec![] }
    }

    fn step(&mut self, event: &EventRecord) {
        if event.seq != self.expected_seq {
            self.problems
                .push(Problem::EventsMissing { expected: self.expected_seq, found: event.seq });
        } else if event.prev_hash != self.head {
            self.problems.push(Problem::ChainRelinked { seq: event.seq });
        } else if !event.hash_holds() {
            self.problems.push(Problem::EventEdited { seq: event.seq });
        }
        self.count += 1;
        self.head.clone_from(&event.hash);
        self.expected_seq = event.seq + 1;
    }
}

/// Every check on one connection (the live database, or a backup opened read-only).
pub(super) fn verify_connection(
    conn: &Connection,
    options: &VerifyOptions,
) -> StoreResult<Verification> {
    // The chain, the replay and the row counts must all see one moment of the file.
    let _snapshot = snapshot(conn)?;
    if let (true, Some(head)) = (options.added_only, options.since.as_deref()) {
        if is_head(head) {
            return verify_added(conn, head);
        }
    }
    // SQLite's page check reads every page and takes as long as the chain and the replay: on a
    // file it runs on a second read-only connection, on the other core, meanwhile. (Its snapshot
    // may be a moment later than the walk's while terminals write: it judges pages, not rows.)
    let file = conn.path().filter(|p| !p.is_empty()).map(std::path::PathBuf::from);
    let (integrity, walked) = std::thread::scope(|scope| {
        if let Some(path) = &file {
            scope.spawn(move || warm::warm(path));
        }
        let elsewhere = match (&file, options.skip_integrity) {
            (Some(path), false) => Some(scope.spawn(move || page_check_elsewhere(path))),
            _ => None,
        };
        let walked = Memory::bounded(conn, WALK_CACHE_KIB).and_then(|memory| {
            let walked = walk(conn, options);
            memory.restore()?;
            walked
        });
        let integrity = match elsewhere {
            Some(handle) => handle.join().unwrap_or_else(|_| {
                Err(super::StoreError::Corrupt("the integrity check's thread failed".into()))
            }),
            None if options.skip_integrity => Ok(Vec::new()),
            None => integrity_lines(conn),
        };
        (integrity, walked)
    });
    let mut verification = walked?;
    let mut problems: Vec<Problem> =
        integrity?.into_iter().map(|detail| Problem::Integrity { detail }).collect();
    problems.append(&mut verification.problems);
    problems.truncate(MAX_PROBLEMS);
    verification.problems = problems;
    Ok(verification)
}

/// The schema, the chain walked from the first event, every signature, the replay of every
/// table, and `--since`: everything but SQLite's page check.
///
/// One read of the log feeds two threads: this one replays each event against the rows (it owns
/// the connection and its snapshot); the other recomputes each hash, link and signature from the
/// very same records (handed over in batches, never read twice), on the other core.
fn walk(conn: &Connection, options: &VerifyOptions) -> StoreResult<Verification> {
    let mut problems = Vec::new();
    // Named after what was done with it (an edited event, a changed row): a tamperer drops a
    // trigger to do something, and that something is what a person needs to read first.
    let schema = schema::differences(conn)?;
    let since = match options.since.as_deref() {
        Some(head) if !is_head(head) => {
            problems.push(Problem::HeadMalformed { head: head.to_string() });
            None
        }
        since => since,
    };
    let generated = generated_histories(conn)?;
    let station = crate::station::station_code(conn)?;
    let mut replay = replay::Replay::new(conn)?;
    // Problems the chain's thread has found so far: the walk stops once there are enough.
    let chained = AtomicUsize::new(0);
    let (batches, to_check) = std::sync::mpsc::sync_channel::<Batch>(CHANNEL);
    let (parsed, from_check) = std::sync::mpsc::sync_channel::<Vec<replay::Read>>(CHANNEL);
    // Replayed batches go back to be freed there: freeing millions of parsed payloads is work
    // the replay's thread, the busier of the two, need not do.
    let (spent, to_free) = std::sync::mpsc::channel::<(Batch, Vec<replay::Read>)>();
    let (replayed, chain) = std::thread::scope(|scope| {
        let chained = &chained;
        let chain = scope.spawn(move || {
            let mut walk = ChainWalk::from_genesis();
            let mut signatures = signatures::SignatureWalk::new(generated, station);
            let mut since_seen = since.is_none();
            for batch in to_check {
                while let Ok(replayed) = to_free.try_recv() {
                    drop(replayed);
                }
                for event in batch.iter() {
                    walk.step(event);
                    signatures.step(event);
                    since_seen |= since == Some(event.hash.as_str());
                }
                chained.store(walk.problems.len() + signatures.problems.len(), Ordering::Relaxed);
                // The payloads parsed here too, for the replay: its thread reads and compares.
                if parsed.send(batch.iter().map(replay::Read::of).collect()).is_err() {
                    break;
                }
            }
            signatures.finish();
            (walk, signatures, since_seen)
        });
        let walked = options.walked.as_deref();
        let channels = Channels { batches: &batches, parsed: &from_check, spent: &spent };
        let replayed = replay_log(conn, &mut replay, channels, chained, walked);
        // The chain's thread ends when the last batch is handed over (or nobody takes its
        // parsed payloads any more).
        drop(batches);
        drop(from_check);
        (replayed, chain.join())
    });
    replayed?;
    let (walk, mut signatures, since_seen) = chain
        .map_err(|_| super::StoreError::Corrupt("the thread checking the chain failed".into()))?;
    // Asked for by name: before the (possibly many, truncated) findings of the walk.
    if let (false, Some(head)) = (since_seen, since) {
        problems.push(Problem::HeadNotInChain { head: head.to_string() });
    }
    let mut walked = walk.problems;
    problems.append(&mut walked);
    problems.append(&mut signatures.problems);
    let (rows_checked, mut state) = replay.finish()?;
    problems.append(&mut state);
    problems.extend(schema);
    problems.truncate(MAX_PROBLEMS);
    Ok(Verification {
        events: walk.count,
        head_hash: walk.head,
        rows_checked,
        unsigned: signatures.unsigned,
        vouched: signatures.vouched,
        problems,
    })
}

/// Events read together, shared by the two threads of the walk.
type Batch = Arc<Vec<EventRecord>>;

/// How the replay's thread talks to the chain's: batches read, handed over; their payloads,
/// parsed, back; both, replayed, to be freed there.
struct Channels<'a> {
    batches: &'a std::sync::mpsc::SyncSender<Batch>,
    parsed: &'a std::sync::mpsc::Receiver<Vec<replay::Read>>,
    spent: &'a std::sync::mpsc::Sender<(Batch, Vec<replay::Read>)>,
}

/// Reads the log once, in order, in batches: each batch handed to the chain's thread (which also
/// parses the payloads) and replayed here once they come back parsed, while the next batches
/// are read. Stops early once `MAX_PROBLEMS` are found between the two.
fn replay_log(
    conn: &Connection,
    replay: &mut replay::Replay,
    channels: Channels,
    chained: &AtomicUsize,
    walked: Option<&AtomicU64>,
) -> StoreResult<()> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, terminal, pid, kind, payload, prev_hash, hash, signature
         FROM events ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    // Batches handed over and not yet replayed, oldest first.
    let mut handed = std::collections::VecDeque::new();
    let mut read_all = false;
    loop {
        if !read_all {
            let mut batch = Vec::with_capacity(BATCH);
            while batch.len() < BATCH {
                let Some(row) = rows.next()? else { break };
                batch.push(EventRecord::from_row(row)?);
            }
            read_all = batch.len() < BATCH;
            if !batch.is_empty() {
                let batch = Arc::new(batch);
                // A closed channel: the chain's thread is gone (it panicked); its join says so.
                if channels.batches.send(Arc::clone(&batch)).is_err() {
                    return Ok(());
                }
                handed.push_back(batch);
            }
        }
        // Replay the oldest batch once a few are in flight (or all are read).
        if handed.len() < AHEAD_BATCHES && !read_all {
            continue;
        }
        let Some(batch) = handed.pop_front() else { return Ok(()) };
        let Ok(reads) = channels.parsed.recv() else { return Ok(()) };
        for (event, read) in batch.iter().zip(&reads) {
            replay.apply(event, read)?;
        }
        if let Some(walked) = walked {
            walked.fetch_add(batch.len() as u64, Ordering::Relaxed);
        }
        // The chain's thread gone: freed here.
        let _ = channels.spent.send((batch, reads));
        if replay.problems.len() + chained.load(Ordering::Relaxed) >= MAX_PROBLEMS {
            return Ok(());
        }
    }
}

/// What was added since a head recorded earlier (`zhifa verify --since HEAD --added`): the events
/// after it, each linked to the one before from that head on, each hash recomputed and each
/// signature checked; and, as at every start, every account against its events, no row pointing
/// past the head, and the schema. Its cost is that of the events added (a day's in milliseconds),
/// not of the history.
///
/// What it does not do: recompute the events up to the head (the head recorded outside the file
/// stands for them only as long as they hash to it: a full verify checks that), nor replay the
/// rows (a full verify does). Meant for each shift; the full verify for each week.
fn verify_added(conn: &Connection, head: &str) -> StoreResult<Verification> {
    let mut problems = schema::differences(conn)?;
    // From the genesis hash: every event is "added" (a station's first push to the centre).
    let at: Option<i64> = if head == GENESIS_HASH {
        Some(0)
    } else {
        conn.prepare_cached("SELECT seq FROM events WHERE hash = ?1")?
            .query_row([head], |r| r.get(0))
            .optional()?
    };
    let last: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))?;
    let Some(at) = at else {
        problems.insert(0, Problem::HeadNotInChain { head: head.to_string() });
        let head_hash = events::read(conn, last - 1, 1)?.pop().map_or(String::new(), |e| e.hash);
        return Ok(Verification {
            events: last,
            head_hash,
            rows_checked: BTreeMap::new(),
            unsigned: BTreeMap::new(),
            vouched: 0,
            problems,
        });
    };
    let mut walk =
        ChainWalk { expected_seq: at + 1, head: head.to_string(), count: at, problems: vec![] };
    let station = crate::station::station_code(conn)?;
    let mut signatures = signatures::SignatureWalk::new(generated_histories(conn)?, station);
    for event in account_check::account_events(conn)?.iter().filter(|e| e.seq <= at) {
        signatures.learn(event);
    }
    let mut after = at;
    loop {
        let batch = events::read(conn, after, ADDED_BATCH)?;
        let Some(last) = batch.last() else { break };
        after = last.seq;
        for event in &batch {
            walk.step(event);
            signatures.step(event);
        }
    }
    signatures.finish();
    let mut found = walk.problems;
    found.append(&mut signatures.problems);
    found.extend(account_check::problems(conn, None)?);
    found.extend(replay::rows_past_head(conn, walk.expected_seq - 1)?);
    found.append(&mut problems);
    found.truncate(MAX_PROBLEMS);
    Ok(Verification {
        events: walk.count,
        head_hash: walk.head,
        rows_checked: BTreeMap::new(),
        unsigned: signatures.unsigned,
        vouched: signatures.vouched,
        problems: found,
    })
}

/// The chain and the signatures of a history read from elsewhere (the centre's copy of a
/// station's events, docs/CENTRAL.md), checked as `verify` checks the file's: each event linked
/// to the one before from the first, its hash recomputed, its author's signature checked. No
/// rows: the centre holds events only.
pub struct EventCheck {
    walk: ChainWalk,
    signatures: signatures::SignatureWalk,
}

impl EventCheck {
    /// `generated`: the payloads of the history's `history.generate` events, by seq; `station`:
    /// whose history it is.
    pub fn new(generated: Vec<(i64, serde_json::Value)>, station: &str) -> EventCheck {
        EventCheck {
            walk: ChainWalk::from_genesis(),
            signatures: signatures::SignatureWalk::new(generated, Some(station.to_string())),
        }
    }

    pub fn step(&mut self, event: &EventRecord) {
        self.walk.step(event);
        self.signatures.step(event);
    }

    /// Whether so many problems were found that walking on would only add more of the same.
    pub fn saturated(&self) -> bool {
        self.walk.problems.len() + self.signatures.problems.len() >= MAX_PROBLEMS
    }

    pub fn finish(mut self) -> Verification {
        self.signatures.finish();
        let mut problems = self.walk.problems;
        problems.append(&mut self.signatures.problems);
        problems.truncate(MAX_PROBLEMS);
        Verification {
            events: self.walk.count,
            head_hash: self.walk.head,
            rows_checked: BTreeMap::new(),
            unsigned: self.signatures.unsigned,
            vouched: self.signatures.vouched,
            problems,
        }
    }
}

/// Each `history.generate` event (seq, payload): the ranges of generated events it vouches for.
fn generated_histories(conn: &Connection) -> StoreResult<Vec<(i64, serde_json::Value)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, payload FROM events WHERE kind = 'history.generate' ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut generated = Vec::new();
    for row in rows {
        let (seq, payload) = row?;
        if let Ok(json) = serde_json::from_str(&payload) {
            generated.push((seq, json));
        }
    }
    Ok(generated)
}
