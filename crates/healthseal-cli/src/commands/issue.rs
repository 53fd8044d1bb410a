//! `healthseal issue`: bulk issuance from a CSV or JSON Lines file.

use std::fs::File;
use std::io::{BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::ValueEnum;
use healthseal_core::{Region, Timestamp};
use healthseal_issuer::batch::{
    csv_rows, jsonl_rows, run_batch, BatchConfig, BatchError, BatchEvent, Format, InputRow, MANIFEST_NAME,
};
use healthseal_issuer::qr::DEFAULT_EC_LEVEL;
use healthseal_issuer::{region_utc_offset, CardFonts};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::args::{parse_duration, parse_region, parse_time, QrArgs, TokenArgs};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::io_reason;
use crate::issuing::{issue_error, load_issuer};
use crate::{clock, output};

pub const HELP: &str = "\
Examples:
  healthseal issue --key zj-issuer.key --input people.csv --out-dir batch-2026-11-25 \\
      --format txt,png,card --valid-for 72h
  healthseal issue --key zj-issuer.key --input care-home.csv --out-dir care-home \\
      --format txt,pdf --valid-for 7d
  healthseal issue --key zj-issuer.key --input people.jsonl --out-dir batch --resume

Input columns (CSV header names or JSON keys):
  name        holder name as on the identity document, any script      required
  birth_date  YYYY-MM-DD, YYYY-MM or YYYY                                required
  status      green, yellow or red                                       required
  basis       test, vaccination, recovery, contact, self-report,
              clinical or exemption                                      optional
  valid_for   72h, 7d ... (else --valid-for)                             optional

Each row becomes row-NNNNNNN.txt / .png / .svg / .card.svg in --out-dir, written completely
or not at all and readable by the owner only, and a line in manifest.jsonl: row, credential id,
key id, region, status, issued-at, expires-at, files. With pdf, the cards of every 512 rows
go on A4 sheets (8 cards a sheet, cut marks) in one file, sheets-NNNNNNN.pdf, named by its
first row. Cards print their text as outlines from the fonts installed here; a row whose name
no installed font draws fails (install fonts-noto-cjk for Chinese, Japanese and Korean). Keep the manifest: revocation needs the
credential ids (healthseal trust revoke --cti ID). It holds no names; join it with the input by
row number.

Rows that cannot be issued are reported (row, line, reason) and the others go on. A folder that
already holds a batch is refused; after an interrupted run, --resume finishes it without
issuing twice for the rows its manifest records.

Exit codes: 0 every row issued, 2 some rows could not be issued (the rest were),
3 usage or configuration error (nothing issued, or the run stopped: see the message).";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Issuing key file (an encrypted key is unlocked once for the whole run), or the key in a
    /// token (pkcs11:token=LABEL;object=LABEL; the PIN is asked for once)
    #[arg(long, value_name = "PATH")]
    pub key: PathBuf,
    /// People to issue for: a .csv file with a header line, or .jsonl (one JSON object per line);
    /// - for CSV on standard input
    #[arg(long, value_name = "FILE")]
    pub input: String,
    /// Read --input as this format instead of guessing from its extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormatArg>,
    /// Folder for the output files and manifest.jsonl (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// What to write per person, comma-separated: txt, png, svg, card (one SVG each), pdf (A4
    /// sheets of cards)
    #[arg(long, value_name = "LIST", default_value = "txt,png", value_parser = parse_formats)]
    pub format: Formats,
    /// Validity for rows without a valid_for value (72h, 7d)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub valid_for: Option<Duration>,
    /// Issue time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<Timestamp>,
    /// Region, when the key file does not name it
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Worker threads (default: one per core)
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// Finish an interrupted run in the same --out-dir: rows its manifest records are skipped
    #[arg(long)]
    pub resume: bool,
    #[command(flatten)]
    pub qr: QrArgs,
    #[command(flatten)]
    pub token: TokenArgs,
    /// No progress bar
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Report each row as a JSON line on standard output
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// Comma-separated values with a header line
    Csv,
    /// One JSON object per line
    Jsonl,
}

/// The output formats of a batch, in a fixed order, each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(pub Vec<Format>);

fn parse_formats(s: &str) -> Result<Formats, String> {
    let mut formats = Vec::new();
    for name in s.split(',') {
        let format = Format::from_name(name).ok_or_else(|| {
            format!("{:?} is not an output format; use txt, png, svg, card or pdf", name.trim())
        })?;
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    formats.sort();
    Ok(Formats(formats))
}

pub fn run(args: Args) -> CliResult {
    let stdin = args.input == "-";
    let format = match (args.input_format, stdin) {
        (Some(f), _) => f,
        (None, true) => InputFormatArg::Csv,
        (None, false) => {
            let lower = args.input.to_ascii_lowercase();
            if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
                InputFormatArg::Jsonl
            } else if lower.ends_with(".csv") {
                InputFormatArg::Csv
            } else {
                return Err(CliError::usage(format!(
                    "{}: cannot tell CSV from JSON Lines by its name",
                    args.input
                ))
                .hint("name it .csv or .jsonl, or pass --input-format csv|jsonl"));
            }
        }
    };
    // Open the input before unlocking the key, so a typo costs no passphrase prompt.
    let reader: Box<dyn Read> = if stdin {
        Box::new(std::io::stdin())
    } else {
        let file = File::open(&args.input)
            .map_err(|e| CliError::usage(format!("cannot read {}: {}", args.input, io_reason(&e))))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(CliError::usage(format!("{} is a folder, not an input file", args.input)));
        }
        Box::new(file)
    };
    let reader = BufReader::with_capacity(256 * 1024, reader);
    let rows: Box<dyn Iterator<Item = InputRow>> = match format {
        InputFormatArg::Csv => Box::new(
            csv_rows(reader)
                .map_err(|e| CliError::unreadable(format!("{}: {e}", display_input(&args.input))))?,
        ),
        InputFormatArg::Jsonl => Box::new(jsonl_rows(reader)),
    };

    let issuer = load_issuer(&args.key, args.region.clone(), &args.token)?;
    let now = clock::now_or(args.at)?;
    issuer.usable_at(now).map_err(issue_error)?;
    let jobs =
        args.jobs.map_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()), usize::from);
    let config = BatchConfig {
        out_dir: args.out_dir.clone(),
        formats: args.format.0.clone(),
        default_valid_for: args.valid_for,
        level: args.qr.ecc.unwrap_or(DEFAULT_EC_LEVEL),
        module_px: args.qr.module_px,
        utc_offset: args.qr.utc_offset.or_else(|| region_utc_offset(issuer.region())),
        langs: args.qr.card_lang,
        // Finding the installed fonts takes a moment: only when cards are drawn.
        fonts: if args.format.0.iter().any(|f| matches!(f, Format::Card | Format::Pdf)) {
            CardFonts::installed().into()
        } else {
            CardFonts::builtin().into()
        },
        jobs,
        resume: args.resume,
        now,
        id_seed: os_seed()?,
    };

    let progress = progress_bar(&args, stdin, format);
    let started = Instant::now();
    let mut last_error_row = None;
    let result = run_batch(&issuer, rows, &config, |event| match event {
        BatchEvent::Issued(entry) => {
            progress.inc(1);
            if args.json {
                output::json("issued", json!(entry));
            }
        }
        BatchEvent::Failed { row, line, failure } => {
            progress.inc(1);
            last_error_row = Some(row);
            if args.json {
                output::json(
                    "row_failed",
                    json!({ "row": row, "line": line, "reason": failure.to_string() }),
                );
            } else {
                progress.suspend(|| output::note(&format!("row {row} (line {line}): {failure}")));
            }
        }
        _ => {}
    });
    progress.finish_and_clear();
    let summary = result.map_err(|e| batch_error(&args.out_dir, e))?;
    let elapsed = started.elapsed();
    if args.json {
        output::json(
            "summary",
            json!({
                "issued": summary.issued,
                "failed": summary.failed,
                "already_done": summary.already_done,
                "replaced": summary.replaced,
                "seconds": elapsed.as_secs_f64(),
                "manifest": args.out_dir.join(MANIFEST_NAME),
                "audit_run": summary.audit.as_ref().map(|(run, _)| run),
                "audit_sha256": summary.audit.as_ref().map(|(_, sha)| sha),
            }),
        );
    }
    if summary.repaired_manifest {
        output::note("resume: the interrupted run's last manifest line was incomplete and has been cut off");
    }
    if summary.already_done > 0 {
        output::note(&format!("resume: skipped {} rows the manifest already records", summary.already_done));
    }
    if summary.replaced > 0 {
        output::note(&format!(
            "resume: replaced {} files the interrupted run wrote but never recorded (their credentials were never handed out)",
            summary.replaced
        ));
    }
    output::note(&format!(
        "issued {} credentials in {} ({}/s, {jobs} workers) into {}; manifest: {}",
        summary.issued,
        format_elapsed(elapsed),
        rate(summary.issued, elapsed),
        args.out_dir.display(),
        args.out_dir.join(MANIFEST_NAME).display(),
    ));
    if let Some((run, sha)) = &summary.audit {
        let short = sha.get(..16).unwrap_or(sha);
        output::note(&format!(
            "audit trail: run {run} signed; keep this apart from the folder to check it later: \
             healthseal audit {} --key KEY.pub --last {short}",
            args.out_dir.display()
        ));
    }
    if summary.failed > 0 {
        output::note(&format!(
            "error: {} rows could not be issued (last: row {}); fix them and issue them in a new batch",
            summary.failed,
            last_error_row.unwrap_or(0)
        ));
        return Ok(Outcome::Unreadable);
    }
    Ok(Outcome::Success)
}

fn display_input(input: &str) -> &str {
    if input == "-" {
        "standard input"
    } else {
        input
    }
}

fn batch_error(dir: &Path, e: BatchError) -> CliError {
    let hint = match &e {
        BatchError::AlreadyIssued { .. } => Some(format!(
            "choose a new --out-dir, or pass --resume to finish an interrupted run in {}",
            dir.display()
        )),
        BatchError::StrayFiles { .. } => {
            Some("choose an empty --out-dir (or --resume if these are from an interrupted run)".to_string())
        }
        BatchError::Write { .. } => {
            Some("free space or fix permissions, then rerun with --resume: issued rows are kept".to_string())
        }
        BatchError::Signer { .. } => {
            Some("reconnect the token, then rerun with --resume: issued rows are kept".to_string())
        }
        _ => None,
    };
    let err = CliError::usage(e);
    match hint {
        Some(h) => err.hint(h),
        None => err,
    }
}

/// A progress bar on standard error when it is a terminal and --quiet is not given. The total
/// comes from counting the input's lines first (files only; quick next to signing).
fn progress_bar(args: &Args, stdin: bool, format: InputFormatArg) -> ProgressBar {
    if args.quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total = if stdin { None } else { count_lines(Path::new(&args.input)) };
    let bar = match total {
        Some(lines) => {
            let header = u64::from(format == InputFormatArg::Csv);
            ProgressBar::with_draw_target(Some(lines.saturating_sub(header)), ProgressDrawTarget::stderr())
        }
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = if total.is_some() {
        "{bar:40} {human_pos}/{human_len} rows  {per_sec:.0}  ETA {eta}"
    } else {
        "{spinner} {human_pos} rows  {per_sec:.0}  {elapsed}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn count_lines(path: &Path) -> Option<u64> {
    let mut file = File::open(path).ok()?;
    let mut buf = vec![0u8; 1 << 20];
    let (mut lines, mut last) = (0u64, b'\n');
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        last = buf[n - 1];
    }
    Some(lines + u64::from(last != b'\n'))
}

fn format_elapsed(d: Duration) -> String {
    if d.as_secs() >= 60 {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

fn rate(n: u64, d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs <= 0.0 {
        return "-".into();
    }
    format!("{:.0}", n as f64 / secs)
}

/// A seed for the run's credential ids, from the operating system's random generator (the
/// library takes it as input, as it takes the clock).
fn os_seed() -> CliResult<[u8; 32]> {
    use rand_core::RngCore;
    let mut seed = [0u8; 32];
    rand_core::OsRng
        .try_fill_bytes(&mut seed)
        .map_err(|e| CliError::usage(format!("no randomness for credential ids: {e}")))?;
    Ok(seed)
}
