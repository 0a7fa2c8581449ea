//! `zhifa case publish`: the penalty decisions of a period as a file for publication (APL
//! art. 48), a person's name and identity number masked (`domain::privacy`), facts, places and
//! contacts left out (`domain::publication`). CSV (UTF-8 with a BOM when written to a file, so
//! Excel reads the Chinese) or JSON; stdout unless `-o FILE`.
//!
//! A publication is read by people: its text is shown safe (`text::safe_line`, no control
//! characters), and a CSV cell that a spreadsheet would run as a formula (= + - @ first) starts
//! with an apostrophe.

use crate::cli::out::errln;
use crate::domain::catalog::PartyKind;
use crate::domain::publication::{in_period, PublishedDecision};
use crate::i18n::Lang;
use crate::store::Store;
use crate::text::safe_line;
use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PublishFormat {
    Csv,
    Json,
}

/// What `zhifa case publish` was asked for.
pub struct PublishRequest<'a> {
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub format: PublishFormat,
    pub output: Option<&'a Path>,
}

pub fn publish(store: &Store, request: &PublishRequest, lang: Lang) -> Result<i32> {
    if let Some(from) = request.from.filter(|f| *f > request.to) {
        bail!(
            "{}",
            match lang {
                Lang::Zh => format!("起始日期 {from} 晚于截止日期 {}", request.to),
                Lang::En => format!("--from {from} is after --to {}", request.to),
            }
        );
    }
    let decisions = decisions(store, request.from, request.to)?;
    let body = match request.format {
        PublishFormat::Csv => csv_text(&decisions, lang)?,
        PublishFormat::Json => crate::cli::json::pretty(&decisions)? + "\n",
    };
    match request.output {
        Some(path) => write_file(path, &body, request.format)?,
        None => print!("{body}"),
    }
    let period = format!("{}–{}", request.from.map_or("…".into(), |d| d.to_string()), request.to);
    match lang {
        Lang::Zh => {
            errln!("{period}：{} 份处罚决定，个人姓名和身份证件号码已脱敏", decisions.len())
        }
        Lang::En => {
            errln!("{period}: {} penalty decisions, persons' names and IDs masked", decisions.len())
        }
    }
    Ok(0)
}

/// The penalty decisions of the period, oldest first, shown safe.
fn decisions(
    store: &Store,
    from: Option<NaiveDate>,
    to: NaiveDate,
) -> Result<Vec<PublishedDecision>> {
    let mut found = Vec::new();
    // The list carries each case's state; only the decided ones are read in full.
    for case in store.cases()? {
        let decided = case.state.decided_on.is_some_and(|d| in_period(d, from, Some(to)));
        if !decided || case.state.penalty.is_none() {
            continue;
        }
        if let Some(published) = store.case(case.id)?.as_ref().and_then(PublishedDecision::of) {
            found.push(shown(published));
        }
    }
    found.sort_by(|a, b| (a.decided_on, &a.number).cmp(&(b.decided_on, &b.number)));
    Ok(found)
}

/// Every text of `decision` safe for a reader's screen.
fn shown(mut decision: PublishedDecision) -> PublishedDecision {
    let safe = |text: &mut String| *text = safe_line(text).into_owned();
    safe(&mut decision.number);
    safe(&mut decision.confiscation.property);
    for item in &mut decision.items {
        safe(&mut item.code);
        safe(&mut item.name);
        item.basis.iter_mut().for_each(safe);
    }
    for party in &mut decision.parties {
        safe(&mut party.name);
        safe(&mut party.id_number);
    }
    decision
}

fn csv_text(decisions: &[PublishedDecision], lang: Lang) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header(lang))?;
    for decision in decisions {
        writer.write_record(row(decision, lang).iter().map(|cell| formula_safe(cell)))?;
    }
    let bytes = writer.into_inner().context("writing CSV")?;
    Ok(String::from_utf8(bytes)?)
}

fn header(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Zh => [
            "决定书文号",
            "决定日期",
            "程序",
            "执法事项",
            "处罚依据",
            "处罚内容",
            "当事人类型",
            "当事人",
            "证件号码",
        ],
        Lang::En => [
            "decision number",
            "decided on",
            "procedure",
            "items",
            "penalty provisions",
            "penalty",
            "party kind",
            "party",
            "id number",
        ],
    }
}

fn row(d: &PublishedDecision, lang: Lang) -> [String; 9] {
    let join = |parts: Vec<String>| parts.join(lang.pick("；", "; "));
    let procedure = match (d.simple, lang) {
        (true, Lang::Zh) => "简易程序",
        (false, Lang::Zh) => "普通程序",
        (true, Lang::En) => "simple",
        (false, Lang::En) => "ordinary",
    };
    let kind = |k: PartyKind| match (k, lang) {
        (_, Lang::Zh) => k.label_zh().to_string(),
        (PartyKind::Individual, Lang::En) => "individual".to_string(),
        (PartyKind::Organisation, Lang::En) => "organisation".to_string(),
    };
    [
        d.number.clone(),
        d.decided_on.to_string(),
        procedure.to_string(),
        join(d.items.iter().map(|i| format!("{} {}", i.code, i.name)).collect()),
        join(d.items.iter().flat_map(|i| i.basis.clone()).collect()),
        match lang {
            Lang::Zh => d.penalty_zh(),
            Lang::En => d.penalty_en(),
        },
        join(d.parties.iter().map(|p| kind(p.kind)).collect()),
        join(d.parties.iter().map(|p| p.name.clone()).collect()),
        join(d.parties.iter().map(|p| p.id_number.clone()).collect()),
    ]
}

/// A cell a spreadsheet would evaluate (=, +, -, @ first) made plain text with an apostrophe.
fn formula_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn write_file(path: &Path, body: &str, format: PublishFormat) -> Result<()> {
    let bom = if format == PublishFormat::Csv { "\u{feff}" } else { "" };
    std::fs::write(path, format!("{bom}{body}"))
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_start_with_an_apostrophe() {
        assert_eq!(formula_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(formula_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(formula_safe("青江县某某公司"), "青江县某某公司");
    }
}
