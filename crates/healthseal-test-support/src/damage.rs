//! Damage that keeps most of the structure: a few bytes or characters overwritten, removed or
//! inserted, so that decoding gets past the first layers and the deeper ones are exercised.

use std::ops::Range;

use proptest::prelude::*;
use proptest::sample::Index;

/// `original` with `edits` (a number in that range) bytes overwritten, removed or inserted, each
/// at a position from `from` on: the first `from` bytes stay as they were, so that a format's
/// signature is still recognised and its decoder itself runs.
pub fn bytes(original: &[u8], from: usize, edits: Range<usize>) -> impl Strategy<Value = Vec<u8>> {
    let original = original.to_vec();
    let end = original.len().max(from + 1);
    proptest::collection::vec((from..end, any::<u8>(), 0u8..3), edits)
        .prop_map(move |edits| apply(&original, edits))
}

/// Like [`bytes`], for text: `edits` characters replaced, removed or inserted anywhere, each new
/// one taken from `alphabet`.
pub fn text(original: &str, alphabet: &str, edits: Range<usize>) -> impl Strategy<Value = String> {
    let original: Vec<char> = original.chars().collect();
    let end = original.len().max(1);
    let alphabet: Vec<char> = alphabet.chars().collect();
    proptest::collection::vec((0..end, any::<Index>(), 0u8..3), edits).prop_map(move |edits| {
        let edits = edits.into_iter().map(|(at, pick, kind)| (at, *pick.get(&alphabet), kind));
        apply(&original, edits).into_iter().collect()
    })
}

/// Applies each edit in turn: `(at, item, 0)` overwrites, `(at, _, 1)` removes, anything else
/// (or a position past the end) inserts. Positions past the end count as the end.
fn apply<T: Clone>(original: &[T], edits: impl IntoIterator<Item = (usize, T, u8)>) -> Vec<T> {
    let mut out = original.to_vec();
    for (at, item, kind) in edits {
        let at = at.min(out.len());
        match kind {
            0 if at < out.len() => out[at] = item,
            1 if at < out.len() => {
                out.remove(at);
            }
            _ => out.insert(at, item),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_edit() {
        let original = [1u8, 2, 3];
        assert_eq!(apply(&original, [(1, 9, 0)]), [1, 9, 3]);
        assert_eq!(apply(&original, [(1, 9, 1)]), [1, 3]);
        assert_eq!(apply(&original, [(1, 9, 2)]), [1, 9, 2, 3]);
        // Past the end, every kind inserts at the end.
        assert_eq!(apply(&original, [(7, 9, 0)]), [1, 2, 3, 9]);
        assert_eq!(apply(&original, [(7, 9, 1)]), [1, 2, 3, 9]);
    }

    proptest! {
        #[test]
        fn the_first_bytes_are_kept(damaged in bytes(b"\x89PNG\r\n\x1a\nIHDR", 8, 1..8)) {
            prop_assert_eq!(&damaged[..8], b"\x89PNG\r\n\x1a\n");
            prop_assert_ne!(damaged.len(), 0);
        }

        #[test]
        fn new_characters_come_from_the_alphabet(damaged in text("ab", "xy", 1..6)) {
            prop_assert!(damaged.len() <= 2 + 5);
            prop_assert!(damaged.chars().all(|c| "abxy".contains(c)), "{damaged:?}");
        }
    }
}
