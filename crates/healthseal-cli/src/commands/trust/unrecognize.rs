//! `healthseal trust unrecognize`: stop recognising a province (its last statement stays
//! recorded).

use std::path::PathBuf;

use healthseal_core::Region;

use super::source_file::{read_source, source_error, write_source};
use crate::args::parse_region;
use crate::exit::{CliResult, Outcome};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Region to stop recognising
    #[arg(long, value_parser = parse_region)]
    pub region: Region,
}

pub fn run(a: Args) -> CliResult {
    let (_lock, mut source) = read_source(&a.source)?;
    let sequence = source.recognized_region(&a.region).map(|r| r.statement().sequence);
    source.unrecognize(&a.region).map_err(source_error(&a.source))?;
    write_source(&a.source, &source, &[])?;
    output::line(&format!("{} is no longer recognised (after the next trust sign)", a.region));
    if let Some(n) = sequence {
        output::line(&format!(
            "  its statement #{n} stays recorded: recognising it again under the same root takes #{n} or newer"
        ));
    }
    Ok(Outcome::Success)
}
