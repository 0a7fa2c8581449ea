//! A realistic synthetic catalog for tests and benchmarks: item names recombined from the shapes
//! of published names (对擅自占用城市道路的行政处罚, 对未按规定分类投放生活垃圾且拒不改正的处罚 …)
//! across the usual enforcement domains, with real law names and article numbers, departments,
//! fine ranges, street scopes and unique 12-digit Zhejiang-style codes.
//!
//! The fragments are this project's own wording; output is deterministic for a seed (a small
//! splitmix64 generator, no `rand`), so benchmark runs are comparable.

use zhifa_core::domain::catalog::{
    CatalogItem, DiscretionTier, LegalBasis, PartyFine, PartyKind, PowerType, Provision,
};

use zhifa_core::rng::Rng;

/// One enforcement domain's vocabulary.
struct Domain {
    name: &'static str,
    code: &'static str,
    departments: &'static [&'static str],
    /// (law name, number of articles).
    laws: &'static [(&'static str, u32)],
    subjects: &'static [&'static str],
    /// Verb phrases: the act itself.
    acts: &'static [&'static str],
    places: &'static [&'static str],
    objects_inspected: &'static [&'static str],
}

const DOMAINS: &[Domain] = &[
    Domain {
        name: "市容环境卫生",
        code: "01",
        departments: &["区综合行政执法局", "区住房和城乡建设局"],
        laws: &[
            ("城市市容和环境卫生管理条例", 39),
            ("浙江省城市市容和环境卫生管理条例", 52),
            ("浙江省生活垃圾管理条例", 68),
            ("城市生活垃圾管理办法", 46),
            ("城市建筑垃圾管理规定", 28),
            ("中华人民共和国固体废物污染环境防治法", 126),
        ],
        subjects: &[
            "单位和个人",
            "生活垃圾分类管理责任人",
            "餐厨垃圾产生单位",
            "建筑垃圾运输单位",
            "从事城市生活垃圾经营性清扫、收集、运输的企业",
            "施工单位",
            "临街商铺经营者",
            "环境卫生设施管理单位",
            "物业服务企业",
            "个人",
        ],
        acts: &[
            "未按规定分类投放生活垃圾",
            "随意倾倒、抛撒或者堆放生活垃圾",
            "擅自拆除、迁移环境卫生设施",
            "在城市道路两侧的建筑物外晾晒、吊挂有碍市容的物品",
            "随地吐痰、便溺，乱扔果皮、纸屑和烟头",
            "未按规定的时间、路线运输建筑垃圾",
            "运输车辆车身不洁、车轮带泥行驶",
            "将建筑垃圾混入生活垃圾",
            "擅自设置大型户外广告",
            "在树木、地面、电杆上涂写、刻画",
            "未经批准擅自设置LED电子显示屏",
            "擅自占用城市道路、广场摆摊设点",
            "未按规定密闭化运输生活垃圾",
            "在露天场所焚烧树叶、垃圾",
            "擅自拆除公共厕所",
            "不按规定修整、拆除破损的临街建（构）筑物",
            "未按规定设置生活垃圾分类收集容器",
            "以餐厨垃圾为原料生产、加工食品",
            "饲养家禽家畜影响市容和环境卫生",
            "未按规定的时间清扫、收运城市生活垃圾",
        ],
        places: &["城市道路", "公共场所", "主要街道两侧", "居住区", "城市河道"],
        objects_inspected: &[
            "生活垃圾分类投放情况",
            "建筑垃圾运输车辆",
            "户外广告设施",
            "环境卫生设施",
        ],
    },
    Domain {
        name: "城乡规划",
        code: "02",
        departments: &["区自然资源和规划局", "区综合行政执法局"],
        laws: &[
            ("中华人民共和国城乡规划法", 70),
            ("浙江省城乡规划条例", 76),
            ("浙江省违法建筑处置规定", 32),
            ("中华人民共和国土地管理法", 87),
        ],
        subjects: &["建设单位", "个人", "农村村民", "施工单位", "房地产开发企业"],
        acts: &[
            "未取得建设工程规划许可证进行建设",
            "未按照建设工程规划许可证的规定进行建设",
            "未经批准进行临时建设",
            "未按照批准内容进行临时建设",
            "临时建筑物、构筑物超过批准期限不拆除",
            "未经批准在乡村规划区内建设住宅",
            "擅自改变建筑物使用性质",
            "在建设工程竣工验收后六个月内未报送有关竣工验收资料",
            "擅自搭建建筑物、构筑物",
            "超过批准复工用地范围建设工业及配套类建筑",
        ],
        places: &["城市规划区", "乡村规划区", "居住小区", "历史文化街区"],
        objects_inspected: &["建设工程规划许可执行情况", "临时建设", "违法建筑处置情况"],
    },
    Domain {
        name: "市政公用",
        code: "03",
        departments: &["区住房和城乡建设局", "区综合行政执法局"],
        laws: &[
            ("城市道路管理条例", 45),
            ("浙江省城市道路管理办法", 40),
            ("城镇燃气管理条例", 53),
            ("城镇排水与污水处理条例", 59),
            ("城市照明管理规定", 34),
            ("浙江省城镇燃气管理条例", 58),
        ],
        subjects: &["单位和个人", "施工单位", "燃气经营者", "排水户", "管线单位", "车辆所有人"],
        acts: &[
            "擅自占用城市道路",
            "擅自挖掘城市道路",
            "未按照批准的位置、面积、期限占用或者挖掘城市道路",
            "在城市道路上擅自设置户外广告设施",
            "机动车在桥梁或者非机动车道上试刹车",
            "擅自在城市道路上建设建筑物、构筑物",
            "在城市道路上清洗车辆",
            "履带车、铁轮车等在城市道路上行驶",
            "擅自从城市道路照明设施接电",
            "未取得燃气经营许可证从事燃气经营活动",
            "未取得污水排入排水管网许可证向城镇排水设施排放污水",
            "擅自拆除、改动城镇排水与污水处理设施",
            "擅自在城市道路、公共场所上空设置架空管线",
            "占用城市道路后不按规定清理现场",
            "损坏、擅自移动城市道路照明设施",
        ],
        places: &["城市道路", "城市桥梁", "人行道", "地下管线保护范围"],
        objects_inspected: &[
            "城市道路占用挖掘情况",
            "燃气经营场所",
            "排水户排水情况",
            "城市照明设施",
        ],
    },
    Domain {
        name: "园林绿化",
        code: "04",
        departments: &["区自然资源和规划局", "区农业农村局", "区综合行政执法局"],
        laws: &[
            ("城市绿化条例", 34),
            ("浙江省城市绿化管理办法", 38),
            ("中华人民共和国森林法", 84),
            ("中华人民共和国野生动物保护法", 64),
            ("中华人民共和国种子法", 93),
        ],
        subjects: &["单位和个人", "建设单位", "绿地管护单位", "种子生产经营者", "个人"],
        acts: &[
            "擅自砍伐城市树木",
            "擅自迁移城市树木",
            "损坏城市树木花草",
            "擅自占用城市绿化用地",
            "在城市绿地内倾倒垃圾、堆放杂物",
            "砍伐、擅自迁移古树名木",
            "非法在幼林地砍柴、毁苗、放牧",
            "未按规定备案受委托生产、代销种子",
            "非法猎捕、杀害国家重点保护野生动物",
            "在森林防火期内未经批准在森林防火区内野外用火",
            "临时使用林地期满后一年内未恢复植被",
        ],
        places: &["城市绿地", "公园", "风景名胜区", "森林防火区"],
        objects_inspected: &["城市绿化工程", "古树名木保护情况", "林木采伐情况"],
    },
    Domain {
        name: "环境保护",
        code: "05",
        departments: &["区生态环境分局", "区综合行政执法局"],
        laws: &[
            ("中华人民共和国大气污染防治法", 129),
            ("中华人民共和国环境噪声污染防治法", 64),
            ("中华人民共和国噪声污染防治法", 90),
            ("中华人民共和国水污染防治法", 103),
            ("浙江省大气污染防治条例", 78),
        ],
        subjects: &["施工单位", "餐饮服务经营者", "单位和个人", "排污单位", "经营者"],
        acts: &[
            "未采取有效防尘降尘措施进行施工",
            "露天焚烧沥青、油毡、橡胶、塑料、垃圾",
            "在居民住宅楼内新建产生油烟的餐饮服务项目",
            "未安装油烟净化设施排放油烟",
            "在噪声敏感建筑物集中区域夜间进行产生环境噪声污染的建筑施工作业",
            "在商业经营活动中使用高音广播喇叭招揽顾客",
            "露天烧烤食品污染大气",
            "运输煤炭、垃圾、渣土等物料未采取密闭措施",
            "未经批准夜间进行施工作业",
            "使用未经批准的设施焚烧处理固体废物",
            "在KTV等娱乐场所边界噪声超过排放标准",
        ],
        places: &["城市建成区", "噪声敏感建筑物集中区域", "居民住宅区", "人口集中地区"],
        objects_inspected: &["建筑施工扬尘防治情况", "餐饮油烟排放情况", "噪声排放情况"],
    },
    Domain {
        name: "市场监管",
        code: "06",
        departments: &["区市场监督管理局"],
        laws: &[
            ("无证无照经营查处办法", 17),
            ("中华人民共和国食品安全法", 154),
            ("浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定", 50),
            ("中华人民共和国广告法", 75),
            ("中华人民共和国价格法", 48),
        ],
        subjects: &["经营者", "食品摊贩", "小餐饮店", "广告发布者", "个人"],
        acts: &[
            "从事无照经营",
            "未取得许可从事经营活动",
            "食品摊贩未按规定进行登记",
            "在指定区域外从事食品摊贩经营",
            "未按规定明码标价",
            "发布违法户外广告",
            "销售超过保质期的食品",
            "未按规定公示营业执照",
        ],
        places: &["城市道路", "农贸市场", "学校周边", "公共场所"],
        objects_inspected: &["食品摊贩经营情况", "户外广告发布情况", "明码标价执行情况"],
    },
    Domain {
        name: "文化旅游",
        code: "07",
        departments: &["区文化广电旅游体育局"],
        laws: &[
            ("娱乐场所管理条例", 58),
            ("中华人民共和国旅游法", 112),
            ("旅行社条例", 68),
            ("营业性演出管理条例", 59),
            ("互联网上网服务营业场所管理条例", 37),
        ],
        subjects: &["娱乐场所", "旅行社", "导游", "互联网上网服务营业场所经营单位", "演出举办单位"],
        acts: &[
            "未按规定悬挂警示标志、未成年人禁入标志",
            "接纳未成年人进入营业场所",
            "在KTV包厢内设置隔断",
            "未经许可经营旅行社业务",
            "导游私自承揽导游业务",
            "未经批准举办营业性演出",
            "超过核准人数接纳消费者",
            "擅自变更演出内容",
        ],
        places: &["娱乐场所", "景区", "演出场所"],
        objects_inspected: &["娱乐场所经营情况", "旅行社经营情况", "营业性演出"],
    },
    Domain {
        name: "水务",
        code: "08",
        departments: &["区水利局", "区综合行政执法局"],
        laws: &[
            ("中华人民共和国水法", 82),
            ("中华人民共和国防洪法", 65),
            ("浙江省河道管理条例", 52),
            ("城市供水条例", 38),
            ("中华人民共和国水土保持法", 60),
        ],
        subjects: &["单位和个人", "建设单位", "供水企业", "施工单位"],
        acts: &[
            "在河道管理范围内建设妨碍行洪的建筑物、构筑物",
            "擅自在河道管理范围内采砂",
            "在河道内倾倒垃圾、渣土",
            "未经批准取水",
            "擅自拆除、改装城市公共供水设施",
            "在饮用水水源保护区内设置排污口",
            "未按规定编制水土保持方案",
            "建筑施工单位在施工时未采取措施防止粉尘污染（限于水务工程）",
        ],
        places: &["河道管理范围", "饮用水水源保护区", "水库", "堤防"],
        objects_inspected: &["河道管理范围内建设项目", "取水许可执行情况", "供水设施"],
    },
    Domain {
        name: "交通运输",
        code: "09",
        departments: &["区交通运输局"],
        laws: &[
            ("中华人民共和国公路法", 87),
            ("浙江省公路条例", 64),
            ("中华人民共和国道路运输条例", 110),
            ("巡游出租汽车经营服务管理规定", 58),
            ("公路安全保护条例", 77),
        ],
        subjects: &["单位和个人", "道路运输经营者", "出租汽车驾驶员", "货运车辆驾驶人"],
        acts: &[
            "擅自占用、挖掘公路",
            "在公路用地范围内设置非公路标志",
            "未取得道路运输经营许可擅自从事经营",
            "出租汽车驾驶员拒载、议价",
            "车辆超限运输",
            "在公路上堆放物品",
            "未按规定安装使用GPS卫星定位装置",
            "在公路建筑控制区内修建建筑物",
        ],
        places: &["公路", "公路用地范围", "公路建筑控制区", "客运站"],
        objects_inspected: &["道路运输经营情况", "出租汽车营运情况", "公路路产路权"],
    },
];

const PENALTY_SUFFIXES: &[&str] = &["的行政处罚", "的处罚", "的行政处罚", "行为的行政处罚"];
const AGGRAVATIONS: &[&str] = &[
    "且拒不改正",
    "且逾期未改正",
    "且逾期不改正",
    "经责令改正拒不改正",
    "情节严重",
    "造成严重后果",
    "且拒不清除",
];
const STREETS: &[&str] = &[
    "庄桥街道",
    "洪塘街道",
    "甬江街道",
    "中马街道",
    "白沙街道",
    "孔浦街道",
    "文教街道",
    "慈城镇",
    "前洋街道",
    "新碶街道",
    "大碶街道",
    "霞浦街道",
    "柴桥街道",
    "春晓街道",
    "梅山街道",
    "小港街道",
    "戚家山街道",
];
const REGIONS: &[&str] = &["330205", "330206", "330211", "330212", "330217"];
const TRANSFER: &[&str] = &["划转", "划转", "委托", "交由乡镇街道行使", "派驻", ""];
const FINES: &[(i64, i64)] = &[
    (50, 200),
    (100, 500),
    (200, 1000),
    (500, 5000),
    (1000, 10000),
    (2000, 20000),
    (5000, 50000),
    (10000, 100000),
    (20000, 200000),
    (50000, 500000),
];
const TIERS: &[(&str, &str)] = &[
    ("情节较轻", "首次违法且在责令期限内改正"),
    ("一般", "逾期未改正或者造成一定影响"),
    ("情节严重", "拒不改正或者造成严重后果"),
];

/// One act, possibly with its subject and place spelled out.
fn act_phrase(rng: &mut Rng, d: &Domain) -> String {
    let act = rng.pick(d.acts);
    // Acts that already name who or where (导游私自…, 在…) take no second subject or place.
    let has_subject = d.subjects.iter().any(|s| act.starts_with(s))
        || ["导游", "出租汽车", "食品摊贩", "运输车辆", "机动车", "履带车", "饲养", "建筑施工"]
            .iter()
            .any(|s| act.starts_with(s));
    let has_place = act.contains('在');
    match rng.below(10) {
        4..=6 | 9 if !has_subject => format!("{}{}", rng.pick(d.subjects), act),
        7 | 8 if !has_place && !has_subject => format!("在{}{}", rng.pick(d.places), act),
        _ => act.to_string(),
    }
}

/// A penalty item name in one of the published shapes; mostly short, a tail of long lists.
fn penalty_name(rng: &mut Rng, d: &Domain) -> String {
    let mut body = act_phrase(rng, d);
    let roll = rng.below(100);
    if (70..88).contains(&roll) {
        body.push_str(rng.pick::<&str>(AGGRAVATIONS));
    } else if roll >= 88 {
        // Long names list several acts: 对……、……或者……的行政处罚 (up to ~300 chars).
        let spread = if rng.chance(30) { 9 } else { 3 };
        let extra = 1 + rng.below(spread);
        for k in 0..extra {
            let sep = if k + 1 == extra { "，或者" } else { "；" };
            body.push_str(sep);
            body.push_str(rng.pick::<&str>(d.acts));
        }
    }
    let mut name = format!("对{}{}", body, rng.pick(PENALTY_SUFFIXES));
    if name.chars().count() > 300 {
        name = name.chars().take(290).collect::<String>() + "等行为的处罚";
    }
    name
}

fn item_name(rng: &mut Rng, d: &Domain, power: PowerType) -> String {
    match power {
        PowerType::Penalty => penalty_name(rng, d),
        PowerType::Inspection => match rng.below(3) {
            0 => format!("对{}的行政检查", rng.pick(d.objects_inspected)),
            1 => format!(
                "对{}遵守《{}》情况的监督检查",
                rng.pick(d.subjects),
                rng.pick(&law_names(d))
            ),
            _ => format!("对{}的监督检查", rng.pick(d.objects_inspected)),
        },
        PowerType::CoerciveMeasure => {
            format!("对{}的设施、工具、物品予以查封、扣押", act_phrase(rng, d))
        }
        PowerType::CoerciveExecution => {
            format!("对{}逾期不拆除的强制拆除", act_phrase(rng, d))
        }
        PowerType::Other => format!("对举报{}行为的奖励", rng.pick(d.acts)),
    }
}

fn law_names(d: &Domain) -> Vec<&'static str> {
    d.laws.iter().map(|l| l.0).collect()
}

fn power_type(rng: &mut Rng) -> PowerType {
    match rng.below(100) {
        0..=84 => PowerType::Penalty,
        85..=92 => PowerType::Inspection,
        93..=96 => PowerType::CoerciveMeasure,
        97..=98 => PowerType::CoerciveExecution,
        _ => PowerType::Other,
    }
}

fn provision(rng: &mut Rng, law: (&str, u32), text: String) -> Provision {
    Provision {
        law: law.0.to_string(),
        article: Some(1 + rng.below(law.1 as usize) as u32),
        paragraph: rng.chance(40).then(|| 1 + rng.below(3) as u32),
        item: rng.chance(20).then(|| 1 + rng.below(6) as u32),
        text,
    }
}

fn basis(rng: &mut Rng, d: &Domain, name: &str, fine: (i64, i64)) -> LegalBasis {
    let law = d.laws[rng.below(d.laws.len())];
    let core = name.trim_start_matches('对');
    let mut violated = vec![provision(rng, law, format!("禁止下列行为：{core}"))];
    if rng.chance(15) {
        let other = d.laws[rng.below(d.laws.len())];
        violated.push(provision(rng, other, String::new()));
    }
    let penalty = vec![provision(
        rng,
        law,
        format!("违反本条例规定的，由有关部门责令改正，处{}元以上{}元以下的罚款", fine.0, fine.1),
    )];
    LegalBasis { violated, penalty, text: String::new() }
}

fn scope(rng: &mut Rng) -> Vec<String> {
    if rng.chance(60) {
        return Vec::new();
    }
    let n = 1 + rng.below(4);
    let mut streets: Vec<String> = Vec::with_capacity(n);
    for _ in 0..n {
        let s = rng.pick(STREETS).to_string();
        if !streets.contains(&s) {
            streets.push(s);
        }
    }
    streets
}

fn tiers(rng: &mut Rng, fine: (i64, i64)) -> Vec<DiscretionTier> {
    if !rng.chance(30) {
        return Vec::new();
    }
    let step = (fine.1 - fine.0) / 3;
    TIERS
        .iter()
        .enumerate()
        .map(|(k, (name, cond))| {
            let lo = fine.0 + step * k as i64;
            let hi = if k == 2 { fine.1 } else { lo + step };
            DiscretionTier {
                name: name.to_string(),
                conditions: cond.to_string(),
                penalty_text: format!("处{lo}元以上{hi}元以下罚款"),
                fine_min: Some(lo),
                fine_max: Some(hi),
            }
        })
        .collect()
}

/// The 6 digits after the region: domain code + 4-digit serial (010001–099999) while the serial
/// fits, then 100000 + interleaved (serial, domain), which stays unique up to about 110 000 items
/// per region and domain (5 million items in all).
fn serial(slot: u32, domain_index: usize, domain_code: &str) -> u64 {
    let slot = u64::from(slot);
    if slot <= 9_999 {
        domain_code.parse::<u64>().unwrap_or(0) * 10_000 + slot
    } else {
        100_000 + (slot - 10_000) * DOMAINS.len() as u64 + domain_index as u64
    }
}

/// `n` items, deterministic for `seed`, codes unique.
pub fn generate_catalog(n: usize, seed: u64) -> Vec<CatalogItem> {
    let mut rng = Rng::new(seed ^ 0x5EED_CA7A_1061_0000);
    // Serial numbers per (region, domain) keep codes unique and shaped like real ones.
    let mut serials = vec![0u32; REGIONS.len() * DOMAINS.len()];
    (0..n)
        .map(|_| {
            let di = rng.below(DOMAINS.len());
            let d = &DOMAINS[di];
            let ri = rng.below(REGIONS.len());
            let slot = &mut serials[ri * DOMAINS.len() + di];
            *slot += 1;
            let code = format!("{}{:06}", REGIONS[ri], serial(*slot, di, d.code));
            let power = power_type(&mut rng);
            let name = item_name(&mut rng, d, power);
            let fine = FINES[rng.below(FINES.len())];
            let has_fine = power == PowerType::Penalty;
            let party_fines = if has_fine && rng.chance(20) {
                vec![
                    // Never below the minimum: the importer rejects an inverted range, and
                    // generated catalogs must import cleanly.
                    PartyFine {
                        party: PartyKind::Individual,
                        min: fine.0,
                        max: (fine.1 / 5).max(fine.0),
                    },
                    PartyFine { party: PartyKind::Organisation, min: fine.0 * 2, max: fine.1 },
                ]
            } else {
                Vec::new()
            };
            CatalogItem {
                code,
                basis: basis(&mut rng, d, &name, fine),
                name,
                power_type: power,
                domain: d.name.to_string(),
                department: rng.pick(d.departments).to_string(),
                transfer_mode: rng.pick(TRANSFER).to_string(),
                scope: scope(&mut rng),
                penalty_text: if has_fine {
                    format!("责令改正，处{}元以上{}元以下罚款", fine.0, fine.1)
                } else {
                    String::new()
                },
                fine_min: has_fine.then_some(fine.0),
                fine_max: has_fine.then_some(fine.1),
                party_fines,
                tiers: if has_fine { tiers(&mut rng, fine) } else { Vec::new() },
                remarks: String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use zhifa_catalog::search::{SearchDoc, SearchFilter, SearchIndex, Searcher};

    #[test]
    fn deterministic_unique_codes_and_realistic_names() {
        let a = generate_catalog(3000, 7);
        assert_eq!(a, generate_catalog(3000, 7));
        assert_ne!(a, generate_catalog(3000, 8));
        let codes: HashSet<&str> = a.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes.len(), a.len());
        assert!(a.iter().all(|i| i.code.len() == 12 && i.code.chars().all(|c| c.is_ascii_digit())));
        let lens: Vec<usize> = a.iter().map(|i| i.name.chars().count()).collect();
        assert!(lens.iter().all(|&l| (8..=300).contains(&l)), "{:?}", lens.iter().max());
        assert!(lens.iter().any(|&l| l > 100));
        let domains: HashSet<&str> = a.iter().map(|i| i.domain.as_str()).collect();
        assert!(domains.len() >= 8);
        assert!(a.iter().any(|i| i.name == "对擅自占用城市道路的行政处罚"));
        assert!(a.iter().all(|i| !i.basis.law_names().is_empty()));
    }

    #[test]
    fn serials_stay_unique_past_four_digits() {
        let mut seen = HashSet::new();
        for (di, d) in DOMAINS.iter().enumerate() {
            for slot in (1..=30_000).step_by(7).chain([9_999, 10_000, 10_001]) {
                let s = serial(slot, di, d.code);
                assert!(s <= 999_999);
                assert!(seen.insert(s), "{slot} {di}");
            }
        }
    }

    #[test]
    fn generated_catalog_is_searchable() {
        let items = generate_catalog(2000, 3);
        let index = SearchIndex::build(items.iter().map(SearchDoc::from_item).collect());
        let f = SearchFilter::default();
        for q in ["占用城市道路", "zydl", "垃圾分类", "城市道路管理条例", "330217", "ktv", "佔用"]
        {
            let hits = index.search(q, &f, 50);
            assert!(!hits.is_empty(), "{q}");
            // Pruning below the shown hits must not change which hits are shown.
            let unpruned = index.search(q, &f, usize::MAX);
            assert_eq!(hits[..], unpruned[..hits.len()], "{q}");
            let mut s = Searcher::new();
            let mut typed = String::new();
            for c in q.chars() {
                typed.push(c);
                assert_eq!(
                    s.search(&index, &typed, &f, 50),
                    index.search(&typed, &f, 50),
                    "{typed}"
                );
            }
        }
    }
}
