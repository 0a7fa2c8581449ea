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
    /// The officer's signing key, when the store made this actor at a login: every event recorded
    /// for it is signed with it. None for the OS user (setup, backups), whose events are unsigned.
    #[serde(skip)]
    pub(crate) signer: Option<Signer>,
}

impl Actor {
    pub fn new(id: impl Into<String>, terminal: impl Into<String>, pid: u32) -> Actor {
        Actor { id: id.into(), terminal: terminal.into(), pid, signer: None }
    }

    /// Whether events recorded for this actor are signed.
    pub fn signs(&self) -> bool {
        self.signer.is_some()
    }
}

/// The seed of an officer's Ed25519 signing key (derived from their password at login, never
/// stored). Debug output never shows it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Signer(pub(crate) [u8; 32]);

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signer(…)")
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @ {} (pid {})", self.id, self.terminal, self.pid)
    }
}
