//! The transitions of the procedure and what each requires: the order of steps, their dates
//! against the steps they follow, the party's periods to state, defend and ask for a hearing
//! (arts. 44–45, 62–64), the legal review of the proposal as it stands (art. 58), the heads'
//! decision (art. 57) and the limitation bar (art. 36).

use super::refusal::{Earlier, StepRefusal};
use super::{execution, Case, Judge, NoPenaltyGround, Stage, Step};
use crate::domain::deadline::{due_date, DeadlineKind};
use crate::domain::penalty::Proposal;
use chrono::NaiveDate;

type Judged = Result<Case, StepRefusal>;

pub(super) fn apply(case: &Case, step: &Step, judge: &Judge) -> Judged {
    let mut next = case.clone();
    let wrong = || StepRefusal::WrongStage(case.stage);
    use Stage as S;
    match (case.stage, step) {
        (S::Lead, Step::RequestFiling) => next.stage = S::FilingReview,
        (S::FilingReview, Step::ApproveFiling { on, .. }) => {
            not_before(*on, Some(case.lead_on), Earlier::Lead)?;
            check_limitation(case, judge)?;
            next.stage = S::Investigation;
            next.filed_on = Some(*on);
        }
        (S::FilingReview, Step::RejectFiling { opinion }) => {
            required(opinion, "opinion")?;
            next.stage = S::NotFiled;
        }
        (S::Investigation, Step::AssignInvestigators(officers)) => {
            next.investigators = two_or_more(officers)?;
        }
        (S::Investigation, Step::ProposePenalty(proposal)) => {
            next.penalty = Some(proposal.clone());
            // The review passed the proposal it saw (art. 58): a new one is reviewed again.
            next.legal_review_passed = false;
        }
        (S::Notified, Step::ProposePenalty(proposal)) => {
            if case.statement_on.is_none() && !case.hearing_held {
                return Err(StepRefusal::ProposalAfterNotice);
            }
            if heavier(proposal, case.penalty.as_ref()) {
                return Err(StepRefusal::Heavier);
            }
            next.penalty = Some(proposal.clone());
            next.legal_review_passed = false;
        }
        (S::Lead, Step::DecideOnTheSpot { on, officers }) => {
            if !case.simple {
                return Err(StepRefusal::NotSimple);
            }
            not_before(*on, Some(case.act_on), Earlier::Act)?;
            let officers = two_or_more(officers)?;
            if case.penalty.is_none() {
                return Err(StepRefusal::PenaltyMissing);
            }
            next.investigators = officers;
            next.stage = S::Served;
            next.decided_on = Some(*on);
            next.served_on = Some(*on);
        }
        (S::Investigation | S::Notified, Step::SubmitLegalReview) => {
            check_investigators(case)?;
            next.review_from = Some(case.stage);
            next.stage = S::LegalReview;
        }
        (S::LegalReview, Step::PassLegalReview { on, opinion }) => {
            required(opinion, "opinion")?;
            not_before(*on, case.filed_on, Earlier::Filing)?;
            next.stage = case.review_from.unwrap_or(S::Investigation);
            next.legal_review_passed = true;
            next.reviewed_on = Some(*on);
        }
        (S::LegalReview, Step::FailLegalReview { on, opinion }) => {
            required(opinion, "opinion")?;
            not_before(*on, case.filed_on, Earlier::Filing)?;
            next.stage = case.review_from.unwrap_or(S::Investigation);
            next.legal_review_passed = false;
        }
        (S::Investigation, Step::GiveNotice { on, hearing_right }) => {
            check_investigators(case)?;
            if case.legal_review_required && !case.legal_review_passed {
                return Err(StepRefusal::LegalReviewPending);
            }
            not_before(*on, case.filed_on, Earlier::Filing)?;
            next.stage = S::Notified;
            next.notice_on = Some(*on);
            next.hearing_right = *hearing_right;
        }
        (S::Notified, Step::HearStatement { on, summary }) => {
            required(summary, "summary")?;
            not_before(*on, case.notice_on, Earlier::Notice)?;
            next.statement_on = Some(*on);
            next.statement_reviewed_on = None;
        }
        (S::Notified, Step::ReviewStatement { on, opinion, .. }) => {
            let stated = case.statement_on.ok_or(StepRefusal::NoStatement)?;
            if case.statement_reviewed_on.is_some() {
                return Err(StepRefusal::NoStatement);
            }
            required(opinion, "opinion")?;
            not_before(*on, Some(stated), Earlier::Statement)?;
            next.statement_reviewed_on = Some(*on);
        }
        (S::Notified, Step::WaiveRights { on }) => {
            not_before(*on, case.notice_on, Earlier::Notice)?;
            next.statement_waived = true;
            next.hearing_waived = case.hearing_right && !case.hearing_requested;
        }
        (S::Notified, Step::RequestHearing { on }) => {
            let notice_on = case.notice_on.ok_or(StepRefusal::NoticeMissing)?;
            if !case.hearing_right || case.hearing_waived || case.hearing_requested {
                return Err(StepRefusal::NoHearingRight);
            }
            not_before(*on, Some(notice_on), Earlier::Notice)?;
            let end = due(DeadlineKind::HearingRequest, notice_on, judge)?;
            if *on > end {
                return Err(StepRefusal::HearingRequestLate(end));
            }
            next.stage = S::Hearing;
            next.hearing_requested = true;
            next.hearing_requested_on = Some(*on);
        }
        (S::Hearing, Step::NotifyHearing { on, held_on }) => {
            let asked = case.hearing_requested_on.or(case.notice_on);
            not_before(*on, asked, Earlier::HearingRequest)?;
            let earliest = judge.calendar.add_days(*on, 7, crate::calendar::DayCount::Working)?;
            if *held_on < earliest {
                return Err(StepRefusal::HearingNoticeShort(earliest));
            }
            next.hearing_on = Some(*held_on);
        }
        (S::Hearing, Step::HoldHearing { on, .. }) => {
            let day = case.hearing_on.ok_or(StepRefusal::HearingNotNotified)?;
            not_before(*on, Some(day), Earlier::HearingDay)?;
            next.stage = S::Notified;
            next.hearing_held = true;
            next.hearing_held_on = Some(*on);
            // Art. 58(1)(2): a case that went through a hearing is reviewed before the decision.
            next.legal_review_required = true;
            next.legal_review_passed = false;
        }
        (S::Hearing, Step::Decide { .. }) => return Err(StepRefusal::HearingPending),
        (S::Investigation, Step::Decide { .. }) => return Err(StepRefusal::NoticeMissing),
        (S::Notified, Step::CollectiveDiscussion { on, conclusion }) => {
            required(conclusion, "conclusion")?;
            not_before(*on, case.notice_on, Earlier::Notice)?;
            next.collective_on = Some(*on);
        }
        (S::Notified, Step::Decide { on, penalty, ground, educated, .. }) => {
            let decision =
                Decision { on: *on, penalty: *penalty, ground: *ground, educated: *educated };
            next = decide(case, &decision, judge)?;
        }
        (S::Decided, Step::Serve { on }) => {
            not_before(*on, case.decided_on, Earlier::Decision)?;
            next.stage = S::Served;
            next.served_on = Some(*on);
        }
        (S::Served | S::Executed, _) if execution::handles(step) => {
            next = execution::apply(case, step, judge)?;
        }
        (S::Served, Step::RecordExecution) => next.stage = S::Executed,
        (S::Executed | S::NoPenalty, Step::RequestClosing) => {
            if case.execution.collected_on.is_some() && case.execution.handed_in_on.is_none() {
                return Err(StepRefusal::HandInPending);
            }
            next.stage = S::ClosingReview;
        }
        (S::ClosingReview, Step::ApproveClosing { .. }) => next.stage = S::Closed,
        (S::Closed, Step::Archive) => next.stage = S::Archived,
        (stage, Step::Withdraw { .. }) if is_open_case(stage) => next.stage = S::Withdrawn,
        (stage, Step::Transfer { .. }) if is_open_case(stage) => next.stage = S::Transferred,
        (stage, Step::AdjustDecisionLimit(adjustment)) if is_before_decision(stage) => {
            next.decision_adjustments.push(adjustment.clone());
        }
        (stage, coercive) if is_before_decision(stage) && is_coercive(coercive) => {
            next = coerce(case, coercive)?;
        }
        _ => return Err(wrong()),
    }
    Ok(next)
}

/// What a decision step says.
struct Decision {
    on: NaiveDate,
    penalty: bool,
    ground: Option<NoPenaltyGround>,
    educated: bool,
}

/// The head's decision (art. 57), once the party has been heard or the periods ran out.
fn decide(case: &Case, d: &Decision, judge: &Judge) -> Judged {
    if case.legal_review_required && !case.legal_review_passed {
        return Err(StepRefusal::LegalReviewPending);
    }
    if case.hearing_requested && !case.hearing_held {
        return Err(StepRefusal::HearingPending);
    }
    let notice = case.notice_on.ok_or(StepRefusal::NoticeMissing)?;
    not_before(d.on, Some(notice), Earlier::Notice)?;
    check_heard(case, d.on, notice, judge)?;
    not_before(d.on, case.hearing_held_on, Earlier::HearingDay)?;
    not_before(d.on, case.reviewed_on, Earlier::Review)?;
    not_before(d.on, case.collective_on, Earlier::Collective)?;
    let mut next = case.clone();
    if d.penalty {
        if case.penalty.is_none() {
            return Err(StepRefusal::PenaltyMissing);
        }
        if d.ground.is_some() {
            return Err(StepRefusal::GroundWithPenalty);
        }
        check_limitation(case, judge)?;
        if case.collective_required() && case.collective_on.is_none() {
            return Err(StepRefusal::CollectiveMissing);
        }
        next.stage = Stage::Decided;
    } else {
        let ground = d.ground.ok_or(StepRefusal::GroundMissing)?;
        if ground.needs_education() && !d.educated {
            return Err(StepRefusal::EducationMissing);
        }
        next.stage = Stage::NoPenalty;
        next.no_penalty = Some(ground);
    }
    next.decided_on = Some(d.on);
    Ok(next)
}

/// The party was heard (arts. 44, 45, 62, 64): a statement made was reviewed; without one, the
/// party waived or the period to state ran out; a hearing right not used was waived or lapsed.
fn check_heard(
    case: &Case,
    on: NaiveDate,
    notice: NaiveDate,
    judge: &Judge,
) -> Result<(), StepRefusal> {
    if case.statement_on.is_some() && case.statement_reviewed_on.is_none() {
        return Err(StepRefusal::StatementNotReviewed);
    }
    not_before(on, case.statement_reviewed_on, Earlier::Statement)?;
    if !case.statement_waived && case.statement_on.is_none() {
        let ends = due(DeadlineKind::Statement, notice, judge)?;
        if on <= ends {
            return Err(StepRefusal::DefencePeriodOpen { ends });
        }
    }
    if case.hearing_right && !case.hearing_requested && !case.hearing_waived {
        let ends = due(DeadlineKind::HearingRequest, notice, judge)?;
        if on <= ends {
            return Err(StepRefusal::HearingPeriodOpen { ends });
        }
    }
    Ok(())
}

/// Art. 36: an act not discovered within 2 years (5 where life, health or financial safety was
/// harmed), counted from the act or its end, is no longer penalised.
fn check_limitation(case: &Case, judge: &Judge) -> Result<(), StepRefusal> {
    let (kind, years) = if case.serious {
        (DeadlineKind::LimitationSerious, 5)
    } else {
        (DeadlineKind::Limitation, 2)
    };
    let ended = due(kind, case.act_on, judge)?;
    if case.lead_on > ended {
        return Err(StepRefusal::Limitation {
            act_on: case.act_on,
            found_on: case.lead_on,
            ended,
            years,
        });
    }
    Ok(())
}

fn due(kind: DeadlineKind, start: NaiveDate, judge: &Judge) -> Result<NaiveDate, StepRefusal> {
    Ok(due_date(&kind.rule(), start, &[], judge.calendar)?)
}

/// `on` may not precede the earlier step's day.
pub(super) fn not_before(
    on: NaiveDate,
    earlier: Option<NaiveDate>,
    what: Earlier,
) -> Result<(), StepRefusal> {
    match earlier {
        Some(earlier) if on < earlier => Err(StepRefusal::BeforeEarlier { on, earlier, what }),
        _ => Ok(()),
    }
}

pub(super) fn required(text: &str, field: &'static str) -> Result<(), StepRefusal> {
    if text.trim().is_empty() {
        return Err(StepRefusal::Missing(field));
    }
    Ok(())
}

/// Whether `new` punishes more than `old`: a larger fine, or a warning added to no less a fine.
fn heavier(new: &Proposal, old: Option<&Proposal>) -> bool {
    let Some(old) = old else { return false };
    let (new_fine, old_fine) = (new.fine.unwrap_or(0), old.fine.unwrap_or(0));
    // Confiscation is a penalty of its own (art. 9(2)): more illegal gains taken, or property
    // taken that was not, is heavier whatever the fine.
    let (new_gains, old_gains) =
        (new.confiscation.gains.unwrap_or(0), old.confiscation.gains.unwrap_or(0));
    let property_added = !new.confiscation.property.trim().is_empty()
        && new.confiscation.property.trim() != old.confiscation.property.trim();
    new_fine > old_fine
        || (new.warning && !old.warning && new_fine >= old_fine)
        || new_gains > old_gains
        || property_added
}

fn two_or_more(officers: &[String]) -> Result<Vec<String>, StepRefusal> {
    let mut officers: Vec<String> = officers.iter().map(|b| b.trim().to_string()).collect();
    officers.retain(|b| !b.is_empty());
    officers.sort();
    officers.dedup();
    if officers.len() < 2 {
        return Err(StepRefusal::TooFewInvestigators);
    }
    Ok(officers)
}

fn is_coercive(step: &Step) -> bool {
    matches!(
        step,
        Step::PreserveEvidence { .. }
            | Step::DecidePreservedEvidence
            | Step::Seize { .. }
            | Step::ExtendSeizure(_)
            | Step::ReleaseSeizure
    )
}

/// Evidence preservation and seizure during the investigation: each opens its clock, the
/// decision or the release closes it; both need the two investigators on the spot (art. 42).
fn coerce(case: &Case, step: &Step) -> Judged {
    let mut next = case.clone();
    match step {
        Step::PreserveEvidence { on } => {
            check_investigators(case)?;
            not_before(*on, case.filed_on, Earlier::Filing)?;
            if case.preserved_on.is_some() {
                return Err(StepRefusal::AlreadyPreserved);
            }
            next.preserved_on = Some(*on);
        }
        Step::DecidePreservedEvidence => {
            case.preserved_on.ok_or(StepRefusal::NothingPreserved)?;
            next.preserved_on = None;
        }
        Step::Seize { on } => {
            check_investigators(case)?;
            not_before(*on, case.filed_on, Earlier::Filing)?;
            if case.seized_on.is_some() {
                return Err(StepRefusal::AlreadySeized);
            }
            next.seized_on = Some(*on);
            next.seizure_extension = None;
        }
        Step::ExtendSeizure(days) => {
            case.seized_on.ok_or(StepRefusal::NothingSeized)?;
            if case.seizure_extension.is_some() || *days == 0 || *days > 30 {
                return Err(StepRefusal::SeizureExtension);
            }
            next.seizure_extension = Some(*days);
        }
        Step::ReleaseSeizure => {
            case.seized_on.ok_or(StepRefusal::NothingSeized)?;
            next.seized_on = None;
            next.seizure_extension = None;
        }
        _ => {}
    }
    Ok(next)
}

fn check_investigators(case: &Case) -> Result<(), StepRefusal> {
    if case.investigators.len() < 2 {
        return Err(StepRefusal::TooFewInvestigators);
    }
    Ok(())
}

/// Filed and not yet decided.
pub(super) fn is_before_decision(stage: Stage) -> bool {
    matches!(stage, Stage::Investigation | Stage::LegalReview | Stage::Notified | Stage::Hearing)
}

/// Filed, and no decision yet: it can still be withdrawn or transferred.
fn is_open_case(stage: Stage) -> bool {
    is_before_decision(stage) || stage == Stage::Lead || stage == Stage::FilingReview
}
