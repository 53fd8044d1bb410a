//! An issuing key as a trust document lists it: the key, its validity window and its status.

use ciborium::Value;

use super::wire::{self, Fields};
use super::TrustDocError;
use crate::{PublicKey, Timestamp};

/// What has become of an issuing key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyStatus {
    /// In use.
    Active,
    /// No longer issues; what it signed inside its window still counts. A retired key always
    /// has a `not_after`, which the checkpoint enforces: nothing issued after it is accepted.
    Retired,
    /// Stolen or lost from this time on: credentials it signed at or after the time are
    /// rejected, earlier ones still pass.
    CompromisedSince(Timestamp),
}

impl KeyStatus {
    /// `active`, `retired` or `compromised`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Retired => "retired",
            Self::CompromisedSince(_) => "compromised",
        }
    }
}

/// An issuing key with its window: it may sign credentials issued within
/// `not_before ..= not_after` (each bound optional).
///
/// ```
/// use healthseal_core::{IssuingKey, KeyStatus, SigningKey, Timestamp};
/// let key = IssuingKey::active(SigningKey::from_seed([1; 32]).public_key().clone());
/// assert_eq!(key.status, KeyStatus::Active);
/// assert!(key.valid_at(Timestamp::from_unix(1_800_000_000).unwrap()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuingKey {
    /// The public key.
    pub key: PublicKey,
    /// Earliest issue time it may sign.
    pub not_before: Option<Timestamp>,
    /// Latest issue time it may sign.
    pub not_after: Option<Timestamp>,
    /// Active, retired or compromised.
    pub status: KeyStatus,
    /// The issuing site the key belongs to (a hospital, a testing station), for people and
    /// audits: with one key per site, a site's key can be cut off without touching the others.
    pub site: Option<String>,
}

impl IssuingKey {
    /// Whether `label` can be a key's site label: 1-100 characters, no surrounding spaces, no
    /// invisible or control characters (the rule every text in a trust document follows).
    ///
    /// ```
    /// use healthseal_core::IssuingKey;
    /// assert!(IssuingKey::check_site("Zhengzhou Central Hospital").is_ok());
    /// assert!(IssuingKey::check_site(" padded").is_err());
    /// assert!(IssuingKey::check_site("two\nlines").is_err());
    /// ```
    pub fn check_site(label: &str) -> Result<(), &'static str> {
        wire::check_display_text(label)
    }

    /// An active key with no window limits.
    pub fn active(key: PublicKey) -> Self {
        Self { key, not_before: None, not_after: None, status: KeyStatus::Active, site: None }
    }

    /// Whether a credential issued at `issued_at` falls inside the key's window.
    pub fn valid_at(&self, issued_at: Timestamp) -> bool {
        self.not_before.is_none_or(|t| issued_at >= t) && self.not_after.is_none_or(|t| issued_at <= t)
    }

    /// The compromise time, when the key is compromised.
    pub fn compromised_since(&self) -> Option<Timestamp> {
        match self.status {
            KeyStatus::CompromisedSince(t) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn to_value(&self) -> Value {
        let (status, since) = match self.status {
            KeyStatus::Active => (0u8, None),
            KeyStatus::Retired => (1, None),
            KeyStatus::CompromisedSince(t) => (2, Some(wire::time_value(t))),
        };
        wire::map([
            (1, Some(Value::Bytes(self.key.as_bytes().to_vec()))),
            (2, self.not_before.map(wire::time_value)),
            (3, self.not_after.map(wire::time_value)),
            (4, Some(Value::from(status))),
            (5, since),
            (6, self.site.clone().map(Value::Text)),
        ])
    }

    pub(crate) fn from_value(value: Value, at: &str) -> Result<Self, TrustDocError> {
        let mut f = Fields::new(value, at)?;
        let key = wire::public_key(f.req(1, "public_key")?)?;
        let not_before = f.opt(2, "not_before").map(wire::time).transpose()?;
        let not_after = f.opt(3, "not_after").map(wire::time).transpose()?;
        let status_field = f.req(4, "status")?;
        let status_at = status_field.1.clone();
        let since = f.opt(5, "compromised_since").map(wire::time).transpose()?;
        let site = f.opt(6, "site").map(wire::text).transpose()?;
        let status = match (wire::uint(status_field)?, since) {
            (0, None) => KeyStatus::Active,
            (1, None) => KeyStatus::Retired,
            (2, Some(t)) => KeyStatus::CompromisedSince(t),
            (2, None) => {
                return Err(TrustDocError::invalid(
                    status_at,
                    "is compromised but gives no compromised_since",
                ))
            }
            (0 | 1, Some(_)) => {
                return Err(TrustDocError::invalid(
                    status_at,
                    "gives compromised_since for a key that is not compromised",
                ))
            }
            _ => {
                return Err(TrustDocError::invalid(
                    status_at,
                    "should be 0 (active), 1 (retired) or 2 (compromised)",
                ))
            }
        };
        f.finish()?;
        let key = Self { key, not_before, not_after, status, site };
        key.check(at)?;
        Ok(key)
    }

    /// The window in order, and a retired key with the end of its window: "retired" alone would
    /// be a word the checkpoint cannot enforce (it decides by the window), so a retired key
    /// without `not_after` would go on signing.
    pub(crate) fn check(&self, at: &str) -> Result<(), TrustDocError> {
        if let Some(site) = &self.site {
            wire::check_display_text(site).map_err(|p| TrustDocError::invalid(format!("{at}.site"), p))?;
        }
        if let (Some(a), Some(b)) = (self.not_before, self.not_after) {
            if a > b {
                return Err(TrustDocError::invalid(at, "not_before is after not_after"));
            }
        }
        if self.status == KeyStatus::Retired && self.not_after.is_none() {
            return Err(TrustDocError::invalid(
                at,
                "is retired but gives no not_after (the last issue time it may sign)",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SigningKey;

    #[test]
    fn a_site_label_goes_through_the_wire_and_is_checked() {
        let mut key = IssuingKey::active(SigningKey::from_seed([4; 32]).public_key().clone());
        key.site = Some("Zhengzhou Central Hospital".into());
        assert_eq!(IssuingKey::from_value(key.to_value(), "k").unwrap(), key);
        // Without a label the encoding is what it was before labels existed.
        let bare = IssuingKey::active(key.key.clone());
        assert!(matches!(bare.to_value(), Value::Map(m) if m.len() == 2));
        key.site = Some("two\nlines".into());
        assert!(IssuingKey::from_value(key.to_value(), "k").is_err());
    }
}
