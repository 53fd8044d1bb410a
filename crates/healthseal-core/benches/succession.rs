//! What a root succession costs a checkpoint when it loads a list: a small province list opened
//! from the first root through 0, 1 and 16 (the most allowed) successions. Each record is one
//! more signature check, made when the list is read.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use healthseal_core::{
    IssuingKey, Policy, RegionEntry, RevocationSet, RootSuccession, SigningKey, Status, Succession,
    Timestamp, TrustList, TrustListDraft,
};

fn key(i: u8) -> SigningKey {
    SigningKey::from_seed([i; 32])
}

/// Henan's list, signed by root `steps` after `steps` successions, and the first root.
fn list(steps: u8) -> (Vec<u8>, SigningKey) {
    let t = Timestamp::from_unix(1_795_564_800).unwrap();
    let chain = (1..=steps).fold(Succession::default(), |chain, n| {
        let record = RootSuccession {
            region: "CN-HA".parse().unwrap(),
            number: u64::from(n),
            old_root: key(n).public_key().clone(),
            new_root: key(n + 1).public_key().clone(),
            issued_at: t,
        };
        chain.then(record.sign(&key(n)).unwrap()).unwrap()
    });
    let signer = key(steps + 1);
    let draft = TrustListDraft {
        owner: "CN-HA".parse().unwrap(),
        sequence: 1,
        issued_at: t,
        next_update: Timestamp::from_unix(t.unix() + 86_400).unwrap(),
        regions: vec![RegionEntry {
            region: "CN-HA".parse().unwrap(),
            name: "Henan".into(),
            root: signer.public_key().clone(),
            statement_sequence: 1,
            keys: (0..4).map(|j| IssuingKey::active(key(100 + j).public_key().clone())).collect(),
            revoked: RevocationSet::default(),
            policy: Policy::accepting([Status::Green]),
        }],
        succession: chain,
    };
    (draft.check().unwrap().sign(&signer).unwrap(), key(1))
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("succession_open");
    for steps in [0u8, 1, 16] {
        let (bytes, pin) = list(steps);
        println!("list through {steps} successions: {} bytes", bytes.len());
        assert_eq!(
            TrustList::open(&bytes, pin.public_key()).unwrap().succession().number(),
            u64::from(steps)
        );
        group.bench_function(format!("open_from_first_root_through_{steps}"), |b| {
            b.iter(|| TrustList::open(black_box(&bytes), pin.public_key()).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
