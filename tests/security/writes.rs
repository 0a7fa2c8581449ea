//! The table: every public write of the store (except `take_step`, whose steps are in
//! `steps.rs`), the operation it needs, what it acts on and how it is called.

use super::world::{finding, new_case, new_patrol, now, small_proposal, Target, World, TEAM};
use chrono::{Days, NaiveDate};
use zhifa::domain::officer::{NewOfficer, Operation as Op, Role};
use zhifa::domain::org::Grid;
use zhifa::store::{HistoryPlan, Identity, NewVersion, StoreError, StoreResult};

pub type Prepare = fn(&mut World) -> Target;
pub type Call = fn(&mut World, &Identity, &Target) -> StoreResult<()>;

pub struct Write {
    /// The method's name, as the source scan finds it.
    pub method: &'static str,
    pub op: Op,
    /// What the write acts on, prepared by the officers whose work it is.
    pub prepare: Prepare,
    pub call: Call,
    /// For a write that is allowed but cannot succeed on this store: the domain refusal met.
    pub allowed_refusal: Option<fn(&StoreError) -> bool>,
}

const fn write(method: &'static str, op: Op, prepare: Prepare, call: Call) -> Write {
    Write { method, op, prepare, call, allowed_refusal: None }
}

fn nothing(_: &mut World) -> Target {
    Target::default()
}

fn fresh(world: &mut World) -> Target {
    let n = world.next();
    Target { id: i64::from(n), key: format!("K{n:04}"), ..Target::default() }
}

fn ok<T>(result: StoreResult<T>) -> StoreResult<()> {
    result.map(|_| ())
}

pub const WRITES: [Write; 32] = [
    write("add_brigade", Op::ManageTeams, fresh, |w, who, t| {
        ok(w.store.add_brigade(who, now(), &t.key, "测试大队"))
    }),
    write("add_team", Op::ManageTeams, fresh, |w, who, t| {
        ok(w.store.add_team(who, now(), &t.key, "测试中队"))
    }),
    write("add_team_in", Op::ManageTeams, fresh, |w, who, t| {
        ok(w.store.add_team_in(who, now(), &t.key, "测试中队", Some("D1")))
    }),
    write("set_station", Op::ManageTeams, fresh, |w, who, t| {
        let code = zhifa::domain::station::StationCode::parse(&t.key).expect("a code");
        ok(w.store.set_station(who, now(), &code, "测试站点"))
    }),
    write("add_grid", Op::ManageTeams, fresh, |w, who, t| {
        let grid = Grid {
            code: t.key.clone(),
            name: "测试网格".into(),
            team: TEAM.into(),
            road: String::new(),
            landmarks: String::new(),
        };
        ok(w.store.add_grid(who, now(), &grid))
    }),
    write("add_officer", Op::ManageOfficers, fresh, |w, who, t| {
        let new = NewOfficer {
            badge: t.key.clone(),
            name: "新人".into(),
            role: Role::Auxiliary,
            team: Some(TEAM.into()),
            cert_expiry: None,
        };
        ok(w.store.add_officer(who, now(), &new, "135792"))
    }),
    // Someone else's password: only an admin (one's own is `own_password_by_everyone`).
    write("set_password", Op::ManageOfficers, nothing, |w, who, _| {
        w.store.set_password(who, now(), "QJ1002", "100200")
    }),
    write("unlock_officer", Op::UnlockOfficer, locked_officer, |w, who, t| {
        ok(w.store.unlock_officer(who, now(), &t.key))
    }),
    write("deactivate_officer", Op::ManageOfficers, new_officer, |w, who, t| {
        ok(w.store.deactivate_officer(who, now(), &t.key))
    }),
    write("import_calendar", Op::ManageCalendar, nothing, |w, who, _| {
        let text = include_str!("../../db/calendar/2026.toml");
        ok(w.store.import_calendar(who, now(), "2026.toml", text))
    }),
    write("load_law", Op::LoadLaws, nothing, |w, who, _| {
        let text = "# 示例条例\n\n第一条 为了示例，制定本条例。\n";
        let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("day");
        ok(w.store.load_law(who, now(), "示例条例(2020-01-01).md", text, day))
    }),
    write("load_lexicon", Op::ImportCatalog, nothing, |w, who, _| {
        ok(w.store.load_lexicon(who, now(), "bureau.tsv", "掏井泥\t窨井淤泥\n"))
    }),
    write("record_choice", Op::RecordFinding, fresh, |w, who, t| {
        ok(w.store.record_choice(who, now(), "摆摊", &t.key))
    }),
    write("clear_choices", Op::ImportCatalog, nothing, |w, who, _| {
        ok(w.store.clear_choices(who, now()))
    }),
    write("import_catalog", Op::ImportCatalog, fresh, |w, who, t| {
        let meta = version(t);
        ok(w.store.import_catalog(who, now(), today(), &meta, &w.items))
    }),
    write("import_catalog_reporting", Op::ImportCatalog, fresh, |w, who, t| {
        let meta = version(t);
        ok(w.store.import_catalog_reporting(who, now(), today(), &meta, &w.items, &|_| {}))
    }),
    Write {
        allowed_refusal: Some(|e| matches!(e, StoreError::HoldsWork(_))),
        // Generating history needs a database without work: this one has a ticket.
        ..write(
            "generate_history",
            Op::ManageTeams,
            |w| w.ticket(),
            |w, who, _| {
                let plan = HistoryPlan { scale: 0.0001, seed: 1, years: 1 };
                ok(w.store.generate_history(who, &plan, now()))
            },
        )
    },
    write("plan_patrol", Op::AssignWork, nothing, |w, who, _| {
        ok(w.store.plan_patrol(who, now(), &new_patrol()))
    }),
    write(
        "start_patrol",
        Op::RecordPatrol,
        |w| w.patrol(0),
        |w, who, t| {
            let at = new_patrol().planned_start;
            ok(w.store.start_patrol(who, now(), t.id, at))
        },
    ),
    write(
        "finish_patrol",
        Op::RecordPatrol,
        |w| w.patrol(1),
        |w, who, t| {
            let at = new_patrol().planned_end;
            ok(w.store.finish_patrol(who, now(), t.id, at, "巡查一处，劝导一起"))
        },
    ),
    write(
        "sign_off_patrol",
        Op::ApproveCase,
        |w| w.patrol(2),
        |w, who, t| ok(w.store.sign_off_patrol(who, now(), t.id)),
    ),
    write(
        "record_finding",
        Op::RecordFinding,
        |w| w.patrol(1),
        |w, who, t| ok(w.store.record_finding(who, now(), t.id, &finding())),
    ),
    write("take_in_ticket", Op::HandleTickets, nothing, |w, who, _| {
        let incoming = w.incoming_ticket();
        ok(w.store.take_in_ticket(who, now(), &incoming, None, None, None))
    }),
    write("add_tickets", Op::HandleTickets, nothing, |w, who, _| {
        let feed = vec![(w.incoming_ticket(), None, None), (w.incoming_ticket(), None, None)];
        ok(w.store.add_tickets(who, now(), &feed))
    }),
    write(
        "assign_ticket",
        Op::AssignWork,
        |w| w.ticket(),
        |w, who, t| ok(w.store.assign_ticket(who, now(), t.id, TEAM)),
    ),
    write(
        "reply_ticket",
        Op::HandleTickets,
        |w| w.ticket(),
        |w, who, t| ok(w.store.reply_ticket(who, now(), t.id, "已责令当事人整改")),
    ),
    write(
        "callback_ticket",
        Op::HandleTickets,
        |w| w.replied_ticket(),
        |w, who, t| ok(w.store.callback_ticket(who, now(), t.id, true, "满意")),
    ),
    write(
        "transfer_ticket",
        Op::HandleTickets,
        |w| w.ticket(),
        |w, who, t| ok(w.store.transfer_ticket(who, now(), t.id, "区市场监管局", "不属本局职责")),
    ),
    write("link_ticket", Op::HandleTickets, two_tickets, |w, who, t| {
        ok(w.store.link_ticket(who, now(), t.id, t.other))
    }),
    write("open_case", Op::EditCaseRecords, nothing, |w, who, _| {
        ok(w.store.open_case(who, now(), &new_case()))
    }),
    write("issue_document", Op::EditCaseRecords, lead_case, |w, who, t| {
        let content = "0".repeat(64);
        let request = zhifa::store::IssueRequest {
            case_id: t.id,
            kind: "inspection-record",
            series: None,
            fixed_number: None,
            content_sha256: &content,
            case_stage: "lead",
            case_steps: 0,
            issued_on: today(),
        };
        ok(w.store.issue_document(who, now(), &request, |stamp| {
            Ok((format!("%PDF {}", stamp.check_code).into_bytes(), 1, ()))
        }))
    }),
    // Opens a case and decides it on the spot: the store checks EditCaseRecords and
    // DecideOnTheSpot (APL arts. 51–52), which the same roles hold (should they part, this row
    // is the decision's).
    write("decide_on_the_spot", Op::DecideOnTheSpot, nothing, |w, who, _| {
        let rules = World::rules(&w.calendar);
        let penalty = small_proposal();
        ok(w.store.decide_on_the_spot(who, now(), &new_case(), &penalty, "QJ1002", &rules))
    }),
];

fn today() -> NaiveDate {
    zhifa::clock::china_date(now())
}

/// A future version (effective dates must grow), labelled after the target.
fn version(target: &Target) -> NewVersion {
    let start = NaiveDate::from_ymd_opt(2027, 1, 1).expect("date");
    let days = u64::try_from(target.id).expect("positive");
    NewVersion {
        label: format!("安全测试版{}", target.key),
        doc_no: format!("青综执〔2027〕{}号", target.id),
        effective: start.checked_add_days(Days::new(days)).expect("date"),
        source_name: "security_roles".into(),
        source_sha256: "0".repeat(64),
    }
}

fn new_officer(world: &mut World) -> Target {
    Target { key: world.fresh_officer(), ..Target::default() }
}

fn locked_officer(world: &mut World) -> Target {
    let badge = world.fresh_officer();
    world.lock(&badge);
    Target { key: badge, ..Target::default() }
}

fn lead_case(world: &mut World) -> Target {
    world.case_after(&[])
}

fn two_tickets(world: &mut World) -> Target {
    let repeat = world.ticket();
    let original = world.ticket();
    Target { id: repeat.id, other: original.id, ..Target::default() }
}
