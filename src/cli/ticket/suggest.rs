//! `zhifa ticket suggest ID`: the catalog items a complaint probably concerns, and whether it is
//! the team's (an item in force within its scope) or goes to which department
//! (`intake::routing`).

use super::super::context::Context;
use crate::catalog::search::SearchIndex;
use crate::cli::catalog::why_related;
use crate::cli::out::outln;
use crate::i18n::Lang;
use crate::intake::routing::decision_text;
use crate::worklist::{route_ticket, Routed};
use anyhow::{bail, Result};

pub fn run(ctx: &Context, id: i64, team: Option<String>, json: bool, lang: Lang) -> Result<i32> {
    let store = ctx.open_store()?;
    let Some(ticket) = store.ticket(id)? else {
        match lang {
            Lang::Zh => bail!("没有编号为 {id} 的投诉举报"),
            Lang::En => bail!("no ticket number {id}"),
        }
    };
    let version = store.version_in_force(ctx.clock.today())?;
    let index =
        SearchIndex::build(store.search_docs(version.id)?).with_lexicon(store.search_lexicon()?);
    let Routed { route: decision, items, team } =
        route_ticket(&store, &index, version.id, &ticket, team.as_deref())
            .map_err(|e| anyhow::Error::msg(e.message(lang)))?;
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
    outln!("{}", decision_text(&decision, &items, team_name.as_deref(), lang));
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
