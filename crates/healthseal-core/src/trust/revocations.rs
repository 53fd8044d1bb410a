//! Revoked credential ids: a sorted run of 8-byte ids, searched by bisection.
//!
//! One byte string per region rather than an array of byte strings: 8 bytes per id on the wire
//! and in memory (a million ids are 8 MB), no per-id allocation when loading, and lookups in
//! about 20 comparisons without building any index.

use crate::CredentialId;

/// A set of revoked credential ids.
///
/// ```
/// use healthseal_core::{CredentialId, RevocationSet};
/// let set = RevocationSet::from_ids([CredentialId::from_bytes([9; 8]), CredentialId::from_bytes([1; 8])]);
/// assert!(set.contains(CredentialId::from_bytes([9; 8])));
/// assert!(!set.contains(CredentialId::from_bytes([2; 8])));
/// assert_eq!(set.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevocationSet {
    sorted: Vec<u8>,
}

impl RevocationSet {
    /// The set of these ids (order and repeats do not matter).
    pub fn from_ids(ids: impl IntoIterator<Item = CredentialId>) -> Self {
        let mut ids: Vec<[u8; 8]> = ids.into_iter().map(|id| *id.as_bytes()).collect();
        ids.sort_unstable();
        ids.dedup();
        Self { sorted: ids.concat() }
    }

    /// Reads the wire form: a whole number of 8-byte ids in strictly increasing order.
    pub(crate) fn from_sorted_bytes(bytes: Vec<u8>) -> Result<Self, &'static str> {
        if !bytes.len().is_multiple_of(CredentialId::LEN) {
            return Err("is not a whole number of 8-byte credential ids");
        }
        let increasing = bytes
            .chunks_exact(CredentialId::LEN)
            .zip(bytes.chunks_exact(CredentialId::LEN).skip(1))
            .all(|(a, b)| a < b);
        if !increasing {
            return Err("should list credential ids once each, in increasing order");
        }
        Ok(Self { sorted: bytes })
    }

    /// The wire form.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.sorted
    }

    /// Whether `id` is revoked.
    pub fn contains(&self, id: CredentialId) -> bool {
        let target = id.as_bytes().as_slice();
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(target) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    fn get(&self, i: usize) -> &[u8] {
        self.sorted.get(i * CredentialId::LEN..(i + 1) * CredentialId::LEN).unwrap_or_default()
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.sorted.len() / CredentialId::LEN
    }

    /// Whether no id is revoked.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// The ids, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = CredentialId> + '_ {
        self.sorted.chunks_exact(CredentialId::LEN).map(|c| {
            let mut id = [0u8; 8];
            id.copy_from_slice(c);
            CredentialId::from_bytes(id)
        })
    }

    /// A new set with these ids added.
    pub fn with(&self, more: impl IntoIterator<Item = CredentialId>) -> Self {
        Self::from_ids(self.iter().chain(more))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn contains_exactly_the_ids_given(ids in proptest::collection::vec(any::<[u8; 8]>(), 0..200), probe in any::<[u8; 8]>()) {
            let set = RevocationSet::from_ids(ids.iter().copied().map(CredentialId::from_bytes));
            for id in &ids {
                prop_assert!(set.contains(CredentialId::from_bytes(*id)));
            }
            prop_assert_eq!(set.contains(CredentialId::from_bytes(probe)), ids.contains(&probe));
            prop_assert_eq!(RevocationSet::from_sorted_bytes(set.as_bytes().to_vec()), Ok(set.clone()));
        }
    }

    #[test]
    fn refuses_unsorted_repeated_or_ragged_wire_forms() {
        assert!(RevocationSet::from_sorted_bytes(vec![0; 7]).is_err());
        assert!(RevocationSet::from_sorted_bytes([[2u8; 8], [1; 8]].concat()).is_err());
        assert!(RevocationSet::from_sorted_bytes([[1u8; 8], [1; 8]].concat()).is_err());
    }
}
