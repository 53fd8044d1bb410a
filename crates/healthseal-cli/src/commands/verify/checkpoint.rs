//! The checkpoint at work: a verdict for each credential read, from text, lines, images and
//! folders of images, and the worst outcome over them all.

use std::path::{Path, PathBuf};

use healthseal_core::read_line_bounded;
use healthseal_core::{Reason, Timestamp, Verdict};
use healthseal_verifier::{Scan, Verifier, MAX_IMAGE_BYTES};
use serde_json::json;

use super::image::is_image;
use crate::exit::{CliError, CliResult, Outcome};
use crate::files;
use crate::{clock, output, render};

/// What the checkpoint reads, for a hint when an input is none of it.
pub const INPUT_HINT: &str =
    "give an image, a folder of images, a file of HS1: lines, - for standard input, \
                          or the credential text itself (it starts with HS1:)";

/// What a line that is not UTF-8 means: damage from a scanner, answered as a malformed
/// credential, or (in a named file) a file that is not a file of credential texts at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf8 {
    Lossy,
    Required,
}

/// Verdicts for every input, and the worst outcome so far.
pub struct Checkpoint<'a> {
    pub verifier: &'a Verifier,
    /// The time given with `--at`; without it the clock is read for each credential and image,
    /// so that a session left running for hours still sees credentials expire.
    pub at: Option<Timestamp>,
    pub json: bool,
    pub worst: Outcome,
}

impl Checkpoint<'_> {
    fn now(&self) -> CliResult<Timestamp> {
        clock::now_or(self.at)
    }

    pub fn text(&mut self, source: &str, text: &str) -> CliResult<()> {
        let now = self.now()?;
        let verdict = self.verifier.verify(text, now);
        self.verdict(source, &verdict, now);
        Ok(())
    }

    /// A verdict for each non-empty line of `reader`, answered as it arrives, each line read up
    /// to a bound (a scanner, or anything else piped in, cannot make the checkpoint hold an
    /// unbounded line in memory). Returns the number of non-empty lines.
    pub fn lines(
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
            output::line(&render::verdict_line(verdict, output::colour()));
        }
        self.worst = self.worst.max(outcome);
    }

    /// Every image directly in `dir`, in name order; anything else is skipped with a note, and
    /// so is anything that is not a regular file (a FIFO would block the scan forever).
    pub fn folder(&mut self, dir: &Path) -> CliResult<()> {
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
    pub fn image_file(&mut self, path: &Path) -> CliResult<()> {
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
                        json!({ "source": source, "reason": e.code(), "message": e.to_string() }),
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

/// Longest standard-input line read whole: past the longest credential text, so an overlong
/// line is still reported (as malformed) rather than cut into something else.
const MAX_LINE: usize = healthseal_core::limits::MAX_TEXT_LEN + 1;
