//! The TEST ONLY demo provinces, built into the binary from `keys/` so that `healthseal demo`
//! runs from anywhere with no set-up. Their seeds are public (see crates/healthseal-fixtures):
//! never trust these keys.

use healthseal_core::{KeyInfo, PrivateKeyFile, SigningKey};

use crate::exit::{CliError, CliResult};

pub const ZJ_ROOT: &str = include_str!("../../../keys/CN-ZJ/root.key");
pub const ZJ_ISSUER: &str = include_str!("../../../keys/CN-ZJ/issuer-2026.key");
pub const HA_ROOT: &str = include_str!("../../../keys/CN-HA/root.key");
pub const HA_ISSUER: &str = include_str!("../../../keys/CN-HA/issuer-2026.key");

/// Reads one of the built-in key files.
pub fn load(text: &str) -> CliResult<(KeyInfo, SigningKey)> {
    let broken =
        |e: healthseal_core::KeyFileError| CliError::usage(format!("built-in demo key is damaged: {e}"));
    let file = PrivateKeyFile::parse(text).map_err(broken)?;
    let info = file.info.clone();
    Ok((info, file.unlock(b"").map_err(broken)?))
}
