//! Every decoder, fed arbitrary input, returns a value or a typed error and never panics; every
//! error it returns explains itself on one line (the command line prints it as one `error:`
//! line).
//!
//! Already covered elsewhere and not repeated here: every single-bit flip and every truncation of
//! a valid credential (damage.rs), base45 on arbitrary text (unit tests in src/base45.rs).

use std::fmt::Display;
use std::sync::LazyLock;

use healthseal_core::{
    base45, decide, CredentialDraft, CredentialId, DecisionOptions, IssuerStatement, IssuingKey, Policy,
    PrivateKeyFile, PublicKeyFile, RegionEntry, RevocationSet, Sealed, SignedSuccession, SigningKey,
    StaleMode, Status, Succession, TrustList, TrustListDraft, Verdict, Verified,
};
use healthseal_test_support::clock::t;
use healthseal_test_support::{damage, drafts, succession};
use proptest::prelude::*;

/// Strings over the base45 alphabet (RFC 9285).
const BASE45_TEXT: &str = "[0-9A-Z $%*+./:-]{0,400}";
/// `HS1:` and a base45-alphabet string.
const HS1_TEXT: &str = "HS1:[0-9A-Z $%*+./:-]{0,300}";

fn root() -> &'static SigningKey {
    static KEY: LazyLock<SigningKey> = LazyLock::new(|| SigningKey::from_seed([1; 32]));
    &KEY
}

fn issuer() -> &'static SigningKey {
    static KEY: LazyLock<SigningKey> = LazyLock::new(|| SigningKey::from_seed([2; 32]));
    &KEY
}

/// A valid credential text by the test issuer, to damage.
fn credential_text() -> &'static str {
    static TEXT: LazyLock<String> = LazyLock::new(|| {
        let credential = CredentialDraft {
            region: "CN-HA".parse().unwrap(),
            id: CredentialId::from_bytes([7; 8]),
            name: "Liu Yang 刘洋".into(),
            birth_date: "1980-02".into(),
            basis: "test".parse().ok(),
            ..drafts::typical()
        }
        .check()
        .unwrap();
        Sealed::sign(&credential, issuer()).unwrap().to_text()
    });
    &TEXT
}

/// A small trust list: Henan's own keys and one revocation, signed by the test root.
fn trust_list_bytes() -> &'static [u8] {
    static BYTES: LazyLock<Vec<u8>> = LazyLock::new(|| {
        TrustListDraft {
            owner: "CN-HA".parse().unwrap(),
            sequence: 3,
            issued_at: t(0),
            next_update: t(86_400),
            regions: vec![RegionEntry {
                region: "CN-HA".parse().unwrap(),
                name: "Henan".into(),
                root: root().public_key().clone(),
                statement_sequence: 1,
                keys: vec![IssuingKey::active(issuer().public_key().clone())],
                revoked: RevocationSet::from_ids([CredentialId::from_bytes([9; 8])]),
                policy: Policy::accepting([Status::Green, Status::Yellow]),
            }],
            succession: Default::default(),
        }
        .check()
        .unwrap()
        .sign(root())
        .unwrap()
    });
    &BYTES
}

/// The successor of the test root, and the record by which the test root names it.
fn successor() -> &'static (SigningKey, SignedSuccession) {
    static STEP: LazyLock<(SigningKey, SignedSuccession)> = LazyLock::new(|| {
        let next = SigningKey::from_seed([0x5c; 32]);
        let signed = succession::step("CN-HA", 1, root(), &next);
        (next, signed)
    });
    &STEP
}

/// The same list as [`trust_list_bytes`], signed by the root's successor and carrying the
/// succession: it opens under the test root too.
fn moved_list_bytes() -> &'static [u8] {
    static BYTES: LazyLock<Vec<u8>> = LazyLock::new(|| {
        let (next, step) = successor();
        let draft = TrustListDraft {
            succession: Succession::default().then(step.clone()).unwrap(),
            ..trust_list().to_draft()
        };
        draft.check().unwrap().sign(next).unwrap()
    });
    &BYTES
}

fn trust_list() -> &'static Verified<TrustList> {
    static LIST: LazyLock<Verified<TrustList>> =
        LazyLock::new(|| TrustList::open(trust_list_bytes(), root().public_key()).unwrap());
    &LIST
}

fn statement_bytes() -> &'static [u8] {
    static BYTES: LazyLock<Vec<u8>> = LazyLock::new(|| {
        IssuerStatement {
            region: "CN-HA".parse().unwrap(),
            name: "Henan".into(),
            root: root().public_key().clone(),
            sequence: 1,
            issued_at: t(0),
            keys: vec![IssuingKey::active(issuer().public_key().clone())],
            revoked: RevocationSet::default(),
            succession: Default::default(),
        }
        .sign(root())
        .unwrap()
    });
    &BYTES
}

/// An error message fit for one `error:` line: not empty, no line break or other control
/// character.
fn one_line(e: &impl Display) -> Result<(), TestCaseError> {
    let text = e.to_string();
    prop_assert!(!text.trim().is_empty(), "empty error message");
    prop_assert!(!text.chars().any(char::is_control), "error message with a control character: {text:?}");
    Ok(())
}

/// `bytes` with one to five bytes overwritten, removed or inserted anywhere.
fn damaged(bytes: &[u8]) -> impl Strategy<Value = Vec<u8>> {
    damage::bytes(bytes, 0, 1..6)
}

/// `text` with one to five characters replaced, removed or inserted, from `alphabet`.
fn damaged_text(text: &str, alphabet: &str) -> impl Strategy<Value = String> {
    damage::text(text, alphabet, 1..6)
}

fn check_text(text: &str) -> Result<(), TestCaseError> {
    match Sealed::from_text(text) {
        Err(e) => {
            one_line(&e)?;
            prop_assert!(!e.code().is_empty() && !e.layer().is_empty());
        }
        Ok(sealed) => {
            // Whatever decodes, verifying and reading the claims stay panic-free too.
            if let Err(e) = sealed.verify([issuer().public_key()]) {
                one_line(&e)?;
                prop_assert!(!e.code().is_empty());
            }
            if let Err(e) = sealed.claims_unverified() {
                one_line(&e)?;
            }
        }
    }
    Ok(())
}

fn check_cose(bytes: &[u8]) -> Result<(), TestCaseError> {
    match Sealed::from_cose_bytes(bytes) {
        Err(e) => {
            one_line(&e)?;
            prop_assert!(!e.code().is_empty());
        }
        Ok(sealed) => {
            let _ = sealed.verify([issuer().public_key()]);
            let _ = sealed.claims_unverified();
        }
    }
    Ok(())
}

fn check_documents(bytes: &[u8]) -> Result<(), TestCaseError> {
    match TrustList::open(bytes, root().public_key()) {
        Err(e) => {
            one_line(&e)?;
            prop_assert!(!e.code().is_empty());
        }
        Ok(_) => {
            prop_assert!(bytes == trust_list_bytes() || bytes == moved_list_bytes(), "a damaged list opened")
        }
    }
    if let Err(e) = TrustList::read_unverified(bytes) {
        one_line(&e)?;
    }
    match IssuerStatement::open(bytes, root().public_key()) {
        Err(e) => {
            one_line(&e)?;
            prop_assert!(!e.code().is_empty());
        }
        Ok(_) => prop_assert_eq!(bytes, statement_bytes(), "a damaged statement opened"),
    }
    if let Err(e) = IssuerStatement::read_unverified(bytes) {
        one_line(&e)?;
    }
    match SignedSuccession::from_bytes(bytes) {
        Err(e) => one_line(&e)?,
        Ok(_) => prop_assert_eq!(bytes, successor().1.as_bytes(), "a damaged succession opened"),
    }
    Ok(())
}

fn check_key_files(text: &str) -> Result<(), TestCaseError> {
    match PrivateKeyFile::parse(text) {
        Err(e) => one_line(&e)?,
        // Unlocking a plain key costs nothing; an encrypted one would run PBKDF2, not tried here.
        Ok(file) if !file.is_encrypted() => {
            if let Err(e) = file.unlock(b"") {
                one_line(&e)?;
            }
        }
        Ok(_) => {}
    }
    if let Err(e) = PublicKeyFile::parse(text) {
        one_line(&e)?;
    }
    Ok(())
}

fn check_decide(text: &str, offset: i64, skew: u64, reject_stale: bool) -> Result<(), TestCaseError> {
    let options = DecisionOptions {
        skew: std::time::Duration::from_secs(skew),
        stale_grace: std::time::Duration::from_secs(3600),
        stale: if reject_stale { StaleMode::Reject } else { StaleMode::Warn },
    };
    match decide(text, trust_list(), t(offset), &options) {
        // Only the undamaged credential, inside its window, can be accepted.
        Verdict::Accepted(a) => {
            prop_assert_eq!(text, credential_text());
            prop_assert_eq!(a.credential.id(), CredentialId::from_bytes([7; 8]));
        }
        Verdict::Rejected(r) => {
            one_line(&r.reason)?;
            prop_assert!(!r.reason.code().is_empty());
        }
    }
    Ok(())
}

/// Key file text: `Name: value` header lines (known names, arbitrary values) and a PEM block
/// with an arbitrary label and base64-alphabet body, or arbitrary text.
fn key_file_text() -> impl Strategy<Value = String> {
    let header = proptest::collection::vec(
        (prop::sample::select(vec!["Role", "Region", "Kid", "Not-After", "Note", "X"]), "[^\n]{0,20}"),
        0..4,
    );
    let label =
        prop::sample::select(vec!["PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PUBLIC KEY", "CERTIFICATE"]);
    prop_oneof![
        ".{0,200}",
        (header, label, "[A-Za-z0-9+/=\n]{0,120}", any::<bool>()).prop_map(|(header, label, body, end)| {
            let mut text: String = header.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            text.push_str(&format!("-----BEGIN {label}-----\n{body}\n"));
            if end {
                text.push_str(&format!("-----END {label}-----\n"));
            }
            text
        }),
    ]
}

/// A real key file with a little damage.
fn damaged_key_file() -> impl Strategy<Value = String> {
    let private = PrivateKeyFile::format_plain(
        &healthseal_core::KeyInfo {
            role: Some(healthseal_core::Role::Issuer),
            region: Some("CN-HA".parse().unwrap()),
            not_after: None,
            note: Some("test".into()),
        },
        issuer(),
    )
    .to_string();
    let public = PublicKeyFile {
        info: healthseal_core::KeyInfo { role: None, region: None, not_after: None, note: None },
        key: issuer().public_key().clone(),
    }
    .format();
    prop_oneof![damaged_text(&private, "ABCabc0189+/=-:\n "), damaged_text(&public, "ABCabc0189+/=-:\n "),]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn sealed_from_arbitrary_text(text in "\\PC{0,300}") {
        check_text(&text)?;
    }

    #[test]
    fn sealed_from_hs1_and_base45_alphabet(body in BASE45_TEXT) {
        if let Err(e) = base45::decode(&body) {
            one_line(&e)?;
        }
        check_text(&format!("HS1:{body}"))?;
    }

    #[test]
    fn sealed_from_a_damaged_credential_text(text in damaged_text(credential_text(), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:a")) {
        check_text(&text)?;
    }

    #[test]
    fn sealed_from_arbitrary_cose_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_cose(&bytes)?;
    }

    #[test]
    fn sealed_from_damaged_cose_bytes(bytes in damaged(Sealed::from_text(credential_text()).unwrap().cose_bytes())) {
        check_cose(&bytes)?;
    }

    #[test]
    fn trust_documents_from_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check_documents(&bytes)?;
    }

    #[test]
    fn trust_documents_damaged(bytes in prop_oneof![damaged(trust_list_bytes()), damaged(statement_bytes()),
        damaged(moved_list_bytes()), damaged(successor().1.as_bytes())]) {
        check_documents(&bytes)?;
    }

    #[test]
    fn key_files_from_arbitrary_text(text in key_file_text()) {
        check_key_files(&text)?;
    }

    #[test]
    fn key_files_damaged(text in damaged_key_file()) {
        check_key_files(&text)?;
    }

    #[test]
    fn decide_on_arbitrary_text(
        text in prop_oneof![
            "\\PC{0,200}",
            HS1_TEXT,
            damaged_text(credential_text(), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"),
        ],
        offset in -400_000i64..400_000,
        skew in 0u64..100_000,
        reject_stale in any::<bool>(),
    ) {
        check_decide(&text, offset, skew, reject_stale)?;
    }
}

#[test]
fn the_undamaged_inputs_are_accepted() {
    // The strategies start from inputs that decode: otherwise the tests above would only ever
    // see the first layer fail.
    assert!(Sealed::from_text(credential_text()).unwrap().verify([issuer().public_key()]).is_ok());
    assert!(IssuerStatement::open(statement_bytes(), root().public_key()).is_ok());
    let verdict = decide(credential_text(), trust_list(), t(3600), &DecisionOptions::default());
    assert!(matches!(verdict, Verdict::Accepted(_)), "{verdict:?}");
}
