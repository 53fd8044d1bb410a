//! Reading inputs and writing outputs safely: size limits, atomic replace, no silent overwrite.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::exit::{CliError, CliResult};

/// Largest text input read (a credential text is at most 4 KiB; room for a trailing newline
/// and some slack, but never an unbounded read).
const MAX_TEXT_INPUT: u64 = 64 * 1024;

/// Where a text input comes from.
pub enum Source {
    Literal(String),
    Stdin,
    File(PathBuf),
}

impl Source {
    /// `HS1:…` is the text itself, `-` is standard input, anything else is a file path.
    pub fn parse(arg: &str) -> Self {
        if arg == "-" {
            Self::Stdin
        } else if arg.starts_with(healthseal_core::PREFIX) {
            Self::Literal(arg.to_owned())
        } else {
            Self::File(PathBuf::from(arg))
        }
    }

    /// Reads the text, bounded, without surrounding white space.
    pub fn read(&self) -> CliResult<String> {
        let (bytes, name) = match self {
            Self::Literal(text) => return Ok(text.clone()),
            Self::Stdin => {
                (read_bounded(std::io::stdin().lock(), MAX_TEXT_INPUT), "standard input".to_owned())
            }
            Self::File(path) => {
                let file = fs::File::open(path).map_err(|e| {
                    CliError::unreadable(format!("cannot read {}: {}", path.display(), io_reason(&e)))
                        .hint("give a file, - for standard input, or the credential text itself (it starts with HS1:)")
                })?;
                (read_bounded(file, MAX_TEXT_INPUT), path.display().to_string())
            }
        };
        let bytes = bytes.map_err(|e| CliError::unreadable(format!("cannot read {name}: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| CliError::unreadable(format!("{name} is not UTF-8 text")))?;
        let text = text.trim();
        if text.is_empty() {
            return Err(CliError::unreadable(format!("{name} is empty")));
        }
        Ok(text.to_owned())
    }
}

fn read_bounded(reader: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    reader.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(std::io::Error::other(format!("more than {} KiB; not a credential", limit / 1024)));
    }
    Ok(buf)
}

/// Reads a small file named on the command line (a key file), as a configuration input.
pub fn read_config(path: &Path, what: &str) -> CliResult<String> {
    let file = fs::File::open(path)
        .map_err(|e| CliError::usage(format!("cannot read {what} {}: {}", path.display(), io_reason(&e))))?;
    let bytes = read_bounded(file, MAX_TEXT_INPUT)
        .map_err(|e| CliError::usage(format!("cannot read {what} {}: {e}", path.display())))?;
    String::from_utf8(bytes)
        .map_err(|_| CliError::usage(format!("{what} {} is not a text file", path.display())))
}

/// A short reason for an I/O error, without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::AlreadyExists => "it already exists".into(),
        _ => e.to_string(),
    }
}

/// One file to write: contents and permissions.
pub struct Output<'a> {
    pub path: &'a Path,
    pub contents: &'a [u8],
    /// Unix permission bits (0o600 for secrets).
    pub mode: u32,
}

/// Writes every output or none: each goes to a temporary file in its folder, is flushed to disk,
/// and is then renamed into place. Without `force`, existing files are never replaced (checked
/// before anything is written, and again atomically at rename).
pub fn write_all_or_nothing(outputs: &[Output<'_>], force: bool) -> CliResult<()> {
    if !force {
        if let Some(existing) = outputs.iter().find(|o| o.path.exists()) {
            return Err(CliError::usage(format!("{} already exists", existing.path.display()))
                .hint("choose another path, or pass --force to replace it"));
        }
    }
    let mut staged = Vec::new();
    for output in outputs {
        let dir = match output.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let unwritable = |e: std::io::Error| {
            CliError::usage(format!("cannot write {}: {}", output.path.display(), io_reason(&e)))
        };
        // tempfile creates files readable by the owner only (0600) on Unix.
        let mut tmp =
            tempfile::Builder::new().prefix(".healthseal-").tempfile_in(&dir).map_err(unwritable)?;
        tmp.write_all(output.contents).map_err(unwritable)?;
        set_mode(tmp.as_file(), output.mode).map_err(unwritable)?;
        tmp.as_file().sync_all().map_err(unwritable)?;
        staged.push((tmp, output.path, dir));
    }
    let mut placed: Vec<&Path> = Vec::new();
    for (tmp, path, dir) in staged {
        let result =
            if force { tmp.persist(path).map(|_| ()) } else { tmp.persist_noclobber(path).map(|_| ()) };
        if let Err(e) = result {
            // Undo what was already placed, so a failure leaves no half-set of files.
            for done in placed {
                let _ = fs::remove_file(done);
            }
            return Err(CliError::usage(format!("cannot write {}: {}", path.display(), io_reason(&e.error))));
        }
        placed.push(path);
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

#[cfg(unix)]
fn set_mode(file: &fs::File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &fs::File, _: u32) -> std::io::Result<()> {
    Ok(())
}
