//! A private tmux server to drive the real `zhifa` binary as a person would: type keys, read
//! the screen. Each server has its own socket (`-L`) and is killed on drop, even when the test
//! fails, so nothing leaks into a user's tmux.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How long `wait_for` waits before failing with the screen it saw.
const PATIENCE: Duration = Duration::from_secs(10);

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A 120×35 session running `sh`, or `None` (with a message) when tmux is not installed.
    pub fn start() -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("skipped: tmux not installed");
            return None;
        }
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let tmux = Tmux { socket: format!("zhifa-test-{}-{nanos}", std::process::id()) };
        tmux.run(&["new-session", "-d", "-s", "main", "-x", "120", "-y", "35", "env PS1='$ ' sh"]);
        tmux.wait_for("a shell prompt", |s| s.contains('$'));
        Some(tmux)
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out =
            Command::new("tmux").args(["-L", &self.socket]).args(args).output().expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys (tmux names: `Enter`, `Escape`, `C-l`, or literal text).
    pub fn keys(&self, keys: &[&str]) {
        self.run(&[&["send-keys", "-t", "main"], keys].concat());
    }

    /// Sends text literally (no key-name lookup), e.g. a password that spells a key name.
    pub fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "main", "-l", text]);
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "main"])
    }

    pub fn pane(&self, format: &str) -> String {
        self.run(&["display", "-p", "-t", "main", format]).trim().to_string()
    }

    /// Polls until `done` holds for the screen, failing with the screen after a while.
    pub fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            assert!(start.elapsed() < PATIENCE, "waited for {what}:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `zhifa ARGS` at the prompt, with a fixed clock and Chinese, followed by an echo of
    /// its exit status (`zhifa-exit-N`) for [`Tmux::wait_for_exit`]. `env` adds variables.
    pub fn launch(&self, env: &str, args: &str) {
        let command = format!(
            "env -u ZHIFA_LANG -u NO_COLOR ZHIFA_NOW=2026-11-24T10:00:00+08:00 \
             ZHIFA_CONFIG=/nonexistent/zhifa-test/config.toml {env} {} {args}; \
             echo zhifa-exit-$?",
            quoted(Path::new(env!("CARGO_BIN_EXE_zhifa"))),
        );
        self.keys(&[&command, "Enter"]);
    }

    /// Waits for the status line `zhifa-exit-N` and checks that the terminal was given back:
    /// normal screen, no mouse capture, the shell in front again.
    pub fn wait_for_exit(&self, code: i32) -> String {
        let marker = format!("zhifa-exit-{code}");
        let screen = self.wait_for("the exit status", |s| s.contains(&marker));
        assert_eq!(self.pane("#{alternate_on}"), "0", "back on the normal screen");
        assert_eq!(self.pane("#{mouse_any_flag}"), "0", "mouse capture released");
        // tmux learns the foreground process when it next looks: give it a moment under load.
        let start = Instant::now();
        while self.pane("#{pane_current_command}") != "sh" && start.elapsed() < PATIENCE {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(self.pane("#{pane_current_command}"), "sh", "zhifa exited");
        screen
    }

    /// At the login: types the badge (after clearing the form) and the password, then Enter.
    pub fn log_in(&self, badge: &str, password: &str) {
        // The interface's own login box, not the text `zhifa demo` prints before it takes the
        // screen (which says 登录 too): keys sent before the interface reads them land in the
        // terminal's line buffer and arrive later, twice typed.
        self.wait_for("the interface's login box", |s| {
            s.contains("综合行政执法 · 登录") || s.contains("Comprehensive enforcement · log in")
        });
        self.keys(&["Escape"]);
        // A key right after Esc would arrive as Alt+key: give the lone Esc time to be one.
        std::thread::sleep(Duration::from_millis(150));
        self.text(badge);
        // The badge in its field before Enter: on a loaded machine the form may still be taking
        // the keys before it (the login form shows the field as `执法证号  BADGE`).
        let typed = format!("执法证号  {badge} ");
        let start = Instant::now();
        while !self.screen().contains(&typed) && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(30));
        }
        self.keys(&["Enter"]);
        self.text(password);
        self.keys(&["Enter"]);
    }
}

impl Tmux {
    /// Opens the selected record's menu (Enter; a case opens its case file first, and Enter
    /// there the menu beside it), picks `entry` and confirms it.
    pub fn act(&self, entry: &str) {
        self.open_menu();
        for _ in 0..40 {
            if self.screen().contains(&format!("‹ {entry}")) {
                self.keys(&["Enter"]);
                return;
            }
            self.keys(&["Right"]);
            std::thread::sleep(Duration::from_millis(60));
        }
        panic!("no “{entry}” in the menu:\n{}", self.screen());
    }
}

impl Tmux {
    /// Opens the selected record's menu and moves to `entry`, offered but not takeable now: the
    /// screen, with the reason shown under the menu. Closes the menu again.
    pub fn refused_in_menu(&self, entry: &str) -> String {
        self.open_menu();
        for _ in 0..40 {
            let screen = self.screen();
            if screen.contains(&format!("‹ × {entry}")) {
                self.keys(&["Escape"]);
                std::thread::sleep(Duration::from_millis(200));
                return screen;
            }
            self.keys(&["Right"]);
            std::thread::sleep(Duration::from_millis(60));
        }
        panic!("no “× {entry}” in the menu:\n{}", self.screen());
    }
}

impl Tmux {
    /// Enter on the selection: the menu of a patrol or ticket at once; a case opens its case
    /// file first, where Enter opens the menu beside it.
    fn open_menu(&self) {
        let in_file = self.screen().contains("案卷 · Enter 办理");
        self.keys(&["Enter"]);
        let shown = self.wait_for("the menu or the case file", |s| {
            s.contains("办理  ‹") || s.contains("案卷 · Enter 办理")
        });
        if !in_file && !shown.contains("办理  ‹") {
            self.keys(&["Enter"]);
        }
        self.wait_for("the menu", |s| s.contains("办理  ‹"));
    }
}

/// What the officers' end-to-end tests do at a shared station.
impl Tmux {
    /// Logs in (locking the terminal first if someone is logged in) and goes to tab `tab`
    /// (0 = 目录).
    pub fn as_officer(&self, who: (&str, &str), tab: usize) {
        if !self.screen().contains("演示账号") {
            self.keys(&["C-l"]);
            self.wait_for("the lock", |s| s.contains("演示账号"));
        }
        self.log_in(who.0, who.1);
        let badge = format!("（{} ·", who.0);
        self.wait_for("the catalog", |s| s.contains("检索") && s.contains(&badge));
        // From the search field to the list, then along the tabs.
        self.keys(&["Tab"]);
        for _ in 0..tab {
            self.keys(&["]"]);
        }
        self.wait_for("the work list", |s| s.contains("Enter 办理") || tab == 0);
    }

    /// Moves the selection to the first row that contains `text`.
    pub fn select(&self, text: &str) {
        self.keys(&["g"]);
        // The key needs a frame to show: look after it, not before.
        std::thread::sleep(Duration::from_millis(200));
        for _ in 0..30 {
            if self.screen().lines().any(|l| l.contains('▶') && l.contains(text)) {
                return;
            }
            self.keys(&["j"]);
            std::thread::sleep(Duration::from_millis(80));
        }
        panic!("no row with “{text}”:\n{}", self.screen());
    }

    /// Types into the focused field (after clearing it) and moves on.
    pub fn fill(&self, text: &str) {
        self.keys(&["C-u"]);
        if !text.is_empty() {
            self.text(text);
        }
        self.keys(&["Enter"]);
    }

    /// Waits for the status line to confirm `what`.
    pub fn done(&self, what: &str) -> String {
        self.wait_for(what, |s| s.contains(&format!("✓ {what}")))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).output();
    }
}

pub fn quoted(path: &Path) -> String {
    format!("'{}'", path.display())
}
