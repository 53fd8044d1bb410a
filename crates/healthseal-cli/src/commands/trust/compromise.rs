//! `healthseal trust compromise`: an issuing key reported compromised from a time on.

use std::path::PathBuf;

use healthseal_core::Timestamp;

use super::source_file::{own_kid, read_source, source_error, write_source};
use crate::args::parse_time;
use crate::exit::{CliResult, Outcome};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// Key id of the compromised issuing key
    #[arg(long, value_name = "HEX")]
    pub kid: String,
    /// Earliest time the key may have been in other hands (RFC 3339); choose it early. A key
    /// already marked compromised takes only an earlier time
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub since: Timestamp,
}

pub fn run(a: Args) -> CliResult {
    let (_lock, mut source) = read_source(&a.source)?;
    let kid = own_kid(&a.source, &a.kid)?;
    let before = source.compromise(&kid, a.since).map_err(source_error(&a.source))?;
    write_source(&a.source, &source, &[])?;
    match before {
        Some(recorded) if recorded == a.since => {
            output::line(&format!("key {} was already marked compromised since {recorded}", a.kid))
        }
        Some(recorded) => output::line(&format!(
            "key {} marked compromised since {} (earlier than {recorded}, recorded before)",
            a.kid, a.since
        )),
        None => output::line(&format!("key {} marked compromised since {}", a.kid, a.since)),
    }
    output::line(
        "credentials it signed from then on will be rejected once a new statement and trust list are out",
    );
    Ok(Outcome::Success)
}
