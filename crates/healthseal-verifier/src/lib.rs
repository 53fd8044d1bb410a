//! healthseal-verifier: the checkpoint side.
//!
//! Camera image to verdicts: [`decode_frame`] turns image bytes into a grey frame within fixed
//! limits, [`read_qr_codes`] reads every QR code in it, and [`Verifier::verify_frame`] (or
//! [`Verifier::verify_image`] for encoded bytes) gives a [`Scan`] per code.
//!
//! A [`Verifier`] holds the province's pinned root key, the current trust list (accepted only if
//! its signature holds under that root and it is not older than the last one accepted) and the
//! decision options, and turns credential text into a [`healthseal_core::Verdict`] with no
//! network. It never depends on a networking crate, and keeps no record of whom it saw: the only
//! thing it writes is the trust state (root, sequence, list hash).

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod frame;
mod pixels;
mod qr;
mod report;
mod scan;
mod state;
mod verifier;

pub use frame::{decode_frame, ImageError, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE};
/// The grey frame type of [`read_qr_codes`] and [`Verifier::verify_frame`], from the `image`
/// crate this crate is built with.
pub use image::GrayImage;
pub use pixels::{frame_from_grey, frame_from_rgba};
pub use qr::{read_qr_codes, trace_qr_codes, QrPass, QrTrace};
pub use report::{credential_json, list_status_json, verdict_json};
pub use scan::{ForeignCode, Scan};
pub use state::{StateError, StateFile, StateLock, TrustState};
pub use verifier::{admit, LoadError, StateChange, Verifier};
