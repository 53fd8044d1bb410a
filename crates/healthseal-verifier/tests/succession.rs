//! Root succession at a checkpoint: a checkpoint pinned to a province's old root follows the
//! succession its next list carries once, keeps the new root in its state, and from then on
//! refuses lists of the old root, rollbacks across the succession, and forks.

use healthseal_core::*;
use healthseal_test_support::clock::t;
use healthseal_test_support::succession::{chain, step};
use healthseal_test_support::world::{key, Cred, World};
use healthseal_verifier::{LoadError, StateChange, StateFile, TrustState, Verifier};

/// Henan's roots in order (`roots[0]` is the world's Henan root, the one checkpoints pinned),
/// and the world whose list it signs.
struct Henan {
    roots: Vec<SigningKey>,
    world: World,
}

impl Henan {
    fn new() -> Self {
        let world = World::new();
        let roots = vec![key("ha root"), key("ha root 2"), key("ha root 3")];
        assert_eq!(roots[0].public_key(), world.ha_root.public_key());
        Self { roots, world }
    }

    fn pin(&self) -> &PublicKey {
        self.roots[0].public_key()
    }

    /// The chain from the first root to root `to`.
    fn chain(&self, to: usize) -> Succession {
        chain("CN-HA", &self.roots[..=to])
    }

    /// The world's list as `sequence`, carrying `chain`, signed by `signer`.
    fn list(&self, sequence: u64, chain: Succession, signer: &SigningKey) -> Vec<u8> {
        let at = i64::try_from(sequence).unwrap() * 3600;
        let draft = TrustListDraft {
            sequence,
            issued_at: t(at),
            next_update: t(at + 86_400),
            succession: chain,
            ..self.world.draft()
        };
        draft.check().unwrap().sign(signer).unwrap()
    }

    fn load(&self, list: &[u8], state: &StateFile) -> Result<StateChange, LoadError> {
        Verifier::load(self.pin(), list, state, DecisionOptions::default()).map(|(_, change)| change)
    }
}

fn state_file() -> (tempfile::TempDir, StateFile) {
    let dir = tempfile::tempdir().unwrap();
    let file = StateFile::new(dir.path().join("trust.state"));
    (dir, file)
}

#[test]
fn a_checkpoint_follows_the_succession_once_and_then_refuses_the_old_root() {
    let ha = Henan::new();
    let (_dir, state) = state_file();
    assert_eq!(ha.load(&ha.list(5, ha.chain(0), &ha.roots[0]), &state), Ok(StateChange::First));

    // List #6, signed by the new root, carries the succession: taken, and the state moves.
    let moved = ha.list(6, ha.chain(1), &ha.roots[1]);
    let new_kid = ha.roots[1].public_key().kid();
    assert_eq!(ha.load(&moved, &state), Ok(StateChange::RootMoved { from: 5, number: 1, root: new_kid }));
    let stored = state.load().unwrap().unwrap();
    assert_eq!(stored.root, ha.pin().kid(), "the state still belongs to the pinned root");
    assert_eq!(stored.succession, Some(RootAt { root: ha.roots[1].public_key().clone(), number: 1 }));
    assert_eq!(ha.load(&moved, &state), Ok(StateChange::Unchanged));

    // A credential is decided under the new root's list.
    let (verifier, _) = Verifier::load(ha.pin(), &moved, &state, DecisionOptions::default()).unwrap();
    // (Zhejiang's green credential, issued at T0: six hours old.)
    let text = Cred::default().signed_by(&ha.world.zj_issuer);
    assert!(matches!(verifier.verify(&text, t(6 * 3600 + 600)), Verdict::Accepted(_)));

    // The old root (stolen, say) signs a newer list: refused, and the state stays.
    let by_old_root = ha.list(7, ha.chain(0), &ha.roots[0]);
    let left = LoadError::RootLeft { offered: 7, signer: ha.pin().kid(), number: 1, current: new_kid };
    assert_eq!(ha.load(&by_old_root, &state), Err(left.clone()));
    assert!(
        left.to_string().contains("a root before the one this checkpoint follows since root succession #1"),
        "{left}"
    );
    // A rollback across the succession: the old root's own list #5 again.
    assert!(matches!(
        ha.load(&ha.list(5, ha.chain(0), &ha.roots[0]), &state),
        Err(LoadError::RootLeft { .. })
    ));
    assert_eq!(state.load().unwrap(), Some(stored));

    // The new root goes on as any root: newer lists advance, older ones are rollbacks.
    assert_eq!(
        ha.load(&ha.list(8, ha.chain(1), &ha.roots[1]), &state),
        Ok(StateChange::Advanced { from: 6 })
    );
    assert_eq!(
        ha.load(&ha.list(7, ha.chain(1), &ha.roots[1]), &state),
        Err(LoadError::Rollback { stored: 8, offered: 7 })
    );
    // And a second succession is followed the same way, from the pinned root through both.
    assert_eq!(
        ha.load(&ha.list(9, ha.chain(2), &ha.roots[2]), &state),
        Ok(StateChange::RootMoved { from: 8, number: 2, root: ha.roots[2].public_key().kid() })
    );
    assert!(matches!(
        ha.load(&ha.list(10, ha.chain(1), &ha.roots[1]), &state),
        Err(LoadError::RootLeft { number: 2, .. })
    ));
}

#[test]
fn a_checkpoint_that_missed_lists_follows_several_successions_at_once() {
    let ha = Henan::new();
    let (_dir, state) = state_file();
    ha.load(&ha.list(1, ha.chain(0), &ha.roots[0]), &state).unwrap();
    assert_eq!(
        ha.load(&ha.list(9, ha.chain(2), &ha.roots[2]), &state),
        Ok(StateChange::RootMoved { from: 1, number: 2, root: ha.roots[2].public_key().kid() })
    );
    // A new checkpoint pinned to the first root takes it as its first list.
    let (_dir, fresh) = state_file();
    assert_eq!(ha.load(&ha.list(9, ha.chain(2), &ha.roots[2]), &fresh), Ok(StateChange::First));
    assert_eq!(fresh.load().unwrap().unwrap().succession.map(|at| at.number), Some(2));
}

#[test]
fn a_stolen_old_root_cannot_lead_a_moved_checkpoint_elsewhere() {
    let ha = Henan::new();
    let (_dir, state) = state_file();
    ha.load(&ha.list(6, ha.chain(1), &ha.roots[1]), &state).unwrap();

    // Whoever holds the old root signs a second succession #1, to their own key.
    let thief = key("thief");
    let forked = Succession::default().then(step("CN-HA", 1, &ha.roots[0], &thief)).unwrap();
    let refused = ha.load(&ha.list(7, forked.clone(), &thief), &state).unwrap_err();
    assert_eq!(
        refused,
        LoadError::SuccessionFork {
            number: 1,
            offered: thief.public_key().kid(),
            followed: ha.roots[1].public_key().kid()
        }
    );
    // ... and a longer chain through their key does not pass either.
    let longer = forked.then(step("CN-HA", 2, &thief, &key("thief 2"))).unwrap();
    assert!(matches!(
        ha.load(&ha.list(8, longer, &key("thief 2")), &state),
        Err(LoadError::SuccessionFork { number: 1, .. })
    ));
    assert_eq!(state.load().unwrap().unwrap().sequence, 6);
}

#[test]
fn a_succession_not_signed_by_the_pinned_root_is_refused() {
    let ha = Henan::new();
    let (_dir, state) = state_file();
    // A chain that starts at a key the checkpoint never trusted.
    let strangers = [key("stranger"), key("successor")];
    let refused = ha.load(&ha.list(3, chain("CN-HA", &strangers), &strangers[1]), &state).unwrap_err();
    assert_eq!(refused, LoadError::List(TrustDocError::SuccessionNotFromRoot { root: ha.pin().kid() }));
    assert_eq!(state.load().unwrap(), None, "nothing stored");

    // A genuine record whose new root was replaced in transit: its signature no longer holds.
    let genuine = ha.list(4, ha.chain(1), &ha.roots[1]);
    let record = ha.chain(1).steps()[0].as_bytes().to_vec();
    let at = genuine.windows(record.len()).position(|w| w == record).expect("the record is carried as is");
    let new_root = ha.roots[1].public_key().as_bytes();
    let in_record = record.windows(32).position(|w| w == new_root).unwrap();
    let mut forged = genuine.clone();
    forged[at + in_record..at + in_record + 32].copy_from_slice(key("swapped in").public_key().as_bytes());
    let refused = ha.load(&forged, &state).unwrap_err();
    assert!(
        matches!(&refused, LoadError::List(TrustDocError::Invalid { at, problem }) if at == "list.succession[0]" && problem.contains("not signed by the old root")),
        "{refused:?}"
    );
}

#[test]
fn a_list_of_the_new_root_without_its_succession_is_not_taken() {
    let ha = Henan::new();
    let (_dir, state) = state_file();
    ha.load(&ha.list(6, ha.chain(1), &ha.roots[1]), &state).unwrap();
    let bare = ha.list(7, Succession::default(), &ha.roots[1]);
    assert_eq!(
        ha.load(&bare, &state),
        Err(LoadError::List(TrustDocError::NotSignedByRoot {
            expected: ha.pin().kid(),
            found: ha.roots[1].public_key().kid()
        }))
    );
}

#[test]
fn an_edited_state_cannot_make_the_checkpoint_trust_another_root() {
    let ha = Henan::new();
    let (_dir, state) = state_file();
    ha.load(&ha.list(6, ha.chain(1), &ha.roots[1]), &state).unwrap();
    // Someone writes a root of their own into the state file.
    let thief = key("edited in");
    let mut edited: TrustState = state.load().unwrap().unwrap();
    edited.succession = Some(RootAt { root: thief.public_key().clone(), number: 1 });
    state.store(&edited).unwrap();
    // A list signed by that root, with no succession from the pinned root, is still refused.
    let theirs = ha.list(99, Succession::default(), &thief);
    assert!(matches!(ha.load(&theirs, &state), Err(LoadError::List(TrustDocError::NotSignedByRoot { .. }))));
    // And the genuine list no longer matches the edited state: refused, loudly, as a fork.
    assert!(matches!(
        ha.load(&ha.list(7, ha.chain(1), &ha.roots[1]), &state),
        Err(LoadError::SuccessionFork { .. })
    ));
}
