//! What a province accepts from a region: the terms of a recognition agreement.

use std::time::Duration;

use ciborium::Value;

use super::wire::{self, Fields};
use super::TrustDocError;
use crate::{Status, Timestamp};

/// A set of statuses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct StatusSet(u8);

impl StatusSet {
    /// The set holding these statuses.
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> Self {
        Self(statuses.into_iter().fold(0, |bits, s| bits | 1 << s.code()))
    }

    /// Whether `status` is in the set.
    pub fn contains(self, status: Status) -> bool {
        self.0 & (1 << status.code()) != 0
    }

    /// The statuses, in wire-value order.
    pub fn iter(self) -> impl Iterator<Item = Status> {
        Status::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Acceptance terms for one region, carried inside the signed trust list.
///
/// ```
/// use std::time::Duration;
/// use healthseal_core::{Policy, Status, StatusSet};
/// let policy = Policy {
///     accept: StatusSet::of([Status::Green]),
///     max_age: Some(Duration::from_secs(48 * 3600)),
///     ..Policy::accepting([Status::Green])
/// };
/// assert!(policy.accept.contains(Status::Green));
/// assert!(!policy.accept.contains(Status::Yellow));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Statuses accepted; any other is rejected as `status_not_accepted`.
    pub accept: StatusSet,
    /// Longest time since issue (`iat`) a credential is accepted for.
    pub max_age: Option<Duration>,
    /// Longest validity accepted, measured from the issue time: `exp` minus `iat` (not minus
    /// `nbf`, which whoever signs chooses freely). With a key compromised since T, every forgery
    /// that passes the compromise check expires before T + `max_validity`.
    pub max_validity: Option<Duration>,
    /// The agreement starts at this time.
    pub from: Option<Timestamp>,
    /// The agreement ends at this time (exclusive).
    pub until: Option<Timestamp>,
}

impl Policy {
    /// A policy accepting these statuses, with no other limit.
    pub fn accepting(statuses: impl IntoIterator<Item = Status>) -> Self {
        Self { accept: StatusSet::of(statuses), max_age: None, max_validity: None, from: None, until: None }
    }

    /// Whether these terms bound how long after its issue a credential can pass: a `max_age` or a
    /// `max_validity`. Without either, what a stolen issuing key signs, dated before the key's
    /// compromise time, passes for as long as the key stays listed.
    ///
    /// ```
    /// use std::time::Duration;
    /// use healthseal_core::{Policy, Status};
    /// assert!(!Policy::accepting([Status::Green]).bounds_lifetime());
    /// let capped = Policy { max_validity: Some(Duration::from_secs(7 * 86_400)), ..Policy::accepting([Status::Green]) };
    /// assert!(capped.bounds_lifetime());
    /// ```
    pub fn bounds_lifetime(&self) -> bool {
        self.max_age.is_some() || self.max_validity.is_some()
    }

    pub(crate) fn to_value(&self) -> Value {
        let secs = |d: Duration| Value::from(d.as_secs());
        wire::map([
            (1, Some(Value::Array(self.accept.iter().map(|s| Value::from(s.code())).collect()))),
            (2, self.max_age.map(secs)),
            (3, self.max_validity.map(secs)),
            (4, self.from.map(wire::time_value)),
            (5, self.until.map(wire::time_value)),
        ])
    }

    pub(crate) fn from_value(value: Value, at: &str) -> Result<Self, TrustDocError> {
        let mut f = Fields::new(value, at)?;
        let (items, accept_at) = wire::array(f.req(1, "accept")?)?;
        let mut codes = Vec::with_capacity(items.len());
        for item in items {
            codes.push(wire::uint((item, accept_at.clone()))?);
        }
        if codes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(TrustDocError::invalid(
                accept_at,
                "should list statuses once each, in increasing order",
            ));
        }
        let statuses = codes
            .into_iter()
            .map(|c| {
                Status::from_code(c)
                    .ok_or_else(|| TrustDocError::invalid(&accept_at, "holds an unknown status"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let policy = Self {
            accept: StatusSet::of(statuses),
            max_age: f.opt(2, "max_age").map(wire::duration).transpose()?,
            max_validity: f.opt(3, "max_validity").map(wire::duration).transpose()?,
            from: f.opt(4, "from").map(wire::time).transpose()?,
            until: f.opt(5, "until").map(wire::time).transpose()?,
        };
        f.finish()?;
        policy.check(at)?;
        Ok(policy)
    }

    pub(crate) fn check(&self, at: &str) -> Result<(), TrustDocError> {
        if self.accept.is_empty() {
            return Err(TrustDocError::invalid(at, "accepts no status at all"));
        }
        if let (Some(a), Some(b)) = (self.from, self.until) {
            if a >= b {
                return Err(TrustDocError::invalid(at, "the agreement ends before it starts"));
            }
        }
        Ok(())
    }
}
