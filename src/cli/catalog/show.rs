//! `zhifa catalog show CODE`: one item in full, as it stands in one version.

use super::super::context::Context;
use super::chosen_version;
use crate::cli::out::out;
use crate::domain::catalog::{CatalogItem, Provision};
use crate::domain::version::CatalogVersion;
use crate::i18n::Lang;
use anyhow::{bail, Result};

pub fn run(
    ctx: &Context,
    code: String,
    version: Option<String>,
    json: bool,
    lang: Lang,
) -> Result<i32> {
    let store = ctx.open_store()?;
    let version = chosen_version(ctx, &store, version.as_deref())?;
    let Some(item) = store.catalog_item(version.id, code.trim())? else {
        match lang {
            Lang::Zh => bail!("目录版本 {} 中没有编码为 {} 的事项", version.label, code),
            Lang::En => bail!("catalog version {} has no item with code {}", version.label, code),
        }
    };
    if json {
        let out = serde_json::json!({ "version": version.label, "effective": version.effective, "item": item });
        crate::cli::json::print(&out)?;
    } else {
        out!("{}", describe(&item, &version, lang));
    }
    Ok(0)
}

fn describe(item: &CatalogItem, version: &CatalogVersion, lang: Lang) -> String {
    let mut s = String::new();
    let mut field = |zh: &str, en: &str, value: &str| {
        if !value.trim().is_empty() {
            s.push_str(&format!("{}{}\n", lang.pick(zh, en), value));
        }
    };
    field("事项名称：", "name:         ", &item.name);
    field("事项编码：", "code:         ", &item.code);
    let power = item.power_type.label(lang);
    field("职权类型：", "power type:   ", &power);
    field("执法领域：", "domain:       ", &item.domain);
    field("原实施部门：", "department:   ", &item.department);
    field("行使方式：", "transfer:     ", &item.transfer_mode);
    let scope = if item.scope.is_empty() {
        lang.pick("全域", "everywhere").to_string()
    } else {
        lang.list(&item.scope)
    };
    field("实施范围：", "scope:        ", &scope);
    field(
        "目录版本：",
        "version:      ",
        &match lang {
            Lang::Zh => format!("{}（{} 起）", version.label, version.effective),
            Lang::En => format!("{} (from {})", version.label, version.effective),
        },
    );
    s.push_str(&provisions(lang.pick("违法依据：", "violated:"), &item.basis.violated, lang));
    s.push_str(&provisions(lang.pick("处罚依据：", "penalty basis:"), &item.basis.penalty, lang));
    if !item.basis.text.is_empty() {
        s.push_str(&format!("{}\n  {}\n", lang.pick("依据原文：", "basis text:"), item.basis.text));
    }
    let mut field = |zh: &str, en: &str, value: &str| {
        if !value.trim().is_empty() {
            s.push_str(&format!("{}{}\n", lang.pick(zh, en), value));
        }
    };
    field("处罚种类及幅度：", "penalty:      ", &item.penalty_text);
    if let (Some(min), Some(max)) = (item.fine_min, item.fine_max) {
        field("罚款幅度：", "fine range:   ", &format!("{min}–{max} {}", lang.pick("元", "yuan")));
    }
    for f in &item.party_fines {
        field(
            "罚款幅度（",
            "fine range (",
            &match lang {
                Lang::Zh => format!("{}）：{}–{} 元", f.party.label_zh(), f.min, f.max),
                Lang::En => format!("{}): {}–{} yuan", f.party.label_en(), f.min, f.max),
            },
        );
    }
    field("备注：", "remarks:      ", &item.remarks);
    if !item.tiers.is_empty() {
        s.push_str(lang.pick("裁量基准：\n", "discretion tiers:\n"));
        for t in &item.tiers {
            let range = match (t.fine_min, t.fine_max) {
                (Some(a), Some(b)) => format!("  [{a}–{b} {}]", lang.pick("元", "yuan")),
                _ => String::new(),
            };
            s.push_str(&format!("  · {}{}\n", t.name, range));
            if !t.conditions.is_empty() {
                s.push_str(&format!(
                    "      {}{}\n",
                    lang.pick("适用条件：", "conditions: "),
                    t.conditions
                ));
            }
            if !t.penalty_text.is_empty() {
                s.push_str(&format!(
                    "      {}{}\n",
                    lang.pick("处罚标准：", "standard: "),
                    t.penalty_text
                ));
            }
        }
    }
    s
}

fn provisions(title: &str, list: &[Provision], lang: Lang) -> String {
    let mut s = String::new();
    if list.is_empty() {
        return s;
    }
    s.push_str(title);
    s.push('\n');
    for p in list {
        s.push_str(&format!("  {}", p.citation_in(lang)));
        if !p.text.is_empty() {
            s.push_str(&format!("{}{}", lang.pick("：", ": "), p.text));
        }
        s.push('\n');
    }
    s
}
