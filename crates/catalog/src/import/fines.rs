//! Fine amounts and ranges in published penalty text: 处二千元以上二万元以下罚款, 两千元, 一万五千元,
//! 1万元, 20000元, 对个人处五十元罚款，对单位处五万元罚款.
//!
//! Pure and shared: import uses it for 处罚种类及幅度 and 处罚标准, casework will use it to check an
//! amount. Rules (also in `docs/catalog-format.md`):
//! - `X元以上Y元以下`, `X至Y元`, `X-Y元` give X–Y; a lone `X元` gives X–X; `X元以下` alone gives
//!   0–X (no statutory minimum: the law sets only a ceiling).
//! - `X元以上` with no ceiling, and any amount per unit (每平方米, 每处, 每日), multiple (倍) or
//!   percentage (百分之, %) make the whole text yield no range: an overall range computed from the
//!   other clauses would be a guess, and a wrong range is worse than none.
//! - A clause naming 个人 or 单位 (企业, 法人, 组织) gives a range for that party; the party holds
//!   until the next `；`/`。`. Amounts without a party make up the overall range; several clauses
//!   are joined into their envelope (lowest minimum, highest maximum). A clause `对……处` without a
//!   party word ends the party; fines on 直接负责的主管人员/直接责任人员 (staff of the party) are left
//!   out.
//!
//! It does not read penalty kinds (警告, 没收 …) and never invents a range from words it does not
//! know.

use super::table::fold_width;
use zhifa_core::domain::catalog::{PartyFine, PartyKind, Yuan};

/// What a penalty text says about fines in yuan. Both empty means "no yuan range stated".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FineParse {
    /// The range that applies to every party.
    pub overall: Option<(Yuan, Yuan)>,
    /// Ranges stated for one kind of party, in order of first mention.
    pub by_party: Vec<PartyFine>,
}

impl FineParse {
    pub fn is_empty(&self) -> bool {
        self.overall.is_none() && self.by_party.is_empty()
    }

    /// The lowest minimum and highest maximum of every range stated, for any party.
    pub fn envelope(&self) -> Option<(Yuan, Yuan)> {
        let ranges = self.overall.into_iter().chain(self.by_party.iter().map(|p| (p.min, p.max)));
        ranges.reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
    }

    /// The one range a tier or simple item can carry: the overall range, or the only party's.
    pub fn single(&self) -> Option<(Yuan, Yuan)> {
        match (self.overall, self.by_party.as_slice()) {
            (Some(range), _) => Some(range),
            (None, [only]) => Some((only.min, only.max)),
            _ => None,
        }
    }
}

/// Parses the fine ranges a penalty text states; see the module doc for the rules.
pub fn parse_fine_text(text: &str) -> FineParse {
    let text = normalise(text);
    if is_not_a_yuan_range(&text) {
        return FineParse::default();
    }
    let mut found: Vec<(Option<PartyKind>, Yuan, Yuan)> = Vec::new();
    for sentence in text.split(['；', ';', '。']) {
        let mut party = None;
        for clause in sentence.split(['，', ',', '：', ':']) {
            party = match clause_party(clause) {
                Some(kind) => Some(kind),
                None if names_someone(clause) => None,
                None => party,
            };
            if names_staff(clause) {
                continue;
            }
            match amounts_in(clause) {
                Some(ranges) => found.extend(ranges.into_iter().map(|(a, b)| (party, a, b))),
                None => return FineParse::default(),
            }
        }
    }
    collect(&found)
}

/// Parses one amount: Chinese numerals (二千, 两万五千, 一百万, 十五万), Arabic (20000, 1.5万,
/// 1万), full-width digits. `None` when it is not a whole number of yuan.
pub fn parse_amount(text: &str) -> Option<Yuan> {
    let text = fold_width(text);
    // 亿 groups hold 万 groups, which hold sections below 万: 一亿五千万 is (1)亿 + (5000)万.
    let (mut total, mut wan, mut section, mut number) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    let mut arabic = String::new();
    let mut seen = false;
    for c in text.chars() {
        if c.is_ascii_digit() || c == '.' {
            arabic.push(c);
            continue;
        }
        if !arabic.is_empty() {
            number = arabic.parse::<f64>().ok()?;
            arabic.clear();
            seen = true;
        }
        match (digit_value(c), unit_value(c)) {
            (Some(d), _) => {
                number = d;
                seen = true;
            }
            (None, Some(unit)) if unit < 10_000.0 => {
                let n = if number == 0.0 { 1.0 } else { number };
                section += n * unit;
                number = 0.0;
                seen = true;
            }
            (None, Some(unit)) if unit < 100_000_000.0 => {
                wan += (section + number) * unit;
                section = 0.0;
                number = 0.0;
            }
            (None, Some(unit)) => {
                total = (total + wan + section + number) * unit;
                wan = 0.0;
                section = 0.0;
                number = 0.0;
            }
            (None, None) => return None,
        }
    }
    if !arabic.is_empty() {
        number = arabic.parse::<f64>().ok()?;
        seen = true;
    }
    let value = total + wan + section + number;
    let whole = value.round();
    (seen && (value - whole).abs() < 1e-6 && whole < 1e15).then_some(whole as Yuan)
}

fn digit_value(c: char) -> Option<f64> {
    let d = match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    };
    Some(f64::from(d))
}

fn unit_value(c: char) -> Option<f64> {
    match c {
        '十' | '拾' => Some(10.0),
        '百' | '佰' => Some(100.0),
        '千' | '仟' => Some(1_000.0),
        '万' => Some(10_000.0),
        '亿' => Some(100_000_000.0),
        _ => None,
    }
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || c == '.' || digit_value(c).is_some() || unit_value(c).is_some()
}

/// Full-width digits folded, spaces and digit-group commas (20,000元) removed.
fn normalise(text: &str) -> String {
    let folded: Vec<char> = fold_width(text).chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = String::with_capacity(folded.len());
    for (i, c) in folded.iter().enumerate() {
        let between_digits = *c == ','
            && i > 0
            && folded[i - 1].is_ascii_digit()
            && folded.get(i + 1).is_some_and(char::is_ascii_digit);
        if !between_digits {
            out.push(*c);
        }
    }
    out
}

fn is_not_a_yuan_range(text: &str) -> bool {
    ["倍", "每", "百分之", "千分之", "%", "‰"].iter().any(|m| text.contains(m))
}

fn clause_party(clause: &str) -> Option<PartyKind> {
    let individual = ["对个人", "个人处", "自然人"].iter().any(|m| clause.contains(m));
    let organisation = ["对单位", "单位处", "对企业", "企业处", "对法人", "对其他组织"]
        .iter()
        .any(|m| clause.contains(m));
    match (individual, organisation) {
        (true, false) => Some(PartyKind::Individual),
        (false, true) => Some(PartyKind::Organisation),
        _ => None,
    }
}

/// `对……处` names who is fined; without a party word it ends the previous party's clauses.
fn names_someone(clause: &str) -> bool {
    clause.contains('对') && clause.contains('处')
}

/// Fines on 直接负责的主管人员和其他直接责任人员 are personal fines on staff of the party, not a range
/// for the party itself; they are left out rather than mistaken for the individual's range.
fn names_staff(clause: &str) -> bool {
    clause.contains("主管人员") || clause.contains("责任人员")
}

/// Every yuan range in one clause; `None` when the clause states an open-ended amount.
fn amounts_in(clause: &str) -> Option<Vec<(Yuan, Yuan)>> {
    let chars: Vec<char> = clause.chars().collect();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = is_numeral(chars[i]) && chars[i] != '.';
        if !starts_number || (i > 0 && chars[i - 1] == '第') {
            i += 1;
            continue;
        }
        let (found, next) = amount_at(&chars, i)?;
        ranges.extend(found);
        i = next.max(i + 1);
    }
    Some(ranges)
}

/// Reads the amount or range starting at `start`. Returns the range found (if the numeral is an
/// amount of yuan at all) and where to continue; `None` for an open-ended `X元以上`.
fn amount_at(chars: &[char], start: usize) -> Option<(Option<(Yuan, Yuan)>, usize)> {
    let (first, mut i) = numeral_run(chars, start);
    let first_has_yuan = chars.get(i) == Some(&'元');
    if first_has_yuan {
        i += 1;
    }
    let after =
        |i: usize, s: &str| chars[i.min(chars.len())..].iter().collect::<String>().starts_with(s);
    let connector = if after(i, "以上") {
        2
    } else if chars.get(i).is_some_and(|c| matches!(c, '至' | '到' | '-' | '~' | '～' | '—' | '－'))
    {
        1
    } else {
        0
    };
    if connector > 0 {
        let second_start = i + connector;
        if chars.get(second_start).is_some_and(|c| is_numeral(*c)) {
            let (second, mut j) = numeral_run(chars, second_start);
            if chars.get(j) == Some(&'元') {
                j += 1;
                if after(j, "以下") {
                    j += 2;
                }
                let range = parse_amount(&first).zip(parse_amount(&second));
                return Some((range, j));
            }
            return Some((None, j));
        }
        // 以上 without a ceiling: an open range cannot be stored, and must not be guessed.
        return if first_has_yuan && connector == 2 { None } else { Some((None, i)) };
    }
    if !first_has_yuan {
        return Some((None, i));
    }
    let amount = parse_amount(&first);
    if after(i, "以下") {
        return Some((amount.map(|a| (0, a)), i + 2));
    }
    Some((amount.map(|a| (a, a)), i))
}

fn numeral_run(chars: &[char], start: usize) -> (String, usize) {
    let end =
        chars[start..].iter().position(|c| !is_numeral(*c)).map_or(chars.len(), |p| start + p);
    (chars[start..end].iter().collect(), end)
}

fn collect(found: &[(Option<PartyKind>, Yuan, Yuan)]) -> FineParse {
    let mut parse = FineParse::default();
    for &(party, min, max) in found {
        match party {
            None => {
                parse.overall = Some(match parse.overall {
                    Some((a, b)) => (a.min(min), b.max(max)),
                    None => (min, max),
                })
            }
            Some(kind) => match parse.by_party.iter_mut().find(|p| p.party == kind) {
                Some(existing) => {
                    existing.min = existing.min.min(min);
                    existing.max = existing.max.max(max);
                }
                None => parse.by_party.push(PartyFine { party: kind, min, max }),
            },
        }
    }
    parse
}

/// Amounts in Chinese numerals as gazettes write them (kept with the article numerals in the
/// core, which law and documents use too).
pub use zhifa_core::text::numerals::chinese_numerals;

#[cfg(test)]
mod tests {
    use super::*;
    use PartyKind::{Individual, Organisation};

    /// `expected`: overall range and party ranges.
    fn check(input: &str, overall: Option<(Yuan, Yuan)>, parties: &[(PartyKind, Yuan, Yuan)]) {
        let got = parse_fine_text(input);
        let want = FineParse {
            overall,
            by_party: parties
                .iter()
                .map(|&(party, min, max)| PartyFine { party, min, max })
                .collect(),
        };
        assert_eq!(got, want, "{input}");
    }

    #[test]
    fn ranges_in_words_and_digits() {
        check("处二千元以上二万元以下罚款", Some((2000, 20000)), &[]);
        check("处两千元以上两万元以下罚款", Some((2000, 20000)), &[]);
        check("处五百元以上一千元以下的罚款", Some((500, 1000)), &[]);
        check("处十万元以上一百万元以下罚款", Some((100_000, 1_000_000)), &[]);
        check("处一万五千元罚款", Some((15000, 15000)), &[]);
        check("处三万五千元罚款。", Some((35000, 35000)), &[]);
        check("处1万元罚款", Some((10000, 10000)), &[]);
        check("处1.5万元以上3万元以下罚款", Some((15000, 30000)), &[]);
        check("处20000元罚款", Some((20000, 20000)), &[]);
        check("处２０，０００元罚款", Some((20000, 20000)), &[]);
        check("处20,000元罚款", Some((20000, 20000)), &[]);
        check("处一千至五千元罚款", Some((1000, 5000)), &[]);
        check("处1000-5000元罚款", Some((1000, 5000)), &[]);
        check("处二千以上二万元以下罚款", Some((2000, 20000)), &[]);
        check("处二千元罚款。", Some((2000, 2000)), &[]);
    }

    #[test]
    fn ceiling_only_means_from_zero() {
        check("处五十元以下罚款", Some((0, 50)), &[]);
        check("警告或者处二百元以下罚款", Some((0, 200)), &[]);
    }

    #[test]
    fn ranges_by_party() {
        check(
            "对个人处五十元罚款，对单位处五万元罚款",
            None,
            &[(Individual, 50, 50), (Organisation, 50000, 50000)],
        );
        check(
            "对单位处十万元以上一百万元以下罚款，对个人处一百元以上五百元以下罚款",
            None,
            &[(Organisation, 100_000, 1_000_000), (Individual, 100, 500)],
        );
        check(
            "对单位处两万元以上五万元以下罚款；情节严重的，对单位处五万元以上十万元以下罚款；处一千元罚款",
            Some((1000, 1000)),
            &[(Organisation, 20000, 100_000)],
        );
    }

    #[test]
    fn fines_on_responsible_staff_are_not_the_party_range() {
        check(
            "对单位处一万元以上十万元以下罚款，对直接负责的主管人员和其他直接责任人员处一千元以上一万元以下罚款",
            None,
            &[(Organisation, 10000, 100_000)],
        );
        check(
            "对单位处五万元罚款，对违法行为人处五百元罚款",
            Some((500, 500)),
            &[(Organisation, 50000, 50000)],
        );
    }

    #[test]
    fn several_clauses_give_their_envelope() {
        check(
            "处五万元以上十万元以下罚款；情节严重的，处十万元以上五十万元以下罚款",
            Some((50000, 500_000)),
            &[],
        );
        check("处五千元罚款，有违法所得的没收违法所得。", Some((5000, 5000)), &[]);
    }

    #[test]
    fn per_unit_multiples_and_open_ranges_give_nothing() {
        check("按照占地面积处每平方米一千元罚款", None, &[]);
        check("按照每处设施处五千元以上二万元以下罚款", None, &[]);
        check("处赔偿额一至二倍罚款", None, &[]);
        check(
            "处违法所得一倍以上三倍以下罚款，没有违法所得的，处五千元以上五万元以下罚款",
            None,
            &[],
        );
        check("处工程合同价款百分之二以上百分之四以下的罚款", None, &[]);
        check("处五千元以上罚款", None, &[]);
        check("不予处罚。", None, &[]);
        check("责令改正，给予警告", None, &[]);
        check("依照第二十七条第一款处理", None, &[]);
    }

    #[test]
    fn amounts() {
        for (text, value) in [
            ("二千", 2000),
            ("两万五千", 25000),
            ("一百万", 1_000_000),
            ("十五万", 150_000),
            ("五十", 50),
            ("一万零五百", 10500),
            ("1.5万", 15000),
            ("２０００", 2000),
        ] {
            assert_eq!(parse_amount(text), Some(value), "{text}");
        }
        assert_eq!(parse_amount("0.5"), None);
        assert_eq!(parse_amount("元"), None);
    }

    /// Regression: 万 inside a 亿 group multiplied everything before it, so 一亿五千万 read as
    /// 1,000,050,000,000 instead of 150,000,000.
    #[test]
    fn wan_groups_inside_yi_groups() {
        for (text, value) in [
            ("一亿五千万", 150_000_000),
            ("一亿零五百万", 105_000_000),
            ("两亿", 200_000_000),
            ("1.5亿", 150_000_000),
            ("一万亿", 1_000_000_000_000),
            ("三亿零二十万零一", 300_200_001),
        ] {
            assert_eq!(parse_amount(text), Some(value), "{text}");
        }
    }
}

#[cfg(test)]
mod properties;
