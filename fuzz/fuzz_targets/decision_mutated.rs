//! `decide` on a valid credential (fixtures/credentials/typical_green.txt) with bytes changed
//! where the fuzzer says, so that most inputs are almost-valid credentials rather than noise.
//!
//! Input: one mode byte, then (offset: u16 little-endian, xor: u8) triples.
//! - mode bit 0 clear: each triple XORs the whole COSE message at `offset % len`; the result is
//!   re-encoded as text and decided (headers, structure; the signature then fails).
//! - mode bit 0 set: the triples XOR the claims payload only, the message is re-assembled with
//!   the original protected header and re-signed with Zhejiang's (TEST ONLY) issuing key, so the
//!   signature holds and the claims, key window, revocation, validity and policy checks run.
//! - mode bit 1 set: the payload is also cut to `len - mode >> 2` bytes first (mode 1 only).

#![no_main]

use ciborium::Value;
use healthseal_core::{cbor, cose, decide, encode_text, Sealed};
use healthseal_fuzz::{fixtures, CREDENTIALS};
use libfuzzer_sys::fuzz_target;

fn xor_at(bytes: &mut [u8], triples: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    for t in triples.chunks_exact(3) {
        let offset = usize::from(u16::from_le_bytes([t[0], t[1]])) % bytes.len();
        bytes[offset] ^= t[2];
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, triples)) = data.split_first() else { return };
    let f = fixtures();
    let original = Sealed::from_text(CREDENTIALS[0].trim()).expect("typical_green decodes");

    let bytes = if mode & 1 == 0 {
        let mut bytes = original.cose_bytes().to_vec();
        xor_at(&mut bytes, triples);
        bytes
    } else {
        let message = original.message();
        let mut payload = message.payload.clone();
        if mode & 2 != 0 {
            payload.truncate(payload.len().saturating_sub(usize::from(mode >> 2)));
        }
        xor_at(&mut payload, triples);
        let signature = f.zj_issuer.sign(&cose::to_be_signed(&message.protected, &[], &payload));
        cbor::encode(&Value::Tag(
            cose::COSE_SIGN1_TAG,
            Box::new(Value::Array(vec![
                Value::Bytes(message.protected.clone()),
                Value::Map(Vec::new()),
                Value::Bytes(payload),
                Value::Bytes(signature.to_vec()),
            ])),
        ))
    };
    let _ = decide(&encode_text(&bytes), &f.list, f.now, &f.options);
});
