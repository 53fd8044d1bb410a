//! Keys in PKCS#11 tokens, for the commands that sign or make keys: the module from
//! `--pkcs11-module` or HEALTHSEAL_PKCS11_MODULE, the user PIN from HEALTHSEAL_PKCS11_PIN or the
//! terminal (never a flag: flags end up in shell histories and process lists).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use healthseal_core::{KeyInfo, PublicKeyFile, Signer};
use healthseal_pkcs11::{KeyUri, Module, TokenError, TokenKey};
use zeroize::Zeroizing;

use crate::args::TokenArgs;
use crate::exit::{CliError, CliResult};

pub const MODULE_ENV: &str = "HEALTHSEAL_PKCS11_MODULE";
pub const PIN_ENV: &str = "HEALTHSEAL_PKCS11_PIN";

/// A key that signs, from a file or a token.
pub type AnySigner = Box<dyn Signer + Send + Sync>;

/// The module, loaded once per run (a PKCS#11 module is initialised once per process).
fn module(args: &TokenArgs) -> CliResult<&'static Module> {
    static MODULE: OnceLock<Module> = OnceLock::new();
    if let Some(module) = MODULE.get() {
        return Ok(module);
    }
    let path: PathBuf = match (&args.pkcs11_module, std::env::var_os(MODULE_ENV)) {
        (Some(path), _) => path.clone(),
        (None, Some(path)) if !path.is_empty() => PathBuf::from(path),
        _ => {
            return Err(CliError::usage("a pkcs11: key needs the token's PKCS#11 module").hint(format!(
                "pass --pkcs11-module PATH or set {MODULE_ENV} (SoftHSM: /usr/lib/softhsm/libsofthsm2.so)"
            )))
        }
    };
    let loaded = Module::load(&path).map_err(token_error)?;
    Ok(MODULE.get_or_init(|| loaded))
}

/// The URI is not echoed in the error: a mistaken one may carry a PIN.
fn parse_uri(text: &str) -> CliResult<KeyUri> {
    text.parse().map_err(|e| CliError::usage(format!("the pkcs11: key URI: {e}")))
}

/// The user PIN for `uri`'s token.
fn pin(uri: &KeyUri) -> CliResult<Zeroizing<String>> {
    if let Some(pin) = std::env::var_os(PIN_ENV) {
        return pin
            .into_string()
            .map(Zeroizing::new)
            .map_err(|_| CliError::usage(format!("{PIN_ENV} is not valid UTF-8")));
    }
    let no_terminal = || {
        CliError::usage(format!(
            "the PIN of token {:?} is needed but there is no terminal to ask on",
            uri.token
        ))
        .hint(format!("set {PIN_ENV} in the environment"))
    };
    if !std::io::stderr().is_terminal() {
        return Err(no_terminal());
    }
    rpassword::prompt_password(format!("User PIN for token {:?}: ", uri.token))
        .map(Zeroizing::new)
        .map_err(|_| no_terminal())
}

/// The key a `pkcs11:` URI names, and its description.
pub fn open(text: &str, args: &TokenArgs) -> CliResult<(KeyInfo, AnySigner)> {
    let uri = parse_uri(text)?;
    let module = module(args)?;
    let pin = pin(&uri)?;
    let (info, key) = TokenKey::open(module, &uri, &pin).map_err(token_error)?;
    Ok((info, Box::new(key)))
}

/// Generates a key pair inside the token `text` names; returns its public key file.
pub fn generate(text: &str, info: &KeyInfo, args: &TokenArgs) -> CliResult<PublicKeyFile> {
    let uri = parse_uri(text)?;
    let module = module(args)?;
    let pin = pin(&uri)?;
    healthseal_pkcs11::generate(module, &uri, &pin, info).map_err(token_error)
}

/// Whether a `--key`/`--root`/`--out` value names a token key.
pub fn is_token_key(path: &Path) -> bool {
    path.to_str().is_some_and(healthseal_pkcs11::is_pkcs11_uri)
}

fn token_error(e: TokenError) -> CliError {
    let hint = match &e {
        TokenError::Module { .. } => Some(format!("check --pkcs11-module or {MODULE_ENV}")),
        TokenError::WrongPin { .. } => Some(format!("check the PIN (from {PIN_ENV} or the prompt)")),
        TokenError::NoToken { .. } => {
            Some("list the tokens with: pkcs11-tool --module MODULE --list-token-slots".into())
        }
        TokenError::NoKey { .. } => {
            Some("list the keys with: pkcs11-tool --module MODULE --login --list-objects".into())
        }
        _ => None,
    };
    let err = CliError::usage(e);
    match hint {
        Some(hint) => err.hint(hint),
        None => err,
    }
}
