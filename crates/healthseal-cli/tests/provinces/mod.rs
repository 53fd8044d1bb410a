//! The folder the trust-office tests run in: the demo provinces' keys, their trust sources and
//! the fixture trust documents, and a checkpoint pinned to Henan's root.

use std::path::Path;
use std::process::Output;

use healthseal_test_support::cli::{folder_with, Healthseal};

const HEALTHSEAL: Healthseal = Healthseal::new(env!("CARGO_BIN_EXE_healthseal"));

/// A folder with the demo provinces' keys and the fixture trust documents.
pub fn setup() -> tempfile::TempDir {
    folder_with(&[
        ("keys/CN-HA/root.key", "ha-root.key"),
        ("keys/CN-HA/root.key.pub", "ha-root.key.pub"),
        ("keys/CN-HA/issuer-2026.key", "ha-issuer.key"),
        ("keys/CN-HA/issuer-2026.key.pub", "ha-issuer.key.pub"),
        ("keys/CN-ZJ/root.key", "zj-root.key"),
        ("keys/CN-ZJ/root.key.pub", "zj-root.key.pub"),
        ("keys/CN-ZJ/issuer-2026.key.pub", "zj-issuer.key.pub"),
        ("fixtures/trust/ha.trust.toml", "ha.trust.toml"),
        ("fixtures/trust/zj.statement-1", "zj.statement-1"),
        ("fixtures/trust/zj.statement-2", "zj.statement-2"),
        ("fixtures/trust/ha.trust-list-1", "ha.trust-list-1"),
        ("fixtures/trust/ha.trust-list-2", "ha.trust-list-2"),
        ("fixtures/trust/zj.trust-list-1", "zj.trust-list-1"),
        ("fixtures/trust/zj.trust.toml", "zj.trust.toml"),
        ("fixtures/credentials/typical_green.txt", "green.txt"),
    ])
}

/// `verify` of the fixture green credential with `list`, at a checkpoint pinned to Henan's root,
/// on 2026-11-25 at 04:00 UTC.
pub fn verify_green(dir: &Path, list: &str) -> Output {
    let args = ["--root", "ha-root.key.pub", "--at", "2026-11-25T04:00:00Z", "green.txt"];
    HEALTHSEAL.run(dir, &[&["verify", "--trust", list][..], &args].concat())
}
