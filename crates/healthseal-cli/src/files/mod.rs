//! Reading inputs and writing outputs safely, shared by every command: size limits, inputs that
//! cannot block, public keys and trust documents read with their errors put for people, edits
//! under a lock, atomic replace, no silent overwrite.

mod lock;
mod read;
mod write;

use std::path::Path;

pub use lock::{lock_for_edit, EditLock};
pub use read::{
    document_error, open_regular, read_config, read_config_sized, read_document, read_file_bounded,
    read_public, Source, MAX_SOURCE_LEN,
};
pub use write::{write_all_or_nothing, Output};

/// A path as shown to people: anything a terminal would not show as itself (escape sequences,
/// bidirectional controls, invisible characters) replaced by U+FFFD, so that a file name cannot
/// clear the screen or print a forged verdict.
pub fn shown(path: &Path) -> String {
    healthseal_core::visible(&path.to_string_lossy())
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
