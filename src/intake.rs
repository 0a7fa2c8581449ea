//! Tickets coming in: reading a dispatch feed (12345 hotline, 数字城管 exports as CSV or XLSX)
//! into tickets with a report of every problem, and finding the tickets a new one probably
//! repeats. Pure: bytes and ticket lists in, results out; storing is the store's business.

pub mod duplicates;
pub mod feed;

use crate::calendar::{DayCount, WorkCalendar};
use crate::domain::ticket::IncomingTicket;
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
