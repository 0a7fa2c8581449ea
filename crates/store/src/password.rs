//! Password hashing: Argon2id, PHC strings, and the one place its cost is set; and the officer's
//! signing key, drawn from the same Argon2id run.
//!
//! Verification reads the parameters from the stored PHC string, so hashes made with cheaper test
//! parameters still verify, and raising [`PRODUCTION`] later only affects new hashes. Nothing here
//! logs, stores or returns a password.
//!
//! **One run, two halves.** A credential made now ([`make`]) is one Argon2id run of 64 bytes
//! over the password and a fresh salt: the first 32 bytes are the verifier kept in the row
//! (`$argon2id$v=19$m=…,t=…,p=…,sign=ed25519$SALT$VERIFIER`), the last 32 the seed of the officer's
//! Ed25519 signing key, kept nowhere — it is derived again at each login, from the same run that
//! checks the password, so a login costs what it cost before. The two halves are one BLAKE2b-512
//! output of Argon2's final hash: the verifier does not give the seed. A hash stored before this
//! (`$argon2id$…`, 32 bytes) still verifies, without a key; the store replaces it at the next
//! login or password change (see `officers`).

use super::{StoreError, StoreResult};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// How expensive a new hash is: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

/// The production cost: Argon2id with 19 MiB, 2 passes, 1 lane — the OWASP password storage
/// recommendation (m=19456, t=2, p=1); about 20–40 ms per hash on a station PC. Six-digit PINs are
/// protected by the lockout after 5 failures, not by this cost alone.
pub const PRODUCTION: PasswordCost = PasswordCost { memory_kib: 19 * 1024, passes: 2, lanes: 1 };

/// For tests only (the smallest Argon2 allows): microseconds per hash. Never for real accounts.
pub const FAST_FOR_TESTS: PasswordCost = PasswordCost { memory_kib: 8, passes: 1, lanes: 1 };

fn hasher(cost: PasswordCost) -> StoreResult<Argon2<'static>> {
    let params = Params::new(cost.memory_kib, cost.passes, cost.lanes, None)
        .map_err(|e| StoreError::Corrupt(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) of `password` with a fresh random salt.
pub fn hash(password: &str, cost: PasswordCost) -> StoreResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    let phc = hasher(cost)?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| StoreError::Corrupt(format!("hashing a password: {e}")))?;
    Ok(phc.to_string())
}

/// The parameter marking a credential whose Argon2id run also gives a signing key.
const SIGNING_PARAM: &str = "sign=ed25519";

/// A new credential: what the row keeps, and the seed of the signing key (kept nowhere).
pub struct Credential {
    pub phc: String,
    pub seed: [u8; 32],
}

/// What a password check found.
pub enum Checked {
    Wrong,
    /// Right; the seed of the account's signing key, unless its hash is of the older form.
    Right(Option<[u8; 32]>),
}

/// A credential for `password` (one Argon2id run of 64 bytes, fresh salt): the verifier half in
/// a PHC-like string, the key half returned as the seed.
pub fn make(password: &str, cost: PasswordCost) -> StoreResult<Credential> {
    let salt = SaltString::generate(&mut OsRng);
    let out = run(password, salt.as_str(), cost)?;
    let (verifier, seed) = split(&out);
    let phc = format!(
        "$argon2id$v=19$m={},t={},p={},{SIGNING_PARAM}${}${}",
        cost.memory_kib,
        cost.passes,
        cost.lanes,
        salt.as_str(),
        hex::encode(verifier)
    );
    Ok(Credential { phc, seed })
}

/// Whether `password` matches `stored` (either form); for a credential of the signing form, the
/// seed of the signing key too. One Argon2id run either way.
pub fn check(password: &str, stored: &str) -> StoreResult<Checked> {
    if !is_signing(stored) {
        return Ok(if verify(password, stored)? { Checked::Right(None) } else { Checked::Wrong });
    }
    let damaged = || StoreError::Corrupt("stored password hash: malformed".into());
    let parts: Vec<&str> = stored.split('$').collect();
    let ["", "argon2id", _version, params, salt, verifier] = parts[..] else {
        return Err(damaged());
    };
    let mut cost = PasswordCost { memory_kib: 0, passes: 0, lanes: 0 };
    for param in params.split(',').filter(|p| *p != SIGNING_PARAM) {
        let (key, value) = param.split_once('=').ok_or_else(damaged)?;
        let value: u32 = value.parse().map_err(|_| damaged())?;
        match key {
            "m" => cost.memory_kib = value,
            "t" => cost.passes = value,
            "p" => cost.lanes = value,
            _ => return Err(damaged()),
        }
    }
    let expected = hex::decode(verifier).map_err(|_| damaged())?;
    let out = run(password, salt, cost)?;
    let (got, seed) = split(&out);
    Ok(if same(&got, &expected) { Checked::Right(Some(seed)) } else { Checked::Wrong })
}

/// Whether a stored credential is of the form that gives a signing key.
fn is_signing(stored: &str) -> bool {
    stored.split('$').nth(3).is_some_and(|params| params.split(',').any(|p| p == SIGNING_PARAM))
}

/// The public half of the signing key `seed` gives, as the events record it (hex).
pub fn public_key(seed: &[u8; 32]) -> String {
    hex::encode(ed25519_dalek::SigningKey::from_bytes(seed).verifying_key().to_bytes())
}

fn run(password: &str, salt: &str, cost: PasswordCost) -> StoreResult<[u8; 64]> {
    let params = Params::new(cost.memory_kib, cost.passes, cost.lanes, Some(64))
        .map_err(|e| StoreError::Corrupt(format!("argon2 parameters: {e}")))?;
    let mut out = [0u8; 64];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt.as_bytes(), &mut out)
        .map_err(|e| StoreError::Corrupt(format!("hashing a password: {e}")))?;
    Ok(out)
}

fn split(out: &[u8; 64]) -> ([u8; 32], [u8; 32]) {
    let mut verifier = [0u8; 32];
    let mut seed = [0u8; 32];
    verifier.copy_from_slice(&out[..32]);
    seed.copy_from_slice(&out[32..]);
    (verifier, seed)
}

/// Compared in time independent of where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `password` matches the stored PHC string. A malformed stored hash is damage, not a
/// wrong password.
pub fn verify(password: &str, phc: &str) -> StoreResult<bool> {
    if is_signing(phc) {
        return Ok(matches!(check(password, phc)?, Checked::Right(_)));
    }
    let parsed = PasswordHash::new(phc)
        .map_err(|e| StoreError::Corrupt(format!("stored password hash: {e}")))?;
    match Argon2::default().verify_password(password.as_bytes(), &parsed) {
        Ok(()) => Ok(true),
        Err(argon2::password_hash::Error::Password) => Ok(false),
        Err(e) => Err(StoreError::Corrupt(format!("verifying a password: {e}"))),
    }
}

/// A hash at [`PRODUCTION`] cost of a password nobody has (made once, kept here so that a login
/// does not pay for two hashes).
const PRODUCTION_DUMMY: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$DydrX2lAUAn5bJcgjQ1Wzw$bhDLGN1Vqvaa0Pij1/yrfEA+Q7i/sAdCx3B5SWvWZ10";

/// A hash at `cost` that no password is expected to match: logging in with an unknown badge
/// verifies against it, so the time taken does not tell which badges exist.
pub fn dummy_hash(cost: PasswordCost) -> StoreResult<&'static str> {
    if cost == PRODUCTION {
        return Ok(PRODUCTION_DUMMY);
    }
    static OTHER_DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = OTHER_DUMMY.get() {
        return Ok(h);
    }
    let made = hash("zhifa: no such officer", cost)?;
    Ok(OTHER_DUMMY.get_or_init(|| made))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_carry_their_parameters() {
        let phc = hash("123456", FAST_FOR_TESTS).expect("hash");
        assert!(phc.starts_with("$argon2id$v=19$m=8,t=1,p=1$"), "{phc}");
        assert!(!phc.contains("123456"));
        assert!(verify("123456", &phc).expect("verify"));
        assert!(!verify("123457", &phc).expect("verify"));
        assert_ne!(phc, hash("123456", FAST_FOR_TESTS).expect("hash"), "fresh salt each time");
    }

    #[test]
    fn production_parameters_are_the_documented_ones() {
        let phc = hash("qingjiang-admin", PRODUCTION).expect("hash");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        // docs/SECURITY.md: a 16-byte random salt and a 32-byte output (unpadded base64).
        let parts: Vec<&str> = phc.split('$').collect();
        assert_eq!((parts[4].len(), parts[5].len()), (22, 43), "{phc}");
    }

    #[test]
    fn the_production_dummy_has_the_production_cost() {
        let dummy = dummy_hash(PRODUCTION).expect("dummy");
        assert!(dummy.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{dummy}");
        assert!(!verify("123456", dummy).expect("verify"));
    }

    #[test]
    fn one_run_checks_the_password_and_gives_the_key_the_hash_does_not_reveal() {
        let made = make("100100", FAST_FOR_TESTS).expect("credential");
        assert!(made.phc.starts_with("$argon2id$v=19$m=8,t=1,p=1,sign=ed25519$"), "{}", made.phc);
        assert!(!made.phc.contains(&hex::encode(made.seed)), "the seed is not in the row");
        let Checked::Right(Some(seed)) = check("100100", &made.phc).expect("check") else {
            panic!("the right password gives the key")
        };
        assert_eq!(seed, made.seed, "the same key at every login");
        assert!(matches!(check("100101", &made.phc).expect("check"), Checked::Wrong));
        assert!(verify("100100", &made.phc).expect("verify"));
        // A hash of the older form still verifies, without a key.
        let old = hash("100100", FAST_FOR_TESTS).expect("hash");
        assert!(matches!(check("100100", &old).expect("check"), Checked::Right(None)));
        assert_ne!(make("100100", FAST_FOR_TESTS).expect("again").seed, made.seed, "fresh salt");
    }

    #[test]
    fn a_damaged_hash_is_an_error_not_a_mismatch() {
        assert!(verify("x", "not a PHC string").is_err());
    }
}
