//! What a root succession costs a checkpoint when it loads a list: the test world's Henan list
//! (two regions, four issuing keys) opened from the first root through 0, 1 and 16 (the most
//! allowed) successions. Each record is one more signature check, made when the list is read.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use healthseal_core::{TrustList, TrustListDraft};
use healthseal_test_support::succession::chain;
use healthseal_test_support::world::{key, World};

fn bench(c: &mut Criterion) {
    let world = World::new();
    let roots: Vec<_> =
        (0..=16).map(|n| if n == 0 { key("ha root") } else { key(&format!("ha root {n}")) }).collect();
    let mut group = c.benchmark_group("succession_open");
    for steps in [0, 1, 16] {
        let draft = TrustListDraft { succession: chain("CN-HA", &roots[..=steps]), ..world.draft() };
        let bytes = draft.check().unwrap().sign(&roots[steps]).unwrap();
        println!("list through {steps} successions: {} bytes", bytes.len());
        let opened = TrustList::open(&bytes, world.ha_root.public_key()).unwrap();
        assert_eq!(opened.succession().number(), steps as u64);
        group.bench_function(format!("open_from_first_root_through_{steps}"), |b| {
            b.iter(|| TrustList::open(black_box(&bytes), world.ha_root.public_key()).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
