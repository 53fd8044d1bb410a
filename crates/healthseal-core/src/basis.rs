//! Why a status was given.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// The basis of a status decision, carried as a small unsigned integer on the wire.
///
/// An integer rather than a word keeps a credential small (2 bytes instead of up to 13). The list
/// is closed in format version 1: a decoder rejects unknown values, as it does unknown statuses,
/// so a checkpoint never shows a basis it cannot name.
///
/// ```
/// use healthseal_core::Basis;
/// assert_eq!("self-report".parse::<Basis>().unwrap(), Basis::SelfReport);
/// assert_eq!(Basis::from_code(1), Some(Basis::Test));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Basis {
    /// A laboratory or rapid test result (1).
    Test,
    /// Vaccination (2).
    Vaccination,
    /// Recovery from infection (3).
    Recovery,
    /// Close contact with a case (4).
    Contact,
    /// The holder's own declaration (5).
    SelfReport,
    /// A clinical assessment (6).
    Clinical,
    /// A medical exemption (7).
    Exemption,
}

/// An unknown basis name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown basis {0:?}; expected one of test, vaccination, recovery, contact, self-report, clinical, exemption")]
pub struct BasisError(pub String);

impl Basis {
    /// All bases, in wire-value order.
    pub const ALL: [Basis; 7] = [
        Basis::Test,
        Basis::Vaccination,
        Basis::Recovery,
        Basis::Contact,
        Basis::SelfReport,
        Basis::Clinical,
        Basis::Exemption,
    ];

    /// The wire value.
    pub fn code(self) -> u8 {
        match self {
            Self::Test => 1,
            Self::Vaccination => 2,
            Self::Recovery => 3,
            Self::Contact => 4,
            Self::SelfReport => 5,
            Self::Clinical => 6,
            Self::Exemption => 7,
        }
    }

    /// The basis with this wire value.
    pub fn from_code(code: u64) -> Option<Self> {
        Self::ALL.into_iter().find(|b| u64::from(b.code()) == code)
    }

    /// Lower-case name, as used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::Vaccination => "vaccination",
            Self::Recovery => "recovery",
            Self::Contact => "contact",
            Self::SelfReport => "self-report",
            Self::Clinical => "clinical",
            Self::Exemption => "exemption",
        }
    }
}

impl FromStr for Basis {
    type Err = BasisError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|b| b.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| BasisError(s.chars().take(32).collect()))
    }
}

impl fmt::Display for Basis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
