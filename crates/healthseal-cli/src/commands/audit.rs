//! `healthseal audit`: checks a batch folder's manifest against the signed summaries its runs
//! left, with only the issuing key's public file.

use std::path::PathBuf;

use healthseal_core::{PublicKeyFile, Sealed};
use healthseal_issuer::batch::{audit_folder, MANIFEST_NAME};
use serde_json::json;

use crate::exit::{CliError, CliResult, Outcome};
use crate::{files, output};

pub const HELP: &str = "\
Examples:
  healthseal audit batch-2026-11-25 --key zj-issuer-2026.key.pub
  healthseal audit batch-2026-11-25 --key zj-issuer-2026.key.pub --credential found.txt

Every run of `healthseal issue` appends to audit.jsonl a summary of the manifest lines it
recorded (count, first and last row and credential id, issue times, the SHA-256 of the
manifest so far), signed by the issuing key and chained to the summary before. The audit
checks each summary's signature and chain, that the manifest is unchanged since each was
signed, that every line is covered by one and names this key, and that each --credential
(text files of HS1: lines, e.g. found in the field) is in the manifest. It reads no names.

Exit codes: 0 the manifest is exactly what the signed runs recorded, 1 something differs
(each finding is printed), 2 a file could not be read, 3 usage error.";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The batch folder (holding manifest.jsonl and audit.jsonl), or its manifest.jsonl
    #[arg(value_name = "BATCH")]
    pub batch: PathBuf,
    /// The issuing key's public key file (.pub)
    #[arg(long, value_name = "KEY.pub")]
    pub key: PathBuf,
    /// A credential to look for in the manifest: a text file of HS1: lines (repeatable)
    #[arg(long, value_name = "FILE")]
    pub credential: Vec<PathBuf>,
    /// Print the runs and findings as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> CliResult {
    let key_text = files::read_config(&args.key, "public key file")?;
    let key = PublicKeyFile::parse(&key_text)
        .map_err(|e| CliError::usage(format!("public key file {}: {e}", args.key.display())))?
        .key;
    let dir = if args.batch.file_name().is_some_and(|n| n == MANIFEST_NAME) {
        args.batch.parent().map(PathBuf::from).unwrap_or_default()
    } else {
        args.batch.clone()
    };
    let mut ids = Vec::new();
    for path in &args.credential {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::unreadable(format!("{}: {}", path.display(), files::io_reason(&e))))?;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let sealed = Sealed::from_text(line)
                .map_err(|e| CliError::unreadable(format!("{}: not a credential: {e}", path.display())))?;
            let claims = sealed
                .claims_unverified()
                .map_err(|e| CliError::unreadable(format!("{}: {e}", path.display())))?;
            ids.push(claims.id().to_string());
        }
    }
    let report = audit_folder(&dir, &key, &ids).map_err(CliError::unreadable)?;
    if args.json {
        output::json(
            "audit",
            json!({
                "manifest_lines": report.lines,
                "runs": report.runs.iter().map(|r| json!({
                    "run": r.run, "kid": r.kid, "count": r.count, "first_row": r.first_row, "last_row": r.last_row,
                    "first_id": r.first_id, "last_id": r.last_id, "issued_from": r.issued_from,
                    "issued_to": r.issued_to, "manifest_lines": r.manifest_lines,
                })).collect::<Vec<_>>(),
                "findings": report.findings.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "credentials_checked": ids.len(),
            }),
        );
    } else {
        for r in &report.runs {
            output::line(&format!(
                "run {}: {} credentials, rows {}-{}, issued {} to {}, key {}",
                r.run, r.count, r.first_row, r.last_row, r.issued_from, r.issued_to, r.kid
            ));
        }
        for finding in &report.findings {
            output::line(&format!("FINDING  {finding}"));
        }
        if report.findings.is_empty() {
            output::line(&format!(
                "OK  {} manifest lines, all recorded by {} signed runs{}",
                report.lines,
                report.runs.len(),
                if ids.is_empty() {
                    String::new()
                } else {
                    format!("; {} credentials found in it", ids.len())
                }
            ));
        }
    }
    Ok(if report.findings.is_empty() { Outcome::Success } else { Outcome::Rejected })
}
