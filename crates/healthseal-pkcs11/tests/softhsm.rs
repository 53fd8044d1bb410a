//! Keys in a real token: Debian's SoftHSM2, with throwaway tokens under a temporary
//! SOFTHSM2_CONF. Skipped (saying so) where softhsm2 is not installed, unless
//! HEALTHSEAL_PKCS11_TESTS=required (`.ci/run` installs it and sets that).

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use healthseal_core::{KeyInfo, Role, Signer};
use healthseal_pkcs11::{generate, KeyUri, Module, TokenError, TokenKey};
use healthseal_test_support::softhsm::{SoftHsm, MODULE};

const PIN: &str = "123456";
/// Tokens made before the module is loaded (SoftHSM reads its token folder when initialised).
const TOKENS: [&str; 4] = ["keygen", "sign", "errors", "foreign"];

struct Hsm {
    module: Module,
    tokens: SoftHsm,
}

fn hsm() -> Option<&'static Hsm> {
    static HSM: OnceLock<Option<Hsm>> = OnceLock::new();
    HSM.get_or_init(|| {
        let tokens = SoftHsm::with_tokens(&TOKENS, PIN)?;
        // The module reads SOFTHSM2_CONF when it is initialised, once for this test process.
        std::env::set_var("SOFTHSM2_CONF", tokens.conf());
        let module = Module::load(Path::new(MODULE)).unwrap();
        Some(Hsm { module, tokens })
    })
    .as_ref()
}

fn uri(token: &str, object: &str) -> KeyUri {
    format!("pkcs11:token={token};object={object}").parse().unwrap()
}

fn issuer_info() -> KeyInfo {
    KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() }
}

/// pkcs11-tool's listing of a token's objects (opensc, an independent PKCS#11 client).
fn list_objects(hsm: &Hsm, token: &str) -> String {
    let out = Command::new("pkcs11-tool")
        .args(["--module", MODULE, "--token-label", token, "--login", "--pin", PIN, "--list-objects"])
        .env("SOFTHSM2_CONF", hsm.tokens.conf())
        .output()
        .expect("pkcs11-tool (Debian: opensc)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn keygen_makes_a_sensitive_never_extractable_key_inside_the_token() {
    let Some(hsm) = hsm().filter(|_| SoftHsm::has_pkcs11_tool()) else { return };
    let file = generate(&hsm.module, &uri("keygen", "issuer-2026"), PIN, &issuer_info()).unwrap();
    assert_eq!(file.info, issuer_info());
    let listing = list_objects(hsm, "keygen");
    // The private key as another PKCS#11 client sees it.
    let private = listing.split("Private Key Object").nth(1).expect(&listing);
    let private = private.split("Object;").next().unwrap_or(private);
    assert!(private.contains("EC_EDWARDS") || private.contains("EC-EDWARDS"), "{listing}");
    assert!(private.contains("label:      issuer-2026"), "{listing}");
    assert!(private.contains("sensitive, always sensitive, never extractable"), "{listing}");
    assert!(private.contains("sign"), "{listing}");
    // Generating the same label again is refused and leaves the token as it was.
    let again = generate(&hsm.module, &uri("keygen", "issuer-2026"), PIN, &issuer_info()).unwrap_err();
    assert!(matches!(again, TokenError::Exists { .. }), "{again}");
    assert_eq!(list_objects(hsm, "keygen"), listing);
}

#[test]
fn a_token_key_signs_what_its_public_key_verifies() {
    let Some(hsm) = hsm() else { return };
    let made = generate(&hsm.module, &uri("sign", "issuer"), PIN, &issuer_info()).unwrap();
    let (info, key) = TokenKey::open(&hsm.module, &uri("sign", "issuer"), PIN).unwrap();
    assert_eq!(info, issuer_info());
    assert_eq!(key.public_key(), &made.key);
    for message in [&b""[..], b"healthseal", &[0xA5; 4096]] {
        let signature = key.sign(message).unwrap();
        assert!(made.key.verify(message, &signature).is_ok());
    }
    // Ed25519 is deterministic: the token's signature is the one RFC 8032 defines.
    assert_eq!(key.sign(b"x").unwrap(), key.sign(b"x").unwrap());
}

#[test]
fn every_way_of_naming_the_wrong_key_is_refused_with_a_reason() {
    let Some(hsm) = hsm() else { return };
    generate(&hsm.module, &uri("errors", "good"), PIN, &issuer_info()).unwrap();
    let open = |u: KeyUri, pin: &str| TokenKey::open(&hsm.module, &u, pin).map(|_| ()).unwrap_err();
    match open(uri("errors", "good"), "654321") {
        TokenError::WrongPin { token } => assert_eq!(token, "errors"),
        other => panic!("{other}"),
    }
    match open(uri("nowhere", "good"), PIN) {
        TokenError::NoToken { label, present } => {
            assert_eq!(label, "nowhere");
            assert!(present.contains("\"errors\""), "{present}");
        }
        other => panic!("{other}"),
    }
    assert!(matches!(open(uri("errors", "missing"), PIN), TokenError::NoKey { .. }));
    let err = Module::load(Path::new("/nonexistent/libpkcs11.so")).unwrap_err();
    assert!(matches!(err, TokenError::Module { .. }), "{err}");
}

#[test]
fn keys_made_by_other_tools_are_refused() {
    let Some(hsm) = hsm().filter(|_| SoftHsm::has_pkcs11_tool()) else { return };
    let keypairgen = |key_type: &str, label: &str| {
        let out = Command::new("pkcs11-tool")
            .args(["--module", MODULE, "--token-label", "foreign", "--login", "--pin", PIN, "--keypairgen"])
            .args(["--key-type", key_type, "--label", label])
            .env("SOFTHSM2_CONF", hsm.tokens.conf())
            .output()
            .expect("pkcs11-tool (Debian: opensc)");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    // An Ed25519 key without a healthseal description: its role and region are unknown.
    keypairgen("EC:edwards25519", "bare");
    let err = TokenKey::open(&hsm.module, &uri("foreign", "bare"), PIN).unwrap_err();
    assert!(matches!(err, TokenError::NoKeyInfo { .. }), "{err}");
    // A P-256 key is not an Ed25519 key.
    keypairgen("EC:prime256v1", "p256");
    let err = TokenKey::open(&hsm.module, &uri("foreign", "p256"), PIN).unwrap_err();
    assert!(matches!(err, TokenError::WrongKeyType { .. }), "{err}");
}
