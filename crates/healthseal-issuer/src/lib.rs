//! healthseal-issuer: the issuing authority's side.
//!
//! An [`Issuer`] wraps an issuing key and its region and turns requests (name, birth date,
//! status, validity) into signed credentials, refusing keys that must not sign. [`qr`] turns a
//! credential text into a QR symbol drawn as PNG, SVG or terminal text; [`Card`] lays out a
//! printable card (text as outlines, from [`CardFonts`]) and [`sheets_pdf`] puts cards on A4
//! sheets for a print shop.
//!
//! ```
//! use std::time::Duration;
//! use healthseal_core::{KeyInfo, Role, SigningKey, Status, Timestamp};
//! use healthseal_issuer::{IssueRequest, Issuer};
//!
//! let info = KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse()?), ..KeyInfo::default() };
//! let issuer = Issuer::new(SigningKey::from_seed([8; 32]), &info, None)?;
//! let request = IssueRequest {
//!     name: "Sun Li".into(),
//!     birth_date: "1990-05-06".into(),
//!     status: Status::Green,
//!     valid_for: Duration::from_secs(72 * 3600),
//!     not_before: None,
//!     basis: None,
//! };
//! let now = Timestamp::parse_rfc3339("2026-11-25T10:00:00Z")?;
//! let issued = issuer.issue(request, now, &mut rand_core::OsRng)?;
//! assert!(issued.text().starts_with("HS1:"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod batch;
mod issuer;
mod local_time;
mod mask_penalty;
pub mod qr;
mod render;

pub use issuer::{IssueError, IssueRequest, Issued, Issuer, IssuerError};
pub use local_time::{parse_utc_offset, region_utc_offset};
pub use render::card::{
    card_svg, Card, CardContent, CardError, CARD_HEIGHT_MM, CARD_WIDTH_MM, QR_SIDE_MM, SAFE_MARGIN_MM,
};
pub use render::fonts::{CardFonts, MissingGlyphs};
pub use render::labels::CardLangs;
pub use render::png::{DEFAULT_MODULE_PX, MAX_MODULE_PX};
pub use render::sheet::{sheets_pdf, PdfCard, CARDS_PER_SHEET, SHEET_HEIGHT_MM, SHEET_WIDTH_MM};
