//! Render tests on a `TestBackend`: what the buffer holds, at a comfortable and at tiny sizes.

use super::*;
use crate::app::{update, Action};
use crate::fixtures::{
    chinese_runs, demo_app, demo_app_at_login, demo_item, draw, records_text, row, screen,
    with_work,
};
use crate::screens::catalog::Focus;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;

/// Position of the first cell showing `symbol`, from row `top` down.
fn find(buffer: &Buffer, symbol: &str, top: u16) -> Option<(u16, u16)> {
    let area = buffer.area;
    (top..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .find(|&(x, y)| buffer[(x, y)].symbol() == symbol)
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Insert(c));
    }
}

#[test]
fn full_screen_shows_tabs_results_and_status() {
    let mut app = demo_app();
    typed(&mut app, "zydl");
    let (buffer, _) = draw(&app, 100, 30);
    let text = screen(&buffer);
    for tab in ["目录", "巡查", "案件", "投诉", "统计", "管理"] {
        assert!(row(&buffer, 0).contains(tab), "{tab} missing:\n{text}");
    }
    let top = app.catalog.index.doc(app.catalog.hits[0].doc).name.clone();
    let start: String = top.chars().take(12).collect();
    assert!(row(&buffer, 4).starts_with(&format!("│▶ {start}")), "{text}");
    let status = row(&buffer, 29);
    let version = &app.versions[1];
    assert!(status.contains(&version.label), "{status}");
    assert!(
        status.contains("张执法（QJ1001 · 执法人员 · 青溪中队）") && status.contains("181"),
        "{status}"
    );
    assert!(row(&buffer, 1).contains(&format!("{} 条结果", app.catalog.hits.len())));
}

#[test]
fn matched_characters_carry_the_highlight_style() {
    let mut app = demo_app();
    typed(&mut app, "占用");
    let (buffer, _) = draw(&app, 100, 30);
    let hit = &app.catalog.hits[0];
    let name: Vec<char> = app.catalog.index.doc(hit.doc).name.chars().collect();
    assert!(!hit.name_positions.is_empty());
    // Row 4 is the first result (tabs, header, field, border above); it starts after the border
    // and the two-column pointer.
    let cell =
        |i: usize| &buffer[(3 + text::column_of(&name.iter().collect::<String>(), i) as u16, 4)];
    let underlined = |i: usize| cell(i).modifier.contains(ratatui::style::Modifier::UNDERLINED);
    for (i, c) in name.iter().enumerate().take(20) {
        assert_eq!(cell(i).symbol(), c.to_string(), "char {i}");
        let matched = hit.name_positions.contains(&i);
        assert_eq!(underlined(i), matched, "char {i} {c}");
        if matched {
            assert_eq!(cell(i).fg, app.theme.matched().fg.unwrap_or_default());
        }
    }
}

#[test]
fn wide_characters_take_two_cells() {
    let app = demo_app();
    let (buffer, _) = draw(&app, 100, 30);
    let (x, y) = find(&buffer, "目", 0).expect("目 in the tabs");
    assert_eq!(buffer[(x + 1, y)].symbol(), " ", "continuation cell");
    assert_eq!(buffer[(x + 2, y)].symbol(), "录");
}

#[test]
fn names_are_cut_with_an_ellipsis_when_narrow() {
    let app = demo_app();
    let (buffer, _) = draw(&app, 30, 10);
    let first_result = row(&buffer, 4);
    assert!(first_result.contains('…'), "{first_result}");
    assert!(first_result.starts_with("│▶ 对"), "{first_result}");
    assert!(first_result.ends_with('│'), "the border survives: {first_result}");
}

#[test]
fn cursor_sits_after_the_typed_text_counting_wide_chars() {
    let mut app = demo_app();
    typed(&mut app, "占道a");
    let (_, cursor) = draw(&app, 100, 30);
    // "检索 › " is 7 columns, 占道 4 more, a 1 more.
    assert_eq!(cursor, Some(Position::new(12, 2)));
    update(&mut app, Action::CursorLeft);
    update(&mut app, Action::CursorLeft);
    let (_, cursor) = draw(&app, 100, 30);
    assert_eq!(cursor, Some(Position::new(9, 2)));
    app.catalog.focus = Focus::List;
    let (_, cursor) = draw(&app, 100, 30);
    assert_eq!(cursor, None, "no cursor outside the field");
}

#[test]
fn detail_shows_both_provision_lists_fines_and_tiers() {
    let mut app = demo_app();
    typed(&mut app, "zydl");
    let code = app.catalog.selected_code().map(str::to_string).unwrap_or_default();
    update(&mut app, Action::Open);
    update(&mut app, Action::ItemLoaded(Box::new(demo_item(&code))));
    let (buffer, _) = draw(&app, 140, 60);
    let text = screen(&buffer);
    for wanted in ["事项详情", "违法依据", "处罚依据", "罚款幅度", "裁量基准", code.as_str()]
    {
        assert!(text.contains(wanted), "{wanted} missing:\n{text}");
    }
}

#[test]
fn help_lists_the_keys_from_the_table() {
    let mut app = demo_app();
    update(&mut app, Action::ToggleHelp);
    let lines: Vec<String> = help_lines(&app).iter().map(|l| l.to_string()).collect();
    assert!(lines.iter().any(|l| l.contains("g Home G") && l.contains("第一条")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("Ctrl-C") && l.contains("退出")), "{lines:?}");
    let (buffer, _) = draw(&app, 100, 30);
    assert!(screen(&buffer).contains("按键"));
}

#[test]
fn help_pages_to_its_end_and_says_where_it_is() {
    let mut app = demo_app();
    update(&mut app, Action::Resize(100, 24));
    update(&mut app, Action::ToggleHelp);
    let total = help_lines(&app).len();
    let (buffer, _) = draw(&app, 100, 24);
    assert!(screen(&buffer).contains("第 1–"), "{}", screen(&buffer));
    assert!(screen(&buffer).contains(&format!("共 {total} 行")));
    update(&mut app, Action::PageDown);
    let Overlay::Help(paged) = app.overlay else { panic!("help closed") };
    assert!(paged > 5, "a page, not a line: {paged}");
    update(&mut app, Action::Last);
    let (buffer, _) = draw(&app, 100, 24);
    let text = screen(&buffer);
    assert!(text.contains(&format!("–{total} 行，共 {total} 行")), "{text}");
    let Overlay::Help(bottom) = app.overlay else { panic!("help closed") };
    update(&mut app, Action::Down);
    assert_eq!(app.overlay, Overlay::Help(bottom), "no scrolling past the end");
    update(&mut app, Action::Up);
    assert_eq!(app.overlay, Overlay::Help(bottom - 1), "one key back up from the bottom");
    update(&mut app, Action::First);
    assert_eq!(app.overlay, Overlay::Help(0));
}

#[test]
fn the_statistics_tab_says_it_is_counting_until_the_report_comes() {
    let mut app = demo_app();
    update(&mut app, Action::PrevTab);
    update(&mut app, Action::PrevTab);
    let (buffer, _) = draw(&app, 60, 12);
    assert!(screen(&buffer).contains("正在统计…"), "{}", screen(&buffer));
    app.lang = Lang::En;
    let (buffer, _) = draw(&app, 60, 12);
    assert!(screen(&buffer).contains("counting…"));
}

#[test]
fn versions_overlay_lists_statuses() {
    let mut app = demo_app();
    update(&mut app, Action::OpenVersions);
    let (buffer, _) = draw(&app, 100, 30);
    let text = screen(&buffer);
    assert!(text.contains("现行") && text.contains("已被替代"), "{text}");
    assert!(text.contains(&app.versions[0].label), "{text}");
}

#[test]
fn tiny_sizes_never_panic() {
    let mut app = demo_app();
    typed(&mut app, "zydl");
    let code = app.catalog.selected_code().map(str::to_string).unwrap_or_default();
    // Each step changes the state further: list, loading, detail, versions, help, placeholder.
    let steps = [
        vec![],
        vec![Action::Open],
        vec![Action::ItemLoaded(Box::new(demo_item(&code)))],
        vec![Action::OpenVersions],
        vec![Action::Back, Action::ToggleHelp],
        vec![Action::NextTab],
    ];
    for step in steps {
        for action in step {
            update(&mut app, action);
        }
        for (w, h) in [(1, 1), (2, 1), (10, 3), (20, 6), (3, 40), (200, 2), (0, 0)] {
            let (buffer, cursor) = draw(&app, w, h);
            if let Some(c) = cursor {
                assert!(c.x < w.max(1) && c.y < h.max(1), "cursor {c:?} outside {w}x{h}");
            }
            assert_eq!(buffer.area.width, w);
        }
    }
}

#[test]
fn tiny_screen_keeps_what_fits() {
    let mut app = demo_app();
    typed(&mut app, "zydl");
    let (buffer, cursor) = draw(&app, 20, 6);
    assert!(row(&buffer, 0).contains("zhifa"));
    assert!(row(&buffer, 2).contains("zydl"), "{}", screen(&buffer));
    assert_eq!(cursor, Some(Position::new(11, 2)));
    assert!(row(&buffer, 5).contains("操作人"));
}

#[test]
fn an_old_version_is_labelled_as_such_in_the_header() {
    let mut app = demo_app();
    update(&mut app, Action::VersionLoaded(Box::new(crate::fixtures::demo_loaded(0))));
    let (buffer, _) = draw(&app, 100, 30);
    let header = row(&buffer, 1);
    assert!(header.contains(&format!("{}（已被替代）", app.versions[0].label)), "{header}");
    let status = row(&buffer, 29);
    assert!(
        status.contains(&app.versions[1].label),
        "the status line still names the one in force"
    );
}

#[test]
fn a_long_query_scrolls_so_the_cursor_stays_in_the_field() {
    let mut app = demo_app();
    typed(&mut app, "城市道路管理条例第四十二条");
    let (buffer, cursor) = draw(&app, 20, 6);
    let field = row(&buffer, 2);
    assert!(field.contains("二条"), "the end of the query is shown: {field}");
    let cursor = cursor.expect("cursor");
    assert!(cursor.x < 20, "{cursor:?}");
    assert_eq!(cursor.x as usize, text::width(field.trim_end()), "right after the text: {field}");
}

#[test]
fn ascii_theme_draws_no_box_characters() {
    let mut app = demo_app();
    app.theme = crate::theme::Theme { color: false, ascii: true };
    typed(&mut app, "zydl");
    app.catalog.focus = Focus::List;
    let (buffer, _) = draw(&app, 100, 30);
    let text = screen(&buffer);
    assert!(text.contains("+ 结果 -") && text.contains("|> 对"), "{text}");
    let boxy = |c: char| ('\u{2500}'..='\u{257f}').contains(&c) || c == '▶';
    assert!(!text.chars().any(boxy), "{text}");
    assert!(buffer.content.iter().all(|cell| cell.fg == ratatui::style::Color::Reset));
}

#[test]
fn the_status_line_counts_work_that_needs_attention() {
    let mut app = demo_app();
    assert!(!status_text(&app).contains("逾期"));
    app.attention = zhifa_app::worklist::Attention {
        overdue_cases: 2,
        overdue_tickets: 1,
        ..Default::default()
    };
    let status = status_text(&app);
    assert!(status.contains("逾期案件 2") && status.contains("逾期投诉 1"), "{status}");
    assert!(!status.contains("临期"), "zero counts are left out: {status}");
}

#[test]
fn a_failed_check_of_the_records_shows_over_the_login_and_over_work() {
    let alarm = "⚠ 记录核验未通过：第 12 号事件的内容与其哈希不符：该事件被改动";
    for mut app in [demo_app_at_login(), demo_app()] {
        app.records_alarm = Some(alarm.to_string());
        let (buffer, _) = draw(&app, 100, 30);
        assert!(row(&buffer, 0).starts_with(alarm), "top line: {}", row(&buffer, 0));
        // Narrow: cut to the width, never wrapped over the screen below.
        let (narrow, _) = draw(&app, 30, 10);
        assert!(row(&narrow, 0).starts_with("⚠ 记录核验未通过"), "{}", row(&narrow, 0));
        assert!(!row(&narrow, 1).contains("事件"), "{}", row(&narrow, 1));
    }
    let (clean, _) = draw(&demo_app(), 100, 30);
    assert!(!screen(&clean).contains("核验未通过"), "no alarm when the check passed");
}

#[test]
fn a_lockout_at_the_login_is_read_whole() {
    let mut app = demo_app_at_login();
    let locked = zhifa_store::AuthError::Locked("QJ1001".into());
    let message = zhifa_app::messages::auth_error(&locked, zhifa_core::i18n::Lang::Zh);
    assert!(zhifa_core::text::width(&message) > 60, "longer than the box: {message}");
    if let crate::app::Gate::Login(state) = &mut app.gate {
        state.form.error = Some(message.clone());
    }
    let (buffer, _) = draw(&app, 100, 40);
    let boxed = |c: char| ('\u{2500}'..='\u{257f}').contains(&c);
    let text: String = screen(&buffer)
        .lines()
        .map(|l| l.chars().filter(|c| !boxed(*c)).collect::<String>().trim().to_string())
        .collect();
    assert!(
        text.contains("请中队长或管理员解锁"),
        "the end of the message is shown:\n{}",
        screen(&buffer)
    );
}

#[test]
fn the_status_line_says_when_the_station_last_synced_and_what_waits() {
    let mut app = demo_app();
    let shown = |waiting, failure: Option<&str>| crate::app::SyncShown {
        at: "20:41".into(),
        waiting,
        failure: failure.map(str::to_string),
        tickets: 0,
    };
    let (buffer, _) = draw(&app, 160, 30);
    assert!(!row(&buffer, 29).contains("同步"), "no centre, no sync shown");

    update(&mut app, Action::Synced(shown(3, None)));
    let (buffer, _) = draw(&app, 160, 30);
    assert!(row(&buffer, 29).contains("已同步 20:41 · 待推 3"), "{}", row(&buffer, 29));

    update(&mut app, Action::Synced(shown(0, None)));
    let (buffer, _) = draw(&app, 160, 30);
    assert!(row(&buffer, 29).contains("已同步 20:41"), "{}", row(&buffer, 29));
    assert!(!row(&buffer, 29).contains("待推"), "{}", row(&buffer, 29));

    update(&mut app, Action::Synced(shown(0, Some("无法连接中心数据库"))));
    app.lang = Lang::En;
    let (buffer, _) = draw(&app, 160, 30);
    assert!(row(&buffer, 29).contains("sync failed 20:41"), "{}", row(&buffer, 29));
}

#[test]
fn complaints_dispatched_at_the_centre_are_shown_and_taken_in_with_c() {
    use crate::app::{Effect, SyncShown};
    let mut app = demo_app();
    update(&mut app, Action::NextTab);
    update(&mut app, Action::NextTab);
    update(&mut app, Action::NextTab);
    assert_eq!(app.tab, Tab::Complaints);
    // Nothing waits: c says so and asks nothing of the loop.
    assert_eq!(update(&mut app, Action::TakeDispatched), None);
    assert_eq!(app.message.as_deref(), Some("中心没有派发给本站的待接收投诉。"));
    let shown = SyncShown { at: "20:41".into(), waiting: 0, failure: None, tickets: 2 };
    update(&mut app, Action::Synced(shown));
    let (buffer, _) = draw(&app, 160, 30);
    assert!(row(&buffer, 29).contains("待收投诉 2（投诉页 c）"), "{}", row(&buffer, 29));
    assert_eq!(update(&mut app, Action::TakeDispatched), Some(Effect::TakeDispatched));
    // An auditor may not take complaints in: told at once.
    let auditor =
        crate::fixtures::officer("QJ5001", "周审计", zhifa_core::domain::officer::Role::Auditor);
    update(&mut app, Action::LoggedIn(Box::new(auditor)));
    app.tab = Tab::Complaints;
    assert_eq!(update(&mut app, Action::TakeDispatched), None);
    assert!(app.message.as_deref().unwrap_or_default().contains("周审计（QJ5001）"));
}

#[test]
fn the_catalog_header_names_every_filter_and_how_to_leave_an_empty_combination() {
    let mut app = demo_app();
    let (buffer, _) = draw(&app, 160, 30);
    let header = row(&buffer, 1);
    for filter in ["类型[t] 全部", "领域[d] 全部", "部门[b] 全部", "范围[s] 全部"] {
        assert!(header.contains(filter), "{filter}: {header}");
    }
    typed(&mut app, "龘龘龘");
    let (buffer, _) = draw(&app, 160, 30);
    assert!(row(&buffer, 1).contains("0 条结果"), "{}", row(&buffer, 1));
    assert!(!row(&buffer, 1).contains("取消全部筛选"), "no filter to clear: {}", row(&buffer, 1));
    update(&mut app, Action::CycleType);
    let (buffer, _) = draw(&app, 160, 30);
    assert!(row(&buffer, 1).contains("0 条结果（x 取消全部筛选）"), "{}", row(&buffer, 1));
    // At 80 columns the count keeps its place; the filters are what is cut.
    let (buffer, _) = draw(&app, 80, 24);
    assert!(row(&buffer, 1).contains("0 条结果"), "{}", row(&buffer, 1));
}

/// Border cells a wide character just before them would cover on a terminal.
fn covered_borders(buffer: &Buffer) -> Vec<(u16, u16)> {
    use unicode_width::UnicodeWidthStr;
    let area = buffer.area;
    let border = ["│", "┌", "└", "┐", "┘", "├", "┤", "─"];
    (0..area.height)
        .flat_map(|y| (1..area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            border.contains(&buffer[(x, y)].symbol()) && buffer[(x - 1, y)].symbol().width() > 1
        })
        .collect()
}

#[test]
fn overlays_over_chinese_text_keep_every_border() {
    for width in 60..=160 {
        for open in [Action::ToggleHelp, Action::OpenVersions] {
            let mut app = demo_app();
            typed(&mut app, "zy");
            update(&mut app, open.clone());
            let (buffer, _) = draw(&app, width, 30);
            assert_eq!(
                covered_borders(&buffer),
                vec![],
                "{open:?} at {width}:\n{}",
                screen(&buffer)
            );
        }
    }
}

#[test]
fn the_english_interface_shows_no_chinese_but_the_records_own() {
    let records = records_text();
    let mut untranslated = std::collections::BTreeSet::new();
    let admin =
        crate::fixtures::officer("QJ0001", "演示管理员", zhifa_core::domain::officer::Role::Admin);
    for as_admin in [false, true] {
        for tab in Tab::ALL {
            for overlay in [None, Some(Action::ToggleHelp), Some(Action::OpenVersions)] {
                let mut app = demo_app();
                if as_admin {
                    update(&mut app, Action::LoggedIn(Box::new(admin.clone())));
                }
                app.lang = Lang::En;
                app.tab = tab;
                with_work(&mut app);
                if let Some(open) = overlay.clone() {
                    update(&mut app, open);
                }
                let (buffer, _) = draw(&app, 160, 50);
                for run in chinese_runs(&screen(&buffer)) {
                    if !records.contains(&run) {
                        untranslated.insert(format!("{tab:?}/{overlay:?}: {run}"));
                    }
                }
            }
        }
    }
    assert!(untranslated.is_empty(), "Chinese in the English interface:\n{untranslated:#?}");
}
