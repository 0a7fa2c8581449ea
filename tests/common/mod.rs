//! Helpers shared by the end-to-end tests that run the `zhifa` binary.

// Each test crate includes this module and uses only some of it.
#![allow(dead_code)]

pub mod pg;
pub mod tmux;

use std::process::Output;

/// Standard output of a command that must have succeeded; shows both streams when it did not.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard output of a successful command, parsed as JSON.
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).expect("json output")
}

/// Runs `zhifa --db DB ARGS` with `stdin` as its standard input, the fixed test clock and
/// Chinese messages.
pub fn zhifa_with_stdin(db: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    zhifa_at(db, "2026-11-24T10:00:00+08:00", args, stdin)
}

/// [`zhifa_with_stdin`] with the clock at `now` (RFC 3339).
pub fn zhifa_at(db: &std::path::Path, now: &str, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ZHIFA_NOW", now)
        .env_remove("ZHIFA_LANG")
        // The defaults, whatever the machine's own config file says.
        .env("ZHIFA_CONFIG", "/nonexistent/zhifa-test/config.toml")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zhifa");
    // A command refused before it reads its passwords closes stdin early: a broken pipe here is
    // part of the behaviour under test, not a failure of the harness.
    let _ = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    child.wait_with_output().expect("wait")
}

/// `zhifa --db DB ARGS` with no standard input, killed after `limit` (a command blocked on a FIFO
/// would hang the test); `None` when it had to be killed.
pub fn zhifa_within(
    db: &std::path::Path,
    args: &[&str],
    limit: std::time::Duration,
) -> Option<Output> {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhifa"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ZHIFA_NOW", "2026-11-24T10:00:00+08:00")
        .env("ZHIFA_CONFIG", "/nonexistent/zhifa-test/config.toml")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zhifa");
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if child.try_wait().expect("wait").is_some() {
            return Some(child.wait_with_output().expect("output"));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// A 12345 feed (the CSV `ticket import` and `central dispatch` read) at `dir/name`: one
/// complaint per number, received on 24 November 2026.
pub fn hotline_feed(dir: &std::path::Path, name: &str, numbers: &[&str]) -> std::path::PathBuf {
    let mut text = String::from("工单编号,来源渠道,受理时间,事发地址,诉求内容,办理时限\n");
    for n in numbers {
        text.push_str(&format!(
            "{n},12345热线,2026-11-24 08:30,滨江路{n},夜间施工噪声扰民,2026-11-28\n"
        ));
    }
    let file = dir.join(name);
    std::fs::write(&file, text).expect("feed");
    file
}
