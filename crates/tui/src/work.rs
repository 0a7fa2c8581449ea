//! What the 巡查, 案件 and 投诉 tabs read from the store: in one place for the event loop (one
//! `Effect::LoadWork` reads all three whenever a work tab comes into view) and for the casework
//! benchmark (which times each tab's reads on their own).
//!
//! Only the work of now is read: today's patrols with their findings, the cases still being
//! worked on with their clocks, the tickets awaiting a reply and the last few days' others. A
//! database holding ten years of a county's work reads about as fast as a new one.

use super::app::Action;
use super::screens::patrols::PatrolLine;
use chrono::{Days, NaiveDate};
use zhifa_app::worklist::{attention_of, open_case_lines, CaseLine, DUE_SOON_DAYS};
use zhifa_core::domain::ticket::Ticket;
use zhifa_intake::{with_transfer_dues, TicketPeriods};
use zhifa_store::{Store, StoreResult};

/// Answered tickets stay on the 投诉 tab this many days after they came in (those awaiting a
/// reply stay however old they are).
pub const RECENT_TICKET_DAYS: u64 = 7;

/// Today's patrol list of every team, each patrol with what it found.
pub fn patrol_lines(store: &Store, today: NaiveDate) -> StoreResult<Vec<PatrolLine>> {
    store
        .patrols(None, Some(today))?
        .into_iter()
        .map(|patrol| Ok(PatrolLine { findings: store.findings(patrol.id)?, patrol }))
        .collect()
}

/// The cases still being worked on, with their clocks as they stand today.
pub fn case_lines(store: &Store, today: NaiveDate) -> StoreResult<Vec<CaseLine>> {
    open_case_lines(store, today)
}

/// The tickets awaiting a reply, and the others of the last [`RECENT_TICKET_DAYS`] days.
pub fn tickets(store: &Store, today: NaiveDate) -> StoreResult<Vec<Ticket>> {
    let since = today.checked_sub_days(Days::new(RECENT_TICKET_DAYS)).unwrap_or(today);
    store.work_tickets(since)
}

/// Whose work is read: the officer's team (`None` for those without one, admins and reviewers:
/// everyone's) for the counts and the re-inspections, and the local answer periods.
#[derive(Debug, Clone, Copy)]
pub struct Desk<'a> {
    pub team: Option<&'a str>,
    pub periods: TicketPeriods,
}

/// All three lists, the re-inspections due and the counts of overdue work, as the action that
/// delivers them.
pub fn load(store: &Store, today: NaiveDate, desk: Desk) -> Action {
    let soon = today + Days::new(DUE_SOON_DAYS as u64);
    let work = case_lines(store, today).and_then(|cases| {
        let mut tickets = tickets(store, today)?;
        with_transfer_dues(&mut tickets, &store.work_calendar()?, desk.periods);
        let patrols = patrol_lines(store, today)?;
        let reinspections = store.reinspections(desk.team, soon)?;
        let attention = attention_of(&cases, &tickets, today, desk.team);
        Ok(Action::WorkLoaded { cases, tickets, patrols, reinspections, attention })
    });
    work.unwrap_or_else(|error| Action::Failed(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhifa_app::demo::{activity::seed_demo_activity, seed_demo, seed_demo_officers};
    use zhifa_app::worklist::{attention_of, case_lines};
    use zhifa_core::domain::actor::Actor;
    use zhifa_store::password::FAST_FOR_TESTS;

    #[test]
    fn the_demo_reads_as_with_full_scans_every_case_and_ticket_and_todays_patrols() {
        let mut store = Store::open_in_memory().expect("store");
        store.set_password_cost(FAST_FOR_TESTS);
        let now = "2026-11-24T02:00:00Z".parse().expect("now");
        let actor = Actor::new("system:demo", "test", 1);
        seed_demo(&mut store, &actor, now).expect("catalog");
        seed_demo_officers(&mut store, &actor, now).expect("officers");
        seed_demo_activity(&mut store, &actor, now).expect("activity");
        let today = zhifa_core::clock::china_date(now);
        let everyone = Desk { team: None, periods: TicketPeriods::default() };
        let Action::WorkLoaded { cases, tickets, patrols, attention, .. } =
            load(&store, today, everyone)
        else {
            panic!("the work lists were not read");
        };
        let all_cases = case_lines(&store, today).expect("cases");
        let mut all_tickets = store.tickets().expect("tickets");
        let calendar = store.work_calendar().expect("calendar");
        with_transfer_dues(&mut all_tickets, &calendar, TicketPeriods::default());
        assert_eq!(cases, all_cases, "the demo's cases are all open");
        assert_eq!(tickets, all_tickets, "one awaits a reply, the others are recent");
        assert_eq!(attention, attention_of(&all_cases, &all_tickets, today, None));
        assert_eq!((patrols.len(), cases.len(), tickets.len()), (2, 5, 3));
        assert!(attention.overdue_cases > 0 && attention.overdue_tickets > 0, "{attention:?}");
    }
}
