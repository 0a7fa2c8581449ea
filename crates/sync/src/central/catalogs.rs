//! Catalog versions a city admin publishes at the centre (`db/central/0004_catalogs.sql`), which
//! every station takes in on its next sync ([`crate::pull_catalogs`]). Published rows are final:
//! a label is published once, and each effective date comes after the one before it. Each is
//! signed by its publisher ([`zhifa_store::PublicationStatement`]), which stations check.

use super::{CentralError, CentralResult, Centre};
use chrono::NaiveDate;
use zhifa_core::domain::actor::Actor;
use zhifa_store::{PublicationStatement, Signable, Signed};

/// Key of the lock that makes publishing one at a time (the date rule reads the latest row; a
/// calendar's revision is the latest one's next).
pub(super) const PUBLISH_LOCK: i64 = 0x7a68_6966_6101;

/// The moment a publication is recorded: the transaction's `now()` at whole seconds (RFC 3339,
/// UTC), so the time signed is the time inserted (`date_trunc('second', now())`).
pub(super) fn publishing_moment(tx: &mut postgres::Transaction<'_>) -> CentralResult<String> {
    Ok(tx
        .query_one(
            "SELECT to_char(date_trunc('second', now()) AT TIME ZONE 'UTC',
                            'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            &[],
        )?
        .get(0))
}

/// The statement signed by its publisher; refused when the actor holds no signing key.
pub(super) fn signed_by_publisher(
    statement: &impl Signable,
    publisher: &Actor,
) -> CentralResult<Signed> {
    statement.sign(publisher).ok_or_else(|| {
        CentralError::Inconsistent(format!(
            "{} holds no signing key: a publication is signed by its publisher",
            publisher.id
        ))
    })
}

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
    /// The publisher station's last event the centre holds (its account events up to it give
    /// the publisher's key: `zhifa central catalog publish` pushes first and checks they do).
    pub through_seq: i64,
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
    /// The publisher's signature of [`Publication::statement`] and their key (hex), and the
    /// publisher station's event through which the centre held their key; none on a row
    /// published before publications were signed (or written by hand).
    pub signature: Option<String>,
    pub signing_key: Option<String>,
    pub through_seq: Option<i64>,
}

impl Publication {
    /// What its publisher signed (`through_seq` 0 when the row states none).
    pub fn statement(&self) -> PublicationStatement {
        PublicationStatement {
            label: self.label.clone(),
            effective: self.effective,
            doc_no: self.doc_no.clone(),
            sha256: self.sha256.clone(),
            items_sha256: self.items_sha256.clone(),
            by: self.published_by.clone(),
            station: self.published_station.clone(),
            at: self.published_at.clone(),
            through_seq: self.through_seq.unwrap_or(0),
        }
    }
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
     to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
     signature, signing_key, through_seq";

impl Centre {
    /// Publishes a version, in one transaction and one publication at a time: refused (nothing
    /// written) when its label is published already or its effective date is not after the
    /// latest published one. The SHA-256 of the text is computed here and checked by the centre.
    /// `publisher` signs the publication's statement, its time the centre's (whole seconds);
    /// an actor without a signing key publishes nothing.
    pub fn publish_catalog(
        &mut self,
        new: &NewPublication,
        publisher: &Actor,
    ) -> CentralResult<Published> {
        self.check_may_act_as(&new.published_station)?;
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
        let at = publishing_moment(&mut tx)?;
        let statement = PublicationStatement {
            label: new.label.clone(),
            effective: new.effective,
            doc_no: new.doc_no.clone(),
            sha256: sha256.clone(),
            items_sha256: new.items_sha256.clone(),
            by: new.published_by.clone(),
            station: new.published_station.clone(),
            at,
            through_seq: new.through_seq,
        };
        let Signed { signature, key } = signed_by_publisher(&statement, publisher)?;
        let sql = format!(
            "INSERT INTO published_catalogs (label, doc_no, effective, source_name, source_sha256,
                 catalog_json, sha256, items_sha256, item_count, published_by, published_station,
                 published_at, signature, signing_key, through_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, date_trunc('second', now()),
                     $12, $13, $14)
             RETURNING {COLUMNS}"
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
                &signature,
                &key,
                &new.through_seq,
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
        signature: r.get(11),
        signing_key: r.get(12),
        through_seq: r.get(13),
    }
}
