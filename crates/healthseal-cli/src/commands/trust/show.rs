//! `healthseal trust show`: a signed trust list or statement, readably, every region's terms
//! included.

use std::path::PathBuf;

use healthseal_core::TrustDocument;

use super::terms::unbounded_warning;
use crate::exit::CliResult;
use crate::files;
use crate::{output, render_trust};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A signed trust list or issuer statement
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Also check the signature under this root public key
    #[arg(long, value_name = "ROOT.pub")]
    pub root: Option<PathBuf>,
    /// Print JSON (every revoked credential id included)
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> CliResult {
    let bytes = files::read_document(&a.file)?;
    let root = a.root.as_deref().map(|p| files::read_public(p, "root public key")).transpose()?;
    let (outcome, document) = render_trust::show(&bytes, root.as_ref().map(|r| &r.key), a.json, &a.file)?;
    // Flag terms that leave a stolen key's forgeries unbounded (human output: on stdout, after
    // the list; JSON: on stderr, so the JSON stays one document).
    if let TrustDocument::List(list) = document {
        let unbounded: Vec<_> = list.regions().iter().filter(|e| !e.policy.bounds_lifetime()).collect();
        if !a.json && !unbounded.is_empty() {
            output::line("");
        }
        for entry in unbounded {
            let text = unbounded_warning(entry.region.as_str());
            if a.json {
                output::note(&text);
            } else {
                output::line(&text);
            }
        }
    }
    Ok(outcome)
}
