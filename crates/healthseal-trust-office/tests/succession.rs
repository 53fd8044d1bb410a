//! Root succession in the trust office: a province replaces its root, its statements and lists
//! carry the record, and a province that recognises it follows the record to the new root.

use healthseal_core::{
    IssuerStatement, IssuingKey, Policy, Region, SigningKey, Status, Succession, Timestamp, TrustDocError,
    TrustList,
};
use healthseal_trust_office::{FieldProblem, SourceError, TrustSource};

fn key(seed: u8) -> SigningKey {
    SigningKey::from_seed([seed; 32])
}

fn t(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

fn zhejiang() -> Region {
    "CN-ZJ".parse().unwrap()
}

/// Zhejiang on its first root, with one issuing key.
fn zj() -> TrustSource {
    let mut source = TrustSource::new(&zhejiang(), "Zhejiang", key(1).public_key());
    source.add_key(IssuingKey::active(key(10).public_key().clone())).unwrap();
    source
}

/// Henan, recognising Zhejiang from `statement` opened under Zhejiang's first root.
fn henan_recognizing(statement: &[u8]) -> TrustSource {
    let mut henan = TrustSource::new(&"CN-HA".parse().unwrap(), "Henan", key(20).public_key());
    let opened = IssuerStatement::open(statement, key(1).public_key()).unwrap();
    henan.recognize(&opened, Some(&Policy::accepting([Status::Green]))).unwrap();
    henan
}

#[test]
fn a_rotated_province_signs_with_the_new_root_and_carries_the_record() {
    let mut zj = zj();
    let step = zj.next_succession(key(2).public_key(), t("2026-12-01T00:00:00Z")).sign(&key(1)).unwrap();
    zj.rotate_root(step).unwrap();
    assert_eq!(zj.root(), key(2).public_key());

    let list = zj.trust_list(t("2026-12-01T01:00:00Z"), t("2026-12-02T01:00:00Z")).check().unwrap();
    assert_eq!(list.succession().number(), 1);
    assert_eq!(
        list.sign(&key(1)).unwrap_err(),
        TrustDocError::RootMismatch { named: key(2).public_key().kid(), signer: key(1).public_key().kid() }
    );
    // A checkpoint pinned to the first root opens it, signed by the second.
    let opened = TrustList::open(&list.sign(&key(2)).unwrap(), key(1).public_key()).unwrap();
    assert_eq!(opened.kid(), key(2).public_key().kid());

    // The source keeps the record through its file, and refuses an edited one.
    let text = zj.to_toml().unwrap();
    assert!(text.contains("[[succession]]"), "{text}");
    assert_eq!(TrustSource::parse(&text).unwrap(), zj);
    let new_hex = hex(key(2).public_key().as_bytes());
    let edited = text.replacen(
        &format!("new_root = \"{new_hex}\""),
        &format!("new_root = \"{}\"", hex(key(3).public_key().as_bytes())),
        1,
    );
    assert_ne!(edited, text);
    assert_eq!(
        TrustSource::parse(&edited),
        Err(SourceError::Field {
            at: "succession[0].new_root".into(),
            problem: FieldProblem::SuccessionDiffers
        })
    );
    // The same values spelt otherwise are the same values.
    let upper = format!("new_root = \"{}\"", new_hex.to_uppercase());
    let spelt = text.replacen(&format!("new_root = \"{new_hex}\""), &upper, 1);
    assert_ne!(spelt, text);
    assert_eq!(TrustSource::parse(&spelt).unwrap(), zj);
    let back = text.replacen(
        &format!("root = \"{new_hex}\""),
        &format!("root = \"{}\"", hex(key(1).public_key().as_bytes())),
        1,
    );
    assert_eq!(
        TrustSource::parse(&back),
        Err(SourceError::Field { at: "root".into(), problem: FieldProblem::NotTheSuccessor })
    );
}

#[test]
fn rotations_that_would_not_hold_are_refused_and_change_nothing() {
    let zj = zj();
    let at = t("2026-12-01T00:00:00Z");
    let refused = |step| {
        let mut copy = zj.clone();
        let error = copy.rotate_root(step).unwrap_err();
        assert_eq!(copy, zj, "a refused rotation leaves the source as it was");
        error
    };
    // Signed by a root that is not the source's.
    let stranger = zj.next_succession(key(2).public_key(), at);
    let stranger = healthseal_core::RootSuccession { old_root: key(5).public_key().clone(), ..stranger }
        .sign(&key(5))
        .unwrap();
    assert_eq!(
        refused(stranger),
        SourceError::SuccessionNotFromRoot {
            signer: key(5).public_key().kid(),
            root: key(1).public_key().kid()
        }
    );
    // Another region's record.
    let other = healthseal_core::RootSuccession {
        region: "CN-HA".parse().unwrap(),
        ..zj.next_succession(key(2).public_key(), at)
    };
    assert_eq!(
        refused(other.sign(&key(1)).unwrap()),
        SourceError::SuccessionOfAnotherRegion { region: "CN-HA".parse().unwrap() }
    );
    // Out of turn.
    let skipped =
        healthseal_core::RootSuccession { number: 2, ..zj.next_succession(key(2).public_key(), at) };
    assert!(matches!(
        refused(skipped.sign(&key(1)).unwrap()),
        SourceError::Succession(TrustDocError::Invalid { .. })
    ));
    // To one of the province's issuing keys.
    assert_eq!(
        refused(zj.next_succession(key(10).public_key(), at).sign(&key(1)).unwrap()),
        SourceError::NewRootIsIssuingKey { kid: key(10).public_key().kid(), region: zhejiang() }
    );
    // Back to a root the province left.
    let mut moved = zj.clone();
    moved.rotate_root(zj.next_succession(key(2).public_key(), at).sign(&key(1)).unwrap()).unwrap();
    let back = moved.next_succession(key(1).public_key(), at).sign(&key(2)).unwrap();
    assert_eq!(
        moved.rotate_root(back),
        Err(SourceError::Succession(TrustDocError::SuccessionLoop { kid: key(1).public_key().kid() }))
    );
}

#[test]
fn a_recognising_province_follows_the_record_and_then_refuses_the_old_root() {
    let mut zj = zj();
    let first = zj.statement(t("2026-11-30T00:00:00Z")).sign(&key(1)).unwrap();
    let mut henan = henan_recognizing(&first);

    zj.rotate_root(zj.next_succession(key(2).public_key(), t("2026-12-01T00:00:00Z")).sign(&key(1)).unwrap())
        .unwrap();
    let second = zj.statement(t("2026-12-01T01:00:00Z")).sign(&key(2)).unwrap();
    // Henan opens it against the root it recorded, and follows the record.
    let recorded = henan.recognized_region(&zhejiang()).unwrap().statement().root.clone();
    let opened = IssuerStatement::open(&second, &recorded).unwrap();
    henan.recognize(&opened, None).unwrap();
    let now = henan.recognized_region(&zhejiang()).unwrap();
    assert_eq!(now.statement().root, *key(2).public_key());
    assert_eq!(now.statement().sequence, 2);
    assert_eq!(TrustSource::parse(&henan.to_toml().unwrap()).unwrap(), henan, "the source file keeps it");

    // From then on, a statement of the old root (whoever holds it now) is refused...
    let mut stale = zj.statement(t("2026-12-02T00:00:00Z"));
    stale.root = key(1).public_key().clone();
    stale.succession = Succession::default();
    let by_old_root = stale.sign(&key(1)).unwrap();
    let root = &henan.recognized_region(&zhejiang()).unwrap().statement().root;
    assert_eq!(
        IssuerStatement::open(&by_old_root, root),
        Err(TrustDocError::NotSignedByRoot {
            expected: key(2).public_key().kid(),
            found: key(1).public_key().kid()
        })
    );
    // ... and so is a second succession the old root signs to another key.
    let mut forked = zj.statement(t("2026-12-02T00:00:00Z"));
    let thief = key(66);
    let step = healthseal_core::RootSuccession {
        region: zhejiang(),
        number: 1,
        old_root: key(1).public_key().clone(),
        new_root: thief.public_key().clone(),
        issued_at: t("2026-12-02T00:00:00Z"),
    };
    forked.succession = Succession::default().then(step.sign(&key(1)).unwrap()).unwrap();
    forked.root = thief.public_key().clone();
    assert_eq!(
        IssuerStatement::open(&forked.sign(&thief).unwrap(), root),
        Err(TrustDocError::SuccessionNotFromRoot { root: key(2).public_key().kid() })
    );
}

#[test]
fn a_different_root_without_a_record_from_the_recorded_one_is_still_a_root_change() {
    let zj = zj();
    let first = zj.clone().statement(t("2026-11-30T00:00:00Z")).sign(&key(1)).unwrap();
    let mut henan = henan_recognizing(&first);
    // Zhejiang "re-keyed" without a succession: a statement under a new root, checked against
    // that root (as if it were given by phone).
    let rekeyed =
        TrustSource::new(&zhejiang(), "Zhejiang", key(3).public_key()).statement(t("2026-12-01T00:00:00Z"));
    let opened = IssuerStatement::open(&rekeyed.sign(&key(3)).unwrap(), key(3).public_key()).unwrap();
    assert_eq!(henan.recognize(&opened, None), Err(SourceError::RootChanged { region: zhejiang() }));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_record_of_a_province_no_longer_recognised_holds_across_its_succession() {
    let mut zj = zj();
    let first = zj.statement(t("2026-11-29T00:00:00Z")).sign(&key(1)).unwrap();
    let mut early_copy = zj.clone();
    let second = zj.statement(t("2026-11-30T00:00:00Z")).sign(&key(1)).unwrap();
    let mut henan = henan_recognizing(&first);
    let opened = IssuerStatement::open(&second, key(1).public_key()).unwrap();
    henan.recognize(&opened, None).unwrap();
    henan.unrecognize(&zhejiang()).unwrap();

    // A copy of Zhejiang's source from before statement #2 rotates and signs another #2 under
    // the new root: recognising it again is refused against the record kept under the old root.
    let at = t("2026-12-01T00:00:00Z");
    early_copy
        .rotate_root(early_copy.next_succession(key(2).public_key(), at).sign(&key(1)).unwrap())
        .unwrap();
    early_copy.revoke(healthseal_core::CredentialId::from_bytes([7; 8]));
    let other_second = early_copy.statement(at).sign(&key(2)).unwrap();
    let opened = IssuerStatement::open(&other_second, key(1).public_key()).unwrap();
    assert_eq!(opened.sequence, 2);
    assert_eq!(
        henan.recognize(&opened, Some(&Policy::accepting([Status::Green]))),
        Err(SourceError::SequenceReused {
            region: zhejiang(),
            sequence: 2,
            record: healthseal_trust_office::Record::FormerlyRecognized
        })
    );
}

/// Review finding: after following a succession, removing the province and recognising it
/// again from an old statement of the replaced root must not roll it back to that root.
#[test]
fn a_replaced_root_is_never_taken_again_even_after_unrecognize() {
    let mut zj = zj();
    let first = zj.statement(t("2026-11-30T00:00:00Z")).sign(&key(1)).unwrap();
    let mut henan = henan_recognizing(&first);
    let step = zj.next_succession(key(2).public_key(), t("2026-12-01T00:00:00Z")).sign(&key(1)).unwrap();
    zj.rotate_root(step).unwrap();
    let second = zj.statement(t("2026-12-01T01:00:00Z")).sign(&key(2)).unwrap();
    henan.recognize(&IssuerStatement::open(&second, key(1).public_key()).unwrap(), None).unwrap();
    let replaced = henan.formerly_recognized().iter().find(|f| f.root() == key(1).public_key()).unwrap();
    assert!(replaced.replaced());
    assert_eq!(replaced.statement_sequence(), 1);

    henan.unrecognize(&zhejiang()).unwrap();
    let henan = TrustSource::parse(&henan.to_toml().unwrap()).unwrap();
    let terms = Policy::accepting([Status::Green]);
    let old = IssuerStatement::open(&first, key(1).public_key()).unwrap();
    assert_eq!(
        henan.clone().recognize(&old, Some(&terms)),
        Err(SourceError::RootReplaced { region: zhejiang(), root: key(1).public_key().kid() })
    );
    // The new root's statement is taken again as before.
    let new = IssuerStatement::open(&second, key(2).public_key()).unwrap();
    henan.clone().recognize(&new, Some(&terms)).unwrap();
}
