//! The counting rules on hand-made records, and the report's totals against the lists on a
//! generated history.

use super::*;
use crate::calendar::WorkCalendar;
use crate::domain::case::{Case, NoPenaltyGround, Stage};
use crate::domain::case_file::CaseSource;
use crate::domain::catalog::PartyKind;
use crate::domain::penalty::Proposal;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn calendar() -> WorkCalendar {
    crate::calendar::shipped().unwrap_or_else(|e| panic!("shipped calendar: {e:?}"))
}

fn penalty(warning: bool, fine: Option<i64>) -> Proposal {
    Proposal {
        party: PartyKind::Individual,
        warning,
        fine,
        tier: None,
        tier_reason: String::new(),
        confiscation: Default::default(),
    }
}

/// A case filed and decided on the days given, with `penalty` (or none on `ground`).
fn decided(id: i64, team: &str, filed: &str, on: &str, penalty: Option<Proposal>) -> CaseFacts {
    let mut state = Case::lead(d(filed), d(filed));
    state.filed_on = Some(d(filed));
    state.decided_on = Some(d(on));
    state.stage = if penalty.is_some() { Stage::Decided } else { Stage::NoPenalty };
    state.no_penalty = penalty.is_none().then_some(NoPenaltyGround::FirstMinor);
    state.penalty = penalty;
    CaseFacts {
        id,
        team: team.to_string(),
        grid: None,
        domain: Some("市容环境卫生".to_string()),
        department: None,
        source: CaseSource::Patrol,
        state,
    }
}

fn report_of(cases: Vec<CaseFacts>, by: GroupBy) -> Report {
    let records = Records { cases, ..Records::default() };
    let period = Period { from: d("2026-11-01"), to: d("2026-11-30") };
    compute(&records, &Records::default(), period, by, d("2026-11-30"), &calendar())
}

fn value(report: &Report, key: &str) -> i64 {
    report.total_of(key).unwrap_or_else(|| panic!("no measure {key}")).value
}

#[test]
fn a_decision_with_a_fine_and_a_warning_counts_once_under_the_fine() {
    let report = report_of(
        vec![
            decided(1, "T1", "2026-10-01", "2026-11-10", Some(penalty(true, Some(500)))),
            decided(2, "T1", "2026-10-01", "2026-11-11", Some(penalty(true, None))),
            decided(3, "T1", "2026-10-01", "2026-11-12", None),
        ],
        GroupBy::Team,
    );
    assert_eq!(value(&report, "decided_penalty"), 2, "cases 1 and 2, each once");
    assert_eq!(value(&report, "decided_fine"), 1, "the heavier kind of case 1");
    assert_eq!(
        value(&report, "decided_warning"),
        1,
        "only case 2: case 1's warning is not counted"
    );
    assert_eq!(value(&report, "fines_imposed"), 500);
    assert_eq!(value(&report, "decided_no_penalty"), 1);
    assert_eq!(value(&report, "ground_first_minor"), 1);
    let fine = report.total_of("decided_fine").expect("fine");
    assert_eq!(fine.records, vec![RecordId::Case(1)], "the figure opens to its case");
}

#[test]
fn a_confiscation_ranks_above_the_fine_by_art_9_and_its_amount_is_summed() {
    // APL art. 9(2) lists 罚款、没收违法所得、没收非法财物 in that order: a decision with a fine
    // and a confiscation counts once, under the confiscation; the fine is still in 罚款金额.
    let mut both = penalty(false, Some(500));
    both.confiscation.gains = Some(1_200);
    let mut property = penalty(true, None);
    property.confiscation.property = "电子秤一台".into();
    let report = report_of(
        vec![
            decided(1, "T1", "2026-10-01", "2026-11-10", Some(both)),
            decided(2, "T1", "2026-10-01", "2026-11-11", Some(property)),
            decided(3, "T1", "2026-10-01", "2026-11-12", Some(penalty(false, Some(200)))),
        ],
        GroupBy::Team,
    );
    assert_eq!(value(&report, "decided_penalty"), 3);
    assert_eq!(value(&report, "decided_confiscation"), 2, "cases 1 and 2");
    assert_eq!(value(&report, "decided_fine"), 1, "case 3 only");
    assert_eq!(value(&report, "decided_warning"), 0, "case 2's warning is not its heaviest");
    assert_eq!(value(&report, "fines_imposed"), 700);
    assert_eq!(value(&report, "confiscated_gains"), 1_200);
    assert_eq!(value(&report, "confiscated_property"), 1);
    let taken = report.total_of("decided_confiscation").expect("measure");
    assert_eq!(taken.records, vec![RecordId::Case(1), RecordId::Case(2)]);
}

#[test]
fn confiscated_gains_collected_are_counted_apart_from_the_fine() {
    // "Fines and confiscations imposed and collected": gains paid in (`Step::CollectGains`)
    // count in 没收违法所得 已收缴 whether or not the fine was paid; a fine paid does not
    // make the gains collected.
    let mut paid_in = penalty(false, Some(500));
    paid_in.confiscation.gains = Some(1_200);
    let mut owed = penalty(false, Some(300));
    owed.confiscation.gains = Some(800);
    let mut first = decided(1, "T1", "2026-10-01", "2026-11-10", Some(paid_in));
    first.state.stage = Stage::Served;
    first.state.execution.gains_collected_on = Some(d("2026-11-20"));
    let mut second = decided(2, "T1", "2026-10-01", "2026-11-11", Some(owed));
    second.state.stage = Stage::Executed;
    let report = report_of(vec![first, second], GroupBy::Team);
    assert_eq!(value(&report, "confiscated_gains"), 2_000);
    assert_eq!(value(&report, "gains_collected"), 1_200, "case 1's gains only");
    assert_eq!(value(&report, "fines_collected"), 300, "case 2's fine only");
    let collected = report.total_of("gains_collected").expect("measure");
    assert_eq!(collected.records, vec![RecordId::Case(1)]);
    let i = report.measure("gains_collected").expect("measure");
    assert_eq!(report.measures[i].zh, "没收违法所得 已收缴（元）");
    assert_eq!(i, report.measure("confiscated_gains").expect("measure") + 1);
}

#[test]
fn decisions_count_by_the_day_of_the_decision() {
    let report = report_of(
        vec![
            decided(1, "T1", "2026-10-01", "2026-10-31", Some(penalty(false, Some(100)))),
            decided(2, "T1", "2026-10-01", "2026-11-01", Some(penalty(false, Some(100)))),
            decided(3, "T1", "2026-11-20", "2026-12-01", Some(penalty(false, Some(100)))),
        ],
        GroupBy::Team,
    );
    assert_eq!(
        report.total_of("decided_fine").map(|f| f.records.clone()),
        Some(vec![RecordId::Case(2)])
    );
}

#[test]
fn the_ninety_day_limit_of_art_60_judges_each_decision() {
    let report = report_of(
        vec![
            // Filed 2026-08-01: due 90 days later, 2026-10-30.
            decided(1, "T1", "2026-08-01", "2026-11-05", Some(penalty(false, Some(100)))),
            decided(2, "T1", "2026-09-01", "2026-11-05", Some(penalty(false, Some(100)))),
        ],
        GroupBy::Team,
    );
    assert_eq!(value(&report, "decided_late"), 1);
    assert_eq!(value(&report, "decided_days_late"), 6, "2026-10-30 to 2026-11-05");
    assert_eq!(value(&report, "decided_on_time"), 1);
    let rate = report.total_of("decided_on_time_rate").expect("rate");
    assert_eq!((rate.value, rate.of), (1, Some(2)));
    assert_eq!(rate.text(Unit::Percent), "50.0%");
}

#[test]
fn groups_are_ordered_by_code_never_by_fines() {
    // APL art. 74(3): fines are no assessment indicator; the team fining most comes where its
    // code puts it.
    let report = report_of(
        vec![
            decided(1, "T3", "2026-10-01", "2026-11-10", Some(penalty(false, Some(50_000)))),
            decided(2, "T1", "2026-10-01", "2026-11-10", Some(penalty(false, Some(100)))),
            decided(3, "T2", "2026-10-01", "2026-11-10", Some(penalty(false, Some(9_000)))),
        ],
        GroupBy::Team,
    );
    let keys: Vec<&str> = report.groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, vec!["T1", "T2", "T3"]);
    let fines = report.measure("fines_imposed").expect("fines");
    let amounts: Vec<i64> = report.groups.iter().map(|g| g.figures[fines].value).collect();
    assert_eq!(amounts, vec![100, 9_000, 50_000], "amounts shown as they are");
}

#[test]
fn months_group_by_the_day_each_figure_is_about_and_last_year_stands_beside() {
    let this_year = Records {
        cases: vec![decided(1, "T1", "2026-10-01", "2026-11-10", Some(penalty(false, Some(100))))],
        ..Records::default()
    };
    let last_year = Records {
        cases: vec![
            decided(7, "T1", "2025-10-01", "2025-11-03", Some(penalty(false, Some(100)))),
            decided(8, "T1", "2025-10-01", "2025-11-04", Some(penalty(true, None))),
        ],
        ..Records::default()
    };
    let period = Period { from: d("2026-11-01"), to: d("2026-11-30") };
    let report =
        compute(&this_year, &last_year, period, GroupBy::Month, d("2026-11-30"), &calendar());
    let keys: Vec<&str> = report.groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, vec!["2025-11", "2026-11"]);
    let i = report.measure("decided_penalty").expect("measure");
    assert_eq!(report.total.figures[i].value, 1);
    assert_eq!(report.total.last_year[i].as_ref().map(|f| f.value), Some(2));
    let overdue = report.measure("overdue_now").expect("measure");
    assert_eq!(report.total.last_year[overdue], None, "nothing was overdue 'now' a year ago");
}

#[test]
fn answered_in_time_is_judged_against_the_reply_date_and_only_once_due() {
    use crate::domain::ticket::Channel;
    let ticket = |id, due: &str, replied: Option<&str>, callback| TicketFacts {
        id,
        team: Some("T1".into()),
        channel: Channel::Hotline,
        received_on: d("2026-11-02"),
        reply_due: Some(d(due)),
        replied_on: replied.map(d),
        transferred: false,
        repeat: id == 4,
        callback,
        domain: (id < 3).then(|| "市容环境卫生".to_string()),
        department: (id == 1).then(|| "住房和城乡建设局".to_string()),
    };
    let records = Records {
        tickets: vec![
            ticket(1, "2026-11-10", Some("2026-11-09"), Some(true)),
            ticket(2, "2026-11-10", Some("2026-11-12"), Some(false)),
            ticket(3, "2026-11-20", None, None),
            ticket(4, "2026-12-05", None, None),
        ],
        ..Records::default()
    };
    let period = Period { from: d("2026-11-01"), to: d("2026-11-30") };
    let report =
        compute(&records, &Records::default(), period, GroupBy::Team, d("2026-11-30"), &calendar());
    assert_eq!(value(&report, "tickets_received"), 4);
    assert_eq!(value(&report, "tickets_due"), 3, "ticket 4 is not yet due");
    assert_eq!(value(&report, "tickets_in_time"), 1, "ticket 2 was answered late");
    let rate = report.total_of("tickets_in_time_rate").expect("rate");
    assert_eq!((rate.value, rate.of), (1, Some(3)));
    assert_eq!(value(&report, "tickets_repeats"), 1);
    let satisfaction = report.total_of("tickets_satisfaction_rate").expect("rate");
    assert_eq!((satisfaction.value, satisfaction.of), (1, Some(2)));
    // By category: the domain of the item recorded at intake, else 未归类; both listed after the
    // channels, named as the tables show them.
    assert_eq!(value(&report, "category_市容环境卫生"), 2);
    assert_eq!(value(&report, "category_unclassified"), 2);
    let i = report.measure("category_市容环境卫生").expect("measure");
    assert_eq!(report.measures[i].zh, "类别：市容环境卫生");
    assert!(i > report.measure("channel_other").expect("channels"), "after the channels");
    let by_domain = compute(
        &records,
        &Records::default(),
        period,
        GroupBy::Domain,
        d("2026-11-30"),
        &calendar(),
    );
    let keys: Vec<&str> = by_domain.groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, vec!["—", "市容环境卫生"], "complaints grouped by their item's domain");
    let by_department = compute(
        &records,
        &Records::default(),
        period,
        GroupBy::Department,
        d("2026-11-30"),
        &calendar(),
    );
    let received = |key: &str| {
        let group = by_department.groups.iter().find(|g| g.key == key).expect("group");
        group.figures[by_department.measure("tickets_received").expect("measure")].value
    };
    assert_eq!(
        (received("住房和城乡建设局"), received("—")),
        (1, 3),
        "complaints grouped by their item's department of origin"
    );
}

/// A station at the centre with these cases, its own names.
fn station(code: &str, cases: Vec<CaseFacts>) -> StationRecords {
    let mut names = std::collections::BTreeMap::new();
    names.insert("T1".to_string(), format!("{code}的一中队"));
    StationRecords {
        code: code.to_string(),
        name: format!("{code}站"),
        current: Records { cases, names, ..Records::default() },
        last_year: Records::default(),
        calendar: calendar(),
    }
}

#[test]
fn every_station_at_the_centre_counts_as_its_own_report_and_its_team_codes_stay_apart() {
    let period = Period { from: d("2026-11-01"), to: d("2026-11-30") };
    let today = d("2026-11-30");
    let gx = vec![decided(1, "T1", "2026-10-01", "2026-11-10", Some(penalty(false, Some(500))))];
    let qj = vec![
        decided(1, "T1", "2026-10-01", "2026-11-11", Some(penalty(true, None))),
        decided(2, "T1", "2026-10-01", "2026-11-12", None),
    ];
    let stations = [station("GX", gx.clone()), station("QJ", qj.clone())];
    let by_team = count_stations(&stations, period, GroupBy::Team, today);
    // Both stations have a T1: two groups, qualified and named by station.
    let keys: Vec<(&str, &str)> =
        by_team.groups.iter().map(|g| (g.key.as_str(), g.name.as_str())).collect();
    assert_eq!(keys, [("GX/T1", "GX GX的一中队"), ("QJ/T1", "QJ QJ的一中队")]);
    for key in ["decided_penalty", "decided_fine", "decided_warning", "decided_no_penalty"] {
        let own = value(&report_of(gx.clone(), GroupBy::Team), key)
            + value(&report_of(qj.clone(), GroupBy::Team), key);
        assert_eq!(value(&by_team, key), own, "{key}");
    }
    assert_eq!(value(&by_team, "fines_imposed"), 500);
    // By station: each station's total; by domain: the county's, not qualified.
    let by_station = count_stations(&stations, period, GroupBy::Station, today);
    let split: Vec<(&str, &str, i64)> = by_station
        .groups
        .iter()
        .map(|g| {
            (
                g.key.as_str(),
                g.name.as_str(),
                g.figures[by_station.measure("decided_penalty").unwrap_or(0)].value,
            )
        })
        .collect();
    assert_eq!(split, [("GX", "GX站", 1), ("QJ", "QJ站", 1)]);
    let by_domain = count_stations(&stations, period, GroupBy::Domain, today);
    let domains: Vec<&str> = by_domain.groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(domains, ["市容环境卫生"]);
    // A station's own records have no station to group by.
    let local = report_of(gx, GroupBy::Station);
    let keys: Vec<&str> = local.groups.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, [UNGROUPED]);
}

#[test]
fn what_the_centre_is_sent_of_a_case_keeps_no_free_text() {
    let mut case = decided(1, "T1", "2026-10-01", "2026-11-10", Some(penalty(false, Some(500))));
    if let Some(p) = &mut case.state.penalty {
        p.tier_reason = "当事人张三系初次违法，主动改正".to_string();
        p.confiscation.property = "张三的三轮车一辆".to_string();
    }
    let sent = case.without_texts();
    let p = sent.state.penalty.as_ref().unwrap_or_else(|| panic!("penalty"));
    assert_eq!(p.tier_reason, "");
    assert_eq!(p.confiscation.property, "（略）", "that there was property, not what");
    assert_eq!(p.fine, Some(500));
}

#[test]
fn over_every_station_the_groupings_go_round_through_by_station() {
    let mut by = GroupBy::Team;
    let mut seen = Vec::new();
    for _ in 0..GroupBy::ALL.len() + 1 {
        by = by.next_at_centre();
        seen.push(by);
    }
    assert_eq!(by, GroupBy::Team, "{seen:?}");
    for g in GroupBy::ALL {
        assert!(seen.contains(&g), "{g:?} in {seen:?}");
    }
    assert!(seen.contains(&GroupBy::Station));
    // A station's own tab never reaches it.
    assert!(GroupBy::ALL.iter().all(|g| g.next() != GroupBy::Station));
}
