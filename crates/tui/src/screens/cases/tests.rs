//! The 案件 tab: moving through the list, keeping the selection across a refresh, overdue in
//! red, the clocks with their articles, and tiny sizes.

use super::*;
use crate::app::{update as app_update, Tab};
use crate::app::{Action, Effect};
use crate::fixtures::{case_line as line, demo_app, draw, screen};
use crate::screens::work_list;
use zhifa_core::domain::deadline::DeadlineKind;

#[test]
fn the_list_moves_and_a_refresh_keeps_the_selected_case() {
    let mut state = CasesState::default();
    state.replace(vec![
        line(3, None, -4),
        line(2, Some("〔2026〕综执罚字第1号"), 2),
        line(1, None, 30),
    ]);
    work_list::update(&mut state, Action::Down);
    work_list::update(&mut state, Action::Down);
    work_list::update(&mut state, Action::Down);
    assert_eq!(state.selected, 2, "stops at the last");
    work_list::update(&mut state, Action::Up);
    assert_eq!(state.selected_item().map(|l| l.case.id), Some(2));
    state.replace(vec![line(4, None, 5), line(3, None, -4), line(2, None, 2), line(1, None, 30)]);
    assert_eq!(state.selected_item().map(|l| l.case.id), Some(2), "same case after a refresh");
    assert_eq!(work_list::update(&mut state, Action::Refresh), Some(Effect::LoadWork));
}

#[test]
fn the_cases_tab_loads_on_arrival_and_shows_overdue_work() {
    let mut app = demo_app();
    assert_eq!(app_update(&mut app, Action::NextTab), Some(Effect::LoadWork), "巡查 reads too");
    assert_eq!(app_update(&mut app, Action::NextTab), Some(Effect::LoadWork));
    assert_eq!(app.tab, Tab::Cases);
    let lines = vec![line(2, None, -4), line(1, Some("〔2026〕综执罚字第1号"), 2)];
    let attention = zhifa_app::worklist::Attention {
        overdue_cases: 1,
        due_soon_cases: 1,
        ..Default::default()
    };
    app_update(
        &mut app,
        Action::WorkLoaded {
            cases: lines,
            tickets: vec![],
            patrols: vec![],
            reinspections: vec![],
            attention,
        },
    );
    let (buffer, _) = draw(&app, 120, 30);
    let text = screen(&buffer);
    assert!(text.contains("案件 2 件") && text.contains("线索#2"), "{text}");
    assert!(text.contains("立案 2026-11-20 已逾期 4 天"), "{text}");
    assert!(text.contains("《行政处罚法》第五十四条"), "the article under the list:\n{text}");
    assert!(text.contains("逾期案件 1"), "the status line counts it:\n{text}");
    // The overdue row is painted in the error colour.
    let y = (0..30).find(|y| crate::fixtures::row(&buffer, *y).contains("线索#2")).expect("row");
    let x = (0..120).find(|x| buffer[(*x, y)].symbol() == "线").expect("cell");
    assert_eq!(buffer[(x, y)].fg, app.theme.error().fg.unwrap_or_default());
    for (w, h) in [(1, 1), (10, 4), (40, 8)] {
        assert_eq!(screen(&draw(&app, w, h).0).lines().count(), h as usize);
    }
    // Narrow screens cut from the right: the overdue mark comes right after the number.
    for width in [80, 50] {
        let (narrow, _) = draw(&app, width, 24);
        let row = (0..24)
            .map(|y| crate::fixtures::row(&narrow, y))
            .find(|r| r.contains("线索#2"))
            .expect("the overdue case is listed");
        assert!(row.contains("⚠逾期4天"), "{width} columns: {row}");
    }
}

#[test]
fn f_narrows_the_list_to_mine_my_team_and_the_leaders_desk() {
    let mut app = demo_app(); // 张执法 QJ1001 of QX01
    app.tab = Tab::Cases;
    let mut mine = line(1, None, 2);
    mine.case.state.investigators = vec!["QJ1001".into(), "QJ1002".into()];
    let mut calm_mine = line(2, None, 40);
    calm_mine.case.state.investigators = vec!["QJ1001".into(), "QJ1002".into()];
    let team_overdue = line(3, None, -1);
    let mut other_team = line(4, None, -5);
    other_team.case.team = "DG02".into();
    let mut to_approve = line(5, None, 30);
    to_approve.case.state.stage = zhifa_core::domain::case::Stage::FilingReview;
    let cases = vec![mine, calm_mine, team_overdue, other_team, to_approve];
    let attention = zhifa_app::worklist::Attention::default();
    app_update(
        &mut app,
        Action::WorkLoaded {
            cases,
            tickets: vec![],
            patrols: vec![],
            reinspections: vec![],
            attention,
        },
    );
    let ids =
        |app: &crate::app::App| -> Vec<i64> { app.cases.items.iter().map(|l| l.case.id).collect() };
    assert_eq!(ids(&app), [1, 2, 3, 4, 5]);
    app_update(&mut app, Action::CycleView);
    assert_eq!(ids(&app), [1], "mine, and only what is urgent");
    assert!(screen(&draw(&app, 120, 30).0).contains("我承办的临期、逾期案件 1 件"));
    app_update(&mut app, Action::CycleView);
    assert_eq!(ids(&app), [1, 3], "my team's urgent cases");
    app_update(&mut app, Action::CycleView);
    assert_eq!(ids(&app), [1, 2, 3, 4, 5], "an officer has no leader's desk: back to all");
    app.session = Some(crate::fixtures::officer(
        "QJ3001",
        "陈队长",
        zhifa_core::domain::officer::Role::TeamLeader,
    ));
    for _ in 0..3 {
        app_update(&mut app, Action::CycleView);
    }
    assert_eq!(app.case_view, zhifa_app::worklist::CaseView::Leader);
    assert_eq!(ids(&app), [1, 3, 5], "the leader's desk: urgent, and waiting for approval");
}

#[test]
fn an_unpaid_fine_shows_the_surcharge_owed_art_72() {
    let mut app = demo_app();
    app.tab = Tab::Cases;
    let mut served = line(1, Some("〔2026〕综执罚字第4号"), -5);
    served.deadlines[0].kind = DeadlineKind::Payment;
    served.deadlines[0].label = DeadlineKind::Payment.rule().label_zh;
    served.case.state.stage = zhifa_core::domain::case::Stage::Served;
    served.case.state.penalty = Some(zhifa_core::domain::penalty::Proposal {
        party: zhifa_core::domain::catalog::PartyKind::Individual,
        warning: false,
        fine: Some(300),
        tier: Some("一般".into()),
        tier_reason: "逾期不改正".into(),
        confiscation: Default::default(),
    });
    app.cases.replace(vec![served]);
    let text = screen(&draw(&app, 140, 30).0);
    assert!(text.contains("逾期 5 天未缴：加处罚款 45.00 元"), "3% of 300 yuan a day:\n{text}");
}

/// Regression (issue 5): a place holding terminal controls, joiners and combining marks shows
/// them as visible pictures (never raw) and the columns after it stay aligned; a 100 000-char
/// statement of facts is cut to the pane.
#[test]
fn hostile_places_render_safe_and_aligned_and_huge_facts_are_cut() {
    let mut app = demo_app();
    app.tab = Tab::Cases;
    let places = ["\x1b[2J\x1b]0;pwned\x07", "青溪\u{200b}路\u{301}\u{202e}口", "文昌阁"];
    let lines: Vec<CaseLine> = places
        .iter()
        .enumerate()
        .map(|(i, place)| {
            let mut l = line(i as i64 + 1, None, 3);
            l.case.place = place.to_string();
            l.case.facts = "占".repeat(100_000);
            l
        })
        .collect();
    app.cases.replace(lines);
    let (buffer, _) = draw(&app, 120, 30);
    let cells = buffer.content.iter().map(|c| c.symbol());
    assert!(cells.clone().all(|s| !s.chars().any(zhifa_core::text::is_terminal_control)));
    let text = screen(&buffer);
    assert!(text.contains("␛[2J␛]0;pwned␇"), "the controls as pictures:\n{text}");
    let clock_columns: Vec<usize> = (0..30)
        .map(|y| crate::fixtures::row(&buffer, y))
        .filter(|r| r.contains("线索#"))
        .map(|r| r.find("立案").map(|i| zhifa_core::text::width(&r[..i])).expect("clock column"))
        .collect();
    assert_eq!(clock_columns.len(), 3, "{text}");
    assert!(clock_columns.iter().all(|c| *c == clock_columns[0]), "{clock_columns:?}\n{text}");
    let facts_row = text.lines().find(|l| l.contains("占占占")).expect("facts shown");
    assert!(zhifa_core::text::width(facts_row) <= 120 && facts_row.contains('…'), "{facts_row}");
}

#[test]
fn provisional_dates_are_marked_and_uncounted_ones_say_why() {
    let mut app = demo_app();
    app.tab = Tab::Cases;
    let mut provisional = line(1, None, 40);
    provisional.deadlines[0].provisional = true;
    let mut uncounted = line(2, None, 0);
    uncounted.deadlines[0].due = None;
    uncounted.deadlines[0].days_left = None;
    uncounted.deadlines[0].gap = Some(2036);
    app.cases.replace(vec![uncounted, provisional]);
    let text = screen(&draw(&app, 140, 30).0);
    assert!(text.contains("（暂定）"), "a date counted on a computed year is marked:\n{text}");
    assert!(text.contains("无法计算（缺 2036 年日历）"), "listed with the reason:\n{text}");
}
