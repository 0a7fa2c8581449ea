//! What a bureau teaches search (docs/SEARCH.md). Its everyday words: the file an admin loaded
//! last, kept whole, each load an attributed event with the whole text, read back through the
//! same parser on top of the lexicon the release ships with. Its officers' choices: which item
//! was opened after which words, counted, each choice an event; an admin clears them.

use super::identity::{authorize, Identity};
use super::{events, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use zhifa_catalog::search::lexicon::{parse, LexiconEntry};
use zhifa_catalog::search::{query_words, Learned, Lexicon};
use zhifa_core::domain::officer::Operation;

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

impl Store {
    /// Records that an officer chose item `code` after searching `query` (those who record
    /// findings: the officers whose habits search should learn). Returns the normalised words.
    pub fn record_choice(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        query: &str,
        code: &str,
    ) -> StoreResult<String> {
        let words = query_words(query).ok_or(StoreError::Empty { field: "query" })?;
        let code = code.trim();
        if code.is_empty() {
            return Err(StoreError::Empty { field: "code" });
        }
        self.write(|tx| {
            authorize(tx, who, Operation::RecordFinding)?;
            let payload = json!({ "words": words, "code": code });
            let seq = events::append(tx, who.actor(), now, "search.choice", &payload)?;
            tx.execute(
                "INSERT INTO search_choices (words, code, times, last_event) VALUES (?1, ?2, 1, ?3)
                 ON CONFLICT (words, code) DO UPDATE SET times = times + 1,
                     last_event = excluded.last_event",
                params![words, code, seq],
            )?;
            Ok(words.clone())
        })
    }

    /// Forgets every learned choice (those who load catalogs). Returns how many were forgotten.
    pub fn clear_choices(&mut self, who: &Identity, now: DateTime<Utc>) -> StoreResult<usize> {
        self.write(|tx| {
            authorize(tx, who, Operation::ImportCatalog)?;
            let rows: i64 =
                tx.query_row("SELECT count(*) FROM search_choices", [], |r| r.get(0))?;
            events::append(
                tx,
                who.actor(),
                now,
                "search.choices_cleared",
                &json!({ "rows": rows }),
            )?;
            tx.execute("DELETE FROM search_choices", [])?;
            Ok(rows as usize)
        })
    }

    /// Every learned choice: (words, code, times), most often chosen first.
    pub fn choices(&self) -> StoreResult<Vec<(String, String, u32)>> {
        let mut stmt = self.conn.prepare(
            "SELECT words, code, times FROM search_choices ORDER BY times DESC, words, code",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, u32>(2)?)))?;
        rows.collect::<Result<_, _>>().map_err(StoreError::from)
    }

    /// The learned choices as search uses them.
    pub fn learned_choices(&self) -> StoreResult<Arc<Learned>> {
        Ok(Arc::new(Learned::from_rows(self.choices()?)))
    }
}
