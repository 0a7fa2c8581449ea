//! Tickets coming in: reading a dispatch feed (12345 hotline, 数字城管 exports as CSV or XLSX)
//! into tickets with a report of every problem, and finding the tickets a new one probably
//! repeats. Pure: bytes and ticket lists in, results out; storing is the store's business.

pub mod duplicates;
pub mod feed;
pub mod routing;

use crate::calendar::{DayCount, WorkCalendar};
use crate::domain::ticket::{IncomingTicket, Ticket};
use chrono::NaiveDate;

/// Local answer periods (DOMAIN.md §6): tell the complainant within 5 working days, transfer a
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
    calendar.add_days(received, periods.reply_working_days, DayCount::Working).ok()
}

/// Gives each unanswered ticket the day it must be transferred by, if outside the remit.
pub fn with_transfer_dues(tickets: &mut [Ticket], calendar: &WorkCalendar, periods: TicketPeriods) {
    for ticket in tickets.iter_mut().filter(|t| t.status.awaits_reply()) {
        ticket.transfer_due = transfer_due(&ticket.incoming, calendar, periods);
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
    calendar.add_days(received, periods.transfer_working_days, DayCount::Working).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ticket::{Channel, Reporter, TicketStatus};

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
            transfer_due: None,
        }
    }

    #[test]
    fn an_unanswered_ticket_is_transferred_within_three_working_days() {
        let calendar = crate::calendar::shipped().expect("calendar");
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
}
