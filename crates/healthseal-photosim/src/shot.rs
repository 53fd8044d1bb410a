//! Taking a photo: the settings, the result, and what can be wrong with the request.

use image::{GrayImage, RgbImage};

use crate::code::CodeImage;
use crate::condition::{Condition, Severity};
use crate::geometry::Quad;
use crate::noise::{Rng, Stream};
use crate::staging;

/// Smallest code image accepted: a version 1 QR code at one pixel per module, no quiet zone.
pub const MIN_CODE_SIDE: u32 = 21;
/// Largest code image accepted, per side: keeps preparation (blurring it) cheap.
pub const MAX_CODE_SIDE: u32 = 4096;
/// Smallest frame side.
pub const MIN_FRAME_SIDE: u32 = 64;
/// Largest frame side: 8192 x 8192 is already 800 MB of intermediate floats.
pub const MAX_FRAME_SIDE: u32 = 8192;

/// A photo to take: a condition, a seed, a severity and a frame size. Same settings and same
/// code images give the same bytes, on every run and every platform.
///
/// ```
/// use healthseal_photosim::{Condition, Severity, Shot};
/// use image::{GrayImage, Luma};
/// use qrcode::{Color, EcLevel, QrCode};
///
/// // A clean code image: 4 px per module, 4-module quiet zone, dark 0, light 255.
/// let code = QrCode::with_error_correction_level("HS1:EXAMPLE", EcLevel::M).unwrap();
/// let (n, colors) = (code.width() as u32, code.to_colors());
/// let clean = GrayImage::from_fn((n + 8) * 4, (n + 8) * 4, |x, y| {
///     let (mx, my) = ((x / 4).wrapping_sub(4), (y / 4).wrapping_sub(4));
///     let dark = mx < n && my < n && colors[(my * n + mx) as usize] == Color::Dark;
///     Luma([if dark { 0 } else { 255 }])
/// });
///
/// let photo = Shot::new(Condition::Paper, 7).severity(Severity::MILD).frame(640, 480).render(&[&clean])?;
/// assert_eq!(photo.image.dimensions(), (640, 480));
/// let quad = photo.placements[0];
/// assert!(quad.area() > 10_000.0);
/// # Ok::<(), healthseal_photosim::PhotoError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shot {
    condition: Condition,
    seed: u64,
    severity: Severity,
    frame: (u32, u32),
}

/// A rendered photo and where each code is in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// The frame, 8-bit sRGB-like colour.
    pub image: RgbImage,
    /// For each code image given, in order, where its corners are in the frame.
    pub placements: Vec<Quad>,
}

/// Why a photo could not be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PhotoError {
    /// The condition photographs a different number of codes.
    #[error("condition {condition} photographs {expected} code image(s), {given} given")]
    CodeCount {
        /// The condition.
        condition: Condition,
        /// How many it takes ([`Condition::codes`]).
        expected: usize,
        /// How many were given.
        given: usize,
    },
    /// A code image is too small or too large.
    #[error(
        "code image {index} is {width}x{height}; each side must be within {MIN_CODE_SIDE}..={MAX_CODE_SIDE}"
    )]
    CodeSize {
        /// Its position among those given.
        index: usize,
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// The frame is too small or too large.
    #[error("frame {width}x{height} is out of range; each side must be within {MIN_FRAME_SIDE}..={MAX_FRAME_SIDE}")]
    FrameSize {
        /// Requested width.
        width: u32,
        /// Requested height.
        height: u32,
    },
}

impl Shot {
    /// A photo under `condition` drawn from `seed`, at [`Severity::MODERATE`], in the
    /// condition's [default frame](Condition::default_frame).
    pub fn new(condition: Condition, seed: u64) -> Self {
        Self { condition, seed, severity: Severity::default(), frame: condition.default_frame() }
    }

    /// Sets how strongly the condition applies.
    pub fn severity(self, severity: Severity) -> Self {
        Self { severity, ..self }
    }

    /// Sets the frame size in pixels.
    pub fn frame(self, width: u32, height: u32) -> Self {
        Self { frame: (width, height), ..self }
    }

    /// Renders the photo of `codes`: clean code images (dark modules 0, light 255, quiet zone
    /// included), as many as [`Condition::codes`] says. The module size is measured on the
    /// top-left finder pattern, so the code appears at a realistic size in modules.
    pub fn render(&self, codes: &[&GrayImage]) -> Result<Photo, PhotoError> {
        let (width, height) = self.frame;
        let frame_range = MIN_FRAME_SIDE..=MAX_FRAME_SIDE;
        if !frame_range.contains(&width) || !frame_range.contains(&height) {
            return Err(PhotoError::FrameSize { width, height });
        }
        if codes.len() != self.condition.codes() {
            return Err(PhotoError::CodeCount {
                condition: self.condition,
                expected: self.condition.codes(),
                given: codes.len(),
            });
        }
        let code_range = MIN_CODE_SIDE..=MAX_CODE_SIDE;
        for (index, code) in codes.iter().enumerate() {
            let (w, h) = code.dimensions();
            if !code_range.contains(&w) || !code_range.contains(&h) {
                return Err(PhotoError::CodeSize { index, width: w, height: h });
            }
        }
        let prepared: Vec<CodeImage> = codes.iter().map(|c| CodeImage::new(c)).collect();
        let scene = staging::stage(self.condition, self.severity.value(), self.frame, &prepared, self.seed);
        let mut placements = vec![None; codes.len()];
        for surface in &scene.surfaces {
            if let (Some(print), Some(quad)) = (surface.print, surface.placement(&scene.codes)) {
                placements[print.code] = Some(quad);
            }
        }
        let image = scene.render(&mut Rng::new(self.seed, Stream::Sensor));
        Ok(Photo { image, placements: placements.into_iter().flatten().collect() })
    }
}
