//! What generated work says: places on a grid's roads and landmarks, complaints and their
//! replies, findings, parties, numbers — the project's own wording, in the shapes officers and
//! dispatchers write, drawn from `zhifa_core::rng` so a seed gives the same history every time. Pure: no SQL.

use chrono::NaiveDate;
use zhifa_core::domain::case_file::Party;
use zhifa_core::domain::catalog::{CatalogItem, PartyKind};
use zhifa_core::domain::org::Grid;

pub use zhifa_core::rng::Rng;

const SIDES: [&str; 7] = ["门口", "东侧", "西侧", "南侧", "北侧", "对面", "旁"];

/// A place in `grid`: a number on its road, or beside one of its landmarks.
pub fn place(rng: &mut Rng, grid: &Grid) -> String {
    let road = grid.road.split('（').next().unwrap_or_default().trim();
    let landmarks: Vec<&str> =
        grid.landmarks.split('、').filter(|l| !l.trim().is_empty()).collect();
    if road.is_empty() || (!landmarks.is_empty() && rng.chance(45)) {
        let landmark = landmarks.get(rng.below(landmarks.len())).copied().unwrap_or(&grid.name);
        return format!("{}{}", landmark.trim(), rng.pick(&SIDES));
    }
    format!("{road}{}号", rng.between(1, 388))
}

/// What an item is about, as a finding or the facts of a case say it: 对擅自占用城市道路的行政处罚
/// → 擅自占用城市道路.
pub fn act_of(item: &CatalogItem) -> String {
    let name = item.name.trim();
    let name = name.strip_prefix('对').unwrap_or(name);
    let name = name.split('（').next().unwrap_or(name);
    let stem = ["的行政处罚", "的处罚", "的行政检查", "的现场检查", "行政检查", "的检查"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name);
    let short: String = stem.chars().take(48).collect();
    short
}

/// A complaint as the dispatcher wrote it, and the reply the team gave.
const COMPLAINTS: [(&str, &str); 14] = [
    ("有流动摊贩占道经营，影响行人通行", "已到现场劝离摊贩，并纳入日常巡查重点"),
    ("附近烧烤店夜间油烟扰民", "已责令经营者安装油烟净化设施并限期整改"),
    ("建筑工地夜间施工噪音很大", "已核查施工许可，责令夜间停止高噪声作业"),
    ("有人私搭乱建，占用公共空间", "已现场核查，责令当事人限期自行拆除"),
    ("渣土车抛洒滴漏，路面脏乱", "已联系运输单位清扫路面，对抛洒行为调查处理"),
    ("共享单车乱停放，堵塞人行道", "已通知运营企业清理调度，现已恢复通行"),
    ("店铺跨门营业，货物堆到人行道上", "已责令店主将经营物品收回店内"),
    ("户外广告牌破损，有坠落风险", "已通知设置单位拆除加固，隐患已消除"),
    ("垃圾桶满溢无人清运，气味难闻", "已督促物业及环卫单位及时清运"),
    ("广场舞音响声音过大，影响休息", "已劝导活动组织者控制音量和时间"),
    ("绿化带被毁后种上了蔬菜", "已责令当事人恢复绿化"),
    ("窨井盖缺失，存在安全隐患", "已通知管养单位补装井盖"),
    ("有人露天焚烧垃圾，烟很大", "已到场制止并责令清理现场"),
    ("沿街阳台外吊挂物品，担心掉下来砸人", "已上门告知住户，物品已收回"),
];

/// A complaint about a place, and the reply it will get.
pub fn complaint(rng: &mut Rng, place: &str) -> (String, String) {
    let (what, reply) = rng.pick(&COMPLAINTS);
    (format!("{place}{what}"), (*reply).to_string())
}

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "林",
    "何", "高", "郑", "谢",
];
const BRANDS: [&str; 12] = [
    "鑫源",
    "宏达",
    "美味",
    "华泰",
    "永兴",
    "金城",
    "顺发",
    "恒通",
    "佳家",
    "新时代",
    "隆盛",
    "江南",
];
const TRADES: [&str; 8] = [
    "餐饮店",
    "建筑工程有限公司",
    "商贸有限公司",
    "物业服务有限公司",
    "广告有限公司",
    "运输有限公司",
    "超市",
    "装饰工程有限公司",
];

/// A mobile number as people give it.
pub fn phone(rng: &mut Rng) -> String {
    format!("1{}{:09}", rng.pick(&[3, 5, 7, 8, 9]), rng.next_u64() % 1_000_000_000)
}

/// The person or business a case is against, with an identity number and a contact.
pub fn party(rng: &mut Rng, born_before: NaiveDate) -> Party {
    if rng.chance(30) {
        let name = format!("青江县{}{}", rng.pick(&BRANDS), rng.pick(&TRADES));
        let code: String = (0..10)
            .map(|_| char::from(b"0123456789ABCDEFGHJKLMNPQRTUWXY"[rng.below(31)]))
            .collect();
        return Party {
            kind: PartyKind::Organisation,
            name,
            id_number: format!("91330217{code}"),
            contact: phone(rng),
        };
    }
    let years = rng.between(20, 65);
    let born =
        born_before.checked_sub_days(chrono::Days::new(years as u64 * 365)).unwrap_or(born_before);
    let check = rng.pick(&["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X"]);
    Party {
        kind: PartyKind::Individual,
        name: format!("{}某{}", rng.pick(&SURNAMES), if rng.chance(40) { "某" } else { "" }),
        id_number: format!("330217{}{:03}{check}", born.format("%Y%m%d"), rng.below(1000)),
        contact: phone(rng),
    }
}

/// A complainant who gives a name: 王先生, 李女士.
pub fn reporter_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&SURNAMES), rng.pick(&["先生", "女士"]))
}
