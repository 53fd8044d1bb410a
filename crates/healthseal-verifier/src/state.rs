//! Rollback protection: the newest trust list a checkpoint has accepted, kept in a small file.
//!
//! The file holds the pinned root's kid, the list's sequence number and the SHA-256 of the list
//! file, and, once the checkpoint has followed a root succession, the number of that succession
//! and the root it named. Nothing about credentials or holders is ever written. Whoever can write the file can
//! reset rollback protection, so on unix it is written with mode 0600 (owner only), and folders
//! created for it with 0700.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use healthseal_core::{Kid, PublicKey, RootAt};
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
    /// Where the checkpoint's root has moved by root succession: the succession it followed
    /// last and the root that succession named, which every later list must lead to. `None`
    /// while lists are signed by the pinned root itself.
    ///
    /// It is never a trust anchor: every list is checked from the pinned root through the
    /// succession it carries, and this only makes the checkpoint refuse lists of the roots it
    /// has left (so a damaged or edited state can make a checkpoint stricter, or as lax as a new
    /// one, but never make it trust a root the pinned root did not name).
    pub succession: Option<RootAt>,
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
    /// The state as the text a [`StateFile`] holds (and the checkpoint app keeps in the
    /// browser's storage): the root's kid, the sequence and the list's SHA-256, nothing else.
    ///
    /// ```
    /// use healthseal_verifier::TrustState;
    /// let state = TrustState { root: "0011223344556677".parse().unwrap(), sequence: 7, list_sha256: [0xab; 32],
    ///     succession: None };
    /// let text = state.to_text();
    /// assert!(text.contains("sequence: 7"));
    /// assert_eq!(TrustState::from_text(&text, "browser storage".as_ref()), Ok(state));
    /// ```
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "{HEADER}\nroot: {}\nsequence: {}\nlist-sha256: {}\n",
            self.root,
            self.sequence,
            hex(&self.list_sha256)
        );
        if let Some(at) = &self.succession {
            text += &format!("succession: {}\ncurrent-root: {}\n", at.number, hex(at.root.as_bytes()));
        }
        text
    }

    /// Reads the text of [`TrustState::to_text`]; `source` names where it came from in the error.
    pub fn from_text(text: &str, source: &Path) -> Result<Self, StateError> {
        let path = source;
        let damaged = |line| StateError::Damaged { path: path.to_owned(), line };
        let (mut root, mut sequence, mut sha) = (None, None, None);
        let (mut number, mut current) = (None, None);
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (name, value) = line.split_once(": ").ok_or(damaged(i + 1))?;
            match name {
                "root" => root = Some(value.parse::<Kid>().map_err(|_| damaged(i + 1))?),
                "sequence" => sequence = Some(value.parse::<u64>().map_err(|_| damaged(i + 1))?),
                "list-sha256" => sha = Some(parse_hex(value).ok_or(damaged(i + 1))?),
                "succession" => number = Some(value.parse::<u64>().map_err(|_| damaged(i + 1))?),
                "current-root" => {
                    let key = parse_hex(value).and_then(|k| PublicKey::from_bytes(&k).ok());
                    current = Some(key.ok_or(damaged(i + 1))?);
                }
                _ => return Err(damaged(i + 1)),
            }
        }
        let lines = text.lines().count();
        let succession = match (number, current) {
            (None, None) => None,
            (Some(number), Some(root)) if number > 0 => Some(RootAt { root, number }),
            _ => return Err(damaged(lines)),
        };
        Ok(Self {
            root: root.ok_or(damaged(lines))?,
            sequence: sequence.ok_or(damaged(lines))?,
            list_sha256: sha.ok_or(damaged(lines))?,
            succession,
        })
    }
}

/// Creates a new file readable and writable by its owner only (0600 on unix, whatever the umask);
/// fails if the path exists.
fn create_private_file(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// Creates the folder and any missing parents, those it creates with mode 0700 on unix.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_hex(hex: &str) -> Option<[u8; 32]> {
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

/// The held lock of a [`StateFile`]: released when dropped.
#[derive(Debug)]
pub struct StateLock {
    _file: fs::File,
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
            Ok(text) => TrustState::from_text(&text, &self.path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StateError::Io { path: self.path.clone(), kind: e.kind() }),
        }
    }

    /// Takes the state's lock, waiting while another process holds it: load, check and store
    /// must happen as one step, or two checkpoints started together with lists #N+1 and #N+2
    /// could both pass the check against #N and the older store could land last (a rollback).
    ///
    /// The lock is a separate file beside the state (`<state>.lock`, owner only), because the
    /// state itself is replaced by a rename on every store; it is released when the returned
    /// guard is dropped (or the process ends), and never removed, so that every process locks the
    /// same file.
    ///
    /// ```
    /// use healthseal_verifier::StateFile;
    /// let dir = tempfile::tempdir().unwrap();
    /// let state = StateFile::new(dir.path().join("trust.state"));
    /// let guard = state.lock().unwrap();
    /// assert_eq!(state.load().unwrap(), None);
    /// drop(guard);
    /// ```
    pub fn lock(&self) -> Result<StateLock, StateError> {
        let io = |e: std::io::Error| StateError::Io { path: self.path.clone(), kind: e.kind() };
        create_private_dir(&self.dir()).map_err(io)?;
        let mut name = self.path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".lock");
        let path = self.dir().join(name);
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(|e| StateError::Io { path: path.clone(), kind: e.kind() })?;
        file.lock().map_err(|e| StateError::Io { path, kind: e.kind() })?;
        Ok(StateLock { _file: file })
    }

    fn dir(&self) -> PathBuf {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Replaces the stored state atomically (temporary file with mode 0600 on unix, flush,
    /// rename). A state file written with other permissions before is replaced by one with 0600.
    pub fn store(&self, state: &TrustState) -> Result<(), StateError> {
        let io = |e: std::io::Error| StateError::Io { path: self.path.clone(), kind: e.kind() };
        let dir = self.dir();
        create_private_dir(&dir).map_err(io)?;
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let result = (|| {
            // A leftover from a crashed run with the same process id is replaced, never reused:
            // its permissions (or a link planted there) must not carry over.
            match fs::remove_file(&tmp) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            let mut file = create_private_file(&tmp)?;
            file.write_all(state.to_text().as_bytes())?;
            file.sync_all()?;
            fs::rename(&tmp, &self.path)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result.map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(sequence: u64) -> TrustState {
        TrustState { root: Kid::from_bytes([7; 8]), sequence, list_sha256: [9; 32], succession: None }
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    #[cfg(unix)]
    fn the_state_file_is_written_owner_only_so_others_cannot_reset_rollback_protection() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checkpoint/state/trust.state");
        let file = StateFile::new(&path);
        file.store(&state(1)).unwrap();
        assert_eq!(mode(&path), 0o600, "a new state file");
        assert_eq!(mode(path.parent().unwrap()), 0o700, "a folder created for it");
        assert_eq!(file.load().unwrap(), Some(state(1)));

        // A state file left world-writable by an older version is replaced by an owner-only one.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
        file.store(&state(2)).unwrap();
        assert_eq!(mode(&path), 0o600, "a replaced state file");
        assert_eq!(file.load().unwrap(), Some(state(2)));

        // A leftover temporary file with loose permissions is not reused.
        let tmp = path.parent().unwrap().join(format!(".trust.state.{}.tmp", std::process::id()));
        fs::write(&tmp, "stale").unwrap();
        fs::set_permissions(&tmp, fs::Permissions::from_mode(0o666)).unwrap();
        file.store(&state(3)).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert!(!tmp.exists());
        let names: Vec<_> =
            fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["trust.state"], "no temporary file left behind");
    }

    #[test]
    fn the_state_survives_a_round_trip_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path().join("trust.state"));
        assert_eq!(file.load().unwrap(), None);
        file.store(&state(5)).unwrap();
        assert_eq!(file.load().unwrap(), Some(state(5)));
    }

    #[test]
    fn a_followed_succession_is_kept_and_a_half_written_one_is_damage() {
        let root = healthseal_core::SigningKey::from_seed([3; 32]).public_key().clone();
        let moved = TrustState { succession: Some(RootAt { root, number: 2 }), ..state(9) };
        let text = moved.to_text();
        assert!(text.contains("succession: 2\ncurrent-root: "), "{text}");
        assert_eq!(TrustState::from_text(&text, "s".as_ref()), Ok(moved));
        // A file written before successions existed reads as "on the pinned root".
        assert_eq!(TrustState::from_text(&state(9).to_text(), "s".as_ref()), Ok(state(9)));
        let without_root: String =
            text.lines().filter(|l| !l.starts_with("current-root")).map(|l| format!("{l}\n")).collect();
        assert!(matches!(
            TrustState::from_text(&without_root, "s".as_ref()),
            Err(StateError::Damaged { .. })
        ));
        let zero = text.replace("succession: 2", "succession: 0");
        assert!(matches!(TrustState::from_text(&zero, "s".as_ref()), Err(StateError::Damaged { .. })));
    }
}
