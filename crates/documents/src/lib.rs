//! Enforcement documents (执法文书) printed from the case record: the kinds and when a case has
//! them (`kind`), the values a document states (`fill`), the adjustable templates
//! (`template`, db/documents/), Chinese line breaking (`linebreak`), page layout (`layout`) and
//! the PDF (`pdf`, krilla; `font`, the embedded Noto Serif CJK subset). Pure: no database, no
//! files except the override templates an admin puts in a folder; the store records each issue
//! (store/documents.rs) and the CLI ties them (cli/doc.rs). docs/DOCUMENTS.md explains.

pub mod fill;
pub mod font;
pub mod kind;
pub mod layout;
pub mod linebreak;
pub mod pdf;
pub mod template;

pub use kind::{DocKind, Numbering};

use fill::Fill;
use font::Metrics;
use layout::{lay_out, Block, Doc, Item, Page, Row};
use sha2::{Digest, Sha256};
use template::{Template, Templates};

/// The kind key of a whole dossier (案卷) in the issue records.
pub const DOSSIER: &str = "dossier";

/// Bumped when the layout or rendering changes what a document looks like: part of the content
/// digest, so a document made by a changed program is a new issue, not a "changed" old one.
const LAYOUT_VERSION: &str = "zhifa-documents-1";

/// A document made.
#[derive(Debug, Clone)]
pub struct Made {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks, drawn as boxes to be written in by hand.
    pub missing: Vec<char>,
}

/// The digest of what a document says: the values its template places (issue values aside:
/// number, code and date are given by the issue), the template's text and the layout version.
/// The same digest, the same document; a value the template does not show (the stage, today's
/// date) leaves it unchanged.
pub fn content_digest(
    stem: &str,
    template: &Template,
    fill: &Fill,
    templates: &Templates,
) -> String {
    let mut hasher = Sha256::new();
    let mut field = |label: &str, text: &str| {
        hasher.update(label.as_bytes());
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    };
    field("layout", LAYOUT_VERSION);
    field("kind", stem);
    let source_stem = if stem == DOSSIER { "dossier-cover" } else { stem };
    if let Some(source) = templates.sources.get(source_stem) {
        field("template", source);
    }
    for key in template.keys().iter().chain(&["dossier_documents"]) {
        if fill::ISSUE_KEYS.contains(key) {
            continue;
        }
        let value = fill.get(*key).or_else(|| templates.vars.get(*key));
        field(key, value.map_or("", String::as_str));
    }
    hex::encode(hasher.finalize())
}

/// The short check code printed on a document: eight characters of Crockford base 32 from the
/// digest of what identifies the issue, as XXXX-XXXX. The store keeps it unique.
pub fn check_code(case_id: i64, kind: &str, content: &str, salt: u32) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let digest = Sha256::digest(format!("{case_id}|{kind}|{content}|{salt}").as_bytes());
    let mut bits: u64 = 0;
    for byte in &digest[..5] {
        bits = (bits << 8) | u64::from(*byte);
    }
    let code: String =
        (0..8).rev().map(|i| char::from(ALPHABET[((bits >> (i * 5)) & 31) as usize])).collect();
    format!("{}-{}", &code[..4], &code[4..])
}

/// The SHA-256 of a file's bytes, as recorded.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// One document as laid-out text (the document, before pages): for previews and the dossier.
pub fn document(templates: &Templates, template: &Template, fill: &Fill) -> Doc {
    let number = fill.get("number").filter(|n| !n.is_empty()).cloned();
    templates.document(template, fill, number)
}

/// The PDF of one document.
pub fn make(doc: &Doc) -> Result<Made, pdf::PdfError> {
    let laid = lay_out(doc, Metrics::shipped());
    let pdf = pdf::render(&laid.pages, &doc.title, &doc.check_code)?;
    Ok(Made { pages: laid.pages.len(), pdf, missing: laid.missing })
}

/// The text of a document, page by page, as a reader would see it (previews, tests).
pub fn plain_text(doc: &Doc) -> String {
    let laid = lay_out(doc, Metrics::shipped());
    let mut out = String::new();
    for page in &laid.pages {
        for item in &page.items {
            if let Item::Text { text, .. } = item {
                out.push_str(text);
                out.push('\n');
            }
        }
        out.push('\u{c}');
    }
    out
}

/// One document of a dossier.
pub struct DossierEntry {
    pub label: String,
    pub number: String,
    pub doc: Doc,
}

/// The dossier (案卷) of one case: the cover, the table of contents (each document with its
/// number and first page), then every document as it prints alone; each page also carries its
/// place in the dossier (卷内第N页).
pub fn make_dossier(
    cover: Doc,
    entries: &[DossierEntry],
    check_code: &str,
) -> Result<Made, pdf::PdfError> {
    let metrics = Metrics::shipped();
    let cover = lay_out(&cover, metrics);
    let docs: Vec<_> = entries.iter().map(|e| lay_out(&e.doc, metrics)).collect();
    // The contents' length depends only on the number of entries, so lay it out once to count
    // its pages, then again with the page numbers.
    let contents = |first_pages: &[usize]| contents_doc(entries, first_pages, check_code);
    let toc_pages = lay_out(&contents(&vec![0; entries.len()]), metrics).pages.len();
    let mut next = cover.pages.len() + toc_pages + 1;
    let mut first_pages = Vec::new();
    for d in &docs {
        first_pages.push(next);
        next += d.pages.len();
    }
    let toc = lay_out(&contents(&first_pages), metrics);
    let mut pages: Vec<Page> = Vec::new();
    let mut missing = cover.missing.clone();
    pages.extend(cover.pages);
    pages.extend(toc.pages);
    for d in docs {
        pages.extend(d.pages);
        for ch in d.missing {
            if !missing.contains(&ch) {
                missing.push(ch);
            }
        }
    }
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        page.items.push(Item::Text {
            x: layout::LEFT,
            y: layout::PAGE_H - 32.0,
            size: 9.0,
            bold: false,
            text: format!("卷内第{}页 共{}页　案卷校验码 {check_code}", n + 1, total),
        });
    }
    let pdf = pdf::render(&pages, "行政处罚案卷", check_code)?;
    Ok(Made { pages: total, pdf, missing })
}

fn contents_doc(entries: &[DossierEntry], first_pages: &[usize], check_code: &str) -> Doc {
    let widths = vec![0.6, 3.0, 2.4, 0.8];
    let mut rows = vec![Row {
        cells: vec!["序号".into(), "文书名称".into(), "文号".into(), "页码".into()],
        widths: widths.clone(),
        min_height: 0.0,
    }];
    for (i, e) in entries.iter().enumerate() {
        rows.push(Row {
            cells: vec![
                format!("^{}", i + 1),
                e.label.clone(),
                e.number.clone(),
                format!("^{}", first_pages.get(i).copied().unwrap_or(0)),
            ],
            widths: widths.clone(),
            min_height: 0.0,
        });
    }
    Doc {
        organ: String::new(),
        title: "卷内文书目录".into(),
        number: None,
        blocks: vec![Block::Table(rows)],
        check_code: check_code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_codes_are_short_stable_and_differ_by_issue() {
        let a = check_code(1, "decision", "abc", 0);
        assert_eq!(a, check_code(1, "decision", "abc", 0));
        assert_eq!(a.len(), 9);
        assert_ne!(a, check_code(1, "decision", "abc", 1));
        assert_ne!(a, check_code(2, "decision", "abc", 0));
    }
}
