//! Trust lists and issuer statements from arbitrary bytes, opened under both demo roots
//! (CN-HA, CN-ZJ) and read without their signature (which reaches the payload parser: a mutated
//! document never has a valid signature); the same bytes as key-file text.
//!
//! A list whose payload parses is re-signed with Henan's (TEST ONLY) root, re-opened, and every
//! fixture credential is decided against it, so `decide` also meets odd lists. Invariants: a
//! list that checks re-signs, and re-opens to the same list.

#![no_main]

use healthseal_core::{decide, IssuerStatement, PrivateKeyFile, PublicKeyFile, Succession, TrustList, TrustListDraft};
use healthseal_fuzz::{fixtures, CREDENTIALS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let f = fixtures();
    for root in [&f.ha_root, &f.zj_root] {
        let _ = TrustList::open(data, root);
        let _ = IssuerStatement::open(data, root);
    }
    if let Ok((statement, _kid)) = IssuerStatement::read_unverified(data) {
        let _ = statement.digest();
    }
    if let Ok((list, _kid)) = TrustList::read_unverified(data) {
        // Re-signed by Henan's root, the list cannot carry another root's succession.
        let draft = TrustListDraft { succession: Succession::default(), ..list.to_draft() };
        if let Ok(checked) = draft.check() {
            let signed = checked.sign(&f.ha_root_signer).expect("a checked list signs");
            let opened = TrustList::open(&signed, &f.ha_root).expect("a list just signed opens");
            assert_eq!(*opened, checked, "sign then open changed the list");
            for text in CREDENTIALS {
                let _ = decide(text.trim(), &opened, f.now, &f.options);
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PrivateKeyFile::parse(text);
        let _ = PublicKeyFile::parse(text);
    }
});
