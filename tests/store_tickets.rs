//! Tickets by hand on the demo database: a repeat linked to the ticket it repeats instead of
//! handled twice, the callback after the reply, a transfer out of the bureau's remit; each
//! refused where it makes no sense, with nothing written.

use chrono::{DateTime, NaiveDateTime, Utc};
use zhifa::demo::{seed_demo, seed_demo_officers};
use zhifa::domain::actor::Actor;
use zhifa::domain::ticket::{Channel, IncomingTicket, Reporter, TicketStatus};
use zhifa::store::{password, Identity, Store, StoreError, TicketRefusal};

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
}

fn demo() -> (Store, Identity) {
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let actor = Actor::new("system:demo", "test", 1);
    seed_demo(&mut store, &actor, now()).expect("catalog");
    seed_demo_officers(&mut store, &actor, now()).expect("officers");
    let zhang =
        store.authenticate(&Actor::new("os:t", "t", 1), now(), "QJ1001", "100100").expect("login");
    (store, zhang)
}

fn incoming(number: &str) -> IncomingTicket {
    IncomingTicket {
        number: number.into(),
        channel: Channel::Hotline,
        received_at: NaiveDateTime::parse_from_str("2026-11-23 08:00", "%Y-%m-%d %H:%M")
            .expect("time"),
        reporter: Reporter { name: String::new(), phone: String::new(), anonymous: true },
        place: "青溪菜市场东门".into(),
        content: "早市摊贩占道，噪音扰民".into(),
        due: None,
    }
}

fn refusal<T: std::fmt::Debug>(result: Result<T, StoreError>) -> TicketRefusal {
    match result {
        Err(StoreError::Ticket(refusal)) => refusal,
        other => panic!("expected a ticket refusal, got {other:?}"),
    }
}

#[test]
fn a_repeat_is_linked_not_handled_twice() {
    let (mut store, zhang) = demo();
    let first = store.take_in_ticket(&zhang, now(), &incoming("A-1"), None, None).expect("first");
    let repeat =
        store.take_in_ticket(&zhang, now(), &incoming("A-2"), None, Some(first.id)).expect("link");
    assert_eq!((repeat.duplicate_of, repeat.status), (Some(first.id), TicketStatus::Closed));
    let same_number = store.take_in_ticket(&zhang, now(), &incoming("A-1"), None, None);
    assert!(same_number.is_err(), "a number is taken in once per channel");
    let itself = store.link_ticket(&zhang, now(), first.id, first.id);
    assert_eq!(refusal(itself), TicketRefusal::LinkToSelf);
    let to_nothing = store.take_in_ticket(&zhang, now(), &incoming("A-3"), None, Some(999));
    assert!(matches!(to_nothing, Err(StoreError::NoSuchTicket(999))));
    assert_eq!(store.tickets().expect("tickets").len(), 2, "refusals wrote nothing");
}

#[test]
fn the_callback_follows_the_reply_and_a_transfer_ends_the_ticket() {
    let (mut store, zhang) = demo();
    let t = store.take_in_ticket(&zhang, now(), &incoming("B-1"), None, None).expect("ticket");
    let early = store.callback_ticket(&zhang, now(), t.id, true, "");
    assert_eq!(refusal(early), TicketRefusal::NotReplied(t.id));
    store.reply_ticket(&zhang, now(), t.id, "已责令摊贩入市经营").expect("reply");
    let unhappy = store.callback_ticket(&zhang, now(), t.id, false, "仍有摊贩").expect("callback");
    assert_eq!(unhappy.status, TicketStatus::Assigned, "back to the team");
    store.reply_ticket(&zhang, now(), t.id, "已连续三日早市巡查").expect("reply");
    let happy = store.callback_ticket(&zhang, now(), t.id, true, "").expect("callback");
    assert_eq!(happy.status, TicketStatus::Closed);
    let other = store.take_in_ticket(&zhang, now(), &incoming("B-2"), None, None).expect("ticket");
    let moved = store
        .transfer_ticket(&zhang, now(), other.id, "区市场监管局", "食品安全不属综合执法")
        .expect("transfer");
    assert_eq!(moved.status, TicketStatus::Transferred);
    let again = store.transfer_ticket(&zhang, now(), other.id, "区环保局", "再转");
    assert!(matches!(refusal(again), TicketRefusal::NotOpen(_, _)));
}

/// A walk-in or a call taken by hand needs no invented number: left empty, the store gives the
/// next of the channel's series for the year (`LF2026-0001`), once; and the number the list
/// shows is what a link accepts.
#[test]
fn hand_taken_tickets_are_numbered_per_channel_and_year_and_linked_by_that_number() {
    let (mut store, zhang) = demo();
    let walk_in = |number: &str, received: &str| IncomingTicket {
        channel: Channel::WalkIn,
        received_at: NaiveDateTime::parse_from_str(received, "%Y-%m-%d %H:%M").expect("time"),
        ..incoming(number)
    };
    let mut take = |ticket: IncomingTicket| {
        store.take_in_ticket(&zhang, now(), &ticket, None, None).expect("taken in").incoming.number
    };
    assert_eq!(take(walk_in("", "2026-11-23 08:00")), "LF2026-0001");
    assert_eq!(take(walk_in("  ", "2026-11-23 09:00")), "LF2026-0002");
    assert_eq!(take(incoming("")), "RX2026-0001", "each channel its own series");
    assert_eq!(take(walk_in("LF2026-0007", "2026-11-23 10:00")), "LF2026-0007", "typed: kept");
    assert_eq!(take(walk_in("", "2026-11-23 11:00")), "LF2026-0008", "never given twice");
    assert_eq!(take(walk_in("", "2027-01-04 08:00")), "LF2027-0001", "a new year, a new series");

    let listed = |number: &str| {
        store.tickets().expect("tickets").into_iter().find(|t| t.incoming.number == number)
    };
    let second = listed("LF2026-0002").expect("listed").id;
    assert_eq!(store.ticket_by_reference("LF2026-0002").expect("by number"), second);
    assert_eq!(store.ticket_by_reference(&format!("#{second}")).expect("by id"), second);
    let unknown = store.ticket_by_reference("LF2026-0099");
    assert!(matches!(refusal(unknown), TicketRefusal::Reference(_)));
    // The whole store re-derives from its events (the numbers given are in them).
    let verified = store.verify(&zhifa::store::VerifyOptions::default()).expect("verify");
    assert!(verified.problems.is_empty(), "{:?}", verified.problems);
}
