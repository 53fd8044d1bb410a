//! `healthseal sign`: one credential, as text, a QR image, a card, or a QR in the terminal.

use std::path::{Path, PathBuf};
use std::time::Duration;

use healthseal_core::{Basis, Region, Status, Timestamp};
use healthseal_issuer::qr::{QrSymbol, DEFAULT_EC_LEVEL};
use healthseal_issuer::{region_utc_offset, sheets_pdf, Card, CardContent, CardFonts, IssueRequest};
use rand_core::OsRng;

use crate::args::{parse_basis, parse_duration, parse_region, parse_status, parse_time, QrArgs, TokenArgs};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Output};
use crate::issuing::{card_error, issue_error, load_issuer};
use crate::{clock, output};

pub const HELP: &str = "\
Examples:
  healthseal sign --key zj-issuer.key --name '张三' --birth-date 1990-07-01 \\
      --status green --valid-for 72h --terminal
  healthseal sign --key zj-issuer.key --name '张三' --birth-date 1990-07-01 \\
      --status green --valid-for 72h --out zhang-san.png
  healthseal sign --key zj-issuer.key --name 'Ana Lima' --birth-date 1985-03 \\
      --status yellow --valid-for 7d --basis test --out ana.txt
  healthseal sign --key zj-issuer.key --name '张三' --birth-date 1990-07-01 \\
      --status green --valid-for 72h --out zhang-san.pdf

Cards (.card.svg, .pdf) print the text as outlines from the fonts installed here, so they look
the same on any machine; a name no installed font draws is refused (install fonts-noto-cjk for
Chinese, Japanese and Korean names). A .pdf is an A4 sheet with the card and cut marks.

The issue time is now, or --at. Validity runs for --valid-for from --not-before,
or from the issue time when --not-before is not given.
Durations: 72h, 7d, 1h30m. Times: RFC 3339, e.g. 2026-11-25T09:00:00+08:00.
An encrypted key's passphrase comes from HEALTHSEAL_PASSPHRASE or is asked for.

Exit codes: 0 signed, 3 usage or configuration error.";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Issuing key file, or the key in a token (pkcs11:token=LABEL;object=LABEL)
    #[arg(long, value_name = "PATH")]
    pub key: PathBuf,
    /// Holder name exactly as on the identity document (any script)
    #[arg(long)]
    pub name: String,
    /// Holder birth date: YYYY-MM-DD, YYYY-MM or YYYY
    #[arg(long, value_name = "DATE")]
    pub birth_date: String,
    /// Attested status
    #[arg(long, value_parser = parse_status)]
    pub status: Status,
    /// How long the credential is valid (72h, 7d, 1h30m)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub valid_for: Duration,
    /// Why this status: test, vaccination, recovery, contact, self-report, clinical, exemption
    #[arg(long, value_parser = parse_basis)]
    pub basis: Option<Basis>,
    /// Start of validity, if later than issue (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub not_before: Option<Timestamp>,
    /// Issue time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Region, when the key file does not name it
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Write to this file instead of standard output: .png or .svg a QR image, .card.svg a
    /// printable card, .pdf the card on an A4 sheet, anything else the text
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also draw the QR code in the terminal (Unicode blocks, scannable from the screen)
    #[arg(long)]
    pub terminal: bool,
    #[command(flatten)]
    pub qr: QrArgs,
    #[command(flatten)]
    pub token: TokenArgs,
    /// Replace an existing --out file
    #[arg(long)]
    pub force: bool,
}

/// What `--out` asks for, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutKind {
    Text,
    Png,
    Svg,
    Card,
    Pdf,
}

fn out_kind(path: &Path) -> OutKind {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if name.ends_with(".card.svg") {
        OutKind::Card
    } else if name.ends_with(".pdf") {
        OutKind::Pdf
    } else if name.ends_with(".png") {
        OutKind::Png
    } else if name.ends_with(".svg") {
        OutKind::Svg
    } else {
        OutKind::Text
    }
}

pub fn run(args: Args) -> CliResult {
    let issuer = load_issuer(&args.key, args.region, &args.token)?;
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
        output::line(symbol()?.to_terminal(output::colour()).trim_end_matches('\n'));
    }
    match &args.out {
        None => output::line(text),
        Some(path) => {
            let kind = out_kind(path);
            let contents = match kind {
                OutKind::Text => format!("{text}\n").into_bytes(),
                OutKind::Png => symbol()?.to_png(args.qr.module_px),
                OutKind::Svg => symbol()?.to_svg(None).into_bytes(),
                OutKind::Card | OutKind::Pdf => {
                    let content = CardContent {
                        text,
                        credential: issued.credential(),
                        utc_offset: args.qr.utc_offset.or_else(|| region_utc_offset(issuer.region())),
                        level,
                        langs: args.qr.card_lang,
                    };
                    let card = Card::lay_out(&content, &CardFonts::installed()).map_err(card_error)?;
                    if kind == OutKind::Pdf {
                        sheets_pdf(&[card.to_pdf_card()])
                    } else {
                        card.to_svg().into_bytes()
                    }
                }
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
                    let kind = match kind {
                        OutKind::Card => "card, ",
                        OutKind::Pdf => "card on an A4 sheet, ",
                        _ => "",
                    };
                    format!("{kind}QR version {}-{}", s.version(), healthseal_issuer::qr::level_letter(level))
                }
            };
            output::note(&format!("wrote {} ({what})", path.display()));
        }
    }
    Ok(Outcome::Success)
}
