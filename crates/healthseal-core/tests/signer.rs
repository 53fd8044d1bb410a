//! Signing through the `Signer` interface: a key held elsewhere (a stand-in for a token) signs
//! credentials, statements and lists that verify as any other; a key that cannot sign yields a
//! typed error and nothing signed.

use std::cell::Cell;

use healthseal_core::*;

/// A key "in a token": signs through the interface only, counts its calls, and can be pulled.
struct Token {
    key: SigningKey,
    present: bool,
    calls: Cell<usize>,
}

impl Signer for Token {
    fn public_key(&self) -> &PublicKey {
        self.key.public_key()
    }

    fn sign(&self, message: &[u8]) -> Result<[u8; 64], SignerError> {
        self.calls.set(self.calls.get() + 1);
        if !self.present {
            return Err(SignerError::Unavailable { reason: "token removed".into() });
        }
        Ok(self.key.sign(message))
    }
}

fn token(seed: u8, present: bool) -> Token {
    Token { key: SigningKey::from_seed([seed; 32]), present, calls: Cell::new(0) }
}

fn at() -> Timestamp {
    Timestamp::from_unix(1_795_564_800).unwrap()
}

fn credential() -> Credential {
    CredentialDraft {
        region: "CN-HA".parse().unwrap(),
        issued_at: at(),
        not_before: None,
        expires_at: Timestamp::from_unix(at().unix() + 3600).unwrap(),
        id: CredentialId::from_bytes([4; 8]),
        status: Status::Green,
        name: "Liu Yang".into(),
        birth_date: "1980".into(),
        basis: None,
    }
    .check()
    .unwrap()
}

fn list(root: &PublicKey, issuer: &PublicKey) -> TrustList {
    TrustListDraft {
        owner: "CN-HA".parse().unwrap(),
        sequence: 1,
        issued_at: at(),
        next_update: Timestamp::from_unix(at().unix() + 86_400).unwrap(),
        regions: vec![RegionEntry {
            region: "CN-HA".parse().unwrap(),
            name: "Henan".into(),
            root: root.clone(),
            statement_sequence: 1,
            keys: vec![IssuingKey::active(issuer.clone())],
            revoked: RevocationSet::default(),
            policy: Policy::accepting([Status::Green]),
        }],
        succession: Default::default(),
    }
    .check()
    .unwrap()
}

#[test]
fn a_key_held_elsewhere_signs_every_kind_of_document() {
    let (root, issuer) = (token(1, true), token(2, true));
    let text = Sealed::sign(&credential(), &issuer).unwrap().to_text();
    let bytes = list(root.public_key(), issuer.public_key()).sign(&root).unwrap();
    let statement = IssuerStatement {
        region: "CN-HA".parse().unwrap(),
        name: "Henan".into(),
        root: root.public_key().clone(),
        sequence: 1,
        issued_at: at(),
        keys: vec![IssuingKey::active(issuer.public_key().clone())],
        revoked: RevocationSet::default(),
        succession: Default::default(),
    };
    let statement_bytes = statement.sign(&root).unwrap();
    assert_eq!((issuer.calls.get(), root.calls.get()), (1, 2), "one signature per document");

    let opened = TrustList::open(&bytes, root.public_key()).unwrap();
    assert!(matches!(decide(&text, &opened, at(), &DecisionOptions::default()), Verdict::Accepted(_)));
    assert_eq!(*IssuerStatement::open(&statement_bytes, root.public_key()).unwrap(), statement);

    // The same documents through a trait object.
    let dynamic: &dyn Signer = &issuer;
    assert_eq!(Sealed::sign(&credential(), dynamic).unwrap().to_text(), text, "Ed25519 is deterministic");
}

#[test]
fn a_key_that_cannot_sign_yields_a_typed_error_and_nothing_signed() {
    let (root, pulled) = (token(1, true), token(2, false));
    let unavailable = SignerError::Unavailable { reason: "token removed".into() };
    assert_eq!(Sealed::sign(&credential(), &pulled), Err(SignError::Signer(unavailable.clone())));
    let pulled_root = token(1, false);
    let refused = list(root.public_key(), pulled.public_key()).sign(&pulled_root).unwrap_err();
    assert_eq!(refused, TrustDocError::Signer(unavailable));
    assert_eq!(refused.code(), "trust_signer_failed");
}
