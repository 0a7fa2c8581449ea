//! The import steps through the app's `update`, with files really read and checked against an
//! in-memory database holding the demo catalog (the loop's part, done here by hand).

use super::*;
use crate::app::{update as app_update, App, Overlay, Tab};
use crate::fixtures::{demo_app, draw, officer, screen};
use std::path::Path;
use zhifa_app::catalog_update::prepare;
use zhifa_app::demo::{demo_catalog, seed_demo};
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::Role;
use zhifa_store::Store;

fn admin_app() -> App {
    let mut app = demo_app();
    app_update(&mut app, Action::Lock);
    app_update(&mut app, Action::LoggedIn(Box::new(officer("QJ0001", "演示管理员", Role::Admin))));
    app.tab = Tab::Admin;
    app
}

/// The demo catalog's versions in a store, and `file` read and checked against it.
fn prepared(dir: &Path, name: &str, contents: &str) -> Shared<Prepared> {
    let mut store = Store::open_in_memory().expect("store");
    let now = "2026-11-24T02:00:00Z".parse().expect("now");
    seed_demo(&mut store, &Actor::new("os:t", "t", 1), now).expect("seed");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write");
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("today");
    Shared::new(prepare(&store, &path, today, &Progress::new()).expect("prepare"))
}

/// The demo's current catalog with one item renamed and one removed, as canonical JSON.
fn update_file() -> String {
    let mut file = demo_catalog(1).expect("demo");
    file.items[0].name.push_str("（修订）");
    file.items.pop();
    file.to_json().expect("json")
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app_update(app, Action::Insert(c));
    }
}

fn preview(app: &App) -> (&Form, &Vec<String>) {
    match &app.admin.step {
        Step::Preview { form, refusals, .. } => (form, refusals),
        other => panic!("expected the preview, got {other:?}"),
    }
}

#[test]
fn only_an_admin_starts_an_import() {
    let mut app = demo_app();
    app.tab = Tab::Admin;
    assert_eq!(app_update(&mut app, Action::StartImport), None);
    assert_eq!(app.admin.message.as_deref(), Some("只有管理员可以导入执法事项目录"));
    assert_eq!(app.admin.step, Step::Home);
    let mut app = admin_app();
    let effect = app_update(&mut app, Action::StartImport);
    assert!(matches!(effect, Some(Effect::ListDir(_))), "{effect:?}");
    assert!(matches!(app.admin.step, Step::Pick(_)));
    assert!(app.key_contexts().contains(&crate::keys::Context::Form), "the path field types");
}

#[test]
fn a_valid_file_previews_then_asks_the_password_and_nothing_before() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = admin_app();
    app_update(&mut app, Action::StartImport);
    let effect = app_update(&mut app, Action::Insert('x'));
    assert!(!matches!(effect, Some(Effect::CommitImport { .. })));
    let progress = Shared::new(Progress::new());
    app.admin.step = Step::Working { progress, confirmed: None };
    let file = prepared(dir.path(), "更新.json", &update_file());
    assert!(file.comparison.as_ref().is_some_and(|c| c.diff.removed.len() == 1));
    app_update(&mut app, Action::Prepared(file));
    // The file's own label is taken already: refused before any password.
    let (form, refusals) = preview(&app);
    assert_eq!(form.value(LABEL), "2026年上半年版");
    assert!(refusals.iter().any(|r| r.contains("2026年上半年版")), "{refusals:?}");
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::Open);
    assert_eq!(app_update(&mut app, Action::Open), None, "Enter on the last field is refused");
    assert!(matches!(app.admin.step, Step::Preview { .. }));
    // A new label and a date that is not a date.
    app.admin.step = match std::mem::replace(&mut app.admin.step, Step::Home) {
        Step::Preview { prepared, mut form, scroll, refusals } => {
            form.focus_on(LABEL);
            form.fields[LABEL].input.clear();
            Step::Preview { prepared, form, scroll, refusals }
        }
        other => other,
    };
    typed(&mut app, "2027年版");
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::ClearInput);
    typed(&mut app, "2027-13-01");
    assert!(preview(&app).1.iter().any(|r| r.contains("年-月-日")), "{:?}", preview(&app).1);
    app_update(&mut app, Action::ClearInput);
    typed(&mut app, "2027-01-01");
    assert_eq!(preview(&app).1, &Vec::<String>::new());
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::ClearInput);
    typed(&mut app, "青综执〔2026〕9号");
    assert_eq!(app_update(&mut app, Action::Open), None, "the password comes next");
    assert!(matches!(app.admin.step, Step::Confirm { .. }));
    assert_eq!(app_update(&mut app, Action::Open), None, "an empty password is not sent");
    typed(&mut app, "demo-admin-2026");
    let Some(Effect::CommitImport { meta, password, .. }) = app_update(&mut app, Action::Open)
    else {
        panic!("expected the commit");
    };
    assert_eq!(
        (meta.label.as_str(), meta.effective.to_string(), meta.doc_no.as_str()),
        ("2027年版", "2027-01-01".to_string(), "青综执〔2026〕9号")
    );
    assert_eq!(password, Secret("demo-admin-2026".into()));
    // A wrong password comes back to the password with the reason.
    app_update(&mut app, Action::ImportRefused("登录失败：QJ0001 的密码错误".into()));
    match &app.admin.step {
        Step::Confirm { form, meta, .. } => {
            assert!(form.error.as_deref().is_some_and(|e| e.contains("密码错误")));
            assert_eq!(meta.label, "2027年版");
        }
        other => panic!("expected the password again, got {other:?}"),
    }
}

#[test]
fn a_file_with_errors_shows_the_report_and_cannot_be_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = admin_app();
    let progress = Shared::new(Progress::new());
    app.admin.step = Step::Working { progress, confirmed: None };
    let csv = "事项编码,事项名称,职权类型\n330217101001,,行政处罚\n";
    app_update(&mut app, Action::Prepared(prepared(dir.path(), "坏.csv", csv)));
    assert!(matches!(app.admin.step, Step::Report { .. }), "{:?}", app.admin.step);
    let text = screen(&draw(&app, 110, 30).0);
    assert!(text.contains("文件有错误：未写入任何内容"), "{text}");
    assert!(text.contains("坏.csv:2:事项名称"), "the problem names file and row:\n{text}");
    app_update(&mut app, Action::Back);
    assert_eq!(app.admin.step, Step::Home);
}

#[test]
fn quitting_mid_import_asks_first() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = admin_app();
    let progress = Shared::new(Progress::new());
    app.admin.step = Step::Working { progress, confirmed: None };
    app_update(&mut app, Action::Prepared(prepared(dir.path(), "更新.json", &update_file())));
    app_update(&mut app, Action::Quit);
    assert_eq!((app.quit, app.overlay), (false, Overlay::ConfirmQuit));
    let text = screen(&draw(&app, 110, 30).0);
    assert!(text.contains("退出？"), "{text}");
    app_update(&mut app, Action::Back);
    assert_eq!((app.quit, app.overlay), (false, Overlay::None));
    app_update(&mut app, Action::Quit);
    app_update(&mut app, Action::ConfirmQuit);
    assert!(app.quit);
}

#[test]
fn preview_renders_diff_and_questions_at_normal_and_tiny_sizes() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut app = admin_app();
    let progress = Shared::new(Progress::new());
    app.admin.step = Step::Working { progress, confirmed: None };
    app_update(&mut app, Action::Prepared(prepared(dir.path(), "更新.json", &update_file())));
    let text = screen(&draw(&app, 120, 35).0);
    assert!(text.contains("版本名称") && text.contains("生效日期") && text.contains("批准文号"));
    assert!(text.contains("新增 0 项，调整 1 项，取消 1 项"), "{text}");
    assert!(text.contains("（事项名称）"), "the changed field is named:\n{text}");
    // No law text is loaded in this store: the preview says how many items it could not check.
    assert!(text.contains("提示：180 项事项引用了尚未载入文本的 19 部法规"), "{text}");
    for (w, h) in [(1, 1), (8, 4), (30, 8), (60, 12)] {
        let text = screen(&draw(&app, w, h).0);
        assert_eq!(text.lines().count(), h as usize);
    }
    let progress = Shared::new(Progress::new());
    app.admin.step = Step::Working { progress, confirmed: None };
    let text = screen(&draw(&app, 100, 20).0);
    assert!(text.contains("正在读取并校验文件"), "{text}");
}

#[test]
fn every_step_renders_at_tiny_sizes() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = prepared(dir.path(), "更新.json", &update_file());
    let bad = prepared(dir.path(), "坏.csv", "事项编码,事项名称\n1,\n");
    let meta = good.proposed.clone();
    let steps = vec![
        Step::Home,
        Step::Pick(picker::Picker::new(std::path::PathBuf::from("/tmp"))),
        Step::Working { progress: Shared::new(Progress::new()), confirmed: None },
        Step::Report { prepared: bad, scroll: 3 },
        Step::Confirm { prepared: good.clone(), meta, form: password_form() },
        Step::Done(crate::fixtures::demo_version(1)),
    ];
    let mut app = admin_app();
    app.admin.message = Some("只有管理员可以导入执法事项目录".into());
    for step in steps {
        app.admin.step = step;
        for (w, h) in [(1, 1), (6, 3), (20, 6), (50, 10), (120, 35)] {
            let text = screen(&draw(&app, w, h).0);
            assert_eq!(text.lines().count(), h as usize, "{w}×{h}");
        }
    }
}

#[test]
fn the_summary_names_the_format_and_says_when_codes_were_made() {
    let dir = tempfile::tempdir().expect("tmp");
    let json = prepared(dir.path(), "更新.json", &update_file());
    let line = render::summary_line(&json, Lang::Zh);
    assert!(line.contains("JSON（标准格式）") && !line.contains("CanonicalJson"), "{line}");
    assert!(!line.contains("编码 —") && !line.contains("生成"), "{line}");
    let csv = "事项名称,职权类型,实施部门\n占用道路堆放物料,行政处罚,住建局\n擅自搭建棚屋,行政处罚,住建局\n";
    let no_codes = prepared(dir.path(), "无编码.csv", csv);
    let line = render::summary_line(&no_codes, Lang::Zh);
    assert!(line.contains("字符编码 UTF-8"), "a text file's encoding is said: {line}");
    assert!(line.contains("全部按名称和部门生成"), "{line}");
    assert!(render::summary_line(&no_codes, Lang::En).contains("all made from name and department"));
}
