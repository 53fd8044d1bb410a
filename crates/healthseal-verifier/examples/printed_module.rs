//! Printed module size: the smallest printed QR module a phone camera reads at arm's length.
//!
//! Geometry first: a phone's main camera is about a 26 mm lens in 35 mm terms, the same angle as
//! a 26 mm lens on a 36 mm wide frame, so its horizontal field of view is 2·atan(18/26) = 69.4°;
//! a 16:9 video frame is cut from the full width of the sensor and keeps it. At a distance d the
//! frame spans 2·d·tan(34.7°) of paper, so a printed module of m mm spans
//! m·W / (2·d·tan(34.7°)) pixels of a frame W pixels wide. The example prints that for the
//! module sizes and distances of [`MODULE_MM`] and [`DISTANCE_CM`] in 1280x720 and 1920x1080.
//!
//! Then the measurement: every pixels-per-module value of that table within [`MEASURED_PX`]
//! (one value per ratio m/d) is rendered as a camera frame of a printed card and read. A frame
//! is photosim's `paper` condition (a card on a desk: print blur, ink spread, curl, a soft
//! shadow; severity moderate, fixed seeds) showing a real credential
//! (`fixtures/credentials/cjk_name_yellow.txt`, QR level M as the issuer draws it: version 8),
//! sized and turned as in `small_codes` (the scene rendered in the smaller view where its code
//! comes out at the size wanted, set in the middle of a full-size desk photo with no code, the
//! whole frame then turned as by a camera held at that angle), at [`ANGLES`], [`SEEDS_PER_CELL`]
//! seeds each, in both frame sizes. Two more conditions add defocus to the same frames: a
//! Gaussian blur of 0.6 or 1.0 px per 1280 px of frame width on the upright frame
//! ([`CONDITIONS`]; photosim's `blur` condition cannot be combined with `paper`).
//!
//! Each frame is written into OUT_DIR as a grey PNG and read with `read_qr_codes`; with
//! `--zxing PYTHON` the same files are read by zxing-cpp (tools/interop/requirements.txt pins
//! it). Prints the geometry, the reads per pixels-per-module value, the reads per cell of the
//! table, and the smallest module read on every frame at 30 and 40 cm (with what a version 9
//! code then needs, against the card's 48 mm).
//!
//! Run: `cargo run --release -p healthseal-verifier --example printed_module -- OUT_DIR
//! [--zxing PYTHON] [--reuse]`. docs/issuing.md, "Printed module size", has the figures.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use healthseal_photosim::{Condition, Turn};
use healthseal_verifier::{read_qr_codes, GrayImage};
use image::imageops;

#[path = "common/frames.rs"]
mod frames;

use frames::{credential_code, staged, zxing, Stage, SOURCE_MODULE_PX};

/// Focal length of a phone's main camera, 35 mm equivalent, mm.
const FOCAL_MM: f64 = 26.0;

/// Width of the 35 mm frame the equivalence refers to, mm.
const FULL_FRAME_WIDTH_MM: f64 = 36.0;

/// The camera streams the checkpoint app asks for (ideal, and what weaker devices give).
const FRAMES: [(u32, u32); 2] = [(1280, 720), (1920, 1080)];

/// Printed module sizes tabulated, mm.
const MODULE_MM: [f64; 9] = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.3, 1.5];

/// Distances from the camera to the card tabulated, cm.
const DISTANCE_CM: [u32; 4] = [25, 30, 40, 50];

/// Distances the minimum is stated for (arm's length), cm.
const ARMS_LENGTH_CM: [u32; 2] = [30, 40];

/// Pixels per module rendered: the table's values within this range (below it nothing is
/// expected to read, above it everything).
const MEASURED_PX: (f64, f64) = (1.1, 7.0);

/// Turns of the camera, degrees clockwise.
const ANGLES: [u32; 6] = [0, 15, 30, 45, 90, 180];

/// Seeds per angle; the same scenes in both frame sizes, every condition and at every size.
const SEEDS_PER_CELL: u64 = 4;

/// The first seed; angle `a` (index) and seed `k` use `FIRST_SEED + 10 a + k`.
const FIRST_SEED: u64 = 3001;

/// The conditions: the name and the defocus added, a Gaussian sigma in pixels per 1280 pixels of
/// frame width (the same angle in both frame sizes). 0.6 px is about what a 26 mm-equivalent
/// f/1.6-1.8 phone lens left focused at 40 cm gives a card at 30 cm; 1.0 px, a card at 25 cm.
const CONDITIONS: [(&str, f64); 3] = [("sharp", 0.0), ("defocus 0.6", 0.6), ("defocus 1.0", 1.0)];

/// Modules across a typical credential's code with its quiet zone: version 9, 53 + 2 x 4.
const TYPICAL_MODULES: u32 = 61;

/// The credential shown, relative to the workspace.
const CREDENTIAL: &str = "fixtures/credentials/cjk_name_yellow.txt";

/// Side of the QR code on the current card, quiet zone included, mm
/// (`QR_SIDE_MM` of crates/healthseal-issuer/src/render/card.rs).
const CARD_QR_SIDE_MM: f64 = 48.0;

/// Horizontal field of view, degrees.
fn field_of_view() -> f64 {
    2.0 * (FULL_FRAME_WIDTH_MM / 2.0 / FOCAL_MM).atan().to_degrees()
}

/// Pixels a printed module of `module_mm` spans at `distance_cm` in a frame `width` wide.
fn pixels_per_module(module_mm: f64, distance_cm: u32, width: u32) -> f64 {
    let paper_mm = 2.0 * f64::from(distance_cm) * 10.0 * (field_of_view() / 2.0).to_radians().tan();
    module_mm * f64::from(width) / paper_mm
}

/// Pixels per module as the frames name them: hundredths.
fn hundredths(px: f64) -> u32 {
    (px * 100.0).round() as u32
}

fn measured(px: f64) -> bool {
    (MEASURED_PX.0..=MEASURED_PX.1).contains(&px)
}

/// One frame to render and read.
#[derive(Debug, Clone, Copy)]
struct Spec {
    frame: (u32, u32),
    /// Index into [`CONDITIONS`].
    condition: usize,
    seed: u64,
    /// Pixels per module, in hundredths.
    px: u32,
    angle: u32,
}

impl Spec {
    fn name(&self) -> String {
        let sigma = (CONDITIONS[self.condition].1 * 10.0).round() as u32;
        format!("{}-b{sigma:02}-{:03}-{:03}-s{}.png", self.frame.0, self.px, self.angle, self.seed)
    }

    fn module(&self) -> f64 {
        f64::from(self.px) / 100.0
    }
}

/// What became of one frame.
#[derive(Debug, Clone)]
struct Outcome {
    spec: Spec,
    name: String,
    /// Pixels per module reached, from the placement (before turning).
    reached: f64,
    native: bool,
    native_wrong: usize,
    zxing: Option<bool>,
    zxing_wrong: usize,
}

/// Every frame: the distinct pixels-per-module values of the table within [`MEASURED_PX`], per
/// frame size.
fn specs() -> Vec<Spec> {
    let mut specs = Vec::new();
    for frame in FRAMES {
        let mut values: Vec<u32> = DISTANCE_CM
            .iter()
            .flat_map(|&d| MODULE_MM.map(|m| pixels_per_module(m, d, frame.0)))
            .filter(|&px| measured(px))
            .map(hundredths)
            .collect();
        values.sort_unstable();
        values.dedup();
        for px in values {
            for condition in 0..CONDITIONS.len() {
                for (a, angle) in ANGLES.into_iter().enumerate() {
                    for k in 0..SEEDS_PER_CELL {
                        let seed = FIRST_SEED + 10 * a as u64 + k;
                        specs.push(Spec { frame, condition, seed, px, angle });
                    }
                }
            }
        }
    }
    specs
}

/// zxing-cpp's reads per file: (read, other texts).
type Reads = HashMap<String, (bool, usize)>;

/// Renders one frame: the card of `spec` with its code at `spec.module()` pixels per module (as
/// `small_codes` makes it), defocused if the spec says so, turned; and the pixels per module
/// reached (before turning).
fn render(image: &GrayImage, spec: &Spec, stage: &mut Stage) -> Result<(GrayImage, f64), String> {
    let turn = Turn::new(spec.frame, spec.angle);
    let (mut upright, reached) =
        staged(image, Condition::Paper, spec.seed, spec.module(), turn.upright_size(), stage)?;
    let sigma = CONDITIONS[spec.condition].1;
    if sigma > 0.0 {
        upright = imageops::blur(&upright, (sigma * f64::from(spec.frame.0) / 1280.0) as f32);
    }
    Ok((turn.apply(&upright), reached))
}

/// Renders (or with `reuse`, loads) and reads `specs`; each thread takes the seeds of its
/// parity, so it keeps its own cache.
fn measure(
    specs: &[Spec],
    image: &GrayImage,
    text: &str,
    dir: &Path,
    reused: &HashMap<String, f64>,
) -> Result<Vec<Outcome>, String> {
    let done = AtomicUsize::new(0);
    let started = Instant::now();
    let threads = 2;
    let results: Vec<Result<Vec<Outcome>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let done = &done;
                scope.spawn(move || {
                    let mut stage = Stage::default();
                    let mut outcomes = Vec::new();
                    for spec in specs.iter().filter(|s| s.seed % threads == t) {
                        let name = spec.name();
                        let path = dir.join(&name);
                        let existing =
                            reused.get(&name).and_then(|&r| image::open(&path).ok().map(|i| (i, r)));
                        let (frame, reached) = match existing {
                            Some((image, reached)) => (image.into_luma8(), reached),
                            None => {
                                let (frame, reached) = render(image, spec, &mut stage)?;
                                frame.save(&path).map_err(|e| format!("write {}: {e}", path.display()))?;
                                (frame, reached)
                            }
                        };
                        let payloads = read_qr_codes(&frame);
                        let payloads: Vec<&str> = payloads.iter().map(|p| p.trim()).collect();
                        outcomes.push(Outcome {
                            spec: *spec,
                            name,
                            reached,
                            native: payloads.contains(&text),
                            native_wrong: payloads.iter().filter(|p| **p != text).count(),
                            zxing: None,
                            zxing_wrong: 0,
                        });
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        if n.is_multiple_of(100) {
                            eprintln!(
                                "{n} of {} frames, {:.0} s",
                                specs.len(),
                                started.elapsed().as_secs_f64()
                            );
                        }
                    }
                    Ok(outcomes)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("a thread panicked".into()))).collect()
    });
    let mut outcomes = Vec::new();
    for result in results {
        outcomes.extend(result?);
    }
    outcomes.sort_by_key(|o| (o.spec.frame, o.spec.px, o.spec.condition, o.spec.angle, o.spec.seed));
    Ok(outcomes)
}

/// zxing-cpp over every frame, two processes at once.
fn read_with_zxing(python: &str, dir: &Path, outcomes: &mut [Outcome]) -> Result<(), String> {
    let names: Vec<String> = outcomes.iter().map(|o| o.name.clone()).collect();
    let half = names.len().div_ceil(2);
    let parts: Vec<Result<Reads, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            names.chunks(half.max(1)).map(|part| scope.spawn(move || zxing(python, dir, part))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("a thread panicked".into()))).collect()
    });
    let mut results = HashMap::new();
    for part in parts {
        results.extend(part?);
    }
    for o in outcomes {
        let (read, wrong) = results.get(&o.name).copied().ok_or(format!("zxing-cpp skipped {}", o.name))?;
        (o.zxing, o.zxing_wrong) = (Some(read), wrong);
    }
    Ok(())
}

/// Frames, native reads and zxing-cpp reads.
#[derive(Debug, Default, Clone, Copy)]
struct Count {
    total: usize,
    native: usize,
    zxing: usize,
}

impl Count {
    fn add(&mut self, o: &Outcome) {
        self.total += 1;
        self.native += usize::from(o.native);
        self.zxing += usize::from(o.zxing == Some(true));
    }

    fn read(&self, zxing: bool) -> usize {
        if zxing {
            self.zxing
        } else {
            self.native
        }
    }
}

/// Per frame width, pixels per module (hundredths) and condition.
type Counts = BTreeMap<(u32, u32, usize), Count>;

/// The readers: the label and whether it is zxing-cpp.
const READERS: [(&str, bool); 2] = [("native", false), ("zxing-cpp", true)];

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

fn module_header() -> String {
    let header: Vec<String> = MODULE_MM.iter().map(|m| format!("{m:.1} mm")).collect();
    format!("| frame | distance | {} |\n|---|---|{}", header.join(" | "), "---:|".repeat(MODULE_MM.len()))
}

fn print_geometry() {
    println!(
        "Horizontal field of view 2·atan({:.0}/{FOCAL_MM:.0}) = {:.1}°; pixels per printed module:\n",
        FULL_FRAME_WIDTH_MM / 2.0,
        field_of_view()
    );
    println!("{}", module_header());
    for (w, h) in FRAMES {
        for d in DISTANCE_CM {
            let cells: Vec<String> =
                MODULE_MM.iter().map(|&m| format!("{:.2}", pixels_per_module(m, d, w))).collect();
            println!("| {w}x{h} | {d} cm | {} |", cells.join(" | "));
        }
    }
}

fn print_by_px(outcomes: &[Outcome], counts: &Counts, with_zxing: bool) {
    let names: Vec<&str> = CONDITIONS.iter().map(|c| c.0).collect();
    println!(
        "\nFrames read per pixels-per-module value, native / zxing-cpp ({} frames each): {}\n",
        ANGLES.len() as u64 * SEEDS_PER_CELL,
        names.join(", ")
    );
    println!("| frame | px/module (reached) | {} |", names.join(" | "));
    println!("|---|---|{}", "---:|".repeat(CONDITIONS.len()));
    let mut keys: Vec<(u32, u32)> = counts.keys().map(|&(w, px, _)| (w, px)).collect();
    keys.dedup();
    for (w, px) in keys {
        let reached = median(
            outcomes.iter().filter(|o| o.spec.frame.0 == w && o.spec.px == px).map(|o| o.reached).collect(),
        );
        let cells: Vec<String> = (0..CONDITIONS.len())
            .map(|c| {
                let count = counts.get(&(w, px, c)).copied().unwrap_or_default();
                let zx = if with_zxing { count.zxing.to_string() } else { "-".into() };
                format!("{} / {zx}", count.native)
            })
            .collect();
        println!("| {w} | {:.2} ({reached:.2}) | {} |", f64::from(px) / 100.0, cells.join(" | "));
    }
}

/// Reads of a cell of the table under `condition`; `None` when not measured.
fn cell(counts: &Counts, w: u32, d: u32, m: f64, condition: usize) -> Option<Count> {
    let px = pixels_per_module(m, d, w);
    if !measured(px) {
        return None;
    }
    counts.get(&(w, hundredths(px), condition)).copied()
}

/// Whether every frame of the cell was read under `condition`; cells above the measured range
/// count as read, below it as not.
fn all_read(counts: &Counts, w: u32, d: u32, m: f64, zxing: bool, condition: usize) -> bool {
    match cell(counts, w, d, m, condition) {
        Some(c) => c.read(zxing) == c.total,
        None => pixels_per_module(m, d, w) > MEASURED_PX.1,
    }
}

/// The smallest module of [`MODULE_MM`] from which every larger one is read on every frame at
/// every distance of [`ARMS_LENGTH_CM`].
fn minimum(counts: &Counts, w: u32, zxing: bool, condition: usize) -> Option<f64> {
    let ok = |m: f64| ARMS_LENGTH_CM.iter().all(|&d| all_read(counts, w, d, m, zxing, condition));
    let mut min = None;
    for &m in MODULE_MM.iter().rev() {
        if !ok(m) {
            break;
        }
        min = Some(m);
    }
    min
}

/// The smallest pixels per module from which every measured value is read on every frame.
fn threshold(counts: &Counts, w: u32, zxing: bool, condition: usize) -> Option<f64> {
    let mut values: Vec<(u32, Count)> =
        counts.iter().filter(|(k, _)| k.0 == w && k.2 == condition).map(|(k, c)| (k.1, *c)).collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.0));
    let mut min = None;
    for (px, c) in values {
        if c.read(zxing) != c.total {
            break;
        }
        min = Some(f64::from(px) / 100.0);
    }
    min
}

fn print_cells(counts: &Counts, with_zxing: bool) {
    let names: Vec<&str> = CONDITIONS.iter().map(|c| c.0).collect();
    for (reader, zxing) in READERS {
        if zxing && !with_zxing {
            continue;
        }
        println!(
            "\n{reader}: frames read per cell, {} ({} frames each; · not measured)\n",
            names.join(" / "),
            ANGLES.len() as u64 * SEEDS_PER_CELL
        );
        println!("{}", module_header());
        for (w, h) in FRAMES {
            for d in DISTANCE_CM {
                let cells: Vec<String> = MODULE_MM
                    .iter()
                    .map(|&m| {
                        let reads: Option<Vec<String>> = (0..CONDITIONS.len())
                            .map(|c| cell(counts, w, d, m, c).map(|c| c.read(zxing).to_string()))
                            .collect();
                        reads.map_or("·".into(), |r| r.join(" / "))
                    })
                    .collect();
                println!("| {w}x{h} | {d} cm | {} |", cells.join(" | "));
            }
        }
    }
}

fn print_minimums(counts: &Counts, measured_modules: u32, with_zxing: bool) {
    let arms: Vec<String> = ARMS_LENGTH_CM.iter().map(|d| format!("{d}")).collect();
    let far = ARMS_LENGTH_CM.iter().copied().max().unwrap_or(40);
    println!(
        "\nThe code measured is version {} ({measured_modules} modules with its quiet zone). Smallest \
         module of the table read on every frame at {} cm (and every larger one), the width of a \
         version 9 code ({TYPICAL_MODULES} modules) at it, and the smallest pixels per module from \
         which every value measured was read on every frame (the module that gives it at {far} cm). \
         The card's code is {CARD_QR_SIDE_MM} mm: {:.2} mm modules for version 9.",
        (measured_modules - 25) / 4,
        arms.join(" and "),
        CARD_QR_SIDE_MM / f64::from(TYPICAL_MODULES)
    );
    for (reader, zxing) in READERS {
        if zxing && !with_zxing {
            continue;
        }
        for (w, h) in FRAMES {
            for (c, (name, _)) in CONDITIONS.iter().enumerate() {
                let min = match minimum(counts, w, zxing, c) {
                    Some(m) => {
                        let width = m * f64::from(TYPICAL_MODULES);
                        let meets =
                            if width <= CARD_QR_SIDE_MM { "the card meets it" } else { "over the card's" };
                        format!("{m:.1} mm, code {width:.0} mm ({meets})")
                    }
                    None => "none of the table".into(),
                };
                let px = match threshold(counts, w, zxing, c) {
                    Some(px) => {
                        format!("{px:.2} px ({:.2} mm at {far} cm)", px / pixels_per_module(1.0, far, w))
                    }
                    None => "none measured".into(),
                };
                println!("  {reader:<9} {w}x{h} {name:<11}: {min}; every frame from {px}");
            }
        }
    }
}

fn report(outcomes: &[Outcome], measured_modules: u32, with_zxing: bool) {
    let mut counts = Counts::new();
    for o in outcomes {
        counts.entry((o.spec.frame.0, o.spec.px, o.spec.condition)).or_default().add(o);
    }
    print_geometry();
    print_by_px(outcomes, &counts, with_zxing);
    print_cells(&counts, with_zxing);
    print_minimums(&counts, measured_modules, with_zxing);
    let native_wrong: usize = outcomes.iter().map(|o| o.native_wrong).sum();
    let zxing_wrong: usize = outcomes.iter().map(|o| o.zxing_wrong).sum();
    let zx = |n: usize| if with_zxing { n.to_string() } else { "-".into() };
    println!(
        "\nall: {} frames, native {} (wrong payloads {native_wrong}), zxing-cpp {} (wrong payloads {})",
        outcomes.len(),
        outcomes.iter().filter(|o| o.native).count(),
        zx(outcomes.iter().filter(|o| o.zxing == Some(true)).count()),
        zx(zxing_wrong)
    );
    if with_zxing {
        println!("\nread by zxing-cpp, not natively:");
        for o in outcomes.iter().filter(|o| !o.native && o.zxing == Some(true)) {
            println!("  {:<36} {:.2} px", o.name, o.reached);
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut dir, mut python, mut reuse) = (None, None, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--zxing" => python = Some(args.next().ok_or("--zxing needs a Python")?),
            "--reuse" => reuse = true,
            _ if dir.is_none() && !arg.starts_with('-') => dir = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg}")),
        }
    }
    let dir = dir.ok_or("usage: printed_module OUT_DIR [--zxing PYTHON] [--reuse]")?;
    let (text, image) = credential_code(&dir, CREDENTIAL)?;
    let measured_modules = image.width() / SOURCE_MODULE_PX;

    // Pixels per module reached, per frame name, kept beside the frames for `--reuse`.
    let sizes_path = dir.join("sizes.tsv");
    let mut reused: HashMap<String, f64> = HashMap::new();
    if reuse {
        for line in fs::read_to_string(&sizes_path).unwrap_or_default().lines() {
            if let Some((name, size)) = line.split_once('\t') {
                reused.insert(name.to_string(), size.parse().unwrap_or(0.0));
            }
        }
    }
    let specs = specs();
    eprintln!("{} frames", specs.len());
    let mut outcomes = measure(&specs, &image, &text, &dir, &reused)?;
    let sizes: String = outcomes.iter().map(|o| format!("{}\t{:.4}\n", o.name, o.reached)).collect();
    fs::write(&sizes_path, sizes).map_err(|e| format!("write {}: {e}", sizes_path.display()))?;
    if let Some(python) = &python {
        read_with_zxing(python, &dir, &mut outcomes)?;
    }
    report(&outcomes, measured_modules, python.is_some());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("printed_module: {e}");
            ExitCode::FAILURE
        }
    }
}
