//! Catalog import: reads enforcement-power catalogs as they are really published (CSV, XLSX/XLS,
//! JSON) into [`CatalogItem`]s, with a report that names file, row, column and reason for every
//! problem.
//!
//! The pipeline is: bytes → [`encoding`] (text files) → [`table`] (a grid of cells carrying the
//! row numbers a spreadsheet user sees) → [`headers`] (find the header row(s), map published
//! column names to fields) → [`rows`] (one item per row, or one item per group of tier rows in a
//! discretion table) → [`validate`]. Pure helpers others reuse: [`fines::parse_fine_text`],
//! [`codes::derive_code`], [`basis::split_provisions`]. The canonical JSON written by
//! `catalog export` skips the grid and is deserialised directly by [`canonical`], so export →
//! import round-trips exactly. Formats, aliases and rules for admins: `docs/catalog-format.md`.
//!
//! A whole-file failure (unreadable, unknown format, undecodable bytes, no header) is an
//! [`ImportError`]. Everything about single rows goes into [`ImportReport::problems`]: all of them
//! are collected, never only the first, and any `Error` means the caller writes nothing. This
//! module never touches the database and never decides effective dates or version labels.

pub mod basis;
pub mod bounds;
pub mod canonical;
pub mod codes;
pub mod encoding;
pub mod fines;
pub mod headers;
pub mod rows;
pub mod table;
pub mod validate;

use crate::format::VersionMeta;
use std::fmt;
use std::path::Path;
use zhifa_core::domain::catalog::CatalogItem;

/// What was read from one file: the items, the version metadata of a canonical envelope, and the
/// report of how the file was understood.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedCatalog {
    pub items: Vec<CatalogItem>,
    pub meta: Option<VersionMeta>,
    pub report: ImportReport,
}

/// The physical format the file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Csv,
    Xlsx,
    Xls,
    /// The canonical envelope or a bare array of canonical items.
    CanonicalJson,
    /// A JSON array of flat objects keyed by published header names.
    JsonTable,
}

impl SourceFormat {
    /// The format as a Chinese reader calls it (the English name is `Display`).
    pub fn label_zh(self) -> &'static str {
        match self {
            SourceFormat::Csv => "CSV 表格",
            SourceFormat::Xlsx => "Excel 工作簿（XLSX）",
            SourceFormat::Xls => "Excel 97 工作簿（XLS）",
            SourceFormat::CanonicalJson => "JSON（标准格式）",
            SourceFormat::JsonTable => "JSON（表格）",
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SourceFormat::Csv => "CSV",
            SourceFormat::Xlsx => "XLSX",
            SourceFormat::Xls => "XLS",
            SourceFormat::CanonicalJson => "JSON (canonical)",
            SourceFormat::JsonTable => "JSON (table)",
        })
    }
}

impl ImportReport {
    /// The file's format and, for a text file, the character encoding detected (a workbook or
    /// JSON carries its own: nothing is said, never a bare dash that reads like the item codes).
    pub fn format_text(&self, lang: zhifa_core::i18n::Lang) -> String {
        use zhifa_core::i18n::Lang;
        match (lang, self.encoding.as_deref()) {
            (Lang::Zh, Some(e)) => format!("{}，字符编码 {e}", self.format.label_zh()),
            (Lang::Zh, None) => self.format.label_zh().to_string(),
            (Lang::En, Some(e)) => format!("{}, encoding {e}", self.format),
            (Lang::En, None) => self.format.to_string(),
        }
    }
}

/// A published column the importer understood, and the item field it fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecognisedColumn {
    /// The header text as published (for two-row headers, `parent/child`).
    pub header: String,
    /// The field name, e.g. `code`, `basis.penalty`, `tiers.name`, `sequence`.
    pub field: &'static str,
}

/// How the file was understood, and everything wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    pub file: String,
    pub format: SourceFormat,
    /// "UTF-8", "UTF-8 (BOM)", "UTF-16LE (BOM)", "UTF-16BE (BOM)" or "GB18030"; `None` for
    /// spreadsheets, which carry their own encoding.
    pub encoding: Option<String>,
    /// Spreadsheet row numbers (1-based) of the header row(s).
    pub header_rows: Vec<usize>,
    pub recognised: Vec<RecognisedColumn>,
    /// Header texts of columns no field uses.
    pub ignored: Vec<String>,
    /// How many items got a code derived from name + department.
    pub derived_codes: usize,
    /// Every row-level problem, sorted by row; at most [`bounds::MAX_PROBLEMS`] of them.
    pub problems: Vec<Problem>,
    /// Errors found beyond those listed (a hostile file's millions of bad rows are counted, not
    /// kept and printed).
    pub more_errors: usize,
    /// Warnings found beyond those listed.
    pub more_warnings: usize,
}

impl ImportReport {
    pub fn new(file: &str, format: SourceFormat) -> ImportReport {
        ImportReport {
            file: file.to_string(),
            format,
            encoding: None,
            header_rows: Vec::new(),
            recognised: Vec::new(),
            ignored: Vec::new(),
            derived_codes: 0,
            problems: Vec::new(),
            more_errors: 0,
            more_warnings: 0,
        }
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity == Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Every error found, listed or only counted.
    pub fn error_count(&self) -> usize {
        self.errors().count() + self.more_errors
    }

    /// Orders problems by row (file-level ones first), keeping the order found within a row.
    pub(crate) fn sort_problems(&mut self) {
        self.problems.sort_by_key(|p| p.row.unwrap_or(0));
    }

    pub(crate) fn error(&mut self, row: Option<usize>, column: Option<&str>, message: String) {
        self.push(Severity::Error, row, column, message);
    }

    pub(crate) fn warning(&mut self, row: Option<usize>, column: Option<&str>, message: String) {
        self.push(Severity::Warning, row, column, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        row: Option<usize>,
        column: Option<&str>,
        message: String,
    ) {
        if self.problems.len() >= bounds::MAX_PROBLEMS {
            match severity {
                Severity::Error => self.more_errors += 1,
                Severity::Warning => self.more_warnings += 1,
            }
            return;
        }
        self.problems.push(Problem {
            severity,
            file: self.file.clone(),
            row,
            column: column.map(str::to_string),
            message,
        });
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One row-level finding. `row` is the row number a spreadsheet user sees (1-based, title and
/// header rows counted); for JSON it is the 1-based array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub row: Option<usize>,
    /// The header text as published.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `龙华.csv:17:事项名称: error: name is empty`, the compiler style admins can grep.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ":{row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ":{column}")?;
        }
        write!(f, ": {}: {}", self.severity, self.message)
    }
}

/// The file cannot be read as a catalog at all. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: cannot read file: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: unknown format: expected .csv, .xlsx, .xls or .json")]
    UnknownFormat { file: String },
    #[error("{file}: cannot decode text: {reason}")]
    Encoding { file: String, reason: String },
    #[error("{file}: no header row: {reason}")]
    NoHeader { file: String, reason: headers::NoHeader },
    #[error("{file}: cannot read spreadsheet: {reason}")]
    Spreadsheet { file: String, reason: String },
    #[error("{file}:{line}:{column}: invalid JSON: {reason}")]
    Json { file: String, line: usize, column: usize, reason: String },
    #[error("{file}: refused: {reason}")]
    TooLarge { file: String, reason: String },
    #[error("{file}: cannot read CSV: {reason}")]
    Csv { file: String, reason: String },
}

impl ImportError {
    /// The error in the interface's language; the details a library gave (a JSON parser's,
    /// the operating system's) stay as they were given.
    pub fn message(&self, lang: zhifa_core::i18n::Lang) -> String {
        use zhifa_core::i18n::Lang;
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ImportError::Io { file, source } => format!("{file}：无法读取文件：{source}"),
            ImportError::UnknownFormat { file } => {
                format!("{file}：无法识别的格式：应为 .csv、.xlsx、.xls 或 .json")
            }
            ImportError::Encoding { file, reason } => format!("{file}：无法解码文本：{reason}"),
            ImportError::NoHeader { file, reason } => {
                format!("{file}：找不到表头行：{}", reason.message(lang))
            }
            ImportError::Spreadsheet { file, reason } => format!("{file}：无法读取表格：{reason}"),
            ImportError::Json { file, line, column, reason } => {
                format!("{file}:{line}:{column}：JSON 格式错误：{reason}")
            }
            ImportError::TooLarge { file, reason } => format!("{file}：拒绝读取：{reason}"),
            ImportError::Csv { file, reason } => format!("{file}：无法读取 CSV：{reason}"),
        }
    }
}

/// Reads a catalog file; the format comes from the extension (.csv .xlsx .xls .json), otherwise
/// from the content.
pub fn read_catalog(path: &Path) -> Result<ParsedCatalog, ImportError> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = bounds::read_regular_file(path)
        .map_err(|source| ImportError::Io { file: file.clone(), source })?;
    read_catalog_bytes(&file, &bytes)
}

/// Reads a catalog from memory; `file_name` chooses the format by extension and names the file in
/// every message.
pub fn read_catalog_bytes(file_name: &str, bytes: &[u8]) -> Result<ParsedCatalog, ImportError> {
    match detect_kind(file_name, bytes) {
        Some(Kind::Csv) => read_csv(file_name, bytes),
        Some(Kind::Spreadsheet) => read_spreadsheet(file_name, bytes),
        Some(Kind::Json) => read_json(file_name, bytes),
        None => Err(ImportError::UnknownFormat { file: file_name.to_string() }),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    Spreadsheet,
    Json,
}

fn detect_kind(file_name: &str, bytes: &[u8]) -> Option<Kind> {
    let extension = Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" | "tsv" => Some(Kind::Csv),
        "xlsx" | "xlsm" | "xls" => Some(Kind::Spreadsheet),
        "json" => Some(Kind::Json),
        _ => sniff_kind(bytes),
    }
}

/// Without a known extension: ZIP (xlsx) and OLE (xls) magic numbers, then JSON's first
/// character, then anything that decodes as text and has a separator is CSV.
fn sniff_kind(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some(Kind::Spreadsheet);
    }
    let text = encoding::decode(bytes).ok()?.text;
    let first = text.trim_start().chars().next()?;
    if first == '[' || first == '{' {
        return Some(Kind::Json);
    }
    (text.contains(',') || text.contains('\t')).then_some(Kind::Csv)
}

fn read_csv(file: &str, bytes: &[u8]) -> Result<ParsedCatalog, ImportError> {
    let decoded = encoding::decode(bytes)
        .map_err(|reason| ImportError::Encoding { file: file.to_string(), reason })?;
    let grid = table::grid_from_csv(&decoded.text)
        .map_err(|reason| ImportError::Csv { file: file.to_string(), reason })?;
    let mut report = ImportReport::new(file, SourceFormat::Csv);
    report.encoding = Some(decoded.encoding.to_string());
    import_grid(&grid, report)
}

fn read_spreadsheet(file: &str, bytes: &[u8]) -> Result<ParsedCatalog, ImportError> {
    let (grid, format) = table::grid_from_spreadsheet(bytes)
        .map_err(|reason| ImportError::Spreadsheet { file: file.to_string(), reason })?;
    import_grid(&grid, ImportReport::new(file, format))
}

fn read_json(file: &str, bytes: &[u8]) -> Result<ParsedCatalog, ImportError> {
    let decoded = encoding::decode(bytes)
        .map_err(|reason| ImportError::Encoding { file: file.to_string(), reason })?;
    let encoding_name = decoded.encoding.to_string();
    bounds::check_json(&decoded.text)
        .map_err(|reason| ImportError::TooLarge { file: file.to_string(), reason })?;
    let mut parsed = match canonical::read_json(file, &decoded.text)? {
        canonical::JsonContent::Canonical(parsed) => *parsed,
        canonical::JsonContent::Table(grid) => {
            import_grid(&grid, ImportReport::new(file, SourceFormat::JsonTable))?
        }
    };
    parsed.report.encoding = Some(encoding_name);
    Ok(parsed)
}

/// The shared path of CSV, spreadsheets and flat JSON: headers, rows, whole-file validation.
fn import_grid(grid: &table::Grid, mut report: ImportReport) -> Result<ParsedCatalog, ImportError> {
    let layout = headers::detect(grid)
        .map_err(|reason| ImportError::NoHeader { file: report.file.clone(), reason })?;
    let named = [headers::Field::Name, headers::Field::NameMain, headers::Field::NameSub]
        .iter()
        .any(|f| layout.has(*f));
    if !named {
        return Err(ImportError::NoHeader {
            file: report.file.clone(),
            reason: headers::NoHeader::NoNameColumn,
        });
    }
    // JSON tables have no header row a user could point at; their header is numbered 0.
    report.header_rows = layout.header_rows.iter().copied().filter(|n| *n > 0).collect();
    report.recognised = layout.recognised();
    report.ignored = layout.ignored();
    let items = rows::build_items(grid, &layout, &mut report);
    report.sort_problems();
    Ok(ParsedCatalog { items, meta: None, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, bytes: &[u8]) -> ParsedCatalog {
        read_catalog_bytes(name, bytes).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn format_comes_from_the_extension_else_the_content() {
        assert_eq!(detect_kind("a.CSV", b""), Some(Kind::Csv));
        assert_eq!(detect_kind("a.xlsx", b""), Some(Kind::Spreadsheet));
        assert_eq!(detect_kind("a.json", b""), Some(Kind::Json));
        assert_eq!(detect_kind("download", b"PK\x03\x04rest"), Some(Kind::Spreadsheet));
        assert_eq!(detect_kind("download", b"\xD0\xCF\x11\xE0rest"), Some(Kind::Spreadsheet));
        assert_eq!(detect_kind("download", b"  [{\"name\":1}]"), Some(Kind::Json));
        assert_eq!(detect_kind("download", "事项名称,备注\n".as_bytes()), Some(Kind::Csv));
        assert_eq!(detect_kind("download", b"plain words"), None);
        assert!(matches!(
            read_catalog_bytes("x.pdf", b"%PDF-1.4"),
            Err(ImportError::UnknownFormat { .. })
        ));
    }

    #[test]
    fn main_and_sub_items_with_a_two_row_header() {
        let csv = "一、档案管理系统,,,\n\
                   序号,规范统一事项名称,,权力类型\n\
                   ,主项名称,子项名称,\n\
                   1,对国有企业文件材料归档范围和保管期限表的审查,对市属国有企业文件材料归档范围和保管期限表的审查,其他行政权力-其他\n\
                   2,对执行档案法等有关管理规定的检查,,行政强制\n\
                   3,携带档案出境的审批,,行政许可\n";
        let parsed = parse("权责清单.csv", csv.as_bytes());
        assert_eq!(parsed.report.header_rows, vec![2, 3]);
        let names: Vec<&str> = parsed.items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "对市属国有企业文件材料归档范围和保管期限表的审查",
                "对执行档案法等有关管理规定的检查",
                "携带档案出境的审批"
            ]
        );
        let errors: Vec<String> = parsed.report.errors().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("权责清单.csv:6:权力类型: error: “行政许可”"), "{errors:?}");
    }

    #[test]
    fn utf16_csv_with_english_headers() {
        let text = "code,name,power_type,scope,penalty_text\nA1,甲,行政检查,观湖街道办事处;民治街道办事处,处五十元以下罚款\n";
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let parsed = parse("list.csv", &bytes);
        assert_eq!(parsed.report.encoding.as_deref(), Some("UTF-16LE (BOM)"));
        let item = &parsed.items[0];
        assert_eq!(
            (item.code.as_str(), item.power_type),
            ("A1", zhifa_core::domain::catalog::PowerType::Inspection)
        );
        assert_eq!(item.scope.len(), 2);
        assert_eq!((item.fine_min, item.fine_max), (Some(0), Some(50)));
        assert_eq!(parsed.report.derived_codes, 0);
        assert!(parsed.report.problems.is_empty(), "{:?}", parsed.report.problems);
    }

    #[test]
    fn a_table_without_a_name_column_is_fatal() {
        let err = read_catalog_bytes("x.csv", "事项编码,备注\n1,2\n".as_bytes()).map(|_| ());
        assert!(matches!(err, Err(ImportError::NoHeader { .. })), "{err:?}");
    }
}
