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
                    CliError::unreadable(format!("cannot read {}: {}", shown(path), io_reason(&e)))
                        .hint("give a file, - for standard input, or the credential text itself (it starts with HS1:)")
                })?;
                (read_bounded(file, MAX_TEXT_INPUT), shown(path))
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
        return Err(std::io::Error::other(format!("larger than the {} KiB allowed", limit / 1024)));
    }
    Ok(buf)
}

/// Largest trust source file read: a million revocations take about 20 MB of TOML.
pub const MAX_SOURCE_LEN: u64 = 128 * 1024 * 1024;

/// Reads a small file named on the command line (a key file), as a configuration input.
pub fn read_config(path: &Path, what: &str) -> CliResult<String> {
    read_config_sized(path, what, MAX_TEXT_INPUT)
}

/// Reads a text file named on the command line, at most `max` bytes, as a configuration input.
pub fn read_config_sized(path: &Path, what: &str, max: u64) -> CliResult<String> {
    let file = fs::File::open(path)
        .map_err(|e| CliError::usage(format!("cannot read {what} {}: {}", shown(path), io_reason(&e))))?;
    let bytes = read_bounded(file, max)
        .map_err(|e| CliError::usage(format!("cannot read {what} {}: {e}", shown(path))))?;
    String::from_utf8(bytes)
        .map_err(|_| CliError::usage(format!("{what} {} is not a text file", shown(path))))
}

/// An exclusive hold on a file that a command reads, changes and writes back whole (a trust
/// source): released when dropped.
#[derive(Debug)]
pub struct EditLock {
    _file: fs::File,
}

/// Waits for, then takes, the exclusive lock on `path`, so that edits by processes running at
/// the same time (a `trust revoke` during a `trust sign`) follow one another instead of each
/// rewriting the file from what it read before the other wrote.
///
/// The file itself is locked, not a file beside it; since an edit replaces the file by a rename,
/// a process that waited holds the lock of a file no longer at `path`, and locks again the one
/// now there.
pub fn lock_for_edit(path: &Path, what: &str) -> CliResult<EditLock> {
    let failed =
        |e: std::io::Error| CliError::usage(format!("cannot lock {what} {}: {}", shown(path), io_reason(&e)));
    loop {
        let file = fs::File::open(path).map_err(failed)?;
        file.lock().map_err(failed)?;
        if still_at(&file, path).map_err(failed)? {
            return Ok(EditLock { _file: file });
        }
    }
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
fn still_at(file: &fs::File, path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (held, now) = (
        file.metadata()?,
        match fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        },
    );
    Ok(held.dev() == now.dev() && held.ino() == now.ino())
}

#[cfg(not(unix))]
fn still_at(_: &fs::File, _: &Path) -> std::io::Result<bool> {
    Ok(true)
}

/// Opens `path` for reading if it is a regular file (after following links), without ever
/// blocking: a FIFO or a device found in a scanned folder gives `None` instead of waiting for a
/// writer that may never come.
pub fn open_regular(path: &Path) -> std::io::Result<Option<fs::File>> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    Ok(file.metadata()?.is_file().then_some(file))
}

/// Reads at most `max` bytes of an open file.
pub fn read_file_bounded(file: fs::File, max: usize) -> std::io::Result<Vec<u8>> {
    read_bounded(file, u64::try_from(max).unwrap_or(u64::MAX))
}

/// A path as shown to people: anything a terminal would not show as itself (escape sequences,
/// bidirectional controls, invisible characters) replaced by U+FFFD, so that a file name cannot
/// clear the screen or print a forged verdict.
pub fn shown(path: &Path) -> String {
    healthseal_core::visible(&path.to_string_lossy())
}

/// Reads a binary file named on the command line, at most `max` bytes.
pub fn read_binary(path: &Path, max: usize) -> CliResult<Vec<u8>> {
    let file = fs::File::open(path)
        .map_err(|e| CliError::usage(format!("cannot read {}: {}", shown(path), io_reason(&e))))?;
    read_bounded(file, u64::try_from(max).unwrap_or(u64::MAX))
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", shown(path))))
}

/// A short reason for an I/O error, without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::AlreadyExists => "it already exists".into(),
        // tempfile appends the temporary file's own path, which names nothing the user chose.
        _ => {
            let text = e.to_string();
            text.split_once(" at path \"").map_or(text.clone(), |(reason, _)| reason.to_string())
        }
    }
}

/// One file to write: contents and permissions.
pub struct Output<'a> {
    pub path: &'a Path,
    pub contents: &'a [u8],
    /// Unix permission bits (0o600 for secrets).
    pub mode: u32,
    /// Whether an existing file may be replaced (`--force`, or a file the command edits).
    pub replace: bool,
}

/// Writes every output or none: each goes to a temporary file in its folder, is flushed to disk,
/// and is then renamed into place. Files not marked `replace` are never overwritten (checked
/// before anything is written, and again atomically at rename). Inputs are never outputs.
pub fn write_all_or_nothing(outputs: &[Output<'_>], inputs: &[&Path]) -> CliResult<()> {
    for (i, output) in outputs.iter().enumerate() {
        let also_output = outputs[..i].iter().any(|o| same_file(o.path, output.path));
        if also_output || inputs.iter().any(|input| same_file(input, output.path)) {
            return Err(CliError::usage(format!("{} is both an input and an output", shown(output.path)))
                .hint("write to another file"));
        }
    }
    if let Some(existing) = outputs.iter().find(|o| !o.replace && o.path.exists()) {
        return Err(CliError::usage(format!("{} already exists", shown(existing.path)))
            .hint("choose another path, or pass --force to replace it"));
    }
    let mut staged = Vec::new();
    for output in outputs {
        let dir = match output.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let unwritable = |e: std::io::Error| {
            CliError::usage(format!("cannot write {}: {}", shown(output.path), io_reason(&e)))
        };
        // tempfile creates files readable by the owner only (0600) on Unix.
        let mut tmp =
            tempfile::Builder::new().prefix(".healthseal-").tempfile_in(&dir).map_err(unwritable)?;
        tmp.write_all(output.contents).map_err(unwritable)?;
        set_mode(tmp.as_file(), output.mode).map_err(unwritable)?;
        tmp.as_file().sync_all().map_err(unwritable)?;
        staged.push((tmp, output.path, dir, output.replace && output.path.exists()));
    }
    // New files first, replacements last: if placing anything fails, the new files already placed
    // are removed and no existing file has been touched yet.
    staged.sort_by_key(|(_, _, _, replacing)| *replacing);
    let mut placed: Vec<&Path> = Vec::new();
    for (tmp, path, dir, replacing) in staged {
        let result =
            if replacing { tmp.persist(path).map(|_| ()) } else { tmp.persist_noclobber(path).map(|_| ()) };
        if let Err(e) = result {
            for done in placed {
                let _ = fs::remove_file(done);
            }
            return Err(CliError::usage(format!("cannot write {}: {}", shown(path), io_reason(&e.error))));
        }
        if !replacing {
            placed.push(path);
        }
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Whether two paths name one file (by identity when both exist).
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
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
