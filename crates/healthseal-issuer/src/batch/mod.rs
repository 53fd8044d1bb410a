//! Bulk issuance: a CSV or JSON Lines file of people in, one credential per row out (text, QR
//! images, printable cards), with a manifest the authority keeps for revocation and a signed
//! audit trail of the runs that wrote it.

mod audit;
mod input;
mod manifest;
mod output;
mod row;
mod run;

pub use audit::{
    audit_folder, audit_folder_ending, AuditReport, AuditWriteError, Finding, RunSummary, AUDIT_NAME,
};
pub use input::{csv_rows, jsonl_rows, InputError, InputRow, RowError, RowFields, COLUMNS, MAX_LINE_BYTES};
pub use manifest::{ManifestEntry, ManifestError, ManifestState, MANIFEST_NAME};
pub use output::{file_name, sheets_file_name, Format, PDF_ROWS};
pub use run::{run_batch, BatchConfig, BatchError, BatchEvent, BatchSummary, RowFailure, ROWS_PER_JOB};
