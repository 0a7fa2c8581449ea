//! Patrols (巡查) and their findings.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatrolKind {
    /// 日常巡查
    Daily,
    /// 专项整治
    Campaign,
    /// 联合巡查
    Joint,
    /// 夜间巡查
    Night,
    /// 双随机抽查
    Random,
    /// 重大活动保障
    Event,
}

impl PatrolKind {
    pub const ALL: [PatrolKind; 6] = [
        PatrolKind::Daily,
        PatrolKind::Campaign,
        PatrolKind::Joint,
        PatrolKind::Night,
        PatrolKind::Random,
        PatrolKind::Event,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PatrolKind::Daily => "daily",
            PatrolKind::Campaign => "campaign",
            PatrolKind::Joint => "joint",
            PatrolKind::Night => "night",
            PatrolKind::Random => "random",
            PatrolKind::Event => "event",
        }
    }

    pub fn from_key(key: &str) -> Option<PatrolKind> {
        PatrolKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            PatrolKind::Daily => "日常巡查",
            PatrolKind::Campaign => "专项整治",
            PatrolKind::Joint => "联合巡查",
            PatrolKind::Night => "夜间巡查",
            PatrolKind::Random => "双随机抽查",
            PatrolKind::Event => "重大活动保障",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PatrolKind::Daily => "daily patrol",
            PatrolKind::Campaign => "campaign",
            PatrolKind::Joint => "joint patrol",
            PatrolKind::Night => "night patrol",
            PatrolKind::Random => "random inspection",
            PatrolKind::Event => "event duty",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.label_en())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PatrolStatus {
    Planned,
    Underway,
    Finished,
    SignedOff,
}

impl PatrolStatus {
    pub fn key(self) -> &'static str {
        match self {
            PatrolStatus::Planned => "planned",
            PatrolStatus::Underway => "underway",
            PatrolStatus::Finished => "finished",
            PatrolStatus::SignedOff => "signed_off",
        }
    }

    pub fn from_key(key: &str) -> Option<PatrolStatus> {
        [
            PatrolStatus::Planned,
            PatrolStatus::Underway,
            PatrolStatus::Finished,
            PatrolStatus::SignedOff,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            PatrolStatus::Planned => "计划",
            PatrolStatus::Underway => "进行中",
            PatrolStatus::Finished => "已完成",
            PatrolStatus::SignedOff => "已审签",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            PatrolStatus::Planned => "planned",
            PatrolStatus::Underway => "underway",
            PatrolStatus::Finished => "finished",
            PatrolStatus::SignedOff => "signed off",
        }
    }

    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.label_en())
    }
}

/// A patrol to plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPatrol {
    pub team: String,
    pub kind: PatrolKind,
    pub grids: Vec<String>,
    pub route: String,
    /// Badge numbers of the officers on it.
    pub officers: Vec<String>,
    pub planned_start: NaiveDateTime,
    pub planned_end: NaiveDateTime,
    /// The complaint this patrol was planned to look into.
    pub ticket: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Patrol {
    pub id: i64,
    pub team: String,
    pub kind: PatrolKind,
    pub grids: Vec<String>,
    pub route: String,
    pub officers: Vec<String>,
    pub planned_start: NaiveDateTime,
    pub planned_end: NaiveDateTime,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub status: PatrolStatus,
    pub summary: String,
    pub signed_off_by: Option<String>,
    /// The complaint this patrol was planned to look into.
    pub ticket: Option<i64>,
}

/// What was done about a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingAction {
    NoProblem,
    /// 劝导
    Education,
    /// 当场改正
    Corrected,
    /// 责令限期改正, with the day of the re-inspection.
    Order {
        by: NaiveDate,
    },
    /// 简易程序处罚
    SimplePenalty,
    /// 立案
    Case,
    /// 移送其他部门或公安、司法机关
    Transfer,
}

impl FindingAction {
    pub fn key(&self) -> &'static str {
        match self {
            FindingAction::NoProblem => "no_problem",
            FindingAction::Education => "education",
            FindingAction::Corrected => "corrected",
            FindingAction::Order { .. } => "order",
            FindingAction::SimplePenalty => "simple_penalty",
            FindingAction::Case => "case",
            FindingAction::Transfer => "transfer",
        }
    }
}

/// An evidence file registered with its digest (the file itself stays where it is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub name: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub at: NaiveDateTime,
    pub place: String,
    pub grid: Option<String>,
    /// The catalog item suspected, found by the catalog search.
    pub item: String,
    pub description: String,
    pub evidence: Vec<Evidence>,
    pub action: FindingAction,
    /// The order to correct (patrol, finding number) this finding re-inspects.
    pub reinspects: Option<(i64, i64)>,
}

/// An order to correct (责令限期改正) whose day has come or will soon: a re-inspection to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reinspection {
    pub patrol: i64,
    pub seq: i64,
    pub team: String,
    pub place: String,
    pub grid: Option<String>,
    pub item: String,
    pub description: String,
    /// The day the correction was due: the re-inspection is due from then.
    pub due: NaiveDate,
}
