//! Root succession: a province's old root names its new root in a signed record, and the lists
//! and statements signed by the new root carry every record since the province's first root,
//! so that whoever trusts any root of the chain can follow it to the current one.

use ciborium::Value;

use super::signed::{self, Kind};
use super::wire::{self, Fields};
use super::TrustDocError;
use crate::limits::MAX_SUCCESSIONS;
use crate::{PublicKey, Region, Signer, Timestamp};

/// Content type (COSE header 3) of a root succession record.
pub const SUCCESSION_CONTENT_TYPE: &str = "application/vnd.healthseal.root-succession+cbor";

pub(super) const KIND: Kind =
    Kind { name: "root succession", content_type: SUCCESSION_CONTENT_TYPE, succession: None };

/// One step of a province's root succession: its old root names its new root. Signed by the
/// old root.
///
/// ```
/// use healthseal_core::{RootSuccession, SigningKey, Timestamp};
/// let old = SigningKey::from_seed([1; 32]);
/// let new = SigningKey::from_seed([2; 32]);
/// let step = RootSuccession {
///     region: "CN-HA".parse().unwrap(),
///     number: 1,
///     old_root: old.public_key().clone(),
///     new_root: new.public_key().clone(),
///     issued_at: Timestamp::from_unix(1_795_564_800).unwrap(),
/// };
/// let signed = step.sign(&old).unwrap();
/// assert_eq!(signed.record(), &step);
/// // Only the old root can name its successor.
/// assert!(step.sign(&new).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootSuccession {
    /// The province.
    pub region: Region,
    /// 1 for the first succession from the province's first root, then 2, 3...
    pub number: u64,
    /// The root being replaced (which signs the record).
    pub old_root: PublicKey,
    /// Its successor.
    pub new_root: PublicKey,
    /// When it was signed.
    pub issued_at: Timestamp,
}

/// A [`RootSuccession`] with its signature, as a file and as lists and statements carry it.
/// Its signature has been checked under the old root it names: the record is what that root
/// said. Whether that root is one the reader trusts is decided by [`Succession::follow`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedSuccession {
    record: RootSuccession,
    bytes: Vec<u8>,
}

/// A province's root succession from its first root: every record, in order. Empty for a
/// province that never replaced its root.
///
/// A chain is whole by construction: numbered 1, 2, 3... each record signed by the root the
/// previous one named, all for one region, in time order, and never returning to a root it left.
///
/// ```
/// use healthseal_core::{RootSuccession, SigningKey, Succession, Timestamp};
/// let roots: Vec<_> = (1..=3).map(|i| SigningKey::from_seed([i; 32])).collect();
/// let step = |n: usize| RootSuccession {
///     region: "CN-HA".parse().unwrap(),
///     number: n as u64,
///     old_root: roots[n - 1].public_key().clone(),
///     new_root: roots[n].public_key().clone(),
///     issued_at: Timestamp::from_unix(1_795_564_800).unwrap(),
/// };
/// let chain = Succession::default()
///     .then(step(1).sign(&roots[0])?)?
///     .then(step(2).sign(&roots[1])?)?;
/// // A checkpoint pinned to the first root is led to the third; one pinned to the third stays.
/// let at = chain.follow(roots[0].public_key())?;
/// assert_eq!((at.root, at.number), (roots[2].public_key().clone(), 2));
/// assert_eq!(chain.follow(roots[2].public_key())?.number, 2);
/// // A root the chain does not pass through leads nowhere.
/// assert!(chain.follow(SigningKey::from_seed([9; 32]).public_key()).is_err());
/// # Ok::<(), healthseal_core::TrustDocError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Succession {
    steps: Vec<SignedSuccession>,
}

/// Where following a succession leads: the current root and the number of the succession that
/// named it (0 for a province's first root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootAt {
    /// The root that must sign.
    pub root: PublicKey,
    /// The succession that named it; 0 when it is the first root.
    pub number: u64,
}

impl RootSuccession {
    /// Signs the record with the old root.
    pub fn sign(&self, old_root: &(impl Signer + ?Sized)) -> Result<SignedSuccession, TrustDocError> {
        if old_root.public_key() != &self.old_root {
            return Err(TrustDocError::RootMismatch {
                named: self.old_root.kid(),
                signer: old_root.public_key().kid(),
            });
        }
        self.check()?;
        let bytes = signed::sign(&self.to_value(), KIND, old_root)?;
        Ok(SignedSuccession { record: self.clone(), bytes })
    }

    fn check(&self) -> Result<(), TrustDocError> {
        if self.number == 0 {
            return Err(TrustDocError::invalid("succession.number", "should be 1 or more"));
        }
        if self.new_root == self.old_root {
            return Err(TrustDocError::invalid("succession.new_root", "is the old root itself"));
        }
        Ok(())
    }

    fn to_value(&self) -> Value {
        wire::map([
            (1, Some(Value::Text(self.region.to_string()))),
            (2, Some(Value::from(self.number))),
            (3, Some(Value::Bytes(self.old_root.as_bytes().to_vec()))),
            (4, Some(Value::Bytes(self.new_root.as_bytes().to_vec()))),
            (5, Some(wire::time_value(self.issued_at))),
        ])
    }

    fn from_value(value: Value) -> Result<Self, TrustDocError> {
        let mut f = Fields::new(value, "succession")?;
        let record = Self {
            region: wire::region(f.req(1, "region")?)?,
            number: wire::uint(f.req(2, "number")?)?,
            old_root: wire::public_key(f.req(3, "old_root")?)?,
            new_root: wire::public_key(f.req(4, "new_root")?)?,
            issued_at: wire::time(f.req(5, "issued_at")?)?,
        };
        f.finish()?;
        record.check()?;
        Ok(record)
    }
}

impl SignedSuccession {
    /// Reads a signed record, and checks its signature under the old root it names.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, TrustDocError> {
        let mut read = None;
        signed::open_checked(bytes, KIND.name, &[KIND], None, |value, _| {
            let record = RootSuccession::from_value(value.clone())?;
            let signer = record.old_root.clone();
            read = Some(record);
            Ok(signer)
        })?;
        let record = read.ok_or_else(|| TrustDocError::invalid("succession", "could not be read"))?;
        Ok(Self { record, bytes: bytes.to_vec() })
    }

    /// The record.
    pub fn record(&self) -> &RootSuccession {
        &self.record
    }

    /// The signed record, as written to a file and carried in lists and statements.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl Succession {
    /// A chain from its records, checked whole (see [`Succession`]).
    pub fn new(steps: Vec<SignedSuccession>) -> Result<Self, TrustDocError> {
        steps.into_iter().try_fold(Self::default(), Self::then)
    }

    /// The chain with one more record, which must follow on from the last.
    pub fn then(mut self, step: SignedSuccession) -> Result<Self, TrustDocError> {
        let at = format!("succession[{}]", self.steps.len());
        let record = step.record();
        if self.steps.len() >= MAX_SUCCESSIONS {
            return Err(TrustDocError::invalid(at, "is one root succession too many (at most 16)"));
        }
        if record.number != self.number() + 1 {
            return Err(TrustDocError::invalid(at, "is not numbered one after the previous succession"));
        }
        if let Some(last) = self.steps.last().map(SignedSuccession::record) {
            if record.region != last.region {
                return Err(TrustDocError::invalid(at, "is for another region than the previous succession"));
            }
            if record.old_root != last.new_root {
                return Err(TrustDocError::invalid(at, "is not signed by the root the previous one named"));
            }
            if record.issued_at < last.issued_at {
                return Err(TrustDocError::invalid(at, "was signed before the previous succession"));
            }
        }
        if self.roots().any(|root| *root == record.new_root) {
            return Err(TrustDocError::SuccessionLoop { kid: record.new_root.kid() });
        }
        self.steps.push(step);
        Ok(self)
    }

    /// A chain taken as given, for tests of what readers do with a chain no writer would make.
    #[cfg(test)]
    pub(crate) fn unchecked(steps: Vec<SignedSuccession>) -> Self {
        Self { steps }
    }

    /// The records, oldest first.
    pub fn steps(&self) -> &[SignedSuccession] {
        &self.steps
    }

    /// True for a province that never replaced its root.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The number of the last succession (0 when there is none).
    pub fn number(&self) -> u64 {
        self.steps.last().map_or(0, |s| s.record.number)
    }

    /// The region of the records, if there are any.
    pub fn region(&self) -> Option<&Region> {
        self.steps.first().map(|s| &s.record.region)
    }

    /// The root named by succession `number` (0: the first root), if the chain reaches it.
    pub fn root(&self, number: u64) -> Option<&PublicKey> {
        self.roots().nth(usize::try_from(number).ok()?)
    }

    /// The current root: the one the last succession named (none when there is no succession).
    pub fn current(&self) -> Option<&PublicKey> {
        self.steps.last().map(|s| &s.record.new_root)
    }

    /// Follows the chain from a root already trusted (`from`: a checkpoint's pinned root, or the
    /// root a trust office recorded for a province) to the current root. With no succession,
    /// that is `from` itself; otherwise `from` must be one of the chain's roots, or nothing in
    /// it is anchored to a root the reader trusts.
    pub fn follow(&self, from: &PublicKey) -> Result<RootAt, TrustDocError> {
        match self.current() {
            None => Ok(RootAt { root: from.clone(), number: 0 }),
            Some(current) if self.roots().any(|r| r == from) => {
                Ok(RootAt { root: current.clone(), number: self.number() })
            }
            Some(_) => Err(TrustDocError::SuccessionNotFromRoot { root: from.kid() }),
        }
    }

    /// Every root of the chain, the first root first.
    fn roots(&self) -> impl Iterator<Item = &PublicKey> {
        let first = self.steps.first().map(|s| &s.record.old_root);
        first.into_iter().chain(self.steps.iter().map(|s| &s.record.new_root))
    }

    /// The chain in a document's payload: an array of signed records, left out when empty (one
    /// encoding for one content).
    pub(super) fn to_value(&self) -> Option<Value> {
        (!self.is_empty())
            .then(|| Value::Array(self.steps.iter().map(|s| Value::Bytes(s.bytes.clone())).collect()))
    }

    /// Reads the chain of a document of `region` (`field` is absent when there is none).
    pub(super) fn from_field(field: Option<(Value, String)>, region: &Region) -> Result<Self, TrustDocError> {
        let Some(field) = field else { return Ok(Self::default()) };
        let (items, at) = wire::array(field)?;
        if items.is_empty() {
            return Err(TrustDocError::invalid(at, "should be left out when there is no succession"));
        }
        let mut chain = Self::default();
        for (i, item) in items.into_iter().enumerate() {
            let bytes = wire::bytes((item, format!("{at}[{i}]")))?;
            let step = SignedSuccession::from_bytes(&bytes).map_err(|e| match e {
                TrustDocError::BadSignature | TrustDocError::NotSignedByRoot { .. } => {
                    TrustDocError::invalid(format!("{at}[{i}]"), "is not signed by the old root it names")
                }
                other => other,
            })?;
            chain = chain.then(step)?;
        }
        chain.check_region(region, &at)?;
        Ok(chain)
    }

    /// Only the chain of a document's payload (under `key`, the region under key 1), to find the
    /// root that must have signed it before anything else of the payload is read.
    fn in_payload(payload: &Value, key: i64, at: &str) -> Result<Self, TrustDocError> {
        let Value::Map(entries) = payload else {
            return Err(TrustDocError::invalid(at, "is in a payload that is not a map"));
        };
        let field =
            |k: i64| entries.iter().find(|(name, _)| name.as_integer() == Some(k.into())).map(|(_, v)| v);
        let Some(chain) = field(key) else { return Ok(Self::default()) };
        let region = field(1)
            .and_then(Value::as_text)
            .and_then(|text| Region::new(text).ok())
            .ok_or_else(|| TrustDocError::invalid(at, "is in a document with no valid region"))?;
        Self::from_field(Some((chain.clone(), at.to_owned())), &region)
    }

    /// The records must be the document's own region's.
    pub(super) fn check_region(&self, region: &Region, at: &str) -> Result<(), TrustDocError> {
        match self.region() {
            Some(r) if r != region => Err(TrustDocError::invalid(at, "is another region's root succession")),
            _ => Ok(()),
        }
    }
}

/// A document of `kinds` signed by `from` (a root already trusted) or by the root its root
/// succession leads to from `from`: returns its payload, once the signature holds, with its kind,
/// the root that signed and the chain (read from the payload before anything else of it).
pub(super) fn open_following(
    bytes: &[u8],
    name: &'static str,
    kinds: &[Kind],
    from: &PublicKey,
) -> Result<(Value, Kind, PublicKey, Succession), TrustDocError> {
    let mut chain = Succession::default();
    let (value, kind, signer) = signed::open_checked(bytes, name, kinds, Some(from), |value, kind| {
        if let Some((key, at)) = kind.succession {
            chain = Succession::in_payload(value, key, at)?;
        }
        Ok(chain.follow(from)?.root)
    })?;
    Ok((value, kind, signer, chain))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SigningKey;

    fn t(offset: i64) -> Timestamp {
        Timestamp::from_unix(1_795_564_800 + offset).unwrap()
    }

    fn key(i: u8) -> SigningKey {
        SigningKey::from_seed([i; 32])
    }

    fn step(region: &str, number: u64, old: &SigningKey, new: &SigningKey, at: i64) -> SignedSuccession {
        RootSuccession {
            region: region.parse().unwrap(),
            number,
            old_root: old.public_key().clone(),
            new_root: new.public_key().clone(),
            issued_at: t(at),
        }
        .sign(old)
        .unwrap()
    }

    #[test]
    fn a_record_reads_back_only_with_its_old_roots_signature() {
        let (old, new) = (key(1), key(2));
        let signed = step("CN-HA", 1, &old, &new, 0);
        assert_eq!(SignedSuccession::from_bytes(signed.as_bytes()).unwrap(), signed);
        let mut altered = signed.as_bytes().to_vec();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert_eq!(SignedSuccession::from_bytes(&altered), Err(TrustDocError::BadSignature));
        // A record naming the old root as its own successor is refused when signed.
        let same = RootSuccession { new_root: old.public_key().clone(), ..signed.record().clone() };
        assert!(matches!(same.sign(&old), Err(TrustDocError::Invalid { .. })));
    }

    #[test]
    fn a_chain_must_be_numbered_linked_in_order_and_of_one_region() {
        let (a, b, c) = (key(1), key(2), key(3));
        let first = Succession::new(vec![step("CN-HA", 1, &a, &b, 0)]).unwrap();
        let refused = |s: SignedSuccession| first.clone().then(s).unwrap_err();
        let invalid = |e: TrustDocError| match e {
            TrustDocError::Invalid { problem, .. } => problem,
            other => panic!("{other:?}"),
        };
        assert!(invalid(refused(step("CN-HA", 3, &b, &c, 10))).contains("numbered"));
        assert!(invalid(refused(step("CN-ZJ", 2, &b, &c, 10))).contains("another region"));
        assert!(invalid(refused(step("CN-HA", 2, &c, &a, 10))).contains("previous one named"));
        assert!(invalid(refused(step("CN-HA", 2, &b, &c, -10))).contains("before"));
        assert!(invalid(Succession::new(vec![step("CN-HA", 2, &a, &b, 0)]).unwrap_err()).contains("numbered"));
    }

    #[test]
    fn a_chain_that_returns_to_a_root_it_left_is_refused() {
        let (a, b) = (key(1), key(2));
        let chain = Succession::new(vec![step("CN-HA", 1, &a, &b, 0)]).unwrap();
        assert_eq!(
            chain.then(step("CN-HA", 2, &b, &a, 10)),
            Err(TrustDocError::SuccessionLoop { kid: a.public_key().kid() })
        );
    }

    #[test]
    fn following_starts_from_any_root_of_the_chain_and_ends_at_the_last() {
        let keys: Vec<_> = (1..=4).map(key).collect();
        let chain = Succession::new(
            (1u8..4)
                .map(|n| {
                    let i = usize::from(n);
                    step("CN-HA", u64::from(n), &keys[i - 1], &keys[i], i64::from(n))
                })
                .collect(),
        )
        .unwrap();
        for from in &keys {
            assert_eq!(
                chain.follow(from.public_key()).unwrap(),
                RootAt { root: keys[3].public_key().clone(), number: 3 }
            );
        }
        assert_eq!(chain.root(1), Some(keys[1].public_key()));
        assert_eq!(chain.root(4), None);
        assert_eq!(
            chain.follow(key(9).public_key()),
            Err(TrustDocError::SuccessionNotFromRoot { root: key(9).public_key().kid() })
        );
        assert_eq!(
            Succession::default().follow(key(9).public_key()).unwrap(),
            RootAt { root: key(9).public_key().clone(), number: 0 }
        );
    }

    #[test]
    fn a_chain_is_capped() {
        let keys: Vec<_> = (1..=18).map(key).collect();
        let steps = (1..=17).map(|n| step("CN-HA", u64::try_from(n).unwrap(), &keys[n - 1], &keys[n], 0));
        let mut chain = Succession::default();
        for (i, s) in steps.enumerate() {
            match chain.clone().then(s) {
                Ok(longer) => chain = longer,
                Err(e) => {
                    assert_eq!(i, MAX_SUCCESSIONS);
                    assert!(e.to_string().contains("too many"), "{e}");
                    return;
                }
            }
        }
        panic!("17 successions were taken");
    }
}
