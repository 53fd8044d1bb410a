//! Credential text (`HS1:` + base45) from arbitrary bytes: the text, base45, CBOR, COSE and
//! header layers of `Sealed::from_text`, then the claims of whatever decodes.
//!
//! Invariants checked besides "no panic": a text that decodes re-encodes to the same COSE
//! bytes, and those bytes decode to the same `Sealed`.

#![no_main]

use healthseal_core::Sealed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(sealed) = Sealed::from_text(text) else { return };
    let _ = sealed.claims_unverified();

    let again = Sealed::from_text(&sealed.to_text()).expect("a decoded credential re-encodes to valid text");
    assert_eq!(again, sealed, "text round trip changed the credential");
    let from_bytes = Sealed::from_cose_bytes(sealed.cose_bytes()).expect("its COSE bytes decode");
    assert_eq!(from_bytes, sealed, "COSE round trip changed the credential");
});
