//! Hostile CBOR in signed documents: refused before it is decoded, whatever part of the document
//! holds it, and with the same outcome as before for everything within the limits.

mod common;
mod hostile;

use ciborium::Value;
use healthseal_core::cbor::{self, CborError, DecodeLimits};
use healthseal_core::limits::{
    MAX_CBOR_DEPTH, MAX_ENVELOPE_ITEMS, MAX_TREE_BYTES_BASE, MAX_TREE_BYTES_PER_INPUT_BYTE,
};
use healthseal_core::*;
use hostile::Place;
use proptest::prelude::*;

const MIB: usize = 1 << 20;

fn root() -> SigningKey {
    SigningKey::from_seed([0x77; 32])
}

fn kid(key: &SigningKey) -> [u8; 8] {
    *key.public_key().kid().as_bytes()
}

/// A hostile trust list of `len` bytes, unsigned, claiming to be signed by [`root`].
fn hostile_list(place: Place, len: usize) -> Vec<u8> {
    hostile::document(place, len, Some(TRUST_LIST_CONTENT_TYPE), kid(&root()), &[0xa0], None)
}

fn envelope_error(e: TrustDocError) -> DecodeError {
    match e {
        TrustDocError::Envelope { error, .. } => error,
        other => panic!("expected an envelope error, got {other:?}"),
    }
}

#[test]
fn a_hostile_unprotected_header_is_refused_after_a_few_items() {
    // 1 MiB of nested one-element arrays in the unprotected header: before, it was decoded whole
    // (about 140 MiB) before the header profile refused it as a non-empty unprotected header.
    let bytes = hostile_list(Place::Unprotected, MIB);
    let expected = |e: TrustDocError| match envelope_error(e) {
        DecodeError::Cbor(CborError::TooManyItems { max, offset }) => {
            assert_eq!(max, MAX_ENVELOPE_ITEMS);
            assert!(offset < 256, "refused at byte {offset}, after the first items");
        }
        other => panic!("expected cbor_too_many_items, got {other:?}"),
    };
    expected(TrustList::read_unverified(&bytes).unwrap_err());
    expected(TrustList::open(&bytes, root().public_key()).unwrap_err());
    assert_eq!(TrustList::read_unverified(&bytes).unwrap_err().code(), "cbor_too_many_items");
    // Another kind of document, or a credential, is refused the same way, before its kind is known.
    assert_eq!(IssuerStatement::read_unverified(&bytes).unwrap_err().code(), "cbor_too_many_items");
    assert_eq!(IssuerStatement::open(&bytes, root().public_key()).unwrap_err().code(), "cbor_too_many_items");
    let credential = hostile::document(Place::Unprotected, MIB, None, kid(&root()), &[0xa0], None);
    assert!(matches!(
        Sealed::from_cose_bytes(&credential),
        Err(DecodeError::Cbor(CborError::TooManyItems { max: MAX_ENVELOPE_ITEMS, .. }))
    ));
}

#[test]
fn a_hostile_protected_header_is_refused_before_it_is_decoded() {
    let bytes = hostile_list(Place::Protected, MIB);
    match envelope_error(TrustList::read_unverified(&bytes).unwrap_err()) {
        DecodeError::Header(HeaderError::NotDeterministic(CborError::TooManyItems { max, offset })) => {
            assert_eq!(max, MAX_ENVELOPE_ITEMS);
            assert!(offset < 256, "refused at byte {offset} of the header");
        }
        other => panic!("expected the protected header refused for its items, got {other:?}"),
    }
    assert_eq!(
        TrustList::open(&bytes, root().public_key()).unwrap_err().code(),
        "header_not_deterministic_cbor"
    );
}

#[test]
fn a_hostile_payload_is_decoded_only_within_its_limit_and_never_before_the_signature() {
    let bytes = hostile_list(Place::Payload, MIB);
    // A checkpoint: the signature fails, and the payload is never decoded.
    assert_eq!(TrustList::open(&bytes, root().public_key()).unwrap_err(), TrustDocError::BadSignature);
    // `trust show`: decoded without the signature, but only within the memory limit, which the
    // pre-scan finds passed a fraction of the way in.
    let payload_len = bytes.len() - 256; // about
    match TrustList::read_unverified(&bytes).unwrap_err() {
        TrustDocError::Cbor(CborError::TooLargeDecoded { max, offset }) => {
            let expected = MAX_TREE_BYTES_BASE + MAX_TREE_BYTES_PER_INPUT_BYTE * payload_len;
            assert!(max.abs_diff(expected) < 1024, "{max} is the limit for a 1 MiB payload");
            assert!(offset < payload_len / 2, "refused at byte {offset} of {payload_len}");
        }
        other => panic!("expected cbor_too_large_decoded, got {other:?}"),
    }
    // Signed by the root itself, it is refused just the same, after the signature.
    let root = root();
    let sign = |protected: &[u8], payload: &[u8]| root.sign(&cose::to_be_signed(protected, &[], payload));
    let signed =
        hostile::document(Place::Payload, MIB, Some(TRUST_LIST_CONTENT_TYPE), kid(&root), &[], Some(&sign));
    assert!(matches!(
        TrustList::open(&signed, root.public_key()),
        Err(TrustDocError::Cbor(CborError::TooLargeDecoded { .. }))
    ));
}

#[test]
fn a_payload_within_the_limit_is_decoded_then_refused_by_its_reader() {
    // The costliest payload the limit lets through still decodes: the limit refuses only what no
    // trust document needs.
    let bytes = hostile_list(Place::PayloadAtLimit, 4 * MIB);
    let e = TrustList::read_unverified(&bytes).unwrap_err();
    assert_eq!(e, TrustDocError::Invalid { at: "list".into(), problem: "should be a map" });
}

/// Re-encodes a signed credential with `unprotected` as its unprotected header.
fn with_unprotected(cose: &[u8], unprotected: Vec<(Value, Value)>) -> Vec<u8> {
    let Ok(Value::Tag(18, inner)) = cbor::decode_deterministic(cose, MAX_CBOR_DEPTH) else { panic!("COSE") };
    let Value::Array(mut parts) = *inner else { panic!("COSE_Sign1") };
    parts[1] = Value::Map(unprotected);
    cbor::encode(&Value::Tag(18, Box::new(Value::Array(parts))))
}

#[test]
fn small_malformed_headers_keep_their_own_codes() {
    let sealed = Sealed::sign(&common::typical(), &common::issuing_key()).unwrap();
    let cose = sealed.cose_bytes();
    let code =
        |unprotected| Sealed::from_cose_bytes(&with_unprotected(cose, unprotected)).unwrap_err().code();
    // Labels from 5 up: no kid among them.
    let entries = |n: i64| (5..5 + n).map(|i| (Value::from(i), Value::Null)).collect::<Vec<_>>();
    let kid = Value::Bytes(sealed.kid().as_bytes().to_vec());
    assert_eq!(code(vec![(Value::from(4), kid)]), "header_kid_not_protected");
    assert_eq!(code(entries(3)), "header_unprotected_not_empty");
    // The COSE item is 6 items and each entry 2: 29 entries are 64 items, 30 are too many.
    assert_eq!(code(entries(29)), "header_unprotected_not_empty");
    assert_eq!(code(entries(30)), "cbor_too_many_items");
    // Every such credential still fits the 4 KiB of text, and the text path says the same.
    let text = encode_text(&with_unprotected(cose, entries(30)));
    assert!(text.len() < 4096);
    assert_eq!(Sealed::from_text(&text).unwrap_err().code(), "cbor_too_many_items");
}

/// The decoder as it was before the pre-scan: `ciborium` first, then the checks. The reference
/// for every outcome within the limits.
fn reference(bytes: &[u8], max_depth: usize) -> Result<Value, CborError> {
    if bytes.is_empty() {
        return Err(CborError::Empty);
    }
    let mut rest = bytes;
    let value: Value =
        ciborium::de::from_reader_with_recursion_limit(&mut rest, max_depth).map_err(|e| match e {
            ciborium::de::Error::Io(_) => CborError::Truncated,
            ciborium::de::Error::Syntax(offset) => CborError::Syntax { offset },
            ciborium::de::Error::Semantic(offset, _) => CborError::Unsupported { offset },
            ciborium::de::Error::RecursionLimitExceeded => CborError::TooDeep { max: max_depth },
        })?;
    if !rest.is_empty() {
        return Err(CborError::TrailingBytes { offset: bytes.len() - rest.len(), count: rest.len() });
    }
    let again = cbor::encode(&value);
    if again != bytes {
        let offset = again.iter().zip(bytes).take_while(|(a, b)| a == b).count();
        return Err(CborError::NotDeterministic { offset });
    }
    keys_in_order(&value)?;
    Ok(value)
}

fn keys_in_order(value: &Value) -> Result<(), CborError> {
    match value {
        Value::Map(entries) => {
            let mut previous: Option<Vec<u8>> = None;
            for (key, item) in entries {
                let encoded = cbor::encode(key);
                if previous.as_ref().is_some_and(|p| *p >= encoded) {
                    return Err(CborError::MapKeyOrder);
                }
                keys_in_order(key)?;
                keys_in_order(item)?;
                previous = Some(encoded);
            }
            Ok(())
        }
        Value::Array(items) => items.iter().try_for_each(keys_in_order),
        Value::Tag(_, inner) => keys_in_order(inner),
        _ => Ok(()),
    }
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        proptest::collection::vec(any::<u8>(), 0..20).prop_map(Value::Bytes),
        "[a-z\u{e9}\u{4e2d}]{0,6}".prop_map(Value::Text),
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f32>().prop_map(|f| Value::Float(f64::from(f))),
    ];
    leaf.prop_recursive(8, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((inner.clone(), inner.clone()), 0..4).prop_map(Value::Map),
            proptest::collection::vec((0i64..30, inner.clone()), 0..4).prop_map(|mut entries| {
                // Sorted integer keys, so that some maps are in order.
                entries.sort_by_key(|(k, _)| *k);
                entries.dedup_by_key(|(k, _)| *k);
                Value::Map(entries.into_iter().map(|(k, v)| (Value::from(k), v)).collect())
            }),
            (0u64..30, inner).prop_map(|(t, v)| Value::Tag(t, Box::new(v))),
        ]
    })
}

/// Bytes near the heads that matter: indefinite lengths, breaks, tags, reserved values.
fn any_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        any::<u8>(),
        prop::sample::select(vec![
            0x00, 0x18, 0x1b, 0x1c, 0x1f, 0x40, 0x41, 0x5f, 0x60, 0x61, 0x7f, 0x80, 0x81, 0x9f, 0xa0, 0xa1,
            0xbf, 0xc2, 0xc3, 0xd8, 0xdf, 0xf6, 0xf9, 0xfb, 0xff,
        ]),
    ]
}

fn mutate(mut bytes: Vec<u8>, how: u8, at: prop::sample::Index, byte: u8) -> Vec<u8> {
    if bytes.is_empty() {
        return bytes;
    }
    let i = at.index(bytes.len());
    match how {
        0 => {}
        1 => bytes[i] = byte,
        2 => bytes.insert(i, byte),
        3 => {
            bytes.remove(i);
        }
        _ => bytes.truncate(i),
    }
    bytes
}

/// An outcome with the value as its encoding, so that NaN equals NaN.
fn outcome(result: Result<Value, CborError>) -> Result<Vec<u8>, CborError> {
    result.map(|v| cbor::encode(&v))
}

fn same_as_reference(bytes: &[u8], max_depth: usize) -> Result<(), TestCaseError> {
    let expected = outcome(reference(bytes, max_depth));
    prop_assert_eq!(outcome(cbor::decode_deterministic(bytes, max_depth)), expected.clone());
    // Under tight item limits: the reference's outcome, or refused for the items.
    for max_items in [1, 4, 16] {
        let limits = DecodeLimits { max_items, ..DecodeLimits::for_input(bytes.len(), max_depth) };
        match cbor::decode_within(bytes, &limits) {
            Err(CborError::TooManyItems { max, .. }) => prop_assert_eq!(max, max_items),
            other => prop_assert_eq!(outcome(other), expected.clone()),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_decode_as_before(bytes in proptest::collection::vec(any_byte(), 0..40), depth in 0usize..10) {
        same_as_reference(&bytes, depth)?;
    }

    #[test]
    fn damaged_items_decode_as_before(
        value in any_value(),
        how in 0u8..5,
        at in any::<prop::sample::Index>(),
        byte in any_byte(),
        depth in 0usize..10,
    ) {
        same_as_reference(&mutate(cbor::encode(&value), how, at, byte), depth)?;
    }

    #[test]
    fn damaged_credentials_decode_as_before(how in 0u8..5, at in any::<prop::sample::Index>(), byte in any_byte()) {
        let sealed = Sealed::sign(&common::typical(), &common::issuing_key()).unwrap();
        let bytes = mutate(sealed.cose_bytes().to_vec(), how, at, byte);
        same_as_reference(&bytes, MAX_CBOR_DEPTH)?;
    }
}
