//! Law texts an admin loaded (docs/LAWS.md): one row per law and effective date, the whole file
//! kept, each load an attributed event carrying the whole text. Read back through the same
//! parser into a [`LawLibrary`].

use super::identity::{authorize, Identity};
use super::{events, Store, StoreError, StoreResult};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use zhifa_core::domain::case_file::FrozenArticle;
use zhifa_core::domain::catalog::CatalogItem;
use zhifa_core::domain::officer::Operation;
use zhifa_law::lookup::{article_no, law_key, LawLibrary};
use zhifa_law::{parse, LawVersion};

/// What one load did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedLaw {
    pub key: String,
    pub title: String,
    pub effective: NaiveDate,
    pub articles: usize,
    /// The same law with the same effective date was loaded before and is replaced.
    pub replaced: bool,
}

/// One loaded version as listed (without its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawRow {
    pub key: String,
    pub title: String,
    pub effective: NaiveDate,
    pub file_name: String,
    pub articles: usize,
    pub event_seq: i64,
}

impl Store {
    /// Loads the text of a law as the version in force from `effective`; the text is parsed
    /// before anything is written (a malformed file is refused at its line). Admins only.
    pub fn load_law(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        file: &str,
        text: &str,
        effective: NaiveDate,
    ) -> StoreResult<LoadedLaw> {
        let law = parse(file, text)?;
        let key = law.key();
        let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
        let file = if file.is_empty() { "-" } else { file };
        let day = effective.to_string();
        self.write(|tx| {
            authorize(tx, who, Operation::LoadLaws)?;
            let replaced: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM law_versions WHERE law_key = ?1 AND effective = ?2)",
                params![key, day],
                |r| r.get(0),
            )?;
            let payload = json!({
                "law": key,
                "title": law.title,
                "effective": day,
                "file": file,
                "sha256": sha256,
                "articles": law.articles.len(),
                "replaced": replaced,
                "text": text,
            });
            let seq = events::append(tx, who.actor(), now, "law.load", &payload)?;
            tx.execute(
                "INSERT INTO law_versions
                     (law_key, effective, title, file_name, file_text, sha256, articles, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (law_key, effective) DO UPDATE SET title = excluded.title,
                     file_name = excluded.file_name, file_text = excluded.file_text,
                     sha256 = excluded.sha256, articles = excluded.articles,
                     event_seq = excluded.event_seq",
                params![key, day, law.title, file, text, sha256, law.articles.len() as i64, seq],
            )?;
            Ok(LoadedLaw {
                key: key.clone(),
                title: law.title.clone(),
                effective,
                articles: law.articles.len(),
                replaced,
            })
        })
    }

    /// Every loaded version, by law and effective date.
    pub fn laws(&self) -> StoreResult<Vec<LawRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT law_key, title, effective, file_name, articles, event_seq FROM law_versions
             ORDER BY law_key, effective",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (key, title, effective, file_name, articles, event_seq) = row?;
            out.push(LawRow {
                effective: date(&key, &effective)?,
                key,
                title,
                file_name,
                articles: articles as usize,
                event_seq,
            });
        }
        Ok(out)
    }

    /// Every loaded version parsed, for lookups (the texts are small: a bureau's few dozen laws
    /// read in milliseconds).
    pub fn law_library(&self) -> StoreResult<LawLibrary> {
        let mut stmt = self.conn.prepare(
            "SELECT law_key, effective, file_name, file_text FROM law_versions
             ORDER BY law_key, effective",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut versions = Vec::new();
        for row in rows {
            let (key, effective, file, text) = row?;
            let parsed = parse(&file, &text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            versions.push(LawVersion { effective: date(&key, &effective)?, file, text: parsed });
        }
        Ok(LawLibrary::new(versions))
    }
}

fn date(key: &str, text: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("law {key}: effective date “{text}”")))
}

/// The version of the law `key` in force on `day`, parsed, if one is loaded.
fn law_in_force(conn: &Connection, key: &str, day: NaiveDate) -> StoreResult<Option<LawVersion>> {
    let row = conn
        .prepare_cached(
            "SELECT effective, file_name, file_text FROM law_versions
             WHERE law_key = ?1 AND effective <= ?2 ORDER BY effective DESC LIMIT 1",
        )?
        .query_row(params![key, day.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })
        .optional()?;
    let Some((effective, file, text)) = row else { return Ok(None) };
    let parsed = parse(&file, &text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(Some(LawVersion { effective: date(key, &effective)?, file, text: parsed }))
}

/// The articles `items` cite, each once, in the order cited, as the versions in force on `day`
/// have them; citations of laws not loaded, or of articles a text lacks, freeze nothing.
pub(super) fn articles_cited(
    conn: &Connection,
    items: &[&CatalogItem],
    day: NaiveDate,
) -> StoreResult<Vec<FrozenArticle>> {
    let mut laws: HashMap<String, Option<LawVersion>> = HashMap::new();
    let mut out: Vec<FrozenArticle> = Vec::new();
    for provision in items.iter().flat_map(|i| i.basis.violated.iter().chain(&i.basis.penalty)) {
        let Some(no) = article_no(provision) else { continue };
        let key = law_key(&provision.law);
        if key.is_empty() {
            continue;
        }
        if !laws.contains_key(&key) {
            let version = law_in_force(conn, &key, day)?;
            laws.insert(key.clone(), version);
        }
        let Some(Some(version)) = laws.get(&key) else { continue };
        let Some(article) = version.text.article(no) else { continue };
        let seen = out.iter().any(|a| a.law_key == key && a.number == no.number && a.sub == no.sub);
        if !seen {
            out.push(FrozenArticle {
                law: version.text.title.clone(),
                law_key: key.clone(),
                effective: version.effective,
                number: no.number,
                sub: no.sub,
                text: article.full_text(),
            });
        }
    }
    Ok(out)
}

/// How a `case.open` event carries the frozen articles: every value.
pub(super) fn articles_in_log(articles: &[FrozenArticle]) -> serde_json::Value {
    articles
        .iter()
        .map(|a| {
            json!({
                "law": a.law, "law_key": a.law_key, "effective": a.effective.to_string(),
                "number": a.number, "sub": a.sub, "text": a.text,
            })
        })
        .collect()
}

pub(super) fn insert_case_articles(
    tx: &Transaction<'_>,
    id: i64,
    articles: &[FrozenArticle],
) -> StoreResult<()> {
    for (ordinal, a) in articles.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO case_articles (case_id, ordinal, law_key, title, effective, number, sub, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            id,
            ordinal as i64,
            a.law_key,
            a.law,
            a.effective.to_string(),
            a.number,
            a.sub,
            a.text
        ])?;
    }
    Ok(())
}

/// The articles frozen with case `id`, in order.
pub(super) fn case_articles(conn: &Connection, id: i64) -> StoreResult<Vec<FrozenArticle>> {
    let mut stmt = conn.prepare_cached(
        "SELECT law_key, title, effective, number, sub, text FROM case_articles
         WHERE case_id = ?1 ORDER BY ordinal",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (law_key, law, effective, number, sub, text) = row?;
        let effective = date(&law_key, &effective)?;
        out.push(FrozenArticle { law, law_key, effective, number, sub, text });
    }
    Ok(out)
}
