//! Writing outputs: all or nothing, through a temporary file in the same folder, flushed to
//! disk, then renamed into place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{io_reason, shown};
use crate::exit::{CliError, CliResult};

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
