//! The holder's name, as on the identity document.

use std::fmt;

use thiserror::Error;

use crate::invisible::{is_invisible, is_joiner};
use crate::limits::MAX_NAME_CHARS;

/// A holder's name: any script, kept byte for byte (no normalisation), but never empty, never
/// padded with spaces, with no run of spaces (which could push the rest of a verdict line out of
/// sight), and free of characters that could hide or reorder what a checkpoint officer or a
/// terminal shows (controls, bidirectional controls, every default-ignorable character; a zero
/// width joiner or non-joiner only between two letters).
///
/// ```
/// use healthseal_core::HolderName;
/// assert_eq!(HolderName::new("张三").unwrap().as_str(), "张三");
/// assert!(HolderName::new(" Ana").is_err());
/// assert!(HolderName::new("Eve\u{202E}ssalG").is_err());
/// assert!(HolderName::new("Li  Wei").is_err());
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
    /// Holds two or more white-space characters in a row.
    #[error("the holder name has a run of spaces at character {index}; one space separates words")]
    SpaceRun {
        /// Index of the run's first character, counted in characters.
        index: usize,
    },
    /// Holds a character that is not shown, or changes how text around it is shown.
    #[error("the holder name contains the invisible or control character U+{code:04X} at character {index}")]
    ForbiddenCharacter {
        /// The code point.
        code: u32,
        /// Its index, counted in characters.
        index: usize,
    },
}

/// The first character of `text` that could hide or reorder what a checkpoint officer or a
/// terminal shows, and its index in characters: any invisible character (see
/// [`crate::is_invisible`]), except a zero width joiner or non-joiner between two letters or
/// marks, where some scripts need it for correct spelling (Persian, Indic scripts).
pub(crate) fn forbidden_character(text: &str) -> Option<(usize, char)> {
    let chars: Vec<char> = text.chars().collect();
    let inside_a_word = |i: usize| {
        // A letter or a mark (Rust has no general category; a virama, before a joiner in
        // Devanagari, is a mark but not alphabetic): anything visible but space and ASCII
        // punctuation.
        let letter = |c: Option<&char>| {
            c.is_some_and(|&c| !c.is_whitespace() && !is_invisible(c) && !c.is_ascii_punctuation())
        };
        i > 0 && letter(chars.get(i - 1)) && letter(chars.get(i + 1))
    };
    chars.iter().enumerate().find_map(|(i, &c)| {
        let allowed = is_joiner(c) && inside_a_word(i);
        (is_invisible(c) && !allowed).then_some((i, c))
    })
}

/// The index in characters of the first run of two or more white-space characters, if any.
fn space_run(text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).position(|w| w[0].is_whitespace() && w[1].is_whitespace())
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
        if let Some(index) = space_run(name) {
            return Err(NameError::SpaceRun { index });
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

    /// Issue 10, item 8: characters that hide, reorder or blank out text, and joiners outside a
    /// word.
    #[test]
    fn refuses_every_invisible_character_an_attacker_reached_for() {
        for (name, code, index) in [
            ("Ali\u{061C}ce", 0x061C, 3),
            ("\u{3164}Li Wei", 0x3164, 0),
            ("Li\u{00AD}Wei", 0x00AD, 2),
            ("Li\u{180E}Wei", 0x180E, 2),
            ("Li Wei\u{E0041}\u{E007F}", 0xE0041, 6),
            ("Li\u{200D} Wei", 0x200D, 2),
            ("\u{200C}Li", 0x200C, 0),
            ("Li\u{FE0F}", 0xFE0F, 2),
        ] {
            assert_eq!(HolderName::new(name), Err(NameError::ForbiddenCharacter { code, index }), "{name:?}");
        }
        assert!(HolderName::new("क्\u{200D}ष").is_ok(), "a joiner inside a word");
    }

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
        assert_eq!(HolderName::new("Li  Wei"), Err(NameError::SpaceRun { index: 2 }));
        assert_eq!(HolderName::new("Li \u{3000}Wei"), Err(NameError::SpaceRun { index: 2 }));
        assert!(HolderName::new("山田\u{3000}太郎").is_ok(), "one ideographic space separates words");
        assert_eq!(
            HolderName::new(&long),
            Err(NameError::TooLong { chars: MAX_NAME_CHARS + 1, max: MAX_NAME_CHARS })
        );
        assert!(HolderName::new(&"张".repeat(MAX_NAME_CHARS)).is_ok());
    }
}
