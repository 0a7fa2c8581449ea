//! The real `zhifa` binary in a real terminal, driven through tmux.
//!
//! Guards: `zhifa demo` in a terminal opens the TUI (not the printed summary); typing `zydl`
//! finds an item with 占用 and 道路; Enter shows its detail with 处罚依据; `q` exits with status 0
//! and leaves the terminal as it was (normal screen, no mouse capture); the versions list opens
//! an old version from the database (`k` moves up: it once moved down).
//!
//! Each test runs its own tmux server (`-L`), killed at the end even when the test fails, so
//! nothing leaks into a user's tmux. Skipped with a message when tmux is not installed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A private tmux server with one 120×35 session running `sh`.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start() -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            return None;
        }
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let tmux = Tmux { socket: format!("zhifa-test-{}-{nanos}", std::process::id()) };
        tmux.run(&["new-session", "-d", "-s", "main", "-x", "120", "-y", "35", "env PS1='$ ' sh"]);
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> String {
        let out =
            Command::new("tmux").args(["-L", &self.socket]).args(args).output().expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        self.run(&[&["send-keys", "-t", "main"], keys].concat());
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "main"])
    }

    fn pane(&self, format: &str) -> String {
        self.run(&["display", "-p", "-t", "main", format]).trim().to_string()
    }

    /// Polls until `done` holds for the screen, failing with the screen after five seconds.
    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(5), "waited for {what}:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).output();
    }
}

fn quoted(path: &Path) -> String {
    format!("'{}'", path.display())
}

/// Types `zhifa demo` at the shell prompt and waits for the catalog screen.
fn launch_demo(tmux: &Tmux, db: &Path) {
    let command = format!(
        "env -u ZHIFA_LANG -u NO_COLOR ZHIFA_NOW=2026-11-24T10:00:00+08:00 {} demo --db {}; \
         echo zhifa-exit-$?",
        quoted(Path::new(env!("CARGO_BIN_EXE_zhifa"))),
        quoted(db)
    );
    tmux.wait_for("a shell prompt", |s| s.contains('$'));
    tmux.keys(&[&command, "Enter"]);
    tmux.wait_for("the catalog screen", |s| s.contains("检索") && s.contains("操作人"));
}

#[test]
fn demo_opens_the_tui_searches_shows_detail_and_quits_cleanly() {
    let Some(tmux) = Tmux::start() else {
        eprintln!("skipped: tmux not installed");
        return;
    };
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
    let screen = tmux.wait_for("the exit status", |s| s.contains("zhifa-exit-0"));
    assert!(!screen.contains("事项详情"), "the TUI is gone:\n{screen}");
    assert_eq!(tmux.pane("#{alternate_on}"), "0", "back on the normal screen");
    assert_eq!(tmux.pane("#{mouse_any_flag}"), "0", "mouse capture released");
    assert_eq!(tmux.pane("#{pane_current_command}"), "sh", "zhifa exited");
}

#[test]
fn versions_list_opens_the_superseded_catalog() {
    let Some(tmux) = Tmux::start() else {
        eprintln!("skipped: tmux not installed");
        return;
    };
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
    tmux.keys(&["C-c"]);
    tmux.wait_for("the exit status", |s| s.contains("zhifa-exit-0"));
}
