//! Arbitrary valid credentials survive sign -> text -> decode -> verify unchanged.

mod common;

use healthseal_core::{
    limits::MAX_NAME_CHARS, Basis, CredentialDraft, CredentialId, Sealed, SigningKey, Status, Timestamp,
};
use proptest::prelude::*;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        // Latin with accents and punctuation.
        "[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][A-Za-zÀ-ÖØ-öø-ÿĀ-ž '.-]{0,40}[A-Za-zÀ-ÿ]",
        // Chinese.
        "[\\p{Han}]{1,12}",
        // Any letters and marks from any script, long.
        "\\p{L}[\\p{L}\\p{M} ]{0,150}\\p{L}",
    ]
    .prop_filter("valid holder name", |n| healthseal_core::HolderName::new(n).is_ok())
}

fn draft() -> impl Strategy<Value = CredentialDraft> {
    (
        "[A-Z]{2}(-[A-Z0-9]{1,3})?",
        0i64..4_000_000_000,
        1i64..(10 * 365 * 86_400),
        proptest::option::of(0.0f64..1.0),
        any::<[u8; 8]>(),
        0usize..3,
        name(),
        (1870u16..2100, 0u8..3, 1u8..=12, 1u8..=28),
        proptest::option::of(0usize..Basis::ALL.len()),
    )
        .prop_filter_map(
            "birth before issue",
            |(region, iat, validity, nbf_at, id, status, name, (year, precision, month, day), basis)| {
                let birth_date = match precision {
                    0 => format!("{year:04}"),
                    1 => format!("{year:04}-{month:02}"),
                    _ => format!("{year:04}-{month:02}-{day:02}"),
                };
                let nbf = nbf_at.map(|f| iat + (f * validity as f64) as i64);
                let draft = CredentialDraft {
                    region: region.parse().ok()?,
                    issued_at: Timestamp::from_unix(iat).ok()?,
                    not_before: nbf.map(|n| Timestamp::from_unix(n).unwrap()),
                    expires_at: Timestamp::from_unix(iat + validity).ok()?,
                    id: CredentialId::from_bytes(id),
                    status: Status::ALL[status],
                    name,
                    birth_date,
                    basis: basis.map(|b| Basis::ALL[b]),
                };
                draft.clone().check().is_ok().then_some(draft)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_valid_credential_round_trips(draft in draft(), seed in any::<[u8; 32]>()) {
        let key = SigningKey::from_seed(seed);
        let credential = draft.check().unwrap();
        let sealed = Sealed::sign(&credential, &key).unwrap();
        let text = sealed.to_text();

        // The text uses only QR alphanumeric characters, so QR codes stay in alphanumeric mode.
        prop_assert!(text.bytes().all(|b| b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".contains(&b)));
        prop_assert!(text.len() <= healthseal_core::limits::MAX_TEXT_LEN);

        let back = common::check_text(&text, &[key.public_key()]).unwrap();
        prop_assert_eq!(&back, &credential);
        prop_assert_eq!(back.name().as_str(), credential.name().as_str());

        // Signing is deterministic: the same credential and key give the same text.
        prop_assert_eq!(Sealed::sign(&credential, &key).unwrap().to_text(), text);
    }
}

#[test]
fn names_in_any_script_round_trip_byte_for_byte() {
    let key = common::issuing_key();
    let long: String = "Ñandú Ŝ".chars().cycle().take(MAX_NAME_CHARS).collect::<String>().trim().to_owned();
    for name in
        ["张三", "欧阳娜娜", "José Ángel Gómez-Ibáñez", "Zoë Ünal", "Nguyễn Thị Minh Khai", "محمد", &long]
    {
        let mut draft = common::typical().to_draft();
        draft.name = name.to_owned();
        let credential = draft.check().unwrap();
        let text = Sealed::sign(&credential, &key).unwrap().to_text();
        let back = common::check_text(&text, &[key.public_key()]).unwrap();
        assert_eq!(back.name().as_str().as_bytes(), name.as_bytes());
    }
}
