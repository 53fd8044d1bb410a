//! An issuer from a key file, for the commands that sign credentials (`sign`, `issue`), and
//! their refusals put for people.

use std::path::Path;

use healthseal_core::Region;
use healthseal_issuer::{CardError, IssueError, Issuer, IssuerError};

use crate::args::TokenArgs;
use crate::exit::{CliError, CliResult};
use crate::keys;

/// Loads the issuing key at `path` (asking for its passphrase if it is encrypted) as an issuer
/// for its region, or for `region` when the key file does not name one.
pub fn load_issuer(path: &Path, region: Option<Region>, token: &TokenArgs) -> CliResult<Issuer> {
    let (info, key) = keys::load_signer(path, token)?;
    Issuer::new(key, &info, region).map_err(|e| issuer_error(path, e))
}

fn issuer_error(key: &Path, e: IssuerError) -> CliError {
    let what = if crate::token::is_token_key(key) { "token key" } else { "key file" };
    let err = CliError::usage(format!("{what} {}: {e}", key.display()));
    match e {
        IssuerError::RootKey => {
            err.hint("sign credentials with an issuing key (healthseal keygen --role issuer)")
        }
        IssuerError::NoRegion => err.hint("pass --region CODE"),
        _ => err,
    }
}

/// A credential the issuer refused to sign.
pub fn issue_error(e: IssueError) -> CliError {
    match e {
        IssueError::KeyExpired { .. } => {
            CliError::usage(e).hint("create a new issuing key with healthseal keygen")
        }
        other => CliError::usage(other),
    }
}

/// A card that cannot be drawn; nothing is written.
pub fn card_error(e: CardError) -> CliError {
    CliError::usage(format!("cannot draw the card: {e}")).hint("nothing was written")
}
