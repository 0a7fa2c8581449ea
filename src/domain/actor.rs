//! Who did something, and from where: every event is attributed to an actor on a terminal.

use serde::Serialize;
use std::fmt;

/// The identity recorded on an event. Until accounts exist, an actor is either an officer's badge
/// number given with `--as`, or the local operating-system user (recorded as `os:NAME`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub id: String,
    /// The terminal device or host the action came from, e.g. `host:/dev/pts/3`.
    pub terminal: String,
    pub pid: u32,
}

impl Actor {
    pub fn new(id: impl Into<String>, terminal: impl Into<String>, pid: u32) -> Actor {
        Actor { id: id.into(), terminal: terminal.into(), pid }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @ {} (pid {})", self.id, self.terminal, self.pid)
    }
}
