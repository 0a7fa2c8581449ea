//! Catalog versions and items in SQLite.
//!
//! A version and all its items are written in one transaction together with the `catalog.import`
//! event: a killed process or a full disk leaves the previous catalog exactly as it was. Versions
//! and items are never updated or deleted (the schema's triggers refuse it).

use super::identity::{authorize, Identity};
use super::{events, Store, StoreError, StoreResult};
use crate::publication::published_payload;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;
use zhifa_catalog::search::SearchDoc;
use zhifa_core::domain::catalog::CatalogItem;
use zhifa_core::domain::officer::Operation;
use zhifa_core::domain::version::{check_new_effective, in_force_on, CatalogVersion, VersionId};

/// What the importer knows about a version before it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVersion {
    pub label: String,
    pub doc_no: String,
    pub effective: NaiveDate,
    pub source_name: String,
    pub source_sha256: String,
}

/// A version published at the centre, as a station takes it in
/// ([`Store::take_in_published_catalog`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromCentre {
    /// Label, number, date and the file published (its name and digest).
    pub version: NewVersion,
    /// The publishing admin's badge, and their station's code.
    pub by: String,
    pub station: String,
    /// When the centre recorded the publication (RFC 3339).
    pub at: String,
    /// SHA-256 of the canonical JSON text published.
    pub sha256: String,
    /// The publisher station's last event the centre held at publishing (whose account events
    /// up to it give the publisher's key).
    pub through_seq: i64,
    /// The publisher's signature of the publication's statement, and their key.
    pub signed: crate::Signed,
}

impl FromCentre {
    /// What the publisher signed, for the items `items_sha256`.
    pub fn statement(&self, items_sha256: &str) -> crate::PublicationStatement {
        crate::PublicationStatement {
            label: self.version.label.clone(),
            effective: self.version.effective,
            doc_no: self.version.doc_no.clone(),
            sha256: self.sha256.clone(),
            items_sha256: items_sha256.to_string(),
            by: self.by.clone(),
            station: self.station.clone(),
            at: self.at.clone(),
            through_seq: self.through_seq,
        }
    }
}

/// What taking in a published version found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakenIn {
    /// Written now, as this version.
    New(CatalogVersion),
    /// This station holds the label already, with these items.
    Held(CatalogVersion),
    /// This station holds the label already, with other items: left as it is.
    Differs(CatalogVersion),
    /// A version here starts on or after its effective date: not written.
    Refused(zhifa_core::domain::version::EffectiveDateError),
}

/// Whether a publication's station and badge can name an actor: a station code as written, and
/// a badge without spaces, control characters or `/`.
pub fn publisher_is_valid(station: &str, badge: &str) -> bool {
    let code = zhifa_core::domain::station::StationCode::parse(station);
    code.is_ok_and(|code| code.as_str() == station)
        && !badge.is_empty()
        && !badge.chars().any(|c| c.is_whitespace() || c.is_control() || c == '/')
}

/// The actor a version published at the centre is recorded under at a station: the publishing
/// admin, at their station, through the centre.
pub fn centre_actor(station: &str, badge: &str) -> String {
    format!("centre:{station}/{badge}")
}

const VERSION_COLUMNS: &str = "v.id, v.label, v.doc_no, v.effective, v.source_name, \
     v.source_sha256, v.imported_by, v.imported_at, v.item_count";

impl Store {
    /// Stores a new catalog version with its items, as one attributed event. `today` decides
    /// whether the effective date would be retroactive. Refused (nothing written) unless `who`
    /// may import catalogs ([`Operation::ImportCatalog`]: an admin, or the OS user before any
    /// admin exists).
    pub fn import_catalog(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        today: NaiveDate,
        meta: &NewVersion,
        items: &[CatalogItem],
    ) -> StoreResult<CatalogVersion> {
        self.import_catalog_reporting(who, now, today, meta, items, &|_| {})
    }

    /// [`Store::import_catalog`], calling `on_progress(items written so far)` every
    /// [`PROGRESS_EVERY`] items and once at the end, so a screen can draw a progress bar. The
    /// count is of items inserted inside the still-open transaction: nothing is visible to other
    /// terminals until the commit, which comes after the last call.
    pub fn import_catalog_reporting(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        today: NaiveDate,
        meta: &NewVersion,
        items: &[CatalogItem],
        on_progress: &dyn Fn(usize),
    ) -> StoreResult<CatalogVersion> {
        let actor = who.actor();
        self.write(|tx| {
            authorize(tx, who, Operation::ImportCatalog)?;
            let existing = load_versions(tx)?;
            if existing.iter().any(|v| v.label == meta.label) {
                return Err(StoreError::DuplicateLabel(meta.label.clone()));
            }
            check_new_effective(&existing, meta.effective, today)?;
            insert_version(tx, actor, now, meta, items, None, on_progress)
        })
    }

    /// Takes in a version a city admin published at the centre (on `zhifa sync`), as one
    /// `catalog.import` event whose payload also states the publication (`published`: the
    /// publisher's badge and station, when, the SHA-256 of the text published, and the
    /// publisher's signature of the publication with their key, which `zhifa verify` checks again
    /// from the event alone). The caller has checked the key is the publisher's
    /// (`zhifa_sync::pull_catalogs`); the signature is checked here again, over these items.
    ///
    /// The event is recorded under the actor `centre:STATION/BADGE` ([`centre_actor`]), unsigned:
    /// the authority is the publication at the centre, not the officer (if any) running the sync,
    /// and the background sync has none (docs/CENTRAL.md). A label held already is left as it is:
    /// [`TakenIn::Held`] when its items are these, [`TakenIn::Differs`] when not. The date rule is
    /// the store's, but a version reaching the station after its effective date is still taken
    /// in on that date: the city fixed it, the station was only late to hear of it (cases filed
    /// meanwhile keep the items they cited). Only a version here starting on or after that date
    /// refuses it ([`TakenIn::Refused`]). Nothing is written unless it is [`TakenIn::New`].
    pub fn take_in_published_catalog(
        &mut self,
        now: DateTime<Utc>,
        published: &FromCentre,
        items: &[CatalogItem],
    ) -> StoreResult<TakenIn> {
        let meta = &published.version;
        let valid = publisher_is_valid(&published.station, &published.by);
        if !valid || meta.label.trim().is_empty() || items.is_empty() {
            return Err(StoreError::Corrupt(format!(
                "the centre's publication “{}” names no valid station ({}) or publisher ({}), or \
                 holds no items",
                meta.label, published.station, published.by
            )));
        }
        let actor = zhifa_core::domain::actor::Actor::new(
            centre_actor(&published.station, &published.by),
            "centre",
            std::process::id(),
        );
        // Hashed before the write lock is taken, not while other terminals wait on it.
        let digest = items_digest(items)?;
        self.write(|tx| {
            let existing = load_versions(tx)?;
            if let Some(held) = existing.iter().find(|v| v.label == meta.label) {
                let held_digest: String = tx.query_row(
                    "SELECT items_sha256 FROM catalog_versions WHERE id = ?1",
                    [held.id.0],
                    |r| r.get(0),
                )?;
                return Ok(if held_digest == digest {
                    TakenIn::Held(held.clone())
                } else {
                    TakenIn::Differs(held.clone())
                });
            }
            // The date rule without its "not in the past": see above.
            if let Err(refused) = check_new_effective(&existing, meta.effective, NaiveDate::MIN) {
                return Ok(TakenIn::Refused(refused));
            }
            let statement = published.statement(&digest);
            let what = format!("“{}”", meta.label);
            let origin = published_payload(&statement, &published.signed, &what)?;
            insert_version(tx, &actor, now, meta, items, Some(origin), &|_| {}).map(TakenIn::New)
        })
    }

    /// Every version with the SHA-256 of its items ([`items_digest`]), oldest first.
    pub fn catalog_items_digests(&self) -> StoreResult<Vec<(CatalogVersion, String)>> {
        let mut digests: HashMap<i64, String> = HashMap::new();
        let mut stmt = self.conn.prepare("SELECT id, items_sha256 FROM catalog_versions")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, digest) = row?;
            digests.insert(id, digest);
        }
        load_versions(&self.conn)?
            .into_iter()
            .map(|v| {
                let digest = digests.remove(&v.id.0).ok_or_else(|| {
                    StoreError::Corrupt(format!("version {} has no digest", v.label))
                })?;
                Ok((v, digest))
            })
            .collect()
    }

    /// Every version, oldest effective date first.
    pub fn catalog_versions(&self) -> StoreResult<Vec<CatalogVersion>> {
        load_versions(&self.conn)
    }

    pub fn version_by_label(&self, label: &str) -> StoreResult<CatalogVersion> {
        self.catalog_versions()?
            .into_iter()
            .find(|v| v.label == label)
            .ok_or_else(|| StoreError::NoSuchVersion(label.to_string()))
    }

    /// The version in force on `day`; [`StoreError::NoCatalog`] when there is no version at all,
    /// [`StoreError::NothingInForce`] when every version starts later.
    pub fn version_in_force(&self, day: NaiveDate) -> StoreResult<CatalogVersion> {
        let versions = self.catalog_versions()?;
        match in_force_on(&versions, day) {
            Some(i) => Ok(versions[i].clone()),
            None if versions.is_empty() => Err(StoreError::NoCatalog),
            None => Err(StoreError::NothingInForce(day)),
        }
    }

    /// All items of a version, in published order.
    pub fn catalog_items(&self, version: VersionId) -> StoreResult<Vec<CatalogItem>> {
        items_of(&self.conn, version)
    }

    pub fn catalog_item(&self, version: VersionId, code: &str) -> StoreResult<Option<CatalogItem>> {
        item_in(&self.conn, version, code)
    }

    /// What search needs of every item of a version, in published order. Repeated values
    /// (domain, department, scope, laws) are shared, one copy per distinct value.
    ///
    /// A large version of a database file is read in two halves on two connections at once:
    /// decoding 100k rows is CPU-bound, and a one-shot search should use both cores. Versions are
    /// immutable, so the halves cannot disagree.
    pub fn search_docs(&self, version: VersionId) -> StoreResult<Vec<SearchDoc>> {
        let count: i64 = self.conn.query_row(
            "SELECT item_count FROM catalog_versions WHERE id = ?1",
            [version.0],
            |r| r.get(0),
        )?;
        let Some(path) = self.path.as_deref().filter(|_| count >= PARALLEL_LOAD_MIN) else {
            return load_search_docs(&self.conn, version, 0, count);
        };
        let middle = count / 2;
        let (first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                let conn = super::open_reader(path)?;
                load_search_docs(&conn, version, middle, count)
            });
            let first = load_search_docs(&self.conn, version, 0, middle);
            let second = second
                .join()
                .unwrap_or_else(|_| Err(StoreError::Corrupt("item loader thread failed".into())));
            (first, second)
        });
        let mut items = first?;
        items.extend(second?);
        Ok(items)
    }
}

/// Below this many items one connection reads fast enough that a second is not worth opening.
const PARALLEL_LOAD_MIN: i64 = 20_000;

/// Items with `from <= ordinal < to`, in published order.
fn load_search_docs(
    conn: &rusqlite::Connection,
    version: VersionId,
    from: i64,
    to: i64,
) -> StoreResult<Vec<SearchDoc>> {
    let mut stmt = conn.prepare_cached(
        "SELECT code, name, power_type, domain, department, scope, laws FROM catalog_items
         WHERE version_id = ?1 AND ordinal >= ?2 AND ordinal < ?3 ORDER BY ordinal",
    )?;
    let mut shared = SharedValues::default();
    let mut rows = stmt.query(params![version.0, from, to])?;
    let mut items = Vec::with_capacity(usize::try_from(to - from).unwrap_or(0));
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        let power_type: String = r.get(2)?;
        items.push(SearchDoc {
            power_type: power_type
                .parse()
                .map_err(|e| StoreError::Corrupt(format!("item {code}: {e}")))?,
            scope: shared.list(&code, text_ref(r, 5)?)?,
            laws: shared.list(&code, text_ref(r, 6)?)?,
            name: r.get(1)?,
            domain: shared.text(text_ref(r, 3)?),
            department: shared.text(text_ref(r, 4)?),
            code,
        });
    }
    Ok(items)
}

/// A TEXT column borrowed from the row, without allocating.
fn text_ref<'r>(row: &'r Row<'_>, index: usize) -> StoreResult<&'r str> {
    row.get_ref(index)?.as_str().map_err(|e| StoreError::Corrupt(format!("column {index}: {e}")))
}

/// One shared copy of each distinct repeated value met while loading.
#[derive(Default)]
struct SharedValues {
    texts: HashMap<Box<str>, Arc<str>>,
    lists: HashMap<Box<str>, Arc<[String]>>,
}

impl SharedValues {
    fn text(&mut self, value: &str) -> Arc<str> {
        if let Some(shared) = self.texts.get(value) {
            return shared.clone();
        }
        let shared: Arc<str> = value.into();
        self.texts.insert(value.into(), shared.clone());
        shared
    }

    /// A JSON array of strings, parsed once per distinct text.
    fn list(&mut self, code: &str, json: &str) -> StoreResult<Arc<[String]>> {
        if let Some(shared) = self.lists.get(json) {
            return Ok(shared.clone());
        }
        let shared: Arc<[String]> = parse_list(code, json)?.into();
        self.lists.insert(json.into(), shared.clone());
        Ok(shared)
    }
}

/// How many inserted items between two progress reports: often enough for a smooth bar, rare
/// enough that reporting costs nothing next to the inserts.
pub const PROGRESS_EVERY: usize = 1000;

/// Writes a version with its items and its `catalog.import` event (the caller has checked it
/// may): `published` is the centre's publication it came from, if it did.
fn insert_version(
    tx: &rusqlite::Transaction<'_>,
    actor: &zhifa_core::domain::actor::Actor,
    now: DateTime<Utc>,
    meta: &NewVersion,
    items: &[CatalogItem],
    published: Option<serde_json::Value>,
    on_progress: &dyn Fn(usize),
) -> StoreResult<CatalogVersion> {
    let items_sha256 = items_digest(items)?;
    let mut payload = json!({
        "label": meta.label,
        "doc_no": meta.doc_no,
        "effective": meta.effective.to_string(),
        "source_name": meta.source_name,
        "source_sha256": meta.source_sha256,
        "item_count": items.len(),
        "items_sha256": items_sha256,
    });
    if let Some(published) = published {
        payload["published"] = published;
    }
    let seq = events::append(tx, actor, now, "catalog.import", &payload)?;
    tx.execute(
        "INSERT INTO catalog_versions (label, doc_no, effective, source_name, \
         source_sha256, imported_by, imported_at, item_count, items_sha256, event_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            meta.label,
            meta.doc_no,
            meta.effective.to_string(),
            meta.source_name,
            meta.source_sha256,
            actor.id,
            now.to_rfc3339_opts(SecondsFormat::Secs, true),
            items.len() as i64,
            items_sha256,
            seq
        ],
    )?;
    let version_id = tx.last_insert_rowid();
    insert_items(tx, version_id, items, on_progress)?;
    load_versions(tx)?
        .into_iter()
        .find(|v| v.id == VersionId(version_id))
        .ok_or_else(|| StoreError::Corrupt("version vanished after insert".into()))
}

fn insert_items(
    tx: &rusqlite::Transaction<'_>,
    version_id: i64,
    items: &[CatalogItem],
    on_progress: &dyn Fn(usize),
) -> StoreResult<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO catalog_items (version_id, ordinal, code, name, power_type, domain, \
         department, scope, laws, fine_min, fine_max)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut body_stmt = tx.prepare(
        "INSERT INTO catalog_item_bodies (version_id, ordinal, body) VALUES (?1, ?2, ?3)",
    )?;
    for (ordinal, item) in items.iter().enumerate() {
        let row = ItemRow::of(item)?;
        let body = to_json(item)?;
        stmt.execute(params![
            version_id,
            ordinal as i64,
            row.code,
            row.name,
            row.power_type,
            row.domain,
            row.department,
            row.scope,
            row.laws,
            row.fine_min,
            row.fine_max
        ])?;
        body_stmt.execute(params![version_id, ordinal as i64, body])?;
        if (ordinal + 1) % PROGRESS_EVERY == 0 {
            on_progress(ordinal + 1);
        }
    }
    on_progress(items.len());
    Ok(())
}

/// The columns of `catalog_items` an item gives (what search, filters and lists read): written
/// by the import, and re-derived by `zhifa verify` from the item's body to compare with the row.
pub(super) struct ItemRow<'i> {
    pub code: &'i str,
    pub name: &'i str,
    pub power_type: &'static str,
    pub domain: &'i str,
    pub department: &'i str,
    pub scope: String,
    pub laws: String,
    pub fine_min: Option<i64>,
    pub fine_max: Option<i64>,
}

impl<'i> ItemRow<'i> {
    pub fn of(item: &'i CatalogItem) -> StoreResult<ItemRow<'i>> {
        Ok(ItemRow {
            code: &item.code,
            name: &item.name,
            power_type: item.power_type.label_zh(),
            domain: &item.domain,
            department: &item.department,
            scope: to_json(&item.scope)?,
            laws: to_json(&item.basis.law_names())?,
            fine_min: item.fine_min,
            fine_max: item.fine_max,
        })
    }
}

/// One item of a version, read on `conn` (inside a caller's transaction if it is one).
pub(super) fn item_in(
    conn: &rusqlite::Connection,
    version: VersionId,
    code: &str,
) -> StoreResult<Option<CatalogItem>> {
    let body: Option<String> = conn
        .query_row(
            "SELECT b.body FROM catalog_items i JOIN catalog_item_bodies b
             ON b.version_id = i.version_id AND b.ordinal = i.ordinal
             WHERE i.version_id = ?1 AND i.code = ?2",
            params![version.0, code],
            |r| r.get(0),
        )
        .optional()?;
    body.map(|b| parse_body(&b)).transpose()
}

pub(super) fn load_versions(conn: &rusqlite::Connection) -> StoreResult<Vec<CatalogVersion>> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM catalog_versions v ORDER BY v.effective");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], version_from_row)?;
    rows.map(|r| r.map_err(StoreError::from).and_then(|v| v)).collect()
}

type RowResult<T> = rusqlite::Result<StoreResult<T>>;

fn version_from_row(r: &Row<'_>) -> RowResult<CatalogVersion> {
    let effective: String = r.get(3)?;
    let imported_at: String = r.get(7)?;
    let label: String = r.get(1)?;
    let parsed = (|| {
        let effective = effective.parse::<NaiveDate>().map_err(|e| {
            StoreError::Corrupt(format!("version {label}: effective date {effective:?}: {e}"))
        })?;
        let imported_at = DateTime::parse_from_rfc3339(&imported_at)
            .map_err(|e| {
                StoreError::Corrupt(format!("version {label}: import time {imported_at:?}: {e}"))
            })?
            .with_timezone(&Utc);
        Ok((effective, imported_at))
    })();
    let (effective, imported_at) = match parsed {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(CatalogVersion {
        id: VersionId(r.get(0)?),
        label,
        doc_no: r.get(2)?,
        effective,
        source_name: r.get(4)?,
        source_sha256: r.get(5)?,
        imported_by: r.get(6)?,
        imported_at,
        item_count: r.get::<_, i64>(8)? as usize,
    }))
}

fn parse_body(body: &str) -> StoreResult<CatalogItem> {
    serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("catalog item body: {e}")))
}

fn parse_list(code: &str, json: &str) -> StoreResult<Vec<String>> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("item {code}: {e}")))
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("serialising: {e}")))
}

/// SHA-256 of the canonical JSON of the items, recorded in the import event so a later check can
/// prove the stored items are the ones imported.
/// All items of a version, in published order.
pub(super) fn items_of(conn: &Connection, version: VersionId) -> StoreResult<Vec<CatalogItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.body FROM catalog_items i JOIN catalog_item_bodies b
             ON b.version_id = i.version_id AND b.ordinal = i.ordinal
         WHERE i.version_id = ?1 ORDER BY i.ordinal",
    )?;
    let rows = stmt.query_map([version.0], |r| r.get::<_, String>(0))?;
    rows.map(|body| parse_body(&body?)).collect()
}

pub fn items_digest(items: &[CatalogItem]) -> StoreResult<String> {
    Ok(hex::encode(Sha256::digest(to_json(items)?.as_bytes())))
}
