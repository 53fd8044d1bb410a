//! The audit trail of a batch folder: after every run, a summary of the manifest lines it added
//! (count, first and last row and credential id, issue-time range, and the SHA-256 of the whole
//! manifest so far), signed by the issuing key and chained to the summary before it, appended to
//! `audit.jsonl`. An auditor holding only the key's public file can then tell whether the
//! manifest is exactly what the runs recorded: a line removed, edited or added by hand, or
//! credentials issued without a record, stand out.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::Path;

use healthseal_core::{PublicKey, Signer, SignerError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::manifest::{ManifestEntry, MANIFEST_NAME};

/// The audit trail's file name inside the output folder.
pub const AUDIT_NAME: &str = "audit.jsonl";

/// Signed bytes start with this, so an audit signature can never be taken for a credential's
/// (a COSE Sig_structure starts with a CBOR array, not ASCII).
const CONTEXT: &[u8] = b"healthseal batch audit v1\n";

/// What one run added to the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Runs recorded in this folder, counting from 1.
    pub run: u64,
    /// Key id of the key that signed this summary (and the run's credentials).
    pub kid: String,
    /// Manifest lines this summary covers (those after the previous summary's).
    pub count: u64,
    /// First and last row covered.
    pub first_row: u64,
    /// Last row covered.
    pub last_row: u64,
    /// First credential id covered.
    pub first_id: String,
    /// Last credential id covered.
    pub last_id: String,
    /// Earliest issue time covered (RFC 3339 UTC).
    pub issued_from: String,
    /// Latest issue time covered.
    pub issued_to: String,
    /// Manifest lines in all, this run's included.
    pub manifest_lines: u64,
    /// SHA-256 (hex) of those manifest lines, newline included.
    pub manifest_sha256: String,
    /// SHA-256 (hex) of the previous audit line, or empty for the first.
    pub previous_sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct SignedSummary {
    summary: RunSummary,
    /// Ed25519 signature (hex) over CONTEXT followed by the summary's JSON.
    signature: String,
}

/// Why a summary could not be added to the trail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuditWriteError {
    /// Reading or writing a file failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The trail or the manifest cannot be read as such.
    #[error("{0}")]
    Unreadable(String),
    /// The key did not sign.
    #[error(transparent)]
    Signer(#[from] SignerError),
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// The manifest's complete lines (each with its newline), parsed.
fn manifest_lines(text: &str) -> Result<Vec<(&str, ManifestEntry)>, String> {
    text.split_inclusive('\n')
        .filter(|l| l.ends_with('\n'))
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line).map(|e| (line, e)).map_err(|e| format!("manifest line {}: {e}", i + 1))
        })
        .collect()
}

/// The trail's summaries with their signatures and raw lines.
fn trail_lines(text: &str) -> Result<Vec<(&str, SignedSummary)>, String> {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line).map(|s| (line, s)).map_err(|e| format!("audit line {}: {e}", i + 1))
        })
        .collect()
}

/// SHA-256 (hex) of manifest lines, newlines included; `None` when there are not that many.
fn digest(lines: Option<&[(&str, ManifestEntry)]>) -> Option<String> {
    let mut hasher = Sha256::new();
    for (line, _) in lines? {
        hasher.update(line.as_bytes());
    }
    Some(hex(&hasher.finalize()))
}

fn message(summary: &RunSummary) -> Vec<u8> {
    // Field order is the struct's: the same summary always gives the same bytes.
    let mut message = CONTEXT.to_vec();
    message.extend(serde_json::to_vec(summary).unwrap_or_default());
    message
}

/// Appends a signed summary of the manifest lines added since the last summary, if any.
pub(crate) fn append_summary(
    dir: &Path,
    key: &dyn Signer,
) -> Result<Option<(RunSummary, String)>, AuditWriteError> {
    let read = |name: &str| match std::fs::read_to_string(dir.join(name)) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e),
    };
    let trail_text = read(AUDIT_NAME)?;
    let trail = trail_lines(&trail_text).map_err(AuditWriteError::Unreadable)?;
    let manifest_text = read(MANIFEST_NAME)?;
    let lines = manifest_lines(&manifest_text).map_err(AuditWriteError::Unreadable)?;
    // Vouch only for a manifest the earlier summaries still describe: lines edited or removed
    // between a killed run and its resume must not be signed over.
    let mut chained = String::new();
    for (line, signed) in &trail {
        let s = &signed.summary;
        let upto = usize::try_from(s.manifest_lines).unwrap_or(usize::MAX);
        if s.previous_sha256 != chained
            || digest(lines.get(..upto)).as_deref() != Some(s.manifest_sha256.as_str())
        {
            return Err(AuditWriteError::Unreadable(format!(
                "the manifest or {AUDIT_NAME} changed since run {} was recorded; not signing over it (run healthseal audit)",
                s.run
            )));
        }
        chained = hex(&Sha256::digest(line));
    }
    let (run, start, previous) = match trail.last() {
        Some((line, last)) => (last.summary.run + 1, last.summary.manifest_lines, hex(&Sha256::digest(line))),
        None => (1, 0, String::new()),
    };
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let (Some(new), Some(covered)) = (lines.get(start..).filter(|n| !n.is_empty()), lines.get(..)) else {
        return Ok(None);
    };
    let (Some((_, first)), Some((_, last))) = (new.first(), new.last()) else { return Ok(None) };
    let summary = RunSummary {
        run,
        kid: key.public_key().kid().to_string(),
        count: new.len() as u64,
        first_row: first.row,
        last_row: last.row,
        first_id: first.id.clone(),
        last_id: last.id.clone(),
        issued_from: new.iter().map(|(_, e)| e.issued_at.clone()).min().unwrap_or_default(),
        issued_to: new.iter().map(|(_, e)| e.issued_at.clone()).max().unwrap_or_default(),
        manifest_lines: lines.len() as u64,
        manifest_sha256: digest(Some(covered)).unwrap_or_default(),
        previous_sha256: previous,
    };
    let signature = key.sign(&message(&summary))?;
    let line = serde_json::to_string(&SignedSummary { summary: summary.clone(), signature: hex(&signature) })
        .map_err(|e| AuditWriteError::Unreadable(e.to_string()))?;
    let mut file = OpenOptions::new().create(true).append(true).open(dir.join(AUDIT_NAME))?;
    let line = format!("{line}\n");
    file.write_all(line.as_bytes())?;
    file.sync_data()?;
    Ok(Some((summary, hex(&Sha256::digest(&line)))))
}

/// Something an audit found wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Finding {
    /// The folder has a manifest but no audit trail.
    #[error("no audit trail ({AUDIT_NAME}): nothing in this manifest is vouched for")]
    NoTrail,
    /// A summary's signature does not verify under the key.
    #[error(
        "run {run}: the summary's signature does not verify with this key (forged, edited, or another key's)"
    )]
    BadSignature {
        /// The run.
        run: u64,
    },
    /// A summary does not follow the one before it (one removed, reordered or inserted).
    #[error("run {run}: the summary does not follow the one before it (a summary removed or inserted)")]
    BrokenChain {
        /// The run.
        run: u64,
    },
    /// The manifest lines a summary covers are not what it signed.
    #[error("run {run}: the manifest's first {lines} lines are not what the run recorded (a line removed, edited or inserted)")]
    ManifestChanged {
        /// The run.
        run: u64,
        /// Lines the summary covers in all.
        lines: u64,
    },
    /// Manifest lines after the last summary: written by no recorded run.
    #[error("{count} manifest lines (rows {first_row}-{last_row}) are covered by no signed summary: issued outside the record, or by a run that was cut off and never resumed")]
    Unrecorded {
        /// How many lines.
        count: u64,
        /// First row among them.
        first_row: u64,
        /// Last row among them.
        last_row: u64,
    },
    /// Bytes after the manifest's last complete line: a run cut off mid-write (`--resume`
    /// removes them), or something appended by hand.
    #[error("{bytes} bytes after the manifest's last complete line")]
    Unterminated {
        /// How many.
        bytes: usize,
    },
    /// The trail ends before the summary the auditor was told to expect (summaries removed
    /// from the end, with their manifest lines).
    #[error(
        "the audit trail does not end with the expected summary {expected}: summaries removed from its end?"
    )]
    TrailCut {
        /// The SHA-256 prefix the auditor expected.
        expected: String,
    },
    /// A manifest line names another issuing key than the summary's.
    #[error("row {row}: issued with key {kid}, not the audited key")]
    OtherKey {
        /// The row.
        row: u64,
        /// The key it names.
        kid: String,
    },
    /// A credential shown to the auditor is in no manifest line.
    #[error("credential {id}: not in the manifest (issued outside the record)")]
    NotInManifest {
        /// Its id.
        id: String,
    },
}

/// What an audit of a batch folder found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// The summaries, in order, whatever their state.
    pub runs: Vec<RunSummary>,
    /// Manifest lines.
    pub lines: u64,
    /// Everything wrong; empty when the manifest is exactly what the signed runs recorded.
    pub findings: Vec<Finding>,
    /// SHA-256 (hex) of the trail's last line: what `issue` printed after the newest run.
    pub last_sha256: Option<String>,
}

/// Checks the batch folder `dir` against the issuing key `key`: every summary signed by it and
/// chained, every manifest line covered by a summary and unchanged since, every line of this
/// key; and each id in `credential_ids` (credentials found in the field) present in the manifest.
///
/// ```
/// # use std::time::Duration;
/// # use healthseal_core::{KeyInfo, Role, SigningKey, Timestamp};
/// # use healthseal_issuer::batch::{csv_rows, run_batch, BatchConfig, Format};
/// # use healthseal_issuer::{qr::EcLevel, CardFonts, CardLangs, Issuer};
/// use healthseal_issuer::batch::audit_folder;
/// # let info = KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse()?), ..KeyInfo::default() };
/// # let key = SigningKey::from_seed([8; 32]);
/// # let public = key.public_key().clone();
/// # let issuer = Issuer::new(key, &info, None)?;
/// # let dir = tempfile::tempdir()?;
/// # let config = BatchConfig { out_dir: dir.path().into(), formats: vec![Format::Txt],
/// #     default_valid_for: Some(Duration::from_secs(3600)), level: EcLevel::M, module_px: 4, utc_offset: None,
/// #     langs: CardLangs::ZhEn, fonts: CardFonts::builtin().into(), jobs: 1, resume: false,
/// #     now: Timestamp::parse_rfc3339("2026-11-25T09:00:00Z")?, id_seed: [1; 32] };
/// # run_batch(&issuer, csv_rows("name,birth_date,status\nAna,1990,green\n".as_bytes())?, &config, |_| {})?;
/// let report = audit_folder(dir.path(), &public, &[])?;
/// assert!(report.findings.is_empty() && report.runs.len() == 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn audit_folder(dir: &Path, key: &PublicKey, credential_ids: &[String]) -> Result<AuditReport, String> {
    audit_folder_ending(dir, key, credential_ids, None)
}

/// [`audit_folder`], also checking that the trail ends with the summary whose SHA-256 starts with
/// `expected_last` (as `issue` printed it after the newest run, kept apart from the folder):
/// summaries removed from the end, with their manifest lines, are then found too.
pub fn audit_folder_ending(
    dir: &Path,
    key: &PublicKey,
    credential_ids: &[String],
    expected_last: Option<&str>,
) -> Result<AuditReport, String> {
    let read = |name: &str| match std::fs::read_to_string(dir.join(name)) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", dir.join(name).display())),
    };
    let manifest_text =
        read(MANIFEST_NAME)?.ok_or_else(|| format!("{}: no {MANIFEST_NAME}", dir.display()))?;
    let lines = manifest_lines(&manifest_text)?;
    let trail_text = read(AUDIT_NAME)?.unwrap_or_default();
    let trail = trail_lines(&trail_text)?;
    let mut findings = Vec::new();
    if trail.is_empty() && !lines.is_empty() {
        findings.push(Finding::NoTrail);
    }
    let kid = key.kid().to_string();
    let mut previous = String::new();
    let mut covered = 0usize;
    for (line, signed) in &trail {
        let s = &signed.summary;
        let signature_ok = unhex(&signed.signature).is_some_and(|sig| key.verify(&message(s), &sig).is_ok());
        if !signature_ok || s.kid != kid {
            findings.push(Finding::BadSignature { run: s.run });
        }
        if s.previous_sha256 != previous {
            findings.push(Finding::BrokenChain { run: s.run });
        }
        previous = hex(&Sha256::digest(line));
        let upto = usize::try_from(s.manifest_lines).unwrap_or(usize::MAX);
        if digest(lines.get(..upto)).as_deref() != Some(s.manifest_sha256.as_str()) {
            findings.push(Finding::ManifestChanged { run: s.run, lines: s.manifest_lines });
        }
        covered = covered.max(upto.min(lines.len()));
    }
    let tail = manifest_text.len() - manifest_text.rfind('\n').map_or(0, |i| i + 1);
    if tail > 0 {
        findings.push(Finding::Unterminated { bytes: tail });
    }
    if let Some(rest) = lines.get(covered..).filter(|r| !r.is_empty()) {
        let row = |i: usize| rest.get(i).map_or(0, |(_, e)| e.row);
        findings.push(Finding::Unrecorded {
            count: rest.len() as u64,
            first_row: row(0),
            last_row: row(rest.len() - 1),
        });
    }
    for (_, entry) in &lines {
        if entry.kid != kid {
            findings.push(Finding::OtherKey { row: entry.row, kid: entry.kid.clone() });
        }
    }
    for id in credential_ids {
        if !lines.iter().any(|(_, e)| e.id.eq_ignore_ascii_case(id)) {
            findings.push(Finding::NotInManifest { id: id.clone() });
        }
    }
    let last_sha256 = trail.last().map(|(line, _)| hex(&Sha256::digest(line)));
    if let Some(expected) = expected_last {
        let expected = expected.to_ascii_lowercase();
        if expected.is_empty() || !last_sha256.as_deref().is_some_and(|h| h.starts_with(&expected)) {
            findings.push(Finding::TrailCut { expected });
        }
    }
    Ok(AuditReport {
        runs: trail.into_iter().map(|(_, s)| s.summary).collect(),
        lines: lines.len() as u64,
        findings,
        last_sha256,
    })
}
