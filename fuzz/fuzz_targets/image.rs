//! Camera image bytes to verdicts: `decode_frame` (PNG, JPEG, GIF, BMP, WebP within the frame
//! limits), then the QR cascade and a decision on each code read (`Verifier::verify_frame`,
//! which is `read_qr_codes` plus `decide`). Run with `-max_len=262144`.

#![no_main]

use healthseal_fuzz::fixtures;
use healthseal_verifier::decode_frame;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(frame) = decode_frame(data) else { return };
    let f = fixtures();
    let _ = f.verifier.verify_frame(&frame, f.now);
});
