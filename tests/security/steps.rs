//! Every kind of case step `take_step` takes: the operation it needs (data, checked against
//! `domain::case::operation`) and the path that brings a fresh lead to where it can be taken.

use super::world::{day, proposal};
use zhifa::domain::case::Step;
use zhifa::domain::deadline::Adjustment;
use zhifa::domain::officer::Operation as Op;

pub struct StepRow {
    pub step: Step,
    pub op: Op,
    /// Steps from a fresh lead to the stage where `step` applies.
    pub path: Vec<Step>,
    /// Whether an allowed officer still meets a refusal of the procedure (not of access).
    pub refused_by_procedure: bool,
}

/// The name of a step's kind. The match has no wildcard: a new kind of step does not compile
/// until it is named here, and the table below must then cover it.
pub fn kind(step: &Step) -> &'static str {
    match step {
        Step::RequestFiling => "RequestFiling",
        Step::ApproveFiling { .. } => "ApproveFiling",
        Step::RejectFiling => "RejectFiling",
        Step::AssignInvestigators(_) => "AssignInvestigators",
        Step::ProposePenalty(_) => "ProposePenalty",
        Step::SubmitLegalReview => "SubmitLegalReview",
        Step::PassLegalReview => "PassLegalReview",
        Step::FailLegalReview => "FailLegalReview",
        Step::GiveNotice { .. } => "GiveNotice",
        Step::RequestHearing { .. } => "RequestHearing",
        Step::NotifyHearing { .. } => "NotifyHearing",
        Step::HoldHearing => "HoldHearing",
        Step::Decide { .. } => "Decide",
        Step::Serve { .. } => "Serve",
        Step::DecideOnTheSpot { .. } => "DecideOnTheSpot",
        Step::RecordExecution => "RecordExecution",
        Step::RequestClosing => "RequestClosing",
        Step::ApproveClosing => "ApproveClosing",
        Step::Archive => "Archive",
        Step::Withdraw => "Withdraw",
        Step::Transfer => "Transfer",
        Step::AdjustDecisionLimit(_) => "AdjustDecisionLimit",
        Step::PreserveEvidence { .. } => "PreserveEvidence",
        Step::DecidePreservedEvidence => "DecidePreservedEvidence",
        Step::Seize { .. } => "Seize",
        Step::ExtendSeizure(_) => "ExtendSeizure",
        Step::ReleaseSeizure => "ReleaseSeizure",
    }
}

pub const STEP_KINDS: usize = 27;

fn row(step: Step, op: Op, path: &[Step]) -> StepRow {
    StepRow { step, op, path: path.to_vec(), refused_by_procedure: false }
}

pub fn steps() -> Vec<StepRow> {
    let on = day("2026-11-24");
    let filed = [Step::RequestFiling, Step::ApproveFiling { on: day("2026-11-21") }];
    let investigators = Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()]);
    let investigated = [&filed[..], std::slice::from_ref(&investigators)].concat();
    let proposed = [&investigated[..], &[Step::ProposePenalty(proposal())]].concat();
    let notified = [&proposed[..], &[Step::GiveNotice { on, hearing_right: true }]].concat();
    let hearing = [&notified[..], &[Step::RequestHearing { on }]].concat();
    let held_on = day("2026-12-10");
    let hearing_set = [&hearing[..], &[Step::NotifyHearing { on, held_on }]].concat();
    let decided = [&notified[..], &[Step::Decide { on, penalty: true }]].concat();
    let served = [&decided[..], &[Step::Serve { on }]].concat();
    let executed = [&served[..], &[Step::RecordExecution]].concat();
    let closing = [&executed[..], &[Step::RequestClosing]].concat();
    let closed = [&closing[..], &[Step::ApproveClosing]].concat();
    let reviewing = [&investigated[..], &[Step::SubmitLegalReview]].concat();
    let preserved = [&investigated[..], &[Step::PreserveEvidence { on }]].concat();
    let seized = [&investigated[..], &[Step::Seize { on }]].concat();
    let spot = Step::DecideOnTheSpot { on, officers: vec!["QJ1001".into(), "QJ1002".into()] };
    vec![
        row(Step::RequestFiling, Op::EditCaseRecords, &[]),
        row(Step::ApproveFiling { on }, Op::ApproveCase, &filed[..1]),
        row(Step::RejectFiling, Op::ApproveCase, &filed[..1]),
        row(investigators, Op::EditCaseRecords, &filed),
        row(Step::ProposePenalty(proposal()), Op::EditCaseRecords, &investigated),
        row(Step::SubmitLegalReview, Op::EditCaseRecords, &investigated),
        row(Step::PassLegalReview, Op::LegalReview, &reviewing),
        row(Step::FailLegalReview, Op::LegalReview, &reviewing),
        row(Step::GiveNotice { on, hearing_right: false }, Op::EditCaseRecords, &proposed),
        row(Step::RequestHearing { on }, Op::EditCaseRecords, &notified),
        row(Step::NotifyHearing { on, held_on }, Op::EditCaseRecords, &hearing),
        row(Step::HoldHearing, Op::EditCaseRecords, &hearing_set),
        row(Step::Decide { on, penalty: true }, Op::DecideCase, &notified),
        row(Step::Serve { on }, Op::EditCaseRecords, &decided),
        // Only the simple procedure decides on the spot, and it does so as it opens the case
        // (`decide_on_the_spot`): as a step of a lead it is always refused by the procedure.
        StepRow { refused_by_procedure: true, ..row(spot, Op::DecideCase, &[]) },
        row(Step::RecordExecution, Op::EditCaseRecords, &served),
        row(Step::RequestClosing, Op::EditCaseRecords, &executed),
        row(Step::ApproveClosing, Op::ApproveCase, &closing),
        row(Step::Archive, Op::EditCaseRecords, &closed),
        row(Step::Withdraw, Op::ApproveCase, &[]),
        row(Step::Transfer, Op::ApproveCase, &[]),
        row(Step::AdjustDecisionLimit(Adjustment::Extension(30)), Op::ApproveCase, &filed),
        row(Step::PreserveEvidence { on }, Op::ApproveCase, &investigated),
        row(Step::DecidePreservedEvidence, Op::EditCaseRecords, &preserved),
        row(Step::Seize { on }, Op::ApproveCase, &investigated),
        row(Step::ExtendSeizure(10), Op::ApproveCase, &seized),
        row(Step::ReleaseSeizure, Op::EditCaseRecords, &seized),
    ]
}
