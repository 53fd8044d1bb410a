//! Camera frame -> verdicts, one core. Targets (docs/qr-reading.md): a decoded 1280x720 grey
//! frame with a credential, median at most 8 ms; 1920x1080, 15 ms; 1280x720 with no code, 8 ms.
//! The frames are camera-like (uneven light, clutter, blur, noise; tests/support), the credential
//! a real signed one at 5 pixels per module.
//!
//! Run: `cargo bench -p healthseal-verifier --bench scan`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use healthseal_verifier::decode_frame;

#[path = "../tests/support/mod.rs"]
mod support;

use support::{Code, Scene};

fn bench(c: &mut Criterion) {
    let (verifier, text) = support::province();
    let now = support::now();
    let hd = support::frame_720p(&text);
    let full_hd = Scene::new(1920, 1080, 9).with(Code::new(&text, (700, 300), 5)).render();
    let no_code = Scene::new(1280, 720, 100).render();
    let full_hd_no_code = Scene::new(1920, 1080, 200).render();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85).encode_image(&hd).unwrap();
    for (frame, codes) in [(&hd, 1), (&full_hd, 1), (&no_code, 0), (&full_hd_no_code, 0)] {
        assert_eq!(verifier.verify_frame(frame, now).len(), codes, "the bench frames read as intended");
    }
    assert_eq!(verifier.verify_image(&jpeg, now).unwrap().len(), 1);

    let mut group = c.benchmark_group("frame_to_verdicts");
    group.bench_function("1280x720", |b| b.iter(|| verifier.verify_frame(black_box(&hd), now)));
    group.bench_function("1920x1080", |b| b.iter(|| verifier.verify_frame(black_box(&full_hd), now)));
    group.bench_function("1280x720_no_code", |b| b.iter(|| verifier.verify_frame(black_box(&no_code), now)));
    group.bench_function("1920x1080_no_code", |b| {
        b.iter(|| verifier.verify_frame(black_box(&full_hd_no_code), now))
    });
    group.finish();

    let mut group = c.benchmark_group("jpeg_to_verdicts");
    group.bench_function("1280x720", |b| b.iter(|| verifier.verify_image(black_box(&jpeg), now).unwrap()));
    group.bench_function("1280x720_decode_only", |b| b.iter(|| decode_frame(black_box(&jpeg)).unwrap()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
