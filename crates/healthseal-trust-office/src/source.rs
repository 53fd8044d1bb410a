//! The typed trust source: what a province's trust office decides (its keys, revocations and
//! terms, and the provinces it recognises on theirs), held as checked values.

use healthseal_core::{
    CredentialId, IssuerStatement, IssuingKey, Policy, PublicKey, Region, RevocationSet, Status, Succession,
};

/// One province's trust source, as read from its TOML file and as commands change it.
///
/// It holds only public keys and decisions, never a secret. Every value in it has been checked
/// (reading the file checks each field, edits refuse what would not hold), so compiling it into
/// a statement or a trust list needs no more parsing.
///
/// ```
/// use healthseal_core::{CredentialId, IssuingKey, SigningKey, Timestamp};
/// use healthseal_trust_office::TrustSource;
///
/// let root = SigningKey::from_seed([1; 32]);
/// let mut source = TrustSource::new(&"CN-HA".parse()?, "Henan", root.public_key());
/// source.add_key(IssuingKey::active(SigningKey::from_seed([2; 32]).public_key().clone()))?;
/// assert!(source.revoke(CredentialId::from_bytes([3; 8])));
///
/// let text = source.to_toml()?;
/// assert_eq!(TrustSource::parse(&text)?, source);
/// let statement = source.statement(Timestamp::parse_rfc3339("2026-11-25T00:00:00Z")?);
/// assert_eq!((statement.sequence, statement.keys.len(), statement.revoked.len()), (1, 1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustSource {
    pub(crate) region: Region,
    pub(crate) name: String,
    pub(crate) root: PublicKey,
    /// The province's root succession since its first root: `root` is the root it names last.
    pub(crate) succession: Succession,
    /// Sequence of the last trust list signed from this source.
    pub(crate) list_sequence: u64,
    /// Sequence of the last issuer statement signed from this source.
    pub(crate) statement_sequence: u64,
    pub(crate) revoked: RevocationSet,
    /// Terms for this province's own credentials at its own checkpoints.
    pub(crate) policy: Policy,
    pub(crate) keys: Vec<IssuingKey>,
    /// Provinces recognised, from their signed statements, in region order once edited.
    pub(crate) recognized: Vec<Recognized>,
    /// Provinces no longer recognised: the last statement taken from each (per root), so that
    /// recognising one again cannot go back to an older statement.
    pub(crate) formerly_recognized: Vec<FormerlyRecognized>,
}

/// A recognised province: its statement as taken, and this province's terms for its credentials.
///
/// ```
/// use healthseal_core::{IssuerStatement, Policy, RevocationSet, SigningKey, Status, Timestamp};
/// use healthseal_trust_office::TrustSource;
///
/// let zj_root = SigningKey::from_seed([7; 32]);
/// let statement = IssuerStatement {
///     region: "CN-ZJ".parse()?,
///     name: "Zhejiang".into(),
///     root: zj_root.public_key().clone(),
///     sequence: 4,
///     issued_at: Timestamp::parse_rfc3339("2026-11-25T00:00:00Z")?,
///     keys: vec![],
///     revoked: RevocationSet::default(),
///     succession: Default::default(),
/// };
/// let opened = IssuerStatement::open(&statement.sign(&zj_root)?, zj_root.public_key())?;
/// let mut henan = TrustSource::new(&"CN-HA".parse()?, "Henan", SigningKey::from_seed([1; 32]).public_key());
/// henan.recognize(&opened, Some(&Policy::accepting([Status::Green])))?;
///
/// let zhejiang = henan.recognized_region(&statement.region).expect("recognised");
/// assert_eq!(zhejiang.statement().sequence, 4);
/// assert!(zhejiang.policy().accept.contains(Status::Green));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognized {
    /// The statement the keys and revocations come from, checked against the province's root.
    pub(crate) statement: IssuerStatement,
    /// SHA-256 of that statement's content (see [`IssuerStatement::digest`]), so that a different
    /// statement under the same sequence number is refused. Sources written before it was
    /// recorded lack it; [`Recognized::digest`] then recomputes it from the statement.
    pub(crate) recorded_digest: Option<[u8; 32]>,
    pub(crate) policy: Policy,
}

impl Recognized {
    /// The province's region code.
    pub fn region(&self) -> &Region {
        &self.statement.region
    }

    /// The statement taken from it: its name, root, sequence, keys and revocations.
    pub fn statement(&self) -> &IssuerStatement {
        &self.statement
    }

    /// This province's terms for its credentials.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The digest of the statement taken: as recorded, or recomputed from the statement.
    pub(crate) fn digest(&self) -> [u8; 32] {
        self.recorded_digest.unwrap_or_else(|| self.statement.digest())
    }
}

/// The last statement taken from a province under one root it no longer uses here: it is no
/// longer recognised (recognising it again takes, for that region and root, only this statement
/// or a newer one), or it replaced that root by root succession (`replaced`: that root is never
/// taken again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerlyRecognized {
    pub(crate) region: Region,
    pub(crate) root: PublicKey,
    pub(crate) statement_sequence: u64,
    pub(crate) statement_sha256: [u8; 32],
    pub(crate) replaced: bool,
}

impl FormerlyRecognized {
    /// The province's region code.
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// The root key its statement was checked against.
    pub fn root(&self) -> &PublicKey {
        &self.root
    }

    /// The sequence of the last statement taken.
    pub fn statement_sequence(&self) -> u64 {
        self.statement_sequence
    }

    /// Whether the province replaced this root by root succession: no statement of it is taken
    /// again.
    pub fn replaced(&self) -> bool {
        self.replaced
    }
}

impl TrustSource {
    /// A new source for a province, accepting its own green credentials.
    pub fn new(region: &Region, name: &str, root: &PublicKey) -> Self {
        Self {
            region: region.clone(),
            name: name.to_owned(),
            root: root.clone(),
            succession: Succession::default(),
            list_sequence: 0,
            statement_sequence: 0,
            revoked: RevocationSet::default(),
            policy: Policy::accepting([Status::Green]),
            keys: Vec::new(),
            recognized: Vec::new(),
            formerly_recognized: Vec::new(),
        }
    }

    /// The province's region.
    pub fn region(&self) -> &Region {
        &self.region
    }

    /// The province's name, for people.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The province's root key: the key its statements and trust lists must be signed with (the
    /// one the last root succession named, if it replaced its first root).
    pub fn root(&self) -> &PublicKey {
        &self.root
    }

    /// The terms for this province's own credentials.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// This province's issuing keys.
    pub fn keys(&self) -> &[IssuingKey] {
        &self.keys
    }

    /// The credentials this province revoked.
    pub fn revoked(&self) -> &RevocationSet {
        &self.revoked
    }

    /// The provinces recognised.
    pub fn recognized(&self) -> &[Recognized] {
        &self.recognized
    }

    /// The recognised province with this region code, if it is recognised.
    pub fn recognized_region(&self, region: &Region) -> Option<&Recognized> {
        self.recognized.iter().find(|r| r.region() == region)
    }

    /// The records of provinces no longer recognised.
    pub fn formerly_recognized(&self) -> &[FormerlyRecognized] {
        &self.formerly_recognized
    }

    /// Sequence of the last trust list signed from this source (0: none yet).
    pub fn list_sequence(&self) -> u64 {
        self.list_sequence
    }

    /// Sequence of the last issuer statement signed from this source (0: none yet).
    pub fn statement_sequence(&self) -> u64 {
        self.statement_sequence
    }

    /// Revokes a credential of this province; `false` when it already was.
    pub fn revoke(&mut self, id: CredentialId) -> bool {
        if self.revoked.contains(id) {
            return false;
        }
        self.revoked = RevocationSet::from_ids(self.revoked.iter().chain([id]));
        true
    }
}
