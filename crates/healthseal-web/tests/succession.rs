//! The app's checkpoint follows a root succession as the CLI's does: the list of the new root is
//! taken (`root_moved`, with the new root's kid), and from then on the old root's lists are
//! refused (`root_left`), whichever state the app hands back.

use healthseal_core::{SigningKey, Succession, TrustListDraft};
use healthseal_test_support::clock::t;
use healthseal_test_support::succession::chain;
use healthseal_test_support::world::{key, World};
use healthseal_web::Checkpoint;

/// The test world's Henan list as `sequence`, carrying `succession`, signed by `signer`.
fn list(sequence: u64, succession: Succession, signer: &SigningKey) -> Vec<u8> {
    let at = i64::try_from(sequence).unwrap() * 3600;
    let draft = TrustListDraft {
        sequence,
        issued_at: t(at),
        next_update: t(at + 86_400),
        succession,
        ..World::new().draft()
    };
    draft.check().unwrap().sign(signer).unwrap()
}

#[test]
fn the_app_follows_a_root_succession_once_and_then_refuses_the_old_root() {
    let roots = [key("ha root"), key("ha root 2")];
    let (old, new) = (&roots[0], &roots[1]);
    let mut checkpoint = Checkpoint::new(&old.public_key().to_pem()).unwrap();

    let first = checkpoint.offer_list(&list(1, Succession::default(), old), None).to_json();
    assert_eq!((first["change"].as_str(), first["root"].as_str()), (Some("first"), None));
    let moved =
        checkpoint.offer_list(&list(2, chain("CN-HA", &roots), new), first["state"].as_str()).to_json();
    assert_eq!(moved["change"], "root_moved");
    assert_eq!(moved["root"].as_str(), Some(new.public_key().kid().to_string().as_str()));
    assert_eq!(moved["succession"], 1);
    let state = moved["state"].as_str().unwrap();
    assert!(state.contains("succession: 1\n"), "{state}");

    // The old root's newer list: refused with the stored state, and with the state of before
    // (the list in use is checked too).
    for stored in [Some(state), first["state"].as_str()] {
        let refused = checkpoint.offer_list(&list(3, Succession::default(), old), stored).to_json();
        assert_eq!(refused["reason"], "root_left", "{refused}");
    }
    assert_eq!(checkpoint.list_status(t(2 * 3600 + 60))["sequence"], 2);
}
