//! Ticket feeds as XLSX (`intake::feed::read_feed` on .xlsx): the generated feeds of `feeds`
//! written as workbooks, with times as text, as Excel dates and as bare serial numbers, and
//! numbers as numbers, read back ticket for ticket. Building a workbook costs milliseconds,
//! hence fewer cases than the CSV feeds.

use crate::feeds::{feed, read, text_times, Feed, Field, TimeForm};
use crate::gen::config;
use chrono::{Datelike, Timelike};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

/// The XLSX of `feed`: text cells, numbers for numbers, times as Excel dates or serials.
fn workbook(feed: &Feed, numbers: bool) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date_format = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (col, (_, header)) in feed.columns.iter().enumerate() {
        sheet.write_string(0, col as u16, header)?;
    }
    for (r, ticket) in feed.tickets.iter().enumerate() {
        let row = r as u32 + 1;
        for (col, (field, _)) in feed.columns.iter().enumerate() {
            let col = col as u16;
            let text = ticket.cell(*field, feed.received, feed.due_form);
            let at = ticket.received;
            let excel = || -> Result<ExcelDateTime, XlsxError> {
                ExcelDateTime::from_ymd(at.year() as u16, at.month() as u8, at.day() as u8)?
                    .and_hms(at.hour() as u16, at.minute() as u8, at.second())
            };
            match (field, feed.received) {
                (Field::Received, TimeForm::ExcelDate) => {
                    sheet.write_datetime_with_format(row, col, &excel()?, &date_format)?;
                }
                (Field::Received, TimeForm::ExcelSerial) => {
                    sheet.write_number(row, col, excel()?.to_excel())?;
                }
                // Excel would drop leading zeros: such numbers stay text, as exports keep them.
                (Field::Phone | Field::Number, _)
                    if numbers
                        && !text.starts_with('0')
                        && !text.is_empty()
                        && text.chars().all(|c| c.is_ascii_digit()) =>
                {
                    sheet.write_number(row, col, text.parse::<f64>().unwrap_or_default())?;
                }
                _ if !text.is_empty() => {
                    sheet.write_string(row, col, &text)?;
                }
                _ => {}
            }
        }
    }
    book.save_to_buffer()
}

proptest! {
    #![proptest_config(config(1000))]

    /// An XLSX feed reads back ticket for ticket whether its times are text, Excel dates or
    /// bare serial numbers, and its numbers text or numbers.
    #[test]
    fn a_generated_xlsx_feed_reads_back(
        feed in feed(prop_oneof![text_times(), Just(TimeForm::ExcelDate), Just(TimeForm::ExcelSerial)]),
        numbers in any::<bool>(),
    ) {
        let bytes = workbook(&feed, numbers).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let report = read("12345.xlsx", &bytes)?;
        prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
        prop_assert_eq!(report.tickets, feed.expected());
    }
}
