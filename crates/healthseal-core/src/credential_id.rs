//! The credential id (CWT `cti`): 8 random bytes, the handle for revocation.

use std::fmt;
use std::str::FromStr;

use rand_core::CryptoRngCore;
use thiserror::Error;

/// A credential id. 64 random bits: a collision among a billion credentials has odds of about
/// 1 in 37 million, and a revocation list entry costs 8 bytes.
///
/// ```
/// use healthseal_core::CredentialId;
/// let id: CredentialId = "00112233aabbccdd".parse().unwrap();
/// assert_eq!(id.to_string(), "00112233aabbccdd");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CredentialId([u8; 8]);

/// A credential id that is not 16 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("credential id {0:?} is not 16 hexadecimal digits")]
pub struct CredentialIdError(pub String);

impl CredentialId {
    /// Length in bytes.
    pub const LEN: usize = 8;

    /// A fresh id from a cryptographic random source.
    pub fn random(rng: &mut impl CryptoRngCore) -> Self {
        let mut bytes = [0u8; 8];
        rng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// The id with these bytes.
    pub fn from_bytes(bytes: [u8; 8]) -> Self {
        Self(bytes)
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8; 8] {
        &self.0
    }
}

impl FromStr for CredentialId {
    type Err = CredentialIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || CredentialIdError(s.chars().take(32).collect());
        let bytes = crate::hex::decode_array::<8>(s).ok_or_else(err)?;
        Ok(Self(bytes))
    }
}

impl fmt::Display for CredentialId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::hex::write(f, &self.0)
    }
}
