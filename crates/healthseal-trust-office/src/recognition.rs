//! Recognising other provinces from their signed statements, and ceasing to. A province's
//! statements only move forward: an older one, or a different one under a sequence number
//! already taken, is refused, and the record of the last one taken outlives the recognition.

use healthseal_core::{IssuerStatement, Policy, Region, Succession, Verified};

use crate::error::{Record, SourceError};
use crate::source::{FormerlyRecognized, Recognized, TrustSource};
use crate::wire;

impl TrustSource {
    /// Recognises another province from its verified statement, on `policy` (`None`: keep the
    /// terms already set for it). A newer statement replaces the keys and revocations taken
    /// before; an older one is refused. A statement signed by another root than the one recorded
    /// is taken only when its root succession passes through the recorded root (the province
    /// replaced its root, and the recorded root signed the first step): the new root is then
    /// recorded, and statements of the old one are refused from then on.
    ///
    /// ```
    /// use healthseal_core::{IssuerStatement, Policy, RevocationSet, SigningKey, Status, Timestamp};
    /// use healthseal_trust_office::{SourceError, TrustSource};
    ///
    /// let zj_root = SigningKey::from_seed([7; 32]);
    /// let statement = IssuerStatement {
    ///     region: "CN-ZJ".parse()?,
    ///     name: "Zhejiang".into(),
    ///     root: zj_root.public_key().clone(),
    ///     sequence: 1,
    ///     issued_at: Timestamp::parse_rfc3339("2026-11-25T00:00:00Z")?,
    ///     keys: vec![],
    ///     revoked: RevocationSet::default(),
    ///     succession: Default::default(),
    /// };
    /// let opened = IssuerStatement::open(&statement.sign(&zj_root)?, zj_root.public_key())?;
    ///
    /// let mut henan = TrustSource::new(&"CN-HA".parse()?, "Henan", SigningKey::from_seed([1; 32]).public_key());
    /// let region = opened.region.clone();
    /// assert_eq!(henan.recognize(&opened, None), Err(SourceError::TermsNeeded { region }));
    /// henan.recognize(&opened, Some(&Policy::accepting([Status::Green])))?;
    /// assert_eq!(henan.recognized().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recognize(
        &mut self,
        statement: &Verified<IssuerStatement>,
        policy: Option<&Policy>,
    ) -> Result<(), SourceError> {
        let region = &statement.region;
        if *region == self.region {
            return Err(SourceError::RecognizingItself { region: region.clone() });
        }
        let policy = match (policy, self.recognized_region(region)) {
            (Some(p), _) => wire::settle_policy(p, &format!("recognized[{region}].policy"))?,
            (None, Some(r)) => r.policy.clone(),
            (None, None) => return Err(SourceError::TermsNeeded { region: region.clone() }),
        };
        for key in &statement.keys {
            if let Some(other) = self.region_listing(&key.key).filter(|r| *r != region) {
                return Err(SourceError::StatementKeyInAnotherRegion {
                    statement: region.clone(),
                    kid: key.key.kid(),
                    region: other.clone(),
                });
            }
        }
        // The chain is checked, not kept: the source records the root it leads to. The digest is
        // of what is kept, so that it recomputes the same from the source.
        let stored =
            IssuerStatement { succession: Succession::default(), ..IssuerStatement::clone(statement) };
        let digest = stored.digest();
        let entry = Recognized { statement: stored, recorded_digest: Some(digest), policy };
        let root = &entry.statement.root;
        // A root the province replaced by succession, as followed here, is never taken again.
        if self.formerly_recognized.iter().any(|f| f.region == *region && f.root == *root && f.replaced) {
            return Err(SourceError::RootReplaced { region: region.clone(), root: root.kid() });
        }
        match self.recognized.iter().position(|r| r.region() == region) {
            Some(i) => {
                let existing = &self.recognized[i];
                // Led from the recorded root to the statement's own (with no succession, `follow`
                // stays at the recorded root, which is then not the statement's).
                let moved = existing.statement.root != *root
                    && statement.succession.follow(&existing.statement.root).is_ok_and(|at| at.root == *root);
                if existing.statement.root != *root && !moved {
                    return Err(SourceError::RootChanged { region: region.clone() });
                }
                check_not_older(&entry, existing.statement.sequence, existing.digest(), Record::Recognized)?;
                let replaced = moved.then(|| FormerlyRecognized {
                    region: region.clone(),
                    root: existing.statement.root.clone(),
                    statement_sequence: existing.statement.sequence,
                    statement_sha256: existing.digest(),
                    replaced: true,
                });
                self.recognized[i] = entry;
                if let Some(record) = replaced {
                    self.record_former(record);
                }
            }
            None => {
                // The records kept under this root, and under the roots it succeeded (the province
                // replaced its root while it was not recognised here): statements only move forward.
                let lineage = |f: &FormerlyRecognized| {
                    f.region == *region
                        && (f.root == *root
                            || statement.succession.follow(&f.root).is_ok_and(|at| at.root == *root))
                };
                for f in self.formerly_recognized.iter().filter(|f| lineage(f)) {
                    check_not_older(
                        &entry,
                        f.statement_sequence,
                        f.statement_sha256,
                        Record::FormerlyRecognized,
                    )?;
                }
                let root = root.clone();
                self.formerly_recognized.retain(|f| !(f.region == *region && f.root == root));
                self.recognized.push(entry);
                self.recognized.sort_by(|a, b| a.region().cmp(b.region()));
            }
        }
        Ok(())
    }

    /// Stops recognising a region. The last statement taken from it is kept under
    /// `[[formerly_recognized]]`, so that recognising it again cannot take an older statement, nor
    /// a different one with the same sequence number.
    pub fn unrecognize(&mut self, region: &Region) -> Result<(), SourceError> {
        let i = self
            .recognized
            .iter()
            .position(|r| r.region() == region)
            .ok_or_else(|| SourceError::NotRecognized { region: region.clone() })?;
        let gone = self.recognized.remove(i);
        self.record_former(FormerlyRecognized {
            statement_sha256: gone.digest(),
            region: gone.statement.region,
            root: gone.statement.root,
            statement_sequence: gone.statement.sequence,
            replaced: false,
        });
        Ok(())
    }

    /// Keeps the record of a province's last statement under one root: the newer of it and one
    /// already kept, replaced if either says so.
    fn record_former(&mut self, record: FormerlyRecognized) {
        let same = |f: &&mut FormerlyRecognized| f.region == record.region && f.root == record.root;
        match self.formerly_recognized.iter_mut().find(same) {
            Some(f) if f.statement_sequence > record.statement_sequence => f.replaced |= record.replaced,
            Some(f) => {
                let replaced = f.replaced || record.replaced;
                *f = FormerlyRecognized { replaced, ..record };
            }
            None => {
                self.formerly_recognized.push(record);
                self.formerly_recognized
                    .sort_by(|a, b| (&a.region, a.root.as_bytes()).cmp(&(&b.region, b.root.as_bytes())));
            }
        }
    }
}

/// Refuses a statement older than the one recorded (`sequence`, `digest`), or a different one with
/// the same sequence number.
fn check_not_older(
    entry: &Recognized,
    sequence: u64,
    digest: [u8; 32],
    record: Record,
) -> Result<(), SourceError> {
    let region = entry.region().clone();
    let given = entry.statement.sequence;
    if given < sequence {
        return Err(SourceError::Older { region, sequence: given, recorded: sequence, record });
    }
    if given == sequence && entry.recorded_digest != Some(digest) {
        return Err(SourceError::SequenceReused { region, sequence, record });
    }
    Ok(())
}
