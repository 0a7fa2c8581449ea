//! Every law text in ../shared/law parses, with plausible article counts and real articles where
//! they should be (skipped with a message where ../shared is absent).

use std::path::{Path, PathBuf};
use zhifa::law::{date_from_file_name, parse::parse_bytes, ArticleNo, LawText};

fn law_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/law");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/law not present");
        None
    }
}

fn load(dir: &Path, name: &str) -> LawText {
    let bytes = std::fs::read(dir.join(name)).expect("read law file");
    parse_bytes(name, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_shared_law_parses_with_plausible_articles() {
    let Some(dir) = law_dir() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list law dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{} law files", names.len());
    for name in &names {
        let law = load(&dir, name);
        assert!(date_from_file_name(name).is_some(), "{name}: no date in the name");
        let count = law.articles.len();
        assert!((5..=400).contains(&count), "{name}: {count} articles");
        // Articles run 1, 2, 3 … (an inserted 之一 aside): the last number is the count of
        // plain articles, so none was lost or merged into a 款.
        let plain = law.articles.iter().filter(|a| a.no.sub == 0).count() as u32;
        let last = law.articles.last().map(|a| a.no.number).unwrap_or_default();
        assert_eq!(last, plain, "{name}: last article {last}, {plain} read");
        assert_eq!(law.articles[0].no, ArticleNo::new(1), "{name}");
        assert!(law.articles.iter().all(|a| !a.full_text().is_empty()), "{name}");
    }
}

#[test]
fn administrative_penalty_law_has_86_articles_and_article_36_reads_right() {
    let Some(dir) = law_dir() else { return };
    let law = load(&dir, "行政处罚法(2021-01-22).md");
    assert_eq!(law.title, "中华人民共和国行政处罚法");
    assert_eq!(law.key(), "行政处罚法");
    assert_eq!(law.articles.len(), 86);
    let art36 = law.article(ArticleNo::new(36)).expect("article 36");
    assert_eq!(art36.paragraphs.len(), 2);
    assert_eq!(
        art36.paragraphs[0].text,
        "违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果\
         的，上述期限延长至五年。法律另有规定的除外。"
    );
    assert_eq!(
        art36.part(2, None).as_deref(),
        Some("前款规定的期限，从违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起计算。")
    );
    assert!(art36.heading.starts_with("第四章"), "{}", art36.heading);
    // Article 9 lists the kinds of penalty as six 项 of its first 款.
    let art9 = law.article(ArticleNo::new(9)).expect("article 9");
    assert_eq!(art9.paragraphs[0].items.len(), 6);
    assert_eq!(art9.part(1, Some(2)).as_deref(), Some("（二）罚款、没收违法所得、没收非法财物；"));
}

#[test]
fn city_roads_regulation_article_27_has_its_items() {
    let Some(dir) = law_dir() else { return };
    let law = load(&dir, "城市道路管理条例(2019-03-24).md");
    assert_eq!(law.articles.len(), 45);
    let art27 = law.article(ArticleNo::new(27)).expect("article 27");
    assert!(art27.paragraphs[0].items.len() >= 5, "{}", art27.full_text());
    assert!(
        art27.full_text().starts_with("第二十七条 城市道路范围内禁止下列行为"),
        "{}",
        art27.full_text()
    );
}

#[test]
fn the_civil_procedure_law_keeps_its_306_articles_and_sections() {
    let Some(dir) = law_dir() else { return };
    let law = load(&dir, "民事诉讼法(2023-09-01).md");
    assert_eq!(law.articles.len(), 306);
    assert_eq!(law.articles[299].no.label_zh(), "第三百条");
    // Article 85 (periods) is where the day-off rule is; it stands under chapter 7.
    let art85 = law.article(ArticleNo::new(85)).expect("article 85");
    assert!(art85.heading.contains("第七章"), "{}", art85.heading);
}
