//! A credential text as a QR code symbol (ISO/IEC 18004, model 2), ready to be drawn.
//!
//! Credential text is all QR alphanumeric characters (`HS1:` plus base45), so the symbol is in
//! alphanumeric mode; the encoder switches to numeric mode for a long run of digits when that is
//! shorter, never to byte mode. Every drawing keeps a quiet zone of [`QUIET_ZONE`] modules.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::Color;
pub use qrcode::EcLevel;
use qrcode::Version;

use crate::mask_penalty;

/// The eight mask patterns of a QR (not Micro QR) symbol.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];
use thiserror::Error;

/// Error-correction levels, weakest to strongest, with their letters.
pub const LEVELS: [(char, EcLevel); 4] =
    [('L', EcLevel::L), ('M', EcLevel::M), ('Q', EcLevel::Q), ('H', EcLevel::H)];

/// The default error-correction level. Measured on camera-like photos of credentials
/// (docs/qr-reading.md, "Error correction"): see there for the figures behind the choice.
pub const DEFAULT_EC_LEVEL: EcLevel = EcLevel::M;

/// Light modules around the symbol on every side, as ISO/IEC 18004 requires.
pub const QUIET_ZONE: usize = 4;

/// The letter of an error-correction level (`L`, `M`, `Q`, `H`).
pub fn level_letter(level: EcLevel) -> char {
    LEVELS.iter().find(|(_, l)| *l == level).map_or('?', |(c, _)| *c)
}

/// The level named by a letter, in either case.
pub fn level_from_letter(letter: &str) -> Option<EcLevel> {
    let mut chars = letter.chars();
    let c = chars.next()?.to_ascii_uppercase();
    if chars.next().is_some() {
        return None;
    }
    LEVELS.iter().find(|(l, _)| *l == c).map(|(_, level)| *level)
}

/// Why a text could not become a QR symbol.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum QrError {
    /// Too long for the largest symbol (version 40) at this level.
    #[error("{len} characters do not fit a QR code at error-correction level {level}")]
    TooLong {
        /// Characters in the text.
        len: usize,
        /// Error-correction letter.
        level: char,
    },
}

/// A QR symbol: a square of dark and light modules, without the quiet zone.
///
/// ```
/// use healthseal_issuer::qr::{EcLevel, QrSymbol};
/// let symbol = QrSymbol::encode("HS1:BB8", EcLevel::M)?;
/// assert_eq!((symbol.version(), symbol.width()), (1, 21));
/// assert!(symbol.is_dark(0, 0)); // the top-left finder pattern
/// # Ok::<(), healthseal_issuer::qr::QrError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSymbol {
    width: usize,
    version: i16,
    level: EcLevel,
    dark: Vec<bool>,
}

impl QrSymbol {
    /// Encodes `text` in the smallest symbol that holds it at `level`.
    pub fn encode(text: &str, level: EcLevel) -> Result<Self, QrError> {
        let too_long = || QrError::TooLong { len: text.chars().count(), level: level_letter(level) };
        // The steps of `QrCode::with_error_correction_level`, with the mask chosen by our own
        // penalty scoring (mask_penalty.rs says why).
        let bits = qrcode::bits::encode_auto(text.as_bytes(), level).map_err(|_| too_long())?;
        let version = bits.version();
        let Version::Normal(number) = version else { return Err(too_long()) };
        let (data, ec) =
            qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).map_err(|_| too_long())?;
        let mut canvas = Canvas::new(version, level);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ec);
        let width = usize::try_from(version.width()).map_err(|_| too_long())?;
        let mut best: Option<(u32, Vec<bool>)> = None;
        for mask in MASKS {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let dark: Vec<bool> = masked.into_colors().into_iter().map(|c| c == Color::Dark).collect();
            let score = mask_penalty::penalty(&dark, width);
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, dark));
            }
        }
        let dark = best.map(|(_, dark)| dark).ok_or_else(too_long)?;
        Ok(Self { width, version: number, level, dark })
    }

    /// Modules per side, without the quiet zone (21 for version 1, +4 per version).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Modules per side including the quiet zone on both sides.
    pub fn width_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// QR version, 1 to 40.
    pub fn version(&self) -> i16 {
        self.version
    }

    /// Error-correction level.
    pub fn level(&self) -> EcLevel {
        self.level
    }

    /// Whether the module at column `x`, row `y` (0-based, quiet zone excluded) is dark.
    /// Outside the symbol (the quiet zone and beyond) everything is light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Whether the module at (`x`, `y`) counted from the outer corner of the quiet zone is dark.
    pub(crate) fn is_dark_with_quiet_zone(&self, x: usize, y: usize) -> bool {
        x >= QUIET_ZONE && y >= QUIET_ZONE && self.is_dark(x - QUIET_ZONE, y - QUIET_ZONE)
    }

    /// Greyscale pixels, dark 0 and light 255, `module_px` pixels per module, quiet zone
    /// included; row by row, `side × side` bytes where `side` is returned first.
    ///
    /// ```
    /// use healthseal_issuer::qr::{EcLevel, QrSymbol};
    /// let symbol = QrSymbol::encode("HS1:BB8", EcLevel::M)?;
    /// let (side, pixels) = symbol.to_luma(2);
    /// assert_eq!((side, pixels.len()), (58, 58 * 58));
    /// # Ok::<(), healthseal_issuer::qr::QrError>(())
    /// ```
    pub fn to_luma(&self, module_px: u32) -> (u32, Vec<u8>) {
        let module_px = module_px.max(1) as usize;
        let modules = self.width_with_quiet_zone();
        let side = modules * module_px;
        let mut pixels = Vec::with_capacity(side * side);
        for y in 0..modules {
            let start = pixels.len();
            for x in 0..modules {
                let value = if self.is_dark_with_quiet_zone(x, y) { 0 } else { 255 };
                pixels.extend(std::iter::repeat_n(value, module_px));
            }
            for _ in 1..module_px {
                pixels.extend_from_within(start..start + side);
            }
        }
        (u32::try_from(side).unwrap_or(u32::MAX), pixels)
    }

    /// Runs of dark modules per row, as (x, y, length), quiet zone excluded: the shape every
    /// vector drawing is made of.
    pub(crate) fn dark_runs(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        (0..self.width).flat_map(move |y| {
            let row = &self.dark[y * self.width..(y + 1) * self.width];
            let mut runs = Vec::new();
            let mut x = 0;
            while x < row.len() {
                if row[x] {
                    let start = x;
                    while x < row.len() && row[x] {
                        x += 1;
                    }
                    runs.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
            runs
        })
    }
}

/// The smallest QR version (1-40) that holds `text` at `level`, or `None` if none does.
///
/// ```
/// use healthseal_issuer::qr::version_for;
/// use qrcode::EcLevel;
/// assert_eq!(version_for("HS1:BB8", EcLevel::M), Some(1));
/// ```
pub fn version_for(text: &str, level: EcLevel) -> Option<i16> {
    QrSymbol::encode(text, level).ok().map(|s| s.version())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luma_matches_modules() {
        let symbol = QrSymbol::encode("HS1:6BFA%LD1", EcLevel::Q).unwrap();
        let (side, pixels) = symbol.to_luma(3);
        let modules = symbol.width_with_quiet_zone();
        assert_eq!(side as usize, modules * 3);
        for y in 0..side as usize {
            for x in 0..side as usize {
                let dark = symbol.is_dark_with_quiet_zone(x / 3, y / 3);
                assert_eq!(pixels[y * side as usize + x] == 0, dark, "pixel {x},{y}");
            }
        }
        // The quiet zone is light all round.
        assert!(pixels[..side as usize * 12].iter().all(|&p| p == 255));
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let symbol = QrSymbol::encode("HS1:ABCDEFGH12345678", EcLevel::L).unwrap();
        let mut covered = vec![false; symbol.width() * symbol.width()];
        for (x, y, len) in symbol.dark_runs() {
            for i in x..x + len {
                assert!(!covered[y * symbol.width() + i]);
                covered[y * symbol.width() + i] = true;
            }
        }
        assert_eq!(covered, symbol.dark);
    }

    #[test]
    fn level_letters_round_trip() {
        for (letter, level) in LEVELS {
            assert_eq!(level_letter(level), letter);
            assert_eq!(level_from_letter(&letter.to_ascii_lowercase().to_string()), Some(level));
        }
        assert_eq!(level_from_letter("X"), None);
        assert_eq!(level_from_letter("MM"), None);
        assert_eq!(level_from_letter(""), None);
    }

    #[test]
    fn refuses_text_too_long_for_version_40() {
        let text = "A".repeat(5000);
        assert_eq!(QrSymbol::encode(&text, EcLevel::H), Err(QrError::TooLong { len: 5000, level: 'H' }));
    }
}
