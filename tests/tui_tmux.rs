//! The real `zhifa` binary in a real terminal, driven through tmux.
//!
//! Guards: `zhifa demo` in a terminal opens the TUI at its login (after printing the demo
//! accounts); after logging in, typing `zydl`
//! finds an item with 占用 and 道路; Enter shows its detail with 处罚依据; `q` exits with status 0
//! and leaves the terminal as it was (normal screen, no mouse capture); the versions list opens
//! an old version from the database (`k` moves up: it once moved down).
//! Skipped with a message when tmux is not installed.

mod common;

use common::tmux::{quoted, Tmux};
use std::path::Path;

/// Starts `zhifa demo`, logs in as the demo officer 张执法 and waits for the catalog screen.
fn launch_demo(tmux: &Tmux, db: &Path) {
    tmux.launch("", &format!("demo --db {}", quoted(db)));
    tmux.wait_for("the login", |s| s.contains("登录") && s.contains("演示账号"));
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("the catalog screen", |s| s.contains("检索") && s.contains("操作人 张执法"));
}

#[test]
fn demo_opens_the_tui_searches_shows_detail_and_quits_cleanly() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    launch_demo(&tmux, &dir.path().join("demo.db"));
    assert_eq!(tmux.pane("#{alternate_on}"), "1", "the TUI uses the alternate screen");
    assert_eq!(tmux.pane("#{mouse_any_flag}"), "1", "the wheel scrolls the list");

    tmux.keys(&["zydl"]);
    let screen = tmux.wait_for("results for zydl", |s| {
        s.contains("zydl") && s.lines().any(|l| l.contains("▶") && l.contains("占用"))
    });
    let selected = screen.lines().find(|l| l.contains('▶')).unwrap_or_default();
    assert!(selected.contains("道路"), "{screen}");

    tmux.keys(&["Enter"]);
    tmux.wait_for("the detail", |s| s.contains("事项详情") && s.contains("处罚依据"));

    tmux.keys(&["q"]);
    let screen = tmux.wait_for_exit(0);
    assert!(!screen.contains("事项详情"), "the TUI is gone:\n{screen}");
    assert!(screen.contains("演示账号") && screen.contains("100100"), "printed before:\n{screen}");
}

#[test]
fn versions_list_opens_the_superseded_catalog() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    launch_demo(&tmux, &dir.path().join("demo.db"));
    let first = tmux.screen();
    assert!(first.lines().nth(1).is_some_and(|l| l.contains("181 条结果")), "{first}");
    tmux.keys(&["Tab", "v"]);
    tmux.wait_for("the versions list", |s| s.contains("目录版本") && s.contains("已被替代"));
    tmux.keys(&["k", "Enter"]);
    let screen = tmux.wait_for("the old catalog", |s| {
        s.lines().nth(1).is_some_and(|l| l.contains("（已被替代）") && l.contains("174 条结果"))
    });
    let status = screen.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    assert!(status.contains("现行目录") && status.contains("181"), "{screen}");
    // The newer version compared with the older one, as stored.
    tmux.keys(&["F4", "j", "d"]);
    tmux.wait_for("the differences", |s| s.contains("新增 14 项，调整 15 项，取消 7 项"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the versions list again", |s| s.contains("目录版本"));
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);
}

#[test]
fn the_cases_and_complaints_tabs_show_overdue_work() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    launch_demo(&tmux, &dir.path().join("demo.db"));
    let screen = tmux.screen();
    assert!(screen.contains("逾期案件 2"), "the status line counts overdue cases:\n{screen}");
    tmux.keys(&["Tab", "]"]);
    tmux.wait_for("today's patrols", |s| s.contains("今日巡查 2 次"));
    tmux.keys(&["]"]);
    let screen = tmux.wait_for("the cases", |s| s.contains("案件 5 件"));
    assert!(screen.contains("已逾期"), "{screen}");
    tmux.keys(&["G"]);
    tmux.wait_for("the lead's clocks", |s| s.contains("第五十四条") && s.contains("第三十六条"));
    tmux.keys(&["]"]);
    tmux.wait_for("the complaints", |s| s.contains("投诉举报 3 件，逾期未答复 1 件"));
    tmux.keys(&["q"]);
    tmux.wait_for_exit(0);
}
