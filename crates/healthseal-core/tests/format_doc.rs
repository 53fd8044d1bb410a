//! docs/format.md's worked example is recomputed here, line by line, so the specification cannot
//! drift from the code.

use std::collections::BTreeMap;
use std::path::Path;

use healthseal_core::{CredentialDraft, CredentialId, Kid, Sealed, SigningKey, Timestamp};
use healthseal_test_support::drafts;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn worked_example() -> BTreeMap<String, String> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/format.md")).unwrap();
    let block = doc
        .split("```text worked-example\n")
        .nth(1)
        .expect("worked-example block")
        .split("```")
        .next()
        .unwrap();
    block
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
        .collect()
}

#[test]
fn the_worked_example_is_what_the_code_produces() {
    let example = worked_example();
    let get =
        |k: &str| example.get(k).unwrap_or_else(|| panic!("{k} missing from the worked example")).as_str();

    let seed: [u8; 32] = hex::decode(get("seed")).unwrap().try_into().unwrap();
    let derived = <sha2::Sha256 as sha2::Digest>::digest(b"healthseal TEST ONLY key: CN-ZJ issuer 2026");
    assert_eq!(hex(&derived), get("seed"), "the seed is SHA-256 of the documented label");
    let key = SigningKey::from_seed(seed);
    assert_eq!(hex(key.public_key().as_bytes()), get("public key"));
    assert_eq!(key.public_key().kid(), get("kid").parse::<Kid>().unwrap());

    // The typical draft: CN-ZJ, green, Maximilian Oberhofer born 1987-06-15, no basis.
    let credential = CredentialDraft {
        issued_at: Timestamp::parse_rfc3339("2026-11-25T00:00:00Z").unwrap(),
        expires_at: Timestamp::parse_rfc3339("2026-11-28T00:00:00Z").unwrap(),
        id: "5ea1000000000001".parse::<CredentialId>().unwrap(),
        ..drafts::typical()
    }
    .check()
    .unwrap();
    let sealed = Sealed::sign(&credential, &key).unwrap();
    let message = sealed.message();
    assert_eq!(hex(&message.protected), get("protected"));
    assert_eq!(hex(&message.payload), get("payload"));
    assert_eq!(hex(&message.to_be_signed(&[])), get("Sig_structure"));
    assert_eq!(hex(&message.signature), get("signature"));
    assert_eq!(hex(sealed.cose_bytes()), get("COSE_Sign1"));
    assert_eq!(sealed.to_text(), get("text"));

    // And it is the committed fixture.
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/credentials/typical_green.txt"),
    )
    .unwrap();
    assert_eq!(fixture.trim(), get("text"));
}
