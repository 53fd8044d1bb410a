//! Edits of a trust source: each refusal is matched by its variant and the facts it carries,
//! and leaves the source as it was.

use std::time::Duration;

use healthseal_core::{
    CredentialId, IssuerStatement, IssuingKey, Kid, Policy, Region, RevocationSet, SigningKey, Status,
    StatusSet, Timestamp, Verified,
};
use healthseal_trust_office::{FieldProblem, Record, SourceError, TrustSource};

fn henan() -> Region {
    "CN-HA".parse().unwrap()
}

fn zhejiang() -> Region {
    "CN-ZJ".parse().unwrap()
}

fn own_key() -> IssuingKey {
    IssuingKey::active(SigningKey::from_seed([2; 32]).public_key().clone())
}

fn own_kid() -> Kid {
    own_key().key.kid()
}

/// Henan, with one issuing key and one revocation.
fn source() -> TrustSource {
    source_with(own_key())
}

fn source_with(key: IssuingKey) -> TrustSource {
    let root = SigningKey::from_seed([1; 32]);
    let mut s = TrustSource::new(&henan(), "Henan", root.public_key());
    s.add_key(key).unwrap();
    s.revoke(CredentialId::from_bytes([3; 8]));
    s
}

fn t(offset: i64) -> Timestamp {
    Timestamp::from_unix(1_795_564_800 + offset).unwrap()
}

fn zj_key() -> IssuingKey {
    IssuingKey::active(SigningKey::from_seed([8; 32]).public_key().clone())
}

/// A Zhejiang statement, signed by its root and opened with it.
fn zj_statement(sequence: u64, revoked: &[[u8; 8]]) -> Verified<IssuerStatement> {
    zj_statement_with(sequence, revoked, vec![zj_key()])
}

fn zj_statement_with(sequence: u64, revoked: &[[u8; 8]], keys: Vec<IssuingKey>) -> Verified<IssuerStatement> {
    let root = SigningKey::from_seed([7; 32]);
    let statement = IssuerStatement {
        region: zhejiang(),
        name: "Zhejiang".into(),
        root: root.public_key().clone(),
        sequence,
        issued_at: t(sequence as i64 * 86_400),
        keys,
        revoked: RevocationSet::from_ids(revoked.iter().map(|b| CredentialId::from_bytes(*b))),
        succession: Default::default(),
    };
    IssuerStatement::open(&statement.sign(&root).unwrap(), root.public_key()).unwrap()
}

fn green() -> Policy {
    Policy::accepting([Status::Green])
}

/// Runs an edit that must be refused with `expected`, and checks that it changed nothing.
fn refused<T: std::fmt::Debug>(
    s: &mut TrustSource,
    edit: impl FnOnce(&mut TrustSource) -> Result<T, SourceError>,
    expected: SourceError,
) {
    let before = s.clone();
    match edit(s) {
        Err(e) => assert_eq!(e, expected),
        Ok(v) => panic!("not refused: {v:?}"),
    }
    assert_eq!(*s, before, "a refused edit changed the source");
}

#[test]
fn a_key_is_listed_once_and_for_one_region() {
    let mut s = source();
    refused(&mut s, |s| s.add_key(own_key()), SourceError::AlreadyListed { kid: own_kid() });
    s.recognize(&zj_statement(1, &[]), Some(&green())).unwrap();
    let kid = zj_key().key.kid();
    refused(&mut s, |s| s.add_key(zj_key()), SourceError::KeyInAnotherRegion { kid, region: zhejiang() });
    // Nor may another province's statement list one of this province's keys.
    let mut s = source();
    let statement = zj_statement_with(1, &[], vec![own_key()]);
    refused(
        &mut s,
        |s| s.recognize(&statement, Some(&green())),
        SourceError::StatementKeyInAnotherRegion { statement: zhejiang(), kid: own_kid(), region: henan() },
    );
}

#[test]
fn compromise_cannot_move_the_compromise_time_later() {
    let mut s = source();
    assert_eq!(s.compromise(&own_kid(), t(0)), Ok(None));
    refused(
        &mut s,
        |s| s.compromise(&own_kid(), t(3600)),
        SourceError::CompromiseLater { kid: own_kid(), recorded: t(0), given: t(3600) },
    );
    // The same time again changes nothing; an earlier one strengthens and is taken.
    assert_eq!(s.compromise(&own_kid(), t(0)), Ok(Some(t(0))));
    assert_eq!(s.compromise(&own_kid(), t(-3600)), Ok(Some(t(0))));
    assert_eq!(s.own_entry().keys[0].compromised_since(), Some(t(-3600)));
    let unknown = Kid::from_bytes([0; 8]);
    refused(&mut s, |s| s.compromise(&unknown, t(0)), SourceError::UnknownKey { kid: unknown });
}

#[test]
fn retire_never_widens_the_window_of_a_key() {
    let mut s = source();
    assert_eq!(s.retire(&own_kid(), t(86_400)), Ok((t(86_400), false)));
    // Retiring again later keeps the earlier not_after; earlier narrows.
    assert_eq!(s.retire(&own_kid(), t(10 * 86_400)), Ok((t(86_400), true)));
    assert_eq!(s.keys()[0].not_after, Some(t(86_400)));
    assert_eq!(s.retire(&own_kid(), t(3600)), Ok((t(3600), false)));
    assert_eq!(s.keys()[0].not_after, Some(t(3600)));
    // A not_after set when the key was added is kept the same way.
    let mut s = source_with(IssuingKey { not_after: Some(t(0)), ..own_key() });
    assert_eq!(s.retire(&own_kid(), t(86_400)), Ok((t(0), true)));
    // Retiring before the key's not_before would leave it nothing to sign: refused.
    let mut s = source_with(IssuingKey { not_before: Some(t(0)), ..own_key() });
    refused(
        &mut s,
        |s| s.retire(&own_kid(), t(-1)),
        SourceError::RetiringBeforeStart { kid: own_kid(), not_before: t(0), not_after: t(-1) },
    );
    // A compromised key is not retired: that would hide the compromise.
    let mut s = source();
    s.compromise(&own_kid(), t(0)).unwrap();
    refused(&mut s, |s| s.retire(&own_kid(), t(1)), SourceError::RetiringCompromised { kid: own_kid() });
}

#[test]
fn recognition_needs_terms_another_province_and_the_same_root() {
    let mut s = source();
    refused(
        &mut s,
        |s| s.recognize(&zj_statement(1, &[]), None),
        SourceError::TermsNeeded { region: zhejiang() },
    );
    // A province's own statement.
    let root = SigningKey::from_seed([1; 32]);
    let own =
        IssuerStatement::open(&s.clone().statement(t(0)).sign(&root).unwrap(), root.public_key()).unwrap();
    refused(
        &mut s,
        |s| s.recognize(&own, Some(&green())),
        SourceError::RecognizingItself { region: henan() },
    );
    // Zhejiang under another root.
    s.recognize(&zj_statement(1, &[]), Some(&green())).unwrap();
    let other_root = SigningKey::from_seed([9; 32]);
    let statement =
        IssuerStatement { root: other_root.public_key().clone(), ..(*zj_statement(2, &[])).clone() };
    let statement =
        IssuerStatement::open(&statement.sign(&other_root).unwrap(), other_root.public_key()).unwrap();
    refused(&mut s, |s| s.recognize(&statement, None), SourceError::RootChanged { region: zhejiang() });
    // Terms that do not hold together.
    let terms = Policy { from: Some(t(10)), until: Some(t(0)), ..green() };
    refused(
        &mut source(),
        |s| s.recognize(&zj_statement(1, &[]), Some(&terms)),
        SourceError::Field { at: "recognized[CN-ZJ].policy".into(), problem: FieldProblem::EndsBeforeStart },
    );
}

#[test]
fn a_newer_statement_replaces_an_older_one_is_refused() {
    let mut s = source();
    s.recognize(&zj_statement(2, &[]), Some(&green())).unwrap();
    refused(
        &mut s,
        |s| s.recognize(&zj_statement(1, &[]), None),
        SourceError::Older { region: zhejiang(), sequence: 1, recorded: 2, record: Record::Recognized },
    );
    s.recognize(&zj_statement(3, &[[5; 8]]), None).unwrap();
    let taken = s.recognized_region(&zhejiang()).unwrap();
    assert_eq!(taken.statement().sequence, 3);
    assert_eq!(taken.statement().revoked.len(), 1);
    assert_eq!(*taken.policy(), green(), "the terms are kept");
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
    refused(
        &mut other,
        |s| s.recognize(&zj_statement(2, &[]), None),
        SourceError::SequenceReused { region: zhejiang(), sequence: 2, record: Record::Recognized },
    );
    assert_eq!(other.recognized()[0].statement().revoked.len(), 1, "the revocation stays");
    other.recognize(&zj_statement(3, &[[5; 8]]), None).unwrap();
}

#[test]
fn unrecognize_then_recognize_still_refuses_an_older_statement() {
    let mut s = source();
    s.recognize(&zj_statement(3, &[[5; 8]]), Some(&green())).unwrap();
    s.unrecognize(&zhejiang()).unwrap();
    assert!(s.recognized().is_empty());
    assert_eq!(s.formerly_recognized().len(), 1);
    assert_eq!(s.formerly_recognized()[0].statement_sequence(), 3);
    refused(&mut s, |s| s.unrecognize(&zhejiang()), SourceError::NotRecognized { region: zhejiang() });
    // The record survives the file.
    let mut s = TrustSource::parse(&s.to_toml().unwrap()).unwrap();
    refused(
        &mut s,
        |s| s.recognize(&zj_statement(2, &[]), Some(&green())),
        SourceError::Older {
            region: zhejiang(),
            sequence: 2,
            recorded: 3,
            record: Record::FormerlyRecognized,
        },
    );
    refused(
        &mut s,
        |s| s.recognize(&zj_statement(3, &[]), Some(&green())),
        SourceError::SequenceReused { region: zhejiang(), sequence: 3, record: Record::FormerlyRecognized },
    );
    // The same statement, or a newer one, is taken; the record then lives in the entry again.
    s.recognize(&zj_statement(3, &[[5; 8]]), Some(&green())).unwrap();
    assert!(s.formerly_recognized().is_empty());
    assert_eq!(s.recognized()[0].statement().sequence, 3);
}

#[test]
fn an_entry_written_without_a_digest_is_checked_against_its_own_content() {
    let mut s = source();
    s.recognize(&zj_statement(2, &[[5; 8]]), Some(&green())).unwrap();
    // A source written before digests were recorded.
    let text = s.to_toml().unwrap();
    let legacy_text: String =
        text.lines().filter(|l| !l.starts_with("statement_sha256 = ")).map(|l| format!("{l}\n")).collect();
    assert_ne!(legacy_text, text);
    let mut legacy = TrustSource::parse(&legacy_text).unwrap();
    assert_eq!(legacy.to_toml().unwrap(), legacy_text, "a legacy entry is written back as it was");
    refused(
        &mut legacy.clone(),
        |s| s.recognize(&zj_statement(2, &[]), None),
        SourceError::SequenceReused { region: zhejiang(), sequence: 2, record: Record::Recognized },
    );
    legacy.recognize(&zj_statement(2, &[[5; 8]]), None).unwrap();
    assert_eq!(legacy.to_toml().unwrap(), text, "taking the statement again records its digest");
}

#[test]
fn edit_policy_keeps_the_terms_not_changed() {
    let mut s = source();
    s.edit_policy(&henan(), |p| {
        p.max_age = Some(Duration::from_secs(72 * 3600));
        p.max_validity = Some(Duration::from_secs(7 * 86_400));
    })
    .unwrap();
    let policy =
        s.edit_policy(&henan(), |p| p.accept = StatusSet::of([Status::Green, Status::Yellow])).unwrap();
    assert_eq!(policy.max_age, Some(Duration::from_secs(72 * 3600)));
    assert_eq!(policy.max_validity, Some(Duration::from_secs(7 * 86_400)));
    assert!(s.to_toml().unwrap().contains("max_validity = \"7d\""));
    // Terms that do not hold together are refused and leave the source as it was.
    refused(
        &mut s,
        |s| {
            s.edit_policy(&henan(), |p| {
                p.from = Some(t(10));
                p.until = Some(t(0));
            })
        },
        SourceError::Field { at: "policy".into(), problem: FieldProblem::EndsBeforeStart },
    );
    let shanghai: Region = "CN-SH".parse().unwrap();
    refused(
        &mut s,
        |s| s.edit_policy(&shanghai, |_| {}),
        SourceError::NotRecognized { region: shanghai.clone() },
    );
    refused(
        &mut s,
        |s| s.set_policy(&shanghai, &green()),
        SourceError::NotRecognized { region: shanghai.clone() },
    );
}

#[test]
fn sequences_increase_with_every_document() {
    let mut s = source();
    assert_eq!(s.statement(t(0)).sequence, 1);
    assert_eq!(s.statement(t(0)).sequence, 2);
    assert_eq!(s.trust_list(t(0), t(86_400)).sequence, 1);
    assert_eq!(s.trust_list(t(0), t(86_400)).sequence, 2);
    assert_eq!((s.statement_sequence(), s.list_sequence()), (2, 2));
}

#[test]
fn revoking_twice_is_one_revocation() {
    let mut s = source();
    assert!(!s.revoke(CredentialId::from_bytes([3; 8])));
    assert!(s.revoke(CredentialId::from_bytes([1; 8])));
    let ids: Vec<String> = s.revoked().iter().map(|id| id.to_string()).collect();
    assert_eq!(ids, ["0101010101010101", "0303030303030303"]);
}
