//! Deterministic CBOR (RFC 8949 section 4.2.1): encoding, and decoding that refuses anything else.
//!
//! `ciborium` parses; it accepts any valid encoding of a value, so the check for the one
//! deterministic encoding is done here: the parsed value is encoded again and must give back the
//! input byte for byte (shortest heads, definite lengths, preferred floats), and every map's keys
//! must be in strictly increasing bytewise order of their encodings (which also refuses duplicate
//! keys, a classic source of "two parsers, two meanings").

use ciborium::Value;
use thiserror::Error;

/// Why bytes are not one deterministic CBOR item.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CborError {
    /// No bytes at all.
    #[error("no CBOR data")]
    Empty,
    /// The bytes end in the middle of an item.
    #[error("CBOR data ends in the middle of an item")]
    Truncated,
    /// A malformed item head.
    #[error("malformed CBOR at byte {offset}")]
    Syntax {
        /// Byte offset of the bad head.
        offset: usize,
    },
    /// Well-formed CBOR this decoder does not take (invalid UTF-8 text, an unknown simple value,
    /// a tag without content).
    #[error("unsupported CBOR item at byte {offset:?}")]
    Unsupported {
        /// Byte offset, where known.
        offset: Option<usize>,
    },
    /// Nesting deeper than allowed.
    #[error("CBOR nesting deeper than {max} levels")]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// More bytes after the one item.
    #[error("{count} unexpected byte(s) after the CBOR item at byte {offset}")]
    TrailingBytes {
        /// Where the extra bytes start.
        offset: usize,
        /// How many there are.
        count: usize,
    },
    /// The item is valid CBOR but not in its one deterministic encoding.
    #[error("CBOR is not in deterministic encoding (first difference at byte {offset})")]
    NotDeterministic {
        /// First byte that differs from the deterministic encoding.
        offset: usize,
    },
    /// Map keys out of order, or the same key twice.
    #[error("CBOR map keys are duplicated or not in deterministic order")]
    MapKeyOrder,
}

impl CborError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "cbor_empty",
            Self::Truncated => "cbor_truncated",
            Self::Syntax { .. } => "cbor_syntax",
            Self::Unsupported { .. } => "cbor_unsupported",
            Self::TooDeep { .. } => "cbor_too_deep",
            Self::TrailingBytes { .. } => "cbor_trailing_bytes",
            Self::NotDeterministic { .. } => "cbor_not_deterministic",
            Self::MapKeyOrder => "cbor_map_key_order",
        }
    }
}

/// Encodes a value. Map entries are written in the order given; callers that need deterministic
/// output give keys in deterministic order (as every encoder in this crate does).
pub fn encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every `Value` is serializable; should that ever change,
    // the output would be short and every check downstream (deterministic comparison, signature)
    // would refuse it rather than accept something else.
    let _ = ciborium::into_writer(value, &mut out);
    out
}

/// Decodes exactly one item in deterministic encoding, nested at most `max_depth` levels.
///
/// ```
/// use healthseal_core::cbor::{decode_deterministic, CborError};
/// assert!(decode_deterministic(&[0x18, 0x18], 4).is_ok()); // 24
/// assert!(matches!(
///     decode_deterministic(&[0x18, 0x17], 4), // 23, not in its shortest form
///     Err(CborError::NotDeterministic { offset: 0 })
/// ));
/// ```
pub fn decode_deterministic(bytes: &[u8], max_depth: usize) -> Result<Value, CborError> {
    if bytes.is_empty() {
        return Err(CborError::Empty);
    }
    let mut rest = bytes;
    let value: Value =
        ciborium::de::from_reader_with_recursion_limit(&mut rest, max_depth).map_err(|e| match e {
            ciborium::de::Error::Io(_) => CborError::Truncated,
            ciborium::de::Error::Syntax(offset) => CborError::Syntax { offset },
            ciborium::de::Error::Semantic(offset, _) => CborError::Unsupported { offset },
            ciborium::de::Error::RecursionLimitExceeded => CborError::TooDeep { max: max_depth },
        })?;
    if !rest.is_empty() {
        return Err(CborError::TrailingBytes { offset: bytes.len() - rest.len(), count: rest.len() });
    }
    let again = encode(&value);
    if again != bytes {
        let offset = again.iter().zip(bytes).take_while(|(a, b)| a == b).count();
        return Err(CborError::NotDeterministic { offset });
    }
    check_map_order(&value)?;
    Ok(value)
}

fn check_map_order(value: &Value) -> Result<(), CborError> {
    match value {
        Value::Map(entries) => {
            let mut previous: Option<Vec<u8>> = None;
            for (key, item) in entries {
                let encoded = encode(key);
                if previous.as_ref().is_some_and(|p| *p >= encoded) {
                    return Err(CborError::MapKeyOrder);
                }
                check_map_order(key)?;
                check_map_order(item)?;
                previous = Some(encoded);
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(check_map_order),
        Value::Tag(_, inner) => check_map_order(inner),
        _ => Ok(()),
    }
}

/// Compact diagnostic notation (RFC 8949 section 8) for showing decoded data to people.
///
/// Text is shown with Rust escaping, so control characters in hostile input cannot reach a
/// terminal.
///
/// ```
/// use ciborium::Value;
/// let v = Value::Map(vec![(Value::from(1), Value::Bytes(vec![0xab]))]);
/// assert_eq!(healthseal_core::cbor::diagnostic(&v), "{1: h'ab'}");
/// ```
pub fn diagnostic(value: &Value) -> String {
    let mut out = String::new();
    write_diagnostic(value, &mut out);
    out
}

fn write_diagnostic(value: &Value, out: &mut String) {
    use std::fmt::Write as _;
    match value {
        Value::Integer(i) => {
            let _ = write!(out, "{}", i128::from(*i));
        }
        Value::Bytes(b) => {
            out.push_str("h'");
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
            out.push('\'');
        }
        Value::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        Value::Text(t) => {
            let _ = write!(out, "\"{}\"", t.escape_debug());
        }
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Null => out.push_str("null"),
        Value::Tag(tag, inner) => {
            let _ = write!(out, "{tag}(");
            write_diagnostic(inner, out);
            out.push(')');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_diagnostic(item, out);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_diagnostic(k, out);
                out.push_str(": ");
                write_diagnostic(v, out);
            }
            out.push('}');
        }
        _ => out.push_str("<unknown>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(hex: &str) -> Result<Value, CborError> {
        decode_deterministic(&hex::decode(hex).unwrap(), 8)
    }

    #[test]
    fn accepts_deterministic_items() {
        assert_eq!(decode("a201020304"), Ok(Value::Map(vec![(1.into(), 2.into()), (3.into(), 4.into())])));
        assert_eq!(decode("3a00011170"), Ok(Value::from(-70001)));
        assert_eq!(decode("d24101"), Ok(Value::Tag(18, Box::new(Value::Bytes(vec![1])))));
    }

    #[test]
    fn rejects_every_other_encoding() {
        assert_eq!(decode(""), Err(CborError::Empty));
        assert_eq!(decode("1901"), Err(CborError::Truncated));
        assert_eq!(decode("0102"), Err(CborError::TrailingBytes { offset: 1, count: 1 }));
        assert_eq!(decode("1817"), Err(CborError::NotDeterministic { offset: 0 })); // long head
        assert_eq!(decode("5f4101ff"), Err(CborError::NotDeterministic { offset: 0 })); // indefinite
        assert_eq!(decode("a203040102"), Err(CborError::MapKeyOrder)); // 3 before 1
        assert_eq!(decode("a201020103"), Err(CborError::MapKeyOrder)); // duplicate key
        assert_eq!(decode("a120010203"), Err(CborError::TrailingBytes { offset: 3, count: 2 }));
        assert_eq!(decode("1c"), Err(CborError::Syntax { offset: 0 }));
        assert_eq!(decode("62c328"), Err(CborError::Syntax { offset: 0 })); // bad UTF-8
        assert!(matches!(decode("f0"), Err(CborError::Unsupported { .. }))); // simple value 16
        assert_eq!(decode("818181818181818181818100"), Err(CborError::TooDeep { max: 8 }));
        assert_eq!(decode("f93c00"), Ok(Value::Float(1.0))); // preferred (shortest) float
        assert!(matches!(decode("fb3ff0000000000000"), Err(CborError::NotDeterministic { .. })));
    }

    #[test]
    fn a_huge_declared_length_does_not_allocate() {
        // A byte string claiming 2^63 bytes must fail as truncated, not abort on allocation.
        assert_eq!(decode("5b8000000000000000"), Err(CborError::Truncated));
        assert_eq!(decode("9b8000000000000000"), Err(CborError::Truncated));
    }

    #[test]
    fn negative_keys_sort_after_positive_ones() {
        // Bytewise order of encodings: 0x07 (7) < 0x20 (-1) < 0x3a.. (-70001).
        assert!(decode("a3070020003a0001117000").is_ok());
        assert_eq!(decode("a33a000111700007002000"), Err(CborError::MapKeyOrder));
    }
}
