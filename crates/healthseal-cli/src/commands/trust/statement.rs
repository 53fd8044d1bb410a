//! `healthseal trust statement`: the signed statement this province publishes about itself.

use std::path::PathBuf;

use healthseal_core::Timestamp;

use super::source_file::{load_root, read_source, source_error};
use crate::args::{parse_time, TokenArgs};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Output};
use crate::{clock, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// This province's root private key file, or its key in a token (pkcs11:token=T;object=L)
    #[arg(long, value_name = "ROOT_KEY")]
    pub root: PathBuf,
    /// The trust source file (its statement sequence is increased)
    #[arg(long, value_name = "SRC")]
    pub source: PathBuf,
    /// Statement file to write
    #[arg(long, value_name = "FILE")]
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
    let statement = source.statement(now);
    let bytes =
        statement.sign(&root).map_err(|e| CliError::usage(format!("cannot sign the statement: {e}")))?;
    let text = source.to_toml().map_err(source_error(&a.source))?;
    files::write_all_or_nothing(
        &[
            Output { path: &a.out, contents: &bytes, mode: 0o644, replace: a.force },
            Output { path: &a.source, contents: text.as_bytes(), mode: 0o644, replace: true },
        ],
        &[&a.root],
    )?;
    output::line(&format!(
        "statement #{} of {} ({} issuing key(s), {} revoked) written to {} ({} bytes)",
        statement.sequence,
        statement.region,
        statement.keys.len(),
        statement.revoked.len(),
        a.out.display(),
        bytes.len()
    ));
    Ok(Outcome::Success)
}
