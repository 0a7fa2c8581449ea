//! `zhifa sync`: a station's events not yet at the centre pushed there, in batches, each batch
//! one transaction at the centre that also moves the station's head (docs/CENTRAL.md). The one
//! module combining `store` and `central`.
//!
//! What the centre is told is checked first: the station's history must extend what the centre
//! already holds (a station that rewrote pushed history is refused, with the first event that
//! differs), and what is pushed must verify as `zhifa verify --since HEAD --added` verifies (each
//! event linked, its hash recomputed, its author's signature checked). Pushing twice pushes
//! nothing the second time; a push cut at any moment resumes from the centre's head, since a
//! batch is at the centre whole or not at all.

mod accounts;
mod calendars;
mod catalogs;
pub mod central;
mod publisher;
mod pull;
mod report;

pub use accounts::{pull_accounts, AccountNotTaken, AccountTaken, AccountsPulled};
pub use calendars::{pull_calendars, CalendarNotTaken, CalendarTaken, CalendarsPulled};
pub use catalogs::{pull_catalogs, read_published, CatalogNotTaken, CatalogTaken, CatalogsPulled};
pub use publisher::{check_publisher, Publishers, Refused, SignatureFault};
pub use pull::{pull_tickets, Pulled};
pub use report::{centre_report, CentreReport};

use crate::central::{CentralError, Centre, Registered};
use serde::Serialize;
use zhifa_core::i18n::Lang;
use zhifa_store::{EventCheck, Store, StoreError, VerifyOptions, GENESIS_HASH};

/// Events per batch (one transaction and one COPY at the centre).
pub const DEFAULT_BATCH: usize = 5_000;

/// Batches of events whose records' report facts go in one transaction at the centre (a first
/// push of a station with history sends its facts in these steps, resuming after the last one
/// done): 50,000 events a step with the default batch.
pub const FACTS_BATCHES: i64 = 10;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("this database has no station code yet: an admin gives it one with `zhifa station set CODE NAME`")]
    NoStation,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Central(#[from] CentralError),
    #[error("station code {code} is held at the centre by another database (registered {registered_at}, first event {genesis}): each station's database has its own code")]
    CodeTaken { code: String, registered_at: String, genesis: String },
    #[error("this database's history is already at the centre as station {code}: a copy of a station's database cannot push as another station")]
    HistoryUnderCode { code: String },
    #[error("station {code}: event {seq} differs from what the centre received: the history was rewritten after it was pushed; nothing was pushed")]
    Rewritten { code: String, seq: i64 },
    #[error("station {code}: the centre holds events up to {centre}, this file only up to {local}: it was restored from an older backup or copied back; nothing is lost (events {} to {centre} are at the centre) and nothing was pushed", local + 1)]
    Behind { code: String, local: i64, centre: i64 },
    #[error("station {code}: this file was restored from a backup older than what the centre holds (up to event {centre}): from event {seq} on, its events are not those the centre received; nothing is lost (the centre keeps them) and nothing was pushed: restore a newer backup, or ask the bureau to recover the station from the centre")]
    Restored { code: String, seq: i64, centre: i64 },
    #[error("station {code}: what would be pushed does not verify ({problem}); nothing was pushed: run `zhifa verify`")]
    NotVerified { code: String, problem: String },
}

impl SyncError {
    /// The message in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            SyncError::NoStation => {
                "本数据库尚无站点编码：请管理员用 `zhifa station set 编码 名称` 设定".into()
            }
            SyncError::Store(e) => zhifa_app::messages::store_error(e, lang),
            SyncError::Central(e) => {
                format!("中心数据库：{}", e.message_zh().unwrap_or_else(|| e.to_string()))
            }
            SyncError::CodeTaken { code, registered_at, genesis } => format!(
                "站点编码 {code} 在中心已被另一个数据库使用（登记于 {registered_at}，首条事件 {genesis}）：\
                 每个站点的数据库须有自己的编码"
            ),
            SyncError::HistoryUnderCode { code } => format!(
                "本数据库的记录已以站点 {code} 的名义在中心：站点数据库的副本不能以另一站点推送"
            ),
            SyncError::Rewritten { code, seq } => format!(
                "站点 {code}：第 {seq} 条事件与中心已收到的不同：推送后记录被改写；未推送任何内容"
            ),
            SyncError::Behind { code, local, centre } => format!(
                "站点 {code}：中心已有至第 {centre} 条的事件，本文件只到第 {local} 条：它是从较早的备份恢复\
                 或被拷回的；没有丢失（第 {} 至 {centre} 条在中心），未推送任何内容",
                local + 1
            ),
            SyncError::Restored { code, seq, centre } => format!(
                "站点 {code}：本文件是从比中心所存（至第 {centre} 条）更早的备份恢复的：自第 {seq} 条起，\
                 其事件与中心收到的不同；没有丢失（中心保存着它们），未推送任何内容：请恢复较新的备份，\
                 或请局里从中心恢复本站"
            ),
            SyncError::NotVerified { code, problem } => format!(
                "站点 {code}：待推送的记录未通过验证（{problem}）；未推送任何内容：请运行 `zhifa verify`"
            ),
        }
    }
}

/// What one push did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pushed {
    pub station: String,
    /// Events pushed now.
    pub pushed: i64,
    pub batches: usize,
    /// The centre's head for this station after the push (the witness of its history).
    pub head_seq: i64,
    pub head_hash: String,
    /// Events written locally after the check began: the next sync pushes them.
    pub waiting: i64,
    /// Report facts sent with the push (rows: a patrol with its findings, a re-inspection task,
    /// a ticket, a case), for the records its events touched; and the officers and names rows
    /// replaced.
    pub facts_rows: i64,
    pub people_rows: i64,
    /// Complaints dispatched to this station at the centre and not yet taken in (for the
    /// interface's status line; `zhifa sync --json` reports them after its own take-in).
    #[serde(skip)]
    pub tickets_waiting: i64,
    /// The catalog versions published at the centre that a background round took in after its
    /// push (`zhifa sync` takes them in itself and reports them apart).
    #[serde(skip)]
    pub catalogs: CatalogsPulled,
    /// The calendar years published at the centre that a background round took in.
    #[serde(skip)]
    pub calendars: CalendarsPulled,
    /// The account publications for this station that a background round took in.
    #[serde(skip)]
    pub accounts: AccountsPulled,
}

impl Pushed {
    /// Every publication this round did not take in, briefly: catalogs, calendars, accounts (what
    /// the interface's status line says).
    pub fn refused(&self) -> Vec<Refused> {
        let catalogs = self.catalogs.not_taken.iter().map(CatalogNotTaken::brief);
        let accounts = self.accounts.not_taken.iter().map(AccountNotTaken::brief);
        catalogs
            .chain(self.calendars.not_taken.iter().map(CalendarNotTaken::brief))
            .chain(accounts)
            .collect()
    }
}

/// Pushes the station's events the centre does not hold yet. `progress(pushed, to_push)` after
/// each batch.
pub fn push(
    store: &Store,
    centre: &mut Centre,
    batch: usize,
    today: chrono::NaiveDate,
    mut progress: impl FnMut(i64, i64),
) -> Result<Pushed, SyncError> {
    let station = store.station()?.ok_or(SyncError::NoStation)?;
    let code = station.code.clone();
    let genesis = store.event_hash(1)?.ok_or(SyncError::NoStation)?;
    let held = match centre.register(&code, &station.name, &genesis)? {
        Registered::Station(held) => held,
        Registered::CodeTaken(other) => {
            return Err(SyncError::CodeTaken {
                code,
                registered_at: other.registered_at,
                genesis: other.genesis_hash,
            })
        }
        Registered::HistoryUnderCode(other) => {
            return Err(SyncError::HistoryUnderCode { code: other.code })
        }
    };
    let mut after = (held.head_seq, held.head_hash);
    extends(store, centre, &code, &after)?;
    // What is pushed is what was checked: events written meanwhile wait for the next sync.
    let checked = store.verify(&VerifyOptions {
        since: Some(after.1.clone()),
        skip_integrity: true,
        added_only: true,
        walked: None,
    })?;
    if let Some(problem) = checked.problems.first() {
        let problem = zhifa_app::messages::verify_problem(problem, Lang::En);
        return Err(SyncError::NotVerified { code, problem });
    }
    let until = checked.events;
    let to_push = until - after.0;
    let mut pushed = 0;
    let mut batches = 0;
    while after.0 < until {
        let limit = batch.min((until - after.0) as usize);
        let events = store.events(after.0, limit)?;
        let Some(last) = events.last() else { break };
        let next = (last.seq, last.hash.clone());
        if centre.append(&code, (after.0, &after.1), &events)? {
            pushed += events.len() as i64;
            batches += 1;
            after = next;
        } else {
            // Another sync of this station pushed meanwhile: go on from where it got to.
            let now = centre.station(&code)?.ok_or_else(|| {
                CentralError::Inconsistent(format!("station {code} is gone from the centre"))
            })?;
            after = (now.head_seq, now.head_hash);
            extends(store, centre, &code, &after)?;
        }
        progress(pushed, to_push);
    }
    let (local_seq, _) = store.head()?;
    if pushed > 0 || centre.open_cases_through(&code)?.is_none() {
        centre.replace_open_cases(&code, local_seq, today, &open_cases(store, &code, today)?)?;
    }
    let step = (batch.max(1) as i64).saturating_mul(FACTS_BATCHES);
    let (facts_rows, people_rows) = push_facts(store, centre, &code, after.0, step, pushed > 0)?;
    let tickets_waiting = centre.waiting_count(&code)?;
    Ok(Pushed {
        station: code,
        pushed,
        batches,
        head_seq: after.0,
        head_hash: after.1,
        waiting: local_seq - after.0,
        facts_rows,
        people_rows,
        tickets_waiting,
        catalogs: CatalogsPulled::default(),
        calendars: CalendarsPulled::default(),
        accounts: AccountsPulled::default(),
    })
}

/// Sends the centre the report facts of the records the events up to `head` (the centre's head
/// for the station) touched since its facts mark, `step` events at a time ([`FACTS_BATCHES`]
/// batches), each step
/// one transaction that moves the mark (so a push cut mid-way resumes after the last step done,
/// and a push sent twice sends nothing the second time); then, when events or facts were sent
/// or they never were, the station's officers, names and calendar years. Each record is sent as the
/// station stands when it is read: a record touched again later is sent again then. Rows sent
/// (facts, people).
fn push_facts(
    store: &Store,
    centre: &mut Centre,
    code: &str,
    head: i64,
    step: i64,
    pushed: bool,
) -> Result<(i64, i64), SyncError> {
    let mut rows = 0;
    let mut mark = centre.facts_through(code)?.unwrap_or(0);
    let stepped = mark < head;
    // From nothing, every record touched is created by an event of this push and read whole
    // in the step that creates it: each is sent once (`Store::touched_facts`).
    let earlier = mark > 0;
    while mark < head {
        let through = mark.saturating_add(step).min(head);
        let facts = store.touched_facts(mark, through, earlier)?;
        if centre.push_facts(code, mark, through, &facts)? {
            rows += facts.rows() as i64;
            mark = through;
        } else {
            // Another push of this station sent these meanwhile: go on from its mark.
            mark = centre.facts_through(code)?.unwrap_or(0);
        }
    }
    let mut people_rows = 0;
    if pushed || stepped || !centre.people_pushed(code)? {
        let people = store.people_facts()?;
        centre.replace_people(code, &people)?;
        people_rows =
            (people.officers.len() + people.names.len() + people.calendar_years.len()) as i64;
    }
    Ok((rows, people_rows))
}

/// The station's open cases as the centre keeps them: their clocks on `today`, the earliest
/// due date that makes each late (so the centre can tell lateness on any later day).
fn open_cases(
    store: &Store,
    code: &str,
    today: chrono::NaiveDate,
) -> Result<Vec<crate::central::OpenCase>, SyncError> {
    let lines = zhifa_app::worklist::open_case_lines(store, today)?;
    Ok(lines
        .into_iter()
        .map(|line| {
            let late_due =
                line.deadlines.iter().filter(|d| d.kind.makes_late()).filter_map(|d| d.due).min();
            let clocks = line
                .deadlines
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "kind": d.kind,
                        "label": d.label,
                        "basis": d.basis,
                        "due": d.due,
                        "makes_late": d.kind.makes_late(),
                        "provisional": d.provisional,
                    })
                })
                .collect();
            let stage = line.case.state.stage;
            crate::central::OpenCase {
                station: code.to_string(),
                case_id: line.case.id,
                number: line.case.number.clone(),
                team: line.case.team.clone(),
                stage: stage.key().to_string(),
                stage_zh: stage.label_zh().to_string(),
                stage_en: stage.label_en().to_string(),
                place: line.case.place.clone(),
                late_due,
                uncounted: line.uncounted().is_some(),
                clocks: serde_json::Value::Array(clocks),
                as_of: today,
                through_seq: 0,
            }
        })
        .collect())
}

/// Whether this file's history extends the centre's `head` for the station; if not, how not.
fn extends(
    store: &Store,
    centre: &mut Centre,
    code: &str,
    head: &(i64, String),
) -> Result<(), SyncError> {
    let (centre_seq, centre_hash) = head;
    if *centre_seq == 0 {
        return Ok(());
    }
    let differs_at = match store.event_hash(*centre_seq)? {
        Some(local) if &local == centre_hash => return Ok(()),
        Some(_) => *centre_seq,
        None => {
            let (local_seq, local_hash) = store.head()?;
            if local_seq == 0 || centre.event_hash(code, local_seq)? == Some(local_hash) {
                return Err(SyncError::Behind {
                    code: code.into(),
                    local: local_seq,
                    centre: *centre_seq,
                });
            }
            local_seq
        }
    };
    let seq = first_difference(store, centre, code, differs_at)?;
    // A restore records itself (`backup.restored`): a file that parts from the centre's history
    // there was restored from a backup older than what was pushed, not rewritten.
    let restored = store.events(seq - 1, 1)?.first().is_some_and(|e| e.kind == "backup.restored");
    Err(if restored {
        SyncError::Restored { code: code.into(), seq, centre: *centre_seq }
    } else {
        SyncError::Rewritten { code: code.into(), seq }
    })
}

/// The first event (1 ..= `differs_at`) whose hash differs between the file and the centre,
/// knowing they differ at `differs_at`. Each hash covers its predecessor's, so once two agree,
/// all before agree too: a binary search, a few dozen reads on any history.
fn first_difference(
    store: &Store,
    centre: &mut Centre,
    code: &str,
    differs_at: i64,
) -> Result<i64, SyncError> {
    let (mut lo, mut hi) = (1, differs_at);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if store.event_hash(mid)? == centre.event_hash(code, mid)? {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Ok(hi)
}

/// What the centre holds of one station, checked there: the chain from the first event and
/// every signature (`zhifa central verify`).
#[derive(Debug, Clone, Serialize)]
pub struct CentreCheck {
    pub station: String,
    pub events: i64,
    pub head_hash: String,
    /// The head the centre recorded: the walk must end on it.
    pub recorded_head: String,
    pub problems: Vec<String>,
    pub unsigned: std::collections::BTreeMap<String, i64>,
}

impl CentreCheck {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty() && self.head_hash == self.recorded_head
    }
}

/// Walks a station's events at the centre as `zhifa verify` walks a file's.
pub fn check_at_centre(
    centre: &mut Centre,
    code: &str,
    lang: Lang,
) -> Result<CentreCheck, SyncError> {
    let station = centre
        .station(code)?
        .ok_or_else(|| CentralError::Inconsistent(format!("no station {code} at the centre")))?;
    let mut check = EventCheck::new(centre.generated_histories(code)?, code);
    let published = centre.publication_signatures()?;
    let mut not_published = Vec::new();
    let mut after = 0;
    loop {
        let events = centre.events(code, after, 10_000)?;
        let Some(last) = events.last() else { break };
        after = last.seq;
        for event in &events {
            check.step(event);
            if !taken_in_as_published(event, code, &published) {
                not_published.push(event.seq);
            }
        }
        if check.saturated() {
            break;
        }
    }
    let verification = check.finish();
    let mut problems: Vec<String> = verification
        .problems
        .iter()
        .map(|p| zhifa_app::messages::verify_problem(p, lang))
        .collect();
    problems.extend(not_published.iter().map(|seq| match lang {
        Lang::Zh => format!("事件 {seq}：记作中心下发，但中心没有这样签名的发布"),
        Lang::En => format!("event {seq}: recorded as taken in from the centre, but the centre published nothing so signed"),
    }));
    let recorded_head =
        if station.head_seq == 0 { GENESIS_HASH.to_string() } else { station.head_hash };
    Ok(CentreCheck {
        station: code.to_string(),
        events: verification.events,
        head_hash: verification.head_hash,
        recorded_head,
        problems,
        unsigned: verification.unsigned,
    })
}

/// Whether an event a station recorded as taken in from the centre (under a `centre:` actor)
/// carries the signature of a publication the centre holds. `zhifa verify` at the station checks
/// that signature over the event with the key the event names; only the centre can say the key
/// was a publisher's. So a take-in forged in a station's file, with a key of the forger's own,
/// is named here. A catalog take-in recorded before publications were signed has none (as its
/// row at the centre).
fn taken_in_as_published(
    event: &zhifa_store::EventRecord,
    station: &str,
    published: &std::collections::HashMap<String, Option<String>>,
) -> bool {
    if !event.actor.starts_with("centre:") {
        return true;
    }
    let payload: serde_json::Value = serde_json::from_str(&event.payload).unwrap_or_default();
    match payload.pointer("/published/signature").and_then(serde_json::Value::as_str) {
        // An account's publication names its station: one for another is not this one's.
        Some(signature) => match published.get(signature) {
            Some(Some(to)) => to == station,
            Some(None) => true,
            None => false,
        },
        None => event.kind == "catalog.import",
    }
}

/// Seconds between pushes in the background when `[central] every_secs` does not say (kept with
/// the configuration that reads it).
pub use zhifa_app::config::DEFAULT_EVERY_SECS;

/// One round of syncing in the background: when, and what it did or why it failed (worded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub at: chrono::DateTime<chrono::Utc>,
    pub outcome: Result<Pushed, String>,
}

/// Pushes the station's events every `every`, then takes in the catalog versions and calendar
/// years and accounts published at the centre ([`pull_catalogs`], [`pull_calendars`],
/// [`pull_accounts`]), on connections of its own (a terminal's work is
/// never held up: the store is read in WAL snapshots, the centre written without local locks),
/// reconnecting after a failure; publications only from `publishers`. Each round goes to
/// `go_on`, which says whether to go on.
pub fn watch(
    db: &std::path::Path,
    url: &str,
    every: std::time::Duration,
    clock: zhifa_core::clock::Clock,
    lang: Lang,
    publishers: &Publishers,
    mut go_on: impl FnMut(Round) -> bool,
) {
    let mut store: Option<Store> = None;
    let mut centre: Option<Centre> = None;
    loop {
        let outcome = round(db, url, &mut store, &mut centre, clock, publishers);
        if let Err(SyncError::Central(_) | SyncError::Store(_)) = &outcome {
            // The next round starts afresh: a server restarted, a file replaced.
            (store, centre) = (None, None);
        }
        let round = Round { at: clock.now(), outcome: outcome.map_err(|e| e.message(lang)) };
        if !go_on(round) {
            return;
        }
        std::thread::sleep(every);
    }
}

fn round(
    db: &std::path::Path,
    url: &str,
    store: &mut Option<Store>,
    centre: &mut Option<Centre>,
    clock: zhifa_core::clock::Clock,
    publishers: &Publishers,
) -> Result<Pushed, SyncError> {
    let store = match store {
        Some(store) => store,
        None => store.insert(Store::open(db)?),
    };
    let centre = match centre {
        Some(centre) => centre,
        None => centre.insert(Centre::connect(url)?),
    };
    let mut pushed = push(store, centre, DEFAULT_BATCH, clock.today(), |_, _| {})?;
    // The catalogs and calendars the city published: their events go to the centre on the next
    // round.
    pushed.catalogs = pull_catalogs(store, centre, clock.now(), publishers)?;
    pushed.calendars = pull_calendars(store, centre, clock.now(), publishers)?;
    pushed.accounts = pull_accounts(store, centre, clock.now(), publishers)?;
    Ok(pushed)
}
