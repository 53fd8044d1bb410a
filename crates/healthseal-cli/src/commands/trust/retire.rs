//! `healthseal trust retire`: an issuing key that signs nothing issued after a time.

use std::path::PathBuf;

use healthseal_core::Timestamp;

use super::source_file::{own_kid, read_source, source_error, write_source};
use crate::args::parse_time;
use crate::exit::{CliResult, Outcome};
use crate::{clock, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Key id of the issuing key to retire
    #[arg(long, value_name = "HEX")]
    pub kid: String,
    /// Last issue time it may sign (RFC 3339; default now). An earlier not-after already set is
    /// kept: retiring only narrows the key's window
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
}

pub fn run(a: Args) -> CliResult {
    let at = clock::now_or(a.at)?;
    let (_lock, mut source) = read_source(&a.source)?;
    let kid = own_kid(&a.source, &a.kid)?;
    let (not_after, kept) = source.retire(&kid, at).map_err(source_error(&a.source))?;
    write_source(&a.source, &source, &[])?;
    output::line(&format!("key {} retired: it may sign nothing issued after {not_after}", a.kid));
    if kept {
        output::line(&format!(
            "  its not-after {not_after}, earlier than {at}, is kept: retiring only narrows a key's window"
        ));
    }
    Ok(Outcome::Success)
}
