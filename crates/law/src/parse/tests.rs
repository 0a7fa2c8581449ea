use super::*;

const SMALL: &str = "\
# 中华人民共和国示例法

2021年1月22日 通过

<!-- INFO END -->

## 第一章 总则

第一条 为了示例，制定本法。

第二条 行政处罚的种类：

（一）警告、通报批评；

(二)罚款、没收违法所得；

前款第二项规定的罚款，依法执行。

### 第一节 细则

第二条之一 插入的条文。

第三人不参加，不影响审理。

第一百零一条 本法自公布之日起施行。
";

#[test]
fn articles_with_their_paragraphs_and_items() {
    let law = parse("示例法.md", SMALL).expect("read");
    assert_eq!(law.title, "中华人民共和国示例法");
    assert_eq!(law.preamble, vec!["2021年1月22日 通过"]);
    let numbers: Vec<_> = law.articles.iter().map(|a| (a.no.number, a.no.sub)).collect();
    assert_eq!(numbers, vec![(1, 0), (2, 0), (2, 1), (101, 0)]);
    let second = &law.articles[1];
    assert_eq!(second.heading, "第一章 总则");
    assert_eq!(second.paragraphs.len(), 2);
    assert_eq!(second.paragraphs[0].text, "行政处罚的种类：");
    let items: Vec<_> = second.paragraphs[0].items.iter().map(|i| i.number).collect();
    assert_eq!(items, vec![1, 2]);
    assert_eq!(second.part(1, Some(2)).as_deref(), Some("(二)罚款、没收违法所得；"));
    assert_eq!(second.part(2, None).as_deref(), Some("前款第二项规定的罚款，依法执行。"));
    let inserted = &law.articles[2];
    assert_eq!(inserted.heading, "第一章 总则 第一节 细则");
    // 第三人… starts with 第 but is a 款, not an article.
    assert_eq!(inserted.paragraphs[1].text, "第三人不参加，不影响审理。");
    assert_eq!(
        law.article(ArticleNo::new(2)).expect("read").full_text(),
        "第二条 行政处罚的种类：\n（一）警告、通报批评；\n(二)罚款、没收违法所得；\n\
         前款第二项规定的罚款，依法执行。"
    );
    assert!(law.article(ArticleNo::new(3)).is_none());
}

fn refused(text: &str) -> (usize, Problem) {
    let e = parse("x.md", text).expect_err("refused");
    (e.line, e.problem)
}

#[test]
fn malformed_files_are_refused_at_their_line() {
    assert_eq!(refused("第一条 无标题。\n"), (1, Problem::NoTitle));
    assert_eq!(refused("\n\n#标题\n"), (3, Problem::NoTitle));
    assert_eq!(refused("# 法\n\n## 第一章\n\n说明文字\n"), (5, Problem::OutsideArticle));
    assert_eq!(
        refused("# 法\n第一条 甲。\n第三条 乙。\n第二条 丙。\n"),
        (4, Problem::ArticleOrder { after: ArticleNo::new(3), found: ArticleNo::new(2) })
    );
    assert_eq!(
        refused("# 法\n第一条 甲。\n第一条 乙。\n"),
        (3, Problem::ArticleOrder { after: ArticleNo::new(1), found: ArticleNo::new(1) })
    );
    assert_eq!(
        refused("# 法\n第一条 甲：\n（一）子；\n（二）丑；\n（二）寅。\n"),
        (5, Problem::ItemOrder { expected: 3, found: 2 })
    );
    assert_eq!(refused("# 法\n## 第一章\n（一）子；\n"), (3, Problem::OutsideArticle));
    assert_eq!(refused("# 法\n第一条 甲。\n# 又一部法\n"), (3, Problem::SecondTitle));
    assert_eq!(refused("# 法\n##### 目\n"), (2, Problem::HeadingTooDeep));
    assert_eq!(refused("# 法\n\n只有说明。\n"), (4, Problem::NoArticles));
}

#[test]
fn errors_name_file_line_and_reason_in_both_languages() {
    let e = parse("坏.md", "# 法\n第二条 甲。\n第一条 乙。\n").expect_err("refused");
    assert_eq!(
        e.to_string(),
        "坏.md: line 3: Art. 1 after Art. 2: articles must follow in order, each once"
    );
    assert_eq!(e.message_zh(), "坏.md：第 3 行：第一条出现在第二条之后：各条应按顺序、各出现一次");
}

#[test]
fn bytes_must_be_utf8_and_may_carry_a_bom() {
    let mut bytes = b"\xEF\xBB\xBF# \xE6\xB3\x95\n".to_vec();
    bytes.extend_from_slice("第一条 甲。\n".as_bytes());
    assert_eq!(parse_bytes("a.md", &bytes).expect("read").articles.len(), 1);
    let gbk = b"# x\n\xB5\xDA\xD2\xBB\xCC\xF5 x\n";
    let e = parse_bytes("gbk.md", gbk).expect_err("refused");
    assert_eq!((e.line, e.problem), (2, Problem::NotUtf8));
}

#[test]
fn article_labels_need_a_blank_after_them() {
    assert_eq!(article_start("第八十二条规定的情形"), None);
    assert_eq!(article_start("第三人不参加"), None);
    assert_eq!(
        article_start("第十二条之一　全角空格").map(|(n, r)| (n.sub, r)),
        Some((1, "全角空格"))
    );
    assert_eq!(article_start("第五条").map(|(n, r)| (n.number, r)), Some((5, "")));
}
