//! The healthseal header profile: protected `{1: -8, 4: kid(8)}`, unprotected `{}`.

use ciborium::Value;
use thiserror::Error;

use crate::cbor;
use crate::limits::MAX_CBOR_DEPTH;
use crate::Kid;

/// COSE algorithm EdDSA (RFC 9053 section 2.2).
pub const ALG_EDDSA: i64 = -8;
const LABEL_ALG: i64 = 1;
const LABEL_CRIT: i64 = 2;
const LABEL_CONTENT_TYPE: i64 = 3;
const LABEL_KID: i64 = 4;

/// Why the headers do not fit the healthseal profile.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// The protected header bytes are not one map in deterministic CBOR.
    #[error("header: the protected header is not deterministic CBOR ({0})")]
    NotDeterministic(cbor::CborError),
    /// The protected header is not a map.
    #[error("header: the protected header is not a map")]
    NotAMap,
    /// No `alg` in the protected header.
    #[error("header: no algorithm (alg, 1) in the protected header")]
    MissingAlgorithm,
    /// An algorithm other than EdDSA.
    #[error("header: algorithm {alg} is not accepted; healthseal uses EdDSA (-8) only")]
    UnsupportedAlgorithm {
        /// The algorithm, in diagnostic notation.
        alg: String,
    },
    /// A `crit` header: it names parameters a verifier must understand, and this profile has none.
    #[error("header: a critical-parameters header (crit, 2) is present")]
    CriticalHeader,
    /// No `kid` in the protected header.
    #[error("header: no key id (kid, 4) in the protected header")]
    MissingKid,
    /// The kid in the protected header is not 8 bytes.
    #[error("header: the key id should be a byte string of 8 bytes")]
    KidMalformed,
    /// The kid sits in the unprotected header, where an attacker could change it.
    #[error("header: the key id is in the unprotected header; it must be protected")]
    KidNotProtected,
    /// A protected header parameter this profile does not have.
    #[error("header: unexpected protected header parameter {label}")]
    UnexpectedParameter {
        /// The label, in diagnostic notation.
        label: String,
    },
    /// The content type says this is another kind of document (or is missing or present when
    /// it should not be).
    #[error("header: content type {found:?} where {expected:?} was expected: this is another kind of healthseal document")]
    WrongContentType {
        /// The content type required (`None`: a credential, which has none).
        expected: Option<&'static str>,
        /// The content type found.
        found: Option<String>,
    },
    /// The unprotected header is not empty.
    #[error("header: the unprotected header must be empty, but has parameter {label}")]
    UnprotectedNotEmpty {
        /// The first label found, in diagnostic notation.
        label: String,
    },
}

impl HeaderError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotDeterministic(_) => "header_not_deterministic_cbor",
            Self::NotAMap => "header_not_a_map",
            Self::MissingAlgorithm => "header_missing_algorithm",
            Self::UnsupportedAlgorithm { .. } => "header_unsupported_algorithm",
            Self::CriticalHeader => "header_critical",
            Self::MissingKid => "header_missing_kid",
            Self::KidMalformed => "header_kid_malformed",
            Self::KidNotProtected => "header_kid_not_protected",
            Self::UnexpectedParameter { .. } => "header_unexpected_parameter",
            Self::WrongContentType { .. } => "header_wrong_content_type",
            Self::UnprotectedNotEmpty { .. } => "header_unprotected_not_empty",
        }
    }
}

fn label(v: &Value) -> Option<i64> {
    v.as_integer().and_then(|i| i64::try_from(i).ok())
}

/// Checks both headers against the profile and returns the kid. `protected` is the header's
/// serialized bytes, which must be one map in deterministic CBOR. `accepted` lists the content
/// types (3) the document may carry: none for a credential, a healthseal media type for trust
/// documents, so that no signed document can be taken for another kind. Returns the kid and the
/// content type found.
pub(crate) fn check(
    protected: &[u8],
    unprotected: &[(Value, Value)],
    accepted: &[Option<&'static str>],
) -> Result<(Kid, Option<&'static str>), HeaderError> {
    let protected = match cbor::decode_deterministic(protected, MAX_CBOR_DEPTH) {
        Ok(Value::Map(entries)) => entries,
        Ok(_) => return Err(HeaderError::NotAMap),
        // An empty byte string is an empty map (RFC 9052 section 3): no alg, no kid.
        Err(cbor::CborError::Empty) => Vec::new(),
        Err(e) => return Err(HeaderError::NotDeterministic(e)),
    };
    // `crit` first: whatever else is there, a verifier that sees it must stop.
    if protected.iter().any(|(k, _)| label(k) == Some(LABEL_CRIT)) {
        return Err(HeaderError::CriticalHeader);
    }
    if let Some((k, _)) = unprotected.first() {
        if unprotected.iter().any(|(k, _)| label(k) == Some(LABEL_KID)) {
            return Err(HeaderError::KidNotProtected);
        }
        return Err(HeaderError::UnprotectedNotEmpty { label: cbor::diagnostic(k) });
    }
    let (mut alg, mut kid, mut ctype) = (None, None, None);
    for (k, v) in &protected {
        match label(k) {
            Some(LABEL_ALG) => alg = Some(v),
            Some(LABEL_KID) => kid = Some(v),
            Some(LABEL_CONTENT_TYPE) => ctype = Some(v),
            _ => return Err(HeaderError::UnexpectedParameter { label: cbor::diagnostic(k) }),
        }
    }
    let found = ctype.map(|v| match v {
        Value::Text(t) => t.chars().take(80).collect(),
        other => cbor::diagnostic(other),
    });
    let Some(content_type) = accepted.iter().copied().find(|a| *a == found.as_deref()) else {
        let expected = accepted.first().copied().flatten();
        return Err(HeaderError::WrongContentType { expected, found });
    };
    match alg {
        None => return Err(HeaderError::MissingAlgorithm),
        Some(v) if label(v) == Some(ALG_EDDSA) => {}
        Some(v) => return Err(HeaderError::UnsupportedAlgorithm { alg: cbor::diagnostic(v) }),
    }
    let kid = match kid {
        None => Err(HeaderError::MissingKid),
        Some(Value::Bytes(b)) => {
            <[u8; 8]>::try_from(b.as_slice()).map(Kid::from_bytes).map_err(|_| HeaderError::KidMalformed)
        }
        Some(_) => Err(HeaderError::KidMalformed),
    }?;
    Ok((kid, content_type))
}
