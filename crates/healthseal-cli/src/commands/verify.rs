//! `healthseal verify`: the checkpoint. Offline, nothing about holders written anywhere.
//!
//! Inputs are credential texts, text files of them, standard input, images (every QR code in
//! them), and folders of images.

use std::io::Read;
use std::path::{Path, PathBuf};

use healthseal_core::{DecisionOptions, Reason, StaleMode, Timestamp, Verdict};
use healthseal_verifier::{ImageError, LoadError, Scan, StateChange, StateFile, Verifier, MAX_IMAGE_BYTES};
use serde_json::json;

use crate::cli::{StaleArg, VerifyArgs};
use crate::commands::trust::{read_document, read_public};
use crate::exit::{CliError, CliResult, Outcome};
use crate::files::{self, Source};
use crate::{clock, output, render};
use healthseal_issuer::batch::read_line_bounded;

pub fn run(args: VerifyArgs) -> CliResult {
    let root = read_public(&args.root, "root public key")?;
    let list = read_document(&args.trust)?;
    let options = DecisionOptions {
        skew: args.skew,
        stale_grace: args.grace,
        stale: match args.stale {
            StaleArg::Warn => StaleMode::Warn,
            StaleArg::Reject => StaleMode::Reject,
        },
    };
    let verifier = if args.no_state {
        let verifier = Verifier::new(&root.key, &list, options).map_err(|e| load_error(&args.trust, e))?;
        output::note("warning: --no-state: an older trust list would be accepted (no rollback protection)");
        verifier
    } else {
        let state = StateFile::new(state_path(args.state.clone(), &root.key)?);
        let (verifier, change) =
            Verifier::load(&root.key, &list, &state, options).map_err(|e| load_error(&args.trust, e))?;
        if let StateChange::Advanced { from } = change {
            output::note(&format!("trust list #{} replaces #{from}", verifier.list().sequence()));
        }
        verifier
    };
    let mut checkpoint =
        Checkpoint { verifier: &verifier, at: args.at, json: args.json, worst: Outcome::Success };
    for input in &args.inputs {
        match Source::parse(input) {
            Source::Literal(text) => checkpoint.text("argument", &text)?,
            Source::Stdin => {
                // Line by line, answering each as it arrives: a 2D scanner types one code per line.
                let lines =
                    checkpoint.lines(&mut std::io::stdin().lock(), "stdin", "standard input", Utf8::Lossy)?;
                // Nothing checked is not "all accepted": exit 0 must never mean no credential.
                if lines == 0 {
                    return Err(CliError::unreadable("standard input is empty"));
                }
            }
            Source::File(path) if path.is_dir() => checkpoint.folder(&path)?,
            Source::File(path) if is_image(&path) => checkpoint.image_file(&path)?,
            Source::File(path) => {
                let name = files::shown(&path);
                let file = std::fs::File::open(&path).map_err(|e| {
                    CliError::unreadable(format!("cannot read {name}: {}", files::io_reason(&e)))
                        .hint(INPUT_HINT)
                })?;
                // A file of scanner output is read line by line like standard input, whatever its
                // size, each line bounded.
                let lines =
                    checkpoint.lines(&mut std::io::BufReader::new(file), &name, &name, Utf8::Required)?;
                if lines == 0 {
                    return Err(CliError::unreadable(format!("{name} is empty")));
                }
            }
        }
    }
    Ok(checkpoint.worst)
}

/// What the checkpoint reads, for a hint when an input is none of it.
const INPUT_HINT: &str = "give an image, a folder of images, a file of HS1: lines, - for standard input, \
                          or the credential text itself (it starts with HS1:)";

/// What a line that is not UTF-8 means: damage from a scanner, answered as a malformed
/// credential, or (in a named file) a file that is not a file of credential texts at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf8 {
    Lossy,
    Required,
}

/// Verdicts for every input, and the worst outcome so far.
struct Checkpoint<'a> {
    verifier: &'a Verifier,
    /// The time given with `--at`; without it the clock is read for each credential and image,
    /// so that a session left running for hours still sees credentials expire.
    at: Option<Timestamp>,
    json: bool,
    worst: Outcome,
}

impl Checkpoint<'_> {
    fn now(&self) -> CliResult<Timestamp> {
        clock::now_or(self.at)
    }

    fn text(&mut self, source: &str, text: &str) -> CliResult<()> {
        let now = self.now()?;
        let verdict = self.verifier.verify(text, now);
        self.verdict(source, &verdict, now);
        Ok(())
    }

    /// A verdict for each non-empty line of `reader`, answered as it arrives, each line read up
    /// to a bound (a scanner, or anything else piped in, cannot make the checkpoint hold an
    /// unbounded line in memory). Returns the number of non-empty lines.
    fn lines(
        &mut self,
        reader: &mut impl std::io::BufRead,
        source: &str,
        name: &str,
        utf8: Utf8,
    ) -> CliResult<usize> {
        let mut line = Vec::new();
        let mut number = 0;
        let mut checked = 0;
        while let Some(too_long) = read_line_bounded(reader, &mut line, MAX_LINE)
            .map_err(|e| CliError::unreadable(format!("{name}: {e}")))?
        {
            number += 1;
            let source = format!("{source}:{number}");
            if too_long {
                checked += 1;
                self.text(&source, &"?".repeat(MAX_LINE + 1))?;
            } else {
                if utf8 == Utf8::Required && std::str::from_utf8(&line).is_err() {
                    return Err(CliError::unreadable(format!("{name} is not UTF-8 text (line {number})"))
                        .hint(INPUT_HINT));
                }
                let text = String::from_utf8_lossy(&line);
                let text = text.trim();
                if !text.is_empty() {
                    checked += 1;
                    self.text(&source, text)?;
                }
            }
        }
        Ok(checked)
    }

    fn verdict(&mut self, source: &str, verdict: &Verdict, now: Timestamp) {
        let outcome = match verdict {
            Verdict::Accepted(_) => Outcome::Success,
            Verdict::Rejected(r) if matches!(r.reason, Reason::Malformed(_)) => Outcome::Unreadable,
            Verdict::Rejected(_) => Outcome::Rejected,
        };
        if self.json {
            output::json("verdict", render::verdict_json(source, verdict, now));
        } else {
            output::line(&render::verdict_line(verdict, colour()));
        }
        self.worst = self.worst.max(outcome);
    }

    /// Every image directly in `dir`, in name order; anything else is skipped with a note, and
    /// so is anything that is not a regular file (a FIFO would block the scan forever).
    fn folder(&mut self, dir: &Path) -> CliResult<()> {
        let unreadable = |e: std::io::Error| {
            CliError::unreadable(format!(
                "cannot read folder {}: {}",
                files::shown(dir),
                files::io_reason(&e)
            ))
        };
        let mut paths = std::fs::read_dir(dir)
            .map_err(unreadable)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<Vec<PathBuf>, _>>()
            .map_err(unreadable)?;
        paths.sort();
        let mut images = 0;
        for path in paths {
            let skip = |why: &str| output::note(&format!("skipping {}: {why}", files::shown(&path)));
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => skip("a folder (folders are not searched)"),
                Ok(m) if !m.is_file() => skip("not a regular file (a pipe, device or socket)"),
                Err(e) => skip(&files::io_reason(&e)),
                Ok(_) if !is_image(&path) => skip("not an image"),
                Ok(_) => {
                    images += 1;
                    self.image_file(&path)?;
                }
            }
        }
        if images == 0 {
            return Err(CliError::unreadable(format!("{}: no image in this folder", files::shown(dir)))
                .hint("give a folder of PNG, JPEG, GIF, BMP or WebP files, or name the files themselves"));
        }
        Ok(())
    }

    /// A line per QR code in the image; NO CODE when there is none.
    fn image_file(&mut self, path: &Path) -> CliResult<()> {
        let source = files::shown(path);
        let unreadable = |why: String| CliError::unreadable(format!("cannot read {source}: {why}"));
        let file = files::open_regular(path)
            .map_err(|e| unreadable(files::io_reason(&e)))?
            .ok_or_else(|| unreadable("not a regular file".into()))?;
        let bytes = files::read_file_bounded(file, MAX_IMAGE_BYTES).map_err(|e| unreadable(e.to_string()))?;
        let now = self.now()?;
        let scans = match self.verifier.verify_image(&bytes, now) {
            Ok(scans) => scans,
            Err(e) => {
                if self.json {
                    output::json(
                        "unreadable_image",
                        json!({ "source": source, "reason": image_error_code(&e), "message": e.to_string() }),
                    );
                } else {
                    output::line(&format!("UNREADABLE  {source}: {e}"));
                }
                self.worst = self.worst.max(Outcome::Unreadable);
                return Ok(());
            }
        };
        if scans.is_empty() {
            if self.json {
                output::json("no_code", json!({ "source": source }));
            } else {
                output::line(&format!("NO CODE   {source}: no QR code found"));
            }
            self.worst = self.worst.max(Outcome::Unreadable);
        }
        for (i, scan) in scans.iter().enumerate() {
            let source = format!("{source}#{}", i + 1);
            match scan {
                Scan::Credential(verdict) => self.verdict(&source, verdict, now),
                Scan::NotACredential(code) => {
                    if self.json {
                        output::json(
                            "not_a_credential",
                            json!({ "source": source, "preview": code.preview(), "length": code.len() }),
                        );
                    } else {
                        output::line(&format!(
                            "NOT A CREDENTIAL  {source}: a QR code that is not a healthseal credential \
                             ({} characters, starting {:?})",
                            code.len(),
                            code.preview()
                        ));
                    }
                    self.worst = self.worst.max(Outcome::Unreadable);
                }
                // A kind of scan this build does not know: counted as unreadable, never accepted.
                _ => self.worst = self.worst.max(Outcome::Unreadable),
            }
        }
        Ok(())
    }
}

/// The stable `reason` of an `unreadable_image` JSON message.
fn image_error_code(e: &ImageError) -> &'static str {
    match e {
        ImageError::Empty => "empty",
        ImageError::TooManyBytes { .. } => "too_many_bytes",
        ImageError::NotAnImage => "not_an_image",
        ImageError::UnsupportedFormat { .. } => "unsupported_format",
        ImageError::TooLarge { .. } => "too_large",
        ImageError::Corrupt { .. } => "corrupt",
        _ => "unreadable",
    }
}

/// Whether the file starts like an image the verifier decodes: PNG, JPEG, GIF, BMP or WebP.
/// Decided by content, never by name; a file that cannot be opened, or is not a regular file
/// (a FIFO is never opened in a way that waits), is not an image here (the text path then
/// reports why it cannot be read, or reads it line by line).
fn is_image(path: &Path) -> bool {
    let mut head = [0u8; 18];
    let Ok(Some(mut file)) = files::open_regular(path) else { return false };
    let len = read_up_to(&mut file, &mut head).unwrap_or(0);
    let head = &head[..len];
    // A BMP's second header starts with its own size, one of these.
    let bmp_header_sizes = [12u32, 40, 52, 56, 108, 124];
    head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(b"\xff\xd8\xff")
        || head.starts_with(b"GIF87a")
        || head.starts_with(b"GIF89a")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
        || (head.starts_with(b"BM")
            && len == 18
            && bmp_header_sizes.contains(&u32::from_le_bytes([head[14], head[15], head[16], head[17]])))
}

fn read_up_to(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

fn load_error(path: &Path, e: LoadError) -> CliError {
    match e {
        // The trust list is configuration here, not an input: exit 3 even when it is not a
        // trust document at all (`trust verify` and `trust show` report that as unreadable).
        LoadError::List(doc) => {
            CliError { outcome: Outcome::Usage, ..crate::commands::trust::document_error(path, doc) }
                .hint("the trust list must be signed by the root key given with --root")
        }
        LoadError::Rollback { .. } => CliError::usage(format!("{}: {e}", files::shown(path)))
            .hint("install the newest trust list from your province's trust office"),
        other => CliError::usage(format!("{}: {other}", files::shown(path))),
    }
}

/// The state file: `--state`, else one per root under the user's state directory.
fn state_path(given: Option<PathBuf>, root: &healthseal_core::PublicKey) -> CliResult<PathBuf> {
    if let Some(path) = given {
        return Ok(path);
    }
    let name = format!("trust-{}.state", root.kid());
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = env("HEALTHSEAL_STATE_DIR") {
        return Ok(dir.join(name));
    }
    if let Some(dir) = env("XDG_STATE_HOME") {
        return Ok(dir.join("healthseal").join(name));
    }
    if let Some(home) = env("HOME") {
        return Ok(home.join(".local/state/healthseal").join(name));
    }
    Err(CliError::usage("no place to keep the trust state").hint("pass --state FILE, or --no-state"))
}

/// Longest standard-input line read whole: past the longest credential text, so an overlong
/// line is still reported (as malformed) rather than cut into something else.
const MAX_LINE: usize = healthseal_core::limits::MAX_TEXT_LEN + 1;
