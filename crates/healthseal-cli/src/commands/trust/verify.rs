//! `healthseal trust verify`: a trust list's or statement's signature, checked under a root key.

use std::path::PathBuf;

use crate::exit::CliResult;
use crate::files;
use crate::render_trust;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A signed trust list or issuer statement
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The root public key it must be signed by
    #[arg(long, value_name = "ROOT.pub")]
    pub root: PathBuf,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> CliResult {
    let bytes = files::read_document(&a.file)?;
    let root = files::read_public(&a.root, "root public key")?;
    render_trust::verify(&bytes, &root.key, a.json, &a.file)
}
