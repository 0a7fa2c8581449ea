//! Header rows and the alias map from published column names to item fields.
//!
//! Published catalogs put title rows and blank rows above the header, split headers over two
//! rows (法律依据 over 违法依据/处罚依据; 规范统一事项名称 over 主项名称/子项名称), and spell the same
//! column a dozen ways. This module finds the header row(s) and maps each column to a [`Field`];
//! it reads no data rows and judges no values.

use super::table::{fold_width, Grid, Row};
use super::RecognisedColumn;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How many rows from the top may hold titles and notes before the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// The item field a column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// 序号: recognised so it is not reported as unknown, but never stored (it changes between
    /// versions). It does mark where a new item starts in a tiered table.
    Sequence,
    Code,
    Name,
    NameMain,
    NameSub,
    PowerType,
    Domain,
    Department,
    TransferMode,
    Scope,
    /// 法规规章: the law the basis cells cite when they give only 第X条.
    BasisLaw,
    /// 设定依据/实施依据/法律依据: split, each provision classified as violated or penalty.
    Basis,
    BasisViolated,
    BasisPenalty,
    BasisText,
    PenaltyText,
    FineMin,
    FineMax,
    TierName,
    TierConditions,
    TierPenalty,
    /// 裁量序号: recognised, not stored.
    TierSequence,
    Remarks,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Sequence => "sequence",
            Field::Code => "code",
            Field::Name => "name",
            Field::NameMain => "name.main",
            Field::NameSub => "name.sub",
            Field::PowerType => "power_type",
            Field::Domain => "domain",
            Field::Department => "department",
            Field::TransferMode => "transfer_mode",
            Field::Scope => "scope",
            Field::BasisLaw => "basis.law",
            Field::Basis => "basis",
            Field::BasisViolated => "basis.violated",
            Field::BasisPenalty => "basis.penalty",
            Field::BasisText => "basis.text",
            Field::PenaltyText => "penalty_text",
            Field::FineMin => "fine_min",
            Field::FineMax => "fine_max",
            Field::TierName => "tiers.name",
            Field::TierConditions => "tiers.conditions",
            Field::TierPenalty => "tiers.penalty_text",
            Field::TierSequence => "tiers.sequence",
            Field::Remarks => "remarks",
        }
    }

    /// Fields whose cells start a new item in a tiered table when they are filled.
    pub fn identifies_item(self) -> bool {
        matches!(
            self,
            Field::Sequence | Field::Code | Field::Name | Field::NameMain | Field::NameSub
        )
    }

    pub fn is_tier(self) -> bool {
        matches!(
            self,
            Field::TierName | Field::TierConditions | Field::TierPenalty | Field::TierSequence
        )
    }
}

/// Published spellings, compared after [`header_key`]. One table, so the docs can copy it.
pub const ALIASES: &[(Field, &[&str])] = &[
    (Field::Sequence, &["序号", "no", "seq", "seq_no", "sequence", "index"]),
    (
        Field::Code,
        &[
            "事项编码",
            "编码",
            "权力编码",
            "事项代码",
            "职权编码",
            "权力代码",
            "基本编码",
            "code",
            "item_code",
        ],
    ),
    (
        Field::Name,
        &[
            "事项名称",
            "名称",
            "权力事项名称",
            "违法行为",
            "职权名称",
            "权力名称",
            "规范统一事项名称",
            "处罚事项",
            "name",
            "item_name",
            "description",
            "definition",
        ],
    ),
    (Field::NameMain, &["主项名称", "主项", "规范统一事项名称/主项名称"]),
    (Field::NameSub, &["子项名称", "子项", "规范统一事项名称/子项名称"]),
    (Field::PowerType, &["职权类型", "事项类型", "权力类型", "权力类别", "power_type"]),
    (Field::Domain, &["执法领域", "领域", "类别", "行业领域", "执法类别", "domain"]),
    (
        Field::Department,
        &[
            "实施主体",
            "原实施部门",
            "区级主管部门",
            "划出部门",
            "法定主体",
            "实施部门",
            "主管部门",
            "department",
            "related_district_authority",
            "authority",
        ],
    ),
    (Field::TransferMode, &["划转方式", "行使方式", "transfer_mode"]),
    (Field::Scope, &["实施范围", "划转范围", "scope", "implementation_scope"]),
    (Field::BasisLaw, &["法规规章", "法律法规名称", "法规名称", "law"]),
    (Field::Basis, &["设定依据", "实施依据", "法律依据", "依据", "basis"]),
    (Field::BasisViolated, &["违法依据", "管理依据", "basis.violated", "basis_violated"]),
    (Field::BasisPenalty, &["处罚依据", "法律责任", "basis.penalty", "basis_penalty"]),
    (Field::BasisText, &["basis.text", "basis_text"]),
    (
        Field::PenaltyText,
        &[
            "处罚种类及幅度",
            "处罚种类和幅度",
            "处罚种类及幅度列表",
            "处罚种类",
            "处罚幅度",
            "penalty_text",
            "penalty",
        ],
    ),
    (Field::FineMin, &["fine_min", "罚款下限"]),
    (Field::FineMax, &["fine_max", "罚款上限"]),
    (Field::TierName, &["裁量阶次", "裁量等级", "违法程度", "tier", "tier_name", "tiers.name"]),
    (
        Field::TierConditions,
        &["适用条件", "情形", "具体情形", "conditions", "tier_conditions", "tiers.conditions"],
    ),
    (
        Field::TierPenalty,
        &["处罚标准", "裁量基准", "裁量标准", "tier_penalty", "tiers.penalty_text"],
    ),
    (Field::TierSequence, &["裁量序号"]),
    (Field::Remarks, &["备注", "remark", "remarks", "note", "notes"]),
];

/// Header comparison key: no whitespace of any width (Excel headers carry line breaks and
/// full-width spaces), full-width ASCII folded, lower case, no trailing colon or required-star.
pub fn header_key(text: &str) -> String {
    fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != ':' && *c != '：')
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn lookup(text: &str) -> Option<Field> {
    let key = header_key(text);
    if key.is_empty() {
        return None;
    }
    alias_keys().get(&key).copied()
}

/// Every alias by its comparison key, built once. Header detection looks up every cell of the
/// top rows; normalising all 130 aliases for each of them was most of the time a small import
/// took. An alias listed under two fields keeps the first, as the table's order says.
fn alias_keys() -> &'static HashMap<String, Field> {
    static KEYS: OnceLock<HashMap<String, Field>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = HashMap::new();
        for (field, aliases) in ALIASES {
            for alias in *aliases {
                keys.entry(header_key(alias)).or_insert(*field);
            }
        }
        keys
    })
}

/// One column of the table as the header names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub index: usize,
    /// The header as published (`parent/child` for two-row headers).
    pub header: String,
    pub field: Option<Field>,
}

/// Where the header is and what each column means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Spreadsheet row numbers of the header row(s).
    pub header_rows: Vec<usize>,
    /// Index into `Grid::rows` of the first row after the header.
    pub data_start: usize,
    pub columns: Vec<Column>,
    /// Columns that repeat a field an earlier column already fills.
    pub duplicates: Vec<Column>,
}

impl Layout {
    pub fn column(&self, field: Field) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == Some(field))
    }

    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }

    pub fn recognised(&self) -> Vec<RecognisedColumn> {
        self.columns
            .iter()
            .filter_map(|c| {
                c.field.map(|f| RecognisedColumn { header: c.header.clone(), field: f.name() })
            })
            .collect()
    }

    pub fn ignored(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter(|c| c.field.is_none() && !c.header.is_empty())
            .chain(self.duplicates.iter())
            .map(|c| c.header.clone())
            .collect()
    }
}

/// Finds the header: the first row (of the top 30) naming at least two known columns, or one
/// when it is the row's only cell. A following row whose own (not merged) cells are mostly
/// known names is a second header row.
pub fn detect(grid: &Grid) -> Result<Layout, NoHeader> {
    let top = grid.rows.iter().take(HEADER_SEARCH_ROWS).enumerate();
    let found = top.clone().find(|(_, row)| looks_like_header(row));
    let Some((index, row)) = found else {
        return Err(no_header_reason(grid));
    };
    let sub = grid.rows.get(index + 1).filter(|next| looks_like_sub_header(next));
    let (columns, duplicates) = name_columns(row, sub);
    let mut header_rows = vec![row.number];
    header_rows.extend(sub.map(|s| s.number));
    let mut data_start = index + 1 + usize::from(sub.is_some());
    // Header cells merged down over more rows: rows holding nothing but those copies.
    while let Some(next) = grid.rows.get(data_start).filter(|r| only_merged(r)) {
        header_rows.push(next.number);
        data_start += 1;
    }
    Ok(Layout { header_rows, data_start, columns, duplicates })
}

fn only_merged(row: &Row) -> bool {
    row.cells.iter().any(|c| c.merged) && row.cells.iter().all(|c| c.is_blank() || c.merged)
}

fn looks_like_header(row: &Row) -> bool {
    let filled = row.cells.iter().filter(|c| !c.is_blank()).count();
    let known = row.cells.iter().filter(|c| lookup(&c.text).is_some()).count();
    known >= 2 || (known == 1 && filled == 1 && row.cells.iter().any(|c| is_name(&c.text)))
}

fn is_name(text: &str) -> bool {
    matches!(lookup(text), Some(Field::Name | Field::NameMain | Field::NameSub))
}

fn looks_like_sub_header(row: &Row) -> bool {
    let own: Vec<&str> =
        row.cells.iter().filter(|c| !c.merged && !c.is_blank()).map(|c| c.text.as_str()).collect();
    let known = own.iter().filter(|t| lookup(t).is_some()).count();
    known >= 1 && known * 2 > own.len()
}

/// Why no header was found: the file is not a catalog zhifa can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoHeader {
    /// None of the first `searched` rows (of `rows`) names two known columns.
    NoKnownColumns { searched: usize, rows: usize, examples: Vec<String> },
    /// A header, but no column naming the item.
    NoNameColumn,
}

impl NoHeader {
    pub fn message(&self, lang: zhifa_core::i18n::Lang) -> String {
        use zhifa_core::i18n::Lang;
        match (self, lang) {
            (NoHeader::NoKnownColumns { searched, rows, examples }, Lang::Zh) => format!(
                "前 {searched} 行中没有一行写出两个已知的列名（如 {}）；共读到 {rows} 行",
                lang.list(examples)
            ),
            (NoHeader::NoKnownColumns { searched, rows, examples }, Lang::En) => format!(
                "none of the first {searched} rows names two known columns (e.g. {}); {rows} rows \
                 read",
                lang.list(examples)
            ),
            (NoHeader::NoNameColumn, Lang::Zh) => {
                "没有事项名称列（事项名称、名称、违法行为、item_name ……）".to_string()
            }
            (NoHeader::NoNameColumn, Lang::En) => {
                "no name column (事项名称, 名称, 违法行为, item_name …)".to_string()
            }
        }
    }
}

impl std::fmt::Display for NoHeader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(zhifa_core::i18n::Lang::En))
    }
}

fn no_header_reason(grid: &Grid) -> NoHeader {
    NoHeader::NoKnownColumns {
        searched: HEADER_SEARCH_ROWS.min(grid.rows.len()),
        rows: grid.rows.len(),
        examples: ALIASES.iter().take(4).map(|(_, a)| a[0].to_string()).collect(),
    }
}

fn name_columns(header: &Row, sub: Option<&Row>) -> (Vec<Column>, Vec<Column>) {
    let width = header.cells.len().max(sub.map_or(0, |s| s.cells.len()));
    let parents = spread_parents(header, sub, width);
    let mut columns: Vec<Column> = Vec::new();
    let mut duplicates = Vec::new();
    for (index, parent) in parents.iter().enumerate() {
        let child = sub
            .and_then(|s| s.cell(index))
            .filter(|c| !c.merged)
            .map(|c| c.text.clone())
            .unwrap_or_default();
        let column = name_column(index, parent, &child);
        let repeats = column.field.is_some() && columns.iter().any(|c| c.field == column.field);
        if repeats {
            duplicates.push(Column { field: None, ..column });
        } else {
            columns.push(column);
        }
    }
    (columns, duplicates)
}

/// In CSV a parent spanning several children is written once; carry it right over the blank
/// cells that have a child below them.
fn spread_parents(header: &Row, sub: Option<&Row>, width: usize) -> Vec<String> {
    let mut parents = Vec::with_capacity(width);
    let mut last = String::new();
    for index in 0..width {
        let own = header.cell(index).map(|c| c.text.clone()).unwrap_or_default();
        let has_child = sub.and_then(|s| s.cell(index)).is_some_and(|c| !c.is_blank() && !c.merged);
        if !own.is_empty() {
            last = own.clone();
            parents.push(own);
        } else if has_child {
            parents.push(last.clone());
        } else {
            last.clear();
            parents.push(String::new());
        }
    }
    parents
}

fn name_column(index: usize, parent: &str, child: &str) -> Column {
    let (header, field) = match (parent.is_empty(), child.is_empty()) {
        (_, true) => (parent.to_string(), lookup(parent)),
        (true, false) => (child.to_string(), lookup(child)),
        (false, false) if parent == child => (child.to_string(), lookup(child)),
        (false, false) => {
            let joined = format!("{parent}/{child}");
            let field = lookup(child).or_else(|| lookup(&joined)).or_else(|| lookup(parent));
            (joined, field)
        }
    };
    Column { index, header: header.replace('\n', ""), field }
}

#[cfg(test)]
mod tests {
    use super::super::table::{grid_from_csv, Cell};
    use super::*;

    fn layout(csv: &str) -> Layout {
        let grid = grid_from_csv(csv).unwrap_or_default();
        detect(&grid).unwrap_or_else(|e| panic!("{e}"))
    }

    fn fields(layout: &Layout) -> Vec<(String, Option<&'static str>)> {
        layout.columns.iter().map(|c| (c.header.clone(), c.field.map(Field::name))).collect()
    }

    #[test]
    fn aliases_ignore_spacing_and_width() {
        assert_eq!(lookup("事项\n名称"), Some(Field::Name));
        assert_eq!(lookup(" 事项\u{3000}编码 "), Some(Field::Code));
        assert_eq!(lookup("Item_Name"), Some(Field::Name));
        assert_eq!(lookup("*备注："), Some(Field::Remarks));
        assert_eq!(lookup("具体职责边界"), None);
    }

    #[test]
    fn title_and_blank_rows_above_the_header_are_skipped() {
        let l = layout(
            "深圳市龙华区街道承接区政府部门行政处罚事项目录,,\n,,\n序号,事项名称,备注\n1,甲,\n",
        );
        assert_eq!(l.header_rows, vec![3]);
        assert_eq!(l.data_start, 3);
        assert_eq!(
            fields(&l),
            vec![
                ("序号".into(), Some("sequence")),
                ("事项名称".into(), Some("name")),
                ("备注".into(), Some("remarks"))
            ]
        );
    }

    #[test]
    fn two_row_header_with_a_spanning_parent() {
        let l = layout("序号,事项名称,法律依据,,备注\n,,违法依据,处罚依据,\n1,甲,a,b,\n");
        assert_eq!(l.header_rows, vec![1, 2]);
        assert_eq!(l.data_start, 2);
        let f = fields(&l);
        assert_eq!(f[2], ("法律依据/违法依据".into(), Some("basis.violated")));
        assert_eq!(f[3], ("法律依据/处罚依据".into(), Some("basis.penalty")));
        assert_eq!(f[4], ("备注".into(), Some("remarks")));
    }

    #[test]
    fn main_and_sub_item_names() {
        let l = layout("序号,规范统一事项名称,,权力类型\n,主项名称,子项名称,\n1,甲,乙,行政处罚\n");
        let f = fields(&l);
        assert_eq!(f[1].1, Some("name.main"));
        assert_eq!(f[2].1, Some("name.sub"));
        assert_eq!(f[3].1, Some("power_type"));
    }

    #[test]
    fn unknown_and_repeated_columns_are_reported_as_ignored() {
        let l = layout("名称,具体职责边界,事项名称\n甲,乙,丙\n");
        assert_eq!(l.ignored(), vec!["具体职责边界".to_string(), "事项名称".to_string()]);
    }

    #[test]
    fn a_merged_header_cell_in_the_second_row_is_not_a_sub_header() {
        let merged = Cell { text: "序号".into(), number: None, merged: true };
        let row = Row { number: 2, cells: vec![merged, Cell::text("对某行为的处罚")] };
        assert!(!looks_like_sub_header(&row));
    }

    #[test]
    fn rows_of_merged_header_copies_belong_to_the_header() {
        let copy = |t: &str| Cell { text: t.into(), number: None, merged: true };
        let grid = Grid {
            rows: vec![
                Row { number: 1, cells: vec![Cell::text("序号"), Cell::text("事项名称")] },
                Row { number: 2, cells: vec![copy("序号"), copy("事项名称")] },
                Row { number: 3, cells: vec![Cell::text("1"), Cell::text("甲")] },
            ],
        };
        let layout = detect(&grid).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((layout.header_rows, layout.data_start), (vec![1, 2], 2));
    }

    #[test]
    fn no_header_is_an_error() {
        let grid = grid_from_csv("甲,乙\n丙,丁\n").unwrap_or_default();
        assert!(detect(&grid).is_err());
    }
}
