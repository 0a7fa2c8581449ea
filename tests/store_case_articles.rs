//! The articles a case cites are frozen when it is opened, as the law version in force on the
//! day of the act had them (APL art. 37): a later version of the law changes the next case, not
//! this one; the case file shows them; the decision quotes them; verify replays them; a case
//! opened while no text was loaded keeps working without them.

use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use zhifa::calendar::shipped;
use zhifa::demo::{seed_demo, seed_demo_officers};
use zhifa::documents::fill::{fill, FillContext};
use zhifa::domain::actor::Actor;
use zhifa::domain::case_file::{CaseSource, NewCase, Party};
use zhifa::domain::catalog::PartyKind;
use zhifa::domain::penalty::HearingRules;
use zhifa::i18n::Lang;
use zhifa::store::{password, Identity, Store, VerifyOptions};

const LAW: &str = "浙江省城市市容和环境卫生管理条例";
/// Cites article 11, paragraphs 1 (violated) and 3 (penalty), of that regulation.
const ITEM: &str = "330217101001";

fn now() -> DateTime<Utc> {
    "2026-11-24T02:00:00Z".parse().expect("now")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn demo() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    store.set_password_cost(password::FAST_FOR_TESTS);
    let actor = Actor::new("system:demo", "test", 1);
    seed_demo(&mut store, &actor, now()).expect("catalog");
    seed_demo_officers(&mut store, &actor, now()).expect("officers");
    store
}

fn login(store: &mut Store, badge: &str, password: &str) -> Identity {
    store.authenticate(&Actor::new("os:t", "t", 1), now(), badge, password).expect("login")
}

/// A made-up text of the regulation (not its real wording) whose article 11 says `words`.
fn text(words: &str) -> String {
    format!(
        "# {LAW}\n\n## 第二章 市容管理\n\n第十一条 {words}甲款。\n\n{words}乙款。\n\n\
         {words}丙款：处五十元以上五百元以下罚款。\n"
    )
}

fn new_case(act_on: &str) -> NewCase {
    NewCase {
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路".into(),
        grid: Some("QX01-01".into()),
        facts: "阳台外吊挂物品".into(),
        act_on: day(act_on),
        lead_on: day("2026-11-20"),
        serious: false,
        items: vec![ITEM.into()],
        parties: vec![Party {
            kind: PartyKind::Individual,
            name: "赵某".into(),
            id_number: "330200199001011237".into(),
            contact: "13900000000".into(),
        }],
        legal_review_required: false,
        finding: None,
    }
}

#[test]
fn a_case_keeps_the_article_as_in_force_on_the_day_of_the_act() {
    let mut store = demo();
    let officer = login(&mut store, "QJ1001", "100100");
    // Opened before any law text was loaded: no articles, and the file says so.
    let old = store.open_case(&officer, now(), &new_case("2026-11-05")).expect("open");
    assert!(old.articles.is_empty());

    let admin = login(&mut store, "QJ0001", "demo-admin-2026");
    store.load_law(&admin, now(), "旧.md", &text("旧文"), day("2021-09-30")).expect("load");
    store.load_law(&admin, now(), "新.md", &text("新文"), day("2026-11-15")).expect("load");

    let before = store.open_case(&officer, now(), &new_case("2026-11-10")).expect("open");
    let after = store.open_case(&officer, now(), &new_case("2026-11-18")).expect("open");
    assert_eq!(before.articles.len(), 1, "article 11 once, though cited twice");
    let kept = &before.articles[0];
    assert_eq!((kept.law.as_str(), kept.number, kept.effective), (LAW, 11, day("2021-09-30")));
    assert!(kept.text.starts_with("第十一条 旧文甲款。\n旧文乙款。"), "{}", kept.text);
    assert!(after.articles[0].text.contains("新文丙款"), "{}", after.articles[0].text);

    // Read back as stored; the old case unchanged.
    let read = store.case(before.id).expect("read").expect("case");
    assert_eq!(read.articles, before.articles);
    assert!(store.case(old.id).expect("read").expect("case").articles.is_empty());

    // The case file shows the text kept; an old case says none was kept.
    let line = |case| zhifa::worklist::CaseLine { case, deadlines: vec![], surcharge_fen: None };
    let sections = zhifa::casefile::sections(&line(read.clone()), &[], Lang::Zh);
    let shown: Vec<String> =
        sections.iter().flat_map(|s| s.lines.iter().map(|(t, _)| t.clone())).collect();
    assert!(shown.contains(&format!("《{LAW}》第十一条（2021-09-30 起施行）")), "{shown:?}");
    assert!(shown.contains(&"旧文丙款：处五十元以上五百元以下罚款。".to_string()), "{shown:?}");
    let old_file = zhifa::casefile::sections(&line(old.clone()), &[], Lang::Zh);
    let old_lines: Vec<String> =
        old_file.iter().flat_map(|s| s.lines.iter().map(|(t, _)| t.clone())).collect();
    assert!(old_lines.iter().any(|l| l.contains("立案时未载入所引法规的文本")), "{old_lines:?}");

    // The decision quotes the kept words of the cited 款, not the catalog's.
    let calendar = shipped().expect("calendar");
    let (officers, issued) = (BTreeMap::new(), BTreeMap::new());
    let hearing = HearingRules::default();
    let ctx = FillContext {
        officers: &officers,
        calendar: &calendar,
        today: day("2026-11-24"),
        issued_numbers: &issued,
        hearing: &hearing,
        team_name: None,
        evidence: &[],
    };
    let values = fill(&read, &ctx);
    assert_eq!(
        values["penalty_basis_text"],
        format!("《{LAW}》第十一条第三款：“旧文丙款：处五十元以上五百元以下罚款。”")
    );
    assert_eq!(values["violated_text"], format!("《{LAW}》第十一条第一款：“旧文甲款。”"));
    // The old case quotes what the catalog quotes.
    let old_values = fill(&store.case(old.id).expect("read").expect("case"), &ctx);
    assert!(old_values["violated_text"].contains("主要街道和重点地区临街建筑物"), "{old_values:?}");

    let verification = store.verify(&VerifyOptions::default()).expect("verify");
    assert!(verification.problems.is_empty(), "{:?}", verification.problems);
    assert_eq!(verification.rows_checked.get("case_articles"), Some(&2));
    assert_eq!(verification.rows_checked.get("law_versions"), Some(&2));
}
