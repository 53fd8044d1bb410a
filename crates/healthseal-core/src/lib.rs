//! healthseal-core: the healthseal credential format.
//!
//! A credential is a CWT claims set (RFC 8392) in deterministic CBOR (RFC 8949), signed as a
//! tagged COSE_Sign1 (RFC 9052) with Ed25519, and written as `HS1:` + base45 (RFC 9285). This
//! crate holds the model, the encoding, strict decoding with typed errors per layer, keys and
//! verification. It does no I/O, reads no clock and has no randomness it is not given.
//!
//! ```
//! use healthseal_core::{CredentialDraft, CredentialId, Sealed, SigningKey, Status, Timestamp};
//! let issuing_key = SigningKey::from_seed([42; 32]);
//! let issued = Timestamp::parse_rfc3339("2026-11-25T09:00:00+08:00").unwrap();
//! let credential = CredentialDraft {
//!     region: "CN-ZJ".parse().unwrap(),
//!     issued_at: issued,
//!     not_before: None,
//!     expires_at: issued.checked_add(std::time::Duration::from_secs(72 * 3600)).unwrap(),
//!     id: CredentialId::from_bytes(*b"\x01\x02\x03\x04\x05\x06\x07\x08"),
//!     status: Status::Green,
//!     name: "王芳".into(),
//!     birth_date: "1979-04".into(),
//!     basis: "test".parse().ok(),
//! }
//! .check()?;
//! let text = Sealed::sign(&credential, &issuing_key)?.to_text();
//!
//! // At a checkpoint: decode strictly, then verify against the trusted keys.
//! let verified = Sealed::from_text(&text)?.verify([issuing_key.public_key()])?;
//! assert_eq!(verified.name().as_str(), "王芳");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]
#![deny(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap)]

pub mod base45;
mod basis;
mod birth_date;
pub mod cbor;
mod claims;
pub mod cose;
mod credential;
mod credential_id;
mod decode_error;
mod duration_text;
mod envelope;
mod header;
mod hex;
mod holder_name;
mod inspect;
mod invisible;
mod keys;
mod kid;
pub mod limits;
mod line_reader;
mod region;
mod sealed;
mod status;
mod text;
mod timestamp;
mod trust;
mod validity;
mod verified;

pub use basis::{Basis, BasisError};
pub use birth_date::{BirthDate, BirthDateError};
pub use claims::{Claim, ClaimsError, ATTESTATION_CLAIM};
pub use credential::{Credential, CredentialDraft, CredentialError};
pub use credential_id::{CredentialId, CredentialIdError};
pub use decode_error::DecodeError;
pub use duration_text::{format_duration, parse_duration, DurationTextError};
pub use header::{HeaderError, ALG_EDDSA};
pub use holder_name::{HolderName, NameError};
pub use inspect::Inspection;
pub use invisible::{is_invisible, visible};
pub use keys::{
    KeyError, KeyFileError, KeyInfo, PrivateKeyFile, PublicKey, PublicKeyFile, Role, SecretKeyBody,
    SignatureError, Signer, SignerError, SigningKey, MAX_PBKDF2_ITERATIONS, PBKDF2_ITERATIONS,
};
pub use kid::{Kid, KidError};
pub use line_reader::read_line_bounded;
pub use region::{Region, RegionError};
pub use sealed::{Sealed, SignError, VerifyError};
pub use status::{Status, StatusError};
pub use text::{decode_text, encode_text, TextError, PREFIX};
pub use timestamp::{Timestamp, TimestampError};
pub use trust::{
    decide, Acceptance, DecisionOptions, IssuerStatement, IssuingKey, KeyStatus, ListStatus, Policy, Reason,
    RegionEntry, Rejection, RevocationSet, RootAt, RootSuccession, SignedSuccession, StaleMode, StatusSet,
    Succession, TrustDocError, TrustDocument, TrustList, TrustListDraft, Verdict, STATEMENT_CONTENT_TYPE,
    SUCCESSION_CONTENT_TYPE, TRUST_LIST_CONTENT_TYPE,
};
pub use validity::TimeError;
pub use verified::Verified;
