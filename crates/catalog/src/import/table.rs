//! A grid of cells with the row numbers a spreadsheet user sees, built from CSV text, an
//! XLSX/XLS sheet, or a JSON array of flat objects.
//!
//! Cell text is cleaned once here (line endings, U+3000 and U+00A0 spaces, trimming) so later
//! stages compare clean strings. Two facts a later stage needs survive as flags: the cell was a
//! number in the spreadsheet (Excel turns codes into numbers), and the cell only repeats the value
//! of a merged region above or to its left. This module does not know what any column means.
//! Workbooks are read in [`spreadsheet`].

mod spreadsheet;

pub use spreadsheet::{grid_from_spreadsheet, render_float, MAX_CELLS};

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

/// Full-width forms as ASCII (one place: `zhifa_core::text::fold_width`).
pub use zhifa_core::text::fold_width;

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
    let mut text_bytes = 0;
    for record in reader.records() {
        let record = record.map_err(|e| format!("row {}: {e}", number + 1))?;
        text_bytes += record.as_slice().len();
        super::bounds::check_table(rows.len() + 1, text_bytes)?;
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

    /// Regression: a title line without separators above a tab-separated table made the whole
    /// file read as comma-separated, one column wide.
    #[test]
    fn a_title_line_without_separators_does_not_hide_the_tabs() {
        let grid = grid_from_csv("某区执法事项目录\n事项名称\t备注\n甲\t乙\n").unwrap_or_default();
        assert_eq!(grid.rows[2].cells.len(), 2, "{grid:?}");
        assert_eq!(grid.rows[2].cells[1].text, "乙");
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
