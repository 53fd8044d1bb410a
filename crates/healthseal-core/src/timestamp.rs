//! Whole seconds since the Unix epoch, the CWT NumericDate (RFC 8392) without fractions.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use thiserror::Error;

/// A point in time, in whole seconds since 1970-01-01T00:00:00Z, between 1970 and the end of 9999.
///
/// The library never reads a clock: every "now" is a `Timestamp` the caller passes in.
///
/// ```
/// use healthseal_core::Timestamp;
/// let t = Timestamp::parse_rfc3339("2026-11-25T08:00:00+08:00").unwrap();
/// assert_eq!(t.to_string(), "2026-11-25T00:00:00Z");
/// assert_eq!(t.unix(), 1_795_564_800);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// A time outside the range a credential can carry, or unreadable text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// Before 1970 or after 9999.
    #[error("time {0} is outside 1970-01-01 .. 9999-12-31")]
    OutOfRange(i128),
    /// Not an RFC 3339 date-time.
    #[error("{0:?} is not an RFC 3339 date-time such as 2026-11-25T08:00:00+08:00")]
    Unreadable(String),
}

impl Timestamp {
    /// Earliest time accepted: the epoch.
    pub const MIN: Timestamp = Timestamp(0);
    /// Latest time accepted: 9999-12-31T23:59:59Z.
    pub const MAX: Timestamp = Timestamp(253_402_300_799);

    /// The time `secs` seconds after the epoch.
    pub fn from_unix(secs: i64) -> Result<Self, TimestampError> {
        if (Self::MIN.0..=Self::MAX.0).contains(&secs) {
            Ok(Self(secs))
        } else {
            Err(TimestampError::OutOfRange(i128::from(secs)))
        }
    }

    /// Seconds since the epoch.
    pub fn unix(self) -> i64 {
        self.0
    }

    /// Parses an RFC 3339 date-time; fractions of a second are dropped.
    pub fn parse_rfc3339(text: &str) -> Result<Self, TimestampError> {
        let parsed = DateTime::parse_from_rfc3339(text)
            .map_err(|_| TimestampError::Unreadable(text.chars().take(64).collect()))?;
        Self::from_unix(parsed.timestamp())
    }

    /// The same instant as a `chrono` date-time.
    pub fn to_datetime(self) -> DateTime<Utc> {
        // In range by construction; the fallback is never taken.
        DateTime::from_timestamp(self.0, 0).unwrap_or_default()
    }

    /// This time plus `duration` (whole seconds), if still in range.
    pub fn checked_add(self, duration: Duration) -> Option<Self> {
        let secs = i64::try_from(duration.as_secs()).ok()?;
        Self::from_unix(self.0.checked_add(secs)?).ok()
    }

    /// This time minus `duration` (whole seconds), if still in range.
    pub fn checked_sub(self, duration: Duration) -> Option<Self> {
        let secs = i64::try_from(duration.as_secs()).ok()?;
        Self::from_unix(self.0.checked_sub(secs)?).ok()
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC, e.g. `2026-11-25T00:00:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_datetime().to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}
