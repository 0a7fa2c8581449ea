//! Catalog versions: each as its event states it, its items as the digest the event holds, and
//! every column of `catalog_items` (what search, filters and lists show) as the items' bodies
//! give it.

use super::{int, opt_int, text, Event, Fault, Place, Replay, Replayed};
use crate::catalog::{items_digest, items_of, ItemRow};
use crate::Problem;
use rusqlite::types::Value as Sql;
use std::collections::HashMap;
use zhifa_core::domain::catalog::CatalogItem;
use zhifa_core::domain::version::VersionId;

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
    published_by_its_actor(e)?;
    let sql = "SELECT label, doc_no, effective, source_name, source_sha256, imported_by, \
               imported_at, item_count, items_sha256, id FROM catalog_versions WHERE event_seq = ?1";
    let found = r.row(sql, [e.seq])?;
    let expected = [
        ("label", text(label)),
        ("doc_no", text(p.text("doc_no")?)),
        ("effective", text(p.text("effective")?)),
        ("source_name", text(p.text("source_name")?)),
        ("source_sha256", text(p.text("source_sha256")?)),
        ("imported_by", text(e.actor)),
        ("imported_at", text(e.at_secs)),
        ("item_count", int(count)),
        ("items_sha256", text(p.text("items_sha256")?)),
    ];
    r.compare(Place::new("catalog_versions", label, e.seq), &expected, found.as_deref());
    r.created("catalog_versions", 1);
    r.created("catalog_items", count);
    r.created("catalog_item_bodies", count);
    let Some(Sql::Integer(id)) = found.as_ref().and_then(|row| row.get(9)).cloned() else {
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
    // The bodies are the items imported; every column search and lists read must be theirs.
    compare_item_rows(r, e.seq, label, id, &items)
}

/// A version taken in from the centre: its publication checked ([`super::published`]) over the
/// catalog's statement as the event gives it.
fn published_by_its_actor(e: &Event) -> Result<(), Fault> {
    super::published::published_by_its_actor(e, |origin| {
        let p = e.payload;
        let effective = p.text("effective")?;
        Ok(crate::PublicationStatement {
            label: p.text("label")?.to_string(),
            effective: effective.parse().map_err(|_| {
                Fault::Payload(format!("effective date “{effective}” does not read"))
            })?,
            doc_no: p.text("doc_no")?.to_string(),
            sha256: origin.text("sha256")?.to_string(),
            items_sha256: p.text("items_sha256")?.to_string(),
            by: origin.text("by")?.to_string(),
            station: origin.text("station")?.to_string(),
            at: origin.text("at")?.to_string(),
            through_seq: origin.int("through_seq")?,
        })
    })
}

/// At most this many differing item rows are named per version: the first is what matters.
const ITEM_PROBLEMS: usize = 10;

/// Each `catalog_items` row against the columns its (proven) body gives.
fn compare_item_rows(
    r: &mut Replay,
    seq: i64,
    label: &str,
    version: i64,
    items: &[CatalogItem],
) -> Replayed {
    let sql = "SELECT ordinal, code, name, power_type, domain, department, scope, laws, fine_min, \
               fine_max FROM catalog_items WHERE version_id = ?1 ORDER BY ordinal";
    let rows = r.rows(sql, [version])?;
    let before = r.problems.len();
    for (ordinal, (item, row)) in items.iter().zip(&rows).enumerate() {
        let c = ItemRow::of(item)?;
        let expected = [
            ("ordinal", int(ordinal as i64)),
            ("code", text(c.code)),
            ("name", text(c.name)),
            ("power_type", text(c.power_type)),
            ("domain", text(c.domain)),
            ("department", text(c.department)),
            ("scope", text(&c.scope)),
            ("laws", text(&c.laws)),
            ("fine_min", opt_int(c.fine_min)),
            ("fine_max", opt_int(c.fine_max)),
        ];
        r.compare(
            Place::new("catalog_items", format!("{label} {}", c.code), seq),
            &expected,
            Some(row),
        );
        if r.problems.len() - before >= ITEM_PROBLEMS {
            break;
        }
    }
    Ok(())
}
