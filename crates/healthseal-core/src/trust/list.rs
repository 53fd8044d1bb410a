//! The trust list: the one file a checkpoint loads, signed by its own province's root key.

use std::collections::HashMap;

use ciborium::Value;

use super::signed::{self, Kind};
use super::wire::{self, Fields};
use super::{IssuingKey, Policy, RevocationSet, TrustDocError};
use crate::limits::MAX_CANDIDATE_KEYS;
use crate::{Kid, PublicKey, Region, SigningKey, Timestamp, Verified};

/// Content type (COSE header 3) of a trust list.
pub const TRUST_LIST_CONTENT_TYPE: &str = "application/vnd.healthseal.trust-list+cbor";

const KIND: Kind = Kind { name: "trust list", content_type: TRUST_LIST_CONTENT_TYPE };

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
    by_kid: HashMap<Kid, Vec<(usize, usize)>>,
}

impl TrustListDraft {
    /// Checks every rule, sorts regions by code and builds the index.
    pub fn check(mut self) -> Result<TrustList, TrustDocError> {
        if self.next_update <= self.issued_at {
            return Err(TrustDocError::invalid("list.next_update", "is not after issued_at"));
        }
        self.regions.sort_by(|a, b| a.region.cmp(&b.region));
        if let Some(w) = self.regions.windows(2).find(|w| w[0].region == w[1].region) {
            return Err(TrustDocError::invalid(format!("list.regions[{}]", w[0].region), "appears twice"));
        }
        let mut by_kid: HashMap<Kid, Vec<(usize, usize)>> = HashMap::new();
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
    /// Signs the list with the owner's root key.
    pub fn sign(&self, root: &SigningKey) -> Result<Vec<u8>, TrustDocError> {
        signed::sign(&self.to_value(), KIND, root)
    }

    /// Opens a list: size, structure, signature under the pinned `root`, then content.
    pub fn open(bytes: &[u8], root: &PublicKey) -> Result<Verified<Self>, TrustDocError> {
        Ok(Verified::new(Self::from_value(signed::open(bytes, KIND, root)?)?, root.kid()))
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
        ])
    }

    fn from_value(value: Value) -> Result<Self, TrustDocError> {
        let mut f = Fields::new(value, "list")?;
        let owner = wire::region(f.req(1, "owner")?)?;
        let sequence = wire::uint(f.req(2, "sequence")?)?;
        let issued_at = wire::time(f.req(3, "issued_at")?)?;
        let next_update = wire::time(f.req(4, "next_update")?)?;
        let (items, regions_at) = wire::array(f.req(5, "regions")?)?;
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
        TrustListDraft { owner, sequence, issued_at, next_update, regions }.check()
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
