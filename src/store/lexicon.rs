//! The everyday words a bureau adds to search (docs/SEARCH.md): the file an admin loaded last,
//! kept whole, each load an attributed event with the whole text. Read back through the same
//! parser, on top of the lexicon the release ships with.

use super::identity::{authorize, Identity};
use super::{events, Store, StoreError, StoreResult};
use crate::catalog::search::lexicon::{parse, LexiconEntry};
use crate::catalog::search::Lexicon;
use crate::domain::officer::Operation;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The additions as loaded: file name, entries, the event that loaded them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconAdditions {
    pub file_name: String,
    pub entries: Vec<LexiconEntry>,
    pub event_seq: i64,
}

impl Store {
    /// Replaces the bureau's everyday words with those of `text` (an empty file clears them).
    /// The text is checked before anything is written. Those who load catalogs only.
    pub fn load_lexicon(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        file: &str,
        text: &str,
    ) -> StoreResult<usize> {
        let entries = parse(file, text).map_err(|mut problems| problems.remove(0))?;
        let file = if file.is_empty() { "-" } else { file };
        let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
        self.write(|tx| {
            authorize(tx, who, Operation::ImportCatalog)?;
            let payload = json!({
                "file": file,
                "sha256": sha256,
                "entries": entries.len(),
                "text": text,
            });
            let seq = events::append(tx, who.actor(), now, "search.lexicon_load", &payload)?;
            tx.execute(
                "INSERT INTO search_lexicon (id, file_name, file_text, sha256, entries, event_seq)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET file_name = excluded.file_name,
                     file_text = excluded.file_text, sha256 = excluded.sha256,
                     entries = excluded.entries, event_seq = excluded.event_seq",
                params![file, text, sha256, entries.len() as i64, seq],
            )?;
            Ok(entries.len())
        })
    }

    /// The bureau's everyday words, if an admin loaded any file.
    pub fn lexicon_additions(&self) -> StoreResult<Option<LexiconAdditions>> {
        let row = self
            .conn
            .query_row(
                "SELECT file_name, file_text, event_seq FROM search_lexicon WHERE id = 1",
                [],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)),
            )
            .optional()?;
        let Some((file_name, text, event_seq)) = row else { return Ok(None) };
        let entries = parse(&file_name, &text).map_err(|problems| {
            StoreError::Corrupt(problems.first().map(ToString::to_string).unwrap_or_default())
        })?;
        Ok(Some(LexiconAdditions { file_name, entries, event_seq }))
    }

    /// The lexicon search uses on this station: the shipped one with the bureau's additions.
    pub fn search_lexicon(&self) -> StoreResult<Arc<Lexicon>> {
        Ok(match self.lexicon_additions()? {
            Some(added) if !added.entries.is_empty() => {
                Arc::new(Lexicon::with_additions(added.entries))
            }
            _ => Lexicon::shipped(),
        })
    }
}
