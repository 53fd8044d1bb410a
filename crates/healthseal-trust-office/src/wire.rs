//! The source file as TOML: plain strings and numbers that people read in review and may edit by
//! hand, and their conversion both ways to the typed model, with a path in every error.
//!
//! Reading checks every field, in file order, and reports the first problem with where it is
//! (`recognized[CN-ZJ].keys[0].status`). Writing gives the canonical form: lower-case hex, UTC
//! times, durations in their largest whole unit (`48h`, `7d`), ids in order.

use std::time::Duration;

use healthseal_core::{
    format_duration, parse_duration, CredentialId, IssuerStatement, IssuingKey, KeyStatus, Policy, PublicKey,
    Region, RevocationSet, Status, StatusSet, Timestamp,
};
use serde::{Deserialize, Serialize};

use crate::error::{field, FieldProblem, Position, SourceError};
use crate::source::{FormerlyRecognized, Recognized, TrustSource};
use crate::wire_succession::{self, WireSuccession};

/// The comment every written source starts with.
const HEADER: &str = "\
# healthseal trust source. Review it like code: it decides which credentials this province's
# checkpoints accept. `healthseal trust sign` compiles it into the signed trust list, and
# `healthseal trust statement` into the statement other provinces recognise this one by.
# Commands rewrite this file; comments other than this header are not kept.
";

/// The whole file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireSource {
    region: String,
    name: String,
    root: String,
    #[serde(default)]
    list_sequence: u64,
    #[serde(default)]
    statement_sequence: u64,
    #[serde(default)]
    revoked: Vec<String>,
    /// The province's root successions, oldest first (`trust rotate-root`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    succession: Vec<WireSuccession>,
    policy: WirePolicy,
    #[serde(default)]
    keys: Vec<WireKey>,
    #[serde(default)]
    recognized: Vec<WireRecognized>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    formerly_recognized: Vec<WireFormer>,
}

/// `[policy]` and `[recognized.policy]`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WirePolicy {
    accept: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_age: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_validity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    until: Option<String>,
}

/// `[[keys]]` and `[[recognized.keys]]`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireKey {
    kid: String,
    public_key: String,
    status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not_before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not_after: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    compromised_since: Option<String>,
    /// The issuing site the key belongs to, for people and audits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    site: Option<String>,
}

/// `[[recognized]]`: a province's statement as taken, and this province's terms for it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireRecognized {
    region: String,
    name: String,
    root: String,
    statement_sequence: u64,
    statement_issued_at: String,
    /// Absent in sources written before digests were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    statement_sha256: Option<String>,
    #[serde(default)]
    revoked: Vec<String>,
    policy: WirePolicy,
    #[serde(default)]
    keys: Vec<WireKey>,
}

/// `[[formerly_recognized]]`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireFormer {
    region: String,
    root: String,
    statement_sequence: u64,
    statement_sha256: String,
    /// The province replaced this root by root succession: it is never taken again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    replaced: bool,
}

/// Reads and checks a source file.
/// The source's text form lives here, with the wire types, so that the model (`source.rs`)
/// knows nothing of TOML.
impl TrustSource {
    /// Reads and checks a source file; an error names the field, or the line and column.
    pub fn parse(text: &str) -> Result<Self, SourceError> {
        parse(text)
    }

    /// The file text: a header comment, then the TOML.
    pub fn to_toml(&self) -> Result<String, SourceError> {
        write(self)
    }
}

pub(crate) fn parse(text: &str) -> Result<TrustSource, SourceError> {
    let wire: WireSource = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    wire.into_model()
}

/// The file text of a source.
pub(crate) fn write(source: &TrustSource) -> Result<String, SourceError> {
    let body = toml::to_string_pretty(&WireSource::from_model(source))
        .map_err(|e| SourceError::Unwritable { message: e.to_string() })?;
    Ok(format!("{HEADER}\n{body}"))
}

/// Terms as they would read back from the file: whole seconds, checked (`at` is where they go).
pub(crate) fn settle_policy(policy: &Policy, at: &str) -> Result<Policy, SourceError> {
    WirePolicy::from_policy(policy).into_policy(at)
}

/// A TOML error as one line, where it is and what is wrong: toml's own `Display` draws the
/// offending line with a caret under it, over several lines, and errors are one line here.
fn toml_error(text: &str, e: &toml::de::Error) -> SourceError {
    let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
    let position = e.span().and_then(|span| text.get(..span.start)).map(|before| Position {
        line: before.matches('\n').count() + 1,
        column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    });
    SourceError::Toml { position, message }
}

impl WireSource {
    fn from_model(s: &TrustSource) -> Self {
        Self {
            region: s.region.to_string(),
            name: s.name.clone(),
            root: key_hex(&s.root),
            list_sequence: s.list_sequence,
            statement_sequence: s.statement_sequence,
            revoked: ids_text(&s.revoked),
            succession: WireSuccession::from_model(&s.succession),
            policy: WirePolicy::from_policy(&s.policy),
            keys: s.keys.iter().map(WireKey::from_key).collect(),
            recognized: s.recognized.iter().map(WireRecognized::from_model).collect(),
            formerly_recognized: s.formerly_recognized.iter().map(WireFormer::from_model).collect(),
        }
    }

    /// The typed source, checked in file order: this province, each recognised one, each
    /// former record.
    fn into_model(self) -> Result<TrustSource, SourceError> {
        let region = region(&self.region, "region")?;
        let root = public_key(&self.root, "root")?;
        let succession = wire_succession::chain(self.succession, &region, &root)?;
        let keys = keys(self.keys, "keys")?;
        let revoked = ids(&self.revoked, "revoked")?;
        let policy = self.policy.into_policy("policy")?;
        let recognized =
            self.recognized.into_iter().map(|r| r.into_model(&region)).collect::<Result<Vec<_>, _>>()?;
        let mut formerly_recognized: Vec<FormerlyRecognized> = Vec::new();
        for (i, f) in self.formerly_recognized.into_iter().enumerate() {
            let at = format!("formerly_recognized[{i}]");
            let former = f.into_model(&at)?;
            if formerly_recognized.iter().any(|g| g.region == former.region && g.root == former.root) {
                return Err(field(at, FieldProblem::Repeated));
            }
            formerly_recognized.push(former);
        }
        Ok(TrustSource {
            region,
            name: self.name,
            root,
            succession,
            list_sequence: self.list_sequence,
            statement_sequence: self.statement_sequence,
            revoked,
            policy,
            keys,
            recognized,
            formerly_recognized,
        })
    }
}

impl WirePolicy {
    fn from_policy(p: &Policy) -> Self {
        Self {
            accept: p.accept.iter().map(|s| s.name().to_owned()).collect(),
            max_age: p.max_age.map(format_duration),
            max_validity: p.max_validity.map(format_duration),
            from: p.from.map(|t| t.to_string()),
            until: p.until.map(|t| t.to_string()),
        }
    }

    fn into_policy(self, at: &str) -> Result<Policy, SourceError> {
        let accept_at = format!("{at}.accept");
        let accept = self
            .accept
            .iter()
            .map(|s| s.parse::<Status>().map_err(|e| field(&accept_at, FieldProblem::NotAStatus(e))))
            .collect::<Result<Vec<_>, _>>()?;
        if accept.is_empty() {
            return Err(field(accept_at, FieldProblem::AcceptsNothing));
        }
        let policy = Policy {
            accept: StatusSet::of(accept),
            max_age: self.max_age.as_deref().map(|d| duration(d, &format!("{at}.max_age"))).transpose()?,
            max_validity: self
                .max_validity
                .as_deref()
                .map(|d| duration(d, &format!("{at}.max_validity")))
                .transpose()?,
            from: self.from.as_deref().map(|t| time(t, &format!("{at}.from"))).transpose()?,
            until: self.until.as_deref().map(|t| time(t, &format!("{at}.until"))).transpose()?,
        };
        if let (Some(from), Some(until)) = (policy.from, policy.until) {
            if from >= until {
                return Err(field(at, FieldProblem::EndsBeforeStart));
            }
        }
        Ok(policy)
    }
}

impl WireKey {
    fn from_key(k: &IssuingKey) -> Self {
        Self {
            kid: k.key.kid().to_string(),
            public_key: key_hex(&k.key),
            status: k.status.name().to_owned(),
            not_before: k.not_before.map(|t| t.to_string()),
            not_after: k.not_after.map(|t| t.to_string()),
            compromised_since: k.compromised_since().map(|t| t.to_string()),
            site: k.site.clone(),
        }
    }

    /// The issuing key, checked (including that `kid` is the key's).
    fn into_key(self, at: &str) -> Result<IssuingKey, SourceError> {
        let key = public_key(&self.public_key, &format!("{at}.public_key"))?;
        if key.kid().to_string() != self.kid.to_ascii_lowercase() {
            return Err(field(
                format!("{at}.kid"),
                FieldProblem::WrongKid { written: self.kid, actual: key.kid() },
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
            ("compromised", None) => return Err(field(at, FieldProblem::CompromisedWithoutSince)),
            ("active" | "retired", Some(_)) => return Err(field(at, FieldProblem::SinceWithoutCompromise)),
            (_, _) => {
                return Err(field(format!("{at}.status"), FieldProblem::NotAKeyStatus { text: self.status }))
            }
        };
        let not_before =
            self.not_before.as_deref().map(|t| time(t, &format!("{at}.not_before"))).transpose()?;
        let not_after = self.not_after.as_deref().map(|t| time(t, &format!("{at}.not_after"))).transpose()?;
        if let (Some(a), Some(b)) = (not_before, not_after) {
            if a > b {
                return Err(field(at, FieldProblem::WindowReversed));
            }
        }
        if status == KeyStatus::Retired && not_after.is_none() {
            return Err(field(at, FieldProblem::RetiredWithoutEnd));
        }
        if let Some(site) = &self.site {
            if IssuingKey::check_site(site).is_err() {
                return Err(field(format!("{at}.site"), FieldProblem::BadSite));
            }
        }
        Ok(IssuingKey { key, not_before, not_after, status, site: self.site })
    }
}

impl WireRecognized {
    fn from_model(r: &Recognized) -> Self {
        let s = &r.statement;
        Self {
            region: s.region.to_string(),
            name: s.name.clone(),
            root: key_hex(&s.root),
            statement_sequence: s.sequence,
            statement_issued_at: s.issued_at.to_string(),
            statement_sha256: r.recorded_digest.map(hex::encode),
            revoked: ids_text(&s.revoked),
            policy: WirePolicy::from_policy(&r.policy),
            keys: s.keys.iter().map(WireKey::from_key).collect(),
        }
    }

    fn into_model(self, own: &Region) -> Result<Recognized, SourceError> {
        let at = format!("recognized[{}]", self.region);
        let code = region(&self.region, &format!("{at}.region"))?;
        if code == *own {
            return Err(field(at, FieldProblem::OwnRegion));
        }
        let issued_at = time(&self.statement_issued_at, &format!("{at}.statement_issued_at"))?;
        let recorded_digest = self
            .statement_sha256
            .as_deref()
            .map(|d| digest(d, &format!("{at}.statement_sha256")))
            .transpose()?;
        let statement = IssuerStatement {
            region: code,
            name: self.name,
            root: public_key(&self.root, &format!("{at}.root"))?,
            sequence: self.statement_sequence,
            issued_at,
            keys: keys(self.keys, &format!("{at}.keys"))?,
            revoked: ids(&self.revoked, &format!("{at}.revoked"))?,
            succession: Default::default(),
        };
        let policy = self.policy.into_policy(&format!("{at}.policy"))?;
        Ok(Recognized { statement, recorded_digest, policy })
    }
}

impl WireFormer {
    fn from_model(f: &FormerlyRecognized) -> Self {
        Self {
            region: f.region.to_string(),
            root: key_hex(&f.root),
            statement_sequence: f.statement_sequence,
            statement_sha256: hex::encode(f.statement_sha256),
            replaced: f.replaced,
        }
    }

    fn into_model(self, at: &str) -> Result<FormerlyRecognized, SourceError> {
        Ok(FormerlyRecognized {
            region: region(&self.region, &format!("{at}.region"))?,
            root: public_key(&self.root, &format!("{at}.root"))?,
            statement_sequence: self.statement_sequence,
            statement_sha256: digest(&self.statement_sha256, &format!("{at}.statement_sha256"))?,
            replaced: self.replaced,
        })
    }
}

fn keys(list: Vec<WireKey>, at: &str) -> Result<Vec<IssuingKey>, SourceError> {
    list.into_iter().enumerate().map(|(i, k)| k.into_key(&format!("{at}[{i}]"))).collect()
}

fn key_hex(key: &PublicKey) -> String {
    hex::encode(key.as_bytes())
}

fn ids_text(set: &RevocationSet) -> Vec<String> {
    set.iter().map(|id| id.to_string()).collect()
}

fn region(text: &str, at: &str) -> Result<Region, SourceError> {
    text.parse().map_err(|_| field(at, FieldProblem::NotARegion { text: text.to_owned() }))
}

fn public_key(text: &str, at: &str) -> Result<PublicKey, SourceError> {
    hex::decode(text)
        .ok()
        .and_then(|b| PublicKey::from_bytes(&b).ok())
        .ok_or_else(|| field(at, FieldProblem::NotAPublicKey))
}

fn time(text: &str, at: &str) -> Result<Timestamp, SourceError> {
    Timestamp::parse_rfc3339(text).map_err(|_| field(at, FieldProblem::NotATime { text: text.to_owned() }))
}

fn duration(text: &str, at: &str) -> Result<Duration, SourceError> {
    parse_duration(text)
        .map_err(|error| field(at, FieldProblem::NotADuration { text: text.to_owned(), error }))
}

fn ids(list: &[String], at: &str) -> Result<RevocationSet, SourceError> {
    let ids = list
        .iter()
        .map(|s| {
            s.parse::<CredentialId>()
                .map_err(|_| field(at, FieldProblem::NotACredentialId { text: s.clone() }))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RevocationSet::from_ids(ids))
}

fn digest(text: &str, at: &str) -> Result<[u8; 32], SourceError> {
    let lowercase_hex = text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    lowercase_hex
        .then(|| hex::decode(text).ok())
        .flatten()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .ok_or_else(|| field(at, FieldProblem::NotADigest { text: text.to_owned() }))
}
