//! Properties of reading work forms back ([`super::parse`]): whatever is typed in whichever
//! fields of whichever form, the answer is a command or a reason that names one of the form's
//! fields; dates, times, fines and day counts typed correctly (also in full width) are read
//! exactly; impossible dates and times are refused naming their field.

use super::forms::*;
use super::parse::command;
use super::{Ctx, MenuEntry, Outcome, TaskState};
use crate::fixtures::officer;
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use zhifa_app::command::Command;
use zhifa_catalog::search::SearchIndex;
use zhifa_core::domain::case::Step;
use zhifa_core::domain::deadline::Adjustment;
use zhifa_core::domain::officer::{Role, Team};
use zhifa_core::domain::patrol::Reinspection;
use zhifa_core::i18n::Lang;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default()
}

/// Runs `check` with a team leader's context (every form is open to them), in `lang`.
fn with_ctx<R>(lang: Lang, check: impl FnOnce(&Ctx) -> R) -> R {
    let leader = officer("QJ3001", "陈队长", Role::TeamLeader);
    let teams = [Team { code: "QX01".into(), name: "青溪中队".into(), brigade: None }];
    let index = SearchIndex::build(Vec::new());
    let due = Reinspection {
        patrol: 3,
        seq: 1,
        team: "QX01".into(),
        place: "滨江路".into(),
        grid: None,
        item: String::new(),
        description: "占道".into(),
        due: today(),
    };
    let reinspections = [due];
    let mut locked = leader.clone();
    (locked.badge, locked.name, locked.locked) = ("QJ0199".into(), "欧阳锁定".into(), true);
    let locked = [locked];
    let ctx = Ctx {
        officer: &leader,
        today: today(),
        now: None,
        teams: &teams,
        index: &index,
        tickets: &[],
        reinspections: &reinspections,
        locked: &locked,
        lang,
    };
    check(&ctx)
}

/// The steps whose forms ask something.
const ASKING_STEPS: [StepKind; 14] = [
    StepKind::ApproveFiling,
    StepKind::GiveNotice,
    StepKind::RequestHearing,
    StepKind::Decide,
    StepKind::DecideNoPenalty,
    StepKind::Serve,
    StepKind::PreserveEvidence,
    StepKind::Seize,
    StepKind::ExtendSeizure,
    StepKind::NotifyHearing,
    StepKind::AssignInvestigators,
    StepKind::ProposePenalty,
    StepKind::Suspend,
    StepKind::Extend,
];

fn step_form(kind: StepKind, ctx: &Ctx) -> TaskState {
    match chosen(MenuEntry::Step(1, kind), ctx) {
        Outcome::Replace(task) => *task,
        other => panic!("{kind:?} asks nothing: {other:?}"),
    }
}

fn menu_form(entry: MenuEntry, ctx: &Ctx) -> TaskState {
    match chosen(entry.clone(), ctx) {
        Outcome::Replace(task) => *task,
        other => panic!("{entry:?} opens no form: {other:?}"),
    }
}

/// Every form an officer fills in.
fn every_form(ctx: &Ctx) -> Vec<TaskState> {
    let mut forms = vec![
        finding_form(7, ctx),
        case_form(CaseDraft::default(), false, ctx),
        case_form(CaseDraft::default(), true, ctx),
        plan_form(ctx, None),
        ticket_form(ctx.lang),
        team_form(),
        unlock_form(ctx.locked),
    ];
    forms.extend(ASKING_STEPS.iter().map(|kind| step_form(*kind, ctx)));
    for entry in [
        MenuEntry::FinishPatrol(1),
        MenuEntry::AssignTicket(1),
        MenuEntry::ReplyTicket(1),
        MenuEntry::Callback(1),
        MenuEntry::TransferTicket(1),
        MenuEntry::LinkTicket(1),
    ] {
        forms.push(menu_form(entry, ctx));
    }
    forms
}

/// `2026-11-24`, `2026-11-24 09:40`, `09:40`, numbers, words, blanks: what people type.
fn typing() -> impl Strategy<Value = String> {
    prop_oneof![
        date_text().prop_map(|(d, _)| d),
        (date_text(), 0_u32..24, 0_u32..60).prop_map(|((d, _), h, m)| format!("{d} {h:02}:{m:02}")),
        (0_u32..30, 0_u32..70).prop_map(|(h, m)| format!("{h:02}:{m:02}")),
        any::<i64>().prop_map(|n| n.to_string()),
        impossible_date(),
        Just(String::new()),
        "[ \u{3000}]{1,3}",
        "\\PC{0,12}",
        "[0-9０-９:：\\-－#＃ ]{0,12}",
    ]
}

/// A real day (1900–2100) as `YYYY-MM-DD`, in ASCII or in full width, with stray spaces.
fn date_text() -> impl Strategy<Value = (String, NaiveDate)> {
    (1900_i32..2100, 1_u32..366, any::<bool>(), "[ \u{3000}]{0,2}").prop_map(
        |(y, ordinal, wide, pad)| {
            let day = NaiveDate::from_yo_opt(y, ordinal).unwrap_or_default();
            let text = day.format("%Y-%m-%d").to_string();
            let text = if wide { widen(&text) } else { text };
            (format!("{pad}{text}{pad}"), day)
        },
    )
}

fn widen(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' | '-' | ':' | '#' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// Days that do not exist and forms that are not `YYYY-MM-DD`.
fn impossible_date() -> impl Strategy<Value = String> {
    (2000_i32..2100, 1_u32..13, 0_u8..6).prop_map(|(y, m, how)| {
        let last =
            (28..=31).rev().find(|d| NaiveDate::from_ymd_opt(y, m, *d).is_some()).unwrap_or(28);
        match how {
            0 => format!("{y}-{m:02}-{:02}", last + 1),
            1 => format!("{y}-13-{m:02}"),
            2 => format!("{y}-{m:02}-00"),
            3 => format!("{y}/{m:02}/01"),
            4 => format!("{y}年{m}月1日"),
            _ => format!("01-{m:02}-{y}"),
        }
    })
}

/// What the form says when field `index` cannot be read, in the context's language.
fn label(task: &TaskState, index: usize, lang: Lang) -> String {
    let field = &task.form.fields[index];
    lang.pick(field.label.0, field.label.1).to_string()
}

fn names_a_field(task: &TaskState, message: &str, lang: Lang) -> bool {
    (0..task.form.fields.len()).any(|i| {
        let head = format!("「{}」", label(task, i, lang));
        message.starts_with(&head) && message.len() > head.len()
    })
}

/// The step a dated step form records for `on`.
fn dated_step(kind: StepKind, on: NaiveDate) -> Option<Step> {
    use StepKind as K;
    Some(match kind {
        K::ApproveFiling => Step::ApproveFiling { on, opinion: "同意立案".into() },
        K::GiveNotice => Step::GiveNotice { on, hearing_right: false },
        K::RequestHearing => Step::RequestHearing { on },
        K::Decide => Step::Decide {
            on,
            penalty: true,
            ground: None,
            educated: false,
            opinion: String::new(),
        },
        K::DecideNoPenalty => Step::Decide {
            on,
            penalty: false,
            ground: Some(zhifa_core::domain::case::NoPenaltyGround::Minor),
            educated: true,
            opinion: String::new(),
        },
        K::Serve => Step::Serve { on },
        K::PreserveEvidence => Step::PreserveEvidence { on },
        K::Seize => Step::Seize { on },
        _ => return None,
    })
}

fn taken_step(task: &TaskState, ctx: &Ctx) -> Result<Step, TestCaseError> {
    match command(task, ctx) {
        Ok(Command::TakeStep { step, .. }) => Ok(step),
        other => Err(TestCaseError::fail(format!("not a step: {other:?}"))),
    }
}

proptest! {
    #![proptest_config(config(3000))]

    /// Anything typed into any fields (choices chosen among their offers) of any form: a
    /// command, or a reason that starts by naming one of the form's fields.
    #[test]
    fn any_typing_gives_a_command_or_names_a_field(
        which in any::<prop::sample::Index>(),
        values in prop::collection::vec((typing(), any::<prop::sample::Index>()), 16),
        english in any::<bool>(),
    ) {
        let lang = if english { Lang::En } else { Lang::Zh };
        with_ctx(lang, |ctx| {
            let forms = every_form(ctx);
            let mut task = forms[which.index(forms.len())].clone();
            for (i, (text, choice)) in values.iter().enumerate().take(task.form.fields.len()) {
                let offered = task.form.fields[i].choices.clone();
                let value = if offered.is_empty() { text.clone() } else { choice.get(&offered).clone() };
                task.form.set(i, &value);
            }
            if let Err(message) = command(&task, ctx) {
                prop_assert!(names_a_field(&task, &message, lang), "{:?}: {}", task.kind, message);
            }
            Ok(())
        })?;
    }

    /// A real day typed into a dated step's form is the day recorded; a day that does not
    /// exist, or another form of date, is refused naming the date field.
    #[test]
    fn dates_are_read_exactly_or_refused_by_name(
        kind in prop::sample::select(ASKING_STEPS[..8].to_vec()),
        (text, day) in date_text(),
        wrong in impossible_date(),
    ) {
        with_ctx(Lang::Zh, |ctx| {
            let mut task = step_form(kind, ctx);
            task.form.set(0, &text);
            prop_assert_eq!(Some(taken_step(&task, ctx)?), dated_step(kind, day), "{:?}", text);
            task.form.set(0, &wrong);
            let refusal = command(&task, ctx).err().unwrap_or_default();
            prop_assert_eq!(refusal, "「日期」须为日期，如 2026-11-24", "{:?}", wrong);
            Ok(())
        })?;
    }

    /// Suspension dates, hearing dates, a patrol's planned times and a finding's time of day
    /// are read exactly as typed.
    #[test]
    fn periods_and_times_are_read_exactly(
        (from_text, from) in date_text(), (to_text, to) in date_text(),
        hour in 0_u32..24, minute in 0_u32..60, wide in any::<bool>(),
    ) {
        with_ctx(Lang::Zh, |ctx| {
            let mut suspend = step_form(StepKind::Suspend, ctx);
            suspend.form.set(0, &from_text);
            suspend.form.set(1, &to_text);
            prop_assert_eq!(taken_step(&suspend, ctx)?, Step::AdjustDecisionLimit(Adjustment::Suspension { from, to }));
            let mut hearing = step_form(StepKind::NotifyHearing, ctx);
            hearing.form.set(0, &from_text);
            hearing.form.set(1, &to_text);
            prop_assert_eq!(taken_step(&hearing, ctx)?, Step::NotifyHearing { on: from, held_on: to });

            let clock = format!("{hour:02}:{minute:02}");
            let clock_typed = if wide { widen(&clock) } else { clock.clone() };
            let start = NaiveDateTime::parse_from_str(&format!("{from} {clock}"), "%Y-%m-%d %H:%M")
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut plan = plan_form(ctx, None);
            plan.form.set_of(PLAN_OFFICERS, "QJ3001");
            plan.form.set_of(PLAN_START, &format!("{} {clock_typed}", from_text.trim()));
            let Ok(Command::PlanPatrol(patrol)) = command(&plan, ctx) else {
                return Err(TestCaseError::fail(format!("no patrol from {:?}", plan.form.value_of(PLAN_START))));
            };
            prop_assert_eq!(patrol.planned_start, start);

            let mut finding = finding_form(7, ctx);
            finding.form.set(0, &clock_typed);
            finding.form.set_of(FINDING_PLACE, "滨江路");
            finding.form.set_of(FINDING_DESCRIPTION, "占道");
            let Ok(Command::RecordFinding { at, .. }) = command(&finding, ctx) else {
                return Err(TestCaseError::fail(format!("no finding at {clock_typed:?}")));
            };
            prop_assert_eq!(at, Some(today().and_time(start.time())));
            Ok(())
        })?;
    }

    /// Hours and minutes that do not exist are refused naming the time field.
    #[test]
    fn impossible_times_are_refused_by_name(
        (hour, minute) in prop_oneof![(24_u32..100, 0_u32..60), (0_u32..24, 60_u32..100)],
    ) {
        with_ctx(Lang::Zh, |ctx| {
            let mut finding = finding_form(7, ctx);
            finding.form.set(0, &format!("{hour:02}:{minute:02}"));
            let refusal = command(&finding, ctx).err().unwrap_or_default();
            prop_assert!(refusal.starts_with("「时间（空=现在）」"), "{}", refusal);
            let mut plan = plan_form(ctx, None);
            plan.form.set_of(PLAN_OFFICERS, "QJ3001");
            plan.form.set_of(PLAN_END, &format!("{} {hour:02}:{minute:02}", today()));
            let refusal = command(&plan, ctx).err().unwrap_or_default();
            prop_assert_eq!(refusal, "「计划结束」须为时间，如 2026-11-24 09:00");
            Ok(())
        })?;
    }

    /// A fine typed as a whole number (ASCII or full width) is the fine proposed; day counts
    /// above zero are the days added; anything else is refused naming the field.
    #[test]
    fn fines_and_day_counts_are_read_exactly_or_refused(
        fine in any::<i64>(), days in 0_u32..100_000, wide in any::<bool>(), junk in "[^0-9０-９\\s]{1,6}",
    ) {
        let write = |n: String| if wide { widen(&n) } else { n };
        with_ctx(Lang::Zh, |ctx| {
            let mut propose = step_form(StepKind::ProposePenalty, ctx);
            propose.form.set(2, &write(fine.to_string()));
            let Step::ProposePenalty(proposal) = taken_step(&propose, ctx)? else {
                return Err(TestCaseError::fail("not a proposal"));
            };
            prop_assert_eq!(proposal.fine, Some(fine));
            propose.form.set(2, &format!("{fine}{junk}"));
            prop_assert_eq!(command(&propose, ctx).err().unwrap_or_default(), "「罚款（元）」须为整数（元）");

            let mut extend = step_form(StepKind::Extend, ctx);
            extend.form.set(0, &write(days.to_string()));
            match command(&extend, ctx) {
                Ok(Command::TakeStep { step, .. }) => {
                    prop_assert_eq!(step, Step::AdjustDecisionLimit(Adjustment::Extension(days)));
                }
                other => {
                    prop_assert_eq!(days, 0, "{:?}", other);
                    prop_assert_eq!(other.err().unwrap_or_default(), "「延长天数」须为正整数");
                }
            }
            Ok(())
        })?;
    }
}

#[test]
fn full_width_typing_is_written_as_an_input_method_does() {
    assert_eq!(widen("2026-11-24 09:40"), "２０２６－１１－２４ ０９：４０");
}
