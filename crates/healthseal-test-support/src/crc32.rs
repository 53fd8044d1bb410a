//! CRC-32, to build and repair PNG chunks in tests.

/// CRC-32 (ISO 3309, as PNG uses it), bit by bit: slow, short, and obviously right.
///
/// ```
/// assert_eq!(healthseal_test_support::crc32::crc32(b"123456789"), 0xCBF4_3926);
/// ```
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
