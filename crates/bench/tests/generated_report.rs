//! On a generated history (`Store::generate_history`, small scale): the report's totals are what
//! the lists count, record for record.

use chrono::{DateTime, Days, NaiveDate, Utc};
use std::collections::BTreeSet;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::Role;
use zhifa_core::domain::patrol::PatrolStatus;
use zhifa_core::report::*;
use zhifa_store::password::FAST_FOR_TESTS;
use zhifa_store::{HistoryPlan, Store};

fn now() -> DateTime<Utc> {
    "2026-11-24T02:30:00Z".parse().unwrap_or_else(|e| panic!("now: {e}"))
}

fn generated() -> Store {
    generated_into(Store::open_in_memory().unwrap_or_else(|e| panic!("store: {e}")))
}

/// The same history in a file: reports there read this year and last year on two connections
/// at once (`Store::read_snapshot_pair`, `Store::read_snapshot_shared`), in memory one after the
/// other.
fn generated_on_file(dir: &tempfile::TempDir) -> Store {
    let path = dir.path().join("generated.db");
    generated_into(Store::open(&path).unwrap_or_else(|e| panic!("store: {e}")))
}

fn generated_into(mut store: Store) -> Store {
    let plan = HistoryPlan { scale: 0.0008, seed: 11, years: 2 };
    store.set_password_cost(FAST_FOR_TESTS);
    let actor = Actor::new("system:test", "test", 1);
    let today = zhifa_core::clock::china_date(now());
    let first = today.checked_sub_days(Days::new(u64::from(plan.years) * 365)).unwrap_or(today);
    let seeded_at = now() - chrono::Duration::days(i64::from(plan.years) * 365 + 1);
    zhifa_app::demo::seed_demo_editions(&mut store, &actor, seeded_at, first).expect("catalog");
    zhifa_app::demo::seed_demo_officers(&mut store, &actor, seeded_at).expect("officers");
    zhifa_bench::county::seed_county(&mut store, &actor, seeded_at).expect("county");
    let password = zhifa_bench::county::demo_password("QJ0001").expect("demo admin");
    let admin =
        store.authenticate(&Actor::new("os:test", "test", 1), seeded_at, "QJ0001", &password);
    let admin = admin.expect("admin");
    store.generate_history(&admin, &plan, now()).unwrap_or_else(|e| panic!("history: {e}"));
    store
}

/// What the generator leaves out, added by the store's own paths to tickets of the last year:
/// callbacks (satisfied, and unsatisfied then answered again and satisfied: the last counts),
/// transfers and repeats.
fn with_ticket_work(store: &mut Store) {
    let password = zhifa_bench::county::demo_password("QJ1001").expect("demo officer");
    let officer = store.authenticate(&Actor::new("os:test", "test", 1), now(), "QJ1001", &password);
    let officer = &officer.expect("officer");
    let year = Period { from: d("2025-11-24"), to: zhifa_core::clock::china_date(now()) };
    let tickets: Vec<_> = store
        .tickets()
        .expect("tickets")
        .into_iter()
        .filter(|t| year.contains(t.incoming.received_at.date()))
        .collect();
    let replied: Vec<i64> =
        tickets.iter().filter(|t| t.status.key() == "replied").map(|t| t.id).collect();
    assert!(replied.len() >= 9, "{} replied", replied.len());
    let at = now();
    // A walk-in of the last day (numbered by the store), transferred.
    let mut incoming = tickets[0].incoming.clone();
    incoming.number = String::new();
    incoming.channel = zhifa_core::domain::ticket::Channel::WalkIn;
    incoming.received_at = at.naive_utc();
    let walk_in = store.take_in_ticket(officer, at, &incoming, None, None, None).expect("take in");
    for (n, id) in replied.iter().take(6).enumerate() {
        let satisfied = n % 3 != 0;
        store.callback_ticket(officer, at, *id, satisfied, "回访").expect("callback");
        if n == 3 {
            store.reply_ticket(officer, at, *id, "再次答复").expect("reply again");
            store.callback_ticket(officer, at, *id, true, "再次回访").expect("callback again");
        }
    }
    store.transfer_ticket(officer, at, walk_in.id, "市场监管局", "不属本局职责").expect("transfer");
    store.link_ticket(officer, at, replied[7], replied[8]).expect("link");
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
    let today = zhifa_core::clock::china_date(now());
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
    // By category: each ticket once, under the domain of the item recorded at intake, the
    // generated ones mostly classified.
    let mut by_domain = std::collections::BTreeMap::<String, BTreeSet<String>>::new();
    for t in &tickets {
        let domain = t.item.as_ref().map(|i| i.domain.as_str());
        by_domain.entry(category_key(domain)).or_default().insert(format!("ticket:{}", t.id));
    }
    let categories: Vec<&Measure> =
        report.measures.iter().filter(|m| m.key.starts_with("category_")).collect();
    assert!(categories.len() > 2, "several domains and 未归类: {categories:?}");
    for m in &categories {
        let expected = by_domain.remove(&m.key).unwrap_or_default();
        assert_eq!(ids(figure(&report, &m.key)), expected, "{}", m.key);
    }
    assert!(by_domain.is_empty(), "every category has its measure: {by_domain:?}");
    let unclassified = figure(&report, UNCLASSIFIED).value;
    assert!(unclassified > 0 && unclassified * 3 < tickets.len() as i64, "{unclassified}");

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

    let overdue = zhifa_app::worklist::open_case_lines(&store, today).expect("open cases");
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
    let today = zhifa_core::clock::china_date(now());
    let period = Period { from: d("2026-06-01"), to: d("2026-08-31") };
    let report = report(&store, period, GroupBy::Month, today);
    let earlier = compute(
        &store.report_records(period.last_year(), false).expect("records"),
        &Records::default(),
        period.last_year(),
        GroupBy::Month,
        today,
        &store.work_calendar().expect("calendar"),
    );
    // By key: a complaint category met only this year has no measure in last year's own report
    // (nothing to count there), and shifts the ones after it.
    for (i, m) in report.measures.iter().enumerate().filter(|(_, m)| m.compared) {
        let own = earlier.total_of(&m.key).cloned().unwrap_or_default();
        assert_eq!(report.total.last_year[i].as_ref(), Some(&own), "{}", m.key);
    }
    assert!(report.groups.iter().any(|g| g.key == "2025-07"), "last year's months are shown");
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// A report with every `records` emptied: what the fast path must show.
fn without_records(mut report: Report) -> Report {
    let strip = |g: &mut Group| {
        g.figures.iter_mut().for_each(|f| f.records.clear());
        g.last_year.iter_mut().flatten().for_each(|f| f.records.clear());
    };
    report.groups.iter_mut().for_each(strip);
    strip(&mut report.total);
    report
}

#[test]
fn the_counted_figures_are_the_listed_figures_for_every_grouping() {
    // The fast path (SQLite counts, no ids) against the records it would list: every figure of
    // every group, this period and last year's, for each grouping, on a year and on a month
    // that does not start on the first (the counted rows' days must stay inside the period).
    // On a file, so both the listed and the counted reports read their two years side by side.
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = generated_on_file(&dir);
    with_ticket_work(&mut store);
    let today = zhifa_core::clock::china_date(now());
    let year = Period { from: d("2025-11-24"), to: today };
    let month = Period { from: d("2026-09-15"), to: d("2026-10-14") };
    for period in [year, month] {
        for by in GroupBy::ALL {
            let listed = without_records(report(&store, period, by, today));
            let counted = store.report_figures(period, by, today).expect("figures");
            assert!(
                counted.total.figures.iter().all(|f| f.records.is_empty()),
                "the fast path keeps no ids"
            );
            assert_eq!(
                counted.groups.iter().map(|g| &g.key).collect::<Vec<_>>(),
                listed.groups.iter().map(|g| &g.key).collect::<Vec<_>>(),
                "{period} by {by:?}: the same groups in the same (code) order"
            );
            for (c, l) in counted
                .groups
                .iter()
                .chain([&counted.total])
                .zip(listed.groups.iter().chain([&listed.total]))
            {
                for (i, m) in counted.measures.iter().enumerate() {
                    assert_eq!(
                        (&c.figures[i], &c.last_year[i]),
                        (&l.figures[i], &l.last_year[i]),
                        "{period} by {by:?}, group {:?}, {}",
                        c.key,
                        m.key
                    );
                }
            }
            assert_eq!(counted, listed, "{period} by {by:?}");
            if period == year && by == GroupBy::Department {
                // Complaints count under their item's department of origin, not all under —.
                let i = counted.measure("tickets_received").expect("measure");
                let placed = counted.groups.iter().filter(|g| g.key != "—");
                assert!(
                    placed.map(|g| g.figures[i].value).sum::<i64>() > 0,
                    "complaints grouped by department: {:?}",
                    counted.groups.iter().map(|g| &g.key).collect::<Vec<_>>()
                );
            }
            if period == year && by == GroupBy::Team {
                // The comparison means something only where there is something to count.
                for key in [
                    "patrols_done",
                    "findings",
                    "finding_order",
                    "reinspections_done",
                    "tickets_replied",
                    "tickets_in_time",
                    "tickets_callbacks",
                    "tickets_satisfied",
                    "tickets_transferred",
                    "tickets_repeats",
                    "category_unclassified",
                    "decided_fine",
                    "decided_on_time",
                ] {
                    let value = counted.total_of(key).map_or(0, |f| f.value);
                    assert!(value > 0, "{key}: nothing counted on the generated year");
                }
            }
        }
    }
}

#[test]
fn a_figure_opened_lists_the_records_the_full_report_lists() {
    // Enter on the 统计 tab reads one figure's records (its table's records only): the same as
    // the report with every record, figure by figure.
    let mut store = generated();
    with_ticket_work(&mut store);
    let today = zhifa_core::clock::china_date(now());
    let period = Period { from: d("2025-11-24"), to: today };
    let full = report(&store, period, GroupBy::Grid, today);
    for (i, m) in full.measures.iter().enumerate() {
        let opened = store.report_figure(period, GroupBy::Grid, today, &m.key).expect("figure");
        assert_eq!(opened, full.total.figures[i], "{}", m.key);
    }
    let unknown = store.report_figure(period, GroupBy::Grid, today, "no_such_figure");
    assert_eq!(unknown.expect("no error"), Figure::default());
}
