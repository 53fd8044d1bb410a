//! healthseal-verifier: the checkpoint side.
//!
//! Today it checks credential text against a set of trusted issuing keys and the credential's
//! validity window. Trust lists, rollback protection and camera images build on this (see the
//! open issues); the crate never depends on a networking crate and keeps no record of whom it saw.
//!
//! ```
//! use healthseal_core::{CredentialDraft, CredentialId, Sealed, SigningKey, Status, Timestamp};
//! use healthseal_verifier::Checkpoint;
//!
//! let issuing_key = SigningKey::from_seed([1; 32]);
//! let now = Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap();
//! let credential = CredentialDraft {
//!     region: "CN-ZJ".parse().unwrap(),
//!     issued_at: now,
//!     not_before: None,
//!     expires_at: Timestamp::parse_rfc3339("2026-11-28T10:00:00Z").unwrap(),
//!     id: CredentialId::from_bytes([1; 8]),
//!     status: Status::Green,
//!     name: "Chen Jie".into(),
//!     birth_date: "1992-10-01".into(),
//!     basis: None,
//! }
//! .check()
//! .unwrap();
//! let text = Sealed::sign(&credential, &issuing_key).unwrap().to_text();
//!
//! let checkpoint = Checkpoint::new([issuing_key.public_key().clone()]);
//! let verified = checkpoint.check(&text, now).unwrap();
//! assert_eq!(verified.status(), Status::Green);
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod checkpoint;

pub use checkpoint::{CheckError, Checkpoint, DEFAULT_SKEW};
