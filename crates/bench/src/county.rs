//! The whole of the fictional 青江县 for the casework benchmark: the two demo teams are two of
//! its twelve street and town teams (中队), each with five grids, a leader, eight officers and
//! three auxiliaries, and two more legal reviewers at the bureau. Written through the store like
//! any admin's setup (`add_team`, `add_grid`, `add_officer`), so accounts, grids and their
//! events are as real ones are.
//!
//! Accounts made here have published PINs like the demo's: 7, the team's number and the
//! officer's (two digits each), then 0 — 703010 for QJ70301. For generated databases only.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use zhifa_app::demo::DEMO_OFFICERS;
use zhifa_core::domain::actor::Actor;
use zhifa_core::domain::officer::{NewOfficer, Role};
use zhifa_core::domain::org::Grid;
use zhifa_store::{Identity, Store};

/// (code, name, [(road, landmarks); grids to add]). The demo teams already have some grids
/// (`DEMO_GRIDS`); theirs here are the ones they lack.
type TeamRow = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

pub const COUNTY_TEAMS: [TeamRow; 12] = [
    ("QX01", "青溪中队", &[("文昌路", "文昌阁广场、青溪小学"), ("人民路", "县人民医院、人民桥")]),
    (
        "DG02",
        "东岗中队",
        &[
            ("东岗路", "东岗农贸市场、东岗公园"),
            ("建设路", "建设新村、县体育馆"),
            ("解放路", "解放路夜市、县邮政局"),
        ],
    ),
    (
        "BT03",
        "白塔中队",
        &[
            ("白塔路", "白塔寺、白塔菜场"),
            ("塔山路", "塔山公园、塔山隧道口"),
            ("和平路", "和平影院、和平小区"),
            ("新华路", "新华书店、县图书城"),
            ("凤凰路", "凤凰广场、凤凰中学"),
        ],
    ),
    (
        "LJ04",
        "临江中队",
        &[
            ("临江大道", "临江码头、滨江绿道"),
            ("江滨路", "江滨公园、游船码头"),
            ("镇前街", "临江镇政府、临江老街"),
            ("渔港路", "渔港市场、冷链仓库"),
            ("工业路", "临江工业园、物流中心"),
        ],
    ),
    (
        "ML05",
        "梅林中队",
        &[
            ("梅林路", "梅林镇政府、梅林中学"),
            ("梅园路", "梅园景区、游客中心"),
            ("茶山路", "茶叶市场、茶山村"),
            ("梅溪街", "梅溪老街、戏台广场"),
            ("兴业路", "梅林工业区、汽车站"),
        ],
    ),
    (
        "CN06",
        "城南中队",
        &[
            ("城南大道", "万达广场、城南客运站"),
            ("南环路", "南环花园、加油站"),
            ("育才路", "育才小学、少年宫"),
            ("金桥路", "金桥市场、金桥小区"),
            ("锦绣路", "锦绣华庭、城南公园"),
        ],
    ),
    (
        "CB07",
        "城北中队",
        &[
            ("城北大道", "城北汽车站、北门广场"),
            ("北环路", "建材市场、二手车市场"),
            ("光明路", "光明小区、县中医院"),
            ("胜利路", "胜利桥、胜利菜场"),
            ("北山路", "北山公园、烈士陵园"),
        ],
    ),
    (
        "JW08",
        "江湾中队",
        &[
            ("江湾路", "江湾新城、江湾小学"),
            ("湾头街", "湾头菜场、湾头码头"),
            ("滨湖路", "滨湖公园、湿地公园"),
            ("望江路", "望江楼、观景台"),
            ("创业路", "创业园、人才公寓"),
        ],
    ),
    (
        "SQ09",
        "石桥中队",
        &[
            ("石桥街", "古石桥、石桥老街"),
            ("石桥路", "石桥镇政府、石桥卫生院"),
            ("新市路", "新市场、石桥中学"),
            ("桥北路", "桥北村、农贸市场"),
            ("站前大道", "高铁站、公交枢纽"),
        ],
    ),
    (
        "TY10",
        "桃源中队",
        &[
            ("桃源路", "桃源镇政府、桃源中学"),
            ("桃花街", "桃花坞、民宿街"),
            ("溪口路", "溪口村、漂流码头"),
            ("果园路", "水果市场、冷库"),
            ("桃源大道", "桃源工业园、物流园"),
        ],
    ),
    (
        "LT11",
        "龙潭中队",
        &[
            ("龙潭路", "龙潭镇政府、龙潭中学"),
            ("龙潭老街", "龙王庙、老街戏台"),
            ("龙泉路", "龙泉水厂、龙泉小区"),
            ("潭东路", "潭东村、砂石码头"),
            ("环潭路", "龙潭水库、环湖绿道"),
        ],
    ),
    (
        "XG12",
        "新港中队",
        &[
            ("新港大道", "新港码头、集装箱堆场"),
            ("港城路", "港城广场、港城小学"),
            ("海关路", "海关大楼、报关大厅"),
            ("临港路", "临港工业区、危化品仓库"),
            ("港湾街", "港湾夜市、渔人码头"),
        ],
    ),
];

/// Per team: one leader, eight officers, three auxiliaries (numbers 00, 01–08, 09–11).
const STAFF: [Role; 12] = [
    Role::TeamLeader,
    Role::Officer,
    Role::Officer,
    Role::Officer,
    Role::Officer,
    Role::Officer,
    Role::Officer,
    Role::Officer,
    Role::Officer,
    Role::Auxiliary,
    Role::Auxiliary,
    Role::Auxiliary,
];

/// The bureau's legal reviewers besides the demo's: (badge, name, PIN).
const REVIEWERS: [(&str, &str, &str); 2] =
    [("QJ4002", "吴法制", "400200"), ("QJ4003", "郑法制", "400300")];

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋",
];
const GIVEN: [&str; 20] = [
    "伟", "芳", "军", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞", "平", "刚",
    "建华", "志强", "海燕", "晓东",
];

/// Adds the rest of the county to a database with the demo accounts (see [`zhifa_app::demo::seed_demo_officers`]):
/// teams, grids, staff and reviewers, as the demo admin. Returns false (and changes nothing) when
/// the county is already there.
pub fn seed_county(store: &mut Store, actor: &Actor, now: DateTime<Utc>) -> Result<bool> {
    let teams = store.teams()?;
    if teams.iter().any(|t| t.code == COUNTY_TEAMS[2].0) {
        return Ok(false);
    }
    let admin = login_admin(store, actor, now)?;
    for (index, (code, name, grids)) in COUNTY_TEAMS.iter().enumerate() {
        if !teams.iter().any(|t| t.code == *code) {
            store.add_team(&admin, now, code, name)?;
        }
        add_grids(store, &admin, now, code, name, grids)?;
        add_staff(store, &admin, now, index + 1, code)?;
    }
    for (badge, name, pin) in REVIEWERS {
        let reviewer = officer(badge, name.to_string(), Role::LegalReviewer, None);
        store.add_officer(&admin, now, &reviewer, pin)?;
    }
    Ok(true)
}

/// The published PIN or password of a demo or county account; `None` for any other badge.
pub fn demo_password(badge: &str) -> Option<String> {
    if let Some(row) = DEMO_OFFICERS.iter().find(|o| o.0 == badge) {
        return Some(row.4.to_string());
    }
    if let Some((_, _, pin)) = REVIEWERS.iter().find(|r| r.0 == badge) {
        return Some(pin.to_string());
    }
    // QJ7TTNN → 7TTNN0.
    let digits = badge
        .strip_prefix("QJ7")
        .filter(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))?;
    Some(format!("7{digits}0"))
}

fn login_admin(store: &mut Store, actor: &Actor, now: DateTime<Utc>) -> Result<Identity> {
    let (badge, _, _, _, password) =
        DEMO_OFFICERS.iter().find(|o| o.2 == Role::Admin).context("demo admin")?;
    Ok(store.authenticate(actor, now, badge, password)?)
}

/// The team's grids after those it has, numbered on: 青溪中队 has three, so its first here is
/// QX01-04.
fn add_grids(
    store: &mut Store,
    admin: &Identity,
    now: DateTime<Utc>,
    team: &str,
    team_name: &str,
    grids: &[(&str, &str)],
) -> Result<()> {
    let existing = store.grids(Some(team))?.len();
    for (offset, (road, landmarks)) in grids.iter().enumerate() {
        // 白塔路网格, 新港海关路网格: the place's name once.
        let stem = team_name.trim_end_matches("中队");
        let name = if road.starts_with(stem) {
            format!("{road}网格")
        } else {
            format!("{stem}{road}网格")
        };
        let grid = Grid {
            code: format!("{team}-{:02}", existing + offset + 1),
            name,
            team: team.to_string(),
            road: road.to_string(),
            landmarks: landmarks.to_string(),
        };
        store.add_grid(admin, now, &grid)?;
    }
    Ok(())
}

fn add_staff(
    store: &mut Store,
    admin: &Identity,
    now: DateTime<Utc>,
    number: usize,
    team: &str,
) -> Result<()> {
    for (n, role) in STAFF.iter().enumerate() {
        let badge = format!("QJ7{number:02}{n:02}");
        let pin = format!("7{number:02}{n:02}0");
        let name = person_name(number * STAFF.len() + n);
        store.add_officer(admin, now, &officer(&badge, name, *role, Some(team)), &pin)?;
    }
    Ok(())
}

/// A name from the tables, different for each of the county's staff.
fn person_name(i: usize) -> String {
    let surname = SURNAMES[i % SURNAMES.len()];
    let given = GIVEN[(i * 7 + i / SURNAMES.len()) % GIVEN.len()];
    format!("{surname}{given}")
}

fn officer(badge: &str, name: String, role: Role, team: Option<&str>) -> NewOfficer {
    NewOfficer {
        badge: badge.to_string(),
        name,
        role,
        team: team.map(str::to_string),
        // Certified roles carry a certificate, as the demo's do.
        cert_expiry: matches!(role, Role::Officer | Role::TeamLeader | Role::Head)
            .then(|| NaiveDate::from_ymd_opt(2028, 12, 31))
            .flatten(),
    }
}
