//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod world;

use healthseal_core::{Credential, CredentialDraft, CredentialId, Sealed, SigningKey, Status, Timestamp};

/// The test issuing key (fixed seed).
pub fn issuing_key() -> SigningKey {
    SigningKey::from_seed([0x42; 32])
}

/// 2026-11-25T00:00:00Z.
pub fn t0() -> Timestamp {
    Timestamp::from_unix(1_795_564_800).unwrap()
}

/// A typical credential: a 20-character Latin name, full birth date, no basis, no not-before.
pub fn typical() -> Credential {
    CredentialDraft {
        region: "CN-ZJ".parse().unwrap(),
        issued_at: t0(),
        not_before: None,
        expires_at: Timestamp::from_unix(t0().unix() + 72 * 3600).unwrap(),
        id: CredentialId::from_bytes([0xc0, 0xff, 0xee, 0x00, 0x12, 0x34, 0x56, 0x78]),
        status: Status::Green,
        name: "Maximilian Oberhofer".into(),
        birth_date: "1987-06-15".into(),
        basis: None,
    }
    .check()
    .unwrap()
}

/// The whole checkpoint path for text: strict decode, then signature against `keys`, then
/// claims. Returns the stable code of the first failure.
pub fn check_text(text: &str, keys: &[&healthseal_core::PublicKey]) -> Result<Credential, &'static str> {
    let sealed = Sealed::from_text(text).map_err(|e| e.code())?;
    sealed.verify(keys.iter().copied()).map(|v| v.into_inner()).map_err(|e| e.code())
}
