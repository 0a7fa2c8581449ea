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
    let first =
        store.take_in_ticket(&zhang, now(), &incoming("A-1"), None, None, None).expect("first");
    let repeat = store
        .take_in_ticket(&zhang, now(), &incoming("A-2"), None, Some(first.id), None)
        .expect("link");
    assert_eq!((repeat.duplicate_of, repeat.status), (Some(first.id), TicketStatus::Closed));
    let same_number = store.take_in_ticket(&zhang, now(), &incoming("A-1"), None, None, None);
    assert!(same_number.is_err(), "a number is taken in once per channel");
    let itself = store.link_ticket(&zhang, now(), first.id, first.id);
    assert_eq!(refusal(itself), TicketRefusal::LinkToSelf);
    let to_nothing = store.take_in_ticket(&zhang, now(), &incoming("A-3"), None, Some(999), None);
    assert!(matches!(to_nothing, Err(StoreError::NoSuchTicket(999))));
    assert_eq!(store.tickets().expect("tickets").len(), 2, "refusals wrote nothing");
}

#[test]
fn the_callback_follows_the_reply_and_a_transfer_ends_the_ticket() {
    let (mut store, zhang) = demo();
    let t =
        store.take_in_ticket(&zhang, now(), &incoming("B-1"), None, None, None).expect("ticket");
    let early = store.callback_ticket(&zhang, now(), t.id, true, "");
    assert_eq!(refusal(early), TicketRefusal::NotReplied(t.id));
    store.reply_ticket(&zhang, now(), t.id, "已责令摊贩入市经营").expect("reply");
    let unhappy = store.callback_ticket(&zhang, now(), t.id, false, "仍有摊贩").expect("callback");
    assert_eq!(unhappy.status, TicketStatus::Assigned, "back to the team");
    store.reply_ticket(&zhang, now(), t.id, "已连续三日早市巡查").expect("reply");
    let happy = store.callback_ticket(&zhang, now(), t.id, true, "").expect("callback");
    assert_eq!(happy.status, TicketStatus::Closed);
    let other =
        store.take_in_ticket(&zhang, now(), &incoming("B-2"), None, None, None).expect("ticket");
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
        store
            .take_in_ticket(&zhang, now(), &ticket, None, None, None)
            .expect("taken in")
            .incoming
            .number
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

/// A complaint taken in (as the 投诉 tab's `n` takes it, through `command::execute`) records the
/// item routing finds it concerns on the catalog in force, and the reports count it under the
/// item's domain (the figure 类别：…, and the domain grouping), its records one Enter away; a
/// complaint no item matches counts under 未归类.
#[test]
fn a_complaint_counts_under_its_items_domain_and_one_no_item_matches_as_unclassified() {
    use zhifa::command::{execute, Command, Desk};
    use zhifa::report::{GroupBy, Period, RecordId};
    let (mut store, zhang) = demo();
    let config = zhifa::config::Config::default();
    let desk = Desk { who: &zhang, now: now(), config: &config, lang: zhifa::i18n::Lang::Zh };
    let mut take_in = |content: &str| {
        let mut ticket = incoming("");
        ticket.channel = Channel::WalkIn;
        ticket.content = content.into();
        let recorded = execute(&mut store, &desk, Command::TakeInTicket { ticket, repeats: None })
            .expect("taken in");
        recorded.created.expect("the ticket made")
    };
    let poultry = take_in("小区里有人养鸡养鸭，味道很臭");
    let quarrel = take_in("小区电梯经常坏，困住了人"); // 市场监管: elsewhere
    let item = store.ticket(poultry).expect("read").expect("ticket").item.expect("an item");
    assert_eq!((item.code.as_str(), item.domain.as_str()), ("330217101024", "市容环境卫生"));
    let version = store.version_in_force(now().date_naive()).expect("catalog in force");
    assert_eq!(item.version, version.id.0, "of the version in force that day");
    assert_eq!(store.ticket(quarrel).expect("read").expect("ticket").item, None);

    let today = now().date_naive();
    let period = Period { from: "2026-11-01".parse().expect("day"), to: today };
    let report = store.report_figures(period, GroupBy::Team, today).expect("report");
    let value = |key: &str| report.total_of(key).map(|f| f.value);
    assert_eq!(value("category_市容环境卫生"), Some(1));
    assert_eq!(value("category_unclassified"), Some(1));
    assert_eq!(value("tickets_received"), Some(2));
    let i = report.measure("category_市容环境卫生").expect("measure");
    assert_eq!(report.measures[i].zh, "类别：市容环境卫生");
    let opened =
        store.report_figure(period, GroupBy::Team, today, "category_市容环境卫生").expect("open");
    assert_eq!(opened.records, vec![RecordId::Ticket(poultry)]);
    let opened =
        store.report_figure(period, GroupBy::Team, today, "category_unclassified").expect("open");
    assert_eq!(opened.records, vec![RecordId::Ticket(quarrel)]);
    // Grouped by domain, as cases are by their first item's.
    let by_domain = store.report_figures(period, GroupBy::Domain, today).expect("report");
    let received = by_domain.measure("tickets_received").expect("measure");
    let group = by_domain.groups.iter().find(|g| g.key == "市容环境卫生").expect("the domain");
    assert_eq!(group.figures[received].value, 1);
}

/// The item is recorded as the catalog states it: one the version does not hold is refused, and
/// nothing is written.
#[test]
fn a_ticket_about_an_item_its_version_does_not_hold_is_refused() {
    let (mut store, zhang) = demo();
    let version = store.version_in_force(now().date_naive()).expect("catalog").id.0;
    let item = zhifa::domain::ticket::TicketItem {
        version,
        code: "NO-SUCH-ITEM".into(),
        domain: "市容环境卫生".into(),
    };
    let refused = store.take_in_ticket(&zhang, now(), &incoming("C-1"), None, None, Some(&item));
    assert_eq!(refusal(refused), TicketRefusal::NoSuchItem(version, "NO-SUCH-ITEM".into()));
    assert!(store.tickets().expect("tickets").is_empty(), "nothing written");
    // The domain is the catalog's, whatever the caller said.
    let item = zhifa::domain::ticket::TicketItem { code: "330217101024".into(), ..item };
    let t = store.take_in_ticket(&zhang, now(), &incoming("C-2"), None, None, Some(&item));
    let recorded = t.expect("taken in").item.expect("item");
    assert_eq!(recorded.domain, "市容环境卫生");
}
