//! One catalog update, shared by `zhifa catalog import` and the TUI's admin screen: read and
//! check a published file, compare it with the version in force, check its citations against the
//! law texts loaded (warnings), check the label and effective date chosen for it, and only then
//! write it as a new version.
//!
//! This is the one module that combines [`zhifa_catalog`] (pure file reading) with
//! [`zhifa_store`]; it holds no SQL and formats nothing for display. [`prepare`] only reads,
//! [`Prepared::refusals`] is pure, and [`commit`] is the only write, so a screen can show the
//! report, the diff and live refusals before asking for a password. Every step reports into a
//! [`Progress`] a screen can poll from another thread.

mod progress;
mod refusal;
#[cfg(test)]
mod tests;

pub use progress::{Phase, Progress, ProgressSnapshot};
pub use refusal::Refusal;

use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use zhifa_catalog::import::{read_catalog_bytes, ImportError, ParsedCatalog};
use zhifa_core::domain::diff::{diff_catalogs, CatalogDiff};
use zhifa_core::domain::version::{check_new_effective, in_force_on, CatalogVersion};
use zhifa_law::checks::{check_citations, CitationCheck};
use zhifa_store::{Identity, NewVersion, Store, StoreError};

/// Why a file could not be prepared at all. Row-level problems are not errors here: they are in
/// the report of [`Prepared::parsed`].
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl PrepareError {
    /// The error in the interface's language.
    pub fn message(&self, lang: zhifa_core::i18n::Lang) -> String {
        match self {
            PrepareError::Read { path, source } => match lang {
                zhifa_core::i18n::Lang::Zh => format!("无法读取 {}：{source}", path.display()),
                zhifa_core::i18n::Lang::En => format!("cannot read {}: {source}", path.display()),
            },
            PrepareError::Import(e) => e.message(lang),
            PrepareError::Store(e) => crate::messages::store_error(e, lang),
        }
    }
}

/// Why [`commit`] wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// The file itself cannot become a version (errors, no items, empty label).
    #[error(transparent)]
    Refused(Refusal),
    /// The store refused (permission, label taken, date, busy, disk full …) or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A file read and checked, not yet compared with the database.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file's name without its folder, as every message names it.
    pub file_name: String,
    pub source_sha256: String,
    pub parsed: ParsedCatalog,
    /// Label, document number and effective date from the file's own metadata, else the file
    /// name and `today`: the defaults a form starts with.
    pub proposed: NewVersion,
}

/// The version in force and how the file differs from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub in_force: CatalogVersion,
    pub diff: CatalogDiff,
}

/// Everything needed to show and confirm an update; nothing has been written.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub file_name: String,
    pub source_sha256: String,
    pub parsed: ParsedCatalog,
    pub proposed: NewVersion,
    /// `None` when no version is in force, or when the file has errors (a diff of a partly read
    /// file would mislead).
    pub comparison: Option<Comparison>,
    /// The items' citations against the law texts loaded, on the proposed effective date
    /// (warnings only); `None` when the file has errors.
    pub citations: Option<CitationCheck>,
}

/// Reads `path`, checks it and compares it with the version in force on `today`. Writes nothing.
pub fn prepare(
    store: &Store,
    path: &Path,
    today: NaiveDate,
    progress: &Progress,
) -> Result<Prepared, PrepareError> {
    let loaded = load(path, today, progress)?;
    compare(store, loaded, today, progress)
}

/// The first half of [`prepare`], without the database: the CLI reports a bad file before it
/// opens the database.
pub fn load(path: &Path, today: NaiveDate, progress: &Progress) -> Result<Loaded, PrepareError> {
    progress.begin(Phase::Reading, file_size(path));
    let bytes = zhifa_catalog::import::bounds::read_regular_file(path)
        .map_err(|source| PrepareError::Read { path: path.to_path_buf(), source })?;
    progress.set_total(bytes.len());
    progress.set_done(bytes.len());
    // The importer does not report rows as it goes: the parsing phase shows an unknown total
    // until it ends with the number of items read.
    progress.begin(Phase::Parsing, 0);
    let file_name = display_name(path);
    let parsed = read_catalog_bytes(&file_name, &bytes)?;
    progress.set_total(parsed.items.len());
    progress.set_done(parsed.items.len());
    let source_sha256 = hex::encode(Sha256::digest(&bytes));
    let proposed = proposed_version(&parsed, &file_name, &source_sha256, today);
    Ok(Loaded { file_name, source_sha256, parsed, proposed })
}

/// The second half of [`prepare`]: the diff against the version in force on `today`.
pub fn compare(
    store: &Store,
    loaded: Loaded,
    today: NaiveDate,
    progress: &Progress,
) -> Result<Prepared, PrepareError> {
    let (comparison, citations) = if loaded.parsed.report.has_errors() {
        (None, None)
    } else {
        let comparison = compare_in_force(store, &loaded.parsed, today, progress)?;
        let citations = citations_on(store, &loaded.parsed, loaded.proposed.effective)?;
        (comparison, Some(citations))
    };
    progress.finish();
    let Loaded { file_name, source_sha256, parsed, proposed } = loaded;
    Ok(Prepared { file_name, source_sha256, parsed, proposed, comparison, citations })
}

/// The items' citations against the law texts loaded, as in force on `day` (the effective date
/// chosen for the new version). Reads only.
pub fn citations_on(
    store: &Store,
    parsed: &ParsedCatalog,
    day: NaiveDate,
) -> Result<CitationCheck, StoreError> {
    Ok(check_citations(&store.law_library()?, &parsed.items, day))
}

impl Prepared {
    pub fn has_errors(&self) -> bool {
        self.parsed.report.has_errors()
    }

    /// Everything that forbids writing this file as `meta`, given the stored `versions`, in the
    /// order an admin would fix them. Empty means [`commit`] may be asked.
    pub fn refusals(
        &self,
        versions: &[CatalogVersion],
        meta: &NewVersion,
        today: NaiveDate,
    ) -> Vec<Refusal> {
        let mut refusals = self.file_refusals(meta);
        if versions.iter().any(|v| v.label == meta.label) {
            refusals.push(Refusal::DuplicateLabel(meta.label.clone()));
        }
        if let Err(e) = check_new_effective(versions, meta.effective, today) {
            refusals.push(e.into());
        }
        refusals
    }

    /// The refusals that need no database.
    fn file_refusals(&self, meta: &NewVersion) -> Vec<Refusal> {
        let errors = self.parsed.report.error_count();
        let checks = [
            (errors > 0, Refusal::FileHasErrors(errors)),
            (errors == 0 && self.parsed.items.is_empty(), Refusal::NoItems),
            (meta.label.trim().is_empty(), Refusal::EmptyLabel),
        ];
        checks.into_iter().filter(|(refused, _)| *refused).map(|(_, r)| r).collect()
    }
}

/// Writes `prepared` as a new version labelled, numbered and dated as in `meta`: the only write
/// of an update. The source name and digest always come from the file read, whatever `meta`
/// says. The store checks permission, label and date again inside its transaction; any refusal
/// writes nothing.
pub fn commit(
    store: &mut Store,
    who: &Identity,
    now: DateTime<Utc>,
    today: NaiveDate,
    prepared: &Prepared,
    meta: &NewVersion,
    progress: &Progress,
) -> Result<CatalogVersion, CommitError> {
    if let Some(refusal) = prepared.file_refusals(meta).into_iter().next() {
        return Err(CommitError::Refused(refusal));
    }
    let meta = NewVersion {
        label: meta.label.trim().to_string(),
        source_name: prepared.file_name.clone(),
        source_sha256: prepared.source_sha256.clone(),
        ..meta.clone()
    };
    let items = &prepared.parsed.items;
    progress.begin(Phase::Writing, items.len());
    let version = store.import_catalog_reporting(who, now, today, &meta, items, &|written| {
        progress.set_done(written);
    })?;
    progress.finish();
    Ok(version)
}

fn compare_in_force(
    store: &Store,
    parsed: &ParsedCatalog,
    today: NaiveDate,
    progress: &Progress,
) -> Result<Option<Comparison>, PrepareError> {
    let versions = store.catalog_versions()?;
    let Some(index) = in_force_on(&versions, today) else {
        return Ok(None);
    };
    let in_force = versions[index].clone();
    progress.begin(Phase::Diffing, in_force.item_count + parsed.items.len());
    let current = store.catalog_items(in_force.id)?;
    progress.set_done(current.len());
    let diff = diff_catalogs(&current, &parsed.items);
    progress.set_done(current.len() + parsed.items.len());
    Ok(Some(Comparison { in_force, diff }))
}

/// Label, document number and effective date: the file's own metadata, then the file name and
/// today.
fn proposed_version(
    parsed: &ParsedCatalog,
    file_name: &str,
    source_sha256: &str,
    today: NaiveDate,
) -> NewVersion {
    let meta = parsed.meta.clone().unwrap_or_default();
    let stem = Path::new(file_name).file_stem().map(|s| s.to_string_lossy().into_owned());
    let label = Some(meta.label)
        .filter(|l| !l.trim().is_empty())
        .or(stem)
        .unwrap_or_else(|| file_name.to_string());
    NewVersion {
        label: label.trim().to_string(),
        doc_no: meta.doc_no,
        effective: meta.effective.unwrap_or(today),
        source_name: file_name.to_string(),
        source_sha256: source_sha256.to_string(),
    }
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The size for the reading phase's bar; 0 (unknown) when the metadata cannot be read, in which
/// case the read itself reports the error.
fn file_size(path: &Path) -> usize {
    std::fs::metadata(path).map(|m| usize::try_from(m.len()).unwrap_or(usize::MAX)).unwrap_or(0)
}
