//! The credential: what an authority attests about one person, for a bounded time.

use thiserror::Error;

use crate::{Basis, BirthDate, CredentialId, HolderName, Region, Status, Timestamp};

/// A checked credential. Every value of this type satisfies the rules of [`CredentialDraft::check`];
/// there is no way to build one that does not.
///
/// ```
/// use healthseal_core::{CredentialDraft, CredentialId, Status, Timestamp};
/// let issued = Timestamp::from_unix(1_795_564_800).unwrap();
/// let credential = CredentialDraft {
///     region: "CN-ZJ".parse().unwrap(),
///     issued_at: issued,
///     not_before: None,
///     expires_at: Timestamp::from_unix(issued.unix() + 72 * 3600).unwrap(),
///     id: CredentialId::from_bytes([7; 8]),
///     status: Status::Green,
///     name: "张三".into(),
///     birth_date: "1990-07-01".into(),
///     basis: None,
/// }
/// .check()
/// .unwrap();
/// assert_eq!(credential.name().as_str(), "张三");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    region: Region,
    issued_at: Timestamp,
    not_before: Option<Timestamp>,
    expires_at: Timestamp,
    id: CredentialId,
    status: Status,
    name: HolderName,
    birth_date: BirthDate,
    basis: Option<Basis>,
}

/// The fields of a credential before they are checked. Name and birth date are text, as a form
/// or a CSV row gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialDraft {
    /// Issuing region (CWT `iss`).
    pub region: Region,
    /// Issue time (CWT `iat`).
    pub issued_at: Timestamp,
    /// Start of validity, when later than issue (CWT `nbf`).
    pub not_before: Option<Timestamp>,
    /// End of validity (CWT `exp`); the credential is valid strictly before this time.
    pub expires_at: Timestamp,
    /// Credential id (CWT `cti`).
    pub id: CredentialId,
    /// Attested status.
    pub status: Status,
    /// Holder name as on the identity document.
    pub name: String,
    /// Holder birth date, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub birth_date: String,
    /// Why the status was given.
    pub basis: Option<Basis>,
}

/// Why fields do not make a credential.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// The holder name is not acceptable.
    #[error(transparent)]
    Name(#[from] crate::NameError),
    /// The birth date is not acceptable.
    #[error(transparent)]
    BirthDate(#[from] crate::BirthDateError),
    /// The birth date lies after the issue date.
    #[error("birth date {birth_date} is after the issue date {issued_at}")]
    BornAfterIssue {
        /// The birth date.
        birth_date: BirthDate,
        /// The issue time.
        issued_at: Timestamp,
    },
    /// Expiry is not after issue.
    #[error("expiry {expires_at} is not after issue {issued_at}")]
    ExpiresBeforeIssue {
        /// Issue time.
        issued_at: Timestamp,
        /// Expiry time.
        expires_at: Timestamp,
    },
    /// The start of validity lies outside issue .. expiry.
    #[error("not-before {not_before} is outside issue {issued_at} .. expiry {expires_at}")]
    NotBeforeOutsideValidity {
        /// The not-before time.
        not_before: Timestamp,
        /// Issue time.
        issued_at: Timestamp,
        /// Expiry time.
        expires_at: Timestamp,
    },
}

impl CredentialError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Name(crate::NameError::Empty) => "name_empty",
            Self::Name(crate::NameError::TooLong { .. }) => "name_too_long",
            Self::Name(crate::NameError::Padded) => "name_padded",
            Self::Name(crate::NameError::SpaceRun { .. }) => "name_space_run",
            Self::Name(_) => "name_forbidden_character",
            Self::BirthDate(crate::BirthDateError::TooEarly { .. }) => "birth_date_too_early",
            Self::BirthDate(_) => "birth_date_malformed",
            Self::BornAfterIssue { .. } => "born_after_issue",
            Self::ExpiresBeforeIssue { .. } => "expires_before_issue",
            Self::NotBeforeOutsideValidity { .. } => "not_before_outside_validity",
        }
    }
}

impl CredentialDraft {
    /// Checks every rule and returns the credential, or the first rule broken.
    pub fn check(self) -> Result<Credential, CredentialError> {
        let name = HolderName::new(&self.name)?;
        let birth_date: BirthDate = self.birth_date.parse()?;
        // The latest calendar date anywhere on Earth at the issue instant (UTC+14), so a baby born
        // today in Kiribati can be issued a credential today.
        let latest_local_day = (self.issued_at.to_datetime() + chrono::TimeDelta::hours(14)).date_naive();
        if birth_date.earliest_day() > latest_local_day {
            return Err(CredentialError::BornAfterIssue { birth_date, issued_at: self.issued_at });
        }
        if self.expires_at <= self.issued_at {
            return Err(CredentialError::ExpiresBeforeIssue {
                issued_at: self.issued_at,
                expires_at: self.expires_at,
            });
        }
        if let Some(not_before) = self.not_before {
            if not_before < self.issued_at || not_before >= self.expires_at {
                return Err(CredentialError::NotBeforeOutsideValidity {
                    not_before,
                    issued_at: self.issued_at,
                    expires_at: self.expires_at,
                });
            }
        }
        Ok(Credential {
            region: self.region,
            issued_at: self.issued_at,
            not_before: self.not_before,
            expires_at: self.expires_at,
            id: self.id,
            status: self.status,
            name,
            birth_date,
            basis: self.basis,
        })
    }
}

impl Credential {
    /// Issuing region.
    pub fn region(&self) -> &Region {
        &self.region
    }
    /// Issue time.
    pub fn issued_at(&self) -> Timestamp {
        self.issued_at
    }
    /// Start of validity, if later than issue.
    pub fn not_before(&self) -> Option<Timestamp> {
        self.not_before
    }
    /// Start of validity: not-before if given, else issue time.
    pub fn valid_from(&self) -> Timestamp {
        self.not_before.unwrap_or(self.issued_at)
    }
    /// End of validity (exclusive).
    pub fn expires_at(&self) -> Timestamp {
        self.expires_at
    }
    /// Credential id.
    pub fn id(&self) -> CredentialId {
        self.id
    }
    /// Attested status.
    pub fn status(&self) -> Status {
        self.status
    }
    /// Holder name.
    pub fn name(&self) -> &HolderName {
        &self.name
    }
    /// Holder birth date.
    pub fn birth_date(&self) -> BirthDate {
        self.birth_date
    }
    /// Basis of the status.
    pub fn basis(&self) -> Option<Basis> {
        self.basis
    }

    /// The fields back as a draft, for editing and re-checking.
    pub fn to_draft(&self) -> CredentialDraft {
        CredentialDraft {
            region: self.region.clone(),
            issued_at: self.issued_at,
            not_before: self.not_before,
            expires_at: self.expires_at,
            id: self.id,
            status: self.status,
            name: self.name.as_str().to_owned(),
            birth_date: self.birth_date.to_string(),
            basis: self.basis,
        }
    }
}
