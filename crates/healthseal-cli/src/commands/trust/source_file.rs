//! The trust source file as the trust commands use it: read under a lock, written back whole,
//! and the root key that signs what it compiles into.

use std::path::Path;

use healthseal_core::{Kid, PublicKeyFile, Role};
use healthseal_trust_office::{SourceError, TrustSource};

use crate::args::TokenArgs;
use crate::exit::{CliError, CliResult};
use crate::files::{self, Output};
use crate::keys;
use crate::token::AnySigner;

/// A source error, with the file it is about.
pub fn source_error(path: &Path) -> impl Fn(SourceError) -> CliError + '_ {
    move |e| CliError::usage(format!("{}: {e}", path.display()))
}

/// Reads a trust source to change it, holding its lock until the returned guard is dropped:
/// edits running at the same time follow one another, and none is lost.
pub fn read_source(path: &Path) -> CliResult<(files::EditLock, TrustSource)> {
    let lock = files::lock_for_edit(path, "trust source")?;
    let text = files::read_config_sized(path, "trust source", files::MAX_SOURCE_LEN)?;
    Ok((lock, TrustSource::parse(&text).map_err(source_error(path))?))
}

/// Writes a changed source back whole (`inputs`: files the command read, never overwritten).
pub fn write_source(path: &Path, source: &TrustSource, inputs: &[&Path]) -> CliResult<()> {
    let text = source.to_toml().map_err(source_error(path))?;
    files::write_all_or_nothing(
        &[Output { path, contents: text.as_bytes(), mode: 0o644, replace: true }],
        inputs,
    )
}

/// A root public key file: any healthseal public key file but an issuing key's.
pub fn read_root_public(path: &Path, what: &str) -> CliResult<PublicKeyFile> {
    let file = files::read_public(path, what)?;
    if file.info.role == Some(Role::Issuer) {
        return Err(CliError::usage(format!("{} is an issuing key, not a root key", path.display())));
    }
    Ok(file)
}

/// The root signing key, checked against the source: a root key of this province.
pub fn load_root(path: &Path, source: &TrustSource, token: &TokenArgs) -> CliResult<AnySigner> {
    let (info, key) = keys::load_signer(path, token)?;
    if info.role == Some(Role::Issuer) {
        return Err(CliError::usage(format!(
            "{} is an issuing key; trust documents are signed with the root key",
            path.display()
        )));
    }
    let expected = source.root();
    let steps = source.succession().steps();
    if let Some(step) = steps.iter().find(|s| s.record().old_root == *key.public_key()) {
        return Err(CliError::usage(format!(
            "{} (kid {}) is the root this province replaced at root succession #{}; its root is now {}",
            path.display(),
            key.public_key().kid(),
            step.record().number,
            expected.kid()
        ))
        .hint("sign with the current root key"));
    }
    if key.public_key() != expected {
        return Err(CliError::usage(format!(
            "{} (kid {}) is not the root key of this source (kid {})",
            path.display(),
            key.public_key().kid(),
            expected.kid()
        )));
    }
    Ok(key)
}

/// The kid given with `--kid`; text that is no kid at all names no key in the source either.
pub fn own_kid(source: &Path, text: &str) -> CliResult<Kid> {
    text.parse().map_err(|_| {
        CliError::usage(format!(
            "{}: no issuing key with kid {} in this source",
            source.display(),
            text.to_ascii_lowercase()
        ))
    })
}
