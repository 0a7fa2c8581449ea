//! A few weeks of the demo teams' work, relative to the clock: patrols (yesterday's signed off,
//! today's planned), tickets (one overdue, one answered, one new), and cases in every stage —
//! one with its filing deadline passed, one close to its 90-day limit — so every list and count
//! has something true to show. Written through the store like any officer's work.

use super::DEMO_OFFICERS;
use anyhow::{Context, Result};
use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Utc};
use zhifa_core::calendar::WorkCalendar;
use zhifa_core::clock::china_date;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::case::Step;
use zhifa_core::domain::case_file::{CaseRules, CaseSource, NewCase, Party};
use zhifa_core::domain::catalog::PartyKind;
use zhifa_core::domain::patrol::{Evidence, Finding, FindingAction, NewPatrol, PatrolKind};
use zhifa_core::domain::penalty::Proposal;
use zhifa_core::domain::ticket::{Channel, IncomingTicket, Reporter};
use zhifa_intake::{reply_due, TicketPeriods};
use zhifa_store::{Identity, Store};

/// Adds the activity unless the database already has cases. Returns whether it did.
pub fn seed_demo_activity(store: &mut Store, actor: &Actor, now: DateTime<Utc>) -> Result<bool> {
    if !store.cases()?.is_empty() {
        return Ok(false);
    }
    let today = china_date(now);
    let calendar = store.work_calendar()?;
    let login = |store: &mut Store, badge: &str| -> Result<Identity> {
        let row = DEMO_OFFICERS.iter().find(|o| o.0 == badge).context("demo officer")?;
        Ok(store.authenticate(actor, now, badge, row.4)?)
    };
    let zhang = login(store, "QJ1001")?;
    let chen = login(store, "QJ3001")?;
    let head = login(store, "QJ0100")?;
    patrols(store, &zhang, &chen, now, today)?;
    tickets(store, &zhang, &calendar, now, today)?;
    cases(store, [&zhang, &head], &calendar, now, today)?;
    Ok(true)
}

fn ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, minute, 0).unwrap_or_default()
}

fn patrols(
    store: &mut Store,
    zhang: &Identity,
    chen: &Identity,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<()> {
    let yesterday = ago(today, 1);
    let plan = |day: NaiveDate, kind, grids: &[&str]| NewPatrol {
        team: "QX01".into(),
        kind,
        grids: grids.iter().map(|g| g.to_string()).collect(),
        route: String::new(),
        officers: vec!["QJ1001".into(), "QJ1002".into()],
        planned_start: at(day, 9, 0),
        planned_end: at(day, 11, 30),
        ticket: None,
    };
    let done = store.plan_patrol(
        chen,
        now,
        &plan(yesterday, PatrolKind::Daily, &["QX01-01", "QX01-02"]),
    )?;
    store.start_patrol(zhang, now, done.id, at(yesterday, 9, 5))?;
    let finding = Finding {
        at: at(yesterday, 9, 40),
        place: "青溪路文昌阁旁人行道".into(),
        grid: Some("QX01-01".into()),
        item: "330217101001".into(),
        description: "沿街商铺在阳台外吊挂广告布，有坠落风险".into(),
        evidence: vec![Evidence { name: "现场照片-0940.jpg".into(), sha256: "5e".repeat(32) }],
        action: FindingAction::Order { by: today.checked_add_days(Days::new(3)).unwrap_or(today) },
        reinspects: None,
    };
    store.record_finding(zhang, now, done.id, &finding)?;
    store.finish_patrol(
        zhang,
        now,
        done.id,
        at(yesterday, 11, 20),
        "巡查两个网格，责令限期改正一处",
    )?;
    store.sign_off_patrol(chen, now, done.id)?;
    store.plan_patrol(chen, now, &plan(today, PatrolKind::Daily, &["QX01-01", "QX01-03"]))?;
    let mut night = plan(today, PatrolKind::Night, &["QX01-02"]);
    night.planned_start = at(today, 20, 0);
    night.planned_end = at(today, 22, 0);
    store.plan_patrol(chen, now, &night)?;
    Ok(())
}

fn tickets(
    store: &mut Store,
    zhang: &Identity,
    calendar: &WorkCalendar,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<()> {
    // Received in the morning, but never after the moment the demo is made (a demo made at
    // 08:00 must not hold a complaint received at 10:12 that day).
    let china_now = (now + chrono::Duration::hours(8)).naive_utc();
    let received =
        |days: u64| at(ago(today, days), 10, 12).min(china_now - chrono::Duration::minutes(5));
    let ticket = |number: &str, days: u64, place: &str, content: &str| IncomingTicket {
        number: number.into(),
        channel: Channel::Hotline,
        received_at: received(days),
        reporter: Reporter { name: "市民".into(), phone: String::new(), anonymous: true },
        place: place.into(),
        content: content.into(),
        due: None,
    };
    let batch = [
        ticket("DEMO-0001", 12, "滨江路轮渡码头", "夜间烧烤油烟扰民"),
        ticket("DEMO-0002", 4, "学府路青江一中门口", "流动摊贩占道经营"),
        ticket("DEMO-0003", 0, "青溪路文昌阁", "阳台外吊挂物品有坠落风险"),
    ];
    // Each recorded with the item intake's routing finds it concerns (the demo catalog's).
    let mut classifier = crate::worklist::TicketClassifier::new();
    let mut with_due = Vec::new();
    for t in &batch {
        let item = classifier.classify(store, t.received_at.date(), &t.content)?;
        with_due.push((t.clone(), reply_due(t, calendar, TicketPeriods::default()), item));
    }
    let added = store.add_tickets(zhang, now, &with_due)?;
    if let Some(id) = added.added.get(1) {
        store.reply_ticket(zhang, now, *id, "已派员劝离摊贩，并纳入日常巡查重点")?;
    }
    Ok(())
}

/// A step and who takes it.
type Taken<'a> = (&'a Identity, Step);

/// Cases in every stage: the officer records, the head approves and decides (APL art. 57).
fn cases(
    store: &mut Store,
    [zhang, head]: [&Identity; 2],
    calendar: &WorkCalendar,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<()> {
    let case = |days: u64, place: &str, facts: &str, party: &str| NewCase {
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: place.into(),
        grid: Some("QX01-01".into()),
        facts: facts.into(),
        act_on: ago(today, days + 1),
        lead_on: ago(today, days),
        serious: false,
        items: vec!["330217101001".into()],
        parties: vec![Party {
            kind: PartyKind::Individual,
            name: party.into(),
            id_number: String::new(),
            contact: String::new(),
        }],
        legal_review_required: false,
        finding: None,
    };
    // A lead left too long: its filing deadline has passed.
    store.open_case(zhang, now, &case(16, "青溪路12号", "阳台外堆放杂物，屡劝不改", "钱某"))?;
    // (days since the lead, the steps after filing) for cases further along.
    let propose = || {
        Step::ProposePenalty(Proposal {
            party: PartyKind::Individual,
            warning: false,
            fine: Some(300),
            tier: Some("一般".into()),
            tier_reason: "经责令改正后逾期不改正，未造成明显不良后果".into(),
            confiscation: Default::default(),
        })
    };
    let notice = |d| (zhang, Step::GiveNotice { on: ago(today, d), hearing_right: false });
    let decide = |d| {
        let opinion = "事实清楚，证据确凿，同意按拟定意见处罚".to_string();
        let on = ago(today, d);
        (head, Step::Decide { on, penalty: true, ground: None, educated: false, opinion })
    };
    let serve = |d| (zhang, Step::Serve { on: ago(today, d) });
    // The party states its case and it is reviewed (art. 45), or it waives (art. 62).
    let stated = [
        (
            zhang,
            Step::HearStatement {
                on: ago(today, 18),
                summary: "称系临时堆放，已清理大部分".into(),
            },
        ),
        (
            zhang,
            Step::ReviewStatement {
                on: ago(today, 17),
                adopted: false,
                opinion: "现场复查仍有堆放，不予采纳".into(),
            },
        ),
    ];
    let waived = (zhang, Step::WaiveRights { on: ago(today, 19) });
    let further: [(u64, &str, &str, Vec<Taken>); 4] = [
        (89, "青溪路文昌阁", "临街阳台外吊挂广告布", vec![]),
        (40, "滨江路", "窗外吊挂物品危及安全", vec![(zhang, propose()), notice(2)]),
        (
            30,
            "学府路",
            "屋顶堆放有碍市容的物品",
            [vec![(zhang, propose()), notice(20)], stated.to_vec(), vec![decide(12)]].concat(),
        ),
        (
            25,
            "青溪菜市场",
            "阳台外堆放物品",
            vec![(zhang, propose()), notice(20), waived, decide(8), serve(6)],
        ),
    ];
    for (days, place, facts, steps) in further {
        let opened = store.open_case(zhang, now, &case(days, place, facts, "孙某"))?;
        let filed_on = ago(today, days.saturating_sub(1));
        let approve = Step::ApproveFiling { on: filed_on, opinion: "同意立案".into() };
        let mut all = vec![
            (zhang, Step::RequestFiling),
            (head, approve),
            (zhang, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()])),
        ];
        all.extend(steps);
        for (who, step) in all {
            store.take_step(who, now, opened.id, &step, &CaseRules::defaults(calendar))?;
        }
    }
    Ok(())
}
