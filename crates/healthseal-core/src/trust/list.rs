//! The trust list: the one file a checkpoint loads, signed by its own province's root key.

use std::collections::HashMap;

use ciborium::Value;

use super::signed::{self, Kind};
use super::succession;
use super::wire::{self, Fields};
use super::{IssuingKey, Policy, RevocationSet, Succession, TrustDocError};
use crate::limits::MAX_CANDIDATE_KEYS;
use crate::{Kid, PublicKey, Region, Signer, Timestamp, Verified};

/// Content type (COSE header 3) of a trust list.
pub const TRUST_LIST_CONTENT_TYPE: &str = "application/vnd.healthseal.trust-list+cbor";

/// The payload key of the owner's root succession.
const SUCCESSION_KEY: i64 = 6;

pub(super) const KIND: Kind = Kind {
    name: "trust list",
    content_type: TRUST_LIST_CONTENT_TYPE,
    succession: Some((SUCCESSION_KEY, "list.succession")),
};

/// One recognised region: its keys and revocations (from its statement) and the terms this
/// province accepts its credentials on. A province's own credentials are one entry too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionEntry {
    /// Region code.
    pub region: Region,
    /// Name, for people.
    pub name: String,
    /// That province's root key (provenance: the key its statement was checked against).
    pub root: PublicKey,
    /// Sequence of the statement the keys and revocations come from.
    pub statement_sequence: u64,
    /// Its issuing keys.
    pub keys: Vec<IssuingKey>,
    /// Credentials it has revoked.
    pub revoked: RevocationSet,
    /// The terms of acceptance.
    pub policy: Policy,
}

/// The fields of a trust list before they are checked and indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustListDraft {
    /// The province whose checkpoints use the list (and whose root signs it).
    pub owner: Region,
    /// Increases with every list the province signs; checkpoints refuse to go back.
    pub sequence: u64,
    /// When it was signed.
    pub issued_at: Timestamp,
    /// When checkpoints should have a newer list.
    pub next_update: Timestamp,
    /// Recognised regions, in any order.
    pub regions: Vec<RegionEntry>,
    /// The owner's root succession since its first root (empty if it never replaced its root):
    /// a checkpoint pinned to any of its roots follows it to the root that signs the list.
    pub succession: Succession,
}

/// A checked trust list with its lookup index: by kid in one hash lookup, by region code in a
/// binary search, revocations by bisection. Nothing scans.
///
/// ```
/// use healthseal_core::{IssuingKey, Policy, RegionEntry, RevocationSet, SigningKey, Status, Timestamp, TrustList, TrustListDraft};
/// let root = SigningKey::from_seed([1; 32]);
/// let issuer = SigningKey::from_seed([2; 32]);
/// let t = Timestamp::from_unix(1_795_564_800).unwrap();
/// let list = TrustListDraft {
///     owner: "CN-HA".parse().unwrap(),
///     sequence: 1,
///     issued_at: t,
///     next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(),
///     regions: vec![RegionEntry {
///         region: "CN-HA".parse().unwrap(),
///         name: "Henan".into(),
///         root: root.public_key().clone(),
///         statement_sequence: 1,
///         keys: vec![IssuingKey::active(issuer.public_key().clone())],
///         revoked: RevocationSet::default(),
///         policy: Policy::accepting([Status::Green]),
///     }],
///     succession: Default::default(),
/// }
/// .check()
/// .unwrap();
/// let bytes = list.sign(&root).unwrap();
/// let opened = TrustList::open(&bytes, root.public_key()).unwrap();
/// assert_eq!(opened.candidates(issuer.public_key().kid()).count(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustList {
    owner: Region,
    sequence: u64,
    issued_at: Timestamp,
    next_update: Timestamp,
    regions: Vec<RegionEntry>,
    succession: Succession,
    by_kid: HashMap<Kid, Vec<(usize, usize)>>,
}

impl TrustListDraft {
    /// Checks every rule, sorts regions by code and builds the index.
    pub fn check(mut self) -> Result<TrustList, TrustDocError> {
        if self.next_update <= self.issued_at {
            return Err(TrustDocError::invalid("list.next_update", "is not after issued_at"));
        }
        self.succession.check_region(&self.owner, "list.succession")?;
        self.regions.sort_by(|a, b| a.region.cmp(&b.region));
        if let Some(w) = self.regions.windows(2).find(|w| w[0].region == w[1].region) {
            return Err(TrustDocError::invalid(format!("list.regions[{}]", w[0].region), "appears twice"));
        }
        let mut by_kid: HashMap<Kid, Vec<(usize, usize)>> = HashMap::new();
        // One key signs for one region: a key listed under two would survive its own region's
        // compromise (a thief names the other region) and its own revocations.
        let mut regions_by_key: HashMap<&[u8], &Region> = HashMap::new();
        for entry in &self.regions {
            for key in &entry.keys {
                let first = regions_by_key.insert(key.key.as_bytes(), &entry.region);
                // (The same key twice in one region is refused below, with its place.)
                if let Some(first) = first.filter(|first| **first != entry.region) {
                    return Err(TrustDocError::KeyInTwoRegions {
                        kid: key.key.kid(),
                        first: first.clone(),
                        second: entry.region.clone(),
                    });
                }
            }
        }
        for (r, entry) in self.regions.iter().enumerate() {
            let at = format!("list.regions[{}]", entry.region);
            wire::check_display_text(&entry.name)
                .map_err(|p| TrustDocError::invalid(format!("{at}.name"), p))?;
            entry.policy.check(&format!("{at}.policy"))?;
            check_keys(&entry.keys, &format!("{at}.keys"))?;
            for (k, key) in entry.keys.iter().enumerate() {
                let slot = by_kid.entry(key.key.kid()).or_default();
                slot.push((r, k));
                if slot.len() > MAX_CANDIDATE_KEYS {
                    return Err(TrustDocError::invalid(
                        format!("{at}.keys[{k}]"),
                        "shares its kid with too many other keys (more than 8)",
                    ));
                }
            }
        }
        Ok(TrustList {
            owner: self.owner,
            sequence: self.sequence,
            issued_at: self.issued_at,
            next_update: self.next_update,
            regions: self.regions,
            succession: self.succession,
            by_kid,
        })
    }
}

/// No key listed twice in one region, and each key's window in order.
pub(crate) fn check_keys(keys: &[IssuingKey], at: &str) -> Result<(), TrustDocError> {
    for (i, key) in keys.iter().enumerate() {
        key.check(&format!("{at}[{i}]"))?;
        if keys[..i].iter().any(|k| k.key == key.key) {
            return Err(TrustDocError::invalid(format!("{at}[{i}]"), "lists the same key twice"));
        }
    }
    Ok(())
}

impl TrustList {
    /// Signs the list with the owner's root key: the current one, named by the last root
    /// succession when the list carries any.
    pub fn sign(&self, root: &(impl Signer + ?Sized)) -> Result<Vec<u8>, TrustDocError> {
        if let Some(current) = self.succession.current().filter(|c| *c != root.public_key()) {
            return Err(TrustDocError::RootMismatch {
                named: current.kid(),
                signer: root.public_key().kid(),
            });
        }
        signed::sign(&self.to_value(), KIND, root)
    }

    /// Opens a list: size, structure, signature, content. The signature must hold under the
    /// pinned `root`, or under the root that the list's root succession leads to from `root`
    /// (the [`Verified`] kid says which signed). Whether a checkpoint that has already followed
    /// a succession may still take a list of an earlier root is its state's to decide.
    ///
    /// ```
    /// # use healthseal_core::*;
    /// # let t = Timestamp::from_unix(1_795_564_800).unwrap();
    /// let (old, new) = (SigningKey::from_seed([1; 32]), SigningKey::from_seed([2; 32]));
    /// let step = RootSuccession { region: "CN-HA".parse().unwrap(), number: 1,
    ///     old_root: old.public_key().clone(), new_root: new.public_key().clone(), issued_at: t };
    /// let list = TrustListDraft { owner: "CN-HA".parse().unwrap(), sequence: 8, issued_at: t,
    ///     next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(), regions: vec![],
    ///     succession: Succession::default().then(step.sign(&old)?)? }.check()?;
    /// // Signed by the new root, opened by a checkpoint that pinned the old one.
    /// let opened = TrustList::open(&list.sign(&new)?, old.public_key())?;
    /// assert_eq!(opened.kid(), new.public_key().kid());
    /// // The old root can no longer sign a list carrying the succession.
    /// assert!(list.sign(&old).is_err());
    /// # Ok::<(), TrustDocError>(())
    /// ```
    pub fn open(bytes: &[u8], root: &PublicKey) -> Result<Verified<Self>, TrustDocError> {
        let (value, _, signer, chain) = succession::open_following(bytes, KIND.name, &[KIND], root)?;
        Ok(Verified::new(Self::from_value_with(value, Some(chain))?, signer.kid()))
    }

    /// Reads a list WITHOUT checking its signature (for display); also returns the kid of the
    /// key that claims to have signed it.
    pub fn read_unverified(bytes: &[u8]) -> Result<(Self, Kid), TrustDocError> {
        let (value, kid) = signed::open_unverified(bytes, KIND)?;
        Ok((Self::from_value(value)?, kid))
    }

    /// The province whose list this is.
    pub fn owner(&self) -> &Region {
        &self.owner
    }
    /// Sequence number.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }
    /// When it was signed.
    pub fn issued_at(&self) -> Timestamp {
        self.issued_at
    }
    /// When a newer list is due.
    pub fn next_update(&self) -> Timestamp {
        self.next_update
    }
    /// Recognised regions, sorted by code.
    pub fn regions(&self) -> &[RegionEntry] {
        &self.regions
    }
    /// The owner's root succession (empty if it never replaced its root).
    pub fn succession(&self) -> &Succession {
        &self.succession
    }

    /// The entry for a region.
    pub fn region(&self, code: &str) -> Option<&RegionEntry> {
        self.regions.binary_search_by(|e| e.region.as_str().cmp(code)).ok().and_then(|i| self.regions.get(i))
    }

    /// Every listed key with this kid, with its region (usually one; more on a kid collision).
    pub fn candidates(&self, kid: Kid) -> impl Iterator<Item = (&RegionEntry, &IssuingKey)> {
        self.by_kid
            .get(&kid)
            .into_iter()
            .flatten()
            .filter_map(|&(r, k)| self.regions.get(r).and_then(|e| e.keys.get(k).map(|key| (e, key))))
    }

    /// The fields back, for editing.
    pub fn to_draft(&self) -> TrustListDraft {
        TrustListDraft {
            owner: self.owner.clone(),
            sequence: self.sequence,
            issued_at: self.issued_at,
            next_update: self.next_update,
            regions: self.regions.clone(),
            succession: self.succession.clone(),
        }
    }

    fn to_value(&self) -> Value {
        let regions = self
            .regions
            .iter()
            .map(|e| {
                wire::map([
                    (1, Some(Value::Text(e.region.to_string()))),
                    (2, Some(Value::Text(e.name.clone()))),
                    (3, Some(Value::Bytes(e.root.as_bytes().to_vec()))),
                    (4, Some(Value::from(e.statement_sequence))),
                    (5, Some(Value::Array(e.keys.iter().map(IssuingKey::to_value).collect()))),
                    (6, Some(Value::Bytes(e.revoked.as_bytes().to_vec()))),
                    (7, Some(e.policy.to_value())),
                ])
            })
            .collect();
        wire::map([
            (1, Some(Value::Text(self.owner.to_string()))),
            (2, Some(Value::from(self.sequence))),
            (3, Some(wire::time_value(self.issued_at))),
            (4, Some(wire::time_value(self.next_update))),
            (5, Some(Value::Array(regions))),
            (SUCCESSION_KEY, self.succession.to_value()),
        ])
    }

    pub(super) fn from_value(value: Value) -> Result<Self, TrustDocError> {
        Self::from_value_with(value, None)
    }

    /// The list from its payload; its root succession already read from it when `chain` is given.
    pub(super) fn from_value_with(value: Value, chain: Option<Succession>) -> Result<Self, TrustDocError> {
        let mut f = Fields::new(value, "list")?;
        let owner = wire::region(f.req(1, "owner")?)?;
        let sequence = wire::uint(f.req(2, "sequence")?)?;
        let issued_at = wire::time(f.req(3, "issued_at")?)?;
        let next_update = wire::time(f.req(4, "next_update")?)?;
        let (items, regions_at) = wire::array(f.req(5, "regions")?)?;
        let field = f.opt(SUCCESSION_KEY, "succession");
        let succession = match chain {
            Some(chain) => chain,
            None => Succession::from_field(field, &owner)?,
        };
        f.finish()?;
        let mut regions = Vec::with_capacity(items.len());
        let mut previous: Option<Region> = None;
        for (i, item) in items.into_iter().enumerate() {
            let entry = region_from_value(item, &format!("{regions_at}[{i}]"))?;
            if previous.as_ref().is_some_and(|p| *p >= entry.region) {
                return Err(TrustDocError::invalid(
                    format!("{regions_at}[{i}]"),
                    "regions should be listed once each, sorted by code",
                ));
            }
            previous = Some(entry.region.clone());
            regions.push(entry);
        }
        TrustListDraft { owner, sequence, issued_at, next_update, regions, succession }.check()
    }
}

fn region_from_value(value: Value, at: &str) -> Result<RegionEntry, TrustDocError> {
    let mut f = Fields::new(value, at)?;
    let region = wire::region(f.req(1, "region")?)?;
    let at = format!("list.regions[{region}]");
    f.at.clone_from(&at);
    let name = wire::display_text(f.req(2, "name")?)?;
    let root = wire::public_key(f.req(3, "root")?)?;
    let statement_sequence = wire::uint(f.req(4, "statement_sequence")?)?;
    let (items, keys_at) = wire::array(f.req(5, "keys")?)?;
    let keys = items
        .into_iter()
        .enumerate()
        .map(|(i, v)| IssuingKey::from_value(v, &format!("{keys_at}[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let revoked_field = f.req(6, "revoked")?;
    let revoked_at = revoked_field.1.clone();
    let revoked = RevocationSet::from_sorted_bytes(wire::bytes(revoked_field)?)
        .map_err(|problem| TrustDocError::invalid(revoked_at, problem))?;
    let (policy, policy_at) = f.req(7, "policy")?;
    let policy = Policy::from_value(policy, &policy_at)?;
    f.finish()?;
    Ok(RegionEntry { region, name, root, statement_sequence, keys, revoked, policy })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{KeyStatus, SigningKey, Status};

    fn t(offset: i64) -> Timestamp {
        Timestamp::from_unix(1_795_564_800 + offset).unwrap()
    }

    fn entry(region: &str, root: &SigningKey, keys: Vec<IssuingKey>) -> RegionEntry {
        RegionEntry {
            region: region.parse().unwrap(),
            name: region.into(),
            root: root.public_key().clone(),
            statement_sequence: 1,
            keys,
            revoked: RevocationSet::default(),
            policy: Policy::accepting([Status::Green]),
        }
    }

    /// Issue 10, item 11: Henan's key, marked compromised there, listed again under Zhejiang by
    /// Zhejiang's statement. Refused when a list is built, and when a list signed anyway (by a
    /// tool that skipped the check) is loaded.
    #[test]
    fn one_issuing_key_under_two_regions_is_refused_when_built_and_when_loaded() {
        let root = SigningKey::from_seed([1; 32]);
        let stolen = SigningKey::from_seed([2; 32]);
        let compromised = IssuingKey {
            status: KeyStatus::CompromisedSince(t(-3600)),
            site: None,
            ..IssuingKey::active(stolen.public_key().clone())
        };
        let draft = TrustListDraft {
            owner: "CN-HA".parse().unwrap(),
            sequence: 1,
            issued_at: t(0),
            next_update: t(86_400),
            regions: vec![
                entry("CN-HA", &root, vec![compromised]),
                entry(
                    "CN-ZJ",
                    &SigningKey::from_seed([3; 32]),
                    vec![IssuingKey::active(stolen.public_key().clone())],
                ),
            ],
            succession: Default::default(),
        };
        let expected = TrustDocError::KeyInTwoRegions {
            kid: stolen.public_key().kid(),
            first: "CN-HA".parse().unwrap(),
            second: "CN-ZJ".parse().unwrap(),
        };
        assert_eq!(draft.clone().check(), Err(expected.clone()));
        assert_eq!(expected.code(), "trust_key_in_two_regions");

        let unchecked = TrustList {
            owner: draft.owner,
            sequence: draft.sequence,
            issued_at: draft.issued_at,
            next_update: draft.next_update,
            regions: draft.regions,
            by_kid: HashMap::new(),
            succession: Default::default(),
        };
        let bytes = unchecked.sign(&root).unwrap();
        assert_eq!(TrustList::open(&bytes, root.public_key()), Err(expected));
    }

    /// Issue 13: a list whose root succession loops back (A names B, B names A again), signed
    /// anyway by a tool that skipped the check, is refused when loaded.
    #[test]
    fn a_list_whose_root_succession_loops_is_refused_when_loaded() {
        use crate::RootSuccession;
        let (a, b) = (SigningKey::from_seed([1; 32]), SigningKey::from_seed([2; 32]));
        let step = |number, old: &SigningKey, new: &SigningKey| {
            RootSuccession {
                region: "CN-HA".parse().unwrap(),
                number,
                old_root: old.public_key().clone(),
                new_root: new.public_key().clone(),
                issued_at: t(i64::try_from(number).unwrap()),
            }
            .sign(old)
            .unwrap()
        };
        let list = TrustList {
            owner: "CN-HA".parse().unwrap(),
            sequence: 1,
            issued_at: t(0),
            next_update: t(86_400),
            regions: vec![],
            succession: Succession::unchecked(vec![step(1, &a, &b), step(2, &b, &a)]),
            by_kid: HashMap::new(),
        };
        let bytes = list.sign(&a).unwrap();
        let refused = TrustList::open(&bytes, a.public_key());
        assert_eq!(refused, Err(TrustDocError::SuccessionLoop { kid: a.public_key().kid() }));
        assert_eq!(refused.unwrap_err().code(), "trust_succession_loop");
    }

    /// Issue 10, item 12: "retired" without the end of the key's window is refused in a list.
    #[test]
    fn a_retired_key_without_not_after_is_refused() {
        let root = SigningKey::from_seed([1; 32]);
        let retired = IssuingKey {
            status: KeyStatus::Retired,
            site: None,
            ..IssuingKey::active(SigningKey::from_seed([2; 32]).public_key().clone())
        };
        let draft = TrustListDraft {
            owner: "CN-HA".parse().unwrap(),
            sequence: 1,
            issued_at: t(0),
            next_update: t(86_400),
            regions: vec![entry("CN-HA", &root, vec![retired.clone()])],
            succession: Default::default(),
        };
        let refused = draft.clone().check().unwrap_err();
        assert!(
            matches!(&refused, TrustDocError::Invalid { at, .. } if at == "list.regions[CN-HA].keys[0]"),
            "{refused}"
        );
        assert!(refused.to_string().contains("is retired but gives no not_after"), "{refused}");

        let value = retired.to_value();
        assert!(IssuingKey::from_value(value, "keys[0]").is_err());
        let mut ended = draft;
        ended.regions[0].keys[0].not_after = Some(t(-60));
        assert!(ended.check().is_ok());
    }
}
