//! Hostile signed documents, built at run time (the large ones are far over the size the fixtures
//! keep): a COSE_Sign1 in the healthseal header profile, in deterministic CBOR throughout, with
//! nested one-element arrays filling one part of it. A decoder that builds its tree before it
//! checks anything builds all of it, at about 140 times the size in memory.
//!
//! Shared by `tests/hostile_documents.rs`, `tests/hostile_memory.rs` and
//! `examples/hostile_trust_document.rs`.

#![allow(dead_code)]

/// Where the hostile CBOR sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// An extra parameter (label 5) of the protected header.
    Protected,
    /// The unprotected header: `{1: [[[...]]], ...]}`.
    Unprotected,
    /// The payload: `[[[...]]], ...]` (under an empty unprotected header).
    Payload,
    /// The payload, as the costliest one the payload limits let through: `[h'00...', [[[...]]],
    /// ...]]`, a byte string of most of the document beside as many nested arrays as the rest of
    /// the memory limit takes (`MAX_TREE_BYTES_BASE` plus `MAX_TREE_BYTES_PER_INPUT_BYTE` bytes per
    /// byte). It decodes, and is refused afterwards, by the trust list's reader.
    PayloadAtLimit,
}

impl std::str::FromStr for Place {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "protected" => Ok(Self::Protected),
            "unprotected" => Ok(Self::Unprotected),
            "payload" => Ok(Self::Payload),
            "payload-at-limit" => Ok(Self::PayloadAtLimit),
            other => Err(format!("{other}: protected, unprotected, payload or payload-at-limit")),
        }
    }
}

/// Signs a Sig_structure from its parts (protected header bytes, payload).
pub type Signer<'a> = &'a dyn Fn(&[u8], &[u8]) -> [u8; 64];

/// Appends a head (RFC 8949 section 3) in its shortest form.
pub fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    match n {
        0..=23 => out.push(m | n as u8),
        24..=0xff => out.extend([m | 24, n as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend((n as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(m | 26);
            out.extend((n as u32).to_be_bytes());
        }
        _ => {
            out.push(m | 27);
            out.extend(n.to_be_bytes());
        }
    }
}

/// Length of the head for `n`.
pub fn head_len(n: u64) -> usize {
    match n {
        0..=23 => 1,
        24..=0xff => 2,
        0x100..=0xffff => 3,
        0x1_0000..=0xffff_ffff => 5,
        _ => 9,
    }
}

/// Appends `[[[...[0]...]], ...]`: `count` one-element arrays nested `depth` deep around a 0.
pub fn push_nested(out: &mut Vec<u8>, count: u64, depth: usize) {
    head(out, 4, count);
    for _ in 0..count {
        out.extend(std::iter::repeat_n(0x81, depth));
        out.push(0x00);
    }
}

/// A signed document of at most `len` bytes (at least 1 KiB) with the hostile CBOR at `place`,
/// `content_type` in its protected header (`None`: a credential) and `kid`, and the payload
/// `payload` unless the payload is the hostile part. The signature is 64 zero bytes, unless
/// `sign` is given: it is then called on the Sig_structure's parts (protected, payload).
///
/// The nesting fills the depth limit of 16 exactly: the protected header's map is level 1 of its
/// own decoding; the COSE item's tag, array and unprotected map take 3 levels; the payload starts
/// at level 1 of its own.
pub fn document(
    place: Place,
    len: usize,
    content_type: Option<&str>,
    kid: [u8; 8],
    payload: &[u8],
    sign: Option<Signer<'_>>,
) -> Vec<u8> {
    let room = len - 256 - payload.len() - content_type.map_or(0, str::len);
    let depth = match place {
        Place::Protected => 14,
        Place::Unprotected => 12,
        Place::Payload => 15,
        Place::PayloadAtLimit => 14,
    };
    let (count, padding) = match place {
        Place::PayloadAtLimit => {
            use healthseal_core::limits::{MAX_TREE_BYTES_BASE, MAX_TREE_BYTES_PER_INPUT_BYTE};
            let limit = MAX_TREE_BYTES_BASE + MAX_TREE_BYTES_PER_INPUT_BYTE * room;
            // The padding's modelled cost, at most: 4096-byte chunks gathered by doubling.
            let padding_cost = room.div_ceil(4096).next_power_of_two() * 4096 + 32;
            // Each nested array: 4 slots of 32 bytes and 32 of overhead; each element of the
            // outer array: a slot, twice over at most. 1 MiB to spare.
            let unit = depth * (4 * 32 + 32) + 2 * 32;
            let count = (limit - padding_cost - (1 << 20)) / unit;
            let nested_len = head_len(count as u64) + count * (depth + 1);
            let padding = room - 1 - 9 - nested_len;
            (count as u64, padding)
        }
        _ => (((room - 9) / (depth + 1)) as u64, 0),
    };
    let nested_len = head_len(count) + count as usize * (depth + 1);
    let hostile_len = match place {
        Place::PayloadAtLimit => 1 + head_len(padding as u64) + padding + nested_len,
        _ => nested_len,
    };
    let mut out = Vec::with_capacity(len);
    out.extend([0xd2, 0x84]); // 18([
    let mut protected = Vec::new();
    let entries = 2 + u64::from(content_type.is_some()) + u64::from(place == Place::Protected);
    head(&mut protected, 5, entries);
    protected.extend([0x01, 0x27]); // alg: EdDSA
    if let Some(ct) = content_type {
        protected.push(0x03);
        head(&mut protected, 3, ct.len() as u64);
        protected.extend(ct.as_bytes());
    }
    protected.extend([0x04, 0x48]); // kid
    protected.extend(kid);
    let protected_at;
    if place == Place::Protected {
        head(&mut out, 2, (protected.len() + 1 + hostile_len) as u64);
        protected_at = out.len();
        out.extend(&protected);
        out.push(0x05);
        push_nested(&mut out, count, depth);
    } else {
        head(&mut out, 2, protected.len() as u64);
        protected_at = out.len();
        out.extend(&protected);
    }
    let protected_end = out.len();
    if place == Place::Unprotected {
        out.extend([0xa1, 0x01]);
        push_nested(&mut out, count, depth);
    } else {
        out.push(0xa0);
    }
    let payload_at;
    if place == Place::Payload {
        head(&mut out, 2, hostile_len as u64);
        payload_at = out.len();
        push_nested(&mut out, count, depth);
    } else if place == Place::PayloadAtLimit {
        head(&mut out, 2, hostile_len as u64);
        payload_at = out.len();
        out.push(0x82);
        head(&mut out, 2, padding as u64);
        out.resize(out.len() + padding, 0);
        push_nested(&mut out, count, depth);
    } else {
        head(&mut out, 2, payload.len() as u64);
        payload_at = out.len();
        out.extend(payload);
    }
    let payload_end = out.len();
    let signature = match sign {
        Some(sign) => sign(&out[protected_at..protected_end], &out[payload_at..payload_end]),
        None => [0; 64],
    };
    out.extend([0x58, 0x40]);
    out.extend(signature);
    assert!(out.len() <= len, "the document fits its size");
    out
}
