//! Catalog versions and the rule that decides which one is in force.
//!
//! The version in force at a date is the one with the latest effective date on or before it.
//! Effective dates are unique (the schema enforces it), so a new version ends the old one exactly
//! when it starts: no gap, no overlap, and old versions stay readable forever.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// Row id of a catalog version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct VersionId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogVersion {
    pub id: VersionId,
    /// e.g. 2025年下半年版.
    pub label: String,
    /// 批准文号, e.g. 深城管规〔2023〕2号.
    pub doc_no: String,
    /// The first day on which this version is in force (China Standard Time).
    pub effective: NaiveDate,
    pub source_name: String,
    pub source_sha256: String,
    pub imported_by: String,
    pub imported_at: DateTime<Utc>,
    pub item_count: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// 现行: the version in force today.
    InForce,
    /// 待生效: effective date still ahead.
    Scheduled,
    /// 已废止: replaced by a later version that is in force.
    Superseded,
}

impl VersionStatus {
    pub fn label_zh(self) -> &'static str {
        match self {
            VersionStatus::InForce => "现行",
            VersionStatus::Scheduled => "待生效",
            VersionStatus::Superseded => "已被替代",
        }
    }
}

/// Index of the version in force on `day`, among `versions` in any order.
pub fn in_force_on(versions: &[CatalogVersion], day: NaiveDate) -> Option<usize> {
    versions
        .iter()
        .enumerate()
        .filter(|(_, v)| v.effective <= day)
        .max_by_key(|(_, v)| v.effective)
        .map(|(i, _)| i)
}

/// Status of every version on `day`, in the order given.
pub fn statuses_on(versions: &[CatalogVersion], day: NaiveDate) -> Vec<VersionStatus> {
    let current = in_force_on(versions, day);
    (0..versions.len())
        .map(|i| {
            if Some(i) == current {
                VersionStatus::InForce
            } else if versions[i].effective > day {
                VersionStatus::Scheduled
            } else {
                VersionStatus::Superseded
            }
        })
        .collect()
}

/// The day after which `versions[index]` stops being in force (its successor's effective date),
/// or `None` while no later version is known.
pub fn ends_on(versions: &[CatalogVersion], index: usize) -> Option<NaiveDate> {
    let start = versions.get(index)?.effective;
    versions.iter().map(|v| v.effective).filter(|d| *d > start).min()
}

/// Why a new version may not take effect on the date asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EffectiveDateError {
    #[error(
        "effective date {asked} is not after {latest}, the effective date of version “{label}”: \
         versions follow each other in time, none may start inside another's period"
    )]
    NotAfterLatest { asked: NaiveDate, latest: NaiveDate, label: String },
    #[error(
        "effective date {asked} is in the past (today is {today}): version “{label}” was in force \
         then, and a catalog must not change retroactively under cases already filed"
    )]
    Retroactive { asked: NaiveDate, today: NaiveDate, label: String },
}

impl EffectiveDateError {
    pub fn message_zh(&self) -> String {
        match self {
            Self::NotAfterLatest { asked, latest, label } => format!(
                "生效日期 {asked} 不晚于版本“{label}”的生效日期 {latest}：各版本按时间先后衔接，\
                 不能在另一版本的施行期内开始"
            ),
            Self::Retroactive { asked, today, label } => format!(
                "生效日期 {asked} 已过（今天是 {today}）：当时施行的是版本“{label}”，\
                 目录不得溯及既往地改变已立案件的依据"
            ),
        }
    }
}

/// A new version must start after every existing one, and not before today unless it is the very
/// first catalog (loading a county's existing catalog into an empty database is not retroactive).
pub fn check_new_effective(
    existing: &[CatalogVersion],
    asked: NaiveDate,
    today: NaiveDate,
) -> Result<(), EffectiveDateError> {
    let Some(latest) = existing.iter().max_by_key(|v| v.effective) else {
        return Ok(());
    };
    if asked <= latest.effective {
        return Err(EffectiveDateError::NotAfterLatest {
            asked,
            latest: latest.effective,
            label: latest.label.clone(),
        });
    }
    if asked < today {
        let label =
            in_force_on(existing, asked).map(|i| existing[i].label.clone()).unwrap_or_default();
        return Err(EffectiveDateError::Retroactive { asked, today, label });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(id: i64, effective: &str) -> CatalogVersion {
        CatalogVersion {
            id: VersionId(id),
            label: format!("v{id}"),
            doc_no: String::new(),
            effective: effective.parse().unwrap_or_default(),
            source_name: String::new(),
            source_sha256: String::new(),
            imported_by: String::new(),
            imported_at: DateTime::<Utc>::default(),
            item_count: 0,
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn latest_effective_on_or_before_the_day_is_in_force() {
        let vs = [version(1, "2025-01-01"), version(3, "2026-07-01"), version(2, "2025-07-01")];
        assert_eq!(in_force_on(&vs, day("2024-12-31")), None);
        assert_eq!(in_force_on(&vs, day("2025-01-01")), Some(0));
        assert_eq!(in_force_on(&vs, day("2025-06-30")), Some(0));
        assert_eq!(in_force_on(&vs, day("2025-07-01")), Some(2));
        assert_eq!(in_force_on(&vs, day("2026-07-01")), Some(1));
    }

    #[test]
    fn statuses_mark_scheduled_and_superseded() {
        let vs = [version(1, "2025-01-01"), version(2, "2025-07-01"), version(3, "2026-12-01")];
        let s = statuses_on(&vs, day("2026-11-24"));
        assert_eq!(
            s,
            vec![VersionStatus::Superseded, VersionStatus::InForce, VersionStatus::Scheduled]
        );
    }

    #[test]
    fn new_versions_follow_in_time_and_never_retroactively() {
        let vs = [version(1, "2025-01-01"), version(2, "2025-07-01")];
        let today = day("2026-11-24");
        assert!(check_new_effective(&[], day("2020-01-01"), today).is_ok());
        assert!(check_new_effective(&vs, day("2026-11-24"), today).is_ok());
        assert!(check_new_effective(&vs, day("2027-01-01"), today).is_ok());
        assert!(matches!(
            check_new_effective(&vs, day("2025-07-01"), today),
            Err(EffectiveDateError::NotAfterLatest { .. })
        ));
        assert!(matches!(
            check_new_effective(&vs, day("2026-01-01"), today),
            Err(EffectiveDateError::Retroactive { .. })
        ));
    }

    #[test]
    fn a_version_ends_exactly_when_its_successor_starts() {
        let vs = [version(1, "2025-01-01"), version(2, "2025-07-01")];
        assert_eq!(ends_on(&vs, 0), Some(day("2025-07-01")));
        assert_eq!(ends_on(&vs, 1), None);
    }
}
