//! This province's issuing keys: adding one, and marking one compromised or retired. A key's
//! window only ever narrows, and a compromise time only ever moves earlier.

use healthseal_core::{IssuingKey, KeyStatus, Kid, PublicKey, Region, Timestamp};

use crate::error::SourceError;
use crate::source::TrustSource;

impl TrustSource {
    /// Adds an issuing key of this province. A key already listed, for this province or for a
    /// recognised one, is refused: one issuing key signs for one region.
    pub fn add_key(&mut self, key: IssuingKey) -> Result<(), SourceError> {
        match self.region_listing(&key.key) {
            Some(region) if *region == self.region => Err(SourceError::AlreadyListed { kid: key.key.kid() }),
            Some(region) => {
                Err(SourceError::KeyInAnotherRegion { kid: key.key.kid(), region: region.clone() })
            }
            None => {
                self.keys.push(key);
                Ok(())
            }
        }
    }

    /// Marks an own issuing key compromised since `since`, and returns the time it was marked
    /// compromised since before, if it was. The time may only move earlier: a later one would
    /// let through again what the key signed in between, so it is refused.
    pub fn compromise(&mut self, kid: &Kid, since: Timestamp) -> Result<Option<Timestamp>, SourceError> {
        let key = self.own_key(kid)?;
        let before = key.compromised_since();
        if let Some(recorded) = before.filter(|recorded| since > *recorded) {
            return Err(SourceError::CompromiseLater { kid: *kid, recorded, given: since });
        }
        key.status = KeyStatus::CompromisedSince(since);
        Ok(before)
    }

    /// Retires an own issuing key: it signs nothing issued after `at`. Retiring only narrows the
    /// key's window: when the key already has an earlier `not_after`, that one is kept. Returns
    /// the `not_after` in effect, and whether it was the one already recorded.
    pub fn retire(&mut self, kid: &Kid, at: Timestamp) -> Result<(Timestamp, bool), SourceError> {
        let key = self.own_key(kid)?;
        if key.compromised_since().is_some() {
            return Err(SourceError::RetiringCompromised { kid: *kid });
        }
        let (effective, kept) = match key.not_after {
            Some(recorded) if recorded <= at => (recorded, true),
            _ => (at, false),
        };
        if let Some(not_before) = key.not_before.filter(|nb| effective < *nb) {
            return Err(SourceError::RetiringBeforeStart { kid: *kid, not_before, not_after: effective });
        }
        key.status = KeyStatus::Retired;
        key.not_after = Some(effective);
        Ok((effective, kept))
    }

    /// The region whose keys include `key`, if any: this province or a recognised one.
    pub(crate) fn region_listing(&self, key: &PublicKey) -> Option<&Region> {
        let listed = |keys: &[IssuingKey]| keys.iter().any(|k| k.key == *key);
        if listed(&self.keys) {
            return Some(&self.region);
        }
        self.recognized.iter().find(|r| listed(&r.statement.keys)).map(|r| r.region())
    }

    fn own_key(&mut self, kid: &Kid) -> Result<&mut IssuingKey, SourceError> {
        self.keys.iter_mut().find(|k| k.key.kid() == *kid).ok_or(SourceError::UnknownKey { kid: *kid })
    }
}
