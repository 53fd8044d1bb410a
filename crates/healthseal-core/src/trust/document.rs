//! A signed trust document of either kind, issuer statement or trust list, told apart by its
//! content type in one reading, for tools that are handed "a trust document" (`trust show`,
//! `trust verify`) and must not guess by trying one kind, then the other.

use super::signed::{self, Kind};
use super::succession;
use super::{list, statement, IssuerStatement, Succession, TrustDocError, TrustList};
use crate::{Kid, PublicKey, Verified};

/// What a trust document is called in errors when its kind is not known yet.
const EITHER: &str = "trust document";

/// The two kinds, in the order errors name them.
const KINDS: [Kind; 2] = [list::KIND, statement::KIND];

/// An issuer statement or a trust list.
///
/// ```
/// use healthseal_core::{IssuerStatement, RevocationSet, SigningKey, Timestamp, TrustDocument};
/// let root = SigningKey::from_seed([1; 32]);
/// let statement = IssuerStatement {
///     region: "CN-ZJ".parse().unwrap(),
///     name: "Zhejiang".into(),
///     root: root.public_key().clone(),
///     sequence: 1,
///     issued_at: Timestamp::from_unix(1_795_564_800).unwrap(),
///     keys: vec![],
///     revoked: RevocationSet::default(),
///     succession: Default::default(),
/// };
/// let bytes = statement.sign(&root).unwrap();
/// let (document, signer) = TrustDocument::read_unverified(&bytes).unwrap();
/// assert!(matches!(document, TrustDocument::Statement(_)));
/// assert_eq!(signer, root.public_key().kid());
/// assert!(TrustDocument::open(&bytes, root.public_key()).is_ok());
/// ```
///
/// Not `#[non_exhaustive]`: a new kind of trust document must be handled by every tool that
/// shows one, so adding one should break their `match`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustDocument {
    /// A province's trust list, for its checkpoints.
    List(TrustList),
    /// A province's statement of its own keys and revocations.
    Statement(IssuerStatement),
}

impl TrustDocument {
    /// Reads a document of either kind WITHOUT checking its signature (for display); also
    /// returns the kid of the key that claims to have signed it.
    pub fn read_unverified(bytes: &[u8]) -> Result<(Self, Kid), TrustDocError> {
        let (value, kid, kind) = signed::open_any(bytes, EITHER, &KINDS)?;
        let document = if kind.content_type == list::KIND.content_type {
            Self::List(TrustList::from_value(value)?)
        } else {
            Self::Statement(IssuerStatement::from_value(value)?)
        };
        Ok((document, kid))
    }

    /// Opens a document of either kind: size, structure, signature under `root` or under the
    /// root its root succession leads to from `root`, then content (a statement must also name
    /// the root that signed it as its province's root).
    pub fn open(bytes: &[u8], root: &PublicKey) -> Result<Verified<Self>, TrustDocError> {
        let (value, kind, signer, chain) = succession::open_following(bytes, EITHER, &KINDS, root)?;
        let document = if kind.content_type == list::KIND.content_type {
            Self::List(TrustList::from_value_with(value, Some(chain))?)
        } else {
            let statement = IssuerStatement::from_value_with(value, Some(chain))?;
            Self::Statement(IssuerStatement::signed_by(statement, &signer)?.into_inner())
        };
        Ok(Verified::new(document, signer.kid()))
    }

    /// The root succession the document carries.
    pub fn succession(&self) -> &Succession {
        match self {
            Self::List(list) => list.succession(),
            Self::Statement(statement) => &statement.succession,
        }
    }

    /// `trust list` or `issuer statement`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Self::List(_) => list::KIND.name,
            Self::Statement(_) => statement::KIND.name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        CredentialDraft, CredentialId, Policy, RegionEntry, RevocationSet, Sealed, SigningKey, Status,
        Timestamp, TrustListDraft,
    };

    fn t(offset: i64) -> Timestamp {
        Timestamp::from_unix(1_795_564_800 + offset).unwrap()
    }

    fn list(root: &SigningKey) -> Vec<u8> {
        TrustListDraft {
            owner: "CN-HA".parse().unwrap(),
            sequence: 3,
            issued_at: t(0),
            next_update: t(86_400),
            regions: vec![RegionEntry {
                region: "CN-HA".parse().unwrap(),
                name: "Henan".into(),
                root: root.public_key().clone(),
                statement_sequence: 1,
                keys: vec![],
                revoked: RevocationSet::default(),
                policy: Policy::accepting([Status::Green]),
            }],
            succession: Default::default(),
        }
        .check()
        .unwrap()
        .sign(root)
        .unwrap()
    }

    #[test]
    fn a_list_is_read_as_a_list_in_one_reading() {
        let root = SigningKey::from_seed([1; 32]);
        let bytes = list(&root);
        let (document, signer) = TrustDocument::read_unverified(&bytes).unwrap();
        assert_eq!(signer, root.public_key().kid());
        assert!(matches!(&document, TrustDocument::List(l) if l.sequence() == 3));
        assert_eq!(document.kind_name(), "trust list");
        let opened = TrustDocument::open(&bytes, root.public_key()).unwrap();
        assert_eq!(opened.kid(), root.public_key().kid());
    }

    #[test]
    fn anything_else_is_refused_with_the_reason_of_either_kind() {
        let root = SigningKey::from_seed([1; 32]);
        let other = SigningKey::from_seed([2; 32]);
        assert_eq!(
            TrustDocument::open(&list(&root), other.public_key()),
            Err(TrustDocError::NotSignedByRoot {
                expected: other.public_key().kid(),
                found: root.public_key().kid()
            })
        );
        // A credential is a signed document too, but of no trust kind: its content type says so.
        let credential = CredentialDraft {
            region: "CN-HA".parse().unwrap(),
            issued_at: t(0),
            not_before: None,
            expires_at: t(3600),
            id: CredentialId::from_bytes([1; 8]),
            status: Status::Green,
            name: "Liu Yang".into(),
            birth_date: "1980".into(),
            basis: None,
        }
        .check()
        .unwrap();
        let sealed = Sealed::sign(&credential, &root).unwrap();
        let refused = TrustDocument::read_unverified(sealed.cose_bytes()).unwrap_err();
        assert!(matches!(&refused, TrustDocError::Envelope { kind: "trust document", .. }), "{refused}");
        assert_eq!(refused.code(), "header_wrong_content_type");
    }
}
