//! Writes the seeds that need code to make: the COSE bytes of every fixture credential and vector
//! (for the `cose` target), and each fixture credential drawn as a QR code, as a small PNG (for
//! the `image` target) and as a raw `qr_frame` input (2-byte width, then grey pixels), and one
//! code in each other image format and PNG colour type `decode_frame` reads.
//!
//! Usage: `cargo run --example seeds -- <corpus folder>` (fuzz/seed.sh runs it). Deterministic.

use std::path::Path;

use healthseal_fuzz::CREDENTIALS;
use image::{DynamicImage, GrayImage, ImageFormat, Luma};
use qrcode::{Color, EcLevel, QrCode};

/// The QR frame target's largest side.
const MAX_SIDE: u32 = 256;

/// The code drawn at `scale` pixels a module with a 4-module quiet zone, dark 30 on light 220.
fn draw(code: &QrCode, scale: u32, inverted: bool) -> GrayImage {
    let n = u32::try_from(code.width()).expect("a QR code is at most 177 modules");
    let colours = code.to_colors();
    let side = (n + 8) * scale;
    GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
        let inside = mx < n && my < n;
        let dark =
            inside && colours.get(usize::try_from(my * n + mx).unwrap_or(usize::MAX)) == Some(&Color::Dark);
        Luma([if dark != inverted { 30 } else { 220 }])
    })
}

fn frame_input(frame: &GrayImage) -> Vec<u8> {
    // qr_frame reads width as (u16 % 256) + 1.
    let width = u16::try_from(frame.width() - 1).expect("seed frames are at most 256 px wide");
    let mut bytes = width.to_le_bytes().to_vec();
    bytes.extend_from_slice(frame.as_raw());
    bytes
}

fn main() {
    let corpus = std::env::args().nth(1).expect("usage: seeds <corpus folder>");
    let corpus = Path::new(&corpus);
    let (image_dir, frame_dir, cose_dir) =
        (corpus.join("image"), corpus.join("qr_frame"), corpus.join("cose"));
    for dir in [&image_dir, &frame_dir, &cose_dir] {
        std::fs::create_dir_all(dir).expect("create a corpus folder");
    }

    let mut written = 0;
    // Every credential text among the fixtures that is base45 at all, as COSE bytes.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    for folder in ["credentials", "vectors"] {
        let mut files: Vec<_> = std::fs::read_dir(fixtures.join(folder))
            .expect("read a fixtures folder")
            .map(|e| e.expect("list a fixtures folder").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).expect("read a fixture");
            let last = text.lines().last().unwrap_or_default().trim();
            if let Ok(bytes) = healthseal_core::decode_text(last) {
                let stem = path.file_stem().expect("a file name").to_string_lossy();
                std::fs::write(cose_dir.join(format!("{folder}-{stem}.cose")), bytes)
                    .expect("write COSE seed");
                written += 1;
            }
        }
    }
    for (i, text) in CREDENTIALS.iter().enumerate() {
        let text = text.trim();
        for (level, name) in [(EcLevel::L, "l"), (EcLevel::M, "m")] {
            let code = QrCode::with_error_correction_level(text.as_bytes(), level)
                .expect("a credential fits a QR code");
            for inverted in [false, true] {
                let polarity = if inverted { "inverted" } else { "plain" };
                // The largest whole module size that fits the frame target's 256 px.
                let n = u32::try_from(code.width()).expect("at most 177 modules");
                let scale = (MAX_SIDE / (n + 8)).max(1);
                let frame = draw(&code, scale, inverted);
                // A seed is only worth having if the checkpoint reads it.
                assert_eq!(
                    healthseal_verifier::read_qr_codes(&frame),
                    [text],
                    "seed frame {i}-{name}-{polarity}"
                );
                if frame.width() <= MAX_SIDE {
                    let path = frame_dir.join(format!("credential{i}-{name}-{polarity}.frame"));
                    std::fs::write(path, frame_input(&frame)).expect("write frame seed");
                    written += 1;
                }
                let mut png = Vec::new();
                frame.write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png).expect("encode PNG");
                std::fs::write(image_dir.join(format!("credential{i}-{name}-{polarity}.png")), png)
                    .expect("write PNG seed");
                written += 1;
            }
        }
    }
    // A tiny code that is not a credential, and a blank frame.
    let code = QrCode::new(b"https://example.invalid/").expect("a short URL fits");
    let frame = draw(&code, 2, false);
    std::fs::write(frame_dir.join("url.frame"), frame_input(&frame)).expect("write frame seed");
    let blank = GrayImage::from_pixel(64, 48, Luma([200]));
    std::fs::write(frame_dir.join("blank.frame"), frame_input(&blank)).expect("write frame seed");
    written += 2;

    // The first credential in every other format decode_frame takes, and in the PNG colour
    // types with alpha or 16 bits, so that each decoder and the alpha path start covered.
    let code = QrCode::with_error_correction_level(CREDENTIALS[0].trim().as_bytes(), EcLevel::L)
        .expect("a credential fits a QR code");
    let grey = DynamicImage::ImageLuma8(draw(&code, 2, false));
    let variants = [
        ("gif", ImageFormat::Gif, DynamicImage::ImageRgba8(grey.to_rgba8())),
        ("bmp", ImageFormat::Bmp, DynamicImage::ImageRgb8(grey.to_rgb8())),
        ("webp", ImageFormat::WebP, DynamicImage::ImageRgba8(grey.to_rgba8())),
        ("jpg", ImageFormat::Jpeg, grey.clone()),
        ("la8.png", ImageFormat::Png, DynamicImage::ImageLumaA8(grey.to_luma_alpha8())),
        ("rgba16.png", ImageFormat::Png, DynamicImage::ImageRgba16(grey.to_rgba16())),
    ];
    for (name, format, image) in variants {
        let mut bytes = Vec::new();
        image.write_to(&mut std::io::Cursor::new(&mut bytes), format).expect("encode a seed image");
        let frame = healthseal_verifier::decode_frame(&bytes).expect("a seed image decodes");
        assert_eq!(healthseal_verifier::read_qr_codes(&frame), [CREDENTIALS[0].trim()], "seed {name}");
        std::fs::write(image_dir.join(format!("credential0-small.{name}")), bytes).expect("write image seed");
        written += 1;
    }
    eprintln!("seeds: wrote {written} generated seeds under {}", corpus.display());
}
