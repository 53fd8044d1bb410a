//! Which QR error-correction level should a credential use? Measured, not assumed:
//! `cargo run --release -p healthseal-issuer --example ecc_choice`.
//!
//! A typical credential (240 characters) is drawn at each level L, M, Q, H. The printed or
//! displayed size is the same whatever the level (a card prints 48 mm, a phone shows the code
//! full width), so a higher level means more, smaller modules. Each is photographed by
//! healthseal-photosim under every single-code condition at four severities and two camera
//! resolutions, saved as JPEG, and read by the checkpoint's reader (healthseal-verifier).
//! `small_in_large` is left out of the totals: it sizes the code by module count, which would
//! favour the larger symbols of higher levels.

use std::time::Duration;

use healthseal_core::{KeyInfo, Role, SigningKey, Status, Timestamp};
use healthseal_issuer::qr::{level_letter, QrSymbol, LEVELS};
use healthseal_issuer::{IssueRequest, Issuer};
use healthseal_photosim::{Condition, Severity, Shot};
use rand_chacha::rand_core::SeedableRng;

const SEEDS: u64 = 6;
const SEVERITIES: [f64; 4] = [0.25, 0.5, 0.75, 1.0];
const FRAMES: [(u32, u32); 2] = [(640, 480), (400, 300)];
/// Side of the clean code image, whatever the level: the same print or screen size.
const CODE_SIDE_PX: u32 = 480;

const STAIN_SEEDS: u64 = 20;
const STAIN_SHARES: [f64; 4] = [0.02, 0.04, 0.06, 0.08];

/// A mid-grey square stain covering `share` of the symbol's area, somewhere in the data region
/// (the three finder corners are spared: a stain there defeats every level alike).
fn stain(clean: &image::GrayImage, share: f64, seed: u64) -> image::GrayImage {
    use rand_chacha::rand_core::RngCore;
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1000 + seed);
    let mut out = clean.clone();
    let n = f64::from(clean.width());
    let quiet = n * 4.0 / 61.0;
    let symbol = n - 2.0 * quiet;
    let side = (share * symbol * symbol).sqrt();
    let finder = symbol * 9.0 / 53.0;
    let span = symbol - 2.0 * finder - side;
    let x0 = quiet + finder + (rng.next_u32() as f64 / f64::from(u32::MAX)) * span.max(0.0);
    let y0 = quiet + finder + (rng.next_u32() as f64 / f64::from(u32::MAX)) * span.max(0.0);
    for y in y0 as u32..(y0 + side) as u32 {
        for x in x0 as u32..(x0 + side) as u32 {
            out.put_pixel(x.min(out.width() - 1), y.min(out.height() - 1), image::Luma([128]));
        }
    }
    out
}

fn main() {
    let info =
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
    let issuer = Issuer::new(SigningKey::from_seed([4; 32]), &info, None).unwrap();
    let request = IssueRequest {
        name: "Maximilian Oberhofer".into(),
        birth_date: "1987-06-15".into(),
        status: Status::Green,
        valid_for: Duration::from_secs(72 * 3600),
        not_before: None,
        basis: None,
    };
    let now = Timestamp::parse_rfc3339("2026-11-25T09:00:00Z").unwrap();
    let text =
        issuer.issue(request, now, &mut rand_chacha::ChaCha20Rng::seed_from_u64(1)).unwrap().into_text();
    let conditions: Vec<Condition> =
        Condition::ALL.into_iter().filter(|c| c.codes() == 1 && *c != Condition::SmallInLarge).collect();

    println!("credential: {} characters; code image {CODE_SIDE_PX} px for every level", text.len());
    println!(
        "{} conditions x {} severities x {} frames x {SEEDS} seeds per level\n",
        conditions.len(),
        SEVERITIES.len(),
        FRAMES.len()
    );
    print!("{:<6}{:>8}", "level", "version");
    for s in SEVERITIES {
        print!("{:>12}", format!("sev {s}"));
    }
    println!("{:>10}", "total");
    let mut per_condition = Vec::new();
    for (_, level) in LEVELS {
        let symbol = QrSymbol::encode(&text, level).unwrap();
        let module_px = (CODE_SIDE_PX as usize / symbol.width_with_quiet_zone()).max(1) as u32;
        let (side, pixels) = symbol.to_luma(module_px);
        let clean = image::GrayImage::from_raw(side, side, pixels).unwrap();
        let clean =
            image::imageops::resize(&clean, CODE_SIDE_PX, CODE_SIDE_PX, image::imageops::FilterType::Nearest);
        let mut by_severity = Vec::new();
        let mut by_condition = vec![(0u32, 0u32); conditions.len()];
        for severity in SEVERITIES {
            let (mut read, mut total) = (0, 0);
            for (ci, &condition) in conditions.iter().enumerate() {
                for (w, h) in FRAMES {
                    for seed in 0..SEEDS {
                        let shot =
                            Shot::new(condition, seed).severity(Severity::new(severity).unwrap()).frame(w, h);
                        let photo = shot.render(&[&clean]).unwrap();
                        let mut jpeg = Vec::new();
                        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
                            .encode_image(&photo.image)
                            .unwrap();
                        let frame = healthseal_verifier::decode_frame(&jpeg).unwrap();
                        let ok = healthseal_verifier::read_qr_codes(&frame).contains(&text);
                        read += u32::from(ok);
                        total += 1;
                        by_condition[ci].0 += u32::from(ok);
                        by_condition[ci].1 += 1;
                    }
                }
            }
            by_severity.push((read, total));
        }
        let (read, total) = by_severity.iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        print!("{:<6}{:>8}", level_letter(level), symbol.version());
        for (r, t) in &by_severity {
            print!("{:>12}", format!("{r}/{t}"));
        }
        println!("{:>10}", format!("{read}/{total}"));
        per_condition.push((level_letter(level), by_condition));
    }
    // Damage the camera model does not draw: a stain, a fold or a thumb over part of a card.
    println!("\nstain over part of the code (mild rotation, 640x480, {STAIN_SEEDS} stains per cell):");
    print!("{:<6}", "level");
    for share in STAIN_SHARES {
        print!("{:>10}", format!("{:.0}%", share * 100.0));
    }
    println!();
    for (_, level) in LEVELS {
        let symbol = QrSymbol::encode(&text, level).unwrap();
        let module_px = (CODE_SIDE_PX as usize / symbol.width_with_quiet_zone()).max(1) as u32;
        let (side, pixels) = symbol.to_luma(module_px);
        let clean = image::GrayImage::from_raw(side, side, pixels).unwrap();
        let clean =
            image::imageops::resize(&clean, CODE_SIDE_PX, CODE_SIDE_PX, image::imageops::FilterType::Nearest);
        print!("{:<6}", level_letter(level));
        for share in STAIN_SHARES {
            let mut read = 0;
            for seed in 0..STAIN_SEEDS {
                let stained = stain(&clean, share, seed);
                let shot = Shot::new(Condition::Rotated, seed).severity(Severity::MILD).frame(640, 480);
                let photo = shot.render(&[&stained]).unwrap();
                let frame = image::DynamicImage::ImageRgb8(photo.image).to_luma8();
                read += u32::from(healthseal_verifier::read_qr_codes(&frame).contains(&text));
            }
            print!("{:>10}", format!("{read}/{STAIN_SEEDS}"));
        }
        println!();
    }

    println!("\nper condition (all severities and frames):");
    print!("{:<16}", "condition");
    for (letter, _) in &per_condition {
        print!("{letter:>9}");
    }
    println!();
    for (ci, condition) in conditions.iter().enumerate() {
        print!("{:<16}", condition.name());
        for (_, counts) in &per_condition {
            print!("{:>9}", format!("{}/{}", counts[ci].0, counts[ci].1));
        }
        println!();
    }
}
