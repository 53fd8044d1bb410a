//! Limits checked before any parsing work, each with the reason for its value.

/// Longest credential text accepted, in bytes (DESIGN.md "Strict decoding").
///
/// A version-40 QR code at error-correction level L holds 4,296 alphanumeric characters, so
/// nothing longer can come from a single code; 4 KiB keeps every later buffer small.
pub const MAX_TEXT_LEN: usize = 4096;

/// Deepest CBOR nesting accepted (arrays, maps and tags all count).
///
/// A credential needs 3 levels (tag, COSE array, header map) and its payload 2 (claims map,
/// attestation map). 16 leaves room for unknown extra claims, which are ignored but must still
/// parse, while keeping recursion on hostile input shallow.
pub const MAX_CBOR_DEPTH: usize = 16;

/// Longest holder name, in Unicode scalar values.
///
/// Names are printed as on the identity document; machine-readable travel documents
/// (ICAO 9303) hold 39 characters and visual zones rarely exceed 100. 200 leaves room for long
/// multi-part names in any script while a full credential still fits one QR code comfortably.
pub const MAX_NAME_CHARS: usize = 200;

/// Largest trust document (issuer statement or trust list) accepted, in bytes.
///
/// A list for 1,000 regions with 4 keys each and a million revoked credentials is about 8.3 MB;
/// 64 MiB leaves room for eight times the revocations while keeping a checkpoint's memory bounded.
pub const MAX_TRUST_DOC_LEN: usize = 64 * 1024 * 1024;

/// Most candidate keys tried for one credential (keys sharing one kid).
///
/// Eight colliding 64-bit kids would already be an astronomically unlikely accident; a list
/// that offers more is malformed or hostile, and each try costs a signature check.
pub const MAX_CANDIDATE_KEYS: usize = 8;
