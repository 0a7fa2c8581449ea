//! `zhifa report`: the figures of a period (default: this month so far) by team, grid, domain,
//! department of origin, officer or month, beside the same period last year; as a table, JSON
//! (with the records behind each figure), CSV (with a BOM, for Excel) or XLSX (a sheet per
//! table, numbers as numbers). Groups come in the order of their code, never ranked by fines
//! (APL art. 74(3)). With `--central URL` (on the command line only), the same over every
//! station at the centre (`sync::central_report`), where `--by station` groups by station.

use super::context::Context;
use super::out::{errln, outln};
use super::progress::Meter;
use super::table;
use crate::i18n::Lang;
use crate::report::{GroupBy, Measure, Period, Report, Table, Unit};
use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Exit code for a period or output that cannot be (nothing written).
pub const EXIT_INVALID: i32 = 2;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
    Xlsx,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// First day of the period (default: the first of this month)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<NaiveDate>,
    /// Last day of the period (default: today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: Option<NaiveDate>,
    /// What the groups are (station: at the centre only)
    #[arg(long, value_enum, default_value = "team")]
    pub by: GroupBy,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Write to this file instead of standard output (required for xlsx)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: ReportArgs, lang: Lang) -> Result<i32> {
    let today = ctx.clock.today();
    let Some(period) = checked(&args, today, lang) else { return Ok(EXIT_INVALID) };
    if args.by == GroupBy::Station {
        errln!(
            "{}",
            lang.pick(
                "按站点分组只在中心统计：zhifa --central URL report --by station",
                "by station is the centre's grouping: zhifa --central URL report --by station"
            )
        );
        return Ok(EXIT_INVALID);
    }
    let store = ctx.open_store()?;
    let meter = Meter::stderr(lang.pick("统计中", "counting"), false);
    // JSON lists the records behind each figure; the other formats show the figures only, so
    // they take the fast path (counted without reading the records).
    let report = match args.format {
        Format::Json => store.report(period, args.by, today)?,
        Format::Table | Format::Csv | Format::Xlsx => {
            store.report_figures(period, args.by, today)?
        }
    };
    drop(meter);
    emit(&report, &args, lang)?;
    Ok(0)
}

/// The period the arguments give (default: this month so far), or `None` (said on stderr)
/// when it or the output cannot be.
pub fn checked(args: &ReportArgs, today: NaiveDate, lang: Lang) -> Option<Period> {
    let default = Period::month_so_far(today);
    let period = Period { from: args.from.unwrap_or(default.from), to: args.to.unwrap_or(today) };
    if period.from > period.to {
        errln!(
            "{}",
            match lang {
                Lang::Zh =>
                    format!("统计期间起日 {} 晚于止日 {}：未输出任何内容。", period.from, period.to),
                Lang::En => format!(
                    "the period starts {} after it ends {}: nothing written.",
                    period.from, period.to
                ),
            }
        );
        return None;
    }
    if args.format == Format::Xlsx && args.output.is_none() {
        errln!(
            "{}",
            lang.pick("XLSX 须用 -o 指定输出文件。", "xlsx needs an output file: -o FILE.")
        );
        return None;
    }
    Some(period)
}

/// Writes the report in the format asked, to the file asked or standard output.
pub fn emit(report: &Report, args: &ReportArgs, lang: Lang) -> Result<()> {
    let bytes = match args.format {
        Format::Table => table_text(report, lang).into_bytes(),
        Format::Json => super::json::pretty(report)?.into_bytes(),
        Format::Csv => csv_bytes(report, lang)?,
        Format::Xlsx => xlsx_bytes(report, lang)?,
    };
    match &args.output {
        Some(path) => write_file(path, &bytes, lang)?,
        // Table text holds people's names: printed safe. JSON is escaped by `json::pretty`.
        None if args.format == Format::Table => outln!("{}", String::from_utf8_lossy(&bytes)),
        None => print!("{}", String::from_utf8_lossy(&bytes)),
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8], lang: Lang) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    errln!("{} {}", lang.pick("已写入", "written:"), path.display());
    Ok(())
}

/// The title line: the period, last year's, the grouping.
pub fn title(report: &Report, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "统计 {}（上年同期 {}），按{}分组",
            report.period,
            report.last_year,
            report.by.label(lang)
        ),
        Lang::En => format!(
            "report {} (last year {}), by {}",
            report.period,
            report.last_year,
            report.by.label(lang)
        ),
    }
}

/// One text table per table of measures: a row per measure, the total and last year's first,
/// then a column per group in the order of its code.
fn table_text(report: &Report, lang: Lang) -> String {
    let mut out = title(report, lang);
    out.push('\n');
    let total = lang.pick("合计", "total");
    let before = lang.pick("上年同期", "last year");
    let mut header = vec![lang.pick("指标", "figure"), total, before];
    header.extend(report.groups.iter().map(|g| g.label(lang)));
    for t in Table::ALL {
        match lang {
            Lang::Zh => out.push_str(&format!("\n【{}】\n", t.label(lang))),
            Lang::En => out.push_str(&format!("\n[{}]\n", t.label(lang))),
        }
        let rows: Vec<Vec<String>> = measures_of(report, t)
            .map(|(i, m)| {
                let mut row = vec![m.label(lang).to_string(), report.total.figures[i].text(m.unit)];
                row.push(report.total.last_year[i].as_ref().map_or("—".into(), |f| f.text(m.unit)));
                row.extend(report.groups.iter().map(|g| g.figures[i].text(m.unit)));
                row
            })
            .collect();
        let caps = vec![30; header.len()];
        out.push_str(&table::render(&header, &rows, &caps));
    }
    out
}

/// The measures of table `t` with their index.
pub fn measures_of(report: &Report, t: Table) -> impl Iterator<Item = (usize, &Measure)> {
    report.measures.iter().enumerate().filter(move |(_, m)| m.table == t)
}

/// Long form, one line per table, measure and group (the total last): what a pivot table wants.
fn csv_bytes(report: &Report, lang: Lang) -> Result<Vec<u8>> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut bytes);
        w.write_record([
            lang.pick("表", "table"),
            lang.pick("指标", "figure"),
            lang.pick("分组编码", "group code"),
            lang.pick("分组", "group"),
            lang.pick("本期", "this period"),
            lang.pick("上年同期", "last year"),
        ])?;
        for (i, m) in report.measures.iter().enumerate() {
            for g in report.groups.iter().chain(std::iter::once(&report.total)) {
                let name = g.label(lang);
                let now = number_text(g.figures[i].number(m.unit));
                let before = number_text(g.last_year[i].as_ref().and_then(|f| f.number(m.unit)));
                let (code, name) = (formula_safe(&g.key), formula_safe(name));
                w.write_record([m.table.label(lang), m.label(lang), &code, &name, &now, &before])?;
            }
        }
        w.flush()?;
    }
    Ok(bytes)
}

/// A name a spreadsheet would evaluate (=, +, -, @ first) made plain text with an apostrophe:
/// team, grid and officer names are typed by people.
fn formula_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn number_text(n: Option<f64>) -> String {
    match n {
        Some(n) if n.fract() == 0.0 => format!("{n:.0}"),
        Some(n) => format!("{n:.1}"),
        None => String::new(),
    }
}

/// A sheet per table: a row per group (the total last), a column per measure followed by last
/// year's; headers in the report's language, numbers as numbers, rates as percentages.
fn xlsx_bytes(report: &Report, lang: Lang) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format as Cell, Workbook};
    let mut book = Workbook::new();
    let bold = Cell::new().set_bold();
    let percent = Cell::new().set_num_format("0.0%");
    for t in Table::ALL {
        let sheet = book.add_worksheet();
        sheet.set_name(t.label(lang))?;
        sheet.write_string_with_format(0, 0, lang.pick("分组编码", "group code"), &bold)?;
        sheet.write_string_with_format(0, 1, report.by.label(lang), &bold)?;
        let mut col = 2u16;
        let columns: Vec<(usize, &Measure)> = measures_of(report, t).collect();
        for (_, m) in &columns {
            sheet.write_string_with_format(0, col, m.label(lang), &bold)?;
            let before = format!("{}（{}）", m.label(lang), lang.pick("上年同期", "last year"));
            sheet.write_string_with_format(0, col + 1, &before, &bold)?;
            col += 2;
        }
        let groups = report.groups.iter().chain(std::iter::once(&report.total));
        for (r, g) in groups.enumerate() {
            let row = u32::try_from(r + 1)?;
            let name = g.label(lang);
            sheet.write_string(row, 0, &g.key)?;
            sheet.write_string(row, 1, name)?;
            let mut col = 2u16;
            for (i, m) in &columns {
                let cells = [Some(&g.figures[*i]), g.last_year[*i].as_ref()];
                for (offset, figure) in cells.into_iter().enumerate() {
                    let at = col + offset as u16;
                    match (m.unit, figure.and_then(|f| f.number(m.unit))) {
                        (Unit::Percent, Some(p)) => {
                            sheet.write_number_with_format(row, at, p / 100.0, &percent)?;
                        }
                        (_, Some(n)) => {
                            sheet.write_number(row, at, n)?;
                        }
                        (_, None) => {}
                    }
                }
                col += 2;
            }
        }
        sheet.set_freeze_panes(1, 2)?;
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_spreadsheet_would_run_start_with_an_apostrophe_and_numbers_stay_numbers() {
        assert_eq!(formula_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(formula_safe("青溪中队"), "青溪中队");
        assert_eq!(number_text(Some(12.0)), "12");
        assert_eq!(number_text(Some(83.333)), "83.3");
        assert_eq!(number_text(None), "");
    }
}
