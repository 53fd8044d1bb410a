//! Base45 (RFC 9285), strict.
//!
//! Written here rather than taken from the `base45` crate: version 3.2 of that crate accepts a
//! final two-character group worth more than 255 and silently truncates it, which RFC 9285
//! section 4 forbids and which would let two different texts carry the same credential. Its error
//! also does not say where the text is wrong. The codec is short and tested against the crate
//! and the RFC examples.

use thiserror::Error;

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Digit value of each byte, or `INVALID`; built at compile time from `ALPHABET`.
const INVALID: u8 = 0xFF;
const DIGITS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        #[allow(clippy::cast_possible_truncation)] // i < 45; `try_from` is not usable in a const
        {
            table[ALPHABET[i] as usize] = i as u8;
        }
        i += 1;
    }
    table
};

/// Why a base45 text could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Base45Error {
    /// A byte outside the 45-character alphabet.
    #[error("character {found:?} at position {position} is not in the base45 alphabet")]
    InvalidCharacter {
        /// Offset of the byte in the base45 text.
        position: usize,
        /// The character found.
        found: char,
    },
    /// A group decodes to a value too large for its bytes (over 65535, or over 255 at the end).
    #[error("group at position {position} has value {value}, more than its {bytes} byte(s) can hold")]
    GroupOverflow {
        /// Offset of the group's first character.
        position: usize,
        /// The value the group decodes to.
        value: u32,
        /// How many bytes the group stands for.
        bytes: u8,
    },
    /// The length leaves a single character at the end, which no byte sequence encodes to.
    #[error("length {len} is not valid for base45 (one character left over)")]
    InvalidLength {
        /// Length of the base45 text.
        len: usize,
    },
}

impl Base45Error {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidCharacter { .. } => "base45_invalid_character",
            Self::GroupOverflow { .. } => "base45_group_overflow",
            Self::InvalidLength { .. } => "base45_invalid_length",
        }
    }
}

impl Base45Error {
    /// The same error with positions moved by `offset`, for base45 embedded in a longer text.
    pub(crate) fn shifted(self, offset: usize) -> Self {
        match self {
            Self::InvalidCharacter { position, found } => {
                Self::InvalidCharacter { position: position + offset, found }
            }
            Self::GroupOverflow { position, value, bytes } => {
                Self::GroupOverflow { position: position + offset, value, bytes }
            }
            other @ Self::InvalidLength { .. } => other,
        }
    }
}

/// Encodes bytes as base45.
///
/// ```
/// assert_eq!(healthseal_core::base45::encode(b"AB"), "BB8");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    // Every value pushed is reduced modulo 45 or bounded by it, so the index is in range.
    let mut push = |v: u32| out.push(char::from(ALPHABET[v as usize % 45]));
    let mut pairs = bytes.chunks_exact(2);
    for pair in &mut pairs {
        let n = (u32::from(pair[0]) << 8) | u32::from(pair[1]);
        push(n % 45);
        push(n / 45 % 45);
        push(n / 2025);
    }
    if let [last] = pairs.remainder() {
        let n = u32::from(*last);
        push(n % 45);
        push(n / 45);
    }
    out
}

/// Decodes base45 text, rejecting anything RFC 9285 does not allow.
///
/// ```
/// use healthseal_core::base45;
/// assert_eq!(base45::decode("BB8").unwrap(), b"AB");
/// assert!(base45::decode("GGW").is_err()); // 65536 does not fit two bytes
/// ```
pub fn decode(text: &str) -> Result<Vec<u8>, Base45Error> {
    let input = text.as_bytes();
    if input.len() % 3 == 1 {
        return Err(Base45Error::InvalidLength { len: input.len() });
    }
    let mut out = Vec::with_capacity(input.len() / 3 * 2 + 1);
    let digit = |position: usize| -> Result<u32, Base45Error> {
        let byte = input.get(position).copied().unwrap_or(INVALID);
        match DIGITS[usize::from(byte)] {
            // Every byte before `position` is ASCII, so `position` starts a character.
            INVALID => Err(Base45Error::InvalidCharacter {
                position,
                found: text.get(position..).and_then(|t| t.chars().next()).unwrap_or('\0'),
            }),
            d => Ok(u32::from(d)),
        }
    };
    let mut position = 0;
    while position < input.len() {
        let group = (input.len() - position).min(3);
        let mut value = 0u32;
        let mut weight = 1u32;
        for i in 0..group {
            value += digit(position + i)? * weight;
            weight *= 45;
        }
        let (bytes, max) = if group == 3 { (2u8, 0xFFFF) } else { (1u8, 0xFF) };
        if value > max {
            return Err(Base45Error::GroupOverflow { position, value, bytes });
        }
        let be = value.to_be_bytes();
        if bytes == 2 {
            out.extend_from_slice(&be[2..]);
        } else {
            out.push(be[3]);
        }
        position += group;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // RFC 9285 section 4.3 and 4.4 examples.
    #[test]
    fn rfc_9285_examples() {
        for (plain, encoded) in [
            (&b"AB"[..], "BB8"),
            (b"Hello!!", "%69 VD92EX0"),
            (b"base-45", "UJCLQE7W581"),
            (b"ietf!", "QED8WEX0"),
            (b"", ""),
        ] {
            assert_eq!(encode(plain), encoded);
            assert_eq!(decode(encoded).unwrap(), plain);
        }
    }

    #[test]
    fn rejects_what_rfc_9285_rejects() {
        assert_eq!(decode("GGW"), Err(Base45Error::GroupOverflow { position: 0, value: 65536, bytes: 2 }));
        // "::" is 44 + 44 * 45 = 2024: too large for the final single byte.
        assert_eq!(decode("BB8::"), Err(Base45Error::GroupOverflow { position: 3, value: 2024, bytes: 1 }));
        assert_eq!(decode("BB8B"), Err(Base45Error::InvalidLength { len: 4 }));
        assert_eq!(decode("BBa"), Err(Base45Error::InvalidCharacter { position: 2, found: 'a' }));
    }

    #[test]
    fn the_base45_crate_accepts_an_overflowing_final_pair() {
        // The reason this codec is hand-written: "V5" is 31 + 5 * 45 = 256, which the crate
        // truncates to 0x00 instead of rejecting. If this ever starts failing, the crate has been
        // fixed and can replace this module.
        assert_eq!(::base45::decode("V5"), Ok(vec![0x00]));
        assert!(decode("V5").is_err());
    }

    proptest! {
        #[test]
        fn round_trip_and_agreement_with_the_crate(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let text = encode(&bytes);
            prop_assert_eq!(&text, &::base45::encode(&bytes));
            prop_assert_eq!(decode(&text).unwrap(), bytes);
        }

        #[test]
        fn arbitrary_text_never_panics(text in ".{0,64}") {
            if let Ok(bytes) = decode(&text) {
                // Whatever decodes re-encodes to the same text: there is one text per byte string.
                prop_assert_eq!(encode(&bytes), text);
            }
        }
    }
}
