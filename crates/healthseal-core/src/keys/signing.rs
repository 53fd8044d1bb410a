//! Ed25519 private keys and PKCS#8 PEM, plain or encrypted with PBES2 (RFC 8018).

use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, KeypairBytes};
use ed25519_dalek::Signer as _;
use pkcs8::der::Decode as _;
use pkcs8::{EncryptedPrivateKeyInfo, LineEnding, PrivateKeyInfo};
use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use super::{KeyError, PublicKey};

/// PBKDF2-HMAC-SHA256 iterations for new encrypted keys (OWASP 2023 guidance for this PRF).
/// Unlocking takes a fraction of a second, once per run.
pub const PBKDF2_ITERATIONS: u32 = 600_000;

/// Highest iteration count accepted when unlocking: a file asking for more is refused rather
/// than left to spin for minutes.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// An Ed25519 signing key. Its secret is wiped from memory when dropped.
///
/// ```
/// use healthseal_core::SigningKey;
/// let key = SigningKey::from_seed([9; 32]);
/// let pem = key.to_pkcs8_pem();
/// let back = SigningKey::from_pkcs8_pem(&pem).unwrap();
/// assert_eq!(back.public_key(), key.public_key());
/// ```
pub struct SigningKey {
    key: ed25519_dalek::SigningKey,
    public: PublicKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey").field("kid", &self.public.kid()).finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A new key from a cryptographic random source.
    pub fn generate(rng: &mut impl CryptoRngCore) -> Self {
        Self::from_dalek(ed25519_dalek::SigningKey::generate(rng))
    }

    /// The key with this 32-byte seed (RFC 8032 private key). For tests and fixtures.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self::from_dalek(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    fn from_dalek(key: ed25519_dalek::SigningKey) -> Self {
        let public = PublicKey::from_verifying_key(key.verifying_key());
        Self { key, public }
    }

    /// The same key announcing another kid, to test kid collisions.
    #[cfg(test)]
    pub(crate) fn with_kid(self, kid: crate::Kid) -> Self {
        Self { public: self.public.with_kid(kid), key: self.key }
    }

    /// The public half.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// Signs a message (RFC 8032, deterministic).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }

    /// The key as PKCS#8 version 1 (RFC 5208: no embedded public key). ed25519-dalek writes
    /// version 2 with the public key, which OpenSSL 3.0 refuses to load ("unsupported").
    fn v1(&self) -> KeypairBytes {
        KeypairBytes { secret_key: self.key.to_bytes(), public_key: None }
    }

    /// Unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
        // Encoding a valid key cannot fail; an empty result would be refused by every reader.
        self.v1().to_pkcs8_pem(LineEnding::LF).unwrap_or_default()
    }

    /// Encrypted PKCS#8 PEM (`-----BEGIN ENCRYPTED PRIVATE KEY-----`): PBES2 with
    /// PBKDF2-HMAC-SHA256 and AES-256-CBC, the scheme `openssl pkcs8 -topk8` uses by default.
    pub fn to_encrypted_pkcs8_pem(
        &self,
        passphrase: &[u8],
        rng: &mut impl CryptoRngCore,
    ) -> Result<Zeroizing<String>, KeyError> {
        self.to_encrypted_pkcs8_pem_with(passphrase, rng, PBKDF2_ITERATIONS)
    }

    /// As [`Self::to_encrypted_pkcs8_pem`] with a chosen iteration count (tests use fewer).
    pub fn to_encrypted_pkcs8_pem_with(
        &self,
        passphrase: &[u8],
        rng: &mut impl CryptoRngCore,
        iterations: u32,
    ) -> Result<Zeroizing<String>, KeyError> {
        let mut salt = [0u8; 16];
        let mut iv = [0u8; 16];
        rng.fill_bytes(&mut salt);
        rng.fill_bytes(&mut iv);
        let params = pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(iterations, &salt, &iv)
            .map_err(|_| KeyError::UnsupportedEncryption)?;
        let der = self.v1().to_pkcs8_der().map_err(|_| KeyError::InvalidPrivateKey)?;
        let info = PrivateKeyInfo::from_der(der.as_bytes()).map_err(|_| KeyError::InvalidPrivateKey)?;
        let encrypted =
            info.encrypt_with_params(params, passphrase).map_err(|_| KeyError::UnsupportedEncryption)?;
        encrypted.to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF).map_err(|_| KeyError::InvalidPrivateKey)
    }

    /// Reads an unencrypted PKCS#8 PEM block.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, KeyError> {
        ed25519_dalek::SigningKey::from_pkcs8_pem(pem.trim())
            .map(Self::from_dalek)
            .map_err(|_| KeyError::InvalidPrivateKey)
    }

    /// Reads an encrypted PKCS#8 block given as DER, refusing derivation costs above
    /// [`MAX_PBKDF2_ITERATIONS`] before doing any work.
    pub fn from_encrypted_pkcs8_der(der: &[u8], passphrase: &[u8]) -> Result<Self, KeyError> {
        let info = EncryptedPrivateKeyInfo::try_from(der).map_err(|_| KeyError::InvalidPrivateKey)?;
        let pbes2 = info.encryption_algorithm.pbes2().ok_or(KeyError::UnsupportedEncryption)?;
        match &pbes2.kdf {
            pkcs8::pkcs5::pbes2::Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => {
                return Err(KeyError::KdfTooCostly {
                    iterations: u64::from(p.iteration_count),
                    max: u64::from(MAX_PBKDF2_ITERATIONS),
                });
            }
            pkcs8::pkcs5::pbes2::Kdf::Pbkdf2(_) => {}
            _ => return Err(KeyError::UnsupportedEncryption),
        }
        let plain = info.decrypt(passphrase).map_err(|_| KeyError::WrongPassphrase)?;
        ed25519_dalek::SigningKey::from_pkcs8_der(plain.as_bytes())
            .map(Self::from_dalek)
            .map_err(|_| KeyError::WrongPassphrase)
    }
}
