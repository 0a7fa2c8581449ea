//! The everyday-words lexicon: what officers and complainants type (狗, 摆摊, 渣土车, 群租房) to
//! the words the catalog uses (犬只, 摆卖, 建筑废弃物运输车辆, 非居住空间…出租用于居住).
//!
//! The project ships one (`db/lexicon/everyday.tsv`, embedded); a bureau adds its own words from
//! a file of the same format, which the store keeps (`zhifa catalog lexicon load`). Format and
//! use: docs/SEARCH.md. This module only parses and looks up; matching items through the lexicon
//! is the engine's `related` pass, which ranks such items below every direct match.

use super::normalize::{is_query_char, norm_char};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The lexicon shipped with zhifa.
pub const SHIPPED_TEXT: &str = include_str!("../../../../db/lexicon/everyday.tsv");
const SHIPPED_NAME: &str = "db/lexicon/everyday.tsv";

/// Longest everyday word, in chars (longer keys are refused: nobody types them as one word).
pub const MAX_KEY_CHARS: usize = 12;
/// Longest catalog word, in chars.
pub const MAX_TARGET_CHARS: usize = 24;
/// Catalog words one everyday word may stand for.
pub const MAX_TARGETS: usize = 8;

/// One line of a lexicon file: an everyday word and the catalog words it stands for, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconEntry {
    pub everyday: String,
    pub catalog: Vec<String>,
}

/// A line of a lexicon file that cannot be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} 第 {line} 行：{reason}")]
pub struct LexiconProblem {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// Reads a lexicon file: `everyday<TAB>catalog[|catalog…]` a line, `#` comments, blank lines.
/// Every problem is collected (file, line, reason); any problem means no entry is taken.
pub fn parse(file: &str, text: &str) -> Result<Vec<LexiconEntry>, Vec<LexiconProblem>> {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<Vec<char>, usize> = HashMap::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let problem = |reason: String| LexiconProblem { file: file.to_string(), line, reason };
        match parse_line(trimmed) {
            Ok(entry) => {
                let key = normalized_key(&entry.everyday);
                if let Some(first) = seen.insert(key, line) {
                    problems.push(problem(format!(
                        "日常用语“{}”在第 {first} 行已经有了",
                        entry.everyday
                    )));
                } else {
                    entries.push(entry);
                }
            }
            Err(reason) => problems.push(problem(reason)),
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
}

fn parse_line(line: &str) -> Result<LexiconEntry, String> {
    let columns: Vec<&str> = line.split('\t').collect();
    let [everyday, catalog] = columns[..] else {
        return Err(format!(
            "应为两列（日常用语、目录用语，以 Tab 分隔），实有 {} 列",
            columns.len()
        ));
    };
    let everyday = everyday.trim();
    let key = normalized_key(everyday);
    if key.is_empty() {
        return Err("日常用语为空".into());
    }
    if key.len() != everyday.chars().count() {
        return Err(format!("日常用语“{everyday}”只能含文字和数字（不含空格、标点）"));
    }
    if key.len() > MAX_KEY_CHARS {
        return Err(format!("日常用语“{everyday}”超过 {MAX_KEY_CHARS} 个字"));
    }
    let targets: Vec<String> =
        catalog.split('|').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect();
    if targets.is_empty() {
        return Err(format!("日常用语“{everyday}”没有目录用语"));
    }
    if targets.len() > MAX_TARGETS {
        return Err(format!("日常用语“{everyday}”的目录用语超过 {MAX_TARGETS} 个"));
    }
    if let Some(long) = targets.iter().find(|t| t.chars().count() > MAX_TARGET_CHARS) {
        return Err(format!("目录用语“{long}”超过 {MAX_TARGET_CHARS} 个字"));
    }
    Ok(LexiconEntry { everyday: everyday.to_string(), catalog: targets })
}

/// An everyday word as queries are normalised (letters, digits, ideographs; simplified).
fn normalized_key(word: &str) -> Vec<char> {
    word.chars().map(norm_char).filter(|&c| is_query_char(c)).collect()
}

/// Everyday words → catalog words, ready for lookup by the query's substrings.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Normalised everyday word → its entry's normalised catalog words.
    map: HashMap<Vec<char>, Vec<Vec<char>>>,
    /// The entries as written, shipped ones first, for `zhifa catalog lexicon show`.
    entries: Vec<(LexiconEntry, Origin)>,
    longest: usize,
}

/// Where an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Shipped,
    /// Loaded by an admin of this bureau.
    Added,
}

impl Lexicon {
    /// The shipped lexicon (parsed once; its test keeps it free of problems).
    pub fn shipped() -> Arc<Lexicon> {
        static SHIPPED: OnceLock<Arc<Lexicon>> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                let entries = parse(SHIPPED_NAME, SHIPPED_TEXT).unwrap_or_default();
                let mut lexicon = Lexicon::default();
                lexicon.extend(entries, Origin::Shipped);
                Arc::new(lexicon)
            })
            .clone()
    }

    /// No words at all (search then only matches what the catalog says).
    pub fn empty() -> Arc<Lexicon> {
        Arc::new(Lexicon::default())
    }

    /// The shipped lexicon with a bureau's additions on top: an added everyday word that the
    /// shipped lexicon also has adds its catalog words to the shipped ones.
    pub fn with_additions(additions: Vec<LexiconEntry>) -> Lexicon {
        let mut lexicon = (*Lexicon::shipped()).clone();
        lexicon.extend(additions, Origin::Added);
        lexicon
    }

    fn extend(&mut self, entries: Vec<LexiconEntry>, origin: Origin) {
        for entry in entries {
            let key = normalized_key(&entry.everyday);
            let targets = self.map.entry(key.clone()).or_default();
            for t in &entry.catalog {
                let t: Vec<char> = t.chars().map(norm_char).collect();
                if !targets.contains(&t) {
                    targets.push(t);
                }
            }
            self.longest = self.longest.max(key.len());
            self.entries.push((entry, origin));
        }
    }

    /// Catalog words for an (already normalised) everyday word.
    pub fn targets(&self, everyday: &[char]) -> Option<&[Vec<char>]> {
        if everyday.len() > self.longest {
            return None;
        }
        self.map.get(everyday).map(Vec::as_slice)
    }

    /// Longest everyday word, in chars.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Distinct everyday words.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Entries as written, with their origin.
    pub fn entries(&self) -> &[(LexiconEntry, Origin)] {
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lexicon_reads_without_a_problem_and_has_hundreds_of_words() {
        let entries = parse(SHIPPED_NAME, SHIPPED_TEXT).expect("shipped lexicon");
        assert!(entries.len() >= 400, "{} entries", entries.len());
        let lexicon = Lexicon::shipped();
        let dog: Vec<char> = "狗".chars().collect();
        let targets = lexicon.targets(&dog).expect("狗");
        assert!(targets.contains(&"犬只".chars().collect()));
    }

    #[test]
    fn problems_name_the_line_and_nothing_is_taken() {
        let text = "# comment\n狗\t犬只\n\n摆 摊\t摆卖\n渣土车\n泔水\t\n狗\t宠物\n";
        let problems = parse("mine.tsv", text).expect_err("bad lines");
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![4, 5, 6, 7]);
        assert!(problems[0].to_string().starts_with("mine.tsv 第 4 行"), "{}", problems[0]);
        assert!(problems[3].reason.contains("第 2 行"), "{}", problems[3].reason);
    }

    #[test]
    fn additions_extend_a_shipped_word_and_add_new_ones() {
        let added = parse("bureau.tsv", "狗\t狗只\n三无车\t拼装车辆|报废车辆\n").expect("file");
        let lexicon = Lexicon::with_additions(added);
        let key = |s: &str| s.chars().collect::<Vec<char>>();
        let dog = lexicon.targets(&key("狗")).expect("狗");
        assert!(dog.contains(&key("犬只")) && dog.contains(&key("狗只")));
        assert_eq!(lexicon.targets(&key("三无车")).map(<[_]>::len), Some(2));
        assert!(lexicon
            .entries()
            .iter()
            .any(|(e, o)| e.everyday == "三无车" && *o == Origin::Added));
    }

    #[test]
    fn traditional_and_full_width_everyday_words_are_normalised() {
        let lexicon = Lexicon::with_additions(parse("t.tsv", "攤檔\t摊点\n").expect("file"));
        assert!(lexicon.targets(&"摊档".chars().collect::<Vec<_>>()).is_some());
    }
}
