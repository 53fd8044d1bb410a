//! Telling images from text by their first bytes.

use std::io::Read;
use std::path::Path;

use crate::files;

/// Whether the file starts like an image the verifier decodes: PNG, JPEG, GIF, BMP or WebP.
/// Decided by content, never by name; a file that cannot be opened, or is not a regular file
/// (a FIFO is never opened in a way that waits), is not an image here (the text path then
/// reports why it cannot be read, or reads it line by line).
pub fn is_image(path: &Path) -> bool {
    let mut head = [0u8; 18];
    let Ok(Some(mut file)) = files::open_regular(path) else { return false };
    let len = read_up_to(&mut file, &mut head).unwrap_or(0);
    let head = &head[..len];
    // A BMP's second header starts with its own size, one of these.
    let bmp_header_sizes = [12u32, 40, 52, 56, 108, 124];
    head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(b"\xff\xd8\xff")
        || head.starts_with(b"GIF87a")
        || head.starts_with(b"GIF89a")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
        || (head.starts_with(b"BM")
            && len == 18
            && bmp_header_sizes.contains(&u32::from_le_bytes([head[14], head[15], head[16], head[17]])))
}

fn read_up_to(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}
