//! Size of a typical credential (docs/format.md: any change that makes it larger needs a reason).

mod common;

use healthseal_core::{Basis, Sealed, Timestamp};

/// Limits from the credential-format issue: a typical credential (name up to 20 Latin
/// characters) is at most 160 bytes of COSE and 240 characters of text, prefix included.
const MAX_TYPICAL_COSE: usize = 160;
const MAX_TYPICAL_TEXT: usize = 240;

#[test]
fn a_typical_credential_fits_the_size_budget() {
    let key = common::issuing_key();
    let credential = common::typical();
    assert_eq!(credential.name().as_str().chars().count(), 20);
    let sealed = Sealed::sign(&credential, &key).unwrap();
    let (cose, text) = (sealed.cose_bytes().len(), sealed.to_text().len());
    println!(
        "typical credential (20-character name, full birth date): {cose} bytes COSE, {text} characters text"
    );
    assert!(cose <= MAX_TYPICAL_COSE, "{cose} bytes of COSE");
    assert!(text <= MAX_TYPICAL_TEXT, "{text} characters of text");
}

#[test]
fn optional_fields_cost_what_the_format_says() {
    let key = common::issuing_key();
    let base = Sealed::sign(&common::typical(), &key).unwrap().cose_bytes().len();
    let mut draft = common::typical().to_draft();
    draft.basis = Some(Basis::Vaccination);
    let with_basis = Sealed::sign(&draft.clone().check().unwrap(), &key).unwrap().cose_bytes().len();
    draft.not_before = Some(Timestamp::from_unix(draft.issued_at.unix() + 3600).unwrap());
    let with_both = Sealed::sign(&draft.check().unwrap(), &key).unwrap().cose_bytes().len();
    println!("typical + basis: {with_basis} bytes; + not-before: {with_both} bytes");
    // Basis: key and a one-byte value. Not-before: key and a 4-byte time with its head.
    assert_eq!(with_basis - base, 2);
    assert_eq!(with_both - with_basis, 6);
}
