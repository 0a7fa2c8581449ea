//! Test fixtures: the demo catalog as app states, without a database.

use super::app::{update, Action, App, LoadedCatalog};
use crate::catalog::search::{SearchDoc, SearchIndex};
use crate::domain::catalog::CatalogItem;
use crate::domain::officer::{Officer, Role, Team};
use crate::domain::version::{CatalogVersion, VersionId, VersionStatus};
use crate::i18n::Lang;
use crate::text;
use chrono::{DateTime, NaiveDate};
use ratatui::backend::{Backend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::Terminal;

pub fn demo_items(index: usize) -> Vec<CatalogItem> {
    crate::demo::demo_catalog(index).expect("demo catalog").items
}

pub fn demo_version(index: usize) -> CatalogVersion {
    let file = crate::demo::demo_catalog(index).expect("demo catalog");
    let meta = file.version.unwrap_or_default();
    CatalogVersion {
        id: VersionId(index as i64 + 1),
        label: meta.label,
        doc_no: meta.doc_no,
        effective: meta.effective.unwrap_or(NaiveDate::MIN),
        source_name: format!("demo-{index}.json"),
        source_sha256: String::new(),
        imported_by: "test".into(),
        imported_at: DateTime::UNIX_EPOCH,
        item_count: file.items.len(),
    }
}

pub fn demo_loaded(index: usize) -> LoadedCatalog {
    let docs = demo_items(index).iter().map(SearchDoc::from_item).collect();
    LoadedCatalog { version: demo_version(index), index: SearchIndex::build(docs) }
}

/// An officer of `role` as the store would return them after a login, holding an enforcement
/// certificate valid until the end of 2030.
pub fn officer(badge: &str, name: &str, role: Role) -> Officer {
    Officer {
        badge: badge.into(),
        name: name.into(),
        role,
        team: Some("QX01".into()),
        cert_expiry: chrono::NaiveDate::from_ymd_opt(2030, 12, 31),
        active: true,
        locked: false,
        failed_attempts: 0,
    }
}

/// Both demo versions, the second in force and open, Chinese, showing the login.
pub fn demo_app_at_login() -> App {
    let mut app = App::new(
        Lang::Zh,
        vec![demo_version(0), demo_version(1)],
        vec![VersionStatus::Superseded, VersionStatus::InForce],
        demo_loaded(1),
    );
    app.today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    app.teams = vec![Team { code: "QX01".into(), name: "青溪中队".into(), brigade: None }];
    app
}

/// [`demo_app_at_login`] with 张执法 (an officer) logged in.
pub fn demo_app() -> App {
    let mut app = demo_app_at_login();
    let zhang = officer("QJ1001", "张执法", Role::Officer);
    update(&mut app, Action::LoggedIn(Box::new(zhang)));
    app
}

/// The demo item with this code, from the version open in `demo_app`.
pub fn demo_item(code: &str) -> CatalogItem {
    demo_items(1).into_iter().find(|i| i.code == code).expect("demo item")
}

/// Draws `app` on a test terminal: the buffer, and the cursor if it is shown.
pub fn draw(app: &App, width: u16, height: u16) -> (Buffer, Option<Position>) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| super::frame::render(f, app)).expect("draw");
    let cursor = terminal.backend_mut().get_cursor_position().ok();
    let visible = terminal.backend().cursor_visible();
    (terminal.backend().buffer().clone(), cursor.filter(|_| visible))
}

/// Row `y` as text, skipping the continuation cell after each wide character.
pub fn row(buffer: &Buffer, y: u16) -> String {
    let mut out = String::new();
    let mut skip = 0;
    for x in 0..buffer.area.width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let symbol = buffer[(x, y)].symbol();
        skip = text::width(symbol).saturating_sub(1);
        out.push_str(symbol);
    }
    out
}

pub fn screen(buffer: &Buffer) -> String {
    (0..buffer.area.height).map(|y| row(buffer, y)).collect::<Vec<_>>().join("\n")
}

/// Patrol 7 of QX01, 09:00–11:30 on 24 November 2026, for QJ1001 and QJ1002, in `status`.
pub fn patrol(status: crate::domain::patrol::PatrolStatus) -> crate::domain::patrol::Patrol {
    let at = |t: &str| {
        chrono::NaiveDateTime::parse_from_str(&format!("2026-11-24 {t}"), "%Y-%m-%d %H:%M")
            .expect("time")
    };
    crate::domain::patrol::Patrol {
        id: 7,
        team: "QX01".into(),
        kind: crate::domain::patrol::PatrolKind::Daily,
        grids: vec!["QX01-01".into()],
        route: String::new(),
        officers: vec!["QJ1001".into(), "QJ1002".into()],
        planned_start: at("09:00"),
        planned_end: at("11:30"),
        started_at: None,
        finished_at: None,
        status,
        summary: String::new(),
        signed_off_by: None,
        ticket: None,
    }
}
