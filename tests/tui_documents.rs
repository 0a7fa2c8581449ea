//! A case's documents in the real binary, in a real terminal (tmux): `p` on the 案件 tab lists
//! them, Enter previews one as text, `w` issues and writes its PDF beside the database with the
//! path shown, and `zhifa doc check` knows the file. Skipped with a message when tmux is not
//! installed.

mod common;

use common::tmux::{quoted, Tmux};
use common::zhifa_with_stdin;
use std::time::Duration;

#[test]
fn p_lists_the_documents_enter_previews_and_w_writes_the_pdf() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    tmux.launch("ZHIFA_NOW=2026-12-06T10:00:00+08:00", &format!("demo --db {}", quoted(&db)));
    tmux.wait_for("the login", |s| s.contains("登录") && s.contains("演示账号"));
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("the catalog", |s| s.contains("检索") && s.contains("（QJ1001 ·"));
    tmux.keys(&["Tab", "]", "]"]);
    tmux.wait_for("the cases", |s| s.contains("青溪菜市场"));
    // The served case (demo activity): its row selected.
    tmux.keys(&["g"]);
    for _ in 0..20 {
        if tmux.screen().lines().any(|l| l.contains('▶') && l.contains("青溪菜市场")) {
            break;
        }
        tmux.keys(&["j"]);
        std::thread::sleep(Duration::from_millis(80));
    }
    tmux.keys(&["p"]);
    tmux.wait_for("the documents", |s| s.contains("的执法文书") && s.contains("行政处罚决定书"));
    let screen = tmux.screen();
    assert!(screen.contains("当事人未要求听证"), "why a document is not available:\n{screen}");
    // Down to the decision (the seventh kind), preview it, back, write it.
    for _ in 0..6 {
        tmux.keys(&["j"]);
    }
    tmux.keys(&["Enter"]);
    tmux.wait_for("the preview", |s| s.contains("行政复议") || s.contains("本机关决定"));
    tmux.keys(&["Escape"]);
    // The list, not the preview (which quotes the notice too): its reasons are back.
    tmux.wait_for("the list again", |s| {
        s.contains("当事人未要求听证") && !s.contains("本机关决定") && !s.contains("行政复议")
    });
    tmux.keys(&["w"]);
    let screen = tmux.wait_for("the written path", |s| s.contains("已签发") && s.contains(".pdf"));
    let written = std::fs::read_dir(dir.path().join("documents"))
        .expect("documents/ beside the database")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("行政处罚决定书"))
        .unwrap_or_else(|| panic!("no decision written:\n{screen}"));
    let check = zhifa_with_stdin(&db, &["doc", "check", written.to_str().expect("utf-8")], "");
    assert_eq!(check.status.code(), Some(0), "{}", String::from_utf8_lossy(&check.stdout));
    tmux.keys(&["Escape", "C-c"]);
}
