//! `healthseal issue`: bulk issuance from a CSV or JSON Lines file.

use std::fs::File;
use std::io::{BufReader, IsTerminal, Read};
use std::path::Path;
use std::time::{Duration, Instant};

use healthseal_issuer::batch::{
    csv_rows, jsonl_rows, run_batch, BatchConfig, BatchError, BatchEvent, InputRow, MANIFEST_NAME,
};
use healthseal_issuer::qr::DEFAULT_EC_LEVEL;
use healthseal_issuer::{region_utc_offset, Issuer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::cli::{InputFormatArg, IssueArgs};
use crate::commands::sign::{issue_error, issuer_error};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::io_reason;
use crate::{clock, keys, output};

pub fn run(args: IssueArgs) -> CliResult {
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

    let (info, key) = keys::load_private(&args.key)?;
    let issuer = Issuer::new(key, &info, args.region.clone()).map_err(|e| issuer_error(&args.key, e))?;
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
        jobs,
        resume: args.resume,
        now,
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
fn progress_bar(args: &IssueArgs, stdin: bool, format: InputFormatArg) -> ProgressBar {
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
