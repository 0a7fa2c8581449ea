//! Tickets coming in: reading a dispatch feed (12345 hotline, 数字城管 exports as CSV or XLSX)
//! into tickets with a report of every problem, and finding the tickets a new one probably
//! repeats. Pure: bytes and ticket lists in, results out; storing is the store's business.

pub mod duplicates;
pub mod feed;
pub mod numbers;
pub mod routing;

use chrono::NaiveDate;
use zhifa_core::calendar::{DayCount, Uncertain, WorkCalendar};
use zhifa_core::domain::ticket::{IncomingTicket, Ticket};

/// Local answer periods (docs/DEADLINES.md, “Other periods”: local 12345 rules, not statute): tell the complainant within 5 working days, transfer a
/// ticket outside the bureau's remit within 3. Settings, because cities set them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketPeriods {
    pub reply_working_days: u32,
    pub transfer_working_days: u32,
}

impl Default for TicketPeriods {
    fn default() -> Self {
        TicketPeriods { reply_working_days: 5, transfer_working_days: 3 }
    }
}

/// The day the reply is due: the dispatcher's date when the feed gives one, else the local
/// period from the day received; `None` when no calendar covers it (flagged, not guessed).
pub fn reply_due(
    ticket: &IncomingTicket,
    calendar: &WorkCalendar,
    periods: TicketPeriods,
) -> Option<NaiveDate> {
    if let Some(due) = ticket.due {
        return Some(due);
    }
    let received = ticket.received_at.date();
    // The bureau's own deadline: on a provisional year, the earliest day it could be.
    calendar
        .add_days_counting(
            received,
            periods.reply_working_days,
            DayCount::Working,
            Uncertain::Working,
        )
        .ok()
}

/// Gives each unanswered ticket the day it must be transferred by, if outside the remit.
pub fn with_transfer_dues(tickets: &mut [Ticket], calendar: &WorkCalendar, periods: TicketPeriods) {
    for ticket in tickets.iter_mut().filter(|t| t.status.awaits_reply()) {
        ticket.transfer_due = transfer_due(&ticket.incoming, calendar, periods);
        // The reply date the dispatcher gave is theirs; one counted here may be provisional.
        let counted = ticket.reply_due.filter(|_| ticket.incoming.due.is_none());
        ticket.provisional =
            counted.into_iter().chain(ticket.transfer_due).any(|d| calendar.is_provisional(d));
    }
}

/// The day a ticket outside the bureau's remit must be transferred by: the local period from the
/// day received; `None` when no calendar covers it.
pub fn transfer_due(
    ticket: &IncomingTicket,
    calendar: &WorkCalendar,
    periods: TicketPeriods,
) -> Option<NaiveDate> {
    let received = ticket.received_at.date();
    calendar
        .add_days_counting(
            received,
            periods.transfer_working_days,
            DayCount::Working,
            Uncertain::Working,
        )
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhifa_core::domain::ticket::{Channel, Reporter, TicketStatus};

    fn ticket(received: &str, status: TicketStatus) -> Ticket {
        let incoming = IncomingTicket {
            number: "T-1".into(),
            channel: Channel::Hotline,
            received_at: chrono::NaiveDateTime::parse_from_str(received, "%Y-%m-%d %H:%M")
                .expect("time"),
            reporter: Reporter { name: String::new(), phone: String::new(), anonymous: true },
            place: "青溪路".into(),
            content: "占道".into(),
            due: None,
        };
        Ticket {
            id: 1,
            incoming,
            reply_due: None,
            team: None,
            status,
            duplicate_of: None,
            item: None,
            transfer_due: None,
            provisional: false,
        }
    }

    #[test]
    fn an_unanswered_ticket_is_transferred_within_three_working_days() {
        let calendar = zhifa_core::calendar::shipped().expect("calendar");
        let mut tickets = [
            // Friday 25 September 2026, in the Mid-Autumn holiday (25–27): the 28th, 29th, 30th.
            ticket("2026-09-25 10:00", TicketStatus::Received),
            // Tuesday 29 September: the 30th, then National Day (1–7 October), the 8th, the 9th.
            ticket("2026-09-29 10:00", TicketStatus::Assigned),
            ticket("2026-09-29 10:00", TicketStatus::Replied),
        ];
        with_transfer_dues(&mut tickets, &calendar, TicketPeriods::default());
        let dues: Vec<Option<String>> =
            tickets.iter().map(|t| t.transfer_due.map(|d| d.to_string())).collect();
        assert_eq!(
            dues,
            [Some("2026-09-30".to_string()), Some("2026-10-09".to_string()), None],
            "answered: no transfer period"
        );
    }

    #[test]
    fn a_ticket_taken_in_before_a_missing_notice_gets_the_bureaus_earliest_dates_marked() {
        // 2027 has no notice: the reply (5 working days) and the transfer (3) are the bureau's,
        // so the days around 元旦 the notice may still move count as working (全国年节及纪念日
        // 放假办法 art. 2(1), 6, 7): from Wednesday 30 December, 31, 2, 3, 4 and 5 January.
        let calendar = zhifa_core::calendar::shipped().expect("calendar");
        let mut tickets = [ticket("2026-12-30 10:00", TicketStatus::Received)];
        let incoming = &tickets[0].incoming;
        let reply = reply_due(incoming, &calendar, TicketPeriods::default());
        assert_eq!(reply.map(|d| d.to_string()).as_deref(), Some("2027-01-05"));
        tickets[0].reply_due = reply;
        with_transfer_dues(&mut tickets, &calendar, TicketPeriods::default());
        assert_eq!(tickets[0].transfer_due.map(|d| d.to_string()).as_deref(), Some("2027-01-03"));
        assert!(tickets[0].provisional);
        let mut calm = [ticket("2026-11-20 10:00", TicketStatus::Received)];
        with_transfer_dues(&mut calm, &calendar, TicketPeriods::default());
        assert!(!calm[0].provisional, "counted on the 2026 notice");
    }
}
