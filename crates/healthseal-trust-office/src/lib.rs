//! healthseal-trust-office: a province trust office's source file, and its compilation into the
//! documents the office signs.
//!
//! A trust office keeps one source file per province (TOML, reviewed like code, editable by
//! hand). It lists the province's issuing keys and revocations, the terms for its own
//! credentials, and the provinces it recognises, each taken from that province's signed
//! statement and accepted on this province's terms. Commands edit it through [`TrustSource`]
//! and rewrite it whole; it compiles into the [`IssuerStatement`](healthseal_core::IssuerStatement)
//! other provinces recognise this one by, and the
//! [`TrustListDraft`](healthseal_core::TrustListDraft) its checkpoints load once signed.
//!
//! The file holds only public keys and decisions, never a secret, and this crate does no I/O:
//! it reads and writes text, and the caller signs.
//!
//! ```
//! use std::time::Duration;
//! use healthseal_core::{IssuingKey, Policy, SigningKey, Status, Timestamp};
//! use healthseal_trust_office::{SourceError, TrustSource};
//!
//! let root = SigningKey::from_seed([1; 32]);
//! let region = "CN-HA".parse()?;
//! let mut source = TrustSource::new(&region, "Henan", root.public_key());
//! let issuing = SigningKey::from_seed([2; 32]);
//! source.add_key(IssuingKey::active(issuing.public_key().clone()))?;
//! source.set_policy(&region, &Policy {
//!     max_validity: Some(Duration::from_secs(7 * 86_400)),
//!     ..Policy::accepting([Status::Green, Status::Yellow])
//! })?;
//! assert!(source.to_toml()?.contains("max_validity = \"7d\""));
//!
//! // A later compromise time is refused: it would let through again what the key signed.
//! let kid = issuing.public_key().kid();
//! let t = |s| Timestamp::parse_rfc3339(s);
//! source.compromise(&kid, t("2026-11-25T00:00:00Z")?)?;
//! let later = source.compromise(&kid, t("2026-11-26T00:00:00Z")?);
//! assert!(matches!(later, Err(SourceError::CompromiseLater { .. })));
//!
//! let now = t("2026-11-25T08:00:00Z")?;
//! let list = source.trust_list(now, t("2026-11-26T08:00:00Z")?).check()?;
//! let signed = list.sign(&root)?;
//! assert_eq!(list.sequence(), 1);
//! # let _ = signed;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod documents;
mod error;
mod keys;
mod policy;
mod recognition;
mod source;
mod succession;
mod wire;
mod wire_succession;

pub use error::{FieldProblem, Position, Record, SourceError};
pub use source::{FormerlyRecognized, Recognized, TrustSource};
