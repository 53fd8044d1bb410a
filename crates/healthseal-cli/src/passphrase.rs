//! Passphrases: from `HEALTHSEAL_PASSPHRASE`, or asked for on the terminal without echo.

use std::io::IsTerminal;

use zeroize::Zeroizing;

use crate::exit::{CliError, CliResult};

pub const ENV: &str = "HEALTHSEAL_PASSPHRASE";

/// Shortest passphrase accepted for a new encrypted key.
const MIN_NEW_LEN: usize = 8;

fn from_env() -> Option<Zeroizing<String>> {
    std::env::var(ENV).ok().map(Zeroizing::new)
}

fn no_terminal() -> CliError {
    CliError::usage("a passphrase is needed but there is no terminal to ask on")
        .hint(format!("set {ENV} in the environment"))
}

/// The passphrase for an existing encrypted key.
pub fn existing(path: &std::path::Path) -> CliResult<Zeroizing<String>> {
    if let Some(p) = from_env() {
        return Ok(p);
    }
    if !std::io::stderr().is_terminal() {
        return Err(no_terminal());
    }
    rpassword::prompt_password(format!("Passphrase for {}: ", path.display()))
        .map(Zeroizing::new)
        .map_err(|_| no_terminal())
}

/// A passphrase for a new encrypted key, asked twice on a terminal.
pub fn new() -> CliResult<Zeroizing<String>> {
    let pass = match from_env() {
        Some(p) => p,
        None => {
            if !std::io::stderr().is_terminal() {
                return Err(no_terminal());
            }
            let first =
                Zeroizing::new(rpassword::prompt_password("New passphrase: ").map_err(|_| no_terminal())?);
            let second =
                Zeroizing::new(rpassword::prompt_password("Repeat passphrase: ").map_err(|_| no_terminal())?);
            if first != second {
                return Err(CliError::usage("the two passphrases differ; nothing was written"));
            }
            first
        }
    };
    if pass.chars().count() < MIN_NEW_LEN {
        return Err(CliError::usage(format!("the passphrase is shorter than {MIN_NEW_LEN} characters"))
            .hint("use a longer passphrase; a few unrelated words work well"));
    }
    Ok(pass)
}
