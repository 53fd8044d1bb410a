//! `healthseal trust sign`: the source compiled into the signed trust list this province's
//! checkpoints load.

use std::path::PathBuf;
use std::time::Duration;

use healthseal_core::Timestamp;

use super::source_file::{load_root, read_source, source_error};
use super::terms::warn_unbounded;
use crate::args::{parse_duration, parse_time, TokenArgs};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Output};
use crate::{clock, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// This province's root private key file, or its key in a token (pkcs11:token=T;object=L)
    #[arg(long, value_name = "ROOT_KEY")]
    pub root: PathBuf,
    /// The trust source file (its list sequence is increased)
    #[arg(long, value_name = "SRC")]
    pub source: PathBuf,
    /// When checkpoints should have the next list (24h)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub next_update: Duration,
    /// Trust list file to write
    #[arg(long, value_name = "LIST")]
    pub out: PathBuf,
    /// Signing time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Replace an existing --out file
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub token: TokenArgs,
}

pub fn run(a: Args) -> CliResult {
    let (_lock, mut source) = read_source(&a.source)?;
    let root = load_root(&a.root, &source, &a.token)?;
    let now = clock::now_or(a.at)?;
    let next =
        now.checked_add(a.next_update).ok_or_else(|| CliError::usage("--next-update is too far away"))?;
    let draft = source.trust_list(now, next);
    let list = draft.check().map_err(|e| CliError::usage(format!("{}: {e}", a.source.display())))?;
    let bytes = list.sign(&root).map_err(|e| CliError::usage(format!("cannot sign the trust list: {e}")))?;
    let text = source.to_toml().map_err(source_error(&a.source))?;
    files::write_all_or_nothing(
        &[
            Output { path: &a.out, contents: &bytes, mode: 0o644, replace: a.force },
            Output { path: &a.source, contents: text.as_bytes(), mode: 0o644, replace: true },
        ],
        &[&a.root],
    )?;
    output::line(&format!(
        "trust list #{} of {}: {} region(s), next update {}, written to {} ({} bytes)",
        list.sequence(),
        list.owner(),
        list.regions().len(),
        list.next_update(),
        a.out.display(),
        bytes.len()
    ));
    for entry in list.regions() {
        warn_unbounded(entry.region.as_str(), &entry.policy);
    }
    Ok(Outcome::Success)
}
