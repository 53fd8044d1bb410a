//! Checking credential text against trusted keys at a given time.

use std::collections::HashMap;
use std::time::Duration;

use healthseal_core::{
    Credential, DecodeError, Kid, PublicKey, Sealed, TimeError, Timestamp, Verified, VerifyError,
};
use thiserror::Error;

/// Clock skew tolerated between issuer and checkpoint by default (DESIGN.md: 5 minutes).
pub const DEFAULT_SKEW: Duration = Duration::from_secs(5 * 60);

/// Trusted issuing keys, indexed by kid, and the checkpoint's clock tolerance.
#[derive(Debug, Clone)]
pub struct Checkpoint {
    keys: HashMap<Kid, Vec<PublicKey>>,
    skew: Duration,
}

/// Why a credential text is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CheckError {
    /// The text is not a well-formed credential.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The signature does not hold under a trusted key, or the claims are invalid.
    #[error(transparent)]
    Verify(#[from] VerifyError),
    /// The credential is not valid at the time of the check.
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl CheckError {
    /// Stable snake_case code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Decode(e) => e.code(),
            Self::Verify(e) => e.code(),
            Self::Time(e) => e.code(),
        }
    }
}

impl Checkpoint {
    /// A checkpoint trusting these issuing keys, with the default skew.
    pub fn new(keys: impl IntoIterator<Item = PublicKey>) -> Self {
        let mut index: HashMap<Kid, Vec<PublicKey>> = HashMap::new();
        for key in keys {
            index.entry(key.kid()).or_default().push(key);
        }
        Self { keys: index, skew: DEFAULT_SKEW }
    }

    /// The same checkpoint with another clock-skew tolerance.
    pub fn with_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// Decodes, verifies (signature first) and checks the validity window at `now`.
    pub fn check(&self, text: &str, now: Timestamp) -> Result<Verified<Credential>, CheckError> {
        let sealed = Sealed::from_text(text)?;
        let candidates = self.keys.get(&sealed.kid()).map(Vec::as_slice).unwrap_or_default();
        let verified = sealed.verify(candidates)?;
        verified.check_time(now, self.skew)?;
        Ok(verified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use healthseal_core::{CredentialDraft, CredentialId, SigningKey, Status};

    fn at(s: i64) -> Timestamp {
        Timestamp::from_unix(s).unwrap()
    }

    #[test]
    fn checks_signature_then_time() {
        let key = SigningKey::from_seed([4; 32]);
        let credential = CredentialDraft {
            region: "CN-HA".parse().unwrap(),
            issued_at: at(1_000_000),
            not_before: Some(at(1_000_600)),
            expires_at: at(1_100_000),
            id: CredentialId::from_bytes([2; 8]),
            status: Status::Red,
            name: "Zhao Lei".into(),
            birth_date: "1960".into(),
            basis: None,
        }
        .check()
        .unwrap();
        let text = Sealed::sign(&credential, &key).unwrap().to_text();
        let checkpoint = Checkpoint::new([key.public_key().clone()]);
        assert_eq!(checkpoint.check(&text, at(1_050_000)).unwrap().status(), Status::Red);
        assert_eq!(checkpoint.check(&text, at(1_000_000)).unwrap_err().code(), "not_yet_valid");
        assert_eq!(checkpoint.check(&text, at(999_000)).unwrap_err().code(), "issued_in_future");
        assert_eq!(checkpoint.check(&text, at(1_100_300)).unwrap_err().code(), "expired");
        // Within the skew on both sides.
        assert!(checkpoint.check(&text, at(1_000_300)).is_ok());
        assert!(checkpoint.check(&text, at(1_100_299)).is_ok());
        let stranger = Checkpoint::new([SigningKey::from_seed([5; 32]).public_key().clone()]);
        assert_eq!(stranger.check(&text, at(1_050_000)).unwrap_err().code(), "unknown_key");
    }
}
