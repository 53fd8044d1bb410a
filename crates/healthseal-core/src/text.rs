//! The credential text: `HS1:` followed by base45 of the COSE bytes.

use thiserror::Error;

use crate::base45::{self, Base45Error};
use crate::limits::MAX_TEXT_LEN;

/// Prefix of every version-1 credential text. It names the format and its version, and uses only
/// QR alphanumeric characters.
pub const PREFIX: &str = "HS1:";

/// Why a text is not a credential text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TextError {
    /// Nothing to decode.
    #[error("the text is empty")]
    Empty,
    /// The text is longer than any credential can be.
    #[error("the text is {len} bytes long; a credential is at most {max}")]
    TooLong {
        /// Length of the text in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The text does not start with `HS1:`.
    #[error("the text does not start with \"HS1:\"")]
    MissingPrefix,
    /// The part after the prefix is not base45.
    #[error("{0}")]
    Base45(#[from] Base45Error),
}

impl TextError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "text_empty",
            Self::TooLong { .. } => "text_too_long",
            Self::MissingPrefix => "text_missing_prefix",
            Self::Base45(e) => e.code(),
        }
    }
}

/// Turns COSE bytes into credential text.
///
/// ```
/// assert_eq!(healthseal_core::encode_text(b"AB"), "HS1:BB8");
/// ```
pub fn encode_text(cose: &[u8]) -> String {
    let mut text = String::with_capacity(PREFIX.len() + cose.len().div_ceil(2) * 3);
    text.push_str(PREFIX);
    text.push_str(&base45::encode(cose));
    text
}

/// Turns credential text back into COSE bytes, checking length before anything else.
///
/// ```
/// use healthseal_core::{decode_text, TextError};
/// assert_eq!(decode_text("HS1:BB8").unwrap(), b"AB");
/// assert_eq!(decode_text("HC1:BB8"), Err(TextError::MissingPrefix));
/// ```
pub fn decode_text(text: &str) -> Result<Vec<u8>, TextError> {
    if text.len() > MAX_TEXT_LEN {
        return Err(TextError::TooLong { len: text.len(), max: MAX_TEXT_LEN });
    }
    if text.is_empty() {
        return Err(TextError::Empty);
    }
    let body = text.strip_prefix(PREFIX).ok_or(TextError::MissingPrefix)?;
    base45::decode(body).map_err(|e| TextError::Base45(e.shifted(PREFIX.len())))
}
