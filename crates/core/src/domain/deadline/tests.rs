//! Each statutory period with the article it comes from, on the shipped 2025–2026 calendar.

use super::*;
use crate::calendar::shipped;
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_else(|e| panic!("test date {s}: {e}"))
}

fn calendar() -> WorkCalendar {
    shipped().unwrap_or_else(|e| panic!("calendar: {e}"))
}

fn due(
    kind: DeadlineKind,
    start: &str,
    adjustments: &[Adjustment],
) -> Result<NaiveDate, CalendarGap> {
    due_date(&kind.rule(), day(start), adjustments, &calendar())
}

#[test]
fn rules_are_in_kind_order() {
    for (i, rule) in RULES.iter().enumerate() {
        assert_eq!(rule.kind as usize, i, "{:?}", rule.kind);
        assert_eq!(rule.kind.rule(), *rule);
    }
}

#[test]
fn art_60_decision_within_90_days_of_filing() {
    assert_eq!(due(K::Decision, "2026-03-02", &[]), Ok(day("2026-05-31")));
    // A lawful suspension (e.g. 20 days of expert appraisal) moves the limit by 20 days.
    let appraisal = Adjustment::Suspension { from: day("2026-04-01"), to: day("2026-04-21") };
    assert_eq!(due(K::Decision, "2026-03-02", &[appraisal]), Ok(day("2026-06-20")));
    // An approved extension of 30 days.
    assert_eq!(due(K::Decision, "2026-03-02", &[Adjustment::Extension(30)]), Ok(day("2026-06-30")));
}

#[test]
fn art_64_hearing_request_within_5_working_days_of_the_notice() {
    // Notice on Wednesday 30 September 2026: National Day week off, Saturday 10 October worked.
    assert_eq!(due(K::HearingRequest, "2026-09-30", &[]), Ok(day("2026-10-13")));
}

#[test]
fn art_56_and_61_seven_working_days() {
    // Spring Festival 2026: 14 Feb (Sat) worked, 15–23 Feb off, 28 Feb (Sat) worked.
    // From Thursday 12 Feb: 13, 14 (worked Saturday), 24, 25, 26, 27, 28 (worked Saturday).
    assert_eq!(due(K::PreservationDecision, "2026-02-12", &[]), Ok(day("2026-02-28")));
    assert_eq!(due(K::Service, "2026-11-24", &[]), Ok(day("2026-12-03")));
    // A suspension of working-day clocks counts working days: 2 working days stood still.
    let stood = Adjustment::Suspension { from: day("2026-11-25"), to: day("2026-11-27") };
    assert_eq!(due(K::Service, "2026-11-24", &[stood]), Ok(day("2026-12-07")));
}

#[test]
fn art_67_payment_art_72_surcharge_capped_at_the_fine() {
    assert_eq!(due(K::Payment, "2026-11-24", &[]), Ok(day("2026-12-09")));
    assert_eq!(late_surcharge_fen(200, 1), 600, "3% of 200 yuan = 6 yuan");
    assert_eq!(late_surcharge_fen(150, 1), 450, "4.50 yuan, exact in fen");
    assert_eq!(late_surcharge_fen(200, 40), 20_000, "never more than the fine");
    assert_eq!(late_surcharge_fen(200, 0), 0);
}

#[test]
fn art_36_limitation_and_appeal_periods_in_months_and_days() {
    assert_eq!(due(K::Limitation, "2024-02-29", &[]), Ok(day("2026-02-28")), "no 29 Feb in 2026");
    assert_eq!(due(K::LimitationSerious, "2021-06-30", &[]), Ok(day("2026-06-30")));
    // 6 months from 31 August end on Sunday 28 February 2027: Monday 1 March (民事诉讼法 art.
    // 85(3) via 行政诉讼法 art. 101); 60 days from 24 November on Saturday 23 January: Monday 25
    // January (via 行政复议法 art. 88).
    assert_eq!(due(K::LawsuitPeriod, "2026-08-31", &[]), Ok(day("2027-03-01")));
    assert_eq!(due(K::ReviewPeriod, "2026-11-24", &[]), Ok(day("2027-01-25")));
    assert_eq!(
        due(K::SeizureTerm, "2026-11-24", &[Adjustment::Extension(30)]),
        Ok(day("2027-01-23"))
    );
}

#[test]
fn a_working_day_period_into_an_unknown_year_is_flagged() {
    assert_eq!(due(K::Service, "2035-12-28", &[]), Err(CalendarGap(2036)));
    assert_eq!(due(K::Decision, "2035-12-28", &[]), Ok(day("2036-03-27")), "natural days go on");
    let official = crate::calendar::shipped_official().expect("shipped");
    let service = due_date(&K::Service.rule(), day("2026-12-28"), &[], &official);
    assert_eq!(service, Err(CalendarGap(2027)), "without the provisional years");
}

#[test]
fn on_a_provisional_year_the_bureau_gets_the_earliest_and_the_party_the_latest_end() {
    // 2027 has no notice: 1 January is off (《全国年节及纪念日放假办法》 art. 2(1)); the weekend
    // of 2–3 January and Monday 4 January may be moved by the notice (art. 6, 7). From Monday
    // 28 December 2026:
    // service of the decision, 7 working days (APL art. 61), the bureau's: 29, 30, 31, then
    // 2–5 January counted as working (the notice cannot make it later);
    assert_eq!(K::Service.rule().binds, Binds::Bureau);
    assert_eq!(due(K::Service, "2026-12-28", &[]), Ok(day("2027-01-05")));
    // the hearing request, 5 working days (APL art. 64(1)), the party's: 29, 30, 31, then
    // Monday 4 January uncertain, so Tuesday 5 and Wednesday 6 January.
    assert_eq!(K::HearingRequest.rule().binds, Binds::Party);
    assert_eq!(due(K::HearingRequest, "2026-12-28", &[]), Ok(day("2027-01-06")));
    // A suspension of a party's period counts the uncertain days it stood as working (more
    // days added back), of the bureau's as off (fewer).
    let stood = [Adjustment::Suspension { from: day("2027-01-01"), to: day("2027-01-05") }];
    // The bureau's: only Tuesday 5 January surely stood, one day more.
    assert_eq!(due(K::Service, "2026-12-28", &stood), Ok(day("2027-01-06")));
    // 2–5 January stood: 4 days more after the 6th: 7, 8, 11 and 12 January.
    assert_eq!(due(K::HearingRequest, "2026-12-28", &stood), Ok(day("2027-01-12")));
}

#[test]
fn review_and_suit_periods_ending_on_a_day_off_end_on_the_next_working_day() {
    // 行政复议法 art. 88(1) and 行政诉讼法 art. 101 count these periods by 民事诉讼法 art. 85(3):
    // "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期".
    assert!(CIVIL_PERIOD_END.contains("以法定休假日后的第一日为期间届满的日期"));
    let moving: Vec<DeadlineKind> =
        RULES.iter().filter(|r| r.ends_on_working_day).map(|r| r.kind).collect();
    assert_eq!(moving, [K::ReviewPeriod, K::LawsuitPeriod]);
    // 60 days from 2 August 2026 end on Thursday 1 October, in National Day (1–7 October off,
    // Saturday 10 October worked): the review period ends on Thursday 8 October.
    assert_eq!(due(K::ReviewPeriod, "2026-08-02", &[]), Ok(day("2026-10-08")));
    // 6 months from 4 April 2026 end on Sunday 4 October: also Thursday 8 October.
    assert_eq!(due(K::LawsuitPeriod, "2026-04-04", &[]), Ok(day("2026-10-08")));
    // A last day on a make-up working day stays: 60 days from 11 August end on Saturday 10
    // October, worked in 2026.
    assert_eq!(due(K::ReviewPeriod, "2026-08-11", &[]), Ok(day("2026-10-10")));
    // APL periods do not move: payment (art. 67) ends on its day even on a weekend.
    assert_eq!(due(K::Payment, "2026-11-07", &[]), Ok(day("2026-11-22")), "a Sunday");
    // On a provisional year a party's period takes the later bound: 60 days from 5 December
    // 2026 end on Wednesday 3 February 2027, a weekday that may be bridged to 春节 (除夕 5
    // February): the party is given until the first sure working day, Tuesday 16 February.
    assert_eq!(due(K::ReviewPeriod, "2026-12-05", &[]), Ok(day("2027-02-16")));
}

#[test]
fn whose_period_each_clock_is() {
    // The party's periods: APL art. 64(1) hearing, art. 67 payment, 行政复议法 art. 20,
    // 行政诉讼法 art. 46, and the waits for the party: its statement and defence (APL arts. 44–45),
    // the reminder's ten days (行政强制法 art. 54), a deferral (APL art. 66); every other clock
    // binds the bureau.
    let party: Vec<DeadlineKind> =
        RULES.iter().filter(|r| r.binds == Binds::Party).map(|r| r.kind).collect();
    assert_eq!(
        party,
        [
            K::HearingRequest,
            K::Payment,
            K::ReviewPeriod,
            K::LawsuitPeriod,
            K::Statement,
            K::ReminderWait,
            K::Deferral
        ]
    );
}

#[test]
fn status_counts_days_left_and_overdue() {
    let due = day("2026-11-30");
    assert_eq!(status(due, day("2026-11-24"), 3), DueStatus::Pending(6));
    assert_eq!(status(due, day("2026-11-28"), 3), DueStatus::DueSoon(2));
    assert_eq!(status(due, day("2026-11-30"), 3), DueStatus::DueSoon(0));
    assert_eq!(status(due, day("2026-12-02"), 3), DueStatus::Overdue(2));
}

#[test]
fn every_basis_names_an_article_that_exists_in_the_law() {
    let dir = std::path::Path::new("../shared/law");
    if !dir.exists() {
        eprintln!("skipped: ../shared/law is not here");
        return;
    }
    let files: Vec<std::path::PathBuf> =
        std::fs::read_dir(dir).expect("law dir").filter_map(|e| e.ok().map(|e| e.path())).collect();
    for rule in RULES {
        let (law, rest) = rule.basis.trim_start_matches('《').split_once('》').expect("《law》");
        let article = rest.split('条').next().expect("article").to_string() + "条";
        let file = files
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(law)))
            .unwrap_or_else(|| panic!("{law} is not in ../shared/law"));
        let text = std::fs::read_to_string(file).expect("read");
        assert!(text.lines().any(|l| l.starts_with(&format!("{article} "))), "{law} {article}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Suspensions and extensions only ever push a deadline later, never earlier.
    #[test]
    fn adjustments_never_shorten_a_period(offset in 0u64..500, kind in 0usize..12, stop in 0u64..40, len in 0u64..30, extra in 0u32..20) {
        let rule = RULES[kind];
        let start = day("2025-01-01") + chrono::Days::new(offset);
        let from = start + chrono::Days::new(stop);
        let to = from + chrono::Days::new(len);
        let c = calendar();
        let plain = due_date(&rule, start, &[], &c);
        let adjusted = due_date(&rule, start, &[Adjustment::Suspension { from, to }, Adjustment::Extension(extra)], &c);
        if let (Ok(plain), Ok(adjusted)) = (plain, adjusted) {
            prop_assert!(adjusted >= plain, "{:?}", rule.kind);
            prop_assert!(plain > start);
        }
    }
}

#[test]
fn each_english_basis_cites_the_articles_the_chinese_one_does() {
    use crate::i18n::Lang;
    for rule in RULES {
        let kind = rule.kind;
        let (zh, en) = (kind.basis(Lang::Zh), kind.basis(Lang::En));
        let numbers: Vec<u32> =
            en.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
        assert!(!numbers.is_empty(), "{kind:?}: {en}");
        for n in numbers {
            let cited = crate::text::numerals::to_chinese(n);
            assert!(zh.contains(&cited), "{kind:?}: {en} cites {n}, {zh} does not");
        }
        assert!(!en.chars().any(|c| c > '\u{2fff}'), "{kind:?}: {en}");
    }
}
