//! The case file as a person reads it, in sections: the case, the parties, the facts and
//! evidence, the items cited with their legal basis, the articles as they stood on the day of
//! the act, the penalty proposed, what the party said
//! and every opinion given, each step with its date and officer, and the clocks. The TUI's case
//! file screen and `zhifa case show` both draw these lines; neither decides what a case file
//! holds. Pure: a case (with its clocks) and the evidence of its finding in, text out.

use crate::worklist::CaseLine;
use zhifa_core::domain::case::steps::StepKind;
use zhifa_core::domain::case::{NoPenaltyGround, Step};
use zhifa_core::domain::case_file::{CaseRecord, StepRecord};
use zhifa_core::domain::catalog::{PartyKind, Provision};
use zhifa_core::domain::patrol::Evidence;
use zhifa_core::domain::privacy::{mask_id_number, mask_phone};
use zhifa_core::i18n::Lang;

/// How a line wants to be seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// Overdue, refused, owed: red.
    Alarm,
    /// Basis, article texts: quieter.
    Quiet,
    /// The n-th cited provision ([`cited_provisions`]): a screen lets it be chosen to show its
    /// article; printed, it reads as [`Tone::Quiet`].
    Cited(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub lines: Vec<(String, Tone)>,
}

impl Section {
    /// The section's heading as printed: 【案件】 in Chinese, [Case] in English.
    pub fn heading(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("【{}】", self.title),
            Lang::En => format!("[{}]", self.title),
        }
    }

    fn new(title: &str) -> Section {
        Section { title: title.to_string(), lines: Vec::new() }
    }

    fn plain(&mut self, text: impl Into<String>) {
        self.lines.push((text.into(), Tone::Plain));
    }

    fn quiet(&mut self, text: impl Into<String>) {
        self.lines.push((text.into(), Tone::Quiet));
    }
}

/// The provisions the case's items cite, in the order the file shows them: each item's
/// violated provisions, then its penalty provisions.
pub fn cited_provisions(c: &CaseRecord) -> Vec<&Provision> {
    c.items.iter().flat_map(|i| i.item.basis.violated.iter().chain(&i.item.basis.penalty)).collect()
}

/// The whole case file of `line`, with `evidence` registered with the finding it grew from.
pub fn sections(line: &CaseLine, evidence: &[Evidence], lang: Lang) -> Vec<Section> {
    let c = &line.case;
    vec![
        overview(c, lang),
        parties(c, lang),
        facts(c, evidence, lang),
        proposal(c, lang),
        voices(c, lang),
        items(c, lang),
        articles(c, lang),
        history(c, lang),
        clocks(line, lang),
    ]
}

fn overview(c: &CaseRecord, lang: Lang) -> Section {
    let s = &c.state;
    let mut out = Section::new(lang.pick("案件", "Case"));
    let number =
        c.number.clone().unwrap_or_else(|| format!("{}#{}", lang.pick("线索", "lead "), c.id));
    out.plain(format!("{number} · {}", s.stage.label(lang)));
    let procedure = if s.simple {
        lang.pick("简易程序", "simple procedure")
    } else {
        lang.pick("普通程序", "ordinary procedure")
    };
    out.plain(format!(
        "{} {} · {} · {procedure}",
        lang.pick("中队", "team"),
        c.team,
        c.source.label(lang)
    ));
    let grid = c.grid.as_deref().map(|g| format!(" · {g}")).unwrap_or_default();
    out.plain(format!("{}{} {}{grid}", lang.pick("地点", "place"), colon(lang), c.place));
    let dates = [
        (lang.pick("违法行为日", "act"), Some(s.act_on)),
        (lang.pick("发现日", "found"), Some(s.lead_on)),
        (lang.pick("立案日", "filed"), s.filed_on),
        (lang.pick("告知日", "notice"), s.notice_on),
        (lang.pick("决定日", "decided"), s.decided_on),
        (lang.pick("送达日", "served"), s.served_on),
    ];
    let dates: Vec<String> =
        dates.iter().filter_map(|(l, d)| d.map(|d| format!("{l} {d}"))).collect();
    out.plain(dates.join(" · "));
    let mut flags = Vec::new();
    if s.serious {
        flags.push(lang.pick(
            "危害生命健康安全、金融安全（追责时效五年）",
            "serious harm (5-year limitation)",
        ));
    }
    if s.legal_review_required {
        flags.push(if s.legal_review_passed {
            lang.pick("法制审核：已通过", "legal review: passed")
        } else {
            lang.pick("法制审核：须审核", "legal review: required")
        });
    }
    if s.collective_required() {
        flags.push(if s.collective_on.is_some() {
            lang.pick("负责人集体讨论：已讨论", "collective discussion: held")
        } else {
            lang.pick("须负责人集体讨论", "collective discussion required")
        });
    }
    if !flags.is_empty() {
        out.plain(flags.join(" · "));
    }
    out
}

fn colon(lang: Lang) -> &'static str {
    lang.pick("：", ":")
}

fn parties(c: &CaseRecord, lang: Lang) -> Section {
    let mut out = Section::new(lang.pick("当事人", "Parties"));
    if c.parties.is_empty() {
        out.quiet(lang.pick("（未登记）", "(none recorded)"));
    }
    for p in &c.parties {
        let kind = match (p.kind, lang) {
            (PartyKind::Individual, Lang::Zh) => "个人",
            (PartyKind::Organisation, Lang::Zh) => "单位",
            (PartyKind::Individual, Lang::En) => "person",
            (PartyKind::Organisation, Lang::En) => "organisation",
        };
        let mut text = format!("{kind} {}", p.name);
        if !p.id_number.is_empty() {
            text.push_str(&format!(" · {}", mask_id_number(&p.id_number)));
        }
        if !p.contact.is_empty() {
            text.push_str(&format!(" · {}", mask_phone(&p.contact)));
        }
        out.plain(text);
    }
    out
}

fn facts(c: &CaseRecord, evidence: &[Evidence], lang: Lang) -> Section {
    let mut out = Section::new(lang.pick("违法事实与证据", "Facts and evidence"));
    out.plain(c.facts.clone());
    if let Some((patrol, seq)) = c.finding {
        out.quiet(match lang {
            Lang::Zh => format!("源自巡查 #{patrol} 第 {seq} 条发现"),
            Lang::En => format!("from finding {seq} of patrol #{patrol}"),
        });
    }
    if let Some(ticket) = c.ticket {
        out.quiet(format!("{} #{ticket}", lang.pick("源自投诉举报", "from ticket")));
    }
    for file in evidence {
        let short = file.sha256.get(..12).unwrap_or(&file.sha256);
        out.plain(format!("{} {} · SHA-256 {short}…", lang.pick("证据", "evidence"), file.name));
    }
    if evidence.is_empty() {
        out.quiet(lang.pick("（未登记证据文件）", "(no evidence files registered)"));
    }
    out
}

fn items(c: &CaseRecord, lang: Lang) -> Section {
    let mut out = Section::new(lang.pick("执法事项与依据", "Items and legal basis"));
    let mut n = 0;
    for cited in &c.items {
        let item = &cited.item;
        out.plain(match lang {
            Lang::Zh => format!("{} {}（{}）", item.code, item.name, cited.version),
            Lang::En => format!("{} {} ({})", item.code, item.name, cited.version),
        });
        for p in item.basis.violated.iter() {
            let text = format!("{}{}", lang.pick("违反：", "violates: "), provision(p, lang));
            out.lines.push((text, Tone::Cited(n)));
            n += 1;
        }
        for p in item.basis.penalty.iter() {
            let text =
                format!("{}{}", lang.pick("处罚依据：", "penalty basis: "), provision(p, lang));
            out.lines.push((text, Tone::Cited(n)));
            n += 1;
        }
        if item.basis.violated.is_empty()
            && item.basis.penalty.is_empty()
            && !item.basis.text.is_empty()
        {
            out.quiet(item.basis.text.clone());
        }
        if let (Some(min), Some(max)) = (item.fine_min, item.fine_max) {
            out.quiet(format!(
                "{}{min}–{max} {}",
                lang.pick("罚款幅度：", "fine range: "),
                lang.pick("元", "yuan")
            ));
        }
        for tier in &item.tiers {
            let range = match (tier.fine_min, tier.fine_max) {
                (Some(a), Some(b)) => format!(" {a}–{b}"),
                _ => String::new(),
            };
            let colon = lang.pick("：", ": ");
            out.quiet(format!("  {}{range}{colon}{}", tier.name, tier.conditions));
        }
    }
    out
}

/// The articles frozen when the case was opened, as in force on the day of the act; a case
/// opened before its laws' texts were loaded says so.
fn articles(c: &CaseRecord, lang: Lang) -> Section {
    let mut out = Section::new(lang.pick(
        "条文（违法行为发生时施行的文本，立案时存档）",
        "Articles (as in force on the day of the act, kept when the case was opened)",
    ));
    if c.articles.is_empty() {
        out.quiet(lang.pick(
            "（立案时未载入所引法规的文本：见 `zhifa law show`）",
            "(the cited laws' texts were not loaded when the case was opened: see `zhifa law show`)",
        ));
    }
    for a in &c.articles {
        let no = zhifa_law::ArticleNo { number: a.number, sub: a.sub };
        out.plain(match lang {
            Lang::Zh => format!("《{}》{}（{} 起施行）", a.law, no.label_zh(), a.effective),
            Lang::En => format!("《{}》 {} (in force from {})", a.law, no.label_en(), a.effective),
        });
        for line in a.text.lines() {
            out.quiet(line.to_string());
        }
    }
    out
}

fn numeral(n: u32) -> String {
    zhifa_catalog::import::fines::chinese_numerals(i64::from(n))
}

/// A provision as the case file cites it: Chinese numerals in Chinese (第十一条第一款), the
/// English form otherwise; its text after it.
fn provision(p: &Provision, lang: Lang) -> String {
    if lang == Lang::En {
        let text = if p.text.is_empty() { String::new() } else { format!(" {}", p.text) };
        return format!("{}{text}", p.citation_in(lang));
    }
    let mut at = String::new();
    if let Some(a) = p.article {
        at.push_str(&format!("第{}条", numeral(a)));
    }
    if let Some(k) = p.paragraph {
        at.push_str(&format!("第{}款", numeral(k)));
    }
    if let Some(i) = p.item {
        at.push_str(&format!("第（{}）项", numeral(i)));
    }
    let text = if p.text.is_empty() { String::new() } else { format!(" {}", p.text) };
    format!("《{}》{at}{text}", p.law)
}

fn proposal(c: &CaseRecord, lang: Lang) -> Section {
    let s = &c.state;
    let mut out = Section::new(lang.pick("处罚意见", "Penalty"));
    match &s.penalty {
        Some(p) => {
            let mut kinds = Vec::new();
            if p.warning {
                kinds.push(lang.pick("警告", "warning").to_string());
            }
            if let Some(fine) = p.fine {
                kinds.push(format!(
                    "{}{fine}{}",
                    lang.pick("罚款 ", "fine "),
                    lang.pick(" 元", " yuan")
                ));
            }
            // APL art. 9(2): confiscation is a kind of penalty of its own.
            if let Some(gains) = p.confiscation.gains {
                // Paid in, recorded apart from the fine (art. 74(1)).
                let collected = s.execution.gains_collected_on.map_or(String::new(), |on| {
                    format!(
                        "{}{on}{}",
                        lang.pick("（", " (collected "),
                        lang.pick(" 已收缴）", ")")
                    )
                });
                kinds.push(format!(
                    "{}{gains}{}{collected}",
                    lang.pick("没收违法所得 ", "illegal gains confiscated: "),
                    lang.pick(" 元", " yuan")
                ));
            }
            let property = p.confiscation.property.trim();
            if !property.is_empty() {
                // With its estimated value where one is recorded (art. 63(1)(二): 较大价值).
                let value = p.confiscation.property_value.map_or(String::new(), |v| {
                    format!(
                        "{}{v}{}",
                        lang.pick("（估值 ", " (valued at "),
                        lang.pick(" 元）", " yuan)")
                    )
                });
                kinds.push(format!(
                    "{}{property}{value}",
                    lang.pick("没收非法财物：", "illegal property confiscated: ")
                ));
            }
            out.plain(lang.list(&kinds));
            if let Some(tier) = &p.tier {
                let colon = lang.pick("：", ": ");
                out.plain(format!(
                    "{}{tier}{colon}{}",
                    lang.pick("裁量阶次 ", "tier "),
                    p.tier_reason
                ));
            }
            if s.hearing_right {
                out.quiet(lang.pick(
                    "当事人有权要求听证（《行政处罚法》第六十三条）",
                    "the party may ask for a hearing (APL art. 63)",
                ));
            }
        }
        None => out.quiet(lang.pick("（尚未拟定）", "(not yet proposed)")),
    }
    if let Some(ground) = s.no_penalty {
        out.plain(format!(
            "{}{}",
            lang.pick("不予处罚：", "no penalty: "),
            ground_label(ground, lang)
        ));
    }
    out
}

fn ground_label(ground: NoPenaltyGround, lang: Lang) -> &'static str {
    lang.pick(ground.label_zh(), ground.label_en())
}

/// What the party said and every opinion given on the case, in order.
fn voices(c: &CaseRecord, lang: Lang) -> Section {
    let mut out = Section::new(lang.pick("陈述申辩与意见", "Statements and opinions"));
    for record in &c.steps {
        if let Some(text) = said(&record.step, lang) {
            let label = StepKind::of(&record.step).label(lang);
            let colon = lang.pick("：", ": ");
            out.plain(format!("{} {label} · {}{colon}{text}", step_day(record), record.actor));
        }
    }
    if out.lines.is_empty() {
        out.quiet(lang.pick("（暂无）", "(none yet)"));
    }
    out
}

/// The text a step records, if any.
fn said(step: &Step, lang: Lang) -> Option<String> {
    let text = match step {
        Step::ApproveFiling { opinion, .. }
        | Step::RejectFiling { opinion }
        | Step::PassLegalReview { opinion, .. }
        | Step::FailLegalReview { opinion, .. }
        | Step::ApproveClosing { opinion }
        | Step::Decide { opinion, .. } => opinion.clone(),
        Step::HearStatement { summary, .. } => summary.clone(),
        Step::ReviewStatement { adopted, opinion, .. } => {
            let verdict = if *adopted {
                lang.pick("采纳", "adopted")
            } else {
                lang.pick("不予采纳", "not adopted")
            };
            format!("{verdict}；{opinion}")
        }
        Step::HoldHearing { record, .. } => record.clone(),
        Step::CollectiveDiscussion { conclusion, .. } => conclusion.clone(),
        Step::Withdraw { reason } | Step::Transfer { reason } => reason.clone(),
        Step::WaiveRights { .. } => {
            lang.pick("当事人明确放弃陈述、申辩（听证）权利", "the party waived its rights").into()
        }
        _ => String::new(),
    };
    Some(text).filter(|t| !t.trim().is_empty())
}

/// The day a step happened: the date it states, else the day it was recorded (China time).
fn step_day(record: &StepRecord) -> String {
    if let Some(on) = record.step.on() {
        return on.to_string();
    }
    chrono::DateTime::parse_from_rfc3339(&record.at)
        .map(|at| zhifa_core::clock::china_date(at.with_timezone(&chrono::Utc)).to_string())
        .unwrap_or_else(|_| record.at.clone())
}

fn history(c: &CaseRecord, lang: Lang) -> Section {
    let mut out = Section::new(lang.pick("办理经过", "Steps"));
    for record in &c.steps {
        let label = StepKind::of(&record.step).label(lang);
        out.plain(format!(
            "#{} {} {label} → {} · {}",
            record.seq,
            step_day(record),
            record.stage_after.label(lang),
            record.actor
        ));
    }
    if out.lines.is_empty() {
        out.quiet(lang.pick("（尚无步骤）", "(no steps yet)"));
    }
    out
}

fn clocks(line: &CaseLine, lang: Lang) -> Section {
    let mut out = Section::new(lang.pick("期限", "Deadlines"));
    for clock in &line.deadlines {
        let text = format!("{} · {}", clock.text(lang), clock.kind.basis(lang));
        let tone = if clock.overdue { Tone::Alarm } else { Tone::Plain };
        out.lines.push((text, tone));
    }
    if let Some(fen) = line.surcharge_fen {
        let yuan = format!("{}.{:02}", fen / 100, fen % 100);
        let text = match lang {
            Lang::Zh => format!("逾期未缴：加处罚款 {yuan} 元（每日 3%，不超过罚款数额；暂缓缴纳、复议诉讼期间不计，《行政处罚法》第六十六条、第七十二条、第七十三条）"),
            Lang::En => format!("unpaid: surcharge {yuan} yuan (3% a day, capped at the fine; not during a deferral, review or suit, APL arts. 66, 72, 73)"),
        };
        out.lines.push((text, Tone::Alarm));
    }
    if out.lines.is_empty() {
        out.quiet(lang.pick("（无进行中的期限）", "(no clock running)"));
    }
    out
}
