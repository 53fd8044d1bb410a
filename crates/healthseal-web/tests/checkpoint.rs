//! The checkpoint the app runs, natively: the same fixtures as the CLI's tests, the JSON the app
//! reads, failing closed, rollback state as text.

use healthseal_core::Timestamp;
use healthseal_test_support::workspace;
use healthseal_web::{Checkpoint, Offer, RootError};
use serde_json::Value;

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(workspace::root().join(path)).unwrap()
}

fn text(path: &str) -> String {
    String::from_utf8(fixture(path)).unwrap().trim().to_owned()
}

fn at(rfc3339: &str) -> Timestamp {
    Timestamp::parse_rfc3339(rfc3339).unwrap()
}

fn henan() -> Checkpoint {
    Checkpoint::new(&text("keys/CN-HA/root.key.pub")).unwrap()
}

fn rgba(path: &str) -> (Vec<u8>, u32, u32) {
    let image = image::load_from_memory(&fixture(path)).unwrap().into_rgba8();
    let (w, h) = image.dimensions();
    (image.into_raw(), w, h)
}

#[test]
fn before_any_list_every_scan_is_refused() {
    let checkpoint = henan();
    let now = at("2026-11-25T01:00:00Z");
    let (frame, w, h) = rgba("fixtures/camera/phone_screen-typical_green.jpg");
    for answer in [
        checkpoint.verify_text(&text("fixtures/credentials/typical_green.txt"), now),
        checkpoint.verify_rgba(&frame, w, h, now),
    ] {
        assert_eq!(answer["verdict"], "rejected");
        assert_eq!(answer["reason"], "no_trust_list");
    }
    // A frame with no code is still just that: the camera goes on looking.
    let (empty, w, h) = rgba("fixtures/camera/no_code.jpg");
    assert_eq!(checkpoint.verify_rgba(&empty, w, h, now)["kind"], "no_code");
    assert_eq!(checkpoint.list_status(now)["loaded"], false);
}

#[test]
fn lists_are_taken_forward_only_and_only_from_the_pinned_root() {
    let mut checkpoint = henan();
    let first = checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-1"), None).to_json();
    assert_eq!((first["taken"].as_bool(), first["change"].as_str()), (Some(true), Some("first")));
    let state = first["state"].as_str().unwrap().to_owned();
    assert!(!state.contains("HS1:"), "the state holds only root, sequence and hash");

    let same = checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-1"), Some(&state)).to_json();
    assert_eq!(same["change"], "unchanged");

    let newer = checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-2"), Some(&state)).to_json();
    assert_eq!((newer["change"].as_str(), newer["from"].as_u64()), (Some("advanced"), Some(1)));
    let state = newer["state"].as_str().unwrap().to_owned();

    let older = checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-1"), Some(&state));
    assert_eq!(older.to_json()["reason"], "rollback");
    let foreign = checkpoint.offer_list(&fixture("fixtures/trust/zj.trust-list-1"), Some(&state));
    assert_eq!(foreign.to_json()["reason"], "bad_list");
    let damaged = checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-2"), Some("sequence: x"));
    assert!(matches!(damaged, Offer::DamagedState(_)));
    // Refusals left list #2 in use.
    assert_eq!(checkpoint.list_status(at("2026-11-25T04:00:00Z"))["sequence"], 2);
}

#[test]
fn the_list_in_use_is_never_replaced_by_an_older_one_whatever_state_is_handed_in() {
    // Two offers made before the first one's state was stored: the second is checked against
    // the list in use too.
    let mut checkpoint = henan();
    let newer = checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-2"), None).to_json();
    assert_eq!(newer["taken"], true);
    let older = checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-1"), None).to_json();
    assert_eq!((older["taken"].as_bool(), older["reason"].as_str()), (Some(false), Some("rollback")));
    assert_eq!(checkpoint.list_status(at("2026-11-25T04:00:00Z"))["sequence"], 2);
}

#[test]
fn a_scanned_text_gets_the_verdict_json_of_the_cli() {
    let mut checkpoint = henan();
    checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-1"), None);
    let green = text("fixtures/credentials/typical_green.txt");
    let answer = checkpoint.verify_text(&format!("{green}\r\n"), at("2026-11-25T01:00:00Z"));
    assert_eq!(answer["kind"], "verdict");
    assert_eq!(answer["verdict"], "accepted");
    assert_eq!(answer["credential"]["name"], "Maximilian Oberhofer");
    assert_eq!(answer["region_name"], "Zhejiang");
    assert_eq!(answer["trust_list"]["sequence"], 1);
    let yellow =
        checkpoint.verify_text(&text("fixtures/credentials/cjk_name_yellow.txt"), at("2026-11-25T01:00:00Z"));
    assert_eq!(yellow["reason"], "status_not_accepted");
    assert_eq!(yellow["credential"]["name"], "张三");
}

#[test]
fn camera_frames_give_a_verdict_a_foreign_code_or_nothing() {
    let mut checkpoint = henan();
    checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-1"), None);
    let now = at("2026-11-25T01:00:00Z");
    let verdict = |path: &str| -> Value {
        let (pixels, w, h) = rgba(path);
        checkpoint.verify_rgba(&pixels, w, h, now)
    };
    let phone = verdict("fixtures/camera/phone_screen-typical_green.jpg");
    assert_eq!((phone["kind"].as_str(), phone["verdict"].as_str()), (Some("verdict"), Some("accepted")));
    assert_eq!(phone["detected"], true);
    let foreign = verdict("fixtures/camera/phone_screen-not_a_credential.jpg");
    assert_eq!(foreign["kind"], "not_a_credential");
    assert!(foreign["length"].as_u64().unwrap() > 0);
    assert_eq!(
        foreign.as_object().unwrap().len(),
        4,
        "kind, length, detected, codes; never the content: {foreign}"
    );
    let empty = verdict("fixtures/camera/no_code.jpg");
    assert_eq!(empty["kind"], "no_code");
    // Two credentials in view: whose name would the screen show? One code at a time.
    let two = verdict("fixtures/camera/two_codes-typical_green+cjk_name_yellow.jpg");
    assert_eq!((two["kind"].as_str(), two["reason"].as_str()), (Some("unreadable"), Some("several_codes")));
    assert_eq!(two["codes"], 2);
    assert!(two.get("credential").is_none(), "{two}");
}

#[test]
fn pixels_that_do_not_match_their_size_are_unreadable_not_a_panic() {
    let mut checkpoint = henan();
    checkpoint.offer_list(&fixture("fixtures/trust/ha.trust-list-1"), None);
    let now = at("2026-11-25T01:00:00Z");
    assert_eq!(checkpoint.verify_rgba(&[0; 10], 4, 4, now)["reason"], "pixel_count");
    assert_eq!(checkpoint.verify_rgba(&[], 0, 0, now)["kind"], "unreadable");
    assert_eq!(checkpoint.verify_rgba(&[0; 4], 1, 100_000, now)["reason"], "too_large");
}

#[test]
fn only_a_root_key_is_pinned() {
    assert_eq!(Checkpoint::new(&text("keys/CN-HA/issuer-2026.key.pub")).unwrap_err(), RootError::NotARoot);
    assert!(matches!(Checkpoint::new("not a key"), Err(RootError::File(_))));
    assert!(matches!(Checkpoint::new(&text("keys/CN-HA/root.key")), Err(RootError::File(_))));
}
