//! Signing as a capability: whatever holds an Ed25519 private key and can sign bytes with it,
//! in memory or in a hardware token, behind one small interface that credentials, issuer
//! statements and trust lists all sign through.

use thiserror::Error;

use super::{PublicKey, SigningKey};

/// Something that signs with one Ed25519 key (RFC 8032): a [`SigningKey`] in memory, or a key
/// that never leaves a token. Its public key names it (its kid goes into every document's
/// protected header); [`Signer::sign`] is the only operation that needs the private key.
///
/// A signer must return a signature that verifies under [`Signer::public_key`]: documents are
/// not verified again after signing (that would double the cost of issuing), so an
/// implementation whose signing can go wrong in a way the token does not report (a wrong key
/// object) checks its own signatures.
///
/// ```
/// use healthseal_core::{Signer, SigningKey};
/// fn kid_and_signature(signer: &dyn Signer) -> (String, [u8; 64]) {
///     (signer.public_key().kid().to_string(), signer.sign(b"bytes").unwrap())
/// }
/// let key = SigningKey::from_seed([1; 32]);
/// let (_, signature) = kid_and_signature(&key);
/// assert!(key.public_key().verify(b"bytes", &signature).is_ok());
/// ```
pub trait Signer {
    /// The public key whose private half signs.
    fn public_key(&self) -> &PublicKey;

    /// An Ed25519 signature over `message`.
    fn sign(&self, message: &[u8]) -> Result<[u8; 64], SignerError>;
}

/// Why a signer could not sign.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SignerError {
    /// The key is not reachable now (a token removed, a session closed, a PIN locked): nothing
    /// was signed, and signing again later may work.
    #[error("the signing key is not available: {reason}")]
    Unavailable {
        /// What the key's holder reported, for people.
        reason: String,
    },
    /// The key refused to sign (wrong key type, a key not allowed to sign).
    #[error("the signing key refused to sign: {reason}")]
    Refused {
        /// What the key's holder reported, for people.
        reason: String,
    },
}

impl Signer for SigningKey {
    fn public_key(&self) -> &PublicKey {
        SigningKey::public_key(self)
    }

    fn sign(&self, message: &[u8]) -> Result<[u8; 64], SignerError> {
        Ok(SigningKey::sign(self, message))
    }
}

impl<S: Signer + ?Sized> Signer for &S {
    fn public_key(&self) -> &PublicKey {
        (**self).public_key()
    }

    fn sign(&self, message: &[u8]) -> Result<[u8; 64], SignerError> {
        (**self).sign(message)
    }
}

impl<S: Signer + ?Sized> Signer for Box<S> {
    fn public_key(&self) -> &PublicKey {
        (**self).public_key()
    }

    fn sign(&self, message: &[u8]) -> Result<[u8; 64], SignerError> {
        (**self).sign(message)
    }
}
