//! healthseal-verifier: the checkpoint side.
//!
//! A [`Verifier`] holds the province's pinned root key, the current trust list (accepted only if
//! its signature holds under that root and it is not older than the last one accepted) and the
//! decision options, and turns credential text into a [`healthseal_core::Verdict`] with no
//! network. It never depends on a networking crate, and keeps no record of whom it saw: the only
//! thing it writes is the trust state (root, sequence, list hash).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod state;
mod verifier;

pub use state::{StateError, StateFile, TrustState};
pub use verifier::{admit, LoadError, StateChange, Verifier};
