//! Reading what commands are given: credential texts, key files, trust documents and sources,
//! images, each bounded.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use healthseal_core::{PublicKeyFile, TrustDocError};

use super::{io_reason, shown};
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

/// Reads a binary file named on the command line, at most `max` bytes.
pub fn read_binary(path: &Path, max: usize) -> CliResult<Vec<u8>> {
    let file = fs::File::open(path)
        .map_err(|e| CliError::usage(format!("cannot read {}: {}", shown(path), io_reason(&e))))?;
    read_bounded(file, u64::try_from(max).unwrap_or(u64::MAX))
        .map_err(|e| CliError::usage(format!("cannot read {}: {e}", shown(path))))
}

/// Reads a public key file named on the command line (`what` it is for, in messages).
pub fn read_public(path: &Path, what: &str) -> CliResult<PublicKeyFile> {
    let text = read_config(path, what)?;
    PublicKeyFile::parse(&text).map_err(|e| {
        let err = CliError::usage(format!("{what} {}: {e}", path.display()));
        if text.contains("PRIVATE KEY") {
            err.hint(format!("give the public key file ({}.pub)", path.display()))
        } else {
            err
        }
    })
}

/// Reads a signed trust document, bounded.
pub fn read_document(path: &Path) -> CliResult<Vec<u8>> {
    read_binary(path, healthseal_core::limits::MAX_TRUST_DOC_LEN)
}

/// Maps a trust-document error to a CLI error: unreadable when it is not a trust document at
/// all, rejected-as-configuration otherwise.
pub fn document_error(path: &Path, e: TrustDocError) -> CliError {
    match e {
        TrustDocError::Envelope { .. } | TrustDocError::Cbor(_) | TrustDocError::TooLarge { .. } => {
            CliError::unreadable(format!("{}: {e}", path.display()))
        }
        other => CliError::usage(format!("{}: {other}", path.display())),
    }
}
