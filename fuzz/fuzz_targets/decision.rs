//! `decide` on arbitrary bytes as credential text, against ha.trust-list-1 (opened once under
//! Henan's root) at a fixed time: every layer a checkpoint runs on scanned text.

#![no_main]

use healthseal_core::decide;
use healthseal_fuzz::fixtures;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let f = fixtures();
    let _ = decide(text, &f.list, f.now, &f.options);
});
