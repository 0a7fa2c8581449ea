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
use chrono::{Days, Duration, NaiveDate, NaiveDateTime};
use zhifa_core::calendar::DayCount;
use zhifa_core::domain::case::{
    apply, Authority, Case, Judge, NoPenaltyGround, Stage, Step, StepRefusal,
};
use zhifa_core::domain::case_file::{CaseSource, NewCase};
use zhifa_core::domain::catalog::PartyKind;
use zhifa_core::domain::deadline::Adjustment;
use zhifa_core::domain::deadline::{due_date, DeadlineKind};
use zhifa_core::domain::penalty::Proposal;

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
            let opinion = "不符合立案条件".to_string();
            self.head((1, 3), |_| Step::RejectFiling { opinion })?;
            return Ok(());
        }
        let (days, head) = (self.days((0, 3)), self.head_badge());
        let at = self.next_day(days);
        self.take(at, head, |on| Step::ApproveFiling { on, opinion: "同意立案".into() })?;
        let investigators = self.investigators();
        self.officer((0, 0), Step::AssignInvestigators(investigators))?;
        if matches!(ending, Ending::Withdrawn | Ending::Transferred) {
            let reason = "经调查不属本机关管辖".to_string();
            let step = if ending == Ending::Withdrawn {
                Step::Withdraw { reason }
            } else {
                Step::Transfer { reason }
            };
            self.head((5, 30), |_| step)?;
            return Ok(());
        }
        if ending == Ending::Penalty {
            // Proposed before the legal review, which passes the proposal it sees (art. 58).
            let proposal = self.lawful_proposal();
            self.officer((0, 2), Step::ProposePenalty(proposal))?;
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
        self.head((1, 5), |_| Step::ApproveClosing { opinion: "同意结案".into() })?;
        self.officer((3, 30), Step::Archive)?;
        Ok(())
    }

    /// Investigation: an extension of the decision limit for some slow cases, the legal review
    /// where required (failed once now and then).
    fn investigate(&mut self) -> Result<(), Stop> {
        if self.slow && self.g.rng.chance(30) {
            self.head((20, 40), |_| Step::AdjustDecisionLimit(Adjustment::Extension(30)))?;
        }
        if !self.life.state.legal_review_required {
            return Ok(());
        }
        self.officer((5, 20), Step::SubmitLegalReview)?;
        self.review()
    }

    /// A submitted review: failed once now and then, then passed, each with its opinion.
    fn review(&mut self) -> Result<(), Stop> {
        if self.g.rng.chance(10) {
            let opinion = "证据不足，请补充调查".to_string();
            self.reviewer((2, 6), |on| Step::FailLegalReview { on, opinion })?;
            self.officer((3, 8), Step::SubmitLegalReview)?;
        }
        let opinion = "事实清楚，证据充分，程序合法，适用依据正确".to_string();
        self.reviewer((2, 6), |on| Step::PassLegalReview { on, opinion })
    }

    /// The prior notice, a hearing when asked for (only where the calendar counts its period),
    /// the party heard or waiving, the review after a hearing (art. 58(1)(2)) and the heads'
    /// discussion where required (art. 57(2)), then the head's decision.
    fn notice_and_decide(&mut self, penalty: bool) -> Result<(), Stop> {
        let hearing_right = self.g.rng.chance(15);
        let wait = if self.life.state.legal_review_required { (1, 3) } else { (5, 20) };
        self.dated(wait, |on| Step::GiveNotice { on, hearing_right })?;
        let notice_on = self.at.date();
        let counted = counted(self.g.world, notice_on);
        if hearing_right && counted && self.g.rng.chance(40) {
            self.hearing()?;
        } else if !counted || self.g.rng.chance(2) {
            // Where the calendar cannot count the party's periods, the party waives.
            self.dated((0, 1), |on| Step::WaiveRights { on })?;
        } else if self.g.rng.chance(3) {
            self.statement()?;
        }
        let earliest = self.earliest_decision(notice_on)?;
        if self.life.state.collective_required() {
            let conclusion = "经集体讨论，同意拟定的处罚意见".to_string();
            self.head((1, 3), |on| Step::CollectiveDiscussion { on, conclusion })?;
        }
        let (days, head) = (self.days((1, 4)), self.head_badge());
        let at = self.next_day(days).max(earliest);
        let opinion = "同意".to_string();
        let ground = (!penalty).then_some(NoPenaltyGround::FirstMinor);
        self.take(at, head, |on| Step::Decide {
            on,
            penalty,
            ground,
            educated: !penalty,
            opinion,
        })?;
        Ok(())
    }

    /// The party asks for a hearing within the five working days, is told the next day, and it
    /// is held seven working days on at the earliest (art. 64), then reviewed (art. 58(1)(2)).
    fn hearing(&mut self) -> Result<(), Stop> {
        let (wait, by) = (self.g.rng.between(1, 3), self.g.pick(&self.team.officers));
        let at = self.next_day(wait);
        self.take(at, by, |on| Step::RequestHearing { on })?;
        let (told, by) = (self.next_day(1), self.g.pick(&self.team.officers));
        let held_on = self.g.world.calendar.add_days(told.date(), 7, DayCount::Working);
        let held_on = held_on.map_err(|gap| Stop::Refused(StepRefusal::Calendar(gap)))?;
        self.take(told, by, |on| Step::NotifyHearing { on, held_on })?;
        let wait = (held_on - told.date()).num_days();
        self.dated((wait, wait + 1), |on| Step::HoldHearing {
            on,
            record: "当事人到场申辩".into(),
        })?;
        self.officer((1, 3), Step::SubmitLegalReview)?;
        self.review()
    }

    /// The party states its case within the period and it is reviewed (art. 45).
    fn statement(&mut self) -> Result<(), Stop> {
        let summary = "当事人称已自行整改".to_string();
        self.dated((1, 3), |on| Step::HearStatement { on, summary })?;
        let opinion = "经复核，陈述的事实不能成立，不予采纳".to_string();
        self.dated((0, 2), |on| Step::ReviewStatement { on, adopted: false, opinion })
    }

    /// The first moment the head may decide: after the periods the party did not use.
    fn earliest_decision(&mut self, notice_on: NaiveDate) -> Result<NaiveDateTime, Stop> {
        let state = &self.life.state;
        let calendar = &self.g.world.calendar;
        let mut earliest = notice_on;
        let mut after = |kind: DeadlineKind| -> Result<(), Stop> {
            let end = due_date(&kind.rule(), notice_on, &[], calendar)
                .map_err(|gap| Stop::Refused(StepRefusal::Calendar(gap)))?;
            earliest = earliest.max(end + Duration::days(1));
            Ok(())
        };
        if !state.statement_waived && state.statement_on.is_none() {
            after(DeadlineKind::Statement)?;
        }
        if state.hearing_right && !state.hearing_requested && !state.hearing_waived {
            after(DeadlineKind::HearingRequest)?;
        }
        Ok(self.at.max(self.g.time(earliest, 8.5, 17.5)))
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
            confiscation: Default::default(),
        }
    }

    fn investigators(&mut self) -> Vec<String> {
        let officers = &self.team.officers;
        self.g.rng.distinct(officers.len(), 2).into_iter().map(|i| officers[i].clone()).collect()
    }

    fn head_badge(&mut self) -> String {
        self.g.pick(&self.g.world.heads)
    }

    /// A step taken by one of the team's officers `wait` days (a range) after the last.
    fn officer(&mut self, wait: (i64, i64), step: Step) -> Result<(), Stop> {
        let by = self.g.pick(&self.team.officers);
        let days = self.days(wait);
        let at = self.next_day(days);
        self.take(at, by, |_| step)
    }

    /// A step the head takes `wait` days after the last; dated steps get that day.
    fn head(&mut self, wait: (i64, i64), step: impl FnOnce(NaiveDate) -> Step) -> Result<(), Stop> {
        let by = self.head_badge();
        let days = self.days(wait);
        let at = self.next_day(days);
        self.take(at, by, step)
    }

    fn reviewer(
        &mut self,
        wait: (i64, i64),
        step: impl FnOnce(NaiveDate) -> Step,
    ) -> Result<(), Stop> {
        let reviewers = &self.g.world.reviewers;
        let by = if reviewers.is_empty() { self.head_badge() } else { self.g.pick(reviewers) };
        let days = self.days(wait);
        let at = self.next_day(days);
        self.take(at, by, step)
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
        let judge = Judge {
            role: self.g.world.role(&by),
            today: at.date(),
            calendar: &self.g.world.calendar,
            authority: &Authority::default(),
        };
        let next = apply(&self.life.state, &step, &judge)?;
        self.life.steps.push((Moment::new(at, by), step, next.stage));
        self.life.state = next;
        self.at = at;
        Ok(())
    }
}
