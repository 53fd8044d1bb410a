//! The fixed clock of every test and fixture.

use healthseal_core::Timestamp;

/// 2026-11-25T00:00:00Z, as Unix seconds: the instant fixtures are made at and tests decide at.
pub const T0: i64 = 1_795_564_800;

/// One hour, in seconds.
pub const H: i64 = 3600;

/// `offset` seconds after [`T0`] (before it, when negative).
pub fn t(offset: i64) -> Timestamp {
    Timestamp::from_unix(T0 + offset).expect("test times are in range")
}
