//! Documents made from stored cases (for the CLI and, later, the TUI): the one module that
//! combines `documents` (pure layout and PDF) with the store. A document already issued from the
//! same record is made again byte for byte under its recorded number and check code (a reprint
//! records nothing); otherwise it is issued: numbered, made and recorded in one transaction.

use crate::config::Casework;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use zhifa_core::domain::case::Step;
use zhifa_core::domain::case_file::CaseRecord;
use zhifa_documents::fill::{fill, with_issue, Fill, FillContext};
use zhifa_documents::template::{Template, Templates};
use zhifa_documents::{
    self as documents, content_digest, DocKind, DossierEntry, Made, Numbering, DOSSIER,
};
use zhifa_store::{Identity, IssueRequest, IssuedDocument, Stamp, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Template(#[from] documents::template::TemplateError),
    #[error("no template for {0}")]
    NoTemplate(String),
    #[error("{kind} is not available for this case now: {why}")]
    NotAvailable { kind: &'static str, why: &'static str },
    #[error("the document could not be made: {0}")]
    Make(String),
}

impl PaperError {
    pub fn message_zh(&self) -> Option<String> {
        match self {
            PaperError::NotAvailable { kind, why } => {
                let label = DocKind::from_key(kind).map_or(*kind, DocKind::label_zh);
                Some(format!("本案目前不能制作{label}：{why}"))
            }
            PaperError::Template(e) => Some(format!("文书模板有误：{e}")),
            PaperError::Make(e) => Some(format!("文书制作失败：{e}")),
            _ => None,
        }
    }
}

/// Everything a case's documents are made from, read once.
pub struct Desk {
    pub case: CaseRecord,
    pub templates: Templates,
    pub today: NaiveDate,
    officers: BTreeMap<String, String>,
    calendar: zhifa_core::calendar::WorkCalendar,
    patterns: BTreeMap<&'static str, String>,
    hearing: zhifa_core::domain::penalty::HearingRules,
    team_name: Option<String>,
    evidence: Vec<String>,
    pub issued: Vec<IssuedDocument>,
}

/// Makes a paper with a given stamp (number, check code, day): its file and its layout.
type MakePaper<'a> = dyn Fn(&Stamp) -> Result<(Made, documents::layout::Doc), String> + 'a;

/// A document as made now, with its record.
pub struct Obtained {
    pub record: IssuedDocument,
    pub made: Made,
    /// Whether this call issued it (false: printed again, identical to the issue).
    pub issued_now: bool,
    pub doc: documents::layout::Doc,
}

/// What `available` says of each kind.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Listing {
    pub kind: &'static str,
    pub label: &'static str,
    pub available: bool,
    pub why_not: Option<&'static str>,
    pub issued: Vec<IssuedDocument>,
}

impl Desk {
    pub fn open(
        store: &Store,
        case: CaseRecord,
        casework: &Casework,
        today: NaiveDate,
    ) -> Result<Desk, PaperError> {
        let templates = Templates::load(casework.documents_dir.as_deref())?;
        let mut badges: Vec<String> = case.state.investigators.clone();
        for step in &case.steps {
            if let Step::DecideOnTheSpot { officers, .. } = &step.step {
                badges.extend(officers.iter().cloned());
            }
        }
        let mut officers = BTreeMap::new();
        for badge in badges {
            if let Some(officer) = store.officer(&badge)? {
                officers.insert(badge, officer.name);
            }
        }
        let patterns = DocKind::ALL
            .into_iter()
            .filter(|k| k.numbering() == Numbering::Series)
            .map(|k| (k.key(), casework.document_pattern(k).to_string()))
            .collect();
        let issued = store.documents_of_case(case.id)?;
        let team_name = store.teams()?.into_iter().find(|t| t.code == case.team).map(|t| t.name);
        let evidence = finding_evidence(store, case.finding)?;
        Ok(Desk {
            calendar: store.work_calendar()?,
            case,
            templates,
            today,
            officers,
            patterns,
            hearing: casework.hearing_rules(),
            team_name,
            evidence,
            issued,
        })
    }

    /// Every kind: whether the case has it now, and what was issued.
    pub fn listing(&self) -> Vec<Listing> {
        DocKind::ALL
            .into_iter()
            .map(|kind| {
                let why_not = kind.available(&self.case, self.today).err();
                Listing {
                    kind: kind.key(),
                    label: kind.label_zh(),
                    available: why_not.is_none(),
                    why_not,
                    issued: self.issued.iter().filter(|d| d.kind == kind.key()).cloned().collect(),
                }
            })
            .collect()
    }

    fn fill(&self) -> Fill {
        let mut numbers = BTreeMap::new();
        for d in &self.issued {
            if let Some(n) = &d.number {
                numbers.insert(d.kind.clone(), n.clone());
            }
        }
        let ctx = FillContext {
            officers: &self.officers,
            calendar: &self.calendar,
            today: self.today,
            issued_numbers: &numbers,
            hearing: &self.hearing,
            team_name: self.team_name.as_deref(),
            evidence: &self.evidence,
        };
        fill(&self.case, &ctx)
    }

    fn template(&self, kind: DocKind) -> Result<&Template, PaperError> {
        self.templates.of(kind).ok_or_else(|| PaperError::NoTemplate(kind.key().into()))
    }

    /// The document as it would read now (a text preview; nothing issued).
    pub fn preview(&self, kind: DocKind) -> Result<String, PaperError> {
        let doc = documents::document(&self.templates, self.template(kind)?, &self.fill());
        Ok(documents::plain_text(&doc))
    }

    /// The earlier issue this document would repeat, if any.
    fn earlier(&self, kind: &str, content: &str) -> Option<&IssuedDocument> {
        self.issued.iter().rev().find(|d| d.kind == kind && d.content_sha256 == content)
    }

    /// The paper issued earlier from the same content, made again with its number (where it
    /// shows one), check code and day: when the bytes are the issue's, it is that issue printed
    /// again and nothing new is issued.
    fn reprint(
        &self,
        kind: &str,
        content: &str,
        numbered: bool,
        make: &MakePaper,
    ) -> Result<Option<Obtained>, PaperError> {
        let Some(earlier) = self.earlier(kind, content) else { return Ok(None) };
        let stamp = Stamp {
            number: earlier.number.clone().filter(|_| numbered),
            check_code: earlier.check_code.clone(),
            issued_on: earlier.issued_on,
        };
        let (made, doc) = make(&stamp).map_err(PaperError::Make)?;
        if documents::sha256_hex(&made.pdf) != earlier.file_sha256 {
            return Ok(None);
        }
        Ok(Some(Obtained { record: earlier.clone(), made, issued_now: false, doc }))
    }

    /// The document of `kind`: the earlier issue made again if the record still says the same,
    /// or a new issue (which needs `who`; `None` when it would need one and none is given).
    pub fn obtain(
        &mut self,
        store: &mut Store,
        who: Option<&Identity>,
        now: DateTime<Utc>,
        kind: DocKind,
    ) -> Result<Option<Obtained>, PaperError> {
        kind.available(&self.case, self.today)
            .map_err(|why| PaperError::NotAvailable { kind: kind.key(), why })?;
        let fill = self.fill();
        let template = self.template(kind)?.clone();
        let content = content_digest(kind.key(), &template, &fill, &self.templates);
        let make = |stamp: &Stamp| -> Result<(Made, documents::layout::Doc), String> {
            let filled = with_issue(
                fill.clone(),
                stamp.number.as_deref(),
                &stamp.check_code,
                stamp.issued_on,
            );
            let doc = documents::document(&self.templates, &template, &filled);
            let made = documents::make(&doc).map_err(|e| e.to_string())?;
            Ok((made, doc))
        };
        if let Some(again) = self.reprint(kind.key(), &content, true, &make)? {
            return Ok(Some(again));
        }
        let Some(who) = who else { return Ok(None) };
        let series = self.patterns.get(kind.key()).map(String::as_str);
        let fixed_number = match kind.numbering() {
            Numbering::CaseNumber => self.case.number.clone(),
            _ => None,
        };
        let request = IssueRequest {
            case_id: self.case.id,
            kind: kind.key(),
            series,
            fixed_number,
            content_sha256: &content,
            case_stage: self.case.state.stage.key(),
            case_steps: self.case.steps.len() as i64,
            issued_on: self.today,
        };
        let issued = store.issue_document(who, now, &request, |stamp| {
            let (made, doc) = make(stamp)?;
            let pages = made.pages;
            Ok((made.pdf.clone(), pages, (made, doc)))
        })?;
        if issued.fresh {
            self.issued.push(issued.record.clone());
        }
        let (made, doc) = issued.made;
        Ok(Some(Obtained { record: issued.record, made, issued_now: issued.fresh, doc }))
    }

    /// Whether making every document the case has now needs no new issue (a reprint).
    pub fn needs_issue(&self, kinds: &[DocKind]) -> bool {
        let fill = self.fill();
        kinds.iter().any(|k| {
            let Ok(template) = self.template(*k) else { return true };
            let content = content_digest(k.key(), template, &fill, &self.templates);
            self.earlier(k.key(), &content).is_none()
        })
    }

    /// The kinds the case has now, in dossier order.
    pub fn available_kinds(&self) -> Vec<DocKind> {
        DocKind::ALL.into_iter().filter(|k| k.available(&self.case, self.today).is_ok()).collect()
    }

    /// The dossier: every document the case has now (each issued or made again), behind a
    /// cover and a table of contents; itself an issue of its own.
    pub fn dossier(
        &mut self,
        store: &mut Store,
        who: Option<&Identity>,
        now: DateTime<Utc>,
    ) -> Result<Option<Obtained>, PaperError> {
        let mut entries = Vec::new();
        let mut digests = String::new();
        for kind in self.available_kinds() {
            let Some(obtained) = self.obtain(store, who, now, kind)? else { return Ok(None) };
            digests.push_str(&obtained.record.file_sha256);
            entries.push(DossierEntry {
                label: kind.label_zh().to_string(),
                number: obtained.record.number.clone().unwrap_or_default(),
                doc: obtained.doc,
            });
        }
        let mut fill = self.fill();
        fill.insert("dossier_documents".into(), digests);
        let cover = self
            .templates
            .dossier_cover()
            .ok_or_else(|| PaperError::NoTemplate(DOSSIER.into()))?
            .clone();
        let content = content_digest(DOSSIER, &cover, &fill, &self.templates);
        let make = |stamp: &Stamp| -> Result<(Made, documents::layout::Doc), String> {
            let filled = with_issue(fill.clone(), None, &stamp.check_code, stamp.issued_on);
            let doc = documents::document(&self.templates, &cover, &filled);
            let made = documents::make_dossier(doc.clone(), &entries, &stamp.check_code)
                .map_err(|e| e.to_string())?;
            Ok((made, doc))
        };
        if let Some(again) = self.reprint(DOSSIER, &content, false, &make)? {
            return Ok(Some(again));
        }
        let Some(who) = who else { return Ok(None) };
        let request = IssueRequest {
            case_id: self.case.id,
            kind: DOSSIER,
            series: None,
            fixed_number: self.case.number.clone(),
            content_sha256: &content,
            case_stage: self.case.state.stage.key(),
            case_steps: self.case.steps.len() as i64,
            issued_on: self.today,
        };
        let issued = store.issue_document(who, now, &request, |stamp| {
            let (made, doc) = make(stamp)?;
            Ok((made.pdf.clone(), made.pages, (made, doc)))
        })?;
        if issued.fresh {
            self.issued.push(issued.record.clone());
        }
        let (made, doc) = issued.made;
        Ok(Some(Obtained { record: issued.record, made, issued_now: issued.fresh, doc }))
    }
}

/// The evidence registered with the finding a case grew from: each file by name, with the start
/// of its SHA-256 so the paper names the very file (photos, measurements).
fn finding_evidence(store: &Store, finding: Option<(i64, i64)>) -> Result<Vec<String>, StoreError> {
    let Some((patrol, seq)) = finding else { return Ok(Vec::new()) };
    let findings = store.findings(patrol)?;
    let Some(found) = usize::try_from(seq - 1).ok().and_then(|i| findings.get(i)) else {
        return Ok(Vec::new());
    };
    let at = found.at.format("%Y年%-m月%-d日 %H:%M");
    let mut lines = vec![format!("巡查发现记录（{at}，{}）", found.place)];
    for e in &found.evidence {
        let digest: String = e.sha256.chars().take(12).collect();
        lines.push(format!("{}（SHA-256 {digest}…）", e.name));
    }
    Ok(lines)
}

/// What `zhifa doc check` finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// Issued by this database and unchanged: the record and the case number.
    Genuine { record: IssuedDocument, case_number: Option<String> },
    /// The check code is ours but the file differs from what was issued.
    Altered { record: IssuedDocument, case_number: Option<String> },
    /// The code names no document of this database.
    UnknownCode(String),
    /// No check code in the file: not a document made by zhifa (or a scan).
    NoCode,
}

/// Checks a file's bytes against the issue records.
pub fn check(store: &Store, bytes: &[u8]) -> Result<Checked, StoreError> {
    let Some(code) = documents::pdf::check_code_of(bytes) else { return Ok(Checked::NoCode) };
    let Some(record) = store.document_by_check_code(&code)? else {
        return Ok(Checked::UnknownCode(code));
    };
    let case_number = store.case(record.case_id)?.and_then(|c| c.number);
    if documents::sha256_hex(bytes) == record.file_sha256 {
        Ok(Checked::Genuine { record, case_number })
    } else {
        Ok(Checked::Altered { record, case_number })
    }
}
