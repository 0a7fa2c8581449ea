//! Catalog XLSX (`read_catalog_bytes` on .xlsx): generated workbooks (a merged title, codes
//! Excel stored as numbers, layout line breaks in cells) read back item for item; a code
//! Excel ruined is reported at its row; a damaged or cut workbook is refused naming the file.
//! Building a workbook costs milliseconds, hence fewer cases than the CSV properties.

use crate::catalog_csv::{check_writable, csv_catalog, CsvCatalog};
use crate::gen::*;
use proptest::prelude::*;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use zhifa::catalog::import::{read_catalog_bytes, SourceFormat};
use zhifa::domain::catalog::PowerType;

/// How the code column of a generated workbook is stored.
#[derive(Debug, Clone, Copy)]
enum CodeCells {
    Text,
    /// Numbers where the code is all digits (Excel's doing), text elsewhere.
    Numbers,
}

/// The workbook of `catalog` (title, header, items); a code cell of item `ruined` holds `value`
/// as a number. Returns the bytes and each item's row number.
fn workbook(
    catalog: &CsvCatalog,
    codes: CodeCells,
    ruined: Option<(usize, f64)>,
) -> Result<(Vec<u8>, Vec<usize>), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let width = catalog.columns.len() as u16;
    let mut row = 0_u32;
    if catalog.title > 0 {
        let title = "某县综合行政执法事项目录（2026年版）";
        if catalog.title == 2 && width > 1 {
            sheet.merge_range(0, 0, 0, width - 1, title, &Format::new())?;
        } else {
            sheet.write_string(0, 0, title)?;
        }
        row = 1 + catalog.blanks as u32;
    }
    for (col, (_, header)) in catalog.columns.iter().enumerate() {
        sheet.write_string(row, col as u16, header)?;
    }
    let mut rows = Vec::new();
    for (i, item) in catalog.items.iter().enumerate() {
        row += 1;
        rows.push(row as usize + 1);
        for (col, (column, _)) in catalog.columns.iter().enumerate() {
            let col = col as u16;
            let text = column.cell(i, item);
            match (column, ruined) {
                (Column::Code, Some((k, value))) if k == i => {
                    sheet.write_number(row, col, value)?;
                }
                (Column::Code, _) if matches!(codes, CodeCells::Numbers) && is_number(&text) => {
                    sheet.write_number(row, col, text.parse::<f64>().unwrap_or_default())?;
                }
                (Column::Sequence, _) => {
                    sheet.write_number(row, col, (i + 1) as f64)?;
                }
                _ if !text.is_empty() => {
                    sheet.write_string(row, col, &text)?;
                }
                _ => {}
            }
        }
    }
    Ok((book.save_to_buffer()?, rows))
}

/// A code Excel would turn into a number: digits, no leading zero, within f64's exact range.
fn is_number(code: &str) -> bool {
    code.len() < 15 && !code.starts_with('0') && code.chars().all(|c| c.is_ascii_digit())
}

fn build(
    catalog: &CsvCatalog,
    codes: CodeCells,
    ruined: Option<(usize, f64)>,
) -> Result<(Vec<u8>, Vec<usize>), TestCaseError> {
    workbook(catalog, codes, ruined)
        .map_err(|e| TestCaseError::fail(format!("writing the workbook: {e}")))
}

proptest! {
    #![proptest_config(config(1000))]

    /// A generated workbook reads back item for item; a code stored as a number reads back as
    /// its digits, with a warning at its row.
    #[test]
    fn a_generated_workbook_reads_back_item_for_item(catalog in csv_catalog(), numbers in any::<bool>()) {
        let codes = if numbers { CodeCells::Numbers } else { CodeCells::Text };
        let (bytes, rows) = build(&catalog, codes, None)?;
        let parsed = read_catalog_bytes("目录.xlsx", &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(parsed.report.format, SourceFormat::Xlsx);
        let errors: Vec<String> = parsed.report.errors().map(ToString::to_string).collect();
        prop_assert!(errors.is_empty(), "{:?}", errors);
        prop_assert_eq!(parsed.items.len(), catalog.items.len());
        for ((got, want), row) in parsed.items.iter().zip(&catalog.items).zip(&rows) {
            let power = if catalog.has(Column::Power) { want.power } else { PowerType::Penalty };
            prop_assert_eq!(
                (&got.code, &got.name, got.power_type, got.fine_min.zip(got.fine_max)),
                (&want.code, &want.name, power, want.fine)
            );
            let warned = parsed.report.warnings().any(|w| w.row == Some(*row) && w.message.contains("stored as a number"));
            prop_assert_eq!(warned, numbers && is_number(&want.code), "row {}", row);
        }
    }

    /// A code Excel ruined (shown as 3.30217E+17, or a decimal) is one error at its row and
    /// the code column.
    #[test]
    fn a_ruined_code_is_reported_at_its_row(
        catalog in csv_catalog(), pick in any::<prop::sample::Index>(),
        value in prop_oneof![1e15_f64..1e20, (1_u32..100_000).prop_map(|n| f64::from(n) + 0.5)],
    ) {
        let k = pick.index(catalog.items.len());
        let (bytes, rows) = build(&catalog, CodeCells::Text, Some((k, value)))?;
        let parsed = read_catalog_bytes("目录.xlsx", &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let errors: Vec<_> = parsed.report.errors().collect();
        prop_assert_eq!(errors.len(), 1, "{:?}", errors);
        prop_assert_eq!(errors[0].row, Some(rows[k]));
        prop_assert_eq!(errors[0].column.clone(), Some(catalog.header(Column::Code)));
        prop_assert!(errors[0].message.contains("re-export"), "{}", errors[0]);
    }

    /// A workbook cut short or with a byte changed: a refusal naming the file, or a report
    /// whose items are writable; never a panic.
    #[test]
    fn a_damaged_workbook_is_refused_naming_the_file(
        catalog in csv_catalog(), at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<bool>(),
    ) {
        let (mut bytes, _) = build(&catalog, CodeCells::Text, None)?;
        let i = at.index(bytes.len());
        if cut {
            bytes.truncate(i);
        } else {
            bytes[i] = byte;
        }
        match read_catalog_bytes("损坏.xlsx", &bytes) {
            // A changed byte may move cells anywhere: only the items are checked.
            Ok(parsed) => check_writable("损坏.xlsx", &parsed, usize::MAX)?,
            Err(e) => prop_assert!(e.to_string().starts_with("损坏.xlsx: "), "{}", e),
        }
    }
}

/// A small workbook of five items, the same bytes on every run (a fixed creation time).
fn fixed_workbook(far_cell: Option<(u32, u16)>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    for (col, header) in ["事项编码", "事项名称", "处罚种类及幅度"].iter().enumerate()
    {
        sheet.write_string(0, col as u16, *header)?;
    }
    for row in 1..6_u32 {
        sheet.write_string(row, 0, format!("A{row}"))?;
        sheet.write_string(row, 1, "对擅自占用城市道路的处罚")?;
        sheet.write_string(row, 2, "处五千元罚款")?;
    }
    if let Some((row, col)) = far_cell {
        sheet.write_string(row, col, "远")?;
    }
    book.save_to_buffer()
}

/// Regression: a 5 KB workbook with one cell at XFD1048576 made the reader allocate 550 GB
/// and abort; a cell at row 1,000,000 took 8 GB and 20 seconds. Now it is refused at once,
/// naming how far the cells reach.
#[test]
fn a_cell_far_away_is_refused_not_allocated() {
    for (row, col) in [(1_048_575, 16_383), (999_999, 100)] {
        let bytes = fixed_workbook(Some((row, col))).expect("workbook");
        let refusal =
            read_catalog_bytes("远.xlsx", &bytes).err().map(|e| e.to_string()).unwrap_or_default();
        let reach = format!("cells reach row {} and column {}", row + 1, col + 1);
        assert!(
            refusal.starts_with("远.xlsx: cannot read spreadsheet: sheet Sheet1: ")
                && refusal.contains(&reach),
            "{refusal}"
        );
    }
    let near = fixed_workbook(Some((40, 20))).expect("workbook");
    let parsed = read_catalog_bytes("近.xlsx", &near).expect("a stray cell nearby is read");
    assert_eq!(parsed.items.len(), 5);
}

/// Regression: one changed byte turned a cell reference into a long run of letters, and the
/// reader's column arithmetic overflowed (a panic in debug builds). Found by
/// `a_damaged_workbook_is_refused_naming_the_file`; the byte lands there while the writer
/// compresses this workbook as it does now.
#[test]
fn a_cell_reference_that_overflows_is_refused() {
    let mut bytes = fixed_workbook(None).expect("workbook");
    if bytes.len() > 3705 {
        bytes[3705] = 246;
    }
    match read_catalog_bytes("损坏.xlsx", &bytes) {
        Ok(parsed) => assert!(parsed.items.len() <= 5),
        Err(e) => assert!(e.to_string().starts_with("损坏.xlsx: cannot read spreadsheet"), "{e}"),
    }
}
