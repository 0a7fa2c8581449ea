//! Hostile files given to an import (issue 13, "Hostile files"): each is refused at once, naming
//! the bound it met, and nothing is written. The real binary.

mod common;

use common::{zhifa_with_stdin, zhifa_within};
use std::io::Write;
use std::process::{Command, Output};
use std::time::Duration;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
#[test]
fn a_fifo_and_dev_zero_are_refused_at_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let fifo = dir.path().join("feed.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let fifo = fifo.to_str().expect("utf-8");
    for args in [
        ["catalog", "import", fifo, "--dry-run"],
        ["catalog", "import", "/dev/zero", "--dry-run"],
        ["ticket", "import", fifo, "--dry-run"],
        ["ticket", "import", "/dev/zero", "--dry-run"],
    ] {
        let out = zhifa_within(&db, &args, Duration::from_secs(20))
            .unwrap_or_else(|| panic!("{args:?} did not end"));
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(stderr(&out).contains("only regular files"), "{args:?}: {}", stderr(&out));
    }
}

/// A 600 MB sheet of blanks packed into a small XLSX: refused by what it decompresses to.
#[test]
fn a_workbook_that_expands_without_bound_is_refused_naming_the_bound() {
    let dir = tempfile::tempdir().expect("tmp");
    let bomb = dir.path().join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&bomb).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).expect("part");
    let block = vec![b' '; 1 << 20];
    for _ in 0..600 {
        zip.write_all(&block).expect("write");
    }
    zip.finish().expect("finish");
    let db = dir.path().join("z.db");
    let path = bomb.to_str().expect("utf-8");
    for args in [["catalog", "import", path, "--dry-run"], ["ticket", "import", path, "--dry-run"]]
    {
        let out = zhifa_within(&db, &args, Duration::from_secs(60)).expect("ends");
        assert_ne!(out.status.code(), Some(0));
        assert!(stderr(&out).contains("bound: decompressed size"), "{}", stderr(&out));
    }
}

/// A feed and a catalog of 5,000 bad rows print a few hundred problems, then a count.
#[test]
fn thousands_of_bad_rows_print_a_few_hundred_problems_then_a_count() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("z.db");
    let mut feed = String::from("工单编号,受理时间,事发地址,诉求内容\n");
    let mut catalog = String::from("事项编码,事项名称,职权类型,处罚种类及幅度\n");
    for i in 0..5000 {
        feed.push_str(&format!("QJ{i},不是时间,某处,某事\n"));
        catalog.push_str(&format!("C{i},事项{i},不是职权类型,罚款一千元以上\n"));
    }
    let feed_file = dir.path().join("feed.csv");
    std::fs::write(&feed_file, feed).expect("feed");
    let catalog_file = dir.path().join("catalog.csv");
    std::fs::write(&catalog_file, catalog).expect("catalog");
    for args in [
        ["ticket", "import", feed_file.to_str().expect("utf-8"), "--dry-run"],
        ["catalog", "import", catalog_file.to_str().expect("utf-8"), "--dry-run"],
    ] {
        let out = zhifa_with_stdin(&db, &args, "");
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        let said = stderr(&out);
        let lines = said.lines().count();
        assert!(lines < 400, "{args:?}: {lines} lines");
        assert!(
            said.contains("未列出"),
            "{args:?}: the rest are counted: {}",
            &said[said.len().saturating_sub(300)..]
        );
    }
}
