//! The 巡查 tab: today's patrols with the selected one's findings, and tiny sizes.

use super::*;
use crate::app::{update as app_update, Tab};
use crate::app::{Action, Effect};
use crate::fixtures::{demo_app, draw, screen};
use chrono::NaiveDateTime;
use zhifa_core::domain::patrol::{FindingAction, PatrolStatus};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
}

#[test]
fn todays_patrols_show_with_their_findings() {
    let mut patrol = crate::fixtures::patrol(PatrolStatus::Underway);
    patrol.started_at = Some(at("2026-11-24 09:05"));
    let finding = Finding {
        at: at("2026-11-24 09:40"),
        place: "青溪路文昌阁".into(),
        grid: Some("QX01-01".into()),
        item: "330217101001".into(),
        description: "阳台外吊挂广告布".into(),
        evidence: vec![],
        action: FindingAction::Order { by: "2026-11-27".parse().expect("day") },
        reinspects: None,
    };
    let mut app = demo_app();
    assert_eq!(app_update(&mut app, Action::NextTab), Some(Effect::LoadWork));
    assert_eq!(app.tab, Tab::Patrol);
    app.patrols.replace(vec![PatrolLine { patrol, findings: vec![finding] }]);
    let text = screen(&draw(&app, 120, 30).0);
    assert!(text.contains("今日巡查 1 次") && text.contains("09:00–11:30"), "{text}");
    assert!(text.contains("责令限期改正（2026-11-27 复查）"), "{text}");
    for (w, h) in [(1, 1), (10, 4), (40, 8)] {
        assert_eq!(screen(&draw(&app, w, h).0).lines().count(), h as usize);
    }
}
