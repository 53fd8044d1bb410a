//! QR symbols as PNG images: 1-bit greyscale, the smallest and fastest PNG there is.

use crate::qr::QrSymbol;

/// Default pixels per module in a PNG: a typical credential (version 9, 61 modules with the quiet
/// zone) becomes 488 × 488 pixels, sharp on any phone screen.
pub const DEFAULT_MODULE_PX: u32 = 8;

/// Largest pixels-per-module accepted; beyond it files grow without helping any reader.
pub const MAX_MODULE_PX: u32 = 64;

impl QrSymbol {
    /// The symbol as a PNG file, `module_px` pixels per module (clamped to 1..=[`MAX_MODULE_PX`]),
    /// quiet zone included, dark modules black on white.
    ///
    /// ```
    /// use healthseal_issuer::qr::{EcLevel, QrSymbol};
    /// let png = QrSymbol::encode("HS1:BB8", EcLevel::M)?.to_png(4);
    /// assert_eq!(&png[1..4], b"PNG");
    /// # Ok::<(), healthseal_issuer::qr::QrError>(())
    /// ```
    pub fn to_png(&self, module_px: u32) -> Vec<u8> {
        let module_px = module_px.clamp(1, MAX_MODULE_PX) as usize;
        let modules = self.width_with_quiet_zone();
        let side = modules * module_px;
        // One bit per pixel, 1 = white; each row padded to a whole byte.
        let row_bytes = side.div_ceil(8);
        let mut data = vec![0u8; row_bytes * side];
        for my in 0..modules {
            let row = &mut data[my * module_px * row_bytes..][..row_bytes];
            for mx in 0..modules {
                if !self.is_dark_with_quiet_zone(mx, my) {
                    for px in mx * module_px..(mx + 1) * module_px {
                        row[px / 8] |= 0x80 >> (px % 8);
                    }
                }
            }
            let (first, rest) = data[my * module_px * row_bytes..].split_at_mut(row_bytes);
            for copy in rest.chunks_exact_mut(row_bytes).take(module_px - 1) {
                copy.copy_from_slice(first);
            }
        }
        let side = u32::try_from(side).unwrap_or(u32::MAX);
        let mut out = Vec::with_capacity(data.len() / 8 + 128);
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_compression(png::Compression::Fast);
        // Writing into a Vec with a consistent header cannot fail; an empty Vec would show it.
        let written = encoder.write_header().and_then(|mut w| w.write_image_data(&data));
        if written.is_err() {
            out.clear();
        }
        out
    }
}
