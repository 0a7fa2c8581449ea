//! Personal data masked for what leaves the bureau: published penalty decisions (APL art. 48:
//! decisions with social impact are made public; art. 50: personal privacy learnt while
//! enforcing is kept confidential) and ticket exports. Pure functions over text.
//!
//! The law texts set no masking format, so the rules are ours, chosen to keep a record
//! recognisable to the person it concerns and useless to anyone else:
//! - a person's name keeps the surname, every other character becomes `*` (张三丰 → 张**;
//!   欧阳娜娜 → 欧阳**, the common compound surnames are known; a name with `·` or spaces keeps
//!   its first character and its separators). This follows the courts' rule for published
//!   judgments (keep the surname, hide the given name).
//! - an identity number keeps its first 6 characters (the issuing region) and its last 4, so the
//!   birth date and sequence (characters 7–14 of a resident ID) are hidden: 110105********002X.
//!   Shorter numbers (passports, permits) keep 2 and 2; very short ones nothing.
//! - a phone number keeps its first 3 and last 4 digits whatever the separators: 138****8000,
//!   057*-****3456.
//! - free text (a complaint's content) has every long number (11 digits or more, single spaces
//!   or hyphens between digit groups allowed) masked the same way: a phone 3 + 4, a longer one
//!   (an ID, a bank card) 6 + 4. A date written just before a phone with one space between is
//!   taken as part of it and masked too: privacy before tidiness.
//!
//! Organisations' names and unified social credit codes are public (they are on the business
//! licence and in the credit registry) and stay as they are.
//!
//! Digits here are ASCII or full-width (０–９), since both are typed into Chinese forms.

use super::case_file::Party;
use super::catalog::PartyKind;
use super::ticket::{IncomingTicket, Reporter};
use serde::Serialize;

/// Numbers with this many digits or more are masked in free text: a mobile phone has 11.
pub const LONG_NUMBER_DIGITS: usize = 11;

/// A party as it may be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedParty {
    pub kind: PartyKind,
    pub name: String,
    /// A person's masked identity number, or an organisation's credit code as it is.
    pub id_number: String,
}

/// `party` for publication: a person masked, an organisation as it is; contacts never.
pub fn published_party(party: &Party) -> PublishedParty {
    match party.kind {
        PartyKind::Individual => PublishedParty {
            kind: party.kind,
            name: mask_person_name(&party.name),
            id_number: mask_id_number(&party.id_number),
        },
        PartyKind::Organisation => PublishedParty {
            kind: party.kind,
            name: party.name.trim().to_string(),
            id_number: party.id_number.trim().to_string(),
        },
    }
}

/// A ticket for a reader outside the bureau: the reporter's name and phone masked (removed
/// altogether when they asked for confidentiality), long numbers in the place and content masked.
pub fn masked_ticket(ticket: &IncomingTicket) -> IncomingTicket {
    let reporter = &ticket.reporter;
    let (name, phone) = if reporter.anonymous {
        (String::new(), String::new())
    } else {
        (mask_person_name(&reporter.name), mask_phone(&reporter.phone))
    };
    IncomingTicket {
        reporter: Reporter { name, phone, anonymous: reporter.anonymous },
        place: listed_text(&ticket.place, reporter),
        content: listed_text(&ticket.content, reporter),
        ..ticket.clone()
    }
}

/// A ticket's free text (its content, its place) as any list shows it: every long number masked
/// (a phone, an ID number typed into the complaint), and the reporter's own name, where the text
/// repeats it, masked to the surname, or removed altogether (`***`) when they asked for
/// confidentiality. The exact text stays in the ticket's row for those who handle it.
pub fn listed_text(text: &str, reporter: &Reporter) -> String {
    let name = reporter.name.trim();
    // A one-character name would mask that character wherever it is used in a sentence.
    let named = name.chars().count() >= 2 && text.contains(name);
    let text = match (named, reporter.anonymous) {
        (false, _) => std::borrow::Cow::Borrowed(text),
        (true, true) => text.replace(name, "***").into(),
        (true, false) => text.replace(name, &mask_person_name(name)).into(),
    };
    mask_long_numbers(&text)
}

#[cfg(test)]
mod listed_text_tests {
    use super::*;

    #[test]
    fn a_confidential_reporters_name_and_numbers_leave_the_listed_text() {
        let reporter = Reporter { name: "李秀英".into(), phone: String::new(), anonymous: true };
        let text = "我是李秀英，电话13800138000，身份证110105194912310021，楼下烧烤扰民";
        let listed = listed_text(text, &reporter);
        assert_eq!(listed, "我是***，电话138****8000，身份证110105********0021，楼下烧烤扰民");
        let open = Reporter { anonymous: false, ..reporter };
        assert!(listed_text(text, &open).starts_with("我是李**，"), "masked to the surname");
    }
}

/// 张三丰 → 张**, 欧阳娜娜 → 欧阳**, 阿卜杜拉·买买提 → 阿***·***, 张 → 张.
pub fn mask_person_name(name: &str) -> String {
    let name = name.trim();
    let kept = surname(name);
    let rest = name[kept.len()..].chars().map(|c| if is_name_separator(c) { c } else { '*' });
    kept.chars().chain(rest).collect()
}

/// 11010519491231002X → 110105********002X; separators stay, letters count like digits.
pub fn mask_id_number(number: &str) -> String {
    let number = number.trim();
    let count = number.chars().filter(|c| c.is_alphanumeric()).count();
    let keep = match count {
        15.. => (6, 4),
        8..=14 => (2, 2),
        _ => (0, 0),
    };
    mask_chars(number, char::is_alphanumeric, keep)
}

/// 13800138000 → 138****8000; 0571-88123456 → 057*-****3456; short numbers wholly masked.
pub fn mask_phone(phone: &str) -> String {
    let phone = phone.trim();
    let keep = if phone.chars().filter(|c| is_digit(*c)).count() >= 7 { (3, 4) } else { (0, 0) };
    mask_chars(phone, is_digit, keep)
}

/// Every number of [`LONG_NUMBER_DIGITS`] digits or more in `text` masked (3 + 4 up to 14
/// digits, 6 + 4 beyond); dates, amounts and case numbers are shorter and stay.
pub fn mask_long_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    while start < chars.len() {
        if !is_digit(chars[start]) {
            out.push(chars[start]);
            start += 1;
            continue;
        }
        let end = number_end(&chars, start);
        let number: String = chars[start..end].iter().collect();
        let digits = number.chars().filter(|c| is_digit_or_check(*c)).count();
        if digits >= LONG_NUMBER_DIGITS {
            let keep = if digits >= 15 { (6, 4) } else { (3, 4) };
            out.push_str(&mask_chars(&number, is_digit_or_check, keep));
        } else {
            out.push_str(&number);
        }
        start = end;
    }
    out
}

/// Compound surnames common enough to meet on a case file (from the 百家姓 list).
const COMPOUND_SURNAMES: [&str; 30] = [
    "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "诸葛",
    "尉迟", "公羊", "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "申屠", "公孙", "慕容", "钟离",
    "长孙", "宇文", "司徒", "鲜于", "司空", "令狐",
];

/// The part of `name` kept: a compound surname when the name is longer than it, else the first
/// character.
fn surname(name: &str) -> &str {
    let compound = COMPOUND_SURNAMES
        .iter()
        .find(|s| name.starts_with(**s) && name.chars().count() > s.chars().count());
    match (compound, name.chars().next()) {
        (Some(s), _) => &name[..s.len()],
        (None, Some(first)) => &name[..first.len_utf8()],
        (None, None) => "",
    }
}

fn is_name_separator(c: char) -> bool {
    matches!(c, '·' | '•' | '・' | '.' | '-') || c.is_whitespace()
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A digit, or the check character X that ends a resident ID number.
fn is_digit_or_check(c: char) -> bool {
    is_digit(c) || matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
}

/// Where the number starting at `start` ends (exclusive): digits, with single spaces or hyphens
/// between digit groups (138 0013 8000), and the X of an 18-character ID number.
fn number_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    let mut digits = 0;
    loop {
        while end < chars.len() && is_digit(chars[end]) {
            end += 1;
            digits += 1;
        }
        let joined = chars.get(end).is_some_and(|c| matches!(c, ' ' | '-'))
            && chars.get(end + 1).is_some_and(|c| is_digit(*c));
        if !joined {
            break;
        }
        end += 1;
    }
    if digits == 17 && chars.get(end).is_some_and(|c| is_digit_or_check(*c)) {
        end += 1;
    }
    end
}

/// `text` with the characters `maskable` picks replaced by `*`, except the first `keep.0` and the
/// last `keep.1` of them; other characters (separators) as they are.
fn mask_chars(text: &str, maskable: impl Fn(char) -> bool, keep: (usize, usize)) -> String {
    let total = text.chars().filter(|c| maskable(*c)).count();
    let (first, last) = if keep.0 + keep.1 >= total { (0, 0) } else { keep };
    let mut seen = 0;
    text.chars()
        .map(|c| {
            if !maskable(c) {
                return c;
            }
            seen += 1;
            if seen <= first || seen > total - last {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_keep_the_surname_only() {
        for (name, masked) in [
            ("张三丰", "张**"),
            ("李四", "李*"),
            (" 王 ", "王"),
            ("欧阳娜娜", "欧阳**"),
            ("司马光", "司马*"),
            ("欧阳", "欧*"),
            ("阿卜杜拉·买买提", "阿***·***"),
            ("John Smith", "J*** *****"),
            ("", ""),
        ] {
            assert_eq!(mask_person_name(name), masked, "{name}");
        }
    }

    #[test]
    fn id_numbers_hide_the_birth_date_and_sequence() {
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
        assert_eq!(mask_id_number("330200199001011237"), "330200********1237");
        assert_eq!(mask_id_number("110105491231002"), "110105*****1002", "the old 15 digits");
        assert_eq!(mask_id_number("E12345678"), "E1*****78", "a passport");
        assert_eq!(mask_id_number("1234567"), "*******");
        assert_eq!(mask_id_number(""), "");
    }

    #[test]
    fn phones_keep_three_and_four_digits() {
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("138-0013-8000"), "138-****-8000");
        assert_eq!(mask_phone("0571-88123456"), "057*-****3456");
        assert_eq!(mask_phone("１３８００１３８０００"), "１３８****８０００");
        assert_eq!(mask_phone("110"), "***");
    }

    #[test]
    fn long_numbers_in_free_text_are_masked_and_short_ones_stay() {
        let text =
            "2026-11-24 接13800138000来电，身份证11010519491231002X，罚款200元，电话138 0013 8000";
        assert_eq!(
            mask_long_numbers(text),
            "2026-11-24 接138****8000来电，身份证110105********002X，罚款200元，电话138 **** 8000"
        );
        assert_eq!(mask_long_numbers("卡号6222020200112233445"), "卡号622202*********3445");
    }

    #[test]
    fn organisations_are_published_as_they_are_persons_masked() {
        let firm = Party {
            kind: PartyKind::Organisation,
            name: "青江县某某餐饮有限公司".into(),
            id_number: "91350100M000100Y43".into(),
            contact: "13800138000".into(),
        };
        let published = published_party(&firm);
        assert_eq!(
            (published.name.as_str(), published.id_number.as_str()),
            ("青江县某某餐饮有限公司", "91350100M000100Y43")
        );
        let person = Party {
            kind: PartyKind::Individual,
            name: "张三丰".into(),
            id_number: "11010519491231002X".into(),
            ..firm
        };
        let published = published_party(&person);
        assert_eq!(
            (published.name.as_str(), published.id_number.as_str()),
            ("张**", "110105********002X")
        );
    }

    #[test]
    fn a_ticket_leaving_the_bureau_masks_its_reporter() {
        let ticket = IncomingTicket {
            number: "12345-2026-0001".into(),
            channel: crate::domain::ticket::Channel::Hotline,
            received_at: chrono::NaiveDateTime::default(),
            reporter: Reporter {
                name: "王小红".into(),
                phone: "13912345678".into(),
                anonymous: false,
            },
            place: "滨江路88号".into(),
            content: "烧烤油烟扰民，请回电13912345678".into(),
            due: None,
        };
        let masked = masked_ticket(&ticket);
        assert_eq!(
            (masked.reporter.name.as_str(), masked.reporter.phone.as_str()),
            ("王**", "139****5678")
        );
        assert_eq!(masked.content, "烧烤油烟扰民，请回电139****5678");
        assert_eq!((masked.number, masked.place), (ticket.number.clone(), ticket.place.clone()));
        let secret = IncomingTicket {
            reporter: Reporter { anonymous: true, ..ticket.reporter.clone() },
            ..ticket
        };
        let masked = masked_ticket(&secret);
        assert_eq!((masked.reporter.name, masked.reporter.phone), (String::new(), String::new()));
    }

    /// The longest run of consecutive digits in `text`.
    fn longest_digit_run(text: &str) -> usize {
        text.chars()
            .fold((0, 0), |(best, run), c| {
                let run = if is_digit(c) { run + 1 } else { 0 };
                (best.max(run), run)
            })
            .0
    }

    fn texty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[0-9]{1,20}",
            1 => "[０-９]{1,14}",
            2 => "[ \\-Xx]",
            2 => "[a-z张三，。]{1,3}",
        ];
        prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn no_run_of_eleven_digits_survives(text in texty()) {
            for masked in [mask_long_numbers(&text), mask_phone(&text), mask_id_number(&text)] {
                prop_assert!(longest_digit_run(&masked) < LONG_NUMBER_DIGITS, "{text:?} → {masked:?}");
            }
            // Masking replaces characters, never adds or removes one.
            prop_assert_eq!(mask_long_numbers(&text).chars().count(), text.chars().count());
            prop_assert_eq!(mask_phone(&text).chars().count(), text.trim().chars().count());
        }

        #[test]
        fn text_without_long_numbers_is_left_alone(text in "[0-9]{0,10}([ 年月日，a-z张]{2}[0-9]{0,10}){0,4}") {
            prop_assert_eq!(mask_long_numbers(&text), text);
        }
    }
}
