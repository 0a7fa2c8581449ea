//! Complaints and hotline tickets (投诉举报, 12345) as they arrive (DOMAIN.md §6).

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
