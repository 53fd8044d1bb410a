//! Limits checked before any parsing work, each with the reason for its value.

/// Longest credential text accepted, in bytes (docs/format.md, strict decoding).
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

/// Most CBOR data items in a signed document's COSE_Sign1 item, and in its protected header,
/// read before anything else is checked.
///
/// A COSE_Sign1 in the healthseal profile is 6 data items (tag, array, protected header bytes,
/// empty unprotected header, payload bytes, signature bytes) and its protected header map 7 (alg,
/// kid and content type with their labels). 64 leaves room for a small malformed header, so the
/// profile check can still say what is wrong with it (a kid in the unprotected header, an extra
/// parameter), while a hostile header is refused after 64 items, having cost a few KiB, however
/// large the document: the payload is one byte string here, decoded later on its own.
pub const MAX_ENVELOPE_ITEMS: usize = 64;

/// Memory a decoded CBOR tree may always take, in bytes, whatever the input's size (see
/// `cbor::DecodeLimits`, whose model of `ciborium`'s tree errs high).
///
/// Each small item costs tens of bytes once decoded (a trust list's key entry of 38 bytes takes
/// about 400), so the structure of a trust list is not bounded by a multiple of its size: the
/// structure of a national-scale list (1,000 regions with 4 keys each) decodes to about 3 MB.
/// 32 MiB is ten times that, and stays small for any input: a small hostile input costs at most
/// this.
pub const MAX_TREE_BYTES_BASE: usize = 32 * 1024 * 1024;

/// Memory a decoded CBOR tree may take per byte of input, on top of [`MAX_TREE_BYTES_BASE`].
///
/// A large trust document is large because of its byte strings (revoked ids, 8 bytes each), and a
/// byte or text string decodes to at most twice its length (`ciborium` gathers a long one into a
/// vector that doubles); everything else is structure, which the base covers. So a 64 MiB trust
/// document decodes to at most 160 MiB, where nested one-element arrays would otherwise take
/// about 140 times their size.
pub const MAX_TREE_BYTES_PER_INPUT_BYTE: usize = 2;

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

/// Most root successions a province's chain may hold (each a new root key ceremony).
///
/// A province replacing its root every year would reach it in 16 years; the chain is carried
/// in every list and statement, and following it costs one signature check per record.
pub const MAX_SUCCESSIONS: usize = 16;

/// Most candidate keys tried for one credential (keys sharing one kid).
///
/// Eight colliding 64-bit kids would already be an astronomically unlikely accident; a list
/// that offers more is malformed or hostile, and each try costs a signature check.
pub const MAX_CANDIDATE_KEYS: usize = 8;

/// Largest clock difference between issuer and checkpoint a checkpoint may tolerate, in seconds.
///
/// The skew absorbs honest clock error: a device's real-time clock drifts by seconds a day, so
/// a month offline is about a minute, and a clock set by hand or an hour off across a daylight
/// saving change stays within the hour. A larger tolerance stops being a tolerance: the skew
/// widens every validity window both ways, so `300y` switched expiry, not-yet-valid and the
/// device-clock check off. A clock off by more than an hour is to be set right, not tolerated.
pub const MAX_SKEW_SECS: u64 = 3600;

/// Longest grace after a trust list's next update before it counts as stale, in seconds.
///
/// The grace is how long a checkpoint may run without a new list before every verdict says so
/// (and, in reject mode, before it refuses everything). Two weeks covers a checkpoint offline for
/// days at a time with room for a missed delivery; past that its revocations and compromised
/// keys are too old for the verdicts to go unmarked, and an unbounded grace would hide it.
pub const MAX_STALE_GRACE_SECS: u64 = 14 * 24 * 3600;
