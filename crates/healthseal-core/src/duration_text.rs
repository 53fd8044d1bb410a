//! Durations as people write them (`72h`, `7d`, `1h30m`): one parser and one written form for
//! every command-line flag and every trust source.
//!
//! Durations in healthseal are whole seconds (credential and trust-document times are seconds),
//! so a fraction of a second is dropped, and a duration under one second is refused: no limit,
//! validity or tolerance can be zero.

use std::time::Duration;

use thiserror::Error;

/// What to write instead, added to every error about the form of a duration.
const EXAMPLES: &str = "write e.g. 72h, 7d or 1h30m";

/// Why a text is not a duration.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DurationTextError {
    /// Nothing was written.
    #[error("value was empty; {EXAMPLES}")]
    Empty,
    /// A character that is neither a digit, a letter nor a space.
    #[error("invalid character at {at}; {EXAMPLES}")]
    InvalidCharacter {
        /// Byte offset of the character.
        at: usize,
    },
    /// A unit (or anything else) where a number should be.
    #[error("expected number at {at}; {EXAMPLES}")]
    NumberExpected {
        /// Byte offset where the number should start.
        at: usize,
    },
    /// A number with no unit after it.
    #[error("time unit needed, for example {value}sec or {value}ms; {EXAMPLES}")]
    UnitNeeded {
        /// The number written.
        value: u64,
    },
    /// A unit that is not one of the time units.
    #[error("unknown time unit {unit:?}, supported units: ns, us/µs, ms, sec, min, hours, days, weeks, months, years (and few variations); {EXAMPLES}")]
    UnknownUnit {
        /// The unit as written.
        unit: String,
    },
    /// A number too large for a duration.
    #[error("number is too large; {EXAMPLES}")]
    TooLarge,
    /// Well formed, but shorter than one second.
    #[error("the duration must be at least one second")]
    UnderOneSecond,
}

/// Reads a duration such as `48h`, `7d` or `1h30m` (units from `ns` to `y`, with spaces or
/// without), in whole seconds, at least one.
///
/// ```
/// use std::time::Duration;
/// use healthseal_core::{parse_duration, DurationTextError};
/// assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
/// assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86_400)));
/// assert_eq!(parse_duration("soon"), Err(DurationTextError::NumberExpected { at: 0 }));
/// assert_eq!(parse_duration("500ms"), Err(DurationTextError::UnderOneSecond));
/// ```
pub fn parse_duration(text: &str) -> Result<Duration, DurationTextError> {
    use humantime::DurationError as E;
    let duration = humantime::parse_duration(text).map_err(|e| match e {
        E::Empty => DurationTextError::Empty,
        E::InvalidCharacter(at) => DurationTextError::InvalidCharacter { at },
        E::NumberExpected(at) => DurationTextError::NumberExpected { at },
        E::UnknownUnit { unit, value, .. } if unit.is_empty() => DurationTextError::UnitNeeded { value },
        E::UnknownUnit { unit, .. } => DurationTextError::UnknownUnit { unit },
        E::NumberOverflow => DurationTextError::TooLarge,
    })?;
    match duration.as_secs() {
        0 => Err(DurationTextError::UnderOneSecond),
        secs => Ok(Duration::from_secs(secs)),
    }
}

/// Writes a duration the way people write it, in its largest whole unit: `7d` from a week on,
/// else `48h`, `5m` or `30s` (fractions of a second are dropped). [`parse_duration`] reads it
/// back.
///
/// ```
/// use std::time::Duration;
/// use healthseal_core::format_duration;
/// assert_eq!(format_duration(Duration::from_secs(48 * 3600)), "48h");
/// assert_eq!(format_duration(Duration::from_secs(14 * 86_400)), "14d");
/// assert_eq!(format_duration(Duration::from_secs(300)), "5m");
/// assert_eq!(format_duration(Duration::from_secs(90)), "90s");
/// ```
pub fn format_duration(duration: Duration) -> String {
    const MINUTE: u64 = 60;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    match duration.as_secs() {
        s if s % DAY == 0 && s >= 7 * DAY => format!("{}d", s / DAY),
        s if s % HOUR == 0 => format!("{}h", s / HOUR),
        s if s % MINUTE == 0 => format!("{}m", s / MINUTE),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_why_a_text_is_not_a_duration() {
        for (text, error) in [
            ("", DurationTextError::Empty),
            ("3h!", DurationTextError::InvalidCharacter { at: 2 }),
            ("two days", DurationTextError::NumberExpected { at: 0 }),
            ("72", DurationTextError::UnitNeeded { value: 72 }),
            ("3 fortnights", DurationTextError::UnknownUnit { unit: "fortnights".into() }),
            ("99999999999999999999999s", DurationTextError::TooLarge),
            ("0s", DurationTextError::UnderOneSecond),
            ("999ms", DurationTextError::UnderOneSecond),
        ] {
            assert_eq!(parse_duration(text), Err(error), "{text:?}");
        }
        assert_eq!(
            parse_duration("soon").unwrap_err().to_string(),
            "expected number at 0; write e.g. 72h, 7d or 1h30m"
        );
    }

    #[test]
    fn fractions_of_a_second_are_dropped() {
        assert_eq!(parse_duration("1s500ms"), Ok(Duration::from_secs(1)));
    }

    #[test]
    fn what_is_written_reads_back() {
        for secs in [1, 59, 60, 90, 3600, 5400, 86_400, 6 * 86_400, 7 * 86_400, 8 * 86_400 + 3600, 31_557_600]
        {
            let d = Duration::from_secs(secs);
            assert_eq!(parse_duration(&format_duration(d)), Ok(d), "{secs}");
        }
        assert_eq!(format_duration(Duration::from_secs(2 * 86_400)), "48h");
    }
}
