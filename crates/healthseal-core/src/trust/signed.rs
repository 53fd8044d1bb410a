//! Signing and opening trust documents through the common envelope.
//!
//! Memory is bounded before anything is decoded: the envelope is read with few data items
//! allowed (`envelope::open`), so a hostile header is refused at once, and the payload, one byte
//! string there, is decoded on its own: after the signature holds when the trusted root signed
//! it, before the signature is checked when the root that signed it is named by the document
//! itself (its root succession, [`open_following`]), or without a check ([`open_unverified`],
//! [`open_any`], for display), in every case within [`payload_limits`]: a tree of at most
//! `MAX_TREE_BYTES_BASE` plus `MAX_TREE_BYTES_PER_INPUT_BYTE` bytes per byte of payload, or
//! refused by the pre-scan before it is built. Nothing decoded is returned as verified unless the
//! signature holds.

use ciborium::Value;

use super::TrustDocError;
use crate::cbor::{self, DecodeLimits};
use crate::envelope::{self, SealError};
use crate::limits::{MAX_CBOR_DEPTH, MAX_TRUST_DOC_LEN};
use crate::{Kid, PublicKey, Signer};

/// Which kind of trust document, and its content type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Kind {
    pub name: &'static str,
    pub content_type: &'static str,
    /// Where its payload carries the signer's root succession (map key, path in errors), for
    /// kinds signed by a province's root.
    pub succession: Option<(i64, &'static str)>,
}

pub(crate) fn sign(
    payload: &Value,
    kind: Kind,
    key: &(impl Signer + ?Sized),
) -> Result<Vec<u8>, TrustDocError> {
    let payload = cbor::encode(payload);
    // Nothing is signed that no reader would decode.
    cbor::check_limits(&payload, &payload_limits(payload.len())).map_err(TrustDocError::Cbor)?;
    let bytes = envelope::seal(payload, Some(kind.content_type), key).map_err(|e| match e {
        SealError::Encoding => TrustDocError::invalid(kind.name, "could not be encoded"),
        SealError::Signer(e) => TrustDocError::Signer(e),
    })?;
    if bytes.len() > MAX_TRUST_DOC_LEN {
        return Err(TrustDocError::TooLarge { len: bytes.len(), max: MAX_TRUST_DOC_LEN });
    }
    Ok(bytes)
}

/// Structure only: returns the payload and the signer's kid, signature NOT checked. The payload
/// is decoded within [`payload_limits`], as in [`open`].
pub(crate) fn open_unverified(bytes: &[u8], kind: Kind) -> Result<(Value, Kid), TrustDocError> {
    let (value, kid, _) = open_any(bytes, kind.name, &[kind])?;
    Ok((value, kid))
}

/// A document of any of `kinds` (`name` says which in errors), read once WITHOUT checking its
/// signature: size, structure, then the payload. Returns the payload, the signer's kid and the
/// kind found by its content type.
pub(crate) fn open_any(
    bytes: &[u8],
    name: &'static str,
    kinds: &[Kind],
) -> Result<(Value, Kid, Kind), TrustDocError> {
    let (envelope, kind) = envelope_of(bytes, name, kinds)?;
    Ok((payload(&envelope.message.payload)?, envelope.kid, kind))
}

/// A document checked against a root already trusted (`from`) that may have been signed by a
/// later root, named through the root succession the document carries, or (`from` is `None`)
/// a document that names its own signer (a succession record, signed by the old root it
/// names). When `from` signed it, as with [`open_any`]: the signature first, then the payload,
/// and `signer` must name `from`. Otherwise the payload is decoded first (within the same
/// limits as always) and `signer` reads from it only what names the root that must have signed
/// (the succession field), then the signature is checked under that root. The payload, its
/// kind and the signing root are returned only once the signature holds: the document's
/// content is parsed after that.
pub(crate) fn open_checked(
    bytes: &[u8],
    name: &'static str,
    kinds: &[Kind],
    from: Option<&PublicKey>,
    signer: impl FnOnce(&Value, Kind) -> Result<PublicKey, TrustDocError>,
) -> Result<(Value, Kind, PublicKey), TrustDocError> {
    let (envelope, kind) = envelope_of(bytes, name, kinds)?;
    let signed_by_from = from.filter(|from| envelope.kid == from.kid());
    if let Some(from) = signed_by_from {
        check_signature(&envelope, from)?;
    }
    let value = payload(&envelope.message.payload)?;
    let root = signer(&value, kind)?;
    if signed_by_from != Some(&root) {
        check_signature(&envelope, &root)?;
    }
    Ok((value, kind, root))
}

/// Size, then structure, then the kind by content type.
fn envelope_of(
    bytes: &[u8],
    name: &'static str,
    kinds: &[Kind],
) -> Result<(envelope::Envelope, Kind), TrustDocError> {
    if bytes.len() > MAX_TRUST_DOC_LEN {
        return Err(TrustDocError::TooLarge { len: bytes.len(), max: MAX_TRUST_DOC_LEN });
    }
    let accepted: Vec<Option<&'static str>> = kinds.iter().map(|k| Some(k.content_type)).collect();
    let envelope =
        envelope::open(bytes, &accepted).map_err(|error| TrustDocError::Envelope { kind: name, error })?;
    let kind = kinds
        .iter()
        .copied()
        .find(|k| envelope.content_type == Some(k.content_type))
        .ok_or_else(|| TrustDocError::invalid(name, "has no content type"))?;
    Ok((envelope, kind))
}

fn check_signature(envelope: &envelope::Envelope, root: &PublicKey) -> Result<(), TrustDocError> {
    if envelope.kid != root.kid() {
        return Err(TrustDocError::NotSignedByRoot { expected: root.kid(), found: envelope.kid });
    }
    root.verify(&envelope.message.to_be_signed(&[]), &envelope.message.signature)
        .map_err(|_| TrustDocError::BadSignature)
}

/// What decoding a payload of `len` bytes may cost: the same whether or not the signature was
/// checked, so that whatever opens also shows. A national-scale list (1,000 regions with 4 keys
/// each and 1,000,000 revoked ids) is well within it.
fn payload_limits(len: usize) -> DecodeLimits {
    DecodeLimits::for_input(len, MAX_CBOR_DEPTH)
}

fn payload(bytes: &[u8]) -> Result<Value, TrustDocError> {
    cbor::decode_within(bytes, &payload_limits(bytes.len())).map_err(TrustDocError::Cbor)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::limits::{MAX_TREE_BYTES_BASE, MAX_TREE_BYTES_PER_INPUT_BYTE};
    use crate::{
        CredentialId, IssuingKey, Policy, RegionEntry, RevocationSet, SigningKey, Status, Timestamp,
        TrustList, TrustListDraft, TRUST_LIST_CONTENT_TYPE,
    };

    fn seed(i: usize, j: usize) -> [u8; 32] {
        let mut s = [0u8; 32];
        s[..8].copy_from_slice(&(i as u64).to_le_bytes());
        s[8..16].copy_from_slice(&(j as u64).to_le_bytes());
        s[31] = 0x5a;
        s
    }

    fn code(i: usize) -> String {
        let letter = |n: usize| char::from(b'A' + u8::try_from(n % 26).unwrap());
        format!("{}{}-{}", letter(i / 26), letter(i), i / 676 + 1)
    }

    /// The national-scale list of `benches/trust_list.rs`, and two smaller shapes with more
    /// structure per byte.
    fn list(regions: usize, keys: usize, revoked_per_region: u64, accept_all: bool) -> (Vec<u8>, PublicKey) {
        let t = Timestamp::from_unix(1_795_564_800).unwrap();
        let root = SigningKey::from_seed([0xaa; 32]);
        let regions = (0..regions)
            .map(|i| RegionEntry {
                region: code(i).parse().unwrap(),
                name: format!("Region {i}"),
                root: SigningKey::from_seed(seed(i, 99)).public_key().clone(),
                statement_sequence: 1,
                keys: (0..keys)
                    .map(|j| IssuingKey::active(SigningKey::from_seed(seed(i, j)).public_key().clone()))
                    .collect(),
                revoked: RevocationSet::from_ids((0..revoked_per_region).map(|k| {
                    let mut id = [0u8; 8];
                    id[..4].copy_from_slice(
                        &u32::try_from(k).unwrap().wrapping_mul(2_654_435_761).to_be_bytes(),
                    );
                    id[4..].copy_from_slice(&u32::try_from(i).unwrap().to_be_bytes());
                    CredentialId::from_bytes(id)
                })),
                policy: if accept_all {
                    Policy::accepting([Status::Green, Status::Yellow, Status::Red])
                } else {
                    Policy {
                        max_age: Some(Duration::from_secs(48 * 3600)),
                        ..Policy::accepting([Status::Green])
                    }
                },
            })
            .collect();
        let draft = TrustListDraft {
            owner: code(0).parse().unwrap(),
            sequence: 1,
            issued_at: t,
            next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(),
            regions,
            succession: Default::default(),
        };
        (draft.check().unwrap().sign(&root).unwrap(), root.public_key().clone())
    }

    #[test]
    fn national_scale_lists_decode_well_within_the_limits() {
        for (regions, keys, revoked, accept_all) in
            [(1_000, 4, 1_000, false), (1_000, 4, 0, false), (1_000, 0, 0, true), (1_000, 1, 0, true)]
        {
            let (bytes, root) = list(regions, keys, revoked, accept_all);
            let payload = envelope::open(&bytes, &[Some(TRUST_LIST_CONTENT_TYPE)]).unwrap().message.payload;
            let (items, tree) = cbor::modelled_cost(&payload, MAX_CBOR_DEPTH).unwrap();
            let limit = payload_limits(payload.len()).max_tree_bytes;
            println!(
                "{regions} regions x {keys} keys, {revoked} revoked each: {} bytes, {items} items, \
                 modelled tree {tree} bytes ({:.1}x), limit {limit} ({:.1}x the tree)",
                payload.len(),
                tree as f64 / payload.len() as f64,
                limit as f64 / tree as f64,
            );
            // Structure is within a quarter of the base; byte strings within the per-byte part.
            let strings = payload.len() * MAX_TREE_BYTES_PER_INPUT_BYTE;
            assert!(tree < MAX_TREE_BYTES_BASE / 4 + strings, "{tree}");
            assert!(TrustList::open(&bytes, &root).is_ok());
            assert!(TrustList::read_unverified(&bytes).is_ok());
        }
    }
}
