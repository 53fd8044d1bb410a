//! Helpers shared by the integration tests.
#![allow(dead_code)]

use healthseal_core::{Credential, Sealed, SigningKey};
use healthseal_test_support::drafts;

/// The test issuing key (fixed seed).
pub fn issuing_key() -> SigningKey {
    SigningKey::from_seed([0x42; 32])
}

/// A typical credential: a 20-character Latin name, full birth date, no basis, no not-before.
pub fn typical() -> Credential {
    drafts::typical().check().unwrap()
}

/// The whole checkpoint path for text: strict decode, then signature against `keys`, then
/// claims. Returns the stable code of the first failure.
pub fn check_text(text: &str, keys: &[&healthseal_core::PublicKey]) -> Result<Credential, &'static str> {
    let sealed = Sealed::from_text(text).map_err(|e| e.code())?;
    sealed.verify(keys.iter().copied()).map(|v| v.into_inner()).map_err(|e| e.code())
}
