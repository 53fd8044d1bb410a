//! `healthseal trust policy`: the terms for this province's own credentials, or for a
//! recognised province's; the terms not given stay.

use std::path::PathBuf;

use healthseal_core::Region;

use super::source_file::{read_source, source_error, write_source};
use super::terms::{terms, warn_unbounded, PolicyArgs};
use crate::args::parse_region;
use crate::exit::{CliError, CliResult, Outcome};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Region whose terms to set (default: this province)
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    #[command(flatten)]
    pub policy: PolicyArgs,
}

pub fn run(a: Args) -> CliResult {
    if !a.policy.given() {
        return Err(CliError::usage("no term to change")
            .hint("give the terms to change, e.g. --accept green,yellow --max-age 48h --max-validity none"));
    }
    let (_lock, mut source) = read_source(&a.source)?;
    let region = a.region.unwrap_or_else(|| source.region().clone());
    let policy = source.edit_policy(&region, |p| a.policy.apply(p)).map_err(source_error(&a.source))?;
    write_source(&a.source, &source, &[])?;
    output::line(&format!("{region}: {}", terms(&policy)));
    warn_unbounded(region.as_str(), &policy);
    Ok(Outcome::Success)
}
