//! Every camera-like photo in fixtures/camera yields the verdicts fixtures/camera/expected.toml
//! lists for it: through the same path a checkpoint takes (image bytes, QR reading, trust list
//! decision), at the time and against the list each entry names.

use std::path::{Path, PathBuf};

use healthseal_core::{DecisionOptions, PublicKeyFile, Timestamp, Verdict};
use healthseal_verifier::{Scan, Verifier};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    photo: Vec<Photo>,
}

#[derive(Deserialize)]
struct Photo {
    file: String,
    condition: String,
    credentials: Vec<String>,
    trust_list: String,
    root: String,
    at: String,
    expected: Vec<String>,
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What a checkpoint would say for each code in the photo, in the photo's reading order.
fn outcomes(photo: &Photo) -> Vec<String> {
    let root_text = std::fs::read_to_string(workspace().join(&photo.root)).unwrap();
    let root = PublicKeyFile::parse(&root_text).unwrap().key;
    let list = std::fs::read(workspace().join("fixtures").join(&photo.trust_list)).unwrap();
    let verifier = Verifier::new(&root, &list, DecisionOptions::default()).unwrap();
    let bytes = std::fs::read(workspace().join("fixtures/camera").join(&photo.file)).unwrap();
    let at = Timestamp::parse_rfc3339(&photo.at).unwrap();
    let scans = verifier.verify_image(&bytes, at).unwrap();
    if scans.is_empty() {
        return vec!["no_code".into()];
    }
    scans
        .iter()
        .map(|scan| match scan {
            Scan::Credential(Verdict::Accepted(_)) => "accepted".to_string(),
            Scan::Credential(Verdict::Rejected(r)) => r.reason.code().to_string(),
            Scan::NotACredential(_) => "not_a_credential".to_string(),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn every_fixture_photo_yields_its_expected_verdicts() {
    let text = std::fs::read_to_string(workspace().join("fixtures/camera/expected.toml")).unwrap();
    let expected: Expected = toml::from_str(&text).unwrap();
    assert!(expected.photo.len() >= 13, "the fixture set covers every condition");
    let mut conditions = std::collections::BTreeSet::new();
    for photo in &expected.photo {
        let mut got = outcomes(photo);
        let mut want = photo.expected.clone();
        // Codes are reported in reading order, which need not be left to right: compare as sets
        // of outcomes when a photo holds several.
        got.sort();
        want.sort();
        assert_eq!(got, want, "{} ({} credentials {:?})", photo.file, photo.condition, photo.credentials);
        conditions.insert(photo.condition.clone());
    }
    for condition in [
        "phone_screen",
        "paper",
        "rotated",
        "perspective",
        "low_contrast",
        "inverted",
        "small_in_large",
        "two_codes",
        "no_code",
    ] {
        assert!(conditions.contains(condition), "no fixture photo for {condition}");
    }
}
