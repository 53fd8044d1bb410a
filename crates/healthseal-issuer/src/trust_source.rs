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
    /// Provinces no longer recognised: the last statement taken from each (per root), so that
    /// recognising one again cannot go back to an older statement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly_recognized: Vec<FormerSource>,
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
    /// SHA-256 of that statement's content (hex; see `IssuerStatement::digest`), so that a
    /// different statement under the same sequence number is refused. Sources written before
    /// this field existed lack it; the digest is then recomputed from the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement_sha256: Option<String>,
    /// Credential ids it revoked.
    #[serde(default)]
    pub revoked: Vec<String>,
    /// This province's terms for its credentials.
    pub policy: PolicySource,
    /// Its issuing keys.
    #[serde(default)]
    pub keys: Vec<KeySource>,
}

/// The last statement taken from a province that is no longer recognised, under one root. Written
/// by `unrecognize`; `recognize` refuses, for that region and root, a statement older than this
/// one, or a different one with the same sequence number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormerSource {
    /// Region code.
    pub region: String,
    /// The root public key the statement was checked against, hex.
    pub root: String,
    /// Sequence of the last statement taken.
    pub statement_sequence: u64,
    /// SHA-256 of that statement's content, hex.
    pub statement_sha256: String,
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

/// A TOML error as one line, where it is and what is wrong: toml's own `Display` draws the
/// offending line with a caret under it, over several lines, and errors are one line here.
fn toml_error(text: &str, e: &toml::de::Error) -> SourceError {
    let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(before) = e.span().and_then(|span| text.get(..span.start)) else {
        return SourceError::Toml(format!("TOML parse error: {message}"));
    };
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    SourceError::Toml(format!("TOML parse error at line {line}, column {column}: {message}"))
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

fn sha256_hex(text: &str, at: &str) -> Result<(), SourceError> {
    if text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(field(at, format!("{text:?} is not a SHA-256 digest (64 lowercase hex digits)")))
    }
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
        if status == KeyStatus::Retired && not_after.is_none() {
            return Err(field(
                at,
                "is retired but has no not_after; give the last issue time it may sign \
                 (`healthseal trust retire` sets it)",
            ));
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
            formerly_recognized: Vec::new(),
        }
    }

    /// Reads and checks a source file.
    pub fn parse(text: &str) -> Result<Self, SourceError> {
        let source: Self = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        source.own_entry()?;
        for r in &source.recognized {
            source.recognized_entry(r)?;
        }
        for (i, f) in source.formerly_recognized.iter().enumerate() {
            let at = format!("formerly_recognized[{i}]");
            region(&f.region, &format!("{at}.region"))?;
            public_key(&f.root, &format!("{at}.root"))?;
            sha256_hex(&f.statement_sha256, &format!("{at}.statement_sha256"))?;
            if source.formerly_recognized[..i].iter().any(|g| g.region == f.region && g.root == f.root) {
                return Err(field(at, "repeats a region and root listed before"));
            }
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
        if let Some(digest) = &r.statement_sha256 {
            sha256_hex(digest, &format!("{at}.statement_sha256"))?;
        }
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

    /// The region whose keys include the key with this public key (hex), if any: this province
    /// or a recognised one.
    fn region_listing(&self, public_key_hex: &str) -> Option<String> {
        let listed =
            |keys: &[KeySource]| keys.iter().any(|k| k.public_key.eq_ignore_ascii_case(public_key_hex));
        if listed(&self.keys) {
            return Some(self.region.clone());
        }
        self.recognized.iter().find(|r| listed(&r.keys)).map(|r| r.region.clone())
    }

    /// Adds an issuing key of this province.
    pub fn add_key(&mut self, key: IssuingKey) -> Result<(), SourceError> {
        let hex = key_hex(&key.key);
        match self.region_listing(&hex) {
            Some(region) if region == self.region => {
                return Err(SourceError::Refused(format!("key {} is already listed", key.key.kid())))
            }
            Some(other) => {
                return Err(SourceError::Refused(format!(
                    "key {} is already listed for {other}: one issuing key signs for one region",
                    key.key.kid()
                )))
            }
            None => {}
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

    /// Marks an own issuing key compromised since `since`, and returns the time it was marked
    /// compromised since before, if it was. The time may only move earlier: a later one would
    /// let through again what the key signed in between, so it is refused.
    pub fn compromise(&mut self, kid: &str, since: Timestamp) -> Result<Option<Timestamp>, SourceError> {
        let key = self.own_key(kid)?;
        let at = format!("keys[{}]", key.kid);
        let before = match key.status.as_str() {
            "compromised" => {
                let text = key
                    .compromised_since
                    .as_deref()
                    .ok_or_else(|| field(&at, "is compromised but has no compromised_since"))?;
                Some(time(text, &format!("{at}.compromised_since"))?)
            }
            _ => None,
        };
        if let Some(recorded) = before.filter(|recorded| since > *recorded) {
            return Err(SourceError::Refused(format!(
                "key {} is already marked compromised since {recorded}; a later time ({since}) would let \
                 through again what it signed in between (only an earlier time is taken)",
                key.kid
            )));
        }
        key.status = "compromised".into();
        key.compromised_since = Some(since.to_string());
        Ok(before)
    }

    /// Retires an own issuing key: it signs nothing issued after `at`. Retiring only narrows the
    /// key's window: when the key already has an earlier `not_after`, that one is kept. Returns
    /// the `not_after` in effect, and whether it was the one already recorded.
    pub fn retire(&mut self, kid: &str, at: Timestamp) -> Result<(Timestamp, bool), SourceError> {
        let key = self.own_key(kid)?;
        if key.status == "compromised" {
            return Err(SourceError::Refused("the key is compromised; retiring it would hide that".into()));
        }
        let place = format!("keys[{}]", key.kid);
        let existing =
            key.not_after.as_deref().map(|t| time(t, &format!("{place}.not_after"))).transpose()?;
        let not_before =
            key.not_before.as_deref().map(|t| time(t, &format!("{place}.not_before"))).transpose()?;
        let (effective, kept) = match existing {
            Some(recorded) if recorded <= at => (recorded, true),
            _ => (at, false),
        };
        if let Some(nb) = not_before.filter(|nb| effective < *nb) {
            return Err(SourceError::Refused(format!(
                "key {} may sign only from {nb}; retiring it at {effective} would leave it nothing to sign",
                key.kid
            )));
        }
        key.status = "retired".into();
        key.not_after = Some(effective.to_string());
        Ok((effective, kept))
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
            (Some(p), _) => {
                let source = PolicySource::from_policy(p);
                source.to_policy(&format!("recognized[{}].policy", statement.region))?;
                source
            }
            (None, Some(p)) => p,
            (None, None) => {
                return Err(SourceError::Refused(format!(
                    "{} is not recognised yet: give its terms",
                    statement.region
                )))
            }
        };
        let digest = hex::encode(statement.digest());
        let entry = RecognizedSource {
            region: statement.region.to_string(),
            name: statement.name.clone(),
            root: key_hex(&statement.root),
            statement_sequence: statement.sequence,
            statement_issued_at: statement.issued_at.to_string(),
            statement_sha256: Some(digest.clone()),
            revoked: statement.revoked.iter().map(|id| id.to_string()).collect(),
            policy,
            keys: statement.keys.iter().map(KeySource::from_key).collect(),
        };
        for key in &entry.keys {
            if let Some(other) = self.region_listing(&key.public_key).filter(|r| *r != entry.region) {
                return Err(SourceError::Refused(format!(
                    "{}'s statement lists issuing key {}, which is already listed for {other}: one issuing \
                     key signs for one region (a key under two regions would survive its own region's \
                     compromise); ask {} which key is really theirs",
                    entry.region, key.kid, entry.region
                )));
            }
        }
        match self.recognized.iter().position(|r| r.region == entry.region) {
            Some(i) => {
                let existing = &self.recognized[i];
                if existing.root != entry.root {
                    return Err(SourceError::Refused(format!(
                        "{} is recognised under another root key; remove it first if its root really changed",
                        entry.region
                    )));
                }
                let recorded = recorded_digest(existing)?;
                check_not_older(&entry, existing.statement_sequence, &recorded, "already taken")?;
                self.recognized[i] = entry;
            }
            None => {
                let former = self
                    .formerly_recognized
                    .iter()
                    .position(|f| f.region == entry.region && f.root == entry.root);
                if let Some(f) = former.map(|i| &self.formerly_recognized[i]) {
                    check_not_older(
                        &entry,
                        f.statement_sequence,
                        &f.statement_sha256,
                        "taken before it was unrecognised",
                    )?;
                }
                if let Some(i) = former {
                    self.formerly_recognized.remove(i);
                }
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

    /// Changes some of the terms for a region (this province's own, or a recognised one's) and
    /// keeps the others: `edit` gets the current terms. Returns the new terms, checked.
    pub fn edit_policy(
        &mut self,
        region_code: &str,
        edit: impl FnOnce(&mut Policy),
    ) -> Result<Policy, SourceError> {
        let (slot, at) = if region_code == self.region {
            (&mut self.policy, "policy".to_owned())
        } else {
            let r = self.recognized.iter_mut().find(|r| r.region == region_code).ok_or_else(|| {
                SourceError::Refused(format!("{region_code} is not recognised in this source"))
            })?;
            (&mut r.policy, format!("recognized[{region_code}].policy"))
        };
        let mut policy = slot.to_policy(&at)?;
        edit(&mut policy);
        let source = PolicySource::from_policy(&policy);
        let policy = source.to_policy(&at)?;
        *slot = source;
        Ok(policy)
    }

    /// Stops recognising a region. The last statement taken from it is kept under
    /// `[[formerly_recognized]]`, so that recognising it again cannot take an older statement, nor
    /// a different one with the same sequence number.
    pub fn unrecognize(&mut self, region_code: &str) -> Result<(), SourceError> {
        let i =
            self.recognized.iter().position(|r| r.region == region_code).ok_or_else(|| {
                SourceError::Refused(format!("{region_code} is not recognised in this source"))
            })?;
        let digest = recorded_digest(&self.recognized[i])?;
        let gone = self.recognized.remove(i);
        let record = FormerSource {
            region: gone.region,
            root: gone.root,
            statement_sequence: gone.statement_sequence,
            statement_sha256: digest,
        };
        match self.formerly_recognized.iter_mut().find(|f| f.region == record.region && f.root == record.root)
        {
            Some(f) if f.statement_sequence > record.statement_sequence => {}
            Some(f) => *f = record,
            None => {
                self.formerly_recognized.push(record);
                self.formerly_recognized.sort_by(|a, b| (&a.region, &a.root).cmp(&(&b.region, &b.root)));
            }
        }
        Ok(())
    }
}

/// The digest of the statement a recognised entry was taken from: as recorded, or, for entries
/// written before digests were recorded, recomputed from what the entry holds (which is the
/// whole statement).
fn recorded_digest(r: &RecognizedSource) -> Result<String, SourceError> {
    if let Some(d) = &r.statement_sha256 {
        return Ok(d.clone());
    }
    let at = format!("recognized[{}]", r.region);
    let statement = IssuerStatement {
        region: region(&r.region, &format!("{at}.region"))?,
        name: r.name.clone(),
        root: public_key(&r.root, &format!("{at}.root"))?,
        sequence: r.statement_sequence,
        issued_at: time(&r.statement_issued_at, &format!("{at}.statement_issued_at"))?,
        keys: TrustSource::keys(&r.keys, &format!("{at}.keys"))?,
        revoked: ids(&r.revoked, &format!("{at}.revoked"))?,
    };
    Ok(hex::encode(statement.digest()))
}

/// Refuses a statement older than the one recorded (`sequence`, `digest`), or a different one with
/// the same sequence number.
fn check_not_older(
    entry: &RecognizedSource,
    sequence: u64,
    digest: &str,
    recorded_as: &str,
) -> Result<(), SourceError> {
    if entry.statement_sequence < sequence {
        return Err(SourceError::Refused(format!(
            "statement #{} of {} is older than #{sequence} {recorded_as}",
            entry.statement_sequence, entry.region
        )));
    }
    if entry.statement_sequence == sequence && entry.statement_sha256.as_deref() != Some(digest) {
        return Err(SourceError::Refused(format!(
            "statement #{sequence} of {} differs from the #{sequence} {recorded_as}: its root signed two \
             different statements with one sequence number",
            entry.region
        )));
    }
    Ok(())
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

    fn t(offset: i64) -> Timestamp {
        Timestamp::from_unix(1_795_564_800 + offset).unwrap()
    }

    fn own_kid() -> String {
        SigningKey::from_seed([2; 32]).public_key().kid().to_string()
    }

    /// A Zhejiang statement, signed by its root and opened with it.
    fn zj_statement(sequence: u64, revoked: &[[u8; 8]]) -> Verified<IssuerStatement> {
        let root = SigningKey::from_seed([7; 32]);
        let statement = IssuerStatement {
            region: "CN-ZJ".parse().unwrap(),
            name: "Zhejiang".into(),
            root: root.public_key().clone(),
            sequence,
            issued_at: t(sequence as i64 * 86_400),
            keys: vec![IssuingKey::active(SigningKey::from_seed([8; 32]).public_key().clone())],
            revoked: RevocationSet::from_ids(revoked.iter().map(|b| CredentialId::from_bytes(*b))),
        };
        IssuerStatement::open(&statement.sign(&root).unwrap(), root.public_key()).unwrap()
    }

    fn green() -> Policy {
        Policy::accepting([Status::Green])
    }

    fn refusal(result: Result<impl std::fmt::Debug, SourceError>) -> String {
        match result {
            Err(SourceError::Refused(text)) => text,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn compromise_cannot_move_the_compromise_time_later() {
        let mut s = source();
        assert_eq!(s.compromise(&own_kid(), t(0)).unwrap(), None);
        let text = refusal(s.compromise(&own_kid(), t(3600)));
        assert!(text.contains("already marked compromised since 2026-11-25T00:00:00Z"), "{text}");
        assert_eq!(s.keys[0].compromised_since.as_deref(), Some("2026-11-25T00:00:00Z"), "unchanged");
        // The same time again changes nothing; an earlier one strengthens and is taken.
        assert_eq!(s.compromise(&own_kid(), t(0)).unwrap(), Some(t(0)));
        assert_eq!(s.compromise(&own_kid(), t(-3600)).unwrap(), Some(t(0)));
        assert_eq!(s.own_entry().unwrap().keys[0].compromised_since(), Some(t(-3600)));
    }

    #[test]
    fn retire_never_widens_the_window_of_a_key() {
        let mut s = source();
        assert_eq!(s.retire(&own_kid(), t(86_400)).unwrap(), (t(86_400), false));
        // Retiring again later keeps the earlier not_after; earlier narrows.
        assert_eq!(s.retire(&own_kid(), t(10 * 86_400)).unwrap(), (t(86_400), true));
        assert_eq!(s.own_entry().unwrap().keys[0].not_after, Some(t(86_400)));
        assert_eq!(s.retire(&own_kid(), t(3600)).unwrap(), (t(3600), false));
        assert_eq!(s.own_entry().unwrap().keys[0].not_after, Some(t(3600)));
        // A not_after set when the key was added is kept the same way.
        let mut s = source();
        s.keys[0].not_after = Some(t(0).to_string());
        assert_eq!(s.retire(&own_kid(), t(86_400)).unwrap(), (t(0), true));
        // Retiring before the key's not_before would leave it nothing to sign: refused.
        let mut s = source();
        s.keys[0].not_before = Some(t(0).to_string());
        assert!(refusal(s.retire(&own_kid(), t(-1))).contains("nothing to sign"));
        assert_eq!(s.keys[0].status, "active");
    }

    #[test]
    fn a_different_statement_with_the_recorded_sequence_is_refused() {
        let mut s = source();
        s.recognize(&zj_statement(2, &[]), Some(&green())).unwrap();
        // The same statement again is fine (and keeps the terms).
        s.recognize(&zj_statement(2, &[]), None).unwrap();
        // Another statement numbered 2, without the revocation: the root signed twice.
        let mut other = source();
        other.recognize(&zj_statement(2, &[[5; 8]]), Some(&green())).unwrap();
        let text = refusal(other.recognize(&zj_statement(2, &[]), None));
        assert!(text.contains("statement #2 of CN-ZJ differs from the #2 already taken"), "{text}");
        assert_eq!(other.recognized[0].revoked, ["0505050505050505"], "the revocation stays");
        other.recognize(&zj_statement(3, &[[5; 8]]), None).unwrap();
    }

    #[test]
    fn unrecognize_then_recognize_still_refuses_an_older_statement() {
        let mut s = source();
        s.recognize(&zj_statement(3, &[[5; 8]]), Some(&green())).unwrap();
        s.unrecognize("CN-ZJ").unwrap();
        assert!(s.recognized.is_empty());
        assert_eq!(s.formerly_recognized.len(), 1);
        assert_eq!(s.formerly_recognized[0].statement_sequence, 3);
        // The record survives the file.
        let mut s = TrustSource::parse(&s.to_toml().unwrap()).unwrap();
        let text = refusal(s.recognize(&zj_statement(2, &[]), Some(&green())));
        assert!(text.contains("older than #3 taken before it was unrecognised"), "{text}");
        let text = refusal(s.recognize(&zj_statement(3, &[]), Some(&green())));
        assert!(text.contains("differs from the #3"), "{text}");
        assert!(s.recognized.is_empty());
        // The same statement, or a newer one, is taken; the record then lives in the entry again.
        s.recognize(&zj_statement(3, &[[5; 8]]), Some(&green())).unwrap();
        assert!(s.formerly_recognized.is_empty());
        assert_eq!(s.recognized[0].statement_sequence, 3);
    }

    #[test]
    fn an_entry_written_without_a_digest_is_checked_against_its_own_content() {
        let mut s = source();
        s.recognize(&zj_statement(2, &[[5; 8]]), Some(&green())).unwrap();
        s.recognized[0].statement_sha256 = None;
        let mut legacy = TrustSource::parse(&s.to_toml().unwrap()).unwrap();
        assert!(refusal(legacy.clone().recognize(&zj_statement(2, &[]), None)).contains("differs"));
        legacy.recognize(&zj_statement(2, &[[5; 8]]), None).unwrap();
        assert!(legacy.recognized[0].statement_sha256.is_some());
    }

    #[test]
    fn edit_policy_keeps_the_terms_not_changed() {
        let mut s = source();
        s.edit_policy("CN-HA", |p| {
            p.max_age = Some(Duration::from_secs(72 * 3600));
            p.max_validity = Some(Duration::from_secs(7 * 86_400));
        })
        .unwrap();
        let policy =
            s.edit_policy("CN-HA", |p| p.accept = StatusSet::of([Status::Green, Status::Yellow])).unwrap();
        assert_eq!(policy.max_age, Some(Duration::from_secs(72 * 3600)));
        assert_eq!(policy.max_validity, Some(Duration::from_secs(7 * 86_400)));
        assert_eq!(s.policy.max_validity.as_deref(), Some("7d"));
        // Terms that do not hold together are refused and leave the source as it was.
        let before = s.clone();
        let err = s.edit_policy("CN-HA", |p| {
            p.from = Some(t(10));
            p.until = Some(t(0));
        });
        assert!(err.unwrap_err().to_string().contains("ends before it starts"));
        assert_eq!(s, before);
        assert!(refusal(s.edit_policy("CN-SH", |_| {})).contains("not recognised"));
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
