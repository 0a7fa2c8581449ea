//! Catalog versions: each as its event states it, its items as the digest the event holds.

use super::{int, text, Event, Fault, Place, Replay, Replayed};
use crate::domain::version::VersionId;
use crate::store::catalog::{items_digest, items_of};
use crate::store::Problem;
use rusqlite::types::Value as Sql;
use std::collections::HashMap;

#[derive(Default)]
pub(super) struct Catalogs {
    /// Each version's id by its label, for the items cases cite.
    pub(super) ids: HashMap<String, i64>,
}

pub(super) fn project(r: &mut Replay, e: &Event) -> Replayed {
    if e.kind != "catalog.import" {
        return Err(Fault::Payload(format!("unknown kind of event “{}”", e.kind)));
    }
    let p = e.payload;
    let label = p.text("label")?;
    let count = p.int("item_count")?;
    let sql = "SELECT label, doc_no, effective, source_name, source_sha256, imported_by, \
               item_count, items_sha256, id FROM catalog_versions WHERE event_seq = ?1";
    let found = r.row(sql, [e.seq])?;
    let expected = [
        ("label", text(label)),
        ("doc_no", text(p.text("doc_no")?)),
        ("effective", text(p.text("effective")?)),
        ("source_name", text(p.text("source_name")?)),
        ("source_sha256", text(p.text("source_sha256")?)),
        ("imported_by", text(e.actor)),
        ("item_count", int(count)),
        ("items_sha256", text(p.text("items_sha256")?)),
    ];
    r.compare(Place::new("catalog_versions", label, e.seq), &expected, found.as_deref());
    r.created("catalog_versions", 1);
    r.created("catalog_items", count);
    r.created("catalog_item_bodies", count);
    let Some(Sql::Integer(id)) = found.as_ref().and_then(|row| row.get(8)).cloned() else {
        return Ok(());
    };
    r.catalog.ids.insert(label.to_string(), id);
    // The items as stored must give the digest the event recorded when they were imported.
    let items = items_of(r.conn, VersionId(id))?;
    if items_digest(&items)? != p.text("items_sha256")? {
        return Err(Fault::Found(Problem::RowDiffers {
            table: "catalog_items".into(),
            key: format!("version {label}"),
            column: "body".into(),
            expected: format!("the {count} items imported"),
            found: format!("{} items that differ from them", items.len()),
        }));
    }
    Ok(())
}
