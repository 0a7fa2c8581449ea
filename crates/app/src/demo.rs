//! The demo catalog the project ships (`db/demo/`), and seeding a database with it.
//!
//! The demo is the project's own writing (a fictional 青江县 with real laws and articles), in the
//! canonical JSON format, embedded in the binary so `zhifa demo` works on a fresh machine, with
//! two teams and their grids, one demo account of every role (published demo passwords), and a
//! few weeks of activity ([`activity`]).

pub mod activity;

use anyhow::{Context, Result};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use zhifa_catalog::format::CatalogFile;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::{NewOfficer, Role};
use zhifa_core::domain::org::Grid;
use zhifa_store::{Identity, NewVersion, Store};

/// The demo catalog's versions, oldest first: (source name, canonical JSON).
pub const DEMO_CATALOGS: [(&str, &str); 2] = [
    ("db/demo/catalog-v1.json", include_str!("../../../db/demo/catalog-v1.json")),
    ("db/demo/catalog-v2.json", include_str!("../../../db/demo/catalog-v2.json")),
];

pub fn demo_catalog(index: usize) -> Result<CatalogFile> {
    let (name, json) = DEMO_CATALOGS.get(index).context("no such demo catalog")?;
    serde_json::from_str(json).with_context(|| format!("demo catalog {name} is not valid"))
}

/// Loads the demo catalog versions into an empty database, as `actor` in bootstrap mode (no admin
/// account exists yet). Returns false (and changes nothing) when the database already holds a
/// catalog.
pub fn seed_demo(store: &mut Store, actor: &Actor, now: DateTime<Utc>) -> Result<bool> {
    if !store.catalog_versions()?.is_empty() {
        return Ok(false);
    }
    let who = store.bootstrap_identity(actor.clone())?;
    for (index, (name, _)) in DEMO_CATALOGS.iter().enumerate() {
        let file = demo_catalog(index)?;
        let meta = file.version.clone().unwrap_or_default();
        let effective = meta.effective.with_context(|| format!("{name} has no effective date"))?;
        let version = demo_version_meta(index, meta.label, meta.doc_no, effective)?;
        // The demo history is loaded as if each version had been imported on its effective day,
        // which is what a real county's history would look like.
        store.import_catalog(&who, now, effective, &version, &file.items)?;
    }
    Ok(true)
}

/// Like [`seed_demo`], for a database that is to hold years of work from `since` on (the
/// casework benchmark): cases cite the version in force on the day of the act, so earlier
/// editions come first — the first demo version's items, in force from 1 January of `since`'s
/// year and renewed every two years — then both demo versions. All are loaded at `now` (the
/// day before the history starts) as if each had been imported on its effective day.
pub fn seed_demo_editions(
    store: &mut Store,
    actor: &Actor,
    now: DateTime<Utc>,
    since: NaiveDate,
) -> Result<bool> {
    if !store.catalog_versions()?.is_empty() {
        return Ok(false);
    }
    let who = store.bootstrap_identity(actor.clone())?;
    let first = demo_catalog(0)?;
    let demo_start = first.version.as_ref().and_then(|v| v.effective).context("demo effective")?;
    let mut year = since.year();
    while let Some(effective) = NaiveDate::from_ymd_opt(year, 1, 1).filter(|d| *d < demo_start) {
        let meta =
            demo_version_meta(0, format!("{year}年版"), format!("青综执〔{year}〕1号"), effective)?;
        store.import_catalog(&who, now, effective, &meta, &first.items)?;
        year += 2;
    }
    for index in 0..DEMO_CATALOGS.len() {
        let file = demo_catalog(index)?;
        let meta = file.version.clone().unwrap_or_default();
        let effective = meta.effective.context("demo effective")?;
        let version = demo_version_meta(index, meta.label, meta.doc_no, effective)?;
        store.import_catalog(&who, now, effective, &version, &file.items)?;
    }
    Ok(true)
}

/// A demo version as imported: its file's name and digest with the label, number and date.
fn demo_version_meta(
    index: usize,
    label: String,
    doc_no: String,
    effective: NaiveDate,
) -> Result<NewVersion> {
    let (name, json) = DEMO_CATALOGS.get(index).context("no such demo catalog")?;
    Ok(NewVersion {
        label,
        doc_no,
        effective,
        source_name: name.to_string(),
        source_sha256: hex::encode(Sha256::digest(json.as_bytes())),
    })
}

/// Demo teams: (code, name).
/// The demo county's one brigade over both street teams.
pub const DEMO_BRIGADE: (&str, &str) = ("D1", "城区大队");

pub const DEMO_TEAMS: [(&str, &str); 2] = [("QX01", "青溪中队"), ("DG02", "东岗中队")];

/// One demo account of every role: (badge, name, role, team, demo password). The passwords are
/// printed by `zhifa demo` and listed on its login screen; they are for the demo database only.
pub const DEMO_OFFICERS: [(&str, &str, Role, Option<&str>, &str); 8] = [
    ("QJ0001", "演示管理员", Role::Admin, None, "demo-admin-2026"),
    ("QJ1001", "张执法", Role::Officer, Some("QX01"), "100100"),
    ("QJ1002", "李执法", Role::Officer, Some("QX01"), "100200"),
    ("QJ2001", "王协管", Role::Auxiliary, Some("QX01"), "200100"),
    ("QJ3001", "陈中队长", Role::TeamLeader, Some("QX01"), "300100"),
    ("QJ0100", "赵局长", Role::Head, None, "010100"),
    ("QJ4001", "刘法制", Role::LegalReviewer, None, "400100"),
    ("QJ5001", "周审计", Role::Auditor, None, "500100"),
];

/// Demo grids of the fictional 青江县: (code, name, team, road, landmarks).
pub const DEMO_GRIDS: [(&str, &str, &str, &str, &str); 5] = [
    ("QX01-01", "青溪老街网格", "QX01", "青溪路（人民桥—文昌阁）", "文昌阁、青溪菜市场"),
    ("QX01-02", "滨江公园网格", "QX01", "滨江路", "滨江公园南门、轮渡码头"),
    ("QX01-03", "学府路网格", "QX01", "学府路", "青江一中、县图书馆"),
    ("DG02-01", "东岗商业街网格", "DG02", "东大街", "东岗百货、步行街牌坊"),
    ("DG02-02", "火车站网格", "DG02", "站前路", "青江站广场、长途汽车站"),
];

/// Adds the demo teams, grids and accounts to a database without accounts: the admin first (bootstrap),
/// then the others as that admin. Returns false (and changes nothing) when accounts exist.
pub fn seed_demo_officers(store: &mut Store, actor: &Actor, now: DateTime<Utc>) -> Result<bool> {
    if !store.officers()?.is_empty() {
        return Ok(false);
    }
    let boot = store.bootstrap_identity(actor.clone())?;
    store.add_brigade(&boot, now, DEMO_BRIGADE.0, DEMO_BRIGADE.1)?;
    for (code, name) in DEMO_TEAMS {
        store.add_team_in(&boot, now, code, name, Some(DEMO_BRIGADE.0))?;
    }
    let [(badge, _, _, _, password), others @ ..] = &DEMO_OFFICERS;
    store.add_officer(&boot, now, &demo_officer(&DEMO_OFFICERS[0]), password)?;
    let admin: Identity = store.authenticate(actor, now, badge, password)?;
    for officer in others {
        store.add_officer(&admin, now, &demo_officer(officer), officer.4)?;
    }
    for (code, name, team, road, landmarks) in DEMO_GRIDS {
        let grid = Grid {
            code: code.into(),
            name: name.into(),
            team: team.into(),
            road: road.into(),
            landmarks: landmarks.into(),
        };
        store.add_grid(&admin, now, &grid)?;
    }
    Ok(true)
}

fn demo_officer(row: &(&str, &str, Role, Option<&str>, &str)) -> NewOfficer {
    let (badge, name, role, team, _) = *row;
    NewOfficer {
        badge: badge.to_string(),
        name: name.to_string(),
        role,
        team: team.map(str::to_string),
        // Certified roles carry a certificate that expires; the others hold none.
        cert_expiry: matches!(role, Role::Officer | Role::TeamLeader | Role::Head)
            .then(|| chrono::NaiveDate::from_ymd_opt(2028, 12, 31))
            .flatten(),
    }
}
