//! Enforcement documents as a reader gets them: cases taken through the procedure in the store,
//! then `zhifa doc …` run on the same file. Each PDF is read back with `pdftotext` (poppler-utils;
//! skipped with a message where it is absent) and must hold every part the law requires
//! (APL arts. 44, 59, 63–64; 行政强制法 art. 35); every box and glyph lies on the page; printing
//! again gives the same bytes; `doc check` knows its own documents and nothing else.

mod common;

use chrono::{DateTime, NaiveDate, Utc};
use common::ok;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zhifa::calendar::shipped;
use zhifa::demo::{seed_demo, seed_demo_officers};
use zhifa::documents::font::Metrics;
use zhifa::documents::layout::{lay_out, BOTTOM, LEFT, PAGE_H, RIGHT};
use zhifa::documents::DocKind;
use zhifa::domain::actor::Actor;
use zhifa::domain::case::Step;
use zhifa::domain::case_file::{CaseRecord, CaseRules, CaseSource, NewCase, Party};
use zhifa::domain::catalog::PartyKind;
use zhifa::domain::patrol::{Evidence, Finding, FindingAction, NewPatrol, PatrolKind};
use zhifa::domain::penalty::{HearingThresholds, Proposal};
use zhifa::store::{password, Identity, Store};

const NOW: &str = "2026-12-20T10:00:00+08:00";

fn now() -> DateTime<Utc> {
    NOW.parse().expect("now")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// `zhifa --db DB ARGS` on the test's clock (20 Dec 2026), logging in as QJ1001.
fn zhifa(db: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--as", "QJ1001", "--password-stdin"];
    all.extend_from_slice(args);
    zhifa_with_stdin_at(db, &all, "100100\n")
}

fn zhifa_with_stdin_at(db: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ZHIFA_NOW", NOW)
        .env_remove("ZHIFA_LANG")
        // The bureau's settings the fixture's steps were taken under (its hearing thresholds).
        .env("ZHIFA_CONFIG", db.with_file_name("config.toml"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zhifa");
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    child.wait_with_output().expect("wait")
}

fn party() -> Party {
    Party {
        kind: PartyKind::Individual,
        name: "赵某某".into(),
        id_number: "11010519491231002X".into(),
        contact: "13900000000".into(),
    }
}

fn new_case(facts: &str) -> NewCase {
    NewCase {
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路文昌阁旁".into(),
        grid: Some("QX01-01".into()),
        facts: facts.into(),
        act_on: day("2026-11-01"),
        lead_on: day("2026-11-20"),
        serious: false,
        items: vec!["330217101001".into()],
        parties: vec![party()],
        legal_review_required: false,
        finding: None,
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    out: PathBuf,
    ordinary: CaseRecord,
    simple: CaseRecord,
    /// Filed, the penalty proposed, the notice not given yet.
    proposed: CaseRecord,
}

fn login(store: &mut Store, badge: &str, pw: &str) -> Identity {
    store.authenticate(&Actor::new("os:t", "t", 1), now(), badge, pw).expect("login")
}

/// A case taken through filing, notice with the hearing right, hearing, decision and service
/// (unpaid since 2 Dec: a reminder is due on 20 Dec), and a case decided on the spot.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("z.db");
    let config =
        "[casework.hearing_by_domain.\"市容环境卫生\"]\nindividual = 400\norganisation = 4000\n";
    std::fs::write(dir.path().join("config.toml"), config).expect("config");
    let mut store = Store::open(&db).expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let actor = Actor::new("system:demo", "test", 1);
    seed_demo(&mut store, &actor, now()).expect("catalog");
    seed_demo_officers(&mut store, &actor, now()).expect("officers");
    let calendar = shipped().expect("calendar");
    let mut rules = CaseRules::defaults(&calendar);
    // A low threshold for the item's domain, so that its fine brings the hearing right.
    let low = HearingThresholds::same(400, 4_000);
    rules.hearing.by_domain.insert("市容环境卫生".into(), low);
    let zhang = login(&mut store, "QJ1001", "100100");
    let chen = login(&mut store, "QJ3001", "300100");
    let head = login(&mut store, "QJ0100", "010100");
    let reviewer = login(&mut store, "QJ4001", "400100");
    // The case grows from a patrol finding with a photo registered by its SHA-256.
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time");
    let patrol = NewPatrol {
        team: "QX01".into(),
        kind: PatrolKind::Daily,
        grids: vec!["QX01-01".into()],
        route: "青溪路".into(),
        officers: vec!["QJ1001".into(), "QJ1002".into()],
        planned_start: at("2026-11-20 14:00"),
        planned_end: at("2026-11-20 16:00"),
        ticket: None,
    };
    let patrol = store.plan_patrol(&chen, now(), &patrol).expect("plan").id;
    store.start_patrol(&zhang, now(), patrol, at("2026-11-20 14:00")).expect("start");
    let finding = Finding {
        at: at("2026-11-20 14:30"),
        place: "青溪路文昌阁旁".into(),
        grid: Some("QX01-01".into()),
        item: "330217101001".into(),
        description: "水果摊占用人行道".into(),
        evidence: vec![Evidence {
            name: "IMG_0412.jpg".into(),
            sha256: "ab12cd34ef56".repeat(5) + "abcd",
        }],
        action: FindingAction::Case,
        reinspects: None,
    };
    let seq = store.record_finding(&zhang, now(), patrol, &finding).expect("finding");
    let mut opened = new_case("当事人在人行道上设摊经营水果，占用人行道约六平方米");
    opened.finding = Some((patrol, seq));
    let case = store.open_case(&zhang, now(), &opened).expect("open");
    let proposal = Proposal {
        party: PartyKind::Individual,
        warning: false,
        fine: Some(450),
        tier: Some("从重".into()),
        tier_reason: "两年内再次违法".into(),
        confiscation: Default::default(),
    };
    let text = |t: &str| t.to_string();
    // The head approves and decides (APL art. 57); after the hearing the case is reviewed
    // (art. 58(1)(2)) and discussed by the heads (art. 57(2)).
    let steps = [
        (&zhang, Step::RequestFiling),
        (&head, Step::ApproveFiling { on: day("2026-11-20"), opinion: text("同意立案") }),
        (&zhang, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()])),
        (&zhang, Step::ProposePenalty(proposal)),
        (&zhang, Step::GiveNotice { on: day("2026-11-23"), hearing_right: true }),
        (&zhang, Step::RequestHearing { on: day("2026-11-24") }),
        (&zhang, Step::NotifyHearing { on: day("2026-11-24"), held_on: day("2026-12-03") }),
        (&zhang, Step::HoldHearing { on: day("2026-12-03"), record: text("当事人到场申辩") }),
        (&zhang, Step::SubmitLegalReview),
        (&reviewer, Step::PassLegalReview { on: day("2026-12-03"), opinion: text("合法") }),
        (&head, Step::CollectiveDiscussion { on: day("2026-12-03"), conclusion: text("同意") }),
        (
            &head,
            Step::Decide {
                on: day("2026-12-03"),
                penalty: true,
                ground: None,
                educated: false,
                opinion: text("同意"),
            },
        ),
        (&zhang, Step::Serve { on: day("2026-12-03") }),
    ];
    for (who, step) in steps {
        store
            .take_step(who, now(), case.id, &step, &rules)
            .unwrap_or_else(|e| panic!("{step:?}: {e}"));
    }
    let ordinary = store.case(case.id).expect("read").expect("case");
    let early =
        store.open_case(&zhang, now(), &new_case("当事人在人行道上堆放杂物")).expect("open");
    let early_steps = [
        (&zhang, Step::RequestFiling),
        (&head, Step::ApproveFiling { on: day("2026-12-14"), opinion: "同意立案".into() }),
        (&zhang, Step::AssignInvestigators(vec!["QJ1001".into(), "QJ1002".into()])),
        (
            &zhang,
            Step::ProposePenalty(Proposal {
                party: PartyKind::Individual,
                warning: false,
                fine: Some(450),
                tier: Some("从重".into()),
                tier_reason: "两年内再次违法".into(),
                confiscation: Default::default(),
            }),
        ),
    ];
    for (who, step) in early_steps {
        store.take_step(who, now(), early.id, &step, &rules).expect("step");
    }
    let proposed = store.case(early.id).expect("read").expect("case");
    let small = Proposal {
        party: PartyKind::Individual,
        warning: false,
        fine: Some(100),
        tier: Some("从轻".into()),
        tier_reason: "在调查期间主动改正".into(),
        confiscation: Default::default(),
    };
    let spot = new_case("当事人在阳台外吊挂物品");
    let simple =
        store.decide_on_the_spot(&zhang, now(), &spot, &small, "QJ1002", &rules).expect("spot");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("out dir");
    Fixture { _dir: dir, db, out, ordinary, simple, proposed }
}

fn number(case: &CaseRecord) -> String {
    case.number.clone().expect("numbered")
}

/// The text a reader sees, all whitespace removed (lines break anywhere in Chinese), or `None`
/// without pdftotext.
fn read_back(pdf: &Path) -> Option<String> {
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(pdf).arg("-").output().ok()?;
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect())
}

fn pdftotext_present() -> bool {
    let present = Command::new("pdftotext").arg("-v").output().is_ok();
    if !present {
        eprintln!("SKIPPED reading PDFs back: pdftotext (poppler-utils) is not installed");
    }
    present
}

fn make(f: &Fixture, case: &CaseRecord, kind: &str) -> (PathBuf, String) {
    let path = f.out.join(format!("{kind}-{}.pdf", case.id));
    let printed = ok(&zhifa(
        &f.db,
        &["doc", "make", &number(case), kind, "-o", path.to_str().expect("path")],
    ));
    (path, printed)
}

fn holds(text: &str, kind: &str, parts: &[&str]) {
    for part in parts {
        let part: String = part.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&part), "{kind} lacks “{part}”:\n{text}");
    }
}

#[test]
fn every_document_holds_what_the_law_requires_as_a_reader_sees_it() {
    let f = fixture();
    let case = &f.ordinary;
    let item = &case.items[0].item;
    let penalty_text = item.basis.penalty.first().map(|p| p.text.clone()).unwrap_or_default();
    let violated_text = item.basis.violated.first().map(|p| p.text.clone()).unwrap_or_default();
    assert!(
        !penalty_text.is_empty() && !violated_text.is_empty(),
        "the demo item cites its articles"
    );
    let kinds = [
        "filing-approval",
        "inspection-record",
        "inquiry-record",
        "correction-order",
        "prior-notice",
        "hearing-notice",
        "decision",
        "service-receipt",
        "reminder",
    ];
    let mut made = Vec::new();
    for kind in kinds {
        made.push((kind, make(&f, case, kind).0));
    }
    let (spot_pdf, _) = make(&f, &f.simple, "on-the-spot-decision");
    if !pdftotext_present() {
        return;
    }
    let common = [number(case), "赵某某".to_string(), "青溪县综合行政执法局".to_string()];
    for (kind, path) in &made {
        let text = read_back(path).expect("text");
        let label = DocKind::from_key(kind).expect("kind").label_zh();
        holds(&text, kind, &[label, "第1页", "校验码"]);
        if *kind != "correction-order"
            && *kind != "prior-notice"
            && *kind != "hearing-notice"
            && *kind != "reminder"
        {
            holds(&text, kind, &[&common[0]]);
        }
        holds(&text, kind, &[&common[1], &common[2]]);
    }
    let text = |kind: &str| {
        read_back(&made.iter().find(|(k, _)| *k == kind).expect("made").1).expect("text")
    };
    // APL art. 59: party and address, facts and evidence, penalty and basis (with the article's
    // text), how and by when to pay and where, review within 60 days, suit within 6 months,
    // the organ and the date.
    holds(
        &text("decision"),
        "decision (art. 59)",
        &[
            "当事人：赵某某",
            "住所（地址）",
            "设摊经营水果",
            "证据",
            &violated_text,
            &penalty_text,
            "罚款人民币肆佰伍拾元整",
            "十五日内",
            "青溪县农商银行",
            "六十日内",
            "行政复议",
            "六个月内",
            "行政诉讼",
            "青溪县人民法院",
            "（印章）",
            "2026年12月3日",
        ],
    );
    // APL arts. 44, 63, 64: facts, reasons, basis, proposed penalty; the rights to state and
    // defend; a hearing asked for within 5 working days (the notice of 23 Nov: by 30 Nov).
    holds(
        &text("prior-notice"),
        "prior-notice (arts. 44, 63, 64)",
        &[
            "综执罚告〔2026〕第1号",
            "设摊经营水果",
            &violated_text,
            &penalty_text,
            "罚款人民币肆佰伍拾元整",
            "陈述",
            "申辩",
            "要求举行听证",
            "五个工作日",
            "2026年11月30日",
            "2026年11月23日",
        ],
    );
    // APL art. 64: time and place, recusal, one or two agents.
    holds(
        &text("hearing-notice"),
        "hearing-notice (art. 64)",
        &["2026年12月3日", "回避", "一至二人代理", "2026年11月24日"],
    );
    // 行政强制法 art. 35: the time limit, the manner, the exact amount, the rights to state and
    // defend. Due 18 Dec (15 days from 3 Dec), 2 days late on 20 Dec: 3% × 450 × 2 = 27.00.
    holds(
        &text("reminder"),
        "reminder (行政强制法 art. 35)",
        &[
            "综执催〔2026〕第1号",
            "十日内",
            "青溪县农商银行",
            "27.00",
            "477.00",
            "陈述和申辩",
            "第三十五条",
        ],
    );
    holds(
        &text("service-receipt"),
        "service-receipt",
        &["行政处罚决定书", "受送达人签名或盖章", "送达方式"],
    );
    holds(
        &text("filing-approval"),
        "filing-approval",
        &["案件来源", "巡查发现", "负责人签名", "张执法"],
    );
    holds(&text("correction-order"), "correction-order", &["综执责改〔2026〕第1号", "第二十八条"]);
    // A notice printed before it is given states the hearing right the proposed fine brings
    // (art. 63), though the record says so only once the notice is given.
    let (early, _) = make(&f, &f.proposed, "prior-notice");
    holds(
        &read_back(&early).expect("text"),
        "prior-notice before it is given (art. 63)",
        &["要求举行听证", "五个工作日"],
    );
    let spot = read_back(&spot_pdf).expect("text");
    holds(
        &spot,
        "on-the-spot-decision (arts. 52, 59)",
        &[
            &number(&f.simple),
            "当场行政处罚决定书",
            "罚款人民币壹佰元整",
            "六十日内",
            "六个月内",
            "已出示执法证件",
            "当事人签收",
        ],
    );
}

#[test]
fn printed_again_the_same_bytes_and_check_knows_its_own() {
    let f = fixture();
    let (first, printed) = make(&f, &f.ordinary, "decision");
    assert!(printed.contains("已签发"), "{printed}");
    let again = f.out.join("again.pdf");
    let reprint = ok(&zhifa_with_stdin_at(
        &f.db,
        &["doc", "make", &number(&f.ordinary), "decision", "-o", again.to_str().expect("p")],
        "",
    ));
    assert!(reprint.contains("已重印"), "a reprint needs no login and records nothing: {reprint}");
    let bytes = std::fs::read(&first).expect("read");
    assert_eq!(
        bytes,
        std::fs::read(&again).expect("read"),
        "the same record prints the same bytes"
    );
    assert!(!String::from_utf8_lossy(&bytes).contains("CreationDate"), "no timestamp in the file");

    let check =
        |path: &Path| zhifa_with_stdin_at(&f.db, &["doc", "check", path.to_str().expect("p")], "");
    let genuine = check(&first);
    assert_eq!(genuine.status.code(), Some(0));
    let said = String::from_utf8_lossy(&genuine.stdout);
    assert!(said.contains("真实") && said.contains(&number(&f.ordinary)), "{said}");

    // One byte changed inside the page content: the code is still there, the digest is not.
    let mut altered = bytes.clone();
    let at = altered.len() / 2;
    altered[at] ^= 0x01;
    let altered_path = f.out.join("altered.pdf");
    std::fs::write(&altered_path, &altered).expect("write");
    let out = check(&altered_path);
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("改动"));

    let stranger = f.out.join("stranger.pdf");
    std::fs::write(&stranger, b"%PDF-1.7\n% not ours\n").expect("write");
    assert_eq!(check(&stranger).status.code(), Some(3));

    // Another database never issued it.
    let other = fixture();
    let out = zhifa_with_stdin_at(&other.db, &["doc", "check", first.to_str().expect("p")], "");
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stdout));

    // The issues are events: verify replays them, and a row changed behind the store's back
    // (the trigger that forbids it dropped first) is reported.
    let verified = zhifa_with_stdin_at(&f.db, &["verify"], "");
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stdout));
    let conn = rusqlite::Connection::open(&f.db).expect("raw");
    conn.execute_batch(
        "DROP TRIGGER documents_are_never_changed;
         UPDATE documents SET file_sha256 = printf('%064d', 0) WHERE kind = 'decision';",
    )
    .expect("tamper");
    drop(conn);
    let tampered = zhifa_with_stdin_at(&f.db, &["verify"], "");
    assert!(!tampered.status.success(), "a changed issue record must not verify");
    let report = String::from_utf8_lossy(&tampered.stdout).to_string()
        + &String::from_utf8_lossy(&tampered.stderr);
    assert!(report.contains("documents") && report.contains("file_sha256"), "{report}");
}

#[test]
fn numbers_are_given_once_per_kind_and_the_decision_keeps_the_case_number() {
    let f = fixture();
    let (_, notice) = make(&f, &f.ordinary, "prior-notice");
    assert!(notice.contains("综执罚告〔2026〕第1号"), "{notice}");
    let (_, again) = make(&f, &f.ordinary, "prior-notice");
    assert!(
        again.contains("综执罚告〔2026〕第1号") && again.contains("已重印"),
        "same record, same number: {again}"
    );
    let (_, order) = make(&f, &f.ordinary, "correction-order");
    assert!(order.contains("综执责改〔2026〕第1号"), "each kind its own series: {order}");
    let (_, order2) = make(&f, &f.simple, "correction-order");
    assert!(order2.contains("综执责改〔2026〕第2号"), "never reused: {order2}");
    let (_, decision) = make(&f, &f.ordinary, "decision");
    assert!(decision.contains(&number(&f.ordinary)), "{decision}");
    let listed = common::json(&zhifa(&f.db, &["doc", "list", &number(&f.ordinary), "--json"]));
    let rows = listed.as_array().expect("list");
    let row = |kind: &str| rows.iter().find(|r| r["kind"] == kind).expect("kind listed");
    assert_eq!(row("decision")["available"], true);
    assert_eq!(row("on-the-spot-decision")["available"], false);
    assert_eq!(row("closing-approval")["available"], false, "closing not asked for");
    assert_eq!(row("prior-notice")["issued"].as_array().map(Vec::len), Some(1));
    // A first issue is a write: without --as it is refused, saying so, nothing written.
    let path = f.out.join("unissued.pdf");
    let out = zhifa_with_stdin_at(
        &f.db,
        &["doc", "make", &number(&f.ordinary), "inquiry-record", "-o", path.to_str().expect("p")],
        "",
    );
    assert!(!out.status.success() && !path.exists());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--as"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let refused = zhifa(
        &f.db,
        &["doc", "make", &number(&f.ordinary), "closing-approval", "-o", "/tmp/x.pdf"],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("结案尚未报请审批"));
}

#[test]
fn the_dossier_holds_every_document_in_order_with_its_contents() {
    let f = fixture();
    let path = f.out.join("dossier.pdf");
    let printed = ok(&zhifa(
        &f.db,
        &["doc", "dossier", &number(&f.ordinary), "-o", path.to_str().expect("p")],
    ));
    assert!(printed.contains("dossier"), "{printed}");
    let check = zhifa_with_stdin_at(&f.db, &["doc", "check", path.to_str().expect("p")], "");
    assert_eq!(check.status.code(), Some(0));
    let again = f.out.join("dossier2.pdf");
    ok(&zhifa_with_stdin_at(
        &f.db,
        &["doc", "dossier", &number(&f.ordinary), "-o", again.to_str().expect("p")],
        "",
    ));
    assert_eq!(std::fs::read(&path).expect("r"), std::fs::read(&again).expect("r"));
    let Some(text) = pdftotext_present().then(|| read_back(&path)).flatten() else { return };
    holds(&text, "dossier", &["行政处罚案卷", "卷内文书目录", "卷内第1页", "承办单位青溪中队"]);
    let labels = [
        "立案审批表",
        "询问笔录",
        "行政处罚事先告知书",
        "听证通知书",
        "行政处罚决定书",
        "送达回证",
        "催告书",
    ];
    let mut at = text.find("卷内文书目录").expect("contents");
    for label in labels {
        let found = text[at..]
            .find(label)
            .unwrap_or_else(|| panic!("{label} not in order in the contents"));
        at += found;
    }
}

#[test]
fn no_box_or_glyph_falls_off_the_page() {
    let f = fixture();
    let mut store = Store::open(&f.db).expect("store");
    let casework = zhifa::config::Casework::default();
    let metrics = Metrics::shipped();
    for case in [&f.ordinary, &f.simple] {
        let mut desk =
            zhifa::paperwork::Desk::open(&store, case.clone(), &casework, day("2026-12-20"))
                .expect("desk");
        let who = login(&mut store, "QJ1001", "100100");
        for kind in desk.available_kinds() {
            let obtained =
                desk.obtain(&mut store, Some(&who), now(), kind).expect("made").expect("issued");
            let laid = lay_out(&obtained.doc, metrics);
            assert_eq!(laid.pages.len(), obtained.made.pages);
            assert!(laid.missing.is_empty(), "{kind:?}: {:?}", laid.missing);
            for (n, page) in laid.pages.iter().enumerate() {
                for item in &page.items {
                    let (l, t, r, b) = item.bounds(metrics);
                    let place = format!("{kind:?} page {}: {item:?}", n + 1);
                    assert!(l >= LEFT - 1.0 && r <= RIGHT + 1.0, "off the side: {place}");
                    assert!(t >= 36.0 && b <= PAGE_H - 20.0, "off the top or the foot: {place}");
                    let footer = t > BOTTOM + 10.0;
                    assert!(footer || b <= BOTTOM + 1.0, "body runs into the footer: {place}");
                }
            }
        }
    }
}

#[test]
fn a_character_the_font_lacks_is_a_box_on_paper_and_named_never_dropped_unseen() {
    use zhifa::documents::layout::{Block, Doc};
    let doc = Doc {
        organ: "青溪县综合行政执法局".into(),
        title: "询问笔录".into(),
        number: None,
        blocks: vec![Block::Para { text: "被询问人：王𠀀明".into(), indent: false }],
        check_code: "TEST-0001".into(),
    };
    let made = zhifa::documents::make(&doc).expect("made");
    assert_eq!(made.missing, vec!['𠀀'], "reported, never dropped silently");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("rare.pdf");
    std::fs::write(&path, &made.pdf).expect("write");
    if !pdftotext_present() {
        return;
    }
    // On paper a box to write the character in; the text around it is whole.
    let text = read_back(&path).expect("text");
    assert!(text.contains("被询问人：王") && text.contains("明第1页"), "{text}");
}
