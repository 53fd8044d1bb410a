//! Camera-like photos of QR codes, deterministic, for tests, fixtures and the demo.
//!
//! A checkpoint reads codes from camera photos of phone screens and paper cards, not from clean
//! images. This crate takes a clean code image and renders the photo a camera would take of it
//! under one [`Condition`]: a phone screen with moire and glare, a curled card in a shadow, a
//! steep angle, a dim print, a dark-mode app, a code small in a wide frame, defocus, sensor
//! noise, two codes at once, or a scene with no code at all. [`Severity`] scales the
//! condition's effect, for measuring read rates as conditions worsen; [`Photo::placements`]
//! says where each code landed.
//!
//! How: a pinhole camera sees flat surfaces (cards, phones, clutter) placed by homographies
//! over a textured desk or room; each frame pixel is mapped back onto the surfaces (inverse
//! mapping, bilinear sampling, plus a smooth displacement for paper curl), lit, then the frame
//! is blurred (lens) and noise is added (sensor). Save as JPEG for compression artefacts.
//!
//! Deterministic: all randomness comes from ChaCha8 seeded by the caller's seed, and only IEEE
//! arithmetic and `sqrt` are used on floats (sine, cosine and exponential are computed here
//! from those), so the same inputs give the same bytes on every platform.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod blur;
mod code;
mod condition;
mod geometry;
mod lighting;
mod math;
mod noise;
mod props;
mod scene;
mod shot;
mod staging;
mod surface;
mod turn;

pub use condition::{Condition, Severity, UnknownCondition};
pub use geometry::{Point, Quad};
pub use shot::{Photo, PhotoError, Shot, MAX_CODE_SIDE, MAX_FRAME_SIDE, MIN_CODE_SIDE, MIN_FRAME_SIDE};
pub use turn::Turn;
