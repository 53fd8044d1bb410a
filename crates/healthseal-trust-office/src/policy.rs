//! The terms on which credentials are accepted: this province's own, and each recognised
//! province's. Terms are checked as the file would read them back, so that an edit never
//! writes a source that cannot be read.

use healthseal_core::{Policy, Region};

use crate::error::SourceError;
use crate::source::TrustSource;
use crate::wire;

impl TrustSource {
    /// Sets the terms for a region: this province's own, or a recognised one's.
    pub fn set_policy(&mut self, region: &Region, policy: &Policy) -> Result<(), SourceError> {
        self.edit_policy(region, |p| *p = policy.clone()).map(|_| ())
    }

    /// Changes some of the terms for a region (this province's own, or a recognised one's) and
    /// keeps the others: `edit` gets the current terms. Returns the new terms, checked; terms
    /// that do not hold together are refused and leave the source as it was.
    ///
    /// ```
    /// use std::time::Duration;
    /// use healthseal_core::{SigningKey, Status, StatusSet};
    /// use healthseal_trust_office::{FieldProblem, SourceError, TrustSource};
    ///
    /// let region = "CN-HA".parse()?;
    /// let mut source = TrustSource::new(&region, "Henan", SigningKey::from_seed([1; 32]).public_key());
    /// let terms = source.edit_policy(&region, |p| p.max_age = Some(Duration::from_secs(48 * 3600)))?;
    /// assert_eq!(terms.accept, StatusSet::of([Status::Green]));
    /// assert_eq!(
    ///     source.edit_policy(&region, |p| p.accept = StatusSet::of([])),
    ///     Err(SourceError::Field { at: "policy.accept".into(), problem: FieldProblem::AcceptsNothing })
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn edit_policy(
        &mut self,
        region: &Region,
        edit: impl FnOnce(&mut Policy),
    ) -> Result<Policy, SourceError> {
        let (slot, at) = if *region == self.region {
            (&mut self.policy, "policy".to_owned())
        } else {
            let r = self
                .recognized
                .iter_mut()
                .find(|r| r.statement.region == *region)
                .ok_or_else(|| SourceError::NotRecognized { region: region.clone() })?;
            (&mut r.policy, format!("recognized[{region}].policy"))
        };
        let mut policy = slot.clone();
        edit(&mut policy);
        let policy = wire::settle_policy(&policy, &at)?;
        *slot = policy.clone();
        Ok(policy)
    }
}
