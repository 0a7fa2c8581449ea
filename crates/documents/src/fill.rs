//! What a document says, taken from the case as recorded: one flat map of named values that the
//! templates place (`{party_name}`, `{penalty}`…). Pure. A value the record does not hold is
//! empty; the template shows a blank to write in by hand, and `doc list` says what is missing.
//!
//! Issue values (`{number}`, `{check_code}`, `{issued_on}`) are added by [`with_issue`] once the
//! store has given them, so the content digest of a document does not depend on them.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use zhifa_core::calendar::WorkCalendar;
use zhifa_core::domain::case::Step;
use zhifa_core::domain::case_file::CaseRecord;
use zhifa_core::domain::catalog::{PartyKind, Provision};
use zhifa_core::domain::deadline::{due_date, late_surcharge_fen, DeadlineKind};

pub type Fill = BTreeMap<String, String>;

/// What a fill needs besides the case.
pub struct FillContext<'a> {
    /// Badge → name of the officers named in the case.
    pub officers: &'a BTreeMap<String, String>,
    pub calendar: &'a WorkCalendar,
    pub today: NaiveDate,
    /// Numbers of the documents already issued for the case, by kind key (the service receipt
    /// names the document it serves).
    pub issued_numbers: &'a BTreeMap<String, String>,
    /// The hearing thresholds (`[casework]`): a notice printed before it is given states the
    /// hearing right the proposed fine brings (APL art. 63).
    pub hearing: &'a zhifa_core::domain::penalty::HearingRules,
    /// The name of the case's team (中队), when known.
    pub team_name: Option<&'a str>,
    /// The evidence recorded with the patrol finding the case grew from, each named with the
    /// start of its SHA-256 (as registered).
    pub evidence: &'a [String],
}

/// The keys every fill holds (besides the bureau's own `[vars]` and the issue values): the
/// templates may name only these.
pub const KEYS: &[&str] = &[
    "case_number",
    "team",
    "source",
    "lead_on",
    "act_on",
    "filed_on",
    "place",
    "grid",
    "facts",
    "cause",
    "item_names",
    "item_codes",
    "party_name",
    "party_kind",
    "party_id",
    "party_contact",
    "party_address",
    "parties",
    "violated",
    "violated_text",
    "penalty_basis",
    "penalty_basis_text",
    "basis_text",
    "penalty",
    "fine",
    "fine_upper",
    "tier",
    "tier_reason",
    "investigators",
    "stage",
    "notice_on",
    "hearing_right",
    "hearing_request_by",
    "hearing_on",
    "decided_on",
    "served_on",
    "pay_by",
    "days_late",
    "surcharge",
    "amount_due",
    "executed",
    "closing_summary",
    "served_document",
    "served_number",
    "review_by_days",
    "lawsuit_months",
    "today",
    "evidence",
];

/// The issue values a fill gains when the store issues the document.
/// `notice_date` and `hearing_notice_date` are the dates the record gives the notices, or the
/// day of issue for one printed before it is given.
pub const ISSUE_KEYS: &[&str] =
    &["number", "check_code", "issued_on", "notice_date", "hearing_notice_date"];

/// A date as documents write it: 2026年3月5日.
pub fn date_zh(day: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

fn opt_date(day: Option<NaiveDate>) -> String {
    day.map(date_zh).unwrap_or_default()
}

/// An amount of yuan in capital numerals, as money is written on a penalty: 伍佰元整.
pub fn yuan_upper(amount: i64) -> String {
    const DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
    const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
    const GROUPS: [&str; 3] = ["", "万", "亿"];
    if amount <= 0 {
        return "零元整".into();
    }
    let mut out = String::new();
    let mut zero_pending = false;
    let digits: Vec<u32> = amount.to_string().chars().filter_map(|c| c.to_digit(10)).collect();
    let len = digits.len();
    for (i, d) in digits.iter().enumerate() {
        let pos = len - 1 - i;
        if *d == 0 {
            zero_pending = !out.is_empty();
        } else {
            if zero_pending {
                out.push('零');
                zero_pending = false;
            }
            out.push_str(DIGITS[*d as usize]);
            out.push_str(UNITS[pos % 4]);
        }
        if pos % 4 == 0 && pos > 0 {
            let group_has_digit = digits[i.saturating_sub(3)..=i].iter().any(|d| *d != 0);
            if group_has_digit {
                out.push_str(GROUPS[(pos / 4).min(2)]);
            }
        }
    }
    out + "元整"
}

fn numeral(n: u32) -> String {
    // Articles are cited as the statute numbers them: 第十条, not 第一十条.
    let text = zhifa_catalog::import::fines::chinese_numerals(i64::from(n));
    match text.strip_prefix("一十") {
        Some(rest) => format!("十{rest}"),
        None => text,
    }
}

/// A provision as cited: 《城市市容和环境卫生管理条例》第十四条第一款：text.
fn cite(provision: &Provision) -> String {
    let mut place = String::new();
    if let Some(a) = provision.article {
        place += &format!("第{}条", numeral(a));
    }
    if let Some(p) = provision.paragraph {
        place += &format!("第{}款", numeral(p));
    }
    if let Some(i) = provision.item {
        place += &format!("第（{}）项", numeral(i));
    }
    let law = provision.law.trim_matches(|c| c == '《' || c == '》');
    let text = provision.text.trim();
    if text.is_empty() {
        format!("《{law}》{place}")
    } else {
        format!("《{law}》{place}：“{text}”")
    }
}

/// The words of `provision` in the article kept with the case (as in force on the day of the act,
/// APL art. 37), if its article was kept.
fn frozen_words(case: &CaseRecord, provision: &Provision) -> Option<String> {
    let no = zhifa_law::lookup::article_no(provision)?;
    // An inserted article (之一) keeps the catalog's words, which carry its 之一 for the citation.
    if no.sub > 0 {
        return None;
    }
    let key = zhifa_law::lookup::law_key(&provision.law);
    let article = case
        .articles
        .iter()
        .find(|a| a.law_key == key && a.number == no.number && a.sub == no.sub)?;
    let words = zhifa_law::quoted_part(&article.text, provision.paragraph, provision.item)?;
    // One paragraph in the document: its lines joined as the statute runs them on.
    Some(words.lines().collect::<Vec<_>>().join(""))
}

/// The act an item punishes, as a case's cause (案由): 对擅自占道经营的行政处罚 → 擅自占道经营.
fn cause_of(item_name: &str) -> String {
    let name = item_name.trim();
    let name = name.strip_prefix('对').unwrap_or(name);
    let name = ["的行政处罚", "的处罚", "行为的行政处罚"]
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name);
    name.to_string()
}

/// `text` ending as a sentence does (a full stop added where it has none).
fn sentence(text: &str) -> String {
    let text = text.trim();
    match text.chars().last() {
        None => String::new(),
        Some(c) if "。！？；…”".contains(c) => text.to_string(),
        Some(_) => format!("{text}。"),
    }
}

fn penalty_text(p: &zhifa_core::domain::penalty::Proposal) -> String {
    let mut text = match (p.warning, p.fine) {
        (true, Some(f)) => format!("警告，并处罚款人民币{}（¥{f}）", yuan_upper(f)),
        (false, Some(f)) => format!("罚款人民币{}（¥{f}）", yuan_upper(f)),
        (true, None) => "警告".into(),
        (false, None) => String::new(),
    };
    // 没收违法所得、没收非法财物 (APL art. 9(2)), after the fine as the article lists them.
    let mut taken = Vec::new();
    if let Some(g) = p.confiscation.gains {
        taken.push(format!("没收违法所得人民币{}（¥{g}）", yuan_upper(g)));
    }
    let property = p.confiscation.property.trim();
    if !property.is_empty() {
        taken.push(format!("没收非法财物：{property}"));
    }
    for part in taken {
        if !text.is_empty() {
            text.push('；');
        }
        text.push_str(&part);
    }
    text
}

/// The fill of `case` (issue values aside).
pub fn fill(case: &CaseRecord, ctx: &FillContext) -> Fill {
    let state = &case.state;
    let mut f = Fill::new();
    let mut put = |k: &str, v: String| {
        f.insert(k.to_string(), v);
    };
    put("case_number", case.number.clone().unwrap_or_default());
    put("team", ctx.team_name.map_or_else(|| case.team.clone(), str::to_string));
    put("source", case.source.label_zh().into());
    put("lead_on", date_zh(state.lead_on));
    put("act_on", date_zh(state.act_on));
    put("filed_on", opt_date(state.filed_on));
    put("place", case.place.clone());
    put("grid", case.grid.clone().unwrap_or_default());
    put("facts", sentence(&case.facts));
    let items = &case.items;
    put("cause", items.first().map(|i| cause_of(&i.item.name)).unwrap_or_default());
    put("item_names", items.iter().map(|i| i.item.name.as_str()).collect::<Vec<_>>().join("；"));
    put("item_codes", items.iter().map(|i| i.item.code.as_str()).collect::<Vec<_>>().join("、"));
    let party = case.parties.first();
    put("party_name", party.map(|p| p.name.clone()).unwrap_or_default());
    put(
        "party_kind",
        party
            .map_or("", |p| match p.kind {
                PartyKind::Individual => "个人",
                PartyKind::Organisation => "单位",
            })
            .into(),
    );
    put("party_id", party.map(|p| p.id_number.clone()).unwrap_or_default());
    put("party_contact", party.map(|p| p.contact.clone()).unwrap_or_default());
    // The record holds no address yet: left blank to write in.
    put("party_address", String::new());
    put("parties", case.parties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("、"));
    let provisions = |pick: fn(&zhifa_core::domain::catalog::LegalBasis) -> &Vec<Provision>,
                      with_text: bool| {
        let cited = items.iter().flat_map(|i| pick(&i.item.basis).iter());
        let cited: Vec<String> = cited
            .map(|p| {
                if with_text {
                    // The law as it stood on the day of the act, kept with the case, where its
                    // text was loaded; else the words the catalog quotes.
                    let text = frozen_words(case, p).unwrap_or_else(|| p.text.clone());
                    cite(&Provision { text, ..p.clone() })
                } else {
                    cite(&Provision { text: String::new(), ..p.clone() })
                }
            })
            .collect();
        cited.join(if with_text { "\n" } else { "、" })
    };
    put("violated", provisions(|b| &b.violated, false));
    put("violated_text", provisions(|b| &b.violated, true));
    put("penalty_basis", provisions(|b| &b.penalty, false));
    put("penalty_basis_text", provisions(|b| &b.penalty, true));
    let basis_text = items.iter().map(|i| i.item.basis.text.trim()).collect::<Vec<_>>().join("\n");
    // An item whose basis the importer could not split keeps its text: cite that verbatim.
    for key in ["violated_text", "penalty_basis_text"] {
        if f.get(key).is_some_and(String::is_empty) {
            f.insert(key.to_string(), basis_text.clone());
        }
    }
    let mut put = |k: &str, v: String| {
        f.insert(k.to_string(), v);
    };
    put("basis_text", basis_text);
    put("evidence", ctx.evidence.join("；"));
    let proposal = state.penalty.as_ref();
    let fine = proposal.and_then(|p| p.fine);
    put("penalty", proposal.map(penalty_text).unwrap_or_default());
    put("fine", fine.map(|f| f.to_string()).unwrap_or_default());
    put("fine_upper", fine.map(yuan_upper).unwrap_or_default());
    put("tier", proposal.and_then(|p| p.tier.clone()).unwrap_or_default());
    put("tier_reason", proposal.map(|p| sentence(&p.tier_reason)).unwrap_or_default());
    let name = |badge: &String| match ctx.officers.get(badge) {
        Some(n) => format!("{n}（{badge}）"),
        None => badge.clone(),
    };
    let mut officers: Vec<String> = state.investigators.iter().map(name).collect();
    if officers.is_empty() {
        if let Some(Step::DecideOnTheSpot { officers: on_spot, .. }) =
            case.steps.iter().map(|s| &s.step).find(|s| matches!(s, Step::DecideOnTheSpot { .. }))
        {
            officers = on_spot.iter().map(name).collect();
        }
    }
    put("investigators", officers.join("、"));
    put("stage", state.stage.label_zh().into());
    put("notice_on", opt_date(state.notice_on));
    // Once the notice is given the record says whether it stated the right; before, the
    // proposed fine decides as it will then (art. 63).
    let domain = items.first().map_or("", |i| i.item.domain.as_str());
    let proposed_right = proposal.is_some_and(|p| {
        zhifa_core::domain::penalty::hearing_right(p, ctx.hearing.for_domain(domain))
    });
    let right = state.hearing_right || (state.notice_on.is_none() && proposed_right);
    put("hearing_right", if right { "是".into() } else { String::new() });
    let due = |kind: DeadlineKind, start: Option<NaiveDate>| {
        start.and_then(|s| due_date(&kind.rule(), s, &[], ctx.calendar).ok())
    };
    put("hearing_request_by", opt_date(due(DeadlineKind::HearingRequest, state.notice_on)));
    put("hearing_on", opt_date(state.hearing_on));
    let notified = case.steps.iter().find_map(|s| match s.step {
        Step::NotifyHearing { on, .. } => Some(on),
        _ => None,
    });
    put("hearing_notified_on", opt_date(notified));
    put("decided_on", opt_date(state.decided_on));
    put("served_on", opt_date(state.served_on));
    let pay_by = due(DeadlineKind::Payment, state.served_on);
    put("pay_by", opt_date(pay_by));
    let days_late = pay_by.map(|d| (ctx.today - d).num_days().max(0)).unwrap_or(0);
    put("days_late", days_late.to_string());
    let surcharge_fen = fine.map_or(0, |f| late_surcharge_fen(f.max(0) as u64, days_late as u64));
    put("surcharge", format!("{}.{:02}", surcharge_fen / 100, surcharge_fen % 100));
    let due_fen = fine.unwrap_or(0).max(0) as u64 * 100 + surcharge_fen;
    put("amount_due", format!("{}.{:02}", due_fen / 100, due_fen % 100));
    let executed = case.steps.iter().any(|s| matches!(s.step, Step::RecordExecution));
    put("executed", if executed { "是".into() } else { String::new() });
    put("closing_summary", closing_summary(case));
    let (served_kind, served_label) = if state.decided_on.is_some() {
        ("decision", "行政处罚决定书")
    } else {
        ("prior-notice", "行政处罚事先告知书")
    };
    put("served_document", served_label.into());
    let served_number = ctx.issued_numbers.get(served_kind).cloned();
    let served_number = match served_kind {
        "decision" => served_number.or_else(|| case.number.clone()),
        _ => served_number,
    };
    put("served_number", served_number.unwrap_or_default());
    put("review_by_days", "六十".into());
    put("lawsuit_months", "六".into());
    put("today", date_zh(ctx.today));
    f
}

/// The case's course for the closing form: each dated step with its date.
fn closing_summary(case: &CaseRecord) -> String {
    let s = &case.state;
    let mut lines = Vec::new();
    let mut line = |label: &str, day: Option<NaiveDate>| {
        if let Some(day) = day {
            lines.push(format!("{}：{}", label, date_zh(day)));
        }
    };
    line("立案", s.filed_on);
    line("告知", s.notice_on);
    line("听证", s.hearing_on);
    line("决定", s.decided_on);
    line("送达", s.served_on);
    let mut text = lines.join("；");
    if let Some(p) = &s.penalty {
        text += &format!("。处罚内容：{}", penalty_text(p));
    }
    if case.steps.iter().any(|s| matches!(s.step, Step::RecordExecution)) {
        text += "。已执行完毕";
    }
    text
}

/// `fill` with the values of the issue.
pub fn with_issue(
    mut fill: Fill,
    number: Option<&str>,
    check_code: &str,
    issued_on: NaiveDate,
) -> Fill {
    fill.insert("number".into(), number.unwrap_or_default().to_string());
    fill.insert("check_code".into(), check_code.to_string());
    fill.insert("issued_on".into(), date_zh(issued_on));
    for (key, recorded) in
        [("notice_date", "notice_on"), ("hearing_notice_date", "hearing_notified_on")]
    {
        let day = fill.get(recorded).filter(|d| !d.is_empty()).cloned();
        fill.insert(key.into(), day.unwrap_or_else(|| date_zh(issued_on)));
    }
    fill
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_capital_numerals() {
        assert_eq!(yuan_upper(500), "伍佰元整");
        assert_eq!(yuan_upper(1050), "壹仟零伍拾元整");
        assert_eq!(yuan_upper(20_000), "贰万元整");
        assert_eq!(yuan_upper(100_001), "壹拾万零壹元整");
        assert_eq!(yuan_upper(3_000), "叁仟元整");
    }

    #[test]
    fn the_penalty_names_confiscation_after_the_fine_as_art_9_lists_them() {
        use zhifa_core::domain::catalog::PartyKind;
        use zhifa_core::domain::penalty::{Confiscation, Proposal};
        let mut p = Proposal {
            party: PartyKind::Organisation,
            warning: false,
            fine: Some(3_000),
            tier: None,
            tier_reason: String::new(),
            confiscation: Confiscation {
                gains: Some(1_200),
                property: "电子秤一台".into(),
                property_value: None,
            },
        };
        assert_eq!(
            penalty_text(&p),
            "罚款人民币叁仟元整（¥3000）；没收违法所得人民币壹仟贰佰元整（¥1200）；没收非法财物：电子秤一台"
        );
        p.fine = None;
        p.confiscation.property.clear();
        assert_eq!(penalty_text(&p), "没收违法所得人民币壹仟贰佰元整（¥1200）");
    }

    #[test]
    fn the_cause_is_the_act_the_item_punishes() {
        assert_eq!(
            cause_of("对擅自占用城市人行道设摊经营的行政处罚"),
            "擅自占用城市人行道设摊经营"
        );
        assert_eq!(cause_of("违章搭建"), "违章搭建");
    }

    #[test]
    fn a_provision_is_cited_with_its_text() {
        let p = Provision {
            law: "《城市市容和环境卫生管理条例》".into(),
            article: Some(36),
            paragraph: Some(1),
            item: Some(2),
            text: "擅自占用道路设摊的".into(),
        };
        assert_eq!(
            cite(&p),
            "《城市市容和环境卫生管理条例》第三十六条第一款第（二）项：“擅自占用道路设摊的”"
        );
    }
}
