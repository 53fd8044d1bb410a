//! A signed credential: signing, strict decoding, and verification against candidate keys.

use thiserror::Error;

use crate::claims::{self, ClaimsError};
use crate::cose::CoseSign1;
use crate::decode_error::DecodeError;
use crate::envelope::{self, SealError};
use crate::limits::{MAX_CANDIDATE_KEYS, MAX_TEXT_LEN};
use crate::text;
use crate::{Credential, Kid, PublicKey, Signer, SignerError, Verified};

/// A credential as signed: structurally checked COSE_Sign1, not yet verified.
///
/// ```
/// use healthseal_core::{CredentialDraft, CredentialId, Sealed, SigningKey, Status, Timestamp};
/// let key = SigningKey::from_seed([1; 32]);
/// let now = Timestamp::from_unix(1_795_564_800).unwrap();
/// let credential = CredentialDraft {
///     region: "CN-ZJ".parse().unwrap(),
///     issued_at: now,
///     not_before: None,
///     expires_at: Timestamp::from_unix(now.unix() + 3600).unwrap(),
///     id: CredentialId::from_bytes([1; 8]),
///     status: Status::Green,
///     name: "Li Wei".into(),
///     birth_date: "1985-03-02".into(),
///     basis: None,
/// }
/// .check()
/// .unwrap();
///
/// let text = Sealed::sign(&credential, &key).unwrap().to_text();
/// assert!(text.starts_with("HS1:"));
///
/// let verified = Sealed::from_text(&text).unwrap().verify([key.public_key()]).unwrap();
/// assert_eq!(*verified, credential);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sealed {
    bytes: Vec<u8>,
    message: CoseSign1,
    kid: Kid,
}

/// Why a well-formed credential does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// No candidate key has the credential's kid.
    #[error("no trusted key has key id {kid}")]
    UnknownKey {
        /// The credential's kid.
        kid: Kid,
    },
    /// More keys share the kid than may be tried: the key list is malformed or hostile.
    #[error("more than {max} trusted keys share key id {kid}; refusing to try them all")]
    TooManyKeys {
        /// The kid.
        kid: Kid,
        /// The limit.
        max: usize,
    },
    /// The signature holds under none of the keys with the kid.
    #[error("the signature does not verify under any of the {tried} trusted key(s) with key id {kid}")]
    BadSignature {
        /// The kid.
        kid: Kid,
        /// How many keys were tried.
        tried: usize,
    },
    /// The signature holds, but the claims do not make a valid credential.
    #[error(transparent)]
    Claims(#[from] ClaimsError),
}

impl VerifyError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownKey { .. } => "unknown_key",
            Self::TooManyKeys { .. } => "too_many_keys",
            Self::BadSignature { .. } => "bad_signature",
            Self::Claims(e) => e.code(),
        }
    }
}

/// Why a credential could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SignError {
    /// The signed credential would be longer than any verifier reads.
    #[error("the credential would be {len} characters of text; the limit is {max} (shorten the name)")]
    TooLarge {
        /// Text length it would have.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The COSE encoder failed (a bug: every checked credential encodes).
    #[error("encoding the credential failed")]
    Encoding,
    /// The encoded credential does not pass the strict decoder (a bug, caught before issuing).
    #[error("the encoded credential fails its own strict decoding: {0}")]
    SelfCheck(DecodeError),
    /// The signer could not sign (a token removed, a key that refuses): nothing was issued.
    #[error(transparent)]
    Signer(SignerError),
}

impl Sealed {
    /// Signs a credential with an issuing key, in memory or in a token (any [`Signer`]). The
    /// result is decoded again with the strict decoder before it is returned, so nothing is
    /// issued that a checkpoint would refuse to read.
    pub fn sign(credential: &Credential, key: &(impl Signer + ?Sized)) -> Result<Self, SignError> {
        let payload = claims::encode(credential).map_err(|_| SignError::Encoding)?;
        let bytes = envelope::seal(payload, None, key).map_err(|e| match e {
            SealError::Encoding => SignError::Encoding,
            SealError::Signer(e) => SignError::Signer(e),
        })?;
        let len = text::PREFIX.len() + bytes.len() / 2 * 3 + bytes.len() % 2 * 2;
        if len > MAX_TEXT_LEN {
            return Err(SignError::TooLarge { len, max: MAX_TEXT_LEN });
        }
        Self::from_cose_bytes(&bytes).map_err(SignError::SelfCheck)
    }

    /// Reads credential text (`HS1:…`) strictly, layer by layer. The signature is not checked.
    pub fn from_text(text: &str) -> Result<Self, DecodeError> {
        Self::from_cose_bytes(&text::decode_text(text)?)
    }

    /// Reads COSE bytes strictly: one deterministic CBOR item, tag 18, the header profile, a
    /// 64-byte signature. The signature is not checked.
    pub fn from_cose_bytes(bytes: &[u8]) -> Result<Self, DecodeError> {
        let envelope::Envelope { message, kid, .. } = envelope::open(bytes, &[None])?;
        Ok(Self { bytes: bytes.to_vec(), message, kid })
    }

    /// The key id in the protected header (not yet authenticated).
    pub fn kid(&self) -> Kid {
        self.kid
    }

    /// The COSE bytes.
    pub fn cose_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The credential text, `HS1:` + base45.
    pub fn to_text(&self) -> String {
        text::encode_text(&self.bytes)
    }

    /// Checks the signature against every candidate key with this credential's kid (others are
    /// skipped), then reads the claims. Nothing from the payload is read before a signature holds.
    pub fn verify<'k>(
        &self,
        candidates: impl IntoIterator<Item = &'k PublicKey>,
    ) -> Result<Verified<Credential>, VerifyError> {
        let mut matching = [None; MAX_CANDIDATE_KEYS];
        let mut count = 0;
        for key in candidates.into_iter().filter(|k| k.kid() == self.kid) {
            let slot = matching
                .get_mut(count)
                .ok_or(VerifyError::TooManyKeys { kid: self.kid, max: MAX_CANDIDATE_KEYS })?;
            *slot = Some(key);
            count += 1;
        }
        if count == 0 {
            return Err(VerifyError::UnknownKey { kid: self.kid });
        }
        let tbs = self.to_be_signed();
        if matching.iter().flatten().any(|key| self.signature_holds(&tbs, key)) {
            return Ok(self.claims_after_signature()?);
        }
        Err(VerifyError::BadSignature { kid: self.kid, tried: count })
    }

    /// The bytes the signature covers.
    pub(crate) fn to_be_signed(&self) -> Vec<u8> {
        self.message.to_be_signed(&[])
    }

    /// Whether the signature holds under `key`, given the bytes from [`Self::to_be_signed`].
    pub(crate) fn signature_holds(&self, to_be_signed: &[u8], key: &PublicKey) -> bool {
        key.kid() == self.kid && key.verify(to_be_signed, &self.message.signature).is_ok()
    }

    /// The claims, for callers that have just seen [`Self::signature_holds`] succeed.
    pub(crate) fn claims_after_signature(&self) -> Result<Verified<Credential>, ClaimsError> {
        Ok(Verified::new(claims::decode(&self.message.payload)?, self.kid))
    }

    /// Reads the claims WITHOUT checking the signature, for inspection tools only. Never show
    /// the result as if it were verified.
    pub fn claims_unverified(&self) -> Result<Credential, ClaimsError> {
        claims::decode(&self.message.payload)
    }

    /// The COSE message parts.
    pub fn message(&self) -> &CoseSign1 {
        &self.message
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CredentialDraft, CredentialId, SigningKey, Status, Timestamp};

    fn signed() -> (Sealed, SigningKey, Credential) {
        let key = SigningKey::from_seed([1; 32]);
        let credential = CredentialDraft {
            region: "CN-HA".parse().unwrap(),
            issued_at: Timestamp::from_unix(1_800_000_000).unwrap(),
            not_before: None,
            expires_at: Timestamp::from_unix(1_800_086_400).unwrap(),
            id: CredentialId::from_bytes([9; 8]),
            status: Status::Yellow,
            name: "A B".into(),
            birth_date: "2001".into(),
            basis: None,
        }
        .check()
        .unwrap();
        (Sealed::sign(&credential, &key).unwrap(), key, credential)
    }

    #[test]
    fn two_keys_under_one_kid_are_both_tried_in_either_order() {
        let (sealed, key, credential) = signed();
        let impostor = SigningKey::from_seed([2; 32]).public_key().clone().with_kid(sealed.kid());
        let right = key.public_key().clone();
        for order in [[&impostor, &right], [&right, &impostor]] {
            let verified = sealed.verify(order).unwrap();
            assert_eq!(*verified, credential);
        }
        let other_impostor = SigningKey::from_seed([3; 32]).public_key().clone().with_kid(sealed.kid());
        assert_eq!(
            sealed.verify([&impostor, &other_impostor]),
            Err(VerifyError::BadSignature { kid: sealed.kid(), tried: 2 })
        );
    }

    #[test]
    fn the_work_per_kid_is_bounded() {
        let (sealed, _, _) = signed();
        let many: Vec<_> = (0..=MAX_CANDIDATE_KEYS)
            .map(|i| {
                SigningKey::from_seed([u8::try_from(i).unwrap() + 10; 32])
                    .public_key()
                    .clone()
                    .with_kid(sealed.kid())
            })
            .collect();
        assert_eq!(
            sealed.verify(&many),
            Err(VerifyError::TooManyKeys { kid: sealed.kid(), max: MAX_CANDIDATE_KEYS })
        );
        assert!(matches!(sealed.verify(&many[..MAX_CANDIDATE_KEYS]), Err(VerifyError::BadSignature { .. })));
    }
}
