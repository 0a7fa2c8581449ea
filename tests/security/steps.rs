//! Every kind of case step `take_step` takes: the operation it needs (data, checked against
//! `domain::case::operation`) and the path that brings a fresh lead to where it can be taken.

use super::world::{day, proposal};
use zhifa::domain::case::{AppealKind, CollectionGround, Step};
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
        Step::RejectFiling { .. } => "RejectFiling",
        Step::AssignInvestigators(_) => "AssignInvestigators",
        Step::ProposePenalty(_) => "ProposePenalty",
        Step::SubmitLegalReview => "SubmitLegalReview",
        Step::PassLegalReview { .. } => "PassLegalReview",
        Step::FailLegalReview { .. } => "FailLegalReview",
        Step::GiveNotice { .. } => "GiveNotice",
        Step::HearStatement { .. } => "HearStatement",
        Step::ReviewStatement { .. } => "ReviewStatement",
        Step::WaiveRights { .. } => "WaiveRights",
        Step::RequestHearing { .. } => "RequestHearing",
        Step::NotifyHearing { .. } => "NotifyHearing",
        Step::HoldHearing { .. } => "HoldHearing",
        Step::CollectiveDiscussion { .. } => "CollectiveDiscussion",
        Step::Decide { .. } => "Decide",
        Step::Serve { .. } => "Serve",
        Step::DecideOnTheSpot { .. } => "DecideOnTheSpot",
        Step::CollectOnTheSpot { .. } => "CollectOnTheSpot",
        Step::HandInCollected { .. } => "HandInCollected",
        Step::CollectGains { .. } => "CollectGains",
        Step::DeferPayment { .. } => "DeferPayment",
        Step::RecordAppeal { .. } => "RecordAppeal",
        Step::EndAppeal { .. } => "EndAppeal",
        Step::ServeReminder { .. } => "ServeReminder",
        Step::ApplyCourtEnforcement { .. } => "ApplyCourtEnforcement",
        Step::RecordExecution => "RecordExecution",
        Step::RequestClosing => "RequestClosing",
        Step::ApproveClosing { .. } => "ApproveClosing",
        Step::Archive => "Archive",
        Step::Withdraw { .. } => "Withdraw",
        Step::Transfer { .. } => "Transfer",
        Step::AdjustDecisionLimit(_) => "AdjustDecisionLimit",
        Step::PreserveEvidence { .. } => "PreserveEvidence",
        Step::DecidePreservedEvidence => "DecidePreservedEvidence",
        Step::Seize { .. } => "Seize",
        Step::ExtendSeizure(_) => "ExtendSeizure",
        Step::ReleaseSeizure => "ReleaseSeizure",
    }
}

pub const STEP_KINDS: usize = 39;

fn row(step: Step, op: Op, path: &[Step]) -> StepRow {
    StepRow { step, op, path: path.to_vec(), refused_by_procedure: false }
}

fn then(path: &[Step], step: Step) -> Vec<Step> {
    [path, &[step]].concat()
}

/// Every step from a lead of 20 October 2026, today being 24 November: filed on the 21st,
/// notified on Thursday the 22nd with a hearing right, the hearing asked for on the 23rd and
/// notified on the 26th for 4 November (seven working days on, art. 64); or the party waives on
/// the 22nd, the heads discuss and decide on the 23rd, the decision is served on the 26th and the
/// fine is due on 10 November.
pub fn steps() -> Vec<StepRow> {
    let on = day("2026-11-24");
    let d = day;
    let text = || "意见".to_string();
    let filed = [Step::RequestFiling, Step::ApproveFiling { on: d("2026-10-21"), opinion: text() }];
    let investigators = Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()]);
    let investigated = then(&filed, investigators.clone());
    let proposed = then(&investigated, Step::ProposePenalty(proposal()));
    let notified = then(&proposed, Step::GiveNotice { on: d("2026-10-22"), hearing_right: true });
    let stated = then(&notified, Step::HearStatement { on: d("2026-10-23"), summary: text() });
    let hearing = then(&notified, Step::RequestHearing { on: d("2026-10-23") });
    let held_on = d("2026-11-04");
    let hearing_set = then(&hearing, Step::NotifyHearing { on: d("2026-10-26"), held_on });
    let waived = then(&notified, Step::WaiveRights { on: d("2026-10-22") });
    let talk = Step::CollectiveDiscussion { on: d("2026-10-23"), conclusion: text() };
    let discussed = then(&waived, talk);
    let decision = Step::Decide {
        on: d("2026-10-23"),
        penalty: true,
        ground: None,
        educated: false,
        opinion: text(),
    };
    let decided = then(&discussed, decision);
    let served = then(&decided, Step::Serve { on: d("2026-10-26") });
    let remote = CollectionGround::Remote;
    let collect = Step::CollectOnTheSpot { on, ground: remote, receipt: "No.1".into() };
    let collected = then(
        &served,
        Step::CollectOnTheSpot { on: d("2026-10-27"), ground: remote, receipt: "No.1".into() },
    );
    let appealed =
        then(&served, Step::RecordAppeal { on: d("2026-10-28"), kind: AppealKind::Review });
    let reminded = then(&served, Step::ServeReminder { on: d("2026-11-12") });
    let executed = then(&served, Step::RecordExecution);
    let closing = then(&executed, Step::RequestClosing);
    let closed = then(&closing, Step::ApproveClosing { opinion: text() });
    let reviewing = then(&investigated, Step::SubmitLegalReview);
    let preserved = then(&investigated, Step::PreserveEvidence { on });
    let seized = then(&investigated, Step::Seize { on });
    let spot = Step::DecideOnTheSpot { on, officers: vec!["QJ1001".into(), "QJ1002".into()] };
    let deferral = Step::DeferPayment { on, until: d("2026-12-31"), instalments: 2 };
    let review_statement = Step::ReviewStatement { on, adopted: false, opinion: text() };
    // The same case confiscating illegal gains, served: their collection is recorded apart.
    let mut with_gains = proposal();
    with_gains.confiscation.gains = Some(800);
    let gains_served: Vec<Step> = served
        .iter()
        .map(|s| match s {
            Step::ProposePenalty(_) => Step::ProposePenalty(with_gains.clone()),
            other => other.clone(),
        })
        .collect();
    let gains = Step::CollectGains { on, receipt: "JK-1".into() };
    vec![
        row(Step::RequestFiling, Op::EditCaseRecords, &[]),
        row(Step::ApproveFiling { on, opinion: text() }, Op::ApproveCase, &filed[..1]),
        row(Step::RejectFiling { opinion: text() }, Op::ApproveCase, &filed[..1]),
        row(investigators, Op::EditCaseRecords, &filed),
        row(Step::ProposePenalty(proposal()), Op::EditCaseRecords, &investigated),
        row(Step::SubmitLegalReview, Op::EditCaseRecords, &investigated),
        row(Step::PassLegalReview { on, opinion: text() }, Op::LegalReview, &reviewing),
        row(Step::FailLegalReview { on, opinion: text() }, Op::LegalReview, &reviewing),
        row(Step::GiveNotice { on, hearing_right: false }, Op::EditCaseRecords, &proposed),
        row(Step::HearStatement { on, summary: text() }, Op::EditCaseRecords, &notified),
        row(review_statement, Op::EditCaseRecords, &stated),
        row(Step::WaiveRights { on }, Op::EditCaseRecords, &notified),
        row(Step::RequestHearing { on: d("2026-10-23") }, Op::EditCaseRecords, &notified),
        row(Step::NotifyHearing { on: d("2026-10-26"), held_on }, Op::EditCaseRecords, &hearing),
        row(Step::HoldHearing { on: held_on, record: text() }, Op::EditCaseRecords, &hearing_set),
        row(Step::CollectiveDiscussion { on, conclusion: text() }, Op::DecideCase, &waived),
        row(
            Step::Decide { on, penalty: true, ground: None, educated: false, opinion: text() },
            Op::DecideCase,
            &discussed,
        ),
        row(Step::Serve { on }, Op::EditCaseRecords, &decided),
        // Only the simple procedure decides on the spot, and it does so as it opens the case
        // (`decide_on_the_spot`): as a step of a lead it is always refused by the procedure.
        StepRow { refused_by_procedure: true, ..row(spot, Op::DecideOnTheSpot, &[]) },
        row(collect, Op::EditCaseRecords, &served),
        row(Step::HandInCollected { on }, Op::EditCaseRecords, &collected),
        row(gains, Op::EditCaseRecords, &gains_served),
        row(deferral, Op::ApproveCase, &served),
        row(Step::RecordAppeal { on, kind: AppealKind::Suit }, Op::EditCaseRecords, &served),
        row(Step::EndAppeal { on }, Op::EditCaseRecords, &appealed),
        row(Step::ServeReminder { on }, Op::EditCaseRecords, &served),
        // Ten working days after the reminder and the six months to sue have not passed.
        StepRow {
            refused_by_procedure: true,
            ..row(Step::ApplyCourtEnforcement { on }, Op::ApproveCase, &reminded)
        },
        row(Step::RecordExecution, Op::EditCaseRecords, &served),
        row(Step::RequestClosing, Op::EditCaseRecords, &executed),
        row(Step::ApproveClosing { opinion: text() }, Op::ApproveCase, &closing),
        row(Step::Archive, Op::EditCaseRecords, &closed),
        row(Step::Withdraw { reason: text() }, Op::ApproveCase, &[]),
        row(Step::Transfer { reason: text() }, Op::ApproveCase, &[]),
        row(Step::AdjustDecisionLimit(Adjustment::Extension(30)), Op::ApproveCase, &filed),
        row(Step::PreserveEvidence { on }, Op::ApproveCase, &investigated),
        row(Step::DecidePreservedEvidence, Op::EditCaseRecords, &preserved),
        row(Step::Seize { on }, Op::ApproveCase, &investigated),
        row(Step::ExtendSeizure(10), Op::ApproveCase, &seized),
        row(Step::ReleaseSeizure, Op::EditCaseRecords, &seized),
    ]
}
