//! Working-day calendars an admin loaded, one year per row, each load an attributed event that
//! keeps the whole file. Read back through the same parser, on top of the years the release
//! ships with.

use super::identity::{authorize, Identity};
use super::{events, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use rusqlite::params;
use serde_json::json;
use sha2::{Digest, Sha256};
use zhifa_core::calendar::{format, shipped, WorkCalendar, YearCalendar};
use zhifa_core::domain::officer::Operation;

impl Store {
    /// Loads (or replaces) one year's arrangement from the text of `file`; the text is checked
    /// before anything is written. Admins only.
    pub fn import_calendar(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        file: &str,
        text: &str,
    ) -> StoreResult<YearCalendar> {
        let year = format::parse(file, text)?;
        let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
        self.write(|tx| {
            authorize(tx, who, Operation::ManageCalendar)?;
            let replaced: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM calendar_years WHERE year = ?1)",
                [year.year],
                |r| r.get(0),
            )?;
            let payload = json!({
                "year": year.year,
                "source": year.source,
                "file": file,
                "sha256": sha256,
                "days_off": year.off.len(),
                "make_up_days": year.work.len(),
                "replaced": replaced,
                "text": text,
            });
            let seq = events::append(tx, who.actor(), now, "calendar.import", &payload)?;
            tx.execute(
                "INSERT INTO calendar_years (year, source, file_text, sha256, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (year) DO UPDATE SET source = excluded.source,
                     file_text = excluded.file_text, sha256 = excluded.sha256,
                     event_seq = excluded.event_seq",
                params![year.year, year.source, text, sha256, seq],
            )?;
            Ok(year.clone())
        })
    }

    /// The shipped years with every loaded year on top (a loaded year replaces a shipped one).
    pub fn work_calendar(&self) -> StoreResult<WorkCalendar> {
        let mut calendar = shipped().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut stmt =
            self.conn.prepare("SELECT year, file_text FROM calendar_years ORDER BY year")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (year, text) = row?;
            let parsed = format::parse(&format!("calendar {year}"), &text)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            calendar.insert(parsed);
        }
        Ok(calendar)
    }
}
