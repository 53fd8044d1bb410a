//! healthseal-web: the checkpoint app's verifier, `healthseal-verifier` compiled to WebAssembly.
//!
//! A [`Checkpoint`] holds the province's pinned root and the trust list it accepted, and turns
//! camera frames (RGBA pixels from a canvas) and scanned text into verdicts as JSON, with the
//! decision, the reason codes and the JSON shapes of the CLI (`healthseal verify --json`). Nothing
//! here decides anything itself: opening lists, rollback checks, reading codes and deciding are
//! the verifier's and core's. What this crate adds is what a browser needs around them: the
//! rollback state as text the app keeps in the browser's storage, fail-closed answers when no
//! list is loaded, and the "code detected" cue for a frame where finder patterns were seen but no
//! code read yet.
//!
//! The JavaScript interface is in `bindings` (generated glue by wasm-bindgen); everything else is
//! plain Rust, tested natively.

#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod bindings;
mod checkpoint;
mod offer;

pub use checkpoint::{Checkpoint, RootError, NO_TRUST_LIST};
pub use offer::Offer;
