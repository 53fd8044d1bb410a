//! Rollback protection: the newest trust list a checkpoint has accepted, kept in a small file.
//!
//! The file holds the pinned root's kid, the list's sequence number and the SHA-256 of the list
//! file. Nothing about credentials or holders is ever written.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use healthseal_core::Kid;
use thiserror::Error;

/// What the checkpoint last accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustState {
    /// The pinned root.
    pub root: Kid,
    /// Sequence of the newest accepted list.
    pub sequence: u64,
    /// SHA-256 of that list's file.
    pub list_sha256: [u8; 32],
}

/// The state file cannot be read or written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum StateError {
    /// An I/O error.
    #[error("trust state file {path}: {kind}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        kind: std::io::ErrorKind,
    },
    /// The file does not hold a trust state.
    #[error("trust state file {path} is damaged (line {line}); restore it, or remove it to trust the next list as new")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// The first bad line.
        line: usize,
    },
}

const HEADER: &str = "# healthseal checkpoint trust state: the newest trust list accepted. Do not edit.";

impl TrustState {
    fn format(&self) -> String {
        let sha: String = self.list_sha256.iter().map(|b| format!("{b:02x}")).collect();
        format!("{HEADER}\nroot: {}\nsequence: {}\nlist-sha256: {sha}\n", self.root, self.sequence)
    }

    fn parse(text: &str, path: &Path) -> Result<Self, StateError> {
        let damaged = |line| StateError::Damaged { path: path.to_owned(), line };
        let (mut root, mut sequence, mut sha) = (None, None, None);
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (name, value) = line.split_once(": ").ok_or(damaged(i + 1))?;
            match name {
                "root" => root = Some(value.parse::<Kid>().map_err(|_| damaged(i + 1))?),
                "sequence" => sequence = Some(value.parse::<u64>().map_err(|_| damaged(i + 1))?),
                "list-sha256" => sha = Some(parse_sha(value).ok_or(damaged(i + 1))?),
                _ => return Err(damaged(i + 1)),
            }
        }
        let lines = text.lines().count();
        Ok(Self {
            root: root.ok_or(damaged(lines))?,
            sequence: sequence.ok_or(damaged(lines))?,
            list_sha256: sha.ok_or(damaged(lines))?,
        })
    }
}

fn parse_sha(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
        *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

/// Where a checkpoint keeps its trust state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    /// The state kept at `path` (created on first use, with its folder).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The stored state, or `None` before the first list.
    pub fn load(&self) -> Result<Option<TrustState>, StateError> {
        match fs::read_to_string(&self.path) {
            Ok(text) => TrustState::parse(&text, &self.path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StateError::Io { path: self.path.clone(), kind: e.kind() }),
        }
    }

    /// Replaces the stored state atomically (temporary file, flush, rename).
    pub fn store(&self, state: &TrustState) -> Result<(), StateError> {
        let io = |e: std::io::Error| StateError::Io { path: self.path.clone(), kind: e.kind() };
        let dir = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir).map_err(io)?;
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let result = (|| {
            let mut file = fs::File::create(&tmp)?;
            file.write_all(state.format().as_bytes())?;
            file.sync_all()?;
            fs::rename(&tmp, &self.path)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result.map_err(io)
    }
}
