//! Running a batch: rows in, credentials and files out, in parallel, with a manifest.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::FixedOffset;
use healthseal_core::Timestamp;
use thiserror::Error;

use super::audit;
use super::input::{InputRow, RowError};
use super::manifest::{self, ManifestEntry, ManifestError, MANIFEST_NAME};
use super::output::{self, sheets_file_name, Format, PDF_ROWS};
use super::row::{issue_part, RowResult};
use crate::qr::{EcLevel, QrError};
use crate::render::fonts::{CardFonts, MissingGlyphs};
use crate::render::labels::CardLangs;
use crate::render::sheet::{sheets_pdf, PdfCard};
use crate::{IssueError, Issuer};

/// Rows handed to each worker at a time. Memory is bounded by `jobs × ROWS_PER_JOB` rows and
/// their images, whatever the input's length; the manifest is made durable once per chunk.
pub const ROWS_PER_JOB: usize = 256;

/// How a batch is run.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    /// Folder the files and the manifest go to (created if missing).
    pub out_dir: PathBuf,
    /// What to write per credential.
    pub formats: Vec<Format>,
    /// Validity for rows without their own `valid_for`.
    pub default_valid_for: Option<Duration>,
    /// QR error-correction level.
    pub level: EcLevel,
    /// Pixels per module in PNG files.
    pub module_px: u32,
    /// Offset for local times printed on cards.
    pub utc_offset: Option<FixedOffset>,
    /// Languages of the card's fixed words.
    pub langs: CardLangs,
    /// Fonts cards are drawn with ([`CardFonts::installed`] to use the machine's fonts).
    pub fonts: Arc<CardFonts>,
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Continue an interrupted run in the same folder instead of refusing it.
    pub resume: bool,
    /// Issue time for every credential of the run.
    pub now: Timestamp,
    /// Seed of the credential-id generator. Like `now`, it comes from outside: a caller draws it
    /// from the operating system for each run (`healthseal issue` does), and a test fixes it
    /// for a reproducible run. Each worker's share draws from its own stream of the seed, named
    /// by the share's first row, so no two rows of a run share a stream.
    pub id_seed: [u8; 32],
}

/// Why one row produced no credential. The other rows go on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RowFailure {
    /// The row could not be read.
    #[error(transparent)]
    Row(#[from] RowError),
    /// Neither the row nor the run gives a validity.
    #[error("no valid_for in the row and no default validity for the run")]
    NoValidity,
    /// The fields do not make a credential.
    #[error(transparent)]
    Issue(#[from] IssueError),
    /// The text does not fit a QR code.
    #[error(transparent)]
    Qr(#[from] QrError),
    /// No available font draws the name: no card rather than one with empty boxes. Reported
    /// without the characters: a batch report names rows, not holders.
    #[error("{}", .0.without_characters())]
    Glyphs(#[from] MissingGlyphs),
    /// The name cannot be printed on a card (stacked accents).
    #[error("the name's characters are too tall to print on a card")]
    NameTooTall,
    /// An output file already exists and the run does not replace files.
    #[error("{file} already exists; nothing was written for this row")]
    Exists {
        /// The file's name.
        file: String,
    },
}

/// Something that happened in a batch, reported in row order.
#[derive(Debug)]
#[non_exhaustive]
pub enum BatchEvent<'a> {
    /// A credential was issued and its files written.
    Issued(&'a ManifestEntry),
    /// A row produced no credential.
    Failed {
        /// Data row number.
        row: u64,
        /// Line in the input where the row starts.
        line: u64,
        /// Why.
        failure: &'a RowFailure,
    },
}

/// What a finished batch did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchSummary {
    /// Credentials issued in this run.
    pub issued: u64,
    /// Rows that failed.
    pub failed: u64,
    /// Rows skipped because the manifest of an earlier, interrupted run records them.
    pub already_done: u64,
    /// Files of the interrupted run that its manifest never recorded, replaced (resume only).
    pub replaced: u64,
    /// Temporary files of an interrupted run removed (resume only).
    pub removed_temporary: usize,
    /// Whether an incomplete last manifest line was cut off (resume only).
    pub repaired_manifest: bool,
    /// The run's signed summary in the audit trail and the SHA-256 of its line (keep it apart
    /// from the folder: `healthseal audit --last` then finds summaries removed from the end).
    pub audit: Option<(u64, String)>,
}

/// Why a batch stopped (or never started). Files and manifest lines already written stay
/// consistent: every manifest line names files that are complete.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum BatchError {
    /// The output folder cannot be created or read.
    #[error("output folder {}: {reason}", .path.display())]
    OutDir {
        /// The folder.
        path: PathBuf,
        /// The system's explanation.
        reason: String,
    },
    /// The folder holds a finished or interrupted batch and `resume` was not asked for.
    #[error("{} already holds a batch ({MANIFEST_NAME}); nothing was written", .dir.display())]
    AlreadyIssued {
        /// The output folder.
        dir: PathBuf,
    },
    /// The folder holds batch files but no manifest.
    #[error("{} holds batch files but no {MANIFEST_NAME}; nothing was written", .path.display())]
    StrayFiles {
        /// One of the files.
        path: PathBuf,
    },
    /// The existing manifest cannot be continued.
    #[error("{}: {source}", .path.display())]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// What is wrong.
        source: ManifestError,
    },
    /// The signing key became unavailable or refused (a token removed, its session lost): the
    /// run stops at the last complete row, as after a write failure.
    #[error("the signing key became unavailable at row {row}: {reason}")]
    Signer {
        /// The row that could not be signed.
        row: u64,
        /// What the key's holder reported.
        reason: String,
    },
    /// The run's credentials are issued and recorded, but its signed summary could not be added
    /// to the audit trail (`--resume` adds it).
    #[error("the credentials are issued and recorded, but the run's signed summary was not added to {}: {reason}", .path.display())]
    Audit {
        /// The audit trail.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A write failed (disk full, permissions): the run stops at the last complete chunk.
    #[error("writing {}: {reason}", .path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The system's explanation.
        reason: String,
    },
}

fn out_dir_error(path: &Path, e: std::io::Error) -> BatchError {
    BatchError::OutDir { path: path.to_path_buf(), reason: e.to_string() }
}

/// Issues a credential for every readable row and writes its files, `config.jobs` rows at a
/// time in parallel; `on_event` hears of each row in input order (for progress and reports).
///
/// ```
/// use std::time::Duration;
/// use healthseal_core::{KeyInfo, Role, SigningKey, Timestamp};
/// use healthseal_issuer::batch::{csv_rows, run_batch, BatchConfig, BatchEvent, Format};
/// use healthseal_issuer::{qr::EcLevel, CardFonts, CardLangs, Issuer};
///
/// let info = KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse()?), ..KeyInfo::default() };
/// let issuer = Issuer::new(SigningKey::from_seed([8; 32]), &info, None)?;
/// let dir = tempfile::tempdir()?;
/// let config = BatchConfig {
///     out_dir: dir.path().join("batch"),
///     formats: vec![Format::Txt, Format::Png],
///     default_valid_for: Some(Duration::from_secs(72 * 3600)),
///     level: EcLevel::M,
///     module_px: 8,
///     utc_offset: None,
///     langs: CardLangs::ZhEn,
///     fonts: CardFonts::builtin().into(),
///     jobs: 2,
///     resume: false,
///     now: Timestamp::parse_rfc3339("2026-11-25T09:00:00Z")?,
///     id_seed: [7; 32],
/// };
/// let input = "name,birth_date,status\n张三,1990-07-01,green\nAna Lima,1985-03,yellow\n";
/// let mut failed = 0;
/// let summary = run_batch(&issuer, csv_rows(input.as_bytes())?, &config, |event| {
///     if let BatchEvent::Failed { .. } = event { failed += 1 }
/// })?;
/// assert_eq!((summary.issued, failed), (2, 0));
/// assert!(dir.path().join("batch/row-0000002.png").exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_batch(
    issuer: &Issuer,
    rows: impl Iterator<Item = InputRow>,
    config: &BatchConfig,
    mut on_event: impl FnMut(BatchEvent<'_>),
) -> Result<BatchSummary, BatchError> {
    let dir = &config.out_dir;
    std::fs::create_dir_all(dir).map_err(|e| out_dir_error(dir, e))?;
    let manifest_path = dir.join(MANIFEST_NAME);
    let mut summary = BatchSummary::default();
    let (mut manifest, last_row) = if manifest_path.exists() {
        if !config.resume {
            return Err(BatchError::AlreadyIssued { dir: dir.clone() });
        }
        let (file, state) = manifest::open_for_append(&manifest_path)
            .map_err(|source| BatchError::Manifest { path: manifest_path.clone(), source })?;
        summary.repaired_manifest = state.repaired;
        summary.removed_temporary = output::remove_leftovers(dir).map_err(|e| out_dir_error(dir, e))?;
        (file, state.last_row)
    } else {
        if let Some(path) = output::holds_batch_files(dir).map_err(|e| out_dir_error(dir, e))? {
            if !config.resume {
                return Err(BatchError::StrayFiles { path });
            }
        }
        if config.resume {
            summary.removed_temporary = output::remove_leftovers(dir).map_err(|e| out_dir_error(dir, e))?;
        }
        let file = manifest::create(&manifest_path)
            .map_err(|e| BatchError::Write { path: manifest_path.clone(), reason: e.to_string() })?;
        (file, 0)
    };

    let jobs = config.jobs.max(1);
    let pdf = config.formats.contains(&Format::Pdf);
    // With sheets, a chunk is one PDF file's rows whatever the number of workers, so the files
    // are the same on every machine.
    let chunk_rows = if pdf { PDF_ROWS } else { jobs * ROWS_PER_JOB };
    let mut rows = rows.peekable();
    loop {
        let mut chunk = Vec::with_capacity(chunk_rows);
        for row in rows.by_ref() {
            if row.row <= last_row {
                summary.already_done += 1;
                continue;
            }
            chunk.push(row);
            if chunk.len() == chunk_rows {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let per_job = chunk.len().div_ceil(jobs);
        let results: Vec<Result<RowResult, BatchError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .chunks(per_job)
                .map(|part| scope.spawn(move || issue_part(issuer, part, config)))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(results) => results,
                    // A worker panicking is a bug; report it as a failed write of this chunk
                    // rather than take the process down with half a manifest.
                    Err(_) => vec![Err(BatchError::Write {
                        path: dir.clone(),
                        reason: "internal error while issuing this chunk".into(),
                    })],
                })
                .collect()
        });
        let mut entries = Vec::with_capacity(results.len());
        let mut cards = Vec::new();
        let mut fatal = None;
        for result in results {
            match (&fatal, result) {
                (None, Ok(RowResult::Issued { entry, replaced, card })) => {
                    summary.replaced += replaced;
                    entries.push(entry);
                    cards.extend(card);
                }
                (None, Ok(RowResult::Failed { row, line, failure })) => {
                    summary.failed += 1;
                    on_event(BatchEvent::Failed { row, line, failure: &failure });
                }
                (None, Err(e)) => fatal = Some(e),
                // Rows after the failure that other workers finished are not recorded, so their
                // files go: a credential on disk is one the manifest knows.
                (Some(_), Ok(RowResult::Issued { entry, .. })) => {
                    for file in &entry.files {
                        let _ = std::fs::remove_file(dir.join(file));
                    }
                }
                (Some(_), _) => {}
            }
        }
        if pdf {
            write_sheets(config, &mut entries, &cards)?;
        }
        drop(cards);
        // Rows whose files were written before the failure are recorded, so a resume skips them.
        manifest::append(&mut manifest, &entries)
            .map_err(|e| BatchError::Write { path: manifest_path.clone(), reason: e.to_string() })?;
        for entry in &entries {
            summary.issued += 1;
            on_event(BatchEvent::Issued(entry));
        }
        if let Some(e) = fatal {
            // What was recorded before the failure is vouched for too; the failure is what the
            // caller hears about either way.
            let _ = audit::append_summary(dir, issuer.key());
            return Err(e);
        }
    }
    summary.audit = audit::append_summary(dir, issuer.key())
        .map_err(|e| BatchError::Audit { path: dir.join(audit::AUDIT_NAME), reason: e.to_string() })?
        .map(|(s, sha)| (s.run, sha));
    Ok(summary)
}

/// Writes the chunk's cards as one PDF of sheets, named by the first row, and adds it to every
/// entry's files. If it cannot be written, the entries' other files go too and nothing of the
/// chunk is recorded: a resume issues it again.
fn write_sheets(
    config: &BatchConfig,
    entries: &mut [ManifestEntry],
    cards: &[PdfCard],
) -> Result<(), BatchError> {
    let Some(first) = entries.first() else { return Ok(()) };
    let name = sheets_file_name(first.row);
    let bytes = sheets_pdf(cards);
    if let Err(e) = output::write_new(&config.out_dir, &name, &bytes, config.resume, 0o600) {
        for entry in entries.iter() {
            for file in &entry.files {
                let _ = std::fs::remove_file(config.out_dir.join(file));
            }
        }
        return Err(BatchError::Write { path: config.out_dir.join(&name), reason: e.to_string() });
    }
    for entry in entries {
        entry.files.push(name.clone());
    }
    Ok(())
}
