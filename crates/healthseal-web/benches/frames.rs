//! Native side of the browser comparison: decode + verify of the 1280x720 frames of
//! `target/e2e-material/bench` through [`Checkpoint::verify_rgba`], the call the app's worker
//! makes in WebAssembly. `crates/healthseal-web/e2e/bench.mjs` runs this and the same frames in
//! Chromium and prints both (docs/checkpoint-app.md, "Measurements").
//!
//! The frames come from `cargo run --release -p healthseal-web --example e2e_material --
//! target/e2e-material`; without them this benchmark says so and measures nothing.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use healthseal_core::Timestamp;
use healthseal_test_support::workspace;
use healthseal_web::Checkpoint;

struct Frame {
    name: String,
    rgba: Vec<u8>,
    width: u32,
    height: u32,
}

fn material() -> PathBuf {
    std::env::var_os("HEALTHSEAL_E2E_MATERIAL")
        .map_or_else(|| workspace::root().join("target/e2e-material"), PathBuf::from)
}

fn load(dir: &Path) -> Option<(Checkpoint, Timestamp, Vec<Frame>)> {
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("cases.json")).ok()?).ok()?;
    let accepted = cases.as_array()?.iter().find(|c| c["name"] == "accepted")?;
    let root = std::fs::read_to_string(dir.join(accepted["root_pub"].as_str()?)).ok()?;
    let list = std::fs::read(dir.join(accepted["list"].as_str()?)).ok()?;
    let now = Timestamp::from_unix(accepted["now_unix"].as_i64()?).ok()?;
    let mut checkpoint = Checkpoint::new(&root).ok()?;
    checkpoint.offer_list(&list, None);
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("bench/index.json")).ok()?).ok()?;
    let frames = index
        .as_array()?
        .iter()
        .filter_map(|entry| {
            let name = entry["file"].as_str()?.to_owned();
            let image = image::open(dir.join("bench").join(&name)).ok()?.into_rgba8();
            let (width, height) = image.dimensions();
            Some(Frame { name, rgba: image.into_raw(), width, height })
        })
        .collect();
    Some((checkpoint, now, frames))
}

fn frames(c: &mut Criterion) {
    let dir = material();
    let Some((checkpoint, now, frames)) = load(&dir) else {
        eprintln!("skipped: no bench frames in {} (run the e2e_material example first)", dir.display());
        return;
    };
    let mut group = c.benchmark_group("frame_1280x720");
    group.sample_size(20);
    let typical = frames.iter().find(|f| f.name == "condition-phone_screen.png");
    if let Some(f) = typical {
        group.bench_function("phone_screen", |b| {
            b.iter(|| checkpoint.verify_rgba(&f.rgba, f.width, f.height, now))
        });
    }
    group.sample_size(10);
    group.bench_function(format!("all_{}_frames", frames.len()), |b| {
        b.iter(|| {
            for f in &frames {
                std::hint::black_box(checkpoint.verify_rgba(&f.rgba, f.width, f.height, now));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
