//! Ticket feeds (`intake::feed::read_feed`, CSV in every encoding; XLSX in `feeds_xlsx`): generated feeds,
//! with columns in any order under any of their names and times in every form dispatch systems
//! write (Excel dates and serial numbers too), read back ticket for ticket; a blank required
//! cell or an impossible time is reported at its row and column and only that ticket is left
//! out; a feed without a required column is refused naming it; anything never panics.

use crate::gen::*;
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use proptest::prelude::*;
use zhifa::catalog::import::Severity;
use zhifa::domain::ticket::{Channel, IncomingTicket, Reporter};
use zhifa::intake::feed::{read_feed, FeedReport};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
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

impl Field {
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Number => &["工单编号", "工单号", "编号", "案卷号", "ticket number"],
            Field::Channel => &["来源渠道", "渠道", "来源", "channel"],
            Field::Received => &["受理时间", "接收时间", "来电时间", "派单时间", "received"],
            Field::Reporter => &["反映人", "诉求人", "来电人", "投诉人", "reporter"],
            Field::Phone => &["联系电话", "电话", "联系方式", "phone"],
            Field::Anonymous => &["是否保密", "保密", "是否匿名", "匿名", "anonymous"],
            Field::Place => &["事发地址", "地址", "地点", "事发地点", "place"],
            Field::Content => &["诉求内容", "内容", "问题描述", "反映内容", "content"],
            Field::Due => &["办理时限", "答复期限", "截止时间", "办结时限", "due"],
        }
    }
}

const REQUIRED: [Field; 4] = [Field::Number, Field::Received, Field::Place, Field::Content];

/// How a feed writes a time: text in one of its forms, or (in XLSX) an Excel date or number.
#[derive(Debug, Clone, Copy)]
pub enum TimeForm {
    Text(u8),
    ExcelDate,
    ExcelSerial,
}

fn time_text(at: NaiveDateTime, form: u8) -> String {
    let pattern = match form % 5 {
        0 => "%Y-%m-%d %H:%M",
        1 => "%Y/%m/%d %H:%M:%S",
        2 => "%Y年%m月%d日 %H:%M",
        3 => "%Y-%m-%dT%H:%M:%S",
        _ => "%Y-%m-%d",
    };
    at.format(pattern).to_string()
}

/// What the form keeps of a time: minutes without seconds, a date alone is midnight.
fn as_read(at: NaiveDateTime, form: TimeForm) -> NaiveDateTime {
    match form {
        TimeForm::Text(f) if f % 5 == 4 => at.date().and_hms_opt(0, 0, 0).unwrap_or(at),
        TimeForm::Text(f) if f % 5 == 0 || f % 5 == 2 => at.with_second(0).unwrap_or(at),
        _ => at,
    }
}

#[derive(Debug, Clone)]
pub struct Ticket {
    number: String,
    channel: (String, Channel),
    pub received: NaiveDateTime,
    reporter: String,
    phone: String,
    anonymous: (String, bool),
    place: String,
    content: String,
    due: Option<NaiveDate>,
}

impl Ticket {
    pub fn cell(&self, field: Field, received: TimeForm, due_form: u8) -> String {
        match field {
            Field::Number => self.number.clone(),
            Field::Channel => self.channel.0.clone(),
            Field::Received => match received {
                TimeForm::Text(f) => time_text(self.received, f),
                _ => time_text(self.received, 3),
            },
            Field::Reporter => self.reporter.clone(),
            Field::Phone => self.phone.clone(),
            Field::Anonymous => self.anonymous.0.clone(),
            Field::Place => self.place.clone(),
            Field::Content => self.content.clone(),
            Field::Due => self
                .due
                .map(|d| {
                    d.format(["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"][due_form as usize % 3])
                        .to_string()
                })
                .unwrap_or_default(),
        }
    }

    /// The ticket the feed must yield, given which columns it has.
    fn expected(&self, has: impl Fn(Field) -> bool, received: TimeForm) -> IncomingTicket {
        let keep =
            |field: Field, text: &str| if has(field) { text.to_string() } else { String::new() };
        IncomingTicket {
            number: self.number.clone(),
            channel: if has(Field::Channel) { self.channel.1 } else { Channel::Hotline },
            received_at: as_read(self.received, received),
            reporter: Reporter {
                name: keep(Field::Reporter, &self.reporter),
                phone: keep(Field::Phone, &self.phone),
                anonymous: has(Field::Anonymous) && self.anonymous.1,
            },
            place: self.place.clone(),
            content: self.content.clone(),
            due: self.due.filter(|_| has(Field::Due)),
        }
    }
}

/// Text of ideographs and punctuation, sometimes over two lines.
fn words() -> impl Strategy<Value = String> {
    (
        "[\u{4E00}-\u{9FA5}，,\"]{0,10}[\u{4E00}-\u{9FA5}]",
        prop::option::of("[\u{4E00}-\u{9FA5}][\u{4E00}-\u{9FA5}，]{0,8}"),
    )
        .prop_map(|(head, tail)| match tail {
            Some(tail) => format!("{head}\n{tail}"),
            None => head,
        })
}

fn moment() -> impl Strategy<Value = NaiveDateTime> {
    (2000_i32..2100, 1_u32..366, 0_u32..24, 0_u32..60, 0_u32..60).prop_map(
        |(y, ordinal, h, m, s)| {
            let day = NaiveDate::from_yo_opt(y, ordinal).unwrap_or_default();
            day.and_hms_opt(h, m, s).unwrap_or_default()
        },
    )
}

fn ticket() -> impl Strategy<Value = Ticket> {
    let channel = prop::sample::select(vec![
        ("12345热线", Channel::Hotline),
        ("12345政务服务便民热线", Channel::Hotline),
        ("数字城管", Channel::DigitalCity),
        ("网格员上报", Channel::DigitalCity),
        ("区政府交办", Channel::Superior),
        ("群众来访", Channel::WalkIn),
        ("微信", Channel::Other),
        ("", Channel::Hotline),
    ]);
    let anonymous = prop::sample::select(vec![
        ("是", true),
        ("保密", true),
        ("Y", true),
        ("1", true),
        ("匿名", true),
        ("否", false),
        ("", false),
        ("N", false),
        ("不保密", false),
    ]);
    (
        "[A-Z]{0,3}[0-9]{6,12}",
        channel,
        moment(),
        prop::option::of("[\u{4E00}-\u{9FA5}]{1,3}(先生|女士)?"),
        prop::option::of("1[3-9][0-9]{9}"),
        anonymous,
        words(),
        words(),
        prop::option::of(moment().prop_map(|m| m.date())),
    )
        .prop_map(
            |(
                number,
                (label, channel),
                received,
                reporter,
                phone,
                (flag, anonymous),
                place,
                content,
                due,
            )| Ticket {
                number,
                channel: (label.to_string(), channel),
                received,
                reporter: reporter.unwrap_or_default(),
                phone: phone.unwrap_or_default(),
                anonymous: (flag.to_string(), anonymous),
                place,
                content,
                due,
            },
        )
}

/// A feed: its columns (the required ones, some others) in any order under any name.
#[derive(Debug, Clone)]
pub struct Feed {
    pub columns: Vec<(Field, String)>,
    pub tickets: Vec<Ticket>,
    pub received: TimeForm,
    pub due_form: u8,
}

impl Feed {
    fn has(&self, field: Field) -> bool {
        self.columns.iter().any(|(f, _)| *f == field)
    }

    fn header(&self, field: Field) -> String {
        self.columns.iter().find(|(f, _)| *f == field).map(|(_, h)| h.clone()).unwrap_or_default()
    }

    fn rows(&self) -> Vec<Vec<String>> {
        let header = self.columns.iter().map(|(_, h)| h.clone()).collect();
        let body = self.tickets.iter().map(|t| {
            self.columns.iter().map(|(f, _)| t.cell(*f, self.received, self.due_form)).collect()
        });
        std::iter::once(header).chain(body).collect()
    }

    pub fn expected(&self) -> Vec<IncomingTicket> {
        self.tickets.iter().map(|t| t.expected(|f| self.has(f), self.received)).collect()
    }
}

pub fn feed(received: impl Strategy<Value = TimeForm>) -> impl Strategy<Value = Feed> {
    let optional =
        vec![Field::Channel, Field::Reporter, Field::Phone, Field::Anonymous, Field::Due];
    (
        prop::sample::subsequence(optional, 0..=5),
        any::<u64>(),
        prop::collection::vec(any::<prop::sample::Index>(), 9),
        prop::collection::vec(ticket(), 1..12),
        received,
        any::<u8>(),
    )
        .prop_map(|(extra, seed, picks, tickets, received, due_form)| {
            let mut fields: Vec<Field> = REQUIRED.to_vec();
            fields.extend(extra);
            let mut s = seed;
            for i in (1..fields.len()).rev() {
                fields.swap(i, (s % (i as u64 + 1)) as usize);
                s /= i as u64 + 1;
            }
            let columns = fields
                .into_iter()
                .zip(picks)
                .map(|(f, pick)| (f, pick.get(f.aliases()).to_string()))
                .collect();
            Feed { columns, tickets, received, due_form }
        })
}

pub fn text_times() -> impl Strategy<Value = TimeForm> {
    any::<u8>().prop_map(TimeForm::Text)
}

fn csv_bytes(feed: &Feed, encoding: Encoding, tab: bool) -> Vec<u8> {
    let mut csv = CsvText::new(if tab { '\t' } else { ',' }, false);
    for row in feed.rows() {
        csv.record(&row);
    }
    encoding.encode(&csv.text)
}

pub fn read(file: &str, bytes: &[u8]) -> Result<FeedReport, TestCaseError> {
    read_feed(file, bytes).map_err(TestCaseError::fail)
}

/// One row spoiled: a required cell blank, or a time or due date that does not exist.
#[derive(Debug, Clone)]
enum Spoil {
    Blank(Field),
    NoSuchTime(String),
    NoSuchDue(String),
}

fn spoil() -> impl Strategy<Value = Spoil> {
    prop_oneof![
        prop::sample::select(REQUIRED.to_vec()).prop_map(Spoil::Blank),
        prop::sample::select(vec![
            "2026-02-30 09:00",
            "2026-11-20 25:00",
            "2026-13-01 08:00",
            "昨天上午",
            "11/20/2026 09:15"
        ])
        .prop_map(|t| Spoil::NoSuchTime(t.to_string())),
        prop::sample::select(vec!["2026-04-31", "2026-00-10", "下周一", "20261127"])
            .prop_map(|t| Spoil::NoSuchDue(t.to_string())),
    ]
}

proptest! {
    #![proptest_config(config(1500))]

    /// A generated CSV feed in any encoding reads back ticket for ticket, without a problem.
    #[test]
    fn a_generated_csv_feed_reads_back(
        feed in feed(text_times()), encoding in prop::sample::select(Encoding::ALL.to_vec()), tab in any::<bool>(),
    ) {
        let report = read("12345.csv", &csv_bytes(&feed, encoding, tab))?;
        prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
        prop_assert_eq!(report.tickets, feed.expected());
    }

    /// One spoiled row is one error at its row and column; every other ticket is read.
    #[test]
    fn a_spoiled_row_is_reported_and_the_rest_read(
        mut feed in feed(text_times()), spoil in spoil(), pick in any::<prop::sample::Index>(),
    ) {
        if !feed.has(Field::Due) {
            feed.columns.push((Field::Due, "办理时限".into()));
        }
        let k = pick.index(feed.tickets.len());
        let mut rows = feed.rows();
        let column = |field: Field| feed.columns.iter().position(|(f, _)| *f == field).unwrap_or(0);
        let (field, words) = match &spoil {
            Spoil::Blank(field) => {
                rows[k + 1][column(*field)] = String::new();
                (*field, "is empty".to_string())
            }
            Spoil::NoSuchTime(text) => {
                rows[k + 1][column(Field::Received)] = text.clone();
                (Field::Received, format!("“{text}” is not a date and time"))
            }
            Spoil::NoSuchDue(text) => {
                rows[k + 1][column(Field::Due)] = text.clone();
                (Field::Due, format!("“{text}” is not a date"))
            }
        };
        let mut csv = CsvText::new(',', true);
        for row in &rows {
            csv.record(row);
        }
        let report = read("feed.csv", csv.text.as_bytes())?;
        prop_assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        let problem = &report.problems[0];
        prop_assert_eq!(
            (problem.severity, problem.row, problem.column.clone(), problem.message.as_str()),
            (Severity::Error, Some(k + 2), Some(feed.header(field)), words.as_str())
        );
        let mut expected = feed.expected();
        expected.remove(k);
        prop_assert_eq!(report.tickets, expected);
    }

    /// A feed without one of its required columns is refused whole, naming the column.
    #[test]
    fn a_feed_without_a_required_column_is_refused_naming_it(
        mut feed in feed(text_times()), missing in prop::sample::select(REQUIRED.to_vec()),
    ) {
        feed.columns.retain(|(f, _)| *f != missing);
        let refusal = read_feed("feed.csv", &csv_bytes(&feed, Encoding::Utf8, false)).err().unwrap_or_default();
        prop_assert!(refusal.starts_with("feed.csv: no column for "), "{}", refusal);
        prop_assert!(refusal.contains(missing.aliases()[0]), "{}", refusal);
    }
}

/// Cells a feed might hold: header names, times good and bad, numbers, separators, anything.
fn any_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            REQUIRED
                .iter()
                .flat_map(|f| f.aliases().iter().map(|a| a.to_string()))
                .collect::<Vec<_>>()
        ),
        moment().prop_map(|m| time_text(m, 0)),
        Just("2026-02-30 09:00".to_string()),
        "[0-9.]{1,8}",
        "[\"',\t\n\r ]{1,3}",
        "\\PC{0,10}",
    ]
}

proptest! {
    #![proptest_config(config(1500))]

    /// Any cells, any encoding, any name: tickets with problems naming the file and a row
    /// that exists, or a refusal naming the file.
    #[test]
    fn any_feed_is_read_or_refused_naming_the_file(
        grid in prop::collection::vec(prop::collection::vec(any_cell(), 1..6), 0..10),
        encoding in prop::sample::select(Encoding::ALL.to_vec()),
        name in prop::sample::select(vec!["f.csv", "f.txt", "f.xlsx"]),
    ) {
        let mut csv = CsvText::new(',', false);
        for row in &grid {
            csv.record(row);
        }
        match read_feed(name, &encoding.encode(&csv.text)) {
            Ok(report) => {
                // Every row under the header gives a ticket or a problem, no more.
                let read = report.tickets.len() + report.problems.len();
                prop_assert!(read < grid.len(), "{} from {} rows", read, grid.len());
                for p in &report.problems {
                    prop_assert!(p.file == name && p.row.is_some_and(|r| r <= csv.rows), "{}", p);
                }
            }
            Err(reason) => prop_assert!(reason.starts_with(&format!("{name}: ")), "{}", reason),
        }
    }
}
