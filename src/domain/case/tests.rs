//! The ordinary procedure step by step, each refusal with the article that requires it.

use super::*;
use crate::calendar::shipped;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("test date {s}: {e}"))
}

fn calendar() -> WorkCalendar {
    shipped().unwrap_or_else(|e| panic!("calendar: {e}"))
}

fn step(case: &Case, step: Step, role: Role) -> Result<Case, StepRefusal> {
    apply(case, &step, role, &calendar())
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
    }
}

/// Filed on 2 March 2026, two investigators assigned, a fine proposed.
fn investigating() -> Case {
    let lead = Case::lead(day("2026-02-27"), day("2026-03-01"));
    let asked = ok(&lead, Step::RequestFiling, Role::Officer);
    let filed = ok(&asked, Step::ApproveFiling { on: day("2026-03-02") }, Role::TeamLeader);
    let two = Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()]);
    let assigned = ok(&filed, two, Role::Officer);
    ok(&assigned, Step::ProposePenalty(fine(300)), Role::Officer)
}

#[test]
fn art_44_no_penalty_decided_that_was_not_proposed_and_notified() {
    let lead = Case::lead(day("2026-02-27"), day("2026-03-01"));
    let asked = ok(&lead, Step::RequestFiling, Role::Officer);
    let filed = ok(&asked, Step::ApproveFiling { on: day("2026-03-02") }, Role::TeamLeader);
    let two = Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()]);
    let assigned = ok(&filed, two, Role::Officer);
    let notified = ok(
        &assigned,
        Step::GiveNotice { on: day("2026-03-20"), hearing_right: false },
        Role::Officer,
    );
    let decide = |penalty| Step::Decide { on: day("2026-03-30"), penalty };
    assert_eq!(step(&notified, decide(true), Role::Officer), Err(StepRefusal::PenaltyMissing));
    assert_eq!(ok(&notified, decide(false), Role::Officer).stage, Stage::NoPenalty);
    assert_eq!(
        step(&notified, Step::ProposePenalty(fine(100)), Role::Officer),
        Err(StepRefusal::WrongStage(Stage::Notified)),
        "the penalty notified is the one proposed: no change after the notice"
    );
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
    let paid = ok(&decided, Step::RecordExecution, Role::Officer);
    assert_eq!(paid.stage, Stage::Executed);
}

#[test]
fn the_whole_ordinary_procedure_to_the_archive() {
    let c = investigating();
    assert_eq!((c.stage, c.filed_on), (Stage::Investigation, Some(day("2026-03-02"))));
    let c = ok(&c, Step::GiveNotice { on: day("2026-03-20"), hearing_right: false }, Role::Officer);
    let c = ok(&c, Step::Decide { on: day("2026-03-30"), penalty: true }, Role::Officer);
    let c = ok(&c, Step::Serve { on: day("2026-03-31") }, Role::Officer);
    let c = ok(&c, Step::RecordExecution, Role::Officer);
    let c = ok(&c, Step::RequestClosing, Role::Officer);
    let c = ok(&c, Step::ApproveClosing, Role::TeamLeader);
    let c = ok(&c, Step::Archive, Role::Officer);
    assert!(c.stage.is_final());
    assert_eq!(
        step(&c, Step::Withdraw, Role::TeamLeader),
        Err(StepRefusal::WrongStage(Stage::Archived))
    );
}

#[test]
fn roles_take_only_their_steps() {
    let lead = Case::lead(day("2026-02-27"), day("2026-03-01"));
    let asked = ok(&lead, Step::RequestFiling, Role::Officer);
    let approve = Step::ApproveFiling { on: day("2026-03-02") };
    assert_eq!(
        step(&asked, approve.clone(), Role::Officer),
        Err(StepRefusal::NotAllowed { role: Role::Officer })
    );
    for role in [Role::Admin, Role::Auditor, Role::Auxiliary] {
        assert!(step(&lead, Step::RequestFiling, role).is_err(), "{role:?} edits no case");
    }
    let c = ok(
        &investigating(),
        Step::GiveNotice { on: day("2026-03-20"), hearing_right: false },
        Role::Officer,
    );
    let decide = Step::Decide { on: day("2026-03-30"), penalty: true };
    assert!(step(&c, decide, Role::Auxiliary).is_err(), "auxiliary staff never decide");
    let review = Case { stage: Stage::LegalReview, ..investigating() };
    assert!(step(&review, Step::PassLegalReview, Role::TeamLeader).is_err());
    assert!(step(&review, Step::PassLegalReview, Role::LegalReviewer).is_ok());
}

#[test]
fn art_42_two_officers_investigate() {
    let lead = Case::lead(day("2026-02-27"), day("2026-03-01"));
    let asked = ok(&lead, Step::RequestFiling, Role::Officer);
    let filed = ok(&asked, Step::ApproveFiling { on: day("2026-03-02") }, Role::TeamLeader);
    let one = Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1001".into()]);
    assert_eq!(step(&filed, one, Role::Officer), Err(StepRefusal::TooFewInvestigators));
    let notice = Step::GiveNotice { on: day("2026-03-20"), hearing_right: false };
    assert_eq!(step(&filed, notice, Role::Officer), Err(StepRefusal::TooFewInvestigators));
}

#[test]
fn art_58_and_62_no_decision_without_legal_review_and_notice() {
    let c = Case { legal_review_required: true, ..investigating() };
    let decide = Step::Decide { on: day("2026-03-30"), penalty: true };
    assert_eq!(step(&c, decide.clone(), Role::Officer), Err(StepRefusal::NoticeMissing));
    let notice = Step::GiveNotice { on: day("2026-03-20"), hearing_right: false };
    assert_eq!(step(&c, notice.clone(), Role::Officer), Err(StepRefusal::LegalReviewPending));
    let c = ok(&c, Step::SubmitLegalReview, Role::Officer);
    let failed = ok(&c, Step::FailLegalReview, Role::LegalReviewer);
    assert_eq!(step(&failed, notice.clone(), Role::Officer), Err(StepRefusal::LegalReviewPending));
    let c = ok(&failed, Step::SubmitLegalReview, Role::Officer);
    let c = ok(&c, Step::PassLegalReview, Role::LegalReviewer);
    let c = ok(&c, notice, Role::Officer);
    assert_eq!(ok(&c, decide, Role::Officer).stage, Stage::Decided);
    assert!(StepRefusal::NoticeMissing.message_zh().contains("第六十二条"));
}

#[test]
fn art_63_64_hearing_requested_in_time_and_held_before_the_decision() {
    // Notice on Wednesday 30 September 2026: the 5 working days end on 13 October.
    let notice = Step::GiveNotice { on: day("2026-09-30"), hearing_right: true };
    let c = ok(&investigating(), notice, Role::Officer);
    let late = step(&c, Step::RequestHearing { on: day("2026-10-14") }, Role::Officer);
    assert_eq!(late, Err(StepRefusal::HearingRequestLate(day("2026-10-13"))));
    let c = ok(&c, Step::RequestHearing { on: day("2026-10-13") }, Role::Officer);
    let decide = Step::Decide { on: day("2026-10-20"), penalty: true };
    assert_eq!(step(&c, decide.clone(), Role::Officer), Err(StepRefusal::HearingPending));
    assert_eq!(step(&c, Step::HoldHearing, Role::Officer), Err(StepRefusal::HearingNotNotified));
    // Told on Tuesday 13 October: seven working days later is Thursday the 22nd.
    let short = Step::NotifyHearing { on: day("2026-10-13"), held_on: day("2026-10-21") };
    assert_eq!(
        step(&c, short, Role::Officer),
        Err(StepRefusal::HearingNoticeShort(day("2026-10-22")))
    );
    let told = Step::NotifyHearing { on: day("2026-10-13"), held_on: day("2026-10-22") };
    let c = ok(&c, told, Role::Officer);
    let c = ok(&c, Step::HoldHearing, Role::Officer);
    let decide = Step::Decide { on: day("2026-10-23"), penalty: true };
    assert_eq!(ok(&c, decide, Role::Officer).stage, Stage::Decided);
    let no_right = ok(
        &investigating(),
        Step::GiveNotice { on: day("2026-09-30"), hearing_right: false },
        Role::Officer,
    );
    let asked = step(&no_right, Step::RequestHearing { on: day("2026-10-08") }, Role::Officer);
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
    // A leader extends the 90-day limit by 30 days: the clock follows.
    let extended =
        ok(&filed, Step::AdjustDecisionLimit(Adjustment::Extension(30)), Role::TeamLeader);
    assert_eq!(
        open_deadlines(&extended, &c),
        vec![(DeadlineKind::Decision, Ok(day("2026-06-30")))]
    );
    assert!(
        step(&filed, Step::AdjustDecisionLimit(Adjustment::Extension(30)), Role::Officer).is_err()
    );
    let notified =
        ok(&filed, Step::GiveNotice { on: day("2026-03-20"), hearing_right: false }, Role::Officer);
    let decided =
        ok(&notified, Step::Decide { on: day("2026-03-30"), penalty: true }, Role::Officer);
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
    let leader = Role::TeamLeader;
    assert_eq!(
        step(&filed, Step::PreserveEvidence { on: day("2026-03-05") }, Role::Officer),
        Err(StepRefusal::NotAllowed { role: Role::Officer }),
        "kept with the leader's approval"
    );
    let kept = ok(&filed, Step::PreserveEvidence { on: day("2026-03-05") }, leader);
    let clocks = open_deadlines(&kept, &c);
    // Seven working days from Thursday 5 March 2026: the 6th, 9th–13th, 16th.
    assert!(clocks.contains(&(DeadlineKind::PreservationDecision, Ok(day("2026-03-16")))));
    assert_eq!(
        step(&kept, Step::PreserveEvidence { on: day("2026-03-06") }, leader),
        Err(StepRefusal::AlreadyPreserved)
    );
    let decided = ok(&kept, Step::DecidePreservedEvidence, Role::Officer);
    assert!(!open_deadlines(&decided, &c)
        .iter()
        .any(|(k, _)| *k == DeadlineKind::PreservationDecision));
    let seized = ok(&decided, Step::Seize { on: day("2026-03-10") }, leader);
    assert!(
        open_deadlines(&seized, &c).contains(&(DeadlineKind::SeizureTerm, Ok(day("2026-04-09"))))
    );
    assert_eq!(step(&seized, Step::ExtendSeizure(31), leader), Err(StepRefusal::SeizureExtension));
    let longer = ok(&seized, Step::ExtendSeizure(30), leader);
    assert!(
        open_deadlines(&longer, &c).contains(&(DeadlineKind::SeizureTerm, Ok(day("2026-05-09"))))
    );
    assert_eq!(
        step(&longer, Step::ExtendSeizure(10), leader),
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
        step(&lead, Step::Seize { on: day("2026-03-02") }, leader),
        Err(StepRefusal::WrongStage(Stage::Lead)),
        "no coercion before filing"
    );
}

#[test]
fn a_case_can_be_withdrawn_or_transferred_until_decided() {
    let c = investigating();
    assert_eq!(ok(&c, Step::Withdraw, Role::TeamLeader).stage, Stage::Withdrawn);
    assert_eq!(ok(&c, Step::Transfer, Role::TeamLeader).stage, Stage::Transferred);
    let notified =
        ok(&c, Step::GiveNotice { on: day("2026-03-20"), hearing_right: false }, Role::Officer);
    let none = ok(&notified, Step::Decide { on: day("2026-03-30"), penalty: false }, Role::Officer);
    assert_eq!(none.stage, Stage::NoPenalty);
    assert!(step(&none, Step::Transfer, Role::TeamLeader).is_err());
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
    // A closed case still waits for the archive, so it stays on the lists until then.
    let ended = [Stage::Archived, Stage::NotFiled, Stage::Withdrawn, Stage::Transferred];
    for stage in Stage::ALL {
        assert_eq!(stage.is_open(), !ended.contains(&stage), "{stage:?}");
    }
}
