//! `healthseal trust recognize`: another province, from its signed statement, on this
//! province's terms.

use std::path::PathBuf;

use healthseal_core::{IssuerStatement, Policy, Region};

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
    /// The other province's root public key, obtained from it directly (not from the statement).
    /// Needed the first time; later the root recorded in the source is used (and followed through
    /// a root succession the statement carries)
    #[arg(long, value_name = "OTHER_ROOT.pub")]
    pub statement_root: Option<PathBuf>,
    /// Terms: --accept and --max-age are required the first time; when updating from a newer
    /// statement, the terms given change and the others are kept
    #[command(flatten)]
    pub policy: PolicyArgs,
}

pub fn run(a: Args) -> CliResult {
    let given_root =
        a.statement_root.as_deref().map(|p| files::read_public(p, "root public key")).transpose()?;
    let bytes = files::read_document(&a.statement)?;
    let (_lock, mut source) = read_source(&a.source)?;
    let (unverified, _) =
        IssuerStatement::read_unverified(&bytes).map_err(|e| files::document_error(&a.statement, e))?;
    let recorded = source.recognized_region(&unverified.region).map(|r| r.statement().root.clone());
    let root = match (&given_root, &recorded) {
        (Some(given), _) => given.key.clone(),
        (None, Some(recorded)) => recorded.clone(),
        (None, None) => return Err(first_time(&a.source, &unverified.region, source.region())),
    };
    let statement = IssuerStatement::open(&bytes, &root).map_err(|e| {
        let hint = if given_root.is_some() {
            "check that --statement-root is the root key the other province gave you, not one found next to the statement"
        } else {
            "it was checked against the root recorded in the source for this province"
        };
        CliError::usage(format!("statement {}: {e}", a.statement.display())).hint(hint)
    })?;
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
    let mut inputs = vec![a.statement.as_path()];
    inputs.extend(a.statement_root.as_deref());
    write_source(&a.source, &source, &inputs)?;
    if let Some(recorded) = recorded.filter(|r| *r != statement.root) {
        output::line(&format!(
            "{} replaced its root: root {} led to root {} through its root succession (#{} last); \
             statements of the replaced root are refused from now on",
            statement.region,
            recorded.kid(),
            statement.root.kid(),
            statement.succession.number()
        ));
    }
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

/// A statement with no root given, for a province not recognised yet: its root is needed (or,
/// for this province's own statement, there is nothing to recognise).
fn first_time(source: &std::path::Path, region: &Region, own: &Region) -> CliError {
    if region == own {
        return CliError::usage(format!(
            "{}: a province does not recognise itself; set its terms with `trust policy`",
            source.display()
        ));
    }
    CliError::usage(format!("{region} is not recognised yet: --statement-root is needed"))
        .hint("give the root public key the other province gave you directly, and compare its kid by phone")
}
