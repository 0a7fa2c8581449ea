//! `update` on built app states: quit, help, tabs, key contexts, versions, scrolling bounds.

use super::*;
use crate::fixtures::{demo_app, demo_loaded};

#[test]
fn quit_sets_the_flag() {
    let mut app = demo_app();
    assert_eq!(update(&mut app, Action::Quit), None);
    assert!(app.quit);
}

#[test]
fn help_toggles_scrolls_and_closes() {
    let mut app = demo_app();
    update(&mut app, Action::ToggleHelp);
    assert_eq!(app.overlay, Overlay::Help(0));
    assert_eq!(app.key_contexts()[0], Context::Help);
    update(&mut app, Action::Down);
    assert_eq!(app.overlay, Overlay::Help(1));
    assert_eq!(app.catalog.selected, 0, "keys go to the help, not the list");
    update(&mut app, Action::ToggleHelp);
    assert_eq!(app.overlay, Overlay::None);
    update(&mut app, Action::ToggleHelp);
    update(&mut app, Action::Back);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn tabs_cycle_both_ways_and_placeholders_ignore_catalog_keys() {
    let mut app = demo_app();
    update(&mut app, Action::PrevTab);
    assert_eq!(app.tab, Tab::Admin);
    update(&mut app, Action::NextTab);
    update(&mut app, Action::NextTab);
    assert_eq!(app.tab, Tab::Patrol);
    assert_eq!(app.key_contexts(), vec![Context::Work, Context::Browse, Context::Global]);
    update(&mut app, Action::NextTab);
    update(&mut app, Action::NextTab);
    update(&mut app, Action::NextTab);
    assert_eq!(app.tab, Tab::Statistics);
    assert_eq!(app.key_contexts(), vec![Context::Stats, Context::Browse, Context::Global]);
    update(&mut app, Action::Insert('x'));
    update(&mut app, Action::OpenVersions);
    assert_eq!((app.catalog.query.text(), app.overlay), ("", Overlay::None));
}

#[test]
fn typing_context_leaves_out_single_letter_commands() {
    let mut app = demo_app();
    assert_eq!(app.key_contexts(), vec![Context::Input, Context::Global]);
    app.catalog.focus = Focus::List;
    assert_eq!(app.key_contexts(), vec![Context::List, Context::Browse, Context::Global]);
}

#[test]
fn versions_list_opens_on_the_viewed_version_and_loads_another() {
    let mut app = demo_app();
    update(&mut app, Action::OpenVersions);
    assert_eq!(app.overlay, Overlay::Versions(1));
    update(&mut app, Action::Down);
    assert_eq!(app.overlay, Overlay::Versions(1), "bounded by the last version");
    assert_eq!(update(&mut app, Action::Open), None, "already viewing it");
    update(&mut app, Action::OpenVersions);
    update(&mut app, Action::Up);
    let old = app.versions[0].id;
    assert_eq!(update(&mut app, Action::Open), Some(Effect::LoadVersion(old)));
    assert_eq!(app.overlay, Overlay::None);
    update(&mut app, Action::VersionLoaded(Box::new(demo_loaded(0))));
    assert_eq!(app.catalog.version.id, old);
    assert_eq!(app.catalog.hits.len(), app.catalog.index.len());
}

#[test]
fn a_failure_is_kept_for_the_status_line() {
    let mut app = demo_app();
    update(&mut app, Action::Failed("disk on fire".into()));
    assert_eq!(app.message.as_deref(), Some("disk on fire"));
}

#[test]
fn detail_scroll_stops_at_the_last_line_so_up_moves_at_once() {
    let mut app = demo_app();
    update(&mut app, Action::Resize(100, 30));
    let code = app.catalog.selected_code().map(str::to_string).unwrap_or_default();
    update(&mut app, Action::Open);
    update(&mut app, Action::ItemLoaded(Box::new(crate::fixtures::demo_item(&code))));
    update(&mut app, Action::Last);
    let bottom = match &app.catalog.detail {
        catalog::Detail::Shown { scroll, .. } => *scroll,
        other => panic!("{other:?}"),
    };
    assert!(bottom > 0 && bottom < 200, "clamped to the content: {bottom}");
    update(&mut app, Action::Down);
    update(&mut app, Action::Up);
    assert!(
        matches!(app.catalog.detail, catalog::Detail::Shown { scroll, .. } if scroll == bottom - 1)
    );
    update(&mut app, Action::Resize(100, 300));
    assert!(
        matches!(app.catalog.detail, catalog::Detail::Shown { scroll: 0, .. }),
        "a tall terminal shows it all"
    );
}

#[test]
fn d_in_the_versions_list_compares_with_the_version_before() {
    use crate::app::VersionDiff;
    use crate::fixtures::{demo_items, draw, screen};
    use zhifa_core::domain::diff::diff_catalogs;
    let mut app = demo_app();
    update(&mut app, Action::OpenVersions);
    assert_eq!(app.overlay, Overlay::Versions(1));
    let effect = update(&mut app, Action::CompareVersions);
    let (from, to) = (app.versions[0].id, app.versions[1].id);
    assert_eq!(effect, Some(Effect::DiffVersions { from, to }));
    update(&mut app, Action::Up);
    assert_eq!(update(&mut app, Action::CompareVersions), None, "nothing before the first");
    let diff = VersionDiff {
        from: app.versions[0].label.clone(),
        to: app.versions[1].label.clone(),
        diff: diff_catalogs(&demo_items(0), &demo_items(1)),
    };
    update(&mut app, Action::DiffLoaded(Box::new(diff)));
    assert_eq!(app.overlay, Overlay::Diff(0));
    let text = screen(&draw(&app, 120, 30).0);
    assert!(text.contains("新增 14 项，调整 15 项，取消 7 项"), "{text}");
    assert!(text.contains("涉及中队/街道") || text.lines().count() == 30, "{text}");
    update(&mut app, Action::PageDown);
    assert_eq!(app.overlay, Overlay::Diff(10));
    update(&mut app, Action::Back);
    assert_eq!(app.overlay, Overlay::Versions(1), "back to the list");
}

#[test]
fn clicks_select_then_open_results_and_switch_tabs() {
    let mut app = demo_app();
    update(&mut app, Action::Resize(100, 30));
    // Row 4 is the first result (tabs, header, search field, list border above it).
    assert_eq!(update(&mut app, Action::Click { column: 10, row: 5 }), None);
    assert_eq!((app.catalog.selected, app.catalog.focus), (1, Focus::List));
    let effect = update(&mut app, Action::Click { column: 10, row: 5 });
    assert!(matches!(effect, Some(Effect::LoadItem { .. })), "a second click opens: {effect:?}");
    update(&mut app, Action::Click { column: 10, row: 3 });
    assert_eq!(app.catalog.selected, 1, "the border is not a result");
    let admin_x = (0..100).find(|x| crate::frame::tab_at(app.lang, *x) == Some(Tab::Admin));
    update(&mut app, Action::Click { column: admin_x.expect("admin tab drawn"), row: 0 });
    assert_eq!(app.tab, Tab::Admin);
    assert_eq!(crate::frame::tab_at(app.lang, 0), None, "the brand is not a tab");
}

#[test]
fn an_item_found_through_everyday_words_is_marked_and_its_detail_says_why() {
    let mut app = demo_app();
    update(&mut app, Action::Resize(140, 30));
    for c in "狗屎不捡".chars() {
        update(&mut app, Action::Insert(c));
    }
    let hit = app.catalog.hits.first().cloned().expect("a hit");
    assert_eq!(hit.kind, zhifa_catalog::search::MatchKind::Everyday, "{hit:?}");
    let text = crate::fixtures::screen(&crate::fixtures::draw(&app, 140, 30).0);
    assert!(text.contains("~ "), "related hits are marked:\n{text}");
    let code = app.catalog.selected_code().map(str::to_string).expect("selected");
    update(&mut app, Action::Open);
    update(&mut app, Action::ChoiceRecorded { code: code.clone(), learned: None });
    update(&mut app, Action::ItemLoaded(Box::new(crate::fixtures::demo_item(&code))));
    let text = crate::fixtures::screen(&crate::fixtures::draw(&app, 140, 30).0);
    assert!(text.contains("检索依据 近义：狗屎→"), "the detail says why:\n{text}");
}

#[test]
fn versions_taken_in_from_the_centre_join_the_lists_and_the_one_in_force_is_loaded() {
    let mut app = demo_app();
    let mut late = crate::fixtures::demo_version(1);
    late.id = zhifa_core::domain::version::VersionId(3);
    late.label = "2026年下半年版".into();
    late.effective = NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    late.imported_by = "centre:GX/QJ0001".into();
    let mut versions = app.versions.clone();
    versions.push(late.clone());
    // Taken in after its date: in force at once, so the catalog screen moves to it.
    let effect = update(&mut app, Action::VersionsArrived(versions.clone()));
    assert_eq!(effect, Some(Effect::LoadVersion(late.id)));
    assert_eq!(app.versions.len(), 3);
    assert_eq!(app.in_force().map(|v| v.label.as_str()), Some("2026年下半年版"));
    assert_eq!(
        app.notice.as_deref(),
        Some("中心下发目录版本：2026年下半年版（2026-11-01 起施行）"),
        "the status line says what arrived"
    );
    // The same list again (the next round's): nothing new, nothing said again.
    app.notice = None;
    update(&mut app, Action::VersionsArrived(versions.clone()));
    assert_eq!(app.notice, None);

    // One that starts later is only listed, scheduled.
    let mut app = demo_app();
    late.effective = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let mut versions = app.versions.clone();
    versions.push(late);
    assert_eq!(update(&mut app, Action::VersionsArrived(versions)), None);
    assert_eq!(app.statuses.last(), Some(&VersionStatus::Scheduled));
}

#[test]
fn the_status_line_says_a_publication_of_the_centre_was_refused_in_either_language() {
    use crate::fixtures::{draw, screen};
    let refused = vec![
        zhifa_sync::Refused {
            zh: "目录版本“2027年版”（2027-01-01 起施行）".into(),
            en: "catalog version “2027年版” (effective 2027-01-01)".into(),
            kind: "signature",
        },
        zhifa_sync::Refused {
            zh: "2027 年工作日安排（第 2 次发布）".into(),
            en: "the 2027 working-day calendar (publication 2 of the year)".into(),
            kind: "differs",
        },
    ];
    let mut app = demo_app();
    assert_eq!(update(&mut app, Action::PublicationsRefused(refused.clone())), None);
    let text = screen(&draw(&app, 200, 30).0);
    let status = text.lines().last().expect("status line");
    assert!(
        status.contains(
            "中心下发未导入：目录版本“2027年版”（2027-01-01 起施行）：无法确认发布人的签名；\
             2027 年工作日安排（第 2 次发布）：与本站已有的不同（原因见 zhifa sync）"
        ),
        "{text}"
    );
    assert!(!status.contains("✓ 中心下发未导入"), "a refusal is no ✓ notice: {status}");

    let mut app = demo_app();
    app.lang = Lang::En;
    update(&mut app, Action::PublicationsRefused(refused));
    let text = screen(&draw(&app, 400, 30).0);
    assert!(
        text.contains(
            "Not taken in from the centre: catalog version “2027年版” (effective 2027-01-01): \
             its publisher's signature cannot be checked; the 2027 working-day calendar \
             (publication 2 of the year): differs from this station's own (zhifa sync says why)"
        ),
        "{text}"
    );

    // Nothing refused (the next round's, once it was settled): nothing said.
    let mut app = demo_app();
    update(&mut app, Action::PublicationsRefused(Vec::new()));
    assert_eq!(app.message, None);
}

#[test]
fn calendar_years_taken_in_from_the_centre_are_counted_on_and_said() {
    let mut app = demo_app();
    let mut calendar = zhifa_core::calendar::shipped().expect("shipped");
    let mut y2027 = calendar.year(2026).expect("2026").clone();
    y2027.year = 2027;
    y2027.off.clear();
    y2027.work.clear();
    calendar.insert(y2027);
    assert!(app.calendar.year(2027).is_none() || app.calendar != calendar);
    let arrived = Action::CalendarsArrived { calendar: calendar.clone(), years: vec![(2027, 1)] };
    assert_eq!(update(&mut app, arrived), None);
    assert_eq!(app.calendar, calendar);
    assert_eq!(app.notice.as_deref(), Some("中心下发工作日安排：2027 年（第 1 次发布）"));
}
