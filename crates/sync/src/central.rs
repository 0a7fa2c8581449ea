//! The centre: one PostgreSQL database holding every station's events (docs/CENTRAL.md). This
//! module is the only place with PostgreSQL's SQL (its schema is in `db/central/`), as `store`
//! is for SQLite's; what a push checks and decides is `sync`'s.

mod accounts;
mod calendars;
mod catalogs;
mod dispatch;
mod report;
mod tls;

pub use accounts::{AccountPublication, AccountPublished, NewAccount};
pub use calendars::{CalendarPublication, CalendarPublished, NewCalendar};
pub use catalogs::{NewPublication, Publication, Published};
pub use dispatch::{DispatchOutcome, Dispatched};
pub use report::StationFacts;

use postgres::{Client, NoTls};
use std::io::Write as _;
use zhifa_store::EventRecord;

/// The centre's migrations, applied in order, each once (known by name; the version is the
/// count applied).
const MIGRATIONS: [(&str, &str); 10] = [
    ("0001_centre", include_str!("../../../db/central/0001_centre.sql")),
    ("0002_open_cases", include_str!("../../../db/central/0002_open_cases.sql")),
    ("0003_dispatch", include_str!("../../../db/central/0003_dispatch.sql")),
    ("0004_catalogs", include_str!("../../../db/central/0004_catalogs.sql")),
    ("0005_signed_publications", include_str!("../../../db/central/0005_signed_publications.sql")),
    ("0006_calendars", include_str!("../../../db/central/0006_calendars.sql")),
    ("0007_report_facts", include_str!("../../../db/central/0007_report_facts.sql")),
    ("0008_event_checks_once", include_str!("../../../db/central/0008_event_checks_once.sql")),
    ("0009_accounts", include_str!("../../../db/central/0009_accounts.sql")),
    ("0010_station_roles", include_str!("../../../db/central/0010_station_roles.sql")),
];

/// One key for every zhifa centre's migration lock (two stations syncing a new centre at once).
const MIGRATION_LOCK: i64 = 0x7a68_6966_6100;

#[derive(Debug, thiserror::Error)]
pub enum CentralError {
    #[error("cannot reach the centre {url}: {}", with_causes(source))]
    Connect { url: String, source: postgres::Error },
    #[error("the centre's schema is version {found}, newer than this zhifa's {known}: use the newer zhifa")]
    TooNew { found: i32, known: i32 },
    #[error("the centre: {0}")]
    Pg(#[from] postgres::Error),
    #[error("the centre does not hold what it should: {0}")]
    Inconsistent(String),
    #[error("the centre: writing a batch: {0}")]
    Io(#[from] std::io::Error),
    #[error("TLS to the centre: {0}")]
    Tls(String),
    #[error("the centre's schema lacks {}, which this database role may not apply: connect once as the centre's owner (the bureau's role) to bring it up to date", pending.as_deref().unwrap_or("every table"))]
    MigrationNotAllowed { pending: Option<String> },
    #[error("this database role is station {own}'s at the centre: it may not push or publish as station {code}")]
    RoleOfAnotherStation { own: String, code: String },
    #[error("{} takes the centre's owner role (the bureau's): this database role is confined to station {own}", what.1)]
    OwnerOnly { what: (&'static str, &'static str), own: String },
}

impl CentralError {
    /// The error in Chinese, where it says something a station's people act on (a role's
    /// limits, the schema); None for the client's own errors, shown as they are.
    pub fn message_zh(&self) -> Option<String> {
        Some(match self {
            CentralError::TooNew { found, known } => format!(
                "中心数据库的结构版本为 {found}，比本 zhifa 的 {known} 新：请使用更新的 zhifa"
            ),
            CentralError::MigrationNotAllowed { pending } => format!(
                "中心数据库{}，本数据库角色无权建立或更新：请先以中心数据库所有者（局里的角色）连接一次",
                pending.as_ref().map_or("尚未建立".into(), |p| format!("的结构缺少 {p}"))
            ),
            CentralError::RoleOfAnotherStation { own, code } => format!(
                "本数据库角色在中心专属站点 {own}：不能以站点 {code} 的名义推送或发布"
            ),
            CentralError::OwnerOnly { what, own } => format!(
                "{}须使用中心数据库所有者（局里的）角色：本数据库角色仅限站点 {own}",
                what.0
            ),
            _ => return None,
        })
    }
}

/// How long a connection to the centre may take to open, unless its URL says otherwise.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub type CentralResult<T> = Result<T, CentralError>;

/// An error with what caused it, each cause after a colon ("error performing TLS handshake:
/// invalid peer certificate: UnknownIssuer"): the client library says the why in its causes.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut said = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !said.contains(&text) {
            said.push_str(": ");
            said.push_str(&text);
        }
        cause = c.source();
    }
    said
}

/// A database role confined to one station's rows (`zhifa central role grant`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StationRole {
    pub role: String,
    pub station: String,
    pub granted_at: String,
}

/// A station as the centre knows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StationRow {
    pub code: String,
    pub name: String,
    pub genesis_hash: String,
    pub head_seq: i64,
    pub head_hash: String,
    /// RFC 3339, the centre's clock.
    pub registered_at: String,
    pub last_push_at: Option<String>,
    /// The last event whose records' report facts the centre holds (behind `head_seq` until
    /// the station's next push completes them; 0 before any were sent).
    pub facts_through: i64,
}

/// One open case as the centre keeps it (no parties, facts or identity numbers).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OpenCase {
    pub station: String,
    pub case_id: i64,
    pub number: Option<String>,
    pub team: String,
    pub stage: String,
    pub stage_zh: String,
    pub stage_en: String,
    pub place: String,
    /// The earliest due date of a clock that makes the case late.
    pub late_due: Option<chrono::NaiveDate>,
    pub uncounted: bool,
    pub clocks: serde_json::Value,
    /// The station's day the row was computed, and the last event it reflects.
    pub as_of: chrono::NaiveDate,
    pub through_seq: i64,
}

/// What registering a station found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registered {
    /// The station as held (new or known), with this database's first event.
    Station(StationRow),
    /// The code is held by another database (another first event).
    CodeTaken(StationRow),
    /// This database's history is already at the centre under another code.
    HistoryUnderCode(StationRow),
}

/// The URL with any password replaced by `***`: what messages and logs may show.
pub fn masked(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    let masked_authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => format!("{user_info}@{host}"),
        },
        None => authority.to_string(),
    };
    let slash = if rest.contains('/') { "/" } else { "" };
    // key=value connection strings may carry password=… in the query part.
    let tail = mask_password_param(tail);
    format!("{scheme}://{masked_authority}{slash}{tail}")
}

fn mask_password_param(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else { return tail.to_string() };
    let params: Vec<String> = query
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => p.to_string(),
        })
        .collect();
    format!("{path}?{}", params.join("&"))
}

/// A connection to the centre, its schema brought up to date.
pub struct Centre {
    client: Client,
    /// The station this connection's database role is confined to (`zhifa central role grant`), or
    /// None for the bureau's own role, which reads and writes every station.
    own_station: Option<String>,
}

impl Centre {
    pub fn connect(url: &str) -> CentralResult<Centre> {
        let failed = |source| CentralError::Connect { url: masked(url), source };
        let split = tls::split(url);
        let mut config: postgres::Config = split.url.parse().map_err(failed)?;
        // A centre out of reach is said within seconds, not after the system's TCP timeout
        // (minutes); a URL's own connect_timeout stands.
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let client = if config.get_ssl_mode() == postgres::config::SslMode::Require {
            config.connect(tls::connector(split.root_cert.as_deref())?).map_err(failed)?
        } else {
            config.connect(NoTls).map_err(failed)?
        };
        let mut centre = Centre { client, own_station: None };
        centre.migrate()?;
        centre.own_station =
            centre.client.query_one("SELECT zhifa_own_station()", &[])?.get::<_, Option<String>>(0);
        Ok(centre)
    }

    /// The station this connection's role is confined to, if any (docs/CENTRAL.md, "A database
    /// role per station").
    pub fn own_station(&self) -> Option<&str> {
        self.own_station.as_deref()
    }

    /// Refuses to act as station `code` on a connection confined to another station (row-level
    /// security would refuse it too, in words a station's officer could not act on).
    pub fn check_may_act_as(&self, code: &str) -> CentralResult<()> {
        match &self.own_station {
            Some(own) if own != code => {
                Err(CentralError::RoleOfAnotherStation { own: own.clone(), code: code.into() })
            }
            _ => Ok(()),
        }
    }

    /// Refuses `what` (a bureau's act over other stations' rows, in Chinese and English) on a
    /// connection confined to one station.
    pub fn check_owner(&self, what: (&'static str, &'static str)) -> CentralResult<()> {
        match &self.own_station {
            Some(own) => Err(CentralError::OwnerOnly { what, own: own.clone() }),
            None => Ok(()),
        }
    }

    /// The migrations this centre has not applied yet, read without a lock or a write (a
    /// station's role may read the schema's table, not change the schema); None when the centre
    /// has no schema yet. A migration this zhifa does not know is a newer zhifa's.
    fn pending_migrations(&mut self) -> CentralResult<Option<Vec<&'static str>>> {
        let exists: bool =
            self.client.query_one("SELECT to_regclass('zhifa_schema') IS NOT NULL", &[])?.get(0);
        if !exists {
            return Ok(None);
        }
        let applied: Vec<String> = self
            .client
            .query("SELECT name FROM zhifa_schema ORDER BY version", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        if applied.iter().any(|name| MIGRATIONS.iter().all(|(known, _)| known != name)) {
            return Err(CentralError::TooNew {
                found: applied.len() as i32,
                known: MIGRATIONS.len() as i32,
            });
        }
        Ok(Some(
            MIGRATIONS
                .iter()
                .map(|(name, _)| *name)
                .filter(|name| !applied.iter().any(|a| a == name))
                .collect(),
        ))
    }

    fn migrate(&mut self) -> CentralResult<()> {
        let pending = self.pending_migrations()?;
        if pending.as_ref().is_some_and(|p| p.is_empty()) {
            return Ok(());
        }
        self.apply_migrations().map_err(|e| match (&e, pending) {
            (CentralError::Pg(pg), pending)
                if pg.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) =>
            {
                CentralError::MigrationNotAllowed { pending: pending.map(|p| p.join(", ")) }
            }
            _ => e,
        })
    }

    fn apply_migrations(&mut self) -> CentralResult<()> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS zhifa_schema (
                 version    integer     PRIMARY KEY,
                 name       text        NOT NULL,
                 applied_at timestamptz NOT NULL DEFAULT now())",
        )?;
        // Migrations are known by name: each one not applied yet is applied, in order, whatever
        // was applied before it (two lines of work may each have added one and been merged in
        // either order). One this zhifa does not know is a newer zhifa's.
        let applied: Vec<String> = tx
            .query("SELECT name FROM zhifa_schema ORDER BY version", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let known = MIGRATIONS.len() as i32;
        if applied.iter().any(|name| MIGRATIONS.iter().all(|(known, _)| known != name)) {
            return Err(CentralError::TooNew { found: applied.len() as i32, known });
        }
        let mut version: i32 =
            tx.query_one("SELECT coalesce(max(version), 0) FROM zhifa_schema", &[])?.get(0);
        for (name, sql) in MIGRATIONS.iter().filter(|(name, _)| !applied.iter().any(|a| a == name))
        {
            tx.batch_execute(sql)?;
            version += 1;
            tx.execute(
                "INSERT INTO zhifa_schema (version, name) VALUES ($1, $2)",
                &[&version, name],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Names the database role `role` as station `code`'s and grants it what a station's sync
    /// needs, confined to that station's rows (db/central/0010). Only the centre's owner may.
    pub fn grant_station(&mut self, role: &str, code: &str) -> CentralResult<()> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT zhifa_grant_station($1::text::name, $2)", &[&role, &code])?;
        tx.commit()?;
        Ok(())
    }

    /// Takes station rights away from `role`; false when it held none.
    pub fn revoke_station(&mut self, role: &str) -> CentralResult<bool> {
        let mut tx = self.client.transaction()?;
        let revoked: bool =
            tx.query_one("SELECT zhifa_revoke_station($1::text::name)", &[&role])?.get(0);
        tx.commit()?;
        Ok(revoked)
    }

    /// Every role named as a station's, with its station and when it was named.
    pub fn station_roles(&mut self) -> CentralResult<Vec<StationRole>> {
        let rows = self.client.query(
            "SELECT role::text, station, \
             to_char(granted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') \
             FROM station_roles ORDER BY station, role",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| StationRole { role: r.get(0), station: r.get(1), granted_at: r.get(2) })
            .collect())
    }

    /// Registers the station (code, name, its database's first event) or finds it registered.
    pub fn register(&mut self, code: &str, name: &str, genesis: &str) -> CentralResult<Registered> {
        self.check_may_act_as(code)?;
        let mut tx = self.client.transaction()?;
        tx.execute(
            "INSERT INTO stations (code, name, genesis_hash, head_hash)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[&code, &name, &genesis, &zhifa_store::GENESIS_HASH],
        )?;
        let by_code = station_row(&mut tx, "code", code)?;
        let by_history = station_row(&mut tx, "genesis_hash", genesis)?;
        tx.commit()?;
        Ok(match (by_code, by_history) {
            (Some(held), _) if held.genesis_hash == genesis => Registered::Station(held),
            (_, Some(other)) => Registered::HistoryUnderCode(other),
            (Some(held), None) => Registered::CodeTaken(held),
            (None, None) => {
                return Err(CentralError::Inconsistent(format!(
                    "station {code} neither registered nor found"
                )))
            }
        })
    }

    pub fn station(&mut self, code: &str) -> CentralResult<Option<StationRow>> {
        station_row(&mut self.client, "code", code)
    }

    pub fn stations(&mut self) -> CentralResult<Vec<StationRow>> {
        every_station(&mut self.client)
    }

    /// The hash of a station's event `seq`, if the centre holds it.
    pub fn event_hash(&mut self, station: &str, seq: i64) -> CentralResult<Option<String>> {
        let row = self.client.query_opt(
            "SELECT hash FROM events WHERE station = $1 AND seq = $2",
            &[&station, &seq],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Appends `batch` (in order, following the head `after`) to the station's events and moves
    /// its head, in one transaction; `Ok(false)` (nothing written) when the head is no longer
    /// `after` (another push of this station got there first).
    pub fn append(
        &mut self,
        station: &str,
        after: (i64, &str),
        batch: &[EventRecord],
    ) -> CentralResult<bool> {
        let Some(last) = batch.last() else { return Ok(true) };
        let mut tx = self.client.transaction()?;
        let head = tx.query_opt(
            "SELECT head_seq, head_hash FROM stations WHERE code = $1 FOR UPDATE",
            &[&station],
        )?;
        let Some(head) = head else { return Ok(false) };
        if (head.get::<_, i64>(0), head.get::<_, String>(1).as_str()) != after {
            return Ok(false);
        }
        copy_in(
            &mut tx,
            self.own_station.is_some(),
            "events",
            "station, seq, at, actor, terminal, pid, kind, payload, prev_hash, hash, signature",
            "FORMAT csv, FORCE_NULL (signature)",
            &copy_rows(station, batch),
        )?;
        tx.execute(
            "UPDATE stations SET head_seq = $2, head_hash = $3, last_push_at = now()
             WHERE code = $1",
            &[&station, &last.seq, &last.hash],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Replaces the station's open cases with `cases` (computed on `as_of` from the file up to
    /// event `through_seq`), in one transaction.
    pub fn replace_open_cases(
        &mut self,
        station: &str,
        through_seq: i64,
        as_of: chrono::NaiveDate,
        cases: &[OpenCase],
    ) -> CentralResult<()> {
        let mut tx = self.client.transaction()?;
        tx.execute("DELETE FROM open_cases WHERE station = $1", &[&station])?;
        let insert = tx.prepare(
            "INSERT INTO open_cases (station, case_id, number, team, stage, stage_zh, stage_en,
                 place, late_due, uncounted, clocks)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )?;
        for c in cases {
            tx.execute(
                &insert,
                &[
                    &station,
                    &c.case_id,
                    &c.number,
                    &c.team,
                    &c.stage,
                    &c.stage_zh,
                    &c.stage_en,
                    &c.place,
                    &c.late_due,
                    &c.uncounted,
                    &postgres::types::Json(&c.clocks),
                ],
            )?;
        }
        tx.execute(
            "INSERT INTO open_cases_pushed (station, through_seq, as_of) VALUES ($1, $2, $3)
             ON CONFLICT (station) DO UPDATE SET through_seq = excluded.through_seq,
                 as_of = excluded.as_of",
            &[&station, &through_seq, &as_of],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The last event the station's open cases reflect, if it ever pushed them.
    pub fn open_cases_through(&mut self, station: &str) -> CentralResult<Option<i64>> {
        let row = self.client.query_opt(
            "SELECT through_seq FROM open_cases_pushed WHERE station = $1",
            &[&station],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Every station's open cases, those late on `today` (or with a clock that cannot be
    /// counted) only when `overdue_on` is given; by station, then case.
    pub fn open_cases(
        &mut self,
        overdue_on: Option<chrono::NaiveDate>,
        team: Option<&str>,
    ) -> CentralResult<Vec<OpenCase>> {
        let rows = self.client.query(
            "SELECT c.station, c.case_id, c.number, c.team, c.stage, c.stage_zh, c.stage_en,
                    c.place, c.late_due, c.uncounted, c.clocks, p.as_of, p.through_seq
             FROM open_cases c JOIN open_cases_pushed p ON p.station = c.station
             WHERE ($1::date IS NULL OR c.late_due < $1 OR c.uncounted)
               AND ($2::text IS NULL OR c.team = $2)
             ORDER BY c.station, c.case_id",
            &[&overdue_on, &team],
        )?;
        Ok(rows
            .iter()
            .map(|r| OpenCase {
                station: r.get(0),
                case_id: r.get(1),
                number: r.get(2),
                team: r.get(3),
                stage: r.get(4),
                stage_zh: r.get(5),
                stage_en: r.get(6),
                place: r.get(7),
                late_due: r.get(8),
                uncounted: r.get(9),
                clocks: r.get::<_, postgres::types::Json<serde_json::Value>>(10).0,
                as_of: r.get(11),
                through_seq: r.get(12),
            })
            .collect())
    }

    /// A station's events in order, after `after_seq`, at most `limit`.
    pub fn events(
        &mut self,
        station: &str,
        after_seq: i64,
        limit: i64,
    ) -> CentralResult<Vec<EventRecord>> {
        let rows = self.client.query(
            "SELECT seq, at, actor, terminal, pid, kind, payload, prev_hash, hash, signature
             FROM events WHERE station = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[&station, &after_seq, &limit],
        )?;
        Ok(rows.iter().map(event_of).collect())
    }

    /// The signatures of every publication the centre holds (catalog versions, calendar years,
    /// account revisions), each with the station an account revision is for: what a take-in
    /// recorded at a station must have been signed with.
    pub fn publication_signatures(
        &mut self,
    ) -> CentralResult<std::collections::HashMap<String, Option<String>>> {
        let rows = self.client.query(
            "SELECT signature, NULL::text FROM published_catalogs WHERE signature IS NOT NULL
             UNION ALL SELECT signature, NULL FROM published_calendars
             UNION ALL SELECT signature, station FROM published_accounts",
            &[],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// A station's account events (`officer.*`) up to `through_seq`, in order, each with the
    /// hash of the event before it as the centre holds that one (what links it).
    pub fn account_events(
        &mut self,
        station: &str,
        through_seq: i64,
    ) -> CentralResult<Vec<(EventRecord, Option<String>)>> {
        // A role confined to another station reads them through the owner's function, which
        // gives a station's account events only once it has published (db/central/0010).
        let sql = if self.own_station.as_deref().is_some_and(|own| own != station) {
            "SELECT * FROM zhifa_publisher_account_events($1, $2)"
        } else {
            "SELECT e.seq, e.at, e.actor, e.terminal, e.pid, e.kind, e.payload, e.prev_hash,
                    e.hash, e.signature, b.hash
             FROM events e LEFT JOIN events b ON b.station = e.station AND b.seq = e.seq - 1
             WHERE e.station = $1 AND e.seq <= $2 AND e.kind LIKE 'officer.%'
             ORDER BY e.seq"
        };
        let rows = self.client.query(sql, &[&station, &through_seq])?;
        Ok(rows.iter().map(|r| (event_of(r), r.get(10))).collect())
    }

    /// The payloads of a station's `history.generate` events, by seq (what vouches for a
    /// generated history's unsigned events).
    pub fn generated_histories(
        &mut self,
        station: &str,
    ) -> CentralResult<Vec<(i64, serde_json::Value)>> {
        let rows = self.client.query(
            "SELECT seq, payload FROM events WHERE station = $1 AND kind = 'history.generate'
             ORDER BY seq",
            &[&station],
        )?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let payload: String = r.get(1);
                Some((r.get(0), serde_json::from_str(&payload).ok()?))
            })
            .collect())
    }
}

const STATION_COLUMNS: &str = "SELECT s.code, s.name, s.genesis_hash, s.head_seq, s.head_hash, \
     to_char(s.registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
     to_char(s.last_push_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), \
     coalesce(f.through_seq, 0) \
     FROM stations s LEFT JOIN report_facts_pushed f ON f.station = s.code";

fn station_row(
    client: &mut impl postgres::GenericClient,
    column: &str,
    value: &str,
) -> CentralResult<Option<StationRow>> {
    // `column` is one of two names written in this module, never input.
    let row = client.query_opt(&format!("{STATION_COLUMNS} WHERE s.{column} = $1"), &[&value])?;
    Ok(row.as_ref().map(station_from_row))
}

/// Every station, by code (through `client`: a transaction reads them at its moment).
fn every_station(client: &mut impl postgres::GenericClient) -> CentralResult<Vec<StationRow>> {
    let rows = client.query(&format!("{STATION_COLUMNS} ORDER BY s.code"), &[])?;
    Ok(rows.iter().map(station_from_row).collect())
}

fn station_from_row(r: &postgres::Row) -> StationRow {
    StationRow {
        code: r.get(0),
        name: r.get(1),
        genesis_hash: r.get(2),
        head_seq: r.get(3),
        head_hash: r.get(4),
        registered_at: r.get(5),
        last_push_at: r.get(6),
        facts_through: r.get(7),
    }
}

/// Writes `data` (COPY text in `format`) into `table`'s `columns` within `tx`. A role under
/// row-level security may not COPY into its table (PostgreSQL refuses it): for one, the rows go
/// to a temporary table first and from there by INSERT, which the policies check.
pub(crate) fn copy_in(
    tx: &mut postgres::Transaction,
    under_row_security: bool,
    table: &str,
    columns: &str,
    format: &str,
    data: &[u8],
) -> CentralResult<()> {
    let target = if under_row_security {
        let staged = format!("zhifa_staged_{table}");
        tx.batch_execute(&format!(
            "CREATE TEMPORARY TABLE IF NOT EXISTS {staged} (LIKE {table} INCLUDING DEFAULTS) \
             ON COMMIT DELETE ROWS"
        ))?;
        staged
    } else {
        table.to_string()
    };
    let mut writer = tx.copy_in(&format!("COPY {target} ({columns}) FROM STDIN ({format})"))?;
    writer.write_all(data)?;
    writer.finish()?;
    if under_row_security {
        tx.batch_execute(&format!(
            "INSERT INTO {table} ({columns}) SELECT {columns} FROM {target}; TRUNCATE {target}"
        ))?;
    }
    Ok(())
}

/// The batch as COPY's CSV: every field quoted (so an empty text stays empty), a missing
/// signature as the quoted empty field FORCE_NULL turns into NULL.
fn copy_rows(station: &str, batch: &[EventRecord]) -> Vec<u8> {
    let mut out = Vec::with_capacity(batch.iter().map(|e| e.payload.len() + 400).sum());
    for e in batch {
        let fields = [
            station,
            &e.seq.to_string(),
            &e.at,
            &e.actor,
            &e.terminal,
            &e.pid.to_string(),
            &e.kind,
            &e.payload,
            &e.prev_hash,
            &e.hash,
            e.signature.as_deref().unwrap_or(""),
        ];
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            for &b in field.as_bytes() {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        }
        out.push(b'\n');
    }
    out
}

/// An event as a row of the centre's `events` gives it, its columns first and in the order the
/// store keeps them (seq, at, actor, terminal, pid, kind, payload, prev_hash, hash, signature).
fn event_of(r: &postgres::Row) -> EventRecord {
    EventRecord {
        seq: r.get(0),
        at: r.get(1),
        actor: r.get(2),
        terminal: r.get(3),
        pid: r.get(4),
        kind: r.get(5),
        payload: r.get(6),
        prev_hash: r.get(7),
        hash: r.get(8),
        signature: r.get(9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show_in_a_url_shown() {
        assert_eq!(
            masked("postgres://zhifa:s3cret@10.0.0.5:5432/bureau"),
            "postgres://zhifa:***@10.0.0.5:5432/bureau"
        );
        assert_eq!(masked("postgresql://u@h/db"), "postgresql://u@h/db");
        assert_eq!(
            masked("postgres://h/db?user=u&password=pw&sslmode=disable"),
            "postgres://h/db?user=u&password=***&sslmode=disable"
        );
        assert_eq!(masked("host=h user=u"), "host=h user=u");
    }

    #[test]
    fn copy_rows_quote_every_field_and_double_quotes() {
        let e = EventRecord {
            seq: 7,
            at: "2026-12-01T00:00:00Z".into(),
            actor: "QJ1001".into(),
            terminal: "".into(),
            pid: 3,
            kind: "ticket.add".into(),
            payload: "{\"text\":\"a,\\\"b\\\"\\n\"}".into(),
            prev_hash: "0".repeat(64),
            hash: "1".repeat(64),
            signature: None,
        };
        let text = String::from_utf8(copy_rows("GX", &[e])).expect("utf-8");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        let record = reader.records().next().expect("a row").expect("csv");
        assert_eq!(&record[0], "GX");
        assert_eq!(&record[4], "");
        assert_eq!(&record[7], "{\"text\":\"a,\\\"b\\\"\\n\"}");
        assert_eq!(&record[10], "");
        assert!(text.contains(r#""QJ1001","","3""#), "{text}");
    }
}
