//! The holder's name, as on the identity document.

use std::fmt;

use thiserror::Error;

use crate::limits::MAX_NAME_CHARS;

/// A holder's name: any script, kept byte for byte (no normalisation), but never empty, never
/// padded with spaces, and free of characters that could hide or reorder what a checkpoint
/// officer or a terminal shows (control characters, bidirectional overrides, line separators).
///
/// ```
/// use healthseal_core::HolderName;
/// assert_eq!(HolderName::new("张三").unwrap().as_str(), "张三");
/// assert!(HolderName::new(" Ana").is_err());
/// assert!(HolderName::new("Eve\u{202E}ssalG").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HolderName(String);

/// Why a name is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum NameError {
    /// Empty, or only white space.
    #[error("the holder name is empty")]
    Empty,
    /// Longer than the limit.
    #[error("the holder name has {chars} characters; at most {max} are allowed")]
    TooLong {
        /// Characters given.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// Starts or ends with white space.
    #[error("the holder name starts or ends with white space")]
    Padded,
    /// Holds a character that is not shown, or changes how text around it is shown.
    #[error("the holder name contains the invisible or control character U+{code:04X} at character {index}")]
    ForbiddenCharacter {
        /// The code point.
        code: u32,
        /// Its index, counted in characters.
        index: usize,
    },
}

/// Characters that are not letters, marks, punctuation or spaces a reader can see, or that change
/// text direction or layout: refused so that the name a checkpoint shows is the name signed.
fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'          // zero width space
            | '\u{200E}' | '\u{200F}' // left-to-right / right-to-left marks
            | '\u{2028}' | '\u{2029}' // line / paragraph separators
            | '\u{202A}'..='\u{202E}' // bidirectional embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidirectional isolates
            | '\u{FEFF}'          // byte order mark
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        )
}

/// The first forbidden character of `text` and its index in characters, if any.
pub(crate) fn forbidden_character(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|(_, c)| is_forbidden(*c))
}

impl HolderName {
    /// Checks and wraps a name.
    pub fn new(name: &str) -> Result<Self, NameError> {
        if name.trim().is_empty() {
            return Err(NameError::Empty);
        }
        if name.trim() != name {
            return Err(NameError::Padded);
        }
        let chars = name.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(NameError::TooLong { chars, max: MAX_NAME_CHARS });
        }
        if let Some((index, c)) = forbidden_character(name) {
            return Err(NameError::ForbiddenCharacter { code: u32::from(c), index });
        }
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HolderName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_script_and_refuses_what_hides_text() {
        for ok in [
            "张三",
            "José María Fernández de Córdoba",
            "Zoë O'Brien-Łukasz",
            "محمد بن سلمان",
            "ศรีสุข",
            "Ngô Bảo Châu",
            "می‌خواهم",
        ] {
            assert_eq!(HolderName::new(ok).unwrap().as_str(), ok);
        }
        assert_eq!(HolderName::new(""), Err(NameError::Empty));
        assert_eq!(HolderName::new("   "), Err(NameError::Empty));
        assert_eq!(HolderName::new("Ana "), Err(NameError::Padded));
        assert_eq!(HolderName::new("A\nB"), Err(NameError::ForbiddenCharacter { code: 0x0A, index: 1 }));
        assert_eq!(
            HolderName::new("A\u{1b}[31mB"),
            Err(NameError::ForbiddenCharacter { code: 0x1B, index: 1 })
        );
        assert_eq!(
            HolderName::new("ab\u{2066}c"),
            Err(NameError::ForbiddenCharacter { code: 0x2066, index: 2 })
        );
        let long = "a".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(
            HolderName::new(&long),
            Err(NameError::TooLong { chars: MAX_NAME_CHARS + 1, max: MAX_NAME_CHARS })
        );
        assert!(HolderName::new(&"张".repeat(MAX_NAME_CHARS)).is_ok());
    }
}
