//! Chinese line breaking: a line may break between any two ideographs, never inside a run of
//! Latin letters or digits, and by the rules of 避头尾 (kinsoku): no line starts with closing
//! punctuation (，。、；：？！）」』…) and none ends with an opening one (（「『《…). Widths are in
//! points; a character the font lacks is as wide as an ideograph (it is drawn as a box).

use super::font::Metrics;

/// Characters that may not begin a line.
const NO_START: &str = "，。、；：？！）」』》〉】〕”’…—·．,.;:?!)]}%％‰℃";
/// Characters that may not end a line.
const NO_END: &str = "（「『《〈【〔“‘([{￥¥$＄";

fn no_start(token: &str) -> bool {
    token.chars().next().is_some_and(|c| NO_START.contains(c))
}

fn no_end(token: &str) -> bool {
    token.chars().last().is_some_and(|c| NO_END.contains(c))
}

/// The width of `text` at `size` points.
pub fn width(text: &str, size: f32, metrics: &Metrics) -> f32 {
    text.chars().map(|c| metrics.advance(c).unwrap_or(1.0)).sum::<f32>() * size
}

/// Units that are never split: a run of Latin letters and digits (with the marks inside a
/// number or code), or one other character.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let in_word = c.is_ascii_alphanumeric() || (!word.is_empty() && "-_./:@".contains(c));
        if in_word {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            tokens.push(std::mem::take(&mut word));
        }
        tokens.push(c.to_string());
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

/// `text` (one paragraph, no newline) broken into lines no wider than `width_pt`, the first
/// `first_indent` points narrower. A token wider than a whole line is cut by characters.
pub fn break_lines(
    text: &str,
    size: f32,
    width_pt: f32,
    first_indent: f32,
    metrics: &Metrics,
) -> Vec<String> {
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut line: Vec<String> = Vec::new();
    let mut used = 0.0f32;
    let room = |lines: &Vec<Vec<String>>| {
        if lines.is_empty() {
            width_pt - first_indent
        } else {
            width_pt
        }
    };
    for token in split_long(tokens(text), size, width_pt, metrics) {
        let w = width(&token, size, metrics);
        if used + w <= room(&lines) + 0.01 || line.is_empty() {
            used += w;
            line.push(token);
            continue;
        }
        // Break before `token` if the rules allow it; otherwise before the last token that may
        // start a line, carrying what follows it down.
        let allowed = |line: &[String], at: usize, next: &str| {
            let starts = line.get(at).map_or(next, String::as_str);
            at > 0 && !no_start(starts) && !no_end(&line[at - 1])
        };
        let at =
            (1..=line.len()).rev().find(|&at| allowed(&line, at, &token)).unwrap_or(line.len());
        let mut carried: Vec<String> = line.split_off(at);
        carried.push(token);
        lines.push(std::mem::take(&mut line));
        while carried.first().is_some_and(|t| t == " ") {
            carried.remove(0);
        }
        used = carried.iter().map(|t| width(t, size, metrics)).sum();
        line = carried;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| l.concat().trim_end().to_string()).collect()
}

/// Tokens wider than a line cut into pieces that fit.
fn split_long(tokens: Vec<String>, size: f32, width_pt: f32, metrics: &Metrics) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens {
        if token.chars().count() < 2 || width(&token, size, metrics) <= width_pt {
            out.push(token);
            continue;
        }
        let mut piece = String::new();
        for c in token.chars() {
            let mut next = piece.clone();
            next.push(c);
            if width(&next, size, metrics) > width_pt && !piece.is_empty() {
                out.push(std::mem::take(&mut piece));
            }
            piece.push(c);
        }
        out.push(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, chars_wide: f32) -> Vec<String> {
        break_lines(text, 10.0, chars_wide * 10.0, 0.0, Metrics::shipped())
    }

    #[test]
    fn ideographs_break_anywhere_and_fill_the_line() {
        let broken = lines("当事人在青溪路占道经营影响通行", 5.0);
        assert_eq!(broken, ["当事人在青", "溪路占道经", "营影响通行"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // The comma would start the second line: the character before it comes down with it.
        let broken = lines("当事人在青，溪路占道经营", 5.0);
        assert_eq!(broken, ["当事人在", "青，溪路占", "道经营"]);
        for line in lines("依据《城市市容和环境卫生管理条例》第三十六条，责令改正。罚款。", 7.0)
        {
            let first = line.chars().next().expect("line");
            assert!(!NO_START.contains(first), "line starts with {first}: {line}");
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        let broken = lines("一二三四（五六七）", 5.0);
        assert_eq!(broken[0], "一二三四", "the bracket goes down with what it opens");
        assert!(broken[1].starts_with('（'));
        for line in lines("甲乙丙丁戊「己庚」辛壬癸《子丑》寅卯辰巳午未", 6.0)
        {
            let last = line.chars().last().expect("line");
            assert!(!NO_END.contains(last), "line ends with {last}: {line}");
        }
    }

    #[test]
    fn numbers_and_codes_stay_whole_unless_longer_than_a_line() {
        let broken = lines("罚款人民币12345元整", 8.0);
        assert!(broken.iter().any(|l| l.contains("12345")), "{broken:?}");
        let code = "91350100M000100Y43";
        let cut = lines(code, 4.0);
        assert_eq!(cut.concat(), code, "a code longer than a line is cut, nothing lost");
        let metrics = Metrics::shipped();
        assert!(cut.iter().all(|l| width(l, 10.0, metrics) <= 40.0 + 0.01), "{cut:?}");
    }
}
