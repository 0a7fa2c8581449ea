//! What a report counts: each measure with its table, its key (stable, for JSON and tests), its
//! Chinese and English headers and its unit. The order here is the order of every output.

use crate::domain::case::{NoPenaltyGround, Stage};
use crate::domain::case_file::CaseSource;
use crate::domain::ticket::Channel;
use crate::i18n::Lang;
use serde::Serialize;

/// The tables of a report (a sheet each in the XLSX export).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    Patrols,
    Tickets,
    Cases,
    Decisions,
    Clocks,
    Officers,
}

impl Table {
    pub const ALL: [Table; 6] = [
        Table::Patrols,
        Table::Tickets,
        Table::Cases,
        Table::Decisions,
        Table::Clocks,
        Table::Officers,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Table::Patrols => lang.pick("巡查", "patrols"),
            Table::Tickets => lang.pick("投诉举报", "complaints"),
            Table::Cases => lang.pick("案件", "cases"),
            Table::Decisions => lang.pick("处罚决定", "decisions"),
            Table::Clocks => lang.pick("办案时限", "statutory clocks"),
            Table::Officers => lang.pick("执法人员", "officers"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Yuan,
    Days,
    Percent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measure {
    pub table: Table,
    pub key: String,
    pub zh: String,
    pub en: String,
    pub unit: Unit,
    /// Whether the same period a year earlier means anything (what is overdue now does not).
    pub compared: bool,
}

impl Measure {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// Finding actions by key, with their names (the keys of `FindingAction::key`).
pub const FINDING_ACTIONS: [(&str, &str, &str); 7] = [
    ("no_problem", "未发现问题", "no problem"),
    ("education", "劝导教育", "educated"),
    ("corrected", "当场改正", "corrected on the spot"),
    ("order", "责令限期改正", "ordered to correct"),
    ("simple_penalty", "简易程序处罚", "simple-procedure penalty"),
    ("case", "立案", "case opened"),
    ("transfer", "移送", "transferred"),
];

/// Every measure, in order, with no complaint category but 未归类 (what a report of no
/// complaints shows; [`measures_for`] adds those the records have).
pub fn measures() -> Vec<Measure> {
    measures_for(&[])
}

/// The key of the measure counting complaints of `domain` (the domain, 执法领域, of the catalog
/// item recorded at intake), or of none: 未归类.
pub fn category_key(domain: Option<&str>) -> String {
    match domain.map(str::trim).filter(|d| !d.is_empty()) {
        Some(domain) => format!("{CATEGORY}{domain}"),
        None => UNCLASSIFIED.to_string(),
    }
}

/// The prefix of the complaint categories' keys.
pub const CATEGORY: &str = "category_";
/// The key of complaints no catalog item matched.
pub const UNCLASSIFIED: &str = "category_unclassified";

/// The table of the measure with this key (a complaint category's too).
pub fn table_of(key: &str) -> Option<Table> {
    if key.starts_with(CATEGORY) {
        return Some(Table::Tickets);
    }
    measures().into_iter().find(|m| m.key == key).map(|m| m.table)
}

/// Every measure, in order, with a complaint category for each domain in `categories` (in the
/// order given: the report sorts them by name, never by any figure) and 未归类 last.
pub fn measures_for(categories: &[String]) -> Vec<Measure> {
    let mut all = Vec::new();
    let mut add = |table, key: String, zh: String, en: String, unit| {
        all.push(Measure { table, key, zh, en, unit, compared: true });
    };
    use Table as T;
    use Unit as U;
    let s = |t: &str| t.to_string();
    add(T::Patrols, s("patrols_planned"), s("计划巡查"), s("planned"), U::Count);
    add(T::Patrols, s("patrols_done"), s("完成巡查"), s("done"), U::Count);
    add(T::Patrols, s("patrols_signed_off"), s("已审签"), s("signed off"), U::Count);
    add(T::Patrols, s("findings"), s("发现问题"), s("findings"), U::Count);
    for (key, zh, en) in FINDING_ACTIONS {
        add(
            T::Patrols,
            format!("finding_{key}"),
            format!("处置：{zh}"),
            format!("action: {en}"),
            U::Count,
        );
    }
    add(T::Patrols, s("reinspections_due"), s("应复查"), s("re-inspections due"), U::Count);
    add(T::Patrols, s("reinspections_done"), s("已复查"), s("re-inspected"), U::Count);
    add(
        T::Patrols,
        s("reinspections_overdue"),
        s("逾期未复查"),
        s("re-inspections overdue"),
        U::Count,
    );

    add(T::Tickets, s("tickets_received"), s("受理"), s("received"), U::Count);
    for channel in CHANNELS {
        let key = format!("channel_{}", channel.key());
        add(
            T::Tickets,
            key,
            format!("渠道：{}", channel.label_zh()),
            format!("via {}", channel.key()),
            U::Count,
        );
    }
    for domain in categories {
        add(
            T::Tickets,
            category_key(Some(domain)),
            format!("类别：{domain}"),
            format!("category: {domain}"),
            U::Count,
        );
    }
    add(T::Tickets, s(UNCLASSIFIED), s("类别：未归类"), s("category: unclassified"), U::Count);
    add(T::Tickets, s("tickets_due"), s("应已答复"), s("due for a reply"), U::Count);
    add(T::Tickets, s("tickets_replied"), s("已答复"), s("replied"), U::Count);
    add(T::Tickets, s("tickets_in_time"), s("按期答复"), s("replied in time"), U::Count);
    add(
        T::Tickets,
        s("tickets_in_time_rate"),
        s("按期答复率"),
        s("replied in time, rate"),
        U::Percent,
    );
    add(T::Tickets, s("tickets_transferred"), s("转办"), s("transferred"), U::Count);
    add(T::Tickets, s("tickets_repeats"), s("重复件"), s("repeats"), U::Count);
    add(T::Tickets, s("tickets_callbacks"), s("回访"), s("callbacks"), U::Count);
    add(T::Tickets, s("tickets_satisfied"), s("满意"), s("satisfied"), U::Count);
    add(
        T::Tickets,
        s("tickets_satisfaction_rate"),
        s("满意率"),
        s("satisfaction rate"),
        U::Percent,
    );

    add(T::Cases, s("cases_opened"), s("新增案件"), s("opened"), U::Count);
    for source in CaseSource::ALL {
        let key = format!("source_{}", source.key());
        add(
            T::Cases,
            key,
            format!("来源：{}", source.label_zh()),
            format!("from {}", source.key()),
            U::Count,
        );
    }
    add(T::Cases, s("procedure_ordinary"), s("普通程序"), s("ordinary procedure"), U::Count);
    add(T::Cases, s("procedure_simple"), s("简易程序"), s("simple procedure"), U::Count);
    for stage in Stage::ALL {
        let key = format!("stage_{}", stage.key());
        add(
            T::Cases,
            key,
            format!("现处：{}", stage.label_zh()),
            format!("now {}", stage.label_en()),
            U::Count,
        );
    }

    add(T::Decisions, s("decided_penalty"), s("作出处罚决定"), s("penalty decisions"), U::Count);
    add(T::Decisions, s("decided_fine"), s("罚款"), s("fine"), U::Count);
    add(T::Decisions, s("decided_warning"), s("警告"), s("warning"), U::Count);
    add(T::Decisions, s("decided_confiscation"), s("没收"), s("confiscation"), U::Count);
    add(T::Decisions, s("decided_no_penalty"), s("不予处罚"), s("no penalty"), U::Count);
    for ground in NoPenaltyGround::ALL {
        let key = format!("ground_{}", ground.key());
        add(
            T::Decisions,
            key,
            format!("不予处罚：{}", ground_short_zh(ground)),
            format!("no penalty: {}", ground.key()),
            U::Count,
        );
    }
    add(T::Decisions, s("fines_imposed"), s("罚款金额（元）"), s("fines imposed (yuan)"), U::Yuan);
    add(
        T::Decisions,
        s("fines_collected"),
        s("已执行罚款（元）"),
        s("fines collected (yuan)"),
        U::Yuan,
    );
    add(
        T::Decisions,
        s("confiscated_gains"),
        s("没收违法所得（元）"),
        s("illegal gains confiscated (yuan)"),
        U::Yuan,
    );
    add(
        T::Decisions,
        s("gains_collected"),
        s("没收违法所得 已收缴（元）"),
        s("confiscated gains collected (yuan)"),
        U::Yuan,
    );
    add(
        T::Decisions,
        s("confiscated_property"),
        s("没收非法财物（件）"),
        s("decisions confiscating illegal property"),
        U::Count,
    );

    add(T::Clocks, s("decided_on_time"), s("90日内作出决定"), s("decided in time"), U::Count);
    add(T::Clocks, s("decided_late"), s("超期作出决定"), s("decided late"), U::Count);
    add(
        T::Clocks,
        s("decided_on_time_rate"),
        s("按期决定率"),
        s("decided in time, rate"),
        U::Percent,
    );
    add(T::Clocks, s("decided_days_late"), s("决定超期天数合计"), s("days late deciding"), U::Days);
    add(T::Clocks, s("served_on_time"), s("7个工作日内送达"), s("served in time"), U::Count);
    add(T::Clocks, s("served_late"), s("超期送达"), s("served late"), U::Count);
    add(
        T::Clocks,
        s("served_on_time_rate"),
        s("按期送达率"),
        s("served in time, rate"),
        U::Percent,
    );
    add(T::Clocks, s("clock_uncounted"), s("无日历未计"), s("no calendar to count"), U::Count);
    add(T::Clocks, s("overdue_now"), s("当前逾期案件"), s("overdue now"), U::Count);
    add(T::Clocks, s("overdue_days"), s("当前逾期天数合计"), s("days overdue now"), U::Days);

    add(T::Officers, s("officers"), s("执法人员"), s("officers"), U::Count);
    add(T::Officers, s("certified"), s("持证"), s("certified"), U::Count);
    add(T::Officers, s("certified_rate"), s("持证率"), s("certificate rate"), U::Percent);
    for m in &mut all {
        m.compared = !matches!(m.key.as_str(), "overdue_now" | "overdue_days");
    }
    all
}

pub const CHANNELS: [Channel; 5] =
    [Channel::Hotline, Channel::DigitalCity, Channel::Superior, Channel::WalkIn, Channel::Other];

/// The ground in a column header's few words (the full label names the article).
fn ground_short_zh(ground: NoPenaltyGround) -> &'static str {
    match ground {
        NoPenaltyGround::Minor => "轻微及时改正",
        NoPenaltyGround::FirstMinor => "首违轻微",
        NoPenaltyGround::NoFault => "无主观过错",
        NoPenaltyGround::Minor14 => "不满十四周岁",
        NoPenaltyGround::Incapable => "不能辨认控制",
        NoPenaltyGround::NotEstablished => "事实不成立",
        NoPenaltyGround::Limitation => "超过时效",
    }
}

/// The rates and what they divide: (rate, numerator, denominator measures).
pub const RATES: [(&str, &str, &[&str]); 5] = [
    ("tickets_in_time_rate", "tickets_in_time", &["tickets_due"]),
    ("tickets_satisfaction_rate", "tickets_satisfied", &["tickets_callbacks"]),
    ("decided_on_time_rate", "decided_on_time", &["decided_on_time", "decided_late"]),
    ("served_on_time_rate", "served_on_time", &["served_on_time", "served_late"]),
    ("certified_rate", "certified", &["officers"]),
];
