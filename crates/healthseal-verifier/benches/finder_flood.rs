//! The cost of frames made to be expensive beside normal frames of the same size
//! (tests/support/flood.rs): a page tiled with QR finder patterns of 3 px modules ("finder
//! flood"), the same with patterns of 3, 4 and 5 px modules in turn ("mixed finder flood", which
//! defeats the classic detector's early stop), and vertical stripes with the finder profile
//! across at 1 px a module ("stripe flood": every row full of candidates that are no pattern, and
//! two finder patterns in a corner so that every pass runs: it spends the frame's whole budget);
//! beside a camera-like frame with a credential, and the same kind of frame with no code.
//! `read_qr_codes` only: grey frame to payloads, one core. docs/qr-reading.md records the medians.
//!
//! Run: `cargo bench -p healthseal-verifier --bench finder_flood -- --warm-up-time 1 --measurement-time 5`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use healthseal_verifier::{read_qr_codes, GrayImage};

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "../tests/support/flood.rs"]
mod flood;

use support::{Code, Scene};

/// Pixels a finder-pattern module in the flood: the 3 px of the reported attack image.
const FLOOD_MODULE: u32 = 3;

/// The frame sizes compared, with the credential's pixels per module in each: the 5 px of the
/// scan benchmark, and more for a 12 MP still, where a code held at the same distance is larger.
const SIZES: [(u32, u32, u32); 3] = [(1280, 720, 5), (1920, 1080, 5), (4000, 3000, 12)];

fn bench(c: &mut Criterion) {
    let (_, text) = support::province();
    let mut group = c.benchmark_group("read_qr_codes");
    group.sample_size(20);
    for (width, height, module_px) in SIZES {
        let credential =
            Scene::new(width, height, 7).with(Code::new(&text, (width / 4, height / 5), module_px)).render();
        let no_code = Scene::new(width, height, 100).render();
        let flood = flood::finder_flood(width, height, FLOOD_MODULE);
        let mixed = flood::mixed_finder_flood(width, height, &[3, 4, 5]);
        let stripes = flood::stripe_flood(width, height, 1);
        assert_eq!(read_qr_codes(&credential), std::slice::from_ref(&text), "the credential frame reads");
        assert!(read_qr_codes(&no_code).is_empty());
        let frames: [(&str, &GrayImage); 5] = [
            ("finder flood", &flood),
            ("mixed finder flood", &mixed),
            ("stripe flood", &stripes),
            ("credential", &credential),
            ("no code", &no_code),
        ];
        for (name, frame) in frames {
            group.bench_function(format!("{name} {width}x{height}"), |b| {
                b.iter(|| read_qr_codes(black_box(frame)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
