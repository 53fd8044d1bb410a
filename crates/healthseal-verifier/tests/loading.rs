//! Taking a trust list at a checkpoint: pinned root, rollback protection, state file.

use healthseal_core::*;
use healthseal_test_support::clock::t;
use healthseal_test_support::drafts;
use healthseal_verifier::{LoadError, StateChange, StateFile, Verifier};

struct Province {
    root: SigningKey,
    issuer: SigningKey,
}

fn province(seed: u8) -> Province {
    Province { root: SigningKey::from_seed([seed; 32]), issuer: SigningKey::from_seed([seed + 100; 32]) }
}

fn list(p: &Province, sequence: u64, name: &str) -> Vec<u8> {
    TrustListDraft {
        owner: "CN-HA".parse().unwrap(),
        sequence,
        issued_at: t(sequence as i64 * 3600),
        next_update: t(sequence as i64 * 3600 + 86_400),
        regions: vec![RegionEntry {
            region: "CN-HA".parse().unwrap(),
            name: name.into(),
            root: p.root.public_key().clone(),
            statement_sequence: 1,
            keys: vec![IssuingKey::active(p.issuer.public_key().clone())],
            revoked: RevocationSet::default(),
            policy: Policy::accepting([Status::Green]),
        }],
        succession: Default::default(),
    }
    .check()
    .unwrap()
    .sign(&p.root)
    .unwrap()
}

fn load(p: &Province, bytes: &[u8], state: &StateFile) -> Result<StateChange, LoadError> {
    Verifier::load(p.root.public_key(), bytes, state, DecisionOptions::default()).map(|(_, change)| change)
}

#[test]
fn newer_lists_advance_and_older_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = StateFile::new(dir.path().join("state/trust.state"));
    let ha = province(1);
    assert_eq!(load(&ha, &list(&ha, 5, "Henan"), &state), Ok(StateChange::First));
    assert_eq!(load(&ha, &list(&ha, 5, "Henan"), &state), Ok(StateChange::Unchanged));
    assert_eq!(load(&ha, &list(&ha, 6, "Henan"), &state), Ok(StateChange::Advanced { from: 5 }));
    // An attacker replays list #5, with its valid signature, to undo a revocation made in #6.
    assert_eq!(load(&ha, &list(&ha, 5, "Henan"), &state), Err(LoadError::Rollback { stored: 6, offered: 5 }));
    assert_eq!(state.load().unwrap().unwrap().sequence, 6, "a refused list leaves the state alone");
    // The root signed two different lists with one number.
    assert_eq!(load(&ha, &list(&ha, 6, "Henan province"), &state), Err(LoadError::Conflict { sequence: 6 }));
    let message = LoadError::Rollback { stored: 6, offered: 5 }.to_string();
    assert_eq!(
        message,
        "trust list #5 is older than #6, which this checkpoint already accepted; refusing to go back"
    );
}

#[test]
fn a_list_from_another_province_or_root_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = StateFile::new(dir.path().join("trust.state"));
    let (ha, zj) = (province(1), province(2));
    let foreign = list(&zj, 9, "Henan");
    let err = load(&ha, &foreign, &state).unwrap_err();
    assert!(matches!(err, LoadError::List(TrustDocError::NotSignedByRoot { .. })), "{err}");
    assert_eq!(state.load().unwrap(), None, "nothing is stored for a refused list");
    // State written under one root is not silently reused under another.
    load(&ha, &list(&ha, 1, "Henan"), &state).unwrap();
    assert!(matches!(load(&zj, &list(&zj, 2, "Henan"), &state), Err(LoadError::ForeignState { .. })));
}

#[test]
fn a_damaged_state_file_is_reported_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trust.state");
    std::fs::write(&path, "root: 00\nsequence: lots\n").unwrap();
    let ha = province(1);
    let err = load(&ha, &list(&ha, 1, "Henan"), &StateFile::new(&path)).unwrap_err();
    assert!(
        matches!(err, LoadError::State(healthseal_verifier::StateError::Damaged { line: 1, .. })),
        "{err}"
    );
}

#[test]
fn the_state_file_holds_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let state = StateFile::new(dir.path().join("trust.state"));
    let ha = province(1);
    let (verifier, _) =
        Verifier::load(ha.root.public_key(), &list(&ha, 3, "Henan"), &state, DecisionOptions::default())
            .unwrap();
    let credential = CredentialDraft {
        region: "CN-HA".parse().unwrap(),
        issued_at: t(3 * 3600),
        expires_at: t(10 * 3600),
        id: CredentialId::from_bytes([4; 8]),
        name: "Sun Yue".into(),
        birth_date: "1999-09-09".into(),
        ..drafts::typical()
    }
    .check()
    .unwrap();
    let text = Sealed::sign(&credential, &ha.issuer).unwrap().to_text();
    assert!(matches!(verifier.verify(&text, t(4 * 3600)), Verdict::Accepted(_)));
    let mut files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    files.sort();
    assert_eq!(files, ["trust.state", "trust.state.lock"], "only the state file and its (empty) lock");
    assert_eq!(std::fs::read(dir.path().join("trust.state.lock")).unwrap(), b"", "the lock holds nothing");
    let stored = std::fs::read_to_string(dir.path().join("trust.state")).unwrap();
    assert!(
        !stored.contains("Sun Yue") && !stored.contains("1999") && !stored.contains("04040404"),
        "{stored}"
    );
    assert!(stored.contains("sequence: 3"));
}
