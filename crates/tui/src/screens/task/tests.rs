//! Work forms through the app's `update` and a test terminal: menus offer what state and role
//! allow, forms read back into commands, problems name their field, a finding turned into a case
//! fills the case form, and a new ticket shows its likely repeats before it is saved.

use super::*;
use crate::app::{update as app_update, Effect, Tab};
use crate::fixtures::{demo_app, draw, officer, screen};
use chrono::NaiveDate;
use chrono::NaiveDateTime;
use zhifa_app::command::Recorded;
use zhifa_core::domain::case::{Case, Stage, Step};
use zhifa_core::domain::case_file::{CaseRecord, CaseSource};
use zhifa_core::domain::officer::Role;
use zhifa_core::domain::patrol::{FindingAction, Reinspection};
use zhifa_core::domain::ticket::{Channel, IncomingTicket, Reporter};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
}

fn patrol(status: PatrolStatus) -> PatrolLine {
    PatrolLine { patrol: crate::fixtures::patrol(status), findings: vec![] }
}

fn ticket(id: i64, place: &str, content: &str) -> Ticket {
    Ticket {
        id,
        incoming: IncomingTicket {
            number: format!("12345-{id}"),
            channel: Channel::Hotline,
            received_at: at("2026-11-20 10:00"),
            reporter: Reporter { name: String::new(), phone: String::new(), anonymous: true },
            place: place.into(),
            content: content.into(),
            due: None,
        },
        reply_due: None,
        team: Some("QX01".into()),
        status: TicketStatus::Assigned,
        duplicate_of: None,
        item: None,
        transfer_due: None,
        provisional: false,
    }
}

fn type_text(app: &mut crate::app::App, text: &str) {
    for c in text.chars() {
        app_update(app, Action::Insert(c));
    }
}

/// Enter until the form submits; the effect it asks for.
fn submit(app: &mut crate::app::App) -> Option<Effect> {
    for _ in 0..20 {
        if let Some(effect) = app_update(app, Action::Open) {
            return Some(effect);
        }
        if app.task.as_ref().is_some_and(|t| t.form.error.is_some()) {
            return None;
        }
    }
    None
}

#[test]
fn menus_offer_what_the_state_and_the_role_allow() {
    let zhang = officer("QJ1001", "张执法", Role::Officer);
    let chen = officer("QJ3001", "陈队长", Role::TeamLeader);
    let today: NaiveDate = "2026-11-24".parse().expect("d");
    let planned = patrol(PatrolStatus::Planned);
    assert_eq!(patrol_menu(&planned, &zhang, today), [MenuEntry::StartPatrol(7)]);
    assert_eq!(
        patrol_menu(&patrol(PatrolStatus::Underway), &zhang, today),
        [MenuEntry::Finding(7), MenuEntry::FinishPatrol(7)]
    );
    let finished = patrol(PatrolStatus::Finished);
    assert!(patrol_menu(&finished, &zhang, today).is_empty(), "leaders sign off");
    assert_eq!(patrol_menu(&finished, &chen, today), [MenuEntry::SignOff(7)]);
    let t = ticket(3, "青溪菜市场", "占道");
    let officer_menu = ticket_menu(&t, &zhang, today);
    assert!(!officer_menu.contains(&MenuEntry::AssignTicket(3)), "leaders assign");
    assert!(officer_menu.contains(&MenuEntry::ReplyTicket(3)));
    assert!(officer_menu.contains(&MenuEntry::TicketToCase(3)));
    assert!(ticket_menu(&t, &chen, today).contains(&MenuEntry::TicketToPatrol(3)));
    let mut filing = Case::lead("2026-11-01".parse().expect("d"), "2026-11-02".parse().expect("d"));
    filing.stage = Stage::FilingReview;
    let line = CaseLine { case: case_record(filing), deadlines: vec![], surcharge_fen: None };
    let calendar = zhifa_core::calendar::shipped().expect("calendar");
    let authority = zhifa_core::domain::case::Authority::default();
    let rules = Rules { calendar: &calendar, authority: &authority };
    let offered = case_menu(&line, &zhang, today, &rules, Lang::Zh);
    assert!(!offered.is_empty(), "the officer sees what the case waits for");
    for entry in &offered {
        let MenuEntry::Unavailable(_, reason) = entry else {
            panic!("an officer does not approve filing (APL art. 57 default): {entry:?}")
        };
        assert!(reason.contains("负责人"), "{reason}");
    }
    let head = officer("QJ0100", "赵局长", Role::Head);
    assert_eq!(
        case_menu(&line, &head, today, &rules, Lang::Zh)[0],
        MenuEntry::Step(1, StepKind::ApproveFiling)
    );
}

#[test]
fn an_expired_certificate_takes_case_work_out_of_the_menus_and_leaves_the_rest() {
    let mut lapsed = officer("QJ1001", "张执法", Role::Officer);
    lapsed.cert_expiry = "2026-06-30".parse().ok();
    let today: NaiveDate = "2026-11-24".parse().expect("d");
    let t = ticket(3, "青溪菜市场", "占道");
    let menu = ticket_menu(&t, &lapsed, today);
    assert!(!menu.contains(&MenuEntry::TicketToCase(3)), "no case without a certificate");
    assert!(menu.contains(&MenuEntry::ReplyTicket(3)), "tickets are still theirs");
    let underway = patrol(PatrolStatus::Underway);
    assert_eq!(patrol_menu(&underway, &lapsed, today).len(), 2, "patrols and findings too");
    let investigation = {
        let mut c = Case::lead("2026-11-01".parse().expect("d"), "2026-11-02".parse().expect("d"));
        c.stage = Stage::Investigation;
        c
    };
    let line =
        CaseLine { case: case_record(investigation), deadlines: vec![], surcharge_fen: None };
    let calendar = zhifa_core::calendar::shipped().expect("calendar");
    let authority = zhifa_core::domain::case::Authority::default();
    let rules = Rules { calendar: &calendar, authority: &authority };
    let li = officer("QJ1002", "李执法", Role::Officer);
    let takes = |entries: Vec<MenuEntry>| entries.iter().any(|e| matches!(e, MenuEntry::Step(..)));
    assert!(takes(case_menu(&line, &li, today, &rules, Lang::Zh)));
    let offered = case_menu(&line, &lapsed, today, &rules, Lang::Zh);
    assert!(!takes(offered.clone()), "no step needing a certificate: {offered:?}");
    assert!(offered
        .iter()
        .any(|e| matches!(e, MenuEntry::Unavailable(_, why) if why.contains("执法证"))));
}

fn case_record(state: Case) -> CaseRecord {
    CaseRecord {
        id: 1,
        number: None,
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路".into(),
        grid: None,
        facts: "占道".into(),
        items: vec![],
        parties: vec![],
        state,
        steps: vec![],
        finding: None,
        articles: Vec::new(),
    }
}

#[test]
fn a_finding_acted_on_by_a_case_opens_the_case_form_filled_in() {
    let mut app = demo_app();
    app.tab = Tab::Patrol;
    app.patrols.replace(vec![patrol(PatrolStatus::Underway)]);
    app_update(&mut app, Action::Open);
    assert!(matches!(app.task.as_ref().map(|t| &t.kind), Some(TaskKind::Menu(_))));
    app_update(&mut app, Action::Open); // the first entry: record a finding
    assert!(matches!(
        app.task.as_ref().map(|t| &t.kind),
        Some(TaskKind::Finding { patrol: 7, .. })
    ));
    app_update(&mut app, Action::Open); // time: empty, now
    type_text(&mut app, "青溪路文昌阁旁");
    app_update(&mut app, Action::Open);
    type_text(&mut app, "QX01-01");
    app_update(&mut app, Action::Open);
    type_text(&mut app, "阳台");
    let hits = app.task.as_ref().map(|t| t.hits.clone()).unwrap_or_default();
    assert!(!hits.is_empty(), "the same search as the catalog screen");
    app_update(&mut app, Action::Open);
    let item = app.task.as_ref().map(|t| t.form.value_of(forms::FINDING_ITEM).to_string());
    assert_eq!(item.as_deref(), Some(hits[0].0.as_str()), "Enter takes the best hit's code");
    app_update(&mut app, Action::Open);
    type_text(&mut app, "阳台外吊挂广告布");
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::Open); // no evidence file
    for _ in 0..5 {
        app_update(&mut app, Action::CursorRight); // 无问题 → … → 立案
    }
    let effect = submit(&mut app);
    let Some(Effect::Record(Command::RecordFinding { patrol, finding, .. })) = effect else {
        panic!("expected a finding to record, got {effect:?}");
    };
    assert_eq!((patrol, finding.action), (7, FindingAction::Case));
    let recorded = Recorded { message: "已记录".into(), finding: Some((7, 1)), created: None };
    assert_eq!(app_update(&mut app, Action::Recorded(Ok(recorded))), Some(Effect::LoadWork));
    let task = app.task.as_ref().expect("the case form follows");
    assert_eq!(task.kind, TaskKind::OpenCase { finding: Some((7, 1)), ticket: None });
    assert_eq!(task.form.value_of(forms::CASE_PLACE), "青溪路文昌阁旁");
    assert_eq!(task.form.value_of(forms::CASE_FACTS), "阳台外吊挂广告布");
    assert_eq!(task.form.value_of(forms::CASE_ITEM), hits[0].0);
    assert_eq!(task.form.focus, task.form.at(forms::CASE_PARTY), "only the party is left to type");
    let text = screen(&draw(&app, 120, 30).0);
    assert!(text.contains("登记案件线索") && text.contains("青溪路文昌阁旁"), "{text}");
}

#[test]
fn problems_name_their_field_and_refusals_come_back_into_the_form() {
    let mut app = demo_app();
    app.tab = Tab::Cases;
    app_update(&mut app, Action::New);
    type_text(&mut app, "x"); // the source is a choice: typing does not change it
    app_update(&mut app, Action::Open);
    type_text(&mut app, "滨江路");
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::Open);
    type_text(&mut app, "窗外吊挂物品");
    app_update(&mut app, Action::Open);
    type_text(&mut app, "-99"); // the date of the act, spoiled
    assert_eq!(submit(&mut app), None);
    let error = app.task.as_ref().and_then(|t| t.form.error.clone()).unwrap_or_default();
    assert!(error.contains("「违法行为日期」"), "{error}");
    let task = app.task.as_mut().expect("form");
    task.form.set_of(forms::CASE_ACT_ON, "2026-11-20");
    task.form.set_of(forms::CASE_ITEM, "330217101001");
    task.form.focus_of(forms::CASE_LEGAL_REVIEW);
    let Some(Effect::Record(Command::OpenCase(case))) = submit(&mut app) else {
        panic!("a case to open")
    };
    assert_eq!(
        (case.place.as_str(), case.items.as_slice()),
        ("滨江路", ["330217101001".to_string()].as_slice())
    );
    let refusal = zhifa_app::command::Refusal {
        message: "事项不在中队的实施范围内".into(),
        field: None,
        kind: zhifa_app::command::RefusalKind::Law,
    };
    app_update(&mut app, Action::Recorded(Err(refusal)));
    let task = app.task.as_ref().expect("still open");
    assert_eq!(task.form.error.as_deref(), Some("事项不在中队的实施范围内"));
    assert!(
        !task.busy && task.form.value_of(forms::CASE_PLACE) == "滨江路",
        "nothing typed is lost"
    );
    app_update(&mut app, Action::Back);
    assert!(app.task.is_none(), "Esc cancels");
}

#[test]
fn a_new_ticket_shows_its_likely_repeats_before_it_is_saved() {
    let mut app = demo_app();
    app.tab = Tab::Complaints;
    app.tickets.replace(vec![ticket(12, "青溪菜市场东门", "早市摊贩占道经营噪音扰民")]);
    app_update(&mut app, Action::New);
    type_text(&mut app, "12345-NEW");
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::Open);
    type_text(&mut app, "青溪菜市场东门");
    app_update(&mut app, Action::Open);
    type_text(&mut app, "早市摊贩占道，噪音扰民");
    assert_eq!(submit(&mut app), None, "the first Enter on the last field shows the repeats");
    let task = app.task.as_ref().expect("form");
    assert_eq!(task.duplicates.first().map(|d| d.0), Some(12));
    let text = screen(&draw(&app, 120, 30).0);
    assert!(text.contains("可能重复的投诉举报") && text.contains("#12"), "{text}");
    app_update(&mut app, Action::CursorRight); // link to #12
    let Some(Effect::Record(Command::TakeInTicket { repeats, ticket })) = submit(&mut app) else {
        panic!("a ticket to take in")
    };
    assert_eq!((repeats, ticket.number.as_str()), (Some(12), "12345-NEW"));
}

#[test]
fn a_step_without_facts_is_taken_from_the_menu_and_an_extension_asks_its_days() {
    let mut app = demo_app();
    app.tab = Tab::Cases;
    let mut state = Case::lead("2026-11-01".parse().expect("d"), "2026-11-02".parse().expect("d"));
    state.stage = Stage::Investigation;
    let line = CaseLine { case: case_record(state), deadlines: vec![], surcharge_fen: None };
    app.cases.replace(vec![line.clone()]);
    let labels = |app: &crate::app::App| {
        app.task.as_ref().map(|t| t.form.fields[0].choices.clone()).unwrap_or_default()
    };
    // Enter on the list asks for the case file; read, it opens, and Enter there offers steps.
    assert_eq!(app_update(&mut app, Action::Open), Some(Effect::LoadCaseFile(1)));
    let file = crate::screens::case_file::CaseFileState::new(line, vec![]);
    app_update(&mut app, Action::CaseFileLoaded(Box::new(file)));
    assert!(app.case_file.is_some(), "the file asked for opens");
    app_update(&mut app, Action::Open);
    let officers = labels(&app);
    assert!(officers.iter().any(|l| l.starts_with("拟定处罚")), "{officers:?}");
    assert!(
        !officers.iter().any(|l| l.starts_with("延长")),
        "extensions are approved: {officers:?}"
    );
    assert!(
        officers.iter().any(|l| l.starts_with("× 延长")),
        "shown as not theirs, with the reason: {officers:?}"
    );
    app_update(&mut app, Action::Back);
    // APL art. 60 and the default authority table: the head approves an extension.
    app.session = Some(officer("QJ0100", "赵局长", Role::Head));
    app_update(&mut app, Action::Open);
    let extend = labels(&app).iter().position(|l| l.starts_with("延长办案期限")).expect("offered");
    for _ in 0..extend {
        app_update(&mut app, Action::CursorRight);
    }
    app_update(&mut app, Action::Open);
    assert!(matches!(
        app.task.as_ref().map(|t| &t.kind),
        Some(TaskKind::Step { kind: StepKind::Extend, .. })
    ));
    app_update(&mut app, Action::ClearInput);
    type_text(&mut app, "0");
    assert_eq!(submit(&mut app), None, "zero days is no extension");
    app_update(&mut app, Action::ClearInput);
    type_text(&mut app, "30");
    let effect = submit(&mut app);
    let expected =
        Step::AdjustDecisionLimit(zhifa_core::domain::deadline::Adjustment::Extension(30));
    assert_eq!(effect, Some(Effect::Record(Command::TakeStep { case: 1, step: expected })));
}

#[test]
fn a_finding_can_close_a_re_inspection_due() {
    let mut app = demo_app();
    app.tab = Tab::Patrol;
    app.patrols.replace(vec![patrol(PatrolStatus::Underway)]);
    app.reinspections = vec![Reinspection {
        patrol: 3,
        seq: 1,
        team: "QX01".into(),
        place: "青溪路文昌阁旁人行道".into(),
        grid: Some("QX01-01".into()),
        item: "330217101001".into(),
        description: "阳台外吊挂广告布".into(),
        due: "2026-11-23".parse().expect("day"),
    }];
    let text = screen(&draw(&app, 120, 30).0);
    assert!(text.contains("待复查 1 处") && text.contains("已逾期 1 天"), "{text}");
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::Open);
    let task = app.task.as_mut().expect("finding form");
    assert_eq!(task.kind, TaskKind::Finding { patrol: 7, offered: vec![(3, 1)] });
    task.form.set_of(forms::FINDING_PLACE, "青溪路文昌阁旁人行道");
    task.form.set_of(forms::FINDING_DESCRIPTION, "广告布已拆除");
    task.form.set_of(forms::FINDING_ACTION, forms::FINDING_ACTIONS[2]);
    task.form.focus_of(forms::FINDING_REINSPECTS);
    app_update(&mut app, Action::CursorRight);
    let effect = submit(&mut app);
    let Some(Effect::Record(Command::RecordFinding { finding, .. })) = effect else {
        panic!("a finding, got {effect:?}")
    };
    assert_eq!((finding.reinspects, finding.action), (Some((3, 1)), FindingAction::Corrected));
}

#[test]
fn the_admin_adds_teams_and_grids_and_sees_them_listed() {
    let mut app = demo_app();
    app.session = Some(officer("QJ0001", "系统管理员", Role::Admin));
    app.tab = Tab::Admin;
    let teams = vec![zhifa_core::domain::officer::Team {
        code: "QX01".into(),
        name: "青溪中队".into(),
        brigade: None,
    }];
    let grid = zhifa_core::domain::org::Grid {
        code: "QX01-01".into(),
        name: "文昌阁网格".into(),
        team: "QX01".into(),
        road: "青溪路".into(),
        landmarks: "文昌阁".into(),
    };
    app_update(&mut app, Action::OrgLoaded { teams, grids: vec![grid], locked: vec![] });
    let text = screen(&draw(&app, 120, 30).0);
    assert!(
        text.contains("QX01  青溪中队") && text.contains("QX01-01  文昌阁网格  青溪路 · 文昌阁"),
        "{text}"
    );
    app_update(&mut app, Action::AddGrid);
    assert_eq!(app.key_contexts()[0], crate::keys::Context::Form, "typing goes to the form");
    type_text(&mut app, "QX01-09");
    app_update(&mut app, Action::Open);
    type_text(&mut app, "滨江网格");
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::Open);
    type_text(&mut app, "滨江路");
    let effect = submit(&mut app);
    let Some(Effect::Record(Command::AddGrid(added))) = effect else { panic!("{effect:?}") };
    assert_eq!(
        (added.code.as_str(), added.team.as_str(), added.road.as_str()),
        ("QX01-09", "QX01", "滨江路")
    );
    let recorded =
        Recorded {
            message: "已新增网格 QX01-09 滨江网格".into(), finding: None, created: None
        };
    assert_eq!(app_update(&mut app, Action::Recorded(Ok(recorded))), Some(Effect::LoadOrg));
    assert!(app.task.is_none());
}

fn locked(badge: &str, name: &str) -> zhifa_core::domain::officer::Officer {
    let mut account = officer(badge, name, Role::Officer);
    (account.locked, account.failed_attempts) = (true, 5);
    account
}

#[test]
fn a_team_leader_sees_the_locked_accounts_and_unlocks_the_one_chosen() {
    let mut app = demo_app();
    app.session = Some(officer("QJ0002", "王队长", Role::TeamLeader));
    app.tab = Tab::Admin;
    let accounts = vec![locked("QJ0105", "李明"), locked("QJ0107", "赵强")];
    app_update(&mut app, Action::OrgLoaded { teams: vec![], grids: vec![], locked: accounts });
    let text = screen(&draw(&app, 100, 30).0);
    assert!(text.contains("被锁定的账号（u 解锁"), "{text}");
    assert!(text.contains("QJ0107  赵强  连续输错密码 5 次"), "{text}");
    app_update(&mut app, Action::Unlock);
    assert_eq!(app.task.as_ref().map(|t| t.kind.clone()), Some(TaskKind::UnlockOfficer));
    let text = screen(&draw(&app, 100, 30).0);
    assert!(text.contains("QJ0105 李明（5次失败）"), "the first is offered: {text}");
    app_update(&mut app, Action::CursorRight);
    let effect = submit(&mut app);
    assert_eq!(effect, Some(Effect::Record(Command::UnlockOfficer { badge: "QJ0107".into() })));
}

#[test]
fn a_team_leader_is_told_at_once_that_teams_and_grids_are_the_admins() {
    let mut app = demo_app();
    app.session = Some(officer("QJ3001", "陈中队长", Role::TeamLeader));
    app.tab = Tab::Admin;
    for action in [Action::AddTeam, Action::AddGrid] {
        app.message = None;
        app_update(&mut app, action);
        assert!(app.task.is_none(), "no form to fill in vain");
        let said = app.message.clone().unwrap_or_default();
        assert!(said.contains("陈中队长（QJ3001）"), "{said}");
    }
}

#[test]
fn unlocking_is_refused_to_an_officer_and_pointless_with_nothing_locked() {
    let mut app = demo_app();
    app.session = Some(officer("QJ0105", "李明", Role::Officer));
    app.tab = Tab::Admin;
    let accounts = vec![locked("QJ0107", "赵强")];
    app_update(&mut app, Action::OrgLoaded { teams: vec![], grids: vec![], locked: accounts });
    app_update(&mut app, Action::Unlock);
    assert!(app.task.is_none());
    let said = app.message.clone().unwrap_or_default();
    assert!(said.contains("李明（QJ0105）") && said.contains("解锁"), "{said}");

    app.session = Some(officer("QJ0002", "王队长", Role::TeamLeader));
    app_update(&mut app, Action::OrgLoaded { teams: vec![], grids: vec![], locked: vec![] });
    app_update(&mut app, Action::Unlock);
    assert!(app.task.is_none());
    assert_eq!(app.message.as_deref(), Some("没有被锁定的账号。"));
}

#[test]
fn a_case_cites_several_items_each_found_by_the_search() {
    let mut app = demo_app();
    app.tab = Tab::Cases;
    app_update(&mut app, Action::New);
    let task = app.task.as_mut().expect("case form");
    task.form.set_of(forms::CASE_PLACE, "青溪路");
    task.form.set_of(forms::CASE_FACTS, "占道堆放并吊挂广告布");
    task.form.focus_of(forms::CASE_ITEM);
    type_text(&mut app, "330217101001，zdjy");
    let best = app.task.as_ref().and_then(|t| t.hits.first().cloned()).expect("hits for zdjy");
    app_update(&mut app, Action::Open);
    let value = app.task.as_ref().map(|t| t.form.value_of(forms::CASE_ITEM).to_string());
    assert_eq!(value, Some(format!("330217101001，{}", best.0)), "only the last entry replaced");
    app.task.as_mut().expect("form").form.focus_of(forms::CASE_LEGAL_REVIEW);
    let Some(Effect::Record(Command::OpenCase(case))) = submit(&mut app) else {
        panic!("a case to open")
    };
    assert_eq!(case.items, ["330217101001".to_string(), best.0]);
}

/// Regression: quitting with a work form open asked about a catalog import that was not there.
#[test]
fn quitting_with_a_form_open_asks_about_the_form() {
    let mut app = demo_app();
    app.tab = Tab::Cases;
    app_update(&mut app, Action::New);
    app_update(&mut app, Action::Quit);
    assert!(!app.quit, "a form open: asked first");
    let shown = screen(&draw(&app, 120, 35).0);
    assert!(shown.contains("表单尚未保存") && !shown.contains("目录导入"), "{shown}");
    app_update(&mut app, Action::ConfirmQuit);
    assert!(app.quit);
}

#[test]
fn a_new_record_the_role_cannot_make_is_refused_before_any_typing() {
    // 张执法 (an officer) does not plan patrols: that is the team leader's (AssignWork).
    let mut app = demo_app();
    app.tab = Tab::Patrol;
    app_update(&mut app, Action::New);
    assert!(app.task.is_none(), "no form to fill in vain");
    let said = app.message.clone().unwrap_or_default();
    assert!(said.contains("权限不足") && said.contains("张执法"), "{said}");
    let (buffer, _) = draw(&app, 160, 30);
    assert!(screen(&buffer).contains("权限不足"), "{}", screen(&buffer));

    // The same officer takes in complaints and opens cases: those forms open.
    for tab in [Tab::Complaints, Tab::Cases] {
        app.tab = tab;
        app.message = None;
        app_update(&mut app, Action::New);
        assert!(app.task.is_some() && app.message.is_none(), "{tab:?}");
        app.task = None;
    }
    // An auditor makes no record at all.
    let mut auditor = crate::fixtures::demo_app_at_login();
    let login = officer("QJ5001", "周审计", Role::Auditor);
    app_update(&mut auditor, Action::LoggedIn(Box::new(login)));
    auditor.tab = Tab::Complaints;
    app_update(&mut auditor, Action::New);
    assert!(auditor.task.is_none() && auditor.message.is_some());
}

#[test]
fn a_new_patrol_plan_starts_at_the_next_half_hour_not_at_nine_in_the_afternoon() {
    use crate::screens::task::forms::{PLAN_END, PLAN_START};
    let leader = officer("QJ1101", "陈队长", Role::TeamLeader);
    let plan_at = |now: Option<&str>| {
        let mut app = crate::fixtures::demo_app_at_login();
        app_update(&mut app, Action::LoggedIn(Box::new(leader.clone())));
        if let Some(now) = now {
            let now = NaiveDateTime::parse_from_str(now, "%Y-%m-%d %H:%M").expect("time");
            app_update(&mut app, Action::Clock(now));
        }
        app.tab = Tab::Patrol;
        app_update(&mut app, Action::New);
        let form = &app.task.as_ref().expect("the plan form").form;
        (form.value_of(PLAN_START).to_string(), form.value_of(PLAN_END).to_string())
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(plan_at(Some("2026-11-24 15:10")), pair("2026-11-24 15:30", "2026-11-24 18:00"));
    assert_eq!(plan_at(Some("2026-11-24 15:00")), pair("2026-11-24 15:00", "2026-11-24 17:30"));
    assert_eq!(plan_at(Some("2026-11-24 07:45")), pair("2026-11-24 08:00", "2026-11-24 10:30"));
    // Too late for a patrol today: tomorrow morning.
    assert_eq!(plan_at(Some("2026-11-24 20:05")), pair("2026-11-25 09:00", "2026-11-25 11:30"));
    assert_eq!(plan_at(None), pair("2026-11-24 09:00", "2026-11-24 11:30"));
}

#[test]
fn the_officer_picks_which_matching_item_a_finding_cites() {
    let mut app = demo_app();
    app.tab = Tab::Patrol;
    app.patrols.replace(vec![patrol(PatrolStatus::Underway)]);
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::Open); // record a finding
    for _ in 0..3 {
        app_update(&mut app, Action::Open); // time, place, grid
    }
    type_text(&mut app, "占道");
    let hits = app.task.as_ref().map(|t| t.hits.clone()).unwrap_or_default();
    assert!(hits.len() >= 3, "{hits:?}");
    app_update(&mut app, Action::Down);
    app_update(&mut app, Action::Down);
    app_update(&mut app, Action::Up);
    let shown = screen(&draw(&app, 160, 40).0);
    let row_of = |code: &str| shown.lines().find(|l| l.contains(code)).unwrap_or_default();
    assert!(row_of(&hits[1].0).contains("▶"), "the second hit marked:\n{shown}");
    assert!(!row_of(&hits[0].0).contains("▶"), "the first no longer:\n{shown}");
    app_update(&mut app, Action::Open);
    let task = app.task.as_ref().expect("the form");
    assert_eq!(task.form.value_of(forms::FINDING_ITEM), hits[1].0, "Enter takes the one chosen");
    assert!(task.on_item_field(), "still on the item field after taking it");
}
