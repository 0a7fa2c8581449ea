//! The deadline table of `docs/DEADLINES.md`, made from [`RULES`] so the document cannot drift
//! from the code (`tests/deadline_table.rs` compares them).

use super::{Binds, DeadlineKind, Period, RULES};
use crate::calendar::DayCount;

/// Where a clock starts counting (the day itself not counted, 民事诉讼法 art. 85(2) and the
/// same convention in APL periods).
pub const fn starts(kind: DeadlineKind) -> &'static str {
    use DeadlineKind as K;
    match kind {
        K::Filing => "发现线索（受理）之日",
        K::Limitation | K::LimitationSerious => "违法行为发生之日（连续或继续状态的，终了之日）",
        K::PreservationDecision => "先行登记保存之日",
        K::SeizureTerm => "查封、扣押之日",
        K::HearingRequest => "告知之日",
        K::Decision => "立案之日",
        K::Service => "作出决定之日",
        K::Payment | K::ReviewPeriod | K::LawsuitPeriod => "决定书送达之日",
        K::EnforcementApplication => "复议、诉讼期限（或暂缓缴纳期限）届满之日",
        K::Statement => "告知之日",
        K::CollectionHandIn => "当场收缴罚款之日",
        K::ReminderWait => "催告书送达之日",
        K::Deferral => "批准暂缓或分期缴纳之日（至批准的截止日）",
    }
}

fn period_text(period: Period) -> (String, &'static str) {
    match period {
        Period::Days(n, DayCount::Working) => (format!("{n} 日"), "工作日"),
        Period::Days(n, DayCount::Natural) => (format!("{n} 日"), "自然日"),
        Period::Months(n) if n % 12 == 0 => (format!("{} 年", n / 12), "自然日（按月、年）"),
        Period::Months(n) => (format!("{n} 个月"), "自然日（按月、年）"),
    }
}

/// The table as Markdown: one row per clock.
pub fn markdown() -> String {
    let mut out = String::from(
        "| 期限 | kind | 期间 | 计日 | 起算 | 约束 | 末日遇休息日顺延 | 依据 |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for rule in RULES {
        let (length, count) = period_text(rule.period);
        let kind = serde_json::to_value(rule.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let binds = match rule.binds {
            Binds::Bureau => "执法机关",
            Binds::Party => "当事人",
        };
        let moves = if rule.ends_on_working_day { "是" } else { "否" };
        out.push_str(&format!(
            "| {} | `{kind}` | {length} | {count} | {} | {binds} | {moves} | {} |\n",
            rule.label_zh,
            starts(rule.kind),
            rule.basis
        ));
    }
    out
}
