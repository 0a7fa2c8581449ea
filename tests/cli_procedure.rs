//! One ordinary case walked from its lead to the archive on the command line (`zhifa case steps`,
//! `zhifa case step`), each step by the role the law gives it, every refusal the procedure owes
//! reproduced: exit 2, the reason with its article on standard error, nothing written. The
//! records then verify (the replay judges every step again).

mod common;

use common::{json, ok, zhifa_with_stdin};
use std::path::Path;
use std::process::Output;

const OFFICER: (&str, &str) = ("QJ1001", "100100");
const LEADER: (&str, &str) = ("QJ3001", "300100");
const HEAD: (&str, &str) = ("QJ0100", "010100");

/// `zhifa --as BADGE --password-stdin case step CASE STEP ARGS…`.
fn step(db: &Path, who: (&str, &str), case: &str, step: &str, args: &[&str]) -> Output {
    let mut all = vec!["--as", who.0, "--password-stdin", "case", "step", case, step];
    all.extend_from_slice(args);
    zhifa_with_stdin(db, &all, &format!("{}\n", who.1))
}

fn taken(db: &Path, who: (&str, &str), case: &str, name: &str, args: &[&str]) -> String {
    ok(&step(db, who, case, name, args))
}

/// A refused step: exit 2 with `reason` on standard error, and the case as it was.
fn refused(db: &Path, who: (&str, &str), case: &str, name: &str, args: &[&str], reason: &str) {
    let before = json(&zhifa_with_stdin(db, &["case", "show", case, "--json"], ""));
    let out = step(db, who, case, name, args);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name} by {}: {said}", who.0);
    assert!(said.contains(reason), "{name} by {}: expected “{reason}” in: {said}", who.0);
    let after = json(&zhifa_with_stdin(db, &["case", "show", case, "--json"], ""));
    assert_eq!(before, after, "{name}: a refused step wrote nothing");
}

#[test]
fn an_ordinary_case_from_lead_to_archive_each_step_by_its_role() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    ok(&zhifa_with_stdin(&db, &["demo"], ""));
    let cases = json(&zhifa_with_stdin(&db, &["case", "list", "--json"], ""));
    let lead = cases
        .as_array()
        .and_then(|all| all.iter().find(|c| c["place"] == "青溪路12号"))
        .and_then(|c| c["id"].as_i64())
        .expect("the demo's lead")
        .to_string();
    let id = lead.as_str();
    taken(&db, OFFICER, id, "request-filing", &[]);
    // The permission table: an officer approves nothing; the authority table (default, no
    // `[casework.approvers]`): the head, not the team leader, approves the filing.
    refused(&db, OFFICER, id, "approve-filing", &[], "权限不足");
    refused(&db, LEADER, id, "approve-filing", &[], "须由负责人进行");
    // Dates follow the steps they come after: not before the lead was found (8 November).
    refused(
        &db,
        HEAD,
        id,
        "approve-filing",
        &["--on", "2026-11-07"],
        "早于发现线索日（2026-11-08）",
    );
    refused(&db, HEAD, id, "approve-filing", &["--set", "mood=ok"], "没有“mood”这一项");
    let filed =
        taken(&db, HEAD, id, "approve-filing", &["--set", "opinion=同意立案，由张执法承办"]);
    assert!(filed.contains("综执罚字第"), "numbered at filing: {filed}");

    // What may the officer do now? The notice waits for two investigators (art. 42).
    let offered = json(&zhifa_with_stdin(
        &db,
        &["--as", OFFICER.0, "--password-stdin", "case", "steps", id, "--json"],
        "100100\n",
    ));
    let steps = offered["steps"].as_array().expect("steps");
    let notice = steps.iter().find(|s| s["step"] == "give-notice").expect("offered");
    assert_eq!(notice["available"], false, "{notice}");
    assert!(notice["reason"].as_str().is_some_and(|r| r.contains("两名以上")), "{notice}");
    // The same table printed to a pipe keeps every reason whole (no terminal width to fit).
    let printed = ok(&zhifa_with_stdin(
        &db,
        &["--as", OFFICER.0, "--password-stdin", "case", "steps", id],
        "100100\n",
    ));
    let reason = notice["reason"].as_str().unwrap_or_default();
    assert!(printed.contains(reason), "a piped table cut «{reason}»:\n{printed}");
    let assign = steps.iter().find(|s| s["step"] == "assign-investigators").expect("offered");
    assert_eq!(assign["available"], true, "{assign}");
    assert_eq!(assign["fields"][0]["key"], "officers");

    taken(&db, OFFICER, id, "assign-investigators", &["--set", "officers=QJ1001,QJ1002"]);
    let proposal = |fine: &str| {
        vec![
            "--set".to_string(),
            format!("fine={fine}"),
            "--set".into(),
            "tier=一般".into(),
            "--set".into(),
            "tier_reason=经责令改正后逾期不改正".into(),
            // APL art. 9(2): confiscation beside the fine, carried in the step's event.
            "--set".into(),
            "confiscated_gains=600".into(),
            "--set".into(),
            "confiscated_property=堆放的建材一批".into(),
        ]
    };
    let args = proposal("300");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    taken(&db, OFFICER, id, "propose-penalty", &args);
    taken(&db, OFFICER, id, "give-notice", &[]);

    // Arts. 44, 45, 62: notified Tuesday 24 November, the party has until Tuesday 1 December.
    refused(&db, HEAD, id, "decide", &[], "陈述、申辩期限至 2026-12-01 届满");
    taken(&db, OFFICER, id, "hear-statement", &["--set", "summary=称系临时堆放，已清理大部分"]);
    refused(&db, HEAD, id, "decide", &[], "尚未复核");
    taken(
        &db,
        OFFICER,
        id,
        "review-statement",
        &[
            "--set",
            "adopted=no",
            "--set",
            "opinion=现场复查仍有堆放，不予采纳；考虑已部分改正，减轻罚款",
        ],
    );
    // Art. 45: lowered after the statement, never raised.
    let higher = proposal("350");
    let higher: Vec<&str> = higher.iter().map(String::as_str).collect();
    refused(&db, OFFICER, id, "propose-penalty", &higher, "更重的处罚");
    let lower = proposal("250");
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    taken(&db, OFFICER, id, "propose-penalty", &lower);
    // Only the head decides (art. 57), and not on a day still to come.
    refused(&db, OFFICER, id, "decide", &[], "不能作出处罚决定");
    refused(&db, LEADER, id, "decide", &[], "不能作出处罚决定");
    refused(&db, HEAD, id, "decide", &["--on", "2026-11-25"], "晚于今天");
    taken(&db, HEAD, id, "decide", &["--set", "opinion=事实清楚，同意减轻后的处罚意见"]);
    refused(&db, OFFICER, id, "serve", &["--on", "2026-11-23"], "早于决定日（2026-11-24）");
    taken(&db, OFFICER, id, "serve", &[]);
    taken(&db, OFFICER, id, "record-execution", &[]);
    taken(&db, OFFICER, id, "request-closing", &[]);
    refused(&db, LEADER, id, "approve-closing", &[], "须由负责人进行");
    taken(&db, HEAD, id, "approve-closing", &[]);
    taken(&db, OFFICER, id, "archive", &[]);

    let shown = json(&zhifa_with_stdin(&db, &["case", "show", id, "--json"], ""));
    assert_eq!(shown["state"]["stage"], "archived", "{shown}");
    assert_eq!(shown["state"]["penalty"]["fine"], 250);
    assert_eq!(shown["state"]["penalty"]["confiscation"]["gains"], 600, "{shown}");
    let steps = shown["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 14, "only the steps taken are recorded: {shown}");
    let by_head: Vec<&str> = steps
        .iter()
        .filter(|s| s["actor"] == HEAD.0)
        .filter_map(|s| s["step"].as_object().and_then(|o| o.keys().next()).map(String::as_str))
        .collect();
    assert_eq!(by_head, ["approve_filing", "decide", "approve_closing"], "{shown}");
    // The case file in text: the opinions and the statement are there.
    let text = ok(&zhifa_with_stdin(&db, &["case", "show", id], ""));
    for part in [
        "【陈述申辩与意见】",
        "称系临时堆放",
        "不予采纳",
        "同意减轻后的处罚意见",
        "罚款 250 元",
        "没收违法所得 600 元",
        "没收非法财物：堆放的建材一批",
    ] {
        assert!(text.contains(part), "“{part}” in:\n{text}");
    }
    // Every step is judged again from the log alone, and holds.
    ok(&zhifa_with_stdin(&db, &["verify"], ""));
}

/// docs/PROCEDURE.md names every step an officer can be offered and every approval local rules
/// may assign, so the document stays a true list of what the program does.
#[test]
fn the_procedure_doc_names_every_step_and_setting() {
    use zhifa::domain::case::steps::StepKind;
    use zhifa::domain::case::Act;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/PROCEDURE.md");
    let doc = std::fs::read_to_string(&path).expect("docs/PROCEDURE.md");
    for kind in StepKind::ALL {
        assert!(doc.contains(kind.key()), "docs/PROCEDURE.md does not name {}", kind.key());
    }
    for act in Act::ALL {
        if let Some(key) = act.setting() {
            assert!(doc.contains(&format!("`{key}`")), "no setting `{key}` in the doc");
        }
    }
}
