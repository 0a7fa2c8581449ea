//! Documents issued from cases: numbers per kind and year (given once, never reused), and each
//! issue recorded with its event (`document.issue`): the kind, the number, the case state it was
//! made from, the SHA-256 of the file and its check code. The PDF is made inside the same
//! transaction (by the caller's `render`), so a number is never taken for a document that was
//! not made, and no document exists without its record.

use super::identity::{authorize_on, Identity};
use super::{events, Store, StoreError, StoreResult};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::json;
use zhifa_core::domain::officer::Operation;

/// What the caller knows before the document is made.
pub struct IssueRequest<'a> {
    pub case_id: i64,
    /// The kind key (`decision`, …, `dossier`).
    pub kind: &'a str,
    /// The pattern of the kind's own number series (`{year}`, `{n}`), if it has one.
    pub series: Option<&'a str>,
    /// The number the document carries without a series of its own (the case's, for a decision).
    pub fixed_number: Option<String>,
    pub content_sha256: &'a str,
    pub case_stage: &'a str,
    pub case_steps: i64,
    pub issued_on: NaiveDate,
}

/// What the store gives the document before it is made.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub number: Option<String>,
    pub check_code: String,
    pub issued_on: NaiveDate,
}

/// An issue as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedDocument {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub number: Option<String>,
    pub issued_on: NaiveDate,
    pub content_sha256: String,
    pub case_stage: String,
    pub case_steps: i64,
    pub file_sha256: String,
    pub pages: i64,
    pub check_code: String,
    pub issued_by: String,
    pub event_seq: i64,
}

const COLUMNS: &str = "id, case_id, kind, number, issued_on, content_sha256, case_stage, \
                       case_steps, file_sha256, pages, check_code, issued_by, event_seq";

fn issued(r: &rusqlite::Row<'_>) -> rusqlite::Result<IssuedDocument> {
    let day: String = r.get(4)?;
    Ok(IssuedDocument {
        id: r.get(0)?,
        case_id: r.get(1)?,
        kind: r.get(2)?,
        number: r.get(3)?,
        issued_on: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or_default(),
        content_sha256: r.get(5)?,
        case_stage: r.get(6)?,
        case_steps: r.get(7)?,
        file_sha256: r.get(8)?,
        pages: r.get(9)?,
        check_code: r.get(10)?,
        issued_by: r.get(11)?,
        event_seq: r.get(12)?,
    })
}

/// What issuing gave back: the record and the file's bytes.
pub struct Issued<T> {
    pub record: IssuedDocument,
    pub made: T,
    /// Whether this call recorded it (false: another terminal had just issued the same
    /// document, which was made again under its number).
    pub fresh: bool,
}

impl Store {
    /// Issues one document: takes its number, makes it with `render` (which returns the file's
    /// bytes, its page count and anything the caller keeps), records it and its event. Nothing
    /// is recorded if `render` fails.
    pub fn issue_document<T>(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        request: &IssueRequest,
        render: impl Fn(&Stamp) -> Result<(Vec<u8>, usize, T), String>,
    ) -> StoreResult<Issued<T>> {
        self.write(|tx| {
            authorize_on(tx, who, Operation::EditCaseRecords, now)?;
            // The same document issued meanwhile (from another terminal): made again under its
            // number, nothing recorded — a number is given once per document.
            if let Some(earlier) = same_issue(tx, request)? {
                let stamp = Stamp {
                    number: earlier.number.clone(),
                    check_code: earlier.check_code.clone(),
                    issued_on: earlier.issued_on,
                };
                let (bytes, _, made) = render(&stamp).map_err(StoreError::Document)?;
                if zhifa_documents::sha256_hex(&bytes) == earlier.file_sha256 {
                    return Ok(Issued { record: earlier, made, fresh: false });
                }
            }
            let year = request.issued_on.year();
            let (number, n) = match request.series {
                Some(pattern) => {
                    let n = next_number(tx, request.kind, year)?;
                    let station = super::station::station_code(tx)?;
                    let number = zhifa_core::domain::case_file::station_number(
                        pattern,
                        station.as_deref(),
                        year,
                        n,
                    )
                    .map_err(StoreError::Document)?;
                    (Some(number), Some(n))
                }
                None => (request.fixed_number.clone(), None),
            };
            let salt: u32 = tx.query_row(
                "SELECT count(*) FROM documents WHERE case_id = ?1 AND kind = ?2",
                params![request.case_id, request.kind],
                |r| r.get(0),
            )?;
            let check_code = free_check_code(tx, request, salt)?;
            let stamp = Stamp { number: number.clone(), check_code, issued_on: request.issued_on };
            let (bytes, pages, made) = render(&stamp).map_err(StoreError::Document)?;
            let file_sha256 = zhifa_documents::sha256_hex(&bytes);
            let payload = json!({
                "case_id": request.case_id,
                "kind": request.kind,
                "number": number,
                "year": n.map(|_| year),
                "n": n,
                "issued_on": request.issued_on.to_string(),
                "content_sha256": request.content_sha256,
                "case_stage": request.case_stage,
                "case_steps": request.case_steps,
                "file_sha256": file_sha256,
                "pages": pages,
                "check_code": stamp.check_code,
            });
            let seq = events::append(tx, who.actor(), now, "document.issue", &payload)?;
            tx.execute(
                "INSERT INTO documents (case_id, kind, number, issued_on, content_sha256,
                     case_stage, case_steps, file_sha256, pages, check_code, issued_by, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    request.case_id,
                    request.kind,
                    number,
                    request.issued_on.to_string(),
                    request.content_sha256,
                    request.case_stage,
                    request.case_steps,
                    file_sha256,
                    pages as i64,
                    stamp.check_code,
                    who.actor().id,
                    seq,
                ],
            )?;
            let record = tx.query_row(
                &format!("SELECT {COLUMNS} FROM documents WHERE event_seq = ?1"),
                [seq],
                issued,
            )?;
            Ok(Issued { record, made, fresh: true })
        })
    }

    /// The documents issued for a case, in the order issued.
    pub fn documents_of_case(&self, case_id: i64) -> StoreResult<Vec<IssuedDocument>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM documents WHERE case_id = ?1 ORDER BY id"))?;
        let rows = stmt.query_map([case_id], issued)?;
        rows.collect::<Result<_, _>>().map_err(StoreError::from)
    }

    /// The issue a check code names.
    pub fn document_by_check_code(&self, code: &str) -> StoreResult<Option<IssuedDocument>> {
        let sql = format!("SELECT {COLUMNS} FROM documents WHERE check_code = ?1");
        Ok(self.conn.query_row(&sql, [code.trim()], issued).optional()?)
    }
}

/// The latest issue of the same document (case, kind, content), if any.
fn same_issue(tx: &Transaction<'_>, request: &IssueRequest) -> StoreResult<Option<IssuedDocument>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM documents WHERE case_id = ?1 AND kind = ?2 AND content_sha256 = ?3
         ORDER BY id DESC LIMIT 1"
    );
    let params = params![request.case_id, request.kind, request.content_sha256];
    Ok(tx.query_row(&sql, params, issued).optional()?)
}

/// The next number of `kind` in `year`.
fn next_number(tx: &Transaction<'_>, kind: &str, year: i32) -> StoreResult<u32> {
    let n: i64 = tx.query_row(
        "INSERT INTO document_counters (kind, year, last) VALUES (?1, ?2, 1)
         ON CONFLICT (kind, year) DO UPDATE SET last = last + 1 RETURNING last",
        params![kind, year],
        |r| r.get(0),
    )?;
    u32::try_from(n).map_err(|_| StoreError::Corrupt("document number counter".into()))
}

/// A check code no other document carries (a clash of eight base-32 characters is rare; the
/// salt moves on until the code is free).
fn free_check_code(tx: &Transaction<'_>, request: &IssueRequest, salt: u32) -> StoreResult<String> {
    for extra in 0..64u32 {
        let code = zhifa_documents::check_code(
            request.case_id,
            request.kind,
            request.content_sha256,
            salt * 64 + extra,
        );
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE check_code = ?1)",
            [&code],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(code);
        }
    }
    Err(StoreError::Document("no free check code".into()))
}
