//! Test fixtures: the demo catalog as app states, without a database.

use super::app::{update, Action, App, LoadedCatalog};
use chrono::{DateTime, NaiveDate};
use ratatui::backend::{Backend, TestBackend};
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::Terminal;
use zhifa_app::worklist::{CaseLine, Clock};
use zhifa_catalog::search::{SearchDoc, SearchIndex};
use zhifa_core::domain::case::Case;
use zhifa_core::domain::case_file::{CaseRecord, CaseSource};
use zhifa_core::domain::catalog::CatalogItem;
use zhifa_core::domain::deadline::DeadlineKind;
use zhifa_core::domain::officer::{Officer, Role, Team};
use zhifa_core::domain::version::{CatalogVersion, VersionId, VersionStatus};
use zhifa_core::i18n::Lang;
use zhifa_core::text;

pub fn demo_items(index: usize) -> Vec<CatalogItem> {
    zhifa_app::demo::demo_catalog(index).expect("demo catalog").items
}

pub fn demo_version(index: usize) -> CatalogVersion {
    let file = zhifa_app::demo::demo_catalog(index).expect("demo catalog");
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
pub fn patrol(
    status: zhifa_core::domain::patrol::PatrolStatus,
) -> zhifa_core::domain::patrol::Patrol {
    let at = |t: &str| {
        chrono::NaiveDateTime::parse_from_str(&format!("2026-11-24 {t}"), "%Y-%m-%d %H:%M")
            .expect("time")
    };
    zhifa_core::domain::patrol::Patrol {
        id: 7,
        team: "QX01".into(),
        kind: zhifa_core::domain::patrol::PatrolKind::Daily,
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

/// A patrol under way and two complaints, one past its reply date, on the work tabs.
pub fn with_work(app: &mut App) {
    use zhifa_core::domain::patrol::PatrolStatus;
    use zhifa_core::domain::ticket::{Channel, IncomingTicket, Reporter, Ticket, TicketStatus};
    let patrol = crate::fixtures::patrol(PatrolStatus::Underway);
    let line = crate::screens::patrols::PatrolLine { patrol, findings: vec![] };
    app.patrols.replace(vec![line]);
    let ticket = |id: i64, status: TicketStatus, due: &str| Ticket {
        id,
        incoming: IncomingTicket {
            number: format!("12345-{id}"),
            channel: Channel::Hotline,
            received_at: "2026-11-18T10:00:00".parse().expect("time"),
            reporter: Reporter { name: String::new(), phone: String::new(), anonymous: true },
            place: "青溪路".into(),
            content: "夜间施工噪声".into(),
            due: None,
        },
        reply_due: chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").ok(),
        team: Some("QX01".into()),
        status,
        duplicate_of: None,
        item: None,
        transfer_due: chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").ok(),
        provisional: false,
    };
    app.tickets.replace(vec![
        ticket(1, TicketStatus::Assigned, "2026-11-20"),
        ticket(2, TicketStatus::Replied, "2026-11-30"),
    ]);
}

/// Case `id` of QX01 at the lead stage (act 1 November 2026), its filing clock `days_left` from
/// 24 November (negative: overdue).
pub fn case_line(id: i64, number: Option<&str>, days_left: i64) -> CaseLine {
    let state = Case::lead(fixture_day("2026-11-01"), fixture_day("2026-11-02"));
    let case = CaseRecord {
        id,
        number: number.map(String::from),
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路文昌阁".into(),
        grid: None,
        facts: "阳台外吊挂广告布".into(),
        items: vec![],
        parties: vec![],
        state,
        steps: vec![],
        finding: None,
        articles: Vec::new(),
    };
    let rule = DeadlineKind::Filing.rule();
    let due = fixture_day("2026-11-24") + chrono::Days::new(days_left.max(0) as u64)
        - chrono::Days::new((-days_left).max(0) as u64);
    let clock = Clock {
        kind: DeadlineKind::Filing,
        label: rule.label_zh,
        basis: rule.basis,
        binds: rule.binds,
        due: Some(due),
        days_left: Some(days_left),
        overdue: days_left < 0,
        provisional: false,
        gap: None,
    };
    CaseLine { case, deadlines: vec![clock], surcharge_fen: None }
}

fn fixture_day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// Runs of Chinese characters in `text`.
pub fn chinese_runs(text: &str) -> Vec<String> {
    let is_cjk =
        |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c);
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_cjk(c) && !matches!(c, '\u{3000}') {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// What is Chinese in the fixtures because the records are: the catalog, the teams, the people,
/// the places. An English screen may show these and no other Chinese.
pub fn records_text() -> String {
    let mut records = String::new();
    for item in demo_items(0).iter().chain(demo_items(1).iter()) {
        records.push_str(&serde_json::to_string(item).unwrap_or_default());
        for provision in item.basis.violated.iter().chain(&item.basis.penalty) {
            records.push_str(&format!("《{}》", provision.law.trim_matches(['《', '》'])));
        }
    }
    for index in [0, 1] {
        let v = demo_version(index);
        records.push_str(&format!("{} {}", v.label, v.doc_no));
    }
    records.push_str("青溪中队 张执法 演示管理员 陈中队长 李执法 青溪路 夜间施工噪声 文昌阁网格 ");
    records.push_str("〔2026〕综执罚字第1号 青溪路文昌阁 阳台外吊挂广告布 占用道路");
    records
}
