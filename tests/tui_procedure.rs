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

/// As `who`, on the 案件 tab, the case of the finding selected.
fn at_the_case(tmux: &Tmux, who: (&str, &str)) {
    tmux.as_officer(who, 2);
    tmux.select(PLACE);
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
    tmux.as_officer(LEADER, 1);
    tmux.keys(&["n"]);
    tmux.wait_for("the plan form", |s| s.contains("安排巡查"));
    for text in ["QX01", "", "QX01-01", "青溪路—文昌阁", "QJ1001,QJ1002"] {
        tmux.fill(text);
    }
    tmux.fill("2026-11-24 09:55");
    tmux.fill("2026-11-24 11:30");
    tmux.done("已安排巡查");
    tmux.as_officer(ZHANG, 1);
    tmux.select("09:55–11:30");
    tmux.act("开始巡查");
    tmux.done("巡查开始");
    tmux.act("记录巡查发现");
    tmux.wait_for("the finding form", |s| s.contains("涉嫌事项"));
    tmux.fill("");
    tmux.fill(PLACE);
    tmux.fill("QX01-01");
    tmux.text("zdjy");
    tmux.wait_for("the catalog hits", |s| s.contains("330217121001"));
    tmux.keys(&["Enter", "Enter"]);
    tmux.fill("水果摊占用人行道约4平方米");
    tmux.fill("");
    for _ in 0..5 {
        tmux.keys(&["Right"]);
    }
    tmux.wait_for("立案 chosen", |s| s.contains("‹ 立案 ›"));
    tmux.keys(&["Enter", "Enter", "Enter"]);
    tmux.wait_for("the case form", |s| s.contains("登记案件线索"));
    tmux.fill("王某");
    for _ in 0..3 {
        tmux.keys(&["Enter"]);
    }
    tmux.done("已登记案件线索");
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
    tmux.select(PLACE);
    tmux.act("提请立案");
    tmux.done("案件现为：立案审批");
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
    tmux.fill("2026-11-23");
    tmux.keys(&["Enter"]);
    shown(&tmux, "早于发现线索日（2026-11-24）");
    // The cursor is back on the date the refusal is about.
    tmux.fill("2026-11-24");
    tmux.fill("同意立案，张执法、李执法承办");
    tmux.done("案件现为：调查取证");

    at_the_case(&tmux, ZHANG);
    tmux.act("指定调查人员");
    tmux.fill("QJ1001,QJ1002");
    tmux.done("案件现为：调查取证");
    tmux.act("拟定处罚");
    tmux.keys(&["Enter", "Enter"]);
    tmux.fill("300");
    tmux.fill("轻微");
    tmux.fill("占用面积10平方米以下，责令改正后立即改正");
    tmux.keys(&["Enter", "Enter", "Enter"]); // nothing confiscated (APL art. 9(2): optional)
    tmux.done("案件现为：调查取证");
    tmux.act("送达告知书");
    tmux.fill("2026-11-24");
    tmux.done("案件现为：告知");
    let why = tmux.refused_in_menu("作出处罚决定");
    assert!(why.contains("须由负责人进行") || why.contains("负责人"), "{why}");

    // The head may not decide inside the party's five working days (arts. 44, 45, 62).
    at_the_case(&tmux, HEAD);
    let why = tmux.refused_in_menu("作出处罚决定");
    assert!(why.contains("陈述、申辩期限至 2026-12-01 届满"), "{why}");

    at_the_case(&tmux, ZHANG);
    tmux.act("记录当事人陈述");
    tmux.fill("2026-11-24");
    tmux.fill("称系临时摆放，已自行清理");
    tmux.done("案件现为：告知");
    at_the_case(&tmux, HEAD);
    let why = tmux.refused_in_menu("作出处罚决定");
    assert!(why.contains("尚未复核"), "art. 45: {why}");

    at_the_case(&tmux, ZHANG);
    tmux.act("复核陈述");
    tmux.fill("2026-11-24");
    tmux.keys(&["Enter"]); // not adopted
    tmux.fill("现场仍有摆放，不予采纳；已部分清理，减轻罚款");
    tmux.done("案件现为：告知");
    tmux.act("拟定处罚");
    tmux.keys(&["Enter", "Enter"]);
    tmux.fill("350");
    tmux.fill("轻微");
    tmux.fill("占用面积10平方米以下，责令改正后立即改正");
    tmux.keys(&["Enter", "Enter", "Enter"]); // nothing confiscated
    shown(&tmux, "不得因当事人陈述、申辩而给予更重的处罚");
    tmux.keys(&["Up", "Up", "Up", "Up", "Up"]);
    tmux.fill("250");
    tmux.keys(&["Enter", "Enter", "Enter", "Enter", "Enter"]);
    tmux.done("案件现为：告知");

    at_the_case(&tmux, HEAD);
    tmux.act("作出处罚决定");
    tmux.fill("2026-11-25");
    tmux.fill("同意减轻后的处罚意见");
    shown(&tmux, "晚于今天（2026-11-24）");
    tmux.fill("2026-11-24");
    tmux.keys(&["Enter"]);
    tmux.done("案件现为：已作出决定");

    at_the_case(&tmux, ZHANG);
    tmux.act("送达处罚决定书");
    tmux.fill("2026-11-23");
    shown(&tmux, "早于决定日（2026-11-24）");
    tmux.fill("2026-11-24");
    tmux.done("案件现为：已送达");
    tmux.act("执行完毕");
    tmux.done("案件现为：执行完毕");
    tmux.act("提请结案");
    tmux.done("案件现为：结案审批");
    at_the_case(&tmux, HEAD);
    tmux.act("批准结案");
    tmux.keys(&["Enter"]);
    tmux.done("案件现为：已结案");
    // What the head approved is on the screen where it was approved.
    let file = whole_file(&tmux);
    for part in ["称系临时摆放", "不予采纳", "同意减轻后的处罚意见", "罚款 250 元"]
    {
        assert!(file.contains(part), "“{part}” in the case file:\n{file}");
    }
    at_the_case(&tmux, ZHANG);
    tmux.act("归档");
    tmux.done("案件现为：已归档");
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
