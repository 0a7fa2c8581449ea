//! `zhifa bench documents`: one decision made (fill, layout, PDF), its first issue (number,
//! make, record in one transaction), and a dossier of 15 documents (a case's documents with its
//! several inquiry and inspection records), on a demo database in memory.

use crate::documents::{self, DocKind, DossierEntry};
use crate::domain::actor::Actor;
use crate::domain::case::Step;
use crate::domain::case_file::{CaseRules, CaseSource, NewCase, Party};
use crate::domain::catalog::PartyKind;
use crate::domain::penalty::{HearingThresholds, Proposal};
use crate::paperwork::Desk;
use crate::store::{password, Store};
use anyhow::{anyhow, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::time::Instant;

#[derive(Debug, Serialize)]
struct Figures {
    runs: usize,
    decision_make_ms_median: f64,
    decision_make_ms_max: f64,
    decision_issue_ms: f64,
    decision_pdf_bytes: usize,
    decision_pages: usize,
    dossier_documents: usize,
    dossier_ms_median: f64,
    dossier_ms_max: f64,
    dossier_pdf_bytes: usize,
    dossier_pages: usize,
}

fn day(text: &str) -> Result<NaiveDate> {
    text.parse().map_err(|e| anyhow!("{text}: {e}"))
}

pub fn run(runs: usize) -> Result<i32> {
    let runs = runs.max(1);
    let now: DateTime<Utc> = "2026-12-20T02:00:00Z".parse()?;
    let (mut store, case_id) = served_case(now)?;
    let case = store.case(case_id)?.ok_or_else(|| anyhow!("case"))?;
    let casework = crate::config::Casework::default();
    let mut desk = Desk::open(&store, case, &casework, day("2026-12-20")?)?;
    let who = store.authenticate(&Actor::new("bench", "bench", 0), now, "QJ1001", "100100")?;

    let started = Instant::now();
    let decision = desk
        .obtain(&mut store, Some(&who), now, DocKind::Decision)?
        .ok_or_else(|| anyhow!("decision not issued"))?;
    let issue_ms = ms(started);
    let mut make_ms = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let made = documents::make(&decision.doc)?;
        make_ms.push(ms(started));
        if made.pdf != decision.made.pdf {
            return Err(anyhow!("the same decision made different bytes"));
        }
    }

    // A dossier of 15: each document the case has, and more records of inquiry and inspection
    // (cases take several statements).
    let mut entries = Vec::new();
    for kind in desk.available_kinds() {
        let obtained =
            desk.obtain(&mut store, Some(&who), now, kind)?.ok_or_else(|| anyhow!("{kind:?}"))?;
        entries.push(DossierEntry {
            label: kind.label_zh().into(),
            number: obtained.record.number.clone().unwrap_or_default(),
            doc: obtained.doc,
        });
    }
    let extra: Vec<_> = entries
        .iter()
        .filter(|e| e.label.contains("笔录"))
        .map(|e| DossierEntry {
            label: e.label.clone(),
            number: e.number.clone(),
            doc: e.doc.clone(),
        })
        .collect();
    for e in extra.iter().cycle().take(15usize.saturating_sub(entries.len())) {
        entries.push(DossierEntry {
            label: e.label.clone(),
            number: e.number.clone(),
            doc: e.doc.clone(),
        });
    }
    let cover = decision.doc.clone();
    let mut dossier_ms = Vec::new();
    let mut dossier = None;
    for _ in 0..runs.min(10) {
        let started = Instant::now();
        dossier = Some(documents::make_dossier(cover.clone(), &entries, "BENC-H000")?);
        dossier_ms.push(ms(started));
    }
    let dossier = dossier.ok_or_else(|| anyhow!("no dossier"))?;
    let figures = Figures {
        runs,
        decision_make_ms_median: median(&mut make_ms),
        decision_make_ms_max: make_ms.iter().copied().fold(0.0, f64::max),
        decision_issue_ms: issue_ms,
        decision_pdf_bytes: decision.made.pdf.len(),
        decision_pages: decision.made.pages,
        dossier_documents: entries.len(),
        dossier_ms_median: median(&mut dossier_ms),
        dossier_ms_max: dossier_ms.iter().copied().fold(0.0, f64::max),
        dossier_pdf_bytes: dossier.pdf.len(),
        dossier_pages: dossier.pages,
    };
    println!(
        "decision: made in {:.1} ms (median of {runs}, max {:.1}), first issue {:.1} ms, {} pages, {} bytes",
        figures.decision_make_ms_median,
        figures.decision_make_ms_max,
        figures.decision_issue_ms,
        figures.decision_pages,
        figures.decision_pdf_bytes
    );
    println!(
        "dossier of {} documents: {:.1} ms (median, max {:.1}), {} pages, {} bytes",
        figures.dossier_documents,
        figures.dossier_ms_median,
        figures.dossier_ms_max,
        figures.dossier_pages,
        figures.dossier_pdf_bytes
    );
    println!("{}", serde_json::to_string(&figures)?);
    Ok(0)
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// A demo database in memory with one case served (after a notice with the hearing right and a
/// hearing) and unpaid: every document but the closing form is due.
fn served_case(now: DateTime<Utc>) -> Result<(Store, i64)> {
    let mut store = Store::open_in_memory()?;
    store.set_password_cost(password::FAST_FOR_TESTS);
    let actor = Actor::new("system:bench", "bench", 0);
    crate::demo::seed_demo(&mut store, &actor, now)?;
    crate::demo::seed_demo_officers(&mut store, &actor, now)?;
    let calendar = crate::calendar::shipped()?;
    let mut rules = CaseRules::defaults(&calendar);
    let low = HearingThresholds::same(400, 4_000);
    rules.hearing.by_domain.insert("市容环境卫生".into(), low);
    let origin = Actor::new("bench", "bench", 0);
    let officer = store.authenticate(&origin, now, "QJ1001", "100100")?;
    let head = store.authenticate(&origin, now, "QJ0100", "010100")?;
    let reviewer = store.authenticate(&origin, now, "QJ4001", "400100")?;
    let new = NewCase {
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路文昌阁旁".into(),
        grid: Some("QX01-01".into()),
        facts: "当事人在人行道上设摊经营水果，占用人行道约六平方米，经现场劝导后仍未撤离。".into(),
        act_on: day("2026-11-01")?,
        lead_on: day("2026-11-20")?,
        serious: false,
        items: vec!["330217101001".into()],
        parties: vec![Party {
            kind: PartyKind::Individual,
            name: "赵某某".into(),
            id_number: "11010519491231002X".into(),
            contact: "13900000000".into(),
        }],
        legal_review_required: false,
        finding: None,
    };
    let case = store.open_case(&officer, now, &new)?;
    let proposal = Proposal {
        party: PartyKind::Individual,
        warning: false,
        fine: Some(450),
        tier: Some("从重".into()),
        tier_reason: "两年内再次违法".into(),
        confiscation: Default::default(),
    };
    let opinion = |text: &str| text.to_string();
    // The head approves and decides (APL art. 57); after the hearing the legal reviewer
    // reviews (art. 58(1)(2)) and the heads discuss the case (art. 57(2)).
    let steps = [
        (&officer, Step::RequestFiling),
        (&head, Step::ApproveFiling { on: day("2026-11-20")?, opinion: opinion("同意立案") }),
        (&officer, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()])),
        (&officer, Step::ProposePenalty(proposal)),
        (&officer, Step::GiveNotice { on: day("2026-11-23")?, hearing_right: true }),
        (&officer, Step::RequestHearing { on: day("2026-11-24")? }),
        (&officer, Step::NotifyHearing { on: day("2026-11-24")?, held_on: day("2026-12-03")? }),
        (&officer, Step::HoldHearing { on: day("2026-12-03")?, record: opinion("当事人到场申辩") }),
        (&officer, Step::SubmitLegalReview),
        (&reviewer, Step::PassLegalReview { on: day("2026-12-03")?, opinion: opinion("合法") }),
        (&head, Step::CollectiveDiscussion { on: day("2026-12-03")?, conclusion: opinion("同意") }),
        (
            &head,
            Step::Decide {
                on: day("2026-12-03")?,
                penalty: true,
                ground: None,
                educated: false,
                opinion: opinion("同意"),
            },
        ),
        (&officer, Step::Serve { on: day("2026-12-03")? }),
    ];
    for (who, step) in steps {
        store.take_step(who, now, case.id, &step, &rules)?;
    }
    Ok((store, case.id))
}
