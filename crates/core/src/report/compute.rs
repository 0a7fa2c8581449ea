//! Counting the period's records into figures, by group.

use super::measure::{category_key, measures_for, Measure, CATEGORY, RATES, UNCLASSIFIED};
use super::records::{CaseFacts, Records};
use super::{Figure, Group, GroupBy, Period, RecordId, Report};
use crate::calendar::WorkCalendar;
use crate::domain::case::{open_deadlines, Case, Stage};
use crate::domain::deadline::{due_date, DeadlineKind};
use crate::domain::officer::Role;
use crate::domain::patrol::PatrolStatus;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// The group of a record without the dimension grouped by (a ticket has no grid, a patrol no
/// domain).
pub const UNGROUPED: &str = "—";

/// The report of `current` (read for `period`) beside `last_year` (read for
/// `period.last_year()`), grouped `by`, with what is overdue judged on `today`.
pub fn compute(
    current: &Records,
    last_year: &Records,
    period: Period,
    by: GroupBy,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> Report {
    let part = Part { station: None, current, last_year, calendar };
    report(&[part], &local_names(current, last_year), period, by, today, true)
}

/// The same figures without the records behind them (every `records` empty): what a table, CSV,
/// XLSX and the 统计 tab show, from records the store may have counted already
/// ([`Records::counted`]). The totals are the same as [`compute`]'s, record for record.
pub fn count(
    current: &Records,
    last_year: &Records,
    period: Period,
    by: GroupBy,
    today: NaiveDate,
    calendar: &WorkCalendar,
) -> Report {
    let part = Part { station: None, current, last_year, calendar };
    report(&[part], &local_names(current, last_year), period, by, today, false)
}

/// One station's records as the centre holds them: its code and name, the records of the
/// period and of the same period a year earlier, and the working-day calendar the station
/// judges its clocks on.
#[derive(Debug, Clone, Default)]
pub struct StationRecords {
    pub code: String,
    pub name: String,
    pub current: Records,
    pub last_year: Records,
    pub calendar: WorkCalendar,
}

/// The report over every station (`zhifa --central URL report`): each station's records counted
/// as [`count`] counts a station's own, its clocks judged on its own calendar, into one report.
/// Team, grid and officer codes are the station's own (two stations may both have a team T01):
/// their groups are qualified by the station (`GX/T01`, named `GX 高新中队`); domain, department
/// and month are the county's. [`GroupBy::Station`] groups by station. The records behind the
/// figures are not kept (ids are a station's own): a figure is opened at its station.
pub fn count_stations(
    stations: &[StationRecords],
    period: Period,
    by: GroupBy,
    today: NaiveDate,
) -> Report {
    let mut names = BTreeMap::new();
    for s in stations {
        if by == GroupBy::Station {
            names.insert(s.code.clone(), s.name.clone());
        }
        if matches!(by, GroupBy::Team | GroupBy::Grid | GroupBy::Officer) {
            for (key, name) in s.last_year.names.iter().chain(&s.current.names) {
                names.insert(format!("{}/{key}", s.code), format!("{} {name}", s.code));
            }
        }
    }
    let parts: Vec<Part> = stations
        .iter()
        .map(|s| Part {
            station: Some(&s.code),
            current: &s.current,
            last_year: &s.last_year,
            calendar: &s.calendar,
        })
        .collect();
    report(&parts, &names, period, by, today, false)
}

/// One station's share of a report: its records and calendar, and its code at the centre.
struct Part<'a> {
    station: Option<&'a str>,
    current: &'a Records,
    last_year: &'a Records,
    calendar: &'a WorkCalendar,
}

/// The names of a station's own codes: this period's, else last year's.
fn local_names(current: &Records, last_year: &Records) -> BTreeMap<String, String> {
    let mut names = last_year.names.clone();
    names.extend(current.names.iter().map(|(k, v)| (k.clone(), v.clone())));
    names
}

fn report(
    parts: &[Part],
    names: &BTreeMap<String, String>,
    period: Period,
    by: GroupBy,
    today: NaiveDate,
    keep: bool,
) -> Report {
    let all: Vec<&Records> = parts.iter().flat_map(|p| [p.current, p.last_year]).collect();
    let measures = measures_for(&categories(&all));
    // The two years are counted at once, on two cores (each into its own tally).
    let count_year = |now: bool| {
        let mut t = Tally::new(by, &measures, keep);
        for part in parts {
            t.station = part.station.map(str::to_string);
            let (records, period) =
                if now { (part.current, period) } else { (part.last_year, period.last_year()) };
            tally(&mut t, records, period, today, part.calendar, now);
        }
        t.finish();
        t
    };
    let (now, before) = std::thread::scope(|scope| {
        let before = scope.spawn(|| count_year(false));
        let now = count_year(true);
        (now, before.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let mut keys: Vec<&String> = now.groups.keys().chain(before.groups.keys()).collect();
    keys.sort();
    keys.dedup();
    let group = |key: &str, figures: Option<&Vec<Figure>>, earlier: Option<&Vec<Figure>>| {
        let name = match key {
            UNGROUPED => "（未分）".to_string(),
            _ => names.get(key).cloned().unwrap_or_else(|| key.to_string()),
        };
        Group {
            key: key.to_string(),
            name,
            figures: figures.cloned().unwrap_or_else(|| vec![Figure::default(); measures.len()]),
            last_year: measures
                .iter()
                .enumerate()
                .map(|(i, m)| m.compared.then(|| earlier.map(|e| e[i].clone()).unwrap_or_default()))
                .collect(),
        }
    };
    // Ordered by key (code, badge, month) only: never by any figure, least of all fines (APL art.
    // 74(3)).
    let groups = keys.iter().map(|k| group(k, now.groups.get(*k), before.groups.get(*k))).collect();
    let mut total = group("", Some(&now.total), Some(&before.total));
    total.name = "合计".to_string();
    Report { period, last_year: period.last_year(), by, today, measures, groups, total }
}

/// The complaint categories (domains of the items recorded at intake) the records count, by
/// name: the same on both paths (the store's counted rows name them in their measures).
fn categories(records: &[&Records]) -> Vec<String> {
    let mut found = std::collections::BTreeSet::new();
    for r in records {
        for key in r.tickets.iter().map(|k| category_key(k.domain.as_deref())) {
            found.insert(key);
        }
        for row in &r.counted {
            found.extend(
                row.adds.iter().map(|(k, _)| k).filter(|k| k.starts_with(CATEGORY)).cloned(),
            );
        }
    }
    found
        .into_iter()
        .filter(|k| k != UNCLASSIFIED)
        .filter_map(|k| k.strip_prefix(CATEGORY).map(str::to_string))
        .collect()
}

/// Figures per group and in total, by measure index.
struct Tally {
    by: GroupBy,
    /// Whether each figure keeps the records it counts.
    keep: bool,
    index: FxHashMap<String, usize>,
    /// The station whose records are being counted, at the centre: its team, grid and officer
    /// groups are qualified by it.
    station: Option<String>,
    groups: BTreeMap<String, Vec<Figure>>,
    total: Vec<Figure>,
}

/// What a record can be grouped by.
#[derive(Default)]
struct Dims<'a> {
    team: Option<&'a str>,
    grids: Vec<&'a str>,
    domain: Option<&'a str>,
    department: Option<&'a str>,
    officers: &'a [String],
}

impl Dims<'_> {
    /// The groups the record counts in, for a figure dated `day`.
    fn keys(&self, by: GroupBy, day: NaiveDate, station: Option<&str>) -> Vec<String> {
        let mut keys: Vec<String> = match by {
            GroupBy::Team => self.team.iter().map(|t| t.to_string()).collect(),
            GroupBy::Grid => self.grids.iter().map(|g| g.to_string()).collect(),
            GroupBy::Domain => self.domain.iter().map(|d| d.to_string()).collect(),
            GroupBy::Department => self.department.iter().map(|d| d.to_string()).collect(),
            GroupBy::Officer => self.officers.to_vec(),
            GroupBy::Month => vec![day.format("%Y-%m").to_string()],
            GroupBy::Station => station.iter().map(|s| s.to_string()).collect(),
        };
        keys.retain(|k| !k.trim().is_empty());
        keys.sort();
        keys.dedup();
        if keys.is_empty() {
            keys.push(UNGROUPED.to_string());
        }
        keys
    }
}

impl Tally {
    fn new(by: GroupBy, measures: &[Measure], keep: bool) -> Tally {
        let index = measures.iter().enumerate().map(|(i, m)| (m.key.clone(), i)).collect();
        let total = vec![Figure::default(); measures.len()];
        Tally { by, keep, index, station: None, groups: BTreeMap::new(), total }
    }

    /// The groups a record counts in for a figure dated `day` (worked out once per record).
    fn keys(&self, dims: &Dims, day: NaiveDate) -> Vec<String> {
        let mut keys = dims.keys(self.by, day, self.station.as_deref());
        if let (Some(station), GroupBy::Team | GroupBy::Grid | GroupBy::Officer) =
            (&self.station, self.by)
        {
            for key in keys.iter_mut().filter(|k| k.as_str() != UNGROUPED) {
                *key = format!("{station}/{key}");
            }
        }
        keys
    }

    /// Adds `amount` and the record to the measure `key`, in total and in each of `keys`.
    fn add(&mut self, key: &str, keys: &[String], record: &RecordId, amount: i64) {
        let Some(&i) = self.index.get(key) else { return };
        let width = self.total.len();
        for group in keys {
            if !self.groups.contains_key(group) {
                self.groups.insert(group.clone(), vec![Figure::default(); width]);
            }
            let Some(figures) = self.groups.get_mut(group) else { continue };
            figures[i].value += amount;
            if self.keep {
                figures[i].records.push(record.clone());
            }
        }
        self.total[i].value += amount;
        if self.keep {
            self.total[i].records.push(record.clone());
        }
    }

    /// Adds `amount` to the measure `key` for records counted by the store (no record kept).
    fn add_counted(&mut self, key: &str, keys: &[String], amount: i64) {
        let Some(&i) = self.index.get(key) else { return };
        let width = self.total.len();
        for group in keys {
            let figures =
                self.groups.entry(group.clone()).or_insert_with(|| vec![Figure::default(); width]);
            figures[i].value += amount;
        }
        self.total[i].value += amount;
    }

    fn count(&mut self, key: &str, keys: &[String], record: &RecordId) {
        self.add(key, keys, record, 1);
    }

    /// Each rate from its numerator and denominators, once everything is counted.
    fn finish(&mut self) {
        let index = self.index.clone();
        let finish_one = |figures: &mut Vec<Figure>| {
            for (rate, numerator, denominators) in RATES {
                let (Some(&r), Some(&n)) = (index.get(rate), index.get(numerator)) else {
                    continue;
                };
                let mut of = 0;
                let mut records = Vec::new();
                for d in denominators.iter().filter_map(|d| index.get(*d)) {
                    of += figures[*d].value;
                    records.extend(figures[*d].records.iter().cloned());
                }
                records.sort();
                records.dedup();
                figures[r] = Figure { value: figures[n].value, of: Some(of), records };
            }
        };
        finish_one(&mut self.total);
        self.groups.values_mut().for_each(finish_one);
    }
}

/// Counts `records` into `t` (rates are worked out by [`Tally::finish`], once every station's
/// records are in).
fn tally(
    t: &mut Tally,
    records: &Records,
    period: Period,
    today: NaiveDate,
    calendar: &WorkCalendar,
    now: bool,
) {
    for row in records.counted.iter().filter(|r| period.contains(r.day)) {
        let dims = Dims {
            team: row.team.as_deref(),
            grids: row.grids.iter().map(String::as_str).collect(),
            officers: &row.officers,
            domain: row.domain.as_deref(),
            department: row.department.as_deref(),
        };
        let keys = t.keys(&dims, row.day);
        for (measure, amount) in &row.adds {
            t.add_counted(measure, &keys, *amount);
        }
    }
    patrols(t, records, period, today);
    tickets(t, records, period, today);
    for case in &records.cases {
        cases(t, case, period, today, calendar, now);
    }
    officers(t, records, period.to.min(today));
}

fn patrols(t: &mut Tally, records: &Records, period: Period, today: NaiveDate) {
    for p in records.patrols.iter().filter(|p| period.contains(p.planned_on)) {
        let dims = Dims {
            team: Some(&p.team),
            grids: p.grids.iter().map(String::as_str).collect(),
            officers: &p.officers,
            ..Dims::default()
        };
        let id = RecordId::Patrol(p.id);
        let keys = &t.keys(&dims, p.planned_on);
        t.count("patrols_planned", keys, &id);
        if matches!(p.status, PatrolStatus::Finished | PatrolStatus::SignedOff) {
            t.count("patrols_done", keys, &id);
        }
        if p.status == PatrolStatus::SignedOff {
            t.count("patrols_signed_off", keys, &id);
        }
        for f in &p.findings {
            let dims =
                Dims { grids: f.grid.iter().map(String::as_str).collect(), ..dims_of(&dims) };
            let id = RecordId::Finding(p.id, f.seq);
            let keys = &t.keys(&dims, p.planned_on);
            t.count("findings", keys, &id);
            t.count(&format!("finding_{}", f.action), keys, &id);
        }
    }
    for r in records.reinspections.iter().filter(|r| period.contains(r.due)) {
        let dims = Dims {
            team: Some(&r.team),
            grids: r.grid.iter().map(String::as_str).collect(),
            ..Dims::default()
        };
        let id = RecordId::Finding(r.patrol, r.seq);
        let keys = &t.keys(&dims, r.due);
        t.count("reinspections_due", keys, &id);
        if r.done {
            t.count("reinspections_done", keys, &id);
        } else if r.due < today {
            t.count("reinspections_overdue", keys, &id);
        }
    }
}

/// The same dimensions, borrowed again (a finding keeps its patrol's team and officers).
fn dims_of<'a>(d: &Dims<'a>) -> Dims<'a> {
    Dims {
        team: d.team,
        grids: d.grids.clone(),
        domain: d.domain,
        department: d.department,
        officers: d.officers,
    }
}

fn tickets(t: &mut Tally, records: &Records, period: Period, today: NaiveDate) {
    for k in records.tickets.iter().filter(|k| period.contains(k.received_on)) {
        // A complaint counts in its item's domain and department of origin, as a case does in
        // its first item's.
        let dims = Dims {
            team: k.team.as_deref(),
            domain: k.domain.as_deref(),
            department: k.department.as_deref(),
            ..Dims::default()
        };
        let (id, day) = (RecordId::Ticket(k.id), k.received_on);
        let keys = &t.keys(&dims, day);
        t.count("tickets_received", keys, &id);
        t.count(&format!("channel_{}", k.channel.key()), keys, &id);
        t.count(&category_key(k.domain.as_deref()), keys, &id);
        // Due for an answer: answered, or its reply date passed (a ticket of yesterday not yet
        // due does not lower the rate).
        if k.replied_on.is_some() || k.reply_due.is_some_and(|due| due < today) {
            t.count("tickets_due", keys, &id);
        }
        if let Some(replied) = k.replied_on {
            t.count("tickets_replied", keys, &id);
            if k.reply_due.is_some_and(|due| replied <= due) {
                t.count("tickets_in_time", keys, &id);
            }
        }
        if k.transferred {
            t.count("tickets_transferred", keys, &id);
        }
        if k.repeat {
            t.count("tickets_repeats", keys, &id);
        }
        if let Some(satisfied) = k.callback {
            t.count("tickets_callbacks", keys, &id);
            if satisfied {
                t.count("tickets_satisfied", keys, &id);
            }
        }
    }
}

fn cases(
    t: &mut Tally,
    c: &CaseFacts,
    period: Period,
    today: NaiveDate,
    cal: &WorkCalendar,
    now: bool,
) {
    let dims = Dims {
        team: Some(&c.team),
        grids: c.grid.iter().map(String::as_str).collect(),
        domain: c.domain.as_deref(),
        department: c.department.as_deref(),
        officers: &c.state.investigators,
    };
    let (id, s) = (RecordId::Case(c.id), &c.state);
    if period.contains(s.lead_on) {
        let keys = &t.keys(&dims, s.lead_on);
        t.count("cases_opened", keys, &id);
        t.count(&format!("source_{}", c.source.key()), keys, &id);
        let procedure = if s.simple { "procedure_simple" } else { "procedure_ordinary" };
        t.count(procedure, keys, &id);
        t.count(&format!("stage_{}", s.stage.key()), keys, &id);
    }
    if let Some(decided) = s.decided_on.filter(|d| period.contains(*d)) {
        let keys = t.keys(&dims, decided);
        decision(t, s, &keys, &id);
        clocks(t, s, &keys, decided, &id, cal);
    }
    if now && s.stage.is_open() {
        let keys = t.keys(&dims, today);
        overdue(t, s, &keys, today, &id, cal);
    }
}

/// A decision counts once, under its heaviest kind of penalty, as the official annual tables
/// count them; by the day it was made. Heaviest by the order of APL art. 9: 警告 (1) before
/// 罚款、没收违法所得、没收非法财物 (2), and within (2) in the order the article lists them, so a
/// confiscation over a fine over a warning. The amounts are summed whatever the kind counted:
/// every fine in 罚款金额, every confiscated gain in 没收违法所得.
fn decision(t: &mut Tally, s: &Case, keys: &[String], id: &RecordId) {
    if let Some(ground) = s.no_penalty {
        t.count("decided_no_penalty", keys, id);
        t.count(&format!("ground_{}", ground.key()), keys, id);
        return;
    }
    let Some(penalty) = &s.penalty else { return };
    t.count("decided_penalty", keys, id);
    let confiscation = &penalty.confiscation;
    if !confiscation.is_empty() {
        t.count("decided_confiscation", keys, id);
    } else if penalty.fine.is_some() {
        t.count("decided_fine", keys, id);
    } else {
        t.count("decided_warning", keys, id);
    }
    if let Some(fine) = penalty.fine {
        t.add("fines_imposed", keys, id, fine);
        if collected(s) {
            t.add("fines_collected", keys, id, fine);
        }
    }
    if let Some(gains) = confiscation.gains {
        t.add("confiscated_gains", keys, id, gains);
        // Paid in, recorded apart from the fine (`Step::CollectGains`, APL art. 74(1)).
        if s.execution.gains_collected_on.is_some() {
            t.add("gains_collected", keys, id, gains);
        }
    }
    if !confiscation.property.trim().is_empty() {
        t.count("confiscated_property", keys, id);
    }
}

/// Whether the fine was paid or enforced: collected on the spot, or the case went on to
/// 执行完毕 (APL arts. 67–69; 行政强制法 art. 53).
fn collected(s: &Case) -> bool {
    s.execution.collected_on.is_some()
        || matches!(
            s.stage,
            Stage::Executed | Stage::ClosingReview | Stage::Closed | Stage::Archived
        )
}

/// The decision within 90 days of filing or its lawful extension (APL art. 60), and its service
/// within 7 working days (art. 61); the simple procedure decides and serves on the spot.
fn clocks(
    t: &mut Tally,
    s: &Case,
    keys: &[String],
    day: NaiveDate,
    id: &RecordId,
    cal: &WorkCalendar,
) {
    if s.simple {
        return;
    }
    let mut judge = |done: NaiveDate, due, on_time: &str, late: &str, days: Option<&str>| match due
    {
        Ok(due) if done <= due => t.count(on_time, keys, id),
        Ok(due) => {
            t.count(late, keys, id);
            if let Some(days) = days {
                t.add(days, keys, id, (done - due).num_days());
            }
        }
        Err(_) => t.count("clock_uncounted", keys, id),
    };
    if let Some(filed) = s.filed_on {
        let due = due_date(&DeadlineKind::Decision.rule(), filed, &s.decision_adjustments, cal);
        judge(day, due, "decided_on_time", "decided_late", Some("decided_days_late"));
    }
    if let Some(served) = s.served_on {
        let due = due_date(&DeadlineKind::Service.rule(), day, &[], cal);
        judge(served, due, "served_on_time", "served_late", None);
    }
}

/// An open case with a clock that makes it late passed: counted with its longest delay.
fn overdue(
    t: &mut Tally,
    s: &Case,
    keys: &[String],
    today: NaiveDate,
    id: &RecordId,
    cal: &WorkCalendar,
) {
    let late = open_deadlines(s, cal)
        .into_iter()
        .filter(|(kind, _)| kind.makes_late())
        .filter_map(|(_, due)| due.ok())
        .filter(|due| *due < today)
        .map(|due| (today - due).num_days())
        .max();
    if let Some(days) = late {
        t.count("overdue_now", keys, id);
        t.add("overdue_days", keys, id, days);
    }
}

/// Enforcement officers (执法人员 and 中队长, who need a certificate) and those whose certificate
/// is valid on `day`.
fn officers(t: &mut Tally, records: &Records, day: NaiveDate) {
    for o in records.officers.iter().filter(|o| o.active) {
        if !matches!(o.role, Role::Officer | Role::TeamLeader) {
            continue;
        }
        let badge = std::slice::from_ref(&o.badge);
        let dims = Dims { team: o.team.as_deref(), officers: badge, ..Dims::default() };
        let id = RecordId::Officer(o.badge.clone());
        let keys = &t.keys(&dims, day);
        t.count("officers", keys, &id);
        if o.cert_expiry.is_some_and(|expiry| expiry >= day) {
            t.count("certified", keys, &id);
        }
    }
}
