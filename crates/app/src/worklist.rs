//! What needs attention now: cases with a statutory deadline passed or near, tickets past their
//! reply date. Computed from the store with the working-day calendar, for the status line (and,
//! later, the lists of the officer, the team and the leader). Reads only.

use chrono::NaiveDate;
use serde::Serialize;
use zhifa_core::calendar::WorkCalendar;
use zhifa_core::domain::case::open_deadlines;
use zhifa_core::domain::case_file::CaseRecord;
use zhifa_core::domain::deadline::{status, Binds, DeadlineKind, DueStatus};
use zhifa_core::domain::ticket::Ticket;
use zhifa_core::i18n::{count_en, Lang};
use zhifa_store::{Store, StoreResult};

/// A deadline as shown: what, when, where in the law, and how it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub kind: DeadlineKind,
    pub label: &'static str,
    pub basis: &'static str,
    /// Whose period it is (the bound taken on a provisional year).
    pub binds: Binds,
    /// `None` when a working-day period reaches a year with no calendar: `gap` names it.
    pub due: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub overdue: bool,
    /// Counted on a year whose notice is not loaded (computed from the statutory holidays): the
    /// date may move when it is.
    pub provisional: bool,
    /// The year no calendar covers, when `due` could not be counted.
    pub gap: Option<i32>,
}

impl Clock {
    /// The due date as shown: the date, marked when provisional, or why there is none.
    pub fn due_text(&self, lang: Lang) -> String {
        match (self.due, self.gap) {
            (Some(due), _) if self.provisional => {
                format!("{due}{}", lang.pick("（暂定）", " (provisional)"))
            }
            (Some(due), _) => due.to_string(),
            (None, Some(year)) => match lang {
                Lang::Zh => format!("无法计算（缺 {year} 年日历）"),
                Lang::En => format!("uncounted: no {year} calendar"),
            },
            (None, None) => lang.pick("无法计算", "cannot be counted").to_string(),
        }
    }
}

impl Clock {
    /// The clock's name in the reader's language.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.label,
            Lang::En => self.kind.rule().label_en,
        }
    }

    /// The clock in a few words: what, when, and how far off or overdue.
    pub fn text(&self, lang: Lang) -> String {
        let due = self.due_text(lang);
        if self.due.is_none() {
            return format!("{} {due}", self.label);
        }
        let left = self.days_left.unwrap_or_default();
        if left < 0 && !self.kind.makes_late() {
            // A party's period that has run out: the next step may come, no one is late.
            return match lang {
                Lang::Zh => format!("{} {due} 已届满", self.label),
                Lang::En => format!("{} {due}, ended", self.name(lang)),
            };
        }
        match (lang, left < 0) {
            (Lang::Zh, true) => format!("{} {due} 已逾期 {} 天", self.label, -left),
            (Lang::Zh, false) => format!("{} {due}（剩 {left} 天）", self.label),
            (Lang::En, true) => {
                format!("{} {due}, {} overdue", self.name(lang), count_en(-left, "day", "days"))
            }
            (Lang::En, false) => {
                format!("{} {due} ({} left)", self.name(lang), count_en(left, "day", "days"))
            }
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

    /// The nearest deadline in a few words, for lists; a clock that cannot be counted comes
    /// first (it may be the nearest), with the reason, unless another is overdue.
    pub fn nearest_text(&self, lang: Lang) -> String {
        let uncounted = self.uncounted().filter(|_| !self.is_overdue());
        let Some(clock) = self.nearest().filter(|_| uncounted.is_none()) else {
            return uncounted
                .map(|c| format!("{} {}", c.name(lang), c.due_text(lang)))
                .unwrap_or_default();
        };
        clock.text(lang)
    }

    /// How the nearest clock stands, in a few columns (what a narrow list keeps when it must cut
    /// the rest): overdue and by how much, days left, or that it cannot be counted.
    pub fn standing_short(&self, lang: Lang) -> String {
        if self.uncounted().is_some() && !self.is_overdue() {
            return lang.pick("无日历", "no cal.").to_string();
        }
        // The latest overdue clock, else the nearest clock (the one the list's text names); a
        // party's period that ran out is no one's lateness and says nothing here.
        let late = self.deadlines.iter().filter(|d| d.overdue).filter_map(|d| d.days_left).min();
        if let Some(left) = late {
            return match lang {
                Lang::Zh => format!("⚠逾期{}天", -left),
                Lang::En => format!("⚠ {}d late", -left),
            };
        }
        match self.nearest().and_then(|c| c.days_left).filter(|left| *left >= 0) {
            Some(left) => lang.pick(&format!("剩{left}天"), &format!("{left}d left")).to_string(),
            None => String::new(),
        }
    }

    /// The first clock that cannot be counted, if any.
    pub fn uncounted(&self) -> Option<&Clock> {
        self.deadlines.iter().find(|d| d.due.is_none())
    }

    /// Whether a list filtered by urgency must still show this case: some clock of it cannot
    /// be counted, so nobody can say it is not overdue.
    pub fn needs_showing_uncounted(&self) -> bool {
        self.uncounted().is_some()
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
    let mut deadlines: Vec<Clock> = open_deadlines(&case.state, calendar)
        .into_iter()
        .map(|(kind, due)| {
            let rule = kind.rule();
            let gap = due.err().map(|g| g.0);
            let due = due.ok();
            let overdue = kind.makes_late()
                && due.is_some_and(|d| matches!(status(d, today, 0), DueStatus::Overdue(_)));
            Clock {
                kind,
                label: rule.label_zh,
                basis: rule.basis,
                binds: rule.binds,
                due,
                days_left: due.map(|d| (d - today).num_days()),
                overdue,
                provisional: due
                    .is_some_and(|d| depends_on_calendar(kind) && calendar.is_provisional(d)),
                gap,
            }
        })
        .collect();
    // The application to the court counts from the end of the lawsuit period (行政强制法 art.
    // 53): provisional when that end is.
    let appeals_provisional =
        deadlines.iter().any(|c| c.kind == DeadlineKind::LawsuitPeriod && c.provisional);
    for clock in &mut deadlines {
        if clock.kind == DeadlineKind::EnforcementApplication && appeals_provisional {
            clock.provisional = true;
        }
    }
    let surcharge_fen = surcharge_owed(&case.state, calendar, today);
    CaseLine { case, deadlines, surcharge_fen }
}

/// The late-payment surcharge owed on `today` (APL art. 72), counted without the days of an
/// approved deferral (art. 66) or of a review or suit (art. 73(3)).
fn surcharge_owed(
    state: &zhifa_core::domain::case::Case,
    calendar: &WorkCalendar,
    today: NaiveDate,
) -> Option<u64> {
    let days =
        zhifa_core::domain::case::surcharge_days(state, today, calendar).filter(|d| *d > 0)?;
    let fine = u64::try_from(state.penalty.as_ref()?.fine?).ok()?;
    Some(zhifa_core::domain::deadline::late_surcharge_fen(fine, days))
}

/// Whether a clock's date depends on the working-day calendar: working days do, and so do the
/// periods whose last day moves off a holiday; other natural days and months do not.
fn depends_on_calendar(kind: DeadlineKind) -> bool {
    use zhifa_core::domain::deadline::Period;
    let rule = kind.rule();
    rule.ends_on_working_day
        || matches!(rule.period, Period::Days(_, zhifa_core::calendar::DayCount::Working))
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
) -> StoreResult<Option<(CaseLine, Vec<zhifa_core::domain::patrol::Evidence>)>> {
    let Some(record) = store.case(id)? else { return Ok(None) };
    file_of(store, record, today).map(Some)
}

/// The case file of a case already read in full: its clocks and its finding's evidence.
pub fn file_of(
    store: &Store,
    record: CaseRecord,
    today: NaiveDate,
) -> StoreResult<(CaseLine, Vec<zhifa_core::domain::patrol::Evidence>)> {
    let evidence = match record.finding {
        Some((patrol, seq)) => {
            let findings = store.findings(patrol)?;
            let index = usize::try_from(seq - 1).unwrap_or(usize::MAX);
            findings.get(index).map(|f| f.evidence.clone()).unwrap_or_default()
        }
        None => Vec::new(),
    };
    let calendar = store.work_calendar()?;
    Ok((case_line(record, &calendar, today), evidence))
}

/// A clock of an open case whose date changed between two calendars (a notice loaded over a
/// provisional year, or a year loaded again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub case_id: i64,
    pub number: Option<String>,
    pub kind: DeadlineKind,
    pub label: &'static str,
    pub before: Option<NaiveDate>,
    pub after: Option<NaiveDate>,
}

/// The clocks whose due date differs between `before` and `after` (the same cases counted on
/// two calendars), in the order of `after`.
pub fn moved_deadlines(before: &[CaseLine], after: &[CaseLine]) -> Vec<Moved> {
    let earlier: std::collections::HashMap<(i64, DeadlineKind), Option<NaiveDate>> = before
        .iter()
        .flat_map(|l| l.deadlines.iter().map(move |c| ((l.case.id, c.kind), c.due)))
        .collect();
    let mut out = Vec::new();
    for line in after {
        for clock in &line.deadlines {
            let Some(was) = earlier.get(&(line.case.id, clock.kind)) else { continue };
            if *was != clock.due {
                out.push(Moved {
                    case_id: line.case.id,
                    number: line.case.number.clone(),
                    kind: clock.kind,
                    label: clock.label,
                    before: *was,
                    after: clock.due,
                });
            }
        }
    }
    out
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
        let urgent =
            line.is_overdue() || line.due_within(DUE_SOON_DAYS) || line.needs_showing_uncounted();
        let ours = team == Some(line.case.team.as_str());
        match self {
            CaseView::All => true,
            // A clock nobody can count might be overdue: such a case is never left out.
            CaseView::Mine => urgent && line.case.state.investigators.iter().any(|b| b == badge),
            CaseView::Team => urgent && ours,
            CaseView::Leader => ours && (urgent || awaits_approval(line)),
        }
    }
}

/// Filing or closing asked for: the leader's approval is awaited.
pub fn awaits_approval(line: &CaseLine) -> bool {
    use zhifa_core::domain::case::Stage;
    matches!(line.case.state.stage, Stage::FilingReview | Stage::ClosingReview)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhifa_core::domain::case::{Case, Stage};
    use zhifa_core::domain::case_file::CaseSource;

    #[test]
    fn a_clock_reads_in_one_language_at_a_time() {
        let rule = DeadlineKind::Decision.rule();
        let clock = |days_left: i64| Clock {
            kind: DeadlineKind::Decision,
            label: rule.label_zh,
            basis: rule.basis,
            binds: rule.binds,
            due: Some(day("2026-12-01")),
            days_left: Some(days_left),
            overdue: days_left < 0,
            provisional: false,
            gap: None,
        };
        let cjk = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for left in [-3, -1, 1, 5] {
            let en = clock(left).text(Lang::En);
            assert!(!cjk(&en) && en.contains(rule.label_en), "{en}");
            assert!(!en.contains("Decision {") && !en.contains("1 days"), "{en}");
            assert!(clock(left).text(Lang::Zh).contains(rule.label_zh));
        }
        assert!(clock(-1).text(Lang::En).contains("1 day overdue"));
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn served_on(served: &str) -> CaseRecord {
        let mut state = Case::lead(day("2026-05-01"), day("2026-05-02"));
        state.stage = Stage::Served;
        state.served_on = Some(day(served));
        CaseRecord {
            id: 1,
            number: Some("〔2026〕综执罚字第1号".into()),
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
    fn clocks_on_a_provisional_year_are_marked_and_the_ones_after_them_too() {
        let calendar = zhifa_core::calendar::shipped().expect("calendar");
        let line = case_line(served_on("2026-09-30"), &calendar, day("2026-10-08"));
        let clock = |kind| line.deadlines.iter().find(|c| c.kind == kind).expect("clock");
        // Payment: 15 natural days, in 2026 (APL art. 67): exact.
        assert!(!clock(DeadlineKind::Payment).provisional);
        // Review: 60 days, 29 November 2026 a Sunday → Monday 30 November (民事诉讼法 art.
        // 85(3)); counted on the 2026 notice: exact.
        let review = clock(DeadlineKind::ReviewPeriod);
        assert_eq!((review.due, review.provisional), (Some(day("2026-11-30")), false));
        // Suit: 6 months, 30 March 2027, on the provisional 2027; and the court application
        // counted from its end with it (行政强制法 art. 53).
        let suit = clock(DeadlineKind::LawsuitPeriod);
        assert_eq!((suit.due, suit.provisional), (Some(day("2027-03-30")), true));
        assert!(clock(DeadlineKind::EnforcementApplication).provisional);
        assert!(
            line.nearest_text(Lang::Zh).contains("缴纳罚款"),
            "{}",
            line.nearest_text(Lang::Zh)
        );
        let text = suit.due_text(Lang::Zh);
        assert_eq!(text, "2027-03-30（暂定）");
    }

    #[test]
    fn a_case_with_a_clock_nobody_can_count_is_never_left_out() {
        let calendar = zhifa_core::calendar::shipped().expect("calendar");
        let mut record = served_on("2035-12-20");
        record.state.stage = Stage::Decided;
        record.state.decided_on = Some(day("2035-12-28"));
        let line = case_line(record, &calendar, day("2035-12-29"));
        assert_eq!(line.uncounted().map(|c| c.gap), Some(Some(2036)));
        assert!(line.needs_showing_uncounted() && !line.is_overdue());
        assert!(CaseView::Team.shows(&line, "QJ1001", Some("QX01")), "kept in the urgent view");
        assert!(line.nearest_text(Lang::Zh).contains("无法计算（缺 2036 年日历）"));
        let moved = moved_deadlines(std::slice::from_ref(&line), std::slice::from_ref(&line));
        assert!(moved.is_empty(), "the same calendar moves nothing");
    }
}

/// A complaint routed: the dispatcher's answer, the items it probably concerns, and the team
/// judged for (the ticket's, or the one asked about).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed {
    pub route: zhifa_intake::routing::Route,
    pub items: Vec<zhifa_intake::routing::Suggestion>,
    pub team: Option<zhifa_core::domain::officer::Team>,
}

#[derive(Debug, thiserror::Error)]
pub enum RouteError {
    #[error("no team with code {0}")]
    NoSuchTeam(String),
    #[error(transparent)]
    Store(#[from] zhifa_store::StoreError),
}

impl RouteError {
    /// What to tell a person, in their language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RouteError::NoSuchTeam(code), Lang::Zh) => format!("没有编码为 {code} 的中队"),
            (RouteError::NoSuchTeam(code), Lang::En) => format!("no team with code {code}"),
            (RouteError::Store(e), _) => crate::messages::store_error(e, lang),
        }
    }
}

/// Ticket `ticket` matched on `index` (the search index of catalog `version`, the one in force)
/// and routed for `team` (else the ticket's own team; without either, the whole jurisdiction):
/// what `zhifa ticket suggest` prints and the 投诉 tab shows (`intake::routing`).
pub fn route_ticket(
    store: &Store,
    index: &zhifa_catalog::search::SearchIndex,
    version: zhifa_core::domain::version::VersionId,
    ticket: &Ticket,
    team: Option<&str>,
) -> Result<Routed, RouteError> {
    use zhifa_intake::routing::{route, suggest};
    let team_code = team.map(str::to_string).or_else(|| ticket.team.clone());
    let team = match team_code {
        Some(code) => Some(
            store
                .teams()?
                .into_iter()
                .find(|t| t.code == code)
                .ok_or(RouteError::NoSuchTeam(code))?,
        ),
        None => None,
    };
    let mut suggested = Vec::new();
    for hit in suggest(index, &ticket.incoming.content) {
        if let Some(item) = store.catalog_item(version, &index.doc(hit.doc).code)? {
            suggested.push((item, hit));
        }
    }
    let (route, items) = route(&ticket.incoming.content, &suggested, team.as_ref());
    Ok(Routed { route, items, team })
}

/// What a complaint is recorded as concerning when it is taken in: the item routing matches it
/// to on `index` (the search index of catalog `version`, the one in force on the day of
/// receipt), for the whole jurisdiction (no team yet: the best item, wherever it is exercised),
/// or `None` when no item matches or it belongs outside the bureau's remit (未归类). Recorded
/// with the ticket (`Store::take_in_ticket`), since the catalog and the everyday words it was
/// routed with change.
pub fn ticket_item(
    store: &Store,
    index: &zhifa_catalog::search::SearchIndex,
    version: zhifa_core::domain::version::VersionId,
    content: &str,
) -> Result<Option<zhifa_core::domain::ticket::TicketItem>, zhifa_store::StoreError> {
    use zhifa_intake::routing::{route, suggest, Route};
    let mut suggested = Vec::new();
    for hit in suggest(index, content) {
        if let Some(item) = store.catalog_item(version, &index.doc(hit.doc).code)? {
            suggested.push((item, hit));
        }
    }
    let (decision, _) = route(content, &suggested, None);
    let code = match decision {
        Route::Ours { code } | Route::Transfer { code, .. } => code,
        Route::Elsewhere { .. } | Route::NoMatch => return Ok(None),
    };
    let domain = suggested.iter().find(|(i, _)| i.code == code).map(|(i, _)| i.domain.clone());
    Ok(Some(zhifa_core::domain::ticket::TicketItem {
        version: version.0,
        code,
        domain: domain.unwrap_or_default(),
    }))
}

/// Complaints classified for intake, one index built per catalog version met (a feed's tickets
/// span days, and the version in force may change among them).
pub struct TicketClassifier {
    indexes: std::collections::HashMap<i64, zhifa_catalog::search::SearchIndex>,
    lexicon: Option<std::sync::Arc<zhifa_catalog::search::lexicon::Lexicon>>,
}

impl Default for TicketClassifier {
    fn default() -> Self {
        Self::new()
    }
}

impl TicketClassifier {
    pub fn new() -> TicketClassifier {
        TicketClassifier { indexes: std::collections::HashMap::new(), lexicon: None }
    }

    /// The item complaint `content` received on `day` concerns ([`ticket_item`] on the catalog
    /// in force that day); `None` when nothing matches or no catalog was in force.
    pub fn classify(
        &mut self,
        store: &Store,
        day: chrono::NaiveDate,
        content: &str,
    ) -> Result<Option<zhifa_core::domain::ticket::TicketItem>, zhifa_store::StoreError> {
        use zhifa_catalog::search::SearchIndex;
        use zhifa_store::StoreError;
        let version = match store.version_in_force(day) {
            Ok(version) => version,
            Err(StoreError::NoCatalog | StoreError::NothingInForce(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        if !self.indexes.contains_key(&version.id.0) {
            let lexicon = match &self.lexicon {
                Some(lexicon) => lexicon.clone(),
                None => self.lexicon.insert(store.search_lexicon()?).clone(),
            };
            let index = SearchIndex::build(store.search_docs(version.id)?).with_lexicon(lexicon);
            self.indexes.insert(version.id.0, index);
        }
        let Some(index) = self.indexes.get(&version.id.0) else { return Ok(None) };
        ticket_item(store, index, version.id, content)
    }
}
