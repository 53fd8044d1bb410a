//! Key ids: the first 8 bytes of SHA-256 over the raw public key.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};
use thiserror::Error;

/// A key id. Not unique: two keys can share one, so a verifier tries every key with the kid.
///
/// ```
/// use healthseal_core::Kid;
/// let kid = Kid::of_raw_key(&[0u8; 32]);
/// assert_eq!(kid.to_string(), "66687aadf862bd77");
/// assert_eq!("66687aadf862bd77".parse::<Kid>().unwrap(), kid);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kid([u8; 8]);

/// A kid that is not 16 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("key id {0:?} is not 16 hexadecimal digits")]
pub struct KidError(pub String);

impl Kid {
    /// Length in bytes.
    pub const LEN: usize = 8;

    /// The kid of a raw 32-byte Ed25519 public key.
    pub fn of_raw_key(raw: &[u8; 32]) -> Self {
        let digest = Sha256::digest(raw);
        let mut kid = [0u8; 8];
        kid.copy_from_slice(&digest[..8]);
        Self(kid)
    }

    /// The kid with these bytes, as read from a header.
    pub fn from_bytes(bytes: [u8; 8]) -> Self {
        Self(bytes)
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8; 8] {
        &self.0
    }
}

impl FromStr for Kid {
    type Err = KidError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::hex::decode_array::<8>(s).map(Self).ok_or_else(|| KidError(s.chars().take(32).collect()))
    }
}

impl fmt::Display for Kid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::hex::write(f, &self.0)
    }
}
