//! A dispatch feed → [`IncomingTicket`]s, with every problem reported by file, row and column.
//!
//! Feeds differ by city; columns are found by the names dispatchers use (工单编号, 受理时间,
//! 诉求内容 …), in any order. Times come as text (`2026-11-20 09:15`, `2026/11/20 9:15:00`) or as
//! Excel date numbers. A row with an error is left out and reported; the rest are read.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use zhifa_catalog::import::encoding::decode;
use zhifa_catalog::import::table::{grid_from_csv, grid_from_spreadsheet, Cell, Row};
use zhifa_catalog::import::{bounds, Problem, Severity};
use zhifa_core::domain::ticket::{Channel, IncomingTicket, Reporter};

/// The fields of a ticket and the column names feeds give them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Number,
    Channel,
    Received,
    Reporter,
    Phone,
    Anonymous,
    Place,
    Content,
    Due,
}

const ALIASES: [(Field, &[&str]); 9] = [
    (Field::Number, &["工单编号", "工单号", "编号", "案卷号", "ticket number"]),
    (Field::Channel, &["来源渠道", "渠道", "来源", "channel"]),
    (Field::Received, &["受理时间", "接收时间", "来电时间", "派单时间", "received"]),
    (Field::Reporter, &["反映人", "诉求人", "来电人", "投诉人", "reporter"]),
    (Field::Phone, &["联系电话", "电话", "联系方式", "phone"]),
    (Field::Anonymous, &["是否保密", "保密", "是否匿名", "匿名", "anonymous"]),
    (Field::Place, &["事发地址", "地址", "地点", "事发地点", "place"]),
    (Field::Content, &["诉求内容", "内容", "问题描述", "反映内容", "content"]),
    (Field::Due, &["办理时限", "答复期限", "截止时间", "办结时限", "due"]),
];

/// Fields a ticket cannot do without.
const REQUIRED: [Field; 4] = [Field::Number, Field::Received, Field::Place, Field::Content];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedReport {
    pub tickets: Vec<IncomingTicket>,
    /// At most [`bounds::MAX_PROBLEMS`] problems; the rest are counted in `more_problems`.
    pub problems: Vec<Problem>,
    pub more_problems: usize,
}

impl FeedReport {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error) || self.more_problems > 0
    }
}

/// Reads a feed file's bytes; `file` names it in every problem. The format comes from the
/// extension: .xlsx/.xls as spreadsheets, anything else as CSV text (UTF-8 or GB18030).
pub fn read_feed(file: &str, bytes: &[u8]) -> Result<FeedReport, String> {
    let lower = file.to_lowercase();
    let grid = if lower.ends_with(".xlsx") || lower.ends_with(".xls") {
        grid_from_spreadsheet(bytes).map(|(grid, _)| grid)
    } else {
        decode(bytes).and_then(|d| grid_from_csv(&d.text))
    }
    .map_err(|reason| format!("{file}: {reason}"))?;
    let mut rows = grid.rows.into_iter().filter(|r| !r.is_blank());
    let header = rows.next().ok_or_else(|| format!("{file}: the file is empty"))?;
    let columns = find_columns(&header);
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|f| !columns.iter().any(|(g, _, _)| g == *f))
        .map(|f| ALIASES.iter().find(|(g, _)| g == f).map_or("?", |(_, names)| names[0]))
        .collect();
    if !missing.is_empty() {
        return Err(format!("{file}: no column for {} in the first row", missing.join("、")));
    }
    let mut report = FeedReport::default();
    for row in rows {
        match read_row(file, &row, &columns) {
            Ok(ticket) => report.tickets.push(ticket),
            Err(_) if report.problems.len() >= bounds::MAX_PROBLEMS => report.more_problems += 1,
            Err(problem) => report.problems.push(problem),
        }
    }
    Ok(report)
}

/// (field, column index, header text) of every recognised column.
fn find_columns(header: &Row) -> Vec<(Field, usize, String)> {
    let mut found = Vec::new();
    for (index, cell) in header.cells.iter().enumerate() {
        let name = cell.text.replace(' ', "");
        // Both sides without spaces: `ticket number` is written with one.
        let same = |alias: &&str| name.eq_ignore_ascii_case(&alias.replace(' ', ""));
        let field = ALIASES.iter().find(|(_, names)| names.iter().any(same));
        if let Some((field, _)) = field {
            if !found.iter().any(|(f, _, _)| f == field) {
                found.push((*field, index, cell.text.clone()));
            }
        }
    }
    found
}

fn read_row(
    file: &str,
    row: &Row,
    columns: &[(Field, usize, String)],
) -> Result<IncomingTicket, Problem> {
    let cell = |field: Field| -> (Option<&Cell>, String) {
        columns
            .iter()
            .find(|(f, _, _)| *f == field)
            .map_or((None, String::new()), |(_, i, name)| (row.cell(*i), name.clone()))
    };
    let problem = |column: String, message: String| Problem {
        severity: Severity::Error,
        file: file.to_string(),
        row: Some(row.number),
        column: Some(column),
        message,
    };
    let text = |field: Field| cell(field).0.map(|c| c.text.clone()).unwrap_or_default();
    for field in REQUIRED {
        let (value, column) = cell(field);
        if value.is_none_or(Cell::is_blank) {
            return Err(problem(column, "is empty".into()));
        }
    }
    let (received, column) = cell(Field::Received);
    let received_at = received.and_then(date_time).ok_or_else(|| {
        problem(column, format!("“{}” is not a date and time", text(Field::Received)))
    })?;
    let (due_cell, due_column) = cell(Field::Due);
    let due = match due_cell.filter(|c| !c.is_blank()) {
        None => None,
        Some(c) => Some(
            date_time(c)
                .map(|t| t.date())
                .ok_or_else(|| problem(due_column, format!("“{}” is not a date", c.text)))?,
        ),
    };
    Ok(IncomingTicket {
        number: text(Field::Number),
        channel: Channel::parse(&text(Field::Channel)).unwrap_or(Channel::Hotline),
        received_at,
        reporter: Reporter {
            name: text(Field::Reporter),
            phone: text(Field::Phone),
            anonymous: is_yes(&text(Field::Anonymous)),
        },
        place: text(Field::Place),
        content: text(Field::Content),
        due,
    })
}

fn is_yes(text: &str) -> bool {
    matches!(text.trim(), "是" | "Y" | "y" | "yes" | "true" | "1" | "保密" | "匿名")
}

/// A cell as a date and time: text in the usual forms, or an Excel serial number.
fn date_time(cell: &Cell) -> Option<NaiveDateTime> {
    if let Some(serial) = cell.number {
        return excel_serial(serial);
    }
    let text = cell.text.trim().replace('/', "-").replace('T', " ");
    const FORMATS: [&str; 3] = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y年%m月%d日 %H:%M"];
    FORMATS.iter().find_map(|f| NaiveDateTime::parse_from_str(&text, f).ok()).or_else(|| {
        let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&text, "%Y年%m月%d日"))
            .ok()?;
        date.and_hms_opt(0, 0, 0)
    })
}

/// Excel's day numbers (1900 system, counted from 1899-12-30), with the fraction as the time.
fn excel_serial(serial: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let seconds = (serial * 86_400.0).round() as i64;
    base.checked_add_signed(Duration::seconds(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = "工单编号,来源渠道,受理时间,反映人,联系电话,是否保密,事发地址,诉求内容,办理时限\n\
        QJ2026112001,12345热线,2026-11-20 09:15,王女士,13800000000,否,青溪路文昌阁旁,夜间烧烤油烟扰民,2026-11-27\n\
        QJ2026112002,数字城管,2026/11/20 14:02:00,,,是,东大街步行街牌坊,占道经营水果摊,\n\
        QJ2026112003,12345热线,昨天上午,李先生,,否,站前路,渣土车撒漏,\n\
        ,12345热线,2026-11-21 08:00,,,,滨江路,噪声,\n";

    #[test]
    fn a_feed_reads_its_tickets_and_reports_bad_rows_with_row_and_column() {
        let report = read_feed("12345-1120.csv", FEED.as_bytes()).expect("readable");
        assert_eq!(report.tickets.len(), 2);
        let first = &report.tickets[0];
        assert_eq!(first.channel, Channel::Hotline);
        assert_eq!(first.received_at.to_string(), "2026-11-20 09:15:00");
        assert_eq!(first.due, NaiveDate::from_ymd_opt(2026, 11, 27));
        assert!(!first.reporter.anonymous);
        let second = &report.tickets[1];
        assert_eq!(
            (second.channel, second.reporter.anonymous, second.due),
            (Channel::DigitalCity, true, None)
        );
        let problems: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("12345-1120.csv:4:受理时间: error:"), "{}", problems[0]);
        assert!(
            problems[1].starts_with("12345-1120.csv:5:工单编号: error: is empty"),
            "{}",
            problems[1]
        );
        assert!(report.has_errors());
    }

    #[test]
    fn a_feed_without_the_needed_columns_is_refused_whole() {
        let error =
            read_feed("x.csv", "编号,内容\n1,噪声\n".as_bytes()).expect_err("no time column");
        assert!(error.contains("受理时间") && error.contains("事发地址"), "{error}");
        assert!(read_feed("x.csv", b"").is_err());
    }

    /// Regression: headers were compared with their spaces removed against aliases with their
    /// spaces kept, so `ticket number` was never recognised.
    #[test]
    fn english_headers_with_spaces_are_recognised() {
        let feed = "Ticket Number,received,place,content\nA-1,2026-11-20 09:15,滨江路,噪声\n";
        let report = read_feed("en.csv", feed.as_bytes()).expect("every column found");
        assert_eq!(report.tickets.len(), 1, "{:?}", report.problems);
        assert_eq!(report.tickets[0].number, "A-1");
    }

    #[test]
    fn excel_serial_numbers_become_date_times() {
        let cell = Cell { text: "46346.5".into(), number: Some(46346.5), merged: false };
        assert_eq!(
            date_time(&cell).map(|t| t.to_string()),
            Some("2026-11-20 12:00:00".to_string())
        );
        let cell = Cell { text: "-1".into(), number: Some(-1.0), merged: false };
        assert_eq!(date_time(&cell), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, ..Default::default() })]

        /// Any bytes: a report or a reason, never a panic.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let mut feed = FEED.as_bytes().to_vec();
            feed.extend(&bytes);
            let _ = read_feed("fuzz.csv", &feed);
            let _ = read_feed("fuzz.csv", &bytes);
            let _ = read_feed("fuzz.xlsx", &bytes);
        }
    }

    #[test]
    fn channels_read_from_what_feeds_write() {
        assert_eq!(Channel::parse("12345政务服务便民热线"), Some(Channel::Hotline));
        assert_eq!(Channel::parse("市数字城管平台"), Some(Channel::DigitalCity));
        assert_eq!(Channel::parse("区政府交办"), Some(Channel::Superior));
        assert_eq!(Channel::parse("群众来访"), Some(Channel::WalkIn));
        assert_eq!(Channel::parse("微信"), Some(Channel::Other));
        assert_eq!(Channel::parse(" "), None);
    }
}
