//! Document templates: one TOML file per kind (db/documents/KIND.toml, shipped in the binary)
//! and bureau.toml (the organ's name and the wording every document shares). An admin adjusts
//! them without rebuilding by putting a file of the same name in the override folder
//! (`[casework] documents_dir`); docs/DOCUMENTS.md describes the format.
//!
//! A template names the values it places as `{key}`; a key that no fill holds is refused when
//! the template is read, naming the file and the key, so a typo never prints as a blank.

use super::fill::{Fill, ISSUE_KEYS, KEYS};
use super::kind::DocKind;
use super::layout::{Block, Doc, Row};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What is written where a value is missing: a line to write on.
pub const BLANK: &str = "＿＿＿＿＿＿";

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../db/documents/", $name, ".toml")))),*]
    };
}

/// The shipped templates by file stem.
const SHIPPED: &[(&str, &str)] = shipped!(
    "bureau",
    "filing-approval",
    "inspection-record",
    "inquiry-record",
    "correction-order",
    "prior-notice",
    "hearing-notice",
    "decision",
    "on-the-spot-decision",
    "service-receipt",
    "reminder",
    "closing-approval",
    "dossier-cover",
);

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct TemplateError {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct BureauFile {
    vars: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub title: String,
    /// Print the organ's name above the title.
    #[serde(default = "yes")]
    pub organ_header: bool,
    #[serde(default, rename = "block")]
    pub blocks: Vec<TemplateBlock>,
}

fn yes() -> bool {
    true
}

impl Template {
    /// Every value the template places or tests (`{key}`, `when`, `unless`), each once, sorted.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = keys_in(&self.title);
        for b in &self.blocks {
            keys.extend(b.para.as_deref().map(keys_in).unwrap_or_default());
            keys.extend(b.when.as_deref().into_iter().chain(b.unless.as_deref()));
            for r in &b.rows {
                keys.extend(r.cells.iter().flat_map(|c| keys_in(c)));
            }
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// One block; exactly one of `para`, `table`, `ruled`, `gap`, `page_break` is given.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateBlock {
    pub para: Option<String>,
    #[serde(default)]
    pub indent: bool,
    #[serde(default, rename = "row")]
    pub rows: Vec<TemplateRow>,
    pub ruled: Option<u32>,
    pub gap: Option<f32>,
    #[serde(default)]
    pub page_break: bool,
    /// Only when this value is not empty.
    pub when: Option<String>,
    /// Only when this value is empty.
    pub unless: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateRow {
    pub cells: Vec<String>,
    pub widths: Option<Vec<f32>>,
    /// The least height, in points.
    #[serde(default)]
    pub height: f32,
}

/// The templates in use: the shipped ones, each replaced by a file of the same name in the
/// override folder.
#[derive(Debug, Clone)]
pub struct Templates {
    pub vars: BTreeMap<String, String>,
    kinds: BTreeMap<String, Template>,
    /// The text of every template in use, for the content digest (a changed wording is a
    /// different document).
    pub sources: BTreeMap<String, String>,
}

impl Templates {
    /// The shipped templates, with overrides from `dir` (if given and present).
    pub fn load(dir: Option<&Path>) -> Result<Templates, TemplateError> {
        // A folder named but absent is a mistake to say, not a reason to print the defaults.
        if let Some(dir) = dir.filter(|d| !d.is_dir()) {
            return Err(TemplateError {
                file: dir.display().to_string(),
                reason: "the documents_dir of [casework] is not a folder".into(),
            });
        }
        let mut sources = BTreeMap::new();
        for (stem, text) in SHIPPED {
            let mut file = format!("db/documents/{stem}.toml");
            let mut text = text.to_string();
            if let Some(dir) = dir {
                let path = dir.join(format!("{stem}.toml"));
                if path.exists() {
                    text = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                        file: path.display().to_string(),
                        reason: e.to_string(),
                    })?;
                    file = path.display().to_string();
                }
            }
            sources.insert(stem.to_string(), (file, text));
        }
        let (bureau_file, bureau_text) = &sources["bureau"];
        let bureau: BureauFile = toml::from_str(bureau_text)
            .map_err(|e| TemplateError { file: bureau_file.clone(), reason: e.to_string() })?;
        let mut kinds = BTreeMap::new();
        for (stem, (file, text)) in &sources {
            if stem == "bureau" {
                continue;
            }
            let template: Template = toml::from_str(text)
                .map_err(|e| TemplateError { file: file.clone(), reason: e.to_string() })?;
            check_keys(&template, &bureau.vars)
                .map_err(|reason| TemplateError { file: file.clone(), reason })?;
            kinds.insert(stem.clone(), template);
        }
        let sources = sources.into_iter().map(|(k, (_, text))| (k, text)).collect();
        Ok(Templates { vars: bureau.vars, kinds, sources })
    }

    pub fn of(&self, kind: DocKind) -> Option<&Template> {
        self.kinds.get(kind.key())
    }

    pub fn dossier_cover(&self) -> Option<&Template> {
        self.kinds.get("dossier-cover")
    }

    /// The organ's name (`organ` in bureau.toml).
    pub fn organ(&self) -> &str {
        self.vars.get("organ").map_or("", String::as_str)
    }

    /// `template` filled with `fill` (and the bureau's values) as a document ready to lay out.
    pub fn document(&self, template: &Template, fill: &Fill, number: Option<String>) -> Doc {
        let value = |key: &str| -> String {
            fill.get(key).or_else(|| self.vars.get(key)).cloned().unwrap_or_default()
        };
        let mut blocks = Vec::new();
        for b in &template.blocks {
            if b.when.as_deref().is_some_and(|k| value(k).is_empty())
                || b.unless.as_deref().is_some_and(|k| !value(k).is_empty())
            {
                continue;
            }
            if let Some(text) = &b.para {
                blocks.push(Block::Para { text: substitute(text, &value), indent: b.indent });
            } else if !b.rows.is_empty() {
                blocks.push(Block::Table(b.rows.iter().map(|r| row(r, &value)).collect()));
            } else if let Some(n) = b.ruled {
                blocks.push(Block::Ruled(n));
            } else if let Some(points) = b.gap {
                blocks.push(Block::Gap(points));
            } else if b.page_break {
                blocks.push(Block::PageBreak);
            }
        }
        Doc {
            organ: if template.organ_header { self.organ().to_string() } else { String::new() },
            title: substitute(&template.title, &value),
            number,
            blocks,
            check_code: fill.get("check_code").cloned().unwrap_or_default(),
        }
    }
}

fn row(r: &TemplateRow, value: &dyn Fn(&str) -> String) -> Row {
    let n = r.cells.len();
    let widths = r.widths.clone().unwrap_or_else(|| match n {
        2 => vec![1.0, 4.0],
        4 => vec![1.0, 2.0, 1.0, 2.0],
        6 => vec![1.0, 1.6, 1.0, 1.6, 1.0, 1.6],
        _ => vec![1.0; n],
    });
    Row {
        cells: r.cells.iter().map(|c| substitute(c, value)).collect(),
        widths,
        min_height: r.height,
    }
}

/// `text` with each `{key}` replaced by its value, or a blank line to write on.
pub fn substitute(text: &str, value: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let v = value(&after[..close]);
        out.push_str(if v.is_empty() { BLANK } else { &v });
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The `{key}`s of `text`.
fn keys_in(text: &str) -> Vec<&str> {
    text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(k, _)| k)).collect()
}

fn check_keys(template: &Template, vars: &BTreeMap<String, String>) -> Result<(), String> {
    let known = |k: &str| KEYS.contains(&k) || ISSUE_KEYS.contains(&k) || vars.contains_key(k);
    let mut texts: Vec<&str> = vec![&template.title];
    for b in &template.blocks {
        texts.extend(b.para.as_deref());
        texts.extend(b.when.as_deref().into_iter().chain(b.unless.as_deref()).map(|_| ""));
        for r in &b.rows {
            texts.extend(r.cells.iter().map(String::as_str));
        }
        for k in b.when.iter().chain(&b.unless) {
            if !known(k) {
                return Err(format!("unknown value “{k}” in when/unless"));
            }
        }
        let kinds = [
            b.para.is_some(),
            !b.rows.is_empty(),
            b.ruled.is_some(),
            b.gap.is_some(),
            b.page_break,
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err("a [[block]] holds exactly one of para, row, ruled, gap, page_break".into());
        }
    }
    for text in texts {
        if let Some(k) = keys_in(text).into_iter().find(|k| !known(k)) {
            return Err(format!("unknown value “{{{k}}}” (known: see docs/DOCUMENTS.md)"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_templates_read_and_name_only_known_values() {
        let templates = Templates::load(None).expect("shipped templates");
        for kind in DocKind::ALL {
            assert!(templates.of(kind).is_some(), "no template for {}", kind.key());
        }
        assert!(!templates.organ().is_empty());
    }

    #[test]
    fn an_override_replaces_the_wording_and_a_typo_is_refused_by_file_and_key() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("bureau.toml"), "[vars]\norgan = \"临江市综合行政执法局\"\npay_place = \"x\"\nreview_organ = \"y\"\ncourt = \"z\"\naddress = \"a\"\nphone = \"p\"\n").expect("write");
        let templates = Templates::load(Some(dir.path())).expect("override");
        assert_eq!(templates.organ(), "临江市综合行政执法局");
        std::fs::write(
            dir.path().join("decision.toml"),
            "title = \"决定书\"\n[[block]]\npara = \"当事人：{party_nmae}\"\n",
        )
        .expect("write");
        let err = Templates::load(Some(dir.path())).expect_err("typo refused");
        assert!(err.file.ends_with("decision.toml"), "{err}");
        assert!(err.reason.contains("party_nmae"), "{err}");
        let absent = Templates::load(Some(&dir.path().join("nowhere"))).expect_err("absent folder");
        assert!(absent.file.ends_with("nowhere"), "{absent}");
    }

    #[test]
    fn missing_values_become_lines_to_write_on() {
        let value = |k: &str| if k == "a" { "甲".to_string() } else { String::new() };
        assert_eq!(substitute("{a}与{b}", &value), format!("甲与{BLANK}"));
    }
}
