//! The one SQLite store: opening, migrations, the event chain, and row <-> domain mapping.
//!
//! This is the only module with SQL in it (besides the migrations in `db/`). Every write runs in
//! one `BEGIN IMMEDIATE` transaction that also appends its attributed event, so a change and its
//! record commit together or not at all. Whether the acting [`Identity`] may do the write is
//! checked inside that same transaction against `domain::officer::may`, with the officer's
//! account re-read there (see `identity`). The store formats nothing for display.

mod backup;
mod bulk;
mod calendar;
mod cases;
mod catalog;
mod documents;
mod events;
mod grids;
mod handed_down;
mod health;
mod identity;
mod journal;
mod laws;
mod lexicon;
mod migrations;
mod officers;
pub mod password;
mod patrols;
mod publication;
mod report;
mod station;
mod tickets;
mod verify;

pub use backup::{restore, verify_backup, Copy, CopyError};
pub use bulk::{HistoryPlan, FULL_SCALE};
pub use calendar::{days_digest, CalendarFromCentre, CalendarStanding, CalendarTakenIn};
pub use cases::CaseRefusal;
pub use catalog::{
    centre_actor, items_digest, publisher_is_valid, FromCentre, NewVersion, TakenIn, PROGRESS_EVERY,
};
pub use documents::{IssueRequest, Issued, IssuedDocument, Stamp};
pub use events::{ChainStatus, EventRecord, GENESIS_HASH};
pub use handed_down::{credential_shown, AccountFromCentre, AccountTakenIn, HandedDown};
pub use identity::{AccessError, Identity};
pub use laws::{LawRow, LoadedLaw};
pub use lexicon::LexiconAdditions;
pub use officers::AuthError;
pub use password::PasswordCost;
pub use patrols::PatrolRefusal;
pub use publication::{
    account_standing, credential_witness, AccountChange, AccountStanding, AccountStatement,
    CalendarStatement, PublicationStatement, Signable, Signed, StandingFault,
};
pub use report::{PeopleFacts, TouchedFacts};
pub use station::Station;
pub use tickets::{Added, TicketRefusal};
pub use verify::{
    page_check_by, page_check_report, EventCheck, PageCheckReport, Problem, QuickCheck,
    SchemaDetail, Verification, VerifyOptions, QUICK_TAIL,
};

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another terminal's transaction before reporting "busy".
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads of a large catalog go through the page cache without a copy per page.
const MMAP_BYTES: i64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error(
        "{path} is {what}, not a database file: refused before anything touched it (pass --db \
         the path of a regular file)"
    )]
    NotAFile { path: PathBuf, what: &'static str },
    #[error("cannot look at {path}: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("no database at {0}: only a command that records something creates one")]
    NoDatabase(PathBuf),
    #[error("{path} is not a zhifa database ({}); nothing was changed in it", reason.label_en())]
    NotZhifa { path: PathBuf, reason: NotZhifa },
    #[error(
        "database {path} has schema version {found}, older than this zhifa's {known}: verifying \
         reads only, so it is not brought up to date here; `zhifa restore` it to a new file (where \
         it is) and verify that"
    )]
    OlderSchema { path: PathBuf, found: i64, known: i64 },
    #[error("cannot create the folder for database {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error(
        "database {path} was written by a newer zhifa (schema version {found}; this program knows \
         up to {known}); refusing to open it so that nothing is damaged: use the newer zhifa"
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error(
        "the database is busy: another terminal has been writing for {}s; nothing was written, \
         try again", BUSY_TIMEOUT.as_secs()
    )]
    Busy,
    #[error(
        "the disk is full (or the file size limit was reached) while writing the database; \
         nothing was written, the database is as it was: free some space and try again"
    )]
    DiskFull,
    #[error(
        "the disk refused a write ({0}): the disk may be full, a file size limit reached or the \
         disk failing; nothing was written, the database is as it was"
    )]
    WriteFailed(String),
    #[error("a catalog version labelled “{0}” already exists; choose another --label")]
    DuplicateLabel(String),
    #[error(transparent)]
    EffectiveDate(#[from] zhifa_core::domain::version::EffectiveDateError),
    #[error("no catalog version labelled “{0}”")]
    NoSuchVersion(String),
    #[error(
        "the database holds no catalog version yet: import one with `zhifa catalog import FILE`"
    )]
    NoCatalog,
    #[error(
        "no catalog version is in force on {0} (the earliest starts later): pass --version LABEL \
         to read a scheduled one"
    )]
    NothingInForce(chrono::NaiveDate),
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    PasswordPolicy(#[from] zhifa_core::domain::officer::PasswordPolicyError),
    #[error("an officer with badge number “{0}” already exists")]
    DuplicateBadge(String),
    #[error(
        "{0}'s account is handed down from the centre: its role, team and password are the \
         bureau's to change (`zhifa central officer …`); this station may only deactivate it, \
         and the officer change their own password"
    )]
    HandedDown(String),
    #[error("no officer with badge number “{0}”")]
    NoSuchOfficer(String),
    #[error("a team with code “{0}” already exists")]
    DuplicateTeam(String),
    #[error("a brigade with code “{0}” already exists")]
    DuplicateBrigade(String),
    #[error("no brigade with code “{0}”: add it first with `zhifa brigade add CODE NAME`")]
    NoSuchBrigade(String),
    #[error(transparent)]
    Case(CaseRefusal),
    #[error(transparent)]
    Patrol(PatrolRefusal),
    #[error("no ticket number {0}")]
    NoSuchTicket(i64),
    #[error(transparent)]
    Ticket(TicketRefusal),
    #[error("a grid with code “{0}” already exists")]
    DuplicateGrid(String),
    #[error("no team with code “{0}”: add it first with `zhifa team add CODE NAME`")]
    NoSuchTeam(String),
    #[error("{0} is the last active admin: add another admin before deactivating this one")]
    LastAdmin(String),
    #[error("{field} may not be empty")]
    Empty { field: &'static str },
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// A file offered to the store is not valid (the message names the file and the reason).
    #[error(transparent)]
    Calendar(#[from] zhifa_core::calendar::format::CalendarFileError),
    /// A law file refused at its line (nothing written).
    #[error(transparent)]
    Law(#[from] zhifa_law::LawFileError),
    /// A lexicon file's first problem (the CLI lists them all before calling the store).
    #[error(transparent)]
    Lexicon(#[from] zhifa_catalog::search::LexiconProblem),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
    /// A document could not be numbered or made (the reason says which).
    #[error("the document could not be made: {0}")]
    Document(String),
    #[error(
        "the database already holds {0}: a generated history goes only into a database without \
         work of its own"
    )]
    HoldsWork(&'static str),
    #[error("this database already belongs to station “{0}”: a station code is given once")]
    StationSet(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::SystemIoFailure) => StoreError::WriteFailed(e.to_string()),
            _ => StoreError::Sql(e),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Why a file is not taken for a zhifa database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotZhifa {
    Empty,
    NotSqlite,
    OtherProgram,
    NoSchema,
}

impl NotZhifa {
    pub fn label_en(self) -> &'static str {
        match self {
            NotZhifa::Empty => "the file is empty",
            NotZhifa::NotSqlite => "not an SQLite file",
            NotZhifa::OtherProgram => "an SQLite file with another program's tables",
            NotZhifa::NoSchema => "no zhifa schema in it",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            NotZhifa::Empty => "文件是空的",
            NotZhifa::NotSqlite => "不是 SQLite 文件",
            NotZhifa::OtherProgram => "是其他程序的 SQLite 文件",
            NotZhifa::NoSchema => "其中没有 zhifa 的表结构",
        }
    }
}

/// An open zhifa database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The Argon2 cost of new password hashes: [`password::PRODUCTION`] unless a test lowers it.
    password_cost: PasswordCost,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// What `path` names is looked at before anything touches it: a device, a FIFO or a folder is
    /// refused (never opened, never chmod-ed), and so is another program's SQLite file. Only a
    /// file zhifa made, or recognises as its own once opened, has its permissions tightened.
    pub fn open(path: &Path) -> StoreResult<Store> {
        let existed = regular_file_or_nothing(path)?;
        if !existed {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|source| StoreError::CreateDir { path: path.to_path_buf(), source })?;
            }
            // Created private before SQLite opens it: SQLite gives the -wal and -shm files beside
            // it (which hold the latest writes) the database file's own mode. Another terminal may
            // create it first; any other failure is SQLite's own open to report, with the path.
            let _ = create_private(path);
            regular_file_or_nothing(path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        refuse_foreign(&conn, path)?;
        let store = Store::init(conn, Some(path.to_path_buf()))?;
        // Ours now (made here, or holding zhifa's schema): readable by its owner only.
        restrict_permissions(path);
        Ok(store)
    }

    /// Opens an existing zhifa database for reading only: nothing in the file (not the journal
    /// mode, not the schema, not its permissions) is changed, so a backup's digest still matches
    /// after it was verified, and read-only media can be verified. A missing path, an empty file,
    /// another program's SQLite file and a device are refused; an older schema is refused too
    /// (bringing it up to date would write).
    pub fn open_read_only(path: &Path) -> StoreResult<Store> {
        if !regular_file_or_nothing(path)? {
            return Err(StoreError::NoDatabase(path.to_path_buf()));
        }
        let empty = std::fs::metadata(path).map(|m| m.len() == 0).unwrap_or(false);
        if empty {
            return Err(StoreError::NotZhifa { path: path.to_path_buf(), reason: NotZhifa::Empty });
        }
        let conn = open_reader(path)?;
        let found = zhifa_schema_version(&conn, path)?;
        let known = migrations::latest_version();
        if found < known {
            return Err(StoreError::OlderSchema { path: path.to_path_buf(), found, known });
        }
        Ok(Store { conn, path: Some(path.to_path_buf()), password_cost: password::PRODUCTION })
    }

    /// A private in-memory database with every migration applied (tests, benchmarks).
    pub fn open_in_memory() -> StoreResult<Store> {
        let conn = Connection::open_in_memory()?;
        Store::init(conn, None)
    }

    fn init(mut conn: Connection, path: Option<PathBuf>) -> StoreResult<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let shown = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        // Refuse a newer database before anything (even the journal mode) is written to it.
        migrations::refuse_newer(&conn, &shown)?;
        // WAL lets readers go on while one terminal writes; FULL makes a commit durable before it
        // returns, so a power cut loses at most the transaction that had not yet committed.
        journal::use_wal(&conn, BUSY_TIMEOUT)?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        migrations::apply(&mut conn, &shown)?;
        Ok(Store { conn, path, password_cost: password::PRODUCTION })
    }

    /// Lowers (or raises) the cost of new password hashes. Tests use
    /// [`password::FAST_FOR_TESTS`]; the program never calls this, so real accounts get
    /// [`password::PRODUCTION`].
    pub fn set_password_cost(&mut self, cost: PasswordCost) {
        self.password_cost = cost;
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` inside one `BEGIN IMMEDIATE` transaction: it takes the write lock up front, so a
    /// second terminal waits (up to the busy timeout) instead of failing halfway through.
    fn write<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// The histories whose entries are numbered 1, 2, 3 … per record (a case's steps, a patrol's
/// findings, a ticket's actions).
#[derive(Clone, Copy)]
enum History {
    CaseSteps,
    PatrolFindings,
    TicketActions,
}

/// The number the next entry of record `id`'s history takes.
fn next_in_history(conn: &Connection, history: History, id: i64) -> StoreResult<i64> {
    let sql = match history {
        History::CaseSteps => "SELECT coalesce(max(seq), 0) + 1 FROM case_steps WHERE case_id = ?1",
        History::PatrolFindings => {
            "SELECT coalesce(max(seq), 0) + 1 FROM patrol_findings WHERE patrol_id = ?1"
        }
        History::TicketActions => {
            "SELECT coalesce(max(seq), 0) + 1 FROM ticket_actions WHERE ticket_id = ?1"
        }
    };
    Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?)
}

/// Whether a regular file is at `path` (following links); `false` when nothing is there. A
/// device, a FIFO, a socket or a folder is refused before anything opens or changes it.
fn regular_file_or_nothing(path: &Path) -> StoreResult<bool> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(source) => return Err(StoreError::Unreadable { path: path.to_path_buf(), source }),
    };
    if metadata.is_file() {
        return Ok(true);
    }
    Err(StoreError::NotAFile { path: path.to_path_buf(), what: file_kind(&metadata.file_type()) })
}

fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Another program's SQLite file: no schema version of ours, yet tables of its own. Refused
/// before zhifa's schema is written into it.
fn refuse_foreign(conn: &Connection, path: &Path) -> StoreResult<()> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| not_a_database(e, path))?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| not_a_database(e, path))?;
    if version == 0 && objects > 0 {
        let reason = NotZhifa::OtherProgram;
        return Err(StoreError::NotZhifa { path: path.to_path_buf(), reason });
    }
    Ok(())
}

/// The schema version of a file that must already be a zhifa database (its event log there).
fn zhifa_schema_version(conn: &Connection, path: &Path) -> StoreResult<i64> {
    refuse_foreign(conn, path)?;
    let version = migrations::refuse_newer(conn, path)?;
    let has_events: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'events')",
        [],
        |r| r.get(0),
    )?;
    if version == 0 || !has_events {
        let reason = NotZhifa::NoSchema;
        return Err(StoreError::NotZhifa { path: path.to_path_buf(), reason });
    }
    Ok(version)
}

/// A file SQLite cannot read as a database at all is not ours; other failures stay themselves.
fn not_a_database(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            StoreError::NotZhifa { path: path.to_path_buf(), reason: NotZhifa::NotSqlite }
        }
        _ => StoreError::from(e),
    }
}

/// Whether an error means the file's pages are damaged (verify reports it as a finding).
pub fn is_damage(e: &StoreError) -> bool {
    match e {
        StoreError::Sql(e) | StoreError::Open { source: e, .. } => {
            matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt))
        }
        StoreError::Corrupt(_) => true,
        _ => false,
    }
}

/// A second, read-only connection to the same file, for reading in parallel.
pub(crate) fn open_reader(path: &Path) -> StoreResult<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    Ok(conn)
}

/// A new, empty file readable by its owner only; fails if the file exists (it is never
/// truncated). A database, or a backup before its copy is written into it.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // The database holds case records and personal data: readable by its owner only. Failure
    // (e.g. a file owned by someone else) is not fatal: SQLite's own access checks still apply.
    // Only regular files: a link beside the database is not followed to whatever it names.
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let regular = if suffix.is_empty() {
            std::fs::metadata(&file).map(|m| m.is_file())
        } else {
            std::fs::symlink_metadata(&file).map(|m| m.file_type().is_file())
        };
        if regular.unwrap_or(false) {
            let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600));
        }
    }
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) {}
