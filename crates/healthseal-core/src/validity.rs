//! The credential's own validity window checked against a given time.

use std::time::Duration;

use thiserror::Error;

use crate::{Credential, Timestamp};

/// Why a credential is not valid at a given time.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TimeError {
    /// Issued later than `now` plus the allowed clock skew.
    #[error("issued at {issued_at}, which is in the future (now {now})")]
    IssuedInFuture {
        /// Issue time.
        issued_at: Timestamp,
        /// The time checked against.
        now: Timestamp,
    },
    /// Validity starts later than `now` plus the allowed skew.
    #[error("not valid before {valid_from} (now {now})")]
    NotYetValid {
        /// Start of validity.
        valid_from: Timestamp,
        /// The time checked against.
        now: Timestamp,
    },
    /// Expired at or before `now` minus the allowed skew.
    #[error("expired at {expires_at} (now {now})")]
    Expired {
        /// Expiry.
        expires_at: Timestamp,
        /// The time checked against.
        now: Timestamp,
    },
}

impl TimeError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::IssuedInFuture { .. } => "issued_in_future",
            Self::NotYetValid { .. } => "not_yet_valid",
            Self::Expired { .. } => "expired",
        }
    }
}

impl Credential {
    /// Checks issue time, not-before and expiry against `now`, tolerating `skew` of clock
    /// difference between issuer and checkpoint in each direction.
    ///
    /// ```
    /// # use healthseal_core::*;
    /// # use std::time::Duration;
    /// # let t = |s| Timestamp::from_unix(s).unwrap();
    /// # let credential = CredentialDraft { region: "CN-ZJ".parse().unwrap(), issued_at: t(1000),
    /// #   not_before: None, expires_at: t(2000), id: CredentialId::from_bytes([0; 8]),
    /// #   status: Status::Green, name: "A".into(), birth_date: "1970".into(), basis: None }.check().unwrap();
    /// let skew = Duration::from_secs(300);
    /// assert!(credential.check_time(t(1500), skew).is_ok());
    /// assert!(matches!(credential.check_time(t(2300), skew), Err(TimeError::Expired { .. })));
    /// ```
    pub fn check_time(&self, now: Timestamp, skew: Duration) -> Result<(), TimeError> {
        let late = now.checked_add(skew).unwrap_or(Timestamp::MAX);
        let early = now.checked_sub(skew).unwrap_or(Timestamp::MIN);
        if self.issued_at() > late {
            return Err(TimeError::IssuedInFuture { issued_at: self.issued_at(), now });
        }
        if self.valid_from() > late {
            return Err(TimeError::NotYetValid { valid_from: self.valid_from(), now });
        }
        if self.expires_at() <= early {
            return Err(TimeError::Expired { expires_at: self.expires_at(), now });
        }
        Ok(())
    }
}
