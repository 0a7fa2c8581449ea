//! What needs attention now: cases with a statutory deadline passed or near, tickets past their
//! reply date. Computed from the store with the working-day calendar, for the status line (and,
//! later, the lists of the officer, the team and the leader). Reads only.

use crate::calendar::WorkCalendar;
use crate::domain::case::open_deadlines;
use crate::domain::case_file::CaseRecord;
use crate::domain::deadline::{status, DeadlineKind, DueStatus};
use crate::domain::ticket::Ticket;
use crate::i18n::Lang;
use crate::store::{Store, StoreResult};
use chrono::NaiveDate;
use serde::Serialize;

/// A deadline as shown: what, when, where in the law, and how it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub kind: DeadlineKind,
    pub label: &'static str,
    pub basis: &'static str,
    /// `None` when a working-day period reaches a year with no calendar.
    pub due: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub overdue: bool,
}

impl Clock {
    /// The clock in a few words: what, when, and how far off or overdue.
    pub fn text(&self, lang: Lang) -> String {
        let Some(due) = self.due else {
            return format!(
                "{} {}",
                self.label,
                lang.pick("（无日历，无法计算）", "(no calendar)")
            );
        };
        let left = self.days_left.unwrap_or_default();
        if left < 0 && !self.kind.makes_late() {
            // A party's period that has run out: the next step may come, no one is late.
            return match lang {
                Lang::Zh => format!("{} {due} 已届满", self.label),
                Lang::En => format!("{:?} {due}, ended", self.kind),
            };
        }
        match (lang, left < 0) {
            (Lang::Zh, true) => format!("{} {due} 已逾期 {} 天", self.label, -left),
            (Lang::Zh, false) => format!("{} {due}（剩 {left} 天）", self.label),
            (Lang::En, true) => format!("{:?} {due}, {} days overdue", self.kind, -left),
            (Lang::En, false) => format!("{:?} {due} ({left} days left)", self.kind),
        }
    }
}

/// A case with its running clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseLine {
    #[serde(flatten)]
    pub case: CaseRecord,
    pub deadlines: Vec<Clock>,
    /// The surcharge owed on an overdue fine, in fen (none when nothing is owed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surcharge_fen: Option<u64>,
}

impl CaseLine {
    /// The clock due first (those that can be counted).
    pub fn nearest(&self) -> Option<&Clock> {
        self.deadlines.iter().filter(|d| d.due.is_some()).min_by_key(|d| d.due)
    }

    /// The nearest deadline in a few words, for lists.
    pub fn nearest_text(&self, lang: Lang) -> String {
        self.nearest().map_or_else(String::new, |clock| clock.text(lang))
    }

    pub fn is_overdue(&self) -> bool {
        self.deadlines.iter().any(|d| d.overdue)
    }

    /// Some deadline that makes the case late is at most `days` away (or passed).
    pub fn due_within(&self, days: i64) -> bool {
        self.deadlines
            .iter()
            .filter(|d| d.kind.makes_late())
            .any(|d| d.days_left.is_some_and(|left| left <= days))
    }
}

/// `case` with its clocks as they stand on `today`.
pub fn case_line(case: CaseRecord, calendar: &WorkCalendar, today: NaiveDate) -> CaseLine {
    let deadlines = open_deadlines(&case.state, calendar)
        .into_iter()
        .map(|(kind, due)| {
            let rule = kind.rule();
            let due = due.ok();
            let overdue = kind.makes_late()
                && due.is_some_and(|d| matches!(status(d, today, 0), DueStatus::Overdue(_)));
            Clock {
                kind,
                label: rule.label_zh,
                basis: rule.basis,
                due,
                days_left: due.map(|d| (d - today).num_days()),
                overdue,
            }
        })
        .collect();
    let surcharge_fen = surcharge_owed(&case.state, calendar, today);
    CaseLine { case, deadlines, surcharge_fen }
}

/// The late-payment surcharge owed on `today` (APL art. 72), counted without the days of an
/// approved deferral (art. 66) or of a review or suit (art. 73(3)).
fn surcharge_owed(
    state: &crate::domain::case::Case,
    calendar: &WorkCalendar,
    today: NaiveDate,
) -> Option<u64> {
    let days = crate::domain::case::surcharge_days(state, today, calendar).filter(|d| *d > 0)?;
    let fine = u64::try_from(state.penalty.as_ref()?.fine?).ok()?;
    Some(crate::domain::deadline::late_surcharge_fen(fine, days))
}

/// Every case with its clocks, newest first (closed and archived ones too: they run none).
pub fn case_lines(store: &Store, today: NaiveDate) -> StoreResult<Vec<CaseLine>> {
    let calendar = store.work_calendar()?;
    Ok(store.cases()?.into_iter().map(|c| case_line(c, &calendar, today)).collect())
}

/// The cases still being worked on with their clocks, newest first: every case that can be
/// overdue or due soon, without reading years of archived ones (see [`Store::open_cases`]).
pub fn open_case_lines(store: &Store, today: NaiveDate) -> StoreResult<Vec<CaseLine>> {
    let calendar = store.work_calendar()?;
    Ok(store.open_cases()?.into_iter().map(|c| case_line(c, &calendar, today)).collect())
}

/// One case in full with its clocks, and the evidence files registered with the finding it
/// grew from: what a case file shows (the TUI's and `zhifa case show`).
pub fn case_file(
    store: &Store,
    id: i64,
    today: NaiveDate,
) -> StoreResult<Option<(CaseLine, Vec<crate::domain::patrol::Evidence>)>> {
    let Some(record) = store.case(id)? else { return Ok(None) };
    let evidence = match record.finding {
        Some((patrol, seq)) => {
            let findings = store.findings(patrol)?;
            let index = usize::try_from(seq - 1).unwrap_or(usize::MAX);
            findings.get(index).map(|f| f.evidence.clone()).unwrap_or_default()
        }
        None => Vec::new(),
    };
    let calendar = store.work_calendar()?;
    Ok(Some((case_line(record, &calendar, today), evidence)))
}

/// Days ahead that count as "due soon".
pub const DUE_SOON_DAYS: i64 = 3;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attention {
    pub overdue_cases: usize,
    pub due_soon_cases: usize,
    /// Cases with a working-day deadline no calendar covers: it cannot be counted.
    pub uncounted_cases: usize,
    pub overdue_tickets: usize,
}

impl Attention {
    pub fn is_empty(&self) -> bool {
        *self == Attention::default()
    }
}

/// The counts on `today`, for one team's work or everyone's, read from the store (open cases
/// and the tickets awaiting a reply: nothing else can be overdue).
pub fn attention(store: &Store, today: NaiveDate, team: Option<&str>) -> StoreResult<Attention> {
    Ok(attention_of(&open_case_lines(store, today)?, &store.work_tickets(today)?, today, team))
}

/// The counts of lists already read.
pub fn attention_of(
    lines: &[CaseLine],
    tickets: &[Ticket],
    today: NaiveDate,
    team: Option<&str>,
) -> Attention {
    let mut counts = Attention::default();
    let ours = |t: Option<&str>| team.is_none_or(|team| t == Some(team));
    for line in lines.iter().filter(|l| ours(Some(&l.case.team))) {
        if line.is_overdue() {
            counts.overdue_cases += 1;
        } else if line.due_within(DUE_SOON_DAYS) {
            counts.due_soon_cases += 1;
        }
        if line.deadlines.iter().any(|d| d.due.is_none()) {
            counts.uncounted_cases += 1;
        }
    }
    counts.overdue_tickets = tickets
        .iter()
        .filter(|t| ours(t.team.as_deref()) || t.team.is_none())
        .filter(|t| t.is_overdue(today))
        .count();
    counts
}

/// Whose work a case list shows: everything, or what needs someone's hand now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseView {
    #[default]
    All,
    /// Overdue or due soon, investigated by this officer.
    Mine,
    /// Overdue or due soon, of the officer's team.
    Team,
    /// The leader's desk: the team's cases waiting for an approval, and its overdue or due-soon
    /// ones.
    Leader,
}

impl CaseView {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CaseView::All => lang.pick("全部案件", "all cases"),
            CaseView::Mine => lang.pick("我承办的临期、逾期案件", "mine: due soon or overdue"),
            CaseView::Team => lang.pick("本中队临期、逾期案件", "my team: due soon or overdue"),
            CaseView::Leader => {
                lang.pick("待审批及临期、逾期案件", "to approve, due soon or overdue")
            }
        }
    }

    /// The view after this one; the leader's desk is offered to those who approve.
    pub fn next(self, approves: bool) -> CaseView {
        match self {
            CaseView::All => CaseView::Mine,
            CaseView::Mine => CaseView::Team,
            CaseView::Team if approves => CaseView::Leader,
            CaseView::Team | CaseView::Leader => CaseView::All,
        }
    }

    /// Whether `line` belongs in this view for the officer `badge` of `team`.
    pub fn shows(self, line: &CaseLine, badge: &str, team: Option<&str>) -> bool {
        let urgent = line.is_overdue() || line.due_within(DUE_SOON_DAYS);
        let ours = team == Some(line.case.team.as_str());
        match self {
            CaseView::All => true,
            CaseView::Mine => urgent && line.case.state.investigators.iter().any(|b| b == badge),
            CaseView::Team => urgent && ours,
            CaseView::Leader => ours && (urgent || awaits_approval(line)),
        }
    }
}

/// Filing or closing asked for: the leader's approval is awaited.
pub fn awaits_approval(line: &CaseLine) -> bool {
    use crate::domain::case::Stage;
    matches!(line.case.state.stage, Stage::FilingReview | Stage::ClosingReview)
}
