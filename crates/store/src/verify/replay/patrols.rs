//! Patrols, their findings, and the re-inspection tasks orders to correct leave.

use super::{
    int, json, opt_int, opt_text, owned, text, Event, Fault, Payload, Place, Replay, Replayed,
};
use crate::StoreResult;
use rusqlite::types::Value as Sql;
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

/// A patrol as its events leave it, until its sign-off: nothing may change a patrol after that
/// (the store records a finding only while it is under way, a sign-off only once it is
/// finished), so its row is compared then and only its number kept. Texts are held at their
/// length and a team's code once for all its patrols: a county's ten years plan a million.
struct Patrol {
    team: Rc<str>,
    status: &'static str,
    started_at: Option<Box<str>>,
    finished_at: Option<Box<str>>,
    summary: Box<str>,
    findings: i64,
}

/// A re-inspection task: its team and due day, and the finding that did it.
struct Task {
    team: Rc<str>,
    due: Box<str>,
    done: Option<(i64, i64)>,
}

#[derive(Default)]
pub(super) struct Patrols {
    /// Patrols not yet signed off.
    patrols: HashMap<i64, Patrol>,
    /// Patrols signed off (their rows compared then).
    signed_off: HashSet<i64>,
    /// Each team's code, once.
    teams: HashSet<Rc<str>>,
    tasks: BTreeMap<(i64, i64), Task>,
}

impl Patrols {
    fn team(&mut self, code: &str) -> Rc<str> {
        if let Some(team) = self.teams.get(code) {
            return Rc::clone(team);
        }
        let team: Rc<str> = Rc::from(code);
        self.teams.insert(Rc::clone(&team));
        team
    }
}

/// A patrol's row as it must stand: its state, and who signed it off.
const PATROL_ROW: &str =
    "SELECT id, status, started_at, finished_at, summary, signed_off_by FROM patrols WHERE id = ?1";

fn compare_patrol(
    r: &mut Replay,
    id: i64,
    patrol: &Patrol,
    signed_off_by: Option<&str>,
    event: i64,
) -> Replayed {
    // A missing row was reported when the plan's event looked for it.
    let Some(row) = r.row(PATROL_ROW, [id])? else { return Ok(()) };
    let expected = [
        ("id", int(id)),
        ("status", text(patrol.status)),
        ("started_at", opt_text(patrol.started_at.as_deref())),
        ("finished_at", opt_text(patrol.finished_at.as_deref())),
        ("summary", text(&*patrol.summary)),
        ("signed_off_by", opt_text(signed_off_by)),
    ];
    r.compare(Place::new("patrols", id, event), &expected, Some(&row));
    Ok(())
}

pub(super) fn project(r: &mut Replay, e: &Event) -> Replayed {
    if e.kind == "patrol.plan" {
        return plan(r, e);
    }
    let p = e.payload;
    let id = p.int("patrol")?;
    if r.patrols.signed_off.contains(&id) {
        return Err(Fault::Payload(format!(
            "names patrol {id}, signed off before it: nothing changes a patrol after its sign-off"
        )));
    }
    if !r.patrols.patrols.contains_key(&id) {
        return Err(Fault::Payload(format!("names patrol {id}, which no event created")));
    }
    match e.kind {
        "patrol.finding" => return finding(r, e, id),
        "patrol.start" => {
            let patrol = patrol(r, id)?;
            patrol.status = "underway";
            patrol.started_at = Some(p.text("at")?.into());
        }
        "patrol.finish" => {
            let patrol = patrol(r, id)?;
            patrol.status = "finished";
            patrol.finished_at = Some(p.text("at")?.into());
            patrol.summary = p.text("summary")?.into();
        }
        "patrol.sign_off" => {
            let Some(mut patrol) = r.patrols.patrols.remove(&id) else {
                return Err(Fault::Payload(format!("no patrol {id}")));
            };
            patrol.status = "signed_off";
            r.patrols.signed_off.insert(id);
            return compare_patrol(r, id, &patrol, Some(e.actor), e.seq);
        }
        other => return Err(Fault::Payload(format!("unknown kind of event “{other}”"))),
    }
    Ok(())
}

fn patrol<'r>(r: &'r mut Replay, id: i64) -> Result<&'r mut Patrol, Fault> {
    r.patrols.patrols.get_mut(&id).ok_or_else(|| Fault::Payload(format!("no patrol {id}")))
}

fn plan(r: &mut Replay, e: &Event) -> Replayed {
    let p = e.payload;
    let sql = "SELECT team_code, kind, grids, route, officers, planned_start, planned_end, \
               ticket_id, id FROM patrols WHERE created_event = ?1";
    let found = r.row_of_event(sql, e.seq)?;
    let team = p.text("team")?;
    let expected = [
        ("team_code", text(team)),
        ("kind", text(p.text("kind")?)),
        ("grids", json(p.json("grids"))),
        ("route", text(p.opt_text("route").unwrap_or_default())),
        ("officers", json(p.json("officers"))),
        ("planned_start", text(p.text("planned_start")?)),
        ("planned_end", text(p.text("planned_end")?)),
        ("ticket_id", opt_int(p.opt_int("ticket"))),
    ];
    let id = match found.as_ref().map(|row| &row[8]) {
        Some(Sql::Integer(id)) => *id,
        _ => 0,
    };
    r.compare(Place::new("patrols", id, e.seq), &expected, found.as_deref());
    r.created("patrols", 1);
    let patrol = Patrol {
        team: r.patrols.team(team),
        status: "planned",
        started_at: None,
        finished_at: None,
        summary: Box::from(""),
        findings: 0,
    };
    r.patrols.patrols.insert(id, patrol);
    Ok(())
}

/// A finding as recorded: `at` in the payload is ISO (`T`), the row a space.
fn finding(r: &mut Replay, e: &Event, id: i64) -> Replayed {
    let finding = Payload(e.payload.json("finding"));
    let patrol = patrol(r, id)?;
    patrol.findings += 1;
    let (seq, team) = (patrol.findings, Rc::clone(&patrol.team));
    let (action_key, order_due): (&str, Option<&str>) = match finding.json("action") {
        Json::String(key) => (key, None),
        Json::Object(map) => {
            let (key, body) = map.iter().next().map_or(("", &Json::Null), |(k, v)| (k, v));
            (key, body.get("by").and_then(Json::as_str))
        }
        _ => return Err(Fault::Payload("no action in the finding".into())),
    };
    let reinspects = finding
        .field("reinspects")
        .and_then(Json::as_array)
        .map(|pair| (pair.first().and_then(Json::as_i64), pair.get(1).and_then(Json::as_i64)));
    let (re_patrol, re_seq) = reinspects.unwrap_or((None, None));
    let sql = "SELECT patrol_id, seq, at, place, grid_code, item_code, description, evidence, \
               action, order_due, actor, reinspects_patrol, reinspects_seq \
               FROM patrol_findings WHERE event_seq = ?1";
    let found = r.row_of_event(sql, e.seq)?;
    let expected = [
        ("patrol_id", int(id)),
        ("seq", int(seq)),
        ("at", text(at_seconds(finding.text("at")?))),
        ("place", text(finding.text("place")?.trim())),
        ("grid_code", opt_text(finding.opt_text("grid"))),
        ("item_code", text(finding.opt_text("item").unwrap_or_default().trim())),
        ("description", text(finding.text("description")?.trim())),
        ("evidence", json(finding.json("evidence"))),
        ("action", text(action_key)),
        ("order_due", opt_text(order_due)),
        ("actor", text(e.actor)),
        ("reinspects_patrol", opt_int(re_patrol)),
        ("reinspects_seq", opt_int(re_seq)),
    ];
    let at = Place::new("patrol_findings", format!("{id}/{seq}"), e.seq);
    r.compare(at, &expected, found.as_deref());
    r.created("patrol_findings", 1);
    if let Some(due) = order_due {
        r.patrols.tasks.insert((id, seq), Task { team, due: due.into(), done: None });
        r.created("reinspection_tasks", 1);
    }
    if let (Some(p), Some(s)) = (re_patrol, re_seq) {
        if let Some(task) = r.patrols.tasks.get_mut(&(p, s)) {
            task.done = Some((id, seq));
        }
    }
    Ok(())
}

pub(super) fn finish(r: &mut Replay) -> StoreResult<()> {
    // The patrols not signed off, as the events leave them (in order, as the table lists them).
    let mut open: Vec<(i64, Patrol)> = std::mem::take(&mut r.patrols.patrols).into_iter().collect();
    open.sort_unstable_by_key(|(id, _)| *id);
    for (id, patrol) in &open {
        match compare_patrol(r, *id, patrol, None, 0) {
            Ok(()) | Err(Fault::Payload(_)) | Err(Fault::Found(_)) => {}
            Err(Fault::Store(e)) => return Err(e),
        }
    }
    let sql =
        "SELECT patrol_id, seq, team_code, due, done_patrol, done_seq FROM reinspection_tasks";
    r.each_row(sql, [], |r, row| {
        let (Sql::Integer(patrol), Sql::Integer(seq)) = (&row[0], &row[1]) else { return };
        let Some(task) = r.patrols.tasks.get(&(*patrol, *seq)) else { return };
        let expected = [
            ("patrol_id", int(*patrol)),
            ("seq", int(*seq)),
            ("team_code", owned(&task.team)),
            ("due", owned(&task.due)),
            ("done_patrol", opt_int(task.done.map(|d| d.0))),
            ("done_seq", opt_int(task.done.map(|d| d.1))),
        ];
        let at = Place::new("reinspection_tasks", format!("{patrol}/{seq}"), 0);
        r.compare(at, &expected, Some(row));
    })
}

/// A finding's moment as the row records it: to the second. The event states it as serde writes
/// a `NaiveDateTime` (`2026-12-06T11:39:33.038939933` when it was taken with sub-second time, as
/// the terminal interface and the benchmark take it); the row as `2026-12-06 11:39:33`. The usual
/// shape is cut to the second as it is (every finding of the log passes here); another is read
/// by chrono.
fn at_seconds(stated: &str) -> String {
    if usual_moment(stated) {
        return format!("{} {}", &stated[..10], &stated[11..19]);
    }
    chrono::NaiveDateTime::parse_from_str(stated, "%Y-%m-%dT%H:%M:%S%.f")
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| stated.replacen('T', " ", 1))
}

/// `YYYY-MM-DDTHH:MM:SS`, then nothing or a point and one to nine digits, naming a real day and
/// time: what chrono would read and write back as its first 19 characters.
fn usual_moment(stated: &str) -> bool {
    let b = stated.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = b.get(from..to)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let punctuated = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')]
        .iter()
        .all(|&(i, c)| b.get(i) == Some(&c));
    let fraction = match b.len() {
        19 => true,
        21..=29 => b[19] == b'.' && b[20..].iter().all(u8::is_ascii_digit),
        _ => false,
    };
    let (Some(y), Some(m), Some(d), Some(h), Some(min), Some(sec)) =
        (number(0, 4), number(5, 7), number(8, 10), number(11, 13), number(14, 16), number(17, 19))
    else {
        return false;
    };
    punctuated
        && fraction
        && chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some()
        && h < 24
        && min < 60
        && sec < 60
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_finding_taken_with_sub_second_time_is_compared_to_the_second() {
        assert_eq!(super::at_seconds("2026-12-06T11:39:33.038939933"), "2026-12-06 11:39:33");
        assert_eq!(super::at_seconds("2026-12-06T11:39:33"), "2026-12-06 11:39:33");
        // Not the usual shape: chrono's reading, or the text with its T made a space.
        assert_eq!(super::at_seconds("2026-12-06T11:39:33.5"), "2026-12-06 11:39:33");
        assert_eq!(super::at_seconds("2026-02-30T11:39:33"), "2026-02-30 11:39:33");
        assert_eq!(super::at_seconds("2026-12-06T1:39:33"), "2026-12-06 01:39:33");
        assert_eq!(super::at_seconds("2026-12-06T24:39:33"), "2026-12-06 24:39:33");
    }

    #[test]
    fn the_usual_moment_is_cut_as_chrono_would_write_it() {
        assert!(super::usual_moment("2026-12-06T11:39:33.038939933"));
        assert!(super::usual_moment("2026-12-06T11:39:33"));
        assert!(!super::usual_moment("2025-02-29T11:39:33"));
        let chrono = |s: &str| {
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                .ok()
        };
        for stated in [
            "2026-12-06T11:39:33",
            "2026-12-06T11:39:33.038939933",
            "2024-02-29T23:59:59.1",
            "2026-12-06T11:39:33.",
            "2026-12-06T11:39:33.0389399331",
            "2025-02-29T11:39:33",
            "2026-13-06T11:39:33",
            "2026-12-06T11:60:33",
            "2026-12-06 11:39:33",
            "2026-12-06T11:39:33Z",
        ] {
            if super::usual_moment(stated) {
                assert_eq!(chrono(stated).as_deref(), Some(super::at_seconds(stated).as_str()));
            } else {
                assert!(chrono(stated).is_none() || stated.len() > 19, "{stated}");
            }
        }
    }
}
