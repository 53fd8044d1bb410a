//! The health status a credential attests.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// Status decided upstream by the issuing authority.
///
/// ```
/// use healthseal_core::Status;
/// assert_eq!("yellow".parse::<Status>().unwrap(), Status::Yellow);
/// assert_eq!(Status::Red.code(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// No restriction (wire value 0).
    Green,
    /// Restricted (wire value 1).
    Yellow,
    /// Not admitted (wire value 2).
    Red,
}

/// An unknown status name or wire value.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown status {0:?}; expected green, yellow or red")]
pub struct StatusError(pub String);

impl Status {
    /// All statuses, in wire-value order.
    pub const ALL: [Status; 3] = [Status::Green, Status::Yellow, Status::Red];

    /// The wire value.
    pub fn code(self) -> u8 {
        match self {
            Self::Green => 0,
            Self::Yellow => 1,
            Self::Red => 2,
        }
    }

    /// The status with this wire value.
    pub fn from_code(code: u64) -> Option<Self> {
        Self::ALL.into_iter().find(|s| u64::from(s.code()) == code)
    }

    /// Lower-case name, as used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Yellow => "yellow",
            Self::Red => "red",
        }
    }
}

impl FromStr for Status {
    type Err = StatusError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| StatusError(s.chars().take(32).collect()))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
