//! Everyday words in the real binary, in a real terminal (tmux): an officer types 摆摊, the
//! items found through the lexicon are marked, opening one says why it came up and teaches the
//! station that choice, which `zhifa catalog learned` then lists and the next search puts first.
//! Skipped with a message when tmux is not installed.

mod common;

use common::tmux::{quoted, Tmux};
use common::{json, zhifa_with_stdin};

#[test]
fn an_officer_opens_an_item_found_through_everyday_words_and_search_learns_it() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    let now = "ZHIFA_NOW=2026-11-24T10:00:00+08:00";
    tmux.launch(now, &format!("demo --db {}", quoted(&db)));
    tmux.wait_for("the login", |s| s.contains("登录") && s.contains("演示账号"));
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("the catalog", |s| s.contains("检索") && s.contains("（QJ1001 ·"));
    tmux.text("摆摊");
    tmux.wait_for("marked everyday hits", |s| s.contains("~ "));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the detail", |s| s.contains("事项编码"));
    assert!(screen.contains("检索依据 近义：摆摊→"), "{screen}");
    tmux.keys(&["Escape", "Tab", "q"]);
    tmux.wait_for_exit(0);

    let learned = json(&zhifa_with_stdin(&db, &["catalog", "learned", "--json"], ""));
    let rows = learned.as_array().expect("array");
    assert_eq!(rows.len(), 1, "{learned}");
    assert_eq!((&rows[0]["words"], &rows[0]["times"]), (&"摆摊".into(), &1.into()));
    let hits = json(&zhifa_with_stdin(&db, &["catalog", "search", "摆摊", "--json"], ""));
    assert_eq!(hits[0]["code"], rows[0]["code"], "the choice comes first: {hits}");
    assert_eq!(hits[0]["learned"], 1);
}
