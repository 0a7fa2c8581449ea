//! The cited provisions in the item detail and the case file: selected with ← / →, their
//! article shown over the screen (Enter, `l`), the cited 款 marked, Esc back; a law not loaded
//! says how to load it.

use super::*;
use crate::fixtures::{demo_app, demo_item, draw, screen};
use zhifa_law::lookup::LawLibrary;
use zhifa_law::view::article_view;
use zhifa_law::{parse, LawVersion};

const ITEM: &str = "330217101001";

/// A short made-up text numbered like the regulation the item cites (not the real wording).
fn library() -> LawLibrary {
    let text = "# 浙江省城市市容和环境卫生管理条例\n\n## 第二章 城市市容管理\n\n\
                第十一条 示例第一款：阳台外不得吊挂物品。\n\n示例第二款：其他规定。\n\n\
                示例第三款：违反本条规定的，处以罚款。\n";
    let version = LawVersion {
        effective: NaiveDate::from_ymd_opt(2021, 9, 30).expect("day"),
        file: "demo.md".into(),
        text: parse("demo.md", text).expect("parse"),
    };
    LawLibrary::new(vec![version])
}

fn app_with_detail() -> App {
    let mut app = demo_app();
    update(&mut app, Action::Resize(100, 30));
    update(&mut app, Action::Open);
    update(&mut app, Action::ItemLoaded(Box::new(demo_item(ITEM))));
    app.catalog.detail = catalog::Detail::Shown { item: Box::new(demo_item(ITEM)), scroll: 0 };
    app.catalog.focus = Focus::Detail;
    app
}

#[test]
fn arrows_choose_a_cited_provision_and_enter_asks_for_its_article() {
    let mut app = app_with_detail();
    let shown = screen(&draw(&app, 100, 60).0);
    assert!(shown.contains("▶ 《浙江省城市市容和环境卫生管理条例》第11条第1款"), "{shown}");
    let keys = app.key_contexts();
    let enter = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter);
    assert_eq!(crate::keys::action_for(enter, &keys), Some(Action::ShowArticle));

    update(&mut app, Action::NextCitation);
    let shown = screen(&draw(&app, 100, 60).0);
    assert!(shown.contains("▶ 《浙江省城市市容和环境卫生管理条例》第11条第3款"), "{shown}");
    assert!(shown.contains("  《浙江省城市市容和环境卫生管理条例》第11条第1款"), "{shown}");
    let effect = update(&mut app, Action::ShowArticle);
    let Some(Effect::ShowArticle { provision, on }) = effect else { panic!("{effect:?}") };
    assert_eq!((provision.article, provision.paragraph), (Some(11), Some(3)));
    assert_eq!(on, app.today, "the catalog shows the law in force today");
    // Round the list: the next after the last is the first.
    update(&mut app, Action::NextCitation);
    assert_eq!(app.catalog.cited, 0);
    update(&mut app, Action::PrevCitation);
    assert_eq!(app.catalog.cited, 1);
}

#[test]
fn the_article_shows_whole_with_the_cited_paragraph_marked_and_esc_goes_back() {
    let mut app = app_with_detail();
    update(&mut app, Action::NextCitation);
    let provision = catalog::selected_provision(&app.catalog).expect("provision");
    let view = article_view(&library(), &provision, app.today, app.lang);
    update(&mut app, Action::ArticleLoaded(Box::new(view)));
    assert_eq!(app.overlay, Overlay::Article(0));
    assert_eq!(app.key_contexts()[0], Context::Article);
    let shown = screen(&draw(&app, 100, 30).0);
    assert!(
        shown.contains("《浙江省城市市容和环境卫生管理条例》（2021-09-30 起施行的文本）"),
        "{shown}"
    );
    assert!(shown.contains("第二章 城市市容管理"), "{shown}");
    assert!(shown.contains("  第十一条 示例第一款：阳台外不得吊挂物品。"), "{shown}");
    assert!(shown.contains("  示例第二款：其他规定。"), "{shown}");
    assert!(shown.contains("▶ 示例第三款：违反本条规定的，处以罚款。"), "{shown}");
    update(&mut app, Action::Back);
    assert_eq!(app.overlay, Overlay::None);
    assert_eq!(app.catalog.focus, Focus::Detail, "back in the detail where Enter was pressed");
    assert!(app.article.is_none());
}

#[test]
fn a_law_not_loaded_says_how_to_load_it() {
    let mut app = app_with_detail();
    let provision = catalog::selected_provision(&app.catalog).expect("provision");
    let view = article_view(&LawLibrary::default(), &provision, app.today, app.lang);
    update(&mut app, Action::ArticleLoaded(Box::new(view)));
    let shown = screen(&draw(&app, 100, 30).0);
    assert!(shown.contains("《浙江省城市市容和环境卫生管理条例》的文本尚未载入"), "{shown}");
    assert!(shown.contains("zhifa law load"), "{shown}");
    app.lang = Lang::En;
    let view = article_view(&LawLibrary::default(), &provision, app.today, app.lang);
    update(&mut app, Action::ArticleLoaded(Box::new(view)));
    let shown = screen(&draw(&app, 100, 30).0);
    assert!(shown.contains("is not loaded: an admin loads it with"), "{shown}");
}

#[test]
fn in_the_case_file_the_article_is_asked_for_as_on_the_day_of_the_act() {
    use zhifa_core::domain::case::Case;
    use zhifa_core::domain::case_file::{CaseRecord, CaseSource, CitedItem};
    let mut app = demo_app();
    update(&mut app, Action::Resize(100, 40));
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
    let case = CaseRecord {
        id: 3,
        number: None,
        team: "QX01".into(),
        source: CaseSource::Patrol,
        ticket: None,
        place: "青溪路".into(),
        grid: None,
        facts: "阳台外吊挂物品".into(),
        items: vec![CitedItem { version: "v2".into(), item: demo_item(ITEM) }],
        parties: vec![],
        state: Case::lead(day("2026-10-02"), day("2026-10-03")),
        steps: vec![],
        finding: None,
        articles: Vec::new(),
    };
    let line = zhifa_app::worklist::CaseLine { case, deadlines: vec![], surcharge_fen: None };
    app.tab = Tab::Cases;
    app.case_file = Some(crate::screens::case_file::CaseFileState::new(line, vec![]));
    let shown = screen(&draw(&app, 100, 40).0);
    assert!(
        shown.contains("▶ 违反：《浙江省城市市容和环境卫生管理条例》第十一条第一款"),
        "{shown}"
    );
    update(&mut app, Action::NextCitation);
    let shown = screen(&draw(&app, 100, 40).0);
    assert!(
        shown.contains("▶ 处罚依据：《浙江省城市市容和环境卫生管理条例》第十一条第三款"),
        "{shown}"
    );
    let l = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('l'));
    assert_eq!(crate::keys::action_for(l, &app.key_contexts()), Some(Action::ShowArticle));
    let effect = update(&mut app, Action::ShowArticle);
    let Some(Effect::ShowArticle { provision, on }) = effect else { panic!("{effect:?}") };
    assert_eq!(provision.paragraph, Some(3));
    assert_eq!(on, day("2026-10-02"), "the text in force on the day of the act (APL art. 37)");
}

#[test]
fn f7_searches_the_laws_enter_shows_an_article_and_esc_comes_back_to_the_hits() {
    let mut app = demo_app();
    let keys = app.key_contexts();
    let f7 = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::F(7));
    assert_eq!(crate::keys::action_for(f7, &keys), Some(Action::OpenLawSearch));
    update(&mut app, Action::OpenLawSearch);
    assert_eq!(app.overlay, Overlay::LawSearch);
    for c in "吊挂".chars() {
        update(&mut app, Action::Insert(c));
    }
    let asked = update(&mut app, Action::Open);
    assert_eq!(asked, Some(Effect::SearchLaws { query: "吊挂".into(), on: app.today }));

    let (found, total) =
        zhifa_law::view::found_articles(&library(), "吊挂", app.today, 100, app.lang);
    assert_eq!(total, 1);
    update(&mut app, Action::LawsFound { query: "吊挂".into(), found, total });
    let shown = screen(&draw(&app, 100, 30).0);
    assert!(shown.contains("共 1 条"), "{shown}");
    assert!(shown.contains("▶ 《浙江省城市市容和环境卫生管理条例》第十一条"), "{shown}");

    assert_eq!(update(&mut app, Action::Open), None, "the same words: the article, not a search");
    assert_eq!(app.overlay, Overlay::Article(0));
    let shown = screen(&draw(&app, 100, 30).0);
    assert!(shown.contains("阳台外不得吊挂物品"), "{shown}");
    update(&mut app, Action::Back);
    assert_eq!(app.overlay, Overlay::LawSearch, "back to the hits");
    update(&mut app, Action::Back);
    assert_eq!((app.overlay, app.law_search.is_none()), (Overlay::None, true));
}
