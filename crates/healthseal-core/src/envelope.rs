//! The one signed-document path: every healthseal document (credential, issuer statement, trust
//! list) is a tagged COSE_Sign1 in deterministic CBOR with the same header profile, told apart
//! by its content type.

use coset::{iana, CoseSign1Builder, HeaderBuilder, TaggedCborSerializable as _};

use crate::cbor::{self, DecodeLimits};
use crate::cose::{CoseError, CoseSign1};
use crate::decode_error::DecodeError;
use crate::header::{self, HeaderError};
use crate::limits::{MAX_CBOR_DEPTH, MAX_ENVELOPE_ITEMS};
use crate::{Kid, Signer, SignerError};

/// Ed25519 signature length (RFC 8032).
const SIGNATURE_LEN: usize = 64;

/// A structurally checked, not yet verified, signed document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Envelope {
    pub message: CoseSign1,
    pub kid: Kid,
    /// The content type found, one of those accepted.
    pub content_type: Option<&'static str>,
}

/// Limits for reading the COSE item, or its protected header, of `len` bytes: few items (the
/// payload is one byte string, decoded later by its reader), so that a hostile header is refused
/// before it is decoded; the memory limit is then reached only by the byte strings, which take at
/// most twice their size.
fn limits(len: usize) -> DecodeLimits {
    DecodeLimits { max_items: MAX_ENVELOPE_ITEMS, ..DecodeLimits::for_input(len, MAX_CBOR_DEPTH) }
}

/// Reads COSE bytes strictly: one deterministic CBOR item, tag 18, the header profile with the
/// one of the accepted content types, a 64-byte signature. The signature is not checked, and the payload is not
/// decoded.
///
/// Nothing is decoded before its size is known to be bounded: the item is refused with
/// `cbor_too_many_items` when it holds more than [`MAX_ENVELOPE_ITEMS`] data items, and so is
/// the protected header (as `header_not_deterministic_cbor`), before either is decoded. The
/// memory taken is then a few copies of the bytes at most.
pub(crate) fn open(bytes: &[u8], accepted: &[Option<&'static str>]) -> Result<Envelope, DecodeError> {
    let value = cbor::decode_within(bytes, &limits(bytes.len()))?;
    let message = CoseSign1::from_value(value)?;
    if !message.tagged {
        return Err(CoseError::Untagged.into());
    }
    cbor::check_limits(&message.protected, &limits(message.protected.len()))
        .map_err(HeaderError::NotDeterministic)?;
    let (kid, content_type) = header::check(&message.protected, &message.unprotected, accepted)?;
    if message.signature.len() != SIGNATURE_LEN {
        return Err(DecodeError::SignatureLength { len: message.signature.len() });
    }
    Ok(Envelope { message, kid, content_type })
}

/// Why a document could not be sealed.
#[derive(Debug)]
pub(crate) enum SealError {
    /// The COSE encoder failed (a bug: every checked document encodes).
    Encoding,
    /// The signer could not sign.
    Signer(SignerError),
}

/// Signs `payload` into a tagged COSE_Sign1 with `{1: -8, [3: content type,] 4: kid}`.
pub(crate) fn seal(
    payload: Vec<u8>,
    content_type: Option<&str>,
    key: &(impl Signer + ?Sized),
) -> Result<Vec<u8>, SealError> {
    let mut protected = HeaderBuilder::new()
        .algorithm(iana::Algorithm::EdDSA)
        .key_id(key.public_key().kid().as_bytes().to_vec());
    if let Some(ct) = content_type {
        protected = protected.content_type(ct.to_owned());
    }
    CoseSign1Builder::new()
        .protected(protected.build())
        .payload(payload)
        .try_create_signature(&[], |tbs| key.sign(tbs).map(|s| s.to_vec()))
        .map_err(SealError::Signer)?
        .build()
        .to_tagged_vec()
        .map_err(|_| SealError::Encoding)
}
