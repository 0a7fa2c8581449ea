//! Ticket numbers: the ones a person can type to point at a ticket (the number the list shows,
//! or `#id`), and the numbers zhifa gives tickets taken in by hand (a walk-in, a phone call)
//! when none was typed: one series per channel and year, `LF2026-0001`, each number given once.
//! Pure: the store finds the last number of a series and the tickets a reference may mean.

use zhifa_core::domain::ticket::{Channel, Ticket};

/// The letters of a channel's own series (拼音 initials, typable on any keyboard).
pub fn series_prefix(channel: Channel) -> &'static str {
    match channel {
        Channel::Hotline => "RX",
        Channel::DigitalCity => "SZ",
        Channel::Superior => "JB",
        Channel::WalkIn => "LF",
        Channel::Other => "QT",
    }
}

/// The start every number of the series of `channel` in `year` shares: `LF2026-`.
pub fn series_start(channel: Channel, year: i32) -> String {
    format!("{}{year}-", series_prefix(channel))
}

/// The `n`th number of the series: `LF2026-0001`.
pub fn series_number(channel: Channel, year: i32, n: u32) -> String {
    format!("{}{n:04}", series_start(channel, year))
}

/// The place of `number` in the series of `channel` in `year`, if it is one of its numbers.
pub fn place_in_series(channel: Channel, year: i32, number: &str) -> Option<u32> {
    let rest = number.strip_prefix(&series_start(channel, year))?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

/// Why a typed reference names no one ticket.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("type the ticket number as the list shows it, or #id")]
    Empty,
    #[error("no ticket is numbered “{0}” (type the number as the list shows it, or #id)")]
    Unknown(String),
    #[error("several tickets are numbered “{0}” (one per channel): type #id, one of {1:?}")]
    Ambiguous(String, Vec<i64>),
}

impl ReferenceError {
    pub fn message_zh(&self) -> String {
        match self {
            Self::Empty => "请输入列表所示的投诉编号，或 #序号".into(),
            Self::Unknown(text) => {
                format!("没有编号为“{text}”的投诉举报（请输入列表所示的编号，或 #序号）")
            }
            Self::Ambiguous(text, ids) => {
                let ids: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
                format!("编号“{text}”有多件（不同渠道）：请输入 #序号（{}）", ids.join("、"))
            }
        }
    }
}

/// The ticket `reference` points at among `tickets`: `#id`; else the ticket number as the list
/// shows it; else a bare id.
pub fn resolve(reference: &str, tickets: &[Ticket]) -> Result<i64, ReferenceError> {
    let text = reference.trim();
    if text.is_empty() {
        return Err(ReferenceError::Empty);
    }
    let by_id = |id: Option<i64>| id.filter(|id| tickets.iter().any(|t| t.id == *id));
    if let Some(rest) = text.strip_prefix('#').or_else(|| text.strip_prefix('＃')) {
        return by_id(rest.trim().parse().ok()).ok_or(ReferenceError::Unknown(text.to_string()));
    }
    let numbered: Vec<i64> =
        tickets.iter().filter(|t| t.incoming.number.trim() == text).map(|t| t.id).collect();
    match numbered.as_slice() {
        [one] => Ok(*one),
        [] => by_id(text.parse().ok()).ok_or(ReferenceError::Unknown(text.to_string())),
        _ => Err(ReferenceError::Ambiguous(text.to_string(), numbered)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhifa_core::domain::ticket::{IncomingTicket, Reporter, TicketStatus};

    fn ticket(id: i64, number: &str, channel: Channel) -> Ticket {
        Ticket {
            id,
            incoming: IncomingTicket {
                number: number.into(),
                channel,
                received_at: "2026-11-24T09:00:00".parse().expect("time"),
                reporter: Reporter { name: String::new(), phone: String::new(), anonymous: false },
                place: "青溪路".into(),
                content: "占道".into(),
                due: None,
            },
            reply_due: None,
            team: None,
            status: TicketStatus::Received,
            duplicate_of: None,
            item: None,
            transfer_due: None,
            provisional: false,
        }
    }

    #[test]
    fn a_reference_is_the_number_the_list_shows_or_an_id() {
        let tickets = [
            ticket(3, "RX20261124001", Channel::Hotline),
            ticket(4, "LF2026-0001", Channel::WalkIn),
            ticket(5, "0007", Channel::Hotline),
            ticket(6, "0007", Channel::DigitalCity),
            ticket(7, "6", Channel::Other),
        ];
        assert_eq!(resolve(" RX20261124001 ", &tickets), Ok(3));
        assert_eq!(resolve("LF2026-0001", &tickets), Ok(4));
        assert_eq!(resolve("#4", &tickets), Ok(4));
        assert_eq!(resolve("3", &tickets), Ok(3), "a bare id, when no ticket has that number");
        assert_eq!(resolve("6", &tickets), Ok(7), "the number shown wins over an id");
        assert_eq!(
            resolve("0007", &tickets),
            Err(ReferenceError::Ambiguous("0007".into(), vec![5, 6]))
        );
        assert_eq!(resolve("#9", &tickets), Err(ReferenceError::Unknown("#9".into())));
        assert_eq!(resolve("", &tickets), Err(ReferenceError::Empty));
        assert!(ReferenceError::Unknown("X".into()).message_zh().contains("列表所示的编号"));
    }

    #[test]
    fn hand_taken_numbers_form_one_series_per_channel_and_year() {
        assert_eq!(series_number(Channel::WalkIn, 2026, 1), "LF2026-0001");
        assert_eq!(series_number(Channel::Other, 2027, 12345), "QT2027-12345");
        assert_eq!(place_in_series(Channel::WalkIn, 2026, "LF2026-0042"), Some(42));
        assert_eq!(place_in_series(Channel::WalkIn, 2025, "LF2026-0042"), None, "another year");
        assert_eq!(place_in_series(Channel::Other, 2026, "LF2026-0042"), None, "another channel");
        assert_eq!(place_in_series(Channel::WalkIn, 2026, "LF2026-00x2"), None);
        assert_eq!(place_in_series(Channel::WalkIn, 2026, "LF2026-"), None);
    }
}
