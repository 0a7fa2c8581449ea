//! Every screen as a person sees it, at 80×24 and 160×50, in Chinese and in English: insta
//! snapshots (`crates/tui/src/frame/snapshots/`), so a changed screen is a diff someone reviewed.
//!
//! The English screens must show no Chinese but the records' own (names, places, the catalog).
//!
//! To accept a deliberate change: `INSTA_UPDATE=always cargo test --lib tui::frame::snapshots`,
//! then read `git diff crates/tui/src/frame/snapshots` before committing it. CI never writes them.

use super::*;
use crate::app::{update, Action};
use crate::fixtures::{
    case_line, chinese_runs, demo_app, demo_app_at_login, demo_item, draw, officer, records_text,
    screen, with_work,
};
use crate::screens::case_file::CaseFileState;
use crate::screens::stats::StatsData;
use zhifa_core::calendar::WorkCalendar;
use zhifa_core::domain::officer::{Role, Team};
use zhifa_core::domain::org::Grid;
use zhifa_core::report::{compute, GroupBy, Records};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 50)];

type Scene = fn(&mut App);

/// Each screen, reached as a person would (keys, or what the loop hands the app).
const SCENES: [(&str, Scene); 14] = [
    ("login", |_| {}),
    ("catalog_search", |app| type_in(app, "zydl")),
    ("item_detail", item_detail),
    ("help", |app| {
        update(app, Action::ToggleHelp);
    }),
    ("versions", |app| {
        update(app, Action::OpenVersions);
    }),
    ("patrols", |app| work_tab(app, Tab::Patrol)),
    ("cases", cases),
    ("case_file", case_file),
    ("complaints", |app| work_tab(app, Tab::Complaints)),
    ("new_complaint", new_complaint),
    ("statistics", statistics),
    ("admin", admin),
    ("law_search", |app| {
        update(app, Action::OpenLawSearch);
        type_in(app, "占用道路");
    }),
    ("lockout", lockout),
];

fn type_in(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Insert(c));
    }
}

fn item_detail(app: &mut App) {
    type_in(app, "zydl");
    let code = app.catalog.selected_code().map(str::to_string).unwrap_or_default();
    update(app, Action::Open);
    update(app, Action::ItemLoaded(Box::new(demo_item(&code))));
}

fn work_tab(app: &mut App, tab: Tab) {
    with_work(app);
    app.tab = tab;
}

fn cases(app: &mut App) {
    app.tab = Tab::Cases;
    app.cases.replace(vec![
        case_line(3, None, -4),
        case_line(2, Some("〔2026〕综执罚字第1号"), 2),
        case_line(1, None, 30),
    ]);
}

fn case_file(app: &mut App) {
    app.tab = Tab::Cases;
    app.case_file =
        Some(CaseFileState::new(case_line(2, Some("〔2026〕综执罚字第1号"), 2), vec![]));
}

fn new_complaint(app: &mut App) {
    let leader = officer("QJ3001", "陈中队长", Role::TeamLeader);
    update(app, Action::LoggedIn(Box::new(leader)));
    work_tab(app, Tab::Complaints);
    update(app, Action::New);
}

fn statistics(app: &mut App) {
    app.tab = Tab::Statistics;
    let mut records = Records::default();
    records.names.insert("QX01".into(), "青溪中队".into());
    // The report of the period the tab asks for (one of another is not shown under its header).
    let _ = app.stats.load(app.today);
    let period = app.stats.period(app.today);
    let report = compute(
        &records,
        &Records::default(),
        period,
        GroupBy::Team,
        app.today,
        &WorkCalendar::default(),
    );
    update(
        app,
        Action::StatsLoaded(Box::new(StatsData { report, weekly: vec![0, 2, 5, 3], centre: None })),
    );
}

fn admin(app: &mut App) {
    let admin = officer("QJ0001", "演示管理员", Role::Admin);
    update(app, Action::LoggedIn(Box::new(admin)));
    app.tab = Tab::Admin;
    let teams = vec![Team { code: "QX01".into(), name: "青溪中队".into(), brigade: None }];
    let grid = Grid {
        code: "QX01-01".into(),
        name: "文昌阁网格".into(),
        team: "QX01".into(),
        road: "青溪路".into(),
        landmarks: "文昌阁".into(),
    };
    let mut locked = officer("QJ1002", "李执法", Role::Officer);
    (locked.locked, locked.failed_attempts) = (true, 5);
    update(app, Action::OrgLoaded { teams, grids: vec![grid], locked: vec![locked] });
}

/// The login refusing a locked account: the message is read whole, never cut.
fn lockout(app: &mut App) {
    let locked = zhifa_store::AuthError::Locked("QJ1002".into());
    update(app, Action::LoginRefused(zhifa_app::messages::auth_error(&locked, app.lang)));
}

#[test]
fn every_screen_in_both_languages_at_both_sizes() {
    let records = records_text();
    for (name, scene) in SCENES {
        for lang in [Lang::Zh, Lang::En] {
            for (width, height) in SIZES {
                let mut app = if matches!(name, "login" | "lockout") {
                    demo_app_at_login()
                } else {
                    demo_app()
                };
                app.lang = lang;
                scene(&mut app);
                let shown = screen(&draw(&app, width, height).0);
                if lang == Lang::En {
                    let foreign: Vec<String> =
                        chinese_runs(&shown).into_iter().filter(|r| !records.contains(r)).collect();
                    assert!(foreign.is_empty(), "{name} {width}x{height} in English: {foreign:?}");
                    let mut marks = zhifa_core::text::chinese_punctuation_by_ascii(&shown);
                    // The records' own (“0.4公斤/平方厘米（0.4兆帕）”) are theirs to punctuate.
                    marks.retain(|m| !records.contains(m.trim()));
                    assert!(marks.is_empty(), "{name} {width}x{height}: {marks:?}");
                }
                let lang = match lang {
                    Lang::Zh => "zh",
                    Lang::En => "en",
                };
                insta::assert_snapshot!(format!("{name}@{lang}_{width}x{height}"), shown);
            }
        }
    }
}
