//! `healthseal audit`: checks a batch folder's manifest against the signed summaries its runs
//! left, with only the issuing key's public file.

use std::path::PathBuf;

use healthseal_core::{PublicKeyFile, Sealed};
use healthseal_issuer::batch::{audit_folder_ending, MANIFEST_NAME};
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
signed, that every line is covered by one and names this key, that each --credential (text
files of HS1: lines, e.g. found in the field; each must verify under --key) is in the manifest,
and with --last that the trail ends with the summary `issue` reported after its newest run
(which finds summaries removed from the end together with their lines). It reads no names.

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
    /// The start of the newest summary's SHA-256, as `issue` printed it after the last run: the
    /// trail must end with it (finds summaries removed from the end with their lines)
    #[arg(long, value_name = "SHA256")]
    pub last: Option<String>,
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
    let mut foreign = Vec::new();
    for path in &args.credential {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::unreadable(format!("{}: {}", path.display(), files::io_reason(&e))))?;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let sealed = Sealed::from_text(line)
                .map_err(|e| CliError::unreadable(format!("{}: not a credential: {e}", path.display())))?;
            // Only a credential this key signed can be in (or missing from) its record.
            match sealed.verify([&key]) {
                Ok(claims) => ids.push(claims.id().to_string()),
                Err(_) => foreign.push(format!("{}: not signed by this key", path.display())),
            }
        }
    }
    let report = audit_folder_ending(&dir, &key, &ids, args.last.as_deref()).map_err(CliError::unreadable)?;
    let mut findings: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
    findings.extend(foreign);
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
                "findings": findings,
                "last_sha256": report.last_sha256,
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
        for finding in &findings {
            output::line(&format!("FINDING  {finding}"));
        }
        if findings.is_empty() {
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
    Ok(if findings.is_empty() { Outcome::Success } else { Outcome::Rejected })
}
