//! Chinese numerals as article numbers use them: 十二, 二十, 一百零一, 一百一十, 三百零七.
//! Strict: anything else (Arabic digits, 两, amounts with 万) is not an article number here.

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The value of `text` (1 ≤ n < 10000), or `None` when it is not such a numeral.
pub fn parse(text: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut last_unit = 10_000u32;
    for c in text.chars() {
        if let Some(d) = digit_of(c) {
            if digit.is_some_and(|d| d != 0) {
                return None; // 二三 is no numeral
            }
            digit = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        let d = match digit {
            Some(0) => return None,
            Some(d) => d,
            // A leading 十 means 一十; 百 and 千 need their digit.
            None if unit == 10 && total == 0 => 1,
            None => return None,
        };
        total += d * unit;
        last_unit = unit;
        digit = None;
    }
    total += digit.unwrap_or(0);
    (total > 0).then_some(total)
}

fn digit_of(c: char) -> Option<u32> {
    match c {
        '〇' => Some(0),
        _ => DIGITS.iter().position(|d| *d == c).map(|i| i as u32),
    }
}

/// `n` (1 ≤ n < 10000) as laws number their articles: 十二, 一百零一, 一百一十 (the gazettes'
/// numerals the fine parser writes too).
pub fn to_chinese(n: u32) -> String {
    if n == 0 || n >= 10_000 {
        return n.to_string();
    }
    chinese_numerals(i64::from(n))
}

/// 1..=9999 as written inside a number; `first`: the group leads, so 10–19 read 十…, not 一十….
fn numeral_group(n: i64, first: bool) -> String {
    let mut out = String::new();
    let mut zero = false;
    for (unit, label) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let d = (n / unit) % 10;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        if !(first && out.is_empty() && d == 1 && unit == 10) {
            out.push(DIGITS[d as usize]);
        }
        out.push_str(label);
    }
    out
}

/// `n` (1 ≤ n < 10^12) in Chinese numerals the way gazettes write them: 二万零五百, 十五万,
/// 一亿零五百万. What the catalog's fine parser reads back (the parsers' properties write amounts with it).
pub fn chinese_numerals(n: i64) -> String {
    let mut out = String::new();
    let mut gap = false;
    for (size, label) in [(100_000_000, "亿"), (10_000, "万"), (1, "")] {
        let g = (n / size) % 10_000;
        if g == 0 {
            gap = !out.is_empty();
            continue;
        }
        if !out.is_empty() && (gap || g < 1000) {
            out.push('零');
        }
        gap = false;
        out.push_str(&numeral_group(g, out.is_empty()));
        out.push_str(label);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_as_articles_write_them() {
        for (text, n) in [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("二十七", 27),
            ("一百", 100),
            ("一百零一", 101),
            ("一百一十", 110),
            ("一百一十二", 112),
            ("三百零七", 307),
            ("一千零一", 1001),
            ("一千零一十", 1010),
        ] {
            assert_eq!(parse(text), Some(n), "{text}");
            assert_eq!(to_chinese(n), text, "{n}");
        }
    }

    #[test]
    fn what_is_no_article_number() {
        for text in ["", "零", "审", "二三", "百", "十十", "一百百", "12", "两", "一万"]
        {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn every_number_reads_back() {
        for n in 1..2000 {
            assert_eq!(parse(&to_chinese(n)), Some(n), "{n}");
        }
    }
}
