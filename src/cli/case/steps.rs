//! `zhifa case steps NUMBER` (what the acting officer may do with a case now, each step with its
//! fields, or why not) and `zhifa case step NUMBER STEP [--on DATE] [--set FIELD=VALUE]…` (take
//! one). Both speak the domain's step vocabulary (`domain::case::steps`) and write through the
//! application layer (`command`), as the TUI does: a refusal is exit 2 with its reason and
//! article, and nothing is written.

use super::super::auth::{self, Passwords};
use super::super::context::Context;
use super::super::table;
use super::find_case;
use crate::cli::out::{errln, out, outln};
use crate::command::{execute, Command, Desk};
use crate::domain::case::steps::{offers, FieldId, FieldSpec, Input, Offer, StepKind, Values};
use crate::domain::case::Judge;
use crate::domain::case_file::CaseRecord;
use crate::i18n::Lang;
use crate::store::{Identity, Store};
use anyhow::Result;
use serde_json::json;

/// Exit code of a step refused (by the law, the role, or what was typed): nothing written.
pub const EXIT_REFUSED: i32 = 2;

/// `case steps`: every step that fits the case now, judged for the officer named with `--as`.
pub fn list(ctx: &Context, case: &str, json_out: bool, lang: Lang) -> Result<i32> {
    let mut store = ctx.open_store()?;
    let Some(record) = find_case(&store, case, lang)? else { return Ok(EXIT_REFUSED) };
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let Some(officer) = who.officer().cloned() else {
        errln!("{}", lang.pick("请用 --as 指明办理人员", "name the acting officer with --as"));
        return Ok(EXIT_REFUSED);
    };
    let config = crate::config::Config::load()?;
    let calendar = store.work_calendar()?;
    let today = ctx.clock.today();
    let judge = Judge {
        role: officer.role,
        today,
        calendar: &calendar,
        authority: &config.casework.approvers,
    };
    let offered = offers(&record.state, &judge, &officer.badge);
    if json_out {
        let steps: Vec<_> =
            offered.iter().map(|o| offer_json(o, today, &officer.badge, lang)).collect();
        crate::cli::json::print(&json!({
            "case": record.id, "number": record.number, "stage": record.state.stage.key(),
            "officer": officer.badge, "steps": steps,
        }))?;
    } else {
        print_offers(&record, &offered, lang);
    }
    Ok(0)
}

fn offer_json(
    offer: &Offer,
    today: chrono::NaiveDate,
    badge: &str,
    lang: Lang,
) -> serde_json::Value {
    let fields: Vec<_> = offer
        .kind
        .fields()
        .iter()
        .map(|f| {
            let choices = match &f.input {
                Input::Choice(c) => c.iter().map(|c| c.0).collect(),
                _ => Vec::new(),
            };
            json!({
                "key": f.key, "label": f.label(lang), "input": input_name(&f.input),
                "required": f.required, "default": offer.kind.default_value(f, today, badge),
                "choices": choices,
            })
        })
        .collect();
    json!({
        "step": offer.kind.key(), "label": offer.kind.label(lang),
        "available": offer.refusal.is_none(),
        "reason": offer.refusal.as_ref().map(|r| r.message(lang)),
        "fields": fields,
    })
}

fn input_name(input: &Input) -> &'static str {
    match input {
        Input::Date => "date",
        Input::Text => "text",
        Input::Number => "number",
        Input::Choice(_) => "choice",
        Input::Badges => "badges",
    }
}

fn print_offers(record: &CaseRecord, offered: &[Offer], lang: Lang) {
    let number = record.number.clone().unwrap_or_else(|| format!("#{}", record.id));
    outln!("{number} {}", record.state.stage.label(lang));
    let header = match lang {
        Lang::Zh => ["步骤", "名称", "可否办理", "填写项（--set 名=值）"],
        Lang::En => ["step", "name", "now", "fields (--set key=value)"],
    };
    let rows: Vec<Vec<String>> = offered
        .iter()
        .map(|o| {
            let status = match &o.refusal {
                None => lang.pick("可办理", "available").to_string(),
                Some(refusal) => refusal.message(lang),
            };
            let fields: Vec<String> = o.kind.fields().iter().map(|f| field_hint(f, lang)).collect();
            vec![o.kind.key().to_string(), o.kind.label(lang).to_string(), status, fields.join(" ")]
        })
        .collect();
    out!("{}", table::render(&header, &rows, &[24, 20, 40, 40]));
}

fn field_hint(field: &FieldSpec, lang: Lang) -> String {
    let mark = if field.required { "*" } else { "" };
    match &field.input {
        Input::Choice(choices) => {
            let keys: Vec<&str> = choices.iter().map(|c| c.0).collect();
            format!("{}{mark}={}", field.key, keys.join("|"))
        }
        _ => format!("{}{mark}（{}）", field.key, field.label(lang)),
    }
}

/// What `case step` was asked.
pub struct StepRequest<'a> {
    pub case: &'a str,
    pub step: &'a str,
    pub on: Option<&'a str>,
    pub set: &'a [String],
    pub json: bool,
}

/// `case step`: takes one step as the officer named with `--as`.
pub fn take(ctx: &Context, request: &StepRequest, lang: Lang) -> Result<i32> {
    let Some(kind) = StepKind::from_key(request.step) else {
        let known: Vec<&str> = StepKind::ALL.iter().map(|k| k.key()).collect();
        errln!(
            "{} “{}”: {}",
            lang.pick("没有这个步骤", "no such step"),
            request.step,
            known.join(", ")
        );
        return Ok(EXIT_REFUSED);
    };
    let mut store = ctx.open_store()?;
    let Some(record) = find_case(&store, request.case, lang)? else { return Ok(EXIT_REFUSED) };
    let who = auth::identity(ctx, &mut store, &mut Passwords::new(ctx.passwords), lang)?;
    let badge = who.officer().map(|o| o.badge.clone()).unwrap_or_default();
    let values = match values(kind, request, ctx.clock.today(), &badge, lang) {
        Ok(values) => values,
        Err(message) => {
            errln!("{message}");
            return Ok(EXIT_REFUSED);
        }
    };
    let step = match kind.build(&values) {
        Ok(step) => step,
        Err(problem) => {
            errln!("{}", problem.message(lang));
            return Ok(EXIT_REFUSED);
        }
    };
    record_step(ctx, &mut store, &who, (record.id, step), request.json, lang)
}

fn record_step(
    ctx: &Context,
    store: &mut Store,
    who: &Identity,
    (id, step): (i64, crate::domain::case::Step),
    json_out: bool,
    lang: Lang,
) -> Result<i32> {
    let config = crate::config::Config::load()?;
    let desk = Desk { who, now: ctx.clock.now(), config: &config, lang };
    match execute(store, &desk, Command::TakeStep { case: id, step }) {
        Ok(done) => {
            let case = store.case(id)?;
            if json_out {
                crate::cli::json::print(&json!({ "recorded": done.message, "case": case }))?;
            } else {
                outln!("{}", done.message);
                if let Some(number) = case.and_then(|c| c.number) {
                    outln!("{number}");
                }
            }
            Ok(0)
        }
        Err(refusal) => {
            if json_out {
                crate::cli::json::print(&json!({
                    "refused": refusal.message, "field": refusal.field,
                }))?;
            } else {
                errln!("{}", refusal.message);
            }
            Ok(EXIT_REFUSED)
        }
    }
}

/// The step's fields at their defaults, then `--on` and each `--set FIELD=VALUE`; a field the
/// step does not have is refused naming the ones it has.
fn values(
    kind: StepKind,
    request: &StepRequest,
    today: chrono::NaiveDate,
    badge: &str,
    lang: Lang,
) -> Result<Values, String> {
    let fields = kind.fields();
    let mut values = Values::default();
    for field in &fields {
        values.set(field.id, kind.default_value(field, today, badge));
    }
    let has = |id: FieldId| fields.iter().any(|f| f.id == id);
    let names = || fields.iter().map(|f| f.key).collect::<Vec<_>>().join(", ");
    let mut given: Vec<(String, String)> = Vec::new();
    if let Some(on) = request.on {
        given.push(("on".into(), on.to_string()));
    }
    for pair in request.set {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(format!(
                "{} “{pair}”",
                lang.pick("--set 须为 名=值：", "--set takes key=value:")
            ));
        };
        given.push((key.trim().to_string(), value.to_string()));
    }
    for (key, value) in given {
        let Some(id) = FieldId::from_key(&key).filter(|id| has(*id)) else {
            return Err(match lang {
                Lang::Zh => format!("步骤 {} 没有“{key}”这一项；可填：{}", kind.key(), names()),
                Lang::En => {
                    format!("step {} has no field “{key}”; its fields: {}", kind.key(), names())
                }
            });
        };
        let spec = fields.iter().find(|f| f.id == id);
        values.set(id, choice_key(spec, &value));
    }
    Ok(values)
}

/// A choice typed as its key or as its Chinese or English label: the key.
fn choice_key(spec: Option<&FieldSpec>, value: &str) -> String {
    let value = value.trim();
    if let Some(Input::Choice(choices)) = spec.map(|s| &s.input) {
        if let Some(choice) = choices.iter().find(|c| c.1 == value || c.2 == value) {
            return choice.0.to_string();
        }
    }
    value.to_string()
}
