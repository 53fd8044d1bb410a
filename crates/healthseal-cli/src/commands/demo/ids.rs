//! Credential ids for the demo, reproducible: one `--at` gives the same credentials, the same
//! QR codes and the same photos, byte for byte.

use healthseal_core::Signer;
use rand_core::{CryptoRng, RngCore};

/// Bytes from the issuing key's Ed25519 signatures (deterministic, RFC 8032) over a label and a
/// counter: unpredictable to anyone without the key, and the same on every run. TEST ONLY: the
/// demo keys are public, so these ids are too; real issuance draws ids from the operating
/// system (`healthseal sign`, `healthseal issue`).
pub struct DemoIds<'a> {
    key: &'a dyn Signer,
    label: String,
    counter: u64,
}

impl<'a> DemoIds<'a> {
    /// A stream for one credential, named by `label` (the holder and the clock).
    pub fn new(key: &'a dyn Signer, label: String) -> Self {
        Self { key, label, counter: 0 }
    }
}

impl RngCore for DemoIds<'_> {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }

    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(64) {
            let message = format!("healthseal demo credential id: {} #{}", self.label, self.counter);
            self.counter += 1;
            // The demo's keys are in memory, whose signing cannot fail.
            let signature = self.key.sign(message.as_bytes()).expect("an in-memory key signs");
            chunk.copy_from_slice(&signature[..chunk.len()]);
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for DemoIds<'_> {}
