//! The QR cascade on a small grey frame built straight from the bytes, without the image codecs:
//! the first two bytes give the width (1 to 256, little-endian, modulo 256, plus one), the rest
//! are the pixels row by row (at most 256 rows; a partial last row is dropped). Every code read
//! is decided (`Verifier::verify_frame`).

#![no_main]

use healthseal_fuzz::fixtures;
use healthseal_verifier::GrayImage;
use libfuzzer_sys::fuzz_target;

/// Largest side of the frame, in pixels.
const MAX_SIDE: usize = 256;

fuzz_target!(|data: &[u8]| {
    let Some((head, pixels)) = data.split_first_chunk::<2>() else { return };
    let width = usize::from(u16::from_le_bytes(*head)) % MAX_SIDE + 1;
    let height = (pixels.len() / width).min(MAX_SIDE);
    if height == 0 {
        return;
    }
    let (Ok(w), Ok(h)) = (u32::try_from(width), u32::try_from(height)) else { return };
    let Some(frame) = GrayImage::from_raw(w, h, pixels[..width * height].to_vec()) else { return };
    let f = fixtures();
    let _ = f.verifier.verify_frame(&frame, f.now);
});
