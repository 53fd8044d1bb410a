//! `fixtures/camera/`: camera-like photos of the credential fixtures, one per photographic
//! condition of `healthseal-photosim`, plus a photo with no code and one of a QR code that is
//! not a credential, and `expected.toml` saying what a checkpoint must decide for each.
//!
//! The photos are "hard but fair": each must be readable by a good QR decoder (except the one
//! with no code). Seeds were picked so that rxing (try-harder, inverted allowed) reads every one.
//!
//! A few are live frames of small codes (about 3 pixels a module at 1280x720, turned by quarter
//! turns): photosim's own scene of the condition, in the smaller view where its code comes out
//! at that size, set in a desk photo with no code, the whole frame turned (see [`Small`]). Their
//! seeds were picked so that zxing-cpp reads each; those of the phone turned three quarters and
//! of the card upside down so that the cascade without its small-modules pass did not
//! (docs/qr-reading.md, "Small codes at every rotation").

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use healthseal_core::Timestamp;
use healthseal_issuer::qr::{EcLevel, QrSymbol};
use healthseal_photosim::{Condition, Severity, Shot};
use image::codecs::jpeg::JpegEncoder;
use image::{imageops, GrayImage, RgbImage};

use super::{at, clear, write, HOUR};

/// JPEG quality of the photos: what a phone camera app or a checkpoint's frame grabber keeps.
const JPEG_QUALITY: u8 = 85;

/// For the noisy photo: sensor noise does not compress, and each fixture stays under 200 KiB.
const NOISY_JPEG_QUALITY: u8 = 70;

/// For the live frames of small codes: 1280x720 of desk and screen texture came to 180 to 195 KiB
/// at quality 85, about 125 KiB at this.
const LIVE_JPEG_QUALITY: u8 = 70;

/// Pixels per module of the clean code before it is photographed.
const MODULE_PX: u32 = 6;

/// The text of the one code that is not a credential.
const NOT_A_CREDENTIAL: &str = "https://example.org/checkpoint/opening-hours";

/// The frame of the small-code photos: a live camera frame.
const LIVE_FRAME: (u32, u32) = (1280, 720);

/// A trust list of `fixtures/trust/` and the root key it is pinned to.
#[derive(Clone, Copy)]
struct Trust {
    list: &'static str,
    root: &'static str,
}

/// Henan's list at T0: accepts Zhejiang's green credentials (48 h, 7 days).
const HA_1: Trust = Trust { list: "trust/ha.trust-list-1", root: "keys/CN-HA/root.key.pub" };
/// Henan's list three hours later: also revokes `typical_green`.
const HA_2: Trust = Trust { list: "trust/ha.trust-list-2", root: "keys/CN-HA/root.key.pub" };
/// Zhejiang's own list: accepts its own green credentials.
const ZJ_1: Trust = Trust { list: "trust/zj.trust-list-1", root: "keys/CN-ZJ/root.key.pub" };

/// What a code in a photo carries.
#[derive(Clone, Copy)]
enum Code {
    /// A credential of `fixtures/credentials/`, by name.
    Credential(&'static str),
    /// Some other QR code.
    Other(&'static str),
}

/// A small code in a live [`LIVE_FRAME`]: the condition's scene as photosim composes it, in the
/// smaller view where its code comes out at `module` pixels a module, set in the middle of a
/// photo of a desk with clutter and no code; then the whole frame turned by `quarters` quarter
/// turns clockwise (the view rendered upright, in portrait for an odd number, and turned
/// exactly, pixel for pixel). The same frames as `examples/small_codes.rs` of the verifier.
#[derive(Clone, Copy)]
struct Small {
    module: f64,
    quarters: u32,
}

/// One photo and what must come of it.
struct Photo {
    condition: Condition,
    /// A small code in a live frame, instead of the condition's own frame.
    small: Option<Small>,
    codes: &'static [Code],
    trust: Trust,
    /// Hours after the fixture clock.
    hours: i64,
    /// Per code (left to right), or one entry when there is no credential: an accepted verdict,
    /// a rejection reason code, `no_code` or `not_a_credential`.
    expected: &'static [&'static str],
    seed: u64,
    what: &'static str,
}

impl Photo {
    fn name(&self) -> String {
        let subject = match self.codes {
            [] => return format!("{}.jpg", self.condition.name()),
            [Code::Other(_)] => "not_a_credential".to_string(),
            codes => codes
                .iter()
                .map(|c| match c {
                    Code::Credential(name) => *name,
                    Code::Other(_) => "other",
                })
                .collect::<Vec<_>>()
                .join("+"),
        };
        match self.small {
            Some(small) => format!("live_{}_{}-{subject}.jpg", self.condition.name(), 90 * small.quarters),
            None => format!("{}-{subject}.jpg", self.condition.name()),
        }
    }

    /// The photo of `images`, the clean images of its codes.
    fn render(&self, images: &[&GrayImage]) -> RgbImage {
        let shot = |frame: (u32, u32)| Shot::new(self.condition, self.seed).frame(frame.0, frame.1);
        let Some(small) = self.small else {
            return Shot::new(self.condition, self.seed)
                .severity(Severity::MODERATE)
                .render(images)
                .expect("fixture photos render")
                .image;
        };
        let upright = if small.quarters % 2 == 1 { (LIVE_FRAME.1, LIVE_FRAME.0) } else { LIVE_FRAME };
        // photosim sizes the code by the frame: a probe at full size gives the scale of the view.
        let probe = shot(upright).render(images).expect("fixture photos render");
        let side = probe.placements.first().expect("the code is placed").area().sqrt();
        let [code] = images else { panic!("a small-code photo shows one code") };
        let modules = f64::from(code.width()) / f64::from(MODULE_PX);
        let scale = small.module * modules / side;
        let view =
            ((f64::from(upright.0) * scale).round() as u32, (f64::from(upright.1) * scale).round() as u32);
        let shown = shot(view).render(images).expect("fixture photos render").image;
        let mut frame = Shot::new(Condition::NoCode, self.seed)
            .frame(upright.0, upright.1)
            .render(&[])
            .expect("fixture photos render")
            .image;
        let (x, y) = ((upright.0 - view.0) / 2, (upright.1 - view.1) / 2);
        imageops::replace(&mut frame, &shown, i64::from(x), i64::from(y));
        match small.quarters % 4 {
            1 => imageops::rotate90(&frame),
            2 => imageops::rotate180(&frame),
            3 => imageops::rotate270(&frame),
            _ => frame,
        }
    }
}

fn photos() -> Vec<Photo> {
    use Code::{Credential, Other};
    use Condition::*;
    const GREEN: Code = Credential("typical_green");
    const YELLOW: Code = Credential("cjk_name_yellow");
    vec![
        Photo {
            condition: PhoneScreen,
            small: None,
            codes: &[GREEN],
            trust: HA_1,
            hours: 1,
            expected: &["accepted"],
            seed: 1,
            what: "phone in a dim room, screen glow, moire, a glare spot over the code, slight tilt",
        },
        Photo {
            condition: Paper,
            small: None,
            codes: &[YELLOW],
            trust: HA_1,
            hours: 1,
            expected: &["status_not_accepted"],
            seed: 2,
            what: "curled printed card on a desk in a soft shadow, print blur and ink spread; Henan accepts only green from Zhejiang",
        },
        Photo {
            condition: Rotated,
            small: None,
            codes: &[GREEN],
            trust: HA_2,
            hours: 4,
            expected: &["revoked"],
            seed: 3,
            what: "card turned about 30 degrees off a quarter turn; Henan's list #2 carries Zhejiang's revocation",
        },
        Photo {
            condition: QuarterTurn,
            small: None,
            codes: &[Credential("basis_vaccination")],
            trust: HA_1,
            hours: 1,
            expected: &["accepted"],
            seed: 4,
            what: "card turned exactly 90, 180 or 270 degrees",
        },
        Photo {
            condition: Perspective,
            small: None,
            codes: &[GREEN],
            trust: ZJ_1,
            hours: 1,
            expected: &["accepted"],
            seed: 5,
            what: "card seen steeply from close up: strong keystone; Zhejiang's own list",
        },
        Photo {
            condition: LowContrast,
            small: None,
            codes: &[Credential("red_partial_birth_year")],
            trust: HA_1,
            hours: 1,
            expected: &["status_not_accepted"],
            seed: 6,
            what: "dim, washed-out print, dark modules near 100 and light near 160; a red credential",
        },
        Photo {
            condition: Inverted,
            small: None,
            codes: &[Credential("basis_vaccination")],
            trust: HA_1,
            hours: 1,
            expected: &["accepted"],
            seed: 7,
            what: "phone in dark mode: light modules on a dark screen",
        },
        Photo {
            condition: SmallInLarge,
            small: None,
            codes: &[GREEN],
            trust: HA_1,
            hours: 1,
            expected: &["accepted"],
            seed: 8,
            what: "1280x720 frame of desk clutter, the card far away at about 3 pixels per module",
        },
        Photo {
            condition: Blur,
            small: None,
            codes: &[Credential("not_before_later")],
            trust: ZJ_1,
            hours: 1,
            expected: &["not_yet_valid"],
            seed: 9,
            what: "out of focus; the credential holds only from 12:00",
        },
        Photo {
            condition: Noise,
            small: None,
            codes: &[GREEN],
            trust: HA_2,
            hours: 4,
            expected: &["revoked"],
            seed: 10,
            what: "dim scene at high gain: sensor noise, colour noise, hot pixels",
        },
        Photo {
            condition: TwoCodes,
            small: None,
            codes: &[GREEN, YELLOW],
            trust: HA_1,
            hours: 1,
            expected: &["accepted", "status_not_accepted"],
            seed: 11,
            what: "two cards side by side: a green one (left) and a yellow one (right)",
        },
        Photo {
            condition: NoCode,
            small: None,
            codes: &[],
            trust: HA_1,
            hours: 1,
            expected: &["no_code"],
            seed: 12,
            what: "a desk with clutter and a card with a photo and text, no code at all",
        },
        Photo {
            condition: PhoneScreen,
            small: None,
            codes: &[Other(NOT_A_CREDENTIAL)],
            trust: HA_1,
            hours: 1,
            expected: &["not_a_credential"],
            seed: 13,
            what: "phone showing a QR code of a web address, not a credential",
        },
        Photo {
            condition: PhoneScreen,
            small: Some(Small { module: 3.0, quarters: 1 }),
            codes: &[GREEN],
            trust: HA_1,
            hours: 1,
            expected: &["accepted"],
            seed: 14,
            what: "live 1280x720 frame: a phone held a quarter turn round, its code at 3 pixels per module",
        },
        Photo {
            condition: PhoneScreen,
            small: Some(Small { module: 3.0, quarters: 3 }),
            codes: &[Credential("basis_vaccination")],
            trust: HA_1,
            hours: 1,
            expected: &["accepted"],
            seed: 230,
            what: "live 1280x720 frame: a phone turned three quarters, its code at 3 pixels per module",
        },
        Photo {
            condition: Paper,
            small: Some(Small { module: 3.0, quarters: 2 }),
            codes: &[YELLOW],
            trust: HA_1,
            hours: 1,
            expected: &["status_not_accepted"],
            seed: 114,
            what: "live 1280x720 frame: a curled card upside down, its code at 3 pixels per module",
        },
    ]
}

/// A clean code image: dark 0, light 255, [`MODULE_PX`] per module, 4-module quiet zone.
fn clean(text: &str) -> GrayImage {
    let symbol = QrSymbol::encode(text, EcLevel::M).expect("fixture texts fit a QR code");
    let (side, pixels) = symbol.to_luma(MODULE_PX);
    GrayImage::from_raw(side, side, pixels).expect("to_luma gives side x side pixels")
}

fn text_of(code: Code, credentials: &Path) -> String {
    match code {
        Code::Credential(name) => {
            let path = credentials.join(format!("{name}.txt"));
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            text.trim_end().to_string()
        }
        Code::Other(text) => text.to_string(),
    }
}

fn toml_list(items: impl IntoIterator<Item = String>) -> String {
    let quoted: Vec<String> = items.into_iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(", "))
}

/// Writes the photos, `expected.toml` and `README.md` into `camera/` under `fixtures` (the
/// workspace's `fixtures/` folder), from the credentials written just before. Returns how many
/// photos there are.
pub fn write_all(fixtures: &Path) -> usize {
    let dir = fixtures.join("camera");
    clear(&dir, "jpg");
    fs::create_dir_all(&dir).expect("create fixtures/camera");
    let credentials = fixtures.join("credentials");
    let mut expected = String::from(EXPECTED_HEADER);
    let mut readme = String::from(README_HEADER);
    let photos = photos();
    for photo in &photos {
        let images: Vec<GrayImage> = photo.codes.iter().map(|c| clean(&text_of(*c, &credentials))).collect();
        let refs: Vec<&GrayImage> = images.iter().collect();
        let rendered = photo.render(&refs);
        let mut jpeg = Vec::new();
        let quality = match (photo.condition, photo.small) {
            (_, Some(_)) => LIVE_JPEG_QUALITY,
            (Condition::Noise, None) => NOISY_JPEG_QUALITY,
            _ => JPEG_QUALITY,
        };
        JpegEncoder::new_with_quality(&mut jpeg, quality)
            .encode_image(&rendered)
            .expect("JPEG encoding to memory");
        let name = photo.name();
        fs::write(dir.join(&name), &jpeg).unwrap_or_else(|e| panic!("write {name}: {e}"));

        let when: Timestamp = at(photo.hours * HOUR);
        let credential_names = photo.codes.iter().filter_map(|c| match c {
            Code::Credential(name) => Some(name.to_string()),
            Code::Other(_) => None,
        });
        let (w, h) = rendered.dimensions();
        let _ = writeln!(expected, "[[photo]]");
        let _ = writeln!(expected, "file = {name:?}");
        let _ = writeln!(expected, "condition = {:?}", photo.condition.name());
        let _ = writeln!(expected, "credentials = {}", toml_list(credential_names));
        if let [Code::Other(text)] = photo.codes {
            let _ = writeln!(expected, "text = {text:?}");
        }
        let _ = writeln!(expected, "trust_list = {:?}", photo.trust.list);
        let _ = writeln!(expected, "root = {:?}", photo.trust.root);
        let _ = writeln!(expected, "at = {:?}", when.to_string());
        let _ = writeln!(expected, "expected = {}", toml_list(photo.expected.iter().map(|e| e.to_string())));
        let _ = writeln!(expected, "seed = {}", photo.seed);
        if let Some(small) = photo.small {
            let _ = writeln!(expected, "module_px = {:.1}", small.module);
            let _ = writeln!(expected, "turn = {}", 90 * small.quarters);
        }
        let _ = writeln!(expected, "jpeg_quality = {quality}");
        let _ = writeln!(expected, "size = [{w}, {h}]\n");

        let _ = writeln!(
            readme,
            "| `{name}` | {} | {} | `{}`, {} | {} |",
            photo.what,
            photo.codes.len(),
            photo.trust.list.trim_start_matches("trust/"),
            when,
            photo.expected.join(", "),
        );
    }
    readme.push_str(README_FOOTER);
    write(&dir.join("expected.toml"), &expected);
    write(&dir.join("README.md"), &readme);
    photos.len()
}

const EXPECTED_HEADER: &str = "\
# What a checkpoint must decide for each photo in this folder. Generated by
# `cargo run -p healthseal-fixtures` (crates/healthseal-fixtures/src/camera.rs); do not edit.
#
# file         the photo (JPEG, quality 85; 70 for the noisy one and the live frames)
# condition    the healthseal-photosim condition it was rendered under (severity moderate)
# credentials  the fixtures/credentials/*.txt shown, left to right; empty when none is
# text         the content of a QR code that is not a credential
# trust_list   the signed trust list to load, relative to fixtures/
# root         the province root public key to pin, relative to the workspace root
# at           the time to verify at (RFC 3339)
# expected     one entry per credential, in the order of `credentials`: \"accepted\" or the
#              rejection reason code (Reason::code); for a photo without a credential, one
#              entry: \"no_code\" or \"not_a_credential\"
# seed, size, jpeg_quality
#              how the photo was rendered, for regenerating it elsewhere
# module_px, turn
#              for the live frames of small codes: the pixels per module the code comes out at,
#              and the clockwise turn of the whole frame in degrees (camera.rs, `Small`)

";

const README_HEADER: &str = "\
# Camera photos

Camera-like photos of the credential fixtures, as a checkpoint camera takes them: phone screens
and paper cards, tilted, curled, dim, blurred, noisy, several in one frame, or none. Rendered by
`healthseal-photosim` at moderate severity and saved as JPEG quality 85 (70 for the noisy one
and the live frames, which would not fit 200 KiB otherwise): hard but fair, each one readable by
a good QR decoder, except `no_code.jpg`. `expected.toml` lists, for each photo, the trust list,
the root to pin, the time and the expected verdicts.

The `live_*` photos are live 1280x720 frames of small codes, about 3 pixels per module, turned
by quarter turns: photosim's scene of the condition in a smaller view (where its code comes out
at that size) set in a desk photo with no code, the whole frame turned pixel for pixel
(`crates/healthseal-fixtures/src/camera.rs`, `Small`; docs/qr-reading.md, \"Small codes at
every rotation\").

| photo | what it shows | codes | trust list, time | expected |
| --- | --- | --- | --- | --- |
";

const README_FOOTER: &str = "
The credentials are those of `../credentials/` (signed by the CN-ZJ demo key); the trust lists
and what each accepts are described in `crates/healthseal-fixtures/src/trust.rs`. The clean codes
are drawn with `healthseal_issuer::qr` at error-correction level M, 6 pixels per module, 4-module
quiet zone.

Regenerate with `cargo run -p healthseal-fixtures` from the workspace root: the output is byte
for byte the same on every run (fixed seeds, fixed clock, photosim uses no platform maths).
";
