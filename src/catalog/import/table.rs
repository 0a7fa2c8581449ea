//! A grid of cells with the row numbers a spreadsheet user sees, built from CSV text, an
//! XLSX/XLS sheet, or a JSON array of flat objects.
//!
//! Cell text is cleaned once here (line endings, U+3000 and U+00A0 spaces, trimming) so later
//! stages compare clean strings. Two facts a later stage needs survive as flags: the cell was a
//! number in the spreadsheet (Excel turns codes into numbers), and the cell only repeats the value
//! of a merged region above or to its left. This module does not know what any column means.

use super::SourceFormat;
use calamine::{Data, Dimensions, ExcelDateTime, Range, Reader, Sheets};
use std::io::Cursor;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub text: String,
    /// The spreadsheet (or JSON) value was a number; `text` is its plain rendering.
    pub number: Option<f64>,
    /// The value was copied from the top-left cell of a merged region this cell belongs to.
    pub merged: bool,
}

impl Cell {
    pub fn text(text: &str) -> Cell {
        Cell { text: clean(text), number: None, merged: false }
    }

    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// 1-based row number as the user sees it (spreadsheet row, CSV record, JSON array index).
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, column: usize) -> Option<&Cell> {
        self.cells.get(column)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    pub rows: Vec<Row>,
}

/// Line endings to `\n`; full-width and no-break spaces to ASCII spaces; trimmed. Full-width
/// punctuation such as （） stays: it is part of published names.
pub fn clean(text: &str) -> String {
    let unified: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\u{3000}' | '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => ' ',
            '\u{FEFF}' | '\u{200B}' => '\0',
            other => other,
        })
        .filter(|c| *c != '\0')
        .collect();
    let lines: Vec<&str> = unified.split('\n').map(str::trim).collect();
    lines.join("\n").trim().to_string()
}

/// A cell's text on one line: breaks that Excel users add for layout are removed. Chinese needs
/// no space where the break was; between two ASCII words one space is kept.
pub fn one_line(text: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        let joins_words = out.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
            && line.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if joins_words {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Full-width ASCII (０-９, Ａ-Ｚ, ａ-ｚ, －, ．) to ASCII, as NFKC does for that range. Used on
/// codes and numbers only, never on names.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            other => other,
        })
        .collect()
}

/// Parses CSV (comma or tab separated, records of any length). Row numbers count records, which
/// is what Excel shows even when a quoted cell spans several lines.
pub fn grid_from_csv(text: &str) -> Result<Grid, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // The csv crate skips blank lines, but Excel shows each as a row; count them back in. A
    // record's byte position is where the skipped blank lines begin.
    let mut number = 0_usize;
    for record in reader.records() {
        let record = record.map_err(|e| format!("row {}: {e}", number + 1))?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        // After a CRLF terminator the position can sit between \r and \n.
        let split_crlf = start > 0 && text.as_bytes().get(start - 1) == Some(&b'\r');
        let from = if split_crlf && text.as_bytes().get(start) == Some(&b'\n') {
            start + 1
        } else {
            start
        };
        number += 1 + leading_blank_lines(text.get(from..).unwrap_or_default());
        rows.push(Row { number, cells: record.iter().map(Cell::text).collect() });
    }
    Ok(Grid { rows })
}

fn leading_blank_lines(text: &str) -> usize {
    let mut count = 0;
    let mut rest = text;
    while let Some(after) = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n')) {
        count += 1;
        rest = after;
    }
    count
}

/// The first line with a separator decides: a title line above the header has none, so it
/// cannot make a tab-separated file read as one column.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| l.contains(['\t', ','])).unwrap_or("");
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Reads the first non-empty sheet of an XLSX or XLS workbook. Merged regions are filled from
/// their top-left cell with `merged` set, so later stages can tell a merge from a typed value.
pub fn grid_from_spreadsheet(bytes: &[u8]) -> Result<(Grid, SourceFormat), String> {
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let format = match workbook {
        Sheets::Xls(_) => SourceFormat::Xls,
        _ => SourceFormat::Xlsx,
    };
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| format!("sheet {name}: {e}"))?;
        if range.is_empty() {
            continue;
        }
        let merges = merged_regions(&mut workbook, &name);
        return Ok((grid_from_range(&range, &merges), format));
    }
    Err("the workbook has no sheet with data".to_string())
}

fn merged_regions(workbook: &mut Sheets<Cursor<&[u8]>>, sheet: &str) -> Vec<Dimensions> {
    // A workbook whose merge list cannot be read is still readable cell by cell; the blanks
    // below a merge then behave like a CSV export, which the row stage handles.
    match workbook {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn grid_from_range(range: &Range<Data>, merges: &[Dimensions]) -> Grid {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Row> = range
        .rows()
        .enumerate()
        .map(|(r, cells)| Row {
            number: first_row as usize + r + 1,
            cells: std::iter::repeat_n(Cell::default(), first_col as usize)
                .chain(cells.iter().map(cell_from_data))
                .collect(),
        })
        .collect();
    for merge in merges {
        fill_merge(&mut rows, first_row as usize, merge);
    }
    Grid { rows }
}

fn cell_from_data(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::default(),
        Data::String(s) => Cell::text(s),
        Data::Int(i) => Cell { text: i.to_string(), number: Some(*i as f64), merged: false },
        Data::Float(f) => Cell { text: render_float(*f), number: Some(*f), merged: false },
        Data::DateTime(when) if when.is_datetime() => Cell::text(&render_datetime(when)),
        Data::DateTime(span) => {
            let days = span.as_f64();
            Cell { text: render_float(days), number: Some(days), merged: false }
        }
        other => Cell::text(&other.to_string()),
    }
}

/// A date cell as Excel shows it, not as the serial number it stores: `2026-11-20`, or
/// `2026-11-20 09:15:00` when it has a time of day. (Read as its serial, a feed's 受理时间 would
/// be "46346.38…", which is no date.)
fn render_datetime(when: &ExcelDateTime) -> String {
    let (year, month, day, hour, minute, second, _) = when.to_ymd_hms_milli();
    let date = format!("{year:04}-{month:02}-{day:02}");
    if (hour, minute, second) == (0, 0, 0) {
        date
    } else {
        format!("{date} {hour:02}:{minute:02}:{second:02}")
    }
}

/// An integral float renders without `.0` (Excel stores every number as a float).
pub fn render_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 9.007e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn fill_merge(rows: &mut [Row], first_row: usize, merge: &Dimensions) {
    let row_of = |absolute: u32| (absolute as usize).checked_sub(first_row);
    let (Some(top), Some(bottom)) = (row_of(merge.start.0), row_of(merge.end.0)) else {
        return;
    };
    let (left, right) = (merge.start.1 as usize, merge.end.1 as usize);
    let value = rows.get(top).and_then(|r| r.cell(left)).cloned().unwrap_or_default();
    for row in rows.iter_mut().take(bottom + 1).skip(top) {
        if row.cells.len() <= right {
            row.cells.resize(right + 1, Cell::default());
        }
        for (col, cell) in row.cells.iter_mut().enumerate().take(right + 1).skip(left) {
            let is_origin = row.number == top + first_row + 1 && col == left;
            if !is_origin && cell.is_blank() {
                *cell = Cell { merged: true, ..value.clone() };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_normalises_spaces_and_breaks() {
        assert_eq!(clean("\u{3000}事项\u{00A0}名称 \r\n 第二行\r"), "事项 名称\n第二行");
        assert_eq!(one_line("对擅自占用\n城市道路的\n行政处罚"), "对擅自占用城市道路的行政处罚");
        assert_eq!(one_line("Code\nA"), "Code A");
        assert_eq!(fold_width("３３０２７５ＡＢ"), "330275AB");
    }

    #[test]
    fn csv_rows_count_records_not_lines() {
        let grid =
            grid_from_csv("a,b\r\n\"x\ny\",z\r\nlast,1\n\n\r\nafter,blanks\n").unwrap_or_default();
        let numbers: Vec<usize> = grid.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 3, 6]);
        assert_eq!(grid.rows[1].cells[0].text, "x\ny");
    }

    #[test]
    fn tab_separated_text_is_detected() {
        let grid = grid_from_csv("名称\t备注\n甲\t乙\n").unwrap_or_default();
        assert_eq!(grid.rows[1].cells[1].text, "乙");
    }

    #[test]
    fn floats_render_like_the_digits_typed() {
        assert_eq!(render_float(330275012000.0), "330275012000");
        assert_eq!(render_float(2.5), "2.5");
    }

    /// Regression: a title line without separators above a tab-separated table made the whole
    /// file read as comma-separated, one column wide.
    #[test]
    fn a_title_line_without_separators_does_not_hide_the_tabs() {
        let grid = grid_from_csv("某区执法事项目录\n事项名称\t备注\n甲\t乙\n").unwrap_or_default();
        assert_eq!(grid.rows[2].cells.len(), 2, "{grid:?}");
        assert_eq!(grid.rows[2].cells[1].text, "乙");
    }

    /// Regression: date cells were read as their serial number (“46346.5”), which no feed
    /// could read as its 受理时间.
    #[test]
    fn date_cells_read_as_the_date_excel_shows() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        let cell = |value, kind, is_1904| {
            cell_from_data(&Data::DateTime(ExcelDateTime::new(value, kind, is_1904)))
        };
        assert_eq!(cell(46346.5, DateTime, false).text, "2026-11-20 12:00:00");
        assert_eq!(cell(46346.0, DateTime, false).text, "2026-11-20");
        assert_eq!(cell(46346.0, DateTime, false).number, None);
        assert_eq!(cell(44884.0, DateTime, true).text, "2026-11-20", "the 1904 date system");
        assert_eq!(cell(1.5, TimeDelta, false).number, Some(1.5), "a duration stays a number");
    }

    mod properties {
        use super::super::{clean, grid_from_csv};
        use proptest::prelude::*;

        /// One record as a CSV line: cells quoted where they must be (and a lone empty cell,
        /// which would otherwise be a blank line).
        fn line(cells: &[String], delimiter: char) -> String {
            let must_quote = |c: &String| {
                c.contains([delimiter, '"', '\n', '\r']) || (cells.len() == 1 && c.is_empty())
            };
            let quoted: Vec<String> = cells
                .iter()
                .map(|c| {
                    if must_quote(c) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c.clone()
                    }
                })
                .collect();
            quoted.join(&delimiter.to_string())
        }

        /// Cells may hold the file's own separator (quoted), never the other one: a comma in
        /// the first line of a tab-separated file would make it look comma-separated.
        fn records(separator: char) -> impl Strategy<Value = Vec<(usize, Vec<String>)>> {
            let pattern = format!("[a-c甲乙 \"\n\r{separator}]{{0,6}}");
            let cell = proptest::string::string_regex(&pattern).expect("a valid cell pattern");
            let record = prop::collection::vec(cell, 1..5);
            prop::collection::vec((0_usize..3, record), 1..12)
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

            /// Records with quoted line breaks, quotes and separators, blank lines between them,
            /// either line ending, comma or tab: each comes back as its cleaned cells under the
            /// row number a spreadsheet shows (blank lines counted, quoted breaks not).
            #[test]
            fn csv_records_keep_their_cells_and_row_numbers(
                tab in any::<bool>(), crlf in any::<bool>(), final_break in any::<bool>(),
                comma_rows in records(','), tab_rows in records('\t'),
            ) {
                let (delimiter, rows) = if tab { ('\t', tab_rows) } else { (',', comma_rows) };
                let end = if crlf { "\r\n" } else { "\n" };
                let mut text = String::new();
                let mut expected = Vec::new();
                let mut number = 0;
                for (blank_lines, cells) in &rows {
                    text.push_str(&end.repeat(*blank_lines));
                    number += blank_lines + 1;
                    text.push_str(&line(cells, delimiter));
                    text.push_str(end);
                    expected.push((number, cells.iter().map(|c| clean(c)).collect::<Vec<_>>()));
                }
                if !final_break {
                    text.truncate(text.len() - end.len());
                }
                let grid = grid_from_csv(&text).map_err(TestCaseError::fail)?;
                let got: Vec<(usize, Vec<String>)> = grid
                    .rows
                    .iter()
                    .map(|r| (r.number, r.cells.iter().map(|c| c.text.clone()).collect()))
                    .collect();
                prop_assert_eq!(got, expected, "{:?}", text);
            }
        }
    }
}
