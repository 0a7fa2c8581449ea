//! Catalog JSON (`read_catalog_bytes` on .json): generated canonical items (any text: quotes,
//! backslashes, control characters, emoji) round-trip exactly through the envelope, a bare array
//! and an `items` object; a value of the wrong type or a cut file is refused at its line; arrays
//! of flat objects keyed by published names read as a table; any JSON never panics.

use crate::catalog_csv::check_writable;
use crate::gen::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use zhifa::catalog::format::{CatalogFile, VersionMeta};
use zhifa::catalog::import::{read_catalog_bytes, ImportError, ParsedCatalog, SourceFormat};
use zhifa::domain::catalog::{
    CatalogItem, DiscretionTier, LegalBasis, PartyFine, PartyKind, PowerType, Provision,
};

/// Any text, control characters and JSON's special characters included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => "\\PC{0,10}", 1 => "[\\x00-\\x1F\"\\\\/\u{2028}😀]{0,4}"]
}

fn range() -> impl Strategy<Value = (i64, i64)> {
    (0_i64..10_000_000, 0_i64..10_000_000).prop_map(|(a, b)| (a.min(b), a.max(b)))
}

fn provision() -> impl Strategy<Value = Provision> {
    (
        text(),
        prop::option::of(1_u32..500),
        prop::option::of(1_u32..10),
        prop::option::of(1_u32..20),
        text(),
    )
        .prop_map(|(law, article, paragraph, item, text)| Provision {
            law,
            article,
            paragraph,
            item,
            text,
        })
}

fn tier() -> impl Strategy<Value = DiscretionTier> {
    (text(), text(), text(), prop::option::of(range())).prop_map(
        |(name, conditions, penalty_text, fine)| DiscretionTier {
            name,
            conditions,
            penalty_text,
            fine_min: fine.map(|f| f.0),
            fine_max: fine.map(|f| f.1),
        },
    )
}

/// An item any export could hold: every field filled with any text, ranges that hold.
fn item() -> impl Strategy<Value = CatalogItem> {
    let words = (text(), text(), text(), text(), text(), text());
    let lists = (
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(provision(), 0..3),
        prop::collection::vec(provision(), 0..2),
        prop::collection::vec(tier(), 0..3),
        prop::collection::vec((any::<bool>(), range()), 0..3),
    );
    let kind = prop::sample::select(PowerType::ALL.to_vec());
    ("[^\\s]\\PC{0,8}", words, lists, kind, prop::option::of(range())).prop_map(
        |(
            name,
            (domain, department, transfer_mode, basis_text, penalty_text, remarks),
            (scope, violated, penalty, tiers, parties),
            power_type,
            fine,
        )| {
            CatalogItem {
                code: String::new(),
                name,
                power_type,
                domain,
                department,
                transfer_mode,
                scope,
                basis: LegalBasis { violated, penalty, text: basis_text },
                penalty_text,
                fine_min: fine.map(|f| f.0),
                fine_max: fine.map(|f| f.1),
                party_fines: parties
                    .into_iter()
                    .map(|(organisation, (min, max))| PartyFine {
                        party: if organisation {
                            PartyKind::Organisation
                        } else {
                            PartyKind::Individual
                        },
                        min,
                        max,
                    })
                    .collect(),
                tiers,
                remarks,
            }
        },
    )
}

/// Items under distinct codes (any text, made distinct by a numbered suffix).
fn items() -> impl Strategy<Value = Vec<CatalogItem>> {
    prop::collection::vec(("[^\\s]\\PC{0,8}", item()), 1..6).prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(|(i, (code, item))| CatalogItem { code: format!("{code}#{i}"), ..item })
            .collect()
    })
}

fn meta() -> impl Strategy<Value = Option<VersionMeta>> {
    prop::option::of((text(), text(), prop::option::of(0_i64..40_000)).prop_map(
        |(label, doc_no, day)| VersionMeta {
            label,
            doc_no,
            effective:
                day.and_then(|d| chrono::NaiveDate::from_num_days_from_ce_opt(730_000 + d as i32)),
        },
    ))
}

/// The three canonical shapes: envelope, bare array, `{"items": [...]}`.
fn canonical_text(
    items: &[CatalogItem],
    meta: &Option<VersionMeta>,
    shape: u8,
) -> Result<String, TestCaseError> {
    let written = match shape % 3 {
        0 => CatalogFile::new(meta.clone(), items.to_vec()).to_json(),
        1 => serde_json::to_string(items),
        _ => serde_json::to_string_pretty(&json!({ "items": items })),
    };
    written.map_err(|e| TestCaseError::fail(e.to_string()))
}

fn read(file: &str, text: &str) -> Result<ParsedCatalog, TestCaseError> {
    read_catalog_bytes(file, text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))
}

/// A value of the wrong kind, marked so its line can be found: (field, value).
fn wrong_value() -> impl Strategy<Value = (&'static str, Value)> {
    prop::sample::select(vec![
        ("fine_min", json!("§wrong§")),
        ("power_type", json!("行政许可§wrong§")),
        ("name", json!(["§wrong§"])),
        ("scope", json!({ "§wrong§": 1 })),
        ("code", json!(-98_765_432_101_i64)),
        ("tiers", json!("§wrong§")),
    ])
}

proptest! {
    #![proptest_config(config(1500))]

    /// Canonical items round-trip exactly in every shape, with the version's metadata.
    #[test]
    fn canonical_items_round_trip_exactly(items in items(), meta in meta(), shape in any::<u8>()) {
        let written = canonical_text(&items, &meta, shape)?;
        let parsed = read("export.json", &written)?;
        prop_assert_eq!(parsed.report.format, SourceFormat::CanonicalJson);
        let errors: Vec<String> = parsed.report.errors().map(ToString::to_string).collect();
        prop_assert!(errors.is_empty(), "{:?}", errors);
        prop_assert_eq!(&parsed.items, &items);
        if shape % 3 == 0 {
            prop_assert_eq!(parsed.meta, meta);
        }
    }

    /// A value of the wrong type in any item is refused at its line.
    #[test]
    fn a_wrong_value_is_refused_at_its_line(
        items in items(), pick in any::<prop::sample::Index>(), (field, wrong) in wrong_value(), shape in any::<u8>(),
    ) {
        let mut value = serde_json::to_value(CatalogFile::new(None, items.clone())).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let k = pick.index(items.len());
        value["items"][k][field] = wrong;
        let body = if shape % 2 == 0 { value } else { value["items"].take() };
        let written = serde_json::to_string_pretty(&body).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // The error is where the value starts: the key's line (a wrong array or object opens
        // there, its marker is on the next).
        let marker = if field == "code" { "-98765432101" } else { "§wrong§" };
        let lines: Vec<&str> = written.lines().collect();
        let marked = lines.iter().position(|l| l.contains(marker)).unwrap_or(0);
        let key = format!("\"{field}\":");
        let line = (0..=marked).rev().find(|i| lines[*i].contains(&key)).map_or(0, |i| i + 1);
        match read_catalog_bytes("bad.json", written.as_bytes()) {
            Err(ImportError::Json { file, line: at, .. }) => {
                prop_assert_eq!(file, "bad.json");
                prop_assert_eq!(at, line, "{}", written);
            }
            other => prop_assert!(false, "not refused at line {}: {:?}", line, other.map(|p| p.report)),
        }
    }

    /// A canonical file cut anywhere short of its end is refused as invalid JSON, naming the
    /// file, a line and a column.
    #[test]
    fn a_cut_file_is_refused_naming_line_and_column(items in items(), shape in any::<u8>(), at in any::<prop::sample::Index>()) {
        let written = canonical_text(&items, &None, shape)?;
        let end = written.trim_end().len();
        let mut cut = at.index(end);
        while !written.is_char_boundary(cut) {
            cut -= 1;
        }
        match read_catalog_bytes("cut.json", &written.as_bytes()[..cut]) {
            Err(e @ ImportError::Json { .. }) => prop_assert!(e.to_string().starts_with("cut.json:"), "{}", e),
            other => prop_assert!(false, "cut at {} of {}: {:?}", cut, end, other.map(|p| p.items.len())),
        }
    }
}

/// One flat object as open-data portals publish catalogs: published key names, codes as text or
/// numbers, the scope as an array, nulls.
fn flat_object(
    index: usize,
    row: &ItemRow,
    scope: &[String],
    numeric_code: bool,
    english: bool,
) -> Value {
    let code = match row.code.parse::<u64>() {
        Ok(n) if numeric_code && n < 1_000_000_000_000 && !row.code.starts_with('0') => json!(n),
        _ => json!(row.code),
    };
    let (name_key, code_key) =
        if english { ("item_name", "item_code") } else { ("事项名称", "事项编码") };
    json!({
        name_key: row.name,
        code_key: code,
        "power_type": row.power_label,
        "penalty_text": row.penalty_text,
        "implementation_scope": scope,
        "remark": null,
        "seq_no": index + 1,
    })
}

proptest! {
    #![proptest_config(config(1500))]

    /// An array of flat objects reads as a table: one item per object, in order, with its code
    /// (a number read back as digits), name, power type, range and scope.
    #[test]
    fn flat_objects_read_as_a_table(
        rows in item_rows(1..15),
        scope in prop::collection::btree_set("[\u{4E00}-\u{9FA5}]{2,8}街道", 0..4),
        numeric in any::<bool>(), english in any::<bool>(),
    ) {
        let scope: Vec<String> = scope.into_iter().collect();
        let objects: Vec<Value> = rows.iter().enumerate().map(|(i, r)| flat_object(i, r, &scope, numeric, english)).collect();
        let written = serde_json::to_string(&objects).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let parsed = read("open-data.json", &written)?;
        prop_assert_eq!(parsed.report.format, SourceFormat::JsonTable);
        let errors: Vec<String> = parsed.report.errors().map(ToString::to_string).collect();
        prop_assert!(errors.is_empty(), "{:?}", errors);
        prop_assert_eq!(parsed.items.len(), rows.len());
        for (got, want) in parsed.items.iter().zip(&rows) {
            prop_assert_eq!(
                (&got.code, &got.name, got.power_type, got.fine_min.zip(got.fine_max), &got.scope),
                (&want.code, &want.name, want.power, want.fine, &scope)
            );
        }
    }
}

/// Any JSON value, nested a little.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::from),
        prop::sample::select(vec!["code", "name", "行政处罚", "处五千元罚款", "zhifa-catalog"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        let key = prop_oneof![
            prop::sample::select(vec![
                "format",
                "format_version",
                "items",
                "code",
                "name",
                "power_type",
                "fine_min",
                "tiers",
                "事项名称",
                "item_name",
                "scope",
                "version",
            ])
            .prop_map(str::to_string),
            text(),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(config(2000))]

    /// Any JSON: items with a report (without errors only writable items), or a refusal that
    /// names the file; never a panic.
    #[test]
    fn any_json_reads_or_is_refused_naming_the_file(value in any_json()) {
        let written = value.to_string();
        match read_catalog_bytes("任意.json", written.as_bytes()) {
            Ok(parsed) => check_writable("任意.json", &parsed, usize::MAX)?,
            Err(e) => prop_assert!(e.to_string().starts_with("任意.json:"), "{}", e),
        }
    }
}
