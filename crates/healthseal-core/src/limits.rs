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
