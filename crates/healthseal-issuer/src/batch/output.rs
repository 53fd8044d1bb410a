//! Batch output files: names, formats, and writes that are all-or-nothing and never replace.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What to write for each credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// The `HS1:` text and a newline (`.txt`).
    Txt,
    /// A QR image (`.png`).
    Png,
    /// A QR drawing (`.svg`).
    Svg,
    /// A printable card with the QR code and the holder's details (`.card.svg`).
    Card,
    /// The same cards on print-ready A4 sheets: one PDF per [`PDF_ROWS`] input rows
    /// (`sheets-0000001.pdf`, named by its first row), not one file per row.
    Pdf,
}

/// Input rows whose cards share one PDF file (64 sheets of 8 cards).
pub const PDF_ROWS: usize = 512;

impl Format {
    /// Every format, in the order files are listed.
    pub const ALL: [Format; 5] = [Format::Txt, Format::Png, Format::Svg, Format::Card, Format::Pdf];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Card => "card",
            Format::Pdf => "pdf",
        }
    }

    /// File name ending.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Card => "card.svg",
            Format::Pdf => "pdf",
        }
    }

    /// The format named `name` (case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The file name for data row `row` in `format`: `row-0000042.png`. Named by row, not by
/// credential id, so that a rerun meets the files of the earlier run instead of adding to them.
pub fn file_name(row: u64, format: Format) -> String {
    format!("row-{row:07}.{}", format.extension())
}

/// The name of the PDF whose first card is row `row`'s: `sheets-0000001.pdf`.
pub fn sheets_file_name(row: u64) -> String {
    format!("sheets-{row:07}.pdf")
}

/// Prefix of temporary files, so an interrupted run's leftovers are recognisable.
pub(crate) const TEMP_PREFIX: &str = ".healthseal-tmp-";

/// Writes `contents` to `dir/name` completely or not at all: into a temporary file first, then
/// renamed into place (`renameat2(RENAME_NOREPLACE)` on Linux, link-and-unlink elsewhere, both
/// through `tempfile`). Without `replace`, an existing `dir/name` is an error
/// ([`io::ErrorKind::AlreadyExists`]) and is left untouched.
pub(crate) fn write_new(dir: &Path, name: &str, contents: &[u8], replace: bool, mode: u32) -> io::Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(contents)?;
    let target = dir.join(name);
    let placed = if replace { file.persist(target) } else { file.persist_noclobber(target) };
    // On failure the temporary file is removed when the error (holding it) is dropped.
    placed.map(drop).map_err(|e| e.error)
}

/// Removes temporary files an interrupted run left in `dir`; returns how many.
pub(crate) fn remove_leftovers(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Whether `dir` holds any output file of a batch (`row-*`, `sheets-*`).
pub(crate) fn holds_batch_files(dir: &Path) -> io::Result<Option<PathBuf>> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("row-") || name.starts_with("sheets-") {
            return Ok(Some(entry.path()));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_formats() {
        assert_eq!(file_name(42, Format::Card), "row-0000042.card.svg");
        assert_eq!(file_name(12_345_678, Format::Png), "row-12345678.png");
        assert_eq!(Format::from_name(" PNG"), Some(Format::Png));
        assert_eq!(Format::from_name("pdf"), Some(Format::Pdf));
        assert_eq!(Format::from_name("jpeg"), None);
        assert_eq!(sheets_file_name(513), "sheets-0000513.pdf");
    }

    #[test]
    fn write_new_never_replaces_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        write_new(dir.path(), "a.txt", b"one", false, 0o600).unwrap();
        let err = write_new(dir.path(), "a.txt", b"two", false, 0o600).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(dir.path().join("a.txt")).unwrap(), b"one");
        write_new(dir.path(), "a.txt", b"three", true, 0o600).unwrap();
        assert_eq!(fs::read(dir.path().join("a.txt")).unwrap(), b"three");
        // No temporary file is left behind either way.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("a.txt")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
