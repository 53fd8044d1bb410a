//! Camera frames and image files to verdicts: what a checkpoint sees for a credential, a foreign
//! code, several codes, no code, and inputs meant to break it.

mod support;

use healthseal_core::{Timestamp, Verdict};
use healthseal_verifier::{
    decode_frame, read_qr_codes, trace_qr_codes, GrayImage, ImageError, QrPass, Scan, Verifier,
};
use proptest::prelude::*;
use support::{Code, Scene};

fn accepted_name(scan: &Scan) -> String {
    match scan {
        Scan::Credential(Verdict::Accepted(a)) => a.credential.name().to_string(),
        other => panic!("expected an accepted credential, got {other:?}"),
    }
}

fn encode(frame: &GrayImage, format: image::ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut out = std::io::Cursor::new(&mut bytes);
    match format {
        // These encoders take colour only.
        image::ImageFormat::Gif => {
            image::DynamicImage::ImageLuma8(frame.clone()).to_rgba8().write_to(&mut out, format)
        }
        image::ImageFormat::WebP => {
            image::DynamicImage::ImageLuma8(frame.clone()).to_rgb8().write_to(&mut out, format)
        }
        _ => frame.write_to(&mut out, format),
    }
    .unwrap();
    bytes
}

#[test]
fn a_credential_in_a_camera_frame_is_accepted_by_the_first_pass() {
    let (verifier, text) = support::province();
    let frame = support::frame_720p(&text);
    let scans = verifier.verify_frame(&frame, support::now());
    assert_eq!(scans.len(), 1);
    assert_eq!(accepted_name(&scans[0]), "Maximilian Oberhofer");
    // The cascade stops as soon as a credential is read: no fallback runs on a good frame.
    assert_eq!(trace_qr_codes(&frame).passes, vec![(QrPass::Full, 1)]);
}

#[test]
fn a_light_code_on_a_dark_screen_is_read() {
    let (verifier, text) = support::province();
    let frame =
        Scene::new(1280, 720, 11).with(Code { inverted: true, ..Code::new(&text, (500, 200), 5) }).render();
    let scans = verifier.verify_frame(&frame, support::now());
    assert_eq!(scans.len(), 1);
    assert_eq!(accepted_name(&scans[0]), "Maximilian Oberhofer");
    assert_eq!(trace_qr_codes(&frame).first_read_by(), Some(QrPass::Inverted));
}

#[test]
fn a_faint_code_is_read_by_the_low_contrast_pass() {
    let (verifier, text) = support::province();
    // Light and dark modules 40 apart of 255, before uneven lighting and noise.
    let frame = Scene::new(1280, 720, 7).contrast(40).with(Code::new(&text, (380, 160), 5)).render();
    let scans = verifier.verify_frame(&frame, support::now());
    assert_eq!(scans.len(), 1);
    assert_eq!(accepted_name(&scans[0]), "Maximilian Oberhofer");
    assert_eq!(trace_qr_codes(&frame).first_read_by(), Some(QrPass::LowContrast));
}

#[test]
fn every_code_in_a_frame_is_reported_and_foreign_codes_are_not_echoed() {
    let (verifier, text) = support::province();
    let url = "https://example.org/menu?table=12&session=9f8e7d6c5b4a";
    let frame = Scene::new(1280, 720, 5)
        .with(Code::new(url, (40, 100), 6))
        .with(Code::new(&text, (700, 180), 4))
        .render();
    let scans = verifier.verify_frame(&frame, support::now());
    assert_eq!(scans.len(), 2, "{scans:?}");
    // Left to right: the foreign code first.
    match &scans[0] {
        Scan::NotACredential(code) => {
            assert_eq!(code.preview(), "https://example.");
            assert_eq!(code.len(), url.len());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(accepted_name(&scans[1]), "Maximilian Oberhofer");
}

#[test]
fn a_frame_with_no_code_gives_no_scan() {
    let (verifier, _) = support::province();
    for seed in [100, 101] {
        let frame = Scene::new(1280, 720, seed).render();
        assert!(verifier.verify_frame(&frame, support::now()).is_empty());
        // Clutter is not evidence of a code: the costly passes do not run.
        let passes: Vec<QrPass> = trace_qr_codes(&frame).passes.iter().map(|(p, _)| *p).collect();
        assert_eq!(passes, [QrPass::Full, QrPass::Inverted, QrPass::SmallModules, QrPass::LowContrast]);
    }
}

#[test]
fn a_genuine_but_expired_credential_is_a_rejection_not_an_error() {
    let (verifier, text) = support::province();
    let frame = support::frame_720p(&text);
    let later = Timestamp::from_unix(support::now().unix() + 4 * 86_400).unwrap();
    match verifier.verify_frame(&frame, later).as_slice() {
        [Scan::Credential(Verdict::Rejected(r))] => {
            assert!(r.credential.is_some(), "the signature held, so the credential is shown");
            assert_eq!(r.reason.code(), "expired", "{}", r.reason);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn png_jpeg_gif_bmp_and_webp_files_give_the_same_verdict() {
    let (verifier, text) = support::province();
    let frame = Scene::new(800, 600, 3).with(Code::new(&text, (200, 120), 5)).render();
    for format in [
        image::ImageFormat::Png,
        image::ImageFormat::Jpeg,
        image::ImageFormat::Gif,
        image::ImageFormat::Bmp,
        image::ImageFormat::WebP,
    ] {
        let bytes = encode(&frame, format);
        let scans = verifier.verify_image(&bytes, support::now()).unwrap();
        assert_eq!(scans.len(), 1, "{format:?}");
        assert_eq!(accepted_name(&scans[0]), "Maximilian Oberhofer", "{format:?}");
    }
}

#[test]
fn bytes_that_are_not_a_usable_image_are_typed_errors() {
    let (verifier, text) = support::province();
    let now = support::now();
    assert_eq!(verifier.verify_image(b"", now).unwrap_err(), ImageError::Empty);
    assert_eq!(verifier.verify_image(text.as_bytes(), now).unwrap_err(), ImageError::NotAnImage);
    let mut png = encode(&support::frame_720p(&text), image::ImageFormat::Png);
    png.truncate(png.len() / 2);
    assert!(matches!(verifier.verify_image(&png, now), Err(ImageError::Corrupt { .. })));
    let message =
        ImageError::TooLarge { width: 20_000, height: 20_000, max_side: 10_000, max_pixels: 40_000_000 }
            .to_string();
    assert_eq!(
        message,
        "the image is 20000x20000 pixels, more than the 10000 px a side and 40000000 pixels allowed"
    );
}

#[test]
fn degenerate_frames_read_nothing_and_do_not_panic() {
    let frames = [
        GrayImage::new(0, 0),
        GrayImage::new(1, 1),
        GrayImage::new(39, 39),
        GrayImage::new(3000, 1),
        GrayImage::from_pixel(40, 40, image::Luma([255])),
        // Finder patterns (dark 3x3 centre, light ring, dark ring, at 4 px a module) everywhere, 300
        // of them: the work stays bounded.
        GrayImage::from_fn(640, 480, |x, y| {
            let (dx, dy) = ((x % 32) as i32 - 16, (y % 32) as i32 - 16);
            let d = dx.abs().max(dy.abs());
            image::Luma([if d < 6 || (10..14).contains(&d) { 0 } else { 255 }])
        }),
    ];
    for frame in &frames {
        let _ = read_qr_codes(frame);
    }
    assert!(read_qr_codes(&frames[0]).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// No frame panics the reader: arbitrary sizes and pixels, including blocky patterns that
    /// look like finder patterns to a detector.
    #[test]
    fn arbitrary_frames_never_panic(width in 0u32..96, height in 0u32..96, seed in any::<u64>(), blocky in any::<bool>()) {
        let frame = GrayImage::from_fn(width, height, |x, y| {
            let (x, y) = if blocky { (x / 3, y / 3) } else { (x, y) };
            let h = ((u64::from(x) * 0x9E37_79B9) ^ (u64::from(y) * 0x85EB_CA6B) ^ seed).wrapping_mul(0xC2B2_AE35);
            image::Luma([if blocky { if h >> 40 & 1 == 1 { 0 } else { 255 } } else { (h >> 32) as u8 }])
        });
        let _ = read_qr_codes(&frame);
    }

    /// No byte string panics the image decoder or the reader behind it.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), header in 0usize..5) {
        let signatures: [&[u8]; 5] = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF89a", b"BM", b"RIFF\0\0\0\0WEBPVP8 "];
        let mut input = signatures[header].to_vec();
        input.extend(bytes);
        if let Ok(frame) = decode_frame(&input) {
            let _ = read_qr_codes(&frame);
        }
    }
}

/// Verifying twice gives the same result: the verifier keeps nothing between frames.
#[test]
fn verifying_keeps_no_state_between_frames() {
    let (verifier, text) = support::province();
    let frame = support::frame_720p(&text);
    let first = format!("{:?}", verifier.verify_frame(&frame, support::now()));
    let _ = verifier.verify_frame(&Scene::new(1280, 720, 100).render(), support::now());
    assert_eq!(format!("{:?}", verifier.verify_frame(&frame, support::now())), first);
    let _: &Verifier = &verifier;
}
