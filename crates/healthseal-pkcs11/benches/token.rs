//! What signing in a token costs: an Ed25519 signature over a credential-sized message and a
//! whole credential issued, through SoftHSM2 beside the same work with a key in memory (a key
//! file). Needs Debian's softhsm2; says so and measures nothing without it.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use healthseal_core::{KeyInfo, Role, Signer, SigningKey, Status, Timestamp};
use healthseal_issuer::{IssueRequest, Issuer};
use healthseal_pkcs11::{generate, KeyUri, Module, TokenKey};
use healthseal_test_support::softhsm::{SoftHsm, MODULE};
use rand_chacha::rand_core::SeedableRng;

const PIN: &str = "123456";

fn request() -> IssueRequest {
    IssueRequest {
        name: "Maximilian Oberhofer".into(),
        birth_date: "1987-06-15".into(),
        status: Status::Green,
        valid_for: Duration::from_secs(72 * 3600),
        not_before: None,
        basis: None,
    }
}

fn bench(c: &mut Criterion) {
    let Some(tokens) = SoftHsm::with_tokens(&["bench"], PIN) else { return };
    std::env::set_var("SOFTHSM2_CONF", tokens.conf());
    let module = Module::load(Path::new(MODULE)).unwrap();
    let uri: KeyUri = "pkcs11:token=bench;object=issuer".parse().unwrap();
    let info =
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
    generate(&module, &uri, PIN, &info).unwrap();
    let (_, token_key) = TokenKey::open(&module, &uri, PIN).unwrap();
    let file_key = SigningKey::from_seed([7; 32]);
    // A credential's Sig_structure is about 170 bytes.
    let message = [0x5a; 170];

    let mut group = c.benchmark_group("sign");
    group.throughput(Throughput::Elements(1));
    group.bench_function("key_file", |b| b.iter(|| Signer::sign(&file_key, &message).unwrap()));
    group.bench_function("softhsm", |b| b.iter(|| token_key.sign(&message).unwrap()));
    group.finish();

    let now = Timestamp::from_unix(1_795_564_800).unwrap();
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let file_issuer = Issuer::new(file_key, &info, None).unwrap();
    let token_issuer = Issuer::new(token_key, &info, None).unwrap();
    let mut group = c.benchmark_group("issue_text");
    group.throughput(Throughput::Elements(1));
    group.bench_function("key_file", |b| {
        b.iter(|| file_issuer.issue(request(), now, &mut rng).unwrap().into_text())
    });
    group.bench_function("softhsm", |b| {
        b.iter(|| token_issuer.issue(request(), now, &mut rng).unwrap().into_text())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
