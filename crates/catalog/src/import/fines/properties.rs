//! Properties of the fine parser over generated input: every spelling of an amount a gazette or
//! a typist uses (gazette numerals up to 亿, formal 大写 numerals, 两, Arabic with digit-group
//! commas, full-width digits, `1.5万`) parses back to the integer written; ranges and party
//! clauses give exactly the ranges written; texts that state no yuan range give none; any text
//! parses without panicking.

use super::*;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The same number in formal numerals (壹贰叁, 拾佰仟), as receipts and contracts write them.
fn formal(n: i64) -> String {
    chinese_numerals(n)
        .chars()
        .map(|c| match c {
            '一' => '壹',
            '二' => '贰',
            '三' => '叁',
            '四' => '肆',
            '五' => '伍',
            '六' => '陆',
            '七' => '柒',
            '八' => '捌',
            '九' => '玖',
            '十' => '拾',
            '百' => '佰',
            '千' => '仟',
            other => other,
        })
        .collect()
}

/// 20,000 and 1,000,000.
fn grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | ',' | '.' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// `1.5万`: Arabic ten-thousands with a decimal, for amounts that are whole thousands.
fn decimal_wan(n: i64) -> Option<String> {
    let (whole, thousands) = (n / 10_000, (n % 10_000) / 1000);
    (n % 1000 == 0 && whole > 0).then(|| match thousands {
        0 => format!("{whole}万"),
        t => format!("{whole}.{t}万"),
    })
}

/// Every way [`parse_amount`] is meant to read `n`; `style` picks one.
fn spell_amount(n: i64, style: u8) -> String {
    match style % 6 {
        0 => chinese_numerals(n),
        1 => formal(n),
        2 => chinese_numerals(n).replace('二', "两"),
        3 => n.to_string(),
        4 => full_width(&n.to_string()),
        _ => decimal_wan(n).unwrap_or_else(|| chinese_numerals(n)),
    }
}

/// In penalty text also with digit-group commas (20,000元), which the text reader removes.
fn spell(n: i64, style: u8) -> String {
    match style % 7 {
        6 => grouped(n),
        _ => spell_amount(n, style),
    }
}

#[test]
fn the_writers_match_gazette_spelling() {
    assert_eq!(chinese_numerals(20500), "二万零五百");
    assert_eq!(chinese_numerals(150_000), "十五万");
    assert_eq!(chinese_numerals(1_000_000), "一百万");
    assert_eq!(chinese_numerals(35000), "三万五千");
    assert_eq!(chinese_numerals(10_010), "一万零一十");
    assert_eq!(chinese_numerals(100_005_000), "一亿零五千");
    assert_eq!(chinese_numerals(150_000_000), "一亿五千万");
    assert_eq!(formal(12_000), "壹万贰仟");
    assert_eq!(grouped(1_234_567), "1,234,567");
    assert_eq!(decimal_wan(15_000).as_deref(), Some("1.5万"));
}

/// Kinds of text that must never yield a range: an open end, a per-unit amount, a multiple, a
/// percentage.
fn no_range_text(n: &str, kind: u8) -> String {
    match kind % 5 {
        0 => format!("处{n}元以上罚款"),
        1 => format!("按占道面积处每平方米{n}元罚款"),
        2 => format!("处违法所得{n}倍以下罚款"),
        3 => format!("处合同价款百分之{n}的罚款"),
        _ => format!("每日按{n}元计罚"),
    }
}

/// Pieces of penalty text, for texts the generator has not written correctly.
fn junk_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "处",
            "元",
            "以上",
            "以下",
            "罚款",
            "至",
            "-",
            "，",
            "；",
            "。",
            "对个人",
            "对单位",
            "直接负责的主管人员",
            "万",
            "亿",
            "千",
            "零",
            "两",
            "第",
            ".",
            ",",
            "5",
            "0",
            "倍",
            "每",
            "%",
            "对违法行为人处",
            "１",
            "拾",
        ])
        .prop_map(str::to_string),
        "\\PC{0,4}",
        (1_i64..1_000_000_000_000, any::<u8>()).prop_map(|(n, s)| spell(n, s)),
    ]
}

proptest! {
    #![proptest_config(config(4000))]

    /// A whole amount in any spelling parses back to itself.
    #[test]
    fn an_amount_in_any_spelling_parses_back(n in 1_i64..1_000_000_000_000, style in any::<u8>()) {
        let mut n = n;
        if style % 6 == 5 {
            // Decimal 万 only where f64 keeps the thousands exact; gazettes stop far below.
            n = n % 1_000_000_000 + 1;
        }
        let text = spell_amount(n, style);
        prop_assert_eq!(parse_amount(&text), Some(n), "{}", text);
    }

    /// Any text: an amount that is a whole number of yuan below 10^15, or nothing; no panic.
    #[test]
    fn any_amount_text_gives_a_whole_yuan_or_nothing(pieces in prop::collection::vec(junk_piece(), 0..6)) {
        let text: String = pieces.concat();
        if let Some(value) = parse_amount(&text) {
            prop_assert!((0..1_000_000_000_000_000).contains(&value), "{}: {}", text, value);
        }
    }
}

proptest! {
    #![proptest_config(config(3000))]

    /// 处X元以上Y元以下, X至Y元, X-Y元, Y元以下: the range written, in any spelling.
    #[test]
    fn a_range_in_words_parses_back(
        a in 1_i64..100_000_000, b in 1_i64..100_000_000, sa in any::<u8>(), sb in any::<u8>(), form in 0_u8..4,
    ) {
        let (low, high) = (a.min(b), a.max(b));
        let (x, y) = (spell(low, sa), spell(high, sb));
        let (text, want) = match form {
            0 => (format!("处{x}元以上{y}元以下罚款"), (low, high)),
            1 => (format!("处{x}至{y}元罚款"), (low, high)),
            2 => (format!("警告或者处{y}元以下罚款"), (0, high)),
            _ => (format!("责令改正，处{x}元罚款。"), (low, low)),
        };
        let parsed = parse_fine_text(&text);
        prop_assert_eq!(parsed.overall, Some(want), "{}", text);
        prop_assert!(parsed.by_party.is_empty(), "{}", text);
    }

    /// 对个人处…，对单位处…: each party its own range, in the order written; a clause on the
    /// responsible staff adds nothing.
    #[test]
    fn party_clauses_give_each_party_its_range(
        ranges in [(1_i64..1_000_000, 1_i64..1_000_000), (1_i64..1_000_000, 1_i64..1_000_000)],
        organisation_first in any::<bool>(), staff in any::<bool>(), style in any::<u8>(),
    ) {
        let [(a, b), (c, d)] = ranges;
        let (individual, organisation) = ((a.min(b), a.max(b)), (c.min(d), c.max(d)));
        let clause = |who: &str, (low, high): (i64, i64)| {
            format!("对{who}处{}元以上{}元以下罚款", spell(low, style), spell(high, style / 7))
        };
        let mut clauses = vec![clause("个人", individual), clause("单位", organisation)];
        if organisation_first {
            clauses.reverse();
        }
        if staff {
            clauses.push("对直接负责的主管人员处一万元罚款".to_string());
        }
        let text = clauses.join("，");
        let mut want = vec![
            PartyFine { party: PartyKind::Individual, min: individual.0, max: individual.1 },
            PartyFine { party: PartyKind::Organisation, min: organisation.0, max: organisation.1 },
        ];
        if organisation_first {
            want.reverse();
        }
        let parsed = parse_fine_text(&text);
        prop_assert_eq!(parsed.overall, None, "{}", text);
        prop_assert_eq!(parsed.by_party, want, "{}", text);
    }

    /// Open ranges, per-unit amounts, multiples and percentages give no range at all, whatever
    /// else the text says.
    #[test]
    fn texts_that_state_no_yuan_range_give_none(
        n in 1_i64..10_000_000, style in any::<u8>(), kind in any::<u8>(), before in any::<bool>(),
    ) {
        let open = no_range_text(&spell(n, style), kind);
        let fixed = format!("处{}元罚款", spell(n, style));
        let text = if before { format!("{open}；{fixed}") } else { format!("{fixed}；{open}") };
        prop_assert!(parse_fine_text(&text).is_empty(), "{}", text);
    }

    /// Any text built from the words fine clauses use: no panic, no negative amount, each
    /// party at most once, and the envelope covers every range found.
    #[test]
    fn any_penalty_text_parses_without_panicking(pieces in prop::collection::vec(junk_piece(), 0..12)) {
        let text: String = pieces.concat();
        let parsed = parse_fine_text(&text);
        let ranges: Vec<(Yuan, Yuan)> = parsed
            .overall
            .into_iter()
            .chain(parsed.by_party.iter().map(|p| (p.min, p.max)))
            .collect();
        prop_assert!(ranges.iter().all(|(a, b)| *a >= 0 && *b >= 0), "{}", text);
        let kinds: Vec<PartyKind> = parsed.by_party.iter().map(|p| p.party).collect();
        prop_assert!(kinds.len() < 2 || kinds[0] != kinds[1], "{}", text);
        if let Some((low, high)) = parsed.envelope() {
            prop_assert!(ranges.iter().all(|(a, b)| low <= *a && *b <= high), "{}", text);
        }
    }
}
