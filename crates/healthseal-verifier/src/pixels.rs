//! Raw camera pixels to grey frames: what a browser's canvas or a camera driver hands over
//! (RGBA, or one grey byte a pixel), checked against the same limits as encoded images.

use image::GrayImage;

use crate::frame::{check_dimensions, ImageError};

/// Luma weights of ITU-R BT.709 in 1/256ths (summing to 256), within one grey level of the
/// `image` crate's conversion of encoded images: a power of two, so that the per-pixel division
/// is a shift, and small enough for 16-bit lanes, so that the loop (which runs on every camera
/// frame) vectorises eight pixels at a time.
const LUMA_WEIGHTS: [u16; 3] = [54, 183, 19];

/// A grey frame from RGBA pixels (4 bytes a pixel, row by row, as `ImageData` holds them);
/// transparency is laid on white, as for encoded images.
///
/// The width and height are checked against [`MAX_IMAGE_SIDE`](crate::MAX_IMAGE_SIDE) and
/// [`MAX_IMAGE_PIXELS`](crate::MAX_IMAGE_PIXELS), and the byte count against them.
///
/// ```
/// use healthseal_verifier::{frame_from_rgba, ImageError};
///
/// let frame = frame_from_rgba(&[255, 255, 255, 255, 0, 0, 0, 255], 2, 1)?;
/// assert_eq!(frame.as_raw(), &[255, 0]);
/// assert!(matches!(frame_from_rgba(&[0; 7], 2, 1), Err(ImageError::PixelCount { .. })));
/// # Ok::<(), ImageError>(())
/// ```
pub fn frame_from_rgba(rgba: &[u8], width: u32, height: u32) -> Result<GrayImage, ImageError> {
    check_pixels(rgba.len(), width, height, 4)?;
    let (pixels, _) = rgba.as_chunks::<4>();
    let mut grey = vec![0u8; pixels.len()];
    // At most 256 * 255 + 128 = 65408: no 16-bit overflow.
    let luma = |[r, g, b, _]: [u8; 4]| {
        (LUMA_WEIGHTS[0] * u16::from(r)
            + LUMA_WEIGHTS[1] * u16::from(g)
            + LUMA_WEIGHTS[2] * u16::from(b)
            + 128)
            >> 8
    };
    // Camera frames are opaque: one branch-free pass over fixed-size pixels, which the compiler
    // vectorises, notes whether every pixel was; only a frame with transparency takes a second
    // pass. The largest value, 65408 >> 8, is 255, so the narrowing cast keeps every bit.
    let mut opaque = u8::MAX;
    for (out, p) in grey.iter_mut().zip(pixels) {
        *out = luma(*p) as u8;
        opaque &= p[3];
    }
    if opaque != u8::MAX {
        for (out, p) in grey.iter_mut().zip(pixels) {
            let (luma, alpha) = (u32::from(*out), u32::from(p[3]));
            // luma over white: (l*a + 255*(255-a)) / 255, rounded; always within 0..=255.
            *out = ((luma * alpha + 255 * (255 - alpha) + 127) / 255) as u8;
        }
    }
    GrayImage::from_raw(width, height, grey).ok_or(ImageError::Empty)
}

/// A grey frame from grey pixels (1 byte a pixel, row by row), with the checks of
/// [`frame_from_rgba`].
///
/// ```
/// use healthseal_verifier::frame_from_grey;
/// assert_eq!(frame_from_grey(vec![0, 255], 2, 1)?.width(), 2);
/// assert!(frame_from_grey(vec![0; 3], 2, 1).is_err());
/// # Ok::<(), healthseal_verifier::ImageError>(())
/// ```
pub fn frame_from_grey(grey: Vec<u8>, width: u32, height: u32) -> Result<GrayImage, ImageError> {
    check_pixels(grey.len(), width, height, 1)?;
    GrayImage::from_raw(width, height, grey).ok_or(ImageError::Empty)
}

fn check_pixels(len: usize, width: u32, height: u32, bytes_per_pixel: u32) -> Result<(), ImageError> {
    check_dimensions(width, height)?;
    let expected = u64::from(width) * u64::from(height) * u64::from(bytes_per_pixel);
    if u64::try_from(len).ok() != Some(expected) {
        return Err(ImageError::PixelCount { width, height, bytes_per_pixel, expected, len });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgba_gives_the_grey_of_the_image_crate() {
        let rgba: Vec<u8> =
            (0..=255u8).flat_map(|v| [v, v.wrapping_mul(7), v.wrapping_mul(13), 255]).collect();
        let ours = frame_from_rgba(&rgba, 16, 16).unwrap();
        let theirs =
            image::DynamicImage::ImageRgba8(image::RgbaImage::from_raw(16, 16, rgba).unwrap()).into_luma8();
        let most_apart = ours.pixels().zip(theirs.pixels()).map(|(a, b)| a.0[0].abs_diff(b.0[0])).max();
        assert!(most_apart <= Some(1), "{most_apart:?}");
    }

    #[test]
    fn transparency_is_laid_on_white() {
        assert_eq!(frame_from_rgba(&[0, 0, 0, 0], 1, 1).unwrap().as_raw(), &[255]);
        assert_eq!(frame_from_rgba(&[0, 0, 0, 128], 1, 1).unwrap().as_raw(), &[127]);
    }

    #[test]
    fn sizes_are_checked_before_anything_is_allocated() {
        assert!(matches!(frame_from_rgba(&[], 0, 1), Err(ImageError::Corrupt { .. })));
        assert!(matches!(frame_from_rgba(&[0; 4], 100_000, 1), Err(ImageError::TooLarge { .. })));
        assert!(matches!(
            frame_from_rgba(&[0; 4], 2, 1),
            Err(ImageError::PixelCount { expected: 8, len: 4, .. })
        ));
    }
}
