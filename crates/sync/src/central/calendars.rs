//! Working-day calendar years a city admin publishes at the centre
//! (`db/central/0006_calendars.sql`), which every station takes in on its next sync
//! ([`crate::pull_calendars`]). A year is published again only with other days (a correction:
//! the next revision); each row is signed by its publisher ([`zhifa_store::CalendarStatement`])
//! and final.

use super::catalogs::{publishing_moment, signed_by_publisher, PUBLISH_LOCK};
use super::{CentralResult, Centre};
use zhifa_core::domain::actor::Actor;
use zhifa_store::{CalendarStatement, Signed};

/// A year to publish: the file as read, and who publishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCalendar {
    pub year: i32,
    /// The notice the file transcribes (its `source`).
    pub source: String,
    pub source_name: String,
    /// The file's text (docs/calendar-format.md), as read.
    pub text: String,
    /// [`zhifa_store::days_digest`] of the year the text gives.
    pub days_sha256: String,
    pub days_off: i32,
    pub make_up_days: i32,
    pub published_by: String,
    pub published_station: String,
    /// The publisher station's last event the centre holds (whose account events give the
    /// publisher's key).
    pub through_seq: i64,
}

/// A year published at the centre (without its text: [`Centre::calendar_text`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CalendarPublication {
    pub id: i64,
    pub year: i32,
    pub revision: i32,
    pub source: String,
    pub source_name: String,
    /// SHA-256 of the file's text, and of its days.
    pub sha256: String,
    pub days_sha256: String,
    pub days_off: i32,
    pub make_up_days: i32,
    pub published_by: String,
    pub published_station: String,
    /// RFC 3339, the centre's clock.
    pub published_at: String,
    pub signature: String,
    pub signing_key: String,
    pub through_seq: i64,
}

impl CalendarPublication {
    /// What its publisher signed.
    pub fn statement(&self) -> CalendarStatement {
        CalendarStatement {
            year: self.year,
            revision: self.revision,
            file: self.source_name.clone(),
            sha256: self.sha256.clone(),
            by: self.published_by.clone(),
            station: self.published_station.clone(),
            at: self.published_at.clone(),
            through_seq: self.through_seq,
        }
    }
}

/// What publishing a year did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarPublished {
    Done(CalendarPublication),
    /// The year's latest publication has these very days (this row): nothing written.
    Same(CalendarPublication),
}

const COLUMNS: &str = "id, year, revision, source, source_name, sha256, days_sha256, days_off, \
     make_up_days, published_by, published_station, \
     to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
     signature, signing_key, through_seq";

impl Centre {
    /// Publishes a year, in one transaction and one publication at a time: nothing written when
    /// the year's latest publication has the same days ([`CalendarPublished::Same`]); otherwise
    /// the year's next revision (1 for its first), signed by `publisher` with the centre's time.
    pub fn publish_calendar(
        &mut self,
        new: &NewCalendar,
        publisher: &Actor,
    ) -> CentralResult<CalendarPublished> {
        self.check_may_act_as(&new.published_station)?;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PUBLISH_LOCK])?;
        let sql = format!(
            "SELECT {COLUMNS} FROM published_calendars WHERE year = $1
             ORDER BY revision DESC LIMIT 1"
        );
        let latest = tx.query_opt(&sql, &[&new.year])?.map(|r| calendar(&r));
        if let Some(latest) = latest.as_ref().filter(|l| l.days_sha256 == new.days_sha256) {
            return Ok(CalendarPublished::Same(latest.clone()));
        }
        let revision = latest.map_or(1, |l| l.revision + 1);
        let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(new.text.as_bytes()));
        let statement = CalendarStatement {
            year: new.year,
            revision,
            file: new.source_name.clone(),
            sha256: sha256.clone(),
            by: new.published_by.clone(),
            station: new.published_station.clone(),
            at: publishing_moment(&mut tx)?,
            through_seq: new.through_seq,
        };
        let Signed { signature, key } = signed_by_publisher(&statement, publisher)?;
        let sql = format!(
            "INSERT INTO published_calendars (year, revision, source, source_name, calendar_text,
                 sha256, days_sha256, days_off, make_up_days, published_by, published_station,
                 published_at, signature, signing_key, through_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, date_trunc('second', now()),
                     $12, $13, $14)
             RETURNING {COLUMNS}"
        );
        let row = tx.query_one(
            &sql,
            &[
                &new.year,
                &revision,
                &new.source,
                &new.source_name,
                &new.text,
                &sha256,
                &new.days_sha256,
                &new.days_off,
                &new.make_up_days,
                &new.published_by,
                &new.published_station,
                &signature,
                &key,
                &new.through_seq,
            ],
        )?;
        let done = calendar(&row);
        tx.commit()?;
        Ok(CalendarPublished::Done(done))
    }

    /// Every published year, by year and revision.
    pub fn calendar_publications(&mut self) -> CentralResult<Vec<CalendarPublication>> {
        let sql = format!("SELECT {COLUMNS} FROM published_calendars ORDER BY year, revision");
        Ok(self.client.query(&sql, &[])?.iter().map(calendar).collect())
    }

    /// The text of the publication `id`.
    pub fn calendar_text(&mut self, id: i64) -> CentralResult<Option<String>> {
        let row = self
            .client
            .query_opt("SELECT calendar_text FROM published_calendars WHERE id = $1", &[&id])?;
        Ok(row.map(|r| r.get(0)))
    }
}

fn calendar(r: &postgres::Row) -> CalendarPublication {
    CalendarPublication {
        id: r.get(0),
        year: r.get(1),
        revision: r.get(2),
        source: r.get(3),
        source_name: r.get(4),
        sha256: r.get(5),
        days_sha256: r.get(6),
        days_off: r.get(7),
        make_up_days: r.get(8),
        published_by: r.get(9),
        published_station: r.get(10),
        published_at: r.get(11),
        signature: r.get(12),
        signing_key: r.get(13),
        through_seq: r.get(14),
    }
}
