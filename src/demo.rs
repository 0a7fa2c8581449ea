//! The demo catalog the project ships (`db/demo/`), and seeding a database with it.
//!
//! The demo is the project's own writing (a fictional 青江县 with real laws and articles), in the
//! canonical JSON format, embedded in the binary so `zhifa demo` works on a fresh machine.

use crate::catalog::format::CatalogFile;
use crate::domain::actor::Actor;
use crate::store::{NewVersion, Store};
use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// The demo catalog's versions, oldest first: (source name, canonical JSON).
pub const DEMO_CATALOGS: [(&str, &str); 2] = [
    ("db/demo/catalog-v1.json", include_str!("../db/demo/catalog-v1.json")),
    ("db/demo/catalog-v2.json", include_str!("../db/demo/catalog-v2.json")),
];

pub fn demo_catalog(index: usize) -> Result<CatalogFile> {
    let (name, json) = DEMO_CATALOGS.get(index).context("no such demo catalog")?;
    serde_json::from_str(json).with_context(|| format!("demo catalog {name} is not valid"))
}

/// Loads the demo catalog versions into an empty database, as `actor` in bootstrap mode (no admin
/// account exists yet). Returns false (and changes nothing) when the database already holds a
/// catalog.
pub fn seed_demo(store: &mut Store, actor: &Actor, now: DateTime<Utc>) -> Result<bool> {
    if !store.catalog_versions()?.is_empty() {
        return Ok(false);
    }
    let who = store.bootstrap_identity(actor.clone())?;
    for (index, (name, json)) in DEMO_CATALOGS.iter().enumerate() {
        let file = demo_catalog(index)?;
        let meta = file.version.clone().unwrap_or_default();
        let effective = meta.effective.with_context(|| format!("{name} has no effective date"))?;
        let version = NewVersion {
            label: meta.label,
            doc_no: meta.doc_no,
            effective,
            source_name: name.to_string(),
            source_sha256: hex::encode(Sha256::digest(json.as_bytes())),
        };
        // The demo history is loaded as if each version had been imported on its effective day,
        // which is what a real county's history would look like.
        store.import_catalog(&who, now, effective, &version, &file.items)?;
    }
    Ok(true)
}
