//! Law texts (`law::parse::parse_bytes`, docs/LAWS.md): a generated law reads back to the
//! articles, 款 and 项 written (numbers in Chinese numerals, 之一 articles, chapters, blank or
//! CRLF line ends); the same law with two articles swapped is refused naming the line of the
//! second; any bytes never panic and fail naming the file and a line within it.

use crate::gen::config;
use proptest::prelude::*;
use zhifa::law::numerals::to_chinese;
use zhifa::law::parse::parse_bytes;

/// One article as written: its 款, each with how many 项.
#[derive(Debug, Clone)]
struct Written {
    sub: u32,
    paragraphs: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
struct Law {
    title: String,
    /// Chapter headings before article i (0-based index into `articles`).
    chapters: Vec<usize>,
    articles: Vec<Written>,
    crlf: bool,
    blank_lines: bool,
}

impl Law {
    /// Article numbers in order: an article marked inserted is 之一, 之二 … of the plain one
    /// before it.
    fn numbers(&self) -> Vec<(u32, u32)> {
        let (mut n, mut sub) = (0, 0);
        self.articles
            .iter()
            .map(|a| {
                if a.sub == 0 || n == 0 {
                    (n, sub) = (n + 1, 0);
                } else {
                    sub += 1;
                }
                (n, sub)
            })
            .collect()
    }

    /// The text, and the 1-based line of each article's label.
    fn text(&self, order: &[usize]) -> (String, Vec<usize>) {
        let mut lines = vec![format!("# {}", self.title), "2021年1月22日 通过".to_string()];
        let gap = |lines: &mut Vec<String>, blank: bool| {
            if blank {
                lines.push(String::new());
            }
        };
        let numbers = self.numbers();
        let mut at = Vec::new();
        for &i in order {
            if self.chapters.contains(&i) {
                gap(&mut lines, self.blank_lines);
                lines.push(format!("## 第{}章 总则", to_chinese(i as u32 + 1)));
            }
            let (number, sub) = numbers[i];
            let mut label = format!("第{}条", to_chinese(number));
            if sub > 0 {
                label.push_str(&format!("之{}", to_chinese(sub)));
            }
            for (k, (words, items)) in self.articles[i].paragraphs.iter().enumerate() {
                gap(&mut lines, self.blank_lines);
                if k == 0 {
                    at.push(lines.len() + 1);
                    lines.push(format!("{label} {words}"));
                } else {
                    lines.push(words.clone());
                }
                for item in 1..=*items {
                    gap(&mut lines, self.blank_lines);
                    lines.push(format!("（{}）{words}项。", to_chinese(item as u32)));
                }
            }
        }
        let end = if self.crlf { "\r\n" } else { "\n" };
        (lines.join(end) + end, at)
    }
}

/// Words that start no article, heading or 项.
fn words() -> impl Strategy<Value = String> {
    "[\u{4E00}-\u{9FA5}]{1,12}[。；：]"
}

fn law() -> impl Strategy<Value = Law> {
    let article = (0_u32..3, prop::collection::vec((words(), 0_usize..4), 1..4))
        .prop_map(|(sub, paragraphs)| Written { sub: if sub == 2 { 1 } else { 0 }, paragraphs });
    (
        "[\u{4E00}-\u{9FA5}]{2,10}",
        prop::collection::vec(article, 1..40),
        prop::collection::vec(0_usize..40, 0..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(title, articles, chapters, crlf, blank_lines)| {
            let chapters = chapters.into_iter().filter(|c| *c < articles.len()).collect();
            Law { title: format!("{title}条例"), chapters, articles, crlf, blank_lines }
        })
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn a_generated_law_reads_back_as_written(law in law()) {
        let order: Vec<usize> = (0..law.articles.len()).collect();
        let (text, _) = law.text(&order);
        let parsed = parse_bytes("示例.md", text.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&parsed.title, &law.title);
        prop_assert_eq!(parsed.articles.len(), law.articles.len());
        for ((article, written), (number, sub)) in
            parsed.articles.iter().zip(&law.articles).zip(law.numbers())
        {
            prop_assert_eq!((article.no.number, article.no.sub), (number, sub));
            prop_assert_eq!(article.paragraphs.len(), written.paragraphs.len());
            for (p, (words, items)) in article.paragraphs.iter().zip(&written.paragraphs) {
                prop_assert_eq!(&p.text, words);
                prop_assert_eq!(p.items.len(), *items);
            }
        }
    }

    #[test]
    fn two_articles_out_of_order_are_refused_at_the_second(law in law(), pick in any::<prop::sample::Index>()) {
        prop_assume!(law.articles.len() >= 2);
        let i = pick.index(law.articles.len() - 1);
        let numbers = law.numbers();
        prop_assume!(numbers[i] != numbers[i + 1]);
        let mut order: Vec<usize> = (0..law.articles.len()).collect();
        order.swap(i, i + 1);
        let (text, at) = law.text(&order);
        let refused = parse_bytes("乱序.md", text.as_bytes()).err();
        let Some(e) = refused else { return Err(TestCaseError::fail(format!("read:\n{text}"))) };
        prop_assert_eq!(e.line, at[i + 1], "{}\n{}", e, text);
        prop_assert!(e.to_string().starts_with("乱序.md: line "), "{}", e);
    }

    #[test]
    fn any_bytes_never_panic_and_fail_at_a_line(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Err(e) = parse_bytes("任意.md", &bytes) {
            let lines = bytes.iter().filter(|b| **b == b'\n').count() + 1;
            prop_assert!(e.line >= 1 && e.line <= lines, "{} of {}", e.line, lines);
            prop_assert!(e.to_string().starts_with("任意.md: line "), "{}", e);
        }
    }

    #[test]
    fn any_text_of_law_like_lines_never_panics(lines in prop::collection::vec(
        prop::sample::select(vec![
            "# 法", "## 第一章", "### 第一节", "##### 深", "第一条 甲。", "第二条之一 乙。",
            "第三人不参加", "（一）子；", "(二)丑。", "", "\u{200B}", "　", "<!-- x -->", "第条 空",
            "第十百条 错", "乙款。",
        ]), 0..30)) {
        let text = lines.join("\n");
        let _ = parse_bytes("x.md", text.as_bytes());
    }
}
