//! One ordinary case, from a patrol's finding to the archive, in the real binary in a real
//! terminal (tmux): each step taken by the role the law gives it, from the case file, and every
//! refusal the procedure owes shown on screen with its reason — who decides (APL art. 57), the
//! party's period to state and defend (arts. 44, 45, 62), the review of what it stated (art. 45),
//! a penalty raised after the defence (art. 45), dates before the step they follow or after
//! today. Skipped with a message when tmux is not installed.

mod common;

use common::tmux::{quoted, Tmux};
use common::{json, zhifa_with_stdin};
use std::path::Path;
use std::time::Duration;

const LEADER: (&str, &str) = ("QJ3001", "300100");
const HEAD: (&str, &str) = ("QJ0100", "010100");
const ZHANG: (&str, &str) = ("QJ1001", "100100");
const PLACE: &str = "青溪路文昌阁旁";

fn launch(tmux: &Tmux, db: &Path) {
    tmux.launch("ZHIFA_NOW=2026-11-24T09:50:00+08:00", &format!("demo --db {}", quoted(db)));
    tmux.wait_for("the login", |s| s.contains("登录") && s.contains("演示账号"));
}

/// Logs in (locking the terminal first if someone is logged in) and goes to tab `tab`.
fn as_officer(tmux: &Tmux, who: (&str, &str), tab: usize) {
    if !tmux.screen().contains("演示账号") {
        tmux.keys(&["C-l"]);
        tmux.wait_for("the lock", |s| s.contains("演示账号"));
    }
    tmux.log_in(who.0, who.1);
    let badge = format!("（{} ·", who.0);
    tmux.wait_for("the catalog", |s| s.contains("检索") && s.contains(&badge));
    tmux.keys(&["Tab"]);
    for _ in 0..tab {
        tmux.keys(&["]"]);
    }
    tmux.wait_for("the work list", |s| s.contains("Enter 办理"));
}

/// Selects the row with `text` in the list.
fn select(tmux: &Tmux, text: &str) {
    tmux.keys(&["g"]);
    // The key needs a frame to show: look after it, not before.
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..30 {
        if tmux.screen().lines().any(|l| l.contains('▶') && l.contains(text)) {
            return;
        }
        tmux.keys(&["j"]);
        std::thread::sleep(Duration::from_millis(80));
    }
    panic!("no row with “{text}”:\n{}", tmux.screen());
}

/// As `who`, on the 案件 tab, the case of the finding selected.
fn at_the_case(tmux: &Tmux, who: (&str, &str)) {
    as_officer(tmux, who, 2);
    select(tmux, PLACE);
}

fn fill(tmux: &Tmux, text: &str) {
    tmux.keys(&["C-u"]);
    if !text.is_empty() {
        tmux.text(text);
    }
    tmux.keys(&["Enter"]);
}

fn done(tmux: &Tmux, what: &str) -> String {
    tmux.wait_for(what, |s| s.contains(&format!("✓ {what}")))
}

/// The whole case file on screen, page by page (PgDn), back at the top afterwards.
fn whole_file(tmux: &Tmux) -> String {
    let mut pages = vec![tmux.screen()];
    for _ in 0..4 {
        tmux.keys(&["PageDown"]);
        std::thread::sleep(Duration::from_millis(150));
        pages.push(tmux.screen());
    }
    tmux.keys(&["Home"]);
    pages.join("\n")
}

/// A refusal shown in the open form; the form stays open with what was typed.
fn shown(tmux: &Tmux, reason: &str) -> String {
    tmux.wait_for(reason, |s| s.contains(reason))
}

/// The leader plans a patrol, 张执法 runs it and records a finding acted on by 立案: the case
/// form follows, filled in from the finding, and the lead is opened.
fn a_finding_becomes_a_lead(tmux: &Tmux) {
    as_officer(tmux, LEADER, 1);
    tmux.keys(&["n"]);
    tmux.wait_for("the plan form", |s| s.contains("安排巡查"));
    for text in ["QX01", "", "QX01-01", "青溪路—文昌阁", "QJ1001,QJ1002"] {
        fill(tmux, text);
    }
    fill(tmux, "2026-11-24 09:55");
    fill(tmux, "2026-11-24 11:30");
    done(tmux, "已安排巡查");
    as_officer(tmux, ZHANG, 1);
    select(tmux, "09:55–11:30");
    tmux.act("开始巡查");
    done(tmux, "巡查开始");
    tmux.act("记录巡查发现");
    tmux.wait_for("the finding form", |s| s.contains("涉嫌事项"));
    fill(tmux, "");
    fill(tmux, PLACE);
    fill(tmux, "QX01-01");
    tmux.text("zdjy");
    tmux.wait_for("the catalog hits", |s| s.contains("330217121001"));
    tmux.keys(&["Enter", "Enter"]);
    fill(tmux, "水果摊占用人行道约4平方米");
    fill(tmux, "");
    for _ in 0..5 {
        tmux.keys(&["Right"]);
    }
    tmux.wait_for("立案 chosen", |s| s.contains("‹ 立案 ›"));
    tmux.keys(&["Enter", "Enter", "Enter"]);
    tmux.wait_for("the case form", |s| s.contains("登记案件线索"));
    fill(tmux, "王某");
    for _ in 0..3 {
        tmux.keys(&["Enter"]);
    }
    done(tmux, "已登记案件线索");
}

#[test]
fn a_case_from_a_finding_to_the_archive_with_every_refusal_explained() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    launch(&tmux, &db);
    a_finding_becomes_a_lead(&tmux);

    // Still 张执法, from the 巡查 tab to the 案件 tab.
    tmux.keys(&["]"]);
    tmux.wait_for("the cases", |s| s.contains("Enter 办理"));
    select(&tmux, PLACE);
    tmux.act("提请立案");
    done(&tmux, "案件现为：立案审批");
    // The case file is the screen where the step is taken.
    let file = whole_file(&tmux);
    for part in
        ["【当事人】", "王某", "【执法事项与依据】", "330217121001", "【办理经过】", "提请立案"]
    {
        assert!(file.contains(part), "“{part}” in the case file:\n{file}");
    }
    let why = tmux.refused_in_menu("批准立案");
    assert!(why.contains("须由负责人进行"), "art. 57 default: the head approves:\n{why}");

    at_the_case(&tmux, HEAD);
    tmux.act("批准立案");
    fill(&tmux, "2026-11-23");
    tmux.keys(&["Enter"]);
    shown(&tmux, "早于发现线索日（2026-11-24）");
    // The cursor is back on the date the refusal is about.
    fill(&tmux, "2026-11-24");
    fill(&tmux, "同意立案，张执法、李执法承办");
    done(&tmux, "案件现为：调查取证");

    at_the_case(&tmux, ZHANG);
    tmux.act("指定调查人员");
    fill(&tmux, "QJ1001,QJ1002");
    done(&tmux, "案件现为：调查取证");
    tmux.act("拟定处罚");
    tmux.keys(&["Enter", "Enter"]);
    fill(&tmux, "300");
    fill(&tmux, "轻微");
    fill(&tmux, "占用面积10平方米以下，责令改正后立即改正");
    done(&tmux, "案件现为：调查取证");
    tmux.act("送达告知书");
    fill(&tmux, "2026-11-24");
    done(&tmux, "案件现为：告知");
    let why = tmux.refused_in_menu("作出处罚决定");
    assert!(why.contains("须由负责人进行") || why.contains("负责人"), "{why}");

    // The head may not decide inside the party's five working days (arts. 44, 45, 62).
    at_the_case(&tmux, HEAD);
    let why = tmux.refused_in_menu("作出处罚决定");
    assert!(why.contains("陈述、申辩期限至 2026-12-01 届满"), "{why}");

    at_the_case(&tmux, ZHANG);
    tmux.act("记录当事人陈述");
    fill(&tmux, "2026-11-24");
    fill(&tmux, "称系临时摆放，已自行清理");
    done(&tmux, "案件现为：告知");
    at_the_case(&tmux, HEAD);
    let why = tmux.refused_in_menu("作出处罚决定");
    assert!(why.contains("尚未复核"), "art. 45: {why}");

    at_the_case(&tmux, ZHANG);
    tmux.act("复核陈述");
    fill(&tmux, "2026-11-24");
    tmux.keys(&["Enter"]); // not adopted
    fill(&tmux, "现场仍有摆放，不予采纳；已部分清理，减轻罚款");
    done(&tmux, "案件现为：告知");
    tmux.act("拟定处罚");
    tmux.keys(&["Enter", "Enter"]);
    fill(&tmux, "350");
    fill(&tmux, "轻微");
    fill(&tmux, "占用面积10平方米以下，责令改正后立即改正");
    shown(&tmux, "不得因当事人陈述、申辩而给予更重的处罚");
    tmux.keys(&["Up", "Up"]);
    fill(&tmux, "250");
    tmux.keys(&["Enter", "Enter"]);
    done(&tmux, "案件现为：告知");

    at_the_case(&tmux, HEAD);
    tmux.act("作出处罚决定");
    fill(&tmux, "2026-11-25");
    fill(&tmux, "同意减轻后的处罚意见");
    shown(&tmux, "晚于今天（2026-11-24）");
    fill(&tmux, "2026-11-24");
    tmux.keys(&["Enter"]);
    done(&tmux, "案件现为：已作出决定");

    at_the_case(&tmux, ZHANG);
    tmux.act("送达处罚决定书");
    fill(&tmux, "2026-11-23");
    shown(&tmux, "早于决定日（2026-11-24）");
    fill(&tmux, "2026-11-24");
    done(&tmux, "案件现为：已送达");
    tmux.act("执行完毕");
    done(&tmux, "案件现为：执行完毕");
    tmux.act("提请结案");
    done(&tmux, "案件现为：结案审批");
    at_the_case(&tmux, HEAD);
    tmux.act("批准结案");
    tmux.keys(&["Enter"]);
    done(&tmux, "案件现为：已结案");
    // What the head approved is on the screen where it was approved.
    let file = whole_file(&tmux);
    for part in ["称系临时摆放", "不予采纳", "同意减轻后的处罚意见", "罚款 250 元"]
    {
        assert!(file.contains(part), "“{part}” in the case file:\n{file}");
    }
    at_the_case(&tmux, ZHANG);
    tmux.act("归档");
    done(&tmux, "案件现为：已归档");
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(200));
    tmux.keys(&["q"]);
    tmux.wait_for_exit(0);

    let cases = json(&zhifa_with_stdin(&db, &["case", "list", "--json"], ""));
    let case = cases
        .as_array()
        .and_then(|all| all.iter().find(|c| c["place"] == PLACE))
        .expect("the case");
    assert_eq!(case["state"]["stage"], "archived", "{case}");
    let id = case["id"].as_i64().expect("id").to_string();
    let shown = json(&zhifa_with_stdin(&db, &["case", "show", &id, "--json"], ""));
    let steps = shown["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 14, "refused steps are not recorded: {shown}");
    for (seq, who) in [(2, HEAD.0), (9, HEAD.0), (13, HEAD.0), (1, ZHANG.0)] {
        assert_eq!(steps[seq - 1]["actor"], who, "step {seq}: {shown}");
    }
}
