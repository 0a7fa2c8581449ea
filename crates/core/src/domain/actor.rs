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
    signer: Option<Signer>,
}

impl Actor {
    pub fn new(id: impl Into<String>, terminal: impl Into<String>, pid: u32) -> Actor {
        Actor { id: id.into(), terminal: terminal.into(), pid, signer: None }
    }

    /// Whether events recorded for this actor are signed.
    pub fn signs(&self) -> bool {
        self.signer.is_some()
    }

    /// This actor signing its events with the key of `seed`. Only the store calls it, at a login
    /// that proved the password the seed derives from (the seed is never stored).
    pub fn signing_with(mut self, seed: Option<[u8; 32]>) -> Actor {
        self.signer = seed.map(Signer);
        self
    }

    /// The seed of the key this actor's events are signed with (for the store's event writer).
    pub fn signing_seed(&self) -> Option<&[u8; 32]> {
        self.signer.as_ref().map(|signer| &signer.0)
    }
}

/// The seed of an officer's Ed25519 signing key (derived from their password at login, never
/// stored). Debug output never shows it.
#[derive(Clone, PartialEq, Eq)]
struct Signer([u8; 32]);

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
