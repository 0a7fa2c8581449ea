//! A small history, generated and read back through the store's own reads: the counts follow the
//! scale, the chain verifies, every case's state is what its steps give, and the lists of open
//! work agree with the full scans they replace.

use chrono::{DateTime, Days, Utc};
use zhifa_app::worklist::{case_lines, open_case_lines};
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::case::{apply, Authority, Case, Judge, Stage};
use zhifa_core::domain::version::in_force_on;
use zhifa_store::password::FAST_FOR_TESTS;
use zhifa_store::{HistoryPlan, Identity, Store, StoreError, VerifyOptions};

fn now() -> DateTime<Utc> {
    // 10:30 in China: the morning's patrols are out, the afternoon's planned.
    "2026-11-24T02:30:00Z".parse().unwrap_or_else(|e| panic!("now: {e}"))
}

/// A county as `zhifa bench casework` seeds it, with `plan`'s history.
fn generated(plan: HistoryPlan) -> Store {
    let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("store: {e}"));
    store.set_password_cost(FAST_FOR_TESTS);
    let actor = Actor::new("system:test", "test", 1);
    let today = zhifa_core::clock::china_date(now());
    let first = today.checked_sub_days(Days::new(u64::from(plan.years) * 365)).unwrap_or(today);
    let seeded_at = now() - chrono::Duration::days(i64::from(plan.years) * 365 + 1);
    zhifa_app::demo::seed_demo_editions(&mut store, &actor, seeded_at, first).expect("catalog");
    zhifa_app::demo::seed_demo_officers(&mut store, &actor, seeded_at).expect("officers");
    zhifa_bench::county::seed_county(&mut store, &actor, seeded_at).expect("county");
    let admin = admin(&mut store, seeded_at);
    store.generate_history(&admin, &plan, now()).unwrap_or_else(|e| panic!("history: {e}"));
    store
}

fn admin(store: &mut Store, at: DateTime<Utc>) -> Identity {
    let password = zhifa_bench::county::demo_password("QJ0001").expect("demo admin");
    let actor = Actor::new("os:test", "test", 1);
    store.authenticate(&actor, at, "QJ0001", &password).expect("admin")
}

fn rows(store: &Store, table: &str) -> i64 {
    let counts = store.table_rows().expect("rows");
    counts.iter().find(|(t, _)| *t == table).map_or(0, |(_, n)| *n)
}

#[test]
fn ten_years_at_a_small_scale_read_back_as_the_store_wrote_them() {
    let store = generated(HistoryPlan { scale: 0.0005, seed: 7, years: 10 });
    assert_eq!(rows(&store, "teams"), 12);
    // Patrols are all planned the day before, so the day's count is exact.
    assert_eq!(rows(&store, "patrols"), 500);
    let findings = rows(&store, "patrol_findings");
    assert!((1250..=1750).contains(&findings), "about three per patrol: {findings}");
    let tickets = rows(&store, "tickets");
    assert!((245..=250).contains(&tickets), "today's later ones not yet in: {tickets}");
    let cases = rows(&store, "cases");
    assert!((95..=100).contains(&cases), "{cases}");
    let chain = store.verify_chain().expect("chain");
    assert_eq!((chain.first_break, chain.events), (None, rows(&store, "events")));
    // The generated history is what the events alone give, row for row.
    let verified = store.verify(&VerifyOptions::default()).expect("verify");
    assert_eq!(verified.problems, vec![], "the replay agrees with every table");
    assert_eq!(verified.rows_checked.get("case_steps").copied(), Some(rows(&store, "case_steps")));
    every_case_replays_and_cites_the_version_then_in_force(&store);
    let patrols = store.patrols(None, None).expect("patrols");
    let signed = patrols.iter().filter(|p| p.status.key() == "signed_off").count();
    assert!(signed * 10 >= patrols.len() * 9, "nearly all signed off: {signed}");
}

fn every_case_replays_and_cites_the_version_then_in_force(store: &Store) {
    let calendar = store.work_calendar().expect("calendar");
    let versions = store.catalog_versions().expect("versions");
    let all = store.cases().expect("cases");
    assert!(all.iter().any(|c| c.state.stage == Stage::Archived), "old cases end in the archive");
    for head in all {
        let case = store.case(head.id).expect("case").expect("there");
        let start = Case {
            serious: case.state.serious,
            legal_review_required: case.state.legal_review_required,
            ..Case::lead(case.state.act_on, case.state.lead_on)
        };
        let replayed = case.steps.iter().fold(start, |state, step| {
            let role = store.officer(&step.actor).expect("officer").expect("known").role;
            let today = step.at.get(..10).and_then(|d| d.parse().ok()).expect("step day");
            let authority = Authority::default();
            let judge = Judge { role, today, calendar: &calendar, authority: &authority };
            apply(&state, &step.step, &judge).unwrap_or_else(|e| panic!("case {}: {e}", case.id))
        });
        assert_eq!(replayed, case.state, "case {}", case.id);
        let in_force =
            in_force_on(&versions, case.state.act_on).map(|i| &versions[i]).expect("version");
        for cited in &case.items {
            assert_eq!(cited.version, in_force.label, "case {}", case.id);
            let item =
                store.catalog_item(in_force.id, &cited.item.code).expect("item").expect("there");
            assert_eq!(cited.item, item);
        }
        assert_eq!(case.number.is_some(), case.state.filed_on.is_some(), "case {}", case.id);
    }
}

#[test]
fn a_busy_last_year_leaves_open_work_and_the_open_lists_match_the_full_scans() {
    let store = generated(HistoryPlan { scale: 0.003, seed: 12, years: 1 });
    let today = zhifa_core::clock::china_date(now());
    let open = open_case_lines(&store, today).expect("open");
    let all = case_lines(&store, today).expect("all");
    let ids = |lines: &[zhifa_app::worklist::CaseLine],
               keep: &dyn Fn(&zhifa_app::worklist::CaseLine) -> bool| {
        lines.iter().filter(|l| keep(l)).map(|l| l.case.id).collect::<Vec<_>>()
    };
    let overdue = ids(&open, &|l| l.is_overdue());
    assert!(!overdue.is_empty(), "some cases overdue");
    assert_eq!(overdue, ids(&all, &|l| l.is_overdue()));
    assert_eq!(ids(&open, &|l| l.due_within(3)), ids(&all, &|l| l.due_within(3)));
    assert_eq!(ids(&open, &|_| true), ids(&all, &|l| l.case.state.stage.is_open()));
    assert!(open.len() * 4 < all.len(), "few open: {} of {}", open.len(), all.len());
    let since = today.checked_sub_days(Days::new(7)).unwrap_or(today);
    let work = store.work_tickets(since).expect("work tickets");
    let expected: Vec<i64> = store
        .tickets()
        .expect("tickets")
        .into_iter()
        .filter(|t| t.status.awaits_reply() || t.incoming.received_at.date() >= since)
        .map(|t| t.id)
        .collect();
    assert_eq!(work.iter().map(|t| t.id).collect::<Vec<_>>(), expected);
    assert!(work.iter().any(|t| t.is_overdue(today)), "a ticket or two overdue");
    let patrols = store.patrols(None, Some(today)).expect("today");
    let scanned: Vec<i64> = store
        .patrols(None, None)
        .expect("patrols")
        .into_iter()
        .filter(|p| p.planned_start.date() == today)
        .map(|p| p.id)
        .collect();
    assert_eq!(patrols.iter().map(|p| p.id).collect::<Vec<_>>(), scanned);
    assert!(patrols.iter().any(|p| p.status.key() == "underway"), "the morning's patrols are out");
    // Orders to correct are re-inspected by the team's next finding once due: those left are
    // the ones due about now, not a year of them.
    let soon = today.checked_add_days(Days::new(3)).unwrap_or(today);
    let due = store.reinspections(None, soon).expect("re-inspections");
    let week_ago = today.checked_sub_days(Days::new(7)).unwrap_or(today);
    assert!(!due.is_empty() && due.iter().all(|r| r.due >= week_ago), "{due:?}");
    let reinspected = patrols
        .iter()
        .chain(store.patrols(None, None).expect("all").iter().take(200))
        .flat_map(|p| store.findings(p.id).expect("findings"))
        .filter(|f| f.reinspects.is_some())
        .count();
    assert!(reinspected > 0, "re-inspection findings name their orders");
}

#[test]
fn only_an_admin_generates_and_only_where_there_is_no_work_yet() {
    let mut store = generated(HistoryPlan { scale: 0.0001, seed: 3, years: 1 });
    let last = store.events(rows(&store, "events") - 1, 1).expect("events");
    assert_eq!(last.first().map(|e| e.kind.as_str()), Some("history.generate"));
    let admin = admin(&mut store, now());
    let again = store.generate_history(&admin, &HistoryPlan::default(), now());
    assert!(matches!(again, Err(StoreError::HoldsWork(_))), "{again:?}");
    let password = zhifa_bench::county::demo_password("QJ70301").expect("county officer");
    let actor = Actor::new("os:test", "test", 1);
    let officer = store.authenticate(&actor, now(), "QJ70301", &password).expect("officer");
    let refused = store.generate_history(&officer, &HistoryPlan::default(), now());
    assert!(matches!(refused, Err(StoreError::Access(_))), "{refused:?}");
}
