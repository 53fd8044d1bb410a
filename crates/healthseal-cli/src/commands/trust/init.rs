//! `healthseal trust init`: a new trust source for a province.

use std::path::PathBuf;

use healthseal_core::Region;
use healthseal_trust_office::TrustSource;

use super::source_file::{read_root_public, source_error};
use super::terms::warn_unbounded;
use crate::args::parse_region;
use crate::exit::{CliResult, Outcome};
use crate::files::{self, Output};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// This province's region code
    #[arg(long, value_parser = parse_region)]
    pub region: Region,
    /// This province's name, for people (default: the region code)
    #[arg(long)]
    pub name: Option<String>,
    /// This province's root public key file
    #[arg(long, value_name = "ROOT.pub")]
    pub root: PathBuf,
    /// Source file to create
    #[arg(long, value_name = "SRC")]
    pub out: PathBuf,
    /// Replace an existing file
    #[arg(long)]
    pub force: bool,
}

pub fn run(a: Args) -> CliResult {
    let root = read_root_public(&a.root, "root public key")?;
    let name = a.name.unwrap_or_else(|| a.region.to_string());
    let source = TrustSource::new(&a.region, &name, &root.key);
    let text = source.to_toml().map_err(source_error(&a.out))?;
    files::write_all_or_nothing(
        &[Output { path: &a.out, contents: text.as_bytes(), mode: 0o644, replace: a.force }],
        &[&a.root],
    )?;
    output::line(&format!("trust source for {} ({name}) written to {}", a.region, a.out.display()));
    output::line(&format!(
        "  its own credentials: green accepted, no max age, no max validity (change with `healthseal trust policy {}`)",
        a.out.display()
    ));
    warn_unbounded(a.region.as_str(), source.policy());
    Ok(Outcome::Success)
}
