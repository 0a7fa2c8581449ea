//! The 投诉 tab: overdue tickets first and in red, the selected one in full, tiny sizes.

use super::*;
use crate::app::Action;
use crate::app::{update as app_update, Tab};
use crate::fixtures::{demo_app, draw, screen};
use crate::screens::work_list;
use zhifa_core::domain::ticket::{Channel, IncomingTicket, Reporter, TicketStatus};

fn ticket(id: i64, received: &str, due: &str, status: TicketStatus) -> Ticket {
    Ticket {
        id,
        incoming: IncomingTicket {
            number: format!("QJ-{id:04}"),
            channel: Channel::Hotline,
            received_at: chrono::NaiveDateTime::parse_from_str(received, "%Y-%m-%d %H:%M")
                .expect("time"),
            reporter: Reporter {
                name: "王女士".into(),
                phone: "13800000000".into(),
                anonymous: id == 2,
            },
            place: "滨江路轮渡码头".into(),
            content: "夜间烧烤油烟扰民".into(),
            due: None,
        },
        reply_due: due.parse().ok(),
        team: Some("QX01".into()),
        status,
        duplicate_of: None,
        item: None,
        transfer_due: None,
        provisional: false,
    }
}

#[test]
fn overdue_tickets_come_first_and_show_in_red() {
    let today: NaiveDate = "2026-11-24".parse().expect("day");
    let mut state = TicketsState::default();
    let tickets = vec![
        ticket(1, "2026-11-23 10:00", "2026-11-30", TicketStatus::Received),
        ticket(2, "2026-11-10 10:00", "2026-11-17", TicketStatus::Assigned),
        ticket(3, "2026-11-05 10:00", "2026-11-12", TicketStatus::Replied),
    ];
    state.replace(arranged(tickets, today));
    let order: Vec<i64> = state.items.iter().map(|t| t.id).collect();
    assert_eq!(order, [2, 1, 3], "the unanswered overdue one first, then newest");
    work_list::update(&mut state, Action::Last);
    assert_eq!(state.selected, 2);

    let mut app = demo_app();
    for _ in 0..3 {
        app_update(&mut app, Action::NextTab);
    }
    assert_eq!(app.tab, Tab::Complaints);
    app.tickets = state;
    app.tickets.selected = 0;
    app.tickets.items[0].transfer_due = "2026-11-13".parse().ok();
    let (buffer, _) = draw(&app, 120, 30);
    let text = screen(&buffer);
    assert!(text.contains("逾期未答复 1 件"), "{text}");
    assert!(text.contains("反映人要求保密") && !text.contains("13800000000"), "{text}");
    assert!(text.contains("答复期限 2026-11-17 · 不属本局职责的须于 2026-11-13 前转办"), "{text}");
    assert!(text.contains("类别：未归类"), "no item recorded at intake:\n{text}");
    app.tickets.items[0].item = Some(zhifa_core::domain::ticket::TicketItem {
        version: 2,
        code: "330217141001".into(),
        domain: "环境保护".into(),
    });
    let text = screen(&draw(&app, 120, 30).0);
    assert!(text.contains("类别：环境保护（事项 330217141001"), "the category recorded:\n{text}");
    for (w, h) in [(1, 1), (10, 4), (40, 8)] {
        assert_eq!(screen(&draw(&app, w, h).0).lines().count(), h as usize);
    }
}

/// Regression (issue 5): a 100 000-character complaint with line breaks and escapes is wrapped
/// into the detail pane without a panic and without a raw control reaching the buffer.
#[test]
fn a_huge_hostile_complaint_is_wrapped_safely() {
    let mut app = demo_app();
    app.tab = Tab::Complaints;
    let mut huge = ticket(1, "2026-11-23 10:00", "2026-11-30", TicketStatus::Received);
    huge.incoming.content = format!("\x1b[31m红字\r\n{}", "油烟扰民\u{200d}".repeat(20_000));
    huge.incoming.place = "\u{9b}2J滨江路".into();
    app.tickets.replace(vec![huge]);
    let (buffer, _) = draw(&app, 100, 30);
    assert!(buffer
        .content
        .iter()
        .all(|c| !c.symbol().chars().any(zhifa_core::text::is_terminal_control)));
    let text = screen(&buffer);
    assert!(text.contains("␛[31m红字") && text.contains("\u{fffd}2J滨江路"), "{text}");
    assert!(text.contains("油烟扰民油烟扰民"), "the joiners left out:\n{text}");
}
