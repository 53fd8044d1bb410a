//! Why bytes are not a well-formed signed healthseal document, by layer: the error of the one
//! envelope path (`envelope.rs`) that credentials, statements and trust lists share.

use thiserror::Error;

use crate::cbor::CborError;
use crate::cose::CoseError;
use crate::header::HeaderError;
use crate::text::TextError;

/// Why a text or byte string is not a well-formed signed document (a credential, or the envelope
/// of a statement or trust list), by layer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The text layer: length, prefix, base45.
    #[error(transparent)]
    Text(#[from] TextError),
    /// The bytes are not one item of deterministic CBOR.
    #[error("CBOR: {0}")]
    Cbor(#[from] CborError),
    /// The CBOR item is not a tagged COSE_Sign1.
    #[error(transparent)]
    Cose(#[from] CoseError),
    /// The headers do not fit the profile.
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// The signature is not 64 bytes.
    #[error("COSE: the signature is {len} bytes; an Ed25519 signature is 64")]
    SignatureLength {
        /// Length found.
        len: usize,
    },
}

impl DecodeError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Text(e) => e.code(),
            Self::Cbor(e) => e.code(),
            Self::Cose(e) => e.code(),
            Self::Header(e) => e.code(),
            Self::SignatureLength { .. } => "cose_signature_length",
        }
    }

    /// The layer that failed: `text`, `cbor`, `cose` or `header`.
    pub fn layer(&self) -> &'static str {
        match self {
            Self::Text(_) => "text",
            Self::Cbor(_) => "cbor",
            Self::Cose(_) | Self::SignatureLength { .. } => "cose",
            Self::Header(_) => "header",
        }
    }
}
