//! `healthseal trust recognize`: another province, from its signed statement, on this
//! province's terms.

use std::path::PathBuf;

use healthseal_core::{IssuerStatement, Policy};

use super::source_file::{read_source, source_error, write_source};
use super::terms::{warn_unbounded, PolicyArgs};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files;
use crate::{output, render_trust};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The trust source file
    #[arg(value_name = "SRC")]
    pub source: PathBuf,
    /// The other province's signed statement
    #[arg(long, value_name = "FILE")]
    pub statement: PathBuf,
    /// The other province's root public key, obtained from it directly (not from the statement)
    #[arg(long, value_name = "OTHER_ROOT.pub")]
    pub statement_root: PathBuf,
    /// Terms: --accept and --max-age are required the first time; when updating from a newer
    /// statement, the terms given change and the others are kept
    #[command(flatten)]
    pub policy: PolicyArgs,
}

pub fn run(a: Args) -> CliResult {
    let other_root = files::read_public(&a.statement_root, "root public key")?;
    let bytes = files::read_document(&a.statement)?;
    let statement = IssuerStatement::open(&bytes, &other_root.key).map_err(|e| {
        CliError::usage(format!("statement {}: {e}", a.statement.display())).hint(
            "check that --statement-root is the root key the other province gave you, not one found next to the statement",
        )
    })?;
    let (_lock, mut source) = read_source(&a.source)?;
    let existing = source.recognized_region(&statement.region);
    let again = existing.is_some();
    if !again && (a.policy.accept.is_empty() || a.policy.max_age.is_none()) {
        return Err(CliError::usage(format!(
            "{} is recognised for the first time: its terms are needed",
            statement.region
        ))
        .hint("give --accept (e.g. green) and --max-age (e.g. 48h, or none)"));
    }
    // The terms given change; the others stay as they were (none at all the first time).
    let terms = match existing {
        _ if !a.policy.given() => None,
        Some(r) => Some(r.policy().clone()),
        None => Some(Policy::accepting([])),
    }
    .map(|mut p| {
        a.policy.apply(&mut p);
        p
    });
    source.recognize(&statement, terms.as_ref()).map_err(source_error(&a.source))?;
    let policy = source
        .recognized_region(&statement.region)
        .map(|r| r.policy().clone())
        .unwrap_or_else(|| Policy::accepting([]));
    write_source(&a.source, &source, &[&a.statement, &a.statement_root])?;
    output::line(&format!(
        "{} {} ({}) from statement #{}: {} issuing key(s), {} revoked; accepting {}",
        if again { "updated" } else { "recognised" },
        statement.region,
        statement.name,
        statement.sequence,
        statement.keys.len(),
        statement.revoked.len(),
        render_trust::statuses(policy.accept)
    ));
    warn_unbounded(statement.region.as_str(), &policy);
    output::line(&format!(
        "sign a new trust list to put it into effect: healthseal trust sign --source {} …",
        a.source.display()
    ));
    Ok(Outcome::Success)
}
