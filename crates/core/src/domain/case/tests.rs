//! The procedure step by step, each refusal with the article that requires it.

use super::*;
use crate::calendar::shipped;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("test date {s}: {e}"))
}

fn calendar() -> WorkCalendar {
    shipped().unwrap_or_else(|e| panic!("calendar: {e}"))
}

/// Judged on 31 December 2026 (after every date below) under the default authority.
fn step(case: &Case, step: Step, role: Role) -> Result<Case, StepRefusal> {
    step_on(case, step, role, day("2026-12-31"))
}

fn step_on(case: &Case, step: Step, role: Role, today: NaiveDate) -> Result<Case, StepRefusal> {
    let calendar = calendar();
    let authority = Authority::default();
    apply(case, &step, &Judge { role, today, calendar: &calendar, authority: &authority })
}

fn ok(case: &Case, s: Step, role: Role) -> Case {
    step(case, s.clone(), role).unwrap_or_else(|e| panic!("{s:?} as {role:?}: {e}"))
}

fn fine(yuan: i64) -> Proposal {
    Proposal {
        party: crate::domain::catalog::PartyKind::Individual,
        warning: false,
        fine: Some(yuan),
        tier: None,
        tier_reason: String::new(),
        confiscation: Default::default(),
    }
}

fn approve(on: &str) -> Step {
    Step::ApproveFiling { on: day(on), opinion: "同意立案".into() }
}

fn notice(on: &str) -> Step {
    Step::GiveNotice { on: day(on), hearing_right: false }
}

fn decide(on: &str) -> Step {
    Step::Decide {
        on: day(on),
        penalty: true,
        ground: None,
        educated: false,
        opinion: "同意".into(),
    }
}

fn spare(on: &str, ground: NoPenaltyGround, educated: bool) -> Step {
    Step::Decide {
        on: day(on),
        penalty: false,
        ground: Some(ground),
        educated,
        opinion: String::new(),
    }
}

fn waive(on: &str) -> Step {
    Step::WaiveRights { on: day(on) }
}

/// Filed on 2 March 2026 by the head, two investigators assigned, a fine proposed.
fn investigating() -> Case {
    let lead = Case::lead(day("2026-02-27"), day("2026-03-01"));
    let asked = ok(&lead, Step::RequestFiling, Role::Officer);
    let filed = ok(&asked, approve("2026-03-02"), Role::Head);
    let two = Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()]);
    let assigned = ok(&filed, two, Role::Officer);
    ok(&assigned, Step::ProposePenalty(fine(300)), Role::Officer)
}

/// Notified on Friday 20 March 2026; the party's five working days end on Friday 27 March.
fn notified() -> Case {
    ok(&investigating(), notice("2026-03-20"), Role::Officer)
}

#[test]
fn art_44_no_penalty_decided_that_was_not_proposed_and_notified() {
    let lead = Case::lead(day("2026-02-27"), day("2026-03-01"));
    let asked = ok(&lead, Step::RequestFiling, Role::Officer);
    let filed = ok(&asked, approve("2026-03-02"), Role::Head);
    let two = Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()]);
    let assigned = ok(&filed, two, Role::Officer);
    let told = ok(&assigned, notice("2026-03-20"), Role::Officer);
    let told = ok(&told, waive("2026-03-20"), Role::Officer);
    assert_eq!(step(&told, decide("2026-03-30"), Role::Head), Err(StepRefusal::PenaltyMissing));
    let none = ok(&told, spare("2026-03-30", NoPenaltyGround::NotEstablished, false), Role::Head);
    assert_eq!(none.stage, Stage::NoPenalty);
    assert_eq!(
        step(&told, Step::ProposePenalty(fine(100)), Role::Officer),
        Err(StepRefusal::ProposalAfterNotice),
        "art. 45: the penalty notified is changed only after the party was heard"
    );
}

#[test]
fn art_57_only_the_head_decides_and_approves_by_default() {
    let c = ok(&notified(), waive("2026-03-21"), Role::Officer);
    for role in [Role::Officer, Role::TeamLeader, Role::LegalReviewer, Role::Auxiliary] {
        match step(&c, decide("2026-03-30"), role) {
            Err(StepRefusal::NotAllowed { allowed, act, .. }) => {
                assert_eq!((allowed, act), (vec![Role::Head], Act::Decision), "{role:?}");
            }
            other => panic!("{role:?} decided: {other:?}"),
        }
    }
    assert_eq!(ok(&c, decide("2026-03-30"), Role::Head).stage, Stage::Decided);
    let asked =
        ok(&Case::lead(day("2026-02-27"), day("2026-03-01")), Step::RequestFiling, Role::Officer);
    let refused = step(&asked, approve("2026-03-02"), Role::TeamLeader);
    assert!(matches!(refused, Err(StepRefusal::NotAllowed { act: Act::Filing, .. })));
    assert!(refused.err().is_some_and(|r| r.message_zh().contains("负责人")));
}

#[test]
fn local_rules_may_let_a_team_leader_approve_filing_but_never_decide() {
    let authority =
        Authority { filing: vec![Role::Head, Role::TeamLeader], ..Authority::default() };
    assert_eq!(authority.check(), Ok(()));
    let calendar = calendar();
    let judge =
        |role| Judge { role, today: day("2026-12-31"), calendar: &calendar, authority: &authority };
    let asked =
        ok(&Case::lead(day("2026-02-27"), day("2026-03-01")), Step::RequestFiling, Role::Officer);
    assert!(apply(&asked, &approve("2026-03-02"), &judge(Role::TeamLeader)).is_ok());
    let c = ok(&notified(), waive("2026-03-21"), Role::Officer);
    assert!(apply(&c, &decide("2026-03-30"), &judge(Role::TeamLeader)).is_err(), "art. 57");
    let officer_approves = Authority { closing: vec![Role::Officer], ..Authority::default() };
    assert!(officer_approves.check().is_err(), "an officer never approves");
}

#[test]
fn art_57_2_a_serious_case_is_decided_after_the_heads_collective_discussion() {
    let mut c = investigating();
    c.legal_review_required = true;
    let c = ok(&c, Step::SubmitLegalReview, Role::Officer);
    let passed = Step::PassLegalReview { on: day("2026-03-19"), opinion: "合法".into() };
    let c = ok(&c, passed, Role::LegalReviewer);
    let c = ok(&c, notice("2026-03-20"), Role::Officer);
    let c = ok(&c, waive("2026-03-20"), Role::Officer);
    assert!(c.collective_required());
    assert_eq!(step(&c, decide("2026-03-30"), Role::Head), Err(StepRefusal::CollectiveMissing));
    let talk = Step::CollectiveDiscussion { on: day("2026-03-27"), conclusion: String::new() };
    assert_eq!(step(&c, talk, Role::Head), Err(StepRefusal::Missing("conclusion")));
    let talk = Step::CollectiveDiscussion { on: day("2026-03-27"), conclusion: "同意".into() };
    assert!(step(&c, talk.clone(), Role::TeamLeader).is_err(), "the heads discuss");
    let c = ok(&c, talk, Role::Head);
    assert_eq!(
        step(&c, decide("2026-03-26"), Role::Head),
        Err(StepRefusal::BeforeEarlier {
            on: day("2026-03-26"),
            earlier: day("2026-03-27"),
            what: Earlier::Collective
        })
    );
    assert_eq!(ok(&c, decide("2026-03-30"), Role::Head).stage, Stage::Decided);
}

#[test]
fn art_44_45_62_no_decision_inside_the_defence_period_unless_waived() {
    let c = notified();
    // Notified Friday 20 March: 23–27 March are the five working days.
    assert_eq!(
        step(&c, decide("2026-03-20"), Role::Head),
        Err(StepRefusal::DefencePeriodOpen { ends: day("2026-03-27") }),
        "not on the day of the notice"
    );
    assert_eq!(
        step(&c, decide("2026-03-27"), Role::Head),
        Err(StepRefusal::DefencePeriodOpen { ends: day("2026-03-27") })
    );
    assert_eq!(ok(&c, decide("2026-03-30"), Role::Head).stage, Stage::Decided);
    let waived = ok(&c, waive("2026-03-23"), Role::Officer);
    assert_eq!(ok(&waived, decide("2026-03-23"), Role::Head).stage, Stage::Decided, "art. 62");
}

#[test]
fn art_45_what_the_party_stated_is_reviewed_before_the_decision() {
    let c = notified();
    let heard = Step::HearStatement { on: day("2026-03-23"), summary: String::new() };
    assert_eq!(step(&c, heard, Role::Officer), Err(StepRefusal::Missing("summary")));
    let heard = Step::HearStatement { on: day("2026-03-23"), summary: "已改正".into() };
    let c = ok(&c, heard, Role::Officer);
    assert_eq!(step(&c, decide("2026-03-30"), Role::Head), Err(StepRefusal::StatementNotReviewed));
    let review = |on, opinion: &str| Step::ReviewStatement {
        on: day(on),
        adopted: true,
        opinion: opinion.into(),
    };
    assert!(matches!(
        step(&c, review("2026-03-22", "采纳"), Role::Officer),
        Err(StepRefusal::BeforeEarlier { what: Earlier::Statement, .. })
    ));
    let c = ok(&c, review("2026-03-24", "部分采纳，减轻处罚"), Role::Officer);
    // Heard and reviewed: the decision need not wait for the rest of the period.
    assert_eq!(ok(&c, decide("2026-03-25"), Role::Head).stage, Stage::Decided);
    assert_eq!(
        step(&c, review("2026-03-24", "again"), Role::Officer),
        Err(StepRefusal::NoStatement)
    );
}

#[test]
fn art_45_after_a_statement_the_penalty_may_be_lowered_never_raised() {
    let c = notified();
    let heard = Step::HearStatement { on: day("2026-03-23"), summary: "初次违法".into() };
    let c = ok(&c, heard, Role::Officer);
    assert_eq!(step(&c, Step::ProposePenalty(fine(500)), Role::Officer), Err(StepRefusal::Heavier));
    let mut warned = fine(300);
    warned.warning = true;
    assert_eq!(step(&c, Step::ProposePenalty(warned), Role::Officer), Err(StepRefusal::Heavier));
    // A confiscation added is heavier too, even with a lower fine (art. 9(2): a penalty of its
    // own).
    let mut taken = fine(200);
    taken.confiscation.gains = Some(100);
    assert_eq!(step(&c, Step::ProposePenalty(taken), Role::Officer), Err(StepRefusal::Heavier));
    let mut seized = fine(200);
    seized.confiscation.property = "电子秤一台".into();
    assert_eq!(step(&c, Step::ProposePenalty(seized), Role::Officer), Err(StepRefusal::Heavier));
    let lowered = ok(&c, Step::ProposePenalty(fine(200)), Role::Officer);
    assert_eq!(lowered.penalty.and_then(|p| p.fine), Some(200));
}

#[test]
fn dates_follow_the_steps_they_come_after_and_never_today_s_future() {
    let lead = Case::lead(day("2026-02-27"), day("2026-03-01"));
    let asked = ok(&lead, Step::RequestFiling, Role::Officer);
    assert_eq!(
        step(&asked, approve("2026-02-28"), Role::Head),
        Err(StepRefusal::BeforeEarlier {
            on: day("2026-02-28"),
            earlier: day("2026-03-01"),
            what: Earlier::Lead
        })
    );
    assert_eq!(
        step_on(&asked, approve("2026-03-05"), Role::Head, day("2026-03-04")),
        Err(StepRefusal::InFuture { on: day("2026-03-05"), today: day("2026-03-04") })
    );
    let c = investigating();
    assert!(matches!(
        step(&c, notice("2026-03-01"), Role::Officer),
        Err(StepRefusal::BeforeEarlier { what: Earlier::Filing, .. })
    ));
    let c = ok(&notified(), waive("2026-03-20"), Role::Officer);
    let err = step(&c, decide("2026-03-19"), Role::Head);
    assert!(matches!(err, Err(StepRefusal::BeforeEarlier { what: Earlier::Notice, .. })));
    assert!(err.err().is_some_and(
        |r| r.message_zh().contains("2026-03-19") && r.message_zh().contains("2026-03-20")
    ));
    let decided = ok(&c, decide("2026-03-30"), Role::Head);
    assert!(matches!(
        step(&decided, Step::Serve { on: day("2026-03-29") }, Role::Officer),
        Err(StepRefusal::BeforeEarlier { what: Earlier::Decision, .. })
    ));
}

#[test]
fn art_58_review_records_an_opinion_sees_the_proposal_as_it_stands_and_follows_a_hearing() {
    let mut c = investigating();
    c.legal_review_required = true;
    let c = ok(&c, Step::SubmitLegalReview, Role::Officer);
    let silent = Step::PassLegalReview { on: day("2026-03-10"), opinion: " ".into() };
    assert_eq!(step(&c, silent, Role::LegalReviewer), Err(StepRefusal::Missing("opinion")));
    let failed = Step::FailLegalReview { on: day("2026-03-10"), opinion: "证据不足".into() };
    let c = ok(&c, failed, Role::LegalReviewer);
    assert_eq!(step(&c, notice("2026-03-20"), Role::Officer), Err(StepRefusal::LegalReviewPending));
    let c = ok(&c, Step::SubmitLegalReview, Role::Officer);
    let passed = Step::PassLegalReview { on: day("2026-03-12"), opinion: "同意".into() };
    let c = ok(&c, passed, Role::LegalReviewer);
    assert!(c.legal_review_passed);
    // A changed proposal is reviewed again.
    let changed = ok(&c, Step::ProposePenalty(fine(250)), Role::Officer);
    assert!(!changed.legal_review_passed);
    assert_eq!(
        step(&changed, notice("2026-03-20"), Role::Officer),
        Err(StepRefusal::LegalReviewPending)
    );
    // Art. 58(1)(2): a case that went through a hearing is reviewed before the decision, from
    // the notified stage.
    let mut heard = investigating();
    heard =
        ok(&heard, Step::GiveNotice { on: day("2026-09-30"), hearing_right: true }, Role::Officer);
    heard = ok(&heard, Step::RequestHearing { on: day("2026-10-09") }, Role::Officer);
    let told = Step::NotifyHearing { on: day("2026-10-13"), held_on: day("2026-10-22") };
    heard = ok(&heard, told, Role::Officer);
    heard = ok(
        &heard,
        Step::HoldHearing { on: day("2026-10-22"), record: String::new() },
        Role::Officer,
    );
    assert!(heard.legal_review_required && !heard.legal_review_passed);
    let talk = Step::CollectiveDiscussion { on: day("2026-10-23"), conclusion: "同意".into() };
    heard = ok(&heard, talk, Role::Head);
    assert_eq!(
        step(&heard, decide("2026-10-26"), Role::Head),
        Err(StepRefusal::LegalReviewPending)
    );
    let review = ok(&heard, Step::SubmitLegalReview, Role::Officer);
    assert_eq!(review.stage, Stage::LegalReview);
    let passed = Step::PassLegalReview { on: day("2026-10-23"), opinion: "听证后维持".into() };
    let back = ok(&review, passed, Role::LegalReviewer);
    assert_eq!(back.stage, Stage::Notified, "the review returns where it came from");
    assert_eq!(ok(&back, decide("2026-10-26"), Role::Head).stage, Stage::Decided);
}

#[test]
fn art_63_64_hearing_requested_in_time_and_held_before_the_decision() {
    let c = investigating();
    let c = ok(&c, Step::GiveNotice { on: day("2026-09-30"), hearing_right: true }, Role::Officer);
    let late = step(&c, Step::RequestHearing { on: day("2026-10-14") }, Role::Officer);
    assert_eq!(late, Err(StepRefusal::HearingRequestLate(day("2026-10-13"))));
    let waived = ok(&c, waive("2026-10-09"), Role::Officer);
    assert!(waived.hearing_waived, "art. 64(6): the hearing is given up with the defence");
    let talk = Step::CollectiveDiscussion { on: day("2026-10-09"), conclusion: "同意".into() };
    let waived = ok(&waived, talk.clone(), Role::Head);
    assert!(step(&waived, decide("2026-10-09"), Role::Head).is_ok());
    let open = ok(&c, talk, Role::Head);
    assert_eq!(
        step(&open, decide("2026-10-12"), Role::Head),
        Err(StepRefusal::DefencePeriodOpen { ends: day("2026-10-13") })
    );
    let c = ok(&c, Step::RequestHearing { on: day("2026-10-13") }, Role::Officer);
    assert_eq!(step(&c, decide("2026-10-20"), Role::Head), Err(StepRefusal::HearingPending));
    let hold = Step::HoldHearing { on: day("2026-10-22"), record: String::new() };
    assert_eq!(step(&c, hold.clone(), Role::Officer), Err(StepRefusal::HearingNotNotified));
    let short = Step::NotifyHearing { on: day("2026-10-13"), held_on: day("2026-10-21") };
    assert_eq!(
        step(&c, short, Role::Officer),
        Err(StepRefusal::HearingNoticeShort(day("2026-10-22")))
    );
    let told = Step::NotifyHearing { on: day("2026-10-13"), held_on: day("2026-10-22") };
    let c = ok(&c, told, Role::Officer);
    let early = Step::HoldHearing { on: day("2026-10-21"), record: String::new() };
    assert!(matches!(
        step(&c, early, Role::Officer),
        Err(StepRefusal::BeforeEarlier { what: Earlier::HearingDay, .. })
    ));
    let c = ok(&c, hold, Role::Officer);
    assert_eq!((c.stage, c.hearing_held), (Stage::Notified, true));
}

#[test]
fn art_36_an_act_discovered_after_two_years_is_no_longer_penalised() {
    let old = Case::lead(day("2024-02-01"), day("2026-03-01"));
    let asked = ok(&old, Step::RequestFiling, Role::Officer);
    let refused = step(&asked, approve("2026-03-02"), Role::Head);
    assert_eq!(
        refused,
        Err(StepRefusal::Limitation {
            act_on: day("2024-02-01"),
            found_on: day("2026-03-01"),
            ended: day("2026-02-01"),
            years: 2
        })
    );
    assert!(refused.err().is_some_and(|r| r.message_zh().contains("第三十六条")));
    // Five years where life, health or financial safety was harmed.
    let serious = Case { serious: true, ..asked.clone() };
    assert!(step(&serious, approve("2026-03-02"), Role::Head).is_ok());
    // Discovered on the last day of the two years: still in time.
    let in_time = Case::lead(day("2024-03-01"), day("2026-03-01"));
    let in_time = ok(&in_time, Step::RequestFiling, Role::Officer);
    assert!(step(&in_time, approve("2026-03-02"), Role::Head).is_ok());
}

#[test]
fn art_30_31_33_a_decision_of_no_penalty_names_its_ground_and_educates() {
    let c = ok(&notified(), waive("2026-03-20"), Role::Officer);
    let groundless = Step::Decide {
        on: day("2026-03-30"),
        penalty: false,
        ground: None,
        educated: false,
        opinion: String::new(),
    };
    assert_eq!(step(&c, groundless, Role::Head), Err(StepRefusal::GroundMissing));
    assert_eq!(
        step(&c, spare("2026-03-30", NoPenaltyGround::FirstMinor, false), Role::Head),
        Err(StepRefusal::EducationMissing),
        "art. 33(3)"
    );
    let spared = ok(&c, spare("2026-03-30", NoPenaltyGround::FirstMinor, true), Role::Head);
    assert_eq!(
        (spared.stage, spared.no_penalty),
        (Stage::NoPenalty, Some(NoPenaltyGround::FirstMinor))
    );
    assert!(step(&c, spare("2026-03-30", NoPenaltyGround::Minor14, false), Role::Head).is_ok());
    let mut both = decide("2026-03-30");
    if let Step::Decide { ground, .. } = &mut both {
        *ground = Some(NoPenaltyGround::Minor);
    }
    assert_eq!(step(&c, both, Role::Head), Err(StepRefusal::GroundWithPenalty));
}

/// Decided on the spot (simple procedure) on 2 March 2026 with a fine of `yuan`.
fn spot(yuan: i64) -> Case {
    let mut simple = Case::lead(day("2026-03-02"), day("2026-03-02"));
    simple.simple = true;
    simple.penalty = Some(fine(yuan));
    let officers = vec!["QJ1001".into(), "QJ1002".into()];
    ok(&simple, Step::DecideOnTheSpot { on: day("2026-03-02"), officers }, Role::Officer)
}

#[test]
fn art_51_52_only_a_simple_case_is_decided_on_the_spot_by_two_officers() {
    let on = day("2026-03-01");
    let spot = |officers: &[&str]| Step::DecideOnTheSpot {
        on,
        officers: officers.iter().map(|s| s.to_string()).collect(),
    };
    let ordinary = Case::lead(on, on);
    assert_eq!(
        step(&ordinary, spot(&["QJ1001", "QJ1002"]), Role::Officer),
        Err(StepRefusal::NotSimple)
    );
    let mut simple = ordinary.clone();
    simple.simple = true;
    assert_eq!(
        step(&simple, spot(&["QJ1001", "QJ1002"]), Role::Officer),
        Err(StepRefusal::PenaltyMissing)
    );
    simple.penalty = Some(fine(100));
    assert_eq!(
        step(&simple, spot(&["QJ1001", "QJ1001"]), Role::Officer),
        Err(StepRefusal::TooFewInvestigators)
    );
    let decided = ok(&simple, spot(&["QJ1001", "QJ1002"]), Role::Officer);
    assert_eq!((decided.stage, decided.served_on), (Stage::Served, Some(on)));
    assert!(step(&simple, spot(&["QJ1001", "QJ1002"]), Role::Head).is_err(), "the officers there");
    let paid = ok(&decided, Step::RecordExecution, Role::Officer);
    assert_eq!(paid.stage, Stage::Executed);
}

#[test]
fn art_68_69_70_71_collected_on_the_spot_up_to_100_yuan_with_a_receipt_handed_in_in_2_days() {
    let collect = |ground, receipt: &str| Step::CollectOnTheSpot {
        on: day("2026-03-02"),
        ground,
        receipt: receipt.into(),
    };
    let big = spot(150);
    assert_eq!(
        step(&big, collect(CollectionGround::Small, "No.1"), Role::Officer),
        Err(StepRefusal::CollectionAbove100 { fine: 150 })
    );
    let small = spot(100);
    assert_eq!(
        step(&small, collect(CollectionGround::Small, ""), Role::Officer),
        Err(StepRefusal::Missing("receipt")),
        "art. 70"
    );
    let collected = ok(&small, collect(CollectionGround::Small, "浙财 No.0012345"), Role::Officer);
    assert_eq!(collected.stage, Stage::Executed);
    let c = calendar();
    // Monday 2 March: two working days, Wednesday 4 March (arts. 71, 85).
    assert!(open_deadlines(&collected, &c)
        .contains(&(DeadlineKind::CollectionHandIn, Ok(day("2026-03-04")))));
    assert_eq!(
        step(&collected, Step::RequestClosing, Role::Officer),
        Err(StepRefusal::HandInPending)
    );
    let handed = ok(&collected, Step::HandInCollected { on: day("2026-03-03") }, Role::Officer);
    assert!(!open_deadlines(&handed, &c).iter().any(|(k, _)| *k == DeadlineKind::CollectionHandIn));
    assert_eq!(ok(&handed, Step::RequestClosing, Role::Officer).stage, Stage::ClosingReview);
    let ordinary = served_ordinary(80);
    assert_eq!(
        step(&ordinary, collect(CollectionGround::Small, "No.2"), Role::Officer),
        Err(StepRefusal::CollectionNotSimple),
        "art. 68 names decisions on the spot"
    );
    // Art. 69: in a remote area a decision of art. 57 may be collected on the spot too.
    let remote = Step::CollectOnTheSpot {
        on: day("2026-04-01"),
        ground: CollectionGround::Remote,
        receipt: "No.3".into(),
    };
    let remote = ok(&ordinary, remote, Role::Officer);
    assert_eq!(remote.execution.collected_on, Some(day("2026-04-01")));
}

/// An ordinary case decided on 30 March and served on 31 March 2026 with a fine of `yuan`.
fn served_ordinary(yuan: i64) -> Case {
    let mut c = investigating();
    c.penalty = Some(fine(yuan));
    let c = ok(&c, notice("2026-03-20"), Role::Officer);
    let c = ok(&c, decide("2026-03-30"), Role::Head);
    ok(&c, Step::Serve { on: day("2026-03-31") }, Role::Officer)
}

#[test]
fn art_66_72_73_deferral_and_appeals_pause_the_surcharge() {
    let c = calendar();
    let served = served_ordinary(1000);
    // Payment due 15 April (art. 67): on 25 April, ten days late.
    assert_eq!(surcharge_days(&served, day("2026-04-25"), &c), Some(10));
    let deferral =
        |on, until, instalments| Step::DeferPayment { on: day(on), until: day(until), instalments };
    assert_eq!(
        step(&served, deferral("2026-04-01", "2026-04-01", 1), Role::Head),
        Err(StepRefusal::BadDeferral)
    );
    assert!(
        step(&served, deferral("2026-04-01", "2026-06-30", 3), Role::Officer).is_err(),
        "approved"
    );
    let deferred = ok(&served, deferral("2026-04-01", "2026-06-30", 3), Role::Head);
    assert_eq!(surcharge_days(&deferred, day("2026-04-25"), &c), Some(0), "art. 66");
    assert!(
        open_deadlines(&deferred, &c).contains(&(DeadlineKind::Deferral, Ok(day("2026-06-30"))))
    );
    // A review brought on 20 April and decided on 29 April: those days count no surcharge.
    let appealed = ok(
        &served,
        Step::RecordAppeal { on: day("2026-04-20"), kind: AppealKind::Review },
        Role::Officer,
    );
    assert_eq!(
        step(
            &appealed,
            Step::RecordAppeal { on: day("2026-04-21"), kind: AppealKind::Suit },
            Role::Officer
        ),
        Err(StepRefusal::AppealOpen)
    );
    assert_eq!(surcharge_days(&appealed, day("2026-04-25"), &c), Some(4), "16–19 April only");
    let ended = ok(&appealed, Step::EndAppeal { on: day("2026-04-29") }, Role::Officer);
    assert_eq!(surcharge_days(&ended, day("2026-05-05"), &c), Some(10), "4 before + 6 after");
}

#[test]
fn coercion_law_35_53_54_69_reminder_then_ten_working_days_then_the_court() {
    let served = served_ordinary(1000);
    assert_eq!(
        step(&served, Step::ServeReminder { on: day("2026-04-15") }, Role::Officer),
        Err(StepRefusal::NotOverdue { due: day("2026-04-15") }),
        "art. 35: only an obligation not performed by its deadline"
    );
    assert_eq!(
        step(&served, Step::ApplyCourtEnforcement { on: day("2026-11-01") }, Role::Head),
        Err(StepRefusal::ReminderMissing),
        "art. 54"
    );
    let reminded = ok(&served, Step::ServeReminder { on: day("2026-04-20") }, Role::Officer);
    // Ten working days from Monday 20 April: 21–24, 27–30 April, then (1–5 May a holiday)
    // 6 and 7 May.
    let c = calendar();
    let waited = open_deadlines(&reminded, &c)
        .into_iter()
        .find(|(k, _)| *k == DeadlineKind::ReminderWait)
        .and_then(|(_, d)| d.ok());
    assert_eq!(waited, Some(day("2026-05-07")));
    assert_eq!(
        step(&reminded, Step::ApplyCourtEnforcement { on: day("2026-05-07") }, Role::Head),
        Err(StepRefusal::ReminderWait { from: day("2026-05-08") })
    );
    // Art. 53: not before the six months to sue (to 30 September) have run out.
    assert_eq!(
        step(&reminded, Step::ApplyCourtEnforcement { on: day("2026-09-30") }, Role::Head),
        Err(StepRefusal::AppealPeriodsOpen { ends: day("2026-09-30") })
    );
    let applied = ok(&reminded, Step::ApplyCourtEnforcement { on: day("2026-10-08") }, Role::Head);
    assert_eq!(applied.execution.court_applied_on, Some(day("2026-10-08")));
}

#[test]
fn the_whole_ordinary_procedure_to_the_archive() {
    let c = investigating();
    assert_eq!((c.stage, c.filed_on), (Stage::Investigation, Some(day("2026-03-02"))));
    let c = ok(&c, notice("2026-03-20"), Role::Officer);
    let c = ok(&c, decide("2026-03-30"), Role::Head);
    let c = ok(&c, Step::Serve { on: day("2026-03-31") }, Role::Officer);
    let c = ok(&c, Step::RecordExecution, Role::Officer);
    let c = ok(&c, Step::RequestClosing, Role::Officer);
    let c = ok(&c, Step::ApproveClosing { opinion: "同意结案".into() }, Role::Head);
    let c = ok(&c, Step::Archive, Role::Officer);
    assert!(c.stage.is_final());
    assert_eq!(
        step(&c, Step::Withdraw { reason: "x".into() }, Role::Head),
        Err(StepRefusal::WrongStage(Stage::Archived))
    );
}

#[test]
fn roles_take_only_their_steps() {
    let lead = Case::lead(day("2026-02-27"), day("2026-03-01"));
    for role in [Role::Admin, Role::Auditor, Role::Auxiliary, Role::Head] {
        assert!(step(&lead, Step::RequestFiling, role).is_err(), "{role:?} records no case");
    }
    let c = ok(&notified(), waive("2026-03-20"), Role::Officer);
    assert!(
        step(&c, decide("2026-03-30"), Role::Auxiliary).is_err(),
        "auxiliary staff never decide"
    );
    let review = Case { stage: Stage::LegalReview, ..investigating() };
    let pass = Step::PassLegalReview { on: day("2026-03-10"), opinion: "同意".into() };
    assert!(step(&review, pass.clone(), Role::TeamLeader).is_err());
    assert!(step(&review, pass, Role::LegalReviewer).is_ok());
    let asked = step(&notified(), Step::RequestHearing { on: day("2026-03-23") }, Role::Officer);
    assert_eq!(asked, Err(StepRefusal::NoHearingRight));
}

#[test]
fn each_stage_runs_its_clocks_art_36_54_60_61_67() {
    let c = calendar();
    let lead = Case::lead(day("2026-02-27"), day("2026-03-02"));
    let kinds: Vec<DeadlineKind> = open_deadlines(&lead, &c).into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, [DeadlineKind::Filing, DeadlineKind::Limitation]);
    let filed = investigating();
    let clocks = open_deadlines(&filed, &c);
    assert_eq!(clocks, vec![(DeadlineKind::Decision, Ok(day("2026-05-31")))]);
    // The head extends the 90-day limit by 30 days (art. 60): the clock follows.
    let extended = ok(&filed, Step::AdjustDecisionLimit(Adjustment::Extension(30)), Role::Head);
    assert_eq!(
        open_deadlines(&extended, &c),
        vec![(DeadlineKind::Decision, Ok(day("2026-06-30")))]
    );
    assert!(
        step(&filed, Step::AdjustDecisionLimit(Adjustment::Extension(30)), Role::Officer).is_err()
    );
    assert!(step(&filed, Step::AdjustDecisionLimit(Adjustment::Extension(30)), Role::TeamLeader)
        .is_err());
    let told = notified();
    let kinds: Vec<DeadlineKind> = open_deadlines(&told, &c).into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, [DeadlineKind::Decision, DeadlineKind::Statement]);
    let decided = ok(&told, decide("2026-03-30"), Role::Head);
    assert_eq!(open_deadlines(&decided, &c), vec![(DeadlineKind::Service, Ok(day("2026-04-09")))]);
    let served = ok(&decided, Step::Serve { on: day("2026-03-31") }, Role::Officer);
    let kinds: Vec<DeadlineKind> =
        open_deadlines(&served, &c).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        kinds,
        [
            DeadlineKind::Payment,
            DeadlineKind::ReviewPeriod,
            DeadlineKind::LawsuitPeriod,
            DeadlineKind::EnforcementApplication
        ]
    );
    // 行政强制法 art. 53: three months from the end of the lawsuit period (30 September).
    let enforcement = open_deadlines(&served, &c).pop();
    assert_eq!(enforcement, Some((DeadlineKind::EnforcementApplication, Ok(day("2026-12-30")))));
}

#[test]
fn art_56_and_coercion_law_art_25_preservation_and_seizure_run_their_clocks() {
    let c = calendar();
    let filed = investigating();
    let head = Role::Head;
    assert!(
        matches!(
            step(&filed, Step::PreserveEvidence { on: day("2026-03-05") }, Role::Officer),
            Err(StepRefusal::NotAllowed { act: Act::Coercion, .. })
        ),
        "kept with the head's approval (art. 56)"
    );
    let kept = ok(&filed, Step::PreserveEvidence { on: day("2026-03-05") }, head);
    let clocks = open_deadlines(&kept, &c);
    // Seven working days from Thursday 5 March 2026: the 6th, 9th–13th, 16th.
    assert!(clocks.contains(&(DeadlineKind::PreservationDecision, Ok(day("2026-03-16")))));
    assert_eq!(
        step(&kept, Step::PreserveEvidence { on: day("2026-03-06") }, head),
        Err(StepRefusal::AlreadyPreserved)
    );
    let decided = ok(&kept, Step::DecidePreservedEvidence, Role::Officer);
    assert!(!open_deadlines(&decided, &c)
        .iter()
        .any(|(k, _)| *k == DeadlineKind::PreservationDecision));
    let seized = ok(&decided, Step::Seize { on: day("2026-03-10") }, head);
    assert!(
        open_deadlines(&seized, &c).contains(&(DeadlineKind::SeizureTerm, Ok(day("2026-04-09"))))
    );
    assert_eq!(step(&seized, Step::ExtendSeizure(31), head), Err(StepRefusal::SeizureExtension));
    let longer = ok(&seized, Step::ExtendSeizure(30), head);
    assert!(
        open_deadlines(&longer, &c).contains(&(DeadlineKind::SeizureTerm, Ok(day("2026-05-09"))))
    );
    assert_eq!(
        step(&longer, Step::ExtendSeizure(10), head),
        Err(StepRefusal::SeizureExtension),
        "once"
    );
    let released = ok(&longer, Step::ReleaseSeizure, Role::Officer);
    assert!(!open_deadlines(&released, &c).iter().any(|(k, _)| *k == DeadlineKind::SeizureTerm));
    assert_eq!(
        step(&released, Step::ReleaseSeizure, Role::Officer),
        Err(StepRefusal::NothingSeized)
    );
    let lead = Case::lead(day("2026-02-27"), day("2026-03-02"));
    assert_eq!(
        step(&lead, Step::Seize { on: day("2026-03-02") }, head),
        Err(StepRefusal::WrongStage(Stage::Lead)),
        "no coercion before filing"
    );
}

#[test]
fn a_case_can_be_withdrawn_or_transferred_until_decided() {
    let c = investigating();
    let reason = || "不属本机关管辖".to_string();
    assert_eq!(ok(&c, Step::Withdraw { reason: reason() }, Role::Head).stage, Stage::Withdrawn);
    assert_eq!(ok(&c, Step::Transfer { reason: reason() }, Role::Head).stage, Stage::Transferred);
    let told = ok(&notified(), waive("2026-03-20"), Role::Officer);
    let none = ok(&told, spare("2026-03-30", NoPenaltyGround::NotEstablished, false), Role::Head);
    assert_eq!(none.stage, Stage::NoPenalty);
    assert!(step(&none, Step::Transfer { reason: reason() }, Role::Head).is_err());
    assert_eq!(ok(&none, Step::RequestClosing, Role::Officer).stage, Stage::ClosingReview);
}

#[test]
fn stage_keys_are_the_serde_names_and_round_trip() {
    for stage in Stage::ALL {
        assert_eq!(serde_json::to_value(stage).ok(), Some(serde_json::Value::from(stage.key())));
        assert_eq!(Stage::from_key(stage.key()), Some(stage));
    }
    let case = investigating();
    let json = serde_json::to_string(&case).expect("json");
    assert_eq!(serde_json::from_str::<Case>(&json).ok(), Some(case));
    // A decision stored before grounds were recorded still reads.
    let old = r#"{"decide":{"on":"2026-03-30","penalty":true}}"#;
    assert!(matches!(serde_json::from_str::<Step>(old), Ok(Step::Decide { ground: None, .. })));
}

#[test]
fn only_open_stages_run_clocks_so_lists_of_work_may_skip_the_rest() {
    let dated = Case {
        filed_on: Some(day("2026-03-02")),
        notice_on: Some(day("2026-03-20")),
        hearing_right: true,
        decided_on: Some(day("2026-03-30")),
        served_on: Some(day("2026-03-31")),
        ..investigating()
    };
    for stage in Stage::ALL {
        let clocks = open_deadlines(&Case { stage, ..dated.clone() }, &calendar());
        assert!(clocks.is_empty() || stage.is_open(), "{stage:?} runs clocks but is not open");
    }
    let ended = [Stage::Archived, Stage::NotFiled, Stage::Withdrawn, Stage::Transferred];
    for stage in Stage::ALL {
        assert_eq!(stage.is_open(), !ended.contains(&stage), "{stage:?}");
    }
}

#[test]
fn every_step_kind_builds_from_its_fields_at_their_defaults() {
    use steps::StepKind;
    for kind in StepKind::ALL {
        assert!(kind.sample(day("2026-03-02"), "QJ1001").is_some(), "{kind:?}");
        assert_eq!(StepKind::from_key(kind.key()), Some(kind));
    }
}

#[test]
fn offers_say_why_a_step_cannot_be_taken_now() {
    use steps::{offers, StepKind};
    let calendar = calendar();
    let authority = Authority::default();
    let judge =
        |role, today| Judge { role, today: day(today), calendar: &calendar, authority: &authority };
    let told = notified();
    let by_head = offers(&told, &judge(Role::Head, "2026-03-24"), "QJ0100");
    let decide = by_head.iter().find(|o| o.kind == StepKind::Decide).map(|o| o.refusal.clone());
    assert_eq!(decide, Some(Some(StepRefusal::DefencePeriodOpen { ends: day("2026-03-27") })));
    let later = offers(&told, &judge(Role::Head, "2026-03-30"), "QJ0100");
    assert!(later.iter().any(|o| o.kind == StepKind::Decide && o.refusal.is_none()));
    let by_officer = offers(&told, &judge(Role::Officer, "2026-03-30"), "QJ1001");
    assert!(by_officer
        .iter()
        .any(|o| o.kind == StepKind::Decide
            && matches!(o.refusal, Some(StepRefusal::NotAllowed { .. }))));
    assert!(by_officer.iter().any(|o| o.kind == StepKind::HearStatement && o.refusal.is_none()));
}
