//! The human-edited source of a province's trust documents (TOML), and its compilation into an
//! issuer statement or a trust list.
//!
//! A trust office keeps one source file per province. Commands edit it (add a key, recognise a
//! province, revoke) and rewrite it whole; people read it in review, and may edit it by hand. It
//! holds only public keys and decisions, never a secret.

use std::time::Duration;

use healthseal_core::{
    CredentialId, IssuerStatement, IssuingKey, KeyStatus, Policy, PublicKey, Region, RegionEntry,
    RevocationSet, Status, StatusSet, Timestamp, TrustListDraft, Verified,
};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustSource {
    /// The province's region code.
    pub region: String,
    /// Its name, for people.
    pub name: String,
    /// Its root public key, hex of the 32 raw bytes.
    pub root: String,
    /// Sequence of the last trust list signed from this source.
    #[serde(default)]
    pub list_sequence: u64,
    /// Sequence of the last issuer statement signed from this source.
    #[serde(default)]
    pub statement_sequence: u64,
    /// Credential ids this province revoked (16 hex digits each).
    #[serde(default)]
    pub revoked: Vec<String>,
    /// Terms for this province's own credentials at its own checkpoints.
    pub policy: PolicySource,
    /// This province's issuing keys.
    #[serde(default)]
    pub keys: Vec<KeySource>,
    /// Provinces recognised, from their signed statements.
    #[serde(default)]
    pub recognized: Vec<RecognizedSource>,
}

/// Acceptance terms as written in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySource {
    /// Statuses accepted: `green`, `yellow`, `red`.
    pub accept: Vec<String>,
    /// Longest time since issue accepted, e.g. `48h`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<String>,
    /// Longest validity accepted, e.g. `7d`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_validity: Option<String>,
    /// Agreement start, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Agreement end, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// An issuing key as written in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySource {
    /// Key id, for people (checked against the key).
    pub kid: String,
    /// Public key, hex of the 32 raw bytes.
    pub public_key: String,
    /// `active`, `retired` or `compromised`.
    pub status: String,
    /// Earliest issue time the key may sign, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<String>,
    /// Latest issue time the key may sign, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_after: Option<String>,
    /// For a compromised key: from when, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compromised_since: Option<String>,
}

/// A recognised province, as taken from its statement, with this province's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecognizedSource {
    /// Region code.
    pub region: String,
    /// Name.
    pub name: String,
    /// Its root public key, hex (the key its statement was checked against).
    pub root: String,
    /// Sequence of the statement the keys and revocations come from.
    pub statement_sequence: u64,
    /// When that statement was signed, RFC 3339.
    pub statement_issued_at: String,
    /// Credential ids it revoked.
    #[serde(default)]
    pub revoked: Vec<String>,
    /// This province's terms for its credentials.
    pub policy: PolicySource,
    /// Its issuing keys.
    #[serde(default)]
    pub keys: Vec<KeySource>,
}

/// A source file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SourceError {
    /// Not valid TOML for a trust source.
    #[error("{0}")]
    Toml(String),
    /// A field with a bad value.
    #[error("{at}: {problem}")]
    Field {
        /// Where, e.g. `recognized[CN-ZJ].policy.max_age`.
        at: String,
        /// What is wrong.
        problem: String,
    },
    /// An operation that cannot apply.
    #[error("{0}")]
    Refused(String),
}

fn field(at: impl Into<String>, problem: impl Into<String>) -> SourceError {
    SourceError::Field { at: at.into(), problem: problem.into() }
}

const HEADER: &str = "\
# healthseal trust source. Review it like code: it decides which credentials this province's
# checkpoints accept. `healthseal trust sign` compiles it into the signed trust list, and
# `healthseal trust statement` into the statement other provinces recognise this one by.
# Commands rewrite this file; comments other than this header are not kept.
";

/// Reads a duration written like `48h` or `7d`.
pub fn parse_duration(text: &str, at: &str) -> Result<Duration, SourceError> {
    match humantime::parse_duration(text) {
        Ok(d) if d.as_secs() > 0 => Ok(d),
        _ => Err(field(at, format!("{text:?} is not a duration such as 48h or 7d"))),
    }
}

/// Writes a duration the way people write it (`48h`, `7d`).
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        s if s % 86_400 == 0 && s >= 7 * 86_400 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

fn time(text: &str, at: &str) -> Result<Timestamp, SourceError> {
    Timestamp::parse_rfc3339(text).map_err(|_| field(at, format!("{text:?} is not an RFC 3339 time")))
}

fn key_hex(key: &PublicKey) -> String {
    hex::encode(key.as_bytes())
}

fn public_key(text: &str, at: &str) -> Result<PublicKey, SourceError> {
    hex::decode(text)
        .ok()
        .and_then(|b| PublicKey::from_bytes(&b).ok())
        .ok_or_else(|| field(at, "is not a valid Ed25519 public key in hex (64 digits)"))
}

fn region(text: &str, at: &str) -> Result<Region, SourceError> {
    text.parse().map_err(|_| field(at, format!("{text:?} is not a region code such as CN-ZJ")))
}

fn ids(list: &[String], at: &str) -> Result<RevocationSet, SourceError> {
    let ids = list
        .iter()
        .map(|s| {
            s.parse::<CredentialId>()
                .map_err(|_| field(at, format!("{s:?} is not a credential id (16 hex digits)")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RevocationSet::from_ids(ids))
}

impl PolicySource {
    /// The source form of a policy.
    pub fn from_policy(p: &Policy) -> Self {
        Self {
            accept: p.accept.iter().map(|s| s.name().to_owned()).collect(),
            max_age: p.max_age.map(format_duration),
            max_validity: p.max_validity.map(format_duration),
            from: p.from.map(|t| t.to_string()),
            until: p.until.map(|t| t.to_string()),
        }
    }

    /// The policy, checked.
    pub fn to_policy(&self, at: &str) -> Result<Policy, SourceError> {
        let accept = self
            .accept
            .iter()
            .map(|s| s.parse::<Status>().map_err(|e| field(format!("{at}.accept"), e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        if accept.is_empty() {
            return Err(field(format!("{at}.accept"), "accepts no status at all"));
        }
        let policy = Policy {
            accept: StatusSet::of(accept),
            max_age: self
                .max_age
                .as_deref()
                .map(|d| parse_duration(d, &format!("{at}.max_age")))
                .transpose()?,
            max_validity: self
                .max_validity
                .as_deref()
                .map(|d| parse_duration(d, &format!("{at}.max_validity")))
                .transpose()?,
            from: self.from.as_deref().map(|t| time(t, &format!("{at}.from"))).transpose()?,
            until: self.until.as_deref().map(|t| time(t, &format!("{at}.until"))).transpose()?,
        };
        if let (Some(a), Some(b)) = (policy.from, policy.until) {
            if a >= b {
                return Err(field(at, "the agreement ends before it starts"));
            }
        }
        Ok(policy)
    }
}

impl KeySource {
    /// The source form of an issuing key.
    pub fn from_key(k: &IssuingKey) -> Self {
        Self {
            kid: k.key.kid().to_string(),
            public_key: key_hex(&k.key),
            status: k.status.name().to_owned(),
            not_before: k.not_before.map(|t| t.to_string()),
            not_after: k.not_after.map(|t| t.to_string()),
            compromised_since: k.compromised_since().map(|t| t.to_string()),
        }
    }

    /// The issuing key, checked (including that `kid` matches the key).
    pub fn to_key(&self, at: &str) -> Result<IssuingKey, SourceError> {
        let key = public_key(&self.public_key, &format!("{at}.public_key"))?;
        if key.kid().to_string() != self.kid.to_ascii_lowercase() {
            return Err(field(
                format!("{at}.kid"),
                format!("is {}, but the key's kid is {}", self.kid, key.kid()),
            ));
        }
        let since = self
            .compromised_since
            .as_deref()
            .map(|t| time(t, &format!("{at}.compromised_since")))
            .transpose()?;
        let status = match (self.status.as_str(), since) {
            ("active", None) => KeyStatus::Active,
            ("retired", None) => KeyStatus::Retired,
            ("compromised", Some(t)) => KeyStatus::CompromisedSince(t),
            ("compromised", None) => return Err(field(at, "is compromised but has no compromised_since")),
            ("active" | "retired", Some(_)) => {
                return Err(field(at, "has compromised_since but is not compromised"))
            }
            (other, _) => {
                return Err(field(
                    format!("{at}.status"),
                    format!("{other:?} is not active, retired or compromised"),
                ))
            }
        };
        let not_before =
            self.not_before.as_deref().map(|t| time(t, &format!("{at}.not_before"))).transpose()?;
        let not_after = self.not_after.as_deref().map(|t| time(t, &format!("{at}.not_after"))).transpose()?;
        if let (Some(a), Some(b)) = (not_before, not_after) {
            if a > b {
                return Err(field(at, "not_before is after not_after"));
            }
        }
        Ok(IssuingKey { key, not_before, not_after, status })
    }
}

impl TrustSource {
    /// A new source for a province, accepting its own green credentials.
    pub fn new(region: &Region, name: &str, root: &PublicKey) -> Self {
        Self {
            region: region.to_string(),
            name: name.to_owned(),
            root: key_hex(root),
            list_sequence: 0,
            statement_sequence: 0,
            revoked: Vec::new(),
            policy: PolicySource::from_policy(&Policy::accepting([Status::Green])),
            keys: Vec::new(),
            recognized: Vec::new(),
        }
    }

    /// Reads and checks a source file.
    pub fn parse(text: &str) -> Result<Self, SourceError> {
        let source: Self = toml::from_str(text).map_err(|e| SourceError::Toml(e.to_string()))?;
        source.own_entry()?;
        for r in &source.recognized {
            source.recognized_entry(r)?;
        }
        Ok(source)
    }

    /// The file text.
    pub fn to_toml(&self) -> Result<String, SourceError> {
        let body = toml::to_string_pretty(self).map_err(|e| SourceError::Toml(e.to_string()))?;
        Ok(format!("{HEADER}\n{body}"))
    }

    /// The province's region.
    pub fn region(&self) -> Result<Region, SourceError> {
        region(&self.region, "region")
    }

    /// The province's root key.
    pub fn root(&self) -> Result<PublicKey, SourceError> {
        public_key(&self.root, "root")
    }

    fn keys(list: &[KeySource], at: &str) -> Result<Vec<IssuingKey>, SourceError> {
        list.iter().enumerate().map(|(i, k)| k.to_key(&format!("{at}[{i}]"))).collect()
    }

    /// This province's own entry, as its own checkpoints use it.
    pub fn own_entry(&self) -> Result<RegionEntry, SourceError> {
        Ok(RegionEntry {
            region: self.region()?,
            name: self.name.clone(),
            root: self.root()?,
            statement_sequence: self.statement_sequence,
            keys: Self::keys(&self.keys, "keys")?,
            revoked: ids(&self.revoked, "revoked")?,
            policy: self.policy.to_policy("policy")?,
        })
    }

    fn recognized_entry(&self, r: &RecognizedSource) -> Result<RegionEntry, SourceError> {
        let at = format!("recognized[{}]", r.region);
        let code = region(&r.region, &format!("{at}.region"))?;
        if code.as_str() == self.region {
            return Err(field(at, "is this province itself; its own terms are under [policy]"));
        }
        time(&r.statement_issued_at, &format!("{at}.statement_issued_at"))?;
        Ok(RegionEntry {
            region: code,
            name: r.name.clone(),
            root: public_key(&r.root, &format!("{at}.root"))?,
            statement_sequence: r.statement_sequence,
            keys: Self::keys(&r.keys, &format!("{at}.keys"))?,
            revoked: ids(&r.revoked, &format!("{at}.revoked"))?,
            policy: r.policy.to_policy(&format!("{at}.policy"))?,
        })
    }

    /// The statement this province publishes about itself, as the next sequence number.
    pub fn statement(&mut self, issued_at: Timestamp) -> Result<IssuerStatement, SourceError> {
        let own = self.own_entry()?;
        self.statement_sequence += 1;
        Ok(IssuerStatement {
            region: own.region,
            name: own.name,
            root: own.root,
            sequence: self.statement_sequence,
            issued_at,
            keys: own.keys,
            revoked: own.revoked,
        })
    }

    /// The trust list for this province's checkpoints, as the next sequence number.
    pub fn trust_list(
        &mut self,
        issued_at: Timestamp,
        next_update: Timestamp,
    ) -> Result<TrustListDraft, SourceError> {
        let mut regions = vec![self.own_entry()?];
        for r in &self.recognized {
            regions.push(self.recognized_entry(r)?);
        }
        self.list_sequence += 1;
        Ok(TrustListDraft {
            owner: self.region()?,
            sequence: self.list_sequence,
            issued_at,
            next_update,
            regions,
        })
    }

    /// Adds an issuing key of this province.
    pub fn add_key(&mut self, key: IssuingKey) -> Result<(), SourceError> {
        let hex = key_hex(&key.key);
        if self.keys.iter().any(|k| k.public_key == hex) {
            return Err(SourceError::Refused(format!("key {} is already listed", key.key.kid())));
        }
        self.keys.push(KeySource::from_key(&key));
        Ok(())
    }

    fn own_key(&mut self, kid: &str) -> Result<&mut KeySource, SourceError> {
        let kid = kid.to_ascii_lowercase();
        self.keys
            .iter_mut()
            .find(|k| k.kid == kid)
            .ok_or_else(|| SourceError::Refused(format!("no issuing key with kid {kid} in this source")))
    }

    /// Marks an own issuing key compromised since `since`.
    pub fn compromise(&mut self, kid: &str, since: Timestamp) -> Result<(), SourceError> {
        let key = self.own_key(kid)?;
        key.status = "compromised".into();
        key.compromised_since = Some(since.to_string());
        Ok(())
    }

    /// Retires an own issuing key: it signs nothing issued after `at`.
    pub fn retire(&mut self, kid: &str, at: Timestamp) -> Result<(), SourceError> {
        let key = self.own_key(kid)?;
        if key.status == "compromised" {
            return Err(SourceError::Refused("the key is compromised; retiring it would hide that".into()));
        }
        key.status = "retired".into();
        key.not_after = Some(at.to_string());
        Ok(())
    }

    /// Revokes a credential of this province.
    pub fn revoke(&mut self, id: CredentialId) -> bool {
        let id = id.to_string();
        if self.revoked.contains(&id) {
            return false;
        }
        self.revoked.push(id);
        self.revoked.sort();
        true
    }

    /// Recognises another province from its verified statement, on `policy` (`None`: keep the
    /// terms already set for it). A newer statement replaces the keys and revocations taken
    /// before; an older one is refused.
    pub fn recognize(
        &mut self,
        statement: &Verified<IssuerStatement>,
        policy: Option<&Policy>,
    ) -> Result<(), SourceError> {
        if statement.region.as_str() == self.region {
            return Err(SourceError::Refused(
                "a province does not recognise itself; set its terms with `trust policy`".into(),
            ));
        }
        let existing_policy =
            self.recognized.iter().find(|r| r.region == statement.region.as_str()).map(|r| r.policy.clone());
        let policy = match (policy, existing_policy) {
            (Some(p), _) => PolicySource::from_policy(p),
            (None, Some(p)) => p,
            (None, None) => {
                return Err(SourceError::Refused(format!(
                    "{} is not recognised yet: give its terms",
                    statement.region
                )))
            }
        };
        let entry = RecognizedSource {
            region: statement.region.to_string(),
            name: statement.name.clone(),
            root: key_hex(&statement.root),
            statement_sequence: statement.sequence,
            statement_issued_at: statement.issued_at.to_string(),
            revoked: statement.revoked.iter().map(|id| id.to_string()).collect(),
            policy,
            keys: statement.keys.iter().map(KeySource::from_key).collect(),
        };
        match self.recognized.iter_mut().find(|r| r.region == entry.region) {
            Some(existing) => {
                if existing.root != entry.root {
                    return Err(SourceError::Refused(format!(
                        "{} is recognised under another root key; remove it first if its root really changed",
                        entry.region
                    )));
                }
                if existing.statement_sequence > entry.statement_sequence {
                    return Err(SourceError::Refused(format!(
                        "statement #{} of {} is older than #{} already taken",
                        entry.statement_sequence, entry.region, existing.statement_sequence
                    )));
                }
                *existing = entry;
            }
            None => {
                self.recognized.push(entry);
                self.recognized.sort_by(|a, b| a.region.cmp(&b.region));
            }
        }
        Ok(())
    }

    /// Sets the terms for a region: this province's own, or a recognised one's.
    pub fn set_policy(&mut self, region_code: &str, policy: &Policy) -> Result<(), SourceError> {
        let source = PolicySource::from_policy(policy);
        if region_code == self.region {
            self.policy = source;
            return Ok(());
        }
        let r =
            self.recognized.iter_mut().find(|r| r.region == region_code).ok_or_else(|| {
                SourceError::Refused(format!("{region_code} is not recognised in this source"))
            })?;
        r.policy = source;
        Ok(())
    }

    /// Stops recognising a region.
    pub fn unrecognize(&mut self, region_code: &str) -> Result<(), SourceError> {
        let before = self.recognized.len();
        self.recognized.retain(|r| r.region != region_code);
        if self.recognized.len() == before {
            return Err(SourceError::Refused(format!("{region_code} is not recognised in this source")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use healthseal_core::SigningKey;

    fn source() -> TrustSource {
        let root = SigningKey::from_seed([1; 32]);
        let mut s = TrustSource::new(&"CN-HA".parse().unwrap(), "Henan", root.public_key());
        s.add_key(IssuingKey::active(SigningKey::from_seed([2; 32]).public_key().clone())).unwrap();
        s.revoke(CredentialId::from_bytes([3; 8]));
        s
    }

    #[test]
    fn survives_a_round_trip_through_its_text() {
        let s = source();
        let text = s.to_toml().unwrap();
        assert!(text.starts_with("# healthseal trust source"));
        assert_eq!(TrustSource::parse(&text).unwrap(), s);
    }

    #[test]
    fn reports_where_a_hand_edit_went_wrong() {
        let text = source().to_toml().unwrap();
        let bad = text.replace("status = \"active\"", "status = \"sleeping\"");
        assert_eq!(
            TrustSource::parse(&bad).unwrap_err().to_string(),
            "keys[0].status: \"sleeping\" is not active, retired or compromised"
        );
        let bad = text.replace("accept = [\"green\"]", "accept = [\"blue\"]");
        assert!(TrustSource::parse(&bad)
            .unwrap_err()
            .to_string()
            .starts_with("policy.accept: unknown status \"blue\""));
        let bad = text.replace("region = \"CN-HA\"", "region = \"Henan\"");
        assert!(TrustSource::parse(&bad).is_err());
        let unknown = format!("{text}\ncolour = \"red\"\n");
        assert!(matches!(TrustSource::parse(&unknown), Err(SourceError::Toml(_))));
    }

    #[test]
    fn sequences_increase_with_every_document() {
        let mut s = source();
        let t = Timestamp::from_unix(1_795_564_800).unwrap();
        assert_eq!(s.statement(t).unwrap().sequence, 1);
        assert_eq!(s.statement(t).unwrap().sequence, 2);
        let later = Timestamp::from_unix(t.unix() + 86_400).unwrap();
        assert_eq!(s.trust_list(t, later).unwrap().sequence, 1);
        assert_eq!(s.trust_list(t, later).unwrap().sequence, 2);
    }
}
