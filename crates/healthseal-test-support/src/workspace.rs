//! Where the repository is, for tests that read committed keys and fixtures.

use std::path::{Path, PathBuf};

/// The workspace root (the folder holding `keys/`, `fixtures/` and `docs/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}
