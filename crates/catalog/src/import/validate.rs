//! Whole-item checks shared by table import and canonical JSON: duplicate codes, inverted
//! ranges, tiers outside the item's range.
//!
//! Checks only report; they never change an item. Which problems are errors follows one rule: an
//! error is something that would make the stored catalog wrong (two items under one code, a range
//! that cannot hold), a warning is something an admin should look at but which may be exactly
//! what was published (Shenzhen discretion #27 sets its lightest tier below the statutory
//! minimum).

use super::ImportReport;
use std::collections::HashMap;
use zhifa_core::domain::catalog::{CatalogItem, DiscretionTier, Yuan};

/// Where an item's code came from, for the duplicate message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSite {
    pub code: String,
    pub row: usize,
    pub derived: bool,
}

/// Reports every code used by more than one item, naming both rows.
pub fn check_duplicate_codes(sites: &[CodeSite], column: Option<&str>, report: &mut ImportReport) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for site in sites {
        if site.code.is_empty() {
            continue;
        }
        let Some(&earlier) = first.get(site.code.as_str()) else {
            first.insert(&site.code, site.row);
            continue;
        };
        if site.derived {
            report.error(
                Some(site.row),
                None,
                format!(
                    "same name and department as row {earlier} (derived code {}); remove the duplicate row",
                    site.code
                ),
            );
        } else {
            report.error(
                Some(site.row),
                column,
                format!("duplicate code {}: also on row {earlier}", site.code),
            );
        }
    }
}

/// Inverted ranges on the item, its parties and its tiers are errors.
pub fn check_ranges(
    item: &CatalogItem,
    row: usize,
    column: Option<&str>,
    report: &mut ImportReport,
) {
    if let (Some(min), Some(max)) = (item.fine_min, item.fine_max) {
        if min > max {
            report.error(
                Some(row),
                column,
                format!("fine_min {min} is greater than fine_max {max}"),
            );
        }
    }
    if item.fine_min.is_some_and(|m| m < 0) || item.fine_max.is_some_and(|m| m < 0) {
        report.error(Some(row), column, "a fine cannot be negative".to_string());
    }
    for party in &item.party_fines {
        if party.min > party.max {
            report.error(
                Some(row),
                column,
                format!(
                    "{} fine {} is greater than {}",
                    party.party.label_zh(),
                    party.min,
                    party.max
                ),
            );
        }
    }
    for tier in &item.tiers {
        if let (Some(min), Some(max)) = (tier.fine_min, tier.fine_max) {
            if min > max {
                report.error(
                    Some(row),
                    column,
                    format!("tier “{}”: fine_min {min} is greater than fine_max {max}", tier.name),
                );
            }
        }
    }
}

/// The lowest minimum and highest maximum of the item's overall and party ranges.
pub fn item_envelope(item: &CatalogItem) -> Option<(Yuan, Yuan)> {
    let overall = item.fine_min.zip(item.fine_max);
    let parties = item.party_fines.iter().map(|p| (p.min, p.max));
    overall.into_iter().chain(parties).reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
}

/// A warning when the tier's range leaves `range` (the range its group or item states).
pub fn check_tier_in_range(
    tier: &DiscretionTier,
    range: Option<(Yuan, Yuan)>,
    row: usize,
    column: Option<&str>,
    report: &mut ImportReport,
) {
    let (Some((low, high)), Some(min), Some(max)) = (range, tier.fine_min, tier.fine_max) else {
        return;
    };
    if min < low || max > high {
        let amount = if min == max { format!("{min}") } else { format!("{min}–{max}") };
        report.warning(
            Some(row),
            column,
            format!(
                "tier “{}” fines {amount} yuan, outside the item's range {low}–{high}; check the published table",
                tier.name
            ),
        );
    }
}

/// Every check for items read from canonical JSON, where row = array index + 1.
pub fn check_canonical(items: &[CatalogItem], report: &mut ImportReport) {
    let mut sites = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let row = index + 1;
        if item.code.trim().is_empty() {
            report.error(Some(row), Some("code"), "code is empty".to_string());
        }
        if item.name.trim().is_empty() {
            report.error(Some(row), Some("name"), "name is empty".to_string());
        }
        check_ranges(item, row, None, report);
        for tier in &item.tiers {
            check_tier_in_range(tier, item_envelope(item), row, Some("tiers"), report);
        }
        sites.push(CodeSite { code: item.code.clone(), row, derived: false });
    }
    check_duplicate_codes(&sites, Some("code"), report);
}
