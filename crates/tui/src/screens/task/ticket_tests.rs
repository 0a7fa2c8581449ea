//! The complaint forms: the duplicate check runs before every save of a new ticket (even after a
//! first Enter the form refused), a link accepts the ticket number the list shows, and a ticket
//! taken in by hand may leave its number to the store.

use super::*;
use crate::app::{update as app_update, App, Effect, Tab};
use crate::fixtures::demo_app;
use zhifa_core::domain::ticket::{Channel, IncomingTicket, Reporter};

fn ticket(id: i64, place: &str, content: &str) -> Ticket {
    Ticket {
        id,
        incoming: IncomingTicket {
            number: format!("12345-{id}"),
            channel: Channel::Hotline,
            received_at: "2026-11-20T10:00:00".parse().expect("time"),
            reporter: Reporter { name: String::new(), phone: String::new(), anonymous: true },
            place: place.into(),
            content: content.into(),
            due: None,
        },
        reply_due: None,
        team: Some("QX01".into()),
        status: TicketStatus::Assigned,
        duplicate_of: None,
        item: None,
        transfer_due: None,
        provisional: false,
    }
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app_update(app, Action::Insert(c));
    }
}

/// Enter until the form submits or refuses; the effect it asks for.
fn submit(app: &mut App) -> Option<Effect> {
    for _ in 0..20 {
        if let Some(effect) = app_update(app, Action::Open) {
            return Some(effect);
        }
        if app.task.as_ref().is_some_and(|t| t.form.error.is_some()) {
            return None;
        }
    }
    None
}

fn complaints_app() -> App {
    let mut app = demo_app();
    app.tab = Tab::Complaints;
    app.tickets.replace(vec![
        ticket(12, "青溪菜市场东门", "早市摊贩占道经营噪音扰民"),
        ticket(13, "学府路", "共享单车乱停放"),
    ]);
    app
}

#[test]
fn the_duplicate_check_runs_even_after_a_refused_first_enter() {
    let mut app = complaints_app();
    app_update(&mut app, Action::New);
    // No number (taken in by hand), the channel, the place; the content forgotten.
    app_update(&mut app, Action::Open);
    app_update(&mut app, Action::Open);
    type_text(&mut app, "青溪菜市场东门");
    assert_eq!(submit(&mut app), None, "refused: no content");
    assert!(app.task.as_ref().and_then(|t| t.form.error.clone()).is_some());
    // Back up to the content (↑ as an officer would) and type it.
    app.task.as_mut().expect("form").form.focus_of(forms::TICKET_CONTENT);
    type_text(&mut app, "早市摊贩占道，噪音扰民");
    // Enter through the remaining fields: the repeats are shown before saving, not skipped.
    for _ in 0..10 {
        let effect = app_update(&mut app, Action::Open);
        assert_eq!(effect, None, "saved without the duplicate check");
        if app.task.as_ref().is_some_and(|t| !t.duplicates.is_empty()) {
            break;
        }
    }
    let task = app.task.as_ref().expect("form");
    let values: Vec<&str> = (0..task.form.fields.len()).map(|i| task.form.value(i)).collect();
    assert_eq!(task.duplicates.first().map(|d| d.0), Some(12), "{values:?} {:?}", task.form.error);
    assert_eq!(task.form.at(forms::TICKET_REPEAT), task.form.fields.len() - 1, "offered last");

    // The text changed after the repeats were offered: compared again (no repeat now), and then
    // saved, with no number typed.
    app.task.as_mut().expect("form").form.set_of(forms::TICKET_CONTENT, "夜间施工噪声");
    let Some(Effect::Record(Command::TakeInTicket { repeats, ticket })) = submit(&mut app) else {
        panic!("a ticket to take in")
    };
    assert_eq!((repeats, ticket.number.as_str()), (None, ""), "the store numbers it");
    assert_eq!(ticket.content, "夜间施工噪声");
}

#[test]
fn a_link_takes_the_ticket_number_the_list_shows() {
    let mut app = complaints_app();
    let link = |app: &mut App, typed: &str| {
        let field = FormField::text(("重复于", "Repeats"), "").keyed(forms::ORIGINAL);
        app.task = Some(TaskState::new(TaskKind::LinkTicket(13), vec![field]));
        type_text(app, typed);
        submit(app)
    };
    let Some(Effect::Record(Command::LinkTicket { ticket, original })) = link(&mut app, "12345-12")
    else {
        panic!("a link")
    };
    assert_eq!((ticket, original), (13, 12));
    let Some(Effect::Record(Command::LinkTicket { original, .. })) = link(&mut app, "#12") else {
        panic!("a link by #id")
    };
    assert_eq!(original, 12);
    assert_eq!(link(&mut app, "12345-99"), None, "no such number: refused on the form");
    let error = app.task.as_ref().and_then(|t| t.form.error.clone()).unwrap_or_default();
    assert!(error.contains("没有编号为“12345-99”的投诉举报"), "{error}");
}

/// `text` routed on the demo catalog for team QX01, as the loop would route it.
fn routed(app: &App, text: &str) -> zhifa_app::worklist::Routed {
    use zhifa_intake::routing::{route, suggest};
    let items = crate::fixtures::demo_items(1);
    let suggested: Vec<_> = suggest(&app.catalog.index, text)
        .into_iter()
        .filter_map(|hit| {
            let code = &app.catalog.index.doc(hit.doc).code;
            Some((items.iter().find(|i| &i.code == code)?.clone(), hit))
        })
        .collect();
    let team = app.teams.first().cloned();
    let (route, items) = route(text, &suggested, team.as_ref());
    zhifa_app::worklist::Routed { route, items, team }
}

#[test]
fn a_complaint_is_routed_on_s_shown_in_its_detail_and_accepted_on_a() {
    let mut app = demo_app();
    app.tab = Tab::Complaints;
    app.tickets.replace(vec![ticket(7, "青溪路", "楼下饭店油烟很大，熏得开不了窗")]);
    app_update(&mut app, Action::AcceptRoute);
    assert!(app.task.is_none() && app.message.as_deref().is_some_and(|m| m.contains("先按 s")));

    assert_eq!(app_update(&mut app, Action::RouteTicket), Some(Effect::RouteTicket(7)));
    let found = routed(&app, "楼下饭店油烟很大，熏得开不了窗");
    let expected = zhifa_intake::routing::decision_text(
        &found.route,
        &found.items,
        Some("青溪中队"),
        app.lang,
    );
    app_update(&mut app, Action::TicketRouted(Box::new((7, found.clone()))));
    let (buffer, _) = crate::fixtures::draw(&app, 160, 40);
    let text = crate::fixtures::screen(&buffer);
    let shown: String = expected.chars().take(12).collect();
    assert!(text.contains(&shown), "{shown}:\n{text}");
    assert!(text.contains("a 采纳建议"), "{text}");
    let first = found.items.first().expect("an item for 油烟");
    assert!(text.contains(&first.code), "{text}");

    // 张执法 handles complaints but does not assign them: what accepting leads to depends on it.
    app.message = None;
    app_update(&mut app, Action::AcceptRoute);
    match &found.route {
        zhifa_intake::routing::Route::Transfer { department, .. } => {
            let form = &app.task.as_ref().expect("the transfer form").form;
            assert_eq!(form.value_of(forms::TRANSFER_TO), department.as_str());
            assert!(
                form.value_of(forms::REASON).contains(&first.code),
                "{}",
                form.value_of(forms::REASON)
            );
        }
        zhifa_intake::routing::Route::Ours { .. } => {
            assert!(app.task.is_none(), "an officer does not assign");
            assert!(app.message.as_deref().is_some_and(|m| m.contains("权限不足")));
        }
        other => panic!("油烟 should be the bureau's: {other:?}"),
    }
}

#[test]
fn accepting_a_transfer_elsewhere_fills_in_the_authority() {
    let mut app = demo_app();
    app.tab = Tab::Complaints;
    let text = "小区电梯经常困人，物业不管";
    app.tickets.replace(vec![ticket(8, "滨江花园", text)]);
    let found = routed(&app, text);
    let zhifa_intake::routing::Route::Elsewhere { authority, .. } = found.route.clone() else {
        panic!("an elevator is not the bureau's: {:?}", found.route);
    };
    app_update(&mut app, Action::TicketRouted(Box::new((8, found))));
    app_update(&mut app, Action::AcceptRoute);
    let form = &app.task.as_ref().expect("the transfer form").form;
    assert_eq!(form.value_of(forms::TRANSFER_TO), authority);
    assert!(form.value_of(forms::REASON).contains("电梯"), "{}", form.value_of(forms::REASON));
}

#[test]
fn a_complaint_just_taken_in_is_selected_and_routed_when_the_lists_come_back() {
    let mut app = demo_app();
    app.tab = Tab::Complaints;
    let listed = vec![ticket(3, "滨江路", "夜间施工"), ticket(4, "学府路", "占道经营")];
    app.tickets.replace(listed.clone());
    let done = zhifa_app::command::Recorded {
        message: "已登记投诉举报 WALK-1 #4".into(),
        finding: None,
        created: Some(4),
    };
    assert_eq!(app_update(&mut app, Action::Recorded(Ok(done))), Some(Effect::LoadWork));
    let back = app_update(
        &mut app,
        Action::WorkLoaded {
            cases: vec![],
            tickets: listed,
            patrols: vec![],
            reinspections: vec![],
            attention: Default::default(),
        },
    );
    assert_eq!(back, Some(Effect::RouteTicket(4)), "routed at once");
    assert_eq!(app.tickets.selected_item().map(|t| t.id), Some(4), "the new one selected");
    assert_eq!(app.made, None, "once");
}
