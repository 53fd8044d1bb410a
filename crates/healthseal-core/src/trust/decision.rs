//! The acceptance decision: credential text + trust list + time + options -> verdict. Pure.

use std::time::Duration;

use super::verdict::{Acceptance, ListStatus, Reason, Rejection, Verdict};
use super::{IssuingKey, RegionEntry, TrustList};
use crate::limits::{MAX_SKEW_SECS, MAX_STALE_GRACE_SECS};
use crate::{Credential, Sealed, TimeError, Timestamp, Verified};

/// What to do with a trust list past its next update plus grace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleMode {
    /// Decide as usual; every verdict says the list is stale.
    Warn,
    /// Reject every credential with `trust_list_stale`.
    Reject,
}

/// The checkpoint's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionOptions {
    /// Clock difference tolerated between issuer and checkpoint, both ways (default 5 minutes).
    pub skew: Duration,
    /// Time after `next_update` before the list counts as stale (default 24 hours).
    pub stale_grace: Duration,
    /// Warn (default) or reject on a stale list. Warn keeps checkpoints that are offline for days
    /// working while telling the officer; reject is for places that must not run on old revocations.
    pub stale: StaleMode,
}

impl Default for DecisionOptions {
    fn default() -> Self {
        Self {
            skew: Duration::from_secs(5 * 60),
            stale_grace: Duration::from_secs(24 * 3600),
            stale: StaleMode::Warn,
        }
    }
}

impl DecisionOptions {
    /// The options with the skew and the grace capped at [`MAX_SKEW_SECS`] and
    /// [`MAX_STALE_GRACE_SECS`]: [`decide`] never lets a tolerance switch a check off, whatever
    /// it is given. A caller that takes them from a user refuses larger values instead.
    ///
    /// ```
    /// use std::time::Duration;
    /// use healthseal_core::DecisionOptions;
    /// let wide = DecisionOptions { skew: Duration::from_secs(300 * 365 * 86_400), ..Default::default() };
    /// assert_eq!(wide.bounded().skew, Duration::from_secs(3600));
    /// ```
    pub fn bounded(self) -> Self {
        Self {
            skew: self.skew.min(Duration::from_secs(MAX_SKEW_SECS)),
            stale_grace: self.stale_grace.min(Duration::from_secs(MAX_STALE_GRACE_SECS)),
            ..self
        }
    }
}

/// Decides on one credential text against a verified trust list at `now`.
///
/// Order: device clock and list freshness; structure; the listed keys with the credential's kid
/// (signature first: nothing from the payload is used before a signature holds); claims; then,
/// for the key whose signature held, region, agreement, key window, compromise, revocation,
/// validity window and policy. When several listed keys share the kid, the verdict reports the
/// key that got furthest.
///
/// ```
/// # use healthseal_core::*;
/// # let root = SigningKey::from_seed([1; 32]);
/// # let issuer = SigningKey::from_seed([2; 32]);
/// # let t = Timestamp::from_unix(1_795_564_800).unwrap();
/// # let list = TrustListDraft { owner: "CN-HA".parse().unwrap(), sequence: 1, issued_at: t,
/// #     next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(),
/// #     regions: vec![RegionEntry { region: "CN-HA".parse().unwrap(), name: "Henan".into(),
/// #         root: root.public_key().clone(), statement_sequence: 1,
/// #         keys: vec![IssuingKey::active(issuer.public_key().clone())],
/// #         revoked: RevocationSet::default(), policy: Policy::accepting([Status::Green]) }], succession: Default::default() }
/// #     .check().unwrap().sign(&root).unwrap();
/// # let credential = CredentialDraft { region: "CN-HA".parse().unwrap(), issued_at: t, not_before: None,
/// #     expires_at: Timestamp::from_unix(t.unix() + 3600).unwrap(), id: CredentialId::from_bytes([1; 8]),
/// #     status: Status::Yellow, name: "Liu Yang".into(), birth_date: "1980".into(), basis: None }.check().unwrap();
/// # let text = Sealed::sign(&credential, &issuer).unwrap().to_text();
/// let list = TrustList::open(&list, root.public_key()).unwrap();
/// match decide(&text, &list, t, &DecisionOptions::default()) {
///     Verdict::Accepted(a) => println!("ACCEPTED {}", a.credential.name()),
///     Verdict::Rejected(r) => assert_eq!(r.reason.code(), "status_not_accepted"),
/// }
/// ```
pub fn decide(text: &str, list: &Verified<TrustList>, now: Timestamp, options: &DecisionOptions) -> Verdict {
    let options = &options.bounded();
    let status = ListStatus::of(list, now, options);
    let reject = |reason: Reason, credential: Option<Verified<Credential>>, list: ListStatus| {
        Verdict::Rejected(Box::new(Rejection { reason, credential, list }))
    };

    if now.checked_add(options.skew).unwrap_or(Timestamp::MAX) < list.issued_at() {
        return reject(Reason::DeviceClockWrong { now, list_issued_at: list.issued_at() }, None, status);
    }
    if status.stale && options.stale == StaleMode::Reject {
        let reason =
            Reason::TrustListStale { next_update: list.next_update(), grace: options.stale_grace, now };
        return reject(reason, None, status);
    }
    let sealed = match Sealed::from_text(text) {
        Ok(s) => s,
        Err(e) => return reject(Reason::Malformed(e), None, status),
    };
    let kid = sealed.kid();
    let candidates: Vec<(&RegionEntry, &IssuingKey)> = list.candidates(kid).collect();
    if candidates.is_empty() {
        // Only to choose the more helpful reason; the claimed region is reported as claimed.
        let reason = match sealed.claims_unverified() {
            Ok(c) if list.region(c.region().as_str()).is_none() => {
                Reason::RegionNotRecognized { claimed: c.region().to_string() }
            }
            _ => Reason::UnknownIssuerKey { kid },
        };
        return reject(reason, None, status);
    }
    let tbs = sealed.to_be_signed();
    let holding: Vec<(&RegionEntry, &IssuingKey)> =
        candidates.iter().copied().filter(|(_, key)| sealed.signature_holds(&tbs, &key.key)).collect();
    if holding.is_empty() {
        return reject(Reason::BadSignature { kid, tried: candidates.len() }, None, status);
    }
    let credential = match sealed.claims_after_signature() {
        Ok(c) => c,
        Err(e) => return reject(Reason::MalformedClaims(e), None, status),
    };
    let mut best: Option<Reason> = None;
    for (entry, key) in holding {
        match evaluate(&credential, entry, key, now, options) {
            Ok(()) => {
                return Verdict::Accepted(Box::new(Acceptance {
                    credential,
                    region_name: entry.name.clone(),
                    list: status,
                }));
            }
            Err(reason) => {
                if best.as_ref().is_none_or(|b| reason.rank() > b.rank()) {
                    best = Some(reason);
                }
            }
        }
    }
    let reason = best.unwrap_or(Reason::BadSignature { kid, tried: candidates.len() });
    reject(reason, Some(credential), status)
}

/// The checks after the signature, for one key whose signature held.
fn evaluate(
    credential: &Credential,
    entry: &RegionEntry,
    key: &IssuingKey,
    now: Timestamp,
    options: &DecisionOptions,
) -> Result<(), Reason> {
    if credential.region() != &entry.region {
        return Err(Reason::IssuerRegionMismatch {
            key_region: entry.region.clone(),
            claimed: credential.region().clone(),
        });
    }
    let policy = &entry.policy;
    if let Some(from) = policy.from.filter(|from| now < *from) {
        return Err(Reason::AgreementNotStarted { region: entry.region.clone(), from });
    }
    if let Some(until) = policy.until.filter(|until| now >= *until) {
        return Err(Reason::AgreementEnded { region: entry.region.clone(), until });
    }
    let issued_at = credential.issued_at();
    if !key.valid_at(issued_at) {
        return Err(Reason::KeyNotValidAtIssuance {
            kid: key.key.kid(),
            issued_at,
            not_before: key.not_before,
            not_after: key.not_after,
        });
    }
    if let Some(since) = key.compromised_since().filter(|since| issued_at >= *since) {
        return Err(Reason::KeyCompromised { kid: key.key.kid(), since, issued_at });
    }
    if entry.revoked.contains(credential.id()) {
        return Err(Reason::Revoked { id: credential.id() });
    }
    credential.check_time(now, options.skew).map_err(|e| match e {
        TimeError::IssuedInFuture { issued_at, now } => Reason::IssuedInFuture { issued_at, now },
        TimeError::NotYetValid { valid_from, now } => Reason::NotYetValid { valid_from, now },
        TimeError::Expired { expires_at, now } => Reason::Expired { expires_at, now },
    })?;
    if !policy.accept.contains(credential.status()) {
        return Err(Reason::StatusNotAccepted { status: credential.status(), region: entry.region.clone() });
    }
    if let Some(max_age) = policy.max_age {
        let age = now.unix().saturating_sub(issued_at.unix());
        if u64::try_from(age).is_ok_and(|age| age > max_age.as_secs()) {
            return Err(Reason::TooOld { issued_at, max_age, now });
        }
    }
    // Measured from the issue time, not from the start of validity (`nbf`): the key's window and
    // its compromise time are checked against `iat`, so a cap from `iat` bounds every credential
    // a key can sign. A thief chooses `nbf` as freely as `iat`; with a key compromised since T, a
    // forgery must be dated before T and so expires before T + max_validity. A credential whose
    // validity starts later counts the wait.
    if let Some(max) = policy.max_validity {
        let secs = credential.expires_at().unix().saturating_sub(issued_at.unix());
        let validity = Duration::from_secs(u64::try_from(secs).unwrap_or(0));
        if validity > max {
            return Err(Reason::ValidityExceedsPolicy { validity, max });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CredentialDraft, CredentialId, Policy, RevocationSet, SigningKey, Status, TrustListDraft};

    /// Two listed keys that share one kid, in different regions: made by forcing the kid, since a
    /// real 64-bit collision takes about 2^32 key generations.
    struct Collision {
        zj: SigningKey,
        ha: SigningKey,
        list: Verified<TrustList>,
    }

    fn t(offset: i64) -> Timestamp {
        Timestamp::from_unix(1_795_564_800 + offset).unwrap()
    }

    fn collision() -> Collision {
        let zj = SigningKey::from_seed([1; 32]);
        let ha = SigningKey::from_seed([2; 32]).with_kid(zj.public_key().kid());
        let root = SigningKey::from_seed([3; 32]);
        let entry = |code: &str, key: &SigningKey| RegionEntry {
            region: code.parse().unwrap(),
            name: code.into(),
            root: root.public_key().clone(),
            statement_sequence: 1,
            keys: vec![IssuingKey::active(key.public_key().clone())],
            revoked: RevocationSet::default(),
            policy: Policy::accepting([Status::Green]),
        };
        let list = TrustListDraft {
            owner: "CN-HA".parse().unwrap(),
            sequence: 1,
            issued_at: t(0),
            next_update: t(86_400),
            regions: vec![entry("CN-HA", &ha), entry("CN-ZJ", &zj)],
            succession: Default::default(),
        }
        .check()
        .unwrap();
        assert_eq!(list.candidates(zj.public_key().kid()).count(), 2, "both keys are planted under one kid");
        Collision { zj, ha, list: Verified::new(list, root.public_key().kid()) }
    }

    fn text(region: &str, status: Status, key: &SigningKey) -> String {
        let credential = CredentialDraft {
            region: region.parse().unwrap(),
            issued_at: t(0),
            not_before: None,
            expires_at: t(3600),
            id: CredentialId::from_bytes([5; 8]),
            status,
            name: "Gao Min".into(),
            birth_date: "1990".into(),
            basis: None,
        }
        .check()
        .unwrap();
        Sealed::sign(&credential, key).unwrap().to_text()
    }

    fn outcome(c: &Collision, text: &str) -> Result<String, &'static str> {
        match decide(text, &c.list, t(60), &DecisionOptions::default()) {
            Verdict::Accepted(a) => Ok(a.region_name),
            Verdict::Rejected(r) => Err(r.reason.code()),
        }
    }

    #[test]
    fn both_keys_under_one_kid_are_tried() {
        let c = collision();
        assert_eq!(outcome(&c, &text("CN-ZJ", Status::Green, &c.zj)), Ok("CN-ZJ".into()));
        assert_eq!(outcome(&c, &text("CN-HA", Status::Green, &c.ha)), Ok("CN-HA".into()));
    }

    #[test]
    fn the_key_that_got_furthest_gives_the_reason() {
        // The ZJ key's signature holds and stops at the policy; the HA key's signature fails.
        // The verdict reports the policy, not the failed signature.
        let c = collision();
        assert_eq!(outcome(&c, &text("CN-ZJ", Status::Yellow, &c.zj)), Err("status_not_accepted"));
        // A third key announcing the same kid: both listed keys are tried, neither holds.
        let stranger = SigningKey::from_seed([4; 32]).with_kid(c.zj.public_key().kid());
        let r = decide(&text("CN-ZJ", Status::Green, &stranger), &c.list, t(60), &DecisionOptions::default());
        let Verdict::Rejected(r) = r else { panic!("accepted a forgery") };
        assert_eq!(r.reason, Reason::BadSignature { kid: c.zj.public_key().kid(), tried: 2 });
    }
}
