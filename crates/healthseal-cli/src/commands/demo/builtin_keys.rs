//! The TEST ONLY demo provinces' keys, built into the binary from `keys/` so that `healthseal demo`
//! runs from anywhere with no set-up. Their seeds are public (see crates/healthseal-fixtures):
//! never trust these keys.

use healthseal_core::{KeyInfo, PrivateKeyFile, Role, SigningKey};

use crate::exit::{CliError, CliResult};

pub const ZJ_ROOT: &str = include_str!("../../../../../keys/CN-ZJ/root.key");
pub const ZJ_ISSUER: &str = include_str!("../../../../../keys/CN-ZJ/issuer-2026.key");
pub const HA_ROOT: &str = include_str!("../../../../../keys/CN-HA/root.key");
pub const HA_ISSUER: &str = include_str!("../../../../../keys/CN-HA/issuer-2026.key");

/// Every file of `keys/` the binary carries, by its path there: what the demo copies into its
/// folder so that the commands it suggests can sign with them.
pub const FILES: [(&str, &str); 8] = [
    ("CN-ZJ/root.key", ZJ_ROOT),
    ("CN-ZJ/root.key.pub", include_str!("../../../../../keys/CN-ZJ/root.key.pub")),
    ("CN-ZJ/issuer-2026.key", ZJ_ISSUER),
    ("CN-ZJ/issuer-2026.key.pub", include_str!("../../../../../keys/CN-ZJ/issuer-2026.key.pub")),
    ("CN-HA/root.key", HA_ROOT),
    ("CN-HA/root.key.pub", include_str!("../../../../../keys/CN-HA/root.key.pub")),
    ("CN-HA/issuer-2026.key", HA_ISSUER),
    ("CN-HA/issuer-2026.key.pub", include_str!("../../../../../keys/CN-HA/issuer-2026.key.pub")),
];

/// Seed of the demo's Guangdong (CN-GD) issuing key, a province no demo trust list recognises.
/// Public, like every demo seed: TEST ONLY. It is never written to a file.
const GD_ISSUER_SEED: [u8; 32] = *b"healthseal TEST ONLY CN-GD 2026!";

/// Reads one of the built-in key files.
pub fn load(text: &str) -> CliResult<(KeyInfo, SigningKey)> {
    let broken =
        |e: healthseal_core::KeyFileError| CliError::usage(format!("built-in demo key is damaged: {e}"));
    let file = PrivateKeyFile::parse(text).map_err(broken)?;
    let info = file.info.clone();
    Ok((info, file.unlock(b"").map_err(broken)?))
}

/// The Guangdong issuing key, made in memory.
pub fn guangdong_issuer() -> CliResult<(KeyInfo, SigningKey)> {
    let region = "CN-GD".parse().map_err(|e| CliError::usage(format!("built-in demo region: {e}")))?;
    let info = KeyInfo {
        role: Some(Role::Issuer),
        region: Some(region),
        not_after: None,
        note: Some("TEST ONLY - demo key, its seed is public; never trust it".into()),
    };
    Ok((info, SigningKey::from_seed(GD_ISSUER_SEED)))
}
