//! A region's local time, for the "valid until" printed on a card.
//!
//! Without a time-zone database, only countries with a single zone and no daylight saving time
//! are known; for any other region the caller passes the offset (the CLI's `--utc-offset`), or
//! the card shows UTC alone.

use chrono::FixedOffset;
use healthseal_core::Region;

/// Country (first two letters of the region code) and its offset east of UTC, in minutes.
/// Single-zone countries without daylight saving time only, so a fixed offset is always right.
const SINGLE_ZONE_COUNTRIES: [(&str, i32); 12] = [
    ("CN", 480),
    ("HK", 480),
    ("MO", 480),
    ("TW", 480),
    ("SG", 480),
    ("MY", 480),
    ("PH", 480),
    ("JP", 540),
    ("KR", 540),
    ("IN", 330),
    ("TH", 420),
    ("VN", 420),
];

/// The fixed UTC offset of `region`'s country, when it has exactly one and no daylight saving.
///
/// ```
/// use healthseal_issuer::region_utc_offset;
/// assert_eq!(region_utc_offset(&"CN-ZJ".parse()?).map(|o| o.local_minus_utc()), Some(8 * 3600));
/// assert_eq!(region_utc_offset(&"US-CA".parse()?), None);
/// # Ok::<(), healthseal_core::RegionError>(())
/// ```
pub fn region_utc_offset(region: &Region) -> Option<FixedOffset> {
    let country = region.as_str().get(..2)?;
    SINGLE_ZONE_COUNTRIES
        .iter()
        .find(|(c, _)| *c == country)
        .and_then(|(_, minutes)| FixedOffset::east_opt(minutes * 60))
}

/// Parses an offset written `+08:00`, `-05:30` or `Z`.
///
/// ```
/// use healthseal_issuer::parse_utc_offset;
/// assert_eq!(parse_utc_offset("+05:30").map(|o| o.local_minus_utc()), Some(19_800));
/// assert_eq!(parse_utc_offset("8"), None);
/// ```
pub fn parse_utc_offset(text: &str) -> Option<FixedOffset> {
    if text == "Z" || text == "z" {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}
