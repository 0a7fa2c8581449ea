//! Tickets coming in: reading a dispatch feed (12345 hotline, 数字城管 exports as CSV or XLSX)
//! into tickets with a report of every problem, and finding the tickets a new one probably
//! repeats. Pure: bytes and ticket lists in, results out; storing is the store's business.

pub mod duplicates;
pub mod feed;
