//! Issuer region codes, ISO 3166-2 style.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// A region code: an ISO 3166-1 alpha-2 country code, optionally followed by `-` and one to three
/// upper-case letters or digits for a subdivision (ISO 3166-2), e.g. `CN`, `CN-ZJ`, `FR-75C`.
///
/// ```
/// use healthseal_core::Region;
/// let zj: Region = "CN-ZJ".parse().unwrap();
/// assert_eq!(zj.as_str(), "CN-ZJ");
/// assert!("cn-zj".parse::<Region>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region(String);

/// Why a region code is malformed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("region code {code:?} is malformed; expected two capital letters, optionally followed by '-' and 1-3 capital letters or digits (e.g. CN-ZJ)")]
pub struct RegionError {
    /// The rejected code (escaped when shown).
    pub code: String,
}

impl Region {
    /// Parses and checks a region code.
    pub fn new(code: &str) -> Result<Self, RegionError> {
        let bytes = code.as_bytes();
        let country_ok = bytes.len() >= 2 && bytes[..2].iter().all(u8::is_ascii_uppercase);
        let subdivision_ok = match bytes.get(2..) {
            Some([]) => true,
            Some([b'-', rest @ ..]) => {
                (1..=3).contains(&rest.len())
                    && rest.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            }
            _ => false,
        };
        if country_ok && subdivision_ok {
            Ok(Self(code.to_owned()))
        } else {
            Err(RegionError { code: code.chars().take(32).collect() })
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Region {
    type Err = RegionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_iso_3166_shapes_only() {
        for ok in ["CN", "CN-ZJ", "CN-HA", "FR-75C", "GB-ENG", "US-1"] {
            assert!(Region::new(ok).is_ok(), "{ok}");
        }
        for bad in ["", "C", "CN-", "CN-ZJXX", "cn-ZJ", "CN_ZJ", "CNZJ", "CN-zj", "ČN-ZJ", "CN-Z J"] {
            assert!(Region::new(bad).is_err(), "{bad}");
        }
    }
}
