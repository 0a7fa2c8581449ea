//! `docs/DEADLINES.md` lists every clock as the code counts it: the table between its markers is
//! exactly `zhifa::domain::deadline::table::markdown()`. A clock added, or a period, side or
//! article changed, fails here until the document says the same.

use std::path::Path;

const BEGIN: &str = "<!-- deadline-table:begin (generated from crates/core/src/domain/deadline.rs; tests/deadline_table.rs) -->\n";
const END: &str = "<!-- deadline-table:end -->";

#[test]
fn the_deadline_table_in_the_docs_is_the_one_the_code_counts_by() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DEADLINES.md");
    let text = std::fs::read_to_string(&path).expect("docs/DEADLINES.md");
    let start = text.find(BEGIN).expect("begin marker") + BEGIN.len();
    let end = text[start..].find(END).expect("end marker") + start;
    let expected = zhifa::domain::deadline::table::markdown();
    if std::env::var_os("ZHIFA_BLESS").is_some() && text[start..end] != expected {
        // Write the table as the code has it (review the diff).
        let blessed = format!("{}{expected}{}", &text[..start], &text[end..]);
        std::fs::write(&path, blessed).expect("bless docs/DEADLINES.md");
        return;
    }
    assert_eq!(
        &text[start..end],
        expected,
        "docs/DEADLINES.md is out of date; the table should read:\n{expected}"
    );
}

#[test]
fn the_civil_procedure_rule_is_quoted_as_the_statute_has_it() {
    // 民事诉讼法 (2023) art. 85(3), which 行政复议法 art. 88 and 行政诉讼法 art. 101 apply.
    let law = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/law/民事诉讼法(2023-09-01).md");
    let Ok(text) = std::fs::read_to_string(&law) else {
        eprintln!("skipped: {} is not here", law.display());
        return;
    };
    let quoted = zhifa::domain::deadline::CIVIL_PERIOD_END;
    let sentence = quoted.split_once('：').map(|(_, s)| s).expect("quote");
    assert!(text.contains(sentence), "not in the statute: {sentence}");
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DEADLINES.md");
    let docs = std::fs::read_to_string(docs).expect("docs");
    assert!(docs.contains(sentence), "docs/DEADLINES.md quotes the rule relied on");
}
