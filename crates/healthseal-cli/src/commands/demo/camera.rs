//! The camera: a photo of each code under one condition, as a checkpoint camera would take it.

use healthseal_issuer::qr::{QrSymbol, DEFAULT_EC_LEVEL};
use healthseal_photosim::{Condition, Severity, Shot};
use image::codecs::jpeg::JpegEncoder;
use image::GrayImage;

/// Pixels per module of the clean code before it is photographed (the PNG files use the same).
pub const MODULE_PX: u32 = 6;

/// JPEG quality of the photos: what a phone camera app or a checkpoint's frame grabber keeps.
const JPEG_QUALITY: u8 = 85;

/// For the noisy photo: sensor noise does not compress.
const NOISY_JPEG_QUALITY: u8 = 70;

/// How hard each condition is: mild, so that every photo reads whatever codes the clock makes
/// (at moderate severity a few seeds in a hundred defeat even a good decoder; the fixtures
/// and the verifier's tests cover the hard cases).
const SEVERITY: Severity = Severity::MILD;

/// One photo to take.
pub struct Request<'a> {
    pub condition: Condition,
    pub seed: u64,
    /// The credential texts shown (as many as the condition takes).
    pub texts: Vec<&'a str>,
}

/// Takes every photo, spread over the machine's cores; each as JPEG bytes, in order.
pub fn shoot(requests: &[Request<'_>]) -> Result<Vec<Vec<u8>>, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, requests.len().max(1));
    let mut results: Vec<Option<Result<Vec<u8>, String>>> = (0..requests.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let chunk = requests.len().div_ceil(threads).max(1);
        let workers: Vec<_> = requests
            .chunks(chunk)
            .zip(results.chunks_mut(chunk))
            .map(|(jobs, out)| {
                scope.spawn(move || {
                    for (job, slot) in jobs.iter().zip(out) {
                        *slot = Some(photo(job));
                    }
                })
            })
            .collect();
        for worker in workers {
            // A panic in a worker is a bug: pass it on as it is.
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    results.into_iter().map(|r| r.unwrap_or_else(|| Err("photo not taken".into()))).collect()
}

fn photo(request: &Request<'_>) -> Result<Vec<u8>, String> {
    let codes = request.texts.iter().map(|t| clean(t)).collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&GrayImage> = codes.iter().collect();
    let shot = Shot::new(request.condition, request.seed).severity(SEVERITY);
    let photo = shot.render(&refs).map_err(|e| e.to_string())?;
    let quality = if request.condition == Condition::Noise { NOISY_JPEG_QUALITY } else { JPEG_QUALITY };
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, quality)
        .encode_image(&photo.image)
        .map_err(|e| e.to_string())?;
    Ok(jpeg)
}

/// The clean code image: dark 0, light 255, quiet zone included.
fn clean(text: &str) -> Result<GrayImage, String> {
    let symbol = QrSymbol::encode(text, DEFAULT_EC_LEVEL).map_err(|e| e.to_string())?;
    let (side, pixels) = symbol.to_luma(MODULE_PX);
    GrayImage::from_raw(side, side, pixels).ok_or_else(|| "QR image of the wrong size".to_owned())
}
