//! What a bureau taught search: the lexicon file loaded last, as its event states it, and the
//! officers' choices, counted from their events (a clearing forgets them all).

use super::{int, text, Event, Fault, Place, Replay, Replayed};
use crate::StoreResult;
use rusqlite::types::Value as Sql;
use std::collections::BTreeMap;
use zhifa_catalog::search::lexicon::parse;

/// The last lexicon load: file, text, digest, entries, event.
type Loaded = (String, String, String, i64, i64);

#[derive(Default)]
pub(super) struct Search {
    lexicon: Option<Loaded>,
    /// (words, code) → (times, last event).
    choices: BTreeMap<(String, String), (i64, i64)>,
}

pub(super) fn project(r: &mut Replay, e: &Event) -> Replayed {
    match e.kind {
        "search.lexicon_load" => load_lexicon(r, e),
        "search.choice" => {
            let key = (e.payload.text("words")?.to_string(), e.payload.text("code")?.to_string());
            let entry = r.search.choices.entry(key).or_insert((0, e.seq));
            *entry = (entry.0 + 1, e.seq);
            Ok(())
        }
        "search.choices_cleared" => {
            r.search.choices.clear();
            Ok(())
        }
        other => Err(Fault::Payload(format!("unknown kind of event “{other}”"))),
    }
}

fn load_lexicon(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    let file = p.text("file")?;
    let file_text = p.text("text")?;
    // The text must read as it did when it was loaded (and say as many entries).
    let entries = parse(file, file_text).map_err(|problems| {
        Fault::Payload(problems.first().map(ToString::to_string).unwrap_or_default())
    })?;
    let stated = p.int("entries")?;
    if entries.len() as i64 != stated {
        return Err(Fault::Payload(format!("{stated} entries stated, {} read", entries.len())));
    }
    let loaded =
        (file.to_string(), file_text.to_string(), p.text("sha256")?.to_string(), stated, e.seq);
    if r.search.lexicon.replace(loaded).is_none() {
        r.created("search_lexicon", 1);
    }
    Ok(())
}

pub(super) fn finish(r: &mut Replay) -> StoreResult<()> {
    let sql = "SELECT file_name, file_text, sha256, entries, event_seq FROM search_lexicon";
    for row in r.rows(sql, [])? {
        let Some((file, file_text, sha256, entries, seq)) = r.search.lexicon.clone() else {
            continue;
        };
        let file_name = match &row[0] {
            Sql::Text(t) => t.clone(),
            _ => String::new(),
        };
        let expected = [
            ("file_name", text(&file)),
            ("file_text", text(&file_text)),
            ("sha256", text(&sha256)),
            ("entries", int(entries)),
            ("event_seq", int(seq)),
        ];
        r.compare(Place::new("search_lexicon", file_name, seq), &expected, Some(&row));
    }
    let choices = std::mem::take(&mut r.search.choices);
    r.created("search_choices", choices.len() as i64);
    let sql = "SELECT words, code, times, last_event FROM search_choices \
               WHERE words = ?1 AND code = ?2";
    for ((words, code), (times, seq)) in choices {
        let found = r.row(sql, [&words, &code])?;
        let expected = [
            ("words", text(&words)),
            ("code", text(&code)),
            ("times", int(times)),
            ("last_event", int(seq)),
        ];
        let key = format!("{words} → {code}");
        r.compare(Place::new("search_choices", key, seq), &expected, found.as_deref());
    }
    Ok(())
}
