//! The issuance manifest: one JSON line per credential issued, kept by the authority for
//! revocation. It names the row, never the person: join it with the input file by row number.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The manifest's file name inside the output folder.
pub const MANIFEST_NAME: &str = "manifest.jsonl";

/// One issued credential, as a line of the manifest.
///
/// ```json
/// {"row":1,"id":"5ea1000000000001","kid":"0f3a…","region":"CN-ZJ","status":"green",
///  "issued_at":"2026-11-25T00:00:00Z","expires_at":"2026-11-28T00:00:00Z",
///  "files":["row-0000001.txt","row-0000001.png"]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Data row number in the input, from 1.
    pub row: u64,
    /// Credential id (hex), what `healthseal trust revoke --cti` takes.
    pub id: String,
    /// Key id of the issuing key (hex).
    pub kid: String,
    /// Issuing region.
    pub region: String,
    /// Attested status.
    pub status: String,
    /// Issue time, RFC 3339 UTC.
    pub issued_at: String,
    /// End of validity, RFC 3339 UTC.
    pub expires_at: String,
    /// Files written for this credential, relative to the output folder.
    pub files: Vec<String>,
}

/// What an existing manifest says about an earlier run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ManifestState {
    /// Credentials recorded.
    pub entries: u64,
    /// The last row recorded (rows are recorded in order).
    pub last_row: u64,
    /// Whether an incomplete last line (a run cut off mid-write) was removed.
    pub repaired: bool,
}

/// Why an existing manifest cannot be continued.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// A complete line that is not a manifest entry: not ours, or edited by hand.
    #[error("line {line} is not a manifest entry: {reason}")]
    Corrupt {
        /// Line number, from 1.
        line: u64,
        /// The parser's explanation.
        reason: String,
    },
    /// Rows are not in increasing order.
    #[error("line {line} records row {row} after row {previous}; a manifest lists rows in order")]
    OutOfOrder {
        /// Line number.
        line: u64,
        /// Row on that line.
        row: u64,
        /// Row on the line before.
        previous: u64,
    },
    /// Reading or repairing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Opens the manifest at `path` for appending, after reading what it records. An incomplete
/// final line (no newline: the previous run stopped mid-write) is cut off; any other damage is
/// an error and nothing is changed.
pub(crate) fn open_for_append(path: &Path) -> Result<(File, ManifestState), ManifestError> {
    let mut file = OpenOptions::new().read(true).append(true).open(path)?;
    let mut state = ManifestState::default();
    let mut complete_len = 0u64;
    let mut reader = BufReader::new(&mut file);
    let mut line = Vec::new();
    let mut line_no = 0;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if line.last() != Some(&b'\n') {
            state.repaired = true;
            break;
        }
        let entry: ManifestEntry = serde_json::from_slice(&line)
            .map_err(|e| ManifestError::Corrupt { line: line_no, reason: e.to_string() })?;
        if entry.row <= state.last_row {
            return Err(ManifestError::OutOfOrder {
                line: line_no,
                row: entry.row,
                previous: state.last_row,
            });
        }
        state.last_row = entry.row;
        state.entries += 1;
        complete_len += n as u64;
    }
    drop(reader);
    if state.repaired {
        file.set_len(complete_len)?;
        file.sync_data()?;
    }
    file.seek(SeekFrom::End(0))?;
    Ok((file, state))
}

/// Creates a new, empty manifest; fails if one exists.
pub(crate) fn create(path: &Path) -> io::Result<File> {
    OpenOptions::new().append(true).create_new(true).open(path)
}

/// Appends entries as one write, then makes them durable.
pub(crate) fn append(file: &mut File, entries: &[ManifestEntry]) -> io::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut buf = Vec::with_capacity(entries.len() * 220);
    for entry in entries {
        serde_json::to_writer(&mut buf, entry).map_err(io::Error::other)?;
        buf.push(b'\n');
    }
    file.write_all(&buf)?;
    file.sync_data()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(row: u64) -> ManifestEntry {
        ManifestEntry {
            row,
            id: format!("{row:016x}"),
            kid: "00".repeat(8),
            region: "CN-ZJ".into(),
            status: "green".into(),
            issued_at: "2026-11-25T00:00:00Z".into(),
            expires_at: "2026-11-28T00:00:00Z".into(),
            files: vec![format!("row-{row:07}.txt")],
        }
    }

    #[test]
    fn an_incomplete_last_line_is_cut_and_appending_continues() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST_NAME);
        let mut file = create(&path).unwrap();
        append(&mut file, &[entry(1), entry(3)]).unwrap();
        file.write_all(b"{\"row\":4,\"id\":\"00").unwrap();
        drop(file);
        let (mut file, state) = open_for_append(&path).unwrap();
        assert_eq!(state, ManifestState { entries: 2, last_row: 3, repaired: true });
        append(&mut file, &[entry(4)]).unwrap();
        drop(file);
        let (_, state) = open_for_append(&path).unwrap();
        assert_eq!(state, ManifestState { entries: 3, last_row: 4, repaired: false });
        assert!(create(&path).is_err());
    }

    #[test]
    fn damage_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST_NAME);
        std::fs::write(&path, "{\"row\":1}\nnot json\n").unwrap();
        assert!(matches!(open_for_append(&path), Err(ManifestError::Corrupt { line: 1, .. })));
        let mut file = create(&dir.path().join("b")).unwrap();
        append(&mut file, &[entry(2), entry(1)]).unwrap();
        assert!(matches!(
            open_for_append(&dir.path().join("b")),
            Err(ManifestError::OutOfOrder { line: 2, row: 1, previous: 2 })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"row\":1}\nnot json\n");
    }
}
