//! The shared terminal's defences end to end, beyond `tui_login`: the real binary in tmux, the
//! database checked afterwards through the command line.
//!
//! Guards: an officer who walks away from a case form locks the screen with nothing of the cases
//! or of the ID number being typed left on it, and only their password (not Enter, not a wrong
//! PIN, which counts) brings the form back; an account locked from another terminal (five wrong
//! PINs on the command line) can no longer record anything in the session already open, the
//! officer and the auditor cannot unlock it, the admin can, and then the officer logs in again.
//! Skipped without tmux.

mod common;

use common::tmux::{quoted, Tmux};
use common::{json, ok, zhifa_with_stdin};
use std::path::Path;
use std::time::Duration;

/// A resident ID number with a valid check digit (GB 11643), typed into the case form.
const ID_NUMBER: &str = "330106198507153214";
/// What the demo's 案件 tab shows of its cases: places, facts, parties.
const CASE_DATA: [&str; 6] = ["青溪路12号", "滨江路", "学府路", "青溪菜市场", "阳台", "孙某"];

fn demo(tmux: &Tmux, db: &Path, env: &str) {
    tmux.launch(env, &format!("demo --db {}", quoted(db)));
    tmux.wait_for("the login", |s| s.contains("综合行政执法 · 登录") && s.contains("演示账号"));
}

/// Logged in, from the search field to the 案件 tab.
fn to_cases(tmux: &Tmux, badge: &str, pin: &str) -> String {
    tmux.log_in(badge, pin);
    tmux.wait_for("the catalog", |s| s.contains(&format!("（{badge} ·")));
    tmux.keys(&["Tab", "]", "]"]);
    tmux.wait_for("the cases", |s| s.contains("青溪路12号") && s.contains("Enter 办理"))
}

fn officer_json(db: &Path, badge: &str) -> serde_json::Value {
    let list = json(&zhifa_with_stdin(db, &["officer", "list", "--json"], ""));
    let officers = list.as_array().expect("array").clone();
    officers.into_iter().find(|o| o["badge"] == badge).expect("officer listed")
}

/// Events in the log: every write appends one.
fn events(db: &Path) -> usize {
    let store = zhifa::store::Store::open(db).expect("open");
    store.events(0, 1_000_000).expect("events").len()
}

#[test]
fn the_idle_lock_hides_the_case_form_and_only_the_password_brings_it_back() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    demo(&tmux, &db, "ZHIFA_LOCK_AFTER=3");
    to_cases(&tmux, "QJ1001", "100100");
    tmux.keys(&["n"]);
    tmux.wait_for("the case form", |s| s.contains("登记案件线索"));
    // Down to the ID number field, past source, place, grid, facts, date, item, kind, party.
    for _ in 0..8 {
        tmux.keys(&["Down"]);
    }
    tmux.text(ID_NUMBER);
    tmux.wait_for("the number in its field", |s| {
        s.lines().any(|l| l.contains("证件号/信用代码") && l.contains(ID_NUMBER))
    });
    // Three seconds without a key.
    let locked = tmux.wait_for("the idle lock", |s| s.contains("终端已锁定（张执法，QJ1001）"));
    assert_nothing_of_the_cases(&locked);
    tmux.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    let empty = tmux.wait_for("still locked", |s| s.contains("终端已锁定"));
    assert_nothing_of_the_cases(&empty);
    tmux.log_in("QJ1001", "999999");
    let wrong = tmux.wait_for("the wrong PIN counted", |s| s.contains("再错 4 次"));
    assert!(wrong.contains("终端已锁定"), "a wrong PIN does not unlock:\n{wrong}");
    assert_nothing_of_the_cases(&wrong);
    tmux.text("100100");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the form back", |s| s.contains("登记案件线索") && s.contains(ID_NUMBER));
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);
    let zhang = officer_json(&db, "QJ1001");
    assert_eq!(zhang["failed_attempts"].as_u64(), Some(0), "the right PIN reset the count");
    let cases = json(&zhifa_with_stdin(&db, &["case", "list", "--json"], ""));
    assert!(!cases.to_string().contains(ID_NUMBER), "the form was never submitted: {cases}");
}

/// Ctrl-L and the next officer logs in the ordinary way, badge then PIN: they are logged in,
/// and the officer who left is charged with nothing (the locked screen used to keep the
/// previous badge with the cursor in the password, so both went in as two failed logins of
/// theirs). The one who left then logs in as themselves, still charged with nothing.
#[test]
fn after_ctrl_l_a_colleagues_typing_is_charged_to_no_one_else() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    demo(&tmux, &db, "ZHIFA_LOCK_AFTER=0");
    to_cases(&tmux, "QJ1001", "100100");
    tmux.keys(&["n"]);
    tmux.wait_for("the case form", |s| s.contains("登记案件线索"));
    tmux.keys(&["C-l"]);
    let locked = tmux.wait_for("the lock", |s| s.contains("终端已锁定（张执法，QJ1001）"));
    assert_nothing_of_the_cases(&locked);
    // Typed as anyone types at a login, without Esc first.
    tmux.text("QJ1002");
    tmux.keys(&["Enter"]);
    tmux.text("100200");
    tmux.keys(&["Enter"]);
    let li = tmux.wait_for("李执法 logged in", |s| s.contains("（QJ1002 ·"));
    assert!(
        !li.contains("登记案件线索"),
        "a fresh start for 李执法:
{li}"
    );
    tmux.keys(&["C-l"]);
    tmux.wait_for("locked by 李执法", |s| s.contains("终端已锁定（李执法，QJ1002）"));
    tmux.text("QJ1001");
    tmux.keys(&["Enter"]);
    tmux.text("100100");
    tmux.keys(&["Enter"]);
    tmux.wait_for("张执法 logged in", |s| s.contains("（QJ1001 ·"));
    tmux.keys(&["C-c"]);
    std::thread::sleep(Duration::from_millis(200));
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);
    for badge in ["QJ1001", "QJ1002"] {
        let officer = officer_json(&db, badge);
        assert_eq!(officer["failed_attempts"].as_u64(), Some(0), "{badge}: {officer}");
    }
}

fn assert_nothing_of_the_cases(screen: &str) {
    assert!(!screen.contains(ID_NUMBER), "the ID number is left on the screen:\n{screen}");
    for data in CASE_DATA {
        assert!(!screen.contains(data), "“{data}” is left on the screen:\n{screen}");
    }
}

#[test]
fn an_account_locked_elsewhere_records_nothing_and_only_a_leader_or_admin_unlocks_it() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    demo(&tmux, &db, "ZHIFA_LOCK_AFTER=0");
    to_cases(&tmux, "QJ1001", "100100");

    // Five wrong PINs for QJ1001 at another terminal (the command line).
    let unlock_as = |who: &str, stdin: &str| {
        zhifa_with_stdin(
            &db,
            &["--as", who, "--password-stdin", "officer", "unlock", "QJ1001"],
            stdin,
        )
    };
    for _ in 0..5 {
        assert!(!unlock_as("QJ1001", "999999\n").status.success(), "a wrong PIN is refused");
    }
    assert_eq!(officer_json(&db, "QJ1001")["locked"].as_bool(), Some(true));
    // The session still open on the terminal asks for filing of the oldest lead: refused.
    let before = events(&db);
    tmux.keys(&["G"]);
    tmux.act("提请立案");
    tmux.wait_for("the refusal", |s| s.contains("账号 QJ1001 已停用或被锁定"));
    assert_eq!(events(&db), before, "the locked account wrote nothing");
    // The refusal stays in the open menu; quitting asks about that, not about an import.
    tmux.keys(&["C-c"]);
    let asked = tmux.wait_for("the question", |s| s.contains("退出？ y 退出"));
    assert!(asked.contains("表单尚未保存") && !asked.contains("目录导入"), "{asked}");
    tmux.keys(&["y"]);
    tmux.wait_for_exit(0);
    // Neither an officer nor the auditor may unlock; the admin may.
    for (who, pin) in [("QJ1002", "100200"), ("QJ5001", "500100")] {
        let refused = unlock_as(who, &format!("{pin}\n"));
        assert!(!refused.status.success(), "{who} may not unlock");
        assert!(String::from_utf8_lossy(&refused.stderr).contains("权限不足"), "{who}");
    }
    assert_eq!(officer_json(&db, "QJ1001")["locked"].as_bool(), Some(true));
    ok(&unlock_as("QJ0001", "demo-admin-2026\n"));
    let unlocked = officer_json(&db, "QJ1001");
    assert_eq!(
        (unlocked["locked"].as_bool(), unlocked["failed_attempts"].as_u64()),
        (Some(false), Some(0))
    );
    demo(&tmux, &db, "ZHIFA_LOCK_AFTER=0");
    to_cases(&tmux, "QJ1001", "100100");
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);
}
