//! What a station takes from the centre on its sync, besides catalogs: the working-day calendar
//! years a city admin published there (`zhifa central calendar publish`, docs/CENTRAL.md). For
//! each year, the latest publication that holds is taken in, unless the station holds the year
//! with those days already: its text read back and checked against the digests recorded, its
//! publisher's signature and key checked as a catalog's are ([`crate::publisher`]), then written
//! through the store as a `calendar.import` event under the publisher (`centre:STATION/BADGE`),
//! which `zhifa verify` replays as any load. A later publication of a year corrects an earlier one
//! taken in; a year this station's own admin loaded with other days is left as it is and said.

use super::SyncError;
use crate::central::{CalendarPublication, Centre};
use crate::publisher::{signed, Claimed, Publishers, Refused, SignatureFault, Subject};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use zhifa_app::worklist::{moved_deadlines, open_case_lines, CaseLine, Moved};
use zhifa_core::calendar::{format, WorkCalendar, YearCalendar};
use zhifa_core::i18n::Lang;
use zhifa_store::{
    days_digest, CalendarFromCentre, CalendarStanding, CalendarTakenIn, Store, StoreError,
};

/// The published years a sync took in, and those it could not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CalendarsPulled {
    pub taken_in: Vec<CalendarTaken>,
    pub not_taken: Vec<CalendarNotTaken>,
    /// The deadlines of open cases the years taken in moved (as a local `calendar import`
    /// lists them).
    pub moved: Vec<Moved>,
    /// The station's working-day calendar after taking some in (none when none was): what the
    /// interface counts deadlines on.
    #[serde(skip)]
    pub calendar: Option<WorkCalendar>,
}

/// A published year now held here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarTaken {
    pub year: i32,
    pub revision: i32,
    pub source: String,
    pub days_off: usize,
    pub make_up_days: usize,
    /// It took the place of the year taken in from an earlier publication (a correction).
    pub replaced: bool,
    pub published_by: String,
    pub published_station: String,
}

/// A published year this station did not take in, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarNotTaken {
    pub year: i32,
    pub revision: i32,
    /// `differs`, `damaged` or `signature`.
    pub kind: &'static str,
    /// The reason in English (`message` words it in either language).
    pub reason: String,
    #[serde(skip)]
    why: Why,
    #[serde(skip)]
    by: String,
    #[serde(skip)]
    station: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Why {
    /// This station's admin loaded the year with other days (by, at).
    Differs { loaded_by: String, loaded_at: String },
    /// What the centre holds is not what was published.
    Damaged(String),
    /// Not signed by its publisher as the centre knows them.
    Signature(SignatureFault),
}

impl CalendarNotTaken {
    fn new(p: &CalendarPublication, why: Why) -> CalendarNotTaken {
        let mut not = CalendarNotTaken {
            year: p.year,
            revision: p.revision,
            kind: match why {
                Why::Differs { .. } => "differs",
                Why::Damaged(_) => "damaged",
                Why::Signature(_) => "signature",
            },
            reason: String::new(),
            why,
            by: p.published_by.clone(),
            station: p.published_station.clone(),
        };
        not.reason = not.message(Lang::En);
        not
    }

    /// Why, in the reader's language, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        let subject = self.subject();
        match (&self.why, lang) {
            (Why::Differs { loaded_by, loaded_at }, Lang::Zh) => format!(
                "中心发布的{}未导入：本站已有该年的安排（{loaded_by} 于 {loaded_at} 载入），放假和调休\
                 上班的日期与中心发布的不同；本站日历保持原样，请与市局管理员核对（以中心发布的为准时，\
                 载入同一文件即可：`zhifa calendar import`）",
                subject.zh
            ),
            (Why::Differs { loaded_by, loaded_at }, Lang::En) => format!(
                "{} published at the centre was not taken in: this station holds the year (loaded \
                 by {loaded_by} at {loaded_at}) with other days off or make-up working days; this \
                 station's calendar is left as it was: check with the city admin (to follow the \
                 centre's, load the same file: `zhifa calendar import`)",
                subject.en
            ),
            (Why::Damaged(what), _) => subject.damaged(what, lang),
            (Why::Signature(fault), _) => subject.unsigned(&self.station, &self.by, fault, lang),
        }
    }

    /// The year, as a refusal names it.
    fn subject(&self) -> Subject {
        let (year, revision) = (self.year, self.revision);
        Subject {
            zh: format!("{year} 年工作日安排（第 {revision} 次发布）"),
            en: format!("the {year} working-day calendar (publication {revision} of the year)"),
            kept_zh: "日历",
            kept_en: "calendar",
        }
    }

    /// Briefly, for the interface's status line.
    pub fn brief(&self) -> Refused {
        self.subject().refused(self.kind)
    }
}

/// Takes in, for every year published at the centre, its latest publication that holds, unless
/// this station holds the year with those days (or from a later publication); each in a
/// transaction of its own. A later publication that does not hold is reported, and the one before
/// it is tried.
pub fn pull_calendars(
    store: &mut Store,
    centre: &mut Centre,
    now: DateTime<Utc>,
    publishers: &Publishers,
) -> Result<CalendarsPulled, SyncError> {
    let mut by_year: BTreeMap<i32, Vec<CalendarPublication>> = BTreeMap::new();
    for p in centre.calendar_publications()? {
        by_year.entry(p.year).or_default().push(p);
    }
    let mut pulled = CalendarsPulled::default();
    // The open cases' deadlines before the first year is written, to say which ones it moved.
    let mut before = None;
    for publications in by_year.values() {
        // The latest first.
        for p in publications.iter().rev() {
            match store.published_calendar_standing(p.year, &p.days_sha256, p.revision)? {
                CalendarStanding::Held => break,
                CalendarStanding::Differs { loaded_by, loaded_at } => {
                    let why = Why::Differs { loaded_by, loaded_at };
                    pulled.not_taken.push(CalendarNotTaken::new(p, why));
                    break;
                }
                CalendarStanding::Open { .. } => {}
            }
            if take_in(store, centre, now, p, &mut pulled, &mut before, publishers)? {
                break;
            }
        }
    }
    if !pulled.taken_in.is_empty() {
        if let Some(before) = before {
            let after = open_case_lines(store, china_day(now))?;
            pulled.moved = moved_deadlines(&before, &after);
        }
        pulled.calendar = Some(store.work_calendar()?);
    }
    Ok(pulled)
}

/// One publication checked and taken in; `false` when it does not hold (reported), so that the
/// one before it is tried.
fn take_in(
    store: &mut Store,
    centre: &mut Centre,
    now: DateTime<Utc>,
    p: &CalendarPublication,
    pulled: &mut CalendarsPulled,
    before: &mut Option<Vec<CaseLine>>,
    publishers: &Publishers,
) -> Result<bool, SyncError> {
    let (text, year) = match read_published(centre, p)? {
        Ok(read) => read,
        Err(what) => {
            pulled.not_taken.push(CalendarNotTaken::new(p, Why::Damaged(what)));
            return Ok(false);
        }
    };
    let claimed = Claimed {
        signature: Some(&p.signature),
        key: Some(&p.signing_key),
        through_seq: Some(p.through_seq),
        station: &p.published_station,
        by: &p.published_by,
    };
    let (signed, through_seq) = match signed(centre, claimed, &p.statement(), publishers)? {
        Ok(signed) => signed,
        Err(fault) => {
            pulled.not_taken.push(CalendarNotTaken::new(p, Why::Signature(fault)));
            return Ok(false);
        }
    };
    let from = CalendarFromCentre {
        file: p.source_name.clone(),
        revision: p.revision,
        by: p.published_by.clone(),
        station: p.published_station.clone(),
        at: p.published_at.clone(),
        sha256: p.sha256.clone(),
        through_seq,
        signed,
    };
    if before.is_none() {
        *before = Some(open_case_lines(store, china_day(now))?);
    }
    match store.take_in_published_calendar(now, &from, &text)? {
        CalendarTakenIn::New { year: taken, replaced } => pulled.taken_in.push(CalendarTaken {
            year: taken.year,
            revision: p.revision,
            source: taken.source,
            days_off: year.off.len(),
            make_up_days: year.work.len(),
            replaced,
            published_by: p.published_by.clone(),
            published_station: p.published_station.clone(),
        }),
        // Another sync of this station took it in meanwhile.
        CalendarTakenIn::Held => {}
        CalendarTakenIn::Differs { loaded_by, loaded_at } => {
            let why = Why::Differs { loaded_by, loaded_at };
            pulled.not_taken.push(CalendarNotTaken::new(p, why));
        }
    }
    Ok(true)
}

/// The day in China at `now`: the day deadlines are judged on.
fn china_day(now: DateTime<Utc>) -> chrono::NaiveDate {
    now.with_timezone(&zhifa_core::clock::CHINA).date_naive()
}

/// The published year's text and the year it gives, read as `zhifa calendar import` reads a
/// file, after checking the text and its days against the digests recorded at publishing;
/// `Ok(Err(what))` when they do not match or the text does not read.
fn read_published(
    centre: &mut Centre,
    p: &CalendarPublication,
) -> Result<Result<(String, YearCalendar), String>, SyncError> {
    if !zhifa_store::publisher_is_valid(&p.published_station, &p.published_by) {
        return Ok(Err(format!(
            "its publisher {:?} of {:?} is not a badge of a station",
            p.published_by, p.published_station
        )));
    }
    let Some(text) = centre.calendar_text(p.id)? else {
        return Ok(Err("its text is gone".into()));
    };
    if hex::encode(Sha256::digest(text.as_bytes())) != p.sha256 {
        return Ok(Err("the text's SHA-256 is not the one recorded".into()));
    }
    let year = match format::parse(&p.source_name, &text) {
        Ok(year) => year,
        Err(e) => return Ok(Err(StoreError::from(e).to_string())),
    };
    if year.year != p.year {
        return Ok(Err(format!("the text is the {} calendar, not {}", year.year, p.year)));
    }
    if days_digest(&year) != p.days_sha256 {
        return Ok(Err("the days' SHA-256 is not the one recorded".into()));
    }
    Ok(Ok((text, year)))
}
