//! The issuer statement: what a province publishes about itself, signed by its root key.

use ciborium::Value;

use super::signed::{self, Kind};
use super::succession;
use super::wire::{self, Fields};
use super::{IssuingKey, RevocationSet, Succession, TrustDocError};
use crate::{Kid, PublicKey, Region, Signer, Timestamp, Verified};

/// Content type (COSE header 3) of an issuer statement.
pub const STATEMENT_CONTENT_TYPE: &str = "application/vnd.healthseal.statement+cbor";

/// The payload key of the province's root succession.
const SUCCESSION_KEY: i64 = 8;

pub(super) const KIND: Kind = Kind {
    name: "issuer statement",
    content_type: STATEMENT_CONTENT_TYPE,
    succession: Some((SUCCESSION_KEY, "statement.succession")),
};

/// A province's statement about itself: its root key, its issuing keys and their status, and the
/// credentials it has revoked. Other provinces read it to recognise this one.
///
/// ```
/// use healthseal_core::{IssuerStatement, IssuingKey, RevocationSet, SigningKey, Timestamp};
/// let root = SigningKey::from_seed([1; 32]);
/// let issuer = SigningKey::from_seed([2; 32]);
/// let statement = IssuerStatement {
///     region: "CN-ZJ".parse().unwrap(),
///     name: "Zhejiang".into(),
///     root: root.public_key().clone(),
///     sequence: 1,
///     issued_at: Timestamp::from_unix(1_795_564_800).unwrap(),
///     keys: vec![IssuingKey::active(issuer.public_key().clone())],
///     revoked: RevocationSet::default(),
///     succession: Default::default(),
/// };
/// let bytes = statement.sign(&root).unwrap();
/// let opened = IssuerStatement::open(&bytes, root.public_key()).unwrap();
/// assert_eq!(*opened, statement);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerStatement {
    /// The province's region code.
    pub region: Region,
    /// Its name, for people.
    pub name: String,
    /// Its root public key (which signs this statement).
    pub root: PublicKey,
    /// Increases with every statement the province publishes.
    pub sequence: u64,
    /// When it was signed.
    pub issued_at: Timestamp,
    /// Its issuing keys.
    pub keys: Vec<IssuingKey>,
    /// Credentials it has revoked.
    pub revoked: RevocationSet,
    /// Its root succession since its first root (empty if it never replaced its root): a
    /// province that recorded any of its roots follows it to `root`.
    pub succession: Succession,
}

impl IssuerStatement {
    /// Signs the statement with the province's root key (which must be `self.root`).
    pub fn sign(&self, root: &(impl Signer + ?Sized)) -> Result<Vec<u8>, TrustDocError> {
        if root.public_key() != &self.root {
            return Err(TrustDocError::RootMismatch {
                named: self.root.kid(),
                signer: root.public_key().kid(),
            });
        }
        self.check()?;
        signed::sign(&self.to_value(), KIND, root)
    }

    /// Opens a statement: structure, signature, content. The signature must hold under `root`
    /// (the root recorded for the province), or under the root its root succession leads to
    /// from `root`; the statement must name that signing root as the province's root.
    pub fn open(bytes: &[u8], root: &PublicKey) -> Result<Verified<Self>, TrustDocError> {
        let (value, _, signer, chain) = succession::open_following(bytes, KIND.name, &[KIND], root)?;
        Self::signed_by(Self::from_value_with(value, Some(chain))?, &signer)
    }

    /// A statement whose signature held under `root`, checked to name `root` as its province's
    /// root.
    pub(super) fn signed_by(statement: Self, root: &PublicKey) -> Result<Verified<Self>, TrustDocError> {
        if &statement.root != root {
            return Err(TrustDocError::RootMismatch { named: statement.root.kid(), signer: root.kid() });
        }
        Ok(Verified::new(statement, root.kid()))
    }

    /// Reads a statement WITHOUT checking its signature (for display); also returns the kid of
    /// the key that claims to have signed it.
    pub fn read_unverified(bytes: &[u8]) -> Result<(Self, Kid), TrustDocError> {
        let (value, kid) = signed::open_unverified(bytes, KIND)?;
        Ok((Self::from_value(value)?, kid))
    }

    /// SHA-256 of the statement's content: its payload in deterministic CBOR, exactly the bytes
    /// the root signed as payload. Two statements with the same content have the same digest
    /// however they were delivered; two different statements under one sequence number (a root
    /// that signed twice) have different digests.
    ///
    /// ```
    /// # use healthseal_core::{IssuerStatement, RevocationSet, SigningKey, Timestamp, CredentialId};
    /// # let root = SigningKey::from_seed([1; 32]);
    /// # let statement = IssuerStatement { region: "CN-ZJ".parse().unwrap(), name: "Zhejiang".into(),
    /// #     root: root.public_key().clone(), sequence: 1, issued_at: Timestamp::from_unix(1_795_564_800).unwrap(),
    /// #     keys: vec![], revoked: RevocationSet::default(), succession: Default::default() };
    /// let opened = IssuerStatement::open(&statement.sign(&root).unwrap(), root.public_key()).unwrap();
    /// assert_eq!(opened.digest(), statement.digest());
    /// let other = IssuerStatement { revoked: RevocationSet::from_ids([CredentialId::from_bytes([9; 8])]), ..statement.clone() };
    /// assert_ne!(other.digest(), statement.digest());
    /// ```
    pub fn digest(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        Sha256::digest(crate::cbor::encode(&self.to_value())).into()
    }

    fn to_value(&self) -> Value {
        wire::map([
            (1, Some(Value::Text(self.region.to_string()))),
            (2, Some(Value::Text(self.name.clone()))),
            (3, Some(Value::Bytes(self.root.as_bytes().to_vec()))),
            (4, Some(Value::from(self.sequence))),
            (5, Some(wire::time_value(self.issued_at))),
            (6, Some(Value::Array(self.keys.iter().map(IssuingKey::to_value).collect()))),
            (7, Some(Value::Bytes(self.revoked.as_bytes().to_vec()))),
            (SUCCESSION_KEY, self.succession.to_value()),
        ])
    }

    pub(super) fn from_value(value: Value) -> Result<Self, TrustDocError> {
        Self::from_value_with(value, None)
    }

    /// The statement from its payload; its root succession already read from it when `chain` is
    /// given.
    pub(super) fn from_value_with(value: Value, chain: Option<Succession>) -> Result<Self, TrustDocError> {
        let mut f = Fields::new(value, "statement")?;
        let region = wire::region(f.req(1, "region")?)?;
        let name = wire::display_text(f.req(2, "name")?)?;
        let root = wire::public_key(f.req(3, "root")?)?;
        let sequence = wire::uint(f.req(4, "sequence")?)?;
        let issued_at = wire::time(f.req(5, "issued_at")?)?;
        let (items, keys_at) = wire::array(f.req(6, "keys")?)?;
        let keys = items
            .into_iter()
            .enumerate()
            .map(|(i, v)| IssuingKey::from_value(v, &format!("{keys_at}[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let revoked_field = f.req(7, "revoked")?;
        let revoked_at = revoked_field.1.clone();
        let revoked = RevocationSet::from_sorted_bytes(wire::bytes(revoked_field)?)
            .map_err(|problem| TrustDocError::invalid(revoked_at, problem))?;
        let field = f.opt(SUCCESSION_KEY, "succession");
        let succession = match chain {
            Some(chain) => chain,
            None => Succession::from_field(field, &region)?,
        };
        f.finish()?;
        let statement = Self { region, name, root, sequence, issued_at, keys, revoked, succession };
        statement.check()?;
        Ok(statement)
    }

    fn check(&self) -> Result<(), TrustDocError> {
        self.succession.check_region(&self.region, "statement.succession")?;
        if let Some(current) = self.succession.current().filter(|c| **c != self.root) {
            return Err(TrustDocError::RootMismatch { named: self.root.kid(), signer: current.kid() });
        }
        wire::check_display_text(&self.name).map_err(|p| TrustDocError::invalid("statement.name", p))?;
        super::list::check_keys(&self.keys, "statement.keys")
    }
}
