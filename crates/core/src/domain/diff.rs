//! The difference between two catalog versions, keyed by item code (新增 / 调整 / 取消).
//!
//! Used by `catalog import --dry-run` before anything is written, by `catalog diff`, and later
//! by the TUI's versions screen. Pure: two item lists in, a report out.

use super::catalog::CatalogItem;
use crate::i18n::Lang;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedItem {
    pub code: String,
    pub name: String,
    /// Canonical field names (`name`, `basis`, `fine_max` …) whose value differs.
    pub fields: Vec<&'static str>,
    /// Each changed field's value before and after, as text (in `fields`' order).
    pub values: Vec<FieldChange>,
    /// Teams in the old or the new scope.
    pub teams: Vec<String>,
}

/// One field's value in the old and the new version, as text a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRef {
    pub code: String,
    pub name: String,
    pub teams: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CatalogDiff {
    pub added: Vec<ItemRef>,
    pub changed: Vec<ChangedItem>,
    pub removed: Vec<ItemRef>,
    pub unchanged: usize,
    /// Every team touched by any added, changed or removed item, sorted.
    pub teams_affected: Vec<String>,
}

impl CatalogDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Diff `old` → `new`. Items are matched by code; output is sorted by code.
pub fn diff_catalogs(old: &[CatalogItem], new: &[CatalogItem]) -> CatalogDiff {
    let old_by_code: BTreeMap<&str, &CatalogItem> =
        old.iter().map(|i| (i.code.as_str(), i)).collect();
    let new_by_code: BTreeMap<&str, &CatalogItem> =
        new.iter().map(|i| (i.code.as_str(), i)).collect();
    let mut diff = CatalogDiff::default();
    let mut teams = BTreeSet::new();
    for (code, item) in &new_by_code {
        match old_by_code.get(code) {
            None => {
                teams.extend(item.scope.iter().cloned());
                diff.added.push(item_ref(item));
            }
            Some(before) => {
                let fields = changed_fields(before, item);
                if fields.is_empty() {
                    diff.unchanged += 1;
                } else {
                    let item_teams = union(&before.scope, &item.scope);
                    teams.extend(item_teams.iter().cloned());
                    let values =
                        fields.iter().map(|&field| field_change(before, item, field)).collect();
                    diff.changed.push(ChangedItem {
                        code: item.code.clone(),
                        name: item.name.clone(),
                        fields,
                        values,
                        teams: item_teams,
                    });
                }
            }
        }
    }
    for (code, item) in &old_by_code {
        if !new_by_code.contains_key(code) {
            teams.extend(item.scope.iter().cloned());
            diff.removed.push(item_ref(item));
        }
    }
    diff.teams_affected = teams.into_iter().collect();
    diff
}

/// An item as the diff lists it; its teams in the same (sorted) order as a changed item's
/// union of teams, so `+`, `~` and `-` lines read alike.
fn item_ref(item: &CatalogItem) -> ItemRef {
    ItemRef { code: item.code.clone(), name: item.name.clone(), teams: union(&item.scope, &[]) }
}

fn union(a: &[String], b: &[String]) -> Vec<String> {
    let set: BTreeSet<&String> = a.iter().chain(b.iter()).collect();
    set.into_iter().cloned().collect()
}

/// Names of the canonical fields that differ between two versions of one item.
pub fn changed_fields(a: &CatalogItem, b: &CatalogItem) -> Vec<&'static str> {
    let checks: [(&'static str, bool); 14] = [
        ("name", a.name != b.name),
        ("power_type", a.power_type != b.power_type),
        ("domain", a.domain != b.domain),
        ("department", a.department != b.department),
        ("transfer_mode", a.transfer_mode != b.transfer_mode),
        ("scope", a.scope != b.scope),
        ("basis", a.basis != b.basis),
        ("penalty_text", a.penalty_text != b.penalty_text),
        ("fine_min", a.fine_min != b.fine_min),
        ("fine_max", a.fine_max != b.fine_max),
        ("party_fines", a.party_fines != b.party_fines),
        ("tiers", a.tiers != b.tiers),
        ("remarks", a.remarks != b.remarks),
        ("code", a.code != b.code),
    ];
    checks.into_iter().filter(|(_, differs)| *differs).map(|(name, _)| name).collect()
}

/// `field`'s values in `old` and `new`; of the discretion tiers, the first that differs (a list of
/// tiers is long, the change is in one of them).
fn field_change(old: &CatalogItem, new: &CatalogItem, field: &'static str) -> FieldChange {
    if field == "tiers" {
        let at = (0..old.tiers.len().max(new.tiers.len()))
            .find(|&i| old.tiers.get(i) != new.tiers.get(i))
            .unwrap_or(0);
        let tier = |item: &CatalogItem| item.tiers.get(at).map_or("—".to_string(), tier_text);
        return FieldChange { field, old: tier(old), new: tier(new) };
    }
    FieldChange { field, old: field_text(old, field), new: field_text(new, field) }
}

fn tier_text(t: &crate::domain::catalog::DiscretionTier) -> String {
    let mut text = t.name.clone();
    for part in [&t.conditions, &t.penalty_text] {
        if !part.is_empty() {
            text.push_str(&format!("：{part}"));
        }
    }
    text
}

/// A field's value as text: lists joined, amounts in yuan, the basis as its citations (or its
/// text), fines by party and discretion tiers spelled out; an empty value as “—”.
pub fn field_text(item: &CatalogItem, field: &str) -> String {
    let yuan = |v: Option<i64>| v.map_or_else(String::new, |v| format!("{v} 元"));
    let text = match field {
        "name" => item.name.clone(),
        "power_type" => item.power_type.label_zh().to_string(),
        "domain" => item.domain.clone(),
        "department" => item.department.clone(),
        "transfer_mode" => item.transfer_mode.clone(),
        "scope" => item.scope.join("、"),
        "basis" => {
            let cited: Vec<String> = item
                .basis
                .violated
                .iter()
                .chain(item.basis.penalty.iter())
                .map(|p| p.citation())
                .collect();
            if cited.is_empty() {
                item.basis.text.clone()
            } else {
                cited.join("；")
            }
        }
        "penalty_text" => item.penalty_text.clone(),
        "fine_min" => yuan(item.fine_min),
        "fine_max" => yuan(item.fine_max),
        "party_fines" => item
            .party_fines
            .iter()
            .map(|f| {
                let party = match f.party {
                    crate::domain::catalog::PartyKind::Individual => "个人",
                    crate::domain::catalog::PartyKind::Organisation => "单位",
                };
                format!("{party} {}–{} 元", f.min, f.max)
            })
            .collect::<Vec<_>>()
            .join("；"),
        "tiers" => item.tiers.iter().map(tier_text).collect::<Vec<_>>().join("；"),
        "remarks" => item.remarks.clone(),
        "code" => item.code.clone(),
        _ => String::new(),
    };
    if text.is_empty() {
        "—".to_string()
    } else {
        text
    }
}

/// The name, in the reader's language, of a canonical item field as the catalog's own columns
/// call it in Chinese (the canonical key in English).
pub fn field_label(field: &str, lang: Lang) -> &str {
    let zh = match field {
        "name" => "事项名称",
        "power_type" => "职权类型",
        "domain" => "执法领域",
        "department" => "原实施部门",
        "transfer_mode" => "划转方式",
        "scope" => "实施范围",
        "basis" => "法律依据",
        "penalty_text" => "处罚种类及幅度",
        "fine_min" => "罚款下限",
        "fine_max" => "罚款上限",
        "party_fines" => "个人/单位罚款",
        "tiers" => "裁量基准",
        "remarks" => "备注",
        "code" => "事项编码",
        other => other,
    };
    lang.pick(zh, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str, name: &str, scope: &[&str]) -> CatalogItem {
        CatalogItem {
            code: code.into(),
            name: name.into(),
            scope: scope.iter().map(|s| s.to_string()).collect(),
            ..CatalogItem::default()
        }
    }

    #[test]
    fn teams_read_in_one_order_on_every_kind_of_line() {
        let old = vec![item("A", "甲", &["观湖", "民治"])];
        let new = vec![item("A", "甲改", &["观湖", "民治"]), item("B", "乙", &["观湖", "民治"])];
        let d = diff_catalogs(&old, &new);
        assert_eq!(d.added[0].teams, d.changed[0].teams, "{d:?}");
        let mut sorted = d.added[0].teams.clone();
        sorted.sort();
        assert_eq!(d.added[0].teams, sorted);
    }

    #[test]
    fn diff_reports_added_changed_removed_with_teams() {
        let old =
            vec![item("A", "甲", &["观湖"]), item("B", "乙", &["民治"]), item("C", "丙", &[])];
        let mut b2 = item("B", "乙", &["龙华"]);
        b2.fine_max = Some(200);
        let new = vec![item("A", "甲", &["观湖"]), b2, item("D", "丁", &["大浪"])];
        let d = diff_catalogs(&old, &new);
        assert_eq!(d.added.iter().map(|i| i.code.as_str()).collect::<Vec<_>>(), ["D"]);
        assert_eq!(d.removed.iter().map(|i| i.code.as_str()).collect::<Vec<_>>(), ["C"]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].fields, vec!["scope", "fine_max"]);
        let values: Vec<(&str, &str, &str)> =
            d.changed[0].values.iter().map(|v| (v.field, v.old.as_str(), v.new.as_str())).collect();
        assert_eq!(values, [("scope", "民治", "龙华"), ("fine_max", "—", "200 元")]);
        assert_eq!(d.changed[0].teams, vec!["民治".to_string(), "龙华".to_string()]);
        assert_eq!(d.unchanged, 1);
        assert_eq!(d.teams_affected, vec!["大浪", "民治", "龙华"]);
    }

    #[test]
    fn identical_catalogs_have_an_empty_diff() {
        let items = vec![item("A", "甲", &["观湖"])];
        assert!(diff_catalogs(&items, &items).is_empty());
    }
}
