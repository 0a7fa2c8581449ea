//! The law one key away, in a real terminal through tmux: an admin loads a regulation's text;
//! an officer opens a catalog item in the TUI, picks the penalty provision with →, Enter shows
//! the article whole with the cited 款 marked, Esc goes back to the item; an item citing a law
//! not loaded says how to load it; F7 searches the laws by words and opens an article. Skipped with a message when tmux or ../shared/law is absent.

mod common;

use common::tmux::{quoted, Tmux};
use common::{ok, zhifa_with_stdin};
use std::path::Path;

const REGULATION: &str = "浙江省城市市容和环境卫生管理条例(2021-09-30).md";

#[test]
fn enter_on_a_cited_provision_shows_its_article_and_esc_goes_back() {
    let law = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/law").join(REGULATION);
    if !law.is_file() {
        eprintln!("skipped: ../shared/law not present");
        return;
    }
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    let load = ["--as", "QJ0001", "--password-stdin", "law", "load", law.to_str().expect("path")];
    ok(&zhifa_with_stdin(&db, &load, "demo-admin-2026\n"));

    tmux.launch("", &format!("demo --db {}", quoted(&db)));
    tmux.wait_for("the login", |s| s.contains("登录") && s.contains("演示账号"));
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("the catalog screen", |s| s.contains("检索") && s.contains("操作人 张执法"));
    tmux.keys(&["330217101001", "Enter"]);
    tmux.wait_for("the detail", |s| s.contains("事项详情") && s.contains("处罚依据"));
    tmux.keys(&["Right", "Enter"]);
    // Waits for the whole overlay: a screen caught mid-draw shows its title before its lines.
    let screen = tmux.wait_for("the article", |s| {
        s.contains("起施行的文本")
            && s.contains("第十一条 主要街道")
            && s.lines().any(|l| l.contains('▶') && l.contains("违反本条第一款或者第二款规定的"))
    });
    assert!(screen.contains("2021-09-30 起施行的文本"), "{screen}");
    assert!(screen.contains("第十一条 主要街道和重点地区临街建筑物"), "{screen}");
    let marked = screen.lines().find(|l| l.contains('▶')).unwrap_or_default();
    assert!(marked.contains("违反本条第一款或者第二款规定的"), "the cited 款 is marked:\n{screen}");

    tmux.keys(&["Escape"]);
    let screen = tmux
        .wait_for("the detail again", |s| !s.contains("起施行的文本") && s.contains("处罚依据"));
    assert!(screen.contains("事项详情") && screen.contains("330217101001"), "{screen}");

    // An item citing 城市道路管理条例, which is not loaded.
    tmux.keys(&["/", "C-u", "占用城市道路", "Enter"]);
    tmux.wait_for("another detail", |s| s.contains("事项详情") && s.contains("城市道路管理条例》"));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the message", |s| s.contains("尚未载入"));
    assert!(screen.contains("zhifa law load"), "{screen}");
    tmux.keys(&["Escape"]);

    // The laws searched like the catalog (F7): words, Enter, the article.
    tmux.keys(&["F7"]);
    tmux.wait_for("the law search", |s| s.contains("法规检索"));
    tmux.text("临街建筑物");
    tmux.keys(&["Enter"]);
    let found =
        tmux.wait_for("the hits", |s| s.contains("共 ") && s.contains("▶ 《浙江省城市市容"));
    assert!(found.contains("第十一条"), "{found}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the article", |s| s.contains("起施行的文本") && s.contains("临街建筑物"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the hits again", |s| s.contains("法规检索") && s.contains("▶ 《浙江省城市市容"));
    tmux.keys(&["Escape", "C-c"]);
    tmux.wait_for_exit(0);
}
