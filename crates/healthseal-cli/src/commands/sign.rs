//! `healthseal sign`: one credential, as text, a QR image, a card, or a QR in the terminal.

use std::path::Path;

use healthseal_issuer::qr::{QrSymbol, DEFAULT_EC_LEVEL};
use healthseal_issuer::{
    card_svg, region_utc_offset, CardContent, IssueError, IssueRequest, Issuer, IssuerError,
};
use rand_core::OsRng;

use crate::cli::SignArgs;
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Output};
use crate::{clock, keys, output};

/// What `--out` asks for, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutKind {
    Text,
    Png,
    Svg,
    Card,
}

fn out_kind(path: &Path) -> OutKind {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if name.ends_with(".card.svg") {
        OutKind::Card
    } else if name.ends_with(".png") {
        OutKind::Png
    } else if name.ends_with(".svg") {
        OutKind::Svg
    } else {
        OutKind::Text
    }
}

pub fn run(args: SignArgs) -> CliResult {
    let (info, key) = keys::load_private(&args.key)?;
    let issuer = Issuer::new(key, &info, args.region).map_err(|e| issuer_error(&args.key, e))?;
    let now = clock::now_or(args.at)?;
    let request = IssueRequest {
        name: args.name,
        birth_date: args.birth_date,
        status: args.status,
        valid_for: args.valid_for,
        not_before: args.not_before,
        basis: args.basis,
    };
    let issued = issuer.issue(request, now, &mut OsRng).map_err(issue_error)?;
    let text = issued.text();
    let level = args.qr.ecc.unwrap_or(DEFAULT_EC_LEVEL);
    let symbol = || QrSymbol::encode(text, level).map_err(CliError::usage);
    if args.terminal {
        output::line(symbol()?.to_terminal(colour()).trim_end_matches('\n'));
    }
    match &args.out {
        None => output::line(text),
        Some(path) => {
            let kind = out_kind(path);
            let contents = match kind {
                OutKind::Text => format!("{text}\n").into_bytes(),
                OutKind::Png => symbol()?.to_png(args.qr.module_px),
                OutKind::Svg => symbol()?.to_svg(None).into_bytes(),
                OutKind::Card => card_svg(&CardContent {
                    text,
                    credential: issued.credential(),
                    utc_offset: args.qr.utc_offset.or_else(|| region_utc_offset(issuer.region())),
                    level,
                })
                .map_err(CliError::usage)?
                .into_bytes(),
            };
            // The file holds personal data: readable by the owner only.
            files::write_all_or_nothing(
                &[Output { path, contents: &contents, mode: 0o600, replace: args.force }],
                &[&args.key],
            )?;
            let what = match kind {
                OutKind::Text => format!("{} characters", text.len()),
                _ => {
                    let s = symbol()?;
                    let kind = if kind == OutKind::Card { "card, " } else { "" };
                    format!("{kind}QR version {}-{}", s.version(), healthseal_issuer::qr::level_letter(level))
                }
            };
            output::note(&format!("wrote {} ({what})", path.display()));
        }
    }
    Ok(Outcome::Success)
}

pub fn issuer_error(key: &Path, e: IssuerError) -> CliError {
    let err = CliError::usage(format!("key file {}: {e}", key.display()));
    match e {
        IssuerError::RootKey => {
            err.hint("sign credentials with an issuing key (healthseal keygen --role issuer)")
        }
        IssuerError::NoRegion => err.hint("pass --region CODE"),
        _ => err,
    }
}

pub fn issue_error(e: IssueError) -> CliError {
    match e {
        IssueError::KeyExpired { .. } => {
            CliError::usage(e).hint("create a new issuing key with healthseal keygen")
        }
        other => CliError::usage(other),
    }
}

/// Whether to colour terminal output: standard output is a terminal and `NO_COLOR` is unset.
pub fn colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}
