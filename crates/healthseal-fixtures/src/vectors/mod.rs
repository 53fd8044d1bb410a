//! Negative (and a few positive) vectors: one file per way a credential can be wrong.
//!
//! Each is built so that exactly the named check fails: damage below the signature is re-signed
//! with the trusted key, so the vector reaches the layer it is about.

use ciborium::Value;
use healthseal_core::{cbor, cose, encode_text, Sealed, SigningKey, Status};

use super::{at, draft, key, HOUR};

mod claims;

/// One vector file.
pub struct Vector {
    pub name: &'static str,
    pub expect: &'static str,
    pub why: &'static str,
    pub text: String,
}

fn int(i: i64) -> Value {
    Value::from(i)
}

/// The parts of the typical credential, taken apart so that they can be damaged.
struct Parts {
    protected: Vec<u8>,
    payload: Vec<(Value, Value)>,
    signer: SigningKey,
}

impl Parts {
    fn new(issuer: &SigningKey) -> Self {
        let credential =
            draft("Maximilian Oberhofer", "1987-06-15", Status::Green, 0x99).check().expect("valid");
        let sealed = Sealed::sign(&credential, issuer).expect("signs");
        let Ok(Value::Map(payload)) = cbor::decode_deterministic(&sealed.message().payload, 16) else {
            unreachable!("a signed payload is a map")
        };
        Self { protected: sealed.message().protected.clone(), payload, signer: copy(issuer) }
    }

    fn payload_bytes(&self) -> Vec<u8> {
        cbor::encode(&Value::Map(self.payload.clone()))
    }

    /// A well-formed message over these parts, signed by the trusted key.
    fn cose(&self) -> Vec<u8> {
        sign(&self.protected, vec![], &self.payload_bytes(), &self.signer)
    }

    /// Replaces (or with `None` removes) a top-level claim, keeping deterministic key order.
    fn claim(mut self, label: i64, value: Option<Value>) -> Self {
        set(&mut self.payload, int(label), value);
        self
    }

    /// Replaces (or removes) a field of the attestation map.
    fn field(mut self, label: i64, value: Option<Value>) -> Self {
        for (k, v) in &mut self.payload {
            if *k == int(healthseal_core::ATTESTATION_CLAIM) {
                let Value::Map(fields) = v else { unreachable!("attestation is a map") };
                set(fields, int(label), value.clone());
            }
        }
        self
    }
}

fn copy(key: &SigningKey) -> SigningKey {
    // Keys are not Clone (secrets are not copied casually); a fixture may round-trip PEM.
    SigningKey::from_pkcs8_pem(&key.to_pkcs8_pem()).expect("round-trips")
}

fn set(map: &mut Vec<(Value, Value)>, key: Value, value: Option<Value>) {
    map.retain(|(k, _)| *k != key);
    if let Some(v) = value {
        map.push((key, v));
    }
    map.sort_by_key(|(k, _)| cbor::encode(k));
}

fn protected_map(entries: Vec<(Value, Value)>) -> Vec<u8> {
    cbor::encode(&Value::Map(entries))
}

fn eddsa_kid(key: &SigningKey) -> Vec<(Value, Value)> {
    vec![(int(1), int(-8)), (int(4), Value::Bytes(key.public_key().kid().as_bytes().to_vec()))]
}

/// A tagged COSE_Sign1 whose signature covers exactly these protected bytes and payload.
fn sign(protected: &[u8], unprotected: Vec<(Value, Value)>, payload: &[u8], key: &SigningKey) -> Vec<u8> {
    let signature = key.sign(&cose::to_be_signed(protected, &[], payload));
    message(
        Some(18),
        vec![
            Value::Bytes(protected.to_vec()),
            Value::Map(unprotected),
            Value::Bytes(payload.to_vec()),
            Value::Bytes(signature.to_vec()),
        ],
    )
}

fn message(tag: Option<u64>, items: Vec<Value>) -> Vec<u8> {
    let array = Value::Array(items);
    cbor::encode(&match tag {
        Some(t) => Value::Tag(t, Box::new(array)),
        None => array,
    })
}

/// The items of a good message, to rebuild with one of them changed.
fn items(p: &Parts) -> Vec<Value> {
    let Ok(Value::Tag(18, inner)) = cbor::decode_deterministic(&p.cose(), 16) else { unreachable!() };
    let Value::Array(items) = *inner else { unreachable!() };
    items
}

pub fn all(issuer: &SigningKey) -> Vec<Vector> {
    let p = || Parts::new(issuer);
    let good = p().cose();
    let good_text = encode_text(&good);
    let body = &good_text[4..];
    let stranger = key("an unrelated key nobody trusts");
    let mut v = Vec::new();
    let mut add = |name, expect, why, text: String| v.push(Vector { name, expect, why, text });
    let cose_text = |bytes: Vec<u8>| encode_text(&bytes);

    add("valid_typical", "valid", "A well-formed credential signed by the trusted key.", good_text.clone());
    add(
        "valid_unknown_extra_claim",
        "valid",
        "An unknown top-level claim (99) is ignored (RFC 8392 section 3).",
        cose_text(p().claim(99, Some(Value::Text("ignored".into()))).cose()),
    );

    // Text layer.
    add("text_empty", "text_empty", "Nothing at all.", String::new());
    add(
        "text_other_prefix",
        "text_missing_prefix",
        "The EU DCC prefix HC1: instead of HS1:.",
        format!("HC1:{body}"),
    );
    add(
        "text_lowercase_prefix",
        "text_missing_prefix",
        "The prefix is case-sensitive.",
        format!("hs1:{body}"),
    );
    add(
        "text_too_long",
        "text_too_long",
        "Longer than any QR code can carry (4 KiB).",
        format!("HS1:{}", "0".repeat(4200)),
    );
    add(
        "base45_lowercase",
        "base45_invalid_character",
        "Lower-case letters are not in the base45 alphabet.",
        format!("HS1:{}", body.to_lowercase()),
    );
    let mut odd = good_text.clone();
    while (odd.len() - 4) % 3 != 1 {
        odd.push('0');
    }
    add("base45_invalid_length", "base45_invalid_length", "A single character is left over at the end.", odd);
    let even: String = good_text[..4 + (body.len() / 3) * 3].to_owned();
    add(
        "base45_final_pair_overflow",
        "base45_group_overflow",
        "The final pair '::' is 2024, more than one byte holds (RFC 9285 section 4).",
        format!("{even}::"),
    );

    // CBOR layer.
    add(
        "cbor_trailing_byte",
        "cbor_trailing_bytes",
        "A zero byte after the message.",
        cose_text([good.clone(), vec![0]].concat()),
    );
    add(
        "cbor_truncated",
        "cbor_truncated",
        "The last signature byte is missing.",
        cose_text(good[..good.len() - 1].to_vec()),
    );
    add("cbor_reserved_head", "cbor_syntax", "0x1c is a reserved item head.", cose_text(vec![0x1c]));
    let mut long_head = good[..good.len() - 66].to_vec();
    long_head.extend([0x59, 0x00, 0x40]);
    long_head.extend(&good[good.len() - 64..]);
    add(
        "cbor_signature_long_length",
        "cbor_not_deterministic",
        "The signature's length written in 2 bytes instead of 1: the same message in a second encoding,\nwhich the signature does not cover.",
        cose_text(long_head),
    );
    let mut indefinite = good.clone();
    indefinite[1] = 0x9f;
    indefinite.push(0xff);
    add(
        "cbor_indefinite_array",
        "cbor_not_deterministic",
        "The COSE array with indefinite length.",
        cose_text(indefinite),
    );

    // COSE layer.
    add("cose_untagged", "cose_untagged", "No CBOR tag 18.", cose_text(good[1..].to_vec()));
    add(
        "cose_wrong_tag",
        "cose_wrong_tag",
        "Tag 98 (COSE_Sign) instead of 18.",
        cose_text(message(Some(98), items(&p()))),
    );
    add(
        "cose_three_elements",
        "cose_not_sign1_array",
        "The signature element is missing.",
        cose_text(message(Some(18), items(&p())[..3].to_vec())),
    );
    let mut it = items(&p());
    it[0] = Value::Map(eddsa_kid(issuer));
    add(
        "cose_protected_as_map",
        "cose_protected_not_bytes",
        "The protected header as a bare map, not wrapped in a byte string.",
        cose_text(message(Some(18), it)),
    );
    let mut it = items(&p());
    it[1] = Value::Array(vec![]);
    add(
        "cose_unprotected_as_array",
        "cose_unprotected_not_map",
        "The unprotected header is an array.",
        cose_text(message(Some(18), it)),
    );
    let mut it = items(&p());
    it[2] = Value::Null;
    add(
        "cose_detached_payload",
        "cose_payload_not_bytes",
        "A detached (nil) payload.",
        cose_text(message(Some(18), it)),
    );
    let mut it = items(&p());
    it[3] = Value::Text("signature".into());
    add(
        "cose_signature_as_text",
        "cose_signature_not_bytes",
        "The signature is a text string.",
        cose_text(message(Some(18), it)),
    );
    let mut it = items(&p());
    if let Value::Bytes(sig) = &mut it[3] {
        sig.pop();
    }
    add(
        "cose_signature_63_bytes",
        "cose_signature_length",
        "An Ed25519 signature is 64 bytes.",
        cose_text(message(Some(18), it)),
    );

    // Header profile.
    let parts = p();
    let payload = parts.payload_bytes();
    let with_protected =
        |entries: Vec<(Value, Value)>| cose_text(sign(&protected_map(entries), vec![], &payload, issuer));
    let kid = || (int(4), Value::Bytes(issuer.public_key().kid().as_bytes().to_vec()));
    add(
        "header_crit",
        "header_critical",
        "A crit header naming alg: this profile has no critical parameters.",
        with_protected(vec![(int(1), int(-8)), (int(2), Value::Array(vec![int(1)])), kid()]),
    );
    add(
        "header_alg_es256",
        "header_unsupported_algorithm",
        "alg ES256 (-7): algorithm confusion must not reach the signature check.",
        with_protected(vec![(int(1), int(-7)), kid()]),
    );
    add(
        "header_alg_as_text",
        "header_unsupported_algorithm",
        "alg as the text \"EdDSA\" instead of -8.",
        with_protected(vec![(int(1), Value::Text("EdDSA".into())), kid()]),
    );
    add("header_no_alg", "header_missing_algorithm", "No alg at all.", with_protected(vec![kid()]));
    add("header_no_kid", "header_missing_kid", "No kid at all.", with_protected(vec![(int(1), int(-8))]));
    add(
        "header_kid_4_bytes",
        "header_kid_malformed",
        "A 4-byte kid.",
        with_protected(vec![(int(1), int(-8)), (int(4), Value::Bytes(vec![1, 2, 3, 4]))]),
    );
    add(
        "header_content_type",
        "header_wrong_content_type",
        "A content type (3) in the protected header: credentials have none.",
        with_protected(vec![(int(1), int(-8)), (int(3), int(61)), kid()]),
    );
    add(
        "header_iv",
        "header_unexpected_parameter",
        "An IV (5) in the protected header: not a parameter of this profile.",
        with_protected(vec![(int(1), int(-8)), kid(), (int(5), Value::Bytes(vec![0; 12]))]),
    );
    add(
        "header_out_of_order",
        "header_not_deterministic_cbor",
        "kid before alg: not deterministic key order.",
        with_protected(vec![kid(), (int(1), int(-8))]),
    );
    add(
        "header_empty_protected",
        "header_missing_algorithm",
        "An empty protected header.",
        cose_text(sign(&[], vec![], &payload, issuer)),
    );
    add(
        "header_kid_unprotected",
        "header_kid_not_protected",
        "The kid moved to the unprotected header, where it is not signed.",
        cose_text(sign(&protected_map(vec![(int(1), int(-8))]), vec![kid()], &payload, issuer)),
    );
    add(
        "header_unprotected_not_empty",
        "header_unprotected_not_empty",
        "A content type in the unprotected header.",
        cose_text(sign(&parts.protected, vec![(int(3), int(61))], &payload, issuer)),
    );

    // Signature.
    add(
        "unknown_key",
        "unknown_key",
        "Signed by a key that is not trusted, under its own kid.",
        cose_text(sign(&protected_map(eddsa_kid(&stranger)), vec![], &payload, &stranger)),
    );
    add(
        "untrusted_key_with_trusted_kid",
        "bad_signature",
        "An untrusted key signs but claims the trusted key's kid.",
        cose_text(sign(&parts.protected, vec![], &payload, &stranger)),
    );
    let mut flipped = good.clone();
    *flipped.last_mut().expect("not empty") ^= 1;
    add(
        "signature_bit_flipped",
        "bad_signature",
        "The last bit of the signature flipped.",
        cose_text(flipped),
    );
    let other = p().field(2, Some(Value::Text("Someone Else".into()))).cose();
    let mut spliced = other[..other.len() - 64].to_vec();
    spliced.extend(&good[good.len() - 64..]);
    add(
        "signature_from_other_credential",
        "bad_signature",
        "A genuine signature, taken from another credential.",
        cose_text(spliced),
    );

    claims::vectors(issuer, &mut v);
    v
}
