//! Edits that follow one another: a lock on the file a command reads, changes and writes back.

use std::fs;
use std::path::Path;

use super::{io_reason, shown};
use crate::exit::{CliError, CliResult};

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
