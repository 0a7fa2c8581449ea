//! The figures a bureau reports (统计): patrols, complaints, cases, decisions, the statutory
//! clocks and certificates, for a period and by team, grid, domain, department of origin,
//! officer or month, beside the same period a year earlier. Pure: the store reads the period's
//! records ([`Records`], `store/report.rs`), this module counts them.
//!
//! Every figure carries the records it counts ([`RecordId`]), so a figure can always be opened
//! to the work behind it: a report counts recorded work, nothing else.
//!
//! Fine amounts are shown, never used to order or rank: fines may not be tied, directly or in
//! disguise, to the assessment of the authority or its staff (《行政处罚法》第七十四条第三款). Groups
//! are always ordered by their code (team, grid, badge, month), whatever their figures.

mod compute;
mod measure;
mod period;
mod records;

pub use compute::{compute, count, count_stations, StationRecords, UNGROUPED};
pub use measure::{
    category_key, measures, measures_for, table_of, Measure, Table, Unit, UNCLASSIFIED,
};
pub use period::{Period, PeriodKind};
pub use records::{
    CaseFacts, CountedRow, FindingFacts, OfficerFacts, PatrolFacts, Records, ReinspectionFacts,
    TicketFacts,
};

use crate::i18n::Lang;
use serde::Serialize;

/// What the groups are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    #[default]
    Team,
    Grid,
    Domain,
    Department,
    Officer,
    Month,
    /// By station: at the centre only (`zhifa --central URL report --by station`); a station's
    /// own records are all its own.
    Station,
}

impl GroupBy {
    pub const ALL: [GroupBy; 6] = [
        GroupBy::Team,
        GroupBy::Grid,
        GroupBy::Domain,
        GroupBy::Department,
        GroupBy::Officer,
        GroupBy::Month,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            GroupBy::Team => lang.pick("中队", "team"),
            GroupBy::Grid => lang.pick("网格", "grid"),
            GroupBy::Domain => lang.pick("领域", "domain"),
            GroupBy::Department => lang.pick("原主管部门", "department of origin"),
            GroupBy::Officer => lang.pick("执法人员", "officer"),
            GroupBy::Month => lang.pick("月份", "month"),
            GroupBy::Station => lang.pick("站点", "station"),
        }
    }

    /// The grouping after this one (the 统计 tab cycles through them; [`GroupBy::Station`] is
    /// the centre's and not among them).
    pub fn next(self) -> GroupBy {
        let at = GroupBy::ALL.iter().position(|g| *g == self).unwrap_or(0);
        GroupBy::ALL[(at + 1) % GroupBy::ALL.len()]
    }

    /// The grouping after this one over every station (the 统计 tab's 全局 scope): a
    /// station's groupings, then by station.
    pub fn next_at_centre(self) -> GroupBy {
        match self {
            GroupBy::Month => GroupBy::Station,
            GroupBy::Station => GroupBy::Team,
            other => other.next(),
        }
    }
}

/// A record behind a figure.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordId {
    Patrol(i64),
    /// A finding: (patrol, finding number).
    Finding(i64, i64),
    Ticket(i64),
    Case(i64),
    /// An officer by badge number.
    Officer(String),
}

impl std::fmt::Display for RecordId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordId::Patrol(id) => write!(f, "patrol:{id}"),
            RecordId::Finding(patrol, seq) => write!(f, "finding:{patrol}/{seq}"),
            RecordId::Ticket(id) => write!(f, "ticket:{id}"),
            RecordId::Case(id) => write!(f, "case:{id}"),
            RecordId::Officer(badge) => write!(f, "officer:{badge}"),
        }
    }
}

impl Serialize for RecordId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One figure: a count or an amount, or for a rate its numerator over `of`; with the records
/// counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Figure {
    pub value: i64,
    /// The denominator of a rate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<i64>,
    pub records: Vec<RecordId>,
}

impl Figure {
    /// The figure as a number: a count, yuan or days, or a rate in per cent (none when nothing
    /// was there to count).
    pub fn number(&self, unit: Unit) -> Option<f64> {
        match (unit, self.of) {
            (Unit::Percent, Some(0) | None) => None,
            (Unit::Percent, Some(of)) => Some(self.value as f64 * 100.0 / of as f64),
            _ => Some(self.value as f64),
        }
    }

    /// The figure as shown in a table.
    pub fn text(&self, unit: Unit) -> String {
        match (unit, self.number(unit)) {
            (Unit::Percent, Some(p)) => format!("{p:.1}%"),
            (Unit::Percent, None) => "—".to_string(),
            _ => self.value.to_string(),
        }
    }
}

/// The figures of one group (or of all): one per measure, in [`measures`] order, and the same a
/// year earlier (`None` where a figure has no earlier counterpart, such as what is overdue now).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: String,
    pub name: String,
    pub figures: Vec<Figure>,
    pub last_year: Vec<Option<Figure>>,
}

impl Group {
    /// The group as shown: its name, "total" for the total, "none" for records without the
    /// dimension grouped by.
    pub fn label(&self, lang: Lang) -> &str {
        match self.key.as_str() {
            "" => lang.pick("合计", "total"),
            UNGROUPED => lang.pick("（未分）", "(none)"),
            _ => &self.name,
        }
    }
}

/// A report: the period, the grouping, the groups in order of their key, and the total (each
/// record counted once, though it may count in several groups: a patrol over two grids, a case
/// with two investigators).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub period: Period,
    pub last_year: Period,
    pub by: GroupBy,
    /// The day "overdue now" was judged on.
    pub today: chrono::NaiveDate,
    pub measures: Vec<Measure>,
    pub groups: Vec<Group>,
    pub total: Group,
}

impl Report {
    /// The index of the measure with this key.
    pub fn measure(&self, key: &str) -> Option<usize> {
        self.measures.iter().position(|m| m.key == key)
    }

    /// The total's figure for the measure with this key.
    pub fn total_of(&self, key: &str) -> Option<&Figure> {
        self.measure(key).map(|i| &self.total.figures[i])
    }
}

#[cfg(test)]
mod tests;
