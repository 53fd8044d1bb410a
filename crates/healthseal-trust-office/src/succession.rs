//! This province's root succession: its current root names a new one, and every statement and
//! trust list compiled from then on is signed by the new root and carries the whole chain.

use healthseal_core::{PublicKey, RootSuccession, SignedSuccession, Succession, Timestamp};

use crate::error::SourceError;
use crate::source::TrustSource;

impl TrustSource {
    /// The province's root succession since its first root (empty if it never replaced it).
    pub fn succession(&self) -> &Succession {
        &self.succession
    }

    /// The record by which the current root names `new_root`, as the next succession, for the
    /// current root to sign.
    pub fn next_succession(&self, new_root: &PublicKey, issued_at: Timestamp) -> RootSuccession {
        RootSuccession {
            region: self.region.clone(),
            number: self.succession.number() + 1,
            old_root: self.root.clone(),
            new_root: new_root.clone(),
            issued_at,
        }
    }

    /// Takes a signed succession from the current root: the new root becomes the source's root,
    /// and the chain grows by the record. A record of another region, signed by another root than
    /// the current one, out of turn, back to a root the province had, or naming a key that is an
    /// issuing key of any region here is refused.
    ///
    /// ```
    /// use healthseal_core::{SigningKey, Timestamp};
    /// use healthseal_trust_office::TrustSource;
    ///
    /// let (old, new) = (SigningKey::from_seed([1; 32]), SigningKey::from_seed([2; 32]));
    /// let mut source = TrustSource::new(&"CN-HA".parse()?, "Henan", old.public_key());
    /// let at = Timestamp::parse_rfc3339("2026-12-01T00:00:00Z")?;
    /// source.rotate_root(source.next_succession(new.public_key(), at).sign(&old)?)?;
    /// assert_eq!(source.root(), new.public_key());
    /// // Statements and lists now carry the record, and the old root can sign neither.
    /// let statement = source.statement(at);
    /// assert_eq!(statement.succession.number(), 1);
    /// assert!(statement.sign(&old).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rotate_root(&mut self, step: SignedSuccession) -> Result<(), SourceError> {
        let record = step.record();
        if record.region != self.region {
            return Err(SourceError::SuccessionOfAnotherRegion { region: record.region.clone() });
        }
        if record.old_root != self.root {
            return Err(SourceError::SuccessionNotFromRoot {
                signer: record.old_root.kid(),
                root: self.root.kid(),
            });
        }
        if let Some(region) = self.region_listing(&record.new_root) {
            return Err(SourceError::NewRootIsIssuingKey {
                kid: record.new_root.kid(),
                region: region.clone(),
            });
        }
        let new_root = record.new_root.clone();
        self.succession = self.succession.clone().then(step).map_err(SourceError::Succession)?;
        self.root = new_root;
        Ok(())
    }
}
