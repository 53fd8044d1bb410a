//! Why a trust source cannot be read, written or changed: one variant per fact, so that callers
//! (and tests) match on what went wrong, never on the wording.

use std::fmt;

use healthseal_core::{DurationTextError, Kid, Region, StatusError, Timestamp, TrustDocError};
use thiserror::Error;

/// A trust source that cannot be read, or an edit it refuses.
///
/// ```
/// use healthseal_core::{IssuingKey, SigningKey};
/// use healthseal_trust_office::{SourceError, TrustSource};
///
/// let root = SigningKey::from_seed([1; 32]);
/// let mut source = TrustSource::new(&"CN-HA".parse()?, "Henan", root.public_key());
/// let key = IssuingKey::active(SigningKey::from_seed([2; 32]).public_key().clone());
/// source.add_key(key.clone())?;
/// assert_eq!(source.add_key(key.clone()), Err(SourceError::AlreadyListed { kid: key.key.kid() }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SourceError {
    /// Not TOML, or not shaped like a trust source (a field missing, unknown, or of the wrong type).
    #[error("TOML parse error{}: {message}", .position.map(|p| format!(" at {p}")).unwrap_or_default())]
    Toml {
        /// Where in the text, when the TOML reader says.
        position: Option<Position>,
        /// What is wrong, on one line.
        message: String,
    },
    /// The source cannot be written as TOML.
    #[error("cannot write the trust source: {message}")]
    Unwritable {
        /// What the TOML writer said.
        message: String,
    },
    /// A field with a value that is not allowed.
    #[error("{at}: {problem}")]
    Field {
        /// Where, as a path such as `recognized[CN-ZJ].policy.max_age`.
        at: String,
        /// What is wrong.
        problem: FieldProblem,
    },
    /// An issuing key added twice.
    #[error("key {kid} is already listed")]
    AlreadyListed {
        /// The key's kid.
        kid: Kid,
    },
    /// An issuing key added for this province that a recognised province lists.
    #[error("key {kid} is already listed for {region}: one issuing key signs for one region")]
    KeyInAnotherRegion {
        /// The key's kid.
        kid: Kid,
        /// The region it is listed for.
        region: Region,
    },
    /// A statement listing an issuing key that another region (this province or a recognised
    /// one) lists: a key under two regions would survive its own region's compromise.
    #[error(
        "{statement}'s statement lists issuing key {kid}, which is already listed for {region}: one \
         issuing key signs for one region (a key under two regions would survive its own region's \
         compromise); ask {statement} which key is really theirs"
    )]
    StatementKeyInAnotherRegion {
        /// The region whose statement it is.
        statement: Region,
        /// The key's kid.
        kid: Kid,
        /// The region it is already listed for.
        region: Region,
    },
    /// No issuing key of this province has the kid.
    #[error("no issuing key with kid {kid} in this source")]
    UnknownKey {
        /// The kid asked for.
        kid: Kid,
    },
    /// A compromise time later than the one recorded: it would let through again what the key
    /// signed in between.
    #[error(
        "key {kid} is already marked compromised since {recorded}; a later time ({given}) would let \
         through again what it signed in between (only an earlier time is taken)"
    )]
    CompromiseLater {
        /// The key's kid.
        kid: Kid,
        /// The compromise time recorded.
        recorded: Timestamp,
        /// The later time given.
        given: Timestamp,
    },
    /// Retiring a compromised key, which would hide the compromise.
    #[error("the key is compromised; retiring it would hide that")]
    RetiringCompromised {
        /// The key's kid.
        kid: Kid,
    },
    /// Retiring a key before its window opens, which would leave it nothing to sign.
    #[error(
        "key {kid} may sign only from {not_before}; retiring it at {not_after} would leave it nothing \
         to sign"
    )]
    RetiringBeforeStart {
        /// The key's kid.
        kid: Kid,
        /// The start of its window.
        not_before: Timestamp,
        /// The end the retirement would give it.
        not_after: Timestamp,
    },
    /// A province's own statement given to recognise.
    #[error("a province does not recognise itself; set its terms with `trust policy`")]
    RecognizingItself {
        /// The province.
        region: Region,
    },
    /// A province recognised for the first time without terms.
    #[error("{region} is not recognised yet: give its terms")]
    TermsNeeded {
        /// The province.
        region: Region,
    },
    /// A recognised province's statement signed by another root.
    #[error(
        "{region} is recognised under another root key, and its statement carries no root succession \
         from that key; remove it first if its root really changed"
    )]
    RootChanged {
        /// The province.
        region: Region,
    },
    /// A statement of a root the province replaced by root succession.
    #[error("{region} replaced its root {root} by root succession; statements of that root are refused")]
    RootReplaced {
        /// The province.
        region: Region,
        /// Kid of the replaced root.
        root: Kid,
    },
    /// A statement older than the one recorded for its province.
    #[error("statement #{sequence} of {region} is older than #{recorded} {record}")]
    Older {
        /// The province.
        region: Region,
        /// The sequence of the statement given.
        sequence: u64,
        /// The sequence recorded.
        recorded: u64,
        /// Which record it was compared with.
        record: Record,
    },
    /// A statement with the recorded sequence number but other content: the province's root
    /// signed two different statements under one number.
    #[error(
        "statement #{sequence} of {region} differs from the #{sequence} {record}: its root signed two \
         different statements with one sequence number"
    )]
    SequenceReused {
        /// The province.
        region: Region,
        /// The sequence number of both statements.
        sequence: u64,
        /// Which record it was compared with.
        record: Record,
    },
    /// A root succession of another region given to this province's source.
    #[error("the root succession is {region}'s, not this province's")]
    SuccessionOfAnotherRegion {
        /// Its region.
        region: Region,
    },
    /// A root succession signed by another root than the source's current root.
    #[error("the root succession is signed by root {signer}, not by this province's current root {root}")]
    SuccessionNotFromRoot {
        /// Kid of the root that signed it.
        signer: Kid,
        /// Kid of the source's root.
        root: Kid,
    },
    /// A root succession that does not follow on from the province's chain.
    #[error("the root succession does not follow on from this province's: {0}")]
    Succession(TrustDocError),
    /// A new root that is an issuing key listed in the source.
    #[error("the new root {kid} is an issuing key of {region}: a root key signs lists and statements only")]
    NewRootIsIssuingKey {
        /// Its kid.
        kid: Kid,
        /// The region that lists it.
        region: Region,
    },
    /// A region that is neither this province nor a recognised one.
    #[error("{region} is not recognised in this source")]
    NotRecognized {
        /// The region.
        region: Region,
    },
}

/// Which record of a province's last statement a new statement was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// The statement the province is recognised from.
    Recognized,
    /// The last statement taken before the province stopped being recognised.
    FormerlyRecognized,
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Recognized => "already taken",
            Self::FormerlyRecognized => "taken before it was unrecognised",
        })
    }
}

/// A place in a text: line and column, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number.
    pub line: usize,
    /// Column number.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// What is wrong with the value of one field.
///
/// ```
/// use healthseal_core::SigningKey;
/// use healthseal_trust_office::{FieldProblem, SourceError, TrustSource};
///
/// let source = TrustSource::new(&"CN-HA".parse()?, "Henan", SigningKey::from_seed([1; 32]).public_key());
/// let text = source.to_toml()?.replace("region = \"CN-HA\"", "region = \"Henan\"");
/// let error = TrustSource::parse(&text).unwrap_err();
/// assert_eq!(
///     error,
///     SourceError::Field { at: "region".into(), problem: FieldProblem::NotARegion { text: "Henan".into() } }
/// );
/// assert_eq!(error.to_string(), "region: \"Henan\" is not a region code such as CN-ZJ");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FieldProblem {
    /// Not a region code.
    #[error("{text:?} is not a region code such as CN-ZJ")]
    NotARegion {
        /// The value.
        text: String,
    },
    /// Not an Ed25519 public key in hex.
    #[error("is not a valid Ed25519 public key in hex (64 digits)")]
    NotAPublicKey,
    /// Not an RFC 3339 time.
    #[error("{text:?} is not an RFC 3339 time")]
    NotATime {
        /// The value.
        text: String,
    },
    /// Not a duration.
    #[error("{text:?} is not a duration: {error}")]
    NotADuration {
        /// The value.
        text: String,
        /// Why not.
        error: DurationTextError,
    },
    /// Not a credential id.
    #[error("{text:?} is not a credential id (16 hex digits)")]
    NotACredentialId {
        /// The value.
        text: String,
    },
    /// Not a SHA-256 digest in lowercase hex.
    #[error("{text:?} is not a SHA-256 digest (64 lowercase hex digits)")]
    NotADigest {
        /// The value.
        text: String,
    },
    /// Not a credential status.
    #[error("{0}")]
    NotAStatus(StatusError),
    /// Terms accepting no status.
    #[error("accepts no status at all")]
    AcceptsNothing,
    /// Terms whose agreement ends before it starts.
    #[error("the agreement ends before it starts")]
    EndsBeforeStart,
    /// A kid that is not the key's.
    #[error("is {written}, but the key's kid is {actual}")]
    WrongKid {
        /// The kid as written.
        written: String,
        /// The key's kid.
        actual: Kid,
    },
    /// A key status other than `active`, `retired` or `compromised`.
    #[error("{text:?} is not active, retired or compromised")]
    NotAKeyStatus {
        /// The value.
        text: String,
    },
    /// A compromised key without the time of its compromise.
    #[error("is compromised but has no compromised_since")]
    CompromisedWithoutSince,
    /// A compromise time on a key that is not compromised.
    #[error("has compromised_since but is not compromised")]
    SinceWithoutCompromise,
    /// A key window that closes before it opens.
    #[error("not_before is after not_after")]
    WindowReversed,
    /// A site label that breaks the rule of trust-document text.
    #[error("is not a site label: 1-100 characters, no surrounding spaces or invisible characters")]
    BadSite,
    /// A retired key without the end of its window, which the checkpoint enforces.
    #[error(
        "is retired but has no not_after; give the last issue time it may sign (`healthseal trust \
         retire` sets it)"
    )]
    RetiredWithoutEnd,
    /// This province listed among the recognised ones.
    #[error("is this province itself; its own terms are under [policy]")]
    OwnRegion,
    /// Not hexadecimal.
    #[error("is not hexadecimal")]
    NotHex,
    /// A root succession record that cannot be taken.
    #[error("{0}")]
    BadSuccession(TrustDocError),
    /// A field written beside a succession record differs from the signed record.
    #[error("differs from the signed record (`signed`) of the same succession")]
    SuccessionDiffers,
    /// A succession record of another region than the source's.
    #[error("is another region's root succession")]
    SuccessionOfAnotherRegion,
    /// The source's root is not the root the last succession names.
    #[error("is not the root named by the last [[succession]]")]
    NotTheSuccessor,
    /// A region and root recorded twice under `formerly_recognized`.
    #[error("repeats a region and root listed before")]
    Repeated,
}

/// A [`SourceError::Field`].
pub(crate) fn field(at: impl Into<String>, problem: FieldProblem) -> SourceError {
    SourceError::Field { at: at.into(), problem }
}
