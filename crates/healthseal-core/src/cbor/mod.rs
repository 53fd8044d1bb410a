//! Deterministic CBOR (RFC 8949 section 4.2.1): encoding, and decoding that refuses anything else.
//!
//! `ciborium` parses; it accepts any valid encoding of a value, so the check for the one
//! deterministic encoding is done here: the parsed value is encoded again and must give back the
//! input byte for byte (shortest heads, definite lengths, preferred floats), and every map's keys
//! must be in strictly increasing bytewise order of their encodings (which also refuses duplicate
//! keys, a classic source of "two parsers, two meanings").
//!
//! Decoding is bounded before it starts. A pre-scan walks the item's heads iteratively (no
//! recursion, no tree, nothing allocated but a stack of at most `max_depth` small frames), counts
//! its data items and adds up the memory `ciborium`'s `Value` tree would take, and the input is
//! refused ([`CborError::TooManyItems`], [`CborError::TooLargeDecoded`]) before `ciborium`
//! allocates anything when the caller's [`DecodeLimits`] would be exceeded. Without it, nested
//! one-element arrays cost about 140 times their size in memory. The same scan records whether
//! map keys are in order, so keys are never encoded again, and the re-encoding is compared with
//! the input as it is written, never held: decoding `n` bytes takes the tree, within its limit,
//! and nothing else in proportion to `n`.

use ciborium::Value;
use thiserror::Error;

use crate::limits::{MAX_TREE_BYTES_BASE, MAX_TREE_BYTES_PER_INPUT_BYTE};

mod diagnostic;
mod prescan;

pub use diagnostic::diagnostic;
use prescan::{prescan, Cost, Prescan};

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
    /// More data items than this kind of input may hold; found by the pre-scan, before anything
    /// was decoded.
    #[error("CBOR holds more than {max} data items where that is the most allowed (refused at byte {offset}, before decoding)")]
    TooManyItems {
        /// The limit.
        max: usize,
        /// Byte offset of the first item over the limit.
        offset: usize,
    },
    /// Decoded, the item would take more memory than allowed for input of its size; found by
    /// the pre-scan, before anything was decoded.
    #[error("CBOR would take more than {max} bytes of memory once decoded (refused at byte {offset}, before decoding)")]
    TooLargeDecoded {
        /// The limit, in bytes.
        max: usize,
        /// Byte offset of the item that went over the limit.
        offset: usize,
    },
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
            Self::TooManyItems { .. } => "cbor_too_many_items",
            Self::TooLargeDecoded { .. } => "cbor_too_large_decoded",
        }
    }
}

/// What decoding one input may cost, checked by the pre-scan before any tree is built.
///
/// ```
/// use healthseal_core::cbor::{decode_within, CborError, DecodeLimits};
/// // [[[0]], [[0]], [[0]]]: 10 data items.
/// let bytes = [0x83, 0x81, 0x81, 0x00, 0x81, 0x81, 0x00, 0x81, 0x81, 0x00];
/// let limits = DecodeLimits { max_items: 8, ..DecodeLimits::for_input(bytes.len(), 4) };
/// assert_eq!(decode_within(&bytes, &limits), Err(CborError::TooManyItems { max: 8, offset: 8 }));
/// assert!(decode_within(&bytes, &DecodeLimits::for_input(bytes.len(), 4)).is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// Deepest nesting accepted (arrays, maps and tags all count).
    pub max_depth: usize,
    /// Most data items: every head but breaks and the chunks of a string (a tag and its content
    /// are two items).
    pub max_items: usize,
    /// Most heap memory the decoded tree may take, in bytes, as the pre-scan models it: each
    /// array or map as the vector `ciborium` grows for it, each tag as a box, each string as
    /// `ciborium` buffers it, each allocation with 32 bytes of allocator overhead. The model
    /// errs high.
    pub max_tree_bytes: usize,
}

impl DecodeLimits {
    /// The limits [`decode_deterministic`] applies to `len` bytes of input: any number of
    /// items, and a tree of at most [`MAX_TREE_BYTES_BASE`] plus
    /// [`MAX_TREE_BYTES_PER_INPUT_BYTE`] bytes per byte of input.
    pub fn for_input(len: usize, max_depth: usize) -> Self {
        Self {
            max_depth,
            max_items: usize::MAX,
            max_tree_bytes: len
                .saturating_mul(MAX_TREE_BYTES_PER_INPUT_BYTE)
                .saturating_add(MAX_TREE_BYTES_BASE),
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

/// Major type 2, a byte string (RFC 8949 section 3.1).
pub(crate) const MAJOR_BYTES: u8 = 2;
/// Major type 3, a text string.
pub(crate) const MAJOR_TEXT: u8 = 3;
/// Major type 4, an array.
pub(crate) const MAJOR_ARRAY: u8 = 4;
/// Major type 5, a map.
pub(crate) const MAJOR_MAP: u8 = 5;
/// Major type 6, a tag.
pub(crate) const MAJOR_TAG: u8 = 6;

/// Appends a head (RFC 8949 section 3) in its shortest form: what `ciborium` writes for the
/// same value, so that bytes built with it need no re-encoding.
pub(crate) fn push_head(out: &mut Vec<u8>, major: u8, argument: u64) {
    let initial = major << 5;
    if let Ok(small @ 0..=23) = u8::try_from(argument) {
        out.push(initial | small);
    } else if let Ok(byte) = u8::try_from(argument) {
        out.extend([initial | 24, byte]);
    } else if let Ok(short) = u16::try_from(argument) {
        out.push(initial | 25);
        out.extend(short.to_be_bytes());
    } else if let Ok(word) = u32::try_from(argument) {
        out.push(initial | 26);
        out.extend(word.to_be_bytes());
    } else {
        out.push(initial | 27);
        out.extend(argument.to_be_bytes());
    }
}

/// Decodes exactly one item in deterministic encoding, nested at most `max_depth` levels, under
/// [`DecodeLimits::for_input`].
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
    decode_within(bytes, &DecodeLimits::for_input(bytes.len(), max_depth))
}

/// Decodes exactly one item in deterministic encoding within `limits`, which are checked by a
/// pre-scan before anything is decoded (the input is refused with
/// [`CborError::TooManyItems`] or [`CborError::TooLargeDecoded`] as soon as the scan passes
/// a limit, whatever comes later in it). Within the limits, every other outcome is the same as
/// `ciborium`'s reading followed by the deterministic-encoding checks.
pub fn decode_within(bytes: &[u8], limits: &DecodeLimits) -> Result<Value, CborError> {
    if bytes.is_empty() {
        return Err(CborError::Empty);
    }
    let scan = prescan(bytes, &mut Cost { limits, items: 0, tree: 0 })?;
    // Where the scan stopped, `ciborium` is given only a few bytes past the head it stopped at:
    // enough to fail there as it would on the whole input, and never enough to build more than
    // the scan has paid for, should it ever read on where the scan did not.
    let input = match scan {
        Prescan::Complete { .. } => bytes,
        Prescan::Stopped { guard, .. } => bytes.get(..guard).unwrap_or(bytes),
    };
    let mut rest = input;
    let value: Value =
        ciborium::de::from_reader_with_recursion_limit(&mut rest, limits.max_depth).map_err(|e| match e {
            ciborium::de::Error::Io(_) => CborError::Truncated,
            ciborium::de::Error::Syntax(offset) => CborError::Syntax { offset },
            ciborium::de::Error::Semantic(offset, _) => CborError::Unsupported { offset },
            ciborium::de::Error::RecursionLimitExceeded => CborError::TooDeep { max: limits.max_depth },
        })?;
    let end = input.len() - rest.len();
    let keys_in_order = match scan {
        Prescan::Complete { end: scanned, keys_in_order } if scanned == end => keys_in_order,
        // `ciborium` read an item where the scan found a malformed one, or ended elsewhere: the
        // two readings disagree, and the stricter one stands.
        Prescan::Complete { end: scanned, .. } => return Err(CborError::Syntax { offset: scanned.min(end) }),
        Prescan::Stopped { at, .. } => return Err(CborError::Syntax { offset: at }),
    };
    if end < bytes.len() {
        return Err(CborError::TrailingBytes { offset: end, count: bytes.len() - end });
    }
    let mut written = Compare { expected: bytes, matched: 0, differs: false };
    // A write error is this comparison stopping at the first difference.
    let _ = ciborium::into_writer(&value, &mut written);
    if written.differs || written.matched != bytes.len() {
        return Err(CborError::NotDeterministic { offset: written.matched });
    }
    if !keys_in_order {
        return Err(CborError::MapKeyOrder);
    }
    Ok(value)
}

/// Checks only the limits: `Err` with [`CborError::TooManyItems`] or
/// [`CborError::TooLargeDecoded`] when decoding `bytes` would pass them, `Ok` otherwise (malformed
/// input included: its error is for [`decode_within`] to give). Allocates nothing in proportion
/// to the input.
pub(crate) fn check_limits(bytes: &[u8], limits: &DecodeLimits) -> Result<(), CborError> {
    prescan(bytes, &mut Cost { limits, items: 0, tree: 0 }).map(|_| ())
}

/// The data items of one well-formed item and the memory the pre-scan models for its tree.
#[cfg(test)]
pub(crate) fn modelled_cost(bytes: &[u8], max_depth: usize) -> Option<(usize, usize)> {
    let unlimited = DecodeLimits { max_depth, max_items: usize::MAX, max_tree_bytes: usize::MAX };
    let mut cost = Cost { limits: &unlimited, items: 0, tree: 0 };
    match prescan(bytes, &mut cost) {
        Ok(Prescan::Complete { .. }) => Some((cost.items, cost.tree)),
        _ => None,
    }
}

/// An encoder's output compared with the expected bytes as it is written, never stored.
struct Compare<'a> {
    expected: &'a [u8],
    /// Bytes equal so far.
    matched: usize,
    /// Whether a written byte differed from, or went past the end of, the expected bytes.
    differs: bool,
}

impl std::io::Write for Compare<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let rest = self.expected.get(self.matched..).unwrap_or_default();
        let same = buf.iter().zip(rest).take_while(|(a, b)| a == b).count();
        self.matched += same;
        if same < buf.len() {
            self.differs = true;
            return Err(std::io::Error::other("differs from the input"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::prescan::{ALLOCATION_OVERHEAD, SLOT};
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

    #[test]
    fn key_order_is_checked_in_every_map_whatever_its_keys_hold() {
        // Keys that are themselves maps and arrays, compared by their whole encodings.
        assert!(decode("a281a10102f6a10102f6").is_ok()); // {[{1: 2}]: null, {1: 2}: null}
        assert_eq!(decode("a2a10102f681a10102f6"), Err(CborError::MapKeyOrder)); // swapped
        assert_eq!(decode("a1a20201010200"), Err(CborError::MapKeyOrder)); // inside a key
        assert_eq!(decode("82a0a202000100"), Err(CborError::MapKeyOrder)); // in the second element
        assert!(decode("a201a20102030403a0").is_ok()); // {1: {1: 2, 3: 4}, 3: {}}
    }

    #[test]
    fn the_limits_refuse_before_decoding() {
        let bytes = hex::decode("838181008181008181f6").unwrap(); // [[[0]], [[0]], [[null]]]
        let at_most = |max_items| DecodeLimits { max_items, ..DecodeLimits::for_input(bytes.len(), 8) };
        assert!(decode_within(&bytes, &at_most(10)).is_ok());
        assert_eq!(decode_within(&bytes, &at_most(9)), Err(CborError::TooManyItems { max: 9, offset: 9 }));
        assert_eq!(decode_within(&bytes, &at_most(1)), Err(CborError::TooManyItems { max: 1, offset: 1 }));
        // A limit passed before a later error is what is reported: nothing after it is read.
        let mut damaged = bytes.clone();
        damaged.push(0x1c);
        assert_eq!(decode_within(&damaged, &at_most(4)), Err(CborError::TooManyItems { max: 4, offset: 4 }));
        // The modelled tree: the outer array (4 slots), two inner arrays each (4 slots).
        let (items, tree) = modelled_cost(&bytes, 8).unwrap();
        assert_eq!(items, 10);
        assert_eq!(tree, 7 * (4 * SLOT + ALLOCATION_OVERHEAD));
        let tight = DecodeLimits { max_tree_bytes: tree - 1, ..DecodeLimits::for_input(bytes.len(), 8) };
        assert_eq!(
            decode_within(&bytes, &tight),
            Err(CborError::TooLargeDecoded { max: tree - 1, offset: 9 })
        );
        let exact = DecodeLimits { max_tree_bytes: tree, ..tight };
        assert!(decode_within(&bytes, &exact).is_ok());
    }

    #[test]
    fn within_the_limits_every_outcome_is_ciborium_s() {
        // Wherever the pre-scan stops, ciborium stops and gives the error, as it did alone.
        let cases = [
            ("ff", CborError::Unsupported { offset: None }), // a break on its own
            ("81ff", CborError::Unsupported { offset: None }), // a break in a definite array
            ("bf01ff", CborError::Unsupported { offset: None }), // a break where a value goes
            ("c1ff", CborError::Unsupported { offset: None }), // a break as a tag's content
            ("1f", CborError::Syntax { offset: 0 }),         // an indefinite integer
            ("df00", CborError::Syntax { offset: 0 }),       // an indefinite tag
            ("5f01ff", CborError::Syntax { offset: 1 }),     // an integer as a bytes chunk
            ("7f4100ff", CborError::Syntax { offset: 1 }),   // bytes as a text chunk
            ("9f81", CborError::Truncated),
            ("5f41", CborError::Truncated),
            ("c2", CborError::Truncated),
            ("c248", CborError::Truncated),
            ("7a0000000562", CborError::Truncated),
            ("d8", CborError::Truncated),
        ];
        for (hex, expected) in cases {
            assert_eq!(decode(hex), Err(expected), "{hex}");
        }
        // Indefinite lengths are read (then refused as not deterministic), nested chunks included.
        for hex in ["9f01ff", "bf0102ff", "5f5f4101ffff", "7f6161ff", "9f9fffff"] {
            assert_eq!(decode(hex), Err(CborError::NotDeterministic { offset: 0 }), "{hex}");
        }
        // Nesting: arrays, maps and tags count; a big integer (tag 2 or 3 on at most 16 bytes)
        // is one leaf, as ciborium reads it.
        assert_eq!(decode("8181818181818181f6"), Ok(nested(8, Value::Null)));
        assert_eq!(decode("818181818181818181f6"), Err(CborError::TooDeep { max: 8 }));
        assert_eq!(decode("c1c1c1c1c1c1c1c1f6").map(|_| ()), Ok(()));
        assert_eq!(decode("c1c1c1c1c1c1c1c1c1f6"), Err(CborError::TooDeep { max: 8 }));
        assert_eq!(
            decode("81818181818181814101c24101"),
            Err(CborError::TrailingBytes { offset: 10, count: 3 })
        );
        assert_eq!(decode("8181818181818181c24101"), Err(CborError::NotDeterministic { offset: 8 }));
        assert_eq!(decode("8181818181818181c25101"), Err(CborError::TooDeep { max: 8 }));
    }

    fn nested(depth: usize, inner: Value) -> Value {
        (0..depth).fold(inner, |v, _| Value::Array(vec![v]))
    }

    #[test]
    fn nested_one_element_arrays_are_modelled_at_their_real_cost() {
        // 1 byte each, 4 slots and an allocation each once decoded: about 160 times their size.
        let bytes = hex::decode("818181818181818100").unwrap();
        let (items, tree) = modelled_cost(&bytes, 16).unwrap();
        assert_eq!(items, 9);
        assert_eq!(tree, 8 * (4 * SLOT + ALLOCATION_OVERHEAD));
        // Strings: exact up to ciborium's scratch buffer, then gathered by doubling.
        let string = |len: usize| {
            let mut out = Vec::new();
            push_head(&mut out, MAJOR_BYTES, len as u64);
            out.resize(out.len() + len, 7);
            modelled_cost(&out, 1).unwrap().1
        };
        assert_eq!(string(0), 0);
        assert_eq!(string(4096), 4096 + ALLOCATION_OVERHEAD);
        assert_eq!(string(4097), 8192 + ALLOCATION_OVERHEAD);
        assert_eq!(string(8_000), 8192 + ALLOCATION_OVERHEAD);
        assert_eq!(string(12_289), 16_384 + ALLOCATION_OVERHEAD);
    }
}
