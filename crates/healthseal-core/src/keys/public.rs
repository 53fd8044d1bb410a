//! Ed25519 public keys: raw bytes, SPKI PEM (RFC 8410), strict verification.

use ed25519_dalek::pkcs8::{DecodePublicKey, EncodePublicKey};
use ed25519_dalek::{Signature, VerifyingKey};
use pkcs8::LineEnding;
use thiserror::Error;

use crate::Kid;

/// An Ed25519 public key with its kid.
///
/// ```
/// use healthseal_core::{PublicKey, SigningKey};
/// let key = SigningKey::from_seed([1; 32]);
/// let public = key.public_key();
/// let pem = public.to_pem();
/// assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"));
/// assert_eq!(PublicKey::from_pem(&pem).unwrap(), *public);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    key: VerifyingKey,
    kid: Kid,
}

/// A public key that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Not 32 bytes, or not the encoding of a curve point.
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
    /// A point of small order, for which signatures prove nothing.
    #[error("the Ed25519 public key is weak (small order) and is refused")]
    WeakPublicKey,
    /// Not a PEM SubjectPublicKeyInfo for Ed25519.
    #[error("not an Ed25519 public key in PEM (expected -----BEGIN PUBLIC KEY-----)")]
    InvalidPem,
    /// Not a PKCS#8 Ed25519 private key.
    #[error("not an Ed25519 private key in PKCS#8 PEM")]
    InvalidPrivateKey,
    /// The passphrase does not open the encrypted key (or the file is damaged).
    #[error("the passphrase does not unlock this key (or the key file is damaged)")]
    WrongPassphrase,
    /// The encrypted key uses a key-derivation setting too costly to try.
    #[error("the encrypted key's derivation cost ({iterations} iterations) is above the limit of {max}")]
    KdfTooCostly {
        /// Iterations the file asks for.
        iterations: u64,
        /// The limit.
        max: u64,
    },
    /// The encrypted key uses a scheme this build does not read.
    #[error("the encrypted key uses an unsupported scheme (use PBES2 with PBKDF2-SHA256 and AES-256-CBC)")]
    UnsupportedEncryption,
}

/// A signature that does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the signature does not verify under this key")]
pub struct SignatureError;

impl PublicKey {
    /// A key from its 32 raw bytes; invalid and small-order points are refused.
    pub fn from_bytes(raw: &[u8]) -> Result<Self, KeyError> {
        let raw: &[u8; 32] = raw.try_into().map_err(|_| KeyError::InvalidPublicKey)?;
        let key = VerifyingKey::from_bytes(raw).map_err(|_| KeyError::InvalidPublicKey)?;
        if key.is_weak() {
            return Err(KeyError::WeakPublicKey);
        }
        Ok(Self { key, kid: Kid::of_raw_key(raw) })
    }

    pub(crate) fn from_verifying_key(key: VerifyingKey) -> Self {
        Self { kid: Kid::of_raw_key(key.as_bytes()), key }
    }

    /// The same key under another kid, to test kid collisions (which take about 2^32 work to
    /// make on purpose, so verifiers must handle them).
    #[cfg(test)]
    pub(crate) fn with_kid(self, kid: Kid) -> Self {
        Self { kid, ..self }
    }

    /// The 32 raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.key.as_bytes()
    }

    /// The key id.
    pub fn kid(&self) -> Kid {
        self.kid
    }

    /// Checks an Ed25519 signature with `verify_strict` (RFC 8032 with canonical `S`, no
    /// small-order `R` or key). This is the one signature check every healthseal object goes
    /// through.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
        let signature = Signature::from_slice(signature).map_err(|_| SignatureError)?;
        self.key.verify_strict(message, &signature).map_err(|_| SignatureError)
    }

    /// SPKI PEM, as `openssl pkey -pubin` reads it.
    pub fn to_pem(&self) -> String {
        // Encoding a valid key cannot fail; an empty string would be refused by every reader.
        self.key.to_public_key_pem(LineEnding::LF).unwrap_or_default()
    }

    /// Reads an SPKI PEM block (just the block, no text around it).
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let key = VerifyingKey::from_public_key_pem(pem.trim()).map_err(|_| KeyError::InvalidPem)?;
        Self::from_bytes(key.as_bytes())
    }
}
