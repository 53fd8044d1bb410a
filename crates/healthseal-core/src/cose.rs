//! COSE_Sign1 (RFC 9052 section 4.2) as plain data: reading the four-element structure, and the
//! `Sig_structure` a signature covers (section 4.4). No profile rules here; see `sealed.rs`.

use ciborium::Value;
use thiserror::Error;

use crate::cbor;

/// CBOR tag of a COSE_Sign1 message (RFC 9052 section 2).
pub const COSE_SIGN1_TAG: u64 = 18;

/// A COSE_Sign1 message taken apart. The protected header is kept as the exact bytes received:
/// the signature covers those bytes, not a re-encoding of them.
///
/// ```
/// use healthseal_core::cose::CoseSign1;
/// // 18([h'a10127', {}, h'74657374', h'0102ff'])
/// let bytes = [0xd2, 0x84, 0x43, 0xa1, 0x01, 0x27, 0xa0, 0x44, b't', b'e', b's', b't', 0x43, 1, 2, 0xff];
/// let value = healthseal_core::cbor::decode_deterministic(&bytes, 8).unwrap();
/// let msg = CoseSign1::from_value(value).unwrap();
/// assert!(msg.tagged);
/// assert_eq!(msg.payload, b"test");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CoseSign1 {
    /// Whether the message carried tag 18.
    pub tagged: bool,
    /// The protected header, as the serialized map inside its byte string.
    pub protected: Vec<u8>,
    /// The unprotected header map's entries.
    pub unprotected: Vec<(Value, Value)>,
    /// The payload (a detached payload is refused).
    pub payload: Vec<u8>,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

/// Why a CBOR item is not a COSE_Sign1 message.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CoseError {
    /// Tagged with something other than 18.
    #[error("COSE: tag {tag} where COSE_Sign1 (18) was expected")]
    WrongTag {
        /// The tag found.
        tag: u64,
    },
    /// No tag where one is required.
    #[error("COSE: the message is not tagged as COSE_Sign1 (18)")]
    Untagged,
    /// Not an array of four elements.
    #[error("COSE: expected an array of 4 elements (protected, unprotected, payload, signature)")]
    NotSign1Array,
    /// The protected header is not a byte string.
    #[error("COSE: the protected header is not a byte string")]
    ProtectedNotBytes,
    /// The unprotected header is not a map.
    #[error("COSE: the unprotected header is not a map")]
    UnprotectedNotMap,
    /// The payload is missing (nil: detached) or not a byte string.
    #[error("COSE: the payload is not an embedded byte string")]
    PayloadNotBytes,
    /// The signature is not a byte string.
    #[error("COSE: the signature is not a byte string")]
    SignatureNotBytes,
    /// The protected header bytes are not a CBOR map.
    #[error("COSE: the protected header is not a CBOR map")]
    ProtectedNotMap,
}

impl CoseError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WrongTag { .. } => "cose_wrong_tag",
            Self::Untagged => "cose_untagged",
            Self::NotSign1Array => "cose_not_sign1_array",
            Self::ProtectedNotBytes => "cose_protected_not_bytes",
            Self::UnprotectedNotMap => "cose_unprotected_not_map",
            Self::PayloadNotBytes => "cose_payload_not_bytes",
            Self::SignatureNotBytes => "cose_signature_not_bytes",
            Self::ProtectedNotMap => "cose_protected_not_map",
        }
    }
}

impl CoseSign1 {
    /// Takes a decoded CBOR item apart. Tag 18 is optional here (RFC 9052 allows untagged
    /// messages where the context says what they are); profiles that require it check `tagged`.
    pub fn from_value(value: Value) -> Result<Self, CoseError> {
        let (tagged, inner) = match value {
            Value::Tag(COSE_SIGN1_TAG, inner) => (true, *inner),
            Value::Tag(tag, _) => return Err(CoseError::WrongTag { tag }),
            other => (false, other),
        };
        let Value::Array(items) = inner else { return Err(CoseError::NotSign1Array) };
        let Ok([protected, unprotected, payload, signature]) = <[Value; 4]>::try_from(items) else {
            return Err(CoseError::NotSign1Array);
        };
        Ok(Self {
            tagged,
            protected: match protected {
                Value::Bytes(b) => b,
                _ => return Err(CoseError::ProtectedNotBytes),
            },
            unprotected: match unprotected {
                Value::Map(m) => m,
                _ => return Err(CoseError::UnprotectedNotMap),
            },
            payload: match payload {
                Value::Bytes(b) => b,
                _ => return Err(CoseError::PayloadNotBytes),
            },
            signature: match signature {
                Value::Bytes(b) => b,
                _ => return Err(CoseError::SignatureNotBytes),
            },
        })
    }

    /// The protected header's entries, read as any valid CBOR (profiles that need deterministic
    /// encoding check the bytes themselves); an empty byte string stands for an empty map.
    pub fn protected_entries(&self, max_depth: usize) -> Result<Vec<(Value, Value)>, CoseError> {
        if self.protected.is_empty() {
            return Ok(Vec::new());
        }
        // Bounded like every other decoding: a hostile header is refused before it is decoded.
        let limits = cbor::DecodeLimits::for_input(self.protected.len(), max_depth);
        if cbor::check_limits(&self.protected, &limits).is_err() {
            return Err(CoseError::ProtectedNotMap);
        }
        match ciborium::de::from_reader_with_recursion_limit(self.protected.as_slice(), max_depth) {
            Ok(Value::Map(entries)) => Ok(entries),
            _ => Err(CoseError::ProtectedNotMap),
        }
    }

    /// The bytes the signature covers: `Sig_structure = ["Signature1", protected, external_aad,
    /// payload]` (RFC 9052 section 4.4), with the protected header's bytes as received.
    pub fn to_be_signed(&self, external_aad: &[u8]) -> Vec<u8> {
        to_be_signed(&self.protected, external_aad, &self.payload)
    }
}

/// `Sig_structure` for COSE_Sign1 from its parts (RFC 9052 section 4.4), written directly: one
/// buffer of its exact size, with no copy of the payload but the one in it.
///
/// ```
/// use ciborium::Value;
/// let tbs = healthseal_core::cose::to_be_signed(&[0xa0], &[], b"payload");
/// let expected = Value::Array(vec![
///     Value::Text("Signature1".into()),
///     Value::Bytes(vec![0xa0]),
///     Value::Bytes(vec![]),
///     Value::Bytes(b"payload".to_vec()),
/// ]);
/// assert_eq!(tbs, healthseal_core::cbor::encode(&expected));
/// ```
pub fn to_be_signed(protected: &[u8], external_aad: &[u8], payload: &[u8]) -> Vec<u8> {
    const CONTEXT: &str = "Signature1";
    const MAX_HEAD_LEN: usize = 9;
    let parts = [protected, external_aad, payload];
    let len = parts.iter().map(|p| MAX_HEAD_LEN + p.len()).sum::<usize>() + 1 + 1 + CONTEXT.len();
    let mut out = Vec::with_capacity(len);
    cbor::push_head(&mut out, cbor::MAJOR_ARRAY, 4);
    cbor::push_head(&mut out, cbor::MAJOR_TEXT, length(CONTEXT.as_bytes()));
    out.extend_from_slice(CONTEXT.as_bytes());
    for part in parts {
        cbor::push_head(&mut out, cbor::MAJOR_BYTES, length(part));
        out.extend_from_slice(part);
    }
    out
}

/// A length as a CBOR argument (lossless: no slice is longer than `u64::MAX` bytes).
fn length(bytes: &[u8]) -> u64 {
    u64::try_from(bytes.len()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sig_structure_is_what_ciborium_writes_for_every_head_length() {
        for len in [0, 1, 23, 24, 255, 256, 65_535, 65_536, 70_000] {
            let payload = vec![0x5a; len];
            let protected = vec![0xa1; len % 300];
            let aad = vec![7; len % 30];
            let expected = cbor::encode(&Value::Array(vec![
                Value::Text("Signature1".to_owned()),
                Value::Bytes(protected.clone()),
                Value::Bytes(aad.clone()),
                Value::Bytes(payload.clone()),
            ]));
            assert_eq!(to_be_signed(&protected, &aad, &payload), expected, "payload of {len} bytes");
        }
    }
}
