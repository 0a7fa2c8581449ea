//! Helpers shared by the end-to-end tests that run the `zhifa` binary.

// Each test crate includes this module and uses only some of it.
#![allow(dead_code)]

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
