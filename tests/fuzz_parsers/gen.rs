//! Generators shared by the parsers' properties: amounts in the spellings gazettes use, catalog
//! rows with their expected reading, CSV writing, encodings.

use proptest::prelude::*;
use zhifa::domain::catalog::PowerType;

pub fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// `n` in Chinese numerals as gazettes write them: 二万零五百, 十五万.
pub fn chinese(n: i64) -> String {
    zhifa::catalog::import::fines::chinese_numerals(n)
}

/// An amount as a catalog writes it: Chinese numerals or Arabic digits.
pub fn amount(n: i64, chinese_numerals: bool) -> String {
    if chinese_numerals {
        chinese(n)
    } else {
        n.to_string()
    }
}

/// A penalty text and the overall range it states.
pub fn penalty() -> impl Strategy<Value = (String, Option<(i64, i64)>)> {
    (1_i64..10_000_000, 1_i64..10_000_000, any::<bool>(), 0_u8..4).prop_map(
        |(a, b, words, form)| {
            let (low, high) = (a.min(b), a.max(b));
            let (x, y) = (amount(low, words), amount(high, words));
            match form {
                0 => (format!("处{x}元以上{y}元以下罚款"), Some((low, high))),
                1 => (format!("警告或者处{y}元以下罚款"), Some((0, high))),
                2 => (format!("责令改正，处{x}元罚款。"), Some((low, low))),
                _ => ("责令改正，给予警告".to_string(), None),
            }
        },
    )
}

/// How a catalog spells a power type, and the type it means.
pub fn power_type() -> impl Strategy<Value = (String, PowerType)> {
    prop::sample::select(vec![
        ("行政处罚", PowerType::Penalty),
        ("处罚", PowerType::Penalty),
        ("行政检查", PowerType::Inspection),
        ("行政强制措施", PowerType::CoerciveMeasure),
        ("行政强制", PowerType::CoerciveMeasure),
        ("行政强制执行", PowerType::CoerciveExecution),
        ("其他", PowerType::Other),
        ("其他行政权力-其他", PowerType::Other),
    ])
    .prop_map(|(label, kind)| (label.to_string(), kind))
}

/// One catalog item as a generated file lists it.
#[derive(Debug, Clone)]
pub struct ItemRow {
    pub code: String,
    /// As written in the cell (maybe with a layout line break).
    pub name_cell: String,
    /// As the importer must read it.
    pub name: String,
    pub power_label: String,
    pub power: PowerType,
    pub penalty_text: String,
    pub fine: Option<(i64, i64)>,
    pub remarks: String,
}

/// A name of ideographs, sometimes broken over two lines as Excel users lay cells out.
fn name() -> impl Strategy<Value = (String, String)> {
    ("[\u{4E00}-\u{9FA5}]{1,12}", "[\u{4E00}-\u{9FA5}（）]{0,12}", any::<bool>()).prop_map(
        |(head, tail, broken)| {
            let joined = format!("{head}{tail}");
            let cell =
                if broken && !tail.is_empty() { format!("{head}\n{tail}") } else { joined.clone() };
            (cell, joined)
        },
    )
}

/// `count` rows with distinct codes (a generated stem plus the row's index).
pub fn item_rows(count: std::ops::Range<usize>) -> impl Strategy<Value = Vec<ItemRow>> {
    let row =
        ("[A-DF-Z]{0,2}[0-9]{2,9}", name(), power_type(), penalty(), "[a-z甲乙丙,，\"\n ]{0,12}");
    prop::collection::vec(row, count).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    (stem, (name_cell, name), (power_label, power), (penalty_text, fine), remarks),
                )| {
                    ItemRow {
                        code: format!("{stem}{i:03}"),
                        name_cell,
                        name,
                        power_label,
                        power,
                        penalty_text,
                        fine,
                        remarks,
                    }
                },
            )
            .collect()
    })
}

/// A catalog's columns, in the order a file has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Sequence,
    Code,
    Name,
    Power,
    Penalty,
    Remarks,
}

impl Column {
    /// Published spellings of the header.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Sequence => &["序号", "no"],
            Column::Code => &["事项编码", "编码", "权力编码", "code", "item_code"],
            Column::Name => &["事项名称", "名称", "权力事项名称", "违法行为", "name", "item_name"],
            Column::Power => &["职权类型", "权力类型", "power_type"],
            Column::Penalty => &["处罚种类及幅度", "处罚种类和幅度", "penalty_text"],
            Column::Remarks => &["备注", "remarks"],
        }
    }

    pub fn cell(self, index: usize, row: &ItemRow) -> String {
        match self {
            Column::Sequence => (index + 1).to_string(),
            Column::Code => row.code.clone(),
            Column::Name => row.name_cell.clone(),
            Column::Power => row.power_label.clone(),
            Column::Penalty => row.penalty_text.clone(),
            Column::Remarks => row.remarks.clone(),
        }
    }
}

/// Code, name and penalty always; 序号, 职权类型 and 备注 maybe; in any order, each under one of
/// its published names, sometimes decorated (`*`, a line break, a trailing `：`).
pub fn columns() -> impl Strategy<Value = Vec<(Column, String)>> {
    let optional = [Column::Sequence, Column::Power, Column::Remarks];
    (
        prop::sample::subsequence(optional.to_vec(), 0..=3),
        any::<u64>(),
        prop::collection::vec((any::<prop::sample::Index>(), 0_u8..6), 6),
    )
        .prop_map(|(extra, seed, picks)| {
            let mut columns = vec![Column::Code, Column::Name, Column::Penalty];
            columns.extend(extra);
            // A permutation from the seed (Fisher–Yates with the seed's digits as choices).
            let mut s = seed;
            for i in (1..columns.len()).rev() {
                columns.swap(i, (s % (i as u64 + 1)) as usize);
                s /= i as u64 + 1;
            }
            columns
                .into_iter()
                .zip(picks)
                .map(|(column, (pick, decoration))| {
                    let alias = *pick.get(column.aliases());
                    (column, decorate(alias, decoration))
                })
                .collect()
        })
}

fn decorate(alias: &str, how: u8) -> String {
    let mut chars: Vec<char> = alias.chars().collect();
    match how {
        0 => format!("*{alias}"),
        1 if chars.len() > 1 => {
            chars.insert(chars.len() / 2, '\n');
            chars.into_iter().collect()
        }
        2 => format!("{alias}："),
        3 => format!(" {alias}\u{3000}"),
        _ => alias.to_string(),
    }
}

/// Text encodings a catalog or feed arrives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub const ALL: [Encoding; 5] = [
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Gb18030,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];

    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            Encoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
        }
    }

    /// The name the import report gives it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Gb18030 => "GB18030",
            Encoding::Utf16Le => "UTF-16LE (BOM)",
            Encoding::Utf16Be => "UTF-16BE (BOM)",
        }
    }
}

/// A CSV writer that counts the rows a spreadsheet would show.
pub struct CsvText {
    pub text: String,
    pub delimiter: char,
    pub end: &'static str,
    /// Rows written so far, blank lines included: the number of the last row.
    pub rows: usize,
}

impl CsvText {
    pub fn new(delimiter: char, crlf: bool) -> CsvText {
        CsvText { text: String::new(), delimiter, end: if crlf { "\r\n" } else { "\n" }, rows: 0 }
    }

    /// Writes one record and returns its row number.
    pub fn record(&mut self, cells: &[String]) -> usize {
        let quoted: Vec<String> = cells
            .iter()
            .map(|c| {
                if c.contains([self.delimiter, '"', '\n', '\r'])
                    || (cells.len() == 1 && c.is_empty())
                {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        self.text.push_str(&quoted.join(&self.delimiter.to_string()));
        self.text.push_str(self.end);
        self.rows += 1;
        self.rows
    }

    pub fn blank_lines(&mut self, count: usize) {
        self.text.push_str(&self.end.repeat(count));
        self.rows += count;
    }
}
