//! The CWT claims set (RFC 8392) that carries a credential, and its strict reading.
//!
//! Encoding goes through `coset`'s claims builder; decoding is done here field by field so that
//! each problem gets its own precise error.

use ciborium::Value;
use coset::cwt::{ClaimsSetBuilder, Timestamp as CwtTime};
use coset::CborSerializable;
use thiserror::Error;

use crate::cbor::{self, CborError};
use crate::limits::MAX_CBOR_DEPTH;
use crate::{Basis, Credential, CredentialDraft, CredentialError, CredentialId, Region, Status, Timestamp};

/// Private-use claim key (RFC 8392 section 9.1: below -65536) of the health attestation.
pub const ATTESTATION_CLAIM: i64 = -70001;

/// Keys inside the attestation map.
mod key {
    pub const STATUS: i64 = 1;
    pub const NAME: i64 = 2;
    pub const BIRTH_DATE: i64 = 3;
    pub const BASIS: i64 = 4;
}

/// A field of the claims set, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Claim {
    /// `iss` (1): issuing region.
    Iss,
    /// `exp` (4): expiry.
    Exp,
    /// `nbf` (5): not before.
    Nbf,
    /// `iat` (6): issued at.
    Iat,
    /// `cti` (7): credential id.
    Cti,
    /// -70001: the health attestation map.
    Attestation,
    /// attestation 1: status.
    Status,
    /// attestation 2: holder name.
    Name,
    /// attestation 3: birth date.
    BirthDate,
    /// attestation 4: basis.
    Basis,
}

impl std::fmt::Display for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Iss => "iss (1)",
            Self::Exp => "exp (4)",
            Self::Nbf => "nbf (5)",
            Self::Iat => "iat (6)",
            Self::Cti => "cti (7)",
            Self::Attestation => "attestation (-70001)",
            Self::Status => "status (-70001/1)",
            Self::Name => "name (-70001/2)",
            Self::BirthDate => "birth date (-70001/3)",
            Self::Basis => "basis (-70001/4)",
        })
    }
}

/// Why a payload is not a valid credential claims set.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ClaimsError {
    /// The payload is not deterministic CBOR.
    #[error("claims: {0}")]
    Cbor(CborError),
    /// The payload is not a map.
    #[error("claims: the payload is not a CBOR map")]
    NotAMap,
    /// A required claim is absent.
    #[error("claims: {claim} is missing")]
    Missing {
        /// The claim.
        claim: Claim,
    },
    /// A claim has the wrong CBOR type or an out-of-range value.
    #[error("claims: {claim} should be {expected}")]
    WrongType {
        /// The claim.
        claim: Claim,
        /// What it should be.
        expected: &'static str,
    },
    /// The status value is not one this version knows.
    #[error("claims: unknown status value {value}")]
    UnknownStatus {
        /// The value found.
        value: i128,
    },
    /// The basis value is not one this version knows.
    #[error("claims: unknown basis value {value}")]
    UnknownBasis {
        /// The value found.
        value: i128,
    },
    /// The attestation map holds a key this version does not know; it might change the meaning,
    /// so it is refused rather than ignored.
    #[error("claims: unknown attestation field {key}")]
    UnknownAttestationField {
        /// The key, in diagnostic notation.
        key: String,
    },
    /// The region code is malformed.
    #[error("claims: {0}")]
    Region(#[from] crate::RegionError),
    /// The fields do not make a valid credential.
    #[error("claims: {0}")]
    Invalid(#[from] CredentialError),
}

impl ClaimsError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Cbor(_) => "claims_not_deterministic_cbor",
            Self::NotAMap => "claims_not_a_map",
            Self::Missing { .. } => "claims_missing",
            Self::WrongType { .. } => "claims_wrong_type",
            Self::UnknownStatus { .. } => "claims_unknown_status",
            Self::UnknownBasis { .. } => "claims_unknown_basis",
            Self::UnknownAttestationField { .. } => "claims_unknown_attestation_field",
            Self::Region(_) => "claims_region_malformed",
            Self::Invalid(e) => e.code(),
        }
    }
}

/// Encodes a credential as its claims set, in deterministic CBOR.
pub(crate) fn encode(credential: &Credential) -> Result<Vec<u8>, coset::CoseError> {
    let mut attestation = vec![
        (Value::from(key::STATUS), Value::from(credential.status().code())),
        (Value::from(key::NAME), Value::Text(credential.name().as_str().to_owned())),
        (Value::from(key::BIRTH_DATE), Value::Text(credential.birth_date().to_string())),
    ];
    if let Some(basis) = credential.basis() {
        attestation.push((Value::from(key::BASIS), Value::from(basis.code())));
    }
    // coset writes iss, exp, nbf, iat, cti, then private claims: deterministic key order.
    let mut claims = ClaimsSetBuilder::new()
        .issuer(credential.region().as_str().to_owned())
        .expiration_time(CwtTime::WholeSeconds(credential.expires_at().unix()));
    if let Some(nbf) = credential.not_before() {
        claims = claims.not_before(CwtTime::WholeSeconds(nbf.unix()));
    }
    claims
        .issued_at(CwtTime::WholeSeconds(credential.issued_at().unix()))
        .cwt_id(credential.id().as_bytes().to_vec())
        .private_claim(ATTESTATION_CLAIM, Value::Map(attestation))
        .build()
        .to_vec()
}

/// Decodes and checks a claims set. Unknown top-level claims are ignored (RFC 8392 section 3);
/// unknown attestation fields are not.
pub(crate) fn decode(payload: &[u8]) -> Result<Credential, ClaimsError> {
    let Value::Map(entries) =
        cbor::decode_deterministic(payload, MAX_CBOR_DEPTH).map_err(ClaimsError::Cbor)?
    else {
        return Err(ClaimsError::NotAMap);
    };
    let (mut iss, mut exp, mut nbf, mut iat, mut cti, mut attestation) = (None, None, None, None, None, None);
    for (k, v) in entries {
        let Some(label) = k.as_integer().and_then(|i| i64::try_from(i).ok()) else { continue };
        match label {
            1 => iss = Some(v),
            4 => exp = Some(v),
            5 => nbf = Some(v),
            6 => iat = Some(v),
            7 => cti = Some(v),
            ATTESTATION_CLAIM => attestation = Some(v),
            _ => {}
        }
    }
    let iss = text(required(iss, Claim::Iss)?, Claim::Iss)?;
    let region = Region::new(&iss)?;
    let expires_at = time(required(exp, Claim::Exp)?, Claim::Exp)?;
    let not_before = nbf.map(|v| time(v, Claim::Nbf)).transpose()?;
    let issued_at = time(required(iat, Claim::Iat)?, Claim::Iat)?;
    let id = match required(cti, Claim::Cti)? {
        Value::Bytes(b) => <[u8; 8]>::try_from(b.as_slice()).map(CredentialId::from_bytes).map_err(|_| {
            ClaimsError::WrongType { claim: Claim::Cti, expected: "a byte string of 8 bytes" }
        })?,
        _ => return Err(ClaimsError::WrongType { claim: Claim::Cti, expected: "a byte string of 8 bytes" }),
    };
    let Value::Map(fields) = required(attestation, Claim::Attestation)? else {
        return Err(ClaimsError::WrongType { claim: Claim::Attestation, expected: "a map" });
    };
    let (mut status, mut name, mut birth_date, mut basis) = (None, None, None, None);
    for (k, v) in fields {
        match k.as_integer().and_then(|i| i64::try_from(i).ok()) {
            Some(key::STATUS) => status = Some(v),
            Some(key::NAME) => name = Some(v),
            Some(key::BIRTH_DATE) => birth_date = Some(v),
            Some(key::BASIS) => basis = Some(v),
            _ => return Err(ClaimsError::UnknownAttestationField { key: cbor::diagnostic(&k) }),
        }
    }
    let status = match required(status, Claim::Status)? {
        Value::Integer(i) => u64::try_from(i)
            .ok()
            .and_then(Status::from_code)
            .ok_or(ClaimsError::UnknownStatus { value: i.into() })?,
        _ => return Err(ClaimsError::WrongType { claim: Claim::Status, expected: "an unsigned integer" }),
    };
    let basis = match basis {
        None => None,
        Some(Value::Integer(i)) => Some(
            u64::try_from(i)
                .ok()
                .and_then(Basis::from_code)
                .ok_or(ClaimsError::UnknownBasis { value: i.into() })?,
        ),
        Some(_) => {
            return Err(ClaimsError::WrongType { claim: Claim::Basis, expected: "an unsigned integer" })
        }
    };
    Ok(CredentialDraft {
        region,
        issued_at,
        not_before,
        expires_at,
        id,
        status,
        name: text(required(name, Claim::Name)?, Claim::Name)?,
        birth_date: text(required(birth_date, Claim::BirthDate)?, Claim::BirthDate)?,
        basis,
    }
    .check()?)
}

fn required(value: Option<Value>, claim: Claim) -> Result<Value, ClaimsError> {
    value.ok_or(ClaimsError::Missing { claim })
}

fn text(value: Value, claim: Claim) -> Result<String, ClaimsError> {
    match value {
        Value::Text(t) => Ok(t),
        _ => Err(ClaimsError::WrongType { claim, expected: "a text string" }),
    }
}

fn time(value: Value, claim: Claim) -> Result<Timestamp, ClaimsError> {
    let wrong = ClaimsError::WrongType { claim, expected: "whole seconds between 1970 and 9999" };
    match value {
        Value::Integer(i) => i64::try_from(i).ok().and_then(|s| Timestamp::from_unix(s).ok()).ok_or(wrong),
        _ => Err(wrong),
    }
}
