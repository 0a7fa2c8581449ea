//! Password hashing: Argon2id, PHC strings, and the one place its cost is set.
//!
//! Verification reads the parameters from the stored PHC string, so hashes made with cheaper test
//! parameters still verify, and raising [`PRODUCTION`] later only affects new hashes. Nothing here
//! logs, stores or returns a password.

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

/// Whether `password` matches the stored PHC string. A malformed stored hash is damage, not a
/// wrong password.
pub fn verify(password: &str, phc: &str) -> StoreResult<bool> {
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
    fn a_damaged_hash_is_an_error_not_a_mismatch() {
        assert!(verify("x", "not a PHC string").is_err());
    }
}
