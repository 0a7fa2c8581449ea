//! Cases in the store, on the demo database: items frozen as they were on the day of the act
//! (a later catalog never changes them), recalled and out-of-scope items refused (APL art. 38),
//! steps judged by the procedure and recorded, numbers given once at filing and never reused,
//! certified investigators only, each team on its own cases.

use chrono::{DateTime, NaiveDate, Utc};
use zhifa::calendar::shipped;
use zhifa::demo::{seed_demo, seed_demo_officers};
use zhifa::domain::actor::Actor;
use zhifa::domain::case::{Stage, Step, StepRefusal};
use zhifa::domain::case_file::{CaseRules, CaseSource, NewCase, Party};
use zhifa::domain::catalog::PartyKind;
use zhifa::store::{password, CaseRefusal, Identity, Store, StoreError};

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn demo() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let actor = Actor::new("system:demo", "test", 1);
    seed_demo(&mut store, &actor, now()).expect("catalog");
    seed_demo_officers(&mut store, &actor, now()).expect("officers");
    store
}

fn login(store: &mut Store, badge: &str, password: &str) -> Identity {
    store.authenticate(&Actor::new("os:t", "t", 1), now(), badge, password).expect("login")
}

fn new_case(items: &[&str], act_on: &str) -> NewCase {
    NewCase {
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路文昌阁旁".into(),
        grid: Some("QX01-01".into()),
        facts: "当事人在人行道上设摊经营水果".into(),
        act_on: day(act_on),
        lead_on: day("2026-11-20"),
        serious: false,
        items: items.iter().map(|s| s.to_string()).collect(),
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

fn refusal(result: Result<impl std::fmt::Debug, StoreError>) -> CaseRefusal {
    match result {
        Err(StoreError::Case(refusal)) => refusal,
        other => panic!("expected a case refusal, got {other:?}"),
    }
}

#[test]
fn items_are_cited_as_they_were_on_the_day_of_the_act() {
    let mut store = demo();
    let zhang = login(&mut store, "QJ1001", "100100");
    // 330217111007 was recalled by 2026年上半年版 but was in 2025年下半年版.
    let old =
        store.open_case(&zhang, now(), &new_case(&["330217111007"], "2025-12-15")).expect("open");
    assert_eq!(old.items[0].version, "2025年下半年版");
    assert_eq!(old.state.stage, Stage::Lead);
    let recalled = store.open_case(&zhang, now(), &new_case(&["330217111007"], "2026-11-01"));
    assert!(matches!(refusal(recalled), CaseRefusal::NotInForce { .. }));
    // Scope: 330217101039 is for 临江镇 and 梅林镇 only.
    let outside = store.open_case(&zhang, now(), &new_case(&["330217101039"], "2026-11-01"));
    assert_eq!(
        refusal(outside),
        CaseRefusal::OutOfScope { code: "330217101039".into(), team: "QX01".into() }
    );
    let before_any = store.open_case(&zhang, now(), &new_case(&["330217101001"], "2020-01-01"));
    assert_eq!(refusal(before_any), CaseRefusal::NoCatalogOn(day("2020-01-01")));
    let mut mistyped = new_case(&["330217101001"], "2026-11-01");
    mistyped.parties[0].id_number = "330200199001011234".into();
    let mistyped = refusal(store.open_case(&zhang, now(), &mistyped));
    assert!(mistyped.message_zh().contains("校验码不符"), "{mistyped:?}");
    let mut other_grid = new_case(&["330217101001"], "2026-11-01");
    other_grid.grid = Some("DG02-01".into());
    assert!(matches!(
        refusal(store.open_case(&zhang, now(), &other_grid)),
        CaseRefusal::GridOfOtherTeam { .. }
    ));
    assert_eq!(store.cases().expect("cases").len(), 1, "refusals wrote nothing");
    let auditor = login(&mut store, "QJ5001", "500100");
    assert!(store.open_case(&auditor, now(), &new_case(&["330217101001"], "2026-11-01")).is_err());
}

#[test]
fn steps_follow_the_procedure_and_numbers_are_given_once() {
    let mut store = demo();
    let calendar = shipped().expect("calendar");
    let zhang = login(&mut store, "QJ1001", "100100");
    let chen = login(&mut store, "QJ0100", "010100");
    let case =
        store.open_case(&zhang, now(), &new_case(&["330217101001"], "2026-11-01")).expect("open");
    let mut take = |who: &Identity, step: Step| {
        store.take_step(who, now(), case.id, &step, &CaseRules::defaults(&calendar))
    };
    take(&zhang, Step::RequestFiling).expect("ask");
    let refused =
        take(&zhang, Step::ApproveFiling { on: day("2026-11-21"), opinion: "同意立案".into() });
    assert!(refused.is_err(), "an officer does not approve filing");
    let filed =
        take(&chen, Step::ApproveFiling { on: day("2026-11-21"), opinion: "同意立案".into() })
            .expect("filed");
    assert_eq!(filed.number.as_deref(), Some("〔2026〕综执罚字第1号"));
    let uncertified =
        take(&zhang, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ2001".into()]));
    assert_eq!(refusal(uncertified), CaseRefusal::NotCertified("QJ2001".into()));
    take(&zhang, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()])).expect("two");
    let early = take(
        &chen,
        Step::Decide {
            on: day("2026-11-24"),
            penalty: true,
            ground: None,
            educated: false,
            opinion: String::new(),
        },
    );
    assert_eq!(refusal(early), CaseRefusal::Step(StepRefusal::NoticeMissing), "art. 62");
    let done = take(&zhang, Step::GiveNotice { on: day("2026-11-24"), hearing_right: false })
        .expect("notice");
    assert_eq!(done.state.stage, Stage::Notified);
    let full = store.case(case.id).expect("read").expect("case");
    let stages: Vec<Stage> = full.steps.iter().map(|s| s.stage_after).collect();
    assert_eq!(
        stages,
        [Stage::FilingReview, Stage::Investigation, Stage::Investigation, Stage::Notified]
    );
    assert_eq!(full.steps[1].actor, "QJ0100", "the head approved the filing");
    assert_eq!(full.parties[0].id_number, "330200199001011237");
    let second =
        store.open_case(&zhang, now(), &new_case(&["330217101001"], "2026-11-02")).expect("open");
    store
        .take_step(&zhang, now(), second.id, &Step::RequestFiling, &CaseRules::defaults(&calendar))
        .expect("ask");
    let filed = store
        .take_step(
            &chen,
            now(),
            second.id,
            &Step::ApproveFiling { on: day("2026-11-22"), opinion: "同意立案".into() },
            &CaseRules::defaults(&calendar),
        )
        .expect("filed");
    assert_eq!(filed.number.as_deref(), Some("〔2026〕综执罚字第2号"));
    assert_eq!(
        store.case_by_number("〔2026〕综执罚字第1号").expect("read").map(|c| c.id),
        Some(case.id)
    );
    // The log holds no identity number.
    let events = store.events(0, 1000).expect("events");
    assert!(events.iter().all(|e| !e.payload.contains("330200199001011234")));
    assert_eq!(store.verify_chain().expect("chain").first_break, None);
}

#[test]
fn a_team_works_on_its_own_cases() {
    let mut store = demo();
    let calendar = shipped().expect("calendar");
    let zhang = login(&mut store, "QJ1001", "100100");
    let case =
        store.open_case(&zhang, now(), &new_case(&["330217101004"], "2026-11-01")).expect("open");
    let admin = login(&mut store, "QJ0001", "demo-admin-2026");
    let outsider = zhifa::domain::officer::NewOfficer {
        badge: "QJ1101".into(),
        name: "孙执法".into(),
        role: zhifa::domain::officer::Role::Officer,
        team: Some("DG02".into()),
        cert_expiry: Some(day("2028-12-31")),
    };
    store.add_officer(&admin, now(), &outsider, "110100").expect("add");
    let sun = login(&mut store, "QJ1101", "110100");
    let refused = store.take_step(
        &sun,
        now(),
        case.id,
        &Step::RequestFiling,
        &CaseRules::defaults(&calendar),
    );
    assert!(matches!(refusal(refused), CaseRefusal::OtherTeam { .. }));
    let admin_step = store.take_step(
        &admin,
        now(),
        case.id,
        &Step::RequestFiling,
        &CaseRules::defaults(&calendar),
    );
    assert!(matches!(admin_step, Err(StoreError::Access(_))), "an admin edits no case");
}

#[test]
fn the_worklist_counts_overdue_and_due_soon_cases_per_team() {
    let mut store = demo();
    let zhang = login(&mut store, "QJ1001", "100100");
    let mut late = new_case(&["330217101001"], "2026-11-01");
    late.lead_on = day("2026-11-01");
    store.open_case(&zhang, now(), &late).expect("late lead");
    let mut soon = new_case(&["330217101001"], "2026-11-10");
    soon.lead_on = day("2026-11-17");
    store.open_case(&zhang, now(), &soon).expect("recent lead");
    let counts = zhifa::worklist::attention(&store, day("2026-11-24"), None).expect("counts");
    // Filing within 10 working days: from 1 Nov due 13 Nov (overdue); from 17 Nov due 1 Dec.
    assert_eq!((counts.overdue_cases, counts.due_soon_cases), (1, 0));
    let later = zhifa::worklist::attention(&store, day("2026-11-28"), None).expect("counts");
    assert_eq!((later.overdue_cases, later.due_soon_cases), (1, 1));
    let other =
        zhifa::worklist::attention(&store, day("2026-11-24"), Some("DG02")).expect("counts");
    assert_eq!(other.overdue_cases, 0, "another team's cases are not ours");
}

fn proposal(fine: i64, tier: &str, reason: &str) -> zhifa::domain::penalty::Proposal {
    zhifa::domain::penalty::Proposal {
        party: PartyKind::Individual,
        warning: false,
        fine: Some(fine),
        tier: Some(tier.into()),
        tier_reason: reason.into(),
        confiscation: Default::default(),
    }
}

#[test]
fn art_34_63_the_penalty_lies_in_its_tier_and_a_large_fine_brings_the_hearing_right() {
    let mut store = demo();
    let calendar = shipped().expect("calendar");
    let mut rules = CaseRules::defaults(&calendar);
    // The city sets a low threshold for 市容环境卫生, the item's domain, so that its largest fine
    // reaches it (the general one, 10,000 yuan, would not).
    let low = zhifa::domain::penalty::HearingThresholds::same(400, 4_000);
    rules.hearing.by_domain.insert("市容环境卫生".into(), low);
    let zhang = login(&mut store, "QJ1001", "100100");
    let chen = login(&mut store, "QJ0100", "010100");
    let case =
        store.open_case(&zhang, now(), &new_case(&["330217101001"], "2026-11-01")).expect("open");
    let mut take = |who: &Identity, step: Step| store.take_step(who, now(), case.id, &step, &rules);
    take(&zhang, Step::RequestFiling).expect("ask");
    take(&chen, Step::ApproveFiling { on: day("2026-11-21"), opinion: "同意立案".into() })
        .expect("filed");
    take(&zhang, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()])).expect("two");
    let outside_tier = take(&zhang, Step::ProposePenalty(proposal(400, "一般", "逾期不改正")));
    assert!(
        matches!(refusal(outside_tier), CaseRefusal::Penalty(r) if r.len() == 1),
        "一般 is 200–350 yuan"
    );
    let no_reason = take(&zhang, Step::ProposePenalty(proposal(300, "一般", " ")));
    assert!(refusal(no_reason).message_zh().contains("理由"));
    let above_range = take(&zhang, Step::ProposePenalty(proposal(900, "从重", "多次投诉")));
    assert!(refusal(above_range).message_zh().contains("50–500"));
    take(&zhang, Step::ProposePenalty(proposal(450, "从重", "两年内再次违法"))).expect("lawful");
    // The officer says no hearing right; the fine decides (art. 63).
    let notified = take(&zhang, Step::GiveNotice { on: day("2026-11-24"), hearing_right: false })
        .expect("notice");
    assert!(notified.state.hearing_right, "450 yuan ≥ the 400 yuan threshold");
    assert_eq!(notified.state.penalty.as_ref().and_then(|p| p.fine), Some(450));
    let decide = || Step::Decide {
        on: day("2026-11-24"),
        penalty: true,
        ground: None,
        educated: false,
        opinion: "同意".into(),
    };
    // Arts. 44, 45, 62, 64: not while the party may still state, defend or ask for a hearing.
    let early = refusal(take(&chen, decide()));
    assert!(matches!(early, CaseRefusal::Step(StepRefusal::DefencePeriodOpen { .. })), "{early:?}");
    take(&zhang, Step::WaiveRights { on: day("2026-11-24") }).expect("waived");
    // Art. 57(2): a fine large enough for a hearing is decided by the heads together.
    let alone = refusal(take(&chen, decide()));
    assert_eq!(alone, CaseRefusal::Step(StepRefusal::CollectiveMissing));
    let talk = Step::CollectiveDiscussion { on: day("2026-11-24"), conclusion: "同意".into() };
    take(&chen, talk).expect("discussed");
    assert!(take(&chen, decide()).is_ok(), "waived and discussed: the head decides");
}

#[test]
fn art_51_52_on_the_spot_two_certified_officers_a_small_fine_and_its_own_numbers() {
    let mut store = demo();
    let calendar = shipped().expect("calendar");
    let rules = CaseRules::defaults(&calendar);
    let zhang = login(&mut store, "QJ1001", "100100");
    let mut spot = new_case(&["330217101001"], "2026-11-20");
    spot.source = CaseSource::Patrol;
    let small = proposal(100, "从轻", "在调查期间主动改正");
    let too_big = proposal(300, "一般", "逾期不改正");
    let above = store.decide_on_the_spot(&zhang, now(), &spot, &too_big, "QJ1002", &rules);
    assert!(refusal(above).message_zh().contains("第五十一条"), "200 yuan for a person");
    let alone = store.decide_on_the_spot(&zhang, now(), &spot, &small, "QJ1001", &rules);
    assert!(matches!(refusal(alone), CaseRefusal::Step(_)), "one officer is not two");
    let uncertified = store.decide_on_the_spot(&zhang, now(), &spot, &small, "QJ2001", &rules);
    assert_eq!(refusal(uncertified), CaseRefusal::NotCertified("QJ2001".into()));
    let mut nobody = spot.clone();
    nobody.parties.clear();
    let nameless = store.decide_on_the_spot(&zhang, now(), &nobody, &small, "QJ1002", &rules);
    assert_eq!(refusal(nameless), CaseRefusal::NoParty);
    assert!(store.cases().expect("cases").is_empty(), "refusals wrote nothing");
    let first =
        store.decide_on_the_spot(&zhang, now(), &spot, &small, "QJ1002", &rules).expect("ok");
    assert_eq!(first.number.as_deref(), Some("〔2026〕综执简字第1号"));
    assert_eq!((first.state.stage, first.state.simple), (Stage::Served, true));
    assert_eq!(first.state.investigators, ["QJ1001", "QJ1002"]);
    let second =
        store.decide_on_the_spot(&zhang, now(), &spot, &small, "QJ1002", &rules).expect("ok");
    assert_eq!(second.number.as_deref(), Some("〔2026〕综执简字第2号"));
    // The ordinary series is its own: the first filed case is still number 1.
    let lead =
        store.open_case(&zhang, now(), &new_case(&["330217101001"], "2026-11-01")).expect("open");
    let chen = login(&mut store, "QJ0100", "010100");
    store.take_step(&zhang, now(), lead.id, &Step::RequestFiling, &rules).expect("ask");
    let filed = store
        .take_step(
            &chen,
            now(),
            lead.id,
            &Step::ApproveFiling { on: day("2026-11-21"), opinion: "同意立案".into() },
            &rules,
        )
        .expect("filed");
    assert_eq!(filed.number.as_deref(), Some("〔2026〕综执罚字第1号"));
}

#[test]
fn art_9_a_confiscation_is_proposed_decided_shown_and_replayed() {
    // 没收违法所得 and 没收非法财物 (APL art. 9(2)) travel in the proposal's step event: the
    // case holds them once decided, and verify re-derives the case from the events.
    let mut store = demo();
    let calendar = shipped().expect("calendar");
    let rules = CaseRules::defaults(&calendar);
    let zhang = login(&mut store, "QJ1001", "100100");
    let chen = login(&mut store, "QJ0100", "010100");
    let case =
        store.open_case(&zhang, now(), &new_case(&["330217101001"], "2026-11-01")).expect("open");
    let mut take = |who: &Identity, step: Step| store.take_step(who, now(), case.id, &step, &rules);
    take(&zhang, Step::RequestFiling).expect("ask");
    take(&chen, Step::ApproveFiling { on: day("2026-11-21"), opinion: "同意立案".into() })
        .expect("filed");
    take(&zhang, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()])).expect("two");
    let mut taken = proposal(300, "一般", "逾期不改正");
    taken.confiscation.gains = Some(1_200);
    taken.confiscation.property = "电子秤一台".into();
    take(&zhang, Step::ProposePenalty(taken.clone())).expect("lawful");
    take(&zhang, Step::GiveNotice { on: day("2026-11-24"), hearing_right: false }).expect("notice");
    take(&zhang, Step::WaiveRights { on: day("2026-11-24") }).expect("waived");
    let decided = take(
        &chen,
        Step::Decide {
            on: day("2026-11-24"),
            penalty: true,
            ground: None,
            educated: false,
            opinion: "同意".into(),
        },
    )
    .expect("decided");
    assert_eq!(decided.state.penalty.as_ref().map(|p| &p.confiscation), Some(&taken.confiscation));
    let record = store.case(case.id).expect("read").expect("case");
    let line = zhifa::worklist::case_line(record, &calendar, day("2026-11-24"));
    let shown: Vec<String> = zhifa::casefile::sections(&line, &[], zhifa::i18n::Lang::Zh)
        .into_iter()
        .flat_map(|s| s.lines.into_iter().map(|(text, _)| text))
        .collect();
    let shown = shown.join("\n");
    assert!(shown.contains("没收违法所得 1200 元"), "the case file: {shown}");
    assert!(shown.contains("没收非法财物：电子秤一台"), "the case file: {shown}");
    let verified = store.verify(&zhifa::store::VerifyOptions::default()).expect("verify");
    assert_eq!(verified.problems, vec![], "the case is what its events make it");
}

/// 《行政处罚法》第六十三条第一款第（二）项: 没收较大数额违法所得、没收较大价值非法财物 give the party
/// the right to a hearing as a large fine does (一). With the general thresholds (10,000 yuan for a
/// person), a 300 yuan fine gives none; confiscated gains of 12,000 yuan do, 9,000 do not; illegal
/// property valued at 15,000 yuan does. The notice states the right and the hearing follows.
#[test]
fn art_63_1_2_large_confiscated_gains_or_property_bring_the_hearing_right() {
    let mut store = demo();
    let calendar = shipped().expect("calendar");
    let rules = CaseRules::defaults(&calendar);
    let zhang = login(&mut store, "QJ1001", "100100");
    let chen = login(&mut store, "QJ0100", "010100");
    let mut noticed = |gains: Option<i64>, property: (&str, Option<i64>)| {
        let case = store
            .open_case(&zhang, now(), &new_case(&["330217101001"], "2026-11-01"))
            .expect("open");
        let mut take =
            |who: &Identity, step: Step| store.take_step(who, now(), case.id, &step, &rules);
        take(&zhang, Step::RequestFiling).expect("ask");
        take(&chen, Step::ApproveFiling { on: day("2026-11-21"), opinion: "同意立案".into() })
            .expect("filed");
        take(&zhang, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()]))
            .expect("two");
        let mut p = proposal(300, "一般", "逾期不改正");
        p.confiscation.gains = gains;
        p.confiscation.property = property.0.into();
        p.confiscation.property_value = property.1;
        take(&zhang, Step::ProposePenalty(p)).expect("lawful");
        let notice = Step::GiveNotice { on: day("2026-11-24"), hearing_right: false };
        let state = take(&zhang, notice).expect("notice").state;
        let asked = take(&zhang, Step::RequestHearing { on: day("2026-11-24") });
        (case.id, state.hearing_right, asked)
    };
    let (_, right, asked) = noticed(Some(12_000), ("", None));
    assert!(right, "gains of 12,000 yuan ≥ 10,000: the notice states the right");
    let asked = asked.expect("the party may ask for a hearing");
    assert!(asked.state.hearing_requested);
    let (_, right, asked) = noticed(Some(9_000), ("", None));
    assert!(!right, "gains of 9,000 yuan and a 300 yuan fine: no right");
    assert_eq!(refusal(asked), CaseRefusal::Step(StepRefusal::NoHearingRight));
    let (_, right, _) = noticed(None, ("电动三轮车一辆", None));
    assert!(!right, "property with no value recorded: not by art. 63(1)(二)");
    let (valued, right, asked) = noticed(None, ("挖掘机一台", Some(15_000)));
    assert!(right && asked.is_ok(), "property valued at 15,000 yuan: the right");
    // The value travels in the proposal's event: shown in the case file, replayed by verify.
    let record = store.case(valued).expect("read").expect("case");
    let line = zhifa::worklist::case_line(record, &calendar, day("2026-11-24"));
    let shown: Vec<String> = zhifa::casefile::sections(&line, &[], zhifa::i18n::Lang::Zh)
        .into_iter()
        .flat_map(|s| s.lines.into_iter().map(|(text, _)| text))
        .collect();
    assert!(shown.join("\n").contains("没收非法财物：挖掘机一台（估值 15000 元）"), "{shown:?}");
    let verified = store.verify(&zhifa::store::VerifyOptions::default()).expect("verify");
    assert_eq!(verified.problems, vec![], "the cases are what their events make them");
}

/// Confiscated gains paid in are recorded apart from the fine (`collect-gains`, APL art. 74(1)):
/// after service, against a receipt, once; shown in the case file, counted in the report's
/// 没收违法所得 已收缴 on both paths, and replayed by verify. The fine stays owed.
#[test]
fn confiscated_gains_collected_are_recorded_apart_from_the_fine() {
    use zhifa::domain::case::Stage;
    use zhifa::report::{GroupBy, Period};
    let mut store = demo();
    let calendar = shipped().expect("calendar");
    let rules = CaseRules::defaults(&calendar);
    let zhang = login(&mut store, "QJ1001", "100100");
    let chen = login(&mut store, "QJ0100", "010100");
    let case =
        store.open_case(&zhang, now(), &new_case(&["330217101001"], "2026-11-01")).expect("open");
    let mut take = |who: &Identity, step: Step| store.take_step(who, now(), case.id, &step, &rules);
    take(&zhang, Step::RequestFiling).expect("ask");
    take(&chen, Step::ApproveFiling { on: day("2026-11-21"), opinion: "同意立案".into() })
        .expect("filed");
    take(&zhang, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()])).expect("two");
    let mut taken = proposal(300, "一般", "逾期不改正");
    taken.confiscation.gains = Some(1_200);
    take(&zhang, Step::ProposePenalty(taken)).expect("lawful");
    take(&zhang, Step::GiveNotice { on: day("2026-11-24"), hearing_right: false }).expect("notice");
    take(&zhang, Step::WaiveRights { on: day("2026-11-24") }).expect("waived");
    let collect = || Step::CollectGains { on: day("2026-11-24"), receipt: "JK2026-0001".into() };
    let decide = Step::Decide {
        on: day("2026-11-24"),
        penalty: true,
        ground: None,
        educated: false,
        opinion: "同意".into(),
    };
    take(&chen, decide).expect("decided");
    let early = refusal(take(&zhang, collect()));
    assert!(matches!(early, CaseRefusal::Step(StepRefusal::WrongStage(_))), "{early:?}");
    take(&zhang, Step::Serve { on: day("2026-11-24") }).expect("served");
    let no_receipt = Step::CollectGains { on: day("2026-11-24"), receipt: " ".into() };
    assert!(take(&zhang, no_receipt).is_err(), "a receipt is required");
    let collected = take(&zhang, collect()).expect("collected");
    assert_eq!(collected.state.execution.gains_collected_on, Some(day("2026-11-24")));
    assert_eq!(collected.state.stage, Stage::Served, "the fine is still owed");
    let twice = refusal(take(&zhang, collect()));
    assert_eq!(twice, CaseRefusal::Step(StepRefusal::GainsAlreadyCollected));

    let record = store.case(case.id).expect("read").expect("case");
    let line = zhifa::worklist::case_line(record, &calendar, day("2026-11-24"));
    let shown: Vec<String> = zhifa::casefile::sections(&line, &[], zhifa::i18n::Lang::Zh)
        .into_iter()
        .flat_map(|s| s.lines.into_iter().map(|(text, _)| text))
        .collect();
    let shown = shown.join("\n");
    assert!(shown.contains("没收违法所得 1200 元（2026-11-24 已收缴）"), "{shown}");
    let period = Period { from: day("2026-11-01"), to: day("2026-11-24") };
    let figures = store.report_figures(period, GroupBy::Team, day("2026-11-24")).expect("figures");
    let full = store.report(period, GroupBy::Team, day("2026-11-24")).expect("report");
    for report in [&figures, &full] {
        assert_eq!(report.total_of("gains_collected").map(|f| f.value), Some(1_200));
        assert_eq!(report.total_of("fines_collected").map(|f| f.value), Some(0));
    }
    let verified = store.verify(&zhifa::store::VerifyOptions::default()).expect("verify");
    assert_eq!(verified.problems, vec![], "the case is what its events make it");
}
