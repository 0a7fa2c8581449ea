//! A law file (docs/LAWS.md) → [`LawText`]. Every line is one paragraph: the `# title`, headings
//! (`##` chapters, `###`/`####` sections), 第X条 starting an article, （一）/(一) lines its 项,
//! any other line a further 款 of the article before it. Lines before the first heading or
//! article are the preamble (adoption, amendments); `<!-- … -->` lines are comments.
//!
//! A file that cannot be read this way is refused at its first bad line, naming the line and why
//! — nothing half-read is kept. The checks are those a damaged or foreign file fails: no title,
//! text outside any article, articles out of order or repeated, 项 repeated or going back.

use super::numerals;
use super::{Article, ArticleNo, Item, LawText, Paragraph};

/// The largest law file read (the longest code, 民事诉讼法, is about 0.2 MB).
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// Why a law file was refused, at which line (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: line {line}: {}", .problem.en())]
pub struct LawFileError {
    pub file: String,
    pub line: usize,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    TooLarge(usize),
    NotUtf8,
    NoTitle,
    SecondTitle,
    HeadingTooDeep,
    EmptyHeading,
    /// Text after a heading that starts no article.
    OutsideArticle,
    /// A 项 line with no article before it.
    ItemOutsideArticle,
    ArticleOrder {
        after: ArticleNo,
        found: ArticleNo,
    },
    ItemOrder {
        expected: u32,
        found: u32,
    },
    NoArticles,
}

impl Problem {
    pub fn en(&self) -> String {
        match self {
            Problem::TooLarge(n) => format!("{n} bytes, more than a law file holds ({MAX_BYTES})"),
            Problem::NotUtf8 => "not UTF-8 text (save the file as UTF-8)".into(),
            Problem::NoTitle => "the first line must be the title: `# name of the law`".into(),
            Problem::SecondTitle => "a second `# title`: one file holds one law".into(),
            Problem::HeadingTooDeep => "headings go down to `####` (chapter, section)".into(),
            Problem::EmptyHeading => "a heading with no text".into(),
            Problem::OutsideArticle => {
                "text after a heading must start an article (第X条 followed by a space)".into()
            }
            Problem::ItemOutsideArticle => "an item （一） before any article".into(),
            Problem::ArticleOrder { after, found } => format!(
                "{} after {}: articles must follow in order, each once",
                found.label_en(),
                after.label_en()
            ),
            Problem::ItemOrder { expected, found } => {
                format!("item ({found}) where item ({expected}) or a later one should come")
            }
            Problem::NoArticles => "no article (a line starting 第X条 and a space)".into(),
        }
    }

    pub fn zh(&self) -> String {
        match self {
            Problem::TooLarge(n) => format!("{n} 字节，超过法规文件的上限（{MAX_BYTES}）"),
            Problem::NotUtf8 => "不是 UTF-8 文本（请另存为 UTF-8）".into(),
            Problem::NoTitle => "第一行应为标题：`# 法规名称`".into(),
            Problem::SecondTitle => "出现第二个 `# 标题`：一个文件只能有一部法规".into(),
            Problem::HeadingTooDeep => "标题最多到 `####`（章、节）".into(),
            Problem::EmptyHeading => "标题没有文字".into(),
            Problem::OutsideArticle => "标题之后的文字应以条开头（第X条 加空格）".into(),
            Problem::ItemOutsideArticle => "项（一）出现在任何一条之前".into(),
            Problem::ArticleOrder { after, found } => format!(
                "{}出现在{}之后：各条应按顺序、各出现一次",
                found.label_zh(),
                after.label_zh()
            ),
            Problem::ItemOrder { expected, found } => format!(
                "第（{}）项出现在应为第（{}）项之处（项号应递增）",
                numerals::to_chinese(*found),
                numerals::to_chinese(*expected)
            ),
            Problem::NoArticles => "没有任何一条（以 第X条 加空格 开头的行）".into(),
        }
    }
}

impl LawFileError {
    pub fn message_zh(&self) -> String {
        format!("{}：第 {} 行：{}", self.file, self.line, self.problem.zh())
    }
}

/// Reads the bytes of `file`: UTF-8 (a BOM allowed), then [`parse`].
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<LawText, LawFileError> {
    let error = |line, problem| LawFileError { file: file.to_string(), line, problem };
    if bytes.len() > MAX_BYTES {
        return Err(error(1, Problem::TooLarge(bytes.len())));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(file, text),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count();
            Err(error(line, Problem::NotUtf8))
        }
    }
}

/// Parses the text of a law file named `file` (the name only appears in errors).
pub fn parse(file: &str, text: &str) -> Result<LawText, LawFileError> {
    let mut reader = Reader::default();
    let mut last_line = 0;
    for (i, raw) in text.split('\n').enumerate() {
        last_line = i + 1;
        let line = clean(raw);
        if line.is_empty() || (line.starts_with("<!--") && line.ends_with("-->")) {
            continue;
        }
        reader.line(line).map_err(|problem| LawFileError {
            file: file.to_string(),
            line: i + 1,
            problem,
        })?;
    }
    reader.finish().map_err(|problem| LawFileError {
        file: file.to_string(),
        line: last_line.max(1),
        problem,
    })
}

/// The line without surrounding blanks: spaces, U+3000, and the invisible U+200B / U+FEFF some
/// published texts carry.
fn clean(raw: &str) -> &str {
    raw.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}'))
}

#[derive(Default)]
struct Reader {
    title: Option<String>,
    preamble: Vec<String>,
    /// Chapter, section, subsection: the headings in force.
    headings: [String; 3],
    articles: Vec<Article>,
    /// A heading came after the last article: the next line must start one.
    after_heading: bool,
}

impl Reader {
    fn line(&mut self, line: &str) -> Result<(), Problem> {
        if self.title.is_none() {
            let title = line.strip_prefix("# ").map(clean).filter(|t| !t.is_empty());
            self.title = Some(title.ok_or(Problem::NoTitle)?.to_string());
            return Ok(());
        }
        if line.starts_with('#') {
            return self.heading(line);
        }
        if let Some((no, rest)) = article_start(line) {
            return self.article(no, rest);
        }
        if let Some(number) = item_number(line) {
            return self.item(number, line);
        }
        if self.after_heading {
            return Err(Problem::OutsideArticle);
        }
        match self.articles.last_mut() {
            Some(article) => {
                article.paragraphs.push(Paragraph { text: line.into(), items: vec![] })
            }
            None => self.preamble.push(line.to_string()),
        }
        Ok(())
    }

    fn heading(&mut self, line: &str) -> Result<(), Problem> {
        let level = line.chars().take_while(|c| *c == '#').count();
        let text = clean(&line[level..]);
        match level {
            1 => return Err(Problem::SecondTitle),
            2..=4 => {}
            _ => return Err(Problem::HeadingTooDeep),
        }
        if text.is_empty() {
            return Err(Problem::EmptyHeading);
        }
        self.headings[level - 2] = text.to_string();
        for deeper in &mut self.headings[level - 1..] {
            deeper.clear();
        }
        self.after_heading = true;
        Ok(())
    }

    fn article(&mut self, no: ArticleNo, rest: &str) -> Result<(), Problem> {
        if let Some(last) = self.articles.last() {
            if no <= last.no {
                return Err(Problem::ArticleOrder { after: last.no, found: no });
            }
        }
        let heading =
            self.headings.iter().filter(|h| !h.is_empty()).cloned().collect::<Vec<_>>().join(" ");
        self.articles.push(Article {
            no,
            heading,
            paragraphs: vec![Paragraph { text: rest.to_string(), items: vec![] }],
        });
        self.after_heading = false;
        Ok(())
    }

    fn item(&mut self, number: u32, line: &str) -> Result<(), Problem> {
        if self.after_heading {
            return Err(Problem::OutsideArticle);
        }
        let Some(article) = self.articles.last_mut() else {
            if self.headings.iter().any(|h| !h.is_empty()) {
                return Err(Problem::ItemOutsideArticle);
            }
            self.preamble.push(line.to_string());
            return Ok(());
        };
        // An article always has its first 款.
        let Some(paragraph) = article.paragraphs.last_mut() else {
            return Err(Problem::ItemOutsideArticle);
        };
        // Numbers must rise within a 款; a gap is allowed (a published text that lost a line
        // still reads, with the 项 it has under their own numbers).
        let expected = paragraph.items.last().map_or(1, |i| i.number + 1);
        if number < expected {
            return Err(Problem::ItemOrder { expected, found: number });
        }
        paragraph.items.push(Item { number, text: line.to_string() });
        Ok(())
    }

    fn finish(self) -> Result<LawText, Problem> {
        let title = self.title.ok_or(Problem::NoTitle)?;
        if self.articles.is_empty() {
            return Err(Problem::NoArticles);
        }
        Ok(LawText { title, preamble: self.preamble, articles: self.articles })
    }
}

/// `第十二条之一 text` → (12-1, "text"); the label must be followed by a blank or end the line,
/// so a 款 that starts 第三人… or 第八十二条规定… is no article.
pub fn article_start(line: &str) -> Option<(ArticleNo, &str)> {
    let after = line.strip_prefix('第')?;
    let end = after.find('条')?;
    let number = numerals::parse(&after[..end])?;
    let mut rest = &after[end + '条'.len_utf8()..];
    let mut sub = 0;
    if let Some(tail) = rest.strip_prefix('之') {
        let digits = tail.chars().take_while(|c| numerals::parse(&c.to_string()).is_some()).count();
        let bytes: usize = tail.chars().take(digits).map(char::len_utf8).sum();
        sub = numerals::parse(&tail[..bytes])?;
        rest = &tail[bytes..];
    }
    if !(rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace())) {
        return None;
    }
    Some((ArticleNo { number, sub }, clean(rest)))
}

/// The number of a `（一）…` / `(一)…` line.
fn item_number(line: &str) -> Option<u32> {
    let inner = line.strip_prefix(['（', '('])?;
    let end = inner.find(['）', ')'])?;
    numerals::parse(&inner[..end])
}

#[cfg(test)]
mod tests;
