//! Test fixtures: the demo catalog as app states, without a database.

use super::app::{App, LoadedCatalog};
use crate::catalog::search::{SearchDoc, SearchIndex};
use crate::domain::catalog::CatalogItem;
use crate::domain::version::{CatalogVersion, VersionId, VersionStatus};
use crate::i18n::Lang;
use chrono::{DateTime, NaiveDate};

pub fn demo_items(index: usize) -> Vec<CatalogItem> {
    crate::demo::demo_catalog(index).expect("demo catalog").items
}

pub fn demo_version(index: usize) -> CatalogVersion {
    let file = crate::demo::demo_catalog(index).expect("demo catalog");
    let meta = file.version.unwrap_or_default();
    CatalogVersion {
        id: VersionId(index as i64 + 1),
        label: meta.label,
        doc_no: meta.doc_no,
        effective: meta.effective.unwrap_or(NaiveDate::MIN),
        source_name: format!("demo-{index}.json"),
        source_sha256: String::new(),
        imported_by: "test".into(),
        imported_at: DateTime::UNIX_EPOCH,
        item_count: file.items.len(),
    }
}

pub fn demo_loaded(index: usize) -> LoadedCatalog {
    let docs = demo_items(index).iter().map(SearchDoc::from_item).collect();
    LoadedCatalog { version: demo_version(index), index: SearchIndex::build(docs) }
}

/// Both demo versions, the second in force and open, Chinese.
pub fn demo_app() -> App {
    App::new(
        Lang::Zh,
        "os:tester".into(),
        vec![demo_version(0), demo_version(1)],
        vec![VersionStatus::Superseded, VersionStatus::InForce],
        demo_loaded(1),
    )
}

/// The demo item with this code, from the version open in `demo_app`.
pub fn demo_item(code: &str) -> CatalogItem {
    demo_items(1).into_iter().find(|i| i.code == code).expect("demo item")
}
