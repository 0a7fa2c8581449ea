//! One case's life through the ordinary procedure: a lead citing items of the edition in force on
//! the day of the act, filing asked and approved (or refused), two investigators, a legal review
//! where one is required, the prior notice (with a hearing now and then), the decision, service,
//! payment, closing and the archive — or a withdrawal, a transfer, no penalty. A few cases are
//! slow and a few leads forgotten, as in any bureau, which is what makes some overdue.
//!
//! Every step is judged by `domain::case::apply` with the role of whoever takes it, exactly as
//! the store judges a step taken at a terminal; the case's state is the result. Cut at the end of
//! the history. Pure: no SQL.

use super::words::{act_of, party, place};
use super::world::{counted, Gen, Moment, TeamWork};
use crate::calendar::DayCount;
use crate::domain::case::{apply, Case, Stage, Step, StepRefusal};
use crate::domain::case_file::{CaseSource, NewCase};
use crate::domain::catalog::PartyKind;
use crate::domain::deadline::Adjustment;
use crate::domain::penalty::Proposal;
use chrono::{Days, Duration, NaiveDate, NaiveDateTime};

pub struct CaseLife {
    pub new: NewCase,
    pub opened: Moment,
    /// The edition in force on the day of the act, and the cited items' indexes in it.
    pub edition: usize,
    pub cited: Vec<usize>,
    /// Each step with who took it when, and the stage it led to.
    pub steps: Vec<(Moment, Step, Stage)>,
    /// The state after the last step.
    pub state: Case,
}

/// How a case ends (if the history lasts long enough).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    NotFiled,
    Withdrawn,
    Transferred,
    NoPenalty,
    Penalty,
}

/// A case opened on `day`, or `None` when it would open after the end of the history (or no
/// catalog was in force on the day of the act).
pub fn case_life(g: &mut Gen, day: NaiveDate) -> Result<Option<CaseLife>, StepRefusal> {
    let team_index = g.team();
    let team = &g.world.teams[team_index];
    let opened = Moment::new(g.time(day, 8.5, 17.5), g.pick(&team.officers));
    let act_on = day.checked_sub_days(Days::new(g.rng.between(0, 3) as u64)).unwrap_or(day);
    let Some(edition) = g.world.edition_on(act_on) else { return Ok(None) };
    let pool = &team.items[edition].penalties;
    if opened.at > g.end || pool.is_empty() {
        return Ok(None);
    }
    let count = if g.rng.chance(10) { 2 } else { 1 };
    let cited: Vec<usize> =
        g.rng.distinct(pool.len(), count).into_iter().map(|i| pool[i]).collect();
    let new = new_case(g, team, edition, &cited, act_on, day);
    let mut life =
        CaseLife { state: new.opening_state(), new, opened, edition, cited, steps: Vec::new() };
    Script::new(g, team, &mut life).run()?;
    Ok(Some(life))
}

fn new_case(
    g: &mut Gen,
    team: &TeamWork,
    edition: usize,
    cited: &[usize],
    act_on: NaiveDate,
    lead_on: NaiveDate,
) -> NewCase {
    let grid = &team.grids[g.rng.below(team.grids.len())];
    let place = place(&mut g.rng, grid);
    let items = &g.world.editions[edition].items;
    let party = party(&mut g.rng, act_on);
    let act = cited.first().map(|&i| act_of(&items[i])).unwrap_or_default();
    let source = match g.rng.below(100) {
        0..50 => CaseSource::Patrol,
        50..75 => CaseSource::Ticket,
        75..83 => CaseSource::Referral,
        83..90 => CaseSource::Assignment,
        _ => CaseSource::WalkIn,
    };
    NewCase {
        team: team.code.clone(),
        source,
        ticket: None,
        facts: format!("经查，当事人{}在{place}{act}。", party.name),
        place,
        grid: Some(grid.code.clone()),
        act_on,
        lead_on,
        serious: g.rng.chance(4),
        items: cited.iter().map(|&i| items[i].code.clone()).collect(),
        parties: vec![party],
        legal_review_required: g.rng.chance(20),
        finding: None,
    }
}

/// The steps of one case, taken one after another until the end of the history.
struct Script<'g, 'w, 'l> {
    g: &'g mut Gen<'w>,
    team: &'w TeamWork,
    life: &'l mut CaseLife,
    /// When the last step was taken.
    at: NaiveDateTime,
    /// Slow cases take about three times as long at every stage.
    slow: bool,
}

/// Why a script stops before its ending.
enum Stop {
    /// The end of the history was reached: the case stays where it is.
    End,
    Refused(StepRefusal),
}

impl From<StepRefusal> for Stop {
    fn from(refusal: StepRefusal) -> Self {
        Stop::Refused(refusal)
    }
}

impl<'g, 'w, 'l> Script<'g, 'w, 'l> {
    fn new(g: &'g mut Gen<'w>, team: &'w TeamWork, life: &'l mut CaseLife) -> Self {
        let slow = g.rng.chance(6);
        let at = life.opened.at;
        Script { g, team, life, at, slow }
    }

    fn run(mut self) -> Result<(), StepRefusal> {
        match self.steps() {
            Ok(()) | Err(Stop::End) => Ok(()),
            Err(Stop::Refused(refusal)) => Err(refusal),
        }
    }

    fn steps(&mut self) -> Result<(), Stop> {
        let ending = match self.g.rng.below(100) {
            0..6 => Ending::NotFiled,
            6..9 => Ending::Withdrawn,
            9..11 => Ending::Transferred,
            11..19 => Ending::NoPenalty,
            _ => Ending::Penalty,
        };
        // A lead now and then lies forgotten past its filing deadline.
        let wait = if self.g.rng.chance(2) { (12, 40) } else { (0, 2) };
        self.officer(wait, Step::RequestFiling)?;
        if ending == Ending::NotFiled {
            self.leader((1, 3), Step::RejectFiling)?;
            return Ok(());
        }
        let (days, leader) = (self.days((0, 3)), self.leader_badge());
        let at = self.next_day(days);
        self.take(at, leader, |on| Step::ApproveFiling { on })?;
        let investigators = self.investigators();
        self.officer((0, 0), Step::AssignInvestigators(investigators))?;
        if matches!(ending, Ending::Withdrawn | Ending::Transferred) {
            let step = if ending == Ending::Withdrawn { Step::Withdraw } else { Step::Transfer };
            self.leader((5, 30), step)?;
            return Ok(());
        }
        self.investigate()?;
        self.notice_and_decide(ending == Ending::Penalty)?;
        if ending == Ending::Penalty {
            let serve = if self.slow { (8, 14) } else { (0, 3) };
            self.dated(serve, |on| Step::Serve { on })?;
            let pay = if self.g.rng.chance(5) { (20, 60) } else { (3, 14) };
            self.officer(pay, Step::RecordExecution)?;
        }
        self.officer((1, 7), Step::RequestClosing)?;
        self.leader((1, 5), Step::ApproveClosing)?;
        self.officer((3, 30), Step::Archive)?;
        Ok(())
    }

    /// Investigation: an extension of the decision limit for some slow cases, the legal review
    /// where required (failed once now and then).
    fn investigate(&mut self) -> Result<(), Stop> {
        if self.slow && self.g.rng.chance(30) {
            self.leader((20, 40), Step::AdjustDecisionLimit(Adjustment::Extension(30)))?;
        }
        if !self.life.state.legal_review_required {
            return Ok(());
        }
        self.officer((5, 20), Step::SubmitLegalReview)?;
        if self.g.rng.chance(10) {
            self.reviewer((2, 6), Step::FailLegalReview)?;
            self.officer((3, 8), Step::SubmitLegalReview)?;
        }
        self.reviewer((2, 6), Step::PassLegalReview)?;
        Ok(())
    }

    /// The prior notice, a hearing when asked for (only where the calendar counts its period),
    /// then the decision once the time to ask has passed.
    fn notice_and_decide(&mut self, penalty: bool) -> Result<(), Stop> {
        if penalty {
            let proposal = self.lawful_proposal();
            self.officer((0, 2), Step::ProposePenalty(proposal))?;
        }
        let hearing_right = self.g.rng.chance(15);
        let wait = if self.life.state.legal_review_required { (1, 3) } else { (5, 20) };
        self.dated(wait, |on| Step::GiveNotice { on, hearing_right })?;
        let notice_on = self.at.date();
        let mut decide_after = (4, 10);
        if hearing_right && counted(self.g.world, notice_on) && self.g.rng.chance(40) {
            // Within the five working days even in a slow case, or the step is refused.
            let (wait, by) = (self.g.rng.between(1, 3), self.g.pick(&self.team.officers));
            let at = self.next_day(wait);
            self.take(at, by, |on| Step::RequestHearing { on })?;
            // Told the next day; held seven working days on at the earliest (art. 64).
            let (told, by) = (self.next_day(1), self.g.pick(&self.team.officers));
            let held_on = self.g.world.calendar.add_days(told.date(), 7, DayCount::Working);
            let held_on = held_on.map_err(|gap| Stop::Refused(StepRefusal::Calendar(gap)))?;
            self.take(told, by, |on| Step::NotifyHearing { on, held_on })?;
            let wait = (held_on - told.date()).num_days();
            self.officer((wait, wait + 3), Step::HoldHearing)?;
        } else if hearing_right {
            decide_after = (8, 14);
        }
        let (days, leader) = (self.days(decide_after), self.leader_badge());
        let at = self.next_day(days);
        self.take(at, leader, |on| Step::Decide { on, penalty })?;
        Ok(())
    }

    /// The penalty a case like this gets: the lowest fine of the item's first tier with a fine
    /// (with its reason), else of its range, else a warning: always lawful for the item.
    fn lawful_proposal(&mut self) -> Proposal {
        let item =
            self.life.cited.first().map(|&i| &self.g.world.editions[self.life.edition].items[i]);
        let party = PartyKind::Individual;
        let tier = item.and_then(|i| i.tiers.iter().find(|t| t.fine_min.is_some()));
        let fine = match (tier, item.and_then(|i| i.fine_range_for(party))) {
            (Some(tier), _) => tier.fine_min,
            (None, Some(range)) => Some(range.min),
            (None, None) => None,
        };
        let tier_name = item.filter(|i| !i.tiers.is_empty()).and(tier).map(|t| t.name.clone());
        Proposal {
            party,
            warning: fine.is_none(),
            fine,
            tier: tier_name,
            tier_reason: "初次违法，经责令改正后逾期未改正".into(),
        }
    }

    fn investigators(&mut self) -> Vec<String> {
        let officers = &self.team.officers;
        self.g.rng.distinct(officers.len(), 2).into_iter().map(|i| officers[i].clone()).collect()
    }

    fn leader_badge(&mut self) -> String {
        self.g.pick(&self.team.leaders)
    }

    /// A step taken by one of the team's officers `wait` days (a range) after the last.
    fn officer(&mut self, wait: (i64, i64), step: Step) -> Result<(), Stop> {
        let by = self.g.pick(&self.team.officers);
        let days = self.days(wait);
        let at = self.next_day(days);
        self.take(at, by, |_| step)
    }

    fn leader(&mut self, wait: (i64, i64), step: Step) -> Result<(), Stop> {
        let by = self.leader_badge();
        let days = self.days(wait);
        let at = self.next_day(days);
        self.take(at, by, |_| step)
    }

    fn reviewer(&mut self, wait: (i64, i64), step: Step) -> Result<(), Stop> {
        let reviewers = &self.g.world.reviewers;
        let by = if reviewers.is_empty() { self.leader_badge() } else { self.g.pick(reviewers) };
        let days = self.days(wait);
        let at = self.next_day(days);
        self.take(at, by, |_| step)
    }

    /// A step by an officer that records its own date (the day it is taken).
    fn dated(
        &mut self,
        wait: (i64, i64),
        step: impl FnOnce(NaiveDate) -> Step,
    ) -> Result<(), Stop> {
        let by = self.g.pick(&self.team.officers);
        let days = self.days(wait);
        let at = self.next_day(days);
        self.take(at, by, step)
    }

    /// Days to wait, drawn from `range`, three times as many in a slow case.
    fn days(&mut self, (lo, hi): (i64, i64)) -> i64 {
        let days = self.g.rng.between(lo, hi);
        if self.slow {
            days * 3
        } else {
            days
        }
    }

    /// `days` after the last step, in office hours; the same day means a little later.
    fn next_day(&mut self, days: i64) -> NaiveDateTime {
        if days <= 0 {
            return self.at + Duration::minutes(self.g.rng.between(10, 90));
        }
        let day = self.at.date() + Duration::days(days);
        self.g.time(day, 8.5, 17.5)
    }

    /// Takes `step` at `at` as `by`, unless that is after the end of the history.
    fn take(
        &mut self,
        at: NaiveDateTime,
        by: String,
        step: impl FnOnce(NaiveDate) -> Step,
    ) -> Result<(), Stop> {
        if at > self.g.end {
            return Err(Stop::End);
        }
        let step = step(at.date());
        let next = apply(&self.life.state, &step, self.g.world.role(&by), &self.g.world.calendar)?;
        self.life.steps.push((Moment::new(at, by), step, next.stage));
        self.life.state = next;
        self.at = at;
        Ok(())
    }
}
