//! One worker's share of a batch: each row issued, drawn and written, all or nothing per row.

use healthseal_core::{SignError, SignerError};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

use super::input::InputRow;
use super::manifest::ManifestEntry;
use super::output::{self, file_name, Format};
use super::run::{BatchConfig, BatchError, RowFailure};
use crate::qr::QrSymbol;
use crate::render::card::{Card, CardContent, CardError};
use crate::render::sheet::PdfCard;
use crate::{IssueError, IssueRequest, Issuer};

/// What became of one row.
pub(super) enum RowResult {
    Issued { entry: ManifestEntry, replaced: u64, card: Option<PdfCard> },
    Failed { row: u64, line: u64, failure: RowFailure },
}

/// One worker's share of a chunk, in order. Stops at the first write error (the rest of the
/// share is not attempted).
pub(super) fn issue_part(
    issuer: &Issuer,
    part: &[InputRow],
    config: &BatchConfig,
) -> Vec<Result<RowResult, BatchError>> {
    let mut rng = ChaCha20Rng::from_seed(config.id_seed);
    rng.set_stream(part.first().map_or(0, |row| row.row));
    let mut results = Vec::with_capacity(part.len());
    for row in part {
        let result = issue_row(issuer, row, config, &mut rng);
        let stop = result.is_err();
        results.push(result);
        if stop {
            break;
        }
    }
    results
}

fn issue_row(
    issuer: &Issuer,
    input: &InputRow,
    config: &BatchConfig,
    rng: &mut ChaCha20Rng,
) -> Result<RowResult, BatchError> {
    let failed = |failure: RowFailure| Ok(RowResult::Failed { row: input.row, line: input.line, failure });
    let fields = match &input.fields {
        Ok(fields) => fields,
        Err(e) => return failed(e.clone().into()),
    };
    let Some(valid_for) = fields.valid_for.or(config.default_valid_for) else {
        return failed(RowFailure::NoValidity);
    };
    let request = IssueRequest {
        name: fields.name.clone(),
        birth_date: fields.birth_date.clone(),
        status: fields.status,
        valid_for,
        not_before: None,
        basis: fields.basis,
    };
    let issued = match issuer.issue(request, config.now, rng) {
        Ok(issued) => issued,
        // Not this row's fault: every row after it would fail the same way. Stop, so that a
        // resume once the key is back issues the rest.
        // (A key that refuses is no better: no row after it would be signed either.)
        Err(IssueError::Sign(SignError::Signer(e))) => {
            let reason = match e {
                SignerError::Unavailable { reason } | SignerError::Refused { reason } => reason,
                other => other.to_string(),
            };
            return Err(BatchError::Signer { row: input.row, reason });
        }
        Err(e) => return failed(e.into()),
    };
    let drawn = |formats: &[Format]| config.formats.iter().any(|f| formats.contains(f));
    // One QR symbol for every drawing of the row.
    let symbol = if drawn(&[Format::Png, Format::Svg, Format::Card, Format::Pdf]) {
        match QrSymbol::encode(issued.text(), config.level) {
            Ok(symbol) => Some(symbol),
            Err(e) => return failed(e.into()),
        }
    } else {
        None
    };
    let card = if let (true, Some(symbol)) = (drawn(&[Format::Card, Format::Pdf]), &symbol) {
        let content = CardContent {
            text: issued.text(),
            credential: issued.credential(),
            utc_offset: config.utc_offset,
            level: config.level,
            langs: config.langs,
        };
        match Card::lay_out_symbol(&content, symbol, &config.fonts) {
            Ok(card) => Some(card),
            Err(CardError::Qr(e)) => return failed(e.into()),
            Err(CardError::Glyphs(e)) => return failed(e.into()),
            Err(CardError::NameTooTall) => return failed(RowFailure::NameTooTall),
        }
    } else {
        None
    };
    // Render everything first, so a row that cannot be drawn writes nothing.
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(config.formats.len());
    let mut pdf_card = None;
    for &format in &config.formats {
        let contents = match (format, &symbol, &card) {
            (Format::Txt, _, _) => format!("{}\n", issued.text()).into_bytes(),
            (Format::Png, Some(symbol), _) => symbol.to_png(config.module_px),
            (Format::Svg, Some(symbol), _) => symbol.to_svg(None).into_bytes(),
            (Format::Card, _, Some(card)) => card.to_svg().into_bytes(),
            (Format::Pdf, _, Some(card)) => {
                // Placed on the chunk's sheets once the chunk is done.
                pdf_card = Some(card.to_pdf_card());
                continue;
            }
            _ => continue,
        };
        files.push((file_name(input.row, format), contents));
    }
    let mut replaced = 0;
    let mut written = Vec::with_capacity(files.len());
    for (name, contents) in &files {
        if config.resume && config.out_dir.join(name).exists() {
            replaced += 1;
        }
        // Credentials carry personal data: files are readable by their owner only.
        match output::write_new(&config.out_dir, name, contents, config.resume, 0o600) {
            Ok(()) => written.push(name.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                // Undo this row's earlier files so it is all or nothing.
                for done in &written {
                    let _ = std::fs::remove_file(config.out_dir.join(done));
                }
                return failed(RowFailure::Exists { file: name.clone() });
            }
            Err(e) => {
                for done in &written {
                    let _ = std::fs::remove_file(config.out_dir.join(done));
                }
                return Err(BatchError::Write { path: config.out_dir.join(name), reason: e.to_string() });
            }
        }
    }
    let credential = issued.credential();
    let entry = ManifestEntry {
        row: input.row,
        id: credential.id().to_string(),
        kid: issued.sealed().kid().to_string(),
        region: credential.region().as_str().to_string(),
        status: credential.status().name().to_string(),
        issued_at: credential.issued_at().to_string(),
        expires_at: credential.expires_at().to_string(),
        files: written,
    };
    Ok(RowResult::Issued { entry, replaced, card: pdf_card })
}
