//! Signing credentials with an issuing key.

use std::time::Duration;

use healthseal_core::{
    Basis, Credential, CredentialDraft, CredentialError, CredentialId, KeyInfo, Region, Role, Sealed,
    SignError, Signer, Status, Timestamp,
};
use rand_core::CryptoRngCore;
use thiserror::Error;

/// An issuing key ready to sign for its region: a key in memory or in a token, behind the
/// [`Signer`] interface, shared by a batch's workers.
pub struct Issuer {
    key: Box<dyn Signer + Send + Sync>,
    region: Region,
    not_after: Option<Timestamp>,
}

impl std::fmt::Debug for Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field("kid", &self.key.public_key().kid())
            .field("region", &self.region)
            .field("not_after", &self.not_after)
            .finish()
    }
}

/// Why a key cannot be used to issue credentials.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IssuerError {
    /// A province root key: it signs trust lists, never credentials.
    #[error("this is a province root key; it signs trust lists, not credentials")]
    RootKey,
    /// Neither the key file nor the caller names the region.
    #[error("the key file does not say which region the key issues for")]
    NoRegion,
    /// The caller names a region other than the key file's.
    #[error("the key belongs to region {key}, not {requested}")]
    RegionMismatch {
        /// Region in the key file.
        key: Region,
        /// Region requested.
        requested: Region,
    },
}

/// What to issue for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRequest {
    /// Holder name as on the identity document.
    pub name: String,
    /// Birth date, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub birth_date: String,
    /// Status to attest.
    pub status: Status,
    /// How long the credential is valid from issue (or from `not_before`).
    pub valid_for: Duration,
    /// A later start of validity, if any.
    pub not_before: Option<Timestamp>,
    /// Why the status was given.
    pub basis: Option<Basis>,
}

/// A credential just issued: its claims, the signed message and its `HS1:` text.
#[derive(Debug, Clone)]
pub struct Issued {
    credential: Credential,
    sealed: Sealed,
    text: String,
}

impl Issued {
    /// The claims that were signed.
    pub fn credential(&self) -> &Credential {
        &self.credential
    }

    /// The signed COSE_Sign1 message.
    pub fn sealed(&self) -> &Sealed {
        &self.sealed
    }

    /// The `HS1:` text, as carried in the QR code.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The `HS1:` text, owned.
    pub fn into_text(self) -> String {
        self.text
    }
}

/// Why one credential could not be issued.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IssueError {
    /// The key's validity has ended.
    #[error("the issuing key expired at {not_after}; use a current key")]
    KeyExpired {
        /// End of the key's validity.
        not_after: Timestamp,
    },
    /// Validity would run past year 9999.
    #[error("the validity period is too long")]
    ValidityTooLong,
    /// The fields do not make a valid credential.
    #[error(transparent)]
    Credential(#[from] CredentialError),
    /// Signing failed.
    #[error(transparent)]
    Sign(#[from] SignError),
}

impl Issuer {
    /// An issuer for `key`, described by its key file's `info`. `region` names the region when
    /// the file does not (and must agree with it when it does). Root keys are refused.
    pub fn new(
        key: impl Signer + Send + Sync + 'static,
        info: &KeyInfo,
        region: Option<Region>,
    ) -> Result<Self, IssuerError> {
        if info.role == Some(Role::Root) {
            return Err(IssuerError::RootKey);
        }
        let region = match (&info.region, region) {
            (Some(key), Some(requested)) if *key != requested => {
                return Err(IssuerError::RegionMismatch { key: key.clone(), requested });
            }
            (Some(key), _) => key.clone(),
            (None, Some(requested)) => requested,
            (None, None) => return Err(IssuerError::NoRegion),
        };
        Ok(Self { key: Box::new(key), region, not_after: info.not_after })
    }

    /// The region this issuer signs for.
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// The issuing key.
    pub fn key(&self) -> &dyn Signer {
        &*self.key
    }

    /// Whether the key may still sign at `now` (its key file's not-after, when it has one).
    /// Checked by [`Issuer::issue`]; a batch checks it once before the first row.
    pub fn usable_at(&self, now: Timestamp) -> Result<(), IssueError> {
        match self.not_after {
            Some(not_after) if now > not_after => Err(IssueError::KeyExpired { not_after }),
            _ => Ok(()),
        }
    }

    /// Issues one credential at `now`, with a fresh credential id from `rng`.
    pub fn issue(
        &self,
        request: IssueRequest,
        now: Timestamp,
        rng: &mut impl CryptoRngCore,
    ) -> Result<Issued, IssueError> {
        self.usable_at(now)?;
        let start = request.not_before.unwrap_or(now);
        let expires_at = start.checked_add(request.valid_for).ok_or(IssueError::ValidityTooLong)?;
        let credential = CredentialDraft {
            region: self.region.clone(),
            issued_at: now,
            not_before: request.not_before,
            expires_at,
            id: CredentialId::random(rng),
            status: request.status,
            name: request.name,
            birth_date: request.birth_date,
            basis: request.basis,
        }
        .check()?;
        let sealed = Sealed::sign(&credential, &*self.key)?;
        Ok(Issued { text: sealed.to_text(), credential, sealed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use healthseal_core::SigningKey;

    fn info(role: Role) -> KeyInfo {
        KeyInfo { role: Some(role), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() }
    }

    #[test]
    fn refuses_keys_that_must_not_sign() {
        let key = || SigningKey::from_seed([1; 32]);
        assert_eq!(Issuer::new(key(), &info(Role::Root), None).unwrap_err(), IssuerError::RootKey);
        assert_eq!(Issuer::new(key(), &KeyInfo::default(), None).unwrap_err(), IssuerError::NoRegion);
        assert!(matches!(
            Issuer::new(key(), &info(Role::Issuer), Some("CN-HA".parse().unwrap())),
            Err(IssuerError::RegionMismatch { .. })
        ));
        let mut expiring = info(Role::Issuer);
        expiring.not_after = Some(Timestamp::from_unix(1000).unwrap());
        let issuer = Issuer::new(key(), &expiring, None).unwrap();
        let request = IssueRequest {
            name: "A".into(),
            birth_date: "1970".into(),
            status: Status::Green,
            valid_for: Duration::from_secs(60),
            not_before: None,
            basis: None,
        };
        let err =
            issuer.issue(request, Timestamp::from_unix(1001).unwrap(), &mut rand_core::OsRng).unwrap_err();
        assert_eq!(err, IssueError::KeyExpired { not_after: Timestamp::from_unix(1000).unwrap() });
    }
}
