//! The 统计 tab: keys to periods and groupings ask the loop to read again; the report drawn at
//! 80×24 and 160×50 in Chinese, labels lined up; Enter lists the records behind a figure.

use super::*;
use crate::app::{update as app_update, Tab};
use crate::fixtures::{demo_app, draw, screen};
use zhifa_core::calendar::WorkCalendar;
use zhifa_core::domain::case::Case;
use zhifa_core::domain::case_file::CaseSource;
use zhifa_core::domain::patrol::PatrolStatus;
use zhifa_core::report::{compute, count, CaseFacts, PatrolFacts, RecordId, Records};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn records() -> Records {
    let patrol = |id, team: &str| PatrolFacts {
        id,
        team: team.to_string(),
        grids: vec![],
        officers: vec!["QJ1001".into()],
        planned_on: d("2026-11-10"),
        status: PatrolStatus::SignedOff,
        findings: vec![],
    };
    let case = |id, stage| {
        let mut state = Case::lead(d("2026-11-05"), d("2026-11-05"));
        state.stage = stage;
        CaseFacts {
            id,
            team: "QX01".into(),
            grid: None,
            domain: None,
            department: None,
            source: CaseSource::Patrol,
            state,
        }
    };
    let mut names = std::collections::BTreeMap::new();
    names.insert("QX01".to_string(), "青溪中队".to_string());
    names.insert("QX02".to_string(), "城东中队".to_string());
    Records {
        patrols: vec![patrol(1, "QX01"), patrol(2, "QX01"), patrol(3, "QX02")],
        cases: vec![
            case(1, Stage::Investigation),
            case(2, Stage::Investigation),
            case(3, Stage::Lead),
        ],
        names,
        ..Records::default()
    }
}

fn loaded(period: Period) -> Box<StatsData> {
    let report = compute(
        &records(),
        &Records::default(),
        period,
        GroupBy::Team,
        d("2026-11-24"),
        &WorkCalendar::default(),
    );
    Box::new(StatsData { report, weekly: vec![0, 1, 3, 2, 0, 5, 1], centre: None })
}

use zhifa_core::domain::case::Stage;

#[test]
fn periods_and_groupings_are_one_key_away_and_each_reads_again() {
    let today = d("2026-11-24");
    let mut state = StatsState::default();
    let first = state.load(today);
    let november = Period { from: d("2026-11-01"), to: d("2026-11-30") };
    assert_eq!(
        first,
        Some(Effect::LoadStats { period: november, by: GroupBy::Team, scope: Scope::Station })
    );
    let earlier = update(&mut state, Action::StatsEarlier, today);
    let october = Period { from: d("2026-10-01"), to: d("2026-10-31") };
    assert_eq!(
        earlier,
        Some(Effect::LoadStats { period: october, by: GroupBy::Team, scope: Scope::Station })
    );
    let quarter = update(&mut state, Action::StatsPeriodKind, today);
    let q4 = Period { from: d("2026-10-01"), to: d("2026-12-31") };
    assert_eq!(
        quarter,
        Some(Effect::LoadStats { period: q4, by: GroupBy::Team, scope: Scope::Station })
    );
    let grid = update(&mut state, Action::StatsGroupBy, today);
    assert_eq!(
        grid,
        Some(Effect::LoadStats { period: q4, by: GroupBy::Grid, scope: Scope::Station })
    );
    assert!(state.loading);
}

#[test]
fn enter_lists_the_records_behind_the_selected_figure_and_esc_closes() {
    let today = d("2026-11-24");
    let mut state = StatsState::default();
    let period = Period { from: d("2026-11-01"), to: d("2026-11-30") };
    update(&mut state, Action::StatsLoaded(loaded(period)), today);
    assert!(!state.loading);
    let read = update(&mut state, Action::Open, today);
    let measure = "patrols_planned".to_string();
    assert_eq!(read, Some(Effect::LoadStatsRecords { period, by: GroupBy::Team, measure }));
    assert_eq!(state.opened, Some(0));
    update(&mut state, Action::Back, today);
    assert_eq!(state.opened, None);
    update(&mut state, Action::SwitchPane, today);
    assert_eq!(state.table(), Table::Tickets);
}

fn stats_app(width: u16, height: u16) -> (crate::app::App, String) {
    let mut app = demo_app();
    app.today = d("2026-11-24");
    app_update(&mut app, Action::Resize(width, height));
    app_update(&mut app, Action::PrevTab);
    let effect = app_update(&mut app, Action::PrevTab);
    assert_eq!(app.tab, Tab::Statistics);
    let Some(Effect::LoadStats { period, .. }) = effect else { panic!("no load: {effect:?}") };
    app_update(&mut app, Action::StatsLoaded(loaded(period)));
    let (buffer, _) = draw(&app, width, height);
    (app, screen(&buffer))
}

#[test]
fn the_tab_draws_the_table_at_80_by_24() {
    let (_, text) = stats_app(80, 24);
    assert!(text.contains("统计·本站（月）2026-11-01 – 2026-11-30"), "{text}");
    assert!(text.contains(" 巡查 ") && text.contains("投诉举报"), "{text}");
    let planned = text.lines().find(|l| l.contains("计划巡查")).unwrap_or_else(|| panic!("{text}"));
    // 指标 padded by display width: the figures start in the same column on every row.
    let signed = text.lines().find(|l| l.contains("已审签")).unwrap_or_else(|| panic!("{text}"));
    let column =
        |line: &str, figure: &str| zhifa_core::text::width(&line[..line.find(figure).unwrap_or(0)]);
    assert_eq!(column(planned, " 3 "), column(signed, " 3 "), "{text}");
    assert!(planned.contains("青溪中队") || text.contains("青溪中队"), "{text}");
}

#[test]
fn the_tab_draws_charts_at_160_by_50_and_lists_records() {
    let (mut app, text) = stats_app(160, 50);
    assert!(text.contains("每周新增案件"), "{text}");
    assert!(text.contains("本期新增案件现处阶段"), "{text}");
    assert!(text.contains("调查取证") && text.contains("2 66%"), "{text}");
    assert!(text.contains("计划巡查 · 中队"), "{text}");
    app_update(&mut app, Action::Open);
    let (buffer, _) = draw(&app, 160, 50);
    let text = screen(&buffer);
    assert!(text.contains("计划巡查：3，3 条记录"), "{text}");
    assert!(text.contains("巡查 #1") && text.contains("巡查 #3"), "{text}");
}

#[test]
fn tiny_sizes_never_panic_with_a_report_or_its_records() {
    let (mut app, _) = stats_app(100, 30);
    for open in [false, true] {
        if open {
            app_update(&mut app, Action::Open);
        }
        for (w, h) in [(1, 1), (10, 3), (20, 6), (3, 40), (200, 2), (0, 0), (40, 17)] {
            let (buffer, _) = draw(&app, w, h);
            assert_eq!(buffer.area.width, w);
        }
    }
}

#[test]
fn a_counted_report_reads_the_records_of_a_figure_when_it_is_opened() {
    // The tab's report holds the figures only (`Store::report_figures`); Enter asks for the
    // records of the figure selected, and the list waits for them.
    let (mut app, _) = stats_app(160, 50);
    let period = app.stats.period(d("2026-11-24"));
    let report = count(
        &records(),
        &Records::default(),
        period,
        GroupBy::Team,
        d("2026-11-24"),
        &WorkCalendar::default(),
    );
    assert!(report.total.figures.iter().all(|f| f.records.is_empty()));
    app_update(
        &mut app,
        Action::StatsLoaded(Box::new(StatsData { report, weekly: vec![1], centre: None })),
    );
    let effect = app_update(&mut app, Action::Open);
    let Some(Effect::LoadStatsRecords { measure, .. }) = effect else {
        panic!("nothing read: {effect:?}")
    };
    assert_eq!(measure, "patrols_planned");
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("计划巡查：3，读取记录中"), "{text}");
    let listed = vec![RecordId::Patrol(1), RecordId::Patrol(2), RecordId::Patrol(3)];
    app_update(&mut app, Action::StatsRecords(measure, listed));
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("计划巡查：3，3 条记录"), "{text}");
    assert!(text.contains("巡查 #1") && text.contains("巡查 #3"), "{text}");
    // Esc and Enter again: the records read are kept, nothing read twice.
    app_update(&mut app, Action::Back);
    assert_eq!(app_update(&mut app, Action::Open), None);
}

#[test]
fn complaints_by_category_are_figures_of_their_table_and_enter_lists_their_tickets() {
    use zhifa_core::domain::ticket::Channel;
    use zhifa_core::report::TicketFacts;
    let ticket = |id, domain: Option<&str>| TicketFacts {
        id,
        team: Some("QX01".into()),
        channel: Channel::Hotline,
        received_on: d("2026-11-10"),
        reply_due: None,
        replied_on: None,
        transferred: false,
        repeat: false,
        callback: None,
        domain: domain.map(str::to_string),
        department: None,
    };
    let records = Records {
        tickets: vec![ticket(7, Some("市容环境卫生")), ticket(8, None), ticket(9, None)],
        ..records()
    };
    let (mut app, _) = stats_app(160, 50);
    let period = app.stats.period(d("2026-11-24"));
    let today = d("2026-11-24");
    let report = compute(
        &records,
        &Records::default(),
        period,
        GroupBy::Team,
        today,
        &WorkCalendar::default(),
    );
    app_update(
        &mut app,
        Action::StatsLoaded(Box::new(StatsData { report, weekly: vec![1], centre: None })),
    );
    app_update(&mut app, Action::SwitchPane);
    let text = screen(&draw(&app, 160, 50).0);
    let line = |label: &str| {
        text.lines().find(|l| l.contains(label)).unwrap_or_else(|| panic!("{label}: {text}"))
    };
    assert!(line("类别：市容环境卫生").contains(" 1 "), "{text}");
    assert!(line("类别：未归类").contains(" 2 "), "{text}");
    // Down to the category, Enter: its tickets are read.
    let rows = app.stats.rows();
    let at = rows
        .iter()
        .position(|&i| {
            app.stats
                .data
                .as_ref()
                .is_some_and(|d| d.report.measures[i].key == "category_市容环境卫生")
        })
        .expect("the category's row");
    for _ in 0..at {
        app_update(&mut app, Action::Down);
    }
    let effect = app_update(&mut app, Action::Open);
    let Some(Effect::LoadStatsRecords { measure, .. }) = effect else { panic!("{effect:?}") };
    assert_eq!(measure, "category_市容环境卫生");
    app_update(&mut app, Action::StatsRecords(measure, vec![RecordId::Ticket(7)]));
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("类别：市容环境卫生：1，1 条记录"), "{text}");
}

/// The figures of two stations, GX and KF, with the same records each, as the centre counts
/// them.
fn at_centre(period: Period, by: GroupBy, behind: Vec<(String, i64, i64)>) -> Box<StatsData> {
    use zhifa_core::report::{count_stations, StationRecords};
    let station = |code: &str| StationRecords {
        code: code.into(),
        name: format!("{code} 站"),
        current: records(),
        last_year: Records::default(),
        calendar: WorkCalendar::default(),
    };
    let report = count_stations(&[station("GX"), station("KF")], period, by, d("2026-11-24"));
    let centre = Some(AtCentre { stations: 2, behind });
    Box::new(StatsData { report, weekly: vec![2, 4], centre })
}

#[test]
fn c_without_a_centre_says_so_and_keeps_this_stations_figures() {
    let (mut app, _) = stats_app(120, 30);
    assert!(!app.stats.centre_configured);
    assert_eq!(app_update(&mut app, Action::StatsScope), None);
    assert_eq!(app.stats.scope, Scope::Station);
    assert_eq!(app.stats.failure, Some(Unavailable::NoCentre));
    let text = screen(&draw(&app, 120, 30).0);
    assert!(text.contains("本站未配置中心"), "{text}");
    assert!(text.contains("计划巡查"), "the station's figures stay: {text}");
    // The next reading puts the note away.
    app_update(&mut app, Action::Refresh);
    assert_eq!(app.stats.failure, None);
}

#[test]
fn c_turns_to_every_station_at_the_centre_and_back() {
    let today = d("2026-11-24");
    let (mut app, _) = stats_app(160, 50);
    app.stats.centre_configured = true;
    let period = app.stats.period(today);
    let effect = app_update(&mut app, Action::StatsScope);
    assert_eq!(effect, Some(Effect::LoadStats { period, by: GroupBy::Team, scope: Scope::Centre }));
    // This station's figures are put away: they never stand under the centre's header.
    assert_eq!(app.stats.data, None);
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("统计·全局（月）") && text.contains("正在中心汇总各站点"), "{text}");
    // A station's report arriving late (asked for before the key) is not taken for the centre's.
    app_update(&mut app, Action::StatsLoaded(loaded(period)));
    assert_eq!(app.stats.data, None);
    app_update(&mut app, Action::StatsLoaded(at_centre(period, GroupBy::Team, vec![])));
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("统计·全局 2 站（月）"), "{text}");
    // Each station's team is its own group, named by its station.
    assert!(text.contains("GX 青溪中队") && text.contains("KF 青溪中队"), "{text}");
    let planned = text.lines().find(|l| l.contains("计划巡查")).unwrap_or_else(|| panic!("{text}"));
    assert!(planned.contains(" 6 "), "both stations' 3 patrols: {text}");
    // Enter: the records are at their stations; nothing is read from the centre.
    assert_eq!(app_update(&mut app, Action::Open), None);
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("计划巡查：6") && text.contains("请在该站的统计页打开"), "{text}");
    app_update(&mut app, Action::Back);
    // b goes through a station's groupings, then by station, then round again.
    let mut seen = vec![app.stats.by];
    for _ in 0..7 {
        let effect = app_update(&mut app, Action::StatsGroupBy);
        let Some(Effect::LoadStats { by, scope: Scope::Centre, .. }) = effect else {
            panic!("{effect:?}")
        };
        seen.push(by);
    }
    assert_eq!(seen.first(), seen.last());
    assert!(seen.contains(&GroupBy::Station) && seen.contains(&GroupBy::Month), "{seen:?}");
    for _ in 0..6 {
        app_update(&mut app, Action::StatsGroupBy);
    }
    assert_eq!(app.stats.by, GroupBy::Station);
    // Back to this station: by station is the centre's alone.
    let effect = app_update(&mut app, Action::StatsScope);
    assert_eq!(
        effect,
        Some(Effect::LoadStats { period, by: GroupBy::Team, scope: Scope::Station })
    );
}

#[test]
fn the_centre_says_which_stations_figures_are_behind_and_why_it_could_not_count() {
    let today = d("2026-11-24");
    let (mut app, _) = stats_app(160, 50);
    app.stats.centre_configured = true;
    let period = app.stats.period(today);
    app_update(&mut app, Action::StatsScope);
    let behind = vec![("KF".to_string(), 40, 52)];
    app_update(&mut app, Action::StatsLoaded(at_centre(period, GroupBy::Team, behind)));
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("全局 2 站，KF 待下次同步补齐"), "{text}");
    // The next period cannot be read: the reason, and no figures of another period.
    app_update(&mut app, Action::StatsEarlier);
    let asked = app.stats.asked(today);
    app_update(&mut app, Action::StatsFailed(asked, "中心数据库：connection refused".into()));
    assert!(!app.stats.loading);
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("未能统计：中心数据库：connection refused（r 重试）"), "{text}");
    assert!(!text.contains("计划巡查"), "{text}");
    let effect = app_update(&mut app, Action::Refresh);
    assert!(matches!(effect, Some(Effect::LoadStats { scope: Scope::Centre, .. })), "{effect:?}");
    assert_eq!(app.stats.failure, None);
}

#[test]
fn an_answer_to_an_earlier_key_never_stands_for_the_last_ones() {
    let today = d("2026-11-24");
    let (mut app, _) = stats_app(160, 50);
    app.stats.centre_configured = true;
    let november = app.stats.period(today);
    app_update(&mut app, Action::StatsScope);
    let asked_november = app.stats.asked(today);
    // → twice: October, then September asked of the centre; the old figures put away at once.
    app_update(&mut app, Action::StatsLoaded(at_centre(november, GroupBy::Team, vec![])));
    app_update(&mut app, Action::StatsEarlier);
    assert_eq!(app.stats.data, None, "November's figures are not shown under October");
    let asked_october = app.stats.asked(today);
    app_update(&mut app, Action::StatsEarlier);
    let september = app.stats.period(today);
    // October's reading fails late; September's answer comes: it is shown, the failure not.
    app_update(&mut app, Action::StatsFailed(asked_october, "超时".into()));
    assert_eq!(app.stats.failure, None);
    assert!(app.stats.loading);
    app_update(&mut app, Action::StatsLoaded(at_centre(september, GroupBy::Team, vec![])));
    assert!(!app.stats.loading);
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("2026-09-01 – 2026-09-30") && text.contains("计划巡查"), "{text}");
    assert!(!text.contains("超时"), "{text}");
    // Back to this station: a centre failure arriving after it does not hide its figures.
    app_update(&mut app, Action::StatsScope);
    app_update(&mut app, Action::StatsLoaded(loaded(september)));
    app_update(&mut app, Action::StatsFailed(asked_november, "连接被拒绝".into()));
    let text = screen(&draw(&app, 160, 50).0);
    assert!(text.contains("统计·本站") && text.contains("计划巡查"), "{text}");
    assert!(!text.contains("连接被拒绝"), "{text}");
}

#[test]
fn an_answer_arriving_while_a_figures_records_are_listed_is_kept() {
    let today = d("2026-11-24");
    let (mut app, _) = stats_app(160, 50);
    app.stats.centre_configured = true;
    app_update(&mut app, Action::StatsScope);
    assert!(app.stats.loading);
    // The centre's answer for a key pressed, the records pane opened meanwhile on nothing yet:
    // the answer lands all the same.
    app.stats.opened = Some(0);
    let period = app.stats.period(today);
    app_update(&mut app, Action::StatsLoaded(at_centre(period, GroupBy::Team, vec![])));
    assert!(!app.stats.loading);
    assert!(app.stats.data.as_ref().is_some_and(|d| d.centre.is_some()));
}
