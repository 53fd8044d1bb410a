//! Fixtures shared by the fuzz targets, compiled in (`include_str!`/`include_bytes!`) so a target
//! runs from any folder and reads no file while fuzzing. Every key here is a published TEST ONLY
//! demo key (keys/README.md).

use std::sync::OnceLock;

use healthseal_core::{
    DecisionOptions, PrivateKeyFile, PublicKey, PublicKeyFile, SecretKeyBody, SigningKey, Timestamp,
    TrustList, Verified,
};
use healthseal_verifier::Verifier;

/// Henan's root (public), which signs `fixtures/trust/ha.*`.
pub const HA_ROOT_PUB: &str = include_str!("../../keys/CN-HA/root.key.pub");
/// Zhejiang's root (public), which signs `fixtures/trust/zj.*`.
pub const ZJ_ROOT_PUB: &str = include_str!("../../keys/CN-ZJ/root.key.pub");
/// Henan's root (private), to re-sign a fuzzed trust list so that `decide` can run under it.
pub const HA_ROOT_KEY: &str = include_str!("../../keys/CN-HA/root.key");
/// Zhejiang's issuing key (private), which signed `fixtures/credentials/*`.
pub const ZJ_ISSUER_KEY: &str = include_str!("../../keys/CN-ZJ/issuer-2026.key");
/// Henan's trust list, recognising Zhejiang (green only, 48 h max age).
pub const HA_TRUST_LIST: &[u8] = include_bytes!("../../fixtures/trust/ha.trust-list-1");
/// The fixture credentials, all signed by Zhejiang's issuing key.
pub const CREDENTIALS: [&str; 5] = [
    include_str!("../../fixtures/credentials/typical_green.txt"),
    include_str!("../../fixtures/credentials/basis_vaccination.txt"),
    include_str!("../../fixtures/credentials/cjk_name_yellow.txt"),
    include_str!("../../fixtures/credentials/not_before_later.txt"),
    include_str!("../../fixtures/credentials/red_partial_birth_year.txt"),
];

/// The fixed time every decision is made at: one hour after the fixtures were issued, inside
/// ha.trust-list-1's validity (the time fixtures/camera/expected.toml checks most photos at).
pub const NOW_RFC3339: &str = "2026-11-25T01:00:00Z";

/// Everything a target needs, built once per process.
pub struct Fixtures {
    /// Henan's root public key.
    pub ha_root: PublicKey,
    /// Zhejiang's root public key.
    pub zj_root: PublicKey,
    /// Henan's root signing key.
    pub ha_root_signer: SigningKey,
    /// Zhejiang's issuing key.
    pub zj_issuer: SigningKey,
    /// ha.trust-list-1, opened under Henan's root.
    pub list: Verified<TrustList>,
    /// A checkpoint loaded with ha.trust-list-1.
    pub verifier: Verifier,
    /// [`NOW_RFC3339`].
    pub now: Timestamp,
    /// Default decision options.
    pub options: DecisionOptions,
}

fn public(text: &str) -> PublicKey {
    PublicKeyFile::parse(text).expect("fixture public key parses").key
}

fn private(text: &str) -> SigningKey {
    match PrivateKeyFile::parse(text).expect("fixture private key parses").body {
        SecretKeyBody::Plain(key) => *key,
        _ => panic!("fixture keys are not encrypted"),
    }
}

/// The fixtures, parsed on first use (a failure here is a broken fixture, not a finding).
pub fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let ha_root = public(HA_ROOT_PUB);
        let options = DecisionOptions::default();
        Fixtures {
            list: TrustList::open(HA_TRUST_LIST, &ha_root).expect("ha.trust-list-1 opens"),
            verifier: Verifier::new(&ha_root, HA_TRUST_LIST, options).expect("the verifier loads"),
            zj_root: public(ZJ_ROOT_PUB),
            ha_root_signer: private(HA_ROOT_KEY),
            zj_issuer: private(ZJ_ISSUER_KEY),
            now: Timestamp::parse_rfc3339(NOW_RFC3339).expect("fixed time parses"),
            options,
            ha_root,
        }
    })
}
