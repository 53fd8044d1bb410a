//! Signing and opening trust documents through the common envelope.

use ciborium::Value;

use super::TrustDocError;
use crate::limits::{MAX_CBOR_DEPTH, MAX_TRUST_DOC_LEN};
use crate::{cbor, envelope, Kid, PublicKey, SigningKey};

/// Which kind of trust document, and its content type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    pub name: &'static str,
    pub content_type: &'static str,
}

pub(crate) fn sign(payload: &Value, kind: Kind, key: &SigningKey) -> Result<Vec<u8>, TrustDocError> {
    let bytes = envelope::seal(cbor::encode(payload), Some(kind.content_type), key)
        .map_err(|_| TrustDocError::invalid(kind.name, "could not be encoded"))?;
    if bytes.len() > MAX_TRUST_DOC_LEN {
        return Err(TrustDocError::TooLarge { len: bytes.len(), max: MAX_TRUST_DOC_LEN });
    }
    Ok(bytes)
}

/// Structure only: returns the payload and the signer's kid, signature NOT checked.
pub(crate) fn open_unverified(bytes: &[u8], kind: Kind) -> Result<(Value, Kid), TrustDocError> {
    let envelope = open_envelope(bytes, kind)?;
    Ok((payload(&envelope.message.payload)?, envelope.kid))
}

/// Structure, then the signature under `root`, then the payload.
pub(crate) fn open(bytes: &[u8], kind: Kind, root: &PublicKey) -> Result<Value, TrustDocError> {
    let envelope = open_envelope(bytes, kind)?;
    if envelope.kid != root.kid() {
        return Err(TrustDocError::NotSignedByRoot { expected: root.kid(), found: envelope.kid });
    }
    root.verify(&envelope.message.to_be_signed(&[]), &envelope.message.signature)
        .map_err(|_| TrustDocError::BadSignature)?;
    payload(&envelope.message.payload)
}

fn open_envelope(bytes: &[u8], kind: Kind) -> Result<envelope::Envelope, TrustDocError> {
    if bytes.len() > MAX_TRUST_DOC_LEN {
        return Err(TrustDocError::TooLarge { len: bytes.len(), max: MAX_TRUST_DOC_LEN });
    }
    envelope::open(bytes, Some(kind.content_type))
        .map_err(|error| TrustDocError::Envelope { kind: kind.name, error })
}

fn payload(bytes: &[u8]) -> Result<Value, TrustDocError> {
    cbor::decode_deterministic(bytes, MAX_CBOR_DEPTH).map_err(TrustDocError::Cbor)
}
