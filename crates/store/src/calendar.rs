//! Working-day calendars an admin loaded, one year per row, each load an attributed event that
//! keeps the whole file. Read back through the same parser, on top of the years the release
//! ships with. A year a city admin published at the centre is taken in the same way, under the
//! publisher ([`Store::take_in_published_calendar`], docs/CENTRAL.md).

use super::identity::{authorize, Identity};
use super::{events, Store, StoreError, StoreResult};
use crate::catalog::{centre_actor, publisher_is_valid};
use crate::publication::{published_payload, CalendarStatement, Signed};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};
use zhifa_core::calendar::{format, shipped, Provenance, WorkCalendar, YearCalendar};
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::Operation;

/// A year published at the centre, as a station takes it in
/// ([`Store::take_in_published_calendar`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarFromCentre {
    /// The name of the file published.
    pub file: String,
    /// The year's how-many-th publication (a later one corrects an earlier one).
    pub revision: i32,
    /// The publishing admin's badge, and their station's code.
    pub by: String,
    pub station: String,
    /// When the centre recorded the publication (RFC 3339).
    pub at: String,
    /// SHA-256 of the file's text.
    pub sha256: String,
    /// The publisher station's last event the centre held at publishing.
    pub through_seq: i64,
    /// The publisher's signature of the publication's statement, and their key.
    pub signed: Signed,
}

impl CalendarFromCentre {
    /// What the publisher signed, for the year `year`.
    pub fn statement(&self, year: i32) -> CalendarStatement {
        CalendarStatement {
            year,
            revision: self.revision,
            file: self.file.clone(),
            sha256: self.sha256.clone(),
            by: self.by.clone(),
            station: self.station.clone(),
            at: self.at.clone(),
            through_seq: self.through_seq,
        }
    }
}

/// What taking in a published year found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarTakenIn {
    /// Written now; `replaced` when it took the place of a year taken in from an earlier
    /// publication (never of a year this station's admin loaded).
    New { year: YearCalendar, replaced: bool },
    /// This station holds the year with these days already (loaded, shipped, or taken in), or
    /// holds a later publication of it: nothing written.
    Held,
    /// This station's own admin loaded the year with other days (by, at): left as it is.
    Differs { loaded_by: String, loaded_at: String },
}

/// How a year held here stands to a publication of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalendarStanding {
    /// Held with the same days, or from the same or a later publication: nothing to take in.
    Held,
    /// This station's own admin loaded the year with other days (by, at).
    Differs { loaded_by: String, loaded_at: String },
    /// Not held, or held from an earlier publication (`replaced`), or a shipped year with other
    /// days: the publication may be taken in.
    Open { replaced: bool },
}

/// The SHA-256 of a year's days: the dates of its days off and of its make-up working days (not
/// the holidays' names nor the notice's title). Two files of a year count the same working days
/// exactly when their digests are equal: what "the same days" means for a year published at the
/// centre.
pub fn days_digest(year: &YearCalendar) -> String {
    let dates = |days: &std::collections::BTreeMap<chrono::NaiveDate, String>| -> Vec<String> {
        days.keys().map(|d| d.to_string()).collect()
    };
    let text = json!({ "year": year.year, "off": dates(&year.off), "work": dates(&year.work) });
    hex::encode(Sha256::digest(text.to_string().as_bytes()))
}

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
        self.write(|tx| {
            authorize(tx, who, Operation::ManageCalendar)?;
            load_year(tx, who.actor(), now, file, text, &year, None)?;
            Ok(year.clone())
        })
    }

    /// Takes in a year a city admin published at the centre (on `zhifa sync`), as one
    /// `calendar.import` event under the publisher through the centre (`centre:STATION/BADGE`,
    /// unsigned, as a catalog taken in is), whose payload also states the publication
    /// (`published`: badge, station, when, revision, the text's SHA-256, `through_seq`, the
    /// publisher's signature and key, which `zhifa verify` checks again from the event alone).
    /// The caller has checked the key is the publisher's (`zhifa_sync::pull_calendars`); the
    /// signature is checked here again, over this text.
    ///
    /// Nothing is written when the station holds the year with the same days (loaded here,
    /// shipped, or taken in), or holds a later publication of it ([`CalendarTakenIn::Held`]); nor
    /// when its own admin loaded the year with other days ([`CalendarTakenIn::Differs`]: which
    /// is right is for the city admin and the station to settle, not for a sync). A year taken
    /// in from an earlier publication gives way to this one: a later publication corrects an
    /// earlier one, as the State Council's notices of the arrangement do (全国年节及纪念日放假办法
    /// art. 7: the State Council arranges the days; deadlines count them, 行政处罚法 art. 85).
    pub fn take_in_published_calendar(
        &mut self,
        now: DateTime<Utc>,
        published: &CalendarFromCentre,
        text: &str,
    ) -> StoreResult<CalendarTakenIn> {
        let year = format::parse(&published.file, text)?;
        if !publisher_is_valid(&published.station, &published.by) || published.revision < 1 {
            return Err(StoreError::Corrupt(format!(
                "the centre's publication of the {} calendar names no valid station ({}), \
                 publisher ({}) or revision ({})",
                year.year, published.station, published.by, published.revision
            )));
        }
        let actor = Actor::new(
            centre_actor(&published.station, &published.by),
            "centre",
            std::process::id(),
        );
        let digest = days_digest(&year);
        self.write(|tx| {
            let replaced = match standing(tx, year.year, &digest, published.revision)? {
                CalendarStanding::Held => return Ok(CalendarTakenIn::Held),
                CalendarStanding::Differs { loaded_by, loaded_at } => {
                    return Ok(CalendarTakenIn::Differs { loaded_by, loaded_at })
                }
                CalendarStanding::Open { replaced } => replaced,
            };
            let statement = published.statement(year.year);
            let what = format!("the {} calendar", year.year);
            let origin = published_payload(&statement, &published.signed, &what)?;
            load_year(tx, &actor, now, &published.file, text, &year, Some(origin))?;
            Ok(CalendarTakenIn::New { year: year.clone(), replaced })
        })
    }

    /// How the year `year` this station holds stands to a publication of it, with these days
    /// (`days_sha256`, [`days_digest`]) as the year's `revision`-th: what
    /// [`Store::take_in_published_calendar`] would find, read without writing.
    pub fn published_calendar_standing(
        &self,
        year: i32,
        days_sha256: &str,
        revision: i32,
    ) -> StoreResult<CalendarStanding> {
        standing(&self.conn, year, days_sha256, revision)
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

/// A year held here: its text, and the event that loaded it (actor, time, payload).
struct Held {
    text: String,
    actor: String,
    at: String,
    payload: String,
}

impl Held {
    /// The publication's revision, when the year was taken in from the centre.
    fn revision(&self) -> Option<i64> {
        if !self.actor.starts_with("centre:") {
            return None;
        }
        let payload: Json = serde_json::from_str(&self.payload).ok()?;
        payload.get("published")?.get("revision")?.as_i64()
    }
}

fn held_year(conn: &Connection, year: i32) -> StoreResult<Option<Held>> {
    Ok(conn
        .query_row(
            "SELECT c.file_text, e.actor, e.at, e.payload
             FROM calendar_years c JOIN events e ON e.seq = c.event_seq WHERE c.year = ?1",
            [year],
            |r| Ok(Held { text: r.get(0)?, actor: r.get(1)?, at: r.get(2)?, payload: r.get(3)? }),
        )
        .optional()?)
}

/// How the year held here (loaded, or shipped) stands to its `revision`-th publication with the
/// days `digest`.
fn standing(
    conn: &Connection,
    year: i32,
    digest: &str,
    revision: i32,
) -> StoreResult<CalendarStanding> {
    let Some(held) = held_year(conn, year)? else {
        return Ok(if shipped_days(year)?.as_deref() == Some(digest) {
            CalendarStanding::Held
        } else {
            CalendarStanding::Open { replaced: false }
        });
    };
    let held_days = format::parse(&format!("calendar {year}"), &held.text)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    if days_digest(&held_days) == digest {
        return Ok(CalendarStanding::Held);
    }
    Ok(match held.revision() {
        // A year taken in from an earlier publication gives way to a later one.
        Some(r) if r >= i64::from(revision) => CalendarStanding::Held,
        Some(_) => CalendarStanding::Open { replaced: true },
        None => CalendarStanding::Differs { loaded_by: held.actor, loaded_at: held.at },
    })
}

/// The days digest of the year as zhifa ships it, if it ships the notice of that year.
fn shipped_days(year: i32) -> StoreResult<Option<String>> {
    let calendar = shipped().map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(calendar.year(year).filter(|y| y.provenance == Provenance::Official).map(days_digest))
}

/// One year written with its `calendar.import` event (the whole text in it, and whether it
/// replaced a year loaded before), by `actor`; `published` states a publication at the centre it
/// came from.
fn load_year(
    tx: &Transaction<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    file: &str,
    text: &str,
    year: &YearCalendar,
    published: Option<Json>,
) -> StoreResult<()> {
    let replaced = held_year(tx, year.year)?.is_some();
    let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
    let mut payload = json!({
        "year": year.year,
        "source": year.source,
        "file": file,
        "sha256": sha256,
        "days_off": year.off.len(),
        "make_up_days": year.work.len(),
        "replaced": replaced,
        "text": text,
    });
    if let Some(published) = published {
        payload["published"] = published;
    }
    let seq = events::append(tx, actor, now, "calendar.import", &payload)?;
    tx.execute(
        "INSERT INTO calendar_years (year, source, file_text, sha256, event_seq)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (year) DO UPDATE SET source = excluded.source,
             file_text = excluded.file_text, sha256 = excluded.sha256,
             event_seq = excluded.event_seq",
        params![year.year, year.source, text, sha256, seq],
    )?;
    Ok(())
}
