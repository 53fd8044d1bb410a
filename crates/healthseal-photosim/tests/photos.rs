//! Properties of rendered photos: determinism, sizes, where the codes are, what each condition
//! does to them.

use healthseal_photosim::{Condition, Photo, PhotoError, Point, Quad, Severity, Shot};
use image::{GrayImage, Luma, RgbImage};
use qrcode::{Color, EcLevel, QrCode};

/// A clean code image as the issuer renders one: `scale` px per module, 4-module quiet zone.
fn clean(text: &str, scale: u32) -> GrayImage {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).expect("fits");
    let (n, colors) = (code.width() as u32, code.to_colors());
    GrayImage::from_fn((n + 8) * scale, (n + 8) * scale, |x, y| {
        let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
        let dark = mx < n && my < n && colors[(my * n + mx) as usize] == Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    })
}

/// About the size of a real credential: 244 alphanumeric characters, version 9 at ECC M.
fn credential() -> GrayImage {
    clean(&format!("HS1:{}", "6BF.0%$K3:7Q-LM".repeat(16)), 4)
}

fn url() -> GrayImage {
    clean("https://example.org/checkpoint", 6)
}

/// Property tests use a smaller frame than the default: the crate is unoptimised in test
/// builds and these are many photos. 480x360 still gives about 3 px per module.
const TEST_FRAME: (u32, u32) = (480, 360);

fn shoot_in(condition: Condition, seed: u64, severity: Severity, frame: (u32, u32)) -> Photo {
    let (a, b) = (credential(), url());
    let codes: Vec<&GrayImage> = [&a, &b].into_iter().take(condition.codes()).collect();
    Shot::new(condition, seed).severity(severity).frame(frame.0, frame.1).render(&codes).expect("renders")
}

fn shoot(condition: Condition, seed: u64, severity: Severity) -> Photo {
    shoot_in(condition, seed, severity, TEST_FRAME)
}

fn luma(image: &RgbImage, x: u32, y: u32) -> f64 {
    let p = image.get_pixel(x, y).0;
    (f64::from(p[0]) + f64::from(p[1]) + f64::from(p[2])) / 3.0
}

/// Luma of every pixel whose centre lies inside `quad`.
fn inside(image: &RgbImage, quad: &Quad) -> Vec<f64> {
    let (min, max) = quad.bounding_box();
    let mut values = Vec::new();
    for y in (min.y.max(0.0) as u32)..(max.y.ceil() as u32).min(image.height()) {
        for x in (min.x.max(0.0) as u32)..(max.x.ceil() as u32).min(image.width()) {
            if quad.contains(Point::new(f64::from(x) + 0.5, f64::from(y) + 0.5)) {
                values.push(luma(image, x, y));
            }
        }
    }
    values
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() - 1) as f64 * p) as usize]
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    for condition in Condition::ALL {
        let a = shoot_in(condition, 11, Severity::MODERATE, (320, 240));
        let b = shoot_in(condition, 11, Severity::MODERATE, (320, 240));
        assert_eq!(a.image.dimensions(), (320, 240), "{condition}");
        assert!(a.image.as_raw() == b.image.as_raw(), "{condition}: same seed, different bytes");
        assert_eq!(a.placements, b.placements);
        let c = shoot_in(condition, 12, Severity::MODERATE, (320, 240));
        assert!(a.image.as_raw() != c.image.as_raw(), "{condition}: seed ignored");
    }
}

#[test]
fn default_frames() {
    let code = credential();
    for condition in [Condition::Paper, Condition::SmallInLarge] {
        let photo = Shot::new(condition, 1).render(&[&code]).expect("renders");
        assert_eq!(photo.image.dimensions(), condition.default_frame(), "{condition}");
    }
    assert_eq!(Condition::SmallInLarge.default_frame(), (1280, 720));
    assert!(Condition::ALL
        .iter()
        .filter(|c| **c != Condition::SmallInLarge)
        .all(|c| c.default_frame() == (800, 600)));
}

#[test]
fn every_code_lands_inside_the_frame_with_dark_and_light_modules() {
    for (seed, condition) in Condition::ALL.into_iter().enumerate() {
        let photo = shoot(condition, seed as u64, Severity::MODERATE);
        assert_eq!(photo.placements.len(), condition.codes(), "{condition}");
        let (w, h) = photo.image.dimensions();
        for quad in &photo.placements {
            let (min, max) = quad.bounding_box();
            assert!(min.x >= 0.0 && min.y >= 0.0, "{condition}: {quad:?}");
            assert!(max.x <= f64::from(w) && max.y <= f64::from(h), "{condition}: {quad:?}");
            let values = inside(&photo.image, quad);
            let (dark, light) = (percentile(&values, 0.1), percentile(&values, 0.9));
            assert!(light - dark > 40.0, "{condition}: modules {dark}..{light}");
        }
    }
}

#[test]
fn inverted_shows_light_modules_on_dark() {
    for seed in 0..2 {
        let normal = shoot(Condition::PhoneScreen, seed, Severity::MODERATE);
        let inverted = shoot(Condition::Inverted, seed, Severity::MODERATE);
        // The quiet zone is most of the area that is not modules: light on a normal screen,
        // dark in dark mode.
        let normal_mean = mean(&inside(&normal.image, &normal.placements[0]));
        let inverted_mean = mean(&inside(&inverted.image, &inverted.placements[0]));
        assert!(normal_mean > 140.0, "seed {seed}: normal code region mean {normal_mean}");
        assert!(inverted_mean < 110.0, "seed {seed}: inverted code region mean {inverted_mean}");
        // The ring just inside the placement (the quiet zone) is dark when inverted.
        let q = inverted.placements[0];
        let c = q.center();
        let near_corner = q.corners.map(|k| Point::new(k.x + (c.x - k.x) * 0.04, k.y + (c.y - k.y) * 0.04));
        for p in near_corner {
            assert!(luma(&inverted.image, p.x as u32, p.y as u32) < 90.0, "seed {seed}: quiet zone at {p:?}");
        }
    }
}

#[test]
fn two_codes_are_both_in_the_frame_and_apart() {
    for seed in 0..4 {
        let photo = shoot(Condition::TwoCodes, seed, Severity::MODERATE);
        let [a, b] = photo.placements[..] else { panic!("two placements expected") };
        let ((amin, amax), (bmin, bmax)) = (a.bounding_box(), b.bounding_box());
        let apart = amax.x < bmin.x || bmax.x < amin.x || amax.y < bmin.y || bmax.y < amin.y;
        assert!(apart, "seed {seed}: bounding boxes overlap: {a:?} {b:?}");
        assert!(!a.overlaps(&b));
        for quad in [a, b] {
            let (min, max) = quad.bounding_box();
            assert!(min.x >= 0.0 && min.y >= 0.0 && max.x <= 480.0 && max.y <= 360.0);
        }
    }
}

#[test]
fn small_in_large_is_three_to_four_pixels_a_module() {
    // 4 px per module in the clean image, quiet zone included.
    let modules = f64::from(credential().width()) / 4.0;
    for seed in 0..2 {
        let photo = shoot_in(Condition::SmallInLarge, seed, Severity::MODERATE, (1280, 720));
        let per_module = photo.placements[0].area().sqrt() / modules;
        assert!((3.0..=4.5).contains(&per_module), "seed {seed}: {per_module} px per module");
        let (min, max) = photo.placements[0].bounding_box();
        let share = (max.x - min.x) / 1280.0;
        assert!(share < 0.3, "seed {seed}: code spans {share} of the width");
    }
}

#[test]
fn low_contrast_modules_sit_near_100_and_160() {
    for seed in 0..2 {
        let photo = shoot(Condition::LowContrast, seed, Severity::MODERATE);
        let values = inside(&photo.image, &photo.placements[0]);
        let (dark, light) = (percentile(&values, 0.1), percentile(&values, 0.9));
        assert!((80.0..125.0).contains(&dark), "seed {seed}: dark modules {dark}");
        assert!((140.0..185.0).contains(&light), "seed {seed}: light modules {light}");
    }
}

/// Mean absolute difference between horizontal neighbours inside the code: edge sharpness.
fn sharpness(photo: &Photo) -> f64 {
    let (min, max) = photo.placements[0].bounding_box();
    let mut total = 0.0;
    let mut n = 0.0;
    for y in (min.y as u32 + 10)..(max.y as u32 - 10) {
        for x in (min.x as u32 + 10)..(max.x as u32 - 10) {
            total += (luma(&photo.image, x + 1, y) - luma(&photo.image, x, y)).abs();
            n += 1.0;
        }
    }
    total / n
}

#[test]
fn severity_makes_it_worse_on_the_same_scene() {
    let mild = shoot(Condition::Blur, 5, Severity::MILD);
    let severe = shoot(Condition::Blur, 5, Severity::SEVERE);
    assert!(sharpness(&severe) < 0.7 * sharpness(&mild), "{} vs {}", sharpness(&severe), sharpness(&mild));
    // Same scene: the code is in the same place whatever the severity.
    assert_eq!(mild.placements, severe.placements);

    let mild = shoot(Condition::LowContrast, 5, Severity::MILD);
    let severe = shoot(Condition::LowContrast, 5, Severity::SEVERE);
    let spread = |p: &Photo| {
        let v = inside(&p.image, &p.placements[0]);
        percentile(&v, 0.9) - percentile(&v, 0.1)
    };
    assert!(spread(&severe) < spread(&mild));
    assert_eq!(Severity::new(0.0).map(Severity::value), Some(0.0));
}

#[test]
fn no_code_has_no_placement() {
    let photo = Shot::new(Condition::NoCode, 3).render(&[]).expect("renders");
    assert!(photo.placements.is_empty());
    assert_eq!(photo.image.dimensions(), (800, 600));
}

#[test]
fn refuses_bad_requests() {
    let code = credential();
    assert_eq!(
        Shot::new(Condition::TwoCodes, 1).render(&[&code]),
        Err(PhotoError::CodeCount { condition: Condition::TwoCodes, expected: 2, given: 1 })
    );
    assert_eq!(
        Shot::new(Condition::Paper, 1).render(&[&code, &code]),
        Err(PhotoError::CodeCount { condition: Condition::Paper, expected: 1, given: 2 })
    );
    assert_eq!(
        Shot::new(Condition::Paper, 1).frame(32, 600).render(&[&code]),
        Err(PhotoError::FrameSize { width: 32, height: 600 })
    );
    let tiny = GrayImage::new(10, 40);
    let err = Shot::new(Condition::Paper, 1).render(&[&tiny]).unwrap_err();
    assert_eq!(err, PhotoError::CodeSize { index: 0, width: 10, height: 40 });
    assert!(err.to_string().contains("10x40"));
}

#[test]
fn quarter_turn_is_a_right_angle() {
    for seed in 0..6 {
        let photo = shoot_in(Condition::QuarterTurn, seed, Severity::MODERATE, (320, 240));
        let [tl, tr, ..] = photo.placements[0].corners;
        let angle = (tr.y - tl.y).atan2(tr.x - tl.x).to_degrees();
        let off = (angle - (angle / 90.0).round() * 90.0).abs();
        assert!(off < 8.0, "seed {seed}: top edge at {angle} degrees");
        assert!((angle.abs() - 0.0).abs() > 45.0 || angle.abs() > 135.0, "seed {seed}: not turned");
    }
}

#[test]
fn rotated_is_turned_20_to_45_degrees_off_axis() {
    for seed in 0..6 {
        let photo = shoot_in(Condition::Rotated, seed, Severity::MODERATE, (320, 240));
        let [tl, tr, ..] = photo.placements[0].corners;
        let angle = (tr.y - tl.y).atan2(tr.x - tl.x).to_degrees();
        let off = (angle - (angle / 90.0).round() * 90.0).abs();
        assert!((15.0..=45.0).contains(&off), "seed {seed}: {off} degrees off axis");
    }
}
