//! `healthseal trust rotate-root`: the province's current root names its successor, in a record
//! the source keeps and every later statement and trust list carries.

use std::path::PathBuf;

use healthseal_core::Timestamp;

use super::source_file::{load_root, read_root_public, read_source, source_error, write_source};
use crate::args::{parse_time, TokenArgs};
use crate::exit::{CliError, CliResult, Outcome};
use crate::{clock, output};

pub const HELP: &str = "\
Example (the ceremony is in docs/operations.md, section 9):
  healthseal trust rotate-root ha.trust.toml --old-root ha-root.key --new-root ha-root-2.key.pub
  healthseal trust statement --root ha-root-2.key --source ha.trust.toml --out ha.statement
  healthseal trust sign --root ha-root-2.key --source ha.trust.toml --next-update 24h --out ha.trust-list

The old root signs a root succession record naming the new root; the source keeps it and takes
the new root as its own. From then on `trust statement` and `trust sign` take only the new root,
and what they sign carries every succession since the province's first root. A checkpoint pinned
to an earlier root follows the record when it loads such a list, keeps the new root in its
state, and refuses lists of the old root from then on. Provinces that recognise this one follow
the same record with `trust recognize` (no new root to exchange by phone). The new root must
never have been an issuing key, and a province cannot go back to a root it left.";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// The current root's private key file, or its key in a token (pkcs11:token=T;object=L):
    /// it signs the record
    #[arg(long, value_name = "OLD_ROOT_KEY")]
    pub old_root: PathBuf,
    /// The new root's public key file (made by `healthseal keygen --role root`)
    #[arg(long, value_name = "NEW_ROOT.pub")]
    pub new_root: PathBuf,
    /// Signing time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    #[command(flatten)]
    pub token: TokenArgs,
}

pub fn run(a: Args) -> CliResult {
    let new_root = read_root_public(&a.new_root, "new root public key")?;
    let (_lock, mut source) = read_source(&a.source)?;
    if let Some(region) = new_root.info.region.as_ref().filter(|r| *r != source.region()) {
        return Err(CliError::usage(format!(
            "{} belongs to {region}, but this source is for {}",
            a.new_root.display(),
            source.region()
        )));
    }
    let old_root = load_root(&a.old_root, &source, &a.token)?;
    let record = source.next_succession(&new_root.key, clock::now_or(a.at)?);
    let signed = record
        .sign(&old_root)
        .map_err(|e| CliError::usage(format!("cannot sign the root succession: {e}")))?;
    source.rotate_root(signed).map_err(source_error(&a.source))?;
    write_source(&a.source, &source, &[&a.old_root, &a.new_root])?;
    output::line(&format!(
        "root succession #{} of {}: root {} names root {} (signed {}), written to {}",
        record.number,
        record.region,
        record.old_root.kid(),
        record.new_root.kid(),
        record.issued_at,
        a.source.display()
    ));
    output::line(&format!(
        "publish it: sign a statement and a trust list with the new root's private key \
         (healthseal trust statement --root <NEW_ROOT_KEY> --source {0} …, healthseal trust sign \
         --root <NEW_ROOT_KEY> --source {0} …)",
        a.source.display()
    ));
    Ok(Outcome::Success)
}
