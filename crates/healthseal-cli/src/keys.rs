//! Loading key files for commands.

use std::path::Path;

use healthseal_core::{KeyInfo, PrivateKeyFile, SigningKey};

use crate::args::TokenArgs;
use crate::exit::{CliError, CliResult};
use crate::files;
use crate::passphrase;
use crate::token::{self, AnySigner};

/// A signing key named on the command line: a key file, or a key in a PKCS#11 token
/// (`pkcs11:token=LABEL;object=LABEL`), with what it is for.
pub fn load_signer(path: &Path, token_args: &TokenArgs) -> CliResult<(KeyInfo, AnySigner)> {
    if token::is_token_key(path) {
        return token::open(&path.to_string_lossy(), token_args);
    }
    let (info, key) = load_private(path)?;
    Ok((info, Box::new(key)))
}

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
