//! Test material for the checkpoint web app's end-to-end tests, which run the app in headless
//! Chromium with its camera fed from a file (`--use-file-for-fake-video-capture=clip.y4m`).
//!
//! Run: `cargo run --release -p healthseal-web --example e2e_material -- OUT_DIR`
//!
//! Writes into OUT_DIR (created if missing; files of the same name are overwritten, nothing else
//! is removed):
//!
//! - `cases.json`: the camera cases, one object each: `name`, `vector` (the file of
//!   `fixtures/decisions/` the credential and its setting come from, or `null`), `expect_kind`
//!   (`verdict`, `not_a_credential` or `no_code`, as `Checkpoint::verify_frame` answers),
//!   `expect_verdict` (`accepted`, `rejected` or `null`), `expect_reason` (the reason code or
//!   `null`), `now_unix` (the clock to give the app), `root_pub` (the root to pin), `list` (the
//!   signed trust list to offer), `clip` and `frame`. Six cases come from decision vectors with
//!   the default options (skew 300 s, stale grace 86400 s, stale mode warn: what the app uses
//!   unless configured otherwise) and no `detail`; `foreign` shows a QR code of a web address,
//!   and `no_code` a desk with clutter and no code, both with the `accepted` case's setting.
//! - `roots/<kid>.pub`: each root as a healthseal public key file (`Role: root`, the list
//!   owner's region), and `lists/<name>`: each trust list, copied byte for byte.
//! - `clips/<case>.y4m`: 12 frames at 10 fps, 1280x720, of the case's code on a phone screen
//!   (`healthseal-photosim`, phone screen condition, moderate severity, 5.5 pixels per
//!   module: easily readable), with a little hand shake and sensor noise from frame to frame.
//!   YUV4MPEG2, 4:2:0, the grey frame as luma and neutral chroma: what Chromium's fake camera
//!   plays. Chromium plays the file in a loop.
//! - `frames/<case>.png`: each clip's first frame as a grey PNG, for tests that give the app a
//!   still image instead of the camera.
//! - `bench/*.png` and `bench/index.json`: a frame set for benchmarking the reader in the
//!   browser against the native build: the `accepted` credential under several photosim
//!   conditions at moderate severity, two frames with no code, and small codes (2.5 to 4 pixels
//!   per module) on a phone screen turned 0 to 270 degrees. Each entry gives the expected payload
//!   (`null`: none), the pixels per module reached and the code's angle in the frame (both
//!   measured on where photosim placed the code), the turn applied to the whole frame, the
//!   condition and the seed.
//!
//! The output is the same on every run: fixed seeds, photosim's platform-independent maths, and
//! `healthseal_photosim::Turn` for the turns. Before writing, every clip frame is read back with
//! `healthseal_verifier::read_qr_codes` (it must read the case's code, and nothing in a frame
//! without one), and each case's first frame is checked end to end with this crate's
//! `Checkpoint` (root pinned, list offered, verdict and reason as `cases.json` says); any
//! failure stops the run with an error. The bench frames are read too, and the read count is
//! printed, but a miss there is a result, not an error.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use healthseal_core::{DecisionOptions, KeyInfo, PublicKeyFile, Role, Timestamp, TrustList};
use healthseal_issuer::qr::{QrSymbol, DEFAULT_EC_LEVEL};
use healthseal_photosim::{Condition, Quad, Severity, Shot, Turn};
use healthseal_test_support::decision_vector::{DecisionVector, Expected};
use healthseal_test_support::workspace;
use healthseal_verifier::read_qr_codes;
use healthseal_web::Checkpoint;
use image::{imageops, GrayImage};
use serde_json::{json, Value};

/// The camera's frame: 720p, what a laptop camera or a phone's video gives.
const FRAME: (u32, u32) = (1280, 720);

/// Frames per second of every clip.
const FPS: u32 = 10;

/// Frames in a case's clip.
const CLIP_FRAMES: usize = 12;

/// Pixels per module of the clean code image photosim is given (as the camera fixtures).
const SOURCE_MODULE_PX: u32 = 6;

/// Pixels per module of the code in the case clips: easily readable, neither tiny nor filling
/// the frame. Reached within a few hundredths.
const CLIP_MODULE_PX: f64 = 5.5;

/// The clip frames must show the code at least this large.
const MIN_CLIP_MODULE_PX: f64 = 4.5;

/// The QR code of the `foreign` case: a web address, not a credential.
const FOREIGN_TEXT: &str = "https://example.org/ticket/12345";

/// The note written into each root file.
const ROOT_NOTE: &str = "TEST ONLY - root of the decision vectors (fixtures/decisions), derived from a public label; never trust it";

/// What a case's camera shows.
#[derive(Debug, Clone, Copy)]
enum Subject {
    /// The credential of a decision vector (a file of `fixtures/decisions/`), with its list,
    /// root and clock. The case's name is the reason code it expects, or `accepted`.
    Vector(&'static str),
    /// A QR code of [`FOREIGN_TEXT`].
    Foreign,
    /// No code at all.
    NoCode,
}

/// A camera case: its name, what it shows, and the photosim seed of its scene (picked so that
/// every frame reads; the first case must be `accepted`, whose setting the others without a
/// vector borrow).
#[derive(Debug, Clone, Copy)]
struct CaseSpec {
    name: &'static str,
    subject: Subject,
    seed: u64,
}

const CASES: [CaseSpec; 8] = [
    CaseSpec { name: "accepted", subject: Subject::Vector("accepted_own_region_green.txt"), seed: 1 },
    CaseSpec {
        name: "status_not_accepted",
        subject: Subject::Vector("status_not_accepted_red_from_own_region.txt"),
        seed: 2,
    },
    CaseSpec { name: "expired", subject: Subject::Vector("expired_by_skew.txt"), seed: 3 },
    CaseSpec { name: "revoked", subject: Subject::Vector("revoked.txt"), seed: 4 },
    CaseSpec {
        name: "region_not_recognized",
        subject: Subject::Vector("region_not_recognized.txt"),
        seed: 5,
    },
    CaseSpec { name: "bad_signature", subject: Subject::Vector("bad_signature.txt"), seed: 6 },
    CaseSpec { name: "foreign", subject: Subject::Foreign, seed: 7 },
    CaseSpec { name: "no_code", subject: Subject::NoCode, seed: 8 },
];

/// Hand shake: the whole frame moved by whole pixels, a slow loop of about two pixels.
const SHAKE: [(i32, i32); CLIP_FRAMES] =
    [(0, 0), (1, 0), (2, 1), (2, 2), (1, 2), (0, 3), (-1, 2), (-2, 1), (-2, 0), (-1, -1), (0, -1), (1, -1)];

/// Bench frames under a condition as photosim composes it, in a 1280x720 frame, and the seed.
const BENCH_CONDITIONS: [(Condition, u64); 11] = [
    (Condition::PhoneScreen, 21),
    (Condition::Paper, 22),
    (Condition::Rotated, 23),
    (Condition::Perspective, 24),
    (Condition::LowContrast, 25),
    (Condition::Blur, 26),
    (Condition::Noise, 27),
    (Condition::Inverted, 28),
    (Condition::SmallInLarge, 29),
    (Condition::NoCode, 30),
    (Condition::NoCode, 31),
];

/// Pixels per module of the small bench codes.
const SMALL_MODULE_PX: [f64; 4] = [2.5, 3.0, 3.5, 4.0];

/// Turns of the whole frame for the small bench codes, clockwise, in degrees.
const SMALL_TURNS: [u32; 7] = [0, 30, 45, 90, 135, 180, 270];

/// The first seed of the small bench codes; one seed per turn, the same scene at every size.
const SMALL_FIRST_SEED: u64 = 41;

/// An error, printed as its message when `main` returns it.
struct Failure(String);

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn main() -> Result<(), Failure> {
    run().map_err(Failure)
}

/// A case ready to render: what it shows and what the app must answer.
#[derive(Debug, Clone)]
struct Case {
    spec: CaseSpec,
    /// The QR payload shown, if any.
    text: Option<String>,
    vector: Option<&'static str>,
    expect_kind: &'static str,
    expect_verdict: Option<&'static str>,
    expect_reason: Option<String>,
    now: Timestamp,
    /// `roots/<kid>.pub`, and the file's text.
    root_path: String,
    root_file: String,
    /// `lists/<name>`, and the list's bytes.
    list_path: String,
    list: Vec<u8>,
}

fn run() -> Result<(), String> {
    let mut args = std::env::args_os().skip(1);
    let out = match (args.next(), args.next()) {
        (Some(dir), None) => PathBuf::from(dir),
        _ => return Err("usage: e2e_material OUT_DIR".into()),
    };
    let started = Instant::now();
    let dirs = ["roots", "lists", "clips", "frames", "bench"].map(|sub| out.join(sub));
    for dir in std::iter::once(&out).chain(&dirs) {
        fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    }

    let cases = load_cases()?;
    let mut written = BTreeMap::new();
    for case in &cases {
        written.insert(case.root_path.clone(), case.root_file.as_bytes().to_vec());
        written.insert(case.list_path.clone(), case.list.clone());
    }
    for (path, bytes) in &written {
        write(&out.join(path), bytes)?;
    }

    let mut entries = Vec::new();
    for case in &cases {
        let (frames, module_px) = case_clip(case)?;
        check_clip(case, &frames)?;
        check_checkpoint(case, &frames[0])?;
        write_y4m(&out.join(format!("clips/{}.y4m", case.spec.name)), &frames)?;
        save_png(&out.join(format!("frames/{}.png", case.spec.name)), &frames[0])?;
        let size = module_px.map_or_else(|| "no code".to_string(), |px| format!("{px:.2} px/module"));
        println!("case {:<22} {size}, {CLIP_FRAMES} frames read back", case.spec.name);
        entries.push(json!({
            "name": case.spec.name,
            "vector": case.vector,
            "expect_kind": case.expect_kind,
            "expect_verdict": case.expect_verdict,
            "expect_reason": case.expect_reason,
            "now_unix": case.now.unix(),
            "root_pub": case.root_path,
            "list": case.list_path,
            "clip": format!("clips/{}.y4m", case.spec.name),
            "frame": format!("frames/{}.png", case.spec.name),
        }));
    }
    write_json(&out.join("cases.json"), &Value::Array(entries))?;

    let accepted_text =
        cases.first().and_then(|c| c.text.clone()).ok_or("the first case must be `accepted`")?;
    bench(&out.join("bench"), &accepted_text)?;
    println!("written into {} in {:.1} s", out.display(), started.elapsed().as_secs_f64());
    Ok(())
}

/// Reads the decision vectors of the cases, checks each is what the case needs, and gives the
/// cases without a vector the `accepted` case's setting.
fn load_cases() -> Result<Vec<Case>, String> {
    let decisions = workspace::root().join("fixtures/decisions");
    let mut cases: Vec<Case> = Vec::new();
    for spec in CASES {
        let case = match spec.subject {
            Subject::Vector(file) => vector_case(spec, &decisions, file)?,
            Subject::Foreign | Subject::NoCode => {
                let base = cases.first().ok_or("the first case must come from a decision vector")?;
                let foreign = matches!(spec.subject, Subject::Foreign);
                Case {
                    spec,
                    text: foreign.then(|| FOREIGN_TEXT.to_string()),
                    vector: None,
                    expect_kind: if foreign { "not_a_credential" } else { "no_code" },
                    expect_verdict: None,
                    expect_reason: None,
                    ..base.clone()
                }
            }
        };
        cases.push(case);
    }
    match cases.first() {
        Some(first) if first.spec.name == "accepted" => Ok(cases),
        _ => Err("the first case must be `accepted`".into()),
    }
}

fn vector_case(spec: CaseSpec, decisions: &Path, file: &'static str) -> Result<Case, String> {
    let path = decisions.join(file);
    let text = fs::read_to_string(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
    let vector = DecisionVector::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let (verdict, reason) = match &vector.expect {
        Expected::Accepted => ("accepted", None),
        Expected::Rejected { reason, detail: None } => ("rejected", Some(reason.clone())),
        Expected::Rejected { detail: Some(detail), .. } => {
            return Err(format!("{file}: has detail {detail:?}; pick a vector without one"))
        }
    };
    let outcome = reason.as_deref().unwrap_or(verdict);
    if outcome != spec.name {
        return Err(format!(
            "{file} expects {outcome}; case `{}` needs a vector that expects {0}",
            spec.name
        ));
    }
    if vector.options != DecisionOptions::default() || vector.stale {
        return Err(format!(
            "{file}: not the app's default options (skew 300 s, stale grace 86400 s, warn) or a stale list"
        ));
    }
    let list_file = decisions.join(&vector.list);
    let list = fs::read(&list_file).map_err(|e| format!("read {}: {e}", list_file.display()))?;
    let (opened, signer) =
        TrustList::read_unverified(&list).map_err(|e| format!("{}: {e}", list_file.display()))?;
    if signer != vector.root.kid() {
        return Err(format!(
            "{}: signed by {signer}, the vector pins {}",
            list_file.display(),
            vector.root.kid()
        ));
    }
    let list_name = Path::new(&vector.list)
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{file}: list {:?} has no file name", vector.list))?;
    let info = KeyInfo {
        role: Some(Role::Root),
        region: Some(opened.owner().clone()),
        note: Some(ROOT_NOTE.into()),
        ..KeyInfo::default()
    };
    Ok(Case {
        spec,
        text: Some(vector.credential.clone()),
        vector: Some(file),
        expect_kind: "verdict",
        expect_verdict: Some(verdict),
        expect_reason: reason,
        now: vector.now,
        root_path: format!("roots/{}.pub", vector.root.kid()),
        root_file: PublicKeyFile { info, key: vector.root }.format(),
        list_path: format!("lists/{list_name}"),
        list,
    })
}

/// The clean code image of `text` as the issuer draws it: level M, [`SOURCE_MODULE_PX`] per
/// module, 4-module quiet zone, dark 0 and light 255.
fn clean(text: &str) -> Result<GrayImage, String> {
    let symbol = QrSymbol::encode(text, DEFAULT_EC_LEVEL).map_err(|e| e.to_string())?;
    let (side, pixels) = symbol.to_luma(SOURCE_MODULE_PX);
    GrayImage::from_raw(side, side, pixels).ok_or_else(|| "the QR image has the wrong size".to_string())
}

/// `code` with `extra` more light pixels on every side.
fn with_margin(code: &GrayImage, extra: u32) -> GrayImage {
    let mut out =
        GrayImage::from_pixel(code.width() + 2 * extra, code.height() + 2 * extra, image::Luma([255]));
    imageops::replace(&mut out, code, i64::from(extra), i64::from(extra));
    out
}

/// Modules across a clean code image, quiet zone included.
fn modules(clean: &GrayImage) -> f64 {
    f64::from(clean.width()) / f64::from(SOURCE_MODULE_PX)
}

/// A photo under `condition` at moderate severity: the colour frame and where the code landed.
fn photograph(
    condition: Condition,
    seed: u64,
    size: (u32, u32),
    codes: &[&GrayImage],
) -> Result<(image::RgbImage, Option<Quad>), String> {
    let shot = Shot::new(condition, seed).severity(Severity::MODERATE).frame(size.0, size.1);
    let photo = shot.render(codes).map_err(|e| format!("{condition} seed {seed}: {e}"))?;
    Ok((photo.image, photo.placements.first().copied()))
}

/// The grey the verifier makes of a colour frame (BT.709 luma).
fn grey(image: &image::RgbImage) -> GrayImage {
    image::DynamicImage::ImageRgb8(image.clone()).into_luma8()
}

/// The code's side in pixels per module (the mean over its area, quiet zone included).
fn module_px(quad: &Quad, modules: f64) -> f64 {
    quad.area().sqrt() / modules
}

/// The angle of the code's top edge in the frame, degrees clockwise.
fn top_edge_angle(quad: &Quad) -> f64 {
    let [a, b, _, _] = quad.corners;
    (b.y - a.y).atan2(b.x - a.x).to_degrees()
}

/// A case's clip frames and the pixels per module of its code (none for `no_code`).
fn case_clip(case: &Case) -> Result<(Vec<GrayImage>, Option<f64>), String> {
    let seed = case.spec.seed;
    let (base, module) = match &case.text {
        Some(text) => {
            // photosim sizes the code image to the phone, whatever its margin: a probe with
            // the bare code gives that size, and the margin that brings the modules to
            // CLIP_MODULE_PX follows (the app shows the code with a wider light margin).
            let bare = clean(text)?;
            let no_code = || format!("{}: photosim placed no code", case.spec.name);
            let side = photograph(Condition::PhoneScreen, seed, FRAME, &[&bare])?.1.ok_or_else(no_code)?;
            let wanted = side.area().sqrt() / CLIP_MODULE_PX;
            let extra = ((wanted - modules(&bare)) / 2.0 * f64::from(SOURCE_MODULE_PX)).round().max(0.0);
            let code = with_margin(&bare, extra as u32);
            let (photo, quad) = photograph(Condition::PhoneScreen, seed, FRAME, &[&code])?;
            let px = module_px(&quad.ok_or_else(no_code)?, modules(&code));
            if px < MIN_CLIP_MODULE_PX {
                return Err(format!("{}: the code came out at {px:.2} px/module", case.spec.name));
            }
            (grey(&photo), Some(px))
        }
        None => (grey(&photograph(Condition::NoCode, seed, FRAME, &[])?.0), None),
    };
    Ok(((0..CLIP_FRAMES).map(|k| camera_frame(&base, k, seed)).collect(), module))
}

/// Frame `k` of a clip of `base`: moved by [`SHAKE`], with fresh sensor noise (about ±3 levels).
fn camera_frame(base: &GrayImage, k: usize, seed: u64) -> GrayImage {
    let (dx, dy) = SHAKE[k % SHAKE.len()];
    let (w, h) = (base.width() as i32, base.height() as i32);
    let mut rng = SplitMix(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (k as u64 + 1));
    GrayImage::from_fn(base.width(), base.height(), |x, y| {
        let sx = (x as i32 - dx).clamp(0, w - 1) as u32;
        let sy = (y as i32 - dy).clamp(0, h - 1) as u32;
        let r = rng.next();
        // Two uniform bytes: a triangular noise of -3..=3 levels.
        let noise = ((r & 0xff) as i32 + ((r >> 8) & 0xff) as i32 - 255) / 64;
        image::Luma([(i32::from(base.get_pixel(sx, sy).0[0]) + noise).clamp(0, 255) as u8])
    })
}

/// SplitMix64: a small, fixed pseudo-random sequence for the frame noise.
#[derive(Debug)]
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Every frame must read the case's code and nothing else, or nothing for `no_code`.
fn check_clip(case: &Case, frames: &[GrayImage]) -> Result<(), String> {
    let Some(text) = &case.text else { return check_no_code(case.spec.name, frames) };
    for (k, frame) in frames.iter().enumerate() {
        let read = read_qr_codes(frame);
        if read.is_empty() || read.iter().any(|p| p != text) {
            return Err(format!(
                "clip {}: frame {k} does not read as the case's code (read {read:?}); pick another seed",
                case.spec.name
            ));
        }
    }
    Ok(())
}

fn check_no_code(name: &str, frames: &[GrayImage]) -> Result<(), String> {
    for (k, frame) in frames.iter().enumerate() {
        let read = read_qr_codes(frame);
        if !read.is_empty() {
            return Err(format!("clip {name}: frame {k} should show no code but reads {read:?}"));
        }
    }
    Ok(())
}

/// The case end to end, as the app will run it: the root pinned, the list offered, the frame
/// verified at the case's clock.
fn check_checkpoint(case: &Case, frame: &GrayImage) -> Result<(), String> {
    let name = case.spec.name;
    let mut checkpoint = Checkpoint::new(&case.root_file).map_err(|e| format!("{name}: {e}"))?;
    let offer = checkpoint.offer_list(&case.list, None).to_json();
    if offer["taken"] != json!(true) {
        return Err(format!("{name}: the checkpoint refused {}: {offer}", case.list_path));
    }
    let answer = checkpoint.verify_frame(frame, case.now);
    let mut expected = json!({ "kind": case.expect_kind });
    let mut got = json!({ "kind": answer["kind"] });
    if case.expect_kind == "verdict" {
        expected["verdict"] = json!(case.expect_verdict);
        expected["reason"] = json!(case.expect_reason);
        got["verdict"] = answer["verdict"].clone();
        got["reason"] = answer["reason"].clone();
    }
    if got != expected {
        return Err(format!("{name}: the checkpoint answers {got}, the case expects {expected}"));
    }
    Ok(())
}

/// Writes frames as YUV4MPEG2 4:2:0: per frame the grey as luma, then neutral chroma.
fn write_y4m(path: &Path, frames: &[GrayImage]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("write {}: {e}", path.display());
    let file = fs::File::create(path).map_err(fail)?;
    let mut out = BufWriter::new(file);
    let (w, h) = FRAME;
    writeln!(out, "YUV4MPEG2 W{w} H{h} F{FPS}:1 Ip A1:1 C420jpeg").map_err(fail)?;
    let chroma = vec![128u8; 2 * (w as usize).div_ceil(2) * (h as usize).div_ceil(2)];
    for (k, frame) in frames.iter().enumerate() {
        if frame.dimensions() != FRAME {
            return Err(format!("{}: frame {k} is {:?}, not {FRAME:?}", path.display(), frame.dimensions()));
        }
        out.write_all(b"FRAME\n").map_err(fail)?;
        out.write_all(frame.as_raw()).map_err(fail)?;
        out.write_all(&chroma).map_err(fail)?;
    }
    out.flush().map_err(fail)
}

fn save_png(path: &Path, image: &GrayImage) -> Result<(), String> {
    image.save(path).map_err(|e| format!("write {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("write {}: {e}", path.display()))
}

fn write_json(path: &Path, value: &Value) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| format!("{}: {e}", path.display()))?;
    text.push('\n');
    write(path, text.as_bytes())
}

/// A number rounded to `places` decimals, for the index.
fn rounded(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    let r = (value * scale).round() / scale;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// An angle in degrees as 0..360, one decimal.
fn angle_0_360(degrees: f64) -> f64 {
    rounded(rounded(degrees, 1).rem_euclid(360.0), 1)
}

/// Writes the bench frames and their index, reads each, and prints the read count.
fn bench(dir: &Path, text: &str) -> Result<(), String> {
    let code = clean(text)?;
    let mods = modules(&code);
    let mut index = Vec::new();
    let mut frames = Vec::new();
    for (condition, seed) in BENCH_CONDITIONS {
        let codes: Vec<&GrayImage> = if condition.codes() == 0 { Vec::new() } else { vec![&code] };
        let (photo, quad) = photograph(condition, seed, FRAME, &codes)?;
        let file = if condition.codes() == 0 {
            format!("condition-{condition}-{seed}.png")
        } else {
            format!("condition-{condition}.png")
        };
        index.push(json!({
            "file": file,
            "text": quad.map(|_| text),
            "px_per_module": quad.map(|q| rounded(module_px(&q, mods), 2)),
            "rotation_deg": quad.map(|q| angle_0_360(top_edge_angle(&q))),
            "turn_deg": 0,
            "condition": condition.name(),
            "seed": seed,
        }));
        frames.push((file, grey(&photo), quad.is_some()));
    }
    for (a, &turn_deg) in SMALL_TURNS.iter().enumerate() {
        let seed = SMALL_FIRST_SEED + a as u64;
        let small = SmallScene::new(&code, seed, turn_deg)?;
        for target in SMALL_MODULE_PX {
            let (frame, quad) = small.render(&code, target)?;
            let file = format!("small-{:02}-{turn_deg:03}.png", (target * 10.0).round() as u32);
            let angle = top_edge_angle(&quad) + f64::from(turn_deg);
            index.push(json!({
                "file": file,
                "text": text,
                "px_per_module": rounded(module_px(&quad, mods), 2),
                "rotation_deg": angle_0_360(angle),
                "turn_deg": turn_deg,
                "condition": Condition::PhoneScreen.name(),
                "seed": seed,
            }));
            frames.push((file, frame, true));
        }
    }
    let mut read = 0;
    let mut missed = Vec::new();
    for (file, frame, has_code) in &frames {
        save_png(&dir.join(file), frame)?;
        let payloads = read_qr_codes(frame);
        let right = if *has_code { payloads.iter().any(|p| p == text) } else { payloads.is_empty() };
        if right {
            read += 1;
        } else {
            missed.push(file.as_str());
        }
    }
    write_json(&dir.join("index.json"), &Value::Array(index))?;
    println!("bench: {} frames, read right natively: {read}; missed: {missed:?}", frames.len());
    Ok(())
}

/// The scene of the small bench codes at one turn: photosim's phone scene, as it composes it,
/// drawn smaller so that its code comes out at the size wanted, set in the middle of a desk with
/// clutter and no code (the phone's dark room shows as a rectangle around it); then the whole
/// frame turned, as a camera held at that angle sees it: quarter turns exact, the rest by
/// bilinear interpolation about the centre of a larger render, cropped to 1280x720.
/// (A wider margin around the code instead would keep the glare spot, which photosim sizes by
/// the code image, as large as the whole screen: over the finder patterns of a small code.)
#[derive(Debug)]
struct SmallScene {
    seed: u64,
    turn: Turn,
    /// The frame before turning (larger than the final one unless the turn is by quarters).
    size: (u32, u32),
    /// The side of the bare code in a phone scene of `size`.
    probe_side: f64,
    desk: GrayImage,
}

impl SmallScene {
    fn new(code: &GrayImage, seed: u64, turn_deg: u32) -> Result<Self, String> {
        let turn = Turn::new(FRAME, turn_deg);
        let size = turn.upright_size();
        let (_, quad) = photograph(Condition::PhoneScreen, seed, size, &[code])?;
        let probe_side = quad.ok_or("photosim placed no code on the phone")?.area().sqrt();
        let desk = grey(&photograph(Condition::NoCode, seed, size, &[])?.0);
        Ok(Self { seed, turn, size, probe_side, desk })
    }

    /// The frame with the code at about `target` pixels per module, and where the code is
    /// before the frame is turned.
    fn render(&self, code: &GrayImage, target: f64) -> Result<(GrayImage, Quad), String> {
        // photosim sizes the phone's code by the frame's shorter side.
        let scale = target * modules(code) / self.probe_side;
        let view = (
            (f64::from(self.size.0) * scale).round() as u32,
            (f64::from(self.size.1) * scale).round() as u32,
        );
        let (shown, quad) = photograph(Condition::PhoneScreen, self.seed, view, &[code])?;
        let quad = quad.ok_or("photosim placed no code on the phone")?;
        let mut frame = self.desk.clone();
        let (x, y) = (self.size.0.saturating_sub(view.0) / 2, self.size.1.saturating_sub(view.1) / 2);
        imageops::replace(&mut frame, &grey(&shown), i64::from(x), i64::from(y));
        let frame = self.turn.apply(&frame);
        Ok((frame, quad))
    }
}
