//! An XLSX/XLS workbook → a [`Grid`]: its first sheet with data, merged regions filled from
//! their top-left cell (flagged `merged`), dates as Excel shows them, numbers with their value.
//!
//! A hostile or damaged workbook cannot make this allocate more than a catalog needs: XLSX
//! cells are read one by one (calamine's own whole-sheet reading makes one dense block from the
//! first to the last cell, 550 GB for a 5 KB file with a cell at XFD1048576), and a sheet whose
//! cells span more than [`MAX_CELLS`] is refused naming its farthest cell. Merged regions fill
//! only the rows and columns the data spans. XLS sheets are read whole by calamine when the file
//! opens, so the guard covers XLSX only.

use super::{Cell, Grid, Row};
use crate::import::{bounds, SourceFormat};
use calamine::{Data, Dimensions, ExcelDateTime, Range, Reader, Sheets, Xlsx};
use std::io::Cursor;

/// Rows × columns a sheet's data may span: 100,000 items of 100 columns.
pub const MAX_CELLS: usize = 10_000_000;

/// A non-empty cell and its (row, column), 0-based.
type Placed = ((u32, u32), Cell);

/// Reads the first non-empty sheet of an XLSX or XLS workbook.
pub fn grid_from_spreadsheet(bytes: &[u8]) -> Result<(Grid, SourceFormat), String> {
    bounds::check_unzipped_size(bytes)?;
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let format = match workbook {
        Sheets::Xls(_) => SourceFormat::Xls,
        _ => SourceFormat::Xlsx,
    };
    for name in workbook.sheet_names() {
        let cells = match &mut workbook {
            Sheets::Xlsx(xlsx) => xlsx_cells(xlsx, &name)?,
            other => {
                let range =
                    other.worksheet_range(&name).map_err(|e| format!("sheet {name}: {e}"))?;
                range_cells(&range)
            }
        };
        if cells.is_empty() {
            continue;
        }
        let merges = merged_regions(&mut workbook, &name);
        return Ok((grid_from_cells(&name, cells, &merges)?, format));
    }
    Err("the workbook has no sheet with data".to_string())
}

/// The non-empty cells of an XLSX sheet, read one at a time, at most [`MAX_CELLS`] of them.
fn xlsx_cells(xlsx: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Result<Vec<Placed>, String> {
    let failed = |e: calamine::XlsxError| format!("sheet {sheet}: {e}");
    let mut reader = xlsx.worksheet_cells_reader(sheet).map_err(failed)?;
    let mut cells = Vec::new();
    let mut text_bytes = 0;
    while let Some(cell) = reader.next_cell().map_err(failed)? {
        let value = cell_from_data(&Data::from(cell.get_value().clone()));
        if value.is_blank() {
            continue;
        }
        // How far the rows reach is judged once all are read (`grid_from_cells` names the cell).
        text_bytes += value.text.len();
        bounds::check_table(0, text_bytes).map_err(|e| format!("sheet {sheet}: {e}"))?;
        if cells.len() == MAX_CELLS {
            return Err(format!(
                "sheet {sheet}: more than {MAX_CELLS} cells, more than a catalog holds"
            ));
        }
        cells.push((cell.get_position(), value));
    }
    Ok(cells)
}

fn range_cells(range: &Range<Data>) -> Vec<Placed> {
    let (top, left) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .map(|(r, c, data)| ((top + r as u32, left + c as u32), cell_from_data(data)))
        .filter(|(_, cell)| !cell.is_blank())
        .collect()
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

/// Rows from the first to the last with data (numbered as Excel shows them), each holding its
/// cells from column A; refused when that block exceeds [`MAX_CELLS`].
fn grid_from_cells(sheet: &str, cells: Vec<Placed>, merges: &[Dimensions]) -> Result<Grid, String> {
    let first_row = cells.iter().map(|((r, _), _)| *r).min().unwrap_or(0) as usize;
    let last_row = cells.iter().map(|((r, _), _)| *r).max().unwrap_or(0) as usize;
    let width = cells.iter().map(|((_, c), _)| *c as usize + 1).max().unwrap_or(0);
    let height = last_row - first_row + 1;
    if height.saturating_mul(width) > MAX_CELLS {
        return Err(format!(
            "sheet {sheet}: cells reach row {} and column {width}, {height} rows × {width} columns, more than a catalog holds ({MAX_CELLS} cells); delete what lies far below or to the right",
            last_row + 1
        ));
    }
    if height > bounds::MAX_ROWS {
        return Err(format!(
            "sheet {sheet}: {height} rows, more than {} (bound: rows)",
            bounds::MAX_ROWS
        ));
    }
    let mut rows: Vec<Row> =
        (first_row..=last_row).map(|r| Row { number: r + 1, cells: Vec::new() }).collect();
    for ((r, c), cell) in cells {
        let row = &mut rows[r as usize - first_row];
        let column = c as usize;
        if row.cells.len() <= column {
            row.cells.resize(column + 1, Cell::default());
        }
        row.cells[column] = cell;
    }
    for merge in merges {
        fill_merge(&mut rows, first_row, width, merge);
    }
    Ok(Grid { rows })
}

pub(super) fn cell_from_data(data: &Data) -> Cell {
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

/// Copies a merged region's top-left value into its blank cells, within the rows and the
/// `width` the data spans: a region reaching far beyond them fills nothing there.
fn fill_merge(rows: &mut [Row], first_row: usize, width: usize, merge: &Dimensions) {
    let row_of = |absolute: u32| (absolute as usize).checked_sub(first_row);
    let (Some(top), Some(bottom)) = (row_of(merge.start.0), row_of(merge.end.0)) else {
        return;
    };
    let (left, right) =
        (merge.start.1 as usize, (merge.end.1 as usize).min(width.saturating_sub(1)));
    if left > right {
        return;
    }
    let value = rows.get(top).and_then(|r| r.cell(left)).cloned().unwrap_or_default();
    for (offset, row) in rows.iter_mut().enumerate().take(bottom + 1).skip(top) {
        if row.cells.len() <= right {
            row.cells.resize(right + 1, Cell::default());
        }
        for (col, cell) in row.cells.iter_mut().enumerate().take(right + 1).skip(left) {
            let is_origin = offset == top && col == left;
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
    fn floats_render_like_the_digits_typed() {
        assert_eq!(render_float(330275012000.0), "330275012000");
        assert_eq!(render_float(2.5), "2.5");
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

    fn placed(row: u32, col: u32, text: &str) -> Placed {
        ((row, col), Cell::text(text))
    }

    /// Regression: one cell at XFD1048576 made calamine allocate 550 GB and abort.
    #[test]
    fn cells_far_apart_are_refused_naming_the_farthest() {
        let cells = vec![placed(0, 0, "事项名称"), placed(1_048_575, 16_383, "远")];
        let refusal = grid_from_cells("Sheet1", cells, &[]).expect_err("too far");
        assert!(
            refusal.starts_with("sheet Sheet1: cells reach row 1048576 and column 16384"),
            "{refusal}"
        );
    }

    #[test]
    fn merges_fill_only_what_the_data_spans() {
        let cells = vec![placed(2, 0, "标题"), placed(3, 0, "甲"), placed(3, 2, "乙")];
        let whole_sheet = Dimensions { start: (2, 0), end: (1_048_575, 16_383) };
        let grid = grid_from_cells("S", cells, &[whole_sheet]).expect("small");
        let shape: Vec<(usize, usize)> =
            grid.rows.iter().map(|r| (r.number, r.cells.len())).collect();
        assert_eq!(shape, vec![(3, 3), (4, 3)]);
        assert!(grid.rows[0].cells[2].merged && grid.rows[0].cells[2].text == "标题");
        assert_eq!(grid.rows[1].cells[1].text, "标题", "a blank inside the merge repeats it");
        assert_eq!(grid.rows[1].cells[2].text, "乙", "a typed value stays");
    }
}
