//! The demo's output folder: always a fresh one, never an existing folder written into.

use std::fs;
use std::path::{Path, PathBuf};

use crate::exit::{CliError, CliResult};
use crate::files::{self, Output};

/// Default folders are `healthseal-demo-1`, `-2`, … in the current folder: the first free one.
const DEFAULT_PREFIX: &str = "healthseal-demo-";

/// Numbered folders tried before giving up (and asking for `--out`).
const MAX_DEFAULT_FOLDERS: u32 = 999;

/// A folder the demo created, and writes into.
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// Creates `out` (its parents too), refusing one that exists; without `out`, the first free
    /// `healthseal-demo-N` in the current folder.
    pub fn create(out: Option<&Path>) -> CliResult<Self> {
        let Some(out) = out else {
            for n in 1..=MAX_DEFAULT_FOLDERS {
                let root = PathBuf::from(format!("{DEFAULT_PREFIX}{n}"));
                match fs::create_dir(&root) {
                    Ok(()) => return Ok(Self { root }),
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                    Err(e) => return Err(cannot_create(&root, &e)),
                }
            }
            return Err(CliError::usage(format!(
                "{DEFAULT_PREFIX}1 to {DEFAULT_PREFIX}{MAX_DEFAULT_FOLDERS} all exist here"
            ))
            .hint("give a new folder with --out DIR, or remove old demo folders"));
        };
        let exists = || {
            CliError::usage(format!("{} already exists", out.display())).hint(
                "the demo writes a fresh folder and never writes into an existing one: give --out a new path",
            )
        };
        if out.exists() {
            return Err(exists());
        }
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| cannot_create(parent, &e))?;
        }
        match fs::create_dir(out) {
            Ok(()) => Ok(Self { root: out.to_path_buf() }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
            Err(e) => Err(cannot_create(out, &e)),
        }
    }

    /// `relative` inside the folder, for showing in commands.
    pub fn shown(&self, relative: &str) -> String {
        shell_word(&self.root.join(relative).display().to_string())
    }

    /// Writes new files (mode 0600 when `secret`), creating their folders.
    pub fn write(&self, entries: &[(String, Vec<u8>)], secret: bool) -> CliResult<()> {
        let paths: Vec<PathBuf> = entries.iter().map(|(name, _)| self.root.join(name)).collect();
        for path in &paths {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(|e| cannot_create(parent, &e))?;
            }
        }
        let outputs: Vec<Output<'_>> = paths
            .iter()
            .zip(entries)
            .map(|(path, (_, contents))| Output {
                path,
                contents,
                mode: if secret { 0o600 } else { 0o644 },
                replace: false,
            })
            .collect();
        files::write_all_or_nothing(&outputs, &[])
    }
}

fn cannot_create(path: &Path, e: &std::io::Error) -> CliError {
    CliError::usage(format!("cannot create folder {}: {}", path.display(), files::io_reason(e)))
}

/// `text` as one word for a POSIX shell: as it is when it holds only safe characters, else in
/// single quotes.
pub fn shell_word(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:+=@%,".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn quotes_only_what_a_shell_would_split_or_expand() {
        assert_eq!(shell_word("healthseal-demo-1/photos/"), "healthseal-demo-1/photos/");
        assert_eq!(shell_word("my demo"), "'my demo'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
    }
}
