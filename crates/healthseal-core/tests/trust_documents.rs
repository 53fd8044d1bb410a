//! Trust lists and issuer statements: round trips, forgery, tampering, type confusion.

use healthseal_core::*;
use healthseal_test_support::clock::t;
use healthseal_test_support::world::{key, Cred, World};

fn statement(w: &World) -> IssuerStatement {
    IssuerStatement {
        region: "CN-ZJ".parse().unwrap(),
        name: "Zhejiang".into(),
        root: w.zj_root.public_key().clone(),
        sequence: 4,
        issued_at: t(0),
        keys: vec![
            IssuingKey::active(w.zj_issuer.public_key().clone()),
            IssuingKey {
                status: KeyStatus::CompromisedSince(t(-3600)),
                site: None,
                ..IssuingKey::active(w.zj_stolen.public_key().clone())
            },
        ],
        revoked: RevocationSet::from_ids((0..1000u64).map(|i| CredentialId::from_bytes(i.to_be_bytes()))),
        succession: Default::default(),
    }
}

#[test]
fn a_statement_round_trips_under_its_root() {
    let w = World::new();
    let s = statement(&w);
    let bytes = s.sign(&w.zj_root).unwrap();
    let opened = IssuerStatement::open(&bytes, w.zj_root.public_key()).unwrap();
    assert_eq!(*opened, s);
    assert_eq!(opened.kid(), w.zj_root.public_key().kid());
    let (unverified, kid) = IssuerStatement::read_unverified(&bytes).unwrap();
    assert_eq!((unverified, kid), (s, w.zj_root.public_key().kid()));
}

#[test]
fn a_statement_digest_tells_apart_two_statements_with_one_sequence_number() {
    // A trust office records it to refuse a different statement under a sequence already taken.
    use sha2::Digest;
    let w = World::new();
    let s = statement(&w);
    let bytes = s.sign(&w.zj_root).unwrap();
    // It is the SHA-256 of exactly the payload the root signed.
    let ciborium::Value::Tag(18, cose) = ciborium::from_reader(&bytes[..]).unwrap() else {
        panic!("not COSE")
    };
    let ciborium::Value::Array(parts) = *cose else { panic!("not COSE_Sign1") };
    let payload = parts[2].as_bytes().unwrap();
    assert_eq!(s.digest(), <[u8; 32]>::from(sha2::Sha256::digest(payload)));
    assert_eq!(IssuerStatement::open(&bytes, w.zj_root.public_key()).unwrap().digest(), s.digest());
    // The same number, one revocation fewer: another statement.
    let other = IssuerStatement { revoked: RevocationSet::default(), ..s.clone() };
    assert_eq!(other.sequence, s.sequence);
    assert_ne!(other.digest(), s.digest());
}

#[test]
fn a_statement_must_be_signed_by_the_root_it_names() {
    let w = World::new();
    assert!(matches!(statement(&w).sign(&w.ha_root), Err(TrustDocError::RootMismatch { .. })));
    // Signed by Zhejiang's root but checked against Henan's: another province's document.
    let bytes = statement(&w).sign(&w.zj_root).unwrap();
    assert_eq!(
        IssuerStatement::open(&bytes, w.ha_root.public_key()).unwrap_err(),
        TrustDocError::NotSignedByRoot {
            expected: w.ha_root.public_key().kid(),
            found: w.zj_root.public_key().kid()
        }
    );
}

#[test]
fn a_trust_list_round_trips_and_indexes_its_keys() {
    let w = World::new();
    let list = w.list(|_| {});
    assert_eq!(list.owner().as_str(), "CN-HA");
    assert_eq!(list.regions().len(), 2);
    assert_eq!(list.region("CN-ZJ").unwrap().keys.len(), 3);
    assert!(list.region("CN-SH").is_none());
    let (entry, key) = list.candidates(w.zj_stolen.public_key().kid()).next().unwrap();
    assert_eq!(entry.region.as_str(), "CN-ZJ");
    assert_eq!(key.status, KeyStatus::CompromisedSince(t(-3600)));
    assert!(list.region("CN-ZJ").unwrap().revoked.contains(CredentialId::from_bytes([0xee; 8])));
}

#[test]
fn a_forged_list_is_refused() {
    let w = World::new();
    let draft = w.draft().check().unwrap();
    // Signed by another province's root.
    let other = draft.sign(&w.zj_root).unwrap();
    assert!(matches!(
        TrustList::open(&other, w.ha_root.public_key()),
        Err(TrustDocError::NotSignedByRoot { .. })
    ));
    // Signed by an attacker who copies the Henan root's kid into the header.
    let attacker = key("attacker");
    let mut forged = draft.sign(&attacker).unwrap();
    let (a, h) = (attacker.public_key().kid(), w.ha_root.public_key().kid());
    let at = forged.windows(8).position(|win| win == a.as_bytes()).unwrap();
    forged[at..at + 8].copy_from_slice(h.as_bytes());
    assert_eq!(TrustList::open(&forged, w.ha_root.public_key()).unwrap_err(), TrustDocError::BadSignature);
}

#[test]
fn every_bit_flip_of_a_signed_list_is_refused() {
    let w = World::new();
    let bytes = w.draft().check().unwrap().sign(&w.ha_root).unwrap();
    assert!(TrustList::open(&bytes, w.ha_root.public_key()).is_ok());
    for i in 0..bytes.len() * 8 {
        let mut damaged = bytes.clone();
        damaged[i / 8] ^= 1 << (i % 8);
        assert!(TrustList::open(&damaged, w.ha_root.public_key()).is_err(), "bit {i} flipped was accepted");
    }
    for len in 0..bytes.len() {
        assert!(TrustList::open(&bytes[..len], w.ha_root.public_key()).is_err(), "cut at {len} was accepted");
    }
}

#[test]
fn documents_cannot_stand_in_for_one_another() {
    let w = World::new();
    let list = w.draft().check().unwrap().sign(&w.ha_root).unwrap();
    let stmt = IssuerStatement {
        root: w.ha_root.public_key().clone(),
        region: "CN-HA".parse().unwrap(),
        ..statement(&w)
    }
    .sign(&w.ha_root)
    .unwrap();
    let code = |e: TrustDocError| e.code();
    assert_eq!(
        code(TrustList::open(&stmt, w.ha_root.public_key()).unwrap_err()),
        "header_wrong_content_type"
    );
    assert_eq!(
        code(IssuerStatement::open(&list, w.ha_root.public_key()).unwrap_err()),
        "header_wrong_content_type"
    );
    assert_eq!(Sealed::from_cose_bytes(&list).unwrap_err().code(), "header_wrong_content_type");
    let credential = decode_text(&Cred::default().signed_by(&w.zj_issuer)).unwrap();
    assert_eq!(
        code(TrustList::open(&credential, w.ha_root.public_key()).unwrap_err()),
        "header_wrong_content_type"
    );
}

#[test]
fn list_rules_are_enforced_when_building() {
    let w = World::new();
    let mut twice = w.draft();
    twice.regions.push(twice.regions[0].clone());
    assert!(matches!(twice.check(), Err(TrustDocError::Invalid { problem: "appears twice", .. })));
    let mut empty_policy = w.draft();
    empty_policy.regions[0].policy.accept = StatusSet::default();
    assert!(empty_policy.check().is_err());
    let mut backwards = w.draft();
    backwards.next_update = backwards.issued_at;
    assert!(backwards.check().is_err());
    let mut duplicate_key = w.draft();
    let k = duplicate_key.regions[0].keys[0].clone();
    duplicate_key.regions[0].keys.push(k);
    assert!(duplicate_key.check().is_err());
    let mut bad_name = w.draft();
    bad_name.regions[0].name = "He\u{202e}nan".into();
    assert!(bad_name.check().is_err());
}
