//! What a checkpoint saw in one camera frame: a verdict per healthseal credential, and a plain
//! "not a credential" for any other QR code.

use healthseal_core::{is_invisible, Verdict};

/// Characters of a foreign code's payload kept to describe it.
const PREVIEW_CHARS: usize = 16;

/// One QR code read from a frame.
#[derive(Debug)]
#[non_exhaustive]
pub enum Scan {
    /// A healthseal credential (its payload starts with `HS1:`), and the verdict on it.
    Credential(Verdict),
    /// A QR code that is not a healthseal credential (a web address, a ticket, a payment code).
    NotACredential(ForeignCode),
}

impl Scan {
    /// The verdict, for a credential.
    pub fn verdict(&self) -> Option<&Verdict> {
        match self {
            Self::Credential(verdict) => Some(verdict),
            Self::NotACredential(_) => None,
        }
    }
}

/// A QR code that is not a healthseal credential, described without repeating what it holds: its
/// length and its first few characters, with anything unprintable replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignCode {
    preview: String,
    chars: usize,
}

impl ForeignCode {
    pub(crate) fn new(payload: &str) -> Self {
        let preview = payload
            .chars()
            .take(PREVIEW_CHARS)
            .map(|c| if is_invisible(c) { '\u{FFFD}' } else { c })
            .collect();
        Self { preview, chars: payload.chars().count() }
    }

    /// At most the first 16 characters, control and bidirectional-formatting characters replaced
    /// by U+FFFD, so that the text is safe to show on a terminal or a screen.
    pub fn preview(&self) -> &str {
        &self.preview
    }

    /// The payload's length in characters.
    pub fn len(&self) -> usize {
        self.chars
    }

    /// Whether the payload was empty.
    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_code_is_described_briefly_and_safely() {
        let code = ForeignCode::new("https://example.org/a/very/long/path?with=query");
        assert_eq!(code.preview(), "https://example.");
        assert_eq!(code.len(), 47);
        let code = ForeignCode::new("BEGIN\r\n\x1b[31m\u{202E}x");
        assert_eq!(code.preview(), "BEGIN\u{FFFD}\u{FFFD}\u{FFFD}[31m\u{FFFD}x");
        assert!(ForeignCode::new("").is_empty());
    }
}
