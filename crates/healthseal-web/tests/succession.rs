//! The app's checkpoint follows a root succession as the CLI's does: the list of the new root is
//! taken (`root_moved`, with the new root's kid), and from then on the old root's lists are
//! refused (`root_left`), whichever state the app hands back.

use healthseal_core::{RootSuccession, SigningKey, Succession, Timestamp, TrustListDraft};
use healthseal_web::Checkpoint;

fn t(offset: i64) -> Timestamp {
    Timestamp::from_unix(1_795_564_800 + offset).unwrap()
}

fn list(sequence: u64, succession: Succession, signer: &SigningKey) -> Vec<u8> {
    let at = t(sequence as i64 * 3600);
    TrustListDraft {
        owner: "CN-HA".parse().unwrap(),
        sequence,
        issued_at: at,
        next_update: t(sequence as i64 * 3600 + 86_400),
        regions: vec![],
        succession,
    }
    .check()
    .unwrap()
    .sign(signer)
    .unwrap()
}

#[test]
fn the_app_follows_a_root_succession_once_and_then_refuses_the_old_root() {
    let (old, new) = (SigningKey::from_seed([1; 32]), SigningKey::from_seed([2; 32]));
    let step = RootSuccession {
        region: "CN-HA".parse().unwrap(),
        number: 1,
        old_root: old.public_key().clone(),
        new_root: new.public_key().clone(),
        issued_at: t(0),
    };
    let chain = Succession::default().then(step.sign(&old).unwrap()).unwrap();
    let mut checkpoint = Checkpoint::new(&old.public_key().to_pem()).unwrap();

    let first = checkpoint.offer_list(&list(1, Succession::default(), &old), None).to_json();
    assert_eq!((first["change"].as_str(), first["root"].as_str()), (Some("first"), None));
    let moved = checkpoint.offer_list(&list(2, chain, &new), first["state"].as_str()).to_json();
    assert_eq!(moved["change"], "root_moved");
    assert_eq!(moved["root"].as_str(), Some(new.public_key().kid().to_string().as_str()));
    assert_eq!(moved["succession"], 1);
    let state = moved["state"].as_str().unwrap();
    assert!(state.contains("succession: 1\n"), "{state}");

    // The old root's newer list: refused with the stored state, and with the state of before
    // (the list in use is checked too).
    for stored in [Some(state), first["state"].as_str()] {
        let refused = checkpoint.offer_list(&list(3, Succession::default(), &old), stored).to_json();
        assert_eq!(refused["reason"], "root_left", "{refused}");
    }
    assert_eq!(checkpoint.list_status(t(2 * 3600 + 60))["sequence"], 2);
}
