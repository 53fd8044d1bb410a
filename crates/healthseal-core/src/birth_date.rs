//! A holder's birth date: full, or only year and month, or only year.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

/// A birth date as printed on an identity document, which for some people is only a year or a
/// year and month. Written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
///
/// ```
/// use healthseal_core::BirthDate;
/// let d: BirthDate = "1990-07".parse().unwrap();
/// assert_eq!(d.to_string(), "1990-07");
/// assert!("1990-02-30".parse::<BirthDate>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BirthDate {
    /// Only the year is known.
    Year(u16),
    /// Year and month (1-12) are known.
    YearMonth(u16, u8),
    /// The full date is known.
    Date(NaiveDate),
}

/// Why a birth date is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BirthDateError {
    /// Not `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, or not a calendar date.
    #[error("birth date {0:?} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")]
    Malformed(String),
    /// Before the earliest year accepted.
    #[error("birth year {year} is before {min}")]
    TooEarly {
        /// The year given.
        year: u16,
        /// The earliest year accepted.
        min: u16,
    },
}

impl BirthDate {
    /// Earliest birth year accepted: nobody alive was born earlier.
    pub const MIN_YEAR: u16 = 1870;

    /// The first day the date can stand for (1 January for a bare year).
    pub fn earliest_day(self) -> NaiveDate {
        let (year, month, day) = match self {
            Self::Year(y) => (y, 1, 1),
            Self::YearMonth(y, m) => (y, m, 1),
            Self::Date(d) => return d,
        };
        // Year and month were checked when the value was made, so this is always a real date.
        NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), day).unwrap_or_default()
    }

    fn new_checked(
        year: u16,
        month: Option<u8>,
        day: Option<u8>,
        text: &str,
    ) -> Result<Self, BirthDateError> {
        let malformed = || BirthDateError::Malformed(text.chars().take(32).collect());
        if year < Self::MIN_YEAR {
            return Err(BirthDateError::TooEarly { year, min: Self::MIN_YEAR });
        }
        Ok(match (month, day) {
            (None, None) => Self::Year(year),
            (Some(m), None) if (1..=12).contains(&m) => Self::YearMonth(year, m),
            (Some(m), Some(d)) => Self::Date(
                NaiveDate::from_ymd_opt(i32::from(year), u32::from(m), u32::from(d)).ok_or_else(malformed)?,
            ),
            _ => return Err(malformed()),
        })
    }
}

impl FromStr for BirthDate {
    type Err = BirthDateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let malformed = || BirthDateError::Malformed(text.chars().take(32).collect());
        fn digits<T: FromStr>(part: &str, len: usize) -> Option<T> {
            (part.len() == len && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok())?
        }
        let mut parts = text.split('-');
        let year = parts.next().and_then(|p| digits::<u16>(p, 4)).ok_or_else(malformed)?;
        let month = match parts.next() {
            None => None,
            Some(p) => Some(digits::<u8>(p, 2).ok_or_else(malformed)?),
        };
        let day = match parts.next() {
            None => None,
            Some(p) => Some(digits::<u8>(p, 2).ok_or_else(malformed)?),
        };
        if parts.next().is_some() {
            return Err(malformed());
        }
        Self::new_checked(year, month, day, text)
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y:04}"),
            Self::YearMonth(y, m) => write!(f, "{y:04}-{m:02}"),
            Self::Date(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl PartialOrd for BirthDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BirthDate {
    /// Orders by the earliest day each date can stand for, then by precision.
    fn cmp(&self, other: &Self) -> Ordering {
        let precision = |d: &Self| match d {
            Self::Year(_) => 0,
            Self::YearMonth(..) => 1,
            Self::Date(_) => 2,
        };
        self.earliest_day().cmp(&other.earliest_day()).then(precision(self).cmp(&precision(other)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_precisions_and_nothing_else() {
        assert_eq!("1990".parse(), Ok(BirthDate::Year(1990)));
        assert_eq!("1990-07".parse(), Ok(BirthDate::YearMonth(1990, 7)));
        assert_eq!("2000-02-29".parse::<BirthDate>().unwrap().to_string(), "2000-02-29");
        for bad in [
            "",
            "90",
            "1990-7",
            "1990-13",
            "1990-00",
            "1990-02-30",
            "1990-01-01-01",
            "1990/01/01",
            "+990",
            "１９９０",
            "1990-01-1",
        ] {
            assert!(bad.parse::<BirthDate>().is_err(), "{bad}");
        }
        assert_eq!("1869".parse::<BirthDate>(), Err(BirthDateError::TooEarly { year: 1869, min: 1870 }));
    }
}
