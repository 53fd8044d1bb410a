//! Text -> verified claims, beside a bare `verify_strict` on the same message and signature.
//! Target (credential-format issue): the whole path costs at most 1.3x the bare check.
//!
//! Run: `cargo bench -p healthseal-core --bench verify`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use ed25519_dalek::{Signature, VerifyingKey};
use healthseal_core::{CredentialDraft, CredentialId, Sealed, SigningKey, Status, Timestamp};

fn bench(c: &mut Criterion) {
    let key = SigningKey::from_seed([0x42; 32]);
    let issued = Timestamp::from_unix(1_795_564_800).unwrap();
    let credential = CredentialDraft {
        region: "CN-ZJ".parse().unwrap(),
        issued_at: issued,
        not_before: None,
        expires_at: Timestamp::from_unix(issued.unix() + 72 * 3600).unwrap(),
        id: CredentialId::from_bytes([1, 2, 3, 4, 5, 6, 7, 8]),
        status: Status::Green,
        name: "Maximilian Oberhofer".into(),
        birth_date: "1987-06-15".into(),
        basis: None,
    }
    .check()
    .unwrap();
    let sealed = Sealed::sign(&credential, &key).unwrap();
    let text = sealed.to_text();
    let public = key.public_key().clone();

    // The exact bytes and signature the full path checks.
    let tbs = sealed.message().to_be_signed(&[]);
    let signature = Signature::from_slice(&sealed.message().signature).unwrap();
    let raw = VerifyingKey::from_bytes(public.as_bytes()).unwrap();

    let mut group = c.benchmark_group("verify_credential");
    group.bench_function("bare_verify_strict", |b| {
        b.iter(|| raw.verify_strict(black_box(&tbs), black_box(&signature)).unwrap())
    });
    group.bench_function("text_to_verified_claims", |b| {
        b.iter(|| {
            let sealed = Sealed::from_text(black_box(&text)).unwrap();
            sealed.verify([&public]).unwrap()
        })
    });
    group.bench_function("decode_only", |b| b.iter(|| Sealed::from_text(black_box(&text)).unwrap()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
