//! A case as the store keeps it: what it is about, the catalog items it cites (frozen as they
//! were on the day of the act), its parties and its history of steps. Plus the two pure rules
//! opening a case needs: whether an item may be exercised by a team (its scope), and the case
//! number format.

use super::case::{Case, Stage, Step};
use super::catalog::{CatalogItem, PartyKind};
use super::officer::Team;
use super::penalty::HearingRules;
use crate::calendar::WorkCalendar;
use chrono::NaiveDate;
use serde::Serialize;

/// Where a case came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseSource {
    Patrol,
    Ticket,
    Referral,
    Assignment,
    WalkIn,
}

impl CaseSource {
    pub const ALL: [CaseSource; 5] = [
        CaseSource::Patrol,
        CaseSource::Ticket,
        CaseSource::Referral,
        CaseSource::Assignment,
        CaseSource::WalkIn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CaseSource::Patrol => "patrol",
            CaseSource::Ticket => "ticket",
            CaseSource::Referral => "referral",
            CaseSource::Assignment => "assignment",
            CaseSource::WalkIn => "walk_in",
        }
    }

    pub fn from_key(key: &str) -> Option<CaseSource> {
        CaseSource::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CaseSource::Patrol => "巡查发现",
            CaseSource::Ticket => "投诉举报",
            CaseSource::Referral => "部门移送",
            CaseSource::Assignment => "上级交办",
            CaseSource::WalkIn => "当事人来访",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CaseSource::Patrol => "patrol",
            CaseSource::Ticket => "complaint",
            CaseSource::Referral => "referral",
            CaseSource::Assignment => "assigned",
            CaseSource::WalkIn => "walk-in",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.label_en())
    }
}

/// A party (当事人). `Debug` is written by hand: the identity number and the contact stay out of
/// debug dumps, logs and panic messages (only their length shows).
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    pub kind: PartyKind,
    pub name: String,
    /// ID card number or unified social credit code (统一社会信用代码).
    pub id_number: String,
    pub contact: String,
}

impl std::fmt::Debug for Party {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let withheld = |text: &str| format!("<{} chars withheld>", text.chars().count());
        f.debug_struct("Party")
            .field("kind", &self.kind)
            .field("name", &self.name)
            .field("id_number", &withheld(&self.id_number))
            .field("contact", &withheld(&self.contact))
            .finish()
    }
}

/// What an officer gives to open a case (a lead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub team: String,
    pub source: CaseSource,
    pub ticket: Option<i64>,
    pub place: String,
    pub grid: Option<String>,
    pub facts: String,
    pub act_on: NaiveDate,
    pub lead_on: NaiveDate,
    /// The act harmed life, health or financial safety (5-year limitation, APL art. 36).
    pub serious: bool,
    /// Codes of the catalog items cited.
    pub items: Vec<String>,
    pub parties: Vec<Party>,
    /// Whether art. 58 requires a legal review before the decision.
    pub legal_review_required: bool,
    /// The patrol finding (patrol id, finding number) the case grew from.
    pub finding: Option<(i64, i64)>,
}

impl NewCase {
    /// The case as a lead, before any step: what opening it records.
    pub fn opening_state(&self) -> Case {
        let mut state = Case::lead(self.act_on, self.lead_on);
        state.serious = self.serious;
        state.legal_review_required = self.legal_review_required;
        state
    }
}

/// A cited item as it was: the version it came from and its full text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitedItem {
    pub version: String,
    pub item: CatalogItem,
}

/// One step taken, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepRecord {
    pub seq: i64,
    pub step: Step,
    pub stage_after: Stage,
    pub actor: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRecord {
    pub id: i64,
    pub number: Option<String>,
    pub team: String,
    pub source: CaseSource,
    pub ticket: Option<i64>,
    pub place: String,
    pub grid: Option<String>,
    pub facts: String,
    pub items: Vec<CitedItem>,
    pub parties: Vec<Party>,
    pub state: Case,
    pub steps: Vec<StepRecord>,
    /// The patrol finding (patrol id, finding number) the case grew from.
    pub finding: Option<(i64, i64)>,
    /// The articles its items cite, frozen at opening (none for cases opened before law texts
    /// were loaded).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<FrozenArticle>,
}

/// The text of an article a case cites, frozen when the case was opened, as the law version in
/// force on the day of the act had it (APL art. 37: the law in force when the act was done
/// applies), so a later amendment never changes what the case file and its decision quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrozenArticle {
    /// The law's title as loaded (中华人民共和国行政处罚法).
    pub law: String,
    /// The name citations are matched on (行政处罚法).
    pub law_key: String,
    /// The day that version came into force.
    pub effective: NaiveDate,
    pub number: u32,
    /// The 之N of an inserted article, 0 for none.
    pub sub: u32,
    /// The article whole: 第X条 and its first 款 on one line, each later 款 and 项 on its own.
    pub text: String,
}

/// Why a party's identity number cannot be right. The number itself is not repeated: a refusal
/// is shown, and may be logged, where a resident ID number must not be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberProblem {
    /// The characters given (counted).
    #[error(
        "not a resident ID number (GB 11643: 17 digits and a check digit or X); {0} characters given"
    )]
    PersonShape(usize),
    #[error(
        "not a unified social credit code (GB 32100: 18 digits and capitals, no I, O, S, V, Z); \
         {0} characters given"
    )]
    OrganisationShape(usize),
    #[error("the check character does not match (mistyped?)")]
    Checksum,
}

impl IdNumberProblem {
    pub fn message_zh(&self) -> String {
        match self {
            Self::PersonShape(n) => {
                format!("不是公民身份号码（17 位数字加 1 位校验码，可为 X），所填为 {n} 位")
            }
            Self::OrganisationShape(n) => format!(
                "不是统一社会信用代码（18 位数字或大写字母，不含 I、O、S、V、Z），所填为 {n} 位"
            ),
            Self::Checksum => "校验码不符，请核对是否录错".to_string(),
        }
    }
}

/// Checks a party's number by its kind: a resident ID number (GB 11643, check digit mod 11) for
/// a person, a unified social credit code (GB 32100, check character mod 31) for an
/// organisation. An empty number is allowed (not every party carries one on the spot).
pub fn check_id_number(kind: PartyKind, number: &str) -> Result<(), IdNumberProblem> {
    let number = number.trim();
    if number.is_empty() {
        return Ok(());
    }
    match kind {
        PartyKind::Individual => check_resident_id(number),
        PartyKind::Organisation => check_credit_code(number),
    }
}

fn check_resident_id(number: &str) -> Result<(), IdNumberProblem> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let chars: Vec<char> = number.to_ascii_uppercase().chars().collect();
    let digits: Option<Vec<u32>> = chars.iter().take(17).map(|c| c.to_digit(10)).collect();
    let (Some(digits), 18) = (digits, chars.len()) else {
        return Err(IdNumberProblem::PersonShape(chars.len()));
    };
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    if chars[17] != char::from(CHECK[(sum % 11) as usize]) {
        return Err(IdNumberProblem::Checksum);
    }
    Ok(())
}

fn check_credit_code(number: &str) -> Result<(), IdNumberProblem> {
    const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let upper = number.to_ascii_uppercase();
    let values: Option<Vec<usize>> = upper.chars().map(|c| CHARSET.find(c)).collect();
    let Some(values) = values.filter(|v| v.len() == 18) else {
        return Err(IdNumberProblem::OrganisationShape(upper.chars().count()));
    };
    let sum: usize = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    if values[17] != (31 - sum % 31) % 31 {
        return Err(IdNumberProblem::Checksum);
    }
    Ok(())
}

/// Whether `team` may exercise `item`: an empty scope is the whole jurisdiction; otherwise a
/// scope entry names the team by code or name, or names its street or town (青溪街道 for
/// 青溪中队: the same place name before 街道 / 镇 / 乡 / 中队).
pub fn in_scope(item: &CatalogItem, team: &Team) -> bool {
    if item.scope.is_empty() {
        return true;
    }
    let stem = place_stem(&team.name);
    item.scope.iter().any(|entry| {
        let entry = entry.trim();
        entry == team.code || entry == team.name || (!stem.is_empty() && place_stem(entry) == stem)
    })
}

fn place_stem(name: &str) -> &str {
    let name = name.trim();
    ["综合行政执法中队", "执法中队", "中队", "街道", "镇", "乡"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name)
}

/// The default pattern: 〔2026〕综执罚字第12号.
pub const DEFAULT_NUMBER_PATTERN: &str = "〔{year}〕{station}综执罚字第{n}号";
/// The default pattern of on-the-spot decisions (simple procedure): 〔2026〕综执简字第3号.
pub const DEFAULT_SIMPLE_PATTERN: &str = "〔{year}〕{station}综执简字第{n}号";

/// The local rules cases are handled under: the working-day calendar, the number patterns and
/// the hearing thresholds, per domain where one sets its own (the `[casework]` settings).
#[derive(Debug, Clone)]
pub struct CaseRules<'a> {
    pub calendar: &'a WorkCalendar,
    pub number_pattern: &'a str,
    pub simple_pattern: &'a str,
    pub hearing: HearingRules,
    /// Who gives the approvals local rules assign (`[casework.approvers]`).
    pub authority: crate::domain::case::Authority,
}

impl CaseRules<'_> {
    /// The default patterns and thresholds on `calendar`.
    pub fn defaults(calendar: &WorkCalendar) -> CaseRules<'_> {
        CaseRules {
            calendar,
            number_pattern: DEFAULT_NUMBER_PATTERN,
            simple_pattern: DEFAULT_SIMPLE_PATTERN,
            hearing: HearingRules::default(),
            authority: crate::domain::case::Authority::default(),
        }
    }
}

/// The case number `n` of `year` in `pattern` (`{year}` and `{n}` are replaced) in a database
/// that belongs to no station (`{station}` is left out).
pub fn case_number(pattern: &str, year: i32, n: u32) -> Result<String, String> {
    station_number(pattern, None, year, n)
}

/// The number `n` of `year` in `pattern` at `station`: `{year}`, `{n}` and `{station}` replaced.
/// A station's numbers carry its code, so that numbers are unique county-wide by construction
/// (each station counts its own series; docs/CENTRAL.md): a pattern without `{station}` gets
/// the code in front. Without a station, `{station}` is left out.
pub fn station_number(
    pattern: &str,
    station: Option<&str>,
    year: i32,
    n: u32,
) -> Result<String, String> {
    if !pattern.contains("{n}") {
        return Err(format!(
            "the case number pattern “{pattern}” has no {{n}}: numbers would repeat"
        ));
    }
    let pattern = match station {
        Some(_) if !pattern.contains("{station}") => format!("{{station}}{pattern}"),
        _ => pattern.to_string(),
    };
    Ok(pattern
        .replace("{station}", station.unwrap_or_default())
        .replace("{year}", &year.to_string())
        .replace("{n}", &n.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Team {
        Team { code: "QX01".into(), name: "青溪中队".into(), brigade: None }
    }

    fn item(scope: &[&str]) -> CatalogItem {
        CatalogItem { scope: scope.iter().map(|s| s.to_string()).collect(), ..Default::default() }
    }

    #[test]
    fn scope_names_the_team_or_its_street() {
        assert!(in_scope(&item(&[]), &team()), "empty scope: everywhere");
        assert!(in_scope(&item(&["东岗街道", "青溪街道"]), &team()));
        assert!(in_scope(&item(&["QX01"]), &team()));
        assert!(in_scope(&item(&["青溪中队"]), &team()));
        assert!(!in_scope(&item(&["东岗街道", "临江镇"]), &team()));
        assert!(!in_scope(&item(&["青溪路街道"]), &team()), "a longer name is another place");
    }

    #[test]
    fn no_identity_number_in_refusals_or_debug_dumps() {
        let valid = "11010519491231002X";
        let typo = "110105194912310021";
        let refusals = [
            check_id_number(PartyKind::Individual, typo),
            check_id_number(PartyKind::Individual, &typo[..17]),
            check_id_number(PartyKind::Organisation, typo),
        ];
        for refusal in refusals {
            let problem = refusal.expect_err("refused");
            let shown = format!("{problem} {} {problem:?}", problem.message_zh());
            assert!(!shown.contains(&typo[..17]), "{shown}");
        }
        let party = Party {
            kind: PartyKind::Individual,
            name: "赵某".into(),
            id_number: valid.into(),
            contact: "13900000000".into(),
        };
        let dump = format!("{party:?} {party:#?}");
        assert!(dump.contains("赵某") && dump.contains("18 chars withheld"), "{dump}");
        assert!(!dump.contains("1101051949") && !dump.contains("13900000000"), "{dump}");
    }

    #[test]
    fn identity_numbers_are_checked_by_their_check_character() {
        use IdNumberProblem as P;
        let person = PartyKind::Individual;
        assert_eq!(check_id_number(person, "11010519491231002X"), Ok(()), "GB 11643's example");
        assert_eq!(check_id_number(person, "11010519491231002x"), Ok(()), "x as typed");
        assert!(matches!(check_id_number(person, "110105194912310021"), Err(P::Checksum)));
        assert_eq!(check_id_number(person, "1101051949123100"), Err(P::PersonShape(16)));
        assert_eq!(check_id_number(person, "  "), Ok(()), "none given");
        let firm = PartyKind::Organisation;
        assert_eq!(check_id_number(firm, "91350100M000100Y43"), Ok(()));
        assert!(matches!(check_id_number(firm, "91350100M000100Y44"), Err(P::Checksum)));
        assert!(matches!(
            check_id_number(firm, "91350100M000100YI3"),
            Err(P::OrganisationShape(_))
        ));
    }

    #[test]
    fn case_numbers_follow_the_pattern_and_must_count() {
        assert_eq!(
            station_number(DEFAULT_NUMBER_PATTERN, Some("GX"), 2026, 12).as_deref(),
            Ok("〔2026〕GX综执罚字第12号")
        );
        assert_eq!(
            station_number("青综执〔{year}〕{n}号", Some("GX"), 2027, 3).as_deref(),
            Ok("GX青综执〔2027〕3号"),
            "a pattern without {{station}} gets the code in front"
        );
        assert_eq!(
            case_number(DEFAULT_NUMBER_PATTERN, 2026, 12).as_deref(),
            Ok("〔2026〕综执罚字第12号")
        );
        assert_eq!(
            case_number("青综执〔{year}〕{n}号", 2027, 1).as_deref(),
            Ok("青综执〔2027〕1号")
        );
        assert!(case_number("〔{year}〕第号", 2026, 1).is_err());
        assert_eq!(CaseSource::from_key("walk_in"), Some(CaseSource::WalkIn));
    }
}
