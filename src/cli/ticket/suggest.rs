//! `zhifa ticket suggest ID`: the catalog items a complaint probably concerns, and whether it is
//! the team's (an item in force within its scope) or goes to which department
//! (`intake::routing`).

use super::super::context::Context;
use crate::catalog::search::{Hit, SearchIndex};
use crate::cli::catalog::why_related;
use crate::cli::out::outln;
use crate::domain::catalog::CatalogItem;
use crate::i18n::Lang;
use crate::intake::routing::{route, suggest, Route, Suggestion};
use anyhow::{bail, Result};

pub fn run(ctx: &Context, id: i64, team: Option<String>, json: bool, lang: Lang) -> Result<i32> {
    let store = ctx.open_store()?;
    let Some(ticket) = store.ticket(id)? else {
        match lang {
            Lang::Zh => bail!("没有编号为 {id} 的投诉举报"),
            Lang::En => bail!("no ticket number {id}"),
        }
    };
    let team_code = team.or_else(|| ticket.team.clone());
    let teams = store.teams()?;
    let team = match &team_code {
        Some(code) => match teams.into_iter().find(|t| t.code == *code) {
            Some(t) => Some(t),
            None => match lang {
                Lang::Zh => bail!("没有编码为 {code} 的中队"),
                Lang::En => bail!("no team with code {code}"),
            },
        },
        None => None,
    };
    let version = store.version_in_force(ctx.clock.today())?;
    let index =
        SearchIndex::build(store.search_docs(version.id)?).with_lexicon(store.search_lexicon()?);
    let mut suggested: Vec<(CatalogItem, Hit)> = Vec::new();
    for hit in suggest(&index, &ticket.incoming.content) {
        if let Some(item) = store.catalog_item(version.id, &index.doc(hit.doc).code)? {
            suggested.push((item, hit));
        }
    }
    let (decision, items) = route(&ticket.incoming.content, &suggested, team.as_ref());
    if json {
        let out = serde_json::json!({
            "ticket": id,
            "content": ticket.incoming.content,
            "team": team.as_ref().map(|t| &t.code),
            "version": version.label,
            "route": decision,
            "items": items.iter().map(|s| serde_json::json!({
                "code": s.code,
                "name": s.name,
                "department": s.department,
                "in_scope": s.in_scope,
                "match_kind": format!("{:?}", s.hit.kind).to_lowercase(),
                "via": s.hit.via,
                "score": s.hit.score,
            })).collect::<Vec<_>>(),
        });
        crate::cli::json::print(&out)?;
        return Ok(0);
    }
    let team_name = team.as_ref().map(|t| t.name.clone());
    outln!("#{id} {}", ticket.incoming.content);
    outln!("{}", decision_line(&decision, &items, team_name.as_deref(), lang));
    for (i, s) in items.iter().enumerate() {
        let scope = match (s.in_scope, lang) {
            (true, Lang::Zh) => "范围内",
            (true, Lang::En) => "in scope",
            (false, Lang::Zh) => "范围外",
            (false, Lang::En) => "out of scope",
        };
        let name = crate::text::truncate(&s.name, 60);
        let why = why_related(&s.hit, lang);
        outln!("  {}. {}  {name}  {}  [{scope}]{why}", i + 1, s.code, s.department);
    }
    Ok(0)
}

fn decision_line(route: &Route, items: &[Suggestion], team: Option<&str>, lang: Lang) -> String {
    let name_of = |code: &str| {
        items.iter().find(|s| s.code == code).map(|s| crate::text::truncate(&s.name, 40))
    };
    let team = team.unwrap_or(match lang {
        Lang::Zh => "本局",
        Lang::En => "the bureau",
    });
    match (route, lang) {
        (Route::Ours { code }, Lang::Zh) => {
            format!("判断：{team}办理（{code} {}）", name_of(code).unwrap_or_default())
        }
        (Route::Ours { code }, Lang::En) => {
            format!("decision: {team} handles it ({code} {})", name_of(code).unwrap_or_default())
        }
        (Route::Transfer { department, code }, Lang::Zh) => {
            format!("判断：不在{team}的实施范围内，转 {department}（{code}）")
        }
        (Route::Transfer { department, code }, Lang::En) => {
            format!("decision: outside {team}'s scope, transfer to {department} ({code})")
        }
        (Route::Elsewhere { authority, because }, Lang::Zh) => {
            format!("判断：不属本局职责（“{because}”），转 {authority}")
        }
        (Route::Elsewhere { authority, because }, Lang::En) => {
            format!("decision: not this bureau's remit (“{because}”), transfer to {authority}")
        }
        (Route::NoMatch, Lang::Zh) => {
            "判断：目录中没有相符的事项（需人工判断是否转办）".to_string()
        }
        (Route::NoMatch, Lang::En) => {
            "decision: no catalog item matches (decide by hand whether to transfer)".to_string()
        }
    }
}
