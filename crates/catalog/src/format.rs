//! The canonical JSON catalog file (`zhifa catalog export`).
//!
//! ```json
//! { "format": "zhifa-catalog", "format_version": 1,
//!   "version": { "label": "2026年上半年版", "doc_no": "…", "effective": "2026-01-01" },
//!   "items": [ { "code": "…", "name": "…", "power_type": "行政处罚", … } ] }
//! ```
//! Import also accepts a bare array of items. `version` is optional; when present it supplies the
//! defaults for `--label`, `--doc-no` and `--effective`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zhifa_core::domain::catalog::CatalogItem;

pub const FORMAT_NAME: &str = "zhifa-catalog";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VersionMeta {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogFile {
    pub format: String,
    pub format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<VersionMeta>,
    pub items: Vec<CatalogItem>,
}

impl CatalogFile {
    pub fn new(version: Option<VersionMeta>, items: Vec<CatalogItem>) -> CatalogFile {
        CatalogFile {
            format: FORMAT_NAME.to_string(),
            format_version: FORMAT_VERSION,
            version,
            items,
        }
    }

    /// Pretty JSON with a trailing newline, as written to disk.
    pub fn to_json(&self) -> serde_json::Result<String> {
        serde_json::to_string_pretty(self).map(|mut s| {
            s.push('\n');
            s
        })
    }
}
