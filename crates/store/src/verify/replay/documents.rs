//! Documents issued: each row as its `document.issue` event states it; the numbers each kind's
//! counter gave in each year.

use super::{int, opt_text, sql_text, text, Event, Fault, Place, Replay, Replayed};
use crate::StoreResult;
use rusqlite::types::Value as Sql;
use std::collections::BTreeMap;

#[derive(Default)]
pub(super) struct Documents {
    /// The highest number given per (kind, year): what the counters must stand at.
    counters: BTreeMap<(String, i64), i64>,
}

pub(super) fn project(r: &mut Replay, e: &Event) -> Replayed {
    if e.kind != "document.issue" {
        return Err(Fault::Payload(format!("unknown kind of event “{}”", e.kind)));
    }
    let p = e.payload;
    let kind = p.text("kind")?;
    let sql = "SELECT case_id, kind, number, issued_on, content_sha256, case_stage, case_steps, \
               file_sha256, pages, check_code, issued_by FROM documents WHERE event_seq = ?1";
    let found = r.row(sql, [e.seq])?;
    let expected = [
        ("case_id", int(p.int("case_id")?)),
        ("kind", text(kind)),
        ("number", opt_text(p.opt_text("number"))),
        ("issued_on", text(p.text("issued_on")?)),
        ("content_sha256", text(p.text("content_sha256")?)),
        ("case_stage", text(p.text("case_stage")?)),
        ("case_steps", int(p.int("case_steps")?)),
        ("file_sha256", text(p.text("file_sha256")?)),
        ("pages", int(p.int("pages")?)),
        ("check_code", text(p.text("check_code")?)),
        ("issued_by", text(e.actor)),
    ];
    let key = format!("{kind} {}", p.text("check_code")?);
    r.compare(Place::new("documents", key, e.seq), &expected, found.as_deref());
    r.created("documents", 1);
    if let (Some(year), Some(n)) = (p.opt_int("year"), p.opt_int("n")) {
        let last = r.documents.counters.entry((kind.to_string(), year)).or_default();
        *last = (*last).max(n);
    }
    Ok(())
}

pub(super) fn finish(r: &mut Replay) -> StoreResult<()> {
    let mut given = std::mem::take(&mut r.documents.counters);
    for row in r.rows("SELECT kind, year, last FROM document_counters", [])? {
        let Sql::Integer(year) = row[1] else { continue };
        let kind = sql_text(&row[0]).to_string();
        let last = given.remove(&(kind.clone(), year)).unwrap_or(0);
        let at = Place::new("document_counters", format!("{kind} {year}"), 0);
        r.compare(at, &[("last", int(last))], Some(&row[2..]));
    }
    for ((kind, year), last) in given {
        let at = Place::new("document_counters", format!("{kind} {year}"), 0);
        r.compare(at, &[("last", int(last))], None);
    }
    Ok(())
}
