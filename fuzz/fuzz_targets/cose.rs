//! COSE bytes from arbitrary bytes: deterministic CBOR, the COSE_Sign1 structure and the header
//! profile (`Sealed::from_cose_bytes`), then the claims, then verification against the issuing
//! key the fixtures were signed with (reached when the kid matches).
//!
//! Invariant: the text form of a decoded credential decodes to the same `Sealed`.

#![no_main]

use healthseal_core::Sealed;
use healthseal_fuzz::fixtures;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sealed) = Sealed::from_cose_bytes(data) else { return };
    assert_eq!(sealed.cose_bytes(), data);
    let _ = sealed.claims_unverified();
    let _ = sealed.verify([fixtures().zj_issuer.public_key()]);
    let again = Sealed::from_text(&sealed.to_text()).expect("a decoded credential re-encodes to valid text");
    assert_eq!(again, sealed, "text round trip changed the credential");
});
