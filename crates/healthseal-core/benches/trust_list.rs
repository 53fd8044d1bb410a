//! A national-scale trust list: 1,000 regions with 4 issuing keys each and 1,000,000 revoked
//! credential ids. Targets (trust-list issue): file at most 12 MB, load-and-check-signature at
//! most 300 ms, and the decision for one credential no slower than 1.3x a bare signature check.
//!
//! Run: `cargo bench -p healthseal-core --bench trust_list`. The file size is printed first.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use ed25519_dalek::{Signature, VerifyingKey};
use healthseal_core::*;

const REGIONS: usize = 1_000;
const KEYS_PER_REGION: usize = 4;
const REVOKED: u64 = 1_000_000;

fn seed(i: usize, j: usize) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&(i as u64).to_le_bytes());
    s[8..16].copy_from_slice(&(j as u64).to_le_bytes());
    s[31] = 0x5a;
    s
}

/// Region codes AA-1 … : 1,000 distinct ISO 3166-2-shaped codes.
fn code(i: usize) -> String {
    let a = (b'A' + (i / 26 % 26) as u8) as char;
    let b = (b'A' + (i % 26) as u8) as char;
    format!("{a}{b}-{}", i / 676 + 1)
}

fn bench(c: &mut Criterion) {
    let t = Timestamp::from_unix(1_795_564_800).unwrap();
    let root = SigningKey::from_seed([0xaa; 32]);
    // Revocations spread over all regions, as ids are random: 1,000 per region.
    let per_region = REVOKED / REGIONS as u64;
    let regions: Vec<RegionEntry> = (0..REGIONS)
        .map(|i| RegionEntry {
            region: code(i).parse().unwrap(),
            name: format!("Region {i}"),
            root: SigningKey::from_seed(seed(i, 99)).public_key().clone(),
            statement_sequence: 1,
            keys: (0..KEYS_PER_REGION)
                .map(|j| IssuingKey::active(SigningKey::from_seed(seed(i, j)).public_key().clone()))
                .collect(),
            revoked: RevocationSet::from_ids((0..per_region).map(|k| {
                let mut id = [0u8; 8];
                id[..4].copy_from_slice(&(k as u32).wrapping_mul(2_654_435_761).to_be_bytes());
                id[4..].copy_from_slice(&(i as u32).to_be_bytes());
                CredentialId::from_bytes(id)
            })),
            policy: Policy {
                max_age: Some(Duration::from_secs(48 * 3600)),
                ..Policy::accepting([Status::Green, Status::Yellow])
            },
        })
        .collect();
    let total: usize = regions.iter().map(|r| r.revoked.len()).sum();
    assert_eq!(total as u64, REVOKED);
    let list = TrustListDraft {
        owner: code(0).parse().unwrap(),
        sequence: 1,
        issued_at: t,
        next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(),
        regions,
        succession: Default::default(),
    }
    .check()
    .unwrap();
    let bytes = list.sign(&root).unwrap();
    println!(
        "trust list: {REGIONS} regions x {KEYS_PER_REGION} keys, {REVOKED} revoked ids: {} bytes ({:.2} MB)",
        bytes.len(),
        bytes.len() as f64 / 1e6
    );
    assert!(bytes.len() <= 12_000_000, "the list must stay at most 12 MB");

    // A credential from a region in the middle of the list, signed by its third key.
    let (ri, kj) = (REGIONS / 2, 2);
    let issuer = SigningKey::from_seed(seed(ri, kj));
    let credential = CredentialDraft {
        region: code(ri).parse().unwrap(),
        issued_at: t,
        not_before: None,
        expires_at: Timestamp::from_unix(t.unix() + 72 * 3600).unwrap(),
        id: CredentialId::from_bytes([0x42; 8]),
        status: Status::Green,
        name: "Maximilian Oberhofer".into(),
        birth_date: "1987-06-15".into(),
        basis: None,
    }
    .check()
    .unwrap();
    let sealed = Sealed::sign(&credential, &issuer).unwrap();
    let text = sealed.to_text();
    let opened = TrustList::open(&bytes, root.public_key()).unwrap();
    let options = DecisionOptions::default();
    let now = Timestamp::from_unix(t.unix() + 3600).unwrap();
    assert!(matches!(decide(&text, &opened, now, &options), Verdict::Accepted(_)));

    let mut load = c.benchmark_group("trust_list_load");
    load.sample_size(20).measurement_time(Duration::from_secs(15));
    load.bench_function("open_and_check_signature_1000x4_1M_revoked", |b| {
        b.iter(|| TrustList::open(black_box(&bytes), root.public_key()).unwrap())
    });
    load.finish();

    let tbs = sealed.message().to_be_signed(&[]);
    let signature = Signature::from_slice(&sealed.message().signature).unwrap();
    let raw = VerifyingKey::from_bytes(issuer.public_key().as_bytes()).unwrap();
    let mut decision = c.benchmark_group("decision_at_scale");
    decision.bench_function("bare_verify_strict", |b| {
        b.iter(|| raw.verify_strict(black_box(&tbs), black_box(&signature)).unwrap())
    });
    decision.bench_function("decide_against_1000x4_1M_revoked", |b| {
        b.iter(|| decide(black_box(&text), &opened, now, &options))
    });
    decision.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
