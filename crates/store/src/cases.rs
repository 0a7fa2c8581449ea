//! Cases in SQLite. Opening a case freezes the catalog items it cites as they were in the
//! version in force on the day of the act, after checking each is there and within the team's
//! scope (APL art. 38: a penalty without a basis is void). Every procedural step is judged by
//! the pure state machine (`domain::case::apply`) inside the write transaction, stored as a
//! `case_steps` row and an event, and the case's current state follows. Nothing is edited.
//! The articles the items cite are frozen too, from the law texts loaded (`laws.rs`).

use super::catalog::{item_in, load_versions};
use super::identity::{authorize_on, Identity};
use super::{events, next_in_history, officers, History, Store, StoreError, StoreResult};
use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::json;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::case::{apply, operation, Case, Earlier, Judge, Stage, Step, StepRefusal};
use zhifa_core::domain::case_file::{
    check_id_number, in_scope, station_number, CaseRecord, CaseRules, CaseSource, CitedItem,
    FrozenArticle, IdNumberProblem, NewCase, Party, StepRecord,
};
use zhifa_core::domain::catalog::{CatalogItem, PartyKind};
use zhifa_core::domain::officer::{Operation, Role, Team};
use zhifa_core::domain::penalty::{check, check_simple, hearing_right, PenaltyRefusal, Proposal};
use zhifa_core::domain::version::in_force_on;

/// Why a case could not be opened or a step taken; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseRefusal {
    #[error("no catalog was in force on {0}, the day of the act")]
    NoCatalogOn(NaiveDate),
    #[error("item {code} is not in catalog {version}, in force on {date} (the day of the act)")]
    NotInForce { code: String, version: String, date: NaiveDate },
    #[error("item {code} is outside the scope of team {team}")]
    OutOfScope { code: String, team: String },
    #[error("a case cites at least one catalog item")]
    NoItems,
    #[error("grid {grid} does not belong to team {team}")]
    GridOfOtherTeam { grid: String, team: String },
    #[error("no grid {0}")]
    NoSuchGrid(String),
    #[error("no case {0}")]
    NoSuchCase(i64),
    #[error("{badge} is in team {officer_team}, not in {case_team}, whose case this is")]
    OtherTeam { badge: String, officer_team: String, case_team: String },
    #[error("{0} holds no valid enforcement certificate: only certified officers investigate")]
    NotCertified(String),
    #[error("{0}")]
    BadNumberPattern(String),
    #[error("{}", .0.iter().map(|r| r.to_string()).collect::<Vec<_>>().join("; "))]
    Penalty(Vec<PenaltyRefusal>),
    #[error("an on-the-spot decision names its party")]
    NoParty,
    #[error("party {0}: {1}")]
    IdNumber(String, IdNumberProblem),
    #[error("no finding {1} on patrol {0}")]
    NoSuchFinding(i64, i64),
    #[error("finding {1} of patrol {0} belongs to another team's patrol")]
    FindingOfOtherTeam(i64, i64),
    #[error(transparent)]
    Step(#[from] StepRefusal),
}

impl CaseRefusal {
    pub fn message_zh(&self) -> String {
        match self {
            Self::NoCatalogOn(d) => format!("违法行为发生日 {d} 没有现行的执法事项目录"),
            Self::NotInForce { code, version, date } => format!(
                "事项 {code} 不在违法行为发生日 {date} 现行的目录（{version}）中：无依据不得处罚（《行政处罚法》第三十八条）"
            ),
            Self::OutOfScope { code, team } => format!("事项 {code} 不在中队 {team} 的实施范围内"),
            Self::NoItems => "案件须引用至少一个执法事项".into(),
            Self::GridOfOtherTeam { grid, team } => format!("网格 {grid} 不属于中队 {team}"),
            Self::NoSuchGrid(g) => format!("没有网格 {g}"),
            Self::NoSuchCase(id) => format!("没有编号为 {id} 的案件"),
            Self::OtherTeam { badge, officer_team, case_team } => {
                format!("{badge} 属于 {officer_team}，不能办理 {case_team} 的案件")
            }
            Self::NotCertified(b) => format!("{b} 没有有效的执法证，不能参与调查取证"),
            Self::BadNumberPattern(m) => m.clone(),
            Self::Penalty(refusals) => {
                refusals.iter().map(PenaltyRefusal::message_zh).collect::<Vec<_>>().join("；")
            }
            Self::NoParty => "当场处罚决定须写明当事人".into(),
            Self::IdNumber(name, problem) => format!("当事人 {name}：{}", problem.message_zh()),
            Self::NoSuchFinding(p, n) => format!("巡查 {p} 没有第 {n} 条发现"),
            Self::FindingOfOtherTeam(p, n) => format!("巡查 {p} 的第 {n} 条发现属于其他中队"),
            Self::Step(refusal) => refusal.message_zh(),
        }
    }
}

impl From<CaseRefusal> for StoreError {
    fn from(refusal: CaseRefusal) -> Self {
        StoreError::Case(refusal)
    }
}

impl Store {
    /// Opens a case as a lead, citing `new.items` as they are in the version in force on the day
    /// of the act. Officers and team leaders ([`Operation::EditCaseRecords`]).
    pub fn open_case(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        new: &NewCase,
    ) -> StoreResult<CaseRecord> {
        check_new_case(new, now)?;
        let id = self.write(|tx| {
            authorize_on(tx, who, Operation::EditCaseRecords, now)?;
            let (team, cited) = checked_citation(tx, new)?;
            let articles = articles_of(tx, &cited, new.act_on)?;
            let state = new.opening_state();
            let opening =
                Opening { team: &team, cited: &cited, articles: &articles, state: &state };
            insert_case(tx, who, now, new, &opening)
        })?;
        self.case(id)?.ok_or(StoreError::Case(CaseRefusal::NoSuchCase(id)))
    }

    /// Takes one procedural step, judged by the state machine under `rules`: a proposed penalty
    /// is checked against the item cited first, the notice states the hearing right the
    /// proposed fine gives, and filing approval gives the case its number.
    pub fn take_step(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        id: i64,
        step: &Step,
        rules: &CaseRules,
    ) -> StoreResult<CaseRecord> {
        self.write(|tx| {
            authorize_on(tx, who, operation(step), now)?;
            let (role, badge) = acting_officer(tx, who)?;
            let (state, case_team, number) = load_state(tx, id)?;
            check_team(tx, &badge, role, &case_team)?;
            if let Step::AssignInvestigators(badges) = step {
                check_certified(tx, badges, now)?;
            }
            let step = judged(tx, id, &state, step, rules)?;
            let taken = Taken { id, state: &state, number, role };
            record_step(tx, who, now, &taken, &step, rules)
        })?;
        self.case(id)?.ok_or(StoreError::Case(CaseRefusal::NoSuchCase(id)))
    }

    /// The simple procedure (APL arts. 51–52): the officer and `partner`, both certified and of
    /// the case's team, decide `penalty` on the spot; the case is opened, decided and served in
    /// one transaction and carries the decision's number in the simple series.
    pub fn decide_on_the_spot(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        new: &NewCase,
        penalty: &Proposal,
        partner: &str,
        rules: &CaseRules,
    ) -> StoreResult<CaseRecord> {
        check_new_case(new, now)?;
        if new.parties.is_empty() {
            return Err(CaseRefusal::NoParty.into());
        }
        check_simple(penalty).map_err(|r| CaseRefusal::Penalty(vec![r]))?;
        let id = self.write(|tx| {
            // It opens a case and decides it on the spot: both.
            authorize_on(tx, who, Operation::EditCaseRecords, now)?;
            authorize_on(tx, who, Operation::DecideOnTheSpot, now)?;
            let (role, badge) = acting_officer(tx, who)?;
            let (team, cited) = checked_citation(tx, new)?;
            let officers = vec![badge.clone(), partner.trim().to_string()];
            check_certified(tx, &officers, now)?;
            for officer in &officers {
                check_team(tx, officer, Role::Officer, &team.code)?;
            }
            check_penalty(&cited[0].1, penalty)?;
            let mut state = new.opening_state();
            state.simple = true;
            state.penalty = Some(penalty.clone());
            let articles = articles_of(tx, &cited, new.act_on)?;
            let opening =
                Opening { team: &team, cited: &cited, articles: &articles, state: &state };
            let id = insert_case(tx, who, now, new, &opening)?;
            let taken = Taken { id, state: &state, number: None, role };
            let step = Step::DecideOnTheSpot { on: new.lead_on, officers };
            record_step(tx, who, now, &taken, &step, rules)?;
            Ok(id)
        })?;
        self.case(id)?.ok_or(StoreError::Case(CaseRefusal::NoSuchCase(id)))
    }

    /// Every case, newest first (without items, parties and steps: see [`Store::case`]).
    pub fn cases(&self) -> StoreResult<Vec<CaseRecord>> {
        let sql = format!("SELECT {HEAD_COLUMNS} FROM cases ORDER BY id DESC");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], head_from_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|c| c)).collect()
    }

    /// The cases still being worked on ([`Stage::is_open`]), newest first, as [`Store::cases`]
    /// gives them. Only these run clocks, and they stay few however long the history: the
    /// archived ones are never read.
    pub fn open_cases(&self) -> StoreResult<Vec<CaseRecord>> {
        let open: Vec<&str> =
            Stage::ALL.into_iter().filter(|s| s.is_open()).map(Stage::key).collect();
        let marks = vec!["?"; open.len()].join(", ");
        // `stage IN (…)` is a few short ranges of cases_by_stage (db/0009).
        let sql =
            format!("SELECT {HEAD_COLUMNS} FROM cases WHERE stage IN ({marks}) ORDER BY id DESC");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(open), head_from_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(|c| c)).collect()
    }

    /// One case in full.
    pub fn case(&self, id: i64) -> StoreResult<Option<CaseRecord>> {
        // At one moment: a step another terminal commits between reading the case and reading
        // its steps would show a stage its own steps do not lead to.
        self.read_snapshot(|store| {
            let Some(mut record) = store.case_head(id)? else { return Ok(None) };
            record.items = cited_items(&store.conn, id)?;
            record.articles = super::laws::case_articles(&store.conn, id)?;
            record.parties = parties(&store.conn, id)?;
            record.steps = steps(&store.conn, id)?;
            Ok(Some(record))
        })
    }

    /// The case with this number (〔2026〕…第N号).
    pub fn case_by_number(&self, number: &str) -> StoreResult<Option<CaseRecord>> {
        let id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM cases WHERE number = ?1", [number.trim()], |r| r.get(0))
            .optional()?;
        id.map_or(Ok(None), |id| self.case(id))
    }

    fn case_head(&self, id: i64) -> StoreResult<Option<CaseRecord>> {
        let sql = format!("SELECT {HEAD_COLUMNS} FROM cases WHERE id = ?1");
        self.conn.query_row(&sql, [id], head_from_row).optional()?.transpose()
    }
}

const HEAD_COLUMNS: &str = "id, number, team_code, source, ticket_id, place, grid_code, facts, \
    state, finding_patrol, finding_seq";

/// A case without its items, parties and steps (what lists need).
fn head_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoreResult<CaseRecord>> {
    let id: i64 = r.get(0)?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("case {id}: {what}"));
    let source: String = r.get(3)?;
    let Some(source) = CaseSource::from_key(&source) else { return Ok(Err(corrupt("source"))) };
    let state = match serde_json::from_str(&r.get::<_, String>(8)?) {
        Ok(state) => state,
        Err(e) => return Ok(Err(corrupt(&e.to_string()))),
    };
    Ok(Ok(CaseRecord {
        id,
        number: r.get(1)?,
        team: r.get(2)?,
        source,
        ticket: r.get(4)?,
        place: r.get(5)?,
        grid: r.get(6)?,
        facts: r.get(7)?,
        items: Vec::new(),
        parties: Vec::new(),
        state,
        steps: Vec::new(),
        finding: match (r.get(9)?, r.get(10)?) {
            (Some(patrol), Some(seq)) => Some((patrol, seq)),
            _ => None,
        },
        articles: Vec::new(),
    }))
}

fn to_json(value: &impl serde::Serialize) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn team(conn: &Connection, code: &str) -> StoreResult<Team> {
    let code = code.trim();
    conn.query_row("SELECT code, name, brigade_code FROM teams WHERE code = ?1", [code], |r| {
        Ok(Team { code: r.get(0)?, name: r.get(1)?, brigade: r.get(2)? })
    })
    .optional()?
    .ok_or_else(|| StoreError::NoSuchTeam(code.to_string()))
}

fn check_grid(conn: &Connection, grid: Option<&str>, team: &Team) -> StoreResult<()> {
    let Some(grid) = grid else { return Ok(()) };
    let owner: Option<String> = conn
        .query_row("SELECT team_code FROM grids WHERE code = ?1", [grid], |r| r.get(0))
        .optional()?;
    match owner {
        None => Err(CaseRefusal::NoSuchGrid(grid.to_string()).into()),
        Some(owner) if owner != team.code => {
            Err(CaseRefusal::GridOfOtherTeam { grid: grid.into(), team: team.code.clone() }.into())
        }
        Some(_) => Ok(()),
    }
}

/// The items as they are in the version in force on `act_on`, each checked for scope.
type Cited = ((i64, String), zhifa_core::domain::catalog::CatalogItem);

fn cite(
    conn: &Connection,
    codes: &[String],
    act_on: NaiveDate,
    team: &Team,
) -> StoreResult<Vec<Cited>> {
    let versions = load_versions(conn)?;
    let version = in_force_on(&versions, act_on)
        .and_then(|i| versions.get(i))
        .ok_or(CaseRefusal::NoCatalogOn(act_on))?;
    let mut cited = Vec::new();
    for code in codes {
        let code = code.trim();
        let item = item_in(conn, version.id, code)?.ok_or_else(|| CaseRefusal::NotInForce {
            code: code.to_string(),
            version: version.label.clone(),
            date: act_on,
        })?;
        if !in_scope(&item, team) {
            return Err(
                CaseRefusal::OutOfScope { code: code.into(), team: team.code.clone() }.into()
            );
        }
        cited.push(((version.id.0, version.label.clone()), item));
    }
    Ok(cited)
}

/// The articles the cited items cite, frozen as in force on the day of the act (APL art. 37).
fn articles_of(
    tx: &Transaction<'_>,
    cited: &[Cited],
    act_on: NaiveDate,
) -> StoreResult<Vec<FrozenArticle>> {
    let items: Vec<&CatalogItem> = cited.iter().map(|(_, item)| item).collect();
    super::laws::articles_cited(tx, &items, act_on)
}

fn insert_items(tx: &Transaction<'_>, id: i64, cited: &[Cited]) -> StoreResult<()> {
    for (ordinal, ((version, _), item)) in cited.iter().enumerate() {
        tx.execute(
            "INSERT INTO case_items (case_id, ordinal, version_id, code, item) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, ordinal as i64, version, item.code, to_json(item)?],
        )?;
    }
    Ok(())
}

pub(super) fn insert_parties(tx: &Transaction<'_>, id: i64, parties: &[Party]) -> StoreResult<()> {
    for (ordinal, party) in parties.iter().enumerate() {
        let kind = party_kind_key(party.kind);
        tx.prepare_cached(
            "INSERT INTO case_parties (case_id, ordinal, kind, name, id_number, contact)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            id,
            ordinal as i64,
            kind,
            officers::non_empty(&party.name, "party name")?,
            party.id_number.trim(),
            party.contact.trim()
        ])?;
    }
    Ok(())
}

/// The role and badge of the officer taking a step (the account as it is now).
fn acting_officer(conn: &Connection, who: &Identity) -> StoreResult<(Role, String)> {
    let badge = who.officer().map(|o| o.badge.clone()).unwrap_or_default();
    let officer = officers::load(conn, &badge)?.ok_or(StoreError::NoSuchOfficer(badge))?;
    Ok((officer.role, officer.badge))
}

fn load_state(conn: &Connection, id: i64) -> StoreResult<(Case, String, Option<String>)> {
    let row: Option<(String, String, Option<String>)> = conn
        .query_row("SELECT state, team_code, number FROM cases WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let (state, team, number) = row.ok_or(CaseRefusal::NoSuchCase(id))?;
    let state =
        serde_json::from_str(&state).map_err(|e| StoreError::Corrupt(format!("case {id}: {e}")))?;
    Ok((state, team, number))
}

/// Officers and leaders work on their own team's cases; reviewers (no team) on any.
fn check_team(conn: &Connection, badge: &str, role: Role, case_team: &str) -> StoreResult<()> {
    let officer =
        officers::load(conn, badge)?.ok_or_else(|| StoreError::NoSuchOfficer(badge.into()))?;
    match (&officer.team, role) {
        (_, Role::LegalReviewer) | (None, _) => Ok(()),
        (Some(team), _) if team == case_team => Ok(()),
        (Some(team), _) => Err(CaseRefusal::OtherTeam {
            badge: badge.into(),
            officer_team: team.clone(),
            case_team: case_team.into(),
        }
        .into()),
    }
}

/// Investigators must be active officers or leaders with a certificate valid today.
fn check_certified(conn: &Connection, badges: &[String], now: DateTime<Utc>) -> StoreResult<()> {
    let today = zhifa_core::clock::china_date(now);
    for badge in badges {
        let officer = officers::load(conn, badge.trim())?
            .ok_or_else(|| StoreError::NoSuchOfficer(badge.clone()))?;
        let certified = officer.active
            && matches!(officer.role, Role::Officer | Role::TeamLeader)
            && officer.cert_expiry.is_some_and(|expiry| expiry >= today);
        if !certified {
            return Err(CaseRefusal::NotCertified(officer.badge).into());
        }
    }
    Ok(())
}

/// What must be there before anything is written: the texts, an act no later than its
/// discovery, and a discovery no later than today.
fn check_new_case(new: &NewCase, now: DateTime<Utc>) -> StoreResult<()> {
    let today = zhifa_core::clock::china_date(now);
    if new.lead_on > today {
        return Err(CaseRefusal::from(StepRefusal::InFuture { on: new.lead_on, today }).into());
    }
    if new.act_on > new.lead_on {
        let late =
            StepRefusal::BeforeEarlier { on: new.lead_on, earlier: new.act_on, what: Earlier::Act };
        return Err(CaseRefusal::from(late).into());
    }
    officers::non_empty(&new.place, "place")?;
    officers::non_empty(&new.facts, "facts")?;
    if new.items.is_empty() {
        return Err(CaseRefusal::NoItems.into());
    }
    for party in &new.parties {
        check_id_number(party.kind, &party.id_number)
            .map_err(|problem| CaseRefusal::IdNumber(party.name.clone(), problem))?;
    }
    Ok(())
}

/// The case's team, with its grid and the finding it grew from checked, and the items it cites
/// as they are in the version in force on the day of the act.
fn checked_citation(tx: &Transaction<'_>, new: &NewCase) -> StoreResult<(Team, Vec<Cited>)> {
    let team = team(tx, &new.team)?;
    check_grid(tx, new.grid.as_deref(), &team)?;
    if let Some((patrol, seq)) = new.finding {
        check_finding(tx, patrol, seq, &team)?;
    }
    let cited = cite(tx, &new.items, new.act_on, &team)?;
    Ok((team, cited))
}

fn check_finding(conn: &Connection, patrol: i64, seq: i64, team: &Team) -> StoreResult<()> {
    let owner: Option<String> = conn
        .query_row(
            "SELECT p.team_code FROM patrol_findings f JOIN patrols p ON p.id = f.patrol_id
             WHERE f.patrol_id = ?1 AND f.seq = ?2",
            [patrol, seq],
            |r| r.get(0),
        )
        .optional()?;
    match owner {
        None => Err(CaseRefusal::NoSuchFinding(patrol, seq).into()),
        Some(owner) if owner != team.code => {
            Err(CaseRefusal::FindingOfOtherTeam(patrol, seq).into())
        }
        Some(_) => Ok(()),
    }
}

/// What a case is opened with, checked: its team, the items it cites (frozen), the articles
/// those cite (frozen), its first state.
struct Opening<'a> {
    team: &'a Team,
    cited: &'a [Cited],
    articles: &'a [FrozenArticle],
    state: &'a Case,
}

/// Writes the case row, its items, articles and parties, and the opening event; the new case's
/// id.
fn insert_case(
    tx: &Transaction<'_>,
    who: &Identity,
    now: DateTime<Utc>,
    new: &NewCase,
    opening: &Opening<'_>,
) -> StoreResult<i64> {
    let Opening { team, cited, articles, state } = *opening;
    let procedure = if state.simple { "simple" } else { "ordinary" };
    let (place, facts) = (new.place.trim(), new.facts.trim());
    let items = cited.iter().map(|(v, c)| cited_in_log(&v.1, &c.code)).collect();
    let mut payload = open_payload(new, &team.code, procedure, items, state);
    if !articles.is_empty() {
        payload["articles"] = super::laws::articles_in_log(articles);
    }
    let seq = events::append(tx, who.actor(), now, "case.open", &payload)?;
    tx.execute(
        "INSERT INTO cases (team_code, source, ticket_id, place, grid_code, facts, act_on,
             lead_on, stage, state, created_event, procedure, finding_patrol, finding_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            team.code,
            new.source.key(),
            new.ticket,
            place,
            new.grid,
            facts,
            new.act_on.to_string(),
            new.lead_on.to_string(),
            state.stage.key(),
            to_json(state)?,
            seq,
            procedure,
            new.finding.map(|f| f.0),
            new.finding.map(|f| f.1)
        ],
    )?;
    let id = tx.last_insert_rowid();
    insert_items(tx, id, cited)?;
    super::laws::insert_case_articles(tx, id, articles)?;
    insert_parties(tx, id, &new.parties)?;
    Ok(id)
}

/// How the log names an item a case cites: the version's label and the item's code.
pub(super) fn cited_in_log(version: &str, code: &str) -> serde_json::Value {
    json!({ "version": version, "code": code })
}

/// What a `case.open` event says: the case as opened (its first state included, so the log alone
/// gives every later state), the parties by name, and a witness of their identity numbers and
/// contacts, which stay in the case, out of the log.
pub(super) fn open_payload(
    new: &NewCase,
    team: &str,
    procedure: &str,
    items: Vec<serde_json::Value>,
    state: &Case,
) -> serde_json::Value {
    let details: Vec<_> = new
        .parties
        .iter()
        .map(|p| json!([party_kind_key(p.kind), p.id_number.trim(), p.contact.trim()]))
        .collect();
    json!({
        "team": team, "source": new.source.key(), "ticket": new.ticket,
        "finding": new.finding, "procedure": procedure,
        "place": new.place.trim(), "grid": new.grid, "facts": new.facts.trim(),
        "act_on": new.act_on.to_string(), "lead_on": new.lead_on.to_string(),
        "items": items,
        "parties": new.parties.iter().map(|p| p.name.trim()).collect::<Vec<_>>(),
        "party_details": events::witness(&json!(details)),
        "state": state,
    })
}

pub(super) fn party_kind_key(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::Individual => "individual",
        PartyKind::Organisation => "organisation",
    }
}

fn check_penalty(item: &CatalogItem, proposal: &Proposal) -> StoreResult<()> {
    let refusals = check(item, proposal);
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(CaseRefusal::Penalty(refusals).into())
    }
}

/// The step as it will be recorded: a proposed penalty must be lawful for the item cited first
/// (the main one), and the notice states the hearing right the proposed fine gives (art. 63).
fn judged(
    conn: &Connection,
    id: i64,
    state: &Case,
    step: &Step,
    rules: &CaseRules,
) -> StoreResult<Step> {
    match (step, &state.penalty) {
        (Step::ProposePenalty(proposal), _) => {
            let items = cited_items(conn, id)?;
            let main = items.first().ok_or(CaseRefusal::NoItems)?;
            check_penalty(&main.item, proposal)?;
            Ok(step.clone())
        }
        (Step::GiveNotice { on, .. }, Some(p)) => {
            let items = cited_items(conn, id)?;
            let domain = items.first().map_or("", |c| c.item.domain.as_str());
            let thresholds = rules.hearing.for_domain(domain);
            Ok(Step::GiveNotice {
                on: *on,
                // Art. 63(1)(一)(二): a large fine, or a large confiscation.
                hearing_right: hearing_right(p, thresholds),
            })
        }
        _ => Ok(step.clone()),
    }
}

/// A case about to take a step: as it stands, with its number if it has one.
struct Taken<'a> {
    id: i64,
    state: &'a Case,
    number: Option<String>,
    role: Role,
}

/// Applies `step` by the state machine and records it: the step row, its event, the new state,
/// and the number the step gives (filing: the case series; on the spot: the simple series).
fn record_step(
    tx: &Transaction<'_>,
    who: &Identity,
    now: DateTime<Utc>,
    case: &Taken,
    step: &Step,
    rules: &CaseRules,
) -> StoreResult<()> {
    let id = case.id;
    let judge = Judge {
        role: case.role,
        today: zhifa_core::clock::china_date(now),
        calendar: rules.calendar,
        authority: &rules.authority,
    };
    let next = apply(case.state, step, &judge).map_err(CaseRefusal::from)?;
    let new_number = match (step, &case.number) {
        (Step::ApproveFiling { on, .. }, None) => {
            Some(next_number(tx, on.year(), rules.number_pattern)?)
        }
        (Step::DecideOnTheSpot { on, .. }, None) => {
            Some(next_simple_number(tx, on.year(), rules.simple_pattern)?)
        }
        _ => None,
    };
    let number = new_number.clone().or(case.number.clone());
    let step_no = next_in_history(tx, History::CaseSteps, id)?;
    let taken = StepTaken { case: id, seq: step_no, step, stage_after: next.stage, number };
    append_step(tx, who.actor(), now, &taken)?;
    tx.execute(
        "UPDATE cases SET stage = ?1, state = ?2 WHERE id = ?3",
        params![next.stage.key(), to_json(&next)?, id],
    )?;
    if let Some(number) = new_number {
        tx.execute("UPDATE cases SET number = ?1 WHERE id = ?2", params![number, id])?;
    }
    Ok(())
}

/// One step as the history records it.
pub(super) struct StepTaken<'a> {
    pub case: i64,
    pub seq: i64,
    pub step: &'a Step,
    pub stage_after: Stage,
    /// The case's number after the step, if it has one.
    pub number: Option<String>,
}

/// The step's event and its history row (the case row itself is the caller's).
pub(super) fn append_step(
    tx: &Transaction<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    taken: &StepTaken,
) -> StoreResult<()> {
    let payload = json!({ "case": taken.case, "step": taken.step,
                          "stage_after": taken.stage_after.key(), "number": taken.number });
    let event = events::append(tx, actor, now, "case.step", &payload)?;
    tx.prepare_cached(
        "INSERT INTO case_steps (case_id, seq, step, stage_after, actor, at, event_seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        taken.case,
        taken.seq,
        to_json(taken.step)?,
        taken.stage_after.key(),
        actor.id,
        now.to_rfc3339_opts(SecondsFormat::Secs, true),
        event
    ])?;
    Ok(())
}

fn next_simple_number(tx: &Transaction<'_>, year: i32, pattern: &str) -> StoreResult<String> {
    let n: i64 = tx.query_row(
        "INSERT INTO decision_counters (series, year, last) VALUES ('simple', ?1, 1)
         ON CONFLICT (series, year) DO UPDATE SET last = last + 1 RETURNING last",
        [year],
        |r| r.get(0),
    )?;
    let n = u32::try_from(n).map_err(|_| StoreError::Corrupt("decision counter".into()))?;
    let station = super::station::station_code(tx)?;
    station_number(pattern, station.as_deref(), year, n)
        .map_err(|m| CaseRefusal::BadNumberPattern(m).into())
}

fn next_number(tx: &Transaction<'_>, year: i32, pattern: &str) -> StoreResult<String> {
    let n: i64 = tx.query_row(
        "INSERT INTO case_number_counters (year, last) VALUES (?1, 1)
         ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
        [year],
        |r| r.get(0),
    )?;
    let n = u32::try_from(n).map_err(|_| StoreError::Corrupt("case number counter".into()))?;
    let station = super::station::station_code(tx)?;
    station_number(pattern, station.as_deref(), year, n)
        .map_err(|m| CaseRefusal::BadNumberPattern(m).into())
}

fn cited_items(conn: &Connection, id: i64) -> StoreResult<Vec<CitedItem>> {
    let mut stmt = conn.prepare(
        "SELECT v.label, i.item FROM case_items i JOIN catalog_versions v ON v.id = i.version_id
         WHERE i.case_id = ?1 ORDER BY i.ordinal",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|row| {
        let (version, item) = row?;
        let item = serde_json::from_str(&item)
            .map_err(|e| StoreError::Corrupt(format!("case {id} item: {e}")))?;
        Ok(CitedItem { version, item })
    })
    .collect()
}

fn parties(conn: &Connection, id: i64) -> StoreResult<Vec<Party>> {
    let mut stmt = conn.prepare(
        "SELECT kind, name, id_number, contact FROM case_parties WHERE case_id = ?1 ORDER BY ordinal",
    )?;
    let rows = stmt.query_map([id], |r| {
        let kind = if r.get::<_, String>(0)? == "organisation" {
            PartyKind::Organisation
        } else {
            PartyKind::Individual
        };
        Ok(Party { kind, name: r.get(1)?, id_number: r.get(2)?, contact: r.get(3)? })
    })?;
    rows.collect::<Result<_, _>>().map_err(StoreError::from)
}

fn steps(conn: &Connection, id: i64) -> StoreResult<Vec<StepRecord>> {
    let mut stmt = conn.prepare(
        "SELECT seq, step, stage_after, actor, at FROM case_steps WHERE case_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    rows.map(|row| {
        let (seq, step, stage, actor, at) = row?;
        let corrupt = |what: String| StoreError::Corrupt(format!("case {id} step {seq}: {what}"));
        Ok(StepRecord {
            seq,
            step: serde_json::from_str(&step).map_err(|e| corrupt(e.to_string()))?,
            stage_after: Stage::from_key(&stage).ok_or_else(|| corrupt(stage.clone()))?,
            actor,
            at,
        })
    })
    .collect()
}
