//! Law texts loaded, as their `law.load` events state them: each text re-parsed (it must read
//! as it did, with as many articles under the same law), the last load of each law and
//! effective date being its row.

use super::{int, text, Event, Fault, Place, Replay, Replayed};
use crate::StoreResult;
use std::collections::BTreeMap;
use zhifa_law::parse;

/// The last load of one law and date: title, file, text, digest, articles, event.
type Loaded = (String, String, String, String, i64, i64);

#[derive(Default)]
pub(super) struct Laws {
    versions: BTreeMap<(String, String), Loaded>,
}

pub(super) fn project(r: &mut Replay, e: &Event) -> Replayed {
    match e.kind {
        "law.load" => load(r, e),
        other => Err(Fault::Payload(format!("unknown kind of event “{other}”"))),
    }
}

fn load(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    let file = p.text("file")?;
    let file_text = p.text("text")?;
    let law = parse(file, file_text).map_err(|err| Fault::Payload(err.to_string()))?;
    let key = p.text("law")?;
    if law.key() != key {
        return Err(Fault::Payload(format!("law “{key}” stated, “{}” read", law.key())));
    }
    let stated = p.int("articles")?;
    if law.articles.len() as i64 != stated {
        return Err(Fault::Payload(format!(
            "{stated} articles stated, {} read",
            law.articles.len()
        )));
    }
    let loaded = (
        p.text("title")?.to_string(),
        file.to_string(),
        file_text.to_string(),
        p.text("sha256")?.to_string(),
        stated,
        e.seq,
    );
    let at = (key.to_string(), p.text("effective")?.to_string());
    if r.laws.versions.insert(at, loaded).is_none() {
        r.created("law_versions", 1);
    }
    Ok(())
}

pub(super) fn finish(r: &mut Replay) -> StoreResult<()> {
    let sql = "SELECT law_key, effective, title, file_name, file_text, sha256, articles, event_seq
               FROM law_versions WHERE law_key = ?1 AND effective = ?2";
    for ((key, effective), (title, file, file_text, sha256, articles, seq)) in
        std::mem::take(&mut r.laws.versions)
    {
        let found = r.row(sql, [&key, &effective])?;
        let expected = [
            ("law_key", text(&key)),
            ("effective", text(&effective)),
            ("title", text(&title)),
            ("file_name", text(&file)),
            ("file_text", text(&file_text)),
            ("sha256", text(&sha256)),
            ("articles", int(articles)),
            ("event_seq", int(seq)),
        ];
        let place = Place::new("law_versions", format!("{key} {effective}"), seq);
        r.compare(place, &expected, found.as_deref());
    }
    Ok(())
}
