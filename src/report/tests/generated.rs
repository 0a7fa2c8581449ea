//! On a generated history (`Store::generate_history`, small scale): the report's totals are what
//! the lists count, record for record.

use super::super::*;
use crate::domain::actor::Actor;
use crate::domain::officer::Role;
use crate::domain::patrol::PatrolStatus;
use crate::store::password::FAST_FOR_TESTS;
use crate::store::{HistoryPlan, Store};
use chrono::{DateTime, Days, NaiveDate, Utc};
use std::collections::BTreeSet;

fn now() -> DateTime<Utc> {
    "2026-11-24T02:30:00Z".parse().unwrap_or_else(|e| panic!("now: {e}"))
}

fn generated() -> Store {
    let plan = HistoryPlan { scale: 0.0008, seed: 11, years: 2 };
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("store: {e}"));
    store.set_password_cost(FAST_FOR_TESTS);
    let actor = Actor::new("system:test", "test", 1);
    let today = crate::clock::china_date(now());
    let first = today.checked_sub_days(Days::new(u64::from(plan.years) * 365)).unwrap_or(today);
    let seeded_at = now() - chrono::Duration::days(i64::from(plan.years) * 365 + 1);
    crate::demo::seed_demo_editions(&mut store, &actor, seeded_at, first).expect("catalog");
    crate::demo::seed_demo_officers(&mut store, &actor, seeded_at).expect("officers");
    crate::demo::county::seed_county(&mut store, &actor, seeded_at).expect("county");
    let password = crate::demo::county::demo_password("QJ0001").expect("demo admin");
    let admin =
        store.authenticate(&Actor::new("os:test", "test", 1), seeded_at, "QJ0001", &password);
    let admin = admin.expect("admin");
    store.generate_history(&admin, &plan, now()).unwrap_or_else(|e| panic!("history: {e}"));
    store
}

fn ids(figure: &Figure) -> BTreeSet<String> {
    figure.records.iter().map(ToString::to_string).collect()
}

fn figure<'a>(report: &'a Report, key: &str) -> &'a Figure {
    report.total_of(key).unwrap_or_else(|| panic!("no measure {key}"))
}

fn report(store: &Store, period: Period, by: GroupBy, today: NaiveDate) -> Report {
    let current = store.report_records(period, true).expect("records");
    let before = store.report_records(period.last_year(), false).expect("last year");
    compute(&current, &before, period, by, today, &store.work_calendar().expect("calendar"))
}

#[test]
fn a_years_totals_are_what_the_lists_count() {
    let store = generated();
    let today = crate::clock::china_date(now());
    let period = Period { from: d("2025-11-24"), to: today };
    let report = report(&store, period, GroupBy::Team, today);

    let patrols: Vec<_> = store
        .patrols(None, None)
        .expect("patrols")
        .into_iter()
        .filter(|p| period.contains(p.planned_start.date()))
        .collect();
    assert!(patrols.len() > 100, "a year of patrols: {}", patrols.len());
    let set = |it: &mut dyn Iterator<Item = String>| it.collect::<BTreeSet<_>>();
    assert_eq!(
        ids(figure(&report, "patrols_planned")),
        set(&mut patrols.iter().map(|p| format!("patrol:{}", p.id)))
    );
    let signed = patrols.iter().filter(|p| p.status == PatrolStatus::SignedOff);
    assert_eq!(
        ids(figure(&report, "patrols_signed_off")),
        set(&mut signed.map(|p| format!("patrol:{}", p.id)))
    );
    let mut findings = 0;
    for p in &patrols {
        findings += store.findings(p.id).expect("findings").len() as i64;
    }
    assert_eq!(figure(&report, "findings").value, findings);

    let tickets: Vec<_> = store
        .tickets()
        .expect("tickets")
        .into_iter()
        .filter(|t| period.contains(t.incoming.received_at.date()))
        .collect();
    assert!(!tickets.is_empty());
    assert_eq!(
        ids(figure(&report, "tickets_received")),
        set(&mut tickets.iter().map(|t| format!("ticket:{}", t.id)))
    );
    let hotline = tickets.iter().filter(|t| t.incoming.channel.key() == "hotline").count() as i64;
    assert_eq!(figure(&report, "channel_hotline").value, hotline);
    let repeats = tickets.iter().filter(|t| t.duplicate_of.is_some()).count() as i64;
    assert_eq!(figure(&report, "tickets_repeats").value, repeats);

    let cases = store.cases().expect("cases");
    let opened = cases.iter().filter(|c| period.contains(c.state.lead_on));
    assert_eq!(
        ids(figure(&report, "cases_opened")),
        set(&mut opened.map(|c| format!("case:{}", c.id)))
    );
    let decided: Vec<_> = cases
        .iter()
        .filter(|c| c.state.decided_on.is_some_and(|d| period.contains(d)))
        .filter(|c| c.state.no_penalty.is_none() && c.state.penalty.is_some())
        .collect();
    assert!(!decided.is_empty(), "some decisions in a year");
    assert_eq!(figure(&report, "decided_penalty").value, decided.len() as i64);
    let fined: i64 = decided.iter().filter_map(|c| c.state.penalty.as_ref()?.fine).sum();
    assert_eq!(figure(&report, "fines_imposed").value, fined);
    let by_kind = figure(&report, "decided_fine").value + figure(&report, "decided_warning").value;
    assert_eq!(by_kind, decided.len() as i64, "each decision once, under one kind");

    let overdue = crate::worklist::open_case_lines(&store, today).expect("open cases");
    let overdue = overdue.iter().filter(|l| l.is_overdue()).map(|l| format!("case:{}", l.case.id));
    assert_eq!(ids(figure(&report, "overdue_now")), set(&mut overdue.into_iter()));

    let officers = store.officers().expect("officers");
    let enforcing =
        officers.iter().filter(|o| o.active && matches!(o.role, Role::Officer | Role::TeamLeader));
    assert_eq!(figure(&report, "officers").value, enforcing.count() as i64);

    // The groups add up to the total where each record has one team.
    for key in ["patrols_planned", "tickets_received", "cases_opened", "fines_imposed"] {
        let i = report.measure(key).expect("measure");
        let sum: i64 = report.groups.iter().map(|g| g.figures[i].value).sum();
        assert_eq!(sum, report.total.figures[i].value, "{key}: groups add up");
    }
}

#[test]
fn last_years_figures_are_that_periods_own_report() {
    let store = generated();
    let today = crate::clock::china_date(now());
    let period = Period { from: d("2026-06-01"), to: d("2026-08-31") };
    let report = report(&store, period, GroupBy::Month, today);
    let earlier = super::super::compute(
        &store.report_records(period.last_year(), false).expect("records"),
        &Records::default(),
        period.last_year(),
        GroupBy::Month,
        today,
        &store.work_calendar().expect("calendar"),
    );
    for (i, m) in report.measures.iter().enumerate().filter(|(_, m)| m.compared) {
        assert_eq!(
            report.total.last_year[i].as_ref(),
            Some(&earlier.total.figures[i]),
            "{}",
            m.key
        );
    }
    assert!(report.groups.iter().any(|g| g.key == "2025-07"), "last year's months are shown");
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}
