//! Backup and restore: a consistent copy taken while terminals keep working, verified before it
//! counts, and recorded in the live database's log; a restore that verifies first and never
//! overwrites anything.
//!
//! The copy is SQLite's online backup (page for page, one read transaction) into a file named
//! `DEST.partial-PID`, created empty by us first (readable by its owner only, and failing if it
//! exists), synced to disk, verified, and only then renamed to `DEST`: a copy killed halfway never
//! looks like a backup.

use super::events;
use super::verify::{Verification, VerifyOptions};
use super::{migrations, Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use zhifa_core::domain::actor::Actor;

/// A backup taken (or a database restored): where, what it holds, its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Copy {
    pub path: PathBuf,
    pub events: i64,
    pub head_hash: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("{0} already exists: a backup or restore never overwrites a file; choose a new name")]
    Exists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} does not verify; nothing was {action}")]
    NotVerified { path: PathBuf, action: &'static str, verification: Box<Verification> },
    #[error("the copy in {0} is not a prefix of this database's chain")]
    NotAPrefix(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for CopyError {
    fn from(e: rusqlite::Error) -> Self {
        CopyError::Store(e.into())
    }
}

impl Store {
    /// Copies the database to `dest` while others keep working, verifies the copy, and records
    /// the backup (file, head, digest) as an event attributed to `origin`. Refuses an existing
    /// `dest`. `walked` counts the copy's events as its verify replays them (a progress bar).
    pub fn backup(
        &mut self,
        origin: &Actor,
        now: DateTime<Utc>,
        dest: &Path,
        walked: Option<Arc<AtomicU64>>,
    ) -> Result<Copy, CopyError> {
        refuse_existing(dest)?;
        let partial = partial_name(dest);
        create_private(&partial)?;
        let copied = self.copy_into(&partial).and_then(|()| sealed(&partial, "backed up", walked));
        let copy = match copied {
            Ok(copy) => copy,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        // The copy must be this chain as it stood: its head is one of our events.
        let ours = self.events(copy.events - 1, 1)?;
        if copy.events > 0 && ours.first().map(|e| &e.hash) != Some(&copy.head_hash) {
            let _ = std::fs::remove_file(&partial);
            return Err(CopyError::NotAPrefix(dest.to_path_buf()));
        }
        let copy = publish(&partial, dest, copy)?;
        let payload = json!({ "file": copy.path.display().to_string(), "events": copy.events,
                              "head": copy.head_hash, "bytes": copy.bytes, "sha256": copy.sha256 });
        self.write(|tx| events::append(tx, origin, now, "backup.made", &payload))?;
        Ok(copy)
    }

    /// A page copy in one read transaction, so the copy is one consistent moment even while
    /// other terminals write (WAL keeps that moment readable).
    fn copy_into(&self, partial: &Path) -> Result<(), CopyError> {
        // Every page is read: through a small page cache, not mapped (a mapped page of the
        // gigabytes counts as this process's memory).
        let memory = super::verify::Memory::bounded(&self.conn, 8 * 1024)?;
        let copied = copy_database(&self.conn, partial);
        memory.restore()?;
        copied
    }
}

/// Restores the backup `src` to `to`: `to` must not exist (so a live database is never
/// overwritten); the backup's content is verified (in a private copy, brought up to date if an
/// earlier zhifa made it) before the restore is recorded as the first event after the backup's
/// head, and verified again before it is put in place under `to`.
pub fn restore(
    origin: &Actor,
    now: DateTime<Utc>,
    src: &Path,
    to: &Path,
) -> Result<Copy, CopyError> {
    refuse_existing(to)?;
    let source = open_read_only(src)?;
    // Read page by page through a small cache, not mapped (see `copy_into`).
    let _memory = super::verify::Memory::bounded(&source, 8 * 1024)?;
    // The copy is verified as it came from the backup before anything else happens to it (see
    // `record_restore`): verifying the backup in place as well would read it twice for nothing.
    let partial = partial_name(to);
    create_private(&partial)?;
    let restored = copy_database(&source, &partial)
        .and_then(|()| record_restore(&partial, origin, now, src))
        .and_then(|()| sealed(&partial, "restored", None));
    match restored {
        Ok(copy) => publish(&partial, to, copy),
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn refuse_unverified(path: &Path, verification: Verification) -> Result<(), CopyError> {
    if verification.is_ok() {
        return Ok(());
    }
    Err(CopyError::NotVerified {
        path: path.to_path_buf(),
        action: "restored",
        verification: Box::new(verification),
    })
}

fn schema_version(conn: &Connection) -> Result<i64, CopyError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Verifies a database file without changing it (a backup, before it is trusted).
pub fn verify_backup(path: &Path) -> Result<Verification, CopyError> {
    verify_file(&open_read_only(path)?, path, None)
}

/// Opens the copy (bringing an older schema up to date), verifies it as it came from the backup,
/// and records the restore: which file, and the head it restored.
fn record_restore(
    path: &Path,
    origin: &Actor,
    now: DateTime<Utc>,
    src: &Path,
) -> Result<(), CopyError> {
    let mut store = Store::open(path)?;
    let checked = store.verify(&VerifyOptions::default())?;
    refuse_unverified(src, checked.clone())?;
    let payload = json!({ "from": src.display().to_string(), "events": checked.events,
                          "head": checked.head_hash });
    store.write(|tx| events::append(tx, origin, now, "backup.restored", &payload))?;
    // Leave one file behind, not a -wal beside it: the copy is moved and synced as a whole.
    store.conn.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

fn refuse_existing(path: &Path) -> Result<(), CopyError> {
    if path.exists() {
        return Err(CopyError::Exists(path.to_path_buf()));
    }
    Ok(())
}

/// `DEST.partial-PID`: unique per process, so two backups never share one.
fn partial_name(dest: &Path) -> PathBuf {
    let mut name = dest.as_os_str().to_owned();
    name.push(format!(".partial-{}", std::process::id()));
    PathBuf::from(name)
}

/// An empty file readable by its owner only, created here or failing if it exists.
fn create_private(path: &Path) -> Result<(), CopyError> {
    match super::create_private(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(CopyError::Exists(path.to_path_buf()))
        }
        Err(source) => Err(CopyError::Io { path: path.to_path_buf(), source }),
    }
}

/// The database copied page for page into the empty file `dest` (SQLite's online backup, all
/// pages in one step: one read transaction, so the copy is one moment even while terminals write;
/// a copy a few pages at a time would start over after each of their commits), then made
/// self-contained (no -wal beside it), so the copy is one file that can be moved, synced and
/// opened read-only anywhere. A page copy, not `VACUUM INTO`: that rebuilt every table and index
/// and took ten times as long; the copy holds the file's free space as the file does.
fn copy_database(conn: &Connection, dest: &Path) -> Result<(), CopyError> {
    let mut copy = Connection::open(dest)
        .map_err(|source| StoreError::Open { path: dest.to_path_buf(), source })?;
    {
        let backup = rusqlite::backup::Backup::new(conn, &mut copy)?;
        let started = std::time::Instant::now();
        loop {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                // Another terminal holds a lock the first read needs: wait as a write would.
                _ if started.elapsed() < super::BUSY_TIMEOUT => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                _ => return Err(StoreError::Busy.into()),
            }
        }
    }
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// The copy synced to disk, verified in full, and described (events, head, size, digest).
fn sealed(
    path: &Path,
    action: &'static str,
    walked: Option<Arc<AtomicU64>>,
) -> Result<Copy, CopyError> {
    let io = |source| CopyError::Io { path: path.to_path_buf(), source };
    File::open(path).and_then(|f| f.sync_all()).map_err(io)?;
    // The digest reads the file front to back while it is verified, on a thread of its own.
    let (verification, digested) = std::thread::scope(|scope| {
        let digesting = scope.spawn(|| digest(path));
        let verification = open_read_only(path).and_then(|conn| verify_file(&conn, path, walked));
        let digested = digesting.join().unwrap_or_else(|_| {
            Err(StoreError::Corrupt("the thread digesting the copy failed".into()).into())
        });
        (verification, digested)
    });
    let verification = verification?;
    if !verification.is_ok() {
        return Err(CopyError::NotVerified {
            path: path.to_path_buf(),
            action,
            verification: Box::new(verification),
        });
    }
    let (bytes, sha256) = digested?;
    Ok(Copy {
        path: path.to_path_buf(),
        events: verification.events,
        head_hash: verification.head_hash,
        bytes,
        sha256,
    })
}

/// Renames the verified copy into place and syncs its folder, so the name survives a power cut.
fn publish(partial: &Path, dest: &Path, copy: Copy) -> Result<Copy, CopyError> {
    refuse_existing(dest)?;
    let io = |source| CopyError::Io { path: dest.to_path_buf(), source };
    std::fs::rename(partial, dest).map_err(io)?;
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
    }
    Ok(Copy { path: dest.to_path_buf(), ..copy })
}

fn digest(path: &Path) -> Result<(u64, String), CopyError> {
    let io = |source| CopyError::Io { path: path.to_path_buf(), source };
    let mut file = File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
    Ok((bytes, hex::encode(hasher.finalize())))
}

/// A database file opened for reading only: nothing (not even the journal mode) is written.
fn open_read_only(path: &Path) -> Result<Connection, CopyError> {
    if !path.is_file() {
        return Err(CopyError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        });
    }
    let conn = super::open_reader(path)?;
    migrations::refuse_newer(&conn, path)?;
    Ok(conn)
}

fn verify_file(
    conn: &Connection,
    path: &Path,
    walked: Option<Arc<AtomicU64>>,
) -> Result<Verification, CopyError> {
    let known = migrations::latest_version();
    let found = schema_version(conn)?;
    if found < known {
        // An older backup: verifying needs this binary's schema, which `restore` gives a copy.
        return Err(StoreError::Corrupt(format!(
            "{} has schema version {found}; this zhifa verifies version {known}: `zhifa restore` \
             it to a new file (brought up to date there), then verify that",
            path.display()
        ))
        .into());
    }
    let options = VerifyOptions { walked, ..VerifyOptions::default() };
    Ok(super::verify::verify_connection(conn, &options)?)
}
