//! Small codes at every rotation: the shipped cascade and zxing-cpp on the same camera frames.
//!
//! Renders 1280x720 camera frames (`healthseal-photosim`, severity moderate, fixed seeds) of a
//! real credential (`fixtures/credentials/typical_green.txt`, QR level M as the issuer draws it:
//! version 9, 53 modules) on a phone screen and on a paper card, at 2.5, 3, 3.5 and 4 pixels per
//! module, turned 0 to 345 degrees in steps of 15. Each frame is written into OUT_DIR as a grey
//! PNG (the grey the verifier makes of a colour frame, so both readers see the same pixels) and
//! read with `read_qr_codes`; with `--zxing PYTHON` the same files are read by zxing-cpp through
//! that Python (the `zxing-cpp` package of PyPI, version as pinned in
//! tools/interop/requirements.txt). Prints both counts per pixels per module and per rotation,
//! and every frame either reader missed.
//!
//! Run: `cargo run --release -p healthseal-verifier --example small_codes -- OUT_DIR
//! [--zxing PYTHON] [--reuse] [--seed-offset N]` (`--reuse` reads the frames already in OUT_DIR
//! instead of rendering them again; `--seed-offset` shifts every seed, for frames other than the
//! published ones). docs/qr-reading.md, "Small codes at every rotation", has the figures.
//!
//! How a frame is made. photosim sizes a code by its frame (a phone's code about half the short
//! side) and turns it by a few degrees at most, so both variables are set around it:
//! - **Size**: the condition's scene, as photosim composes it, is rendered in the smaller view
//!   where its code comes out at the size wanted (the side photosim gives the code is measured
//!   in a probe at full size, and the size reached on the placement), and set in the middle of
//!   a full-size photo of a desk with clutter and no code (photosim's `no_code`, same seed). A
//!   wider light margin around the code instead would also make the phone's glare spot, which
//!   photosim sizes and places by the code image, as large as a small code and put it over the
//!   finder patterns.
//! - **Rotation**: the whole frame is turned, as a camera held at that angle sees it (the phone,
//!   its pixel grid and its moire turn with the code). Quarter turns are exact (a portrait frame
//!   turned pixel for pixel); the rest of the angle turns a larger frame by bilinear
//!   interpolation about its centre, cropped to 1280x720 (which softens it by about 0.4 px).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use healthseal_photosim::{Condition, Turn};
use healthseal_verifier::{read_qr_codes, GrayImage};

#[path = "common/frames.rs"]
mod frames;

use frames::{credential_code, staged, zxing, Stage};

/// The final frame.
const FRAME: (u32, u32) = (1280, 720);

/// Pixels per module measured.
const PIXELS_PER_MODULE: [f64; 4] = [2.5, 3.0, 3.5, 4.0];

/// Rotation step in degrees; 0 to 345 (the quarter turns among them, exact).
const ANGLE_STEP: u32 = 15;

/// Seeds per condition and angle; one seed gives the same scene at every size.
const SEEDS_PER_CELL: u64 = 2;

/// The photographed conditions and the first seed of each.
const CONDITIONS: [(Condition, u64); 2] = [(Condition::PhoneScreen, 1), (Condition::Paper, 1001)];

/// The credential shown, relative to the workspace.
const CREDENTIAL: &str = "fixtures/credentials/typical_green.txt";

/// One frame to render and read.
#[derive(Debug, Clone, Copy)]
struct Spec {
    condition: Condition,
    seed: u64,
    module: f64,
    angle: u32,
}

impl Spec {
    fn name(&self) -> String {
        let tenths = (self.module * 10.0).round() as u32;
        format!("{}-{tenths:02}-{:03}-s{}.png", self.condition.name(), self.angle, self.seed)
    }
}

/// What became of one frame.
#[derive(Debug, Clone)]
struct Outcome {
    spec: Spec,
    name: String,
    /// Pixels per module reached, from the placement (before turning).
    measured: f64,
    native: bool,
    native_wrong: usize,
    native_ms: f64,
    zxing: Option<bool>,
    zxing_wrong: usize,
}

/// Every frame, seeds shifted by `offset` (0 for the published figures).
fn specs(offset: u64) -> Vec<Spec> {
    let mut specs = Vec::new();
    for (condition, first_seed) in CONDITIONS {
        for (a, angle) in (0..360).step_by(ANGLE_STEP as usize).enumerate() {
            for k in 0..SEEDS_PER_CELL {
                let seed = offset.wrapping_add(first_seed + a as u64 + 100 * k);
                for module in PIXELS_PER_MODULE {
                    specs.push(Spec { condition, seed, module, angle });
                }
            }
        }
    }
    specs
}

/// Renders one frame: the grey frame and the pixels per module reached (before turning).
fn render(image: &GrayImage, spec: &Spec, stage: &mut Stage) -> Result<(GrayImage, f64), String> {
    let turn = Turn::new(FRAME, spec.angle);
    let (upright, reached) =
        staged(image, spec.condition, spec.seed, spec.module, turn.upright_size(), stage)?;
    Ok((turn.apply(&upright), reached))
}

/// Read / total, native and zxing-cpp, for each key.
#[derive(Default)]
struct Count {
    total: usize,
    native: usize,
    zxing: usize,
}

fn tally<K: Ord>(outcomes: &[Outcome], key: impl Fn(&Outcome) -> K) -> BTreeMap<K, Count> {
    let mut counts: BTreeMap<K, Count> = BTreeMap::new();
    for o in outcomes {
        let c = counts.entry(key(o)).or_default();
        c.total += 1;
        c.native += usize::from(o.native);
        c.zxing += usize::from(o.zxing == Some(true));
    }
    counts
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

fn report(outcomes: &[Outcome], with_zxing: bool) {
    let zx = |n: usize| if with_zxing { n.to_string() } else { "-".into() };
    println!("\n| px/module (reached) | frames | native | zxing-cpp | native ms (median) |");
    println!("|---|---:|---:|---:|---:|");
    for (tenths, c) in tally(outcomes, |o| (o.spec.module * 10.0).round() as u32) {
        let of = |o: &&Outcome| (o.spec.module * 10.0).round() as u32 == tenths;
        let reached = median(outcomes.iter().filter(of).map(|o| o.measured).collect());
        let ms = median(outcomes.iter().filter(of).map(|o| o.native_ms).collect());
        println!(
            "| {:.1} ({reached:.2}) | {} | {} | {} | {ms:.1} |",
            f64::from(tenths) / 10.0,
            c.total,
            c.native,
            zx(c.zxing)
        );
    }
    for condition in CONDITIONS.map(|(c, _)| c) {
        println!(
            "\n{condition}: read per rotation, native / zxing-cpp (of {} frames each)",
            4 * SEEDS_PER_CELL
        );
        let of: Vec<Outcome> = outcomes.iter().filter(|o| o.spec.condition == condition).cloned().collect();
        let cells: Vec<String> = tally(&of, |o| o.spec.angle)
            .into_iter()
            .map(|(angle, c)| format!("{angle}°: {}/{}", c.native, zx(c.zxing)))
            .collect();
        for line in cells.chunks(8) {
            println!("  {}", line.join("  "));
        }
    }
    let native_wrong: usize = outcomes.iter().map(|o| o.native_wrong).sum();
    let zxing_wrong: usize = outcomes.iter().map(|o| o.zxing_wrong).sum();
    let (native, zxing) = (
        outcomes.iter().filter(|o| o.native).count(),
        outcomes.iter().filter(|o| o.zxing == Some(true)).count(),
    );
    println!(
        "\nall: {} frames, native {native} (wrong payloads {native_wrong}), zxing-cpp {} (wrong payloads {})",
        outcomes.len(),
        zx(zxing),
        zx(zxing_wrong)
    );
    println!("\nmissed (native / zxing-cpp):");
    for o in outcomes.iter().filter(|o| !o.native || o.zxing == Some(false)) {
        let mark = |read: bool| if read { "read" } else { "MISS" };
        let z = o.zxing.map_or("-", mark);
        println!("  {:<40} {:.2} px  native {:<4}  zxing-cpp {z}", o.name, o.measured, mark(o.native));
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut dir, mut python, mut reuse, mut offset) = (None, None, false, 0);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--zxing" => python = Some(args.next().ok_or("--zxing needs a Python")?),
            "--reuse" => reuse = true,
            "--seed-offset" => {
                let value = args.next().ok_or("--seed-offset needs a number")?;
                offset = value.parse().map_err(|_| format!("--seed-offset {value}: not a number"))?;
            }
            _ if dir.is_none() && !arg.starts_with('-') => dir = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument {arg}")),
        }
    }
    let dir = dir.ok_or("usage: small_codes OUT_DIR [--zxing PYTHON] [--reuse] [--seed-offset N]")?;
    let (text, image) = credential_code(&dir, CREDENTIAL)?;

    // Pixels per module reached, per frame name, kept beside the frames for `--reuse`.
    let sizes_path = dir.join("sizes.tsv");
    let mut reached: HashMap<String, f64> = HashMap::new();
    if reuse {
        for line in fs::read_to_string(&sizes_path).unwrap_or_default().lines() {
            if let Some((name, size)) = line.split_once('\t') {
                reached.insert(name.to_string(), size.parse().unwrap_or(0.0));
            }
        }
    }
    let mut stage = HashMap::new();
    let mut outcomes = Vec::new();
    let started = Instant::now();
    for spec in specs(offset) {
        let name = spec.name();
        let path = dir.join(&name);
        let existing = if reuse { image::open(&path).ok().zip(reached.get(&name).copied()) } else { None };
        let (frame, measured) = match existing {
            Some((image, measured)) => (image.into_luma8(), measured),
            None => {
                let (frame, measured) = render(&image, &spec, &mut stage)?;
                frame.save(&path).map_err(|e| format!("write {}: {e}", path.display()))?;
                (frame, measured)
            }
        };
        let start = Instant::now();
        let payloads = read_qr_codes(&frame);
        let native_ms = start.elapsed().as_secs_f64() * 1000.0;
        let payloads: Vec<&str> = payloads.iter().map(|p| p.trim()).collect();
        outcomes.push(Outcome {
            spec,
            name,
            measured,
            native: payloads.contains(&text.as_str()),
            native_wrong: payloads.iter().filter(|p| **p != text).count(),
            native_ms,
            zxing: None,
            zxing_wrong: 0,
        });
        if outcomes.len() % 48 == 0 {
            eprintln!("{} frames, {:.0} s", outcomes.len(), started.elapsed().as_secs_f64());
        }
    }
    let sizes: String = outcomes.iter().map(|o| format!("{}\t{:.4}\n", o.name, o.measured)).collect();
    fs::write(&sizes_path, sizes).map_err(|e| format!("write {}: {e}", sizes_path.display()))?;
    if let Some(python) = &python {
        let names: Vec<String> = outcomes.iter().map(|o| o.name.clone()).collect();
        let results = zxing(python, &dir, &names)?;
        for o in &mut outcomes {
            let (read, wrong) =
                results.get(&o.name).copied().ok_or(format!("zxing-cpp skipped {}", o.name))?;
            (o.zxing, o.zxing_wrong) = (Some(read), wrong);
        }
    }
    report(&outcomes, python.is_some());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("small_codes: {e}");
            ExitCode::FAILURE
        }
    }
}
