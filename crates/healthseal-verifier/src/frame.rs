//! Camera images to grey frames, with limits checked before the decoder allocates pixels.
//!
//! A checkpoint decodes whatever it is handed, so an image is refused on its byte length, then on
//! the width and height its header declares, before a pixel buffer exists: a small file that
//! declares 100 000 x 100 000 pixels (a decompression bomb) costs a header read, not 10 GB.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use thiserror::Error;

/// Largest encoded image accepted, in bytes. A 12-megapixel phone JPEG is 3 to 8 MiB and a
/// lossless PNG of the same photo under 40 MiB; anything larger is not a photo of a code.
pub const MAX_IMAGE_BYTES: usize = 64 * 1024 * 1024;

/// Largest width or height accepted, in pixels: above the 8192 px of a 50-megapixel sensor. A
/// narrower, very long image is no camera frame, and it would defeat the pixel budget's purpose of
/// bounding every per-row and per-column buffer too.
pub const MAX_IMAGE_SIDE: u32 = 10_000;

/// Largest number of pixels accepted: 40 megapixels, more than a phone camera's full-resolution
/// photo (12 to 24 MP), and 160 MB of RGBA, which a checkpoint device can afford once.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// Largest buffer the decoder may hold at once: the pixel budget at 8 bytes a pixel (16-bit
/// RGBA, the widest layout a PNG can declare), so that any image within the pixel budget decodes
/// and nothing larger is ever allocated.
const MAX_DECODE_ALLOC: u64 = MAX_IMAGE_PIXELS * 8;

/// Why bytes did not give a frame.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ImageError {
    /// No bytes at all.
    #[error("the image is empty (0 bytes)")]
    Empty,
    /// More bytes than [`MAX_IMAGE_BYTES`].
    #[error("the image is {len} bytes, more than the {max} allowed")]
    TooManyBytes {
        /// Bytes offered.
        len: usize,
        /// [`MAX_IMAGE_BYTES`].
        max: usize,
    },
    /// The bytes do not start like any image format known here.
    #[error("not an image: no PNG, JPEG, GIF, BMP or WebP signature at the start")]
    NotAnImage,
    /// A known image format, but not one a checkpoint decodes.
    #[error("{format} images are not supported; use PNG, JPEG, GIF, BMP or WebP")]
    UnsupportedFormat {
        /// The format recognised (its usual file extension).
        format: String,
    },
    /// The header declares more pixels than a checkpoint decodes.
    #[error(
        "the image is {width}x{height} pixels, more than the {max_side} px a side and {max_pixels} pixels allowed"
    )]
    TooLarge {
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
        /// [`MAX_IMAGE_SIDE`].
        max_side: u32,
        /// [`MAX_IMAGE_PIXELS`].
        max_pixels: u64,
    },
    /// Raw pixels whose byte count does not match the width and height given with them.
    #[error("a {width}x{height} frame of {bytes_per_pixel} bytes a pixel needs {expected} bytes, not {len}")]
    PixelCount {
        /// Width given.
        width: u32,
        /// Height given.
        height: u32,
        /// Bytes a pixel in the layout given (1 grey, 4 RGBA).
        bytes_per_pixel: u32,
        /// Bytes the frame needs.
        expected: u64,
        /// Bytes given.
        len: usize,
    },
    /// The image is damaged or truncated.
    #[error("the {format} image is damaged: {reason}")]
    Corrupt {
        /// The format (its usual file extension).
        format: String,
        /// What the decoder reported.
        reason: String,
    },
}

/// Decodes an encoded image (PNG, JPEG, GIF, BMP or WebP, recognised by its first bytes, never by
/// a name) into a grey frame for [`read_qr_codes`](crate::read_qr_codes).
///
/// Limits are checked before pixels are allocated: [`MAX_IMAGE_BYTES`], then [`MAX_IMAGE_SIDE`]
/// and [`MAX_IMAGE_PIXELS`] against the dimensions the header declares. Transparent pixels are
/// laid on white, as a code on a transparent background is meant to be seen; an animated image
/// gives its first frame.
///
/// ```
/// use healthseal_verifier::{decode_frame, ImageError};
///
/// // A 2x1 grey PNG.
/// let mut png = Vec::new();
/// image::GrayImage::from_raw(2, 1, vec![0, 255]).unwrap()
///     .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
/// let frame = decode_frame(&png)?;
/// assert_eq!((frame.width(), frame.height()), (2, 1));
///
/// assert_eq!(decode_frame(b"HS1:not an image"), Err(ImageError::NotAnImage));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode_frame(bytes: &[u8]) -> Result<GrayImage, ImageError> {
    // The image decoders are third-party code fed whatever the camera or a file holds: a panic in
    // one is reported as a corrupt image, never allowed to end the checkpoint.
    std::panic::catch_unwind(|| decode_checked(bytes)).unwrap_or_else(|_| {
        Err(ImageError::Corrupt {
            format: String::from("image"),
            reason: String::from("the decoder failed on it"),
        })
    })
}

fn decode_checked(bytes: &[u8]) -> Result<GrayImage, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooManyBytes { len: bytes.len(), max: MAX_IMAGE_BYTES });
    }
    let format = image::guess_format(bytes).map_err(|_| ImageError::NotAnImage)?;
    let name = format_name(format);
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::Bmp | ImageFormat::WebP
    ) {
        return Err(ImageError::UnsupportedFormat { format: name });
    }
    let corrupt = |e: image::ImageError| ImageError::Corrupt { format: name.clone(), reason: e.to_string() };

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    // The decoder reads the header only; the pixel buffer is allocated by `from_decoder`.
    let decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_large_from_header(bytes, format),
        image::ImageError::Unsupported(_) => ImageError::UnsupportedFormat { format: name.clone() },
        other => corrupt(other),
    })?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height)?;
    if decoder.total_bytes() > MAX_DECODE_ALLOC {
        return Err(too_large(width, height));
    }
    let image = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(width, height),
        other => corrupt(other),
    })?;
    Ok(to_grey(image))
}

/// The dimensions a header declares, when the decoder refused them before reporting them.
fn too_large_from_header(bytes: &[u8], format: ImageFormat) -> ImageError {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.no_limits();
    match reader.into_dimensions() {
        Ok((width, height)) => too_large(width, height),
        Err(_) => too_large(0, 0),
    }
}

pub(crate) fn check_dimensions(width: u32, height: u32) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(ImageError::Corrupt {
            format: String::from("image"),
            reason: format!("it declares {width}x{height} pixels"),
        });
    }
    if width > MAX_IMAGE_SIDE
        || height > MAX_IMAGE_SIDE
        || u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS
    {
        return Err(too_large(width, height));
    }
    Ok(())
}

fn too_large(width: u32, height: u32) -> ImageError {
    ImageError::TooLarge { width, height, max_side: MAX_IMAGE_SIDE, max_pixels: MAX_IMAGE_PIXELS }
}

fn format_name(format: ImageFormat) -> String {
    format.extensions_str().first().map_or_else(|| format!("{format:?}").to_lowercase(), |e| (*e).to_owned())
}

impl ImageError {
    /// A stable snake_case code for programs (`unreadable_image` reasons in the CLI's JSON and
    /// the checkpoint app).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooManyBytes { .. } => "too_many_bytes",
            Self::NotAnImage => "not_an_image",
            Self::UnsupportedFormat { .. } => "unsupported_format",
            Self::TooLarge { .. } => "too_large",
            Self::PixelCount { .. } => "pixel_count",
            Self::Corrupt { .. } => "corrupt",
        }
    }
}

/// Luma, with any transparency laid on white.
fn to_grey(image: DynamicImage) -> GrayImage {
    if !image.color().has_alpha() {
        return image.into_luma8();
    }
    let grey_alpha = image.into_luma_alpha8();
    let (width, height) = grey_alpha.dimensions();
    let pixels = grey_alpha
        .pixels()
        .map(|p| {
            let [luma, alpha] = p.0;
            let (luma, alpha) = (u32::from(luma), u32::from(alpha));
            // luma over white: (l*a + 255*(255-a)) / 255, rounded; always within 0..=255.
            u8::try_from((luma * alpha + 255 * (255 - alpha) + 127) / 255).unwrap_or(u8::MAX)
        })
        .collect();
    GrayImage::from_raw(width, height, pixels).unwrap_or_else(|| GrayImage::new(width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        GrayImage::new(width, height).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    /// A PNG whose IHDR declares `width`x`height`, with a valid CRC, and no pixel data.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&width.to_be_bytes());
        bytes[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for byte in data {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn a_declared_bomb_is_refused_from_its_header() {
        assert_eq!(
            decode_frame(&png_header(100_000, 100_000)),
            Err(ImageError::TooLarge {
                width: 100_000,
                height: 100_000,
                max_side: 10_000,
                max_pixels: 40_000_000
            })
        );
        // Within the side limit, above the pixel budget.
        assert!(matches!(
            decode_frame(&png_header(9_000, 9_000)),
            Err(ImageError::TooLarge { width: 9_000, height: 9_000, .. })
        ));
        // Within both limits, the header is fine and the missing pixel data is what fails.
        assert!(matches!(decode_frame(&png_header(4_000, 3_000)), Err(ImageError::Corrupt { .. })));
    }

    #[test]
    fn bytes_that_are_no_image_say_so() {
        assert_eq!(decode_frame(b""), Err(ImageError::Empty));
        assert_eq!(
            decode_frame(b"HS1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEPWK G2EP4J0B3KL"),
            Err(ImageError::NotAnImage)
        );
        let tiff = b"II*\0\x08\0\0\0\0\0\0\0\0\0\0\0";
        assert_eq!(decode_frame(tiff), Err(ImageError::UnsupportedFormat { format: "tiff".into() }));
        let mut truncated = png(64, 64);
        truncated.truncate(40);
        let err = decode_frame(&truncated).unwrap_err();
        assert!(matches!(&err, ImageError::Corrupt { format, .. } if format == "png"), "{err}");
    }

    #[test]
    fn transparency_is_laid_on_white() {
        let rgba = image::RgbaImage::from_raw(2, 1, vec![0, 0, 0, 0, 0, 0, 0, 255]).unwrap();
        let mut bytes = Vec::new();
        rgba.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        assert_eq!(decode_frame(&bytes).unwrap().into_raw(), vec![255, 0]);
    }
}
