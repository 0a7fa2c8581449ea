//! Catalog CSV (`read_catalog_bytes` on .csv/.txt/.tsv): generated catalogs in every encoding,
//! separator, line ending, header spelling and column order read back item for item; a catalog
//! spoiled in one cell is reported at that row and column; anything at all never panics, and a
//! file without errors always holds writable items.

use crate::gen::*;
use proptest::prelude::*;
use std::collections::HashSet;
use zhifa::catalog::import::{read_catalog_bytes, ImportError, ParsedCatalog, Problem, Severity};
use zhifa::domain::catalog::PowerType;

/// A generated catalog file.
#[derive(Debug, Clone)]
pub struct CsvCatalog {
    pub file: String,
    pub columns: Vec<(Column, String)>,
    pub items: Vec<ItemRow>,
    /// 0: no title; 1: a title line alone; 2: a title in the first of the header's cells.
    pub title: u8,
    pub blanks: usize,
    pub delimiter: char,
    pub crlf: bool,
    pub encoding: Encoding,
}

/// The bytes, the header's row number and each item's row number.
pub struct Written {
    pub bytes: Vec<u8>,
    pub header_row: usize,
    pub item_rows: Vec<usize>,
}

impl CsvCatalog {
    pub fn write(&self) -> Written {
        let mut csv = CsvText::new(self.delimiter, self.crlf);
        let title = "某县综合行政执法事项目录（2026年版）".to_string();
        match self.title {
            1 => {
                csv.record(&[title]);
            }
            2 => {
                let mut cells = vec![String::new(); self.columns.len()];
                cells[0] = title;
                csv.record(&cells);
            }
            _ => {}
        }
        csv.blank_lines(self.blanks);
        let headers: Vec<String> = self.columns.iter().map(|(_, h)| h.clone()).collect();
        let header_row = csv.record(&headers);
        let item_rows = self
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let cells: Vec<String> =
                    self.columns.iter().map(|(c, _)| c.cell(i, item)).collect();
                csv.record(&cells)
            })
            .collect();
        Written { bytes: self.encoding.encode(&csv.text), header_row, item_rows }
    }

    pub fn has(&self, column: Column) -> bool {
        self.columns.iter().any(|(c, _)| *c == column)
    }

    /// The header of `column` as the report names it: spaces trimmed, line breaks removed.
    pub fn header(&self, column: Column) -> String {
        let (_, written) = self
            .columns
            .iter()
            .find(|(c, _)| *c == column)
            .cloned()
            .unwrap_or((column, String::new()));
        written.replace('\n', "").trim_matches([' ', '\u{3000}']).to_string()
    }
}

pub fn csv_catalog() -> impl Strategy<Value = CsvCatalog> {
    (
        prop::sample::select(vec!["目录.csv", "list.CSV", "catalog.txt", "清单.tsv"]),
        columns(),
        item_rows(1..25),
        0_u8..3,
        0_usize..3,
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(Encoding::ALL.to_vec()),
    )
        .prop_map(|(file, columns, items, title, blanks, tab, crlf, encoding)| CsvCatalog {
            file: file.to_string(),
            columns,
            items,
            title,
            blanks,
            delimiter: if tab { '\t' } else { ',' },
            crlf,
            encoding,
        })
}

fn read(file: &str, bytes: &[u8]) -> Result<ParsedCatalog, TestCaseError> {
    read_catalog_bytes(file, bytes).map_err(|e| TestCaseError::fail(e.to_string()))
}

fn errors(parsed: &ParsedCatalog) -> Vec<&Problem> {
    parsed.report.errors().collect()
}

/// What a file without errors must hold, whatever it was: named items under distinct codes
/// with ranges that can hold, and problems that name the file and a row that exists.
pub fn check_writable(
    file: &str,
    parsed: &ParsedCatalog,
    last_row: usize,
) -> Result<(), TestCaseError> {
    for problem in &parsed.report.problems {
        prop_assert_eq!(&problem.file, file);
        prop_assert!(problem.row.is_none_or(|r| (1..=last_row).contains(&r)), "{}", problem);
        prop_assert!(problem.to_string().starts_with(file));
    }
    if parsed.report.has_errors() {
        return Ok(());
    }
    let mut codes = HashSet::new();
    for item in &parsed.items {
        prop_assert!(!item.code.is_empty() && !item.name.is_empty(), "{:?}", item);
        prop_assert!(codes.insert(item.code.clone()), "code {} twice", item.code);
        if let (Some(min), Some(max)) = (item.fine_min, item.fine_max) {
            prop_assert!(0 <= min && min <= max, "{:?}", item);
        }
    }
    Ok(())
}

/// One cell spoiled, or the name column dropped, or the file cut short.
#[derive(Debug, Clone)]
enum Spoil {
    ScientificCode,
    EmptyName,
    UnknownPowerType,
    DuplicateCode,
    InvertedRange(i64, i64),
    DropNameColumn,
    Truncate(prop::sample::Index),
}

fn spoil() -> impl Strategy<Value = Spoil> {
    prop_oneof![
        Just(Spoil::ScientificCode),
        Just(Spoil::EmptyName),
        Just(Spoil::UnknownPowerType),
        Just(Spoil::DuplicateCode),
        (1_i64..1_000_000, 1_i64..1_000_000)
            .prop_filter("different", |(a, b)| a != b)
            .prop_map(|(a, b)| Spoil::InvertedRange(a.max(b), a.min(b))),
        Just(Spoil::DropNameColumn),
        any::<prop::sample::Index>().prop_map(Spoil::Truncate),
    ]
}

/// The one error `spoil` must cause on item `k`: (column, words of the message).
fn expected_error(catalog: &mut CsvCatalog, spoil: &Spoil, k: usize) -> Option<(Column, String)> {
    let item = &mut catalog.items[k];
    Some(match spoil {
        Spoil::ScientificCode => {
            item.code = "3.30217E+17".into();
            (Column::Code, "scientific notation".into())
        }
        Spoil::EmptyName => {
            (item.name_cell, item.name) = (String::new(), String::new());
            (Column::Name, "name is empty".into())
        }
        Spoil::UnknownPowerType => {
            item.power_label = "行政许可".into();
            (Column::Power, "“行政许可” is not an enforcement power".into())
        }
        Spoil::InvertedRange(high, low) => {
            item.penalty_text =
                format!("处{}元以上{}元以下罚款", chinese(*high), amount(*low, false));
            (Column::Penalty, format!("fine_min {high} is greater than fine_max {low}"))
        }
        Spoil::DuplicateCode | Spoil::DropNameColumn | Spoil::Truncate(_) => return None,
    })
}

proptest! {
    #![proptest_config(config(1500))]

    /// A generated catalog reads back item for item: codes, names (layout breaks joined), power
    /// types, fine ranges; the header's row and the encoding are reported; no error.
    #[test]
    fn a_generated_catalog_reads_back_item_for_item(catalog in csv_catalog()) {
        let written = catalog.write();
        let parsed = read(&catalog.file, &written.bytes)?;
        prop_assert!(errors(&parsed).is_empty(), "{:?}", errors(&parsed));
        prop_assert_eq!(&parsed.report.header_rows, &vec![written.header_row]);
        prop_assert_eq!(parsed.report.encoding.as_deref(), Some(catalog.encoding.name()));
        prop_assert_eq!(parsed.items.len(), catalog.items.len());
        for (got, want) in parsed.items.iter().zip(&catalog.items) {
            let power = if catalog.has(Column::Power) { want.power } else { PowerType::Penalty };
            prop_assert_eq!(
                (&got.code, &got.name, got.power_type, got.fine_min.zip(got.fine_max)),
                (&want.code, &want.name, power, want.fine)
            );
            prop_assert_eq!(&got.penalty_text, &want.penalty_text);
        }
    }

    /// One spoiled cell is one error at its row and column; a duplicate code names both rows;
    /// a catalog without a name column is refused whole; a cut file never panics.
    #[test]
    fn a_spoiled_catalog_names_the_row_and_column(
        mut catalog in csv_catalog(), spoil in spoil(), pick in any::<prop::sample::Index>(),
    ) {
        if !catalog.has(Column::Power) {
            catalog.columns.push((Column::Power, "职权类型".into()));
        }
        let k = pick.index(catalog.items.len());
        let expected = expected_error(&mut catalog, &spoil, k);
        let earlier = k.checked_sub(1);
        if let (Spoil::DuplicateCode, Some(j)) = (&spoil, earlier) {
            catalog.items[k].code = catalog.items[j].code.clone();
        }
        if let Spoil::DropNameColumn = spoil {
            catalog.columns.retain(|(c, _)| *c != Column::Name);
        }
        let written = catalog.write();
        let file = catalog.file.as_str();
        match spoil {
            Spoil::Truncate(at) => {
                let cut = &written.bytes[..at.index(written.bytes.len())];
                match read_catalog_bytes(file, cut) {
                    Ok(parsed) => check_writable(file, &parsed, written.item_rows.last().copied().unwrap_or(1))?,
                    Err(e) => prop_assert!(e.to_string().starts_with(file), "{}", e),
                }
            }
            Spoil::DropNameColumn => {
                let refusal = read_catalog_bytes(file, &written.bytes).err();
                prop_assert!(matches!(refusal, Some(ImportError::NoHeader { .. })), "{:?}", refusal);
                let message = refusal.map(|e| e.to_string()).unwrap_or_default();
                prop_assert!(message.starts_with(&format!("{file}: no header row: no name column")), "{}", message);
            }
            Spoil::DuplicateCode => {
                let parsed = read(file, &written.bytes)?;
                let found: Vec<String> = errors(&parsed).iter().map(|p| p.to_string()).collect();
                match earlier {
                    None => prop_assert!(found.is_empty(), "{:?}", found),
                    Some(j) => {
                        let (row, first) = (written.item_rows[k], written.item_rows[j]);
                        let header = catalog.header(Column::Code);
                        let want = format!("{file}:{row}:{header}: error: duplicate code {}: also on row {first}", catalog.items[k].code);
                        prop_assert_eq!(found, vec![want]);
                    }
                }
            }
            _ => {
                let (column, words) = expected.unwrap_or((Column::Code, String::new()));
                let parsed = read(file, &written.bytes)?;
                let found = errors(&parsed);
                prop_assert_eq!(found.len(), 1, "{:?}", found);
                let problem = found[0];
                prop_assert_eq!(problem.row, Some(written.item_rows[k]));
                prop_assert_eq!(problem.column.clone(), Some(catalog.header(column)));
                prop_assert!(problem.message.contains(&words), "{}", problem);
                prop_assert_eq!(problem.severity, Severity::Error);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(1000))]

    /// A UTF-8 catalog damaged inside a character (a byte replaced, or the file cut there) is
    /// refused naming the line once enough Chinese before it shows the file is UTF-8, never
    /// read as GB18030 mojibake; damaged earlier, it is refused or read, never a panic.
    #[test]
    fn damaged_utf8_is_refused_naming_the_line(
        mut catalog in csv_catalog(), at in any::<prop::sample::Index>(), cut in any::<bool>(),
    ) {
        catalog.encoding = Encoding::Utf8;
        let bytes = catalog.write().bytes;
        let text = String::from_utf8(bytes.clone()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let wide: Vec<usize> = text.char_indices().filter(|(_, c)| !c.is_ascii()).map(|(i, _)| i).collect();
        let start = wide[at.index(wide.len())];
        let damaged = if cut {
            bytes[..=start].to_vec()
        } else {
            let mut b = bytes.clone();
            b[start] = 0xFF;
            b
        };
        let line = text[..start].matches('\n').count() + 1;
        let evidence = text[..start].chars().filter(|c| !c.is_ascii()).count();
        let file = catalog.file.as_str();
        match read_catalog_bytes(file, &damaged) {
            Err(ImportError::Encoding { reason, .. }) if evidence >= 8 => {
                let column = text[..start].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let place = format!("not UTF-8 at line {line}, column {column} (byte offset {start})");
                prop_assert!(reason.starts_with(&place), "{}", reason);
            }
            other if evidence >= 8 => prop_assert!(false, "{} Chinese characters before: {:?}", evidence, other.map(|p| p.items)),
            Ok(parsed) => check_writable(file, &parsed, usize::MAX)?,
            Err(e) => prop_assert!(e.to_string().starts_with(file), "{}", e),
        }
    }
}

/// Cells a catalog might hold, good and bad: header names, codes (also ruined by Excel),
/// amounts, power types, quotes, separators, line breaks, anything.
fn any_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            Column::Code
                .aliases()
                .iter()
                .chain(Column::Name.aliases())
                .chain(Column::Penalty.aliases())
                .chain(&[
                    "裁量阶次",
                    "处罚标准",
                    "fine_min",
                    "罚款上限",
                    "法律依据",
                    "违法依据",
                    "实施范围"
                ])
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
        ),
        "[0-9]{1,14}",
        Just("3.30217E+17".to_string()),
        penalty().prop_map(|(text, _)| text),
        power_type().prop_map(|(label, _)| label),
        "[\"',\t\n\r 　]{1,3}",
        "\\PC{0,10}",
    ]
}

proptest! {
    #![proptest_config(config(1500))]

    /// Any grid of such cells, in any encoding: items with a report, or a refusal naming the
    /// file; and a report without errors only ever holds writable items.
    #[test]
    fn any_csv_reads_or_is_refused_naming_the_file(
        grid in prop::collection::vec(prop::collection::vec(any_cell(), 1..7), 0..12),
        encoding in prop::sample::select(Encoding::ALL.to_vec()),
        tab in any::<bool>(),
        extra in prop::collection::vec(any::<u8>(), 0..4),
    ) {
        let mut csv = CsvText::new(if tab { '\t' } else { ',' }, false);
        for row in &grid {
            csv.record(row);
        }
        let mut bytes = encoding.encode(&csv.text);
        bytes.extend(extra);
        match read_catalog_bytes("任意.csv", &bytes) {
            Ok(parsed) => check_writable("任意.csv", &parsed, csv.rows + 5)?,
            Err(e) => prop_assert!(e.to_string().starts_with("任意.csv: "), "{}", e),
        }
    }
}
