//! The answer for one credential: accepted, or rejected for exactly one reason.

use std::fmt;
use std::time::Duration;

use crate::{
    ClaimsError, Credential, CredentialId, DecisionOptions, DecodeError, Kid, Region, Status, Timestamp,
    TrustList, Verified,
};

/// The checkpoint's answer for one credential. A value, not an error: a genuine red credential is
/// a correct `Rejected` with [`Reason::StatusNotAccepted`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Genuine, valid now, not revoked, and accepted under this province's terms.
    Accepted(Box<Acceptance>),
    /// Not accepted, for one precise reason.
    Rejected(Box<Rejection>),
}

/// What an accepted verdict carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    /// The credential, verified.
    pub credential: Verified<Credential>,
    /// The issuing region's name as the trust list gives it.
    pub region_name: String,
    /// The trust list the decision used, and how old it is.
    pub list: ListStatus,
}

/// What a rejected verdict carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Why.
    pub reason: Reason,
    /// The credential, when its signature held (a genuine but unacceptable credential).
    pub credential: Option<Verified<Credential>>,
    /// The trust list the decision used, and how old it is.
    pub list: ListStatus,
}

/// The trust list behind a verdict: reported with every verdict so an officer knows how current
/// the checkpoint's knowledge is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListStatus {
    /// The province whose list it is.
    pub owner: Region,
    /// Its sequence number.
    pub sequence: u64,
    /// When it was signed.
    pub issued_at: Timestamp,
    /// When a newer one was due.
    pub next_update: Timestamp,
    /// Seconds since it was signed (negative if the device clock is behind).
    pub age_secs: i64,
    /// Past its next update plus the grace period.
    pub stale: bool,
}

impl ListStatus {
    /// The status of `list` at `now` under `options` (its grace period, capped as
    /// [`DecisionOptions::bounded`] caps it): what every verdict reports, and what a checkpoint
    /// shows between scans.
    ///
    /// ```
    /// # use healthseal_core::*;
    /// # let root = SigningKey::from_seed([1; 32]);
    /// # let t = Timestamp::from_unix(1_795_564_800).unwrap();
    /// # let bytes = TrustListDraft { owner: "CN-HA".parse().unwrap(), sequence: 3, issued_at: t,
    /// #     next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(), regions: vec![], succession: Default::default() }
    /// #     .check().unwrap().sign(&root).unwrap();
    /// let list = TrustList::open(&bytes, root.public_key())?;
    /// let three_days_on = Timestamp::from_unix(t.unix() + 3 * 86_400).unwrap();
    /// let status = ListStatus::of(&list, three_days_on, &DecisionOptions::default());
    /// assert_eq!((status.sequence, status.age_secs, status.stale), (3, 3 * 86_400, true));
    /// # Ok::<(), TrustDocError>(())
    /// ```
    pub fn of(list: &TrustList, now: Timestamp, options: &DecisionOptions) -> Self {
        let grace = options.bounded().stale_grace;
        Self {
            owner: list.owner().clone(),
            sequence: list.sequence(),
            issued_at: list.issued_at(),
            next_update: list.next_update(),
            age_secs: now.unix() - list.issued_at().unix(),
            stale: list.next_update().checked_add(grace).is_some_and(|due| now > due),
        }
    }
}

/// Why a credential is rejected. Codes (`Reason::code`) are stable and documented.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// The text is not a well-formed credential (the error names the layer).
    Malformed(DecodeError),
    /// The signature holds but the claims are not a valid credential.
    MalformedClaims(ClaimsError),
    /// No key in the trust list has the credential's kid.
    UnknownIssuerKey {
        /// The kid.
        kid: Kid,
    },
    /// The signature does not hold under any listed key with the kid: forged or altered.
    BadSignature {
        /// The kid.
        kid: Kid,
        /// Keys tried.
        tried: usize,
    },
    /// The credential claims (unverified) a region this province does not recognise.
    RegionNotRecognized {
        /// The region it claims, as written in the unverified credential.
        claimed: String,
    },
    /// A key of one region signed a credential naming another region.
    IssuerRegionMismatch {
        /// The region the key belongs to.
        key_region: Region,
        /// The region the credential names.
        claimed: Region,
    },
    /// The recognition agreement with the region has not started.
    AgreementNotStarted {
        /// The region.
        region: Region,
        /// When it starts.
        from: Timestamp,
    },
    /// The recognition agreement with the region has ended.
    AgreementEnded {
        /// The region.
        region: Region,
        /// When it ended.
        until: Timestamp,
    },
    /// Issued outside the signing key's validity window.
    KeyNotValidAtIssuance {
        /// The key.
        kid: Kid,
        /// Issue time of the credential.
        issued_at: Timestamp,
        /// Start of the key's window.
        not_before: Option<Timestamp>,
        /// End of the key's window.
        not_after: Option<Timestamp>,
    },
    /// Signed by a key reported compromised, at or after the compromise.
    KeyCompromised {
        /// The key.
        kid: Kid,
        /// Compromised since.
        since: Timestamp,
        /// Issue time of the credential.
        issued_at: Timestamp,
    },
    /// The issuer revoked this credential.
    Revoked {
        /// Its id.
        id: CredentialId,
    },
    /// Issued later than now (beyond the clock-skew tolerance).
    IssuedInFuture {
        /// Issue time.
        issued_at: Timestamp,
        /// Now.
        now: Timestamp,
    },
    /// Its validity has not started.
    NotYetValid {
        /// Start of validity.
        valid_from: Timestamp,
        /// Now.
        now: Timestamp,
    },
    /// Its validity has ended.
    Expired {
        /// Expiry.
        expires_at: Timestamp,
        /// Now.
        now: Timestamp,
    },
    /// Genuine and valid, but this status is not accepted from this region.
    StatusNotAccepted {
        /// The status.
        status: Status,
        /// The issuing region.
        region: Region,
    },
    /// Issued longer ago than this province accepts from the region.
    TooOld {
        /// Issue time.
        issued_at: Timestamp,
        /// The region's maximum age.
        max_age: Duration,
        /// Now.
        now: Timestamp,
    },
    /// Valid for longer after its issue than this province accepts from the region.
    ValidityExceedsPolicy {
        /// The credential's validity, from its issue time (`iat`) to its expiry.
        validity: Duration,
        /// The region's cap.
        max: Duration,
    },
    /// The trust list is past its next update plus the grace period, and stale lists reject.
    TrustListStale {
        /// When the next list was due.
        next_update: Timestamp,
        /// Grace allowed after it.
        grace: Duration,
        /// Now.
        now: Timestamp,
    },
    /// The device clock is earlier than the trust list's issue time: every time check would be
    /// meaningless.
    DeviceClockWrong {
        /// The device's time.
        now: Timestamp,
        /// The list's issue time.
        list_issued_at: Timestamp,
    },
}

impl Reason {
    /// Every reason code, for documentation and tests.
    pub const CODES: [&'static str; 19] = [
        "malformed",
        "malformed_claims",
        "unknown_issuer_key",
        "bad_signature",
        "region_not_recognized",
        "issuer_region_mismatch",
        "agreement_not_started",
        "agreement_ended",
        "key_not_valid_at_issuance",
        "key_compromised",
        "revoked",
        "issued_in_future",
        "not_yet_valid",
        "expired",
        "status_not_accepted",
        "too_old",
        "validity_exceeds_policy",
        "trust_list_stale",
        "device_clock_wrong",
    ];

    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::MalformedClaims(_) => "malformed_claims",
            Self::UnknownIssuerKey { .. } => "unknown_issuer_key",
            Self::BadSignature { .. } => "bad_signature",
            Self::RegionNotRecognized { .. } => "region_not_recognized",
            Self::IssuerRegionMismatch { .. } => "issuer_region_mismatch",
            Self::AgreementNotStarted { .. } => "agreement_not_started",
            Self::AgreementEnded { .. } => "agreement_ended",
            Self::KeyNotValidAtIssuance { .. } => "key_not_valid_at_issuance",
            Self::KeyCompromised { .. } => "key_compromised",
            Self::Revoked { .. } => "revoked",
            Self::IssuedInFuture { .. } => "issued_in_future",
            Self::NotYetValid { .. } => "not_yet_valid",
            Self::Expired { .. } => "expired",
            Self::StatusNotAccepted { .. } => "status_not_accepted",
            Self::TooOld { .. } => "too_old",
            Self::ValidityExceedsPolicy { .. } => "validity_exceeds_policy",
            Self::TrustListStale { .. } => "trust_list_stale",
            Self::DeviceClockWrong { .. } => "device_clock_wrong",
        }
    }

    /// For a malformed credential, the precise error code of the failing layer.
    pub fn detail(&self) -> Option<&'static str> {
        match self {
            Self::Malformed(e) => Some(e.code()),
            Self::MalformedClaims(e) => Some(e.code()),
            _ => None,
        }
    }

    /// How far a candidate key got before this reason stopped it; among several keys sharing a
    /// kid, the verdict reports the reason of the one that got furthest.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Self::IssuerRegionMismatch { .. } => 1,
            Self::AgreementNotStarted { .. } | Self::AgreementEnded { .. } => 2,
            Self::KeyNotValidAtIssuance { .. } => 3,
            Self::KeyCompromised { .. } => 4,
            Self::Revoked { .. } => 5,
            Self::IssuedInFuture { .. } | Self::NotYetValid { .. } | Self::Expired { .. } => 6,
            Self::StatusNotAccepted { .. } => 7,
            Self::TooOld { .. } => 8,
            Self::ValidityExceedsPolicy { .. } => 9,
            _ => 0,
        }
    }
}

fn hours(d: Duration) -> String {
    let h = d.as_secs() / 3600;
    if h >= 48 && h.is_multiple_of(24) {
        format!("{} days", h / 24)
    } else if d.as_secs().is_multiple_of(3600) {
        format!("{h} hours")
    } else {
        format!("{} minutes", d.as_secs() / 60)
    }
}

impl fmt::Display for Reason {
    /// The reason in plain words, for the officer at the checkpoint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(e) => write!(f, "not a readable healthseal credential ({e})"),
            Self::MalformedClaims(e) => write!(f, "signed, but its contents are invalid ({e})"),
            Self::UnknownIssuerKey { kid } => {
                write!(f, "signed by a key this checkpoint does not know (key id {kid})")
            }
            Self::BadSignature { .. } => f.write_str("the signature is not valid: forged or altered"),
            Self::RegionNotRecognized { claimed } => {
                write!(f, "claims to come from {claimed:?}, a region this province does not recognise")
            }
            Self::IssuerRegionMismatch { key_region, claimed } => {
                write!(f, "a {key_region} key signed a credential that names {claimed}")
            }
            Self::AgreementNotStarted { region, from } => {
                write!(f, "credentials from {region} are accepted only from {from}")
            }
            Self::AgreementEnded { region, until } => {
                write!(f, "the recognition agreement with {region} ended at {until}")
            }
            Self::KeyNotValidAtIssuance { issued_at, .. } => {
                write!(f, "issued at {issued_at}, outside its signing key's validity")
            }
            Self::KeyCompromised { since, issued_at, .. } => {
                write!(f, "issued at {issued_at} by a key reported compromised since {since}")
            }
            Self::Revoked { id } => write!(f, "revoked by its issuer (credential {id})"),
            Self::IssuedInFuture { issued_at, .. } => write!(f, "issued in the future ({issued_at})"),
            Self::NotYetValid { valid_from, .. } => write!(f, "not valid until {valid_from}"),
            Self::Expired { expires_at, .. } => write!(f, "expired at {expires_at}"),
            Self::StatusNotAccepted { status, region } => {
                write!(f, "status {} from {region} is not accepted here", status.name().to_uppercase())
            }
            Self::TooOld { issued_at, max_age, .. } => {
                write!(f, "issued at {issued_at}, more than {} ago", hours(*max_age))
            }
            Self::ValidityExceedsPolicy { validity, max } => {
                write!(
                    f,
                    "valid until {} after its issue, longer than the {} accepted here",
                    hours(*validity),
                    hours(*max)
                )
            }
            Self::TrustListStale { next_update, .. } => {
                write!(f, "this checkpoint's trust list is out of date (a new one was due {next_update})")
            }
            Self::DeviceClockWrong { now, list_issued_at } => write!(
                f,
                "this device's clock ({now}) is earlier than its trust list ({list_issued_at}): set the clock"
            ),
        }
    }
}
