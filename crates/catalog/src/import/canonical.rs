//! JSON input: the canonical envelope (or a bare array of canonical items) is deserialised
//! directly, so `catalog export` → `catalog import` round-trips exactly; a JSON array of flat
//! objects keyed by published header names becomes a [`Grid`] and goes the table way.
//!
//! Syntax and type errors in canonical JSON are fatal and carry line and column; items are then
//! checked for duplicate codes and impossible ranges like any table, with row = array index + 1.
//! Nothing here alters a canonical item.

use super::table::{render_float, Cell, Grid, Row};
use super::validate::check_canonical;
use super::{ImportError, ImportReport, ParsedCatalog, SourceFormat};
use crate::format::{CatalogFile, FORMAT_NAME, FORMAT_VERSION};
use serde::Deserialize;
use serde_json::{Map, Value};
use zhifa_core::domain::catalog::CatalogItem;

/// What a JSON file turned out to be.
#[derive(Debug)]
pub enum JsonContent {
    Canonical(Box<ParsedCatalog>),
    Table(Grid),
}

/// Field names of [`CatalogItem`]; an object using only these (and naming code, name and
/// power_type) is a canonical item.
const CANONICAL_KEYS: &[&str] = &[
    "code",
    "name",
    "power_type",
    "domain",
    "department",
    "transfer_mode",
    "scope",
    "basis",
    "penalty_text",
    "fine_min",
    "fine_max",
    "party_fines",
    "tiers",
    "remarks",
];

#[derive(Deserialize)]
struct ItemsOnly {
    items: Vec<CatalogItem>,
}

pub fn read_json(file: &str, text: &str) -> Result<JsonContent, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    match &value {
        Value::Object(object) if object.contains_key("format") => read_envelope(file, text, object),
        Value::Object(object) => match object.get("items") {
            Some(Value::Array(items)) if is_canonical(items) => {
                let parsed: ItemsOnly =
                    serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
                Ok(JsonContent::Canonical(Box::new(canonical(file, parsed.items, None))))
            }
            Some(Value::Array(items)) => table(file, items),
            _ => Err(shape_error(file, "an object without an \"items\" array")),
        },
        Value::Array(items) if is_canonical(items) => {
            let items: Vec<CatalogItem> =
                serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
            Ok(JsonContent::Canonical(Box::new(canonical(file, items, None))))
        }
        Value::Array(items) => table(file, items),
        _ => Err(shape_error(file, "neither an array nor an object")),
    }
}

fn read_envelope(
    file: &str,
    text: &str,
    object: &Map<String, Value>,
) -> Result<JsonContent, ImportError> {
    let format = object.get("format").and_then(Value::as_str).unwrap_or_default();
    if format != FORMAT_NAME {
        return Err(shape_error(
            file,
            &format!("\"format\" is \"{format}\", expected \"{FORMAT_NAME}\""),
        ));
    }
    let version = object.get("format_version").and_then(Value::as_u64).unwrap_or(0);
    if version > u64::from(FORMAT_VERSION) {
        return Err(shape_error(
            file,
            &format!("format_version {version} is newer than this zhifa reads ({FORMAT_VERSION}); update zhifa"),
        ));
    }
    let envelope: CatalogFile = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    Ok(JsonContent::Canonical(Box::new(canonical(file, envelope.items, envelope.version))))
}

fn canonical(
    file: &str,
    items: Vec<CatalogItem>,
    meta: Option<crate::format::VersionMeta>,
) -> ParsedCatalog {
    let mut report = ImportReport::new(file, SourceFormat::CanonicalJson);
    check_canonical(&items, &mut report);
    report.sort_problems();
    ParsedCatalog { items, meta, report }
}

fn is_canonical(items: &[Value]) -> bool {
    let Some(Value::Object(first)) = items.first() else {
        return false;
    };
    ["code", "name", "power_type"].iter().all(|k| first.contains_key(*k))
        && first.keys().all(|k| CANONICAL_KEYS.contains(&k.as_str()))
}

/// Flat objects → a grid: header row = every key used (serde_json keeps keys sorted, so column
/// order is alphabetical), data row numbers = array index + 1.
fn table(file: &str, items: &[Value]) -> Result<JsonContent, ImportError> {
    let mut keys: Vec<String> = Vec::new();
    for item in items {
        let Value::Object(object) = item else {
            return Err(shape_error(file, "an array whose elements are not all objects"));
        };
        for key in object.keys() {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    }
    let header = Row { number: 0, cells: keys.iter().map(|k| Cell::text(k)).collect() };
    let mut rows = vec![header];
    for (index, item) in items.iter().enumerate() {
        let cells =
            keys.iter().map(|k| item.get(k).map(cell_from_value).unwrap_or_default()).collect();
        rows.push(Row { number: index + 1, cells });
    }
    Ok(JsonContent::Table(Grid { rows }))
}

fn cell_from_value(value: &Value) -> Cell {
    match value {
        Value::Null => Cell::default(),
        Value::String(s) => Cell::text(s),
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or_default();
            let text = if n.is_f64() { render_float(f) } else { n.to_string() };
            Cell { text, number: Some(f), merged: false }
        }
        Value::Bool(b) => Cell::text(&b.to_string()),
        // Arrays are lists (实施范围 as one string per street); joined the way a cell would list them.
        Value::Array(values) => {
            let parts: Vec<String> =
                values.iter().map(|v| cell_from_value(v).text).filter(|t| !t.is_empty()).collect();
            Cell::text(&parts.join("、"))
        }
        Value::Object(_) => Cell::text(&value.to_string()),
    }
}

fn json_error(file: &str, error: &serde_json::Error) -> ImportError {
    ImportError::Json {
        file: file.to_string(),
        line: error.line(),
        column: error.column(),
        reason: error.to_string(),
    }
}

fn shape_error(file: &str, what: &str) -> ImportError {
    ImportError::Json {
        file: file.to_string(),
        line: 1,
        column: 1,
        reason: format!("{what}; expected a zhifa-catalog envelope, an array of items, or an array of flat objects"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::VersionMeta;
    use zhifa_core::domain::catalog::{
        DiscretionTier, LegalBasis, PartyFine, PartyKind, PowerType, Provision,
    };

    fn sample() -> CatalogFile {
        let item = CatalogItem {
            code: "330275012000".into(),
            name: "对擅自占用城市道路的行政处罚".into(),
            power_type: PowerType::Penalty,
            domain: "市政公用".into(),
            department: "住建局".into(),
            transfer_mode: "划转".into(),
            scope: vec!["观湖街道办事处".into()],
            basis: LegalBasis {
                violated: vec![Provision {
                    law: "城市道路管理条例".into(),
                    article: Some(27),
                    ..Default::default()
                }],
                penalty: vec![],
                text: "其他".into(),
            },
            penalty_text: "处二千元以上二万元以下罚款".into(),
            fine_min: Some(2000),
            fine_max: Some(20000),
            party_fines: vec![PartyFine { party: PartyKind::Individual, min: 50, max: 50 }],
            tiers: vec![DiscretionTier {
                name: "一般".into(),
                fine_min: Some(5000),
                fine_max: Some(5000),
                ..Default::default()
            }],
            remarks: "备注".into(),
        };
        CatalogFile::new(
            Some(VersionMeta { label: "2026年版".into(), ..Default::default() }),
            vec![item],
        )
    }

    fn canonical_of(text: &str) -> ParsedCatalog {
        match read_json("c.json", text) {
            Ok(JsonContent::Canonical(parsed)) => *parsed,
            other => panic!("not canonical: {other:?}"),
        }
    }

    #[test]
    fn envelope_round_trips_exactly() {
        let file = sample();
        let json = file.to_json().unwrap_or_default();
        let parsed = canonical_of(&json);
        assert_eq!(parsed.items, file.items);
        assert_eq!(parsed.meta, file.version);
        assert!(parsed.report.problems.is_empty(), "{:?}", parsed.report.problems);
        let bare = serde_json::to_string(&file.items).unwrap_or_default();
        assert_eq!(canonical_of(&bare).items, file.items);
    }

    #[test]
    fn type_errors_carry_line_and_column() {
        let json = "{\"format\":\"zhifa-catalog\",\"format_version\":1,\n\"items\":[{\"code\":\"a\",\"name\":\"b\",\"power_type\":\"行政许可\"}]}";
        match read_json("c.json", json) {
            Err(ImportError::Json { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_json("c.json", "[{\"code\": }]"),
            Err(ImportError::Json { line: 1, .. })
        ));
    }

    #[test]
    fn duplicate_codes_in_canonical_json_are_errors() {
        let mut file = sample();
        file.items.push(file.items[0].clone());
        let parsed = canonical_of(&file.to_json().unwrap_or_default());
        let errors: Vec<String> = parsed.report.errors().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            vec!["c.json:2:code: error: duplicate code 330275012000: also on row 1"]
        );
    }

    #[test]
    fn flat_objects_become_a_table() {
        let json = r#"[{"item_name":"甲","implementation_scope":["观湖街道办事处","民治街道办事处"],"remark":null,"code":330275012000}]"#;
        let Ok(JsonContent::Table(grid)) = read_json("t.json", json) else { panic!("not a table") };
        let column = |key: &str| grid.rows[0].cells.iter().position(|c| c.text == key);
        let (Some(scope), Some(code)) = (column("implementation_scope"), column("code")) else {
            panic!("columns missing: {:?}", grid.rows[0])
        };
        assert_eq!(grid.rows[1].number, 1);
        assert_eq!(grid.rows[1].cells[scope].text, "观湖街道办事处、民治街道办事处");
        assert_eq!(grid.rows[1].cells[code].number, Some(330275012000.0));
    }
}
