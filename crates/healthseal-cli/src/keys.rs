//! Loading key files for commands.

use std::path::Path;

use healthseal_core::{KeyInfo, PrivateKeyFile, SigningKey};

use crate::exit::{CliError, CliResult};
use crate::files;
use crate::passphrase;

/// Reads a private key file, asking for its passphrase if it is encrypted (once per run).
pub fn load_private(path: &Path) -> CliResult<(KeyInfo, SigningKey)> {
    let text = files::read_config(path, "key file")?;
    let file = PrivateKeyFile::parse(&text)
        .map_err(|e| CliError::usage(format!("key file {}: {e}", path.display())))?;
    let info = file.info.clone();
    let pass = if file.is_encrypted() { Some(passphrase::existing(path)?) } else { None };
    let key = file.unlock(pass.as_ref().map(|p| p.as_bytes()).unwrap_or_default()).map_err(|e| {
        let err = CliError::usage(format!("key file {}: {e}", path.display()));
        if pass.is_some() {
            err.hint(format!("check the passphrase (from {} or the prompt)", passphrase::ENV))
        } else {
            err
        }
    })?;
    Ok((info, key))
}
