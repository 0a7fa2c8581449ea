//! What a generated history is made of, read once from the database: the teams that can work
//! (a leader, two officers, a grid), their staff and grids, every catalog version with the items
//! each team may cite (its scope), the legal reviewers, the working-day calendar. And [`Gen`],
//! the seeded source every life is drawn from.

use super::words::Rng;
use crate::{Store, StoreError, StoreResult};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::collections::HashMap;
use zhifa_core::calendar::WorkCalendar;
use zhifa_core::domain::case_file::in_scope;
use zhifa_core::domain::catalog::{CatalogItem, PowerType};
use zhifa_core::domain::officer::{Role, Team};
use zhifa_core::domain::org::Grid;
use zhifa_core::domain::version::{in_force_on, CatalogVersion};

pub struct World {
    pub teams: Vec<TeamWork>,
    /// Catalog versions with their items, in the order of `versions`.
    pub editions: Vec<Edition>,
    pub versions: Vec<CatalogVersion>,
    pub reviewers: Vec<String>,
    /// The bureau's heads: they approve filings and closings and decide (APL art. 57).
    pub heads: Vec<String>,
    pub roles: HashMap<String, Role>,
    /// Each officer's team (reviewers have none).
    pub team_of: HashMap<String, String>,
    pub calendar: WorkCalendar,
}

pub struct TeamWork {
    pub code: String,
    pub leaders: Vec<String>,
    /// Certified officers (they investigate, decide with the leader, serve).
    pub officers: Vec<String>,
    pub auxiliaries: Vec<String>,
    pub grids: Vec<Grid>,
    /// Per edition, the items the team may cite.
    pub items: Vec<TeamItems>,
}

/// Indexes into an edition's items.
#[derive(Default)]
pub struct TeamItems {
    pub penalties: Vec<usize>,
    pub inspections: Vec<usize>,
}

pub struct Edition {
    pub id: i64,
    pub label: String,
    pub items: Vec<CatalogItem>,
}

impl World {
    pub fn read(store: &Store) -> StoreResult<World> {
        let versions = store.catalog_versions()?;
        let mut editions = Vec::new();
        for v in &versions {
            let items = store.catalog_items(v.id)?;
            editions.push(Edition { id: v.id.0, label: v.label.clone(), items });
        }
        let officers: Vec<_> = store.officers()?.into_iter().filter(|o| o.active).collect();
        let grids = store.grids(None)?;
        let mut teams = Vec::new();
        for team in store.teams()? {
            let staff = |role: Role| -> Vec<String> {
                officers
                    .iter()
                    .filter(|o| o.role == role && o.team.as_deref() == Some(team.code.as_str()))
                    .map(|o| o.badge.clone())
                    .collect()
            };
            let work = TeamWork {
                leaders: staff(Role::TeamLeader),
                officers: staff(Role::Officer),
                auxiliaries: staff(Role::Auxiliary),
                grids: grids.iter().filter(|g| g.team == team.code).cloned().collect(),
                items: editions.iter().map(|e| team_items(e, &team)).collect(),
                code: team.code,
            };
            if !work.leaders.is_empty() && work.officers.len() >= 2 && !work.grids.is_empty() {
                teams.push(work);
            }
        }
        let heads: Vec<String> =
            officers.iter().filter(|o| o.role == Role::Head).map(|o| o.badge.clone()).collect();
        if teams.is_empty() || editions.is_empty() || heads.is_empty() {
            // The caller seeds the county (zhifa_bench::county) and a catalog first.
            return Err(StoreError::Empty {
                field: "teams with a leader, two officers and a grid, a head, and a catalog,",
            });
        }
        Ok(World {
            teams,
            editions,
            versions,
            reviewers: officers
                .iter()
                .filter(|o| o.role == Role::LegalReviewer)
                .map(|o| o.badge.clone())
                .collect(),
            heads,
            roles: officers.iter().map(|o| (o.badge.clone(), o.role)).collect(),
            team_of: officers
                .iter()
                .filter_map(|o| Some((o.badge.clone(), o.team.clone()?)))
                .collect(),
            calendar: store.work_calendar()?,
        })
    }

    /// The edition in force on `day` (the one rule, `in_force_on`).
    pub fn edition_on(&self, day: NaiveDate) -> Option<usize> {
        in_force_on(&self.versions, day)
    }

    pub fn role(&self, badge: &str) -> Role {
        self.roles.get(badge).copied().unwrap_or(Role::Officer)
    }
}

fn team_items(edition: &Edition, team: &Team) -> TeamItems {
    let mut items = TeamItems::default();
    for (i, item) in edition.items.iter().enumerate() {
        if !in_scope(item, team) {
            continue;
        }
        match item.power_type {
            PowerType::Penalty => items.penalties.push(i),
            PowerType::Inspection => items.inspections.push(i),
            _ => {}
        }
    }
    items
}

/// The seeded source of lives: the world, the random stream, the moment the history ends, and
/// the per-channel counters of ticket numbers.
pub struct Gen<'w> {
    pub world: &'w World,
    pub rng: Rng,
    /// Now, in China Standard Time: nothing happens after it.
    pub end: NaiveDateTime,
    pub numbers: HashMap<String, u32>,
}

impl<'w> Gen<'w> {
    pub fn new(world: &'w World, seed: u64, end: NaiveDateTime) -> Gen<'w> {
        Gen { world, rng: Rng::new(seed), end, numbers: HashMap::new() }
    }

    /// A team, the busier streets slightly more often than the quieter towns.
    pub fn team(&mut self) -> usize {
        let n = self.world.teams.len();
        // Two draws, the lower kept: team 0 about twice as likely as the last.
        let (a, b) = (self.rng.below(n), self.rng.below(n));
        if self.rng.chance(40) {
            a.min(b)
        } else {
            a
        }
    }

    /// `day` at a random minute between `from` and `to` (hours, e.g. 8.5 → 08:30).
    pub fn time(&mut self, day: NaiveDate, from: f64, to: f64) -> NaiveDateTime {
        let (lo, hi) = ((from * 60.0) as i64, (to * 60.0) as i64);
        let minute = self.rng.between(lo, hi.max(lo));
        let second = self.rng.between(0, 59);
        day.and_time(NaiveTime::MIN) + chrono::Duration::seconds(minute * 60 + second)
    }

    /// The next number of `prefix` (a channel and its day or year), from 1.
    pub fn number(&mut self, prefix: &str) -> u32 {
        let n = self.numbers.entry(prefix.to_string()).or_insert(0);
        *n += 1;
        *n
    }

    pub fn pick(&mut self, xs: &[String]) -> String {
        xs.get(self.rng.below(xs.len())).cloned().unwrap_or_default()
    }
}

/// An action's moment and who took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    pub at: NaiveDateTime,
    pub by: String,
}

impl Moment {
    pub fn new(at: NaiveDateTime, by: impl Into<String>) -> Moment {
        Moment { at, by: by.into() }
    }
}

/// Whether a working-day period starting on `day` can be counted (its year has a calendar).
pub fn counted(world: &World, day: NaiveDate) -> bool {
    world.calendar.add_days(day, 10, zhifa_core::calendar::DayCount::Working).is_ok()
}
