//! The claims vectors: signed by the trusted key, so the signature holds and the claims layer
//! is reached; each breaks one rule of the CWT claims or the attestation.

use super::*;

/// Appends the claims vectors to `v`.
pub(super) fn vectors(issuer: &SigningKey, v: &mut Vec<Vector>) {
    let p = || Parts::new(issuer);
    let cose_text = |bytes: Vec<u8>| encode_text(&bytes);
    let mut add = |name, expect, why, text: String| v.push(Vector { name, expect, why, text });
    // Claims (signed by the trusted key, so the signature holds and the claims are reached).
    let c = |parts: Parts| cose_text(parts.cose());
    let raw = |payload: Vec<u8>| cose_text(sign(&p().protected, vec![], &payload, issuer));
    add(
        "claims_payload_array",
        "claims_not_a_map",
        "The payload is an array.",
        raw(cbor::encode(&Value::Array(vec![]))),
    );
    for (name, label, why) in [
        ("claims_missing_iss", 1, "No iss (issuing region)."),
        ("claims_missing_exp", 4, "No exp (expiry)."),
        ("claims_missing_iat", 6, "No iat (issue time)."),
        ("claims_missing_cti", 7, "No cti (credential id)."),
        ("claims_missing_attestation", healthseal_core::ATTESTATION_CLAIM, "No attestation (-70001)."),
    ] {
        add(name, "claims_missing", why, c(p().claim(label, None)));
    }
    for (name, label, why) in [
        ("claims_missing_status", 1, "No status in the attestation."),
        ("claims_missing_name", 2, "No holder name."),
        ("claims_missing_birth_date", 3, "No birth date."),
    ] {
        add(name, "claims_missing", why, c(p().field(label, None)));
    }
    add(
        "claims_iat_text",
        "claims_wrong_type",
        "iat as RFC 3339 text.",
        c(p().claim(6, Some(Value::Text("2026-11-25T00:00:00Z".into())))),
    );
    add(
        "claims_exp_fractional",
        "claims_wrong_type",
        "exp with a fraction of a second (a float).",
        c(p().claim(4, Some(Value::Float(at(72 * HOUR).unix() as f64 + 0.5)))),
    );
    add(
        "claims_exp_year_10000",
        "claims_wrong_type",
        "exp after 9999-12-31.",
        c(p().claim(4, Some(int(253_402_300_800)))),
    );
    add(
        "claims_cti_7_bytes",
        "claims_wrong_type",
        "A 7-byte credential id.",
        c(p().claim(7, Some(Value::Bytes(vec![1; 7])))),
    );
    add(
        "claims_iss_bytes",
        "claims_wrong_type",
        "iss as a byte string.",
        c(p().claim(1, Some(Value::Bytes(b"CN-ZJ".to_vec())))),
    );
    add(
        "claims_name_bytes",
        "claims_wrong_type",
        "The name as a byte string.",
        c(p().field(2, Some(Value::Bytes(b"Max".to_vec())))),
    );
    add(
        "claims_attestation_array",
        "claims_wrong_type",
        "The attestation is an array.",
        c(p().claim(healthseal_core::ATTESTATION_CLAIM, Some(Value::Array(vec![])))),
    );
    add(
        "claims_status_3",
        "claims_unknown_status",
        "Status 3 does not exist in version 1.",
        c(p().field(1, Some(int(3)))),
    );
    add("claims_status_negative", "claims_unknown_status", "Status -1.", c(p().field(1, Some(int(-1)))));
    add(
        "claims_basis_99",
        "claims_unknown_basis",
        "Basis 99 does not exist in version 1.",
        c(p().field(4, Some(int(99)))),
    );
    add(
        "claims_attestation_field_9",
        "claims_unknown_attestation_field",
        "An attestation field this version does not know might change the meaning.",
        c(p().field(9, Some(int(0)))),
    );
    add(
        "claims_region_lowercase",
        "claims_region_malformed",
        "iss \"cn-zj\" is not a region code.",
        c(p().claim(1, Some(Value::Text("cn-zj".into())))),
    );
    let mut unsorted = p().payload;
    unsorted.reverse();
    add(
        "claims_keys_out_of_order",
        "claims_not_deterministic_cbor",
        "Claims in reverse key order.",
        raw(cbor::encode(&Value::Map(unsorted))),
    );
    let mut duplicated = p().payload;
    duplicated.insert(1, (int(1), Value::Text("CN-HA".into())));
    add(
        "claims_duplicate_iss",
        "claims_not_deterministic_cbor",
        "iss twice, with two different regions: two parsers, two meanings.",
        raw(cbor::encode(&Value::Map(duplicated))),
    );
    add(
        "claims_name_empty",
        "name_empty",
        "An empty holder name.",
        c(p().field(2, Some(Value::Text(String::new())))),
    );
    add(
        "claims_name_padded",
        "name_padded",
        "A name with a trailing space.",
        c(p().field(2, Some(Value::Text("Max ".into())))),
    );
    add(
        "claims_name_bidi_override",
        "name_forbidden_character",
        "U+202E reverses how the rest of the name is shown.",
        c(p().field(2, Some(Value::Text("Max \u{202E}namrebO".into())))),
    );
    add(
        "claims_name_terminal_escape",
        "name_forbidden_character",
        "An ANSI escape sequence that would recolour a terminal.",
        c(p().field(2, Some(Value::Text("Max\u{1b}[32mGREEN".into())))),
    );
    add(
        "claims_name_arabic_letter_mark",
        "name_forbidden_character",
        "U+061C, a bidirectional control, hides inside an otherwise plain name.",
        c(p().field(2, Some(Value::Text("Max\u{061C} Oberhofer".into())))),
    );
    add(
        "claims_name_hangul_filler",
        "name_forbidden_character",
        "U+3164 prints as a blank: a name that looks empty or padded.",
        c(p().field(2, Some(Value::Text("Max\u{3164}Oberhofer".into())))),
    );
    add(
        "claims_name_tag_characters",
        "name_forbidden_character",
        "Tag characters (U+E0000 block) are invisible and carry hidden text.",
        c(p().field(2, Some(Value::Text("Max\u{E0041}\u{E0042}".into())))),
    );
    add(
        "claims_name_imitates_the_verdict_line",
        "name_space_run",
        "A fake birth date and region followed by a run of spaces that pushes the real ones off the line.",
        c(p().field(
            2,
            Some(Value::Text(format!("Max (born 1990-01-01) · CN-HA Henan{}", " ".repeat(60)) + "x")),
        )),
    );
    add(
        "claims_birth_date_feb_30",
        "birth_date_malformed",
        "1990-02-30 is not a date.",
        c(p().field(3, Some(Value::Text("1990-02-30".into())))),
    );
    add(
        "claims_born_after_issue",
        "born_after_issue",
        "Born a year after the credential was issued.",
        c(p().field(3, Some(Value::Text("2027-11-25".into())))),
    );
    add(
        "claims_expiry_before_issue",
        "expires_before_issue",
        "exp one second before iat.",
        c(p().claim(4, Some(int(at(-1).unix())))),
    );
    add(
        "claims_not_before_after_expiry",
        "not_before_outside_validity",
        "nbf after exp.",
        c(p().claim(5, Some(int(at(100 * HOUR).unix())))),
    );
}
