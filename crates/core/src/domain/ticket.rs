//! Complaints and hotline tickets (投诉举报, 12345) as they arrive.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// Where a ticket came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Channel {
    #[serde(rename = "12345热线")]
    Hotline,
    #[serde(rename = "数字城管")]
    DigitalCity,
    #[serde(rename = "上级交办")]
    Superior,
    #[serde(rename = "来信来访")]
    WalkIn,
    #[serde(rename = "其他")]
    Other,
}

impl Channel {
    pub fn label_zh(self) -> &'static str {
        match self {
            Channel::Hotline => "12345热线",
            Channel::DigitalCity => "数字城管",
            Channel::Superior => "上级交办",
            Channel::WalkIn => "来信来访",
            Channel::Other => "其他",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Channel::Hotline => "12345 hotline",
            Channel::DigitalCity => "digital city",
            Channel::Superior => "from above",
            Channel::WalkIn => "letter or visit",
            Channel::Other => "other",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.label_en())
    }

    /// Reads the spellings dispatch feeds use.
    pub fn parse(text: &str) -> Option<Channel> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        Some(if t.contains("12345") || t.contains("热线") {
            Channel::Hotline
        } else if t.contains("数字城管") || t.contains("城管通") || t.contains("网格") {
            Channel::DigitalCity
        } else if t.contains("交办") || t.contains("上级") || t.contains("督办") {
            Channel::Superior
        } else if t.contains("来访") || t.contains("来信") || t.contains("窗口") {
            Channel::WalkIn
        } else {
            Channel::Other
        })
    }
}

/// The person who reported, if they gave their name; anonymous reporters' details are never
/// shown beyond the team handling the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reporter {
    pub name: String,
    pub phone: String,
    /// The reporter asked for confidentiality (保密 / 匿名).
    pub anonymous: bool,
}

/// A ticket as read from a dispatch feed or typed at intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncomingTicket {
    /// The dispatcher's ticket number (工单编号): unique per channel.
    pub number: String,
    pub channel: Channel,
    pub received_at: NaiveDateTime,
    pub reporter: Reporter,
    pub place: String,
    pub content: String,
    /// The reply is due by this day, when the dispatcher set one.
    pub due: Option<NaiveDate>,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Hotline,
        Channel::DigitalCity,
        Channel::Superior,
        Channel::WalkIn,
        Channel::Other,
    ];

    /// The stable key stored in the database.
    pub fn key(self) -> &'static str {
        match self {
            Channel::Hotline => "hotline",
            Channel::DigitalCity => "digital_city",
            Channel::Superior => "superior",
            Channel::WalkIn => "walk_in",
            Channel::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// Where a ticket stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TicketStatus {
    #[serde(rename = "待分派")]
    Received,
    #[serde(rename = "办理中")]
    Assigned,
    #[serde(rename = "已答复")]
    Replied,
    #[serde(rename = "已办结")]
    Closed,
    #[serde(rename = "已转办")]
    Transferred,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 5] = [
        TicketStatus::Received,
        TicketStatus::Assigned,
        TicketStatus::Replied,
        TicketStatus::Closed,
        TicketStatus::Transferred,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TicketStatus::Received => "received",
            TicketStatus::Assigned => "assigned",
            TicketStatus::Replied => "replied",
            TicketStatus::Closed => "closed",
            TicketStatus::Transferred => "transferred",
        }
    }

    pub fn from_key(key: &str) -> Option<TicketStatus> {
        TicketStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            TicketStatus::Received => "待分派",
            TicketStatus::Assigned => "办理中",
            TicketStatus::Replied => "已答复",
            TicketStatus::Closed => "已办结",
            TicketStatus::Transferred => "已转办",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TicketStatus::Received => "to assign",
            TicketStatus::Assigned => "in hand",
            TicketStatus::Replied => "answered",
            TicketStatus::Closed => "closed",
            TicketStatus::Transferred => "transferred",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.label_en())
    }

    /// Whether the complainant is still waiting for an answer.
    pub fn awaits_reply(self) -> bool {
        matches!(self, TicketStatus::Received | TicketStatus::Assigned)
    }
}

/// The catalog item a complaint concerns, as routing found it when the ticket was taken in
/// (`intake::routing`, on the catalog in force on the day of receipt): recorded then, because
/// the catalog and the bureau's everyday words change and the routing could not be redone. The
/// reports count complaints by the item's domain (执法领域), as they count cases by their first
/// item's; a ticket no item matched has none (未归类).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketItem {
    /// The catalog version in force that day (its id).
    pub version: i64,
    /// The item's code in that version.
    pub code: String,
    /// The item's domain (执法领域) in that version; may be empty where the catalog gives none.
    pub domain: String,
}

/// A ticket as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ticket {
    pub id: i64,
    #[serde(flatten)]
    pub incoming: IncomingTicket,
    pub reply_due: Option<NaiveDate>,
    pub team: Option<String>,
    pub status: TicketStatus,
    pub duplicate_of: Option<i64>,
    /// The catalog item it concerns, recorded at intake (`None`: no item matched, 未归类).
    pub item: Option<TicketItem>,
    /// While unanswered: the day it must be transferred by if it is outside the bureau's remit
    /// (derived from the day received on the calendar, never stored; `None` otherwise).
    pub transfer_due: Option<NaiveDate>,
    /// A due date above was counted on a year whose notice is not loaded (computed from the
    /// statutory holidays, the bureau's earliest bound): shown “（暂定）”. Derived, never stored.
    pub provisional: bool,
}

impl Ticket {
    /// Past its reply date and still unanswered on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.awaits_reply() && self.reply_due.is_some_and(|due| due < today)
    }
}
