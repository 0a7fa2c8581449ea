//! An admin loads a catalog update from inside the TUI, end to end in tmux: pick the file, see
//! the validation report of a bad one (nothing written), see the diff preview of a good one with
//! the refusals of its own label and date, fix them, confirm with the password, and find the new
//! version scheduled — checked afterwards through the command line. Officers cannot start it.
//! Skipped without tmux.

mod common;

use common::tmux::{quoted, Tmux};
use common::{json, ok, zhifa_with_stdin};
use std::path::Path;

/// The demo's current catalog with its first item renamed, as canonical JSON (its own metadata
/// still names the version in force, which the preview must refuse).
fn write_update(db: &Path, dir: &Path) {
    let export = dir.join("export.json");
    ok(&zhifa_with_stdin(db, &["catalog", "export", export.to_str().expect("utf-8 path")], ""));
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&export).expect("read")).expect("json");
    let name = file["items"][0]["name"].as_str().expect("name").to_string();
    file["items"][0]["name"] = serde_json::Value::String(format!("{name}（修订）"));
    std::fs::write(dir.join("update.json"), file.to_string()).expect("write");
    std::fs::remove_file(export).expect("rm");
    std::fs::write(dir.join("bad.csv"), "事项编码,事项名称,职权类型\n330217101001,,行政处罚\n")
        .expect("write");
}

fn versions(db: &Path) -> Vec<serde_json::Value> {
    let list = json(&zhifa_with_stdin(db, &["catalog", "versions", "--json"], ""));
    list.as_array().expect("array").clone()
}

#[test]
fn admin_loads_an_update_with_report_preview_and_password() {
    let Some(tmux) = Tmux::start() else { return };
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("demo.db");
    let files = dir.path().join("files");
    std::fs::create_dir(&files).expect("mkdir");
    tmux.keys(&[&format!("cd {}", quoted(&files)), "Enter"]);
    tmux.launch("", &format!("demo --db {}", quoted(&db)));
    tmux.wait_for("the login", |s| s.contains("演示账号"));
    write_update(&db, &files);

    // An officer sees the tab but cannot start an import.
    tmux.log_in("QJ1001", "100100");
    tmux.wait_for("the catalog", |s| s.contains("操作人 张执法"));
    tmux.keys(&["Tab", "["]);
    tmux.wait_for("the admin tab", |s| s.contains("目录管理"));
    tmux.keys(&["i"]);
    tmux.wait_for("the refusal", |s| s.contains("只有管理员可以导入"));
    tmux.keys(&["C-l"]);
    tmux.log_in("QJ0001", "demo-admin-2026");
    tmux.wait_for("the admin", |s| s.contains("操作人 演示管理员"));
    tmux.keys(&["Tab", "["]);
    tmux.wait_for("the admin tab", |s| s.contains("按 i 导入目录更新"));

    // A bad file: the report, and nothing written.
    tmux.keys(&["i"]);
    tmux.wait_for("the picker", |s| s.contains("bad.csv") && s.contains("update.json"));
    tmux.text("bad");
    tmux.keys(&["Enter"]);
    let report = tmux.wait_for("the report", |s| s.contains("文件有错误：未写入任何内容"));
    assert!(report.contains("bad.csv:2:事项名称"), "row and column named:\n{report}");
    assert_eq!(versions(&db).len(), 2);
    tmux.keys(&["Escape"]);
    tmux.wait_for("home again", |s| s.contains("按 i 导入目录更新"));

    // The good file: the preview refuses the file's own label and date until they are fixed.
    tmux.keys(&["i"]);
    tmux.wait_for("the picker", |s| s.contains("update.json"));
    tmux.text("up");
    tmux.keys(&["Enter"]);
    let preview = tmux.wait_for("the preview", |s| s.contains("调整 1 项"));
    assert!(preview.contains("已有名为“2026年上半年版”的目录版本"), "{preview}");
    assert!(preview.contains("（事项名称）"), "the changed field is named:\n{preview}");
    tmux.keys(&["C-u"]);
    tmux.text("2027年版");
    tmux.keys(&["Enter", "C-u"]);
    tmux.text("2027-01-01");
    tmux.keys(&["Enter", "C-u"]);
    tmux.text("青综执〔2026〕9号");
    tmux.wait_for("no refusal left", |s| s.contains("校验通过，尚未写入"));
    assert_eq!(versions(&db).len(), 2, "nothing written before the password");
    tmux.keys(&["Enter"]);
    let asked = tmux.wait_for("the password", |s| s.contains("将导入目录版本 2027年版"));
    // What the password confirms, the withdrawn items too.
    assert!(asked.contains("不再列入"), "{asked}");
    tmux.text("wrong-password");
    tmux.keys(&["Enter"]);
    let refused = tmux.wait_for("the wrong password", |s| s.contains("密码错误"));
    assert!(refused.contains("未写入任何内容") && !refused.contains("登录失败"), "{refused}");
    assert_eq!(versions(&db).len(), 2, "nothing written after a wrong password");
    tmux.text("demo-admin-2026");
    tmux.keys(&["Enter"]);
    tmux.wait_for("done", |s| s.contains("已导入目录版本 2027年版") && s.contains("待生效"));
    tmux.keys(&["C-c"]);
    tmux.wait_for_exit(0);

    let all = versions(&db);
    let new = all.iter().find(|v| v["label"] == "2027年版").expect("the new version");
    assert_eq!(new["status"], "scheduled");
    assert_eq!(new["doc_no"], "青综执〔2026〕9号");
    assert_eq!(new["imported_by"], "QJ0001");
}
