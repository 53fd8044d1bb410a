//! `healthseal trust revoke`: credentials of this province, by id or from the credential itself.

use std::path::PathBuf;

use healthseal_core::{CredentialId, RegionEntry, Sealed};

use super::source_file::{read_source, write_source};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::Source;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Credential id to revoke (16 hex digits, as `inspect` shows it); repeat for several
    #[arg(long = "cti", value_name = "HEX", required_unless_present = "credentials")]
    pub ids: Vec<String>,
    /// A credential (text file or HS1: text) of this province to revoke; repeat for several
    #[arg(long = "credential", value_name = "FILE")]
    pub credentials: Vec<String>,
}

pub fn run(a: Args) -> CliResult {
    let (_lock, mut source) = read_source(&a.source)?;
    let mut ids = a
        .ids
        .iter()
        .map(|s| s.parse::<CredentialId>().map_err(CliError::usage))
        .collect::<Result<Vec<_>, _>>()?;
    let own = source.own_entry();
    for input in &a.credentials {
        ids.push(own_credential_id(input, &own)?);
    }
    let added = ids.iter().filter(|id| source.revoke(**id)).count();
    write_source(&a.source, &source, &[])?;
    output::line(&format!(
        "{added} credential(s) revoked ({} already were); {} revoked in all",
        ids.len() - added,
        source.revoked().len()
    ));
    output::line("publish a new statement and trust list to put it into effect");
    Ok(Outcome::Success)
}

/// The id of a credential this province issued: its signature must hold under one of the
/// province's own issuing keys, so nobody revokes by mistake what another province issued.
fn own_credential_id(input: &str, own: &RegionEntry) -> CliResult<CredentialId> {
    let text = Source::parse(input).read()?;
    let sealed = Sealed::from_text(&text)
        .map_err(|e| CliError::unreadable(format!("{input}: not a credential: {e}")))?;
    let verified = sealed.verify(own.keys.iter().map(|k| &k.key)).map_err(|e| {
        CliError::usage(format!("{input}: {e}"))
            .hint(format!("only credentials issued by {}'s own keys can be revoked here", own.region))
    })?;
    Ok(verified.id())
}
