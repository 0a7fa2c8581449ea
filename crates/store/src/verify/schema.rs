//! The schema as evidence: the tables, indexes and triggers of the file must be exactly those the
//! migrations create. A dropped append-only trigger, an index or table slipped in or changed is
//! named; everything else verify checks rests on these definitions.
//!
//! The reference is built by applying the same migrations to an empty in-memory database, up to
//! the file's own schema version: SQLite records each definition as the statement that made it
//! (an `ALTER TABLE … ADD COLUMN` rewrites the table's text the same way in both), so equal
//! histories give equal texts.

use super::{Problem, SchemaDetail};
use crate::{migrations, StoreResult};
use rusqlite::Connection;
use std::collections::BTreeMap;

/// `type name` → its SQL text, for every object but SQLite's own (`sqlite_…`).
type Objects = BTreeMap<String, Option<String>>;

fn objects(conn: &Connection) -> StoreResult<Objects> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((format!("{} {}", r.get::<_, String>(0)?, r.get::<_, String>(1)?), r.get(2)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What the migrations up to the file's version create, set against what the file holds.
pub(super) fn differences(conn: &Connection) -> StoreResult<Vec<Problem>> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let mut reference = Connection::open_in_memory()?;
    migrations::apply_up_to(&mut reference, version)?;
    let expected = objects(&reference)?;
    let found = objects(conn)?;
    let mut problems = Vec::new();
    let mut differs = |object: &str, detail| {
        problems.push(Problem::SchemaDiffers { object: object.to_string(), detail })
    };
    for (object, sql) in &expected {
        match found.get(object) {
            None => differs(object, SchemaDetail::Missing),
            Some(other) if other != sql => differs(object, SchemaDetail::Changed),
            Some(_) => {}
        }
    }
    for object in found.keys().filter(|o| !expected.contains_key(*o)) {
        differs(object, SchemaDetail::Unknown);
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_database_matches_and_a_dropped_trigger_is_named() {
        let store = crate::Store::open_in_memory().expect("store");
        let conn = &store.conn;
        assert_eq!(differences(conn).expect("check"), vec![]);
        conn.execute_batch(
            "DROP TRIGGER events_are_append_only_update;
             CREATE INDEX sneaky ON events (actor);",
        )
        .expect("tamper");
        let problems = differences(conn).expect("check");
        assert_eq!(
            problems,
            vec![
                Problem::SchemaDiffers {
                    object: "trigger events_are_append_only_update".into(),
                    detail: SchemaDetail::Missing
                },
                Problem::SchemaDiffers {
                    object: "index sneaky".into(),
                    detail: SchemaDetail::Unknown
                },
            ]
        );
    }
}
