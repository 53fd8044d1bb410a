//! Why a trust document (issuer statement, trust list or root succession) cannot be used.

use thiserror::Error;

use crate::cbor::CborError;
use crate::decode_error::DecodeError;
use crate::{Kid, Region, SignerError};

/// Why a trust document cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TrustDocError {
    /// Larger than any trust document is allowed to be.
    #[error("the file is {len} bytes; a trust document is at most {max}")]
    TooLarge {
        /// Size found.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Not a well-formed signed healthseal document of the expected kind.
    #[error("not a healthseal {kind}: {error}")]
    Envelope {
        /// What was expected ("trust list" or "issuer statement").
        kind: &'static str,
        /// The structural problem.
        error: DecodeError,
    },
    /// Signed by a key other than the root it was checked against.
    #[error("signed by key {found}, not by the root key {expected}: this document comes from another province or another root")]
    NotSignedByRoot {
        /// Kid of the pinned root.
        expected: Kid,
        /// Kid in the document's header.
        found: Kid,
    },
    /// The signature does not hold: the document was changed after signing.
    #[error("the signature does not verify: the document was altered or damaged")]
    BadSignature,
    /// The payload is not deterministic CBOR.
    #[error("the payload is not deterministic CBOR: {0}")]
    Cbor(CborError),
    /// A field is missing, of the wrong type, or breaks a rule.
    #[error("{at}: {problem}")]
    Invalid {
        /// Where, as a path such as `regions[CN-ZJ].keys[1].not_after`.
        at: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// One issuing key listed under two regions: it would survive its own region's compromise
    /// and revocations by naming the other.
    #[error(
        "issuing key {kid} is listed for both {first} and {second}: one issuing key signs for one region"
    )]
    KeyInTwoRegions {
        /// The key's kid.
        kid: Kid,
        /// The region it was listed for first (in code order).
        first: Region,
        /// The other region.
        second: Region,
    },
    /// The signer could not sign: nothing was written.
    #[error(transparent)]
    Signer(SignerError),
    /// A statement whose root key field is not the key that signed it.
    #[error("the statement names root key {named} but is signed by {signer}")]
    RootMismatch {
        /// Kid of the root named inside.
        named: Kid,
        /// Kid of the signing key.
        signer: Kid,
    },
    /// The root succession a document carries does not pass through the root it was checked
    /// against: nothing ties it to a root the reader trusts.
    #[error("its root succession does not pass through root {root}, the root it was checked against: a succession must start from a root already trusted")]
    SuccessionNotFromRoot {
        /// Kid of the root trusted (a checkpoint's pinned root, or the root recorded for a province).
        root: Kid,
    },
    /// A root succession that returns to a root it had left.
    #[error(
        "its root succession returns to root {kid}, which it had already left: a succession never goes back"
    )]
    SuccessionLoop {
        /// Kid of the root named twice.
        kid: Kid,
    },
}

impl TrustDocError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "trust_too_large",
            Self::Envelope { error, .. } => error.code(),
            Self::NotSignedByRoot { .. } => "trust_not_signed_by_root",
            Self::BadSignature => "trust_bad_signature",
            Self::Cbor(_) => "trust_payload_not_deterministic_cbor",
            Self::Invalid { .. } => "trust_invalid",
            Self::RootMismatch { .. } => "trust_root_mismatch",
            Self::KeyInTwoRegions { .. } => "trust_key_in_two_regions",
            Self::Signer(_) => "trust_signer_failed",
            Self::SuccessionNotFromRoot { .. } => "trust_succession_not_from_root",
            Self::SuccessionLoop { .. } => "trust_succession_loop",
        }
    }

    pub(crate) fn invalid(at: impl Into<String>, problem: &'static str) -> Self {
        Self::Invalid { at: at.into(), problem }
    }
}
