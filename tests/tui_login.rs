//! Accounts on a shared terminal, end to end: the real binary in tmux, typed at as a person
//! would, checked afterwards through the command line.
//!
//! Guards: a database with no accounts opens only to create the first admin, who is then logged
//! in; five wrong PINs lock an account (the count is shown as it goes, and the lock survives the
//! process) until a team leader unlocks it on the 管理 tab; the terminal locks itself when idle and on Ctrl-L, clearing the screen; the same
//! officer resumes their search, another officer starts afresh. Skipped without tmux.

mod common;

use common::tmux::{quoted, Tmux};
use common::{json, zhifa_with_stdin};
use std::path::Path;

fn demo(tmux: &Tmux, db: &Path, env: &str) {
    tmux.launch(env, &format!("demo --db {}", quoted(db)));
    tmux.wait_for("the login", |s| s.contains("综合行政执法 · 登录") && s.contains("演示账号"));
}

fn officer_json(db: &Path, badge: &str) -> serde_json::Value {
    let list = json(&zhifa_with_stdin(db, &["officer", "list", "--json"], ""));
    let officers = list.as_array().expect("array").clone();
    officers.into_iter().find(|o| o["badge"] == badge).expect("officer listed")
}

#[test]
fn a_new_database_opens_only_to_create_the_first_admin() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("new.db");
    tmux.launch("", &format!("--db {}", quoted(&db)));
    tmux.wait_for("the first-admin form", |s| s.contains("请创建第一个管理员账号"));
    tmux.text("QJ0009");
    tmux.keys(&["Enter"]);
    tmux.text("林管理");
    tmux.keys(&["Enter"]);
    tmux.text("12345678");
    tmux.keys(&["Enter"]);
    tmux.text("12345678");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the policy refusal", |s| s.contains("管理员须使用"));
    tmux.text("lin-admin-2026");
    tmux.keys(&["Enter"]);
    tmux.text("lin-admin-2026");
    tmux.keys(&["Enter"]);
    let screen =
        tmux.wait_for("the admin at work", |s| s.contains("操作人 林管理（QJ0009 · 管理员）"));
    assert!(screen.contains("尚无执法事项目录"), "an empty catalog says so:\n{screen}");
    tmux.keys(&["Tab", "q"]);
    tmux.wait_for_exit(0);
    let admin = officer_json(&db, "QJ0009");
    assert_eq!((admin["role"].as_str(), admin["active"].as_bool()), (Some("管理员"), Some(true)));
    // The admin exists now: the CLI no longer runs admin commands as the OS user.
    let refused = zhifa_with_stdin(&db, &["team", "add", "T1", "一中队"], "");
    assert!(!refused.status.success());
}

#[test]
fn five_wrong_pins_lock_the_account_until_unlocked() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    demo(&tmux, &db, "");
    tmux.log_in("QJ1002", "999999");
    tmux.wait_for("the first failure", |s| s.contains("再错 4 次账号将被锁定"));
    for left in [3, 2, 1] {
        tmux.text("999999");
        tmux.keys(&["Enter"]);
        tmux.wait_for("the count going down", |s| s.contains(&format!("再错 {left} 次")));
    }
    tmux.text("999999");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the lock", |s| s.contains("已被锁定"));
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);

    let locked = officer_json(&db, "QJ1002");
    assert_eq!(
        (locked["locked"].as_bool(), locked["failed_attempts"].as_u64()),
        (Some(true), Some(5))
    );
    // A new process: the right PIN is still refused.
    demo(&tmux, &db, "");
    tmux.log_in("QJ1002", "100200");
    tmux.wait_for("still locked", |s| s.contains("因连续输错密码已被锁定"));
    // The team leader, at the same terminal, unlocks it on the 管理 tab.
    tmux.log_in("QJ3001", "300100");
    tmux.wait_for("the leader at work", |s| s.contains("操作人 陈中队长"));
    tmux.keys(&["Tab", "["]);
    tmux.wait_for("the locked account listed", |s| {
        s.contains("被锁定的账号") && s.contains("QJ1002  李执法  连续输错密码 5 次")
    });
    tmux.keys(&["u"]);
    tmux.wait_for("the unlock form", |s| s.contains("解锁账号") && s.contains("QJ1002 李执法"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("unlocked", |s| s.contains("已解锁账号 QJ1002 李执法"));
    tmux.keys(&["q"]);
    tmux.wait_for_exit(0);
    let unlocked = officer_json(&db, "QJ1002");
    assert_eq!(unlocked["locked"].as_bool(), Some(false));
    // And the officer gets in.
    demo(&tmux, &db, "");
    tmux.log_in("QJ1002", "100200");
    tmux.wait_for("李执法 at work", |s| s.contains("操作人 李执法"));
    tmux.keys(&["Tab", "q"]);
    tmux.wait_for_exit(0);
}

#[test]
fn idle_and_ctrl_l_lock_the_screen_and_only_the_same_officer_resumes() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    demo(&tmux, &dir.path().join("demo.db"), "ZHIFA_LOCK_AFTER=2");
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("the catalog", |s| s.contains("操作人 张执法"));
    tmux.text("垃圾分类");
    tmux.wait_for("results", |s| s.contains("检索 › 垃圾分类"));
    // Two seconds without a key: locked, and nothing of the search shows.
    let screen = tmux.wait_for("the idle lock", |s| s.contains("终端已锁定（张执法，QJ1001）"));
    assert!(!screen.contains("垃圾"), "the screen is cleared:\n{screen}");
    // The same officer logs in as usual (nobody's badge waits at a locked screen) and finds the
    // search again.
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("the search resumed", |s| s.contains("检索 › 垃圾分类") && s.contains("张执法"));
    // Ctrl-L hands over at once; 李执法 starts on an empty search.
    tmux.keys(&["C-l"]);
    tmux.wait_for("the lock", |s| s.contains("终端已锁定"));
    tmux.log_in("QJ1002", "100200");
    let screen = tmux.wait_for("李执法", |s| s.contains("操作人 李执法"));
    assert!(!screen.contains("检索 › 垃圾分类"), "a fresh start:\n{screen}");
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);
}

#[test]
fn the_config_file_rebinds_keys_and_a_broken_one_stops_the_start() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "lock_after_secs = 0\n[keys]\nlock = \"ctrl-k\"\n").expect("write");
    demo(&tmux, &db, &format!("ZHIFA_CONFIG={}", quoted(&config)));
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("the catalog", |s| s.contains("操作人 张执法"));
    tmux.keys(&["C-l"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = tmux.screen();
    assert!(!screen.contains("终端已锁定"), "Ctrl-L no longer locks:\n{screen}");
    tmux.keys(&["C-k"]);
    tmux.wait_for("the lock", |s| s.contains("终端已锁定"));
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);

    std::fs::write(&config, "lock_after_secs = \"soon\"\n").expect("write");
    tmux.launch(
        &format!("ZHIFA_CONFIG={}", quoted(&config)),
        &format!("demo --db {}", quoted(&db)),
    );
    let screen = tmux.wait_for_exit(1);
    assert!(screen.contains("config.toml") && screen.contains("line 1"), "{screen}");
}
