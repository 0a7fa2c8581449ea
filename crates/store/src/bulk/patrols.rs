//! One patrol's life as it would happen: planned by the team leader the afternoon before,
//! started by its first officer, findings recorded as they are made, finished with a summary,
//! signed off by the leader that evening or the next morning — cut at the end of the history, so
//! today's patrols are planned, underway or finished as the clock says. Pure: no SQL.

use super::words::{act_of, place};
use super::world::{Gen, Moment, TeamWork};
use chrono::{Days, Duration, NaiveDate, NaiveDateTime};
use zhifa_core::domain::patrol::{Evidence, Finding, FindingAction, PatrolKind, PatrolStatus};

pub struct PatrolLife {
    pub team: String,
    pub kind: PatrolKind,
    pub grids: Vec<String>,
    pub route: String,
    pub officers: Vec<String>,
    pub planned_start: NaiveDateTime,
    pub planned_end: NaiveDateTime,
    pub planned: Moment,
    pub started: Option<Moment>,
    /// Who recorded each finding (`Finding::at` is when).
    pub findings: Vec<(String, Finding)>,
    pub finished: Option<(Moment, String)>,
    pub signed_off: Option<Moment>,
}

impl PatrolLife {
    /// The status the row holds once everything up to the end of the history has happened.
    pub fn status(&self) -> PatrolStatus {
        match (&self.started, &self.finished, &self.signed_off) {
            (_, _, Some(_)) => PatrolStatus::SignedOff,
            (_, Some(_), None) => PatrolStatus::Finished,
            (Some(_), None, None) => PatrolStatus::Underway,
            (None, _, _) => PatrolStatus::Planned,
        }
    }
}

/// A patrol of `day`, or `None` when its planning would come after the end of the history.
pub fn patrol_life(g: &mut Gen, day: NaiveDate) -> Option<PatrolLife> {
    let team = &g.world.teams[g.team()];
    let kind = kind(g);
    let (planned_start, planned_end) = hours(g, day, kind);
    let eve = day.checked_sub_days(Days::new(1))?;
    let planned = Moment::new(g.time(eve, 16.0, 17.9), g.pick(&team.leaders));
    if planned.at > g.end {
        return None;
    }
    let officers = crew(g, team);
    let (grids, route) = area(g, team, kind);
    let mut life = PatrolLife {
        team: team.code.clone(),
        kind,
        grids,
        route,
        officers,
        planned_start,
        planned_end,
        planned,
        started: None,
        findings: Vec::new(),
        finished: None,
        signed_off: None,
    };
    run(g, team, &mut life);
    Some(life)
}

fn kind(g: &mut Gen) -> PatrolKind {
    match g.rng.below(100) {
        0..70 => PatrolKind::Daily,
        70..80 => PatrolKind::Night,
        80..88 => PatrolKind::Campaign,
        88..93 => PatrolKind::Joint,
        93..98 => PatrolKind::Random,
        _ => PatrolKind::Event,
    }
}

/// Planned start and end: mornings and afternoons, nights for night patrols.
fn hours(g: &mut Gen, day: NaiveDate, kind: PatrolKind) -> (NaiveDateTime, NaiveDateTime) {
    let start = match kind {
        PatrolKind::Night => g.time(day, 19.5, 20.5),
        PatrolKind::Event => g.time(day, 7.0, 18.0),
        _ if g.rng.chance(55) => g.time(day, 8.5, 10.0),
        _ => g.time(day, 14.0, 15.5),
    };
    // Whole quarter hours, as a plan is written.
    let start = start
        - Duration::seconds(i64::from(chrono::Timelike::second(&start)))
        - Duration::minutes(i64::from(chrono::Timelike::minute(&start) % 15));
    let length = Duration::minutes(g.rng.between(8, 14) * 15);
    (start, start + length)
}

/// Two officers, sometimes a third or an auxiliary.
fn crew(g: &mut Gen, team: &TeamWork) -> Vec<String> {
    let mut crew: Vec<String> = g
        .rng
        .distinct(team.officers.len(), 2)
        .into_iter()
        .map(|i| team.officers[i].clone())
        .collect();
    match g.rng.below(10) {
        0 if team.officers.len() > 2 => {
            let third = g.pick(&team.officers);
            if !crew.contains(&third) {
                crew.push(third);
            }
        }
        1 | 2 if !team.auxiliaries.is_empty() => crew.push(g.pick(&team.auxiliaries)),
        _ => {}
    }
    crew
}

/// One or two grids; joint and event patrols sometimes follow a route instead.
fn area(g: &mut Gen, team: &TeamWork, kind: PatrolKind) -> (Vec<String>, String) {
    if matches!(kind, PatrolKind::Joint | PatrolKind::Event) && g.rng.chance(50) {
        let roads: Vec<&str> = team.grids.iter().map(|grid| grid.road.as_str()).collect();
        let (a, b) = (g.rng.below(roads.len()), g.rng.below(roads.len()));
        let road = |i: usize| roads[i].split('（').next().unwrap_or_default().to_string();
        return (Vec::new(), format!("{}—{}", road(a), road(b)));
    }
    let count = if g.rng.chance(40) { 2 } else { 1 };
    let grids =
        g.rng.distinct(team.grids.len(), count).into_iter().map(|i| team.grids[i].code.clone());
    (grids.collect(), String::new())
}

/// Start, findings, finish and sign-off, as far as the end of the history.
fn run(g: &mut Gen, team: &TeamWork, life: &mut PatrolLife) {
    let lead = life.officers[0].clone();
    let start = life.planned_start + Duration::seconds(g.rng.between(0, 15 * 60));
    if start > g.end {
        return;
    }
    life.started = Some(Moment::new(start, lead.clone()));
    let count = g.rng.below(4) + g.rng.below(4);
    let span = (life.planned_end - start).num_seconds().max(60);
    let mut times: Vec<NaiveDateTime> =
        (0..count).map(|_| start + Duration::seconds(g.rng.between(60, span))).collect();
    times.sort();
    for at in times {
        if at > g.end {
            return;
        }
        let by = g.pick(&life.officers);
        let finding = finding(g, team, life, at);
        life.findings.push((by, finding));
    }
    let last = life.findings.last().map_or(start, |(_, f)| f.at);
    let finish = (life.planned_end + Duration::minutes(g.rng.between(-10, 20)))
        .max(last + Duration::minutes(2));
    if finish > g.end {
        return;
    }
    life.finished = Some((Moment::new(finish, lead), summary(life)));
    let sign_off = if finish.time() < chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default()
    {
        finish + Duration::minutes(g.rng.between(30, 90))
    } else {
        let morning = finish.date().succ_opt().unwrap_or(finish.date());
        g.time(morning, 8.5, 10.0)
    };
    if sign_off <= g.end {
        life.signed_off = Some(Moment::new(sign_off, g.pick(&team.leaders)));
    }
}

fn finding(g: &mut Gen, team: &TeamWork, life: &PatrolLife, at: NaiveDateTime) -> Finding {
    let grid_code = life.grids.get(g.rng.below(life.grids.len())).cloned();
    let grid = grid_code
        .as_ref()
        .and_then(|code| team.grids.iter().find(|grid| &grid.code == code))
        .unwrap_or(&team.grids[0]);
    let place = place(&mut g.rng, grid);
    let action = action(g, at);
    let (item, act) = suspected(g, team, at, &action);
    let description = match &action {
        FindingAction::NoProblem => format!("巡查{}，未发现违法违规行为", grid.name),
        FindingAction::Education => format!("发现{act}，已当场劝导"),
        FindingAction::Corrected => format!("发现{act}，当事人已当场改正"),
        FindingAction::Order { by } => format!("发现{act}，已下达责令限期改正通知书，{by}前复查"),
        FindingAction::SimplePenalty => format!("发现{act}，适用简易程序当场处罚"),
        FindingAction::Case => format!("发现{act}，涉嫌违法，拟立案调查"),
        FindingAction::Transfer => format!("发现{act}，不属本部门管辖，移送有关部门"),
    };
    let photos =
        if action == FindingAction::NoProblem { g.rng.below(2) } else { 1 + g.rng.below(3) };
    let evidence = (1..=photos)
        .map(|i| Evidence {
            name: format!("现场照片-{}-{i}.jpg", at.format("%H%M")),
            sha256: g.rng.hex(64),
        })
        .collect();
    Finding { at, place, grid: grid_code, item, description, evidence, action, reinspects: None }
}

fn action(g: &mut Gen, at: NaiveDateTime) -> FindingAction {
    match g.rng.below(100) {
        0..25 => FindingAction::NoProblem,
        25..55 => FindingAction::Education,
        55..75 => FindingAction::Corrected,
        75..90 => {
            let by = at.date().checked_add_days(Days::new(g.rng.between(3, 7) as u64));
            FindingAction::Order { by: by.unwrap_or(at.date()) }
        }
        90..96 => FindingAction::SimplePenalty,
        96..98 => FindingAction::Case,
        _ => FindingAction::Transfer,
    }
}

/// The catalog item suspected (its code and what it is about), from the edition in force.
fn suspected(
    g: &mut Gen,
    team: &TeamWork,
    at: NaiveDateTime,
    action: &FindingAction,
) -> (String, String) {
    let Some(edition) = g.world.edition_on(at.date()) else {
        return (String::new(), String::new());
    };
    if *action == FindingAction::NoProblem {
        return (String::new(), String::new());
    }
    let items = &team.items[edition];
    let pool = if items.inspections.is_empty() || g.rng.chance(85) {
        &items.penalties
    } else {
        &items.inspections
    };
    let Some(&index) = pool.get(g.rng.below(pool.len())) else {
        return (String::new(), "违法违规行为".to_string());
    };
    let item = &g.world.editions[edition].items[index];
    (item.code.clone(), act_of(item))
}

/// 巡查2个网格，发现问题3处：劝导2处，责令限期改正1处.
fn summary(life: &PatrolLife) -> String {
    let area = if life.grids.is_empty() {
        format!("沿{}巡查", life.route)
    } else {
        format!("巡查{}个网格", life.grids.len())
    };
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, finding) in &life.findings {
        let label = match finding.action {
            FindingAction::NoProblem => continue,
            FindingAction::Education => "劝导",
            FindingAction::Corrected => "当场改正",
            FindingAction::Order { .. } => "责令限期改正",
            FindingAction::SimplePenalty => "简易程序处罚",
            FindingAction::Case => "拟立案",
            FindingAction::Transfer => "移送",
        };
        match counts.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    let problems: usize = counts.iter().map(|(_, n)| n).sum();
    if problems == 0 {
        return format!("{area}，未发现问题");
    }
    let parts: Vec<String> = counts.iter().map(|(label, n)| format!("{label}{n}处")).collect();
    format!("{area}，发现问题{problems}处：{}", parts.join("，"))
}
