//! Grids (网格) in SQLite: added by an admin, each with its event; never deleted.

use super::identity::{authorize, Identity};
use super::officers::non_empty;
use super::{events, Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use rusqlite::params;
use serde_json::json;
use zhifa_core::domain::officer::Operation;
use zhifa_core::domain::org::Grid;

impl Store {
    /// Adds a grid to an existing team (admins: [`Operation::ManageTeams`]).
    pub fn add_grid(
        &mut self,
        who: &Identity,
        now: DateTime<Utc>,
        grid: &Grid,
    ) -> StoreResult<Grid> {
        let grid = Grid {
            code: non_empty(&grid.code, "grid code")?,
            name: non_empty(&grid.name, "name")?,
            team: non_empty(&grid.team, "team")?,
            road: grid.road.trim().to_string(),
            landmarks: grid.landmarks.trim().to_string(),
        };
        self.write(|tx| {
            authorize(tx, who, Operation::ManageTeams)?;
            let exists = |sql: &str, key: &str| -> StoreResult<bool> {
                Ok(tx.query_row(sql, [key], |r| r.get(0))?)
            };
            if !exists("SELECT EXISTS (SELECT 1 FROM teams WHERE code = ?1)", &grid.team)? {
                return Err(StoreError::NoSuchTeam(grid.team.clone()));
            }
            if exists("SELECT EXISTS (SELECT 1 FROM grids WHERE code = ?1)", &grid.code)? {
                return Err(StoreError::DuplicateGrid(grid.code.clone()));
            }
            let payload = json!({ "code": grid.code, "name": grid.name, "team": grid.team,
                                  "road": grid.road, "landmarks": grid.landmarks });
            let seq = events::append(tx, who.actor(), now, "grid.add", &payload)?;
            tx.execute(
                "INSERT INTO grids (code, name, team_code, road, landmarks, event_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![grid.code, grid.name, grid.team, grid.road, grid.landmarks, seq],
            )?;
            Ok(grid.clone())
        })
    }

    /// Every grid, or a team's, by code.
    pub fn grids(&self, team: Option<&str>) -> StoreResult<Vec<Grid>> {
        let mut stmt = self.conn.prepare(
            "SELECT code, name, team_code, road, landmarks FROM grids
             WHERE ?1 IS NULL OR team_code = ?1 ORDER BY code",
        )?;
        let rows = stmt.query_map([team], |r| {
            Ok(Grid {
                code: r.get(0)?,
                name: r.get(1)?,
                team: r.get(2)?,
                road: r.get(3)?,
                landmarks: r.get(4)?,
            })
        })?;
        rows.collect::<Result<Vec<_>, _>>().map_err(StoreError::from)
    }
}
