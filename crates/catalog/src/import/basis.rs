//! Legal-basis cells split into provisions: `《城市道路管理条例》第二十七条第一款第（三）项 text`
//! becomes law + article 27 + paragraph 1 + item 3 + text; citations joined with `；`, line
//! breaks or `1．`/`2．` enumerations become several provisions.
//!
//! Splitting is all-or-nothing: if any part of a cell does not start with a citation the cell
//! stays verbatim in `basis.text`, because a half-split basis would silently drop words. This
//! module does not look laws up in `law/`, and it never rewrites provision text.

use super::fines::parse_amount;
use zhifa_core::domain::catalog::{LegalBasis, Provision};

/// Words that mark a provision as the one setting the penalty (法律责任), not the duty violated.
const PENALTY_WORDS: &[&str] =
    &["罚款", "处罚", "警告", "没收", "吊销", "责令停产", "责令停业", "拘留", "通报批评", "暂扣"];

/// Which part of [`LegalBasis`] a column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasisKind {
    Violated,
    Penalty,
    /// 设定依据/实施依据/法律依据: each provision classified by its words.
    Either,
}

/// Adds the cell `text` to `basis`. `law` is the regulation named in another column (法规规章),
/// used when a citation gives only 第X条.
pub fn add_basis(basis: &mut LegalBasis, kind: BasisKind, text: &str, law: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let Some(provisions) = split_provisions(text, law) else {
        if !basis.text.is_empty() {
            basis.text.push('\n');
        }
        basis.text.push_str(text);
        return;
    };
    for provision in provisions {
        let is_penalty = match kind {
            BasisKind::Violated => false,
            BasisKind::Penalty => true,
            BasisKind::Either => sets_penalty(&provision),
        };
        if is_penalty {
            basis.penalty.push(provision);
        } else {
            basis.violated.push(provision);
        }
    }
}

/// A provision with no text cannot be classified by words; a 设定依据 names the provision that
/// sets the power, so it counts as the penalty provision.
fn sets_penalty(provision: &Provision) -> bool {
    provision.text.is_empty() || PENALTY_WORDS.iter().any(|w| provision.text.contains(w))
}

/// Splits a basis cell into provisions, or `None` when some part is not a citation.
pub fn split_provisions(text: &str, default_law: &str) -> Option<Vec<Provision>> {
    let mut provisions = Vec::new();
    let mut current_law = strip_title_marks(default_law).to_string();
    for segment in segments(text) {
        let provision = parse_citation(&segment, &current_law)?;
        current_law = provision.law.clone();
        provisions.push(provision);
    }
    (!provisions.is_empty()).then_some(provisions)
}

/// Splits on `；`, `;` and line breaks, and before `2．`-style enumerations; a piece that does not
/// start a citation is glued back to the one before it (provision texts contain `；` too).
fn segments(text: &str) -> Vec<String> {
    let marked = mark_enumerations(text);
    let mut out: Vec<String> = Vec::new();
    for piece in marked.split_inclusive(['；', ';', '\n']) {
        let stripped = strip_enumerator(piece.trim());
        if starts_citation(stripped) || out.is_empty() {
            out.push(stripped.to_string());
        } else if let Some(last) = out.last_mut() {
            last.push_str(piece.trim_end_matches('\n'));
        }
    }
    out.into_iter()
        .map(|s| s.trim().trim_end_matches(['；', ';']).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Puts a line break before `2．第…` / `2.《…` when it follows `。` or `；`, so each enumerated
/// citation becomes its own piece.
fn mark_enumerations(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in chars.iter().enumerate() {
        let after_stop = i > 0 && matches!(chars[i - 1], '。' | '；' | ';');
        if after_stop && c.is_ascii_digit() && enumerator_len(&chars[i..]).is_some() {
            out.push('\n');
        }
        out.push(*c);
    }
    out
}

/// `1．`, `2.`, `3、` followed by a citation start: the length of the enumerator.
fn enumerator_len(chars: &[char]) -> Option<usize> {
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mark = chars.get(digits)?;
    let next = chars.get(digits + 1)?;
    (digits > 0 && digits < 3 && matches!(mark, '．' | '.' | '、') && matches!(next, '《' | '第'))
        .then_some(digits + 1)
}

fn strip_enumerator(text: &str) -> &str {
    let chars: Vec<char> = text.chars().collect();
    match enumerator_len(&chars) {
        Some(len) => {
            let bytes: usize = chars[..len].iter().map(|c| c.len_utf8()).sum();
            &text[bytes..]
        }
        None => text,
    }
}

fn starts_citation(text: &str) -> bool {
    let text = strip_enumerator(text.trim());
    text.starts_with('《') || (text.starts_with('第') && numbered(text, '条').is_some())
}

/// Parses `《law》第N条第N款第（N）项[：]text`; `None` if the text starts with neither a law nor
/// an article.
fn parse_citation(segment: &str, default_law: &str) -> Option<Provision> {
    let mut rest = segment.trim();
    let mut law = String::new();
    if let Some(after) = rest.strip_prefix('《') {
        let end = after.find('》')?;
        law = after[..end].to_string();
        // A title holding another 《 is no citation (a stray mark, lines run together): the
        // cell is kept whole rather than a law name invented from its pieces.
        if law.contains('《') {
            return None;
        }
        rest = &after[end + '》'.len_utf8()..];
    }
    let article = take_numbered(&mut rest, '条');
    let paragraph = article.and_then(|_| take_numbered(&mut rest, '款'));
    let item = article.and_then(|_| take_numbered(&mut rest, '项'));
    if law.is_empty() && article.is_none() {
        return None;
    }
    if law.is_empty() {
        law = default_law.to_string();
    }
    let text = rest.trim_start_matches(['：', ':', '，', ',', ' ']).trim().to_string();
    Some(Provision { law, article, paragraph, item, text })
}

fn strip_title_marks(law: &str) -> &str {
    law.trim().trim_start_matches('《').trim_end_matches('》')
}

/// Takes `第N<unit>` (N in Chinese or Arabic numerals, optionally in （）) from the front of `rest`.
fn take_numbered(rest: &mut &str, unit: char) -> Option<u32> {
    let (value, len) = numbered(rest, unit)?;
    *rest = &rest[len..];
    Some(value)
}

/// The value and byte length of a leading `第N<unit>`.
fn numbered(text: &str, unit: char) -> Option<(u32, usize)> {
    let after = text.strip_prefix('第')?;
    let end = after.find(unit)?;
    let inner = after[..end].trim_matches(['（', '）', '(', ')', ' ']);
    if inner.is_empty() || inner.chars().count() > 8 {
        return None;
    }
    let value = u32::try_from(parse_amount(inner)?).ok()?;
    Some((value, '第'.len_utf8() + end + unit.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(
        law: &str,
        article: Option<u32>,
        paragraph: Option<u32>,
        item: Option<u32>,
        text: &str,
    ) -> Provision {
        Provision { law: law.into(), article, paragraph, item, text: text.into() }
    }

    fn check(input: &str, law: &str, expected: Option<Vec<Provision>>) {
        assert_eq!(split_provisions(input, law), expected, "{input}");
    }

    #[test]
    fn one_citation_with_paragraph_and_item() {
        check(
            "《城市道路管理条例》第二十七条第一款第（三）项 擅自占用城市道路的",
            "",
            Some(vec![p("城市道路管理条例", Some(27), Some(1), Some(3), "擅自占用城市道路的")]),
        );
        check("《广告法》第58条", "", Some(vec![p("广告法", Some(58), None, None, "")]));
    }

    #[test]
    fn several_citations() {
        check(
            "《城市道路管理条例》第二十七条；《城市道路管理条例》第四十二条第一款：处以罚款",
            "",
            Some(vec![
                p("城市道路管理条例", Some(27), None, None, ""),
                p("城市道路管理条例", Some(42), Some(1), None, "处以罚款"),
            ]),
        );
    }

    #[test]
    fn article_only_citations_take_the_law_column() {
        check(
            "第十三条第二款：责任主体不履行主体责任的；逾期未改正的，处二千元以上二万元以下罚款。",
            "《深圳经济特区市容和环境卫生管理条例》",
            Some(vec![p(
                "深圳经济特区市容和环境卫生管理条例",
                Some(13),
                Some(2),
                None,
                "责任主体不履行主体责任的；逾期未改正的，处二千元以上二万元以下罚款。",
            )]),
        );
        check(
            "1．第二十六条第一款：不得擅自迁移。2．第四十一条第四项：违反本办法第二十六条第一款规定的，处罚款；",
            "深圳市城市照明管理办法",
            Some(vec![
                p("深圳市城市照明管理办法", Some(26), Some(1), None, "不得擅自迁移。"),
                p("深圳市城市照明管理办法", Some(41), None, Some(4), "违反本办法第二十六条第一款规定的，处罚款"),
            ]),
        );
    }

    #[test]
    fn unsplittable_text_stays_whole() {
        check("依据有关法律法规", "", None);
        check("《条例》第38/40条", "", Some(vec![p("条例", None, None, None, "第38/40条")]));
        // Found by the property test: lines run together must not make a law name of pieces.
        assert_eq!(split_provisions("《第\na《伀伀》第一条", ""), None);
        let mut basis = LegalBasis::default();
        add_basis(&mut basis, BasisKind::Either, "按照相关规定执行", "");
        assert_eq!(basis.text, "按照相关规定执行");
    }

    #[test]
    fn either_column_classifies_by_words() {
        let mut basis = LegalBasis::default();
        add_basis(
            &mut basis,
            BasisKind::Either,
            "1．第二十六条第一款：任何单位不得擅自迁移。2．第四十一条第四项：对单位处20000元罚款；",
            "深圳市城市照明管理办法",
        );
        assert_eq!(basis.violated.len(), 1);
        assert_eq!(basis.penalty.len(), 1);
        assert_eq!(basis.penalty[0].article, Some(41));
    }
}

#[cfg(test)]
mod properties;
