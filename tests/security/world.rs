//! The prepared store the permission table runs on: the demo teams, grids, catalog and one
//! account of every role, plus an officer whose certificate has expired, one deactivated and one
//! locked after logging in, and the OS user whose setup identity outlived the first admin. Each
//! write is attempted by every one of them ([`Who`]), on work the right officers prepared.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use zhifa::calendar::{shipped, WorkCalendar};
use zhifa::demo::{demo_catalog, seed_demo, seed_demo_officers};
use zhifa::domain::actor::Actor;
use zhifa::domain::case::{Act, Step};
use zhifa::domain::case_file::{CaseRules, CaseSource, NewCase, Party};
use zhifa::domain::catalog::{CatalogItem, PartyKind};
use zhifa::domain::officer::{may, needs_certificate, NewOfficer, Operation, Role};
use zhifa::domain::patrol::{Finding, FindingAction, NewPatrol, PatrolKind};
use zhifa::domain::penalty::{HearingThresholds, Proposal};
use zhifa::domain::ticket::{Channel, IncomingTicket, Reporter};
use zhifa::store::{password, AccessError, Identity, Store};

pub const ITEM: &str = "330217101001";
pub const TEAM: &str = "QX01";
const ADMIN: (&str, &str) = ("QJ0001", "demo-admin-2026");
const LEADER: (&str, &str) = ("QJ3001", "300100");
const REVIEWER: (&str, &str) = ("QJ4001", "400100");
const OFFICER: (&str, &str) = ("QJ1001", "100100");
const HEAD: (&str, &str) = ("QJ0100", "010100");
/// A PIN given to the accounts this file adds.
const PIN: &str = "246813";

pub fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
}

pub fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
}

/// Everyone who may sit at the terminal, as far as permissions go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Officer,
    Auxiliary,
    TeamLeader,
    /// The bureau's head (行政机关负责人).
    Head,
    LegalReviewer,
    Admin,
    Auditor,
    /// An officer whose enforcement certificate expired before today.
    ExpiredCertificate,
    /// Logged in, then deactivated by the admin.
    Deactivated,
    /// Logged in, then locked by five wrong passwords typed at another terminal.
    Locked,
    /// The setup identity of the OS user, taken before the first admin existed.
    OsUserAfterSetup,
}

/// Which refusal a write must meet (the kinds of [`AccessError`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotAllowed,
    NotCertified,
    AccountUnusable,
    AdminExists,
}

impl Refusal {
    pub fn of(error: &AccessError) -> Option<Refusal> {
        match error {
            AccessError::NotAllowed { .. } => Some(Refusal::NotAllowed),
            AccessError::NotCertified { .. } => Some(Refusal::NotCertified),
            AccessError::AccountUnusable(_) => Some(Refusal::AccountUnusable),
            AccessError::AdminExists => Some(Refusal::AdminExists),
            // No identity of this world has an account row altered behind the log.
            AccessError::NotForBootstrap { .. } | AccessError::AccountDisagrees(_) => None,
        }
    }
}

impl Who {
    pub const ALL: [Who; 11] = [
        Who::Officer,
        Who::Auxiliary,
        Who::TeamLeader,
        Who::Head,
        Who::LegalReviewer,
        Who::Admin,
        Who::Auditor,
        Who::ExpiredCertificate,
        Who::Deactivated,
        Who::Locked,
        Who::OsUserAfterSetup,
    ];

    fn badge_and_password(self) -> Option<(&'static str, &'static str)> {
        match self {
            Who::Officer => Some(OFFICER),
            Who::Auxiliary => Some(("QJ2001", "200100")),
            Who::TeamLeader => Some(LEADER),
            Who::Head => Some(HEAD),
            Who::LegalReviewer => Some(REVIEWER),
            Who::Admin => Some(ADMIN),
            Who::Auditor => Some(("QJ5001", "500100")),
            Who::ExpiredCertificate => Some(("QJ1003", PIN)),
            Who::Deactivated => Some(("QJ1004", PIN)),
            Who::Locked => Some(("QJ1005", PIN)),
            Who::OsUserAfterSetup => None,
        }
    }

    /// The role of the account, if it is a usable one.
    pub fn role(self) -> Option<Role> {
        Some(match self {
            Who::Deactivated | Who::Locked | Who::OsUserAfterSetup => return None,
            Who::Officer | Who::ExpiredCertificate => Role::Officer,
            Who::Auxiliary => Role::Auxiliary,
            Who::TeamLeader => Role::TeamLeader,
            Who::Head => Role::Head,
            Who::LegalReviewer => Role::LegalReviewer,
            Who::Admin => Role::Admin,
            Who::Auditor => Role::Auditor,
        })
    }

    /// The permission rule: `may(role, op)`, a certificate valid today for what
    /// `needs_certificate`, and an account still active and unlocked.
    pub fn expected(self, op: Operation) -> Result<(), Refusal> {
        let role = match self {
            Who::Deactivated | Who::Locked => return Err(Refusal::AccountUnusable),
            Who::OsUserAfterSetup => return Err(Refusal::AdminExists),
            _ => self.role().ok_or(Refusal::AccountUnusable)?,
        };
        if !may(role, op) {
            return Err(Refusal::NotAllowed);
        }
        if self == Who::ExpiredCertificate && needs_certificate(op) {
            return Err(Refusal::NotCertified);
        }
        Ok(())
    }
}

/// What one write acts on, made fresh by a row's `prepare`.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub id: i64,
    pub other: i64,
    pub key: String,
}

pub struct World {
    pub store: Store,
    pub calendar: WorkCalendar,
    pub items: Vec<CatalogItem>,
    identities: Vec<(Who, Identity)>,
    serial: u32,
}

impl World {
    pub fn new() -> World {
        let mut store = Store::open_in_memory().expect("store");
        store.set_password_cost(password::FAST_FOR_TESTS);
        let actor = Actor::new("os:setup", "tty1", 1);
        seed_demo(&mut store, &actor, now()).expect("catalog");
        let os_user = store.bootstrap_identity(actor.clone()).expect("no admin yet");
        seed_demo_officers(&mut store, &actor, now()).expect("officers");
        let items = demo_catalog(1).expect("demo catalog").items;
        let calendar = shipped().expect("calendar");
        let mut world = World { store, calendar, items, identities: Vec::new(), serial: 0 };
        world.add_officer("QJ1003", Some(day("2026-06-30")));
        world.add_officer("QJ1004", Some(day("2028-12-31")));
        world.add_officer("QJ1005", Some(day("2028-12-31")));
        for who in Who::ALL {
            let identity = match who.badge_and_password() {
                Some((badge, password)) => world.login(badge, password),
                None => os_user.clone(),
            };
            world.identities.push((who, identity));
        }
        let admin = world.identity(Who::Admin);
        world.store.deactivate_officer(&admin, now(), "QJ1004").expect("deactivate");
        world.lock("QJ1005");
        world
    }

    pub fn identity(&self, who: Who) -> Identity {
        let found = self.identities.iter().find(|(w, _)| *w == who);
        found.map(|(_, id)| id.clone()).expect("every Who has an identity")
    }

    pub fn next(&mut self) -> u32 {
        self.serial += 1;
        self.serial
    }

    fn login(&mut self, badge: &str, password: &str) -> Identity {
        let origin = Actor::new("os:t", "tty1", 1);
        self.store.authenticate(&origin, now(), badge, password).expect("login")
    }

    /// Five wrong passwords at another terminal.
    pub fn lock(&mut self, badge: &str) {
        let origin = Actor::new("os:t", "tty2", 2);
        for _ in 0..5 {
            let refused = self.store.authenticate(&origin, now(), badge, "000000");
            assert!(refused.is_err(), "a wrong PIN is refused");
        }
        let locked = self.store.officer(badge).expect("read").expect("officer");
        assert!(locked.locked, "{badge} locked");
    }

    /// An officer of QX01 with a PIN, added by the admin; `None` adds a fresh badge.
    pub fn add_officer(&mut self, badge: &str, cert_expiry: Option<NaiveDate>) -> String {
        let admin = self.login(ADMIN.0, ADMIN.1);
        let new = NewOfficer {
            badge: badge.into(),
            name: format!("测试{badge}"),
            role: Role::Officer,
            team: Some(TEAM.into()),
            cert_expiry,
        };
        self.store.add_officer(&admin, now(), &new, PIN).expect("add officer");
        badge.to_string()
    }

    pub fn fresh_officer(&mut self) -> String {
        let badge = format!("S{:04}", self.next());
        self.add_officer(&badge, Some(day("2028-12-31")))
    }

    /// The default rules, with a hearing threshold low enough that the proposed fine gives the
    /// party a hearing right (so the hearing steps can be reached).
    pub fn rules(calendar: &WorkCalendar) -> CaseRules<'_> {
        let mut rules = CaseRules::defaults(calendar);
        rules.hearing.general = HearingThresholds::same(200, 2_000);
        rules
    }

    /// A lead opened by the officer, then `path` walked by whoever the authority table names
    /// (the team leader records, the reviewer reviews, the head approves and decides): a case
    /// where the next step can be taken.
    pub fn case_after(&mut self, path: &[Step]) -> Target {
        let officer = self.identity(Who::Officer);
        let case = self.store.open_case(&officer, now(), &new_case()).expect("open");
        for step in path {
            let by = match zhifa::domain::case::act(step) {
                Act::Record => Who::TeamLeader,
                Act::Review => Who::LegalReviewer,
                _ => Who::Head,
            };
            let who = self.identity(by);
            let rules = World::rules(&self.calendar);
            let taken = self.store.take_step(&who, now(), case.id, step, &rules);
            taken.unwrap_or_else(|e| panic!("preparing {step:?}: {e}"));
        }
        Target { id: case.id, ..Target::default() }
    }

    pub fn patrol(&mut self, steps: usize) -> Target {
        let leader = self.identity(Who::TeamLeader);
        let officer = self.identity(Who::Officer);
        let id = self.store.plan_patrol(&leader, now(), &new_patrol()).expect("plan").id;
        if steps > 0 {
            self.store.start_patrol(&officer, now(), id, at("2026-11-24 14:00")).expect("start");
        }
        if steps > 1 {
            let end = at("2026-11-24 16:00");
            self.store.finish_patrol(&officer, now(), id, end, "巡查一处").expect("finish");
        }
        Target { id, ..Target::default() }
    }

    pub fn ticket(&mut self) -> Target {
        let officer = self.identity(Who::Officer);
        let incoming = self.incoming_ticket();
        let id = self
            .store
            .take_in_ticket(&officer, now(), &incoming, None, None, None)
            .expect("take in");
        Target { id: id.id, ..Target::default() }
    }

    pub fn replied_ticket(&mut self) -> Target {
        let target = self.ticket();
        let officer = self.identity(Who::Officer);
        self.store.reply_ticket(&officer, now(), target.id, "已处理").expect("reply");
        target
    }

    pub fn incoming_ticket(&mut self) -> IncomingTicket {
        IncomingTicket {
            number: format!("SEC-{:04}", self.next()),
            channel: Channel::Hotline,
            received_at: at("2026-11-24 08:30"),
            reporter: Reporter {
                name: "钱某".into(),
                phone: "13800000000".into(),
                anonymous: false,
            },
            place: "青溪路文昌阁".into(),
            content: "人行道上有摊位".into(),
            due: None,
        }
    }

    /// A digest of what a refused write must leave as it was: the row count of every table
    /// (events included) and the accounts, teams, grids and versions; `view` adds the record
    /// the write acts on.
    pub fn snapshot(&self, view: &str) -> String {
        let s = &self.store;
        let rows = s.table_rows().expect("rows");
        let org = (s.officers(), s.teams(), s.brigades(), s.grids(None), s.catalog_versions());
        format!("{rows:?}\n{org:?}\n{view}")
    }

    pub fn events(&self) -> i64 {
        let rows = self.store.table_rows().expect("rows");
        rows.iter().find(|(t, _)| *t == "events").map(|(_, n)| *n).expect("events counted")
    }
}

pub fn new_case() -> NewCase {
    NewCase {
        team: TEAM.into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路文昌阁旁".into(),
        grid: Some("QX01-01".into()),
        facts: "当事人在人行道上设摊经营水果".into(),
        act_on: day("2026-10-15"),
        lead_on: day("2026-10-20"),
        serious: false,
        items: vec![ITEM.into()],
        parties: vec![Party {
            kind: PartyKind::Individual,
            name: "赵某".into(),
            id_number: "330200199001011237".into(),
            contact: "13900000000".into(),
        }],
        legal_review_required: false,
        finding: None,
    }
}

/// A fine inside the item's 一般 tier (200–350 yuan).
pub fn proposal() -> Proposal {
    Proposal {
        party: PartyKind::Individual,
        warning: false,
        fine: Some(300),
        tier: Some("一般".into()),
        tier_reason: "经责令改正后逾期不改正".into(),
        confiscation: Default::default(),
    }
}

/// A fine the simple procedure allows (≤ 200 yuan for a person).
pub fn small_proposal() -> Proposal {
    Proposal { fine: Some(100), tier: Some("从轻".into()), ..proposal() }
}

pub fn new_patrol() -> NewPatrol {
    NewPatrol {
        team: TEAM.into(),
        kind: PatrolKind::Daily,
        grids: vec!["QX01-01".into()],
        route: "青溪路".into(),
        officers: vec!["QJ1001".into(), "QJ1002".into()],
        planned_start: at("2026-11-24 14:00"),
        planned_end: at("2026-11-24 16:00"),
        ticket: None,
    }
}

pub fn finding() -> Finding {
    Finding {
        at: at("2026-11-24 14:30"),
        place: "青溪路文昌阁旁".into(),
        grid: Some("QX01-01".into()),
        item: ITEM.into(),
        description: "水果摊占用人行道".into(),
        evidence: Vec::new(),
        action: FindingAction::Education,
        reinspects: None,
    }
}
