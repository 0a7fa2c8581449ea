//! Catalog versions a city admin publishes at the centre (`db/central/0004_catalogs.sql`), which
//! every station takes in on its next sync ([`crate::pull_catalogs`]). Published rows are final:
//! a label is published once, and each effective date comes after the one before it.

use super::{CentralResult, Centre};
use chrono::NaiveDate;

/// Key of the lock that makes publishing one at a time (the date rule reads the latest row).
const PUBLISH_LOCK: i64 = 0x7a68_6966_6101;

/// A version to publish: the file read, as canonical JSON, and who publishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPublication {
    pub label: String,
    pub doc_no: String,
    pub effective: NaiveDate,
    pub source_name: String,
    pub source_sha256: String,
    /// The canonical JSON (`zhifa catalog export`'s format) of the version's items.
    pub catalog_json: String,
    pub items_sha256: String,
    pub item_count: i32,
    pub published_by: String,
    pub published_station: String,
}

/// A version published at the centre (without its text, which [`Centre::published_text`] reads).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Publication {
    pub label: String,
    pub doc_no: String,
    pub effective: NaiveDate,
    pub source_name: String,
    pub source_sha256: String,
    /// SHA-256 of the canonical JSON text.
    pub sha256: String,
    pub items_sha256: String,
    pub item_count: i32,
    pub published_by: String,
    pub published_station: String,
    /// RFC 3339, the centre's clock.
    pub published_at: String,
}

/// What publishing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    Done(Publication),
    /// The label is published already (this row).
    LabelTaken(Publication),
    /// The effective date is not after the latest published one (this row).
    NotAfterLatest(Publication),
}

const COLUMNS: &str = "label, doc_no, effective, source_name, source_sha256, sha256, \
     items_sha256, item_count, published_by, published_station, \
     to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";

impl Centre {
    /// Publishes a version, in one transaction and one publication at a time: refused (nothing
    /// written) when its label is published already or its effective date is not after the
    /// latest published one. The SHA-256 of the text is computed here and checked by the centre.
    pub fn publish_catalog(&mut self, new: &NewPublication) -> CentralResult<Published> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PUBLISH_LOCK])?;
        let sql = format!("SELECT {COLUMNS} FROM published_catalogs WHERE label = $1");
        if let Some(row) = tx.query_opt(&sql, &[&new.label])? {
            return Ok(Published::LabelTaken(publication(&row)));
        }
        let sql =
            format!("SELECT {COLUMNS} FROM published_catalogs ORDER BY effective DESC LIMIT 1");
        if let Some(latest) = tx.query_opt(&sql, &[])?.map(|r| publication(&r)) {
            if new.effective <= latest.effective {
                return Ok(Published::NotAfterLatest(latest));
            }
        }
        let sha256 =
            hex::encode(<sha2::Sha256 as sha2::Digest>::digest(new.catalog_json.as_bytes()));
        let sql = format!(
            "INSERT INTO published_catalogs (label, doc_no, effective, source_name, source_sha256,
                 catalog_json, sha256, items_sha256, item_count, published_by, published_station)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {COLUMNS}"
        );
        let row = tx.query_one(
            &sql,
            &[
                &new.label,
                &new.doc_no,
                &new.effective,
                &new.source_name,
                &new.source_sha256,
                &new.catalog_json,
                &sha256,
                &new.items_sha256,
                &new.item_count,
                &new.published_by,
                &new.published_station,
            ],
        )?;
        let done = publication(&row);
        tx.commit()?;
        Ok(Published::Done(done))
    }

    /// Every published version, earliest effective date first.
    pub fn publications(&mut self) -> CentralResult<Vec<Publication>> {
        let sql = format!("SELECT {COLUMNS} FROM published_catalogs ORDER BY effective");
        Ok(self.client.query(&sql, &[])?.iter().map(publication).collect())
    }

    /// The canonical JSON text of the version published as `label`.
    pub fn published_text(&mut self, label: &str) -> CentralResult<Option<String>> {
        let row = self
            .client
            .query_opt("SELECT catalog_json FROM published_catalogs WHERE label = $1", &[&label])?;
        Ok(row.map(|r| r.get(0)))
    }
}

fn publication(r: &postgres::Row) -> Publication {
    Publication {
        label: r.get(0),
        doc_no: r.get(1),
        effective: r.get(2),
        source_name: r.get(3),
        source_sha256: r.get(4),
        sha256: r.get(5),
        items_sha256: r.get(6),
        item_count: r.get(7),
        published_by: r.get(8),
        published_station: r.get(9),
        published_at: r.get(10),
    }
}
