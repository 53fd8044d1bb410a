//! `healthseal trust add-key`: one of this province's issuing keys, into its source.

use std::path::PathBuf;

use healthseal_core::{IssuingKey, KeyStatus, Role, Timestamp};

use super::source_file::{read_source, source_error, write_source};
use crate::args::parse_time;
use crate::exit::{CliError, CliResult, Outcome};
use crate::files;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// The issuing key's public key file
    #[arg(long, value_name = "ISSUER.pub")]
    pub key: PathBuf,
    /// Earliest issue time it may sign (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_before: Option<Timestamp>,
    /// Latest issue time it may sign (RFC 3339; default: the key file's Not-After)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_after: Option<Timestamp>,
    /// The issuing site the key belongs to (a hospital, a testing station): one key per site
    /// lets one site's key be cut off without touching the others
    #[arg(long, value_name = "LABEL")]
    pub site: Option<String>,
}

pub fn run(a: Args) -> CliResult {
    if let Some(site) = &a.site {
        IssuingKey::check_site(site).map_err(|problem| CliError::usage(format!("--site {problem}")))?;
    }
    let key = files::read_public(&a.key, "issuing key")?;
    let (_lock, mut source) = read_source(&a.source)?;
    if key.info.role == Some(Role::Root) {
        return Err(CliError::usage(format!(
            "{} is a root key; only issuing keys sign credentials",
            a.key.display()
        )));
    }
    if let Some(region) = &key.info.region {
        if region != source.region() {
            return Err(CliError::usage(format!(
                "{} belongs to {region}, but this source is for {}",
                a.key.display(),
                source.region()
            )));
        }
    }
    let issuing = IssuingKey {
        key: key.key.clone(),
        not_before: a.not_before,
        not_after: a.not_after.or(key.info.not_after),
        status: KeyStatus::Active,
        site: a.site.clone(),
    };
    source.add_key(issuing).map_err(source_error(&a.source))?;
    write_source(&a.source, &source, &[&a.key])?;
    let site = a.site.as_deref().map(|s| format!(" (site {s})")).unwrap_or_default();
    output::line(&format!("added issuing key {}{site} to {}", key.key.kid(), a.source.display()));
    Ok(Outcome::Success)
}
